"""A newcomer's path in a real browser: log in, browse the tree at two dates, search.

Screenshots are saved under test-artifacts/browser/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tuyengiao.accounts import demo
from tuyengiao.units import loader

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db: None) -> dict[str, object]:
    # Transactional tests empty the database afterwards, so each test loads what it needs.
    loader.load(log=lambda _m: None)
    return demo.ensure_demo()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page: Page, base: str, username: str, code: str | None = None) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    shot(page, f"login-{username}")
    page.get_by_role("button", name="Đăng nhập").click()
    if code:
        page.get_by_label("Mã xác thực").fill(code)
        page.get_by_role("button", name="Xác nhận").click()


def test_the_administrator_logs_in_browses_two_dates_and_searches(page: Page, live_server, demo_data):
    codes = demo_data["admin_backup_codes"]
    login(page, live_server.url, "quantri", codes[0])  # type: ignore[index]
    expect(page.get_by_role("heading", name="Xin chào, Quản trị hệ thống")).to_be_visible()
    shot(page, "home-admin")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_label("Cơ cấu tại ngày").fill("31/12/2024")
    page.get_by_role("button", name="Xem").click()
    page.get_by_role("link", name="Ban Chấp hành Trung ương Đảng", exact=True).click()
    rows = page.get_by_test_id("unit-rows").locator("li")
    expect(rows).to_have_count(64)  # 63 provinces + the central commission
    shot(page, "tree-2024-12-31")

    page.get_by_label("Cơ cấu tại ngày").fill("01/07/2025")
    page.get_by_role("button", name="Xem").click()
    expect(rows).to_have_count(35)  # 34 provinces + the central commission
    shot(page, "tree-2025-07-01")

    page.get_by_role("link", name="Tỉnh Đắk Lắk", exact=True).click()
    expect(page.get_by_test_id("unit-rows").locator("li", has_text="Cấp xã")).to_have_count(102)
    shot(page, "dak-lak-2025-07-01")

    page.get_by_label("Tìm đơn vị (không cần gõ dấu)").fill("dak lak")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("link", name="Tỉnh Đắk Lắk", exact=True)).to_be_visible()
    shot(page, "search-dak-lak")


def test_a_commune_specialist_sees_only_their_commune(page: Page, live_server, demo_data):
    login(page, live_server.url, "xa1.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Đơn vị", exact=True).first.click()
    expect(page.get_by_test_id("unit-rows").locator("li")).to_have_count(1)
    shot(page, "tree-commune-specialist")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    shot(page, "home-commune-phone")
