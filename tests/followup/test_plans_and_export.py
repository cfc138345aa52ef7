"""Plans → tasks on a document's page; the task shows its source; the follow-up view as XLSX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.followup.conftest import make_task
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Document
from tuyengiao.followup.models import Task

D = dt.date


@pytest.fixture
def plan(personas) -> Document:
    ensure_documents()
    return Document.objects.get(code="45-KH/BTGDVTU")


def test_the_issuer_gives_a_plans_tasks_on_the_documents_page(personas, plan):
    client = personas.client(personas.specialist)
    url = reverse("followup:document_tasks", args=[plan.pk])
    response = client.post(
        url,
        {
            "title": "Tổ chức học tập chuyên đề năm 2025",
            "owner": personas.commune_unit1.pk,
            "partners": [personas.commune_unit2.pk],
            "assigned_on": "20/08/2025",
            "deadline": "31/12/2025",
        },
        follow=True,
    )
    assert "Đã giao nhiệm vụ cho Đảng ủy phường Buôn Ma Thuột." in response.content.decode()
    task = Task.objects.get(document=plan)
    assert (task.issuer, task.owner, task.deadline) == (personas.commission, personas.commune_unit1, D(2025, 12, 31))
    assert list(task.partners.all()) == [personas.commune_unit2]
    detail = personas.client(personas.commune1).get(task.get_absolute_url()).content.decode()
    assert reverse("documents:detail", args=[plan.pk]) in detail and "45-KH/BTGDVTU" in detail
    assert reverse("followup:document_tasks", args=[plan.pk]) in client.get(plan.get_absolute_url()).content.decode()


def test_a_deadline_before_the_assignment_is_refused(personas, plan):
    client = personas.client(personas.specialist)
    html = client.post(
        reverse("followup:document_tasks", args=[plan.pk]),
        {"title": "x", "owner": personas.commune_unit1.pk, "assigned_on": "20/08/2025", "deadline": "01/08/2025"},
    ).content.decode()
    assert "Thời hạn không thể trước ngày giao." in html
    assert not Task.objects.exists()


def test_a_commune_reads_the_plans_tasks_but_cannot_give_any(personas, plan):
    client = personas.client(personas.commune1)
    url = reverse("followup:document_tasks", args=[plan.pk])
    assert client.get(url).status_code == 200
    assert 'data-testid="task-create"' not in client.get(url).content.decode()
    assert client.post(url, {"title": "x"}).status_code == 404


def test_a_task_from_an_inspection_and_from_a_meeting_show_their_source(personas):
    from tuyengiao.meetings.models import Meeting

    meeting = Meeting.objects.create(
        organiser=personas.commission,
        kind=Meeting.Kind.ANNUAL_REVIEW,
        title="Hội nghị tổng kết công tác tuyên giáo năm 2025",
        starts_at=dt.datetime(2026, 1, 10, 8, tzinfo=dt.UTC),
    )
    task = make_task(personas.commission, personas.commune_unit1, "Một là", meeting=meeting, number=1)
    html = personas.client(personas.commune1).get(task.get_absolute_url()).content.decode()
    assert "Kết luận hội nghị" in html and meeting.title in html and "nhiệm vụ thứ 1" in html


def test_the_follow_up_view_exports_the_same_counts_to_xlsx(personas):
    make_task(personas.commission, personas.commune_unit1, "Xong", deadline=D(2025, 3, 1), done_on=D(2025, 2, 1))
    make_task(personas.commission, personas.commune_unit1, "Trễ", deadline=D(2025, 3, 1))
    make_task(personas.commission, personas.commune_unit2, "Chưa đến hạn", deadline=D(2099, 3, 1))
    client = personas.client(personas.specialist)
    page = client.get(reverse("followup:follow_up"), {"ngay": "01/06/2025"})
    rows = {row.name: row for row in page.context["data"].rows}
    assert (rows["Đảng ủy phường Buôn Ma Thuột"].done, rows["Đảng ủy phường Buôn Ma Thuột"].overdue) == (1, 1)
    response = client.get(reverse("followup:follow_up_xlsx"), {"ngay": "01/06/2025"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert "Tính đến ngày 01/06/2025" in sheet["A2"].value
    table = {r[1]: r[2:8] for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert table["Đảng ủy phường Buôn Ma Thuột"] == (2, 1, 0, 1, 0, 0)
    assert table["Tổng cộng"] == (3, 1, 0, 1, 0, 1)
    late = [r for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert [r[1] for r in late] == ["Trễ"] and late[0][4] == 92
