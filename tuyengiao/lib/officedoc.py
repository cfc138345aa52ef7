"""Pieces of a Party document in the official layout (Hướng dẫn 36-HD/VPTW), as python-docx calls.

Model-free: every function takes strings. Used by the consolidated report
(``reports.documents_out``) and the meeting papers (``meetings.papers``: invitation,
notice of conclusions), so that all documents of the platform share one layout:

* ``new_document``: A4, margins 2/2/3/1.5 cm, Times New Roman 14 as the Normal style;
* ``header``: the borderless two-column table: left the superior body in capitals, regular type, and the
  issuing body in capitals, bold (HD 36: "tên cơ quan cấp trên trực tiếp" upright, "tên cơ quan ban hành" bold),
  an asterisk and the number ("Số 12-TB/BTGDVTU", or a blank number to be filled
  in by the office); right "ĐẢNG CỘNG SẢN VIỆT NAM" bold, underlined, 15 pt, and the place and
  date in italics;
* ``signature``: "Nơi nhận:" with its recipients on the left, the signature block
  (T/M, K/T, T/L prefixes) and the signer's name on the right, kept together on one page with the paragraph
  before it (a row split at its empty "room to sign" paragraph made LibreOffice print a blank second page);
* ``to_bytes``: the file; a body that ends with a table gets a closing 1 pt paragraph (a document must end with
  a paragraph: without one LibreOffice adds an empty 14 pt one, which can spill onto a page of its own);
* ``para``, ``run_font``, ``cell_text``, ``borderless``, ``widths``: the small helpers;
* ``Header``: who issues a paper (superior, issuer, number symbol, place, signature, recipients), and
  ``issuer_symbol``: the symbol after the number ("BTGDVTU", "HU", "ĐU");
* ``pdf_from_docx``: a DOCX converted to PDF by LibreOffice headless (``soffice``; ``OfficeMissing`` when it
  is not installed: ``scripts/install-office.sh``).

Every paper (``reports.documents_out``, ``awards.documents_out``, ``meetings.papers``) takes these from here.
Which names a unit had on the paper's date is not decided here (that needs the unit tree): the papers build a
``Header`` from the tree and pass strings.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FONT = "Times New Roman"
PDF_TIMEOUT_SECONDS = 120


class OfficeMissing(RuntimeError):
    """LibreOffice (``soffice``) is not installed: no PDF."""


@dataclass
class Header:
    """Who issues a paper, as printed on it."""

    superior: str  # "Tỉnh ủy Đắk Lắk"
    issuer: str  # "Ban Tuyên giáo và Dân vận"
    symbol: str  # "BTGDVTU"
    place: str  # "Đắk Lắk"
    signature: tuple[str, ...]  # ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    recipients: tuple[str, ...]


_LEVEL_SUFFIX = {"province": "TU", "district": "HU", "commune": "ĐU"}


def issuer_symbol(level: str, commission: str = "") -> str:
    """The issuer's symbol after the number: a commission's "BTG"/"BTGDV" and its committee's level ("TU", "HU",
    "ĐU"), or the committee's own ("TU", "HU", else "ĐU")."""
    if commission:
        prefix = "BTGDV" if "Dân vận" in commission else "BTG"
        return prefix + _LEVEL_SUFFIX.get(level, "")
    return _LEVEL_SUFFIX.get(level, "ĐU")


