"""The API in a real browser: a specialist creates a token from the user menu, sees it once, opens the
interactive docs from the token page and calls the API from them. Nothing loads from another host and the
Content-Security-Policy blocks nothing on the docs page.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.units import loader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db: None) -> dict[str, object]:
    loader.load(log=lambda _m: None)
    return demo.ensure_demo()


def test_a_specialist_creates_a_token_and_calls_the_api_from_the_docs(page: Page, live_server, demo_data):
    host = urlparse(live_server.url).netloc
    requested: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))

    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("button", name="Trần Thị Bình").or_(page.get_by_role("link", name="Trần Thị Bình")).click()
    page.get_by_role("link", name="Mã truy cập API").click()
    expect(page.get_by_role("heading", name="Mã truy cập API")).to_be_visible()
    page.get_by_label("Tên mã").fill("Bảng điều hành")
    page.get_by_role("button", name="Tạo mã").click()
    secret_box = page.get_by_test_id("api-secret")
    expect(secret_box).to_be_visible()
    secret = secret_box.locator("code").inner_text().strip()
    assert secret.startswith("tg_")
    shot(page, "api-token-created")

    page.get_by_role("link", name="Tài liệu API").click()
    expect(page.get_by_role("heading", name="Tuyên giáo số – API v1")).to_be_visible(timeout=20_000)
    shot(page, "api-docs")

    page.locator("button.authorize").first.click()
    modal = page.locator(".modal-ux")
    modal.locator("input").first.fill(secret)
    modal.locator("button.modal-btn.authorize").click()
    modal.locator("button.btn-done").click()
    operation = page.locator(".opblock", has=page.locator('.opblock-summary-path[data-path="/api/v1/units/"]'))
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_contain_text(
        "200", timeout=20_000
    )
    shot(page, "api-docs-call")

    foreign = [url for url in requested if urlparse(url).netloc not in (host, "") and not url.startswith("data:")]
    assert not foreign, foreign
    blocked = [line for line in console if "Content Security Policy" in line or "Refused to" in line]
    assert not blocked, blocked
