"""Deadline reminders: 7 and 1 days before, once when late then weekly, never twice; notifications and e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from tests.followup.conftest import make_task
from tuyengiao.followup.models import TaskReminder
from tuyengiao.followup.reminders import reminder_key, send_due
from tuyengiao.followup.tasks import send_task_reminders_task
from tuyengiao.reports.models import Notification

D = dt.date
DEADLINE = D(2025, 10, 31)


@pytest.mark.parametrize(
    ("today", "key"),
    [
        (D(2025, 10, 23), None),
        (D(2025, 10, 24), "before:7"),
        (D(2025, 10, 29), "before:7"),
        (D(2025, 10, 30), "before:1"),
        (DEADLINE, "before:1"),
        (D(2025, 11, 1), "after:0"),
        (D(2025, 11, 7), "after:0"),
        (D(2025, 11, 8), "after:1"),
        (D(2025, 11, 15), "after:2"),
    ],
)
def test_which_reminder_is_due_on_a_day(today, key):
    assert reminder_key(DEADLINE, today) == key


@pytest.fixture
def task(personas):
    personas.commune2.email = "xa2@example.org"
    personas.commune2.save()
    return make_task(personas.commission, personas.commune_unit2, "Báo cáo quý III", deadline=DEADLINE)


def test_a_reminder_is_sent_once_however_often_the_job_runs(personas, task):
    first = send_due(D(2025, 10, 24))
    assert (first.reminders, first.notifications, first.emails) == (1, 1, 1)
    assert send_due(D(2025, 10, 24)).reminders == 0
    assert send_due(D(2025, 10, 26)).reminders == 0  # the same "7 days" window
    assert send_due(D(2025, 10, 30)).reminders == 1  # "1 day"
    assert Notification.objects.filter(user=personas.commune2).count() == 2
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["xa2@example.org"]
    assert "Còn 7 ngày đến hạn (31/10/2025)" in mail.outbox[0].body
    assert sorted(TaskReminder.objects.values_list("key", flat=True)) == ["before:1", "before:7"]


def test_late_tasks_are_reminded_once_then_weekly_and_the_issuer_hears_the_first_time(personas, task):
    send_due(D(2025, 11, 1))
    assert Notification.objects.filter(user=personas.specialist).count() == 1  # the issuer's writer
    for day in range(2, 8):
        send_due(D(2025, 11, day))
    assert TaskReminder.objects.count() == 1
    send_due(D(2025, 11, 8))
    assert list(TaskReminder.objects.order_by("key").values_list("key", flat=True)) == ["after:0", "after:1"]
    assert Notification.objects.filter(user=personas.commune2).count() == 2
    assert Notification.objects.filter(user=personas.specialist).count() == 1


def test_done_tasks_get_no_reminders_and_inherited_ones_reach_the_successor(personas, task, hoa_khanh):
    task.status, task.done_on = "done", D(2025, 10, 20)
    task.save()
    make_task(personas.commission, hoa_khanh, "Của xã cũ", deadline=DEADLINE)
    outcome = send_due(D(2025, 10, 30))
    assert outcome.reminders == 1 and TaskReminder.objects.get().task.owner == hoa_khanh
    assert Notification.objects.filter(user=personas.commune2, text__contains="Của xã cũ").exists()


def test_the_command_and_the_background_task_run_the_same_job(personas, task, capsys):
    call_command("send_task_reminders", "--date", "2025-10-24")
    assert "Đã gửi 1 lần nhắc" in capsys.readouterr().out
    result = send_task_reminders_task.enqueue("2025-10-30")
    assert result.return_value == {"reminders": 1, "notifications": 1, "emails": 1}
    call_command("send_task_reminders", "--date", "2025-10-30")
    assert "Đã gửi 0 lần nhắc" in capsys.readouterr().out
