"""Report figures through spreadsheets: the template, the all-or-nothing upload, the job page and its progress."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests import spreadsheet_files
from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.reports import services, spreadsheets, tasks
from tuyengiao.reports.models import ImportJob, Indicator, Item, Report, ReportAction, Section

CODE_ROW, FIRST_ROW = 6, 7


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sheet_form(form):  # noqa: F811
    """The entry tests' form plus a decimal indicator (kinh phí, "1.234,5")."""
    money = Indicator.objects.create(
        code="kinh-phi", name="Kinh phí tuyên truyền", value_type="decimal", rule="sum", unit_of_measure="triệu đồng"
    )
    section = Section.objects.get(version__form=form, kind=Section.Kind.INDICATORS)
    Item.objects.create(section=section, order=7, indicator=money)
    return form


def template_url(unit, form, all_units=False):  # noqa: F811
    url = reverse("reports:sheet_template", args=[unit.pk, form.code, PERIOD.code])
    return url + "?tat_ca=1" if all_units else url


def upload_url(unit, form):  # noqa: F811
    return reverse("reports:sheet_upload", args=[unit.pk, form.code, PERIOD.code])


def workbook(content):
    return load_workbook(io.BytesIO(content))


def columns(sheet):
    return {sheet.cell(CODE_ROW, i).value: i for i in range(4, sheet.max_column + 1)}


def fill(content, cells, header=None):
    """The template with ``cells`` {(data row index from 0, code): text} typed in (and header cells changed)."""
    book = workbook(content)
    sheet = book.active
    where = columns(sheet)
    for (index, code), text in cells.items():
        sheet.cell(FIRST_ROW + index, where[code]).value = text
    for coordinate, value in (header or {}).items():
        sheet[coordinate] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx(content, name="so-lieu.xlsx"):
    return SimpleUploadedFile(name, content, content_type=spreadsheets.__name__)


def two_communes(personas, form):  # noqa: F811
    versions = services.expected_units(form, personas.province, PERIOD).filter(
        unit_id__in=[personas.commune_unit1.pk, personas.commune_unit2.pk]
    )
    return spreadsheets.template(form, form.version_for(PERIOD), PERIOD, list(versions))


# --- The template -------------------------------------------------------------------------------------------------


def test_the_template_for_one_commune_has_one_row_and_a_column_per_indicator_and_section(personas, sheet_form):
    response = personas.client(personas.commune1).get(template_url(personas.commune_unit1, sheet_form))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert ".xlsx\"; filename*=UTF-8''" in disposition and disposition.endswith(".xlsx")
    sheet = workbook(response.content).active
    assert (sheet["A1"].value, sheet["B1"].value, sheet["B2"].value) == ("Mẫu báo cáo", "bc-tg-xa", "2025M08")
    assert list(columns(sheet)) == [
        "ht-buoi",
        "ht-nguoi",
        "dang-vien",
        "ty-le",
        "ket-noi",
        "han-che",
        "kinh-phi",
        "muc:2",
    ]
    assert sheet.cell(5, 10).value == "Kinh phí tuyên truyền (triệu đồng)"
    assert sheet.max_row == FIRST_ROW
    assert sheet.cell(FIRST_ROW, 1).value == personas.commune_unit1.key
    assert sheet.cell(FIRST_ROW, 2).value == personas.commune_unit1.version_on(PERIOD.end).name
    assert sheet.cell(FIRST_ROW, 4).number_format == "@"  # text: "1.234,5" stays as typed
    validations = sheet.data_validations.dataValidation
    assert [v.formula1 for v in validations] == ['"Có,Không"'] and str(validations[0].sqref) == "H7"


