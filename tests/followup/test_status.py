"""A task's status on a date: the pure rule and the SQL annotation give the same answer on the same cases."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.followup.conftest import make_task
from tuyengiao.followup.models import Task, TaskUpdate
from tuyengiao.followup.status import State, on_time, status_on

D = dt.date
DAY = D(2025, 6, 15)

# (deadline, done_on, stored status, update dates, expected on DAY)
CASES = [
    (D(2025, 6, 30), D(2025, 6, 1), "done", [], State.DONE),
    (D(2025, 6, 30), DAY, "done", [], State.DONE),  # done that very day
    (D(2025, 6, 1), D(2025, 6, 10), "done", [], State.DONE),  # done late, but done by DAY
    (D(2025, 6, 1), D(2025, 6, 20), "done", [], State.OVERDUE),  # done after DAY: overdue on DAY
    (D(2025, 6, 14), None, "not_started", [], State.OVERDUE),
    (D(2025, 6, 14), None, "in_progress", [D(2025, 6, 1)], State.OVERDUE),  # late wins over started
    (DAY, None, "not_started", [], State.NOT_STARTED),  # the deadline day is still on time
    (D(2025, 7, 1), None, "not_started", [D(2025, 6, 14)], State.IN_PROGRESS),
    (D(2025, 7, 1), None, "not_started", [DAY], State.IN_PROGRESS),
    (D(2025, 7, 1), None, "not_started", [D(2025, 6, 16)], State.NOT_STARTED),  # update after DAY
    (D(2025, 7, 1), None, "in_progress", [], State.IN_PROGRESS),  # marked started without an update
    (D(2025, 7, 1), D(2025, 6, 20), "done", [D(2025, 6, 2)], State.IN_PROGRESS),
    (D(2025, 7, 1), D(2025, 6, 20), "done", [], State.NOT_STARTED),
    (None, None, "not_started", [], State.NOT_STARTED),  # no deadline: never overdue
    (None, D(2025, 8, 1), "done", [D(2025, 5, 1)], State.IN_PROGRESS),
]


@pytest.mark.parametrize(("deadline", "done_on", "stored", "updates", "expected"), CASES)
def test_the_pure_rule_gives_the_expected_status(deadline, done_on, stored, updates, expected):
    first = min(updates, default=None)
    assert status_on(DAY, deadline=deadline, done_on=done_on, stored=stored, first_update_on=first) == expected


def test_the_sql_annotation_agrees_with_the_pure_rule_on_every_case(personas):
    tasks = {}
    for index, (deadline, done_on, stored, updates, expected) in enumerate(CASES):
        task = make_task(
            personas.commission,
            personas.commune_unit1,
            f"case {index}",
            deadline=deadline,
            done_on=done_on,
            status=stored,
        )
        for day in updates:
            TaskUpdate.objects.create(task=task, date=day, text="tiến độ")
        tasks[task.pk] = (deadline, done_on, stored, updates, expected)
    annotated = dict(Task.objects.filter(pk__in=tasks).with_status_on(DAY).values_list("pk", "state"))
    for pk, (deadline, done_on, stored, updates, expected) in tasks.items():
        pure = status_on(
            DAY, deadline=deadline, done_on=done_on, stored=stored, first_update_on=min(updates, default=None)
        )
        assert annotated[pk] == pure == expected


@pytest.mark.parametrize("day", [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2), D(2025, 6, 20), D(2025, 12, 31)])
def test_sql_and_pure_agree_on_any_date(personas, day):
    task = make_task(personas.commission, personas.commune_unit1, deadline=D(2025, 6, 1), done_on=D(2025, 6, 20))
    TaskUpdate.objects.create(task=task, date=D(2025, 5, 31), text="bắt đầu")
    sql = Task.objects.with_status_on(day).get(pk=task.pk).state
    assert sql == status_on(
        day, deadline=task.deadline, done_on=task.done_on, stored=task.status, first_update_on=D(2025, 5, 31)
    )


def test_on_time_compares_the_completion_date_with_the_deadline():
    assert on_time(D(2025, 6, 30), D(2025, 6, 30)) is True
    assert on_time(D(2025, 6, 30), D(2025, 7, 1)) is False
    assert on_time(None, D(2025, 7, 1)) is True
    assert on_time(D(2025, 6, 30), None) is None
