"""The portal's editorial desk in a real browser (issue #17): a commune's user opens "Cổng thông tin" from the
menu, writes an article in the rich-text editor (Quill, under the strict CSP), uploads an image from the
editor's image button and submits it; the commission's leader finds it under "Chờ duyệt", publishes it and
previews it with its caption. No Content-Security-Policy violation nor script error on the way.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.portal.models import Article, Portal
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db: None, settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    Portal.open_for(
        Unit.objects.get(key=demo.COMMISSION_KEY),
        Unit.objects.get(key=demo.PROVINCE_KEY),
        "dak-lak",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk",
    )
    picture = tmp_path / "hoi-nghi.png"
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (180, 20, 20)).save(out, format="PNG")
    picture.write_bytes(out.getvalue())
    return picture


def _watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text or "Refused to" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    return problems


def test_a_commune_writes_an_article_and_the_leader_publishes_it(page: Page, live_server: Any, world: Path) -> None:
    problems = _watch(page)
    base = live_server.url
    login(page, base, "xa1.daklak")
    page.get_by_role("link", name="Cổng thông tin").first.click()
    page.get_by_role("link", name="Viết tin mới").click()
    page.get_by_role("textbox", name="Tiêu đề", exact=True).fill("Xã tổ chức học tập chuyên đề năm 2025")
    editor = page.locator(".ql-editor")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Sáng nay, Đảng ủy xã tổ chức hội nghị học tập chuyên đề.")
    page.keyboard.press("Enter")
    page.locator("button.ql-bold").click()
    page.keyboard.type("Hơn 200 đảng viên tham dự.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("heading", name="Xã tổ chức học tập chuyên đề năm 2025")).to_be_visible()

    # The image button offers the upload form; the uploaded image goes into the text where the cursor was.
    page.locator(".ql-editor p").last.click()
    page.keyboard.press("End")
    page.locator("button.ql-image").click()
    page.get_by_label("Ảnh (JPEG, PNG, WebP)").set_input_files(str(world))
    page.get_by_label("Mô tả ảnh").fill("Quang cảnh hội nghị học tập")
    page.get_by_label("Chú thích").fill("Đảng viên dự hội nghị tại hội trường xã")
    page.get_by_role("button", name="Tải ảnh lên").click()
    expect(page.locator(".ql-editor img")).to_have_count(1)
    inserted = page.locator(".ql-editor img")
    for _ in range(50):  # the draft's image is shown from the desk (the public site serves it once live)
        if inserted.evaluate("img => img.complete && img.naturalWidth") == 320:
            break
        page.wait_for_timeout(100)
    assert inserted.evaluate("img => img.naturalWidth") == 320
    shot(page, "portal-desk-editor")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu")).to_be_visible()
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("status")).to_have_text("Chờ duyệt")
    article = Article.objects.get()
    assert "<strong>Hơn 200 đảng viên tham dự.</strong>" in article.body
    image = article.images.get()
    assert f'<p><img src="/cong/dak-lak/anh/{image.pk}/"' in article.body  # stored by its public address, own line

    page.context.clear_cookies()
    login(page, base, "lanhdao.daklak")
    page.get_by_role("link", name="Cổng thông tin").first.click()
    page.get_by_test_id("status-tabs").get_by_role("link", name="Chờ duyệt").click()
    page.get_by_role("link", name="Xã tổ chức học tập chuyên đề năm 2025").click()
    expect(page.get_by_test_id("history")).to_contain_text("Gửi duyệt")
    # The leader rewrites the caption before publishing (the image's own record: every page showing it follows).
    images_box = page.get_by_test_id("images")
    images_box.get_by_text("Sửa mô tả, chú thích hoặc xoá ảnh").click()
    images_box.get_by_label("Chú thích").fill("Hơn 200 đảng viên dự hội nghị tại hội trường xã")
    images_box.get_by_role("button", name="Lưu mô tả ảnh").click()
    expect(page.get_by_text("Đã lưu mô tả và chú thích của ảnh.")).to_be_visible()
    page.get_by_role("button", name="Duyệt và đăng").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã duyệt, đăng")
    page.get_by_role("link", name="Xem trước").click()
    preview = page.get_by_test_id("preview")
    expect(preview.locator("figcaption")).to_have_text("Hơn 200 đảng viên dự hội nghị tại hội trường xã")
    expect(preview.locator("figure img")).to_have_attribute("alt", "Quang cảnh hội nghị học tập")
    shot(page, "portal-desk-preview")
    article.refresh_from_db()
    assert article.is_live
    assert not problems, problems


def test_without_javascript_the_body_is_a_textarea_and_still_saved(browser: Any, live_server: Any, world: Path) -> None:
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("link", name="Cổng thông tin").first.click()
    page.get_by_role("link", name="Viết tin mới").click()
    expect(page.locator(".ql-editor")).to_have_count(0)
    page.get_by_role("textbox", name="Tiêu đề", exact=True).fill("Tin viết không có JavaScript")
    page.get_by_label("Nội dung").fill('<p>Đoạn một</p><p onclick="x()">Đoạn hai</p><script>alert(1)</script>')
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("heading", name="Tin viết không có JavaScript")).to_be_visible()
    assert Article.objects.get().body == "<p>Đoạn một</p><p>Đoạn hai</p>"
    context.close()
