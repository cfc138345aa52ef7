"""A commune fills in its monthly report, the province returns it, the commune corrects it, the province accepts.

No address is typed after logging in: every page is reached by clicking from the home page and the menu. The report
is for the last closed month, the one the commune's work list offers. Screenshots are saved under
test-artifacts/browser/.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Dialog, Page, expect

from tests.browser.test_unit_tree import ARTIFACTS, demo_data, login, shot  # noqa: F401  (fixture)
from tuyengiao.lib.periods import PeriodType, last_closed
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_form() -> Form:
    sessions = Indicator.objects.create(
        code="ht-buoi", name="Số buổi học tập, quán triệt", value_type="integer", rule="sum", required=True
    )
    attendees = Indicator.objects.create(code="ht-nguoi", name="Số người tham dự", value_type="integer", rule="sum")
    share = Indicator.objects.create(
        code="ty-le", name="Tỷ lệ đảng viên tham dự", value_type="percent", rule="weighted_average", weight=attendees
    )
    online = Indicator.objects.create(
        code="ket-noi", name="Kết nối trực tuyến đến cấp xã", value_type="boolean", rule="count_yes"
    )
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
    for order, indicator in enumerate([sessions, attendees, share, online], start=1):
        Item.objects.create(section=section, order=order, indicator=indicator)
    Section.objects.create(version=version, order=2, title="Kết quả đạt được", kind=Section.Kind.RESULTS)
    return form


def home(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Trang chủ", exact=True).first.click()


def reports_menu(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Báo cáo", exact=True).first.click()


def test_fill_submit_return_correct_resubmit_accept(page: Page, live_server, demo_data):  # noqa: F811
    form = make_form()
    period = last_closed(PeriodType.MONTH, timezone.localdate())
    title = f"{form.name} – {period.label}"  # as the home page's work list names it

    asked: list[str] = []  # return and accept ask first (static/js/confirm.js); the user agrees

    def agree(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", agree)
    login(page, live_server.url, "xa1.daklak")
    home(page)
    page.get_by_test_id("work-to_submit").get_by_role("link", name=title, exact=True).click()
    page.get_by_label("Số người tham dự").fill("1.234")
    page.get_by_label("Tỷ lệ đảng viên tham dự").fill("85,3%")
    page.get_by_label("Kết nối trực tuyến đến cấp xã").select_option("co")
    page.get_by_label("Kết quả đạt được").fill("Tổ chức học tập Nghị quyết cho toàn thể đảng viên.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    expect(page.get_by_label("Số người tham dự")).to_have_value("1.234")
    shot(page, "report-entry-draft")

    page.get_by_role("button", name="Gửi báo cáo").click()  # the required field is empty
    expect(page.get_by_text("Chỉ tiêu bắt buộc, chưa nhập.")).to_be_visible()
    shot(page, "report-entry-required")
    page.get_by_label("Số buổi học tập, quán triệt").fill("3")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("Có số liệu 4/4 chỉ tiêu.")
    expect(page.get_by_text("1.234", exact=True)).to_be_visible()  # what will be sent, as text
    shot(page, "report-entry-confirm")
    page.get_by_role("button", name="Xác nhận gửi").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
    shot(page, "report-entry-submitted")
    page.context.clear_cookies()

    login(page, live_server.url, "lanhdao.daklak")
    reports_menu(page)
    page.get_by_role("link", name="Báo cáo chờ duyệt", exact=True).click()
    shot(page, "report-queue")
    page.get_by_role("link", name="Xem và duyệt").click()
    page.get_by_label("Ý kiến khi trả lại").fill("Số buổi chưa khớp với kế hoạch tháng 8.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Bị trả lại")
    shot(page, "report-returned")
    page.context.clear_cookies()

    login(page, live_server.url, "xa1.daklak")
    home(page)
    page.get_by_test_id("work-returned").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_test_id("report-history")).to_contain_text("Số buổi chưa khớp với kế hoạch tháng 8.")
    page.get_by_label("Số buổi học tập, quán triệt").fill("4")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_role("button", name="Xác nhận gửi").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
    shot(page, "report-resubmitted")
    page.context.clear_cookies()

    login(page, live_server.url, "lanhdao.daklak")
    home(page)
    page.get_by_test_id("work-review").get_by_role("link", name=title, exact=True).click()
    page.get_by_test_id("queue").get_by_role("link", name="Xem và duyệt").click()
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã tiếp nhận")
    shot(page, "report-accepted")

    # The leader sees who has reported and exports the consolidated figures, from the reports page.
    reports_menu(page)
    overview = page.get_by_test_id("overviews").get_by_role("row").filter(has_text=form.name)
    overview.get_by_role("cell").nth(2).get_by_role("link", name=period.label, exact=True).click()  # submissions
    row = page.get_by_test_id("completeness").locator("tr", has_text="Phường Buôn Ma Thuột")
    expect(row).to_contain_text("Đã tiếp nhận")
    shot(page, "report-completeness")
    reports_menu(page)
    overview.get_by_role("cell").nth(3).get_by_role("link", name=period.label, exact=True).click()  # figures
    figures = page.get_by_test_id("figures").first
    expect(figures.locator("tr", has_text="Số người tham dự")).to_contain_text("1.234")
    for name, suffix in (("Bảng số liệu (Excel)", ".xlsx"), ("Báo cáo (Word)", ".docx")):
        with page.expect_download() as info:
            page.get_by_role("link", name=name).click()
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        target = ARTIFACTS / f"report-e2e{suffix}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        download.save_as(target)
        assert target.read_bytes()[:2] == b"PK"
    page.context.clear_cookies()

    login(page, live_server.url, "xa1.daklak")
    reports_menu(page)
    recent = page.get_by_test_id("recent").get_by_role("row").filter(has_text=period.label)
    recent.get_by_role("link", name="Xem", exact=True).click()
    expect(page.get_by_test_id("value-ht-buoi")).to_have_text("4")  # read as text, no input
    expect(page.get_by_label("Số buổi học tập, quán triệt")).to_have_count(0)
    expect(page.get_by_role("button", name="Lưu nháp")).to_have_count(0)
    shot(page, "report-entry-locked")
