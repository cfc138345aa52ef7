"""Notifications: the events that need someone reach them in the app (the bell) and, batched, by e-mail."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.followup.conftest import make_task
from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.accounts.models import User
from tuyengiao.followup import services as followup_services
from tuyengiao.followup.models import Task
from tuyengiao.reports import notifications, services
from tuyengiao.reports.models import Notification


def _unread(user: User) -> int:
    return User.objects.get(pk=user.pk).unread_notifications


def _kinds(user: User) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def submitted(personas, form):  # noqa: F811
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    report = services.save_values(report, {"ht-buoi": "2"}, {}, personas.commune1, expected_revision=report.revision)
    return services.submit(report, personas.commune1)


def test_a_submission_tells_who_accepts_it_and_not_the_unit_that_sent_it(personas, submitted):
    assert _kinds(personas.leader) == [Notification.Kind.SUBMITTED]
    notice = Notification.objects.get(user=personas.leader)
    assert "đã gửi báo cáo" in notice.text and "Tháng 8 năm 2025" in notice.text
    assert notice.url == f"/bao-cao/nhap/{personas.commune_unit1.pk}/{submitted.form.code}/2025M08/"
    assert _unread(personas.leader) == 1
    assert not Notification.objects.filter(user=personas.commune1).exists()
    assert not Notification.objects.filter(user=personas.outsider).exists()  # another province


def test_a_return_tells_the_unit_why_and_an_acceptance_tells_it_too(personas, submitted):
    report = services.return_report(submitted, personas.leader, "Số buổi chưa khớp kế hoạch")
    notice = Notification.objects.get(user=personas.commune1)
    assert notice.kind == Notification.Kind.RETURNED and "Số buổi chưa khớp kế hoạch" in notice.text
    report = services.submit(report, personas.commune1)
    services.accept(report, personas.leader)
    assert _kinds(personas.commune1) == [Notification.Kind.RETURNED, Notification.Kind.ACCEPTED]
    assert not Notification.objects.filter(user=personas.commune2).exists()  # another commune's writer
    assert _unread(personas.commune1) == 2
    assert _kinds(personas.leader) == [Notification.Kind.SUBMITTED, Notification.Kind.SUBMITTED]


def test_a_refused_step_leaves_no_notification(personas, submitted):
    with pytest.raises(services.WorkflowError):
        services.return_report(submitted, personas.leader, "   ")
    with pytest.raises(services.WorkflowError):
        services.accept(submitted, personas.commune1)
    assert not Notification.objects.filter(user=personas.commune1).exists()


def test_the_bell_shows_the_unread_count_without_a_query_of_its_own(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = personas.client(personas.leader)
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        html = client.get("/").content.decode()
    assert 'data-testid="bell-count"' not in html
    notifications.notify([personas.leader], Notification.Kind.REMINDER, "Nhắc", "/bao-cao/")
    with CaptureQueriesContext(connection) as after:
        html = client.get("/").content.decode()
    assert 'data-testid="bell-count">1' in html
    # The count is a column of the user row every request reads: the page costs what it cost before.
    assert len(after) == len(before)


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(personas, submitted):
    client = personas.client(personas.leader)
    page = client.get("/thong-bao/")
    assert page.status_code == 200
    notice = Notification.objects.get(user=personas.leader)
    assert f'action="/thong-bao/{notice.pk}/mo/"' in page.content.decode()
    assert Notification.objects.get(pk=notice.pk).read_at is None  # reading the list changes nothing
    response = client.post(f"/thong-bao/{notice.pk}/mo/")
    assert response.status_code == 302 and response["Location"] == notice.url
    assert Notification.objects.get(pk=notice.pk).read_at is not None and _unread(personas.leader) == 0
    assert 'data-testid="bell-count"' not in client.get("/").content.decode()


def test_a_notification_cannot_be_opened_by_someone_else_nor_by_a_get(personas, submitted):
    notice = Notification.objects.get(user=personas.leader)
    assert personas.client(personas.commune1).post(f"/thong-bao/{notice.pk}/mo/").status_code == 404
    assert personas.client(personas.leader).get(f"/thong-bao/{notice.pk}/mo/").status_code == 405
    assert Notification.objects.get(pk=notice.pk).read_at is None


def test_a_notification_never_sends_the_reader_off_the_site(personas):
    notifications.notify([personas.commune1], Notification.Kind.REMINDER, "Lạ", "https://evil.example/")
    notifications.notify([personas.commune1], Notification.Kind.REMINDER, "Lạ", "//evil.example/x")
    client = personas.client(personas.commune1)
    for notice in Notification.objects.filter(user=personas.commune1):
        assert client.post(f"/thong-bao/{notice.pk}/mo/")["Location"] == "/thong-bao/"


def test_all_read_at_once(personas):
    for n in range(3):
        notifications.notify([personas.commune1], Notification.Kind.REMINDER, f"Nhắc {n}", "/bao-cao/")
    client = personas.client(personas.commune1)
    response = client.post("/thong-bao/da-doc/", follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert _unread(personas.commune1) == 0
    assert not Notification.objects.filter(user=personas.commune1, read_at__isnull=True).exists()


def test_a_new_task_tells_the_owner_units_writers(personas):
    task = Task(
        issuer=personas.commission,
        owner=personas.commune_unit1,
        title="Tổ chức học tập chuyên đề năm 2026",
        assigned_on=timezone.localdate(),
        created_by=personas.specialist,
    )
    followup_services.save_task(task)
    notice = Notification.objects.get(user=personas.commune1)
    assert notice.kind == Notification.Kind.TASK_ASSIGNED and "Tổ chức học tập chuyên đề" in notice.text
    assert notice.url == reverse("followup:detail", args=[task.pk])
    task.title = "Tổ chức học tập chuyên đề năm 2026 (sửa)"
    followup_services.save_task(task, expected_revision=task.revision)  # a correction is not a new assignment
    assert Notification.objects.filter(user=personas.commune1).count() == 1
    assert not Notification.objects.filter(user=personas.specialist).exists()  # who assigned it


# --- E-mail ----------------------------------------------------------------------------------------------------


@pytest.fixture
def with_addresses(personas):
    User.objects.filter(pk__in=[personas.commune1.pk, personas.leader.pk]).update(email="nhan@example.vn")
    personas.commune1.refresh_from_db()
    personas.leader.refresh_from_db()
    return personas


def test_notifications_are_mailed_in_one_digest_once_the_batch_time_has_passed(with_addresses, settings):
    personas = with_addresses
    settings.TG_MAIL_BATCH_MINUTES = 15
    settings.TG_SITE_URL = "https://tuyengiao.daklak.vn"
    notifications.notify([personas.commune1], Notification.Kind.RETURNED, "Báo cáo tháng 8 bị trả lại", "/bao-cao/")
    notifications.notify([personas.commune1], Notification.Kind.TASK_ASSIGNED, "Nhiệm vụ mới", "/nhiem-vu/")
    now = timezone.now()
    assert notifications.send_digests(now + dt.timedelta(minutes=5)) == 0 and not mail.outbox
    assert notifications.send_digests(now + dt.timedelta(minutes=16)) == 1
    (message,) = mail.outbox
    assert message.to == ["nhan@example.vn"] and message.subject == "Tuyên giáo số: 2 thông báo mới"
    assert "Báo cáo tháng 8 bị trả lại" in message.body and "Nhiệm vụ mới" in message.body
    assert "https://tuyengiao.daklak.vn/bao-cao/" in message.body
    assert notifications.send_digests(now + dt.timedelta(minutes=60)) == 0  # never twice
    assert len(mail.outbox) == 1


def test_who_turned_digests_off_or_has_no_address_gets_no_mail(with_addresses):
    personas = with_addresses
    client = personas.client(personas.commune1)
    response = client.post("/thong-bao/thu-dien-tu/", {"nhan_thu": "0"}, follow=True)
    assert "Đã tắt thư tóm tắt thông báo." in response.content.decode()
    assert not User.objects.get(pk=personas.commune1.pk).email_notifications
    notifications.notify([personas.commune1, personas.commune2], Notification.Kind.ACCEPTED, "Đã tiếp nhận", "/")
    assert notifications.send_digests(timezone.now() + dt.timedelta(hours=1)) == 0 and not mail.outbox
    assert not Notification.objects.filter(mail_handled_at__isnull=True).exists()  # dealt with, not retried
    client.post("/thong-bao/thu-dien-tu/", {"nhan_thu": "1"})
    assert User.objects.get(pk=personas.commune1.pk).email_notifications


def test_a_mail_server_that_fails_loses_no_digest(with_addresses):
    personas = with_addresses
    notifications.notify([personas.commune1], Notification.Kind.RETURNED, "Trả lại", "/bao-cao/")
    later = timezone.now() + dt.timedelta(hours=1)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("SMTP down")):
        assert notifications.send_digests(later) == 0
    assert Notification.objects.filter(mail_handled_at__isnull=True).count() == 1  # waits for the next run
    assert notifications.send_digests(later) == 1 and len(mail.outbox) == 1


def test_a_reminder_is_mailed_at_once_and_not_again_in_a_digest(with_addresses, form):  # noqa: F811
    personas = with_addresses
    data = services.completeness(form, personas.province, PERIOD)
    notified, mailed = services.remind(data, personas.leader, "/bao-cao/")
    assert notified >= 1 and mailed == 1  # commune1 has an address; the other writers have none
    assert Notification.objects.filter(user=personas.commune1, kind=Notification.Kind.REMINDER).exists()
    assert notifications.send_digests(timezone.now() + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_the_command_sends_what_is_due(with_addresses, settings):
    settings.TG_MAIL_BATCH_MINUTES = 0
    notifications.notify([with_addresses.commune1], Notification.Kind.REMINDER, "Nhắc", "/")
    call_command("send_notifications")
    assert len(mail.outbox) == 1


def test_no_notifications_yet_says_what_will_appear(personas):
    html = personas.client(personas.viewer).get("/thong-bao/").content.decode()
    assert 'data-testid="no-notices"' in html and "biểu tượng chuông" in html


def test_an_existing_task_given_to_another_owner_tells_the_new_owner(personas):
    task = make_task(personas.commission, personas.commune_unit2, "Rà soát tủ sách pháp luật")
    task.owner = personas.commune_unit1
    followup_services.save_task(task, expected_revision=task.revision)
    assert Notification.objects.filter(user=personas.commune1, kind=Notification.Kind.TASK_ASSIGNED).exists()


def _meeting_lists(personas, deadline: str) -> dict:
    return {
        "chairs": [{"name": "", "position": "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"}],
        "bridge_points": [{"unit": personas.commune_unit1.pk, "venue": "Hội trường phường", "leader": "Bí thư"}],
        "tasks": [
            {"title": "Kiện toàn đội ngũ báo cáo viên", "owner": personas.commune_unit1.pk, "deadline": deadline}
        ],
    }


def test_a_meeting_ahead_invites_its_bridge_points_and_tells_task_owners_once(personas):
    from tests.meetings.test_meetings import editor_data
    from tuyengiao.meetings.models import Meeting

    day = timezone.localdate() + dt.timedelta(days=10)
    data = editor_data(personas, **_meeting_lists(personas, f"{day + dt.timedelta(days=60):%d/%m/%Y}"))
    data["day"] = f"{day:%d/%m/%Y}"
    client = personas.client(personas.specialist)
    assert client.post(reverse("meetings:create"), data).status_code == 302
    meeting = Meeting.objects.latest("pk")
    assert sorted(_kinds(personas.commune1)) == [Notification.Kind.MEETING, Notification.Kind.TASK_ASSIGNED]
    invitation = Notification.objects.get(user=personas.commune1, kind=Notification.Kind.MEETING)
    assert "Hội trường phường" in invitation.text and f"{day:%d/%m/%Y}" in invitation.text
    assert invitation.url == reverse("meetings:detail", args=[meeting.pk])
    assert not Notification.objects.filter(user=personas.commune2).exists()
    again = editor_data(personas)  # the meeting's fields only: its rows stay as they are
    again.update({"day": data["day"], "revision": str(meeting.revision), "title": "Hội nghị (sửa tên)"})
    assert client.post(reverse("meetings:edit", args=[meeting.pk]), again).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).title == "Hội nghị (sửa tên)"
    assert Notification.objects.filter(user=personas.commune1).count() == 2  # saving again invites nobody twice


def test_recording_a_past_meeting_tells_nobody(personas):
    from tests.meetings.test_meetings import editor_data

    data = editor_data(personas, **_meeting_lists(personas, "30/06/2026"))  # held on 08/01/2026, deadline passed
    assert personas.client(personas.specialist).post(reverse("meetings:create"), data).status_code == 302
    assert not Notification.objects.filter(user=personas.commune1).exists()
