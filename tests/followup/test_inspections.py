"""Inspections: created with team and inspected units, findings and closure per unit, recommendations
that become tasks, and an inspected unit's history across years (its predecessors' included)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tuyengiao.documents.demo import ensure_documents, ensure_fields_of_work
from tuyengiao.followup import demo
from tuyengiao.followup.forms import parse_team
from tuyengiao.followup.models import InspectedUnit, Inspection, InspectionMember, Task

D = dt.date


@pytest.fixture
def documents(personas):
    ensure_documents()
    return ensure_fields_of_work()


def create(client, personas, **extra):
    data = {
        "inspecting_unit": personas.commission.pk,
        "title": "Kiểm tra việc thực hiện Kế hoạch số 45-KH/BTGDVTU",
        "kind": "periodic",
        "form": "inspection",
        "subject_document": "45-kh/btgdvtu",
        "starts_on": "14/10/2025",
        "ends_on": "16/10/2025",
        "team": "Nguyễn Văn An; Phó Trưởng ban\nTrần Thị Bình; Chuyên viên; thu ky",
        "units": [personas.commune_unit2.pk],
    }
    data.update(extra)
    return client.post(reverse("followup:inspection_create"), data, follow=True)


def test_the_commission_creates_an_inspection_with_its_team_and_units(personas, documents):
    response = create(personas.client(personas.specialist), personas)
    assert "Đã tạo cuộc kiểm tra." in response.content.decode()
    inspection = Inspection.objects.get()
    assert inspection.subject_document.code == "45-KH/BTGDVTU"
    assert [(m.name, m.role) for m in inspection.team.all()] == [
        ("Nguyễn Văn An", InspectionMember.Role.HEAD),
        ("Trần Thị Bình", InspectionMember.Role.SECRETARY),
    ]
    assert list(inspection.inspected.values_list("unit_id", flat=True)) == [personas.commune_unit2.pk]
    assert inspection.history.count() == 1


def test_an_inspection_needs_a_subject_and_sensible_dates(personas, documents):
    html = create(
        personas.client(personas.specialist), personas, subject_document="", ends_on="01/10/2025"
    ).content.decode()
    assert "Hãy ghi văn bản hoặc chọn lĩnh vực được kiểm tra." in html
    assert "Ngày kết thúc kiểm tra không thể trước ngày bắt đầu." in html
    assert not Inspection.objects.exists()


def test_team_lines_are_parsed_and_unknown_roles_refused():
    members = parse_team("A; Trưởng phòng\nB\n\nC; ; pho truong doan")
    assert [(m.name, m.position, m.role) for m in members] == [
        ("A", "Trưởng phòng", "head"),
        ("B", "", "member"),
        ("C", "", "deputy"),
    ]
    with pytest.raises(Exception, match="không rõ"):
        parse_team("A; x; đội trưởng")


def test_findings_closure_and_recommendations_become_tasks_of_the_inspected_unit(personas, documents):
    client = personas.client(personas.specialist)
    create(client, personas)
    inspection = Inspection.objects.get()
    row = InspectedUnit.objects.get()
    client.post(
        reverse("followup:inspected_unit_edit", args=[inspection.pk, row.pk]),
        {
            f"u{row.pk}-findings": "Học tập chuyên đề ở 12/18 chi bộ",
            f"u{row.pk}-closed_on": "30/10/2025",
            f"u{row.pk}-revision": 1,
        },
    )
    row.refresh_from_db()
    assert (row.findings, row.closed_on, row.revision) == ("Học tập chuyên đề ở 12/18 chi bộ", D(2025, 10, 30), 2)
    stale = client.post(
        reverse("followup:inspected_unit_edit", args=[inspection.pk, row.pk]),
        {f"u{row.pk}-findings": "cũ", f"u{row.pk}-revision": 1},
        follow=True,
    )
    assert "đã được người khác cập nhật" in stale.content.decode()
    client.post(
        reverse("followup:recommendation_add", args=[inspection.pk]),
        {"unit": personas.commune_unit2.pk, "title": "Hoàn thành học tập ở 6 chi bộ còn lại", "deadline": "15/12/2025"},
    )
    task = Task.objects.get(inspection=inspection)
    assert (task.owner, task.issuer, task.deadline) == (personas.commune_unit2, personas.commission, D(2025, 12, 15))
    # The inspected commune sees it on its board, with the inspection as its source.
    commune = personas.client(personas.commune2)
    board = commune.get(reverse("followup:list"))
    assert task.pk in {t.pk for column in board.context["columns"] for t in column.tasks}
    html = commune.get(task.get_absolute_url()).content.decode()
    assert "Kiến nghị sau kiểm tra" in html and reverse("followup:inspection_detail", args=[inspection.pk]) in html


def test_an_inspected_unit_with_findings_cannot_be_dropped(personas, documents):
    client = personas.client(personas.specialist)
    create(client, personas)
    inspection = Inspection.objects.get()
    InspectedUnit.objects.update(findings="Đã có kết quả")
    html = client.post(
        reverse("followup:inspection_edit", args=[inspection.pk]),
        {
            "inspecting_unit": personas.commission.pk,
            "title": inspection.title,
            "kind": "periodic",
            "form": "inspection",
            "subject_document": "45-KH/BTGDVTU",
            "starts_on": "14/10/2025",
            "ends_on": "16/10/2025",
            "units": [personas.commune_unit1.pk],
            "revision": 1,
        },
    ).content.decode()
    assert "Không thể bỏ đơn vị đã có kết quả kiểm tra" in html
    assert InspectedUnit.objects.get().unit == personas.commune_unit2


def test_the_unit_history_shows_inspections_of_the_commune_and_of_those_it_came_from(personas, documents):
    demo.ensure_followup()
    client = personas.client(personas.commune2)
    response = client.get(reverse("followup:unit_inspections", args=[personas.commune_unit2.pk]))
    years = dict(response.context["years"])
    assert set(years) == {2024, 2025}
    assert years[2024][0].unit.key == "c:24175"  # Xã Hòa Khánh, before the merger
    assert len(years[2025][0].tasks) == 2
    html = response.content.decode()
    assert "Đảng ủy xã Hòa Khánh" in html and "Kiểm tra đột xuất" in html
