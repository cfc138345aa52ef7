"""Comparing a consolidated period with an earlier one: "so với cùng kỳ năm trước", "so với kỳ trước".

The earlier period is consolidated **in the structure of the period compared** (the same
``structure_date``): through the lineage, what the old communes reported in 2024 is counted under
the new commune they merged into, so the two columns add up the same units. (The earlier period
in its own structure is simply that period's page without a structure date.)

What a change means depends on the value type: counts and amounts change by an absolute
difference ("+12", "−3"), percentages by percentage points ("+2,5 điểm %"), "n/m" ratios are
shown side by side (with the difference of n when both count the same m units), and texts are
not compared.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio, ValueType, present
from tuyengiao.reports.consolidation import Figure

MINUS = "\u2212"


class Mode(enum.StrEnum):
    """The ``so_sanh`` query parameter."""

    SAME_PERIOD_LAST_YEAR = "cung-ky"
    PREVIOUS_PERIOD = "ky-truoc"

    @classmethod
    def parse(cls, raw: str | None) -> Mode | None:
        try:
            return cls((raw or "").strip())
        except ValueError:
            return None

    @property
    def label(self) -> str:
        return "Cùng kỳ năm trước" if self is Mode.SAME_PERIOD_LAST_YEAR else "Kỳ trước"

    def earlier(self, period: Period) -> Period:
        return period.same_period_last_year() if self is Mode.SAME_PERIOD_LAST_YEAR else period.previous()

    def column(self, period: Period) -> str:
        """Column header: "Cùng kỳ Q3/2024", "Kỳ trước T7/2025"."""
        earlier = self.earlier(period).short_label
        return f"Cùng kỳ {earlier}" if self is Mode.SAME_PERIOD_LAST_YEAR else f"Kỳ trước {earlier}"


@dataclass(frozen=True)
class Change:
    delta: int | Decimal
    text: str  # "+12", "−3", "+2,5 điểm %", "0"

    @property
    def direction(self) -> int:
        return (self.delta > 0) - (self.delta < 0)


def _signed(delta: int | Decimal, shown: str) -> str:
    if delta > 0:
        return f"+{shown}"
    if delta < 0:
        return f"{MINUS}{shown}"
    return shown


def change(current: Figure, earlier: Figure | None) -> Change | None:
    """How ``current`` differs from ``earlier`` (None when either is missing or the indicator is text)."""
    if earlier is None:
        return None
    value_type = ValueType(current.indicator.value_type)
    a: Any = current.value
    b: Any = earlier.value
    if value_type is ValueType.TEXT or a is None or b is None:
        return None
    if isinstance(a, Ratio) or isinstance(b, Ratio):
        if not (isinstance(a, Ratio) and isinstance(b, Ratio)) or a.m != b.m:
            return None
        delta_n = a.n - b.n
        return Change(delta_n, _signed(delta_n, present(abs(delta_n), ValueType.INTEGER)))
    if isinstance(a, bool) or isinstance(b, bool):
        return None
    delta = a - b
    if value_type is ValueType.PERCENT:
        points = Decimal(abs(delta))
        return Change(delta, _signed(delta, f"{present(points, ValueType.DECIMAL, places=1)} điểm %"))
    shown_type = ValueType.INTEGER if isinstance(delta, int) else ValueType.DECIMAL
    return Change(delta, _signed(delta, present(abs(delta), shown_type)))
