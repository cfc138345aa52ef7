"""A month's guidance and bulletin in a real browser (issue #18): the provincial specialist issues them with
their recipients from the menu, a commune's user finds the guidance on the home page and records that it was
relayed to the cells, and the commission's yearly report shows the figures without anyone retyping them.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.outputs import demo as outputs_demo
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db: None) -> dict[str, str]:
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    outputs_demo.ensure_form()
    today = timezone.localdate()
    return {
        "commission": Unit.objects.get(key=demo.COMMISSION_KEY).name_on(today),
        "ward": Unit.objects.get(key=demo.COMMUNE_KEYS[0]).name_on(today),
        "commune": Unit.objects.get(key=demo.COMMUNE_KEYS[1]).name_on(today),
        "month": f"Tháng {today.month}/{today.year}",
    }


def _issue(page: Page, world: dict[str, str], button: str, title: str, topics: str, copies: str = "") -> None:
    page.get_by_role("link", name="Định hướng, bản tin").first.click()
    page.get_by_role("link", name=button).click()
    page.get_by_label("Đơn vị ban hành").select_option(label=world["commission"])
    page.get_by_label("Tháng", exact=True).fill(world["month"])
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_label("Nội dung, chuyên mục (mỗi dòng một mục)").fill(topics)
    page.get_by_label("Nơi nhận (đơn vị)").select_option(label=[world["ward"], world["commune"]])
    if copies:
        page.get_by_label("Số bản in").fill(copies)
        shot(page, "outputs-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_a_months_guidance_and_bulletin_reach_a_commune_and_the_yearly_report(page: Page, live_server, world):
    base = live_server.url
    login(page, base, "chuyenvien.daklak")
    _issue(
        page,
        world,
        "Định hướng tháng mới",
        "Định hướng tuyên truyền tháng này",
        "Tuyên truyền Ngày Quốc phòng toàn dân | Gắn với thôn, buôn\nPhòng, chống cháy rừng mùa khô\nChuyển đổi số",
    )
    expect(page.get_by_test_id("topics").locator("li")).to_have_count(3)
    shot(page, "outputs-guidance")
    _issue(page, world, "Bản tin mới", "Thông tin sinh hoạt chi bộ tháng này", "Thời sự\nVăn bản mới", "2812")
    page.get_by_role("link", name="Số bản phát hành").click()
    page.get_by_label(f"Số bản gửi: {world['ward']}").fill("60")
    page.get_by_label(f"Số bản gửi: {world['commune']}").fill("45")
    page.get_by_role("button", name="Lưu số bản").click()
    expect(page.get_by_test_id("copies")).to_have_text("2.812")
    shot(page, "outputs-bulletin")

    page.get_by_role("link", name="Định hướng, bản tin").first.click()
    expect(page.get_by_test_id("totals")).to_contain_text("2.812")
    shot(page, "outputs-archive")

    page.context.clear_cookies()
    login(page, base, "xa1.daklak")
    work = page.get_by_test_id("work-outputs")
    expect(work).to_contain_text("Định hướng tuyên truyền tháng này")
    shot(page, "outputs-home-commune")
    work.get_by_role("link", name="Định hướng tuyên truyền tháng này", exact=False).click()
    page.get_by_placeholder("Số chi bộ").fill("23")
    page.get_by_role("button", name="Đã phổ biến đến chi bộ").click()
    expect(page.get_by_text("Đã ghi xác nhận của đơn vị nhận.")).to_be_visible()
    expect(page.get_by_test_id("recipients")).to_contain_text("23 chi bộ")
    expect(page.get_by_role("button", name="Đã phổ biến đến chi bộ")).to_have_count(0)
    shot(page, "outputs-acknowledged")

    page.context.clear_cookies()
    login(page, base, "chuyenvien.daklak")
    year = f"Năm {timezone.localdate().year}"
    reports = page.get_by_test_id("work-to_submit").get_by_role("link", name="Báo cáo năm về định hướng", exact=False)
    reports.filter(has_text=year).click()
    expect(page.get_by_test_id("sourced-bt-so-ban-in")).to_have_value(re.compile(r"^2\.?812$"))
    expect(page.get_by_test_id("sourced-bt-so-ky")).to_have_value("1")
    expect(page.get_by_test_id("sourced-dh-so-noi-dung")).to_have_value("3")
    expect(page.get_by_test_id("sourced-dh-luot-nhan")).to_have_value("2")
    expect(page.get_by_test_id("sourced-dh-luot-pho-bien")).to_have_value("1")
    expect(page.get_by_test_id("sourced-dh-ty-le-pho-bien")).to_have_value(re.compile(r"^50(,0)?$"))
    shot(page, "outputs-yearly-report")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_role("button", name="Xác nhận gửi").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
