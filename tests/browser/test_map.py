"""The central administrator opens the map from the home page: 34 provinces with Hoàng Sa and Trường Sa labelled,
63 provinces in 2024, then a click on Đắk Lắk ranks its units in bars."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.analytics.test_map import communes, form, report  # noqa: F401  (fixture)
from tests.browser.test_unit_tree import ARTIFACTS, demo_data, login, shot  # noqa: F401  (fixture)
from tuyengiao.analytics.maps import HOANG_SA, TRUONG_SA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = [  # new provinces with a commune reporting in August 2025
    *("01", "04", "08", "12", "15", "22", "31", "38", "40", "46"),
    *("48", "51", "56", "66", "68", "75", "79", "86", "92", "96"),
]
OLD = [  # old provinces with communes reporting in May 2024
    *("01", "02", "10", "17", "20", "24", "30", "36", "44", "49"),
    *("52", "54", "60", "62", "66", "70", "80", "87", "91", "95"),
]


def click_at(page: Page, lon: float, lat: float) -> None:
    """Click the map where the point (lon, lat) is drawn."""
    x, y = page.evaluate(
        "([lon, lat]) => window.echarts.getInstanceByDom(document.getElementById('tg-map'))"
        ".convertToPixel({seriesIndex: 0}, [lon, lat])",
        [lon, lat],
    )
    page.locator("#tg-map").click(position={"x": x, "y": y})


def test_the_administrator_opens_the_map_changes_the_date_and_drills_into_a_province(
    page: Page,
    live_server,
    demo_data,  # noqa: F811
    form,  # noqa: F811
):
    for i, unit in enumerate(communes("units_2025-07.csv", "c2025:{}", NEW, per_province=1)):
        report(form, unit, "2025M08", ht_buoi=(i * 7) % 23 + 1, ht_nguoi=Decimal(i * 13 % 40), ket_noi=i % 2 == 0)
    for i, unit in enumerate(communes("units_2025-01.csv", "c:{}", OLD, per_province=3)):
        report(form, unit, "2024M05", ht_buoi=(i * 5) % 17 + 1, ht_nguoi=Decimal(i), ket_noi=i % 3 == 0)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    login(page, live_server.url, "quantri", demo_data["admin_backup_codes"][0])  # type: ignore[index]
    page.get_by_role("navigation").get_by_role("link", name="Phân tích").click()
    page.get_by_test_id("open-map").click()
    expect(page.get_by_role("heading", name="Bản đồ số liệu theo tỉnh, thành phố")).to_be_visible()
    expect(page.locator("#tg-map[data-drawn='true']")).to_be_attached()
    expect(page.get_by_test_id("map-table").locator("tbody tr[data-code]")).to_have_count(34)
    expect(page.get_by_test_id("map-archipelagos")).to_contain_text(HOANG_SA)
    expect(page.get_by_test_id("map-archipelagos")).to_contain_text(TRUONG_SA)
    labels = page.evaluate(
        "() => window.echarts.getInstanceByDom(document.getElementById('tg-map')).getOption().series[0].data"
        ".filter((d) => d.label && d.label.show).map((d) => d.label.formatter.replace('\\n', ' '))"
    )
    assert sorted(labels) == sorted([HOANG_SA, TRUONG_SA])
    page.wait_for_timeout(300)
    shot(page, "map-34")
    page.locator("#tg-map").screenshot(path=str(ARTIFACTS / "map-34-close.png"))  # the labels, at full size

    page.get_by_label("Kỳ báo cáo").fill("Năm 2024")
    page.get_by_label("Cơ cấu tại ngày").fill("31/12/2024")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("map-table").locator("tbody tr[data-code]")).to_have_count(63)
    expect(page.locator("#tg-map[data-drawn='true']")).to_be_attached()
    expect(page.get_by_test_id("map-archipelagos")).to_contain_text(HOANG_SA)
    page.wait_for_timeout(300)
    shot(page, "map-63")

    click_at(page, 108.2, 12.75)  # Đắk Lắk
    expect(page.get_by_test_id("map-province-title")).to_have_text("Số liệu các đơn vị của Tỉnh Đắk Lắk")
    expect(page.locator("#tg-map-bars[data-drawn='true']")).to_be_visible()
    expect(page.get_by_test_id("rank-table").locator("tbody tr").first).to_contain_text("1")
    page.wait_for_timeout(300)
    shot(page, "map-province-dak-lak")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
