"""The bulk import of many units' figures through the API: the spreadsheet upload's checks, all or nothing."""

from __future__ import annotations

from decimal import Decimal

from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.reports import services
from tuyengiao.reports.models import Report, ReportAction, Section
from tuyengiao.units.models import UnitVersion

URL = f"/reports/forms/bc-tg-xa/periods/{PERIOD.code}/import"


def values_of(unit):
    report = Report.objects.filter(unit=unit).first()
    return services.stored_values(report) if report else None


def test_figures_of_two_communes_are_saved_in_one_call(personas, api_client, form):  # noqa: F811
    narrative = Section.objects.get(version__form=form, kind=Section.Kind.RESULTS)
    rows = [
        {"unit": personas.commune_unit1.key, "values": {"ht-buoi": 3, "ty-le": "85,3%"}},
        {
            "unit": personas.commune_unit2.key,
            "values": {"ht-buoi": "2", "ket-noi": False},
            "narratives": {str(narrative.order): "Tốt"},
        },
    ]
    response = api_client(personas.specialist).post(URL, {"rows": rows})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["rows"] == 2 and body["unchanged"] == 0
    assert [row["unit"] for row in body["saved"]] == [personas.commune_unit1.key, personas.commune_unit2.key]
    assert values_of(personas.commune_unit1) == {"ht-buoi": 3, "ty-le": Decimal("85.3")}
    assert values_of(personas.commune_unit2) == {"ht-buoi": 2, "ket-noi": False}
    assert Report.objects.get(unit=personas.commune_unit2).narratives.get().text == "Tốt"
    action = ReportAction.objects.filter(report__unit=personas.commune_unit1).get()
    assert action.comment == "Nhập qua API (nhiều đơn vị một lần)."
    # Sent again unchanged: nothing written; a figure the row leaves out stays as it is.
    again = api_client(personas.specialist).post(URL, {"rows": rows})
    assert again.json()["unchanged"] == 2 and again.json()["saved"] == []
    partial = api_client(personas.specialist).post(
        URL, {"rows": [{"unit": personas.commune_unit1.key, "values": {"ht-nguoi": 40}}]}
    )
    assert partial.status_code == 200
    assert values_of(personas.commune_unit1) == {"ht-buoi": 3, "ht-nguoi": 40, "ty-le": Decimal("85.3")}


def test_one_bad_cell_changes_nothing_and_is_listed_with_unit_indicator_and_message(
    personas,
    api_client,
    form,  # noqa: F811
):
    services.save_values(
        services.open_report(form, personas.commune_unit2, PERIOD, personas.specialist)[0],
        {"ht-buoi": "7"},
        {},
        personas.specialist,
        1,
    )
    before = Report.objects.get(unit=personas.commune_unit2).revision
    rows = [
        {"unit": personas.commune_unit1.key, "values": {"ht-buoi": 3}},
        {"unit": personas.commune_unit2.key, "values": {"ht-buoi": 4, "ty-le": "abc"}},
    ]
    response = api_client(personas.specialist).post(URL, {"rows": rows})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    items = services.items_of_version(form.versions.get().pk)
    _values, page_errors = services.check_values(items, {"ty-le": "abc"}, {})
    assert body["details"] == [
        {"unit": personas.commune_unit2.key, "indicator": "ty-le", "message": page_errors["ty-le"][0]}
    ]
    assert not Report.objects.filter(unit=personas.commune_unit1).exists()
    assert Report.objects.get(unit=personas.commune_unit2).revision == before
    assert values_of(personas.commune_unit2) == {"ht-buoi": 7}


