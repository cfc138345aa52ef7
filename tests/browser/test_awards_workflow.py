"""Awards in a real browser: the person picker narrows to the chosen unit (static/js/awards.js), from a unit
select or from the searchable unit input of long lists, a nomination is withdrawn after a confirmation and shown
struck through, a council member is renamed.

Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.browser.test_unit_tree import login, shot
from tuyengiao.accounts import demo
from tuyengiao.awards.catalogue import ensure_catalogue
from tuyengiao.awards.models import AwardForm, CouncilMember, EmulationCycle
from tuyengiao.people.models import Person, Posting
from tuyengiao.units import choices, loader
from tuyengiao.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMUNE = "Đảng ủy xã Hòa Phú"
GK = "Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"


@pytest.fixture
def cycle(transactional_db: None) -> EmulationCycle:
    loader.load(log=lambda _m: None)
    demo.ensure_demo()
    ensure_catalogue(AwardForm)
    commission = Unit.objects.get(key=demo.COMMISSION_KEY)
    commune = Unit.objects.get(key=demo.COMMUNE_KEYS[1])
    for name, unit in (("Lê Văn Nam", commune), ("Trần Thị Hoa", commission)):
        person = Person.objects.create(full_name=name)
        Posting.objects.create(person=person, unit=unit, position="Chuyên viên", from_date=dt.date(2020, 1, 1))
    cycle = EmulationCycle.objects.create(unit=commission, year=2025, title="Phong trào thi đua năm 2025")
    CouncilMember.objects.create(cycle=cycle, full_name="Trần Văn Hội", role="Ủy viên")
    return cycle


def open_cycle(page: Page, cycle: EmulationCycle) -> None:
    """From the home page: the menu's awards entry, then the cycle in the list."""
    page.get_by_role("navigation").get_by_role("link", name="Thi đua, khen thưởng", exact=True).first.click()
    page.get_by_role("link", name=cycle.title, exact=True).click()
    expect(page.get_by_role("heading", name=cycle.title)).to_be_visible()


def visible_people(page: Page) -> list[str]:
    options = page.get_by_test_id("nomination-form").locator("select[data-awards-person] option:not([hidden])")
    return [text.strip() for text in options.all_inner_texts()]


def test_the_picker_narrows_a_nomination_is_withdrawn_and_a_member_renamed(
    page: Page, live_server: Any, cycle: EmulationCycle
) -> None:
    login(page, live_server.url, "chuyenvien.daklak")
    open_cycle(page, cycle)
    page.locator("summary", has_text="Đề nghị khen thưởng").click()
    form = page.get_by_test_id("nomination-form")
    assert {"Lê Văn Nam", "Trần Thị Hoa"} <= set(visible_people(page))
    form.get_by_label("Đơn vị", exact=True).select_option(label=COMMUNE)
    assert visible_people(page) == ["---------", "Lê Văn Nam"]
    form.get_by_label("Cá nhân (để trống nếu là tập thể)").select_option(label="Lê Văn Nam")
    form.get_by_label("Hình thức khen thưởng").select_option(label=GK)
    form.get_by_label("Thành tích").fill("Hoàn thành xuất sắc nhiệm vụ")
    shot(page, "awards-person-picker")
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_test_id("nomination-form")).to_be_visible()  # back on the cycle page, the form still open
    page.get_by_test_id("nominations").get_by_role("link", name="Lê Văn Nam", exact=True).first.click()
    expect(page.get_by_role("heading", name="Lê Văn Nam")).to_be_visible()

    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_test_id("withdraw-form").get_by_role("button", name="Rút đề nghị").click()
    expect(page.get_by_test_id("withdrawn")).to_be_visible()
    page.get_by_role("link", name=cycle.title).click()
    expect(page.get_by_test_id("nominations").locator("del")).to_have_text("Lê Văn Nam")
    shot(page, "awards-withdrawn")

    council = page.get_by_test_id("council")
    council.locator("summary", has_text="Sửa").click()
    council.get_by_label("Chức danh trong hội đồng").fill("Phó Chủ tịch Hội đồng")
    council.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("council")).to_contain_text("Trần Văn Hội – Phó Chủ tịch Hội đồng")


def test_the_picker_narrows_to_a_unit_chosen_in_the_searchable_input(
    page: Page, live_server: Any, cycle: EmulationCycle, monkeypatch: Any
) -> None:
    monkeypatch.setattr(choices, "MAX_OPTIONS", 0)  # a national list's widget, for the province's units
    login(page, live_server.url, "chuyenvien.daklak")
    open_cycle(page, cycle)
    page.locator("summary", has_text="Đề nghị khen thưởng").click()
    form = page.get_by_test_id("nomination-form")
    shown = form.locator("select[data-awards-person] option:not([hidden])")
    unit = form.get_by_label("Đơn vị", exact=True)
    expect(unit).to_have_attribute("list", "tg-units-thi-dua-tim")
    assert {"Lê Văn Nam", "Trần Thị Hoa"} <= set(visible_people(page))
    unit.fill(COMMUNE)  # a name typed in full: recognised once the suggestions have come
    expect(page.locator(f'#tg-units-thi-dua-tim option[value="{demo.COMMUNE_KEYS[1]}"]')).to_have_count(1)
    expect(shown).to_have_count(2)
    assert visible_people(page) == ["---------", "Lê Văn Nam"]
    unit.fill("Ban Tuyên")  # not a unit yet: everybody is listed again
    expect(shown).to_have_count(3)
    unit.fill(demo.COMMISSION_KEY)  # a suggestion picked: its key
    expect(shown).to_have_count(2)
    assert visible_people(page) == ["---------", "Trần Thị Hoa"]
    form.get_by_label("Cá nhân (để trống nếu là tập thể)").select_option(label="Trần Thị Hoa")
    form.get_by_label("Hình thức khen thưởng").select_option(label=GK)
    form.get_by_label("Thành tích").fill("Hoàn thành xuất sắc nhiệm vụ")
    shot(page, "awards-searchable-unit")
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_test_id("nomination-form")).to_be_visible()  # back on the cycle page, the form still open
    page.get_by_test_id("nominations").get_by_role("link", name="Trần Thị Hoa", exact=True).first.click()
    expect(page.get_by_role("heading", name="Trần Thị Hoa")).to_be_visible()
