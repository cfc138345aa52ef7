"""Issue #14, end to end as a new user would: from the home page, through the menu, the provincial specialist
records the 2023 half-year review conference with its chair and tasks, then downloads the notice of conclusions
as DOCX and as PDF and reads them: each task lowered after "Một là,", the head's signature and her name.

No address is typed after logging in: every page is reached by clicking. Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.lib import officedoc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(
    officedoc.soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are needed for the PDF: scripts/install-office.sh",
)
def test_a_new_specialist_records_the_2023_half_year_review_and_downloads_its_notice_as_docx_and_pdf(
    page: Page, live_server, demo_data, tmp_path: Path
):
    from docx import Document as Docx

    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Trang chủ", exact=True).first.click()
    page.get_by_role("navigation").get_by_role("link", name="Hội nghị", exact=True).first.click()
    page.get_by_role("link", name="Ghi hội nghị mới").click()

    page.get_by_label("Ngày họp").fill("20/07/2023")
    page.get_by_label("Ngày họp").press("Tab")
    page.get_by_label("Đơn vị tổ chức").select_option(label="Ban Tuyên giáo Tỉnh ủy Đắk Lắk")
    page.get_by_label("Loại hội nghị").select_option(label="Hội nghị sơ kết")
    page.get_by_label("Tên hội nghị").fill(
        "Hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2023"
    )
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.locator("#id_mode").select_option(label="Trực tiếp")
    page.get_by_label("Địa điểm chính").fill("Hội trường Tỉnh ủy")
    page.get_by_label("Kỳ tổng kết").fill("6 tháng đầu năm 2023")

    chairs = page.locator('fieldset[data-formset="chu-tri"]')
    chairs.get_by_label("Họ và tên").first.fill("Nguyễn Thị Hoa")
    chairs.get_by_label("Chức vụ lúc chủ trì").first.fill("Trưởng Ban Tuyên giáo Tỉnh ủy")
    page.get_by_label("Kết quả đạt được").fill("Hoàn thành các chỉ tiêu 6 tháng đầu năm 2023.")
    page.get_by_label("Hạn chế, nguyên nhân").fill("Nắm bắt dư luận xã hội ở cơ sở có lúc chưa kịp thời.")
    tasks = page.locator('fieldset[data-formset="nhiem-vu"]')
    tasks.get_by_label("Nội dung nhiệm vụ").nth(0).fill("Tiếp tục quán triệt Nghị quyết số 35-NQ/TW")
    tasks.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(tasks.get_by_text("Hai là", exact=True)).to_be_visible()
    tasks.get_by_label("Nội dung nhiệm vụ").nth(1).fill("Kiện toàn đội ngũ báo cáo viên cấp huyện")
    shot(page, "half-year-review-form")
    page.get_by_role("button", name="Lưu hội nghị").click()

    expect(page.get_by_text("Đã lưu hội nghị")).to_be_visible()
    expect(page.get_by_test_id("tasks")).to_contain_text("Một là, tiếp tục quán triệt Nghị quyết số 35-NQ/TW")
    expect(page.get_by_test_id("speeches")).to_have_text("Chưa ghi từng ý kiến.")
    shot(page, "half-year-review-detail")

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Thông báo kết luận (DOCX)").click()
    docx_path = tmp_path / "thong-bao.docx"
    docx_download.value.save_as(docx_path)
    document = Docx(io.BytesIO(docx_path.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Một là, tiếp tục quán triệt Nghị quyết số 35-NQ/TW." in text
    assert "Hai là, kiện toàn đội ngũ báo cáo viên cấp huyện." in text
    assert "Đắk Lắk, ngày 20 tháng 07 năm 2023" in document.tables[0].rows[0].cells[1].text
    signature = document.tables[-1].rows[0].cells[1].text
    assert "TRƯỞNG BAN" in signature and "K/T" not in signature and "Nguyễn Thị Hoa" in signature

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Thông báo kết luận (PDF)").click()
    pdf_path = tmp_path / "thong-bao.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(pdf_text.split())
    assert "Một là, tiếp tục quán triệt" in flat and "Nguyễn Thị Hoa" in flat
