"""Staffing against the norm for any date, with people moving between units, computed in SQL."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.people.conftest import post
from tuyengiao.lib.rollup import Ratio
from tuyengiao.people import figures
from tuyengiao.people.models import LecturerRole, Person, StaffingNorm
from tuyengiao.units.models import Unit

DAY_2021 = dt.date(2021, 12, 31)


def _districts(n: int) -> list[Unit]:
    return list(Unit.objects.filter(key__startswith="d:", versions__parent__key="p:66").distinct().order_by("key")[:n])


def test_nine_of_fifteen_district_committees_are_staffed_to_the_minimum_norm(personas, norm):
    districts = _districts(15)
    assert len(districts) == 15
    for index, district in enumerate(districts):
        for k in range(2 if index < 9 else 1):
            post(Person.objects.create(full_name=f"Cán bộ Số {index}-{k}"), district, dt.date(2020, 3, 1))
    lines = figures.staffing([personas.province.pk], DAY_2021)
    assert [(line.kind, line.level, line.ratio) for line in lines] == [("party_committee", "district", Ratio(9, 15))]


def test_a_person_moving_units_counts_in_the_old_unit_before_and_the_new_one_after(personas, norm):
    first, second = _districts(2)
    mover = Person.objects.create(full_name="Nguyễn Văn Chuyển")
    post(mover, first, dt.date(2020, 1, 1), dt.date(2021, 6, 30))
    post(mover, second, dt.date(2021, 7, 1))
    post(Person.objects.create(full_name="Trần Thị Ở"), first, dt.date(2020, 1, 1))
    post(Person.objects.create(full_name="Lê Văn Ở"), second, dt.date(2020, 1, 1))
    assert figures.unit_staffing(first, dt.date(2021, 6, 30)) == (2, 2)
    assert figures.unit_staffing(first, dt.date(2021, 7, 1)) == (1, 2)
    assert figures.unit_staffing(second, dt.date(2021, 7, 1)) == (2, 2)
    before = figures.staffing([personas.province.pk], dt.date(2021, 6, 30))[0].ratio
    after = figures.staffing([personas.province.pk], dt.date(2021, 7, 1))[0].ratio
    assert (before.n, after.n) == (1, 1)


def test_a_newer_norm_applies_from_its_date(personas, norm):
    district = _districts(1)[0]
    for name in ("Phạm Văn Một", "Phạm Văn Hai"):
        post(Person.objects.create(full_name=name), district, dt.date(2020, 1, 1))
    StaffingNorm.objects.create(
        unit_kind="party_committee", unit_level="district", minimum=3, valid_from=dt.date(2022, 1, 1)
    )
    assert figures.unit_staffing(district, DAY_2021) == (2, 2)
    assert figures.unit_staffing(district, dt.date(2022, 1, 1)) == (2, 3)


def test_lecturers_are_counted_by_level_on_the_date(personas):
    person = Person.objects.create(full_name="Võ Thị Giảng")
    LecturerRole.objects.create(
        person=person, level="province", unit=personas.commission, from_date=dt.date(2024, 1, 1)
    )
    LecturerRole.objects.create(
        person=Person.objects.create(full_name="Đỗ Văn Truyền"),
        level="communicator",
        unit=personas.commune_unit1,
        from_date=dt.date(2025, 7, 1),
    )
    counts = figures.lecturers([personas.province.pk], dt.date(2025, 8, 1))
    assert counts["province"] == 1 and counts["communicator"] == 1
    assert figures.lecturers([personas.province.pk], dt.date(2025, 6, 1))["communicator"] == 0


def test_staffing_is_a_constant_number_of_statements(personas, norm):
    with CaptureQueriesContext(connection) as queries:
        figures.staffing([personas.province.pk], DAY_2021)
    assert len(queries) == 1
