"""Dissemination coverage in a real browser: the commission specialist opens a document, follows the link to
its study coverage in Đắk Lắk, sees done / not yet and the percentage reached, and drills down to a session.
No address is typed after logging in: the document is found through the menu's document register.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tests.dissemination.conftest import BMT_OLD, session, unit
from tuyengiao.accounts import demo
from tuyengiao.dissemination.models import DisseminationPlan, PartyMemberCount
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Document
from tuyengiao.units import loader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def studied(transactional_db: None) -> Document:
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    ensure_documents()
    document = Document.objects.get(code="35-NQ/TW")
    DisseminationPlan.objects.create(
        document=document,
        unit=unit("p:66"),
        starts_on=dt.date(2025, 1, 1),
        deadline=dt.date(2025, 9, 30),
        target_levels=["commune"],
        include_affiliated=False,
    )
    for index, key in enumerate(BMT_OLD):
        session(unit(key), dt.date(2025, 3, 3 + index), document, attendees=60, members=50)
        PartyMemberCount.objects.create(unit=unit(key), valid_from=dt.date(2025, 1, 1), count=100)
    return document


def test_the_specialist_sees_coverage_and_drills_down_to_a_session(page: Page, live_server, studied):
    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Văn bản", exact=True).first.click()
    page.get_by_label("Số, ký hiệu hoặc từ khóa (không cần gõ dấu)").fill(studied.code)
    page.get_by_role("search").get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_test_id("document-rows").get_by_role("link", name=studied.code, exact=True).click()
    page.get_by_role("link", name="Tình hình học tập, quán triệt").click()
    page.get_by_label("Đến ngày (cơ cấu tổ chức tại ngày)").fill("31/08/2025")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("count-expected")).to_have_text("102")
    expect(page.get_by_test_id("count-done")).to_have_text("1")
    expect(page.get_by_test_id("count-not-done")).to_have_text("101")
    expect(page.get_by_test_id("percent")).to_contain_text("50,0%")
    row = page.get_by_test_id(f"row-{unit('c2025:24133').pk}")
    expect(row).to_contain_text("Đã học tập (đơn vị trước sắp xếp)")
    expect(page.get_by_test_id("coverage")).to_contain_text("Chưa học tập")
    shot(page, "dissemination-coverage")
    row.get_by_role("link").click()
    sessions = page.get_by_test_id("sessions")
    expect(sessions).to_contain_text("Đảng ủy phường Tân Lợi")
    expect(sessions.get_by_role("row")).to_have_count(7)
    shot(page, "dissemination-sessions")