def test_the_template_for_dak_lak_lists_its_102_communes_in_few_queries(
    personas, sheet_form, django_assert_max_num_queries
):
    report = services.open_report(sheet_form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    services.save_values(report, {"ht-nguoi": "1234", "ket-noi": "có", "ty-le": "85,25"}, {}, personas.commune1, 1)
    client = personas.client(personas.leader)
    client.get(reverse("reports:list"))  # session and first-request work outside the count
    with django_assert_max_num_queries(22):  # a constant: the same for one commune or 102
        response = client.get(template_url(personas.province, sheet_form, all_units=True))
    sheet = workbook(response.content).active
    keys = [sheet.cell(row, 1).value for row in range(FIRST_ROW, sheet.max_row + 1)]
    assert len(keys) == 102 == services.completeness(sheet_form, personas.province, PERIOD).expected
    row = keys.index(personas.commune_unit1.key) + FIRST_ROW
    where = columns(sheet)
    assert sheet.cell(row, where["ht-nguoi"]).value == "1.234"
    assert sheet.cell(row, where["ty-le"]).value == "85,25%"  # every stored digit, no rounding
    assert sheet.cell(row, where["ket-noi"]).value == "Có"
    assert sheet.cell(row, 3).value == "Đang soạn"


def test_a_province_is_not_a_single_submitting_unit_and_others_cannot_download(personas, sheet_form):
    assert personas.client(personas.leader).get(template_url(personas.province, sheet_form)).status_code == 404
    outsider = personas.client(personas.outsider)
    assert outsider.get(template_url(personas.province, sheet_form, all_units=True)).status_code == 404


# --- Uploading ----------------------------------------------------------------------------------------------------


def test_a_filled_template_round_trips_through_the_upload_page(personas, sheet_form):
    client = personas.client(personas.commune1)
    content = client.get(template_url(personas.commune_unit1, sheet_form)).content
    filled = fill(
        content,
        {
            (0, "ht-buoi"): "12",
            (0, "ht-nguoi"): "1.234",
            (0, "ty-le"): "85,3%",
            (0, "ket-noi"): "Có",
            (0, "kinh-phi"): "1.234,5",
            (0, "han-che"): "Còn ít buổi trực tuyến",
            (0, "muc:2"): "Tổ chức tốt các buổi học tập.",
        },
    )
    response = client.post(upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(filled)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.DONE and not job.task_id  # one row: processed during the request
    report = Report.objects.get(unit=personas.commune_unit1, form=sheet_form, period=PERIOD.code)
    assert services.stored_values(report) == {
        "ht-buoi": 12,
        "ht-nguoi": 1234,
        "ty-le": Decimal("85.3"),
        "ket-noi": True,
        "kinh-phi": Decimal("1234.5"),
        "han-che": "Còn ít buổi trực tuyến",
    }
    assert report.narratives.get().text == "Tổ chức tốt các buổi học tập."
    assert report.status == Report.Status.DRAFT
    action = report.actions.get()
    assert action.action == ReportAction.Action.SAVE and action.user == personas.commune1
    assert "so-lieu.xlsx" in action.comment
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-done"' in page and reverse("reports:entry", args=[report.unit_id, "bc-tg-xa", "2025M08"])
    # The same file again changes nothing: the row is skipped, the revision stays.
    revision = Report.objects.get(pk=report.pk).revision
    client.post(upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(filled)})
    assert ImportJob.objects.first().status == ImportJob.Status.DONE
    assert Report.objects.get(pk=report.pk).revision == revision


def test_one_bad_cell_saves_nothing_and_the_report_names_row_column_and_indicator(personas, sheet_form):
    content = fill(
        two_communes(personas, sheet_form),
        {(0, "ht-buoi"): "3", (0, "kinh-phi"): "1.234,5", (1, "ht-buoi"): "12,a", (1, "ket-noi"): "có"},
    )
    result = spreadsheets.parse(content, sheet_form, PERIOD, personas.leader)
    assert not result.ok and result.saved == []
    assert [(e.row, e.column, e.indicator) for e in result.errors] == [(8, "D", "Số buổi học tập, quán triệt")]
    assert "không phải là số" in result.errors[0].message
    assert not Report.objects.exists()


def test_the_job_page_lists_the_errors_in_vietnamese(personas, sheet_form):
    client = personas.client(personas.commune1)
    content = client.get(template_url(personas.commune_unit1, sheet_form)).content
    filled = fill(content, {(0, "ty-le"): "120%", (0, "ht-buoi"): "4"})
    response = client.post(upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(filled)}, follow=True)
    html = response.content.decode()
    assert 'data-testid="job-failed"' in html and "chưa có số liệu nào được nhập" in html
    assert "<td>7</td><td>G</td><td>Tỷ lệ đảng viên tham dự</td>" in html and "0–100%" in html
    assert not Report.objects.filter(unit=personas.commune_unit1).exists()


def test_a_row_of_a_unit_outside_the_users_write_scope_is_refused(personas, sheet_form):
    content = fill(two_communes(personas, sheet_form), {(0, "ht-buoi"): "1", (1, "ht-buoi"): "2"})
    result = spreadsheets.parse(content, sheet_form, PERIOD, personas.commune1)
    assert [(e.row, e.column) for e in result.errors] == [(8, "A")]
    assert result.errors[0].message.startswith("Bạn không có quyền nhập báo cáo cho đơn vị")
    assert not Report.objects.exists()  # the commune's own row was not written either
    result = spreadsheets.parse(content, sheet_form, PERIOD, personas.outsider)
    assert len(result.errors) == 2


