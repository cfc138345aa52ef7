from __future__ import annotations

import datetime as dt

import pytest

from tuyengiao.people.models import Person, Posting, StaffingNorm
from tuyengiao.units.models import Unit


def post(person: Person, unit: Unit, start: dt.date, end: dt.date | None = None, position: str = "Chuyên viên"):
    return Posting.objects.create(person=person, unit=unit, position=position, from_date=start, to_date=end)


@pytest.fixture
def norm(db) -> StaffingNorm:
    return StaffingNorm.objects.create(
        unit_kind="party_committee", unit_level="district", minimum=2, valid_from=dt.date(2020, 1, 1)
    )
