"""Report figures as a spreadsheet: the XLSX template to fill in, and reading it back, all or nothing.

The template has one row per unit and one column per indicator (then one per text section) of the form
version in force for the period::

    row 1   Mẫu báo cáo | <form code>   | <form name>
    row 2   Kỳ báo cáo  | <period code> | <period label>
    row 3   Hướng dẫn   | how to type numbers, yes/no, what not to change
    row 5   Mã đơn vị   | Đơn vị        | Trạng thái | <indicator name (unit of measure)> …
    row 6   Mã chỉ tiêu | (không sửa)   |            | <indicator code> …          ← the code row, grey
    row 7…  <unit key>  | <unit name>   | <status>   | values …

Parsing finds the form, period and code rows by their labels in column A, so rows added above them do
no harm, and maps columns by the codes, not by position. Data cells are text cells: what the user types
("1.234,5", "85,3%", "Có") is kept exactly as typed whatever the spreadsheet program's language, and is
read by ``services.check_values`` like the entry page's fields. Cells that hold real numbers anyway
(pasted values, other programs) are converted to the same Vietnamese text first.

``parse`` checks every row before writing anything: unknown units, units out of the user's write scope,
reports already sent or accepted (when the row changes them), a file made for another form or period and
every invalid cell are reported with the Excel row, column letter, indicator and a Vietnamese message. Only
a clean file is written, every changed row through ``services.save_values``, in one transaction. Rows whose
values equal what is stored are skipped, so a template prefilled from submitted reports can be re-uploaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.lib import spreadsheets as sheets
from tuyengiao.lib.periods import Period
from tuyengiao.lib.revision import StaleEdit
from tuyengiao.lib.rollup import ValueType
from tuyengiao.lib.text import fold
from tuyengiao.reports import services
from tuyengiao.reports.models import Form, FormVersion, Item, Narrative, Report, ReportAction, Section
from tuyengiao.units.models import Unit, UnitVersion

__all__ = ["CellError", "DataRow", "Result", "SavedRow", "count_rows", "import_rows", "parse", "template"]

SHEET_TITLE = "Số liệu"
MAX_ROWS = 10_000
MAX_COLUMNS = 300
MAX_ERRORS = 1000
# The file's size, the ZIP checks and the cell rules (no formulas) are those of ``lib.spreadsheets``.
# Progress is reported every this many rows.
PROGRESS_EVERY = 25
# Column letters (1-based indexes) of the fixed columns.
KEY_COLUMN, NAME_COLUMN, STATUS_COLUMN = 1, 2, 3
FIRST_VALUE_COLUMN = 4
SECTION_PREFIX = "muc:"

# Labels of column A that mark the header rows (compared folded: no tones, lower case).
LABEL_FORM = gettext_noop("Mẫu báo cáo")
LABEL_PERIOD = gettext_noop("Kỳ báo cáo")
LABEL_CODES = gettext_noop("Mã chỉ tiêu")
YES, NO = "Có", "Không"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CellError:
    """A problem in the file: ``row`` as numbered in Excel (0: the whole file), ``column`` its letter."""

    row: int
    column: str
    indicator: str
    message: str


@dataclass(frozen=True)
class SavedRow:
    report_id: int
    unit_id: int
    unit_name: str
    row: int


@dataclass
class Result:
    errors: list[CellError] = field(default_factory=list)
    saved: list[SavedRow] = field(default_factory=list)
    rows: int = 0  # data rows read (empty rows not counted)
    unchanged: int = 0  # rows equal to what is stored, not written

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_json(self) -> list[dict[str, Any]]:
        return [asdict(error) for error in self.errors]

    def saved_json(self) -> list[dict[str, Any]]:
        return [asdict(row) for row in self.saved]


FileProblem = sheets.FileProblem

# --- Columns ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    code: str  # indicator code, or "muc:<order>" for a text section
    title: str
    value_type: str  # a ValueType, TEXT for sections
    item: Item | None = None
    section: Section | None = None


def _columns(version: FormVersion) -> list[_Column]:
    columns = []
    for item in services.items_of_version(version.pk):
        indicator = item.indicator
        title = str(item)
        if indicator.unit_of_measure:
            title = f"{title} ({indicator.unit_of_measure})"
        columns.append(_Column(indicator.code, title, indicator.value_type, item=item))
    for section in Section.objects.filter(version=version).exclude(kind=Section.Kind.INDICATORS).order_by("order"):
        columns.append(_Column(f"{SECTION_PREFIX}{section.order}", section.title, ValueType.TEXT, section=section))
    return columns


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# --- Values as text --------------------------------------------------------------------------------------------------


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ".".join([digits[:head], *[digits[i : i + 3] for i in range(head, len(digits), 3)]])


def number_text(value: int | Decimal) -> str:
    """A number in Vietnamese notation with every stored digit: 1234.5 → "1.234,5" (no rounding)."""
    text = format(Decimal(value).normalize(), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{_group(whole)}" + (f",{fraction}" if fraction else "")


def value_text(value: object, value_type: str) -> str:
    """A stored value as it is typed in the template ("1.234", "85,3%", "Có")."""
    if value is None:
        return ""
    if value_type == ValueType.BOOLEAN:
        return YES if value else NO
    if value_type == ValueType.TEXT or isinstance(value, str):
        return str(value)
    if isinstance(value, int | Decimal):
        text = number_text(value)
        return f"{text}%" if value_type == ValueType.PERCENT else text
    return str(value)


def _cell_text(value: Any, number_format: str | None, value_type: str) -> str:
    """A cell as the text ``check_values`` reads: strings as typed, real numbers in Vietnamese notation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
        if not number.is_finite():
            return str(value)
        percent_cell = "%" in (number_format or "")
        if percent_cell:  # Excel keeps 85,3% as 0.853
            number *= 100
        if float(number).is_integer():
            number = number.to_integral_value()
        text = number_text(number)
        return f"{text}%" if value_type == ValueType.PERCENT and percent_cell else text
    return unicodedata.normalize("NFC", str(value)).strip()