def test_unknown_units_wrong_form_or_period_and_locked_reports_are_explained(personas, sheet_form):
    content = two_communes(personas, sheet_form)
    wrong = fill(content, {(0, "ht-buoi"): "1"}, header={"B1": "bc-khac", "B2": "2025M09", "A8": "c2025:khong-co"})
    messages = [e.message for e in spreadsheets.parse(wrong, sheet_form, PERIOD, personas.leader).errors]
    assert "Tệp là mẫu “bc-khac”, không phải mẫu “bc-tg-xa” đang nhập." in messages
    assert "Tệp dành cho kỳ “2025M09”, không phải kỳ Tháng 8 năm 2025 đang nhập." in messages
    wrong = fill(content, {(0, "ht-buoi"): "1"}, header={"A8": "c2025:khong-co"})
    messages = [e.message for e in spreadsheets.parse(wrong, sheet_form, PERIOD, personas.leader).errors]
    assert messages == ["Không có đơn vị mã “c2025:khong-co”."]

    report = services.open_report(sheet_form, personas.commune_unit1, PERIOD, personas.commune1)[0]
    report = services.save_values(report, {"ht-buoi": "2"}, {}, personas.commune1, 1)
    services.submit(report, personas.commune1)
    prefilled = two_communes(personas, sheet_form)  # the submitted report's row carries its values
    changed_other = fill(prefilled, {(1, "ht-buoi"): "5"})
    result = spreadsheets.parse(changed_other, sheet_form, PERIOD, personas.leader)
    assert result.ok and result.unchanged == 1 and len(result.saved) == 1  # the submitted row is left alone
    changed_locked = fill(prefilled, {(0, "ht-buoi"): "3"})
    result = spreadsheets.parse(changed_locked, sheet_form, PERIOD, personas.leader)
    assert "đang ở trạng thái “Đã gửi”, không sửa được" in result.errors[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a spreadsheet", "không phải là tệp Excel (.xlsx) hoặc bị hỏng"),
        (b"PK\x03\x04broken zip", "không phải là tệp Excel (.xlsx) hoặc bị hỏng"),
        (b"\xd0\xcf\x11\xe0old excel", "Tệp Excel cũ (.xls) không được hỗ trợ"),
        (b"", "Tệp rỗng."),
    ],
)
def test_files_that_are_not_templates_get_a_clear_message(personas, sheet_form, content, message):
    result = spreadsheets.parse(content, sheet_form, PERIOD, personas.commune1)
    assert len(result.errors) == 1 and message in result.errors[0].message and result.errors[0].row == 0


def test_garbage_uploaded_through_the_page_fails_with_the_message(personas, sheet_form):
    client = personas.client(personas.commune1)
    response = client.post(
        upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(b"garbage", "bang.xlsx")}, follow=True
    )
    assert "không phải là tệp Excel (.xlsx)" in response.content.decode()
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_an_oversized_file_is_refused(personas, sheet_form, settings):
    settings.TG_MAX_UPLOAD_MB = 1
    result = spreadsheets.parse(b"PK\x03\x04" + b"0" * (1024 * 1024 + 10), sheet_form, PERIOD, personas.commune1)
    assert result.errors[0].message == "Tệp lớn hơn 1 MB; hãy chia thành nhiều tệp nhỏ hơn."
    response = personas.client(personas.commune1).post(
        upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(b"PK\x03\x04" + b"0" * (1024 * 1024 + 10))}
    )
    assert response.status_code == 200 and "quá lớn; giới hạn là 1 MB" in response.content.decode()
    assert "Trường này là bắt buộc" not in response.content.decode()  # the size message alone
    assert not ImportJob.objects.exists()


def test_the_upload_form_refuses_what_the_reader_would_refuse_before_any_import_job(personas, sheet_form):
    """The upload handler lets 25 MB through; the form applies the reader's own 5 MB limit and extensions."""
    client = personas.client(personas.commune1)
    big = client.post(
        upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(b"PK\x03\x04" + b"0" * (5 * 1024 * 1024 + 1))}
    )
    assert big.status_code == 200 and "Tệp lớn hơn 5 MB; hãy chia thành nhiều tệp nhỏ hơn." in big.content.decode()
    csv = client.post(upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(b"ma,ten\n", "so-lieu.csv")})
    assert "Chỉ nhận tệp Excel (.xlsx)." in csv.content.decode()
    assert not ImportJob.objects.exists()


# --- Jobs and progress --------------------------------------------------------------------------------------------


