"""Tasks and inspections offer the units of their date (the assignment date, the inspection's first day), and
the Đắk Lắk commission gives and corrects old Phú Yên's tasks and inspections of June 2025."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.followup.conftest import make_task
from tuyengiao.documents.demo import ensure_fields_of_work
from tuyengiao.documents.models import Document
from tuyengiao.followup import access
from tuyengiao.followup.forms import InspectionForm, TaskForm
from tuyengiao.followup.models import Inspection, Task
from tuyengiao.units.models import Unit, UnitVersion

D = dt.date


@pytest.fixture
def krong_pac(personas) -> Unit:
    return Unit.objects.get(key="d:654")


@pytest.fixture
def phu_yen(personas) -> dict[str, Unit]:
    district = UnitVersion.objects.as_of(D(2025, 6, 5)).filter(parent__key="p:54", unit__level="district").first()
    return {"commission": Unit.objects.get(key="com:p:54"), "district": district.unit}


def plan(owner: Unit, code: str, issued: dt.date) -> Document:
    document = Document(owner=owner, issuer_unit=owner, issue_date=issued, subject="Kế hoạch tuyên truyền")
    document.set_code(code)
    document.save()
    return document


def options(field) -> dict[int, str]:
    return {int(value): str(label) for value, label in field.choices if value != ""}


def test_task_owners_of_a_2023_task_are_that_days_units_under_the_issuer(personas, krong_pac):
    form = TaskForm({"assigned_on": "21/07/2023"}, issuer=personas.commission, user=personas.specialist)
    owners = options(form.fields["owner"])
    assert owners[krong_pac.pk] == "Huyện ủy Krông Pắc"
    assert personas.commune_unit1.pk not in owners
    assert krong_pac.pk in options(form.fields["partners"])
    today = TaskForm(issuer=personas.commission, user=personas.specialist)  # a new, empty form: today
    assert personas.commune_unit1.pk in options(today.fields["owner"]) and krong_pac.pk not in options(
        today.fields["owner"]
    )


def test_a_2023_plans_task_goes_to_a_2023_district_on_the_first_try(personas, krong_pac):
    document = plan(personas.commission, "12-KH/BTGTU", D(2023, 5, 2))
    response = personas.client(personas.specialist).post(
        reverse("followup:document_tasks", args=[document.pk]),
        {"title": "Tuyên truyền kỷ niệm", "owner": krong_pac.pk, "assigned_on": "21/07/2023", "deadline": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Task.objects.get().owner == krong_pac


def test_dak_lak_gives_and_corrects_phu_yens_tasks_of_june_2025(personas, phu_yen):
    document = plan(phu_yen["commission"], "20-KH/BTGDVTU", D(2025, 6, 1))
    client = personas.client(personas.specialist)
    url = reverse("followup:document_tasks", args=[document.pk])
    data = {"title": "Sơ kết 6 tháng", "owner": phu_yen["district"].pk, "assigned_on": "05/06/2025", "deadline": ""}
    assert client.post(url, data).status_code == 302
    task = Task.objects.get()
    assert (task.issuer, task.owner) == (phu_yen["commission"], phu_yen["district"])
    edit = reverse("followup:edit", args=[task.pk])
    assert client.get(edit).status_code == 200
    changed = {**data, "title": "Sơ kết 6 tháng (sửa)", "revision": task.revision}
    assert client.post(edit, changed).status_code == 302
    assert task.history.latest().history_user == personas.specialist
    assert personas.client(personas.outsider).get(edit).status_code == 404
    assert personas.client(personas.commune1).get(edit).status_code == 404


def test_phu_yens_tasks_are_not_given_on_or_after_the_merger(personas, phu_yen):
    document = plan(phu_yen["commission"], "21-KH/BTGDVTU", D(2025, 6, 1))
    html = (
        personas.client(personas.specialist)
        .post(
            reverse("followup:document_tasks", args=[document.pk]),
            {"title": "x", "owner": phu_yen["district"].pk, "assigned_on": "01/07/2025"},
        )
        .content.decode()
    )
    assert "Bạn không được giao nhiệm vụ thay Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Yên vào ngày 01/07/2025" in html
    assert not Task.objects.exists()


def test_an_inspection_of_2023_offers_that_days_inspecting_and_inspected_units(personas, krong_pac):
    form = InspectionForm(
        {"starts_on": "21/07/2023", "inspecting_unit": personas.commission.pk},
        user=personas.specialist,
        readable=Document.objects.readable_by(personas.specialist),
    )
    inspecting = options(form.fields["inspecting_unit"])
    assert inspecting[personas.commission.pk] == "Ban Tuyên giáo Tỉnh ủy Đắk Lắk"
    inspected = options(form.fields["units"])
    assert krong_pac.pk in inspected and personas.commission.pk not in inspected
    assert personas.commune_unit1.pk not in inspected
    assert not any("Phú Yên" in name for name in inspected.values())  # under the chosen inspecting unit only


def test_dak_lak_records_and_corrects_a_phu_yen_inspection_of_june_2025(personas, phu_yen):
    field = next(iter(ensure_fields_of_work().values()))
    data = {
        "inspecting_unit": phu_yen["commission"].pk,
        "title": "Kiểm tra công tác tuyên truyền 6 tháng đầu năm 2025",
        "kind": "periodic",
        "form": "inspection",
        "subject_field": field.pk,
        "starts_on": "02/06/2025",
        "ends_on": "04/06/2025",
        "units": [phu_yen["district"].pk],
    }
    client = personas.client(personas.specialist)
    response = client.post(reverse("followup:inspection_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection = Inspection.objects.get()
    assert inspection.inspecting_unit == phu_yen["commission"]
    assert list(inspection.inspected.values_list("unit_id", flat=True)) == [phu_yen["district"].pk]
    assert inspection.history.get().history_user == personas.specialist
    edit = reverse("followup:inspection_edit", args=[inspection.pk])
    assert client.get(edit).status_code == 200
    assert personas.client(personas.outsider).get(edit).status_code == 404
    late = client.post(reverse("followup:inspection_create"), {**data, "starts_on": "02/07/2025", "ends_on": ""})
    assert late.status_code == 200 and Inspection.objects.count() == 1


def test_dak_lak_reports_progress_on_a_task_of_a_phu_yen_district_which_has_no_successor(personas, phu_yen):
    task = make_task(phu_yen["commission"], phu_yen["district"], assigned_on=D(2025, 6, 5))
    assert access.can_report(personas.specialist, task)
    assert not access.can_report(personas.outsider, task)
    assert not access.can_report(personas.commune1, task)