# --- The template ----------------------------------------------------------------------------------------------------


def template(form: Form, version: FormVersion, period: Period, units: Sequence[UnitVersion]) -> bytes:
    """The XLSX to fill in for ``units`` (their versions at the period's end), prefilled with stored values."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = _columns(version)
    unit_ids = [v.unit_id for v in units]
    keys = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "key"))
    reports = {r.unit_id: r for r in Report.objects.filter(form=form, period=period.code, unit_id__in=unit_ids)}
    stored = services.stored_values_of([r.pk for r in reports.values()])
    narratives: dict[tuple[int, int], str] = {}
    for report_id, order, text in Narrative.objects.filter(report__in=reports.values()).values_list(
        "report_id", "section__order", "text"
    ):
        narratives[(report_id, order)] = text

    workbook, sheet = sheets.new_workbook(SHEET_TITLE)
    last_column = FIRST_VALUE_COLUMN + len(columns) - 1
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    code_font = Font(italic=True, size=8, color="7F7F7F")
    code_fill = PatternFill("solid", fgColor="F2F2F2")
    locked_fill = PatternFill("solid", fgColor="EDEDED")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheets.append(sheet, [_(LABEL_FORM), form.code, form.name])
    sheets.append(sheet, [_(LABEL_PERIOD), period.code, period.label])
    sheet.append(
        [
            _("Hướng dẫn"),
            _(
                "Mỗi dòng là báo cáo của một đơn vị. Số ghi kiểu Việt Nam: 1.234 hoặc 1.234,5; tỷ lệ 85,3%; "
                "Có/Không chọn trong danh sách. Ô để trống là chưa có số liệu (xóa số đã nhập). "
                "Không sửa các dòng 1–2, dòng mã chỉ tiêu và cột mã đơn vị. Báo cáo đã gửi hoặc đã tiếp nhận "
                "không sửa được. Nếu tệp có lỗi, không dòng nào được nhập."
            ),
        ]
    )
    for line in (1, 2):
        sheet.cell(line, 1).font = bold
        sheet.cell(line, 2).font = bold
    sheet.cell(3, 1).font = bold
    sheet.merge_cells(start_row=3, start_column=2, end_row=3, end_column=max(last_column, 8))
    sheet.cell(3, 2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[3].height = 45
    sheet.append([])

    header_row, code_row = 5, 6
    sheets.append(sheet, [_("Mã đơn vị"), _("Đơn vị"), _("Trạng thái"), *[column.title for column in columns]])
    sheet.append([_(LABEL_CODES), _("(không sửa dòng này)"), "", *[column.code for column in columns]])
    for index in range(1, last_column + 1):
        head = sheet.cell(header_row, index)
        head.font, head.fill, head.border = bold, header_fill, border
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        code = sheet.cell(code_row, index)
        code.font, code.fill, code.border = code_font, code_fill, border
    sheet.row_dimensions[header_row].height = 75

    first_data = code_row + 1
    for unit_version in units:
        report = reports.get(unit_version.unit_id)
        values = stored.get(report.pk, {}) if report else {}
        row: list[Any] = [keys.get(unit_version.unit_id, ""), unit_version.name]
        row.append(report.get_status_display() if report else _("Chưa nhập"))
        for column in columns:
            if column.section is not None:
                row.append(narratives.get((report.pk, column.section.order), "") if report else "")
            else:
                row.append(value_text(values.get(column.code), column.value_type))
        sheets.append(sheet, [value if value != "" else None for value in row])
        locked = report is not None and report.status not in services.EDITABLE
        number = sheet.max_row
        for index in range(1, last_column + 1):
            cell = sheet.cell(number, index)
            cell.border = border
            cell.number_format = "@"  # text: "1.234,5" stays as typed on any locale
            if locked or index < FIRST_VALUE_COLUMN:
                cell.fill = locked_fill
            if index >= FIRST_VALUE_COLUMN and columns[index - FIRST_VALUE_COLUMN].value_type == ValueType.TEXT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif index >= FIRST_VALUE_COLUMN:
                cell.alignment = Alignment(horizontal="right")
    last_data = max(sheet.max_row, first_data)

    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    yes_no.error = _("Hãy chọn Có hoặc Không.")
    yes_no.errorTitle = _("Giá trị không hợp lệ")
    yes_no.showErrorMessage = True
    for index, column in enumerate(columns, start=FIRST_VALUE_COLUMN):
        if column.value_type == ValueType.BOOLEAN:
            yes_no.add(f"{_letter(index)}{first_data}:{_letter(index)}{last_data}")
    if yes_no.sqref:
        sheet.add_data_validation(yes_no)

    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 13
    for index, column in enumerate(columns, start=FIRST_VALUE_COLUMN):
        sheet.column_dimensions[_letter(index)].width = 40 if column.value_type == ValueType.TEXT else 16
    sheet.freeze_panes = sheet.cell(first_data, FIRST_VALUE_COLUMN)
    sheet.print_title_rows = f"{header_row}:{code_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    return sheets.to_bytes(workbook)


# --- Reading ---------------------------------------------------------------------------------------------------------


def _broken() -> str:
    return _("Tệp không phải là tệp Excel (.xlsx) hoặc bị hỏng, không đọc được. Hãy dùng tệp mẫu tải từ hệ thống.")


def _rows(data: bytes, name: str = "") -> list[tuple[int, list[tuple[Any, str | None]]]]:
    """(Excel row number, [(value, number format)]) of every non-empty row; raises FileProblem."""
    sheets.kind_of(data, name, ("xlsx",), broken=_broken())
    rows = []
    with contextlib.closing(
        sheets.xlsx_rows(data, sheet=SHEET_TITLE, broken=_broken(), max_columns=MAX_COLUMNS, formats=True)
    ) as lines:
        for number, values in lines:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v, _f in values):
                continue
            rows.append((number, values))
            if len(rows) > MAX_ROWS + 10:
                raise FileProblem(
                    _("Tệp có hơn %(rows)s dòng; hãy chia thành nhiều tệp nhỏ hơn.") % {"rows": number_text(MAX_ROWS)}
                )
    return rows


def count_rows(data: bytes) -> int | None:
    """A quick estimate of the data rows (from the sheet's dimension), or None when the file does not say."""
    try:
        workbook = sheets.open_xlsx(data, _broken())
    except FileProblem:
        return None
    try:
        sheet = sheets.sheet_of(workbook, SHEET_TITLE)
        max_row = sheet.max_row
        if not isinstance(max_row, int):  # no dimension recorded by the program that saved it: count
            max_row = sum(1 for _row in sheet.iter_rows(max_col=1, values_only=True))
    except Exception:
        return None
    finally:
        workbook.close()
    return max(0, max_row - 6)


def _label(value: Any) -> str:
    return fold(str(value or "")).strip(" :")


def _is(value: Any, label: str) -> bool:
    """Whether a cell holds ``label`` (as written in Vietnamese or in the interface language)."""
    return _label(value) in (_label(label), _label(_(label)))


@dataclass
class _Row:
    number: int
    unit: Unit
    unit_name: str
    report: Report | None
    raw: dict[str, str]
    narratives: dict[int, str]  # section pk → text


class _Checker:
    def __init__(self, form: Form, period: Period, user: Any) -> None:
        self.form, self.period, self.user = form, period, user
        self.errors: list[CellError] = []
        self.version = form.version_for(period)

    def error(self, row: int, column: str, indicator: str, message: str) -> None:
        self.errors.append(CellError(row, column, indicator, message))

    # The header: form, period, codes.
    def header(self, rows: list[tuple[int, list[tuple[Any, str | None]]]]) -> tuple[int, dict[int, _Column]]:
        """Check the form and period rows; (index in ``rows`` of the first data row, column index → column)."""
        form_code = period_code = None
        for position, (number, cells) in enumerate(rows):
            label = cells[0][0] if cells else None
            second = str(cells[1][0] or "").strip() if len(cells) > 1 else ""
            if _is(label, LABEL_FORM):
                form_code = second
                if fold(second) != fold(self.form.code):
                    self.error(
                        number,
                        "B",
                        "",
                        _("Tệp là mẫu “%(file)s”, không phải mẫu “%(form)s” đang nhập.")
                        % {"file": second, "form": self.form.code},
                    )
            elif _is(label, LABEL_PERIOD):
                period_code = second
                if second.upper() != self.period.code.upper():
                    self.error(
                        number,
                        "B",
                        "",
                        _("Tệp dành cho kỳ “%(file)s”, không phải kỳ %(period)s đang nhập.")
                        % {"file": second, "period": self.period.label},
                    )
            elif _is(label, LABEL_CODES):
                if form_code is None or period_code is None:
                    self.error(0, "", "", _("Tệp thiếu dòng “Mẫu báo cáo” hoặc “Kỳ báo cáo” ở đầu trang."))
                return position + 1, self._codes(number, cells)
        raise FileProblem(
            _("Không tìm thấy dòng “%(label)s” trong tệp: hãy dùng tệp mẫu tải từ hệ thống.") % {"label": LABEL_CODES}
        )

    def _codes(self, number: int, cells: list[tuple[Any, str | None]]) -> dict[int, _Column]:
        assert self.version is not None
        known = {column.code: column for column in _columns(self.version)}
        mapped: dict[int, _Column] = {}
        seen: dict[str, str] = {}
        for index, (value, _format) in enumerate(cells):
            if index < FIRST_VALUE_COLUMN - 1 or value is None or not str(value).strip():
                continue
            code = str(value).strip()
            letter = _letter(index + 1)
            if code not in known:
                self.error(
                    number,
                    letter,
                    "",
                    _("Mã chỉ tiêu “%(code)s” không có trong mẫu báo cáo này; không sửa dòng mã chỉ tiêu.")
                    % {"code": code},
                )
            elif code in seen:
                self.error(
                    number, letter, known[code].title, _("Cột này trùng mã với cột %(other)s.") % {"other": seen[code]}
                )
            else:
                seen[code] = letter
                mapped[index] = known[code]
        if not mapped and not self.errors:
            self.error(number, "", "", _("Dòng mã chỉ tiêu không có mã nào: hãy dùng tệp mẫu tải từ hệ thống."))
        return mapped


def _changed(raw: dict[str, str], values: dict[str, object], stored: dict[str, object]) -> bool:
    return any(values.get(code) != stored.get(code) for code in raw)


def parse(
    file: Any, form: Form, period: Period, user: Any, *, progress: Progress | None = None, name: str = ""
) -> Result:
    """Check every cell of an uploaded template; when all are good, save every changed row (all or nothing).

    ``file`` is bytes or a binary file (an ``UploadedFile``, a ``FieldFile``). ``progress(processed, total)``
    is called every ``PROGRESS_EVERY`` rows while checking. ``name`` (default: the file's) is the file name
    recorded on the reports' history.
    """
    result = Result()
    checker = _Checker(form, period, user)
    if checker.version is None:
        return Result(errors=[CellError(0, "", "", _("Mẫu báo cáo chưa có phiên bản áp dụng cho kỳ này."))])
    try:
        rows = _rows(sheets.read_upload(file), name or getattr(file, "name", "") or "")
        if not rows:
            raise FileProblem(_("Tệp không có dữ liệu."))
        start, columns = checker.header(rows)
        data = rows[start:]
        if not data:
            raise FileProblem(_("Tệp không có dòng số liệu nào (chỉ có phần tiêu đề)."))
        if len(data) > MAX_ROWS:
            raise FileProblem(
                _("Tệp có hơn %(rows)s dòng; hãy chia thành nhiều tệp nhỏ hơn.") % {"rows": number_text(MAX_ROWS)}
            )
    except FileProblem as problem:
        return Result(errors=[CellError(problem.row, problem.column, "", str(problem))])
    if checker.errors:
        return Result(errors=checker.errors)

    result.rows = len(data)
    checked = _check_rows(checker, data, columns, result, progress)
    if checker.errors:
        result.errors = _limited(checker.errors)
        return result
    _write(checked, form, period, user, result, name or getattr(file, "name", "") or "")
    return result


def _check_rows(
    checker: _Checker,
    data: list[tuple[int, list[tuple[Any, str | None]]]],
    columns: dict[int, _Column],
    result: Result,
    progress: Progress | None,
) -> list[_Row]:
    form, period, user = checker.form, checker.period, checker.user
    assert checker.version is not None
    unit_label = _("Mã đơn vị")
    # One query each for the units, their names and submitter status, the write scope, reports and values.
    keys = {str(cells[0][0]).strip() for _n, cells in data if cells and cells[0][0] is not None}
    units = {u.key: u for u in Unit.objects.filter(key__in=keys)}
    submitting = {
        v.unit_id: v.name
        for v in UnitVersion.objects.as_of(period.end)
        .filter(form.submitter_filter(), unit_id__in=[u.pk for u in units.values()])
        .only("unit_id", "name")
    }
    writable = set(
        Unit.objects.filter(
            scoping.unit_filter(user, Capability.WRITE, timezone.localdate(), field="pk"), pk__in=list(submitting)
        ).values_list("pk", flat=True)
    )
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(form=form, period=period.code, unit_id__in=list(submitting)).select_related(
            "version"
        )
    }
    stored = services.stored_values_of([r.pk for r in reports.values()])
    stored_texts: dict[int, dict[int, str]] = {}
    for report_id, section_id, text in Narrative.objects.filter(report__in=reports.values()).values_list(
        "report_id", "section_id", "text"
    ):
        stored_texts.setdefault(report_id, {})[section_id] = text
    items_by_version: dict[int, list[Item]] = {}
    sections_by_version: dict[int, dict[int, Section]] = {}

    def items(version_id: int) -> list[Item]:
        if version_id not in items_by_version:
            items_by_version[version_id] = services.items_of_version(version_id)
        return items_by_version[version_id]

    def sections(version_id: int) -> dict[int, Section]:
        if version_id not in sections_by_version:
            sections_by_version[version_id] = {
                s.order: s for s in Section.objects.filter(version_id=version_id).exclude(kind=Section.Kind.INDICATORS)
            }
        return sections_by_version[version_id]

    letters = {index: _letter(index + 1) for index in columns}
    seen_units: dict[int, int] = {}
    checked: list[_Row] = []
    total = len(data)
    for position, (number, cells) in enumerate(data, start=1):
        if progress is not None and (position % PROGRESS_EVERY == 0):
            progress(position, total)
        key = str(cells[0][0]).strip() if cells and cells[0][0] is not None else ""
        shown = str(cells[1][0] or "").strip() if len(cells) > 1 else ""
        if not key:
            checker.error(number, "A", unit_label, _("Thiếu mã đơn vị (cột A): không biết dòng này của đơn vị nào."))
            continue
        unit = units.get(key)
        if unit is None:
            checker.error(number, "A", unit_label, _("Không có đơn vị mã “%(key)s”.") % {"key": key})
            continue
        name = submitting.get(unit.pk)
        if name is None:
            checker.error(
                number,
                "A",
                unit_label,
                _("Đơn vị “%(name)s” không nộp mẫu báo cáo này trong kỳ %(period)s.")
                % {"name": shown or key, "period": period.label},
            )
            continue
        if unit.pk in seen_units:
            checker.error(
                number,
                "A",
                unit_label,
                _("Đơn vị “%(name)s” đã có ở dòng %(row)d; mỗi đơn vị một dòng.")
                % {"name": name, "row": seen_units[unit.pk]},
            )
            continue
        seen_units[unit.pk] = number
        if unit.pk not in writable and not services.can_write(user, unit):
            checker.error(
                number,
                "A",
                unit_label,
                _("Bạn không có quyền nhập báo cáo cho đơn vị “%(name)s”.") % {"name": name},
            )
            continue
        report = reports.get(unit.pk)
        version_id = report.version_id if report else checker.version.pk
        raw: dict[str, str] = {}
        texts: dict[int, str] = {}
        text_columns: dict[int, tuple[str, str]] = {}
        for index, column in columns.items():
            value, number_format = cells[index] if index < len(cells) else (None, None)
            if value is _ABSENT:  # a row given as data (``import_rows``) leaves the figures it does not name alone
                continue
            text = _cell_text(value, number_format, column.value_type)
            if column.section is not None:
                section = sections(version_id).get(column.section.order)
                if section is not None:
                    texts[section.pk] = text
                    text_columns[section.pk] = (letters[index], column.title)
            else:
                raw[column.code] = text
        version_items = items(version_id)
        existing = stored.get(report.pk, {}) if report else {}
        values, errors = services.check_values(version_items, raw, existing)
        by_code = {column.code: index for index, column in columns.items()}
        titles = {item.indicator.code: str(item) for item in version_items}
        for code, messages in errors.items():
            at = by_code.get(code)
            for message in messages:
                checker.error(number, letters[at] if at is not None else "", titles.get(code, code), message)
        for section_pk, text in texts.items():
            if len(text) > 20_000:
                letter, title = text_columns[section_pk]
                checker.error(number, letter, title, _("Nội dung quá dài."))
        if errors:
            continue
        old_texts = stored_texts.get(report.pk, {}) if report else {}
        changed = _changed(raw, values, existing) or any(
            text.strip() != old_texts.get(pk, "").strip() for pk, text in texts.items()
        )
        if not changed:
            result.unchanged += 1
            continue
        if report is not None and report.status not in services.EDITABLE:
            checker.error(
                number,
                "A",
                unit_label,
                _("Báo cáo của “%(name)s” đang ở trạng thái “%(status)s”, không sửa được.")
                % {"name": name, "status": report.get_status_display()},
            )
            continue
        checked.append(_Row(number, unit, name, report, raw, texts))
    if progress is not None:
        progress(total, total)
    return checked


