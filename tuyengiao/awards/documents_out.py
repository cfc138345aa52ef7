"""The decision (quyết định khen thưởng) with its annex list, and the certificates, as DOCX and PDF.

The decision follows Hướng dẫn 36-HD/VPTW with the helpers of ``tuyengiao.reports.documents_out`` (header
table, Times New Roman 14, signature block, "Nơi nhận"); the annex lists collectives first, then
individuals, each with the reason. Revoked awards are left out of both files.

Certificates: one A4 landscape page per recipient (a page break between them), with the form's name
("GIẤY KHEN"), the recipient, their unit, the reason and the decision's number and date. The PDF is the
DOCX converted by LibreOffice exactly as the report PDF (``reports.documents_out.pdf_from_docx``).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from tuyengiao.awards.models import Award, Decision
from tuyengiao.lib.officedoc import borderless as _borderless
from tuyengiao.lib.officedoc import first_cell_paragraph as _first_cell_paragraph
from tuyengiao.lib.officedoc import para as _para
from tuyengiao.lib.officedoc import run_font as _run_font
from tuyengiao.lib.officedoc import widths as _widths
from tuyengiao.reports.documents_out import Header, OfficeMissing, heading, pdf_from_docx
from tuyengiao.units.models import Kind, UnitVersion

__all__ = ["OfficeMissing", "certificates_docx", "collect", "decision_docx", "pdf"]


@dataclass
class DecisionContent:
    decision: Decision
    header: Header
    awards: list[Award]  # standing awards: collectives first
    date: dt.date

    @property
    def collectives(self) -> list[Award]:
        return [a for a in self.awards if a.person_id is None]

    @property
    def individuals(self) -> list[Award]:
        return [a for a in self.awards if a.person_id is not None]

    @property
    def certificate_title(self) -> str:
        """ "GIẤY KHEN", "BẰNG KHEN", "KỶ NIỆM CHƯƠNG" … (the form's name before "của")."""
        name = self.decision.award_form.name
        return name.split(" của ")[0].split(" chuyên đề")[0].split("“")[0].strip().upper()

    @property
    def number_text(self) -> str:
        return f"Số {self.decision.number}" if self.decision.number else f"Số      -QĐ/{self.header.symbol}"

    @property
    def date_text(self) -> str:
        day = self.decision.issued_on or self.date
        return f"{self.header.place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def collect(decision: Decision, awards: list[Award], today: dt.date) -> DecisionContent:
    """The decision's content; the issuer is the cycle's organiser (a commission speaks for its committee)."""
    unit = decision.cycle.unit
    if unit.kind == Kind.COMMISSION:
        version = UnitVersion.objects.filter(unit=unit).select_related("parent").order_by("-valid_from").first()
        if version is not None and version.parent is not None:
            unit = version.parent
    _name, header = heading(unit, decision.issued_on or today, today)
    standing = [a for a in awards if a.revoked_on is None]
    standing.sort(key=lambda a: (a.person_id is not None, a.pk))
    return DecisionContent(decision, header, standing, today)


def _setup(landscape: bool = False) -> Any:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from tuyengiao.reports.documents_out import FONT

    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(2)
    else:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    return document


def _header_table(document: Any, content: DecisionContent) -> None:
    from docx.shared import Pt

    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    head = content.header
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    _widths(table, (int(width * 0.45), int(width * 0.55)))
    left, right = table.rows[0].cells
    first = _first_cell_paragraph(left)
    first.alignment = 1
    first.paragraph_format.space_after = Pt(0)
    _run_font(first.add_run(head.superior.upper()), 14, bold=True)
    _para(left, head.issuer.upper(), bold=True, align="center")
    _para(left, "*", align="center")
    _para(left, content.number_text, align="center", before=3)
    top = _first_cell_paragraph(right)
    top.alignment = 1
    top.paragraph_format.space_after = Pt(0)
    _run_font(top.add_run("ĐẢNG CỘNG SẢN VIỆT NAM"), 15, bold=True, underline=True)
    _para(right, content.date_text, italic=True, align="center", before=12)


def _count_phrase(content: DecisionContent) -> str:
    parts = []
    if content.collectives:
        parts.append(f"{len(content.collectives)} tập thể")
    if content.individuals:
        parts.append(f"{len(content.individuals)} cá nhân")
    return " và ".join(parts) or "0 tập thể"


def _name(award: Award) -> str:
    return award.recipient_name


def decision_docx(content: DecisionContent) -> bytes:
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    decision = content.decision
    head = content.header
    document = _setup()
    _header_table(document, content)
    _para(document, "QUYẾT ĐỊNH", size=15, bold=True, align="center", before=18)
    _para(document, decision.subject, bold=True, align="center")
    _para(document, "-----", align="center", after=6)
    _para(
        document, f"{decision.signer_title} {head.issuer} {head.superior}".upper(), bold=True, align="center", after=6
    )
    _para(document, "- Căn cứ Luật Thi đua, khen thưởng năm 2022;", indent=True)
    _para(document, f"- Căn cứ chức năng, nhiệm vụ, quyền hạn của {head.issuer} {head.superior};", indent=True)
    proposal = "- Xét đề nghị của Hội đồng Thi đua, khen thưởng"
    if decision.proposal_number:
        proposal += f" tại Tờ trình số {decision.proposal_number}"
        if decision.proposal_date:
            proposal += f" ngày {decision.proposal_date:%d/%m/%Y}"
    _para(document, proposal + ",", indent=True)
    _para(document, "QUYẾT ĐỊNH:", bold=True, align="center", before=6, after=6)
    _para(
        document,
        f"Điều 1. Tặng {decision.award_form.name} cho {_count_phrase(content)} (có danh sách kèm theo) "
        f"đã có thành tích trong {decision.cycle.title.lower()}.",
        indent=True,
    )
    _para(document, "Điều 2. Quyết định có hiệu lực kể từ ngày ký.", indent=True)
    _para(
        document,
        "Điều 3. Văn phòng, các phòng chuyên môn và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này.",
        indent=True,
        after=6,
    )
    _signature(document, content, recipients=("Như Điều 3,", f"Lưu {head.issuer}."))

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(document, "DANH SÁCH", size=14, bold=True, align="center")
    _para(document, f"Tập thể, cá nhân được tặng {decision.award_form.name}", bold=True, align="center", after=0)
    issued = f" ngày {decision.issued_on:%d/%m/%Y}" if decision.issued_on else ""
    _para(
        document,
        f"(Kèm theo Quyết định số {decision.number or '     '}{issued} của {head.issuer} {head.superior})",
        italic=True,
        align="center",
        after=6,
    )
    number = 0
    for title, rows in (("I. TẬP THỂ", content.collectives), ("II. CÁ NHÂN", content.individuals)):
        if not rows:
            continue
        _para(document, title, bold=True, before=6, after=3)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        _widths(table, (Cm(1.2), Cm(6.3), Cm(9)))
        for cell, text in zip(table.rows[0].cells, ("TT", "Tên tập thể, cá nhân", "Thành tích"), strict=True):
            p = _first_cell_paragraph(cell)
            p.alignment = 1
            _run_font(p.add_run(text), 13, bold=True)
        for award in rows:
            number += 1
            cells = table.add_row().cells
            name = _name(award)
            if award.person is not None:
                name += f", {getattr(award, 'unit_name', '') or award.unit}"
            for cell, text in zip(cells, (str(number), name, award.reason), strict=True):
                p = _first_cell_paragraph(cell)
                p.paragraph_format.space_after = Pt(0)
                _run_font(p.add_run(text), 13)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _signature(document: Any, content: DecisionContent, recipients: tuple[str, ...]) -> None:
    from docx.shared import Pt

    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    sign = document.add_table(rows=1, cols=2)
    _borderless(sign)
    _widths(sign, (int(width * 0.5), int(width * 0.5)))
    to_cell, sig_cell = sign.rows[0].cells
    first = _first_cell_paragraph(to_cell)
    first.paragraph_format.space_after = Pt(0)
    _run_font(first.add_run("Nơi nhận:"), 12, bold=True, italic=True, underline=True)
    for recipient in recipients:
        _para(to_cell, f"- {recipient}", size=11, align="left").paragraph_format.space_after = Pt(0)
    top = _first_cell_paragraph(sig_cell)
    top.alignment = 1
    top.paragraph_format.space_after = Pt(0)
    _run_font(top.add_run(content.decision.signer_title.upper()), 14, bold=True)
    _para(sig_cell, "", before=60)
    if content.decision.signer_name:
        _para(sig_cell, content.decision.signer_name, bold=True, align="center")


def certificates_docx(content: DecisionContent) -> bytes:
    """One landscape page per standing award."""
    from docx.enum.text import WD_BREAK

    document = _setup(landscape=True)
    decision = content.decision
    head = content.header
    for index, award in enumerate(content.awards):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _para(document, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, align="center")
        _para(document, f"{head.issuer} {head.superior}".upper(), size=14, bold=True, align="center", after=18)
        _para(document, content.certificate_title, size=40, bold=True, align="center", after=12)
        _para(document, "TẶNG", size=16, bold=True, align="center")
        _para(document, _name(award), size=28, bold=True, align="center", after=0)
        if award.person is not None:
            _para(document, getattr(award, "unit_name", "") or str(award.unit), size=16, align="center")
        _para(document, f"Đã có thành tích: {award.reason}", size=15, italic=True, align="center", before=12)
        _para(
            document,
            f"Quyết định số {decision.number or '…'}"
            + (f" ngày {decision.issued_on:%d/%m/%Y}" if decision.issued_on else ""),
            size=13,
            align="center",
            before=6,
        )
        _para(document, content.date_text, size=14, italic=True, align="right", before=12)
        _para(document, decision.signer_title.upper(), size=14, bold=True, align="right")
        _para(document, "", before=36)
        if decision.signer_name:
            _para(document, decision.signer_name, size=14, bold=True, align="right")
    if not content.awards:
        _para(document, "Quyết định chưa có ai trong danh sách.", align="center")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(data: bytes) -> bytes:
    return pdf_from_docx(data)
