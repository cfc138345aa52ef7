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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