class _Abort(Exception):
    pass


def _write(
    rows: list[_Row], form: Form, period: Period, user: Any, result: Result, file_name: str, comment: str = ""
) -> None:
    if not comment:
        comment = _("Nhập từ tệp Excel “%(name)s”.") % {"name": file_name.rsplit("/", 1)[-1]} if file_name else ""
        comment = comment or _("Nhập từ tệp Excel.")
    saved: list[SavedRow] = []
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    report = row.report or services.open_report(form, row.unit, period, user)[0]
                    report = services.save_values(report, row.raw, row.narratives, user, report.revision)
                except services.ValidationFailed as failure:
                    for code, messages in failure.errors.items():
                        for message in messages:
                            result.errors.append(CellError(row.number, "", code, message))
                    raise _Abort from failure
                except (services.WorkflowError, StaleEdit) as error:
                    result.errors.append(CellError(row.number, "A", row.unit_name, str(error)))
                    raise _Abort from error
                action = report.actions.filter(action=ReportAction.Action.SAVE).order_by("-at", "-pk").first()
                if action is not None:
                    ReportAction.objects.filter(pk=action.pk).update(comment=comment)
                saved.append(SavedRow(report.pk, row.unit.pk, row.unit_name, row.number))
    except _Abort:
        result.saved = []
        return
    result.saved = saved


