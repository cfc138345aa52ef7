"""Report forms, periods and a unit's report through the API: the entry page's rules, messages and scope."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.accounts.demo import AFFILIATED
from tuyengiao.reports import services
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, ReportAction, Section, Value
from tuyengiao.units.models import Unit


def report_url(unit, form_code="bc-tg-xa", period=PERIOD.code):
    return f"/reports/forms/{form_code}/periods/{period}/units/{unit.key}"


def stored(unit):
    report = Report.objects.filter(unit=unit).first()
    return services.stored_values(report) if report else None


# --- Forms and periods ---------------------------------------------------------------------------------------------


def test_forms_are_listed_with_the_version_in_force_its_sections_and_indicators(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune1).get("/reports/forms", {"on": "2025-08-10"})
    assert response.status_code == 200, response.json()
    body = response.json()
    found = next(item for item in body["items"] if item["code"] == "bc-tg-xa")
    assert body["count"] >= 1
    assert found["period_type"] == "month" and found["deadline_rule"] == "day:25:last_month"
    assert found["deadline_description"]
    assert found["versions"] == [{"number": 1, "effective_from": "2025M07"}]
    sections = found["version"]["sections"]
    assert [s["kind"] for s in sections] == ["indicators", "results"]
    indicators = {item["indicator"]["code"]: item["indicator"] for item in sections[0]["items"]}
    assert list(indicators) == ["ht-buoi", "ht-nguoi", "dang-vien", "ty-le", "ket-noi", "han-che"]
    assert indicators["ht-buoi"] | {"name": ""} == {
        "code": "ht-buoi",
        "name": "",
        "value_type": "integer",
        "rule": "sum",
        "time_rule": "sum",
        "unit_of_measure": "",
        "required": True,
        "min_value": None,
        "max_value": "1000",
        "at_most": None,
        "weight": None,
        "computed": False,
        "source": "",
    }
    assert indicators["ty-le"]["weight"] == "ht-nguoi" and indicators["dang-vien"]["at_most"] == "ht-nguoi"
    before = api_client(personas.commune1).get("/reports/forms/bc-tg-xa", {"on": "2025-03-01"}).json()
    assert before["version"] is None  # the form's first version applies from 2025M07


def test_an_unknown_form_is_404_in_the_common_error_shape(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune1).get("/reports/forms/khong-co")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and response.json()["message"] == "Không có mẫu báo cáo này."


def test_a_forms_periods_are_the_pickers_with_deadlines_for_the_submitted_ones(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune1).get("/reports/forms/bc-tg-xa/periods", {"on": "2025-09-10"})
    assert response.status_code == 200
    items = {p["code"]: p for p in response.json()["items"]}
    assert items["2025M08"] == {
        "code": "2025M08",
        "label": PERIOD.label,
        "type": "month",
        "start": "2025-08-01",
        "end": "2025-08-31",
        "submitted": True,
        "deadline": "2025-08-25",
        "version": 1,
    }
    assert items["2025"]["submitted"] is False and items["2025"]["deadline"] is None
    assert "2025M10" not in items  # not begun on 10/09/2025
    assert items["2025M03"]["version"] is None


# --- Reading a report ----------------------------------------------------------------------------------------------


def test_a_report_not_saved_yet_reads_as_revision_0_and_writes_nothing(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune1).get(report_url(personas.commune_unit1))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert response["ETag"] == '"0"' and body["revision"] == 0 and body["status"] is None
    assert body["editable"] is True and body["unit"]["key"] == personas.commune_unit1.key
    assert body["values"]["ht-buoi"] is None
    assert body["narratives"] == [{"order": 2, "kind": "results", "title": "Kết quả đạt được", "text": ""}]
    assert not Report.objects.exists()


def test_a_saved_report_reads_its_values_status_and_revision_as_etag(personas, api_client, form):  # noqa: F811
    report, _created = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)
    narrative = Section.objects.get(version__form=form, kind=Section.Kind.RESULTS)
    report = services.save_values(
        report,
        {"ht-buoi": "3", "ht-nguoi": "1.234", "ty-le": "85,3%", "ket-noi": "có", "han-che": "Thiếu người"},
        {narrative.pk: "Đã làm"},
        personas.commune1,
        report.revision,
    )
    response = api_client(personas.specialist).get(report_url(personas.commune_unit1))
    assert response.status_code == 200
    body = response.json()
    assert response["ETag"] == f'"{report.revision}"' and body["status"] == "draft"
    assert body["values"] == {
        "ht-buoi": 3,
        "ht-nguoi": 1234,
        "dang-vien": None,
        "ty-le": "85.3",
        "ket-noi": True,
        "han-che": "Thiếu người",
    }
    assert body["narratives"][0]["text"] == "Đã làm"


def test_another_communes_or_provinces_report_is_404(personas, api_client, form):  # noqa: F811
    for user in (personas.commune2, personas.outsider, personas.viewer):
        response = api_client(user).get(report_url(personas.commune_unit1))
        assert response.status_code == 404, user
        assert response.json()["code"] == "not_found"


def test_a_unit_that_does_not_submit_the_form_or_a_wrong_period_is_404(personas, api_client, form):  # noqa: F811
    client = api_client(personas.specialist)
    assert client.get(report_url(personas.province)).status_code == 404
    assert client.get(report_url(personas.commune_unit1, period="2025Q3")).status_code == 404
    assert client.get(report_url(personas.commune_unit1, period="2025M13")).status_code == 404
    assert client.get(report_url(personas.commune_unit1, period="2099M01")).status_code == 404  # not begun


# --- Submitting figures --------------------------------------------------------------------------------------------


def test_the_first_save_creates_the_draft_and_numbers_may_be_json_or_typed_as_on_the_page(
    personas,
    api_client,
    form,  # noqa: F811
):
    client = api_client(personas.commune1)
    narrative = Section.objects.get(version__form=form, kind=Section.Kind.RESULTS)
    response = client.post(
        report_url(personas.commune_unit1),
        {
            "values": {"ht-buoi": 3, "ht-nguoi": "1.234", "ty-le": 85.3, "ket-noi": True, "han-che": "Ổn"},
            "narratives": {str(narrative.order): "Đã tổ chức 3 buổi"},
        },
    )
    assert response.status_code == 201, response.json()
    report = Report.objects.get(unit=personas.commune_unit1)
    assert response["ETag"] == f'"{report.revision}"' and response.json()["revision"] == report.revision
    assert stored(personas.commune_unit1) == {
        "ht-buoi": 3,
        "ht-nguoi": 1234,
        "ty-le": Decimal("85.3"),
        "ket-noi": True,
        "han-che": "Ổn",
    }
    assert report.narratives.get().text == "Đã tổ chức 3 buổi"
    assert report.actions.get().action == ReportAction.Action.SAVE


def test_a_save_of_an_existing_report_needs_if_match_428_and_a_stale_one_is_412(personas, api_client, form):  # noqa: F811
    client = api_client(personas.commune1)
    url = report_url(personas.commune_unit1)
    first = client.post(url, {"values": {"ht-buoi": 3}})
    assert first.status_code == 201
    revision = first.json()["revision"]
    missing = client.post(url, {"values": {"ht-buoi": 4}})
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    stale = client.post(url, {"values": {"ht-buoi": 4}}, headers={"If-Match": f'"{revision - 1}"'})
    assert stale.status_code == 412 and stale.json()["code"] == "stale"
    assert stored(personas.commune_unit1)["ht-buoi"] == 3
    assert Report.objects.get().revision == revision  # nothing written, not even the revision
    ok = client.post(url, {"values": {"ht-buoi": 4}}, headers={"If-Match": f'"{revision}"'})
    assert ok.status_code == 200 and ok.json()["revision"] == revision + 1
    assert stored(personas.commune_unit1)["ht-buoi"] == 4
    gone = client.post(url, {"values": {"ht-buoi": None}}, headers={"If-Match": ok["ETag"]})
    assert gone.status_code == 200 and "ht-buoi" not in stored(personas.commune_unit1)  # null deletes the figure


def test_an_if_match_on_a_report_never_saved_must_be_0(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune1).post(
        report_url(personas.commune_unit1), {"values": {"ht-buoi": 3}}, headers={"If-Match": '"4"'}
    )
    assert response.status_code == 412 and not Report.objects.exists()


def test_invalid_figures_get_the_entry_pages_messages_per_indicator_and_save_nothing(
    personas,
    api_client,
    form,  # noqa: F811
):
    raw = {"ht-buoi": "2000", "ht-nguoi": "10", "dang-vien": "20", "ty-le": "abc"}
    items = services.items_of_version(form.versions.get().pk)
    _values, page_errors = services.check_values(items, raw, {})
    response = api_client(personas.commune1).post(report_url(personas.commune_unit1), {"values": raw})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "Báo cáo có lỗi, chưa lưu. Vui lòng sửa các ô được đánh dấu."
    expected = [{"field": f"values.{code}", "message": m} for code, messages in page_errors.items() for m in messages]
    assert sorted(body["details"], key=str) == sorted(expected, key=str)
    messages = {d["message"] for d in body["details"]}
    assert "Giá trị không được lớn hơn 1.000." in messages
    assert any("“abc” không phải là số" in m for m in messages)
    assert any("Số người tham dự" in m for m in messages)  # the "≤ indicator" rule names the other indicator
    assert not Report.objects.exists()  # a refused first save leaves no empty draft


def test_an_unknown_indicator_or_section_is_refused(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune1).post(
        report_url(personas.commune_unit1), {"values": {"khong-co": 1, "ht-buoi": [1]}, "narratives": {"9": "x"}}
    )
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["details"]}
    assert fields == {"values.khong-co", "values.ht-buoi", "narratives.9"}
    assert not Report.objects.exists()


def test_submit_true_saves_and_sends_through_the_pages_services(personas, api_client, form):  # noqa: F811
    client = api_client(personas.commune1)
    url = report_url(personas.commune_unit1)
    refused = client.post(url, {"values": {"ht-nguoi": 10}, "submit": True})
    assert refused.status_code == 422
    assert refused.json()["details"] == [{"field": "values.ht-buoi", "message": "Chỉ tiêu bắt buộc, chưa nhập."}]
    assert not Report.objects.exists()
    sent = client.post(url, {"values": {"ht-buoi": 2, "ht-nguoi": 10}, "submit": True})
    assert sent.status_code == 201, sent.json()
    report = Report.objects.get()
    assert sent.json()["status"] == report.status == Report.Status.SUBMITTED and report.submitted_at
    assert [a.action for a in report.actions.all()] == [ReportAction.Action.SAVE, ReportAction.Action.SUBMIT]
    again = client.post(url, {"values": {"ht-buoi": 5}}, headers={"If-Match": sent["ETag"]})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert "không sửa được" in again.json()["message"]


def test_a_commune_cannot_submit_for_another_commune(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune2).post(report_url(personas.commune_unit1), {"values": {"ht-buoi": 3}})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    outsider = api_client(personas.outsider).post(report_url(personas.commune_unit1), {"values": {"ht-buoi": 3}})
    assert outsider.status_code == 404
    assert not Report.objects.exists()


def test_a_viewer_reads_its_units_report_but_cannot_submit_it(personas, api_client):
    police = Unit.objects.get(key=AFFILIATED[0][0])
    indicator = Indicator.objects.create(code="so-buoi", name="Số buổi", value_type="integer", rule="sum")
    police_form = Form.objects.create(
        code="bc-dang-uy",
        name="Báo cáo đảng ủy trực thuộc",
        period_type="month",
        submitter_kinds=[police.kind],
        submitter_levels=[police.level],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=police_form, number=1, effective_from="2025M07")
    section = Section.objects.create(version=version, order=1, title="Số liệu", kind=Section.Kind.INDICATORS)
    Item.objects.create(section=section, order=1, indicator=indicator)
    client = api_client(personas.viewer)
    url = report_url(police, "bc-dang-uy")
    read = client.get(url)
    assert read.status_code == 200 and read.json()["editable"] is False
    response = client.post(url, {"values": {"so-buoi": 3}})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not Report.objects.exists()


def test_a_replayed_idempotency_key_returns_the_same_answer_and_writes_once(personas, api_client, form):  # noqa: F811
    client = api_client(personas.commune1)
    url = report_url(personas.commune_unit1)
    headers = {"Idempotency-Key": "thang-8-lan-1"}
    first = client.post(url, {"values": {"ht-buoi": 3}}, headers=headers)
    assert first.status_code == 201
    again = client.post(url, {"values": {"ht-buoi": 3}}, headers=headers)
    assert again.status_code == 201 and again.json() == first.json() and again["ETag"] == first["ETag"]
    report = Report.objects.get()
    assert report.revision == first.json()["revision"] and report.actions.count() == 1
    assert Value.objects.filter(report=report).count() == 1
    other = client.post(url, {"values": {"ht-buoi": 4}}, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_conflict"
    assert stored(personas.commune_unit1) == {"ht-buoi": 3}


def test_a_leader_of_the_province_submits_for_a_commune_of_it(personas, api_client, form):  # noqa: F811
    response = api_client(personas.specialist).post(report_url(personas.commune_unit2), {"values": {"ht-buoi": 1}})
    assert response.status_code == 201
    assert Report.objects.get().unit == personas.commune_unit2


@pytest.mark.parametrize("value", ["1.5", "-3", "12,5"])
def test_an_integer_typed_wrong_gets_the_pages_message(personas, api_client, form, value):  # noqa: F811
    items = services.items_of_version(form.versions.get().pk)
    _values, page_errors = services.check_values(items, {"ht-buoi": value}, {})
    response = api_client(personas.commune1).post(report_url(personas.commune_unit1), {"values": {"ht-buoi": value}})
    assert response.status_code == 422
    assert [d["message"] for d in response.json()["details"]] == page_errors["ht-buoi"]


def test_the_date_of_the_forms_list_must_be_iso(personas, api_client, form):  # noqa: F811
    response = api_client(personas.commune1).get("/reports/forms", {"on": "15/08/2025"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_odd_input_is_a_validation_error_or_404_never_a_server_error(personas, api_client, form):  # noqa: F811
    client = api_client(personas.commune1)
    url = report_url(personas.commune_unit1)
    for values in ({"han-che": "a\x00b"}, {"ht-buoi": 1e308}, {"ht-buoi": {"a": 1}}, {"ket-noi": 7}):
        response = client.post(url, {"values": values})
        assert response.status_code == 422, (values, response.json())
    assert "quá lớn" in client.post(url, {"values": {"ht-buoi": 10**20}}).json()["details"][0]["message"]
    assert client.post(url, {"narratives": {"2": "x\x00"}}).status_code == 422
    assert not Report.objects.exists()
    assert client.get("/reports/forms", {"on": "0999-01-01"}).status_code == 422
    assert client.get("/reports/forms/bc-tg-xa/periods", {"on": "9999-12-31"}).status_code == 422
    consolidated = f"/reports/forms/bc-tg-xa/periods/2025/consolidated/{personas.commune_unit1.key}"
    assert client.get(consolidated, {"as_of": "0001-01-01"}).status_code == 422
    assert client.get("/reports/forms/bc%00/periods/2025M08/units/p:66").status_code == 404
