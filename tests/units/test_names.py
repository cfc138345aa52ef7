"""A unit's name on a date: one rule (units.models) in three forms, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from tuyengiao.accounts.models import Membership, Role
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion, name_on, names, names_at, nearest_day

pytestmark = pytest.mark.django_db

DATES = [
    dt.date(2010, 1, 1),
    dt.date(2024, 12, 31),
    dt.date(2025, 1, 1),
    dt.date(2025, 3, 1),
    dt.date(2025, 6, 30),
    dt.date(2025, 7, 1),
]
KEYS = ["p:46", "com:p:46", "d:683", "p:66", "com:p:66", "p:54"]


def unit_with(*versions: tuple[dt.date | None, dt.date | None, str]) -> Unit:
    unit = Unit.objects.create(key=f"test:{versions[0][2]}", level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE)
    for valid_from, valid_to, name in versions:
        UnitVersion.objects.create(unit=unit, valid_from=valid_from, valid_to=valid_to, name=name)
    return unit


def every_form(unit: Unit, date: dt.date) -> set[str]:
    """The name on ``date`` by the bulk function, the subquery, the method and the method on prefetched rows."""
    annotated = Unit.objects.filter(pk=unit.pk).annotate(n=name_on(date)).values_list("n", flat=True).get()
    prefetched = Unit.objects.prefetch_related(Prefetch("versions")).get(pk=unit.pk)
    return {names([unit.pk], date)[unit.pk], annotated, Unit.objects.get(pk=unit.pk).name_on(date),
            prefetched.name_on(date)}  # fmt: skip


def test_a_unit_renamed_twice_has_one_name_per_day_in_every_form():
    hue = Unit.objects.get(key="com:p:46")
    assert every_form(hue, dt.date(2024, 12, 31)) == {"Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế"}
    assert every_form(hue, dt.date(2025, 1, 1)) == {"Ban Tuyên giáo Thành ủy Huế"}
    assert every_form(hue, dt.date(2025, 3, 1)) == {"Ban Tuyên giáo và Dân vận Thành ủy Huế"}


def test_every_form_of_the_rule_agrees_on_real_units_across_the_reforms():
    for key in KEYS:
        unit = Unit.objects.get(key=key)
        for date in DATES:
            assert len(every_form(unit, date)) == 1, (key, date)


def test_a_unit_that_ended_keeps_its_last_name_and_one_not_yet_formed_takes_its_first():
    unit = unit_with(
        (dt.date(2020, 1, 1), dt.date(2021, 1, 1), "Xã Một"),
        (dt.date(2022, 1, 1), dt.date(2023, 1, 1), "Xã Hai"),
        (dt.date(2023, 1, 1), None, "Xã Ba"),
    )
    assert every_form(unit, dt.date(2019, 6, 1)) == {"Xã Một"}  # before our records: the first name
    assert every_form(unit, dt.date(2021, 6, 1)) == {"Xã Một"}  # in a gap: the last name before, never a later one
    assert every_form(unit, dt.date(2022, 6, 1)) == {"Xã Hai"}
    assert every_form(unit, dt.date(2030, 1, 1)) == {"Xã Ba"}
    ended = unit_with((None, dt.date(2020, 1, 1), "Xã Cũ"))
    assert every_form(ended, dt.date(2025, 1, 1)) == {"Xã Cũ"}
    assert str(ended) == "Xã Cũ"


def test_papers_take_the_version_of_the_nearest_day_which_has_the_name_of_the_day():
    for key in KEYS:
        unit = Unit.objects.get(key=key)
        for date in DATES:
            version = unit.version_on(nearest_day(unit, date))
            assert version is not None and version.name == unit.name_on(date), (key, date)


def test_an_open_version_does_not_win_over_the_first_name_on_postgresql():
    # The copies that sorted by ``-valid_to`` took the open version first on PostgreSQL (NULLs first in DESC) and
    # the first one on SQLite: a record older than the unit now gets its first name on both.
    unit = unit_with((dt.date(2020, 1, 1), dt.date(2022, 1, 1), "Xã Trước"), (dt.date(2022, 1, 1), None, "Xã Sau"))
    assert every_form(unit, dt.date(2019, 1, 1)) == {"Xã Trước"}


def test_names_of_many_units_on_many_days_take_one_query(django_assert_num_queries: Any):
    ids = list(Unit.objects.filter(key__in=KEYS).values_list("pk", flat=True))
    with django_assert_num_queries(1):
        by_day = names_at((pk, date) for pk in ids for date in DATES)
    assert len(by_day) == len(ids) * len(DATES)
    with django_assert_num_queries(1):
        assert len(names(ids, DATES[0])) == len(ids)


def test_a_unit_is_never_shown_by_its_internal_key():
    today = timezone.localdate()
    for key in [*KEYS, "central"]:
        unit = Unit.objects.get(key=key)
        assert str(unit) == unit.name_on(today)
        assert str(unit) != key and ":" not in str(unit)
    assert str(Unit.objects.get(key="d:683")) == "Huyện ủy Cát Tiên"  # ended: its last name
    assert str(Unit.objects.get(key="com:p:66")) == "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"


def test_the_administrators_unit_field_shows_the_units_name_and_saving_it_unchanged_keeps_the_unit(personas):
    membership = Membership.objects.create(user=personas.commune1, unit=personas.commission, role=Role.VIEWER)
    admin = personas.client(personas.admin)
    url = reverse("accounts:membership_edit", args=[membership.pk])
    page = admin.get(url).content.decode()
    assert 'value="Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"' in page
    visible = page.split('name="m-unit"')[1].split(">")[0]
    assert 'value="Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"' in visible
    assert "com:p:66" not in visible  # the key is only in the hidden field (accounts.forms.MembershipForm)
    data = {"m-unit": "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk", "m-role": Role.SPECIALIST}
    response = admin.post(url, {**data, "m-valid_from": "", "m-valid_to": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.unit, membership.role) == (personas.commission, Role.SPECIALIST)


def test_the_history_of_an_account_names_the_unit_of_a_role_not_its_key(personas):
    Membership.objects.create(user=personas.commune1, unit=personas.commune_unit2, role=Role.VIEWER)
    html = personas.client(personas.admin).get(reverse("accounts:user_history", args=[personas.commune1.pk]))
    text = html.content.decode()
    assert personas.commune_unit2.name_on(timezone.localdate()) in text
    assert personas.commune_unit2.key not in text


def test_the_awards_and_people_pages_of_a_unit_show_its_name(personas):
    client = personas.client(personas.leader)
    name = "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk"
    for url in (
        reverse("awards:unit", args=[personas.commission.pk]),
        reverse("people:unit", args=[personas.commission.pk]),
    ):
        page = client.get(url).content.decode()
        assert name in page, url
        assert ">com:p:66<" not in page, url
    page = client.get(reverse("dissemination:members", args=[personas.province.pk])).content.decode()
    assert "Tỉnh ủy Đắk Lắk" in page


def test_the_area_form_names_the_territory_where_the_version_has_one_on_that_date():
    """Text figures and narratives list each writer by its territory ("Xã Ea Kao"), as it was in the period."""
    unit = Unit.objects.create(key="test:area", level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE)
    UnitVersion.objects.create(
        unit=unit, valid_from=None, valid_to=dt.date(2025, 7, 1), name="Đảng ủy xã Một", area_name="Xã Một"
    )
    UnitVersion.objects.create(unit=unit, valid_from=dt.date(2025, 7, 1), valid_to=None, name="Đảng ủy phường Hai")
    before, after = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
    assert names([unit.pk], before, area=True) == {unit.pk: "Xã Một"}
    assert names([unit.pk], before) == {unit.pk: "Đảng ủy xã Một"}
    assert names_at([(unit.pk, before), (unit.pk, after)], area=True) == {
        (unit.pk, before): "Xã Một",
        (unit.pk, after): "Đảng ủy phường Hai",
    }