def _limited(errors: Iterable[CellError]) -> list[CellError]:
    ordered = sorted(errors, key=lambda e: (e.row, len(e.column), e.column))
    if len(ordered) <= MAX_ERRORS:
        return ordered
    rest = len(ordered) - MAX_ERRORS
    return [*ordered[:MAX_ERRORS], CellError(0, "", "", _("Còn %(count)d lỗi khác không liệt kê.") % {"count": rest})]


# --- Rows given as data (the API's bulk import) ----------------------------------------------------------------------


class _Absent:
    """A cell the row does not name: its stored figure stays as it is (a blank cell of a file deletes it)."""


_ABSENT = _Absent()


@dataclass(frozen=True)
class DataRow:
    """One unit's figures given as data rather than as a spreadsheet row: ``values`` maps indicator codes to the
    text typed as on the entry page ("1.234,5", "85,3%", "Có"; "" deletes the figure), ``narratives`` the
    order of a text section to its text. Codes a row leaves out are not touched."""

    unit: str  # the unit's key
    values: dict[str, str] = field(default_factory=dict)
    narratives: dict[int, str] = field(default_factory=dict)


def import_rows(
    form: Form, period: Period, user: Any, rows: Sequence[DataRow], *, comment: str, check_only: bool = False
) -> Result:
    """The upload's checks and writing (``parse``) for rows given as data, all or nothing: the same units, write
    scope, locked reports and cell checks (``services.check_values``), the same messages. The errors' ``row`` is
    the position of the row in ``rows`` (from 1) and ``column`` an indicator code or ``muc:<section order>``
    (empty for the row's unit, or the whole request); ``comment`` is recorded on each report's saving.
    ``check_only``: check every row, write nothing (the caller has refused something else already)."""
    checker = _Checker(form, period, user)
    if checker.version is None:
        return Result(errors=[CellError(0, "", "", _("Mẫu báo cáo chưa có phiên bản áp dụng cho kỳ này."))])
    if not rows:
        return Result(errors=[CellError(0, "", "", _("Không có dòng số liệu nào."))])
    if len(rows) > MAX_ROWS:
        message = _("Có hơn %(rows)s dòng; hãy chia thành nhiều lần nhập.") % {"rows": number_text(MAX_ROWS)}
        return Result(errors=[CellError(0, "", "", message)])
    known = {column.code: column for column in _columns(checker.version)}
    wanted: list[str] = []
    for position, row in enumerate(rows, start=1):
        for code in [*row.values, *(f"{SECTION_PREFIX}{order}" for order in row.narratives)]:
            if code not in known:
                checker.error(position, code, "", _("Mã “%(code)s” không có trong mẫu báo cáo này.") % {"code": code})
            elif code not in wanted:
                wanted.append(code)
    if checker.errors:
        return Result(errors=_limited(checker.errors))
    columns = {index: known[code] for index, code in enumerate(wanted, start=FIRST_VALUE_COLUMN - 1)}
    data: list[tuple[int, list[tuple[Any, str | None]]]] = []
    for position, row in enumerate(rows, start=1):
        given = {**row.values, **{f"{SECTION_PREFIX}{order}": text for order, text in row.narratives.items()}}
        cells: list[tuple[Any, str | None]] = [(row.unit.strip() or None, None), (None, None), (None, None)]
        cells += [(given.get(code, _ABSENT), None) for code in wanted]
        data.append((position, cells))
    result = Result(rows=len(data))
    checked = _check_rows(checker, data, columns, result, None)
    letters = {_letter(index + 1): column.code for index, column in columns.items()}
    codes = {column.title: column.code for column in known.values()} | {str(item): code for code, item in _items(known)}
    if checker.errors:
        result.errors = [_as_data(error, letters, codes) for error in _limited(checker.errors)]
        return result
    if check_only:
        return result
    _write(checked, form, period, user, result, "", comment)
    result.errors = [_as_data(error, letters, codes) for error in result.errors]
    return result


def _items(known: dict[str, _Column]) -> Iterable[tuple[str, Item]]:
    return ((code, column.item) for code, column in known.items() if column.item is not None)


def _as_data(error: CellError, letters: dict[str, str], codes: dict[str, str]) -> CellError:
    """A checker's error with the column letter replaced by the indicator code (or ``muc:<order>``)."""
    if error.column in letters:
        return CellError(error.row, letters[error.column], error.indicator, error.message)
    if error.indicator in codes.values():  # an error of the saving step names the code itself
        return CellError(error.row, error.indicator, error.indicator, error.message)
    return CellError(error.row, codes.get(error.indicator, ""), error.indicator, error.message)
