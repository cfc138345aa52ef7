"""A seed conference recorded in a real browser (seed 000's structure, in Đắk Lắk's demo accounts): the
provincial specialist enters the chair, a bridge point, a document, a speech, results, limitations, two
numbered tasks, then downloads the notice of conclusions and we open the DOCX.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_specialist_records_a_review_conference_and_downloads_its_notice_of_conclusions(
    page: Page, live_server, demo_data, tmp_path: Path
):
    from docx import Document as Docx

    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Hội nghị", exact=True).first.click()
    page.get_by_role("link", name="Ghi hội nghị mới").click()
    page.get_by_label("Loại hội nghị").select_option(label="Hội nghị tổng kết")
    page.get_by_label("Tên hội nghị").fill(
        "Hội nghị tổng kết công tác tuyên giáo năm 2025, triển khai nhiệm vụ năm 2026"
    )
    page.get_by_label("Ngày họp").fill("08/01/2026")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.locator("#id_mode").select_option(label="Trực tiếp kết hợp trực tuyến")
    page.get_by_label("Địa điểm chính").fill("Hội trường Tỉnh ủy")
    page.get_by_label("Kỳ tổng kết").fill("2025")

    chairs = page.locator('fieldset[data-formset="chu-tri"]')
    chairs.get_by_label("Chức vụ lúc chủ trì").first.fill("Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")
    bridges = page.locator('fieldset[data-formset="diem-cau"]')
    bridges.get_by_label("Đơn vị").first.select_option(label="Đảng ủy phường Buôn Ma Thuột")
    bridges.get_by_label("Địa điểm", exact=True).first.fill("Hội trường Đảng ủy phường")
    bridges.get_by_label("Số người dự", exact=True).first.fill("45")
    page.locator('fieldset[data-formset="van-ban"]').get_by_label("Văn bản (số, ký hiệu hoặc trích yếu)").first.fill(
        "5-ct/tw"
    )
    speeches = page.locator('fieldset[data-formset="phat-bieu"]')
    speeches.get_by_label("Tiêu đề, nội dung").first.fill("Nâng cao chất lượng đội ngũ báo cáo viên")
    page.get_by_label("Kết quả đạt được").fill("Hoàn thành các chỉ tiêu công tác tuyên giáo năm 2025.")
    page.get_by_label("Hạn chế, nguyên nhân").fill("Định hướng dư luận xã hội có lúc chưa kịp thời.")
    tasks = page.locator('fieldset[data-formset="nhiem-vu"]')
    tasks.get_by_label("Nội dung nhiệm vụ").nth(0).fill("Quán triệt nghị quyết đại hội Đảng các cấp")
    tasks.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(tasks.get_by_text("Hai là", exact=True)).to_be_visible()
    tasks.get_by_label("Nội dung nhiệm vụ").nth(1).fill("Kiện toàn đội ngũ báo cáo viên cấp xã")
    shot(page, "meeting-form")
    page.get_by_role("button", name="Lưu hội nghị").click()

    expect(page.get_by_text("Đã lưu hội nghị")).to_be_visible()
    expect(page.get_by_test_id("tasks").get_by_text("Một là,")).to_be_visible()
    expect(page.get_by_test_id("tasks").get_by_text("Hai là,")).to_be_visible()
    expect(page.get_by_test_id("bridge-points")).to_contain_text("Đảng ủy phường Buôn Ma Thuột")
    expect(page.get_by_test_id("documents").get_by_role("link", name="05-CT/TW")).to_be_visible()
    expect(page.get_by_test_id("awards")).to_contain_text("Không có.")
    expect(page.get_by_test_id("speeches-count")).to_have_text("1")
    shot(page, "meeting-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Thông báo kết luận (DOCX)").click()
    path = tmp_path / "thong-bao.docx"
    download_info.value.save_as(path)
    text = "\n".join(p.text for p in Docx(io.BytesIO(path.read_bytes())).paragraphs)
    assert "Một là, quán triệt nghị quyết đại hội Đảng các cấp." in text
    assert "Hai là, kiện toàn đội ngũ báo cáo viên cấp xã." in text
    assert "Định hướng dư luận xã hội có lúc chưa kịp thời." in text
