"""The award papers as DOCX and PDF: the decision (quyết định) with its annex list, the certificates, and the
proposal (tờ trình) with its annex.

Who issues what (``awards.grantors``, pure): the decision and the certificates speak for the award form's
grantor (the commission head, the provincial standing committee, the central commission, or the chair of the
provincial People's Committee in the State layout); the proposal speaks for the cycle's organiser (the
commission, ``reports.documents_out.heading``) and is addressed to the grantor. Every name is the one of the
paper's date: the issue date (or today) for the decision and the certificates, the proposal date (else the
issue date, else today) for the proposal; the unit tree's versions know that the commission was "Ban Tuyên
giáo Tỉnh ủy" until 28/02/2025, and the recipients' units are named as on that date too. A unit our records do
not know on that date takes the name of the nearest day they do (``nearest_day``), never its latest name. The
legal bases are those in force on the paper's date (``awards.legal_bases``).

Lists: the decision's standing awards (revoked ones are left out), collectives first. The proposal lists the
decision's standing awards when it has any, otherwise the cycle's proposed nominations of the form that a
majority of the council agreed to (all of them when the cycle has no council), ranked by average score, agree
votes and entry order, selected by one annotated query (``approved_nominations``).

Certificates: one A4 landscape page per recipient. PDFs are the DOCX converted by LibreOffice exactly as the
report PDF (``lib.officedoc.pdf_from_docx``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tuyengiao.awards import grantors
from tuyengiao.awards.grantors import Issuer, Names
from tuyengiao.awards.models import Award, CouncilMember, Decision, Nomination
from tuyengiao.lib import officedoc
from tuyengiao.lib.officedoc import Header, OfficeMissing, pdf_from_docx
from tuyengiao.lib.officedoc import borderless as _borderless
from tuyengiao.lib.officedoc import first_cell_paragraph as _first_cell_paragraph
from tuyengiao.lib.officedoc import para as _para
from tuyengiao.lib.officedoc import run_font as _run_font
from tuyengiao.lib.officedoc import widths as _widths
from tuyengiao.reports.documents_out import heading
from tuyengiao.units import models as unit_models
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion, name_on, nearest_day

__all__ = [
    "OfficeMissing",
    "approved_nominations",
    "certificates_docx",
    "collect",
    "decision_docx",
    "nearest_day",
    "pdf",
    "preprinted_docx",
    "proposal",
    "proposal_docx",
]


# --- names of the date ----------------------------------------------------------------------------------------------


def _committee(unit: Unit, date: dt.date) -> Unit:
    """The committee a commission speaks for (its parent on ``date``); a committee speaks for itself."""
    if unit.kind == Kind.COMMISSION:
        version = unit.version_on(nearest_day(unit, date))
        if version is not None and version.parent is not None:
            return version.parent
    return unit


def organiser_names(unit: Unit, date: dt.date) -> tuple[Names, Header]:
    """The organiser's bodies on ``date`` (for ``grantors``) and its own header (``reports`` heading).

    Every name is the one in force on ``date`` (on the nearest day the committee existed when it did not exist
    then, ``nearest_day``); the central commission is named as on ``date``."""
    committee = _committee(unit, date)
    when = nearest_day(committee, date)
    _name, header = heading(committee, when, when)
    version = committee.version_on(when)
    committee_name = version.name if version is not None else str(committee)
    if committee.level == Level.PROVINCE:
        province = version
    else:
        province = next((v for v in reversed(tree.ancestors(committee, when)) if v.unit.level == Level.PROVINCE), None)
    area = (province.area_name or province.name) if province is not None else committee_name
    has_commission = header.issuer != committee_name
    central = UnitVersion.objects.as_of(date).filter(unit__key="central:btg").values_list("name", flat=True).first()
    names = Names(
        committee=committee_name,
        province=area,
        commission=header.issuer if has_commission else "",
        commission_symbol=header.symbol if has_commission else "",
        central_commission=central or "",
    )
    return names, header


def _date_phrase(date: dt.date | None) -> str:
    return f" ngày {date:%d/%m/%Y}" if date else ""


# --- the decision and the certificates ------------------------------------------------------------------------------


@dataclass
class Line:
    """One row of a list: the recipient, the unit shown below the name (or empty), the reason."""

    name: str
    unit: str
    reason: str
    individual: bool
    agree: int | None = None
    average: Decimal | None = None


def _line(row: Award | Nomination, names: dict[int, str], reason: str) -> Line:
    unit_name = names.get(row.unit_id) or getattr(row, "unit_name", None) or str(row.unit_id)
    row.unit_name = unit_name  # type: ignore[union-attr]  # the name of the date, for ``recipient_name``
    name = row.recipient_name if isinstance(row, Award) else row.nominee_name
    individual = row.person_id is not None
    # A collective named as a body of its own is printed alone (``grantors.names_a_body``): its unit, named on
    # the paper's date, may be another body ("Ban Tuyên giáo Huyện ủy Cát Tiên" is not under "Huyện ủy Đạ Huoai").
    shown = unit_name if individual or (name != unit_name and not grantors.names_a_body(name)) else ""
    return Line(name, shown, reason, individual, getattr(row, "agree", None), getattr(row, "average", None))


class _Lists:
    """Collectives and individuals of a paper's ``lines``."""

    lines: list[Line]

    @property
    def collectives(self) -> list[Line]:
        return [line for line in self.lines if not line.individual]

    @property
    def individuals(self) -> list[Line]:
        return [line for line in self.lines if line.individual]


