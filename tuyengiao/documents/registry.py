"""Registries (sổ đăng ký văn bản): each province keeps its own, and the centre one.

A document lies in the registry of the province-level unit its owner is, or lies under, as the tree stood on the
document's issue date (today when it has none): the topmost unit of level ``PROVINCE`` on the walk up from the
owner, so a provincial commission, an affiliated party committee and every commune of the province share their
party committee's registry. An owner of level ``CENTRAL``, or with no province above it, is in the central
registry. Numbers are unique per registry (``Document.duplicate``, the model's constraints), not nationally: a
commune of one province registers 05-CT/TW even when another province keeps an internal record of it.

The key is stored on the document (``Document.registry_key``: ``"unit:<pk>"`` or ``"central"``) and recomputed on
every save. A document of old Phú Yên dated before 01/07/2025 stays in Phú Yên's registry, also when the Đắk Lắk
commission records it as Phú Yên's successor. An owner that did not exist on the date is placed as on the nearest
day it did (``units.models.nearest_day``): an undated record of old Phú Yên's commission is in Phú Yên's registry.

``Walker`` holds every version a walk up from some units can meet (one query, ``load``) and answers in Python:
``Document.derive`` loads it for its owner, the import once for the whole file, and the migration that filled the
key builds it from the historical models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.units.models import Level, Unit, UnitVersion, nearest_day_of

CENTRAL = "central"

# (unit id, parent id, valid_from, valid_to, the unit's level): one version.
Row = tuple[int, int | None, dt.date | None, dt.date | None, str]
T = TypeVar("T")


def unit_key(unit_id: int | None) -> str:
    """The registry key of a province-level unit's registry (None: the central registry)."""
    return f"unit:{unit_id}" if unit_id is not None else CENTRAL


def unit_of(key: str) -> int | None:
    """The province-level unit of a registry key (None for the central registry)."""
    return int(key.removeprefix("unit:")) if key.startswith("unit:") else None


class Walker:
    """Registry keys of (owner, date) pairs, from versions loaded once."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.levels: dict[int, str] = {}
        self.versions: dict[int, list[tuple[dt.date | None, dt.date | None, int | None]]] = {}
        for unit_id, parent_id, valid_from, valid_to, level in rows:
            self.levels[unit_id] = level
            self.versions.setdefault(unit_id, []).append((valid_from, valid_to, parent_id))

    def _parent(self, unit_id: int, day: dt.date) -> int | None:
        for valid_from, valid_to, parent_id in self.versions.get(unit_id, ()):
            if (valid_from is None or valid_from <= day) and (valid_to is None or valid_to > day):
                return parent_id
        return None

    def key(self, owner_id: int, date: dt.date) -> str:
        """The registry of a document owned by ``owner_id`` and dated ``date``."""
        spans = self.versions.get(owner_id)
        if not spans:
            return CENTRAL
        day = nearest_day_of([(start, end) for start, end, _parent in spans], date)
        province: int | None = None
        seen: set[int] = set()
        unit: int | None = owner_id
        while unit is not None and unit not in seen:
            seen.add(unit)
            level = self.levels.get(unit)
            if level == Level.CENTRAL:
                break
            if level == Level.PROVINCE:
                province = unit  # the topmost one wins: a commission's committee, not the commission
            unit = self._parent(unit, day)
        return unit_key(province)


def load(unit_ids: Iterable[int]) -> Walker:
    """A ``Walker`` for documents owned by ``unit_ids`` on any date: one query."""
    from tuyengiao.units import tree

    rows = UnitVersion.objects.filter(unit_id__in=tree.ever_above_ids(unit_ids)).values_list(
        "unit_id", "parent_id", "valid_from", "valid_to", "unit__level"
    )
    return Walker(rows)


def key_for(owner_id: int, date: dt.date | None) -> str:
    """The registry of a document owned by ``owner_id`` and dated ``date`` (today when None): one query."""
    return load([owner_id]).key(owner_id, date or timezone.localdate())


def label(key: str, date: dt.date | None) -> str:
    """The registry named for a sentence: "sổ đăng ký văn bản của Tỉnh ủy Đắk Lắk" (its name on ``date``)."""
    unit_id = unit_of(key)
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is None:
        return _("sổ đăng ký văn bản cấp Trung ương")
    return _("sổ đăng ký văn bản của %(name)s") % {"name": unit.name_on(date or timezone.localdate())}


def preferred(candidates: list[T], own: str | None, registry_of: Callable[[T], str]) -> list[T]:
    """Of records sharing one number, those to link first: the central registry's, else those of ``own`` (the
    citing record's registry), else all. Citations link the one record left, and stay unlinked when several
    remain (05-CT/TW of 2016 and of 2021, both central)."""
    central = [c for c in candidates if registry_of(c) == CENTRAL]
    if central:
        return central
    mine = [c for c in candidates if own and registry_of(c) == own]
    return mine or candidates
