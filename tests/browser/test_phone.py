"""A commune specialist on a phone (390 × 844): signs in from the home page and clicks through the home page,
the reports list, a report's entry page, the document registry and the meetings list. No page scrolls
sideways, and the entry page's save buttons stay in view while the form is scrolled.

Screenshots are saved under test-artifacts/browser/ (phone-*.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import ARTIFACTS, shot
from tuyengiao.accounts import demo
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.meetings.demo import ensure_meetings
from tuyengiao.reports.demo import ensure_forms
from tuyengiao.units import loader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_data(transactional_db: None, settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    ensure_documents()
    ensure_forms()
    ensure_meetings()


def no_sideways_scroll(page: Page, name: str) -> None:
    shot(page, f"phone-{name}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page is {width} px wide on a {PHONE['width']} px phone"


def open_menu_item(page: Page, name: str) -> None:
    page.get_by_role("button", name="Mở menu").click()
    page.locator("#tg-nav").get_by_role("link", name=name, exact=True).click()


def test_a_commune_specialist_works_on_a_phone_without_scrolling_sideways(page: Page, live_server, demo_data):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    no_sideways_scroll(page, "login")
    page.get_by_label("Tên đăng nhập").fill("xa1.daklak")
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào, Lê Văn Cường")).to_be_visible()
    no_sideways_scroll(page, "home")

    open_menu_item(page, "Báo cáo")
    expect(page.get_by_role("heading", name="Báo cáo định kỳ")).to_be_visible()
    no_sideways_scroll(page, "reports")

    page.get_by_test_id("tasks").get_by_role("link", name="Mở").first.click()
    save = page.get_by_role("button", name="Lưu nháp")
    expect(save).to_be_visible()
    no_sideways_scroll(page, "report-entry")
    page.locator("#tg-report-entry fieldset").last.scroll_into_view_if_needed()
    page.mouse.wheel(0, -300)  # the middle of a long form: the buttons are still at the bottom of the screen
    expect(save).to_be_in_viewport()
    expect(page.get_by_role("button", name="Gửi báo cáo")).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "phone-report-entry-scrolled.png"))
    page.locator("#tg-report-entry fieldset").first.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()

    open_menu_item(page, "Văn bản")
    expect(page.get_by_role("heading", name="Sổ đăng ký văn bản")).to_be_visible()
    no_sideways_scroll(page, "documents")
    expect(page.get_by_label("Loại văn bản")).to_be_hidden()  # the filters are folded on a phone
    page.get_by_text("Bộ lọc", exact=True).click()
    expect(page.get_by_label("Loại văn bản")).to_be_visible()
    no_sideways_scroll(page, "documents-filters")

    open_menu_item(page, "Hội nghị")
    expect(page.get_by_role("heading", name="Hội nghị, giao ban, học tập nghị quyết")).to_be_visible()
    no_sideways_scroll(page, "meetings")
