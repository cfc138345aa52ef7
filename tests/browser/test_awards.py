"""Awards in a real browser: a commune registers for emulation and is nominated; the provincial commission's
specialist records the council's vote, drafts the decision, puts the nomination on the list, gives the decision
its number and prints the certificate (a PDF with one page, the commune's name on it).

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.awards.catalogue import ensure_catalogue
from tuyengiao.awards.models import AwardForm, CouncilMember, EmulationCycle
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cycle(transactional_db: None) -> EmulationCycle:
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    ensure_catalogue(AwardForm)
    cycle = EmulationCycle.objects.create(
        unit=Unit.objects.get(key=demo.COMMISSION_KEY), year=2025, title="Phong trào thi đua năm 2025"
    )
    CouncilMember.objects.create(cycle=cycle, full_name="Trần Văn Hội", role="Chủ tịch Hội đồng")
    return cycle


def test_a_nomination_goes_from_registration_to_a_printed_certificate(
    page: Page, live_server: Any, cycle: EmulationCycle, tmp_path: Path
) -> None:
    commune = "Đảng ủy xã Hòa Phú"
    login(page, live_server.url, "xa2.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Thi đua, khen thưởng", exact=True).first.click()
    page.get_by_role("link", name=cycle.title).click()
    page.locator("summary", has_text="Đăng ký thi đua").click()
    form = page.get_by_test_id("registration-form")
    form.get_by_label("Đơn vị", exact=True).select_option(label=commune)
    form.get_by_label("Danh hiệu, hình thức đăng ký").select_option(label="Tập thể lao động xuất sắc")
    form.get_by_label("Ngày đăng ký").fill("15/01/2025")
    form.get_by_role("button", name="Ghi đăng ký").click()
    expect(page.get_by_test_id("registrations")).to_contain_text(commune)

    page.locator("summary", has_text="Đề nghị khen thưởng").click()
    form = page.get_by_test_id("nomination-form")
    form.get_by_label("Đơn vị", exact=True).select_option(label=commune)
    form.get_by_label("Hình thức khen thưởng").select_option(
        label="Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    )
    form.get_by_label("Thành tích").fill("Hoàn thành xuất sắc nhiệm vụ tuyên truyền năm 2025")
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_test_id("nomination-form")).to_be_visible()  # back on the cycle page, the form still open
    page.get_by_test_id("nominations").get_by_role("link", name=commune, exact=True).first.click()
    expect(page.get_by_role("heading", name=commune)).to_be_visible()
    expect(page.get_by_test_id("warnings")).not_to_contain_text("chưa đăng ký")
    shot(page, "awards-nomination")
    page.context.clear_cookies()

    login(page, live_server.url, "chuyenvien.daklak")
    page.get_by_role("navigation").get_by_role("link", name="Thi đua, khen thưởng", exact=True).first.click()
    page.get_by_role("link", name=cycle.title).click()
    page.get_by_test_id("nominations").get_by_role("link", name=commune).click()
    vote = page.get_by_test_id("vote-form")
    vote.get_by_label("Thành viên hội đồng").select_option(label="Trần Văn Hội")
    vote.get_by_label("Ý kiến").select_option(label="Đồng ý")
    vote.get_by_label("Điểm (0–100)").fill("95")
    vote.get_by_role("button", name="Ghi phiếu").click()
    expect(page.get_by_test_id("votes")).to_contain_text("Trần Văn Hội: đồng ý – 95")

    page.get_by_role("link", name=cycle.title).click()
    expect(page.get_by_test_id("nominations")).to_contain_text("1/1")
    page.locator("summary", has_text="Lập tờ trình").click()
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Hình thức khen thưởng").select_option(
        label="Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    )
    form.get_by_label("Trích yếu").fill("Về việc tặng Giấy khen năm 2025")
    form.get_by_label("Số tờ trình").fill("20-TTr/HĐTĐKT")
    form.get_by_role("button", name="Lập dự thảo").click()
    expect(page.get_by_role("heading", name="Dự thảo quyết định")).to_be_visible()

    page.get_by_test_id("add-form").get_by_label(commune).check()
    page.get_by_test_id("add-form").get_by_role("button", name="Đưa vào danh sách").click()
    expect(page.get_by_test_id("awards")).to_contain_text(commune)
    issue = page.get_by_test_id("issue-form")
    issue.get_by_label("Số, ký hiệu quyết định").fill("25-QĐ/BTGDVTU")
    issue.get_by_label("Ngày ký").fill("26/12/2025")
    issue.get_by_label("Người ký").fill("Nguyễn Thị Thu")
    issue.get_by_role("button", name="Ghi số quyết định").click()
    expect(page.get_by_role("heading", name="Quyết định số 25-QĐ/BTGDVTU")).to_be_visible()
    shot(page, "awards-decision")

    with page.expect_download() as info:
        page.get_by_test_id("certificates").click()
    target = tmp_path / "giay-khen.pdf"
    info.value.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True, text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 1
    assert "GIẤY KHEN" in pages[0]
    assert commune in pages[0]
    assert "25-QĐ/BTGDVTU" in pages[0]
