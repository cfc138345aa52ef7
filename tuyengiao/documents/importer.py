"""Bulk import of a list of documents from an Excel (.xlsx) or CSV file: all or nothing.

The file has one header row (the columns of ``COLUMNS``, in any order; optional
columns may be left out) and one document per row. Every row is checked first,
and each problem is reported with the row number the user sees in Excel (the
header is row 1), the column and a message in Vietnamese. Only when the whole
file is clean are the documents created, in one transaction, through
``services.save_document`` (so the numbering rules, history and citations apply
as for a document typed in by hand); if any save fails, nothing is kept.

* ``template_xlsx()`` / ``template_csv()``: the file to fill in, with an example row.
* ``import_file(upload, user=..., owner=...)``: returns an ``ImportResult``.

Errors that concern the whole file (unreadable, too big, wrong header, no
permission, a formula cell: ``lib.spreadsheets`` reads the file) are one
``RowError`` with ``row`` 0 (or 1 for the header, or the formula's row, the
message then saying "Dòng 5, cột C: …") and an empty ``column``.

Numbers are unique per registry, as ``Document.duplicate`` says: the rows' registry
comes from the owner and each issue date (``documents.registry``), and a number kept
in another province's registry is no duplicate. A duplicate the user may not read is
reported without naming it (``services.duplicate_message``).

Cost: one pass over the file, a handful of queries for the whole file (fields of
work, the owner's registries, existing codes, referenced codes, issuers by distinct
name and period), then the queries of ``save_document`` for each row.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import io
import re
import unicodedata
from bisect import bisect_right
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability, User
from tuyengiao.documents import registry
from tuyengiao.documents.models import Document, DocumentRelation, FieldOfWork
from tuyengiao.documents.services import RelationSpec, duplicate_message, save_document
from tuyengiao.lib import doccode, spreadsheets
from tuyengiao.lib.text import fold
from tuyengiao.units.lookup import AmbiguousUnit, find_unit
from tuyengiao.units.models import Kind, Unit, UnitVersion

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "Column",
    "ImportResult",
    "RowError",
    "import_file",
    "template_csv",
    "template_xlsx",
]

MAX_ROWS = 5000
# The file's size, the ZIP checks of an .xlsx and the cell rules are those of ``lib.spreadsheets``.
# Beyond this many problems the list stops helping; the rest is counted.
MAX_ERRORS = 1000
# Columns read from a sheet; anything to the right is ignored.
MAX_COLUMNS = 64
# The prefetch queries use IN lists of at most this many values.
CHUNK = 500

SHEET_TITLE = "Danh sách văn bản"
GUIDE_TITLE = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    help: str


# The file format. Headers are matched ignoring case, accents, spaces and punctuation.
COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "Số, ký hiệu",
        True,
        16,
        "Ghi như trên văn bản, ví dụ 25-KH/BTGTU, 05-CT/TW, 17/CT-UBND, 63/2010/QĐ-UBND, 3600/UBND-VX. "
        "Chữ thường, khoảng trắng thừa, “Số:” ở đầu đều được chấp nhận.",
    ),
    Column(
        "type_name",
        "Loại văn bản",
        False,
        16,
        "Để trống thì lấy theo mã loại trong số, ký hiệu (KH → Kế hoạch). Ghi khi cần phân biệt, ví dụ “Quy định” "
        "cho 97-QĐ/TW (QĐ mặc định là Quyết định). Chỉ nhận các tên trong danh sách bên dưới.",
    ),
    Column(
        "issue_date",
        "Ngày ban hành",
        True,
        14,
        "Dạng dd/mm/yyyy, ví dụ 10/01/2022. Ô kiểu ngày của Excel cũng được chấp nhận.",
    ),
    Column(
        "issuer",
        "Cơ quan ban hành",
        False,
        32,
        "Tên cơ quan ban hành, ví dụ Ban Tuyên giáo Tỉnh ủy Đắk Lắk. Nếu là tên (hoặc mã) một đơn vị trong hệ thống "
        "tại ngày ban hành thì văn bản được gắn với đơn vị đó; nếu không thì giữ nguyên tên đã ghi.",
    ),
    Column("subject", "Trích yếu", True, 60, "Trích yếu nội dung văn bản."),
    Column("summary", "Tóm tắt", False, 40, "Tóm tắt nội dung chính (không bắt buộc)."),
    Column(
        "fields",
        "Lĩnh vực",
        False,
        28,
        "Tên hoặc mã lĩnh vực, nhiều lĩnh vực cách nhau bằng dấu chấm phẩy (;). Xem danh sách bên dưới.",
    ),
    Column(
        "status",
        "Hiệu lực",
        False,
        16,
        "Còn hiệu lực (mặc định), Hết hiệu lực hoặc Đã được thay thế.",
    ),
    Column("visibility", "Phạm vi", False, 12, "Nội bộ (mặc định) hoặc Công khai."),
    Column(
        "implements",
        "Thực hiện văn bản",
        False,
        24,
        "Số, ký hiệu các văn bản mà văn bản này triển khai thực hiện, cách nhau bằng dấu chấm phẩy (;). Mỗi văn bản "
        "phải đã có trong sổ đăng ký hoặc có ở một dòng khác của cùng tệp.",
    ),
    Column(
        "term",
        "Nhiệm kỳ",
        False,
        12,
        "Chỉ dùng cho văn bản của Đảng, dạng 2020-2025. Để trống thì tính theo ngày ban hành.",
    ),
)
_BY_KEY = {column.key: column for column in COLUMNS}

EXAMPLE: dict[str, str] = {
    "code": "25-KH/BTGTU",
    "type_name": "Kế hoạch",
    "issue_date": "10/01/2022",
    "issuer": "Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
    "subject": "Triển khai thực hiện Đề án số 04-ĐA/TU của Tỉnh ủy về đẩy mạnh công tác tuyên truyền trên "
    "Internet và mạng xã hội giai đoạn 2021-2025",
    "summary": "Phân công các cơ quan báo chí, Ban Tuyên giáo các huyện ủy, thành ủy tổ chức tuyên truyền; "
    "báo cáo kết quả trước ngày 15/12 hằng năm.",
    "fields": "Tuyên truyền; Chuyển đổi số",
    "status": "Còn hiệu lực",  # Document.Status.IN_FORCE
    "visibility": "Nội bộ",  # Document.Visibility.INTERNAL
    "implements": "",
    "term": "2020-2025",
}


@dataclass(frozen=True)
class RowError:
    """A problem in the file: ``row`` as numbered in Excel (the header is row 1; 0: the whole file)."""

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: list[Document] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0  # data rows read (empty rows not counted)

    @property
    def ok(self) -> bool:
        return not self.errors


class Upload(Protocol):
    """What ``import_file`` needs: a Django ``UploadedFile`` or any binary file with a name."""

    name: str | None

    def read(self, size: int = ..., /) -> bytes: ...


# --- Templates ---------------------------------------------------------------------------------------------------


def _header_row() -> list[str]:
    return [column.header for column in COLUMNS]


def _example_row() -> list[str]:
    return [EXAMPLE[column.key] for column in COLUMNS]


def template_csv() -> bytes:
    """The header and the example row, UTF-8 with a BOM (so that Excel shows the accents), comma-separated."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(_header_row())
    writer.writerow(_example_row())
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The Excel template: the list sheet (header, example row, validations) and the guide sheet."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook, sheet = spreadsheets.new_workbook(SHEET_TITLE)
    guide = workbook.create_sheet(GUIDE_TITLE)
    letters = {column.key: get_column_letter(i) for i, column in enumerate(COLUMNS, start=1)}
    last_row = MAX_ROWS + 1

    bold = Font(bold=True)
    sheet.append(_header_row())
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for column in COLUMNS:
        if column.required:
            sheet[f"{letters[column.key]}1"].comment = Comment(_("Bắt buộc."), "Tuyên giáo số")
    sheet.append([value or None for value in _example_row()])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="595959")
    sheet.freeze_panes = "A2"
    for column in COLUMNS:
        dimension = sheet.column_dimensions[letters[column.key]]
        dimension.width = column.width
    # Dates and codes typed as text, so that Excel neither turns 10/01/2022 into a US date nor 1/2 into a day.
    for key in ("code", "issue_date", "term", "implements"):
        sheet.column_dimensions[letters[key]].number_format = "@"
        sheet[f"{letters[key]}2"].number_format = "@"

    # The guide: one line per column, then the accepted values (the type names list is also a validation list).
    guide.append([_("Cột"), _("Bắt buộc"), _("Cách ghi")])
    for cell in guide[1]:
        cell.font = bold
    for column in COLUMNS:
        guide.append([column.header, _("Có") if column.required else _("Không"), column.help])
    guide.append([])
    for note in (
        _("Dòng 1 của trang “%(sheet)s” là dòng tiêu đề: giữ nguyên tên các cột.") % {"sheet": SHEET_TITLE},
        _("Dòng 2 là ví dụ: hãy xóa hoặc ghi đè trước khi nhập, nếu không nó cũng được nhập."),
        _("Mỗi dòng là một văn bản; dòng trống được bỏ qua. Tối đa %(rows)s dòng và %(mb)d MB mỗi tệp.")
        % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "mb": spreadsheets.MAX_BYTES // 1024 // 1024},
        _("Tệp được kiểm tra toàn bộ trước: nếu có lỗi thì không văn bản nào được nhập và mọi lỗi được liệt kê."),
    ):
        guide.append([note])
    guide.append([])

    lists: list[tuple[str, list[str]]] = [
        (_("Loại văn bản"), sorted(TYPE_NAMES.values(), key=fold)),
        (_("Hiệu lực"), [str(label) for label in Document.Status.labels]),
        (_("Phạm vi"), [str(label) for label in Document.Visibility.labels]),
    ]
    ranges: dict[str, str] = {}
    for title, values in lists:
        guide.append([title])
        guide.cell(guide.max_row, 1).font = bold
        first = guide.max_row + 1
        for value in values:
            guide.append([value])
        ranges[title] = f"'{GUIDE_TITLE}'!$A${first}:$A${guide.max_row}"
        guide.append([])
    guide.append([_("Lĩnh vực"), _("Mã")])
    guide.cell(guide.max_row, 1).font = bold
    guide.cell(guide.max_row, 2).font = bold
    for field_of_work in FieldOfWork.objects.order_by("order", "name"):
        guide.append([field_of_work.name, field_of_work.code])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 24
    guide.column_dimensions["C"].width = 100
    for row in guide.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def validation(key: str, formula: str) -> None:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.error = _("Hãy chọn một giá trị trong danh sách (xem trang “%(sheet)s”).") % {"sheet": GUIDE_TITLE}
        rule.errorTitle = _("Giá trị không hợp lệ")
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
        rule.add(f"{letters[key]}2:{letters[key]}{last_row}")

    # Short lists inline (they survive the guide being deleted); the long list of type names from the guide.
    for key, labels in (("status", Document.Status.labels), ("visibility", Document.Visibility.labels)):
        validation(key, '"' + ",".join(str(label) for label in labels) + '"')
    validation("type_name", ranges[_("Loại văn bản")])

    return spreadsheets.to_bytes(workbook)