@dataclass
class DecisionContent(_Lists):
    decision: Decision
    issuer: Issuer  # the grantor on the paper's date
    organiser: Names
    lines: list[Line]  # standing awards: collectives first
    date: dt.date  # the paper's date: the issue date, or today

    @property
    def form_name(self) -> str:
        """ "Giấy khen của Trưởng Ban Tuyên giáo Tỉnh ủy Lâm Đồng" (the grantor of the date)."""
        return self.issuer.form_name(self.decision.award_form.name)

    @property
    def certificate_title(self) -> str:
        """ "GIẤY KHEN", "BẰNG KHEN", "KỶ NIỆM CHƯƠNG" … (the form's name before "của")."""
        return grantors.certificate_title(self.decision.award_form.name)

    @property
    def certificate_lines(self) -> tuple[str, ...]:
        """The award's full name in large letters: ("KỶ NIỆM CHƯƠNG", "VÌ SỰ NGHIỆP TUYÊN GIÁO")."""
        return grantors.certificate_lines(self.decision.award_form.name)

    @property
    def verb(self) -> str:
        return grantors.grant_verb(self.decision.award_form.kind)

    @property
    def number_text(self) -> str:
        return self.issuer.number_line(self.decision.number)

    @property
    def date_text(self) -> str:
        return self.issuer.date_line(self.date)


def collect(decision: Decision, awards: list[Award], today: dt.date) -> DecisionContent:
    """The decision's content: its grantor's header and names as of the issue date (or ``today``)."""
    date = decision.issued_on or today
    names, _header = organiser_names(decision.cycle.unit, date)
    issuer = grantors.issuer(decision.award_form.grantor, names, date, decision.signer_title)
    standing = [a for a in awards if a.revoked_on is None]
    standing.sort(key=lambda a: (a.person_id is not None, a.pk))
    labels = unit_models.names({a.unit_id for a in standing}, date)
    lines = [_line(a, labels, a.reason) for a in standing]
    return DecisionContent(decision, issuer, names, lines, date)


