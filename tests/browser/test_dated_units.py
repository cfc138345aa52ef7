"""Changing a meeting's date reloads its unit lists in the browser (htmx + static/js/dated-units.js): a
meeting of 21/07/2023 offers that day's districts in every bridge-point row, new rows included, names the
commission as it was then, and saves a 2023 district on the first try.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_changing_the_date_reloads_the_units_of_that_day(page: Page, live_server, demo_data):
    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Hội nghị", exact=True).first.click()
    page.get_by_role("link", name="Ghi hội nghị mới").click()
    bridges = page.locator('fieldset[data-formset="diem-cau"]')
    first = bridges.get_by_label("Đơn vị").first
    expect(first.locator("option", has_text="Đảng ủy phường Buôn Ma Thuột")).to_have_count(1)
    expect(first.locator("option", has_text="Huyện ủy Krông Pắc")).to_have_count(0)

    page.get_by_label("Ngày họp").fill("21/07/2023")
    page.get_by_label("Ngày họp").press("Tab")  # "change": htmx reloads the lists for that day
    expect(first.locator("option", has_text="Huyện ủy Krông Pắc")).to_have_count(1)
    expect(first.locator("option", has_text="Đảng ủy phường Buôn Ma Thuột")).to_have_count(0)
    organiser = page.get_by_label("Đơn vị tổ chức")
    expect(organiser.locator("option", has_text="Ban Tuyên giáo Tỉnh ủy Đắk Lắk")).to_have_count(1)
    expect(organiser).not_to_have_value("")

    bridges.get_by_role("button", name="Thêm điểm cầu").click()  # a new row copies the reloaded list
    expect(bridges.get_by_label("Đơn vị").nth(1).locator("option", has_text="Huyện ủy Krông Pắc")).to_have_count(1)

    page.get_by_label("Loại hội nghị").select_option(label="Hội nghị sơ kết")
    page.get_by_label("Tên hội nghị").fill("Sơ kết 6 tháng đầu năm 2023")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    first.select_option(label="Huyện ủy Krông Pắc")
    bridges.get_by_label("Địa điểm", exact=True).first.fill("Hội trường Huyện ủy")
    shot(page, "meeting-2023-units")
    page.get_by_role("button", name="Lưu hội nghị").click()
    expect(page.get_by_text("Đã lưu hội nghị")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.bridge_points.get().unit.key == "d:654"
