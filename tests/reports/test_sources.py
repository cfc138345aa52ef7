"""Whose records a unit's report carries (``reports.sources.carried_units``): one rule for every source."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tuyengiao.lib.periods import Period
from tuyengiao.reports.sources import carried_units
from tuyengiao.units.models import Kind, Level, RestructuringEvent, Unit, UnitLink, UnitVersion

YEAR_2025 = Period.parse("2025")


def _commune(key: str, name: str, parent: Unit, **dates: Any) -> Unit:
    unit = Unit.objects.create(key=key, level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE)
    UnitVersion.objects.create(unit=unit, name=name, parent=parent, **dates)
    return unit


def test_new_dak_lak_carries_old_phu_yen_and_both_commissions_for_2025(personas: Any) -> None:
    phu_yen, phu_yen_commission = Unit.objects.get(key="p:54"), Unit.objects.get(key="com:p:54")
    carried = carried_units(personas.province, YEAR_2025)
    assert {personas.province.pk, personas.commission.pk, phu_yen.pk, phu_yen_commission.pk} <= carried


def test_a_year_after_the_merger_carries_only_the_province_and_its_commission(personas: Any) -> None:
    carried = carried_units(personas.province, Period.parse("2026"))
    assert carried == {personas.province.pk, personas.commission.pk}


def test_a_predecessor_that_still_exists_at_the_periods_end_reports_for_itself(personas: Any) -> None:
    """A commune that gave part of its land to a new commune on 01/03/2025 and lives on: the new commune's 2025
    report does not count the old commune's records, which the old commune's own report carries."""
    day = dt.date(2025, 3, 1)
    old = _commune("test:old", "Xã Cũ", personas.province)
    new = _commune("test:new", "Xã Mới", personas.province, valid_from=day)
    event = RestructuringEvent.objects.create(kind=RestructuringEvent.EventKind.SPLIT, date=day)
    UnitLink.objects.create(predecessor=old, successor=new, event=event, share=UnitLink.Share.PART)
    assert carried_units(new, YEAR_2025) == {new.pk}
    assert carried_units(old, YEAR_2025) == {old.pk}
