"""The data entry page: fields, Vietnamese validation, revisions, autosave as JSON, scoping."""

import datetime as dt

import pytest
from django.urls import reverse

from tuyengiao.lib.periods import Period
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Section

PERIOD = Period.parse("2025M08")


@pytest.fixture
def form(db):
    sessions = Indicator.objects.create(
        code="ht-buoi",
        name="Số buổi học tập, quán triệt",
        value_type="integer",
        rule="sum",
        required=True,
        max_value=1000,
    )
    attendees = Indicator.objects.create(code="ht-nguoi", name="Số người tham dự", value_type="integer", rule="sum")
    members = Indicator.objects.create(
        code="dang-vien", name="Số đảng viên tham dự", value_type="integer", rule="sum", at_most=attendees
    )
    share = Indicator.objects.create(
        code="ty-le", name="Tỷ lệ đảng viên tham dự", value_type="percent", rule="weighted_average", weight=attendees
    )
    online = Indicator.objects.create(
        code="ket-noi", name="Kết nối trực tuyến đến cấp xã", value_type="boolean", rule="count_yes"
    )
    limits = Indicator.objects.create(code="han-che", name="Hạn chế", value_type="text", rule="text")
    form = Form.objects.create(
        code="bc-tg-xa",
        name="Báo cáo công tác tuyên giáo (cấp xã)",
        period_type="month",
        submitter_kinds=["party_committee"],
        submitter_levels=["commune"],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=form, number=1, effective_from="2025M07")
    section = Section.objects.create(version=version, order=1, title="Số liệu", kind=Section.Kind.INDICATORS)
    for order, indicator in enumerate([sessions, attendees, members, share, online, limits], start=1):
        Item.objects.create(section=section, order=order, indicator=indicator)
    Section.objects.create(version=version, order=2, title="Kết quả đạt được", kind=Section.Kind.RESULTS)
    return form


def entry_url(unit, form, period=PERIOD):
    from django.urls import reverse

    return reverse("reports:entry", args=[unit.pk, form.code, period.code])


def test_the_entry_page_shows_fields_last_periods_values_and_the_revision(personas, form):
    from tuyengiao.reports import services

    previous = services.open_report(form, personas.commune_unit1, PERIOD.previous(), personas.commune1)[0]
    services.save_values(previous, {"ht-nguoi": "1.500"}, {}, personas.commune1, expected_revision=1)
    response = personas.client(personas.commune1).get(entry_url(personas.commune_unit1, form))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert 'name="v-ket-noi"' in html and "<select" in html
    assert 'name="revision" value="0"' in html  # not saved yet: opening the page wrote nothing
    assert "1.500" in html  # last period's value beside the field
    assert "Gửi báo cáo" in html and "reports-entry.js" in html


def test_posting_vietnamese_input_saves_and_errors_are_shown_inline(personas, form):
    from tuyengiao.reports.models import Report

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    client.get(url)
    response = client.post(url, {"revision": "1", "v-ht-buoi": "3", "v-ht-nguoi": "1.234", "v-ty-le": "85,3%"})
    assert response.status_code == 302
    report = Report.objects.get(unit=personas.commune_unit1)
    assert report.revision == 2
    response = client.post(url, {"revision": "2", "v-ht-buoi": "3", "v-ty-le": "abc"})
    assert response.status_code == 400
    assert "“abc” không phải là số" in response.content.decode()
    assert 'value="abc"' in response.content.decode()  # what was typed is kept
    report.refresh_from_db()
    assert report.revision == 2


