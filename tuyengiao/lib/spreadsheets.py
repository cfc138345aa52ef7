"""Spreadsheets in and out: one upload reader with its limits, one XLSX writer that neutralises user text.

Reading (the document registry import ``documents.importer`` and the report import ``reports.spreadsheets``):

* ``read_upload(file)``: the bytes of an upload, refused beyond ``limit_bytes()`` — ``MAX_BYTES`` (5 MB, the
  stricter of the two imports' former limits), lowered further by ``TG_MAX_UPLOAD_MB`` — and refused when empty.
* ``kind_of(data, name, accept)``: "xlsx" or "csv" by content and extension; an old .xls, a wrong extension
  (".pdf", ".docx" …) and content that is no spreadsheet are refused with a Vietnamese message.
* ``xlsx_rows(data, …)``: an .xlsx is a ZIP, so before openpyxl opens it the archive is checked: at most
  ``MAX_ENTRIES`` (1,000) members, at most ``MAX_UNZIPPED_BYTES`` (100 MB) once expanded, and at most
  ``MAX_RATIO`` (100) times its compressed size (a "zip bomb" is a few kB expanding to gigabytes; real
  workbooks compress 5–20 times). The sizes are the declared ones; Python's ``zipfile`` never inflates a member
  beyond its declared size, so a lying header only gives a broken file. The workbook is opened read-only
  (rows streamed, not built in memory) without external links and without macros. Cells are values only: a
  formula cell is refused ("Dòng 5, cột C: ô có công thức …"), because its value is whatever a spreadsheet
  program last computed, or nothing at all when the file was written by a program that does not compute.
* ``csv_rows(data, …)``: UTF-8 (with or without BOM), the delimiter (",", ";", tab) found from the header.
* Every text read is NFC with control characters removed (tab and new lines kept: a cell may hold lines).
* ``SpreadsheetField``: the form field of both import forms: the same size limit and the same extensions
  checked when the form is cleaned (the content is checked by ``kind_of`` when the file is read).

Every problem is a ``FileProblem``: the whole file (``row`` 0) or one cell (``row``, ``column`` letter), its
``str`` the Vietnamese message, located ("Dòng 5, cột C: …") when it is about one cell.

Writing (every XLSX export: reports, meeting attendance, task follow-up, dissemination, people, templates):

* ``new_workbook(title)``: a workbook whose first sheet is named ``title``;
* ``header_row(sheet, titles, widths)``: a bold, filled, bordered header row and the column widths;
* ``append(sheet, values)``: a row; texts cleaned of control characters (openpyxl refuses them), dates become
  date cells shown dd/mm/yyyy, ``Decimal`` numbers floats; ``put(sheet, "A1", value)`` the same for one cell;
* ``to_bytes(book)``: the file. Before saving, every text cell of every sheet is neutralised against formula
  injection (OWASP "CSV injection"): control characters are removed and a text starting with ``= + - @``,
  tab or CR is stored as text with Excel's quote prefix (what typing a leading apostrophe does) — never as a
  formula, which openpyxl would otherwise write for any text starting with "=". The text itself is kept, so
  a template filled with "-5" or "=" in a name reads back as typed. ``csv_text`` is the same rule for CSV,
  where no cell type exists: an apostrophe is put in front.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tuyengiao.lib import uploads
from tuyengiao.lib.text import clean_input

__all__ = [
    "DATE",
    "DECIMAL",
    "INTEGER",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_UNZIPPED_BYTES",
    "PERCENT",
    "FileProblem",
    "SpreadsheetField",
    "append",
    "clean_text",
    "column_letter",
    "csv_rows",
    "csv_text",
    "header_row",
    "kind_of",
    "limit_bytes",
    "neutralise",
    "new_workbook",
    "open_xlsx",
    "put",
    "read_upload",
    "sheet_of",
    "to_bytes",
    "xlsx_rows",
]

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 1000

# Number formats: Excel shows the separators of the reader's locale ("1.234,5" in Vietnamese).
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"

XLSX_EXTENSIONS = ("xlsx", "xlsm")
CSV_EXTENSIONS = ("csv", "txt")

# C0 and C1 control characters except tab and line feed; a CR becomes a line feed first.
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class FileProblem(Exception):
    """A file that cannot be used: the whole file (``row`` 0, or 1 for a header) or one cell."""

    def __init__(self, message: str, row: int = 0, column: str = "") -> None:
        self.message, self.row, self.column = message, row, column
        super().__init__(located(message, row, column) if column else message)


def located(message: str, row: int, column: str) -> str:
    """ "Dòng 5, cột C: …" """
    return _("Dòng %(row)d, cột %(column)s: %(message)s") % {"row": row, "column": column, "message": message}


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_text(value: str) -> str:
    """NFC, CR line ends as LF, control characters removed (tab and line feed kept): ``text.clean_input``."""
    return clean_input(value)


# --- Reading ---------------------------------------------------------------------------------------------------------


def limit_bytes() -> int:
    return min(MAX_BYTES, uploads.limit_bytes())


def too_big() -> str:
    return _("Tệp lớn hơn %(mb)d MB; hãy chia thành nhiều tệp nhỏ hơn.") % {"mb": limit_bytes() // 1024 // 1024}


class SpreadsheetField(forms.FileField):
    """An upload to import: refused in the form when over ``limit_bytes()`` or not named .xlsx (or .csv, when
    ``accept`` has it), with the reader's messages. The browser's picker is narrowed to the same extensions."""

    def __init__(self, *, accept: Sequence[str] = ("xlsx", "csv"), **kwargs: Any) -> None:
        self.accept = tuple(accept)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ",".join(f".{a}" for a in accept)}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload is None:
            return upload
        if (getattr(upload, "size", 0) or 0) > limit_bytes():
            raise ValidationError(too_big())
        name = (upload.name or "").lower()
        extension = name.rsplit(".", 1)[-1] if "." in name else ""
        if extension not in XLSX_EXTENSIONS + (CSV_EXTENSIONS if "csv" in self.accept else ()):
            csv_too = "csv" in self.accept
            raise ValidationError(
                _("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).") if csv_too else _("Chỉ nhận tệp Excel (.xlsx).")
            )
        return upload


def read_upload(file: Any) -> bytes:
    """The bytes of ``file`` (bytes, or a binary or text file object); raises FileProblem when too big or empty."""
    limit = limit_bytes()
    if isinstance(file, bytes | bytearray):
        data: bytes | str = bytes(file)
    else:
        size = getattr(file, "size", None)
        if isinstance(size, int) and size > limit:
            raise FileProblem(too_big())
        seek = getattr(file, "seek", None)
        if callable(seek):
            with contextlib.suppress(OSError, ValueError):
                seek(0)
        data = file.read(limit + 1)
    if isinstance(data, str):  # a text-mode file: CSV already decoded
        data = data.encode("utf-8")
    if len(data) > limit:
        raise FileProblem(too_big())
    if not data.strip():
        raise FileProblem(_("Tệp rỗng."))
    return data


def old_excel() -> str:
    return _("Tệp Excel cũ (.xls) không được hỗ trợ: hãy mở bằng Excel và lưu lại dạng .xlsx.")


def kind_of(data: bytes, name: str, accept: Sequence[str] = ("xlsx", "csv"), broken: str = "") -> str:
    """ "xlsx" or "csv" (when accepted), by content and extension; raises FileProblem otherwise (``broken``: the
    message for content that is no spreadsheet, when no extension says what it should have been)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = _("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).") if "csv" in accept else _("Chỉ nhận tệp Excel (.xlsx).")
    if data.startswith(b"\xd0\xcf\x11\xe0") or extension == "xls":
        raise FileProblem(old_excel())
    known = XLSX_EXTENSIONS + (CSV_EXTENSIONS if "csv" in accept else ())
    if extension and extension not in known:
        raise FileProblem(
            _("Tệp “.%(extension)s” không phải là bảng tính. %(expected)s")
            % {"extension": extension, "expected": expected}
        )
    if data.startswith(b"PK\x03\x04") or extension in XLSX_EXTENSIONS:
        return "xlsx"
    if "csv" in accept:
        return "csv"
    raise FileProblem(broken or expected)