# --- Accepted values -------------------------------------------------------------------------------------------------


def _type_names() -> dict[str, str]:
    """Folded name → name, for every type name doccode gives a type code (both systems)."""
    names: set[str] = set()
    for code in doccode.KNOWN_TYPES | {"QH"}:
        for system in ("party", "state"):
            names.add(doccode.default_type_name(code, system))
    # A công văn has no type code, nor do laws, codes and resolutions of the National Assembly (45/2019/QH14).
    names |= {doccode.default_type_name("", "state"), *doccode.LAW_TYPE_NAMES}
    names.discard(doccode.default_type_name("", "party"))  # "Văn bản": not a type
    return {fold(name): name for name in names}


TYPE_NAMES = _type_names()


def _choice_map(choices: type[models.TextChoices]) -> dict[str, str]:
    """Folded label (and the stored value itself) → value; labels are lazy, so built when needed."""
    return {fold(str(label)): value for value, label in choices.choices} | {value: value for value in choices.values}


_TERM = re.compile(r"([0-9]{4})\s*[-\u2010-\u2014]\s*([0-9]{4})")
_DATE = re.compile(r"([0-9]{1,2})\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_LIST_SEPARATORS = re.compile(r"[;\n]")
_EARLIEST = dt.date(1930, 1, 1)


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


_HEADERS = {_header_key(column.header): column for column in COLUMNS}


# --- Reading the file ------------------------------------------------------------------------------------------------


FileProblem = spreadsheets.FileProblem


def _rows(data: bytes, name: str) -> Generator[tuple[int, list[Any]]]:
    """(Excel row number, cell values) of every row, the header included; raises FileProblem."""
    if spreadsheets.kind_of(data, name, ("xlsx", "csv")) == "xlsx":
        broken = _("Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx, không đọc được.")
        return spreadsheets.xlsx_rows(data, sheet=SHEET_TITLE, broken=broken, max_columns=MAX_COLUMNS)
    return spreadsheets.csv_rows(data, max_columns=MAX_COLUMNS, is_header=lambda cell: _header_key(cell) in _HEADERS)


def _text(value: Any) -> str:
    """A cell as text: NFC, trimmed; numbers without a spurious ".0"; dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _is_empty(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _map_header(values: list[Any]) -> dict[int, Column]:
    """Index → column; raises FileProblem listing what is wrong and what is expected."""
    found: dict[int, Column] = {}
    unknown: list[str] = []
    seen: set[str] = set()
    for index, value in enumerate(values):
        text = _text(value)
        if not text:
            continue
        column = _HEADERS.get(_header_key(text.rstrip("*")))
        if column is None or column.key in seen:
            unknown.append(text)
        else:
            seen.add(column.key)
            found[index] = column
    missing = [column.header for column in COLUMNS if column.required and column.key not in seen]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(_("không nhận ra cột %(names)s") % {"names": ", ".join(f"“{name}”" for name in unknown)})
        if missing:
            problems.append(_("thiếu cột %(names)s") % {"names": ", ".join(f"“{name}”" for name in missing)})
        raise FileProblem(
            _(
                "Dòng tiêu đề không đúng mẫu: %(problems)s. Các cột của mẫu: %(expected)s. "
                "Hãy tải tệp mẫu và giữ nguyên dòng tiêu đề."
            )
            % {"problems": "; ".join(problems), "expected": "; ".join(column.header for column in COLUMNS)},
            row=1,
        )
    return found


# --- Checking the rows -----------------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Row:
    number: int
    document: Document
    fields: list[FieldOfWork]
    references: list[tuple[str, doccode.DocCode]]  # (as written, parsed) codes of "Thực hiện văn bản"
    in_file: list[_Row] = field(default_factory=list)
    in_registry: list[Document] = field(default_factory=list)


def _identity(document: Document) -> tuple[Any, ...]:
    """What the numbering rules say must be unique (the model's constraints, ``Document.duplicate``)."""
    scope = document.term if document.system == Document.System.PARTY else document.year
    return (document.registry_key, document.issuer_key, document.type_code, document.number, document.system, scope)


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if m := _DATE.fullmatch(text):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    elif m := _ISO_DATE.fullmatch(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]


class _Issuers:
    """``find_unit`` answers, asked once per name and period.

    ``find_unit(text, date)`` looks only at versions in force on ``date`` among those
    whose search text holds the name's words (or whose unit has the code ``text``).
    Those versions are fetched once per name for all dates; between two of their
    start or end dates the answer cannot change, so it is asked once per interval.
    """

    _PREFIX_WORDS = frozenset({"thanh", "pho", "tinh", "huyen", "quan", "thi", "xa", "phuong", "tran", "dac", "khu"})

    def __init__(self) -> None:
        # Folded name -> sorted start/end dates of the versions find_unit may consider (None: no unit ever matches).
        self._bounds: dict[str, list[dt.date] | None] = {}
        self._answers: dict[tuple[str, int], UnitVersion | AmbiguousUnit | None] = {}

    def _breakpoints(self, text: str, key: str) -> list[dt.date] | None:
        if key not in self._bounds:
            words = [w for w in key.split() if w not in self._PREFIX_WORDS] or key.split()
            named = Q()
            for word in words:
                named &= Q(search_text__contains=word)
            coded = Q(unit__code=text, unit__kind=Kind.PARTY_COMMITTEE)
            periods = list(UnitVersion.objects.filter(named | coded).values_list("valid_from", "valid_to"))
            dates = {d for period in periods for d in period if d is not None}
            self._bounds[key] = sorted(dates) if periods else None
        return self._bounds[key]

    def find(self, text: str, date: dt.date) -> UnitVersion | None:
        """The unit version named ``text`` on ``date``, or None; raises AmbiguousUnit."""
        key = fold(text)
        bounds = self._breakpoints(text.strip(), key)
        if bounds is None:
            return None
        slot = (key, bisect_right(bounds, date))
        if slot not in self._answers:
            try:
                self._answers[slot] = find_unit(text, date)
            except AmbiguousUnit as exc:
                self._answers[slot] = exc
        answer = self._answers[slot]
        if isinstance(answer, AmbiguousUnit):
            raise answer
        return answer


class _Checker:
    def __init__(self, user: User, owner: Unit) -> None:
        self.user = user
        self.owner = owner
        self.errors: list[RowError] = []
        self.fields_by_name: dict[str, FieldOfWork] = {}
        for field_of_work in FieldOfWork.objects.all():
            self.fields_by_name[fold(field_of_work.name)] = field_of_work
            self.fields_by_name[field_of_work.code.lower()] = field_of_work
        self.issuers = _Issuers()
        self.choices = {"status": _choice_map(Document.Status), "visibility": _choice_map(Document.Visibility)}
        self.today = timezone.localdate()
        # The owner's registry on any date, loaded once (one query) for every row.
        self.walker = registry.load([owner.pk])
        # Code key -> row, for rows whose code is good but that have other errors.
        self.rejected: dict[str, int] = {}

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, _BY_KEY[key].header if key else "", message))

    def row(self, number: int, cells: dict[str, Any]) -> _Row | None:
        """The unsaved document of one row, or None after recording its errors."""
        before = len(self.errors)
        text = {key: _text(value) for key, value in cells.items()}
        for column in COLUMNS:
            if column.required and not text.get(column.key):
                self.error(number, column.key, _("Chưa nhập %(column)s.") % {"column": column.header.lower()})

        document = Document(owner=self.owner, created_by=self.user)
        code: doccode.DocCode | None = None
        if type_text := text.get("type_name", ""):
            type_name = TYPE_NAMES.get(fold(type_text))
            if type_name is None:
                self.error(
                    number,
                    "type_name",
                    _("Không rõ loại văn bản “%(value)s” (xem danh sách ở trang “%(sheet)s”).")
                    % {"value": type_text, "sheet": GUIDE_TITLE},
                )
            else:
                document.type_name = type_name
        if code_text := text.get("code", ""):
            try:
                code = document.set_code(code_text)
            except doccode.DocCodeError as exc:
                self.error(number, "code", str(exc))
            else:
                if len(document.code) > Document._meta.get_field("code").max_length:  # type: ignore[operator]
                    self.error(number, "code", _("Số, ký hiệu “%(value)s” quá dài.") % {"value": code_text})
                    code = None

        issue_date: dt.date | None = None
        if text.get("issue_date"):
            issue_date = _parse_date(cells["issue_date"])
            if issue_date is None:
                self.error(
                    number,
                    "issue_date",
                    _("%(value)s không phải ngày hợp lệ (dd/mm/yyyy)") % {"value": text["issue_date"]},
                )
            elif issue_date < _EARLIEST or issue_date > self.today:
                self.error(
                    number,
                    "issue_date",
                    _("Ngày ban hành %(value)s không hợp lý (trước năm 1930 hoặc sau hôm nay).")
                    % {"value": issue_date.strftime("%d/%m/%Y")},
                )
                issue_date = None
            else:
                document.issue_date = issue_date

        if issuer := text.get("issuer", ""):
            if len(issuer) > Document._meta.get_field("issuer_name").max_length:  # type: ignore[operator]
                self.error(number, "issuer", _("Tên cơ quan ban hành quá dài (tối đa 255 ký tự)."))
            else:
                document.issuer_name = issuer
                if issue_date is not None:
                    try:
                        version = self.issuers.find(issuer, issue_date)
                    except AmbiguousUnit as exc:
                        self.error(number, "issuer", str(exc))
                    else:
                        if version is not None:
                            document.issuer_unit = version.unit

        document.subject = text.get("subject", "")
        document.summary = text.get("summary", "")

        chosen: list[FieldOfWork] = []
        for name in _split(text.get("fields", "")):
            field_of_work = self.fields_by_name.get(fold(name)) or self.fields_by_name.get(name.lower())
            if field_of_work is None:
                self.error(
                    number,
                    "fields",
                    _("Không rõ lĩnh vực “%(value)s” (xem danh sách ở trang “%(sheet)s”).")
                    % {"value": name, "sheet": GUIDE_TITLE},
                )
            elif field_of_work not in chosen:
                chosen.append(field_of_work)

        for key, model_choices in (("status", Document.Status), ("visibility", Document.Visibility)):
            if value := text.get(key, ""):
                choice = self.choices[key].get(fold(value))
                if choice is None:
                    self.error(
                        number,
                        key,
                        _("“%(value)s” không hợp lệ; chỉ nhận: %(choices)s.")
                        % {"value": value, "choices": ", ".join(str(label) for label in model_choices.labels)},
                    )
                else:
                    setattr(document, key, choice)

        if term := text.get("term", ""):
            self._term(number, document, code, issue_date, term)

        references: list[tuple[str, doccode.DocCode]] = []
        for written in _split(text.get("implements", "")):
            try:
                references.append((written, doccode.parse(written)))
            except doccode.DocCodeError as exc:
                self.error(number, "implements", str(exc))

        if len(self.errors) > before or code is None or issue_date is None:
            if code is not None:
                self.rejected.setdefault(document.code_key, number)
            return None
        document.derive(self.walker)
        return _Row(number, document, chosen, references)

    def _term(
        self, number: int, document: Document, code: doccode.DocCode | None, issue_date: dt.date | None, term: str
    ) -> None:
        m = _TERM.fullmatch(term)
        if m is None or int(m.group(2)) - int(m.group(1)) != 5:
            self.error(number, "term", _("Nhiệm kỳ “%(value)s” không hợp lệ (ví dụ 2020-2025).") % {"value": term})
        elif code is not None and code.system != "party":
            self.error(number, "term", _("Chỉ văn bản của Đảng mới ghi nhiệm kỳ; hãy để trống ô này."))
        elif issue_date is not None and not int(m.group(1)) <= issue_date.year <= int(m.group(2)):
            self.error(
                number,
                "term",
                _("Ngày ban hành %(date)s không thuộc nhiệm kỳ %(term)s.")
                % {"date": issue_date.strftime("%d/%m/%Y"), "term": term},
            )
        else:
            document.term = f"{m.group(1)}-{m.group(2)}"

    def duplicates(self, rows: list[_Row]) -> None:
        """Rows that repeat an earlier row, or a document already in the registry."""
        first: dict[tuple[Any, ...], _Row] = {}
        for row in rows:
            identity = _identity(row.document)
            if identity in first:
                self.error(
                    row.number,
                    "code",
                    _("Trùng với dòng %(row)d: cùng số, ký hiệu %(code)s, cơ quan ban hành và %(scope)s.")
                    % {"row": first[identity].number, "code": row.document.code, "scope": _scope(row.document)},
                )
            else:
                first[identity] = row
        existing: dict[tuple[Any, ...], Document] = {}
        keys = sorted({row.document.code_key for row in rows})
        fields = ("pk", "code", "type_name", "registry_key", "issuer_key", "type_code", "number", "system")
        for chunk in _chunks(keys):
            for document in Document.objects.filter(code_key__in=chunk).only(*fields, "term", "year"):
                existing.setdefault(_identity(document), document)
        clashes = [(row, other) for identity, row in first.items() if (other := existing.get(identity)) is not None]
        readable: set[int] = set()
        for start in range(0, len(clashes), CHUNK):
            ids = [other.pk for _row, other in clashes[start : start + CHUNK]]
            readable |= set(Document.objects.readable_by(self.user).filter(pk__in=ids).values_list("pk", flat=True))
        labels: dict[str, str] = {}
        for row, other in clashes:
            if other.pk not in readable and row.document.registry_key not in labels:
                labels[row.document.registry_key] = registry.label(row.document.registry_key, row.document.issue_date)
            message = duplicate_message(
                row.document,
                other,
                readable=other.pk in readable,
                registry_name=labels.get(row.document.registry_key, ""),
            )
            self.error(row.number, "code", message)

    def references(self, rows: list[_Row]) -> None:
        """Resolve "Thực hiện văn bản": a row of the file first, else a registry document the user may read."""
        by_key: dict[str, list[_Row]] = {}
        for row in rows:
            by_key.setdefault(row.document.code_key, []).append(row)
        wanted = sorted({Document.code_key_for(code) for row in rows for _w, code in row.references} - set(by_key))
        known: dict[str, list[Document]] = {}
        readable = Document.objects.readable_by(self.user)
        for chunk in _chunks(wanted):
            for document in readable.filter(code_key__in=chunk).only(
                "pk", "code", "code_key", "issue_date", "registry_key"
            ):
                known.setdefault(document.code_key, []).append(document)
        for row in rows:
            for written, code in row.references:
                key = Document.code_key_for(code)
                if key in by_key:
                    target = _closest(by_key[key], row.document.issue_date, lambda r: r.document.issue_date)
                    if target is row:
                        self.error(row.number, "implements", _("Văn bản không thể thực hiện chính nó."))
                    elif target not in row.in_file:
                        row.in_file.append(target)
                elif key in known:
                    # Records of the number in several registries: the central one's, else the row's own registry's.
                    candidates = registry.preferred(known[key], row.document.registry_key, lambda d: d.registry_key)
                    found = _closest(candidates, row.document.issue_date, lambda d: d.issue_date)
                    if found not in row.in_registry:
                        row.in_registry.append(found)
                elif key in self.rejected:
                    self.error(
                        row.number,
                        "implements",
                        _("Văn bản %(code)s ở dòng %(row)d có lỗi nên chưa nhập được (xem lỗi của dòng đó).")
                        % {"code": written, "row": self.rejected[key]},
                    )
                else:
                    self.error(
                        row.number,
                        "implements",
                        _("Không tìm thấy văn bản %(code)s trong sổ đăng ký hoặc trong tệp.") % {"code": written},
                    )