def _cell_lines(cell: Any, lines: list[tuple[str, dict[str, Any]]], *, align: str = "center") -> None:
    """Paragraphs in a table cell: the first one the cell already has, then new ones."""
    from docx.shared import Pt

    for index, (text, style) in enumerate(lines):
        if index == 0:
            p = _first_cell_paragraph(cell)
            p.alignment = {"left": 0, "center": 1, "right": 2}[align]
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.space_before = Pt(style.pop("before", 0))
            _run_font(p.add_run(text), **style)
        else:
            p = _para(cell, text, align=align, **style)
            p.paragraph_format.space_after = Pt(0)


HEADER_OVERHANG_CM = 1.0  # the header table reaches 1 cm into the (3 cm) left margin, as official templates do
CELL_PADDING_CM = 0.4
CAPS_CM_PER_CHAR = 0.30  # Times New Roman 14 pt bold capitals, measured on the rendered PDFs
TEXT_CM_PER_CHAR = 0.22  # Times New Roman 14 pt italic, mixed case


def _fit(text: str, column_cm: float, size: float, per_char: float = CAPS_CM_PER_CHAR, smallest: float = 12) -> float:
    """The largest size down to ``smallest`` at which ``text`` fits on one line of the column (an estimate)."""
    while size > smallest and len(text) * per_char * size / 14 > column_cm - CELL_PADDING_CM:
        size -= 0.5
    return size


def _header_table(document: Any, issuer: Issuer, number_line: str, date_line: str) -> None:
    """The two-column header: the issuer and the number on the left, the motto and the date on the right.

    Party (HD 36): 14 pt capitals, an asterisk, "ĐẢNG CỘNG SẢN VIỆT NAM" 15 pt bold underlined. State
    (NĐ 30): 13 pt, the national name 13 pt bold, the motto 14 pt bold underlined, a wider right column.
    Long names ("ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH") are set a little smaller rather than broken."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    width = officedoc.text_width(document) + Cm(HEADER_OVERHANG_CM)
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(-int(HEADER_OVERHANG_CM * 567)))  # twentieths of a point: 567 per cm
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(indent)
    left, right = table.rows[0].cells
    share = 0.4 if issuer.is_state else 0.5
    sizes = (int(width * share), width - int(width * share))
    _widths(table, sizes)
    left_cm, right_cm = sizes[0] / Cm(1), sizes[1] / Cm(1)
    if issuer.is_state:
        rows = [(line, {"size": _fit(line, left_cm, 13), "bold": True}) for line in issuer.left]
        _cell_lines(left, [*rows, (number_line, {"size": 13, "before": 6})])
        national, motto = issuer.motto
        _cell_lines(
            right,
            [
                (national, {"size": _fit(national, right_cm, 13), "bold": True}),
                (motto, {"size": 14, "bold": True, "underline": True}),
                (date_line, {"size": _fit(date_line, right_cm, 14, TEXT_CM_PER_CHAR), "italic": True, "before": 10}),
            ],
        )
        return
    # HD 36: the higher body (when there is one) in regular type, only the issuing body bold.
    named = [i for i, line in enumerate(issuer.left) if line != "*"]
    rows = [(line, {"size": _fit(line, left_cm, 14), "bold": i == named[-1]}) for i, line in enumerate(issuer.left)]
    _cell_lines(left, [*rows, (number_line, {"size": 14, "before": 3})])
    _cell_lines(
        right,
        [
            (issuer.motto[0], {"size": 15, "bold": True, "underline": True}),
            (date_line, {"size": _fit(date_line, right_cm, 14, TEXT_CM_PER_CHAR), "italic": True, "before": 12}),
        ],
    )


def _count_phrase(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return " và ".join(parts) or "0 tập thể"


def _article(document: Any, number: int, text: str, *, after: float = 0) -> None:
    """ "Điều 1. …": the article's number in bold, the text after it."""
    paragraph = _para(document, indent=True, after=after)
    _run_font(paragraph.add_run(f"Điều {number}. "), 14, bold=True)
    _run_font(paragraph.add_run(text), 14)


