"""The consolidated report's outputs: the page (figures, drill-down, chart data), XLSX, DOCX and PDF."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.reports.test_consolidation import form, report  # noqa: F401  (the fixture and helper)
from tuyengiao.lib import officedoc
from tuyengiao.lib.periods import Period
from tuyengiao.reports.consolidation import consolidate

PERIOD = "2025Q3"


@pytest.fixture
def figures(personas, form):  # noqa: F811
    report(form, personas.commune_unit1, "2025M08", ht_buoi=3, ht_nguoi=40, ht_dang_vien=Decimal("50"), ket_noi=True)
    report(form, personas.commune_unit2, "2025M08", ht_buoi=1200, ht_nguoi=60, ht_dang_vien=Decimal("80"))
    report(form, personas.commune_unit2, "2025M09", han_che="Thiếu báo cáo viên")
    return consolidate(form, personas.province, Period.parse(PERIOD))


def url(name, personas, **extra):
    params = {"don_vi": personas.province.pk, "mau": "bc-tg-xa", "ky": PERIOD, **extra}
    return f"{reverse(f'reports:{name}')}?{urlencode(params)}"


def test_the_leader_sees_the_provinces_figures_drill_down_and_chart_data(
    personas, figures, django_assert_max_num_queries
):
    client = personas.client(personas.leader)
    with django_assert_max_num_queries(42):  # includes the narrative's status and the edit right
        response = client.get(url("consolidated", personas))
    assert response.status_code == 200
    html = response.content.decode()
    assert figures["ht-buoi"].text == "1.203" and "1.203" in html
    assert figures["ht-dang-vien"].text == "68,0%" and "68,0%" in html
    assert "1/102" in html
    assert "Thiếu báo cáo viên" in html
    # The drill-down: one row per commune of 2025, linking to the same page for that commune.
    children = {c.unit_id: c for c in response.context["report"].children}
    assert len(children) == 102
    assert [f.text for f in children[personas.commune_unit1.pk].figures][:3] == ["3", "40", "50,0%"]
    child_link = url("consolidated", personas, don_vi=personas.commune_unit1.pk).replace("&", "&amp;")
    assert child_link in html
    assert 'id="tg-report-chart-data" type="application/json"' in html
    assert response.context["chart"]["series"][0]["data"] == [3, 1200]
    assert "echarts-5.6.0.min.js" in html and "chart-4.6.1" not in html
    assert "<script>" not in html  # CSP: nothing inline is executed


def test_a_commune_page_shows_its_own_figures(personas, figures):
    client = personas.client(personas.commune1)
    response = client.get(url("consolidated", personas, don_vi=personas.commune_unit1.pk))
    assert response.status_code == 200
    assert response.context["report"].blocks[0].rows[0].figure.value == 3


@pytest.mark.parametrize("who", ["outsider", "commune2"])
@pytest.mark.parametrize("name", ["consolidated", "consolidated_xlsx", "consolidated_docx", "consolidated_pdf"])
def test_out_of_scope_users_get_404(personas, figures, who, name):
    assert personas.client(getattr(personas, who)).get(url(name, personas)).status_code == 404


def test_a_bad_period_is_explained(personas, figures):
    response = personas.client(personas.leader).get(url("consolidated", personas, ky="2025Q5"))
    assert response.status_code == 400
    assert (
        "Mã kỳ báo cáo không hợp lệ" in response.content.decode() and "Quý phải từ 1 đến 4" in response.content.decode()
    )


def test_the_xlsx_holds_the_figures_with_vietnamese_number_formats(personas, figures):
    from openpyxl import load_workbook

    response = personas.client(personas.leader).get(url("consolidated_xlsx", personas))
    assert response.status_code == 200
    # Named by form, period and unit (the Đ of Đắk Lắk kept as D in the ASCII fallback), not by the unit's id.
    assert response["Content-Disposition"].startswith(
        f"attachment; filename=\"bao-cao-bc-tg-xa-{PERIOD.lower()}-tinh-dak-lak.xlsx\"; filename*=UTF-8''B%C3%A1o"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Tổng hợp"]
    rows = {row[1].value: row[3] for row in sheet.iter_rows(min_row=6) if row[1].value}
    assert rows["Số buổi học tập, quán triệt"].value == 1203
    assert rows["Số buổi học tập, quán triệt"].number_format == "#,##0"
    assert rows["Tỷ lệ đảng viên tham dự"].value == pytest.approx(0.68)
    assert rows["Tỷ lệ đảng viên tham dự"].number_format == "0.0%"
    assert rows["Kết nối trực tuyến đến cấp xã"].value == "1/102"
    assert sheet.freeze_panes == "A6"
    assert book["Theo đơn vị"].max_row == 3 + 102


def _docx(personas):
    from docx import Document

    response = personas.client(personas.leader).get(url("consolidated_docx", personas))
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def test_the_docx_follows_the_party_layout(personas, figures):
    document = _docx(personas)
    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.startswith("TỈNH ỦY ĐẮK LẮK\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n*\nSố")
    assert "-BC/BTGDVTU" in left
    assert right.startswith("ĐẢNG CỘNG SẢN VIỆT NAM")
    national = header.rows[0].cells[1].paragraphs[0].runs[0]
    assert national.bold and national.underline and national.font.size.pt == 15
    assert "Đắk Lắk, ngày " in right and header.rows[0].cells[1].paragraphs[1].runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả công tác tuyên giáo quý III năm 2025" in texts
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in texts
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14
    cells = [cell.text for table in document.tables[1:] for row in table.rows for cell in row.cells]
    assert {"1.203", "68,0%", "1/102"} <= set(cells)
    signature = document.tables[-1].rows[0].cells
    assert signature[0].text.startswith("Nơi nhận:")
    assert signature[1].text.startswith("K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN")


needs_office = pytest.mark.skipif(
    officedoc.soffice() is None and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) is not installed: run scripts/install-office.sh (CI installs it)",
)


@needs_office
def test_the_pdf_is_the_same_document(personas, figures):
    response = personas.client(personas.leader).get(url("consolidated_pdf", personas))
    assert response.status_code == 200, response.content[:500]
    assert response.content.startswith(b"%PDF")


def test_without_libreoffice_the_pdf_page_says_so_in_vietnamese(personas, figures, monkeypatch):
    monkeypatch.setattr(officedoc, "soffice", lambda: None)
    response = personas.client(personas.leader).get(url("consolidated_pdf", personas))
    assert response.status_code == 503
    assert "chưa cài LibreOffice" in response.content.decode()


def test_a_communes_docx_is_issued_by_its_party_committee_under_the_provinces_party_organisation(personas, figures):
    from docx import Document

    client = personas.client(personas.commune1)
    response = client.get(url("consolidated_docx", personas, don_vi=personas.commune_unit1.pk))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    left = document.tables[0].rows[0].cells[0].text
    assert left.startswith("ĐẢNG BỘ TỈNH ĐẮK LẮK\n")
    assert document.tables[-1].rows[0].cells[1].text.startswith("T/M BAN THƯỜNG VỤ")


def test_the_docx_is_dated_on_the_periods_last_day_and_named_as_then_unless_a_date_is_entered(personas, figures):
    from docx import Document

    client = personas.client(personas.leader)
    response = client.get(url("consolidated_docx", personas, ky="2025Q1"))
    right = Document(io.BytesIO(response.content)).tables[0].rows[0].cells[1].text
    left = Document(io.BytesIO(response.content)).tables[0].rows[0].cells[0].text
    assert "ngày 31 tháng 03 năm 2025" in right  # not the export day
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN" in left  # merged on 01/03/2025
    response = client.get(url("consolidated_docx", personas, ky="2025Q1", ngay_ban_hanh="20/02/2025"))
    header = Document(io.BytesIO(response.content)).tables[0].rows[0].cells
    assert "ngày 20 tháng 02 năm 2025" in header[1].text
    assert "BAN TUYÊN GIÁO\n" in header[0].text  # before the merger: Ban Tuyên giáo
    page = client.get(url("consolidated", personas, ky="2025Q1", ngay_ban_hanh="31/02/2025")).content.decode()
    assert "Ngày ban hành phải có dạng dd/mm/yyyy." in page


def test_the_period_is_read_as_people_write_it_and_shown_so(personas, figures):
    page = personas.client(personas.leader).get(url("consolidated", personas, ky="Quý III/2025"))
    assert page.status_code == 200
    assert 'value="Quý III năm 2025"' in page.content.decode()


def test_opened_without_a_period_the_page_shows_the_latest_with_data_and_offers_a_list(personas, figures):
    params = urlencode({"don_vi": personas.province.pk, "mau": "bc-tg-xa"})
    page = personas.client(personas.leader).get(f"{reverse('reports:consolidated')}?{params}")
    html = page.content.decode()
    assert page.status_code == 200 and 'value="Tháng 9 năm 2025"' in html  # not an empty month of 2026
    assert '<option value="Quý III năm 2025">' in html and '<option value="6 tháng đầu năm 2025">' in html
