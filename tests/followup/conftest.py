"""Fixtures of the followup tests: units of the real 2025 merger and a task factory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tuyengiao.followup.models import Task
from tuyengiao.units.models import Unit, UnitLink

D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_task(issuer: Unit, owner: Unit, title: str = "Nhiệm vụ thử", **fields) -> Task:
    fields.setdefault("assigned_on", D(2025, 1, 10))
    if fields.get("done_on"):
        fields.setdefault("status", Task.Status.DONE)
    return Task.objects.create(issuer=issuer, owner=owner, title=title, **fields)


@pytest.fixture
def hoa_khanh(personas) -> Unit:
    """Xã Hòa Khánh (c:24175), one of the three communes merged into Xã Hòa Phú (c2025:24175) on 01/07/2025."""
    unit = Unit.objects.get(key="c:24175")
    assert UnitLink.objects.filter(predecessor=unit, successor=personas.commune_unit2).exists()
    return unit