def check_archive(data: bytes) -> None:
    """Refuse a ZIP with too many members or that expands too much, before anything is inflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        expanded = sum(info.file_size for info in members)
    if len(members) > MAX_ENTRIES or expanded > MAX_UNZIPPED_BYTES or expanded > MAX_RATIO * max(len(data), 1):
        raise FileProblem(
            _(
                "Tệp Excel bung ra quá lớn (%(mb)d MB từ %(size)d kB, %(count)d thành phần): có thể là tệp độc hại, "
                "không đọc được. Hãy lưu lại bảng tính bằng Excel hoặc dùng tệp mẫu."
            )
            % {"mb": expanded // 1024 // 1024, "size": max(len(data) // 1024, 1), "count": len(members)}
        )


def formula_message(formula: str) -> str:
    return _(
        "ô có công thức “%(formula)s”; hệ thống chỉ nhận giá trị. Hãy sao chép và dán dạng giá trị "
        "(Dán đặc biệt → Giá trị) rồi tải lên lại."
    ) % {"formula": formula[:60]}


def open_xlsx(data: bytes, broken: str) -> Any:
    """The workbook, read-only, formulas as written, no external links; the archive checked first."""
    from openpyxl import load_workbook

    try:
        check_archive(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and the like, from other spreadsheet programs
            return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except FileProblem:
        raise
    except Exception as exc:  # a corrupt ZIP, missing parts, bad XML: all the same to the user
        raise FileProblem(broken) from exc


def sheet_of(workbook: Any, title: str) -> Any:
    """The sheet titled ``title``, else the first."""
    return workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]


def xlsx_rows(
    data: bytes, *, sheet: str, broken: str, max_columns: int, formats: bool = False
) -> Generator[tuple[int, list[Any]]]:
    """(Excel row number, values) of every row of the sheet titled ``sheet`` (else the first), the empty ones
    included; with ``formats`` each value is a (value, number format) pair. Raises FileProblem with ``broken``
    for anything unreadable. Close the generator (``contextlib.closing``) to close the workbook early."""
    workbook = open_xlsx(data, broken)

    def rows() -> Generator[tuple[int, list[Any]]]:
        try:
            for number, cells in enumerate(sheet_of(workbook, sheet).iter_rows(max_col=max_columns), start=1):
                values: list[Any] = []
                for index, cell in enumerate(cells, start=1):
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f":
                        raise FileProblem(formula_message(str(value)), number, column_letter(index))
                    if isinstance(value, str):
                        value = clean_text(value)
                    values.append((value, getattr(cell, "number_format", None)) if formats else value)
                yield number, values
        except FileProblem:
            raise
        except Exception as exc:
            raise FileProblem(broken) from exc
        finally:
            workbook.close()

    return rows()


def csv_rows(data: bytes, *, max_columns: int, is_header: Callable[[str], bool]) -> Generator[tuple[int, list[str]]]:
    """(row number, cells) of a UTF-8 CSV file; the delimiter is the one (",", ";", tab) that splits the first
    line into cells ``is_header`` recognises."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(_("Tệp CSV phải dùng bảng mã UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    for candidate in (",", ";", "\t"):
        cells = next(csv.reader([first_line], delimiter=candidate), [])
        if len(cells) > 1 and any(is_header(cell) for cell in cells):
            delimiter = candidate
            break

    def rows() -> Generator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
                yield number, [clean_text(value) for value in values[:max_columns]]
        except csv.Error as exc:
            raise FileProblem(_("Tệp CSV không đúng định dạng, không đọc được.")) from exc

    return rows()


