"""Figures of the people network for any date, computed in SQL over the tree as it stood that day.

* ``staffing``: per unit kind and level that has a norm on D, how many units of the subtree had at least the
  minimum staff posted ("9/15 ban được bố trí đủ định biên tối thiểu"): the staff of a unit are its postings
  in force on D marked "tính vào biên chế"; the norm is the latest one on or before D.
* ``lecturers``: lecturer roles in force on D in the subtree, by level (distinct people).
* ``unit_staffing``: the same for one unit (staff, minimum, staffed?), used by the report indicator source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from tuyengiao.lib.rollup import Ratio
from tuyengiao.people.models import LecturerRole, Posting, StaffingNorm, active_on
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion, UnitVersionQuerySet


def _norm(date: dt.date) -> Subquery:
    return Subquery(
        StaffingNorm.objects.filter(
            unit_kind=OuterRef("unit__kind"), unit_level=OuterRef("unit__level"), valid_from__lte=date
        )
        .order_by("-valid_from")
        .values("minimum")[:1],
        output_field=IntegerField(),
    )


def _staff(date: dt.date) -> Coalesce:
    count = (
        Posting.objects.filter(active_on(date), unit_id=OuterRef("unit_id"), counts_toward_norm=True)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def units_with_norm(root_ids: list[int], date: dt.date) -> UnitVersionQuerySet:
    """The versions on ``date`` of the units below the roots that have a norm, annotated with staff and minimum."""
    return (
        UnitVersion.objects.as_of(date)
        .filter(unit_id__in=tree.subtree_ids(root_ids, date))
        .annotate(minimum=_norm(date), staff=_staff(date))
        .filter(minimum__isnull=False)
    )


@dataclass
class StaffingLine:
    kind: str
    level: str
    ratio: Ratio

    @property
    def label(self) -> str:
        return f"{Kind(self.kind).label} – {Level(self.level).label}"


def staffing(root_ids: list[int], date: dt.date) -> list[StaffingLine]:
    rows = (
        units_with_norm(root_ids, date)
        .order_by()
        .values("unit__kind", "unit__level")
        .annotate(
            total=Count("id"),
            staffed=Sum(Case(When(staff__gte=F("minimum"), then=Value(1)), default=Value(0))),
        )
        .order_by("unit__level", "unit__kind")
    )
    return [
        StaffingLine(r["unit__kind"], r["unit__level"], Ratio(int(r["staffed"] or 0), int(r["total"]))) for r in rows
    ]


def lecturers(root_ids: list[int], date: dt.date) -> dict[str, int]:
    rows = (
        LecturerRole.objects.filter(active_on(date), unit_id__in=tree.subtree_ids(root_ids, date))
        .order_by()
        .values("level")
        .annotate(n=Count("person_id", distinct=True))
    )
    counts = {level.value: 0 for level in LecturerRole.Level}
    counts.update({r["level"]: r["n"] for r in rows})
    return counts


def unit_staffing(unit: Unit, date: dt.date) -> tuple[int, int | None]:
    """(staff in post on ``date``, minimum of the norm or None) for one unit."""
    row = (
        UnitVersion.objects.as_of(date)
        .filter(unit=unit)
        .annotate(minimum=_norm(date), staff=_staff(date))
        .values("staff", "minimum")
        .first()
    )
    if row is None:
        return 0, None
    return int(row["staff"]), row["minimum"]