def test_a_job_is_visible_to_its_user_only(personas, sheet_form):
    client = personas.client(personas.commune1)
    content = fill(client.get(template_url(personas.commune_unit1, sheet_form)).content, {(0, "ht-buoi"): "1"})
    client.post(upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(content)})
    job = ImportJob.objects.get()
    progress = client.get(reverse("reports:import_progress", args=[job.pk]))
    assert progress.json() == {
        "status": "done",
        "status_label": "Đã nhập xong",
        "total": 1,
        "processed": 1,
        "percent": 100,
        "finished": True,
        "errors": 0,
    }
    for user in (personas.commune2, personas.leader, personas.admin):
        other = personas.client(user)
        assert other.get(reverse("reports:import_job", args=[job.pk])).status_code == 404
        assert other.get(reverse("reports:import_progress", args=[job.pk])).status_code == 404


def running_job(personas, report_form, name="lon.xlsx", **fields):
    """A job of the first commune's user that a worker is checking."""
    return ImportJob.objects.create(
        user=personas.commune1,
        unit=personas.commune_unit1,
        form=report_form,
        period=PERIOD.code,
        file=xlsx(name.encode(), name),
        original_name=name,
        status=ImportJob.Status.RUNNING,
        **fields,
    )


def test_a_running_job_shows_a_progress_bar_driven_by_a_script(personas, sheet_form):
    job = running_job(personas, sheet_form, total_rows=400, processed_rows=100)
    client = personas.client(personas.commune1)
    html = client.get(reverse("reports:import_job", args=[job.pk])).content.decode()
    assert 'class="progress-bar' in html and 'data-percent="25"' in html and "report-import.js" in html
    assert "<script>" not in html and "style=" not in html  # the CSP allows neither
    assert client.get(reverse("reports:import_progress", args=[job.pk])).json()["percent"] == 25