# --- Writing ---------------------------------------------------------------------------------------------------------


def csv_text(value: str) -> str:
    """A text for a CSV cell: control characters removed, an apostrophe before = + - @ tab CR."""
    text = clean_text(value)
    return "'" + text if value.startswith(_DANGEROUS_START) else text


def neutralise(cell: Any) -> None:
    """Make a text cell safe: no control characters, never a formula, quote-prefixed when it starts like one."""
    value = cell.value
    if not isinstance(value, str):
        return
    dangerous = value.startswith(_DANGEROUS_START)
    cleaned = clean_text(value)
    if cleaned != value:
        cell.value = cleaned
    if dangerous or cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True


def new_workbook(title: str) -> tuple[Any, Any]:
    """(workbook, its first sheet titled ``title``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    return book, sheet


def header_row(sheet: Any, titles: Sequence[str], widths: Sequence[float] = (), *, row: int | None = None) -> int:
    """A bold, filled, bordered, wrapped header row (appended, or at ``row``) and the column widths; its number."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    empty = sheet.max_row == 1 and sheet.max_column == 1 and sheet.cell(row=1, column=1).value is None
    number = row if row is not None else 1 if empty else sheet.max_row + 1
    thin = Side(style="thin", color="999999")
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=number, column=col, value=clean_text(title))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(col)].width = width
    return number


def append(sheet: Any, values: Iterable[Any], formats: Sequence[str | None] = ()) -> int:
    """Append a row: dates as date cells shown dd/mm/yyyy, ``Decimal`` as numbers; ``formats`` by column."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, str):
            value = clean_text(value)  # openpyxl refuses control characters
        row.append(value)
    sheet.append(row)
    number = sheet.max_row
    for col, value in enumerate(row, start=1):
        fmt = formats[col - 1] if col <= len(formats) else None
        if fmt is None and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            fmt = DATE
        if fmt:
            sheet.cell(row=number, column=col).number_format = fmt
    return number


def put(sheet: Any, coordinate: str, value: Any, number_format: str | None = None) -> Any:
    """Set one cell as ``append`` does (texts cleaned, dates dd/mm/yyyy); the cell."""
    if isinstance(value, Decimal):
        value = float(value)
    elif isinstance(value, str):
        value = clean_text(value)
    cell = sheet[coordinate]
    cell.value = value
    if number_format is None and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        number_format = DATE
    if number_format:
        cell.number_format = number_format
    return cell


def to_bytes(book: Any) -> bytes:
    """The XLSX file; every text cell of every sheet neutralised first (see the module's docstring)."""
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                neutralise(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