def test_rows_are_scoped_like_the_spreadsheet_upload_writable_units_only(personas, api_client, form):  # noqa: F811
    lam_dong_commune = (
        UnitVersion.objects.as_of(PERIOD.end).filter(parent=personas.lam_dong, unit__level="commune").first().unit
    )
    rows = [
        {"unit": personas.commune_unit1.key, "values": {"ht-buoi": 3}},
        {"unit": personas.commune_unit2.key, "values": {"ht-buoi": 3}},
        {"unit": lam_dong_commune.key, "values": {"ht-buoi": 3}},
        {"unit": "c2025:khong-co", "values": {"ht-buoi": 3}},
    ]
    response = api_client(personas.commune1).post(URL, {"rows": rows})
    assert response.status_code == 422
    details = response.json()["details"]
    assert [(d["unit"], d["indicator"]) for d in details] == [
        (personas.commune_unit2.key, None),
        (lam_dong_commune.key, None),
        ("c2025:khong-co", None),
    ]
    # Another commune, another province's commune: answered like a key that does not exist (no name told).
    assert [d["message"] for d in details] == [
        f"Không có đơn vị mã “{personas.commune_unit2.key}”.",
        f"Không có đơn vị mã “{lam_dong_commune.key}”.",
        "Không có đơn vị mã “c2025:khong-co”.",
    ]
    assert not Report.objects.exists()


def test_a_submitted_report_a_duplicate_unit_and_an_unknown_code_are_refused(personas, api_client, form):  # noqa: F811
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.specialist)[0]
    report = services.save_values(report, {"ht-buoi": "1"}, {}, personas.specialist, report.revision)
    services.submit(report, personas.specialist, report.revision)
    client = api_client(personas.specialist)
    locked = client.post(URL, {"rows": [{"unit": personas.commune_unit1.key, "values": {"ht-buoi": 2}}]})
    assert locked.status_code == 422 and "không sửa được" in locked.json()["details"][0]["message"]
    twice = client.post(
        URL,
        {
            "rows": [
                {"unit": personas.commune_unit2.key, "values": {"ht-buoi": 2}},
                {"unit": personas.commune_unit2.key, "values": {"ht-buoi": 3}},
            ]
        },
    )
    assert twice.status_code == 422 and "mỗi đơn vị một dòng" in twice.json()["details"][0]["message"]
    unknown = client.post(URL, {"rows": [{"unit": personas.commune_unit2.key, "values": {"khong-co": 2}}]})
    assert unknown.json()["details"] == [
        {
            "unit": personas.commune_unit2.key,
            "indicator": "khong-co",
            "message": "Mã “khong-co” không có trong mẫu báo cáo này.",
        }
    ]
    assert not Report.objects.filter(unit=personas.commune_unit2).exists()


def test_a_replayed_import_returns_the_same_answer_and_writes_nothing_twice(personas, api_client, form):  # noqa: F811
    client = api_client(personas.specialist)
    rows = {"rows": [{"unit": personas.commune_unit1.key, "values": {"ht-buoi": 3}}]}
    first = client.post(URL, rows, headers={"Idempotency-Key": "nhap-thang-8"})
    assert first.status_code == 200 and len(first.json()["saved"]) == 1
    revision = Report.objects.get().revision
    again = client.post(URL, rows, headers={"Idempotency-Key": "nhap-thang-8"})
    assert again.status_code == 200 and again.json() == first.json()
    assert Report.objects.get().revision == revision and ReportAction.objects.count() == 1
    changed = client.post(
        URL,
        {"rows": [{"unit": personas.commune_unit1.key, "values": {"ht-buoi": 9}}]},
        headers={"Idempotency-Key": "nhap-thang-8"},
    )
    assert changed.status_code == 422 and changed.json()["code"] == "idempotency_conflict"
    assert values_of(personas.commune_unit1) == {"ht-buoi": 3}


def test_an_import_for_a_period_the_form_does_not_have_is_404(personas, api_client, form):  # noqa: F811
    client = api_client(personas.specialist)
    rows = {"rows": [{"unit": personas.commune_unit1.key, "values": {"ht-buoi": 3}}]}
    assert client.post("/reports/forms/bc-tg-xa/periods/2025Q3/import", rows).status_code == 404
    assert client.post("/reports/forms/bc-tg-xa/periods/2025M03/import", rows).status_code == 404  # no version
    assert client.post("/reports/forms/khong-co/periods/2025M08/import", rows).status_code == 404
    assert client.post(URL, {"rows": []}).status_code == 422