def _signature(
    document: Any, issuer: Issuer, recipients: tuple[str, ...], signer: str, *, lines: tuple[str, ...] = ()
) -> None:
    """ "Nơi nhận:" on the left; the signature block, room to sign and the signer's name on the right."""
    from docx.shared import Pt

    width = officedoc.text_width(document)
    _para(document, "", after=6)
    sign = document.add_table(rows=1, cols=2)
    _borderless(sign)
    _widths(sign, (int(width * 0.45), int(width * 0.55)))
    to_cell, sig_cell = sign.rows[0].cells
    first = _first_cell_paragraph(to_cell)
    first.paragraph_format.space_after = Pt(0)
    _run_font(first.add_run("Nơi nhận:"), 12, bold=True, italic=True, underline=not issuer.is_state)
    for recipient in recipients:
        _para(to_cell, f"- {recipient}", size=11, align="left")
    block = lines or issuer.signature
    _cell_lines(sig_cell, [(line, {"size": 14, "bold": True}) for line in block])
    _para(sig_cell, "", before=60)
    if signer.strip():
        _para(sig_cell, signer.strip(), bold=True, align="center")


def _keep_row_together(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _list_table(
    document: Any,
    titles: tuple[str, ...],
    sizes: tuple[int, ...],
    groups: list[tuple[str, list[tuple[str, ...]]]],
    aligns: tuple[str, ...],
) -> None:
    """A bordered list: a repeated header row, group rows ("I. TẬP THỂ") across the table, numbered rows.

    A cell's text may hold a second line after a newline (the unit under a name), printed smaller."""
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    _widths(table, sizes)
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, titles, strict=True):
        _cell_lines(cell, [(text, {"size": 12, "bold": True})])
    number = 0
    for title, rows in groups:
        if not rows:
            continue
        if len(groups) > 1:
            group = table.add_row()
            merged = group.cells[0].merge(group.cells[-1])
            _cell_lines(merged, [(title, {"size": 12, "bold": True})], align="left")
        for values in rows:
            number += 1
            row = table.add_row()
            _keep_row_together(row)
            for cell, text, align in zip(row.cells, (str(number), *values), aligns, strict=True):
                first, _sep, second = text.partition("\n")
                lines: list[tuple[str, dict[str, Any]]] = [(first, {"size": 12})]
                if second:
                    lines.append((second, {"size": 11, "italic": True}))
                _cell_lines(cell, lines, align=align)
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(2)
    _widths(table, sizes)


def _name_cell(line: Line) -> str:
    return f"{line.name}\n{line.unit}" if line.unit else line.name


def decision_docx(content: DecisionContent) -> bytes:
    from docx.shared import Cm

    decision = content.decision
    issuer = content.issuer
    document = officedoc.new_document()
    _header_table(document, issuer, content.number_text, content.date_text)
    _para(document, "QUYẾT ĐỊNH", size=15 if not issuer.is_state else 14, bold=True, align="center", before=18)
    _para(document, decision.subject, bold=True, align="center")
    _para(document, "-----", align="center", after=6)
    _para(document, issuer.title, bold=True, align="center", after=6)
    names = content.organiser
    organiser_body = f"{names.commission or grantors.commission_on(content.date)} {names.committee}"
    bases = [*issuer.basis, issuer.considering(organiser_body, decision.proposal_number, decision.proposal_date)]
    for index, line in enumerate(bases, start=1):
        last = index == len(bases)
        if issuer.is_state:
            _para(document, line + ("." if last else ";"), italic=True, indent=True)
        else:
            _para(document, f"- {line}" + ("," if last else ";"), indent=True)
    _para(document, "QUYẾT ĐỊNH:", bold=True, align="center", before=6, after=6)
    title = grantors.lower_first(decision.cycle.title)
    _article(
        document,
        1,
        f"{content.verb} {content.form_name} cho "
        f"{_count_phrase(len(content.collectives), len(content.individuals))} (có danh sách kèm theo) "
        f"đã có thành tích trong {title}.",
    )
    _article(document, 2, "Quyết định này có hiệu lực kể từ ngày ký.")
    _article(
        document,
        3,
        f"{issuer.executors} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        after=6,
    )
    _signature(document, issuer, issuer.recipient_lines(), decision.signer_name)

    _para(document, "DANH SÁCH", size=14, bold=True, align="center").paragraph_format.page_break_before = True
    _para(
        document,
        f"Tập thể, cá nhân được {content.verb.lower()} {content.form_name}",
        bold=True,
        align="center",
    )
    _para(
        document,
        f"(Kèm theo Quyết định số {decision.number or '       '}{_date_phrase(decision.issued_on)} của {issuer.name})",
        italic=True,
        align="center",
        after=10,
    )
    _list_table(
        document,
        ("TT", "Tên tập thể, cá nhân", "Thành tích"),
        (Cm(1.1), Cm(6.4), Cm(9.0)),
        [
            ("I. TẬP THỂ", [(_name_cell(line), line.reason) for line in content.collectives]),
            ("II. CÁ NHÂN", [(_name_cell(line), line.reason) for line in content.individuals]),
        ],
        ("center", "left", "left"),
    )
    if not content.lines:
        _para(document, "Quyết định chưa có ai trong danh sách.", italic=True, align="center", before=6)
    return officedoc.to_bytes(document)


