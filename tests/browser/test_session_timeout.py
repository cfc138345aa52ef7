"""The idle-session countdown in a real browser: warning, "continue", then expiry."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.units import loader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_countdown_warns_extends_and_finally_logs_out(page: Page, live_server, settings):
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    settings.SESSION_IDLE_MINUTES = 0.1  # 6 seconds; the warning shows for the last 3
    login(page, live_server.url, "xa1.daklak")
    warning = page.locator("#tg-session-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=6000)
    expect(page.locator("#tg-session-countdown")).to_contain_text("00:0")
    shot(page, "session-warning")
    page.get_by_role("button", name="Tiếp tục làm việc").click()
    expect(warning).to_be_hidden()
    # No more activity: the page goes to the login screen with the explanation.
    expect(page.get_by_text("Phiên làm việc đã hết hạn")).to_be_visible(timeout=12000)
    assert "/tai-khoan/dang-nhap/" in page.url
    shot(page, "session-expired")
