"""The registry in a real browser: the provincial specialist registers a document, attaches its PDF,
and finds it again by typing its number the way people do ("5-ct/tw").

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.documents.demo import ensure_fields_of_work
from tuyengiao.units import loader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Size 4/Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def demo_data(transactional_db: None, settings, tmp_path: Path) -> dict[str, object]:
    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    ensure_fields_of_work()  # an earlier transactional test flushed the rows the migration created
    return demo.ensure_demo()


def register(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Văn bản", exact=True).first.click()


def search(page: Page, text: str) -> None:
    page.get_by_label("Số, ký hiệu hoặc từ khóa (không cần gõ dấu)").fill(text)
    page.get_by_role("search").get_by_role("button", name="Tìm", exact=True).click()


def test_the_specialist_registers_a_document_attaches_a_pdf_and_finds_it_by_code(
    page: Page, live_server, demo_data, tmp_path: Path
):
    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("link", name="Văn bản", exact=True).click()
    expect(page.get_by_role("heading", name="Sổ đăng ký văn bản")).to_be_visible()
    page.get_by_role("link", name="Thêm văn bản").first.click()  # also offered by the empty list

    page.get_by_label("Số, ký hiệu", exact=True).fill("5-ct/tw")
    page.get_by_label("Ngày ban hành", exact=True).fill("15/05/2016")
    page.get_by_label("Tên cơ quan ban hành", exact=True).fill("Bộ Chính trị")
    page.get_by_label("Trích yếu", exact=True).fill(
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    page.get_by_label("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh").check()
    page.get_by_label("Công khai", exact=True).check()
    shot(page, "document-create")
    page.get_by_role("button", name="Thêm vào sổ").click()

    expect(page.get_by_role("heading", name="Chỉ thị số 05-CT/TW")).to_be_visible()
    pdf = tmp_path / "chi-thi-05.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Chọn tệp để đính kèm").set_input_files(str(pdf))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã đính kèm tệp “chi-thi-05.pdf”.")).to_be_visible()
    expect(page.get_by_test_id("attachments").get_by_role("link", name="chi-thi-05.pdf")).to_be_visible()
    shot(page, "document-detail")

    page.get_by_role("link", name="Sổ đăng ký văn bản").click()
    page.get_by_label("Số, ký hiệu hoặc từ khóa (không cần gõ dấu)").fill("5-ct/tw")
    page.get_by_role("button", name="Tìm").click()
    rows = page.get_by_test_id("document-rows")
    expect(rows.get_by_role("link", name="05-CT/TW")).to_be_visible()
    expect(page.get_by_text("1 văn bản mang số “5-ct/tw”.")).to_be_visible()
    shot(page, "document-search-5-ct-tw")

    page.get_by_label("Số, ký hiệu hoặc từ khóa (không cần gõ dấu)").fill("hoc tap lam theo")
    page.get_by_role("button", name="Tìm").click()
    expect(rows.get_by_role("link", name="05-CT/TW")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "document-search-phone")


def test_the_specialist_imports_a_list_sees_row_errors_and_a_forged_pdf_is_refused(
    page: Page, live_server, demo_data, tmp_path: Path
):
    header = '"Số, ký hiệu",Ngày ban hành,Cơ quan ban hành,Trích yếu,Thực hiện văn bản\n'
    bad = tmp_path / "danh-sach-loi.csv"
    bad.write_text(
        header
        + "40-KH/BTGTU,12/03/2024,Ban Tuyên giáo Tỉnh ủy Đắk Lắk,Kế hoạch tuyên truyền năm 2024,\n"
        + "41-KH/BTGTU,31/02/2024,Ban Tuyên giáo Tỉnh ủy Đắk Lắk,Kế hoạch có ngày sai,\n",
        encoding="utf-8-sig",
    )
    good = tmp_path / "danh-sach.csv"
    good.write_text(
        header
        + "04-ĐA/TU,15/06/2021,Tỉnh ủy Đắk Lắk,Đổi mới công tác tuyên giáo giai đoạn 2021 - 2025,\n"
        + "25-KH/BTGTU,10/01/2022,Ban Tuyên giáo Tỉnh ủy Đắk Lắk,Phối hợp thực hiện Đề án,04-ĐA/TU\n",
        encoding="utf-8-sig",
    )
    login(page, live_server.url, "chuyenvien.daklak")
    register(page)
    page.get_by_role("link", name="Nhập từ tệp Excel/CSV").first.click()  # also offered by the empty list
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("31/02/2024")
    expect(errors.locator("tbody tr")).to_have_count(1)
    shot(page, "document-import-errors")

    register(page)
    page.get_by_role("link", name="Nhập từ tệp Excel/CSV").first.click()
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_test_id("import-created").locator("tbody tr")).to_have_count(2)
    shot(page, "document-import-done")

    # Nothing of the first file was imported; the second file's plan implements the project.
    register(page)
    search(page, "40-KH/BTGTU")
    expect(page.get_by_text("Chưa có văn bản số “40-KH/BTGTU”")).to_be_visible()
    search(page, "25-kh/btgtu")
    page.get_by_test_id("document-rows").get_by_role("link", name="25-KH/BTGTU").click()
    expect(page.get_by_text("04-ĐA/TU").first).to_be_visible()

    fake = tmp_path / "khong-phai-pdf.pdf"
    fake.write_text("đây là văn bản thường, không phải PDF", encoding="utf-8")
    page.get_by_label("Chọn tệp để đính kèm").set_input_files(str(fake))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("không phải PDF, DOCX, PNG hoặc JPG hợp lệ")).to_be_visible()
    shot(page, "document-forged-pdf")


def test_a_neighbouring_commune_cannot_open_a_wards_internal_document(page: Page, live_server, demo_data):
    from tuyengiao.documents.demo import ensure_documents
    from tuyengiao.documents.models import Document

    ensure_documents()
    ward_plan = Document.objects.get(code="03-KH/ĐU")
    login(page, live_server.url, "xa2.daklak")
    # An attacker's probe: the neighbour types the ward document's address (its id), which no page of theirs links.
    response = page.goto(f"{live_server.url}/van-ban/{ward_plan.pk}/")
    assert response is not None and response.status == 404
    register(page)
    search(page, "03-kh/du")
    expect(page.get_by_test_id("document-rows").get_by_role("link", name="03-KH/ĐU")).to_have_count(0)
    shot(page, "document-isolation")
