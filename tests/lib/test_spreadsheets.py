"""The shared spreadsheet rules: archive limits before opening, no formulas in, none out, clean text."""

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tests import spreadsheet_files
from tuyengiao.lib import spreadsheets


def test_a_zip_bomb_or_a_zip_of_too_many_members_is_refused_before_openpyxl_sees_it(monkeypatch):
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    for data in (spreadsheet_files.zip_bomb(), spreadsheet_files.many_entries()):
        with pytest.raises(spreadsheets.FileProblem, match="bung ra quá lớn"):
            spreadsheets.check_archive(data)


def test_an_ordinary_workbook_passes_the_archive_checks():
    book = Workbook()
    for row in range(2000):
        book.active.append([f"Xã {row}", row, "Có"])
    out = io.BytesIO()
    book.save(out)
    spreadsheets.check_archive(out.getvalue())
    with zipfile.ZipFile(out) as archive:
        assert sum(i.file_size for i in archive.infolist()) < spreadsheets.MAX_RATIO * len(out.getvalue())


def test_the_kind_comes_from_content_and_extension():
    assert spreadsheets.kind_of(b"PK\x03\x04", "bang.xlsx") == "xlsx"
    assert spreadsheets.kind_of(b"PK\x03\x04", "") == "xlsx"
    assert spreadsheets.kind_of(b"a,b", "bang.csv") == "csv"
    with pytest.raises(spreadsheets.FileProblem, match=r"Tệp Excel cũ \(\.xls\)"):
        spreadsheets.kind_of(b"\xd0\xcf\x11\xe0", "bang.bin")
    with pytest.raises(spreadsheets.FileProblem, match=r"Tệp “\.pdf” không phải là bảng tính"):
        spreadsheets.kind_of(b"%PDF", "bang.pdf")
    with pytest.raises(spreadsheets.FileProblem, match=r"Tệp “\.csv” không phải là bảng tính"):
        spreadsheets.kind_of(b"a,b", "bang.csv", ("xlsx",))


def test_a_formula_is_a_located_error():
    book = Workbook()
    book.active.append(["Mã", "Số"])
    book.active.append(["x", "=1+1"])
    out = io.BytesIO()
    book.save(out)
    rows = spreadsheets.xlsx_rows(out.getvalue(), sheet="", broken="hỏng", max_columns=2)
    assert next(rows) == (1, ["Mã", "Số"])
    with pytest.raises(spreadsheets.FileProblem) as problem:
        next(rows)
    assert (problem.value.row, problem.value.column) == (2, "B")
    assert str(problem.value).startswith("Dòng 2, cột B: ô có công thức “=1+1”")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_a_text_that_starts_like_a_formula_is_written_as_quote_prefixed_text(text):
    book, sheet = spreadsheets.new_workbook("Thử")
    spreadsheets.append(sheet, [text, "bình thường"])
    sheet["C1"] = text  # even when set directly, to_bytes neutralises it
    cells = load_workbook(io.BytesIO(spreadsheets.to_bytes(book))).active[1]
    for cell in (cells[0], cells[2]):
        assert cell.data_type == "s" and cell.quotePrefix and "\r" not in cell.value
    assert not cells[1].quotePrefix
    assert spreadsheets.csv_text(text).startswith("'")


def test_dates_are_date_cells_shown_dd_mm_yyyy_and_the_header_is_styled():
    import datetime as dt
    from decimal import Decimal

    book, sheet = spreadsheets.new_workbook("Danh sách")
    assert spreadsheets.header_row(sheet, ["Ngày", "Số"], (12, 10)) == 1
    spreadsheets.append(sheet, [dt.date(2025, 7, 1), Decimal("1234.5")], (None, spreadsheets.DECIMAL))
    read = load_workbook(io.BytesIO(spreadsheets.to_bytes(book))).active
    assert read["A1"].font.b and read.column_dimensions["A"].width == 12
    assert read["A2"].number_format == "dd/mm/yyyy" and read["A2"].value == dt.datetime(2025, 7, 1)
    assert read["B2"].value == 1234.5 and read["B2"].number_format == "#,##0.00"


@given(st.text(max_size=40))
def test_clean_text_leaves_no_control_character_but_tab_and_line_feed(text):
    cleaned = spreadsheets.clean_text(text)
    assert all(ch in "\t\n" or not (ord(ch) < 32 or 127 <= ord(ch) < 160) for ch in cleaned)
    _book, sheet = spreadsheets.new_workbook("Thử")
    spreadsheets.append(sheet, [text])  # openpyxl accepts it