def test_a_large_file_goes_through_the_task_queue_with_progress_to_the_end(personas, sheet_form, monkeypatch):
    client = personas.client(personas.leader)
    content = client.get(template_url(personas.province, sheet_form, all_units=True)).content
    filled = fill(content, {(i, "ht-buoi"): str(i + 1) for i in range(0, 102, 3)} | {(3, "kinh-phi"): "1.234,5"})
    steps = []
    real_parse = spreadsheets.parse

    def parse(*args, progress, **kwargs):
        def record(done, total):
            progress(done, total)  # the job's own update
            steps.append((done, total, ImportJob.objects.values_list("processed_rows", flat=True).get()))

        return real_parse(*args, progress=record, **kwargs)

    monkeypatch.setattr(spreadsheets, "parse", parse)
    monkeypatch.setattr(spreadsheets, "PROGRESS_EVERY", 10)
    response = client.post(upload_url(personas.province, sheet_form), {"file": xlsx(filled)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.task_id  # more than INLINE_MAX_ROWS rows: queued (the tests' backend runs it at once)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.processed_rows == job.total_rows == 102 > tasks.INLINE_MAX_ROWS
    assert steps[0] == (10, 102, 10) and steps[-1] == (102, 102, 102) and len(steps) == 11
    assert len(job.saved) == 34 == Report.objects.filter(form=sheet_form).count()
    report = Report.objects.get(form=sheet_form, unit_id=job.saved[1]["unit_id"])
    assert services.stored_values(report)["kinh-phi"] == Decimal("1234.5")


def test_with_the_database_backend_the_job_waits_for_the_worker(personas, sheet_form, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = personas.client(personas.leader)
    content = client.get(template_url(personas.province, sheet_form, all_units=True)).content
    client.post(upload_url(personas.province, sheet_form), {"file": xlsx(fill(content, {(0, "ht-buoi"): "7"}))})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED and job.total_rows == 102
    html = client.get(reverse("reports:import_job", args=[job.pk])).content.decode()
    assert "Đang chờ xử lý" in html and 'id="tg-import-bar"' in html
    tasks.run_import.call(job.pk)  # what `manage.py db_worker` does with the queued task
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.processed_rows == 102


# --- The shared reader's limits (lib/spreadsheets) -----------------------------------------------------------------


def _nothing_written():
    return not Report.objects.exists() and not ReportAction.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (spreadsheet_files.zip_bomb, "so-lieu.xlsx", "bung ra quá lớn"),
        (spreadsheet_files.many_entries, "so-lieu.xlsx", "bung ra quá lớn"),
        (spreadsheet_files.oversized, "so-lieu.xlsx", "Tệp lớn hơn 5 MB"),
        (lambda: spreadsheet_files.BROKEN, "so-lieu.xlsx", "không phải là tệp Excel (.xlsx) hoặc bị hỏng"),
        (lambda: b"PK\x03\x04 a word file", "so-lieu.docx", "Tệp “.docx” không phải là bảng tính"),
        (lambda: b"ma,ten\n1,2\n", "so-lieu.csv", "Tệp “.csv” không phải là bảng tính. Chỉ nhận tệp Excel (.xlsx)."),
    ],
    ids=["zip bomb", "too many zip members", "oversized", "broken", "wrong extension", "csv"],
)
def test_a_hostile_or_broken_file_gets_one_vietnamese_message_and_writes_nothing(
    personas, sheet_form, content, name, message
):
    result = spreadsheets.parse(xlsx(content(), name), sheet_form, PERIOD, personas.commune1)
    assert len(result.errors) == 1 and message in result.errors[0].message and result.errors[0].row == 0
    assert result.saved == [] and _nothing_written()


def test_a_formula_cell_is_refused_with_its_row_and_column_and_nothing_is_written(personas, sheet_form):
    client = personas.client(personas.commune1)
    template = client.get(template_url(personas.commune_unit1, sheet_form)).content
    content = fill(template, {(0, "ht-buoi"): "2", (0, "ht-nguoi"): "=2*60"})
    column = get_column_letter(columns(workbook(template).active)["ht-nguoi"])
    result = spreadsheets.parse(content, sheet_form, PERIOD, personas.commune1)
    assert [(e.row, e.column) for e in result.errors] == [(FIRST_ROW, column)]
    assert result.errors[0].message.startswith(f"Dòng {FIRST_ROW}, cột {column}: ô có công thức “=2*60”")
    assert result.saved == [] and _nothing_written()
    response = client.post(upload_url(personas.commune_unit1, sheet_form), {"file": xlsx(content)}, follow=True)
    assert "ô có công thức" in response.content.decode()
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED and _nothing_written()


def test_the_template_neutralises_a_unit_name_that_looks_like_a_formula(personas, sheet_form):
    from tuyengiao.units.models import UnitVersion

    version = UnitVersion.objects.as_of(PERIOD.end).get(unit=personas.commune_unit1)
    version.name = '=HYPERLINK("http://evil.example","Xã")'
    template = spreadsheets.template(sheet_form, sheet_form.version_for(PERIOD), PERIOD, [version])
    cell = next(c for row in workbook(template).active.iter_rows() for c in row if c.value == version.name)
    assert cell.data_type == "s" and cell.quotePrefix


def test_a_job_whose_worker_was_killed_is_shown_stopped_then_marked_failed_and_old_files_are_deleted(
    personas, sheet_form, settings, tmp_path
):
    """Probing killed the worker with -9 mid-file: the job stayed "Đang xử lý 50/102" for ever."""
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    killed = running_job(
        personas, sheet_form, total_rows=102, processed_rows=50, heartbeat=now - dt.timedelta(minutes=11)
    )
    alive = running_job(personas, sheet_form, "dang-chay.xlsx", heartbeat=now - dt.timedelta(minutes=2))
    client = personas.client(personas.commune1)
    page = client.get(reverse("reports:import_job", args=[killed.pk])).content.decode()
    assert 'data-testid="job-abandoned"' in page and "bị dừng giữa chừng" in page
    assert ImportJob.objects.get(pk=killed.pk).status == ImportJob.Status.RUNNING  # the page wrote nothing
    assert tasks.sweep(now) == (1, 0)
    killed.refresh_from_db()
    assert killed.status == ImportJob.Status.FAILED and "tải tệp lên lại" in killed.errors[0]["message"]
    assert ImportJob.objects.get(pk=alive.pk).status == ImportJob.Status.RUNNING
    assert not Report.objects.exists()
    path = Path(killed.file.path)
    assert path.exists()
    assert tasks.sweep(now + dt.timedelta(days=settings.TG_IMPORT_RETENTION_DAYS, minutes=1)) == (1, 1)
    killed.refresh_from_db()
    assert not path.exists() and not killed.file and killed.errors  # the outcome stays, the file goes


def test_a_sixteen_digit_figure_in_a_spreadsheet_is_refused_and_nothing_is_written(personas, sheet_form):
    """The import goes through the same bound as the entry page (rollup.MAX_FIGURE)."""
    template = personas.client(personas.commune1).get(template_url(personas.commune_unit1, sheet_form)).content
    content = fill(template, {(0, "ht-buoi"): "2", (0, "ht-nguoi"): "9999999999999999"})
    result = spreadsheets.parse(content, sheet_form, PERIOD, personas.commune1)
    assert len(result.errors) == 1 and "quá lớn (tối đa 999.999.999.999)" in result.errors[0].message
    assert result.saved == [] and _nothing_written()
