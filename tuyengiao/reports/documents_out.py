"""The consolidated report as data (``collect``) and as files: XLSX, DOCX in the Party layout, PDF.

``collect`` gathers everything the page and the files show, in a bounded number of queries:
the figures (``consolidate``), the drill-down by child unit (``breakdown``, children named as
the tree stood on the structure date) and the header of a Party document (HD 36): the superior
body and the issuing body as of the report date, the place and the number symbol.

The DOCX follows Hướng dẫn 36-HD/VPTW: a borderless two-column header table (left: superior
and issuing body in capitals, bold, an asterisk, "Số   -BC/…"; right: "ĐẢNG CỘNG SẢN VIỆT
NAM" bold, underlined, 15 pt, and the place and date in italics), "BÁO CÁO" and the subject
centred, body Times New Roman 14, numbered sections, the signature block and "Nơi nhận:".
The PDF is that DOCX converted by LibreOffice headless (``lib.officedoc.pdf_from_docx``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tuyengiao.lib import officedoc, spreadsheets
from tuyengiao.lib.periods import Period, PeriodType
from tuyengiao.lib.rollup import Ratio, ValueType
from tuyengiao.reports import narrative as narrative_text
from tuyengiao.reports import richtext
from tuyengiao.reports.comparison import Change, Mode, change
from tuyengiao.reports.consolidation import ConsolidationError, Figure, breakdown, consolidate
from tuyengiao.reports.models import ConsolidatedNarrative, Form, Section
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

FONT = officedoc.FONT
Header = officedoc.Header


@dataclass
class Row:
    label: str
    unit_of_measure: str
    figure: Figure
    earlier: Figure | None = None  # the compared period's figure (in the same structure)
    change: Change | None = None

    @property
    def is_text(self) -> bool:
        return self.figure.indicator.value_type == ValueType.TEXT


@dataclass
class Block:
    title: str
    rows: list[Row]


@dataclass
class Child:
    unit_id: int
    name: str
    figures: list[Figure]  # in the order of ``ConsolidatedReport.columns``
    own: bool = False  # the unit's own report, not a child's
    earlier: list[Figure] = field(default_factory=list)  # the compared period's, same order (when comparing)

    def compared(self, index: int) -> tuple[Figure, Figure | None, Change | None]:
        """Current figure, earlier figure and change of column ``index``."""
        current = self.figures[index]
        before = self.earlier[index] if index < len(self.earlier) else None
        return current, before, change(current, before)


@dataclass
class Comparison:
    mode: Mode
    period: Period  # the earlier period, consolidated in the structure of the compared one
    column: str  # "Cùng kỳ Q3/2024"
    error: str = ""  # why it could not be consolidated (no form version for that period …)

    @property
    def label(self) -> str:
        return f"{self.mode.label} ({self.period.label})"

    @property
    def phrase(self) -> str:
        """The label inside a sentence: "cùng kỳ năm trước (quý III năm 2024)"; a year is just "năm 2023"."""
        earlier = period_phrase(self.period)
        if self.mode is Mode.SAME_PERIOD_LAST_YEAR and self.period.type == PeriodType.YEAR:
            return earlier
        return f"{self.mode.label[0].lower()}{self.mode.label[1:]} ({earlier})"


@dataclass
class ConsolidatedReport:
    form: Form
    unit: Unit
    unit_name: str
    period: Period
    structure_date: dt.date
    report_date: dt.date
    blocks: list[Block]
    columns: list[Row]  # numeric and yes/no indicators, the drill-down's columns
    children: list[Child]
    header: Header
    extra: dict[str, Any] = field(default_factory=dict)
    comparison: Comparison | None = None
    compare_index: int = 0  # the drill-down column compared child by child
    saved_narrative: ConsolidatedNarrative | None = None
    _narrative: narrative_text.Content | None = None

    @property
    def comparing(self) -> bool:
        return self.comparison is not None and not self.comparison.error

    @property
    def compare_column(self) -> Row | None:
        return self.columns[self.compare_index] if self.comparing and self.columns else None

    def narrative(self) -> narrative_text.Content:
        """The saved narrative, or the sections drafted from the figures with the default signer (on demand)."""
        if self._narrative is None:
            self._narrative = narrative_text.content(
                self.saved_narrative,
                {},
                lambda: {
                    **narrative_defaults(self.header, self.period, self.default_signer()),
                    **narrative_text.drafted(self),
                },
            )
        return self._narrative

    def default_signer(self) -> narrative_text.Signer | None:
        """The first leader posted on the report's date who signs under the header's title block, else the first."""
        found = narrative_text.signers(self.unit, self.report_date)
        return next((s for s in found if s.title == self.header.signature), found[0] if found else None)

    def units_texts(self) -> dict[str, list[tuple[str, str]]]:
        """What the units wrote, per narrative section (the editor's material, the annex)."""
        texts = [row.figure for block in self.blocks for row in block.rows if row.is_text]
        return narrative_text.units_texts(self.form, self.unit, self.period, self.structure_date, texts)

    @property
    def period_phrase(self) -> str:
        """The period inside a sentence: "quý III năm 2025" (only the first letter lowered)."""
        return period_phrase(self.period)

    @property
    def subject(self) -> str:
        return subject_of(self.period)

    @property
    def filename(self) -> str:
        """The files' name without extension (``lib.downloads`` adds the ASCII fallback): form, period, unit."""
        return f"Báo cáo {self.form.code} - {self.period.code} - {self.unit_name}"

    def chart_data(self, limit: int = 40) -> dict[str, Any]:
        """Bars per child unit for the integer indicators (the first three), children with figures only
        (``static/js/charts.js`` draws it; ``analytics/templatetags/charts.py`` writes its table)."""
        series = [row for row in self.columns if row.figure.indicator.value_type == ValueType.INTEGER][:3]
        children = [c for c in self.children if not c.own]
        index = {row.figure.indicator.code: i for i, row in enumerate(self.columns)}
        shown = [c for c in children if any(c.figures[index[s.figure.indicator.code]].value for s in series)]
        shown = shown[:limit]
        series = [s for s in series if any(c.figures[index[s.figure.indicator.code]].value for c in shown)]
        return {
            "kind": "bar",
            "labels": [c.name for c in shown],
            "series": [
                {
                    "name": s.label,
                    "data": [_chart_number(c.figures[index[s.figure.indicator.code]].value) for c in shown],
                    "texts": [c.figures[index[s.figure.indicator.code]].text or "–" for c in shown],
                }
                for s in series
            ],
        }


period_phrase = narrative_text.period_phrase


def subject_of(period: Period) -> str:
    return f"Kết quả công tác tuyên giáo {period_phrase(period)}"


def narrative_defaults(header: Header, period: Period, signer: narrative_text.Signer | None = None) -> dict[str, str]:
    """What the narrative starts with besides the sections: place, subject, signer, recipients."""
    return {
        "place": header.place,
        "subject": subject_of(period),
        "signer_title": signer.title_text if signer else "\n".join(header.signature),
        "signer_name": signer.name if signer else "",
        "recipients": "\n".join(header.recipients),
    }


def heading(unit: Unit, structure_date: dt.date, today: dt.date) -> tuple[str, Header]:
    """The unit's name on the structure date and the document header as of ``today`` (as ``collect``)."""
    current = unit.version_on(today) or unit.version_on(structure_date)
    on_date = unit.version_on(structure_date) or current
    name = on_date.display_name if on_date else str(unit)
    return name, _header(unit, current, today if current is not None and current.covers(today) else structure_date)


def _chart_number(value: Any) -> float | int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return None


_unnumbered = narrative_text._unnumbered  # the DOCX numbers the blocks itself under its own part I


_strip_prefix = officedoc.place_name


def _header(unit: Unit, version: UnitVersion | None, date: dt.date) -> Header:
    """Who issues the report: a committee's commission when it has one (the province's Ban Tuyên giáo
    và Dân vận), otherwise the committee's standing committee itself."""
    name = version.name if version else str(unit)
    chain = tree.ancestors(unit, date)
    province = next((v for v in [*chain, version] if v is not None and v.unit.level == Level.PROVINCE), None)
    place = _strip_prefix(province.display_name) if province and province.area_name else _strip_prefix(name)
    commission = UnitVersion.objects.as_of(date).filter(unit__key=f"com:{unit.key}", unit__kind=Kind.COMMISSION).first()
    if commission is not None:
        issuer = commission.name.removesuffix(f" {name}").strip()
        symbol = officedoc.issuer_symbol(unit.level, issuer)
        return Header(
            superior=name,
            issuer=issuer,
            symbol=symbol,
            place=place,
            signature=("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
            recipients=(
                f"Thường trực {name} (để b/c),",
                "Ban Tuyên giáo và Dân vận Trung ương (để b/c),",
                "Các đơn vị trực thuộc,",
                f"Lưu {issuer}.",
            ),
        )
    superior = chain[-1].name if chain else ""
    symbol = officedoc.issuer_symbol(unit.level)
    return Header(
        superior=f"Đảng bộ {chain[-1].area_name}" if chain and chain[-1].area_name else superior,
        issuer=name,
        symbol=symbol,
        place=place,
        signature=("T/M BAN THƯỜNG VỤ",),
        recipients=(f"{superior} (để b/c)," if superior else "Cấp ủy cấp trên (để b/c),", "Lưu Văn phòng."),
    )


def collect(
    form: Form,
    unit: Unit,
    period: Period,
    *,
    structure_date: dt.date | None = None,
    report_date: dt.date | None = None,
    compare: Mode | None = None,
    compare_indicator: str = "",
) -> ConsolidatedReport:
    """Everything the consolidated page and files show (raises ``ConsolidationError``).

    With ``compare``, the earlier period is consolidated in the same structure (``structure_date``)
    and each figure and each child's row carries the earlier figure; ``compare_indicator`` (a code)
    chooses the drill-down column compared child by child (default: the first)."""
    date = structure_date or period.end
    today = report_date or dt.date.today()
    figures = consolidate(form, unit, period, structure_date=date)
    by_child = breakdown(form, unit, period, structure_date=date)
    comparison = None
    earlier_figures: dict[str, Figure] = {}
    earlier_by_child: dict[int, dict[str, Figure]] = {}
    if compare is not None:
        earlier_period = compare.earlier(period)
        comparison = Comparison(compare, earlier_period, compare.column(period))
        try:
            earlier_figures = consolidate(form, unit, earlier_period, structure_date=date)
            earlier_by_child = breakdown(form, unit, earlier_period, structure_date=date)
        except ConsolidationError as exc:
            comparison.error = str(exc)

    version = form.version_for(period)
    sections = Section.objects.filter(version=version).prefetch_related("items__indicator").order_by("order")
    blocks: list[Block] = []
    columns: list[Row] = []
    for section in sections:
        rows = []
        for item in sorted(section.items.all(), key=lambda i: i.order):
            figure = figures.get(item.indicator.code)
            if figure is None:
                continue
            row = Row(item.label or item.indicator.name, item.indicator.unit_of_measure, figure)
            if comparison is not None and not comparison.error and not row.is_text:
                row.earlier = earlier_figures.get(item.indicator.code) or Figure(item.indicator, None, 0)
                row.change = change(figure, row.earlier)
            rows.append(row)
            if not row.is_text:
                columns.append(row)
        blocks.append(Block(section.title, rows))

    names = {
        v.unit_id: v
        for v in UnitVersion.objects.as_of(date)
        .filter(unit_id__in=[*by_child, unit.pk])
        .select_related("unit")
        .in_tree_order()
    }
    children: list[Child] = []
    for unit_id, child_version in names.items():
        if unit_id not in by_child:
            continue
        child_figures = by_child[unit_id]
        own = unit_id == unit.pk
        children.append(
            Child(
                unit_id=unit_id,
                name=child_version.display_name,
                figures=[
                    child_figures.get(row.figure.indicator.code) or Figure(row.figure.indicator, None, 0)
                    for row in columns
                ],
                own=own,
                earlier=[
                    earlier_by_child.get(unit_id, {}).get(row.figure.indicator.code)
                    or Figure(row.figure.indicator, None, 0)
                    for row in columns
                ]
                if comparison is not None and not comparison.error
                else [],
            )
        )
    children.sort(key=lambda c: (not c.own,))  # the unit's own report first, then children in tree order

    current = unit.version_on(today) or unit.version_on(date)
    unit_version = names.get(unit.pk) or current
    codes = [row.figure.indicator.code for row in columns]
    saved = narrative_text.find(form, unit, period, date)
    return ConsolidatedReport(
        form=form,
        unit=unit,
        unit_name=unit_version.display_name if unit_version else str(unit),
        period=period,
        structure_date=date,
        report_date=today,
        blocks=blocks,
        columns=columns,
        children=children,
        header=_header(unit, current, today if current is not None and current.covers(today) else date),
        comparison=comparison,
        compare_index=codes.index(compare_indicator) if compare_indicator in codes else 0,
        saved_narrative=saved,
    )


# --- XLSX -----------------------------------------------------------------------------------------------------------


def _cell_value(figure: Figure) -> tuple[Any, str | None]:
    """An Excel value and number format: numbers stay numbers, percentages become fractions."""
    value = figure.value
    kind = figure.indicator.value_type
    if value is None:
        return None, None
    if isinstance(value, Ratio | tuple | bool):
        return figure.text, None
    if kind == ValueType.PERCENT:
        return float(Decimal(value) / 100), spreadsheets.PERCENT
    if kind == ValueType.INTEGER or (isinstance(value, int)):
        return int(value), spreadsheets.INTEGER
    return float(value), spreadsheets.DECIMAL


def xlsx(report: ConsolidatedReport) -> bytes:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDE7F3")
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    book, sheet = spreadsheets.new_workbook("Tổng hợp")
    spreadsheets.put(sheet, "A1", f"BÁO CÁO {report.subject.upper()}")
    sheet["A1"].font = Font(bold=True, size=13)
    spreadsheets.put(sheet, "A2", f"Đơn vị: {report.unit_name} · Mẫu: {report.form.name}")
    sheet["A3"] = f"Kỳ: {report.period.label} · Cơ cấu tổ chức tại ngày {report.structure_date:%d/%m/%Y}"
    headers = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"]
    comparison = report.comparison if report.comparing else None
    if comparison is not None:
        sheet["A3"] = f"{sheet['A3'].value} · So sánh: {comparison.label}, cùng cơ cấu tổ chức"
        headers += [comparison.column, "Tăng (+), giảm (−)"]
    width = len(headers)
    sheet.append([])
    sheet.append(headers)
    for col in range(1, width + 1):
        cell = sheet.cell(row=5, column=col)
        cell.font, cell.fill, cell.border = bold, head_fill, border
    for block in report.blocks:
        spreadsheets.append(sheet, ["", block.title])
        sheet.cell(row=sheet.max_row, column=2).font = bold
        for number, row in enumerate(block.rows, start=1):
            value, fmt = _cell_value(row.figure)
            cells: list[Any] = [number, row.label, row.unit_of_measure, value]
            formats = [None, None, None, fmt]
            if comparison is not None and not row.is_text:
                earlier, earlier_fmt = _cell_value(row.earlier) if row.earlier else (None, None)
                cells += [earlier, row.change.text if row.change else None]
                formats += [earlier_fmt, None]
            r = spreadsheets.append(sheet, cells)
            for col in range(1, width + 1):
                sheet.cell(row=r, column=col).border = border
                sheet.cell(row=r, column=col).alignment = wrap
            for col, number_format in enumerate(formats, start=1):
                if number_format:
                    sheet.cell(row=r, column=col).number_format = number_format
    for letter, size in zip("ABCDEF", (6, 60, 14, 18, 18, 18), strict=False):
        sheet.column_dimensions[letter].width = size
    sheet.freeze_panes = "A6"

    _drill_sheet(
        book.create_sheet("Theo đơn vị"),
        report,
        f"Số liệu theo đơn vị trực thuộc – {report.unit_name} – {report.period.label}",
        "",
        lambda child: child.figures,
        (border, head_fill, bold),
    )
    if comparison is not None:
        # The drill-down of the compared period, children as in the structure of the period viewed.
        _drill_sheet(
            book.create_sheet("So sánh theo đơn vị"),
            report,
            f"{comparison.label} – số liệu theo đơn vị trực thuộc – {report.unit_name}",
            f"Cơ cấu tổ chức tại ngày {report.structure_date:%d/%m/%Y} (số liệu của đơn vị cũ tính vào đơn vị mới)",
            lambda child: child.earlier,
            (border, head_fill, bold),
        )

    return spreadsheets.to_bytes(book)


def _drill_sheet(
    sheet: Any,
    report: ConsolidatedReport,
    title: str,
    subtitle: str,
    figures_of: Callable[[Child], list[Figure]],
    styles: tuple[Any, Any, Any],
) -> None:
    """A sheet of one row per child unit (its own report first) and one column per indicator."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    border, fill, bold = styles
    spreadsheets.put(sheet, "A1", title).font = Font(bold=True, size=13)
    spreadsheets.put(sheet, "A2", subtitle)
    spreadsheets.append(sheet, ["Đơn vị", *[row.label for row in report.columns]])
    for col in range(1, len(report.columns) + 2):
        cell = sheet.cell(row=3, column=col)
        cell.font, cell.fill, cell.border = bold, fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for child in report.children:
        label = f"{child.name} (báo cáo của chính đơn vị)" if child.own else child.name
        values = [_cell_value(f) for f in figures_of(child)]
        r = spreadsheets.append(sheet, [label, *[v for v, _fmt in values]])
        for col, (_v, fmt) in enumerate(values, start=2):
            sheet.cell(row=r, column=col).border = border
            if fmt:
                sheet.cell(row=r, column=col).number_format = fmt
        sheet.cell(row=r, column=1).border = border
    sheet.column_dimensions["A"].width = 40
    for col in range(2, len(report.columns) + 2):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    sheet.freeze_panes = "B4"


# --- DOCX -----------------------------------------------------------------------------------------------------------


# The HD 36 layout pieces live in ``tuyengiao.lib.officedoc`` (shared with the meeting papers).
_para = officedoc.para
_widths = officedoc.widths
_cell_text = officedoc.cell_text


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
TABLE_SIZE = 11  # the figure table's type size: the body is 14; 44 indicators with three figures each fit at 11
ANNEX_COLUMNS = 5  # indicators per table of the per-unit annex (the unit's name and five figures fit A4 upright)


def _figure_table(document: Any, report: ConsolidatedReport) -> None:
    """All figures in one table, a row per block title: TT, indicator, unit of measure, the period's result and,
    when comparing, the compared period's figure and the change (``comparison.change``, as on the page)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    comparison = report.comparison if report.comparing else None
    titles: tuple[str, ...] = ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả")
    widths: tuple[Any, ...] = (Cm(1.2), Cm(10.2), Cm(2.1), Cm(3.0))
    aligns: tuple[str, ...] = ("center", "left", "center", "right")
    if comparison is not None:
        titles += (comparison.column, "Tăng (+), giảm (−)")
        widths = (Cm(1.2), Cm(6.3), Cm(1.9), Cm(2.2), Cm(2.2), Cm(2.7))
        aligns += ("right", "right")
    grid = document.add_table(rows=1, cols=len(titles))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, titles, strict=True):
        _cell_text(cell, text, bold=True, align="center", size=TABLE_SIZE)
    _repeat_header(grid.rows[0])
    number = 0
    for index, block in enumerate(report.blocks, start=1):
        numeric = [row for row in block.rows if not row.is_text]
        if not numeric:
            continue
        title_row = grid.add_row()
        cells = title_row.cells
        numeral = ROMAN[index - 1] if index <= len(ROMAN) else str(index)
        _cell_text(cells[0], numeral, bold=True, align="center", size=TABLE_SIZE)
        _cell_text(cells[1].merge(cells[-1]), _unnumbered(block.title), bold=True, size=TABLE_SIZE)
        _keep_together(title_row, with_next=True)
        for row in numeric:
            number += 1
            values: tuple[str, ...] = (str(number), row.label, row.unit_of_measure, row.figure.text or "–")
            if comparison is not None:
                earlier = row.earlier.text if row.earlier else ""
                values += (earlier or "–", row.change.text if row.change else "")
            table_row = grid.add_row()
            for cell, text, align in zip(table_row.cells, values, aligns, strict=True):
                _cell_text(cell, text, align=align, size=TABLE_SIZE)
            _keep_together(table_row)
    _widths(grid, widths)


def _keep_together(row: Any, *, with_next: bool = False) -> None:
    """A table row never split over two pages (``with_next``: nor parted from the row after it, a block title)."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if with_next:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _repeat_header(row: Any) -> None:
    """The table's first row printed again on every page it runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _rich(document: Any, text: str, *, numbered: bool = False) -> None:
    """A narrative section (``richtext`` blocks): paragraphs indented, bold and italic kept, bulleted items
    after a dash, numbered items (and, with ``numbered``, every block: the tasks) as 1., 2., …"""
    from docx.shared import Cm

    number = 0
    for block in richtext.blocks(text):
        paragraph = _para(document, indent=True)
        runs = [richtext.Run(r.text, r.bold, r.italic) for r in block.runs]
        if numbered or block.kind == "ol":
            number += 1
            if numbered and runs:
                runs[0].text = narrative_text.strip_numbering(runs[0].text)
            runs.insert(0, richtext.Run(f"{number}. "))
        elif block.kind == "ul":
            runs.insert(0, richtext.Run("– "))
        else:
            number = 0
        if block.kind in ("ul", "ol"):
            paragraph.paragraph_format.first_line_indent = Cm(0.63)
        for run in runs:
            for index, part in enumerate(run.text.split("\n")):
                if index:
                    paragraph.add_run().add_break()
                officedoc.run_font(paragraph.add_run(part), 14, bold=run.bold, italic=run.italic)


def _end(document: Any) -> None:
    """A document that ends with a table gets an empty paragraph after it from the word processor; a 1-pt one
    with no spacing here, so that a signature block at the foot of a page does not push a blank page out."""
    from docx.shared import Pt

    last = _para(document, "", after=0)
    last.paragraph_format.space_before = Pt(0)
    last.paragraph_format.line_spacing = Pt(1)
    officedoc.run_font(last.add_run(""), 1)


def _annex(document: Any, report: ConsolidatedReport) -> None:
    """The annex asked for with ``phu_luc=1``: the units' own texts per section, then their figures."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    _para(document).add_run().add_break(WD_BREAK.PAGE)
    _para(document, "PHỤ LỤC", bold=True, align="center")
    _para(
        document,
        f"(Kèm theo báo cáo {report.subject[0].lower()}{report.subject[1:]} của {report.header.issuer} "
        f"{report.header.superior})",
        italic=True,
        align="center",
        after=6,
    )
    texts = report.units_texts()
    roman = iter(ROMAN)
    if any(texts.values()):
        _para(document, f"{next(roman)}. BÁO CÁO CỦA CÁC ĐƠN VỊ", bold=True, before=6, after=6)
        for name, title in narrative_text.SECTIONS:
            if not texts.get(name):
                continue
            heading = _para(document, title[:1] + title[1:].lower(), bold=True, italic=True, after=3)
            heading.paragraph_format.keep_with_next = True
            for line in narrative_text.unit_lines(texts[name]):
                _para(document, line, size=13, indent=True, after=2)
    children = report.children
    if not children or not report.columns:
        return
    _para(document, f"{next(roman)}. SỐ LIỆU THEO ĐƠN VỊ", bold=True, before=6, after=6)
    width = Cm(16.5 - 2.3 * ANNEX_COLUMNS)
    for start in range(0, len(report.columns), ANNEX_COLUMNS):
        columns = report.columns[start : start + ANNEX_COLUMNS]
        grid = document.add_table(rows=1, cols=len(columns) + 1)
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        titles = ["Đơn vị", *(f"{start + i + 1}. {row.label}" for i, row in enumerate(columns))]
        for cell, text in zip(grid.rows[0].cells, titles, strict=True):
            _cell_text(cell, text, bold=True, align="center", size=10)
        _repeat_header(grid.rows[0])
        for child in children:
            cells = grid.add_row().cells
            label = f"{child.name} (báo cáo của chính đơn vị)" if child.own else child.name
            _cell_text(cells[0], label, size=10)
            for offset, cell in enumerate(cells[1:]):
                _cell_text(cell, child.figures[start + offset].text or "–", align="right", size=10)
        _widths(grid, (width, *[Cm(2.3)] * len(columns)))
        _para(document, "", after=6)


def docx(report: ConsolidatedReport, *, annex: bool = False) -> bytes:
    """The report a commission sends (see the module's docstring); ``annex`` adds the units' texts and figures."""
    text = report.narrative()
    document = officedoc.new_document()
    head = report.header
    officedoc.header(
        document,
        superior=head.superior,
        issuer=head.issuer,
        number=f"Số {text.number}" if text.number else f"Số      -BC/{head.symbol}",
        place=text.place or head.place,
        date=report.report_date,
    )

    _para(document, "BÁO CÁO", size=15, bold=True, align="center", before=18)
    _para(document, text.subject or report.subject, bold=True, align="center")
    _para(document, "-----", align="center", after=6)

    compared = ""
    if report.comparing and report.comparison is not None:
        compared = f", so sánh với {report.comparison.phrase}"
    _para(
        document,
        f"Thực hiện chế độ báo cáo định kỳ theo mẫu “{report.form.name}”, trên cơ sở số liệu báo cáo của "
        f"các đơn vị trực thuộc (cơ cấu tổ chức tại ngày {report.structure_date:%d/%m/%Y}), "
        f"{head.issuer} {head.superior} báo cáo kết quả {report.period_phrase}{compared} như sau:",
        indent=True,
        after=6,
    )
    sections = text.sections()
    results = next((body for name, _title, body in sections if name == "results"), "")
    _para(
        document, f"{ROMAN[0]}. KẾT QUẢ ĐẠT ĐƯỢC", bold=True, before=6, after=6, indent=True
    ).paragraph_format.keep_with_next = True
    _rich(document, results)
    if report.columns:
        caption = "Số liệu chủ yếu"
        if report.comparing and report.comparison is not None:
            caption += f" (so sánh với {report.comparison.phrase})"
        _para(
            document, f"{caption}:", italic=True, indent=True, before=6, after=6
        ).paragraph_format.keep_with_next = True
        _figure_table(document, report)
        _para(document, "", after=3)

    roman = iter(ROMAN[1:])
    for name, title, body in sections:
        if name == "results":
            continue
        heading = _para(document, f"{next(roman)}. {title}", bold=True, before=6, after=6, indent=True)
        heading.paragraph_format.keep_with_next = True
        _rich(document, body, numbered=name == "tasks")

    last = document.paragraphs[-1]
    officedoc.signature(
        document,
        recipients=text.recipient_list or list(head.recipients),
        lines=text.signer_lines or list(head.signature),
        signer=text.signer_name,
    )
    # The signature block on one page, never its title alone, and never on a page without the text it signs.
    _keep_together(document.tables[-1].rows[0])
    for paragraph in (last, document.paragraphs[-1]):
        paragraph.paragraph_format.keep_with_next = True
    if annex:
        _annex(document, report)
    _end(document)
    return officedoc.to_bytes(document)