def certificates_docx(content: DecisionContent, *, preprinted: bool = False) -> bytes:
    """One landscape page per standing award: motto, grantor, the award's full name (``certificate_lines``, never
    cut), the recipient, the reason, the decision's number and date, the place and date and the grantor's
    signature. ``preprinted``: only the variable text at fixed positions, for printing onto pre-printed forms
    (``preprinted_docx``)."""
    if preprinted:
        return preprinted_docx(content)
    document = officedoc.new_document(landscape=True)
    decision = content.decision
    issuer = content.issuer
    width = officedoc.text_width(document)
    width_cm = width / 360000  # EMU per cm
    reference = f"Quyết định số {decision.number or '…'}{_date_phrase(decision.issued_on)}"
    for index, line in enumerate(content.lines):
        if issuer.is_state:
            top = _para(document, issuer.motto[0], size=14, bold=True, align="center", before=12)
            _para(document, issuer.motto[1], size=14, bold=True, underline=True, align="center")
        else:
            top = _para(document, issuer.motto[0], size=15, bold=True, underline=True, align="center", before=12)
        top.paragraph_format.page_break_before = bool(index)  # one page per recipient, each laid out alike
        _para(document, issuer.certificate_line, size=16, bold=True, align="center", before=24, after=12)
        _para(document, "TẶNG", size=16, bold=True, align="center", after=6)
        kind, *named = content.certificate_lines
        _para(document, kind, size=_fit(kind, width_cm, 40, smallest=24), bold=True, align="center", after=0)
        for text in named:  # the medal's own name: smaller when long, wrapped rather than cut
            _para(document, text, size=_fit(text, width_cm, 28, smallest=18), bold=True, align="center")
        _para(document, "", size=6, after=6)
        _para(document, line.name, size=26 if len(line.name) <= 40 else 20, bold=True, align="center", after=3)
        if line.unit:
            _para(document, line.unit, size=16, align="center")
        reason = f"Đã có thành tích: {line.reason}" if line.reason else "Đã có thành tích xuất sắc"
        size = 15 if len(reason) <= 220 else 13 if len(reason) <= 450 else 11
        _para(document, reason, size=size, italic=True, align="center", before=18)
        table = document.add_table(rows=1, cols=2)
        _borderless(table)
        _widths(table, (int(width * 0.45), int(width * 0.55)))
        left, right = table.rows[0].cells
        _cell_lines(left, [(reference, {"size": 13, "before": 42})])
        signature = [(content.date_text, {"size": 14, "italic": True, "before": 24})]
        signature += [(text, {"size": 14, "bold": True}) for text in issuer.signature]
        _cell_lines(right, signature)
        _para(right, "", before=54)
        if decision.signer_name:
            _para(right, decision.signer_name, size=14, bold=True, align="center")
    if not content.lines:
        _para(document, "Quyết định chưa có ai trong danh sách.", align="center")
    return officedoc.to_bytes(document)


