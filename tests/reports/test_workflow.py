"""A report's workflow through the services: draft → submit → return → correct → resubmit → accept → reopen."""

from decimal import Decimal

import pytest

from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.lib.revision import StaleEdit
from tuyengiao.reports import services
from tuyengiao.reports.models import Report, ReportAction, Value


def test_saving_reads_vietnamese_numbers_percentages_and_yes_no(personas, form):  # noqa: F811
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    assert report.status == Report.Status.DRAFT and report.version == form.versions.get()
    report = services.save_values(
        report,
        {"ht-buoi": "12", "ht-nguoi": "1.234", "dang-vien": "900", "ty-le": "85,3%", "ket-noi": "có"},
        {},
        personas.commune1,
        expected_revision=report.revision,
    )
    saved = services.stored_values(report)
    assert saved["ht-nguoi"] == 1234
    assert saved["ty-le"] == Decimal("85.3")
    assert saved["ket-noi"] is True
    assert report.revision == 2
    assert report.actions.get().action == ReportAction.Action.SAVE


def test_one_invalid_field_saves_nothing_and_says_why_in_vietnamese(personas, form):  # noqa: F811
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    with pytest.raises(services.ValidationFailed) as caught:
        services.save_values(
            report,
            {"ht-buoi": "5", "ht-nguoi": "100", "dang-vien": "120", "ty-le": "120%", "ket-noi": "hmm"},
            {},
            personas.commune1,
            expected_revision=report.revision,
        )
    errors = caught.value.errors
    assert "0–100%" in errors["ty-le"][0]
    assert "Có/Không" in errors["ket-noi"][0]
    assert "không được lớn hơn" in errors["dang-vien"][0]  # dang-vien ≤ ht-nguoi
    assert not Value.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert report.revision == 1
    with pytest.raises(services.ValidationFailed) as caught:
        services.save_values(report, {"ht-buoi": "5000"}, {}, personas.commune1, expected_revision=1)
    assert "không được lớn hơn 1.000" in caught.value.errors["ht-buoi"][0]


def test_a_stale_revision_is_refused_and_nothing_is_saved(personas, form):  # noqa: F811
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    services.save_values(report, {"ht-buoi": "3"}, {}, personas.commune1, expected_revision=1)
    with pytest.raises(StaleEdit, match="thay đổi ở nơi khác"):
        services.save_values(report, {"ht-buoi": "4"}, {}, personas.commune1, expected_revision=1)
    assert services.stored_values(report)["ht-buoi"] == 3


def test_required_indicators_are_checked_on_submit_only(personas, form):  # noqa: F811
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    report = services.save_values(report, {"ht-nguoi": "40"}, {}, personas.commune1, expected_revision=1)
    with pytest.raises(services.ValidationFailed) as caught:
        services.submit(report, personas.commune1)
    assert caught.value.errors["ht-buoi"] == ["Chỉ tiêu bắt buộc, chưa nhập."]
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_the_full_cycle_and_the_lock_of_accepted_reports(personas, form):  # noqa: F811
    commune, leader = personas.commune1, personas.leader
    report = services.open_report(form, personas.commune_unit1, PERIOD, commune)[0]
    report = services.save_values(report, {"ht-buoi": "2"}, {}, commune, expected_revision=report.revision)
    report = services.submit(report, commune)
    first_submission = report.submitted_at
    assert report.status == Report.Status.SUBMITTED and first_submission is not None
    with pytest.raises(services.WorkflowError, match="không sửa được"):
        services.save_values(report, {"ht-buoi": "3"}, {}, commune, expected_revision=report.revision)
    with pytest.raises(services.WorkflowError, match="quyền duyệt"):
        services.accept(report, commune)  # the commune cannot accept its own report
    with pytest.raises(services.WorkflowError, match="ý kiến"):
        services.return_report(report, leader, "  ")
    report = services.return_report(report, leader, "Số buổi chưa khớp với kế hoạch")
    assert report.status == Report.Status.RETURNED
    report = services.save_values(report, {"ht-buoi": "3"}, {}, commune, expected_revision=report.revision)
    report = services.submit(report, commune)
    assert report.submitted_at == first_submission  # timeliness is judged on the first submission
    report = services.accept(report, leader)
    assert report.status == Report.Status.ACCEPTED and report.accepted_at is not None
    with pytest.raises(services.WorkflowError):
        services.save_values(report, {"ht-buoi": "4"}, {}, commune, expected_revision=report.revision)
    with pytest.raises(services.WorkflowError, match="quyền duyệt"):
        services.reopen(report, commune, "Sai số liệu")
    with pytest.raises(services.WorkflowError, match="lý do"):
        services.reopen(report, leader, "")
    report = services.reopen(report, leader, "Sở báo số liệu khác")
    assert report.status == Report.Status.RETURNED and report.accepted_at is None
    actions = list(report.actions.values_list("action", "comment"))
    assert [a for a, _c in actions] == ["save", "submit", "return", "save", "submit", "accept", "reopen"]
    assert actions[-1][1] == "Sở báo số liệu khác"
    assert report.history.count() >= 7  # audited


def test_other_units_cannot_open_or_review(personas, form):  # noqa: F811
    with pytest.raises(services.WorkflowError):
        services.open_report(form, personas.commune_unit1, PERIOD, personas.commune2)
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    services.save_values(report, {"ht-buoi": "1"}, {}, personas.commune1, expected_revision=1)
    report = services.submit(report, personas.commune1)
    with pytest.raises(services.WorkflowError):
        services.accept(report, personas.outsider)
    with pytest.raises(services.WorkflowError):
        services.accept(report, personas.viewer)


def test_saving_writes_figures_in_bulk_the_same_queries_for_one_figure_or_four(personas, form):  # noqa: F811
    """The month-end load test found 342 queries for a 44-figure save (a read, a write and a history row each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for unit, user, raw in [
        (personas.commune_unit1, personas.commune1, {"ht-buoi": "1"}),
        (personas.commune_unit2, personas.commune2, {"ht-buoi": "1", "ht-nguoi": "9", "dang-vien": "8", "ty-le": "5"}),
    ]:
        report = services.open_report(form, unit, PERIOD, user)[0]
        with CaptureQueriesContext(connection) as queries:
            services.save_values(report, raw, {}, user, expected_revision=report.revision)
        counts.append(len(queries))
        assert len(services.stored_values(report)) == len(raw)
        assert report.values.model.history.filter(report_id=report.pk).count() == len(raw)  # one history row each
    assert counts[0] == counts[1]
    report.refresh_from_db()
    with CaptureQueriesContext(connection) as again:  # unchanged figures are not written again
        services.save_values(report, {"ht-buoi": "1"}, {}, personas.commune2, expected_revision=report.revision)
    assert report.values.model.history.filter(report_id=report.pk).count() == 4 and len(again) <= counts[1]
