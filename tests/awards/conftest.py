from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tuyengiao.awards.models import AwardForm, EmulationCycle
from tuyengiao.people.models import Person, Posting

GK = "giay-khen-truong-ban"
MEDAL = "kyniemchuong-tuyen-giao"


def form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


@pytest.fixture
def cycle(personas: Any) -> EmulationCycle:
    return EmulationCycle.objects.create(
        unit=personas.commission, year=2025, title="Thi đua năm 2025", created_by=personas.specialist
    )


@pytest.fixture
def veteran(personas: Any) -> Person:
    """Eleven years in the provincial commission: meets the medal's criteria."""
    person = Person.objects.create(full_name="Trần Thị Hoa")
    Posting.objects.create(
        person=person, unit=personas.commission, position="Chuyên viên", from_date=dt.date(2014, 1, 1)
    )
    return person


@pytest.fixture
def newcomer(personas: Any) -> Person:
    person = Person.objects.create(full_name="Lê Văn Nam")
    Posting.objects.create(
        person=person, unit=personas.commune_unit1, position="Chuyên viên", from_date=dt.date(2022, 3, 1)
    )
    return person


@pytest.fixture(autouse=True)
def catalogue(db: None) -> None:
    """The catalogue comes from migration 0002; transactional tests elsewhere flush it, so load it again."""
    from tuyengiao.awards.catalogue import ensure_catalogue

    ensure_catalogue(AwardForm)