def _scope(document: Document) -> str:
    return _("nhiệm kỳ") if document.system == Document.System.PARTY else _("năm")


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _closest(candidates: list[Any], date: dt.date | None, date_of: Any) -> Any:
    """The one candidate, or among several (one number reused in another term) the latest issued by ``date``."""
    if len(candidates) == 1 or date is None:
        return candidates[0]
    earlier = [c for c in candidates if date_of(c) is not None and date_of(c) <= date]
    pool = earlier or candidates
    return max(pool, key=lambda c: date_of(c) or dt.date.min)


# --- Saving ----------------------------------------------------------------------------------------------------------


class _Abort(Exception):
    pass


def _save_order(rows: list[_Row]) -> list[_Row]:
    """Rows ordered so that a document is saved after the rows it implements (file order otherwise)."""
    waiting = {id(row): len(row.in_file) for row in rows}
    dependents: dict[int, list[_Row]] = {}
    for row in rows:
        for target in row.in_file:
            dependents.setdefault(id(target), []).append(row)
    ready = deque(row for row in rows if not row.in_file)
    order: list[_Row] = []
    while ready:
        row = ready.popleft()
        order.append(row)
        for dependent in dependents.get(id(row), []):
            waiting[id(dependent)] -= 1
            if waiting[id(dependent)] == 0:
                ready.append(dependent)
    placed = {id(row) for row in order}
    order.extend(row for row in rows if id(row) not in placed)  # cycles: their relations wait for the second pass
    return order


