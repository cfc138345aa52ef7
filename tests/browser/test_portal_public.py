"""The public portal in a real browser, as an anonymous reader: the list of portals, a portal, a section, an
article and its print view, the document library, a search by number and a document's PDF preview; on a phone too.
No console error, no CSP violation. Screenshots under test-artifacts/browser/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import shot
from tests.portal.public_support import attach_image, attach_pdf, make_document
from tuyengiao.portal import cache as page_cache
from tuyengiao.portal.models import Article, Portal
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db: None, settings: Any, tmp_path: Path) -> Portal:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    page_cache.forget()
    loader.load(log=lambda _m: None)
    province, commission = Unit.objects.get(key="p:66"), Unit.objects.get(key="com:p:66")
    portal = Portal.open_for(
        commission,
        province,
        "dak-lak",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk",
        tagline="Thông tin công tác tuyên giáo và dân vận",
        contact="Số 9 Lê Duẩn, Buôn Ma Thuột",
        editor_in_chief="Trưởng Ban",
    )
    section = portal.sections.first()
    now = timezone.now()
    for n in range(3):
        article = Article.objects.create(
            portal=portal,
            section=section,
            slug=f"hoi-nghi-{n}",
            title=f"Hội nghị sơ kết công tác tuyên giáo số {n}",
            summary="Sáng nay, Ban tổ chức hội nghị sơ kết.",
            body="<p>Nội dung tin bài.</p>",
            author_name="Phòng Thông tin",
            status=Article.Status.PUBLISHED,
            published_at=now - dt.timedelta(hours=n + 1),
            featured=n == 0,
        )
        attach_image(portal, article)
    document = make_document(commission, "12-KH/BTGTU", "Tuyên truyền việc học tập và làm theo Bác năm 2023")
    attach_pdf(document, "ke-hoach-12.pdf")
    return portal


def test_an_anonymous_reader_browses_the_portal_and_previews_a_document(page: Page, live_server: Any, site: Any):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/cong/")
    page.get_by_role("link", name=site.title).click()
    expect(page.get_by_role("heading", name="Tin nổi bật")).to_be_visible()
    shot(page, "portal-home")

    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Tin hoạt động của Ban").click()
    expect(page.get_by_role("heading", name="Tin hoạt động của Ban", level=1)).to_be_visible()
    page.get_by_role("link", name="Hội nghị sơ kết công tác tuyên giáo số 1").click()
    expect(page.get_by_role("heading", name="Hội nghị sơ kết công tác tuyên giáo số 1", level=1)).to_be_visible()
    expect(page.locator("img[alt='Quang cảnh hội nghị']").first).to_be_visible()
    page.locator("label[for=diem-2]").click()  # the label of the (visually hidden) radio button
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá.")).to_be_visible()
    expect(page.get_by_text("2,0/5 (1 lượt)")).to_be_visible()
    shot(page, "portal-article")
    page.get_by_role("link", name="In trang").click()
    expect(page.get_by_role("button", name="In")).to_be_visible()
    expect(page.get_by_role("navigation", name="Chuyên mục")).to_have_count(0)
    page.get_by_role("link", name="Trở lại bài viết").click()

    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Văn bản").click()
    page.get_by_label("Số, ký hiệu hoặc từ khóa").fill("ke hoach so 12")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Kế hoạch số 12-KH/BTGTU").click()
    expect(page.get_by_role("heading", name="Kế hoạch số 12-KH/BTGTU")).to_be_visible()
    with page.expect_response(lambda r: "/xem-truoc/" in r.url) as preview:
        page.reload()
    assert preview.value.status == 200 and preview.value.headers["content-type"] == "application/pdf"
    expect(page.locator("iframe.tg-pdf")).to_be_visible()
    shot(page, "portal-document")

    page.get_by_label("Tìm tin bài, văn bản").fill("12-kh/btgtu")
    page.get_by_label("Tìm tin bài, văn bản").press("Enter")
    expect(page.get_by_role("link", name="Kế hoạch số 12-KH/BTGTU")).to_be_visible()
    page.get_by_label("Tìm tin bài, văn bản").fill("hoi nghi so ket")
    page.get_by_label("Tìm tin bài, văn bản").press("Enter")
    expect(page.get_by_role("link", name="Hội nghị sơ kết công tác tuyên giáo số 2")).to_be_visible()
    assert not problems, problems


def test_the_portal_reads_on_a_phone(page: Page, live_server: Any, site: Any):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/cong/")
    page.get_by_role("link", name=site.title).click()
    page.get_by_role("link", name="Hội nghị sơ kết công tác tuyên giáo số 0").first.click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing wider than the phone (the section menu scrolls inside itself)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Chuyển đến nội dung chính")).to_be_focused()
    shot(page, "portal-article-phone")
    assert not problems, problems