def run_font(run: Any, size: float = 14, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def para(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: str = "justify",
    before: float = 0,
    after: float = 0,
    indent: bool = False,
) -> Any:
    """A paragraph appended to ``container`` (a document or a table cell) with one run of ``text``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run_font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


def borderless(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def widths(table: Any, sizes: tuple[int, ...]) -> None:
    """Fixed column widths (the grid and every cell: LibreOffice reads the grid, Word the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, sizes, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def first_cell_paragraph(cell: Any) -> Any:
    """A cell starts with one empty paragraph: use it for the first line."""
    return cell.paragraphs[0]


def cell_text(cell: Any, text: str, *, size: float = 13, bold: bool = False, align: str = "left") -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = first_cell_paragraph(cell)
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    paragraph.paragraph_format.space_after = Pt(0)
    run_font(paragraph.add_run(text), size, bold)


def new_document(landscape: bool = False) -> Any:
    """An empty A4 document with the official margins and Times New Roman 14 (``landscape``: A4 turned, for
    certificates, with narrow margins)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.top_margin = section.bottom_margin = Cm(1.5)
        section.left_margin = section.right_margin = Cm(2)
    else:
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    return document


def text_width(document: Any) -> int:
    section = document.sections[0]
    return int(section.page_width - section.left_margin - section.right_margin)


def place_and_date(place: str, date: dt.date) -> str:
    """ "Đắk Lắk, ngày 05 tháng 01 năm 2026" (day and month with two digits, as HD 36 shows)."""
    return f"{place}, ngày {date:%d} tháng {date:%m} năm {date:%Y}"


def place_name(name: str) -> str:
    """A province's name as a place: "Tỉnh Đắk Lắk" → "Đắk Lắk", "Thành phố Huế" → "Huế"."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def header(document: Any, *, superior: str, issuer: str, number: str, place: str, date: dt.date) -> None:
    """The two-column header table of a Party document (``number`` is the whole "Số …" line)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Pt

    width = text_width(document)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borderless(table)
    widths(table, (int(width * 0.5), int(width * 0.5)))
    left, right = table.rows[0].cells
    first = first_cell_paragraph(left)
    first.alignment = 1  # centre
    first.paragraph_format.space_after = Pt(0)
    run_font(first.add_run(superior.upper()), 14)  # the higher body: regular type (HD 36)
    para(left, issuer.upper(), bold=True, align="center")
    para(left, "*", align="center")
    para(left, number, align="center", before=3)

    first = first_cell_paragraph(right)
    first.alignment = 1  # centre
    first.paragraph_format.space_after = Pt(0)
    run_font(first.add_run("ĐẢNG CỘNG SẢN VIỆT NAM"), 15, bold=True, underline=True)
    para(right, place_and_date(place, date), italic=True, align="center", before=12)


def signature(document: Any, *, recipients: Sequence[str], lines: Sequence[str], signer: str = "") -> None:
    """ "Nơi nhận:" and the recipients (left), the signature block and the signer's name (right).

    The block never splits: its last empty paragraph (the room to sign) alone on the next page was the blank
    second page LibreOffice printed when a notice filled its first page. When it does not fit, the block moves
    whole, with the paragraph before it (a signature is never alone on a page)."""
    from docx.shared import Pt

    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    para(document, "", after=6).paragraph_format.keep_with_next = True
    width = text_width(document)
    sign = document.add_table(rows=1, cols=2)
    borderless(sign)
    widths(sign, (int(width * 0.5), int(width * 0.5)))
    keep_row_together(sign.rows[0])
    to_cell, sig_cell = sign.rows[0].cells
    first = first_cell_paragraph(to_cell)
    first.paragraph_format.space_after = Pt(0)
    run_font(first.add_run("Nơi nhận:"), 12, bold=True, italic=True, underline=True)
    for recipient in recipients:
        paragraph = para(to_cell, f"- {recipient}", size=11, align="left")
        paragraph.paragraph_format.space_after = Pt(0)
    first = first_cell_paragraph(sig_cell)
    first.alignment = 1
    first.paragraph_format.space_after = Pt(0)
    run_font(first.add_run(lines[0]), 14, bold=True)
    for line in lines[1:]:
        para(sig_cell, line, bold=True, align="center")
    para(sig_cell, "", before=60)
    if signer.strip():
        para(sig_cell, signer.strip(), bold=True, align="center")


def keep_row_together(row: Any) -> None:
    """The row is never split across two pages (the signature block moves whole)."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def close_body(document: Any) -> None:
    """End a body that ends with a table with a 1 pt paragraph without spacing (see ``to_bytes``)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    body = document.element.body
    last = next((child for child in reversed(body) if child.tag != qn("w:sectPr")), None)
    if last is None or last.tag != qn("w:tbl"):
        return
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")  # the paragraph mark's own size: 1 pt
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)


def to_bytes(document: Any) -> bytes:
    import io

    close_body(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------------------------


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for candidate in (os.environ.get("SOFFICE", ""), "soffice", "libreoffice"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def pdf_from_docx(data: bytes) -> bytes:
    """Convert a DOCX to PDF with LibreOffice headless, in a fresh profile (concurrent runs do not clash)."""
    executable = soffice()
    if executable is None:
        raise OfficeMissing("soffice")
    with tempfile.TemporaryDirectory(prefix="tg-pdf-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                executable,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=PDF_TIMEOUT_SECONDS,
            env={**os.environ, "HOME": str(work)},
        )
        return (work / "report.pdf").read_bytes()