def _message(exc: ValidationError) -> str:
    return " ".join(html.unescape(strip_tags(message)) for message in exc.messages)


def _save(rows: list[_Row], user: User) -> tuple[list[Document], list[RowError]]:
    code_column = _BY_KEY["code"].header
    implements_column = _BY_KEY["implements"].header
    later: list[tuple[_Row, list[Document]]] = []
    try:
        with transaction.atomic():
            for row in _save_order(rows):
                targets = [target.document for target in row.in_file]
                now = [document for document in targets if document.pk is not None]
                if len(now) < len(targets):
                    later.append((row, [document for document in targets if document.pk is None]))
                relations = [RelationSpec(DocumentRelation.Kind.IMPLEMENTS, d) for d in row.in_registry + now]
                _save_one(row, code_column, user, fields=row.fields, relations=relations)
            for row, documents in later:  # second pass: relations within a cycle of the file
                relations = [RelationSpec(DocumentRelation.Kind.IMPLEMENTS, d) for d in documents]
                _save_one(row, implements_column, user, fields=None, relations=relations)
    except _Abort as abort:
        return [], [abort.args[0]]
    return [row.document for row in rows], []


def _save_one(
    row: _Row, column: str, user: User, *, fields: list[FieldOfWork] | None, relations: list[RelationSpec]
) -> None:
    try:
        save_document(row.document, fields=fields, relations=relations, user=user)
    except ValidationError as exc:
        raise _Abort(RowError(row.number, column, _message(exc))) from exc
    except IntegrityError as exc:
        raise _Abort(
            RowError(
                row.number,
                column,
                _("Không lưu được văn bản %(code)s: trùng với một văn bản vừa được người khác thêm. Hãy nhập lại tệp.")
                % {"code": row.document.code},
            )
        ) from exc


