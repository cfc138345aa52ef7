"""A commune uploads its monthly figures as a filled-in Excel template and sees the result; a large import shows
its progress bar. Screenshots (and the Đắk Lắk template as XLSX) are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import ARTIFACTS, login, shot
from tuyengiao.accounts import demo
from tuyengiao.accounts.models import User
from tuyengiao.lib.periods import Period
from tuyengiao.reports import demo as reports_demo
from tuyengiao.reports import services, spreadsheets
from tuyengiao.reports.models import ImportJob, Report
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = Period.parse("2025M08")


@pytest.fixture
def sheet_data(transactional_db: None, settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    demo.ensure_demo()


def test_a_commune_uploads_its_figures_from_excel_and_sees_the_result(page: Page, live_server, sheet_data, tmp_path):
    form = reports_demo.ensure_forms()[reports_demo.MONTHLY_FORM]
    province = Unit.objects.get(key=demo.PROVINCE_KEY)
    commune = Unit.objects.get(key=demo.COMMUNE_KEYS[0])
    version = form.version_for(PERIOD)
    everyone = list(services.expected_units(form, province, PERIOD))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report-template-dak-lak.xlsx").write_bytes(spreadsheets.template(form, version, PERIOD, everyone))

    content = spreadsheets.template(form, version, PERIOD, [v for v in everyone if v.unit_id == commune.pk])
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    sheet.cell(7, 4).value = "12"
    out = tmp_path / "so-lieu-thang-8.xlsx"
    book.save(out)

    login(page, live_server.url, "xa1.daklak")
    page.goto(f"{live_server.url}/bao-cao/nhap-excel/{commune.pk}/{form.code}/{PERIOD.code}/")
    expect(page.get_by_role("heading", name="Nhập số liệu báo cáo từ tệp Excel")).to_be_visible()
    page.get_by_label("Tệp Excel (.xlsx) đã điền").set_input_files(str(out))
    shot(page, "report-sheet-upload")
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_test_id("job-done")).to_contain_text("Đã nhập số liệu của 1 đơn vị")
    shot(page, "report-sheet-result")
    report = Report.objects.get(form=form, unit=commune, period=PERIOD.code)
    assert services.stored_values(report)[sheet.cell(6, 4).value] == 12

    # A large import still running: the bar follows the job's progress row, polled every second.
    job = ImportJob.objects.create(
        user=User.objects.get(username="xa1.daklak"),
        unit=province,
        form=form,
        period=PERIOD.code,
        file=ContentFile(b"x", name="lon.xlsx"),
        original_name="ca-tinh.xlsx",
        status=ImportJob.Status.RUNNING,
        total_rows=102,
        processed_rows=25,
    )
    page.goto(f"{live_server.url}/bao-cao/nhap-excel/lan/{job.pk}/")
    bar = page.locator("#tg-import-bar")
    expect(bar).to_have_attribute("style", "width: 24%;")
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=75)
    expect(bar).to_have_attribute("style", "width: 73%;", timeout=5000)
    expect(page.locator("#tg-import-done")).to_have_text("75")
    shot(page, "report-sheet-progress")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, processed_rows=102)
    expect(page.get_by_test_id("job-done")).to_be_visible(timeout=5000)  # the page reloads when it is over