# Bands of a page printed onto a pre-printed certificate (A4 landscape, 1.5 cm top margin): (what, height in cm,
# largest font size). Each band is a table row of exact height, so every text stands at the same place on
# every page whatever the length of the others; a long text is set smaller (``_fit``) and wraps inside its band.
# The printed form carries the motto, the grantor, "TẶNG", the frame and the signature title; the positions
# follow the usual layout of those forms (award under "TẶNG" at 6.5 cm, the recipient at 10 cm) and can be
# moved here in one place.
PREPRINTED_BANDS: tuple[tuple[str, float, float], ...] = (
    ("space", 5.0, 12),
    ("award", 3.0, 30),
    ("name", 1.8, 26),
    ("unit", 1.2, 16),
    ("reason", 3.2, 14),
    ("space", 1.0, 12),
    ("bottom", 1.5, 14),
)


def _exact_height(row: Any, cm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(cm * 567)))
    height.set(qn("w:hRule"), "exact")
    row._tr.get_or_add_trPr().append(height)


def preprinted_docx(content: DecisionContent) -> bytes:
    """The certificates for pre-printed forms: per page only the variable text (the award's full name, the
    recipient, the unit, the reason, the decision's number and date, the place and date) at fixed positions
    (``PREPRINTED_BANDS``), without motto, grantor, frame or signature block, which the form carries."""
    document = officedoc.new_document(landscape=True)
    decision = content.decision
    width = officedoc.text_width(document)
    width_cm = width / 360000
    reference = f"Quyết định số {decision.number or '…'}{_date_phrase(decision.issued_on)}"
    for index, line in enumerate(content.lines):
        if index:
            document.add_page_break()
        reason = f"Đã có thành tích: {line.reason}" if line.reason else ""
        table = document.add_table(rows=0, cols=2)
        _borderless(table)
        for what, height, size in PREPRINTED_BANDS:
            row = table.add_row()
            _exact_height(row, height)
            left, right = row.cells
            if what == "bottom":
                _cell_lines(left, [(reference, {"size": 13})])
                _cell_lines(
                    right, [(content.date_text, {"size": _fit(content.date_text, width_cm / 2, 14), "italic": True})]
                )
                continue
            merged = left.merge(right)
            if what == "award":
                kind, *named = content.certificate_lines
                lines = [(kind, {"size": _fit(kind, width_cm, size, smallest=20), "bold": True})]
                lines += [(t, {"size": _fit(t, width_cm, 22, smallest=14), "bold": True}) for t in named]
                _cell_lines(merged, lines)
            elif what == "name":
                _cell_lines(merged, [(line.name, {"size": _fit(line.name, width_cm, size, smallest=16), "bold": True})])
            elif what == "unit" and line.unit:
                _cell_lines(merged, [(line.unit, {"size": _fit(line.unit, width_cm, size, TEXT_CM_PER_CHAR)})])
            elif what == "reason" and reason:
                fitted = 14 if len(reason) <= 220 else 12 if len(reason) <= 450 else 10
                _cell_lines(merged, [(reason, {"size": fitted, "italic": True})])
            else:
                _cell_lines(merged, [("", {"size": 2})])
        _widths(table, (int(width * 0.45), width - int(width * 0.45)))
    if not content.lines:
        _para(document, "Quyết định chưa có ai trong danh sách.", align="center")
    return officedoc.to_bytes(document)


# --- the proposal ---------------------------------------------------------------------------------------------------