# --- The import ------------------------------------------------------------------------------------------------------


def import_file(upload: Upload, *, user: User, owner: Unit) -> ImportResult:
    """Check every row of ``upload``; if all are good, create them all (owned by ``owner``), else none."""
    if not scoping.can(user, Capability.WRITE, owner):
        return ImportResult(
            errors=[RowError(0, "", _("Bạn không có quyền thêm văn bản cho đơn vị này."))],
        )
    checker = _Checker(user, owner)
    result = ImportResult()
    rows: list[_Row] = []
    try:
        data = spreadsheets.read_upload(upload)
        header: dict[int, Column] | None = None
        name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
        with contextlib.closing(_rows(data, name)) as lines:  # closing: the workbook is closed on an early exit
            for number, values in lines:
                if _is_empty(values):
                    continue
                if header is None:
                    header = _map_header(values)
                    continue
                result.rows += 1
                if result.rows > MAX_ROWS:
                    raise FileProblem(
                        _("Tệp có hơn %(rows)s dòng văn bản; hãy chia thành nhiều tệp nhỏ hơn.")
                        % {"rows": f"{MAX_ROWS:,}".replace(",", ".")}
                    )
                cells = {key.key: values[index] if index < len(values) else None for index, key in header.items()}
                if (row := checker.row(number, cells)) is not None:
                    rows.append(row)
        if header is None:
            raise FileProblem(_("Tệp không có dữ liệu."))
        if result.rows == 0:
            raise FileProblem(_("Tệp không có dòng văn bản nào (chỉ có dòng tiêu đề)."))
    except FileProblem as problem:
        return ImportResult(errors=[RowError(problem.row, "", str(problem))], rows=result.rows)

    checker.duplicates(rows)
    checker.references(rows)
    if checker.errors:
        result.errors = _limited(checker.errors)
        return result
    result.created, result.errors = _save(rows, user)
    return result


def _limited(errors: Iterable[RowError]) -> list[RowError]:
    order = {column.header: i for i, column in enumerate(COLUMNS)}
    ordered = sorted(errors, key=lambda e: (e.row, order.get(e.column, -1)))
    if len(ordered) <= MAX_ERRORS:
        return ordered
    rest = len(ordered) - MAX_ERRORS
    return [*ordered[:MAX_ERRORS], RowError(0, "", _("Còn %(count)d lỗi khác không liệt kê.") % {"count": rest})]
