"""Bulk import of a document list (tuyengiao.documents.importer): all or nothing, errors by row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils.html import format_html
from openpyxl import Workbook, load_workbook

from tests import spreadsheet_files
from tuyengiao.documents import importer
from tuyengiao.documents.importer import COLUMNS, ImportResult, RowError, import_file
from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.services import save_document
from tuyengiao.lib import spreadsheets

HEADER = [column.header for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]


def row(**values: Any) -> list[Any]:
    """A full row in template order; unnamed columns are blank."""
    return [values.get(key, "") for key in KEYS]


def plan(code: str = "25-KH/BTGTU", **values: Any) -> list[Any]:
    defaults = {"code": code, "issue_date": "10/01/2022", "subject": f"Kế hoạch {code}"}
    return row(**(defaults | values))


def xlsx(rows: list[list[Any]], header: list[str] | None = None, name: str = "van-ban.xlsx") -> SimpleUploadedFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách văn bản")
    sheet.append(HEADER if header is None else header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def csv_file(rows: list[list[Any]], encoding: str = "utf-8-sig", name: str = "van-ban.csv") -> SimpleUploadedFile:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding, errors="replace"))


def run(upload: SimpleUploadedFile, personas: Any, user: Any = None) -> ImportResult:
    return import_file(upload, user=user or personas.specialist, owner=personas.commission)


def test_the_xlsx_template_opens_with_the_headers_an_example_and_a_guide(personas):
    workbook = load_workbook(io.BytesIO(importer.template_xlsx()))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet["A2"].value == "25-KH/BTGTU"
    assert sheet["C2"].value == "10/01/2022" and sheet["C2"].number_format == "@"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 60
    validated = {str(rule.sqref).split(":")[0] for rule in sheet.data_validations.dataValidation}
    assert {"H2", "I2"} <= validated  # Hiệu lực, Phạm vi
    assert workbook.sheetnames == ["Danh sách văn bản", "Hướng dẫn"]
    guide = [cell.value for cell in workbook["Hướng dẫn"]["A"]]
    assert {"Số, ký hiệu", "Còn hiệu lực", "Công khai", "Quy định", "Tuyên truyền"} <= set(guide)


def test_the_csv_template_round_trip_imports_the_example_row(personas):
    data = importer.template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    result = run(SimpleUploadedFile("mau.csv", data), personas)
    assert result.errors == [] and result.ok
    (document,) = result.created
    assert document.code == "25-KH/BTGTU" and document.type_name == "Kế hoạch"
    assert document.issue_date == dt.date(2022, 1, 10) and document.term == "2020-2025"
    assert document.issuer_unit == personas.commission  # "Ban Tuyên giáo Tỉnh ủy Đắk Lắk" as of 2022
    assert document.owner == personas.commission and document.created_by == personas.specialist
    assert sorted(f.code for f in document.fields.all()) == ["chuyen-doi-so", "tuyen-truyen"]
    assert document.visibility == Document.Visibility.INTERNAL


def test_the_xlsx_template_imports_its_example_row_too(personas):
    result = run(SimpleUploadedFile("mau.xlsx", importer.template_xlsx()), personas)
    assert result.ok and [d.code for d in result.created] == ["25-KH/BTGTU"]


def test_a_good_file_creates_every_document_and_the_relation_within_the_file(personas):
    upload = xlsx(
        [
            plan("25-KH/BTGTU", implements="04-ĐA/TU", fields="tuyen-truyen"),  # refers to a later row
            plan("04-ĐA/TU", issue_date="20/12/2021", subject="Đề án tuyên truyền", issuer="Tỉnh ủy Đắk Lắk"),
            plan(
                "97-qđ/tw",
                type_name="quy định",
                issue_date=dt.datetime(2022, 10, 3),  # a real Excel date cell
                subject="Quy định về chức năng, nhiệm vụ",
                status="Hết hiệu lực",
                visibility="Công khai",
            ),
        ]
    )
    result = run(upload, personas)
    assert result.ok, result.errors
    assert [d.code for d in result.created] == ["25-KH/BTGTU", "04-ĐA/TU", "97-QĐ/TW"]
    plan_doc, project, rule = result.created
    assert DocumentRelation.objects.filter(source__in=result.created).count() == 1
    assert plan_doc.relations_out.get().target == project
    assert plan_doc.relations_out.get().kind == DocumentRelation.Kind.IMPLEMENTS
    assert project.issuer_name == "Tỉnh ủy Đắk Lắk"
    assert rule.type_name == "Quy định" and rule.term == "2021-2026" and rule.issue_date == dt.date(2022, 10, 3)
    assert rule.status == Document.Status.EXPIRED and rule.visibility == Document.Visibility.PUBLIC
    assert rule.issuer_unit is None and rule.issuer_key == "code:TW"


def test_a_file_with_one_bad_row_imports_nothing_and_says_where(personas):
    before = Document.objects.count()
    result = run(xlsx([plan("25-KH/BTGTU"), [], plan("số mười"), plan("26-KH/BTGTU")]), personas)
    assert result.created == []
    assert result.errors == [
        RowError(
            4,  # the empty row 3 is skipped but still counted, as in Excel
            "Số, ký hiệu",
            "“số mười” không có số văn bản (ví dụ 05-CT/TW, 17/CT-UBND, 63/2010/QĐ-UBND, 3600/UBND-VX).",
        )
    ]
    assert Document.objects.count() == before


def test_every_problem_of_a_row_is_reported_with_its_column(personas):
    result = run(xlsx([row(code="25-KH/BTGTU", status="Còn hiệu", visibility="Mật", term="2020")]), personas)
    assert result.errors == [
        RowError(2, "Ngày ban hành", "Chưa nhập ngày ban hành."),
        RowError(2, "Trích yếu", "Chưa nhập trích yếu."),
        RowError(2, "Hiệu lực", "“Còn hiệu” không hợp lệ; chỉ nhận: Còn hiệu lực, Hết hiệu lực, Đã được thay thế."),
        RowError(2, "Phạm vi", "“Mật” không hợp lệ; chỉ nhận: Nội bộ, Công khai."),
        RowError(2, "Nhiệm kỳ", "Nhiệm kỳ “2020” không hợp lệ (ví dụ 2020-2025)."),
    ]


def test_an_impossible_date_is_refused(personas):
    result = run(csv_file([plan(issue_date="31/02/2024")]), personas)
    assert result.errors == [RowError(2, "Ngày ban hành", "31/02/2024 không phải ngày hợp lệ (dd/mm/yyyy)")]


def test_an_unknown_field_of_work_or_type_name_is_refused(personas):
    result = run(csv_file([plan(fields="Tuyên truyền; Thể thao", type_name="Thư")]), personas)
    assert result.errors == [
        RowError(2, "Loại văn bản", "Không rõ loại văn bản “Thư” (xem danh sách ở trang “Hướng dẫn”)."),
        RowError(2, "Lĩnh vực", "Không rõ lĩnh vực “Thể thao” (xem danh sách ở trang “Hướng dẫn”)."),
    ]


def test_the_same_code_twice_in_the_file_is_reported_on_the_second_row(personas):
    result = run(csv_file([plan("25-KH/BTGTU"), plan("26-KH/BTGTU"), plan("25 - kh/btgtu")]), personas)
    assert result.created == []
    assert result.errors == [
        RowError(4, "Số, ký hiệu", "Trùng với dòng 2: cùng số, ký hiệu 25-KH/BTGTU, cơ quan ban hành và nhiệm kỳ.")
    ]


def test_a_code_already_in_the_registry_is_reported_as_plain_text(personas):
    existing = Document(owner=personas.commission, subject="Kế hoạch cũ", issue_date=dt.date(2021, 12, 1))
    existing.set_code("25-KH/BTGTU")
    save_document(existing)
    result = run(csv_file([plan("26-KH/BTGTU"), plan("25-KH/BTGTU")]), personas)
    assert result.created == []
    assert result.errors == [
        RowError(
            3,
            "Số, ký hiệu",
            "Văn bản này đã có trong sổ đăng ký: Kế hoạch số 25-KH/BTGTU "
            "(cùng cơ quan ban hành, loại, số và nhiệm kỳ).",
        )
    ]


def test_a_duplicate_only_save_document_sees_is_reported_as_plain_text_and_nothing_is_kept(personas):
    """Same issuer (by name), type and number under another symbol: the registry check of save_document catches it."""
    existing = Document(
        owner=personas.commission, subject="Chỉ thị", issue_date=dt.date(2021, 3, 1), issuer_name="Cơ quan thử nghiệm"
    )
    existing.set_code("05-CT/HU")
    save_document(existing)
    before = Document.objects.count()
    upload = csv_file([plan("26-KH/BTGTU"), plan("05-CT/HUES", issuer="Cơ quan thử nghiệm", issue_date="01/04/2021")])
    result = run(upload, personas)
    assert result.created == [] and Document.objects.count() == before
    assert result.errors == [
        RowError(
            3,
            "Số, ký hiệu",
            "Văn bản này đã có trong sổ đăng ký: Chỉ thị số 05-CT/HU (cùng cơ quan ban hành, loại, số và nhiệm kỳ).",
        )
    ]


def test_a_reference_to_a_registry_document_links_to_it_and_an_unknown_one_is_refused(personas):
    resolution = Document(owner=personas.province, subject="Nghị quyết", issue_date=dt.date(2021, 3, 1))
    resolution.set_code("05-NQ/TU")
    save_document(resolution)
    result = run(csv_file([plan(implements="5-nq/tu; 09-CT/TU")]), personas)
    assert result.errors == [
        RowError(2, "Thực hiện văn bản", "Không tìm thấy văn bản 09-CT/TU trong sổ đăng ký hoặc trong tệp.")
    ]
    result = run(csv_file([plan(implements="5-nq/tu")]), personas)
    assert result.ok and result.created[0].relations_out.get().target == resolution


def test_a_failure_while_saving_rolls_back_every_row_and_reports_it_without_html(personas, monkeypatch):
    calls = []

    def failing_save(document: Document, **kwargs: Any) -> Document:
        calls.append(document.code)
        if len(calls) == 2:
            raise ValidationError(format_html('Đã có: <a href="{}">{}</a> &amp; khác.', "/van-ban/1/", "Kế hoạch"))
        return save_document(document, **kwargs)

    monkeypatch.setattr(importer, "save_document", failing_save)
    before = Document.objects.count()
    result = run(csv_file([plan("25-KH/BTGTU"), plan("26-KH/BTGTU"), plan("27-KH/BTGTU")]), personas)
    assert result.created == []
    assert result.errors == [RowError(3, "Số, ký hiệu", "Đã có: Kế hoạch & khác.")]
    assert Document.objects.count() == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("van-ban.xlsx", b"PK\x03\x04 not really a zip"),
        ("van-ban.xlsx", b"%PDF-1.7 renamed"),
        ("van-ban.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel"),
        ("van-ban.pdf", b"%PDF-1.7"),
    ],
)
def test_a_broken_or_foreign_file_gives_one_error_and_creates_nothing(personas, name, data):
    result = run(SimpleUploadedFile(name, data), personas)
    assert result.created == [] and len(result.errors) == 1
    assert result.errors[0].row == 0 and result.errors[0].column == ""
    assert "xlsx" in result.errors[0].message


def test_a_csv_that_is_not_utf8_is_refused(personas):
    result = run(csv_file([plan()], encoding="cp1258"), personas)  # Windows-1258: "ố" is not one byte there
    assert result.errors == [RowError(0, "", "Tệp CSV phải dùng bảng mã UTF-8.")]


def test_a_semicolon_separated_csv_is_read(personas):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerow(plan())
    result = run(SimpleUploadedFile("ds.csv", out.getvalue().encode("utf-8")), personas)
    assert result.ok and result.created[0].code == "25-KH/BTGTU"


def test_a_misspelled_header_gives_one_error_listing_the_expected_columns(personas):
    header = [*HEADER]
    header[HEADER.index("Trích yếu")] = "Trích yếu văn bản"
    result = run(xlsx([plan()], header=header), personas)
    assert len(result.errors) == 1
    (error,) = result.errors
    assert (error.row, error.column) == (1, "")
    assert error.message.startswith(
        "Dòng tiêu đề không đúng mẫu: không nhận ra cột “Trích yếu văn bản”; thiếu cột “Trích yếu”. "
        "Các cột của mẫu: Số, ký hiệu; Loại văn bản; Ngày ban hành;"
    )


def test_headers_match_without_accents_case_or_order_and_optional_columns_may_be_left_out(personas):
    result = run(
        xlsx([["10/01/2022", "Kế hoạch thử", "25-kh/btgtu"]], header=["NGAY BAN HANH", "trích yếu", "Số ký hiệu"]),
        personas,
    )
    assert result.ok and result.created[0].subject == "Kế hoạch thử"


def test_a_user_without_write_permission_gets_one_error(personas):
    result = run(csv_file([plan()]), personas, user=personas.viewer)
    assert result.created == [] and len(result.errors) == 1
    assert result.errors[0].message == "Bạn không có quyền thêm văn bản cho đơn vị này."


def test_too_many_rows_or_too_many_bytes_give_one_error(personas, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    result = run(csv_file([plan("25-KH/BTGTU"), plan("26-KH/BTGTU"), plan("27-KH/BTGTU")]), personas)
    assert result.errors == [RowError(0, "", "Tệp có hơn 2 dòng văn bản; hãy chia thành nhiều tệp nhỏ hơn.")]
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 100)
    result = run(csv_file([plan()]), personas)
    assert len(result.errors) == 1 and "lớn hơn" in result.errors[0].message


def test_a_file_with_only_the_header_is_refused(personas):
    result = run(xlsx([[], []]), personas)
    assert result.errors == [RowError(0, "", "Tệp không có dòng văn bản nào (chỉ có dòng tiêu đề).")]


def five_thousand_rows() -> list[list[Any]]:
    return [
        plan(
            f"{i}-KH/BTGTU",
            issue_date=f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2016 + i % 9}",
            issuer="Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
            fields="Tuyên truyền; Chuyển đổi số",
            implements=f"{i - 1}-KH/BTGTU" if i % 10 == 0 else "",
        )
        for i in range(1, 5001)
    ]


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def test_checking_five_thousand_rows_takes_a_handful_of_queries(personas):
    rows = five_thousand_rows()
    rows[-1][0] = "5-KH/BTGTU"  # the last row (Excel row 5001) repeats row 6: nothing is saved
    upload = xlsx(rows)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        result = run(upload, personas)
    assert [(e.row, e.column) for e in result.errors] == [(5001, "Số, ký hiệu")]
    assert result.errors[0].message.startswith("Trùng với dòng 6:")
    assert counter.count < 40, counter.count  # not one per row: fields, codes, issuers and references in bulk


def test_five_thousand_rows_import_in_one_go(personas):
    """Speed is measured by `make bench`, not here; this guards the query count per document."""
    upload = xlsx(five_thousand_rows())
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        result = run(upload, personas)
    assert result.ok, result.errors[:5]
    assert len(result.created) == 5000
    assert DocumentRelation.objects.filter(source__in=result.created).count() == 500
    assert counter.count < 15 * 5000, counter.count  # save_document's queries, nothing per pair of rows


# --- The shared reader's limits (lib/spreadsheets) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("van-ban.xlsx", spreadsheet_files.zip_bomb()), "bung ra quá lớn"),
        (lambda: SimpleUploadedFile("van-ban.xlsx", spreadsheet_files.many_entries()), "bung ra quá lớn"),
        (lambda: SimpleUploadedFile("van-ban.xlsx", spreadsheet_files.oversized()), "Tệp lớn hơn 5 MB"),
        (lambda: SimpleUploadedFile("van-ban.xlsx", spreadsheet_files.BROKEN), "Tệp Excel bị hỏng"),
        (lambda: SimpleUploadedFile("van-ban.docx", b"PK\x03\x04 a word file"), "Tệp “.docx” không phải là bảng tính"),
    ],
    ids=["zip bomb", "too many zip members", "oversized", "broken", "wrong extension"],
)
def test_a_hostile_or_broken_file_gets_one_vietnamese_message_and_creates_nothing(personas, upload, message):
    before = Document.objects.count()
    result = run(upload(), personas)
    assert result.created == [] and len(result.errors) == 1 and message in result.errors[0].message
    assert result.errors[0].row == 0
    assert Document.objects.count() == before


def test_a_formula_cell_is_refused_with_its_row_and_column(personas):
    upload = xlsx([plan("25-KH/BTGTU"), plan("26-KH/BTGTU", subject='=HYPERLINK("http://x","Kế hoạch")')])
    before = Document.objects.count()
    result = run(upload, personas)
    assert result.created == [] and len(result.errors) == 1
    column = spreadsheets.column_letter(KEYS.index("subject") + 1)
    assert result.errors[0].row == 3
    assert result.errors[0].message.startswith(f"Dòng 3, cột {column}: ô có công thức “=HYPERLINK(")
    assert Document.objects.count() == before


def test_control_characters_typed_in_a_cell_are_removed(personas):
    result = run(csv_file([plan("25-KH/BTGTU", subject="Kế hoạch\x00 tuyên\x1b truyền\r\nnăm 2022")]), personas)
    assert result.errors == []
    assert result.created[0].subject == "Kế hoạch tuyên truyền\nnăm 2022"