def council_size() -> Coalesce:
    """The number of council members of the row's cycle (a subquery, for ``annotate``)."""
    members = (
        CouncilMember.objects.filter(cycle=OuterRef("cycle"))
        .order_by()
        .values("cycle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def approved_nominations(decision: Decision) -> QuerySet[Nomination]:
    """The cycle's proposed nominations of the decision's form, not yet on any decision, that a majority of the
    council agreed to (agree × 2 > members; every one when the cycle has no council), best first: average
    score, then agree votes, then entry order. One query: the votes are counted and averaged in SQL."""
    return (
        Nomination.objects.filter(
            cycle_id=decision.cycle_id,
            award_form_id=decision.award_form_id,
            status=Nomination.Status.PROPOSED,
            award__isnull=True,
        )
        .select_related("person")
        .annotate(
            agree=Count("votes", filter=Q(votes__agree=True)),
            average=Avg("votes__score"),
            council=council_size(),
            unit_name=name_on(decision.record_date, "unit"),
        )
        .alias(twice=F("agree") * 2)
        .filter(Q(council=0) | Q(twice__gt=F("council")))
        .order_by(F("average").desc(nulls_last=True), F("agree").desc(), "pk")
    )


def _ranked_awards(decision: Decision) -> QuerySet[Award]:
    return (
        Award.objects.standing()
        .filter(decision=decision)
        .select_related("person")
        .annotate(
            agree=Count("nomination__votes", filter=Q(nomination__votes__agree=True)),
            average=Avg("nomination__votes__score"),
            unit_name=name_on(decision.record_date, "unit"),
        )
        .order_by(F("average").desc(nulls_last=True), F("agree").desc(), "pk")
    )


@dataclass
class ProposalContent(_Lists):
    decision: Decision
    organiser: Issuer  # the commission, issuing the proposal
    grantor: Issuer  # to whom it is addressed, named as on the proposal's date
    organiser_body: str  # "Ban Tuyên giáo Tỉnh ủy Lâm Đồng"
    council: int  # members of the cycle's council
    lines: list[Line]  # ranked, collectives first
    date: dt.date
    from_awards: bool = False  # the decision's own list rather than the council's selection

    @property
    def form_name(self) -> str:
        return self.grantor.form_name(self.decision.award_form.name)

    @property
    def verb(self) -> str:
        return grantors.grant_verb(self.decision.award_form.kind)

    @property
    def number_text(self) -> str:
        return self.organiser.number_line(self.decision.proposal_number, kind="TTr")

    def votes(self, line: Line) -> str:
        """ "5/7": agree votes over council members."""
        return f"{line.agree or 0}/{self.council}" if self.council else "–"


def proposal(decision: Decision, today: dt.date) -> ProposalContent:
    """The proposal's content, named as on the proposal date; without one, as on the issue date (a proposal
    never postdates its decision), else ``today``."""
    date = decision.proposal_date or decision.issued_on or today
    names, header = organiser_names(decision.cycle.unit, date)
    organiser = grantors.organiser(names, date, header.signature)
    grantor = grantors.issuer(decision.award_form.grantor, names, date, decision.signer_title)
    awards = list(_ranked_awards(decision))
    council = decision.cycle.council.count()
    rows: list[Award] | list[Nomination] = awards or list(approved_nominations(decision))
    labels = unit_models.names({row.unit_id for row in rows}, date)
    lines = [_line(row, labels, row.reason if isinstance(row, Award) else row.achievements) for row in rows]
    lines.sort(key=lambda line: line.individual)  # stable: the rank holds within each group
    body = f"{names.commission or grantors.commission_on(date)} {names.committee}"
    return ProposalContent(decision, organiser, grantor, body, council, lines, date, from_awards=bool(awards))


def proposal_docx(content: ProposalContent) -> bytes:
    from docx.shared import Cm

    decision = content.decision
    cycle = decision.cycle
    organiser = content.organiser
    document = officedoc.new_document()
    _header_table(document, organiser, content.number_text, organiser.date_line(content.date))
    _para(document, "TỜ TRÌNH", size=15, bold=True, align="center", before=18)
    _para(document, f"Về việc đề nghị {content.verb.lower()} {content.form_name}", bold=True, align="center")
    _para(document, "-----", align="center", after=6)
    _para(document, f"Kính gửi: {content.grantor.addressee}", align="center", after=12)

    bases = grantors.emulation_basis(content.date)
    if bases:
        _para(document, f"Căn cứ {'; '.join(bases)};", indent=True)
    _para(document, f"Căn cứ kết quả {grantors.lower_first(cycle.title)};", indent=True)
    collectives, individuals = len(content.collectives), len(content.individuals)
    if content.council:
        review = (
            f"Hội đồng Thi đua, khen thưởng {content.organiser_body} gồm {content.council} thành viên đã xét, "
            f"bỏ phiếu đối với từng trường hợp đề nghị; số phiếu đồng ý của từng trường hợp ghi tại cột "
            f"“Phiếu đồng ý” của danh sách kèm theo (số phiếu đồng ý/tổng số thành viên Hội đồng)"
        )
        if content.lines and all((line.agree or 0) * 2 > content.council for line in content.lines):
            review += "; các trường hợp đề nghị đều được trên 50% tổng số thành viên Hội đồng đồng ý"
        _para(document, review + ".", indent=True)
    else:
        _para(
            document,
            "Đợt thi đua chưa có Hội đồng Thi đua, khen thưởng bỏ phiếu; danh sách gồm các trường hợp do các đơn vị "
            "đề nghị.",
            indent=True,
        )
    if cycle.comment_from and cycle.comment_to:
        result = cycle.comment_result.strip().rstrip(".") or "không có ý kiến khác"
        _para(
            document,
            f"Danh sách đã được công khai lấy ý kiến từ {cycle.comment_from:%d/%m/%Y} đến hết "
            f"{cycle.comment_to:%d/%m/%Y}, {grantors.lower_first(result)}.",
            indent=True,
        )
    _para(
        document,
        f"{content.organiser_body} kính đề nghị {content.grantor.addressee_in_sentence} "
        f"xem xét, quyết định {content.verb.lower()} {content.form_name} cho "
        f"{_count_phrase(collectives, individuals)} (có danh sách kèm theo).",
        indent=True,
    )
    _para(document, f"{content.organiser_body} kính trình./.", indent=True, after=6)
    _signature(document, organiser, organiser.recipient_lines("Như trên"), "")

    _para(document, "DANH SÁCH", size=14, bold=True, align="center").paragraph_format.page_break_before = True
    _para(
        document,
        f"Tập thể, cá nhân đề nghị {content.verb.lower()} {content.form_name}",
        bold=True,
        align="center",
    )
    _para(
        document,
        f"(Kèm theo Tờ trình số {decision.proposal_number or '       '}{_date_phrase(decision.proposal_date)} "
        f"của {content.organiser_body})",
        italic=True,
        align="center",
        after=10,
    )

    def row(line: Line) -> tuple[str, ...]:
        return (line.name, line.unit, line.reason, content.votes(line))

    _list_table(
        document,
        ("TT", "Tên tập thể, cá nhân", "Đơn vị", "Thành tích", "Phiếu đồng ý"),
        (Cm(1.0), Cm(4.1), Cm(3.4), Cm(6.2), Cm(1.8)),
        [
            ("I. TẬP THỂ", [row(line) for line in content.collectives]),
            ("II. CÁ NHÂN", [row(line) for line in content.individuals]),
        ],
        ("center", "left", "left", "left", "center"),
    )
    if not content.lines:
        _para(document, "Chưa có trường hợp nào đủ điều kiện đề nghị.", italic=True, align="center", before=6)
    return officedoc.to_bytes(document)


def pdf(data: bytes) -> bytes:
    return pdf_from_docx(data)