def test_autosave_answers_json_and_a_stale_tab_is_refused(personas, form):
    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    client.get(url)
    headers = {"X-Requested-With": "fetch"}
    response = client.post(url, {"revision": "1", "v-ht-buoi": "4"}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["revision"] == 2 and body["errors"] == {} and body["saved_at"]
    response = client.post(url, {"revision": "1", "v-ht-buoi": "5"}, headers=headers)  # the other tab
    assert response.status_code == 409
    assert "thay đổi ở nơi khác" in response.json()["error"]
    response = client.post(url, {"revision": "2", "v-ht-buoi": "x"}, headers=headers)
    assert response.status_code == 400 and "ht-buoi" in response.json()["errors"]


def test_submitting_checks_required_fields(personas, form):
    from tuyengiao.reports.models import Report

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    client.get(url)
    submit = url + "gui/"
    response = client.post(submit, {"revision": "0", "v-ht-nguoi": "10"})
    assert response.status_code == 400
    assert "Chỉ tiêu bắt buộc, chưa nhập." in response.content.decode()
    assert not Report.objects.exists()  # a refused submission saves nothing, not even an empty draft
    response = client.post(submit, {"revision": "0", "v-ht-buoi": "2", "v-ht-nguoi": "10"})
    assert response.status_code == 200 and 'data-testid="confirm-summary"' in response.content.decode()
    assert Report.objects.get(unit=personas.commune_unit1).status == "draft"  # saved, not sent yet
    response = client.post(submit, {"revision": str(Report.objects.get().revision), "xac_nhan": "1"})
    assert response.status_code == 302
    assert response["Location"] == url  # back to the entry page: the submit URL answers POST only
    assert Report.objects.get(unit=personas.commune_unit1).status == "submitted"
    page = client.get(url).content.decode()
    assert "Đã gửi" in page and "Gửi báo cáo" not in page  # read-only once submitted


def test_a_neighbouring_commune_and_another_province_get_404(personas, form):
    url = entry_url(personas.commune_unit1, form)
    assert personas.client(personas.commune2).get(url).status_code == 404
    assert personas.client(personas.outsider).get(url).status_code == 404
    assert personas.client(personas.commune2).post(url, {"revision": "1"}).status_code == 404


def test_the_list_shows_the_users_forms_periods_and_a_link_to_unread_notifications(
    personas, form, django_assert_max_num_queries
):
    from tuyengiao.reports import notifications
    from tuyengiao.reports.models import Notification

    notifications.notify([personas.commune1], Notification.Kind.REMINDER, "Nhắc nộp báo cáo tháng 8", "/bao-cao/")
    client = personas.client(personas.commune1)
    with django_assert_max_num_queries(25):
        response = client.get("/bao-cao/")
    html = response.content.decode()
    assert form.name in html and "phường Buôn Ma Thuột" in html
    assert "Bạn có 1 thông báo chưa đọc." in html and 'href="/thong-bao/"' in html
    assert "Báo cáo chờ duyệt" not in html  # not a reviewer
    leader = personas.client(personas.leader)
    with django_assert_max_num_queries(25):
        response = leader.get("/bao-cao/")
    leader_page = response.content.decode()
    assert "Báo cáo chờ duyệt" in leader_page and "Tình hình nộp và số liệu tổng hợp" in leader_page
    # One row per form for the province's party committee, not a second one for its commission.
    overviews = response.context["overviews"]
    assert [o.unit for o in overviews] == [personas.province] * len(overviews) and overviews
    assert f"?don_vi={personas.province.pk}&amp;mau={form.code}&amp;ky=" in leader_page


def test_the_list_shows_the_units_recent_reports(personas, form):
    from tuyengiao.lib.periods import Period
    from tuyengiao.reports import services

    services.open_report(form, personas.commune_unit1, Period.parse("2025M08"), personas.commune1)
    response = personas.client(personas.commune1).get("/bao-cao/")
    assert [(r.period, name) for r, name in response.context["recent"]] == [("2025M08", "Đảng ủy phường Buôn Ma Thuột")]
    assert personas.client(personas.commune2).get("/bao-cao/").context["recent"] == []


def test_viewers_and_accepted_reports_are_read_only(personas, form):
    from tuyengiao.accounts.models import Membership, Role
    from tuyengiao.reports import services

    Membership.objects.create(user=personas.viewer, unit=personas.commune_unit1, role=Role.VIEWER)
    url = entry_url(personas.commune_unit1, form)
    viewer = personas.client(personas.viewer)
    response = viewer.get(url)
    assert response.status_code == 200 and "Lưu nháp" not in response.content.decode()
    assert viewer.post(url, {"revision": "1", "v-ht-buoi": "1"}).status_code == 404
    report = services.open_report(form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    services.save_values(report, {"ht-buoi": "1"}, {}, personas.commune1, expected_revision=1)
    services.accept(services.submit(report, personas.commune1), personas.leader)
    page = personas.client(personas.commune1).get(url).content.decode()
    assert "Đã tiếp nhận" in page and "Lưu nháp" not in page
    # Values read as text, not as disabled inputs.
    assert 'name="v-ht-buoi"' not in page and 'data-testid="value-ht-buoi">' in page


def test_a_save_without_the_revision_is_refused_and_nothing_is_saved(personas, form):
    from tuyengiao.reports.models import Report

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    client.get(url)
    response = client.post(url, {"v-ht-buoi": "3"}, follow=True)
    assert "tải lại trang" in response.content.decode()
    assert not Report.objects.exists()
    client.post(url, {"revision": "0", "v-ht-buoi": "1"})
    response = client.post(url, {"v-ht-buoi": "3"}, follow=True)
    assert "tải lại trang" in response.content.decode()
    report = Report.objects.get(unit=personas.commune_unit1)
    assert (report.revision, list(report.values.values_list("number", flat=True))) == (2, [1])


def test_two_tabs_open_the_report_and_the_second_save_is_refused(personas, form):
    import re

    from tuyengiao.reports.models import Report

    first, second = personas.client(personas.commune1), personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    opened = [
        re.search(r'name="revision" value="(\d+)"', c.get(url).content.decode()).group(1) for c in (first, second)
    ]
    assert first.post(url, {"revision": opened[0], "v-ht-buoi": "3"}).status_code == 302
    response = second.post(url, {"revision": opened[1], "v-ht-buoi": "9"}, follow=True)
    assert "thay đổi ở nơi khác" in response.content.decode()
    report = Report.objects.get(unit=personas.commune_unit1)
    assert report.revision == 2
    assert report.values.get(indicator__code="ht-buoi").number == 3


def test_opening_the_page_writes_nothing_and_the_first_save_creates_the_draft(personas, form):
    from tuyengiao.reports.models import Report, ReportAction

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    assert client.get(url).status_code == 200
    assert not Report.objects.exists() and not ReportAction.objects.exists()
    assert client.post(url, {"revision": "0", "v-ht-buoi": "3"}).status_code == 302
    report = Report.objects.get()
    assert (report.revision, report.status, report.values.get().number) == (2, "draft", 3)
    # A second tab still showing revision 0 is refused, not merged in.
    stale = client.post(url, {"revision": "0", "v-ht-buoi": "9"})
    assert stale.status_code == 409 and Report.objects.get().values.get().number == 3


def test_a_refused_first_save_leaves_no_empty_draft(personas, form):
    from tuyengiao.reports.models import Report

    response = personas.client(personas.commune1).post(
        entry_url(personas.commune_unit1, form), {"revision": "0", "v-ht-buoi": "abc"}
    )
    assert response.status_code == 400 and "“abc” không phải là số" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("period", ["9999M12", "2099M01"])
def test_a_period_that_has_not_begun_has_no_page_and_no_report(personas, form, period):
    from tuyengiao.reports.models import Report

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form, Period.parse(period))
    assert client.get(url).status_code == 404
    assert client.post(url, {"revision": "0", "v-ht-buoi": "1"}).status_code == 404
    assert not Report.objects.exists()


def test_a_unit_reports_only_for_periods_it_existed_in(personas, form):
    """A ward formed on 01/07/2025 has no report for 2025M06 (nor any month before); 2025M07 is its first."""
    from tuyengiao.reports import services
    from tuyengiao.reports.models import FormVersion, Report

    FormVersion.objects.filter(form=form).update(effective_from="2024M01")
    ward = personas.commune_unit1
    assert ward.versions.order_by("valid_from").first().valid_from == dt.date(2025, 7, 1)
    client = personas.client(personas.commune1)
    for code in ["2024M02", "2025M06"]:
        url = entry_url(ward, form, Period.parse(code))
        assert client.get(url).status_code == 404
        assert client.post(url, {"revision": "0", "v-ht-buoi": "1"}).status_code == 404
    with pytest.raises(services.WorkflowError, match="không tồn tại vào ngày 30/06/2025"):
        services.open_report(form, ward, Period.parse("2025M06"), personas.commune1)
    assert not Report.objects.exists()
    assert client.post(entry_url(ward, form, Period.parse("2025M07")), {"revision": "0"}).status_code == 302


def test_a_sixteen_digit_figure_is_refused_and_the_report_stays_usable(personas, form):
    from tuyengiao.reports.models import Report

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    assert client.post(url, {"revision": "0", "v-ht-nguoi": "5"}).status_code == 302
    for target in (url, url + "gui/"):
        response = client.post(target, {"revision": "2", "v-ht-buoi": "1", "v-ht-nguoi": "9999999999999999"})
        assert response.status_code == 400 and "quá lớn (tối đa 999.999.999.999)" in response.content.decode()
    report = Report.objects.get()
    assert (report.revision, report.status, report.values.get().number) == (2, "draft", 5)
    assert client.get(url).status_code == 200


def test_the_unit_withdraws_a_submitted_report_until_it_is_accepted(personas, form):
    from tuyengiao.reports import services
    from tuyengiao.reports.models import Report, ReportAction

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    assert submit(client, url, {"revision": "0", "v-ht-buoi": "2"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="withdraw-form"' in page and "data-tg-confirm" in page
    report = Report.objects.get()
    withdraw = reverse("reports:withdraw", args=[personas.commune_unit1.pk, form.code, PERIOD.code])
    assert client.post(withdraw, {"revision": str(report.revision - 1)}).status_code == 302  # a stale tab
    assert Report.objects.get().status == "submitted"
    assert personas.client(personas.commune2).post(withdraw, {"revision": str(report.revision)}).status_code == 404
    assert client.get(withdraw).status_code == 405
    client.post(withdraw, {"revision": str(report.revision)})
    report.refresh_from_db()
    assert (report.status, report.submitted_at) == ("draft", None)
    assert report.actions.order_by("-pk").first().action == ReportAction.Action.WITHDRAW
    services.accept(services.submit(report, personas.commune1), personas.leader)
    report.refresh_from_db()
    refused = client.post(withdraw, {"revision": str(report.revision)}, follow=True).content.decode()
    assert "Chỉ rút lại được báo cáo đã gửi" in refused and Report.objects.get().status == "accepted"


def test_a_report_submitted_after_its_deadline_is_marked_late(personas, form):
    from django.utils import timezone

    from tuyengiao.reports import services
    from tuyengiao.reports.models import Report

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    submit(client, url, {"revision": "0", "v-ht-buoi": "2"})
    deadline = services.deadline_of(form, PERIOD)
    Report.objects.update(submitted_at=timezone.make_aware(dt.datetime.combine(deadline, dt.time(9))))
    assert 'data-testid="report-late"' not in client.get(url).content.decode()
    late = deadline + dt.timedelta(days=1)
    Report.objects.update(submitted_at=timezone.make_aware(dt.datetime.combine(late, dt.time(9))))
    assert 'data-testid="report-late"' in client.get(url).content.decode()


def test_submitting_shows_what_will_be_sent_and_sends_only_when_confirmed(personas, form):
    from tuyengiao.reports.models import Report

    client = personas.client(personas.commune1)
    url = entry_url(personas.commune_unit1, form)
    response = client.post(url + "gui/", {"revision": "0", "v-ht-buoi": "3", "v-ht-nguoi": "1234"})
    page = response.content.decode()
    assert response.status_code == 200 and "Xác nhận gửi báo cáo" in page
    assert "1.234" in page and 'name="v-ht-nguoi"' not in page  # the figures as text, not inputs
    assert "Có số liệu 2/6 chỉ tiêu." in page
    assert "Chưa có số liệu (không bắt buộc):" in page and "Tỷ lệ đảng viên tham dự" in page  # what is missing
    assert "Chưa viết: Kết quả đạt được." in page
    assert 'data-testid="confirm-late"' in page  # 2025M08's deadline has long passed
    report = Report.objects.get()
    assert report.status == "draft"
    stale = client.post(url + "gui/", {"revision": str(report.revision - 1), "xac_nhan": "1"})
    assert stale.status_code == 409 and Report.objects.get().status == "draft"
    client.post(url + "gui/", {"revision": str(report.revision), "xac_nhan": "1"})
    assert Report.objects.get().status == "submitted"
    # Nothing to confirm before a first save: no report is created by a bare confirmation.
    other = entry_url(personas.commune_unit2, form) + "gui/"
    assert personas.client(personas.commune2).post(other, {"revision": "0", "xac_nhan": "1"}).status_code == 404


def submit(client, url: str, data: dict):
    """The page's two steps: "Gửi báo cáo" (saves, shows what will be sent), then "Xác nhận gửi"."""
    from tuyengiao.reports.models import Report

    response = client.post(url + "gui/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    report = Report.objects.get(pk=response.context["report"].pk)
    return client.post(url + "gui/", {"revision": str(report.revision), "xac_nhan": "1"})
