"""One award ceremony end to end, as a new user of the provincial commission does it: from the home page,
clicking menus and links only (no URL typed after signing in), open the year's cycle, add the council, add nine
collectives and nine individuals in one sitting (the add form stays open after each save), enter the council's
votes on the tally sheet in one save, draft the decision, put the eighteen on it, give it its number and print
the certificates, in full and for pre-printed forms (one page each).

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.awards.catalogue import ensure_catalogue
from tuyengiao.awards.models import AwardForm, Vote
from tuyengiao.people.models import Person, Posting
from tuyengiao.units import loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GK = "Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
TITLE = "Thi đua công tác tuyên giáo, dân vận năm 2025"
COUNCIL = [("Y Ni Ksơr", "Chủ tịch Hội đồng"), ("Trần Văn Hội", "Phó Chủ tịch Hội đồng"), ("Lê Thị Mai", "Ủy viên")]
PEOPLE = [f"Nguyễn Văn {name}" for name in ("An", "Bình", "Cường", "Dũng", "Em", "Giang", "Hùng", "Khánh", "Long")]


@pytest.fixture
def staff(transactional_db: None) -> list[Person]:
    """The demo province and nine people of its commission (the registry exists before the ceremony)."""
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    ensure_catalogue(AwardForm)
    commission = Unit.objects.get(key=demo.COMMISSION_KEY)
    people = []
    for name in PEOPLE:
        person = Person.objects.create(full_name=name)
        Posting.objects.create(person=person, unit=commission, position="Chuyên viên", from_date=dt.date(2012, 3, 1))
        people.append(person)
    return people


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_a_ceremony_of_nine_collectives_and_nine_individuals_in_one_sitting(
    page: Page, live_server: Any, staff: list[Person], tmp_path: Path
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    commission_name = Unit.objects.get(key=demo.COMMISSION_KEY).name_on(dt.date(2025, 12, 31))
    login(page, live_server.url, "chuyenvien.daklak")
    page.locator("#tg-nav").get_by_role("link", name="Thi đua, khen thưởng").click()

    # The cycle
    cycle_form = page.get_by_test_id("cycle-form")
    cycle_form.get_by_label("Năm").fill("2025")
    cycle_form.get_by_label("Tên đợt thi đua").fill(TITLE)
    cycle_form.get_by_role("button", name="Mở đợt thi đua").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # The council: the add form comes back open and focused after each member
    page.locator("summary", has_text="Thêm thành viên hội đồng").click()
    for name, role in COUNCIL:
        member_form = page.get_by_test_id("member-form")
        if name != COUNCIL[0][0]:
            expect(member_form.get_by_label("Họ và tên")).to_be_focused()
        member_form.get_by_label("Họ và tên").fill(name)
        member_form.get_by_label("Chức danh trong hội đồng").fill(role)
        member_form.get_by_role("button", name="Thêm").click()
        expect(page.get_by_test_id("council")).to_contain_text(name)

    # Eighteen nominations in one sitting
    page.locator("summary", has_text="Đề nghị khen thưởng").click()
    form = page.get_by_test_id("nomination-form")
    unit = form.get_by_label("Đơn vị", exact=True)
    labels = [text.strip() for text in unit.locator("option").all_text_contents() if text.strip() != "---------"]
    collectives = [label for label in labels if label != commission_name and labels.count(label) == 1][:9]
    assert len(collectives) == 9
    for index, name in enumerate(collectives):
        form = page.get_by_test_id("nomination-form")
        form.get_by_label("Đơn vị", exact=True).select_option(label=name)
        form.get_by_label("Hình thức khen thưởng").select_option(label=GK)
        form.get_by_label("Thành tích").fill(f"Hoàn thành xuất sắc nhiệm vụ năm 2025 ({index + 1})")
        form.get_by_role("button", name="Gửi đề nghị").click()
        expect(page.locator(".alert-success")).to_contain_text(name)
        expect(page.get_by_test_id("nomination-form")).to_be_visible()
        expect(page.get_by_test_id("nomination-form").get_by_label("Đơn vị", exact=True)).to_be_focused()
    for person in PEOPLE:
        form = page.get_by_test_id("nomination-form")
        form.get_by_label("Đơn vị", exact=True).select_option(label=commission_name)
        form.get_by_label("Cá nhân (để trống nếu là tập thể)").select_option(label=person)
        expect(form.get_by_label("Hình thức khen thưởng")).to_have_value(str(AwardForm.objects.get(name=GK).pk))
        form.get_by_label("Thành tích").fill("Tham mưu tốt công tác tuyên truyền")
        form.get_by_role("button", name="Gửi đề nghị").click()
        expect(page.locator(".alert-success")).to_contain_text(person)
    expect(page.get_by_test_id("nominations").locator("tbody tr")).to_have_count(18)
    shot(page, "awards-ceremony-nominations")

    # The council's votes: one tally sheet, one save
    page.get_by_test_id("tally-link").click()
    sheet = page.get_by_test_id("tally-form")
    selects = sheet.locator("select")
    expect(selects).to_have_count(18 * 3)
    scores = sheet.locator("input.tally-score")
    for index in range(18 * 3):
        selects.nth(index).select_option("1" if index % 7 else "0")
        scores.nth(index).fill(f"{85 + index % 10},5")
    shot(page, "awards-ceremony-tally")
    sheet.get_by_role("button", name="Lưu cả bảng kiểm phiếu").click()
    expect(page.locator(".alert-success")).to_contain_text("54 phiếu")
    assert Vote.objects.count() == 54

    # The decision, its list and its number
    page.locator("summary", has_text="Lập tờ trình").click()
    decision_form = page.get_by_test_id("decision-form")
    decision_form.get_by_label("Hình thức khen thưởng").select_option(label=GK)
    decision_form.get_by_label("Trích yếu").fill("Về việc tặng Giấy khen năm 2025")
    decision_form.get_by_label("Số tờ trình").fill("30-TTr/HĐTĐKT")
    decision_form.get_by_role("button", name="Lập dự thảo").click()
    expect(page.get_by_role("heading", name="Dự thảo quyết định")).to_be_visible()
    add = page.get_by_test_id("add-form")
    boxes = add.get_by_role("checkbox")
    expect(boxes).to_have_count(18)
    for index in range(18):
        boxes.nth(index).check()
    add.get_by_role("button", name="Đưa vào danh sách").click()
    expect(page.get_by_test_id("awards").locator("tbody tr")).to_have_count(18)
    issue = page.get_by_test_id("issue-form")
    issue.get_by_label("Số, ký hiệu quyết định").fill("40-QĐ/BTGDVTU")
    issue.get_by_label("Ngày ký").fill("26/12/2025")
    issue.get_by_label("Người ký").fill("Nguyễn Thị Thu")
    issue.get_by_role("button", name="Ghi số quyết định").click()
    expect(page.get_by_role("heading", name="Quyết định số 40-QĐ/BTGDVTU")).to_be_visible()
    shot(page, "awards-ceremony-decision")

    # The certificates: in full, and only the variable text for pre-printed forms
    for testid, name in (("certificates", "giay-khen.pdf"), ("certificates-preprinted", "giay-khen-phoi.pdf")):
        with page.expect_download() as info:
            page.get_by_test_id(testid).click()
        target = tmp_path / name
        info.value.save_as(target)
        pages = pdf_pages(target)
        assert len(pages) == 18, name
        assert collectives[0] in pages[0] and PEOPLE[-1] in pages[-1], name
        assert "40-QĐ/BTGDVTU" in pages[0], name
        assert ("GIẤY KHEN" in pages[0]) and (("ĐẢNG CỘNG SẢN VIỆT NAM" in pages[0]) == (testid == "certificates"))

    # Back on the cycle page: the decision with its real split
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("decisions")).to_contain_text("9 tập thể và 9 cá nhân")
