"""The leader's analytical side, walked from the home page by clicking: the consolidated figures, two of them
pinned, the dashboard's cards and trend charts (ECharts, no CSP violation), a pivot table that scrolls inside its
box, and its XLSX.

Screenshots: test-artifacts/browser/analytics-*.png.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_month_of_work import sign_in
from tests.browser.test_report_entry import make_form
from tests.browser.test_unit_tree import ARTIFACTS, demo_data, shot  # noqa: F401  (fixture)
from tests.reports.test_consolidation import report
from tuyengiao.accounts import demo
from tuyengiao.lib.periods import PeriodType, last_closed
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_leader_pins_two_figures_reads_the_dashboard_and_builds_a_pivot(page: Page, live_server, demo_data):  # noqa: F811
    form = make_form()
    ward, commune = (Unit.objects.get(key=key) for key in demo.COMMUNE_KEYS)
    month = last_closed(PeriodType.MONTH, timezone.localdate())
    earlier = month.previous()
    report(form, ward, earlier.code, ht_buoi=4, ht_nguoi=20, ty_le=Decimal("60"), ket_noi=True)
    report(form, ward, month.code, ht_buoi=12, ht_nguoi=40, ty_le=Decimal("50"), ket_noi=True)
    report(form, commune, month.code, ht_buoi=30, ht_nguoi=60, ty_le=Decimal("80"))
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)

    sign_in(page, live_server.url, "lanhdao.daklak")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    consolidated = page.get_by_test_id("overviews").locator("tbody tr td:nth-child(4)").first
    consolidated.get_by_role("link", name=month.label, exact=True).click()
    figures = page.get_by_test_id("figures").first
    expect(page.locator("#tg-report-chart[data-drawn='true']")).to_be_visible()  # ECharts, not Chart.js
    figures.locator("tr", has_text="Số buổi học tập, quán triệt").get_by_test_id("pin").click()
    expect(page.get_by_text("Đã ghim số liệu vào trang tổng quan.")).to_be_visible()
    figures = page.get_by_test_id("figures").first
    figures.locator("tr", has_text="Tỷ lệ đảng viên tham dự").get_by_test_id("pin").click()
    expect(figures.get_by_test_id("unpin")).to_have_count(2)

    page.get_by_role("link", name="Phân tích", exact=True).click()
    expect(page.get_by_role("heading", name="Tổng quan: Tỉnh ủy Đắk Lắk")).to_be_visible()
    cards = page.get_by_test_id("card")
    expect(cards).to_have_count(2)
    expect(cards.first.get_by_test_id("card-value")).to_have_text("42")
    expect(cards.first.get_by_test_id("card-change")).to_contain_text("+38")
    expect(cards.nth(1).get_by_test_id("card-value")).to_have_text("68,0%")  # (40·50 + 60·80) / 100
    expect(cards.first.locator(".tg-chart[data-drawn='true']")).to_be_visible()
    cards.first.locator("summary").click()  # the trend as a table
    expect(cards.first.get_by_test_id("chart-table")).to_contain_text("42")
    assert no_sideways_scroll(page)
    shot(page, "analytics-dashboard")

    page.get_by_test_id("open-pivot").click()
    page.get_by_label("Bố cục").select_option("don-vi-ky")
    page.get_by_test_id("pivot-submit").click()
    table = page.get_by_test_id("pivot")
    expect(table.get_by_test_id("pivot-total")).to_contain_text("Toàn Tỉnh ủy Đắk Lắk")
    expect(table.get_by_test_id("pivot-total")).to_contain_text("68,0%")
    box = page.get_by_test_id("pivot-box")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the wide table scrolls inside its box …
    assert no_sideways_scroll(page)  # … and the page does not
    header = table.locator("thead tr").last.locator("th").nth(1)
    assert header.evaluate("h => h.getBoundingClientRect().width") >= 100  # headers are not one word per line
    box.evaluate("b => { b.scrollLeft = 600; }")
    first = table.locator("tbody tr").first.locator("th")
    assert first.evaluate("c => c.getBoundingClientRect().left") <= box.evaluate(
        "b => b.getBoundingClientRect().left + 2"
    )  # the first column stays in view
    shot(page, "analytics-pivot")

    with page.expect_download() as info:
        page.get_by_test_id("pivot-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "analytics-pivot.xlsx"
    download.save_as(target)
    assert target.read_bytes()[:2] == b"PK"
    assert not violations, violations
