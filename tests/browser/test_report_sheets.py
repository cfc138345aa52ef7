"""A commune uploads its monthly figures as a filled-in Excel template and sees the result; a large import shows
its progress bar. No address is typed after logging in: the upload page opens from the report the home page's work
list offers (the last closed month). Screenshots (and the Đắk Lắk template as XLSX) are saved under
test-artifacts/browser/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import ARTIFACTS, login, shot
from tuyengiao.accounts import demo
from tuyengiao.accounts.models import User
from tuyengiao.lib.periods import PeriodType, last_closed
from tuyengiao.reports import demo as reports_demo
from tuyengiao.reports import services, spreadsheets
from tuyengiao.reports.models import ImportJob, Report
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sheet_data(transactional_db: None, settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    loader.load(log=lambda _m: None)
    demo.ensure_demo()


def test_a_commune_uploads_its_figures_from_excel_and_sees_the_result(page: Page, live_server, sheet_data, tmp_path):
    form = reports_demo.ensure_forms()[reports_demo.MONTHLY_FORM]
    period = last_closed(PeriodType.MONTH, timezone.localdate())  # the month the work list offers
    province = Unit.objects.get(key=demo.PROVINCE_KEY)
    commune = Unit.objects.get(key=demo.COMMUNE_KEYS[0])
    version = form.version_for(period)
    everyone = list(services.expected_units(form, province, period))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report-template-dak-lak.xlsx").write_bytes(spreadsheets.template(form, version, period, everyone))

    content = spreadsheets.template(form, version, period, [v for v in everyone if v.unit_id == commune.pk])
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    sheet.cell(7, 4).value = "12"
    out = tmp_path / "so-lieu-thang-8.xlsx"
    book.save(out)

    login(page, live_server.url, "xa1.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Trang chủ", exact=True).first.click()
    work = page.get_by_test_id("work-to_submit")
    work.get_by_role("link", name=f"{form.name} – {period.label}", exact=True).click()
    page.get_by_test_id("sheet-links").get_by_role("link", name="Nhập từ tệp Excel", exact=True).click()
    expect(page.get_by_role("heading", name="Nhập số liệu báo cáo từ tệp Excel")).to_be_visible()
    page.get_by_label("Tệp Excel (.xlsx) đã điền").set_input_files(str(out))
    shot(page, "report-sheet-upload")
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_test_id("job-done")).to_contain_text("Đã nhập số liệu của 1 đơn vị")
    shot(page, "report-sheet-result")
    report = Report.objects.get(form=form, unit=commune, period=period.code)
    assert services.stored_values(report)[sheet.cell(6, 4).value] == 12

    # A large import still running: the bar follows the job's progress row, polled every second. It is listed
    # among the recent imports of the commune's upload page, where the user opens it.
    job = ImportJob.objects.create(
        user=User.objects.get(username="xa1.daklak"),
        unit=commune,
        form=form,
        period=period.code,
        file=ContentFile(b"x", name="lon.xlsx"),
        original_name="so-lieu-lon.xlsx",
        status=ImportJob.Status.RUNNING,
        total_rows=102,
        processed_rows=25,
    )
    page.get_by_role("link", name="Nhập tệp khác", exact=True).click()
    page.get_by_test_id("recent-jobs").get_by_role("link", name="so-lieu-lon.xlsx", exact=True).click()
    bar = page.locator("#tg-import-bar")
    expect(bar).to_have_attribute("style", "width: 24%;")
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=75)
    expect(bar).to_have_attribute("style", "width: 73%;", timeout=5000)
    expect(page.locator("#tg-import-done")).to_have_text("75")
    shot(page, "report-sheet-progress")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, processed_rows=102)
    expect(page.get_by_test_id("job-done")).to_be_visible(timeout=5000)  # the page reloads when it is over
