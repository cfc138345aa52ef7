"""The leader opens Đắk Lắk's consolidated figures: chart, drill-down, and the DOCX report.

No address is typed after logging in: every page is reached by clicking from the menu, and the period is chosen
in the page's filter form.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import ARTIFACTS, demo_data, login, shot  # noqa: F401  (fixture)
from tests.reports.test_consolidation import form, report  # noqa: F401  (fixture)
from tuyengiao.accounts import demo
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_sees_the_chart_drills_down_and_downloads_the_report(
    page: Page,
    live_server,
    demo_data,  # noqa: F811
    form,  # noqa: F811
):
    ward, commune = (Unit.objects.get(key=key) for key in demo.COMMUNE_KEYS)
    report(form, ward, "2025M08", ht_buoi=12, ht_nguoi=40, ht_dang_vien=Decimal("50"), ket_noi=True)
    report(form, commune, "2025M08", ht_buoi=30, ht_nguoi=60, ht_dang_vien=Decimal("80"))
    report(form, ward, "2025M09", ht_buoi=5, han_che="Thiếu báo cáo viên")

    login(page, live_server.url, "lanhdao.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Báo cáo", exact=True).first.click()
    overview = page.get_by_test_id("overviews").get_by_role("row").filter(has_text=form.name)
    overview.get_by_role("cell").nth(3).get_by_role("link", name="Năm 2025", exact=True).click()
    page.get_by_label("Kỳ báo cáo").fill("Quý III/2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_role("heading", name="Số liệu tổng hợp: Tỉnh Đắk Lắk – Quý III năm 2025")).to_be_visible()
    figures = page.get_by_test_id("figures").first
    expect(figures.locator("tr", has_text="Số buổi học tập, quán triệt")).to_contain_text("47")
    expect(figures.locator("tr", has_text="Tỷ lệ đảng viên tham dự")).to_contain_text("68,0%")
    expect(page.locator("#tg-report-chart[data-drawn='true']")).to_be_visible()
    drill = page.get_by_test_id("drill-down")
    expect(drill.locator("tbody tr")).to_have_count(102)
    shot(page, "report-consolidated-dak-lak")

    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "report-consolidated-dak-lak.docx"
    download.save_as(target)
    assert target.read_bytes()[:2] == b"PK"

    drill.locator("tbody tr", has_text="Phường Buôn Ma Thuột").get_by_role("link").click()
    expect(
        page.get_by_role("heading", name="Số liệu tổng hợp: Phường Buôn Ma Thuột – Quý III năm 2025")
    ).to_be_visible()
    shot(page, "report-consolidated-ward")


def test_the_specialist_writes_the_narrative_in_the_rich_text_editor_and_inserts_a_units_text(
    page: Page,
    live_server,
    demo_data,  # noqa: F811
    form,  # noqa: F811
):
    from tuyengiao.reports.models import ConsolidatedNarrative, Narrative, Section

    ward = Unit.objects.get(key=demo.COMMUNE_KEYS[0])
    limitations = Section.objects.create(
        version=form.versions.get(), order=2, title="Hạn chế", kind=Section.Kind.LIMITATIONS
    )
    saved = report(form, ward, "2025M08", ht_buoi=12, ht_nguoi=40, ht_dang_vien=Decimal("50"))
    Narrative.objects.create(report=saved, section=limitations, text="Loa truyền thanh xuống cấp.")

    login(page, live_server.url, "chuyenvien.daklak")
    # A specialist has no review overview on the reports page: the province's figures open from its map page.
    page.get_by_role("navigation").get_by_role("link", name="Phân tích", exact=True).first.click()
    page.get_by_test_id("open-map").click()  # the national map leads a province's specialist to their province
    page.get_by_label("Kỳ báo cáo").fill("Quý III/2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.get_by_role("link", name="Số liệu tổng hợp của tỉnh", exact=True).click()
    expect(page.get_by_role("heading", name="Số liệu tổng hợp: Tỉnh Đắk Lắk – Quý III năm 2025")).to_be_visible()
    page.get_by_test_id("edit-narrative").click()
    results = page.get_by_test_id("richtext-results")
    expect(results).to_contain_text("số buổi học tập, quán triệt đạt 12")  # drafted from the figures
    expect(page.locator("textarea[name='results']")).to_be_hidden()
    results.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.get_by_role("toolbar").first.get_by_role("button", name="Đậm").click()
    page.keyboard.type("Điểm nổi bật")
    page.get_by_role("toolbar").first.get_by_role("button", name="Đậm").click()
    page.get_by_test_id("material-limitations").locator("summary").click()
    page.get_by_test_id("material-limitations").get_by_role("button", name="Chèn").click()
    expect(page.get_by_test_id("richtext-limitations")).to_contain_text("Loa truyền thanh xuống cấp.")
    shot(page, "report-narrative-editor")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_test_id("narrative-edited")).to_contain_text("Sửa lần cuối lúc")
    stored = ConsolidatedNarrative.objects.get()
    assert "<strong>Điểm nổi bật</strong>" in stored.results
    assert "<p>Loa truyền thanh xuống cấp.</p>" in stored.limitations
