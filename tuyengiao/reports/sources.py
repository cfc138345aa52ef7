"""Indicator sources: figures a report takes from the registry instead of having them typed twice.

An area registers a function that computes one value for a unit and a period::

    from tuyengiao.reports.sources import register

    register("dissemination.sessions", "Số buổi học tập, quán triệt (từ sổ hội nghị)", sessions_held)

``Indicator.source`` then names the code. When a report is opened, saved or submitted
(``tuyengiao.reports.services``), every indicator with a source gets its value computed and stored in the
report's ``Value`` row like a typed figure, so consolidation is unchanged; the entry page shows it read-only
("Tự động từ …") and ignores any value posted for it.

A function takes ``(unit, period)`` (a ``Unit`` and a ``tuyengiao.lib.periods.Period``) and returns a value of
the indicator's type: ``int`` for integers, ``Decimal`` for decimals and percentages (0–100), ``bool`` for yes/no,
``str`` for text, or ``None`` when there is nothing to report. Registration happens at import time, usually in
the registering app's ``AppConfig.ready``.

Whose records a unit's report counts is one rule, ``carried_units``: the unit, the predecessors it took over
during the period that no longer exist at the period's end, and the commissions working for any of these. The
second part is for the 2025 reform: old Phú Yên's commission issued its bulletins until 30/06/2025 and cannot
send a 2025 report, so new Đắk Lắk's report carries them. A predecessor still existing at the period's end
(a commune split in two, one part keeping its identity) reports for itself, and consolidation adds its report
through lineage, so nothing is counted twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from tuyengiao.lib.periods import Period

SourceFunction = Callable[[Any, Period], object]


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    function: SourceFunction


_REGISTRY: dict[str, Source] = {}


def register(code: str, label: str, function: SourceFunction) -> None:
    """Make ``function`` available as the source ``code`` (registering a code again replaces it)."""
    _REGISTRY[code] = Source(code, label, function)


def get(code: str) -> Source | None:
    return _REGISTRY.get(code) if code else None


def choices() -> list[tuple[str, str]]:
    """The model field's choices (a callable, so that registrations need no migration)."""
    return [("", "—")] + [(s.code, s.label) for s in sorted(_REGISTRY.values(), key=lambda s: s.code)]


def label(code: str) -> str:
    source = get(code)
    return source.label if source else code


def compute(code: str, unit: Any, period: Period) -> object:
    """The value of source ``code`` for ``unit`` and ``period`` (``None`` if the source is unknown)."""
    source = get(code)
    return source.function(unit, period) if source else None


def carried_units(unit: Any, period: Period) -> set[int]:
    """The units whose records a report of ``unit`` for ``period`` counts (see the module docstring)."""
    from tuyengiao.units import tree
    from tuyengiao.units.models import Kind, UnitVersion

    taken_over = tree.lineage_ids([unit.pk], "back", after=period.start - dt.timedelta(days=1))
    if taken_over:
        living = set(
            UnitVersion.objects.as_of(period.end).filter(unit_id__in=taken_over).values_list("unit_id", flat=True)
        )
        taken_over -= living
    bodies = {unit.pk} | taken_over
    commissions = UnitVersion.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start),
        parent_id__in=bodies,
        unit__kind=Kind.COMMISSION,
    ).values_list("unit_id", flat=True)
    return bodies | set(commissions)
