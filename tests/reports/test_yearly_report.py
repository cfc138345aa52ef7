"""Issue #13 §4: the provincial year report a leader would sign, on the demo data of Đắk Lắk.

The default DOCX is the drafted narrative with the figures written into sentences, one table of figures
compared with the same period of the previous year, the signer, and no pasted unit texts; the units' texts
and figures come only in the annex asked for (``phu_luc=1``). Converted to PDF it stays under 15 pages.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tuyengiao.lib import officedoc
from tuyengiao.reports import demo

# The quarters' last months carry the units' texts in the demo; 2023M12 gives the comparison its figures.
MONTHS = ["2023M06", "2023M12", "2024M03", "2024M06", "2024M09", "2024M12"]
UNIT_LINE = re.compile(r"^– (Phường|Xã|Thị trấn) [^:]+: ")

needs_office = pytest.mark.skipif(
    officedoc.soffice() is None and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) is not installed: run scripts/install-office.sh (CI installs it)",
)


@pytest.fixture
def year(personas):
    demo.ensure_reports(months=MONTHS)
    return personas


def url(name, personas, **extra):
    params = {"don_vi": personas.province.pk, "mau": demo.MONTHLY_FORM, "ky": "2024", **extra}
    return f"{reverse(f'reports:{name}')}?{urlencode(params)}"


def _paragraphs(content: bytes) -> list[str]:
    from docx import Document

    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return texts


def test_the_default_year_report_writes_the_figures_into_sentences_and_pastes_no_unit_texts(year):
    client = year.client(year.leader)
    plain = client.get(url("consolidated_docx", year))
    assert plain.status_code == 200
    texts = _paragraphs(plain.content)
    assert not [t for t in texts if UNIT_LINE.match(t)]
    results = next(t for t in texts if t.startswith("Học tập, quán triệt nghị quyết. "))
    assert "Năm 2024, toàn tỉnh: " in results and "so với năm 2023" in results
    assert re.search(r"đạt [\d.]+ buổi, (tăng|giảm) \d+,\d%", results)
    assert re.search(r"\d+/\d+ đơn vị cấp xã có cán bộ phụ trách công tác tuyên giáo", " ".join(texts))

    annexed = client.get(url("consolidated_docx", year, phu_luc=1))
    texts = _paragraphs(annexed.content)
    assert "PHỤ LỤC" in texts
    assert len([t for t in texts if UNIT_LINE.match(t)]) > 50


@needs_office
def test_the_default_year_report_of_the_province_has_fewer_than_15_pages(year, tmp_path):
    response = year.client(year.leader).get(url("consolidated_pdf", year))
    assert response.status_code == 200, response.content[:300]
    assert response.content.startswith(b"%PDF")
    target = tmp_path / "report.pdf"
    target.write_bytes(response.content)
    # LibreOffice writes one "/Type /Page" dictionary per page (no poppler needed); pdfinfo agrees where installed.
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", response.content))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        assert f"Pages:           {pages}" in info or re.search(rf"^Pages:\s+{pages}$", info, re.M)
    assert 2 <= pages < 15
    if os.environ.get("TG_KEEP_REPORT"):  # a developer's look at the pages: TG_KEEP_REPORT=/tmp/dir
        shutil.copy(target, os.environ["TG_KEEP_REPORT"])


def test_the_signer_posted_on_the_reports_date_signs_under_the_title_block_of_the_header(year):
    from docx import Document

    from tuyengiao.people.models import Person, Posting

    commission = year.commission
    deputy = Person.objects.create(full_name="Trần Thị Thu")
    Posting.objects.create(person=deputy, unit=commission, position="Phó Trưởng ban", from_date=dt.date(2020, 3, 1))
    gone = Person.objects.create(full_name="Lê Văn Cũ")
    Posting.objects.create(
        person=gone,
        unit=commission,
        position="Phó Trưởng ban",
        from_date=dt.date(2015, 1, 1),
        to_date=dt.date(2024, 6, 30),
    )
    head = Person.objects.create(full_name="Nguyễn Văn Bình")
    Posting.objects.create(person=head, unit=commission, position="Trưởng ban", from_date=dt.date(2020, 3, 1))
    client = year.client(year.leader)
    document = Document(io.BytesIO(client.get(url("consolidated_docx", year)).content))
    signature = document.tables[-1].rows[0].cells[1].text.split("\n")
    assert [line for line in signature if line.strip()] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Thị Thu"]
    # A 2024 posting that ended before 31/12/2024 is not offered; the head is, under "TRƯỞNG BAN".
    page = client.get(url("consolidated_narrative", year)).content.decode()
    assert 'value="Trần Thị Thu" data-title="K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN"' in page
    assert 'value="Nguyễn Văn Bình" data-title="TRƯỞNG BAN"' in page
    assert "Lê Văn Cũ" not in page


def test_the_header_follows_hd_36_the_higher_body_regular_the_issuer_bold_the_date_in_italics(year):
    from docx import Document

    document = Document(io.BytesIO(year.client(year.leader).get(url("consolidated_docx", year)).content))
    left, right = document.tables[0].rows[0].cells
    superior, issuer = left.paragraphs[0], left.paragraphs[1]
    assert superior.text == "TỈNH ỦY ĐẮK LẮK" and not any(run.bold for run in superior.runs)
    assert issuer.text == "BAN TUYÊN GIÁO" and all(run.bold for run in issuer.runs)  # its name on 31/12/2024
    assert right.paragraphs[1].text == "Đắk Lắk, ngày 31 tháng 12 năm 2024"
    assert all(run.italic for run in right.paragraphs[1].runs)
    figures = document.tables[1]
    assert [c.text for c in figures.rows[0].cells] == [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kết quả",
        "Cùng kỳ 2023",
        "Tăng (+), giảm (−)",
    ]
