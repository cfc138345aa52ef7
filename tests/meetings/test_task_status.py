"""The meeting page shows each task's status on the day shown, by the task board's rule: a task of a 2023 meeting
due 31/12/2023 and not done is "Quá hạn" today, on the meeting page as on the board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.meetings.test_paper_dates import meeting_on
from tuyengiao.followup.models import Task, TaskUpdate
from tuyengiao.followup.status import State, status_on
from tuyengiao.meetings.models import Meeting

pytestmark = pytest.mark.django_db

D = dt.date


def task(meeting: Meeting, number: int, title: str, deadline: dt.date, **fields: Any) -> Task:
    if fields.get("done_on"):
        fields["status"] = Task.Status.DONE
    return Task.objects.create(
        title=title,
        issuer=meeting.organiser,
        owner=meeting.organiser,
        assigned_on=meeting.date,
        deadline=deadline,
        meeting=meeting,
        number=number,
        **fields,
    )


def states_on_page(page: Any) -> dict[str, str]:
    """Task title → the status label shown next to it."""
    return {t.title: state.label for t, _words, _owner, state in page.context["tasks"]}


def test_a_task_due_31_12_2023_and_not_done_is_overdue_on_the_meeting_page_as_on_the_board(personas: Any) -> None:
    meeting = meeting_on(personas.commission, D(2023, 12, 5))
    late = task(meeting, 1, "Tổng kết Nghị quyết", D(2023, 12, 31))
    task(meeting, 2, "Sơ kết chuyên đề", D(2023, 12, 31), done_on=D(2023, 12, 20))
    started = task(meeting, 3, "Kiện toàn đội ngũ", timezone.localdate() + dt.timedelta(days=30))
    TaskUpdate.objects.create(task=started, date=D(2024, 1, 5), text="Đã rà soát")
    task(meeting, 4, "Xây dựng kế hoạch năm sau", timezone.localdate() + dt.timedelta(days=30))
    client = personas.client(personas.specialist)
    page = client.get(meeting.get_absolute_url())
    assert states_on_page(page) == {
        "Tổng kết Nghị quyết": "Quá hạn",
        "Sơ kết chuyên đề": "Đã hoàn thành",
        "Kiện toàn đội ngũ": "Đang thực hiện",
        "Xây dựng kế hoạch năm sau": "Chưa thực hiện",
    }
    html = page.content.decode()
    assert f"Tình trạng nhiệm vụ tính đến ngày {timezone.localdate():%d/%m/%Y}." in html
    assert '<span class="badge text-bg-danger" data-testid="task-state">Quá hạn</span>' in html
    # the same rule as the board: the pure function and the board's column
    today = timezone.localdate()
    assert status_on(today, deadline=late.deadline, done_on=None, stored=late.status) == State.OVERDUE
    board = client.get(reverse("followup:list"), {"don_vi": personas.commission.pk})
    columns = {c.state: [t.pk for t in c.tasks] for c in board.context["columns"]}
    assert late.pk in columns[State.OVERDUE]


def test_the_meeting_page_counts_the_same_queries_for_one_task_or_six(
    personas: Any, django_assert_max_num_queries: Any
) -> None:
    client = personas.client(personas.specialist)
    one = meeting_on(personas.commission, D(2023, 12, 5))
    task(one, 1, "Nhiệm vụ 1", D(2023, 12, 31))
    client.get(one.get_absolute_url())  # warm the session and the caches
    with CaptureQueriesContext(connection) as single:
        assert client.get(one.get_absolute_url()).status_code == 200
    six = meeting_on(personas.commission, D(2023, 12, 6))
    for number in range(1, 7):
        task(six, number, f"Nhiệm vụ {number}", D(2023, 12, 31), **({"done_on": D(2023, 12, 9)} if number % 2 else {}))
    with django_assert_max_num_queries(len(single)):
        page = client.get(six.get_absolute_url())
    assert sorted(states_on_page(page).values()) == ["Quá hạn"] * 3 + ["Đã hoàn thành"] * 3
