"""A month of work, walked as new users would: from the home page, by clicking, never typing an address or a
period code. A commune specialist sends last month's report (checking what will be sent), the provincial leader
is told by the bell, returns it with a reason, the commune is told, corrects and sends again, the leader accepts
and reads the province's figures.

Screenshots are saved under test-artifacts/browser/ (month-*.png).
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_report_entry import make_form
from tests.browser.test_unit_tree import demo_data, shot  # noqa: F401  (fixture)
from tuyengiao.accounts import demo
from tuyengiao.lib.periods import PeriodType, last_closed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, username: str) -> None:
    """Open the site's address (its only typed address) and sign in on the page it shows."""
    page.goto(base)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()


def sign_out(page: Page) -> None:
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def test_a_commune_and_the_province_go_through_a_month_from_the_home_page(page: Page, live_server, demo_data):  # noqa: F811
    form = make_form()
    month = last_closed(PeriodType.MONTH, timezone.localdate())
    entry_link = f"{form.name} – {month.label}"
    page.on("dialog", lambda dialog: dialog.accept())  # return, accept: the user agrees when asked

    # The commune's specialist is told what to send, sends it after seeing what will be sent.
    sign_in(page, live_server.url, "xa1.daklak")
    work = page.get_by_test_id("work-to_submit")
    expect(work).to_contain_text(entry_link)
    shot(page, "month-1-commune-home")
    work.get_by_role("link", name=entry_link).click()
    page.get_by_label("Số buổi học tập, quán triệt").fill("3")
    page.get_by_label("Số người tham dự").fill("1.234")
    page.get_by_label("Tỷ lệ đảng viên tham dự").fill("85,3%")
    page.get_by_label("Kết nối trực tuyến đến cấp xã").select_option("co")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("Có số liệu 4/4 chỉ tiêu.")
    shot(page, "month-2-what-will-be-sent")
    page.get_by_role("button", name="Xác nhận gửi").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
    page.get_by_role("link", name="Trang chủ").click()
    expect(page.get_by_test_id("work-to_submit")).not_to_contain_text(entry_link)
    sign_out(page)

    # The leader's bell says something came; the home page leads to the report; it goes back with a reason.
    sign_in(page, live_server.url, "lanhdao.daklak")
    expect(page.get_by_test_id("bell-count")).to_contain_text("1")
    review = page.get_by_test_id("work-review")
    expect(review).to_contain_text("1 báo cáo chờ tiếp nhận")
    shot(page, "month-3-leader-home")
    review.get_by_role("link", name=entry_link).click()
    page.get_by_role("link", name="Xem và duyệt").click()
    page.get_by_label("Ý kiến khi trả lại").fill("Số buổi chưa khớp với kế hoạch tháng.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Bị trả lại")
    sign_out(page)

    # The commune is told by the bell and by its home page, opens the notification and corrects.
    sign_in(page, live_server.url, "xa1.daklak")
    expect(page.get_by_test_id("work-returned")).to_contain_text("Số buổi chưa khớp với kế hoạch tháng.")
    page.get_by_test_id("bell").click()
    notice = page.get_by_test_id("notices").locator("li", has_text="bị trả lại")
    shot(page, "month-4-commune-notices")
    notice.get_by_role("button", name="Mở").click()
    expect(page.get_by_test_id("report-history")).to_contain_text("Số buổi chưa khớp với kế hoạch tháng.")
    page.get_by_label("Số buổi học tập, quán triệt").fill("4")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_role("button", name="Xác nhận gửi").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("bell")).not_to_contain_text("1")  # the notification was read when opened
    sign_out(page)

    # The leader accepts and reads the province's figures for the month, reached by links.
    sign_in(page, live_server.url, "lanhdao.daklak")
    page.get_by_test_id("work-review").get_by_role("link", name=entry_link).click()
    page.get_by_role("link", name="Xem và duyệt").click()
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã tiếp nhận")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    consolidated = page.get_by_test_id("overviews").locator("tbody tr td:nth-child(4)").first  # "Số liệu tổng hợp"
    consolidated.get_by_role("link", name=month.label, exact=True).click()
    figures = page.get_by_test_id("figures").first
    expect(figures.locator("tr", has_text="Số người tham dự")).to_contain_text("1.234")
    expect(page.get_by_label("Kỳ báo cáo")).to_have_value(month.label)  # shown in words, not as a code
    shot(page, "month-5-consolidated")
