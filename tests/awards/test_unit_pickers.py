"""The unit pickers of a cycle's forms are the project's one unit widget (units/choices.py, list ``EMULATION`` on
the cycle's last day): a select for a short list, a searchable text input for a national one; a unit outside the
user's write scope is refused in Vietnamese and nothing is saved."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.awards.conftest import GK, form
from tuyengiao.awards.models import Bloc, EmulationCycle, Nomination, Registration
from tuyengiao.people.models import Person
from tuyengiao.units import choices
from tuyengiao.units.models import Unit

pytestmark = pytest.mark.django_db


def page_of(client: Any, cycle: EmulationCycle) -> str:
    response = client.get(reverse("awards:cycle", args=[cycle.pk]))
    assert response.status_code == 200
    return response.content.decode()


def form_html(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</form>", start)]


def nominate(client: Any, cycle: EmulationCycle, unit: Any, **extra: Any) -> Any:
    data = {"dn-unit": unit, "dn-award_form": form(GK).pk, "dn-achievements": "Hoàn thành xuất sắc", **extra}
    return client.post(reverse("awards:cycle_nominate", args=[cycle.pk]), data, follow=True)


def test_a_national_scope_gets_a_searchable_unit_input_not_a_select_of_every_unit(
    personas: Any, cycle: EmulationCycle
) -> None:
    offered = choices.versions(personas.admin, cycle.closing_day, choices.EMULATION).count()
    assert offered > 3000  # the central administrator writes for the whole country
    page = page_of(personas.client(personas.admin), cycle)
    for testid, name in (("registration-form", "dk-unit"), ("nomination-form", "dn-unit")):
        html = form_html(page, testid)
        assert f'<select name="{name}"' not in html
        field = re.search(rf'<input type="text" name="{name}"[^>]*>', html)
        assert field is not None
        assert 'list="tg-units-thi-dua-tim"' in field.group(0) and "data-awards-unit" in field.group(0)
        assert "ds=thi-dua&amp;ngay=31%2F12%2F2025" in field.group(0)  # searched on the cycle's last day
        assert html.count("<option") < 30  # award forms and people only, none of the units
        assert len(html) < 20_000
    assert '<datalist id="tg-units-thi-dua-tim"' in page
    # The suggestions come from the server as the user types (keys as values, names of the cycle's last day).
    url = re.search(r'hx-get="([^"]*tim=dn-unit)"', page)
    assert url is not None
    found = personas.client(personas.admin).get(url.group(1).replace("&amp;", "&") + "&dn-unit=buon+ma+thuot")
    assert f'<option value="{personas.commune_unit1.key}">Đảng ủy phường Buôn Ma Thuột' in found.content.decode()


def test_a_short_list_stays_a_select_and_the_people_carry_the_unit_fields_values(
    personas: Any, cycle: EmulationCycle, monkeypatch: Any
) -> None:
    person = Person.objects.create(full_name="Lê Văn Nam")
    person.postings.create(
        unit=personas.commune_unit1, position="Chuyên viên", from_date=cycle.closing_day.replace(month=8)
    )
    html = form_html(page_of(personas.client(personas.specialist), cycle), "nomination-form")
    assert re.search(r'<select name="dn-unit" data-dated-units="tg-units-thi-dua" data-awards-unit', html)
    assert f'<option value="{person.pk}" data-units="{personas.commune_unit1.pk}">' in html
    monkeypatch.setattr(choices, "MAX_OPTIONS", 10)  # the same list, too long for a select
    html = form_html(page_of(personas.client(personas.specialist), cycle), "nomination-form")
    assert '<input type="text" name="dn-unit"' in html
    assert f'<option value="{person.pk}" data-unit-keys="{personas.commune_unit1.key}">' in html


@pytest.mark.parametrize("searchable", [False, True], ids=["select", "search"])
def test_a_unit_outside_the_write_scope_is_refused_in_vietnamese_and_nothing_is_saved(
    personas: Any, cycle: EmulationCycle, monkeypatch: Any, searchable: bool
) -> None:
    if searchable:
        monkeypatch.setattr(choices, "MAX_OPTIONS", 0)  # every list is searched, values are unit keys

    def value(unit: Unit) -> Any:
        return unit.key if searchable else unit.pk

    client = personas.client(personas.commune1)
    neighbour = personas.commune_unit2
    response = client.post(
        reverse("awards:cycle_register", args=[cycle.pk]),
        {"dk-unit": value(neighbour), "dk-target": form("tap-the-ldxs").pk, "dk-registered_on": "15/01/2025"},
        follow=True,
    )
    refused = "“Đảng ủy xã Hòa Phú” không thuộc các đơn vị bạn được chọn vào ngày 31/12/2025"
    assert refused in response.content.decode()
    assert refused in nominate(client, cycle, value(neighbour)).content.decode()
    lam_dong = nominate(personas.client(personas.specialist), cycle, value(personas.lam_dong)).content.decode()
    assert "“Tỉnh ủy Lâm Đồng” không thuộc các đơn vị bạn được chọn vào ngày 31/12/2025" in lam_dong
    assert "Hãy chọn một lựa chọn hợp lệ" not in lam_dong  # not Django's generic message
    assert not Registration.objects.filter(cycle=cycle).exists()
    assert not Nomination.objects.filter(cycle=cycle).exists()


def test_a_bloc_member_outside_the_organisers_scope_is_refused_and_no_bloc_is_saved(
    personas: Any, cycle: EmulationCycle
) -> None:
    response = personas.client(personas.specialist).post(
        reverse("awards:cycle_bloc_add", args=[cycle.pk]),
        {"kh-name": "Khối các xã", "kh-members": [personas.commune_unit1.pk, personas.lam_dong.pk]},
        follow=True,
    )
    assert "không thuộc các đơn vị được chọn vào ngày 31/12/2025" in response.content.decode()
    assert not Bloc.objects.filter(cycle=cycle).exists()


def test_a_unit_typed_by_its_exact_name_is_accepted_by_the_searchable_input(
    personas: Any, cycle: EmulationCycle
) -> None:
    client = personas.client(personas.admin)
    nominate(client, cycle, "Đảng ủy phường Buôn Ma Thuột")
    assert Nomination.objects.get(cycle=cycle).unit == personas.commune_unit1
    nominate(client, cycle, "dang uy phuong buon ma thuot", **{"dn-collective_name": "Văn phòng Đảng ủy"})
    assert Nomination.objects.filter(cycle=cycle, unit=personas.commune_unit1).count() == 2  # accents, case aside
    # A name two units bear that day is not guessed: the user picks one of the suggestions.
    ambiguous = nominate(client, cycle, "Đảng ủy xã Hòa Phú").content.decode()
    assert "Có nhiều đơn vị tên “Đảng ủy xã Hòa Phú”; hãy chọn trong danh sách gợi ý." in ambiguous
    assert Nomination.objects.filter(cycle=cycle).count() == 2


def test_a_national_organiser_picks_bloc_members_by_search_never_from_a_select_of_every_unit(personas: Any) -> None:
    """In 2023 the country had some 11,000 party committees: the bloc picker shows the chosen units and a search
    that adds one at a time (keys from the suggestions, or an exact name typed without JavaScript)."""
    commission = Unit.objects.get(key="central:btg")
    old = EmulationCycle.objects.create(unit=commission, year=2023, title="Thi đua năm 2023")
    client = personas.client(personas.admin)
    html = form_html(page_of(client, old), "bloc-form")
    assert len(re.findall(r"<option", html)) == 0 and 'data-unit-adds="id_kh-members"' in html
    assert len(html) < 20_000
    commune = choices.versions(personas.admin, old.closing_day, choices.EMULATION).filter(unit__level="commune")[0]
    response = client.post(
        reverse("awards:cycle_bloc_add", args=[old.pk]),
        {"kh-name": "Khối các tỉnh Tây Nguyên", "kh-members": ["p:66", commune.unit.key, "Tỉnh ủy Lâm Đồng", ""]},
        follow=True,
    )
    assert response.status_code == 200
    bloc = Bloc.objects.get(cycle=old)
    assert set(bloc.members.values_list("key", flat=True)) == {"p:66", commune.unit.key, "p:68"}
    refused = client.post(
        reverse("awards:cycle_bloc_add", args=[old.pk]),
        {"kh-name": "Khối khác", "kh-members": ["khong-co"]},
        follow=True,
    )
    assert "Không tìm thấy đơn vị “khong-co”" in refused.content.decode()
    assert Bloc.objects.filter(cycle=old).count() == 1
