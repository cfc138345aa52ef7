"""Consolidation rules ("quy tắc tổng hợp"): how indicator values reported by units add up the organisation tree.

Units (commune party committees, affiliated party committees) report indicator values ("chỉ tiêu") for a period;
the province consolidates them (docs/domain.md §2, step 3). Each indicator has a **value type** and a **rule**, and the
figures in a provincial report are exactly these rules applied to the units' values:

* "14 nghị quyết được quán triệt", "1.250 buổi tuyên truyền" — ``Rule.SUM`` of counts;
* "85,3% đảng viên tham gia học tập" — ``Rule.WEIGHTED_AVERAGE`` of each unit's percentage, weighted by each
  unit's number of Party members (averaging the percentages unweighted would let a 20-member cell count as much
  as a 2.000-member committee);
* "9/15 Ban Tuyên giáo cấp huyện bố trí biên chế đảm bảo tối thiểu; 184/184 xã…; 7/15 địa phương kết nối trực
  tuyến đến cấp xã" (seed 004) — ``Rule.COUNT_YES`` of a yes/no question, written as a ``Ratio`` "n/m";
* "số báo cáo viên" (lecturers in the network) — a stock: ``Rule.LATEST`` over the months of the period, then
  summed over units;
* "hạn chế, nguyên nhân" — ``Rule.TEXT``: each unit's own words, listed unit by unit.

This module is the one definition of those rules. The database engine aggregates in SQL (``GROUP BY``) and its
tests compare against ``consolidate`` here, the reference implementation; each rule's SQL equivalent is given in
``Rule``'s docstring. Data entry uses ``validate`` (Vietnamese-formatted input: "1.234,5", "85,3%", "có") and
``Constraint`` (cross-indicator checks such as "Party members attending ≤ people attending"); reports use
``present`` ("1.234,5", "85,3%", "9/15", "Có").

Arithmetic is ``Decimal`` throughout (never ``float``): sums are exact and keep the exponent of their inputs,
integer sums stay ``int``, and averages are divided once at the end at 28 significant digits. Rounding
(half-up, one decimal for percentages) happens only in ``present`` and ``Ratio.percent``, never while adding up,
so consolidating the parts and then the whole gives the same figure as consolidating the whole at once.

Standard library only (plus the project's own pure ``periods`` module): no Django.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any, TypeAlias

from tuyengiao.lib.periods import Period, rollup_stock
from tuyengiao.lib.text import fold

__all__ = [
    "Comparison",
    "Constraint",
    "Number",
    "Ratio",
    "Result",
    "Rule",
    "RuleError",
    "TextEntries",
    "Value",
    "ValueType",
    "average",
    "check_all",
    "collect_text",
    "consolidate",
    "count_yes",
    "latest_per_unit",
    "maximum",
    "minimum",
    "present",
    "total",
    "validate",
    "weighted_average",
]

Number: TypeAlias = int | Decimal
"""A numeric value: ``int`` for INTEGER indicators, ``Decimal`` for DECIMAL and PERCENT ones (never ``float``)."""

Value: TypeAlias = int | Decimal | bool | str
"""One unit's reported value; ``None`` (not part of the alias) means the unit did not report it."""

TextEntries: TypeAlias = tuple[tuple[str, str], ...]
"""The result of ``Rule.TEXT``: ``(unit label, text)`` pairs in unit order."""

# Sums and products are computed with room to spare so that they are exact for any realistic figure; the one
# division of an average is rounded to 28 significant digits (Decimal's default), whatever the thread's context.
_EXACT = Context(prec=100, traps=[InvalidOperation])
_DIVIDE = Context(prec=28, rounding=ROUND_HALF_UP, traps=[InvalidOperation])

# Presentation: percentages always show one decimal ("68,0%"); other numbers up to two, trailing zeros dropped.
_PERCENT_PLACES = 1
_NUMBER_PLACES = 2


class RuleError(ValueError):
    """A rule used where it does not fit, a value of the wrong kind, or input that cannot be read.

    The message is Vietnamese and meant to be shown to the person entering or configuring the data.
    """


# --- Value types and rules --------------------------------------------------------------------------------------------


class ValueType(enum.StrEnum):
    """What kind of value an indicator holds. Values are stable identifiers suitable for storage.

    * ``INTEGER`` — counts: sessions held, attendees, news items ("số buổi", "số lượt người").
    * ``DECIMAL`` — amounts with a fractional part: budget in million đồng, hours of broadcasting.
    * ``PERCENT`` — a percentage stored as the number of percent, 0–100 (``Decimal("85.3")`` is 85,3%).
    * ``BOOLEAN`` — a yes/no question to each unit ("Đã bố trí biên chế đảm bảo tối thiểu?").
    * ``TEXT`` — free text: limitations, causes, proposals ("hạn chế, nguyên nhân", "kiến nghị").
    """

    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    BOOLEAN = "boolean"
    TEXT = "text"

    @property
    def label(self) -> str:
        """Vietnamese name of the type, for choices in forms ("Tỷ lệ (%)")."""
        return _VALUE_TYPE_LABELS[self]

    @property
    def is_numeric(self) -> bool:
        """Whether values of this type are numbers (INTEGER, DECIMAL, PERCENT)."""
        return self in _NUMERIC_TYPES


_VALUE_TYPE_LABELS: dict[ValueType, str] = {
    ValueType.INTEGER: "Số nguyên",
    ValueType.DECIMAL: "Số thập phân",
    ValueType.PERCENT: "Tỷ lệ (%)",
    ValueType.BOOLEAN: "Có/Không",
    ValueType.TEXT: "Văn bản",
}
_NUMERIC_TYPES = frozenset({ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT})


class Rule(enum.StrEnum):
    """How one indicator's values from several units (or several months) consolidate into one figure.

    Values are stable identifiers suitable for storage. ``None`` always means "not reported" and is never
    treated as zero. The SQL equivalents below assume one row per unit with ``value`` (and ``weight``) columns.

    ``SUM`` — flows and counts: sessions held, attendances, news items published. Units that did not report are
        skipped; the result is None when no unit reported, so "not reported" stays distinct from a reported 0.
        Integers stay integers. *Example:* communes reporting 12, 30 and (nothing) sessions → 42.
        SQL: ``SUM(value)``.
    ``WEIGHTED_AVERAGE`` — a rate weighted by another indicator's value of the same unit: "% of Party members
        among attendees" weighted by attendees. Σ(value·weight) / Σweight over the units that reported both;
        None when that weight total is 0. *Example:* 40 attendees at 50% and 60 attendees at 80% →
        (40·50 + 60·80) / 100 = 68,0% (the unweighted average would be 65,0%).
        SQL: ``SUM(value * weight) / NULLIF(SUM(weight), 0)`` with both filtered ``WHERE value IS NOT NULL AND
        weight IS NOT NULL``. To go further up the tree, carry Σ(value·weight) and Σweight, not the average.
    ``AVERAGE`` — the unweighted mean over the units that reported: a score each unit gives itself, an average
        number of sessions per unit. *Example:* 50% and 80% → 65,0%. SQL: ``AVG(value)``.
    ``MIN`` / ``MAX`` — the smallest / largest reported value: the lowest coverage rate among communes, the
        largest attendance at one session. SQL: ``MIN(value)`` / ``MAX(value)``.
    ``COUNT_YES`` — a yes/no question becomes "n/m units": n units answered yes, m units were expected to answer
        (``expected``). Units that did not answer still count in m — "9/15 Ban Tuyên giáo cấp huyện bố trí biên
        chế đảm bảo tối thiểu" means 9 yes out of 15 districts, however many of the other 6 answered no or not at
        all — and the number that answered is kept as ``Ratio.answered`` so that gaps stay visible.
        SQL: ``COUNT(*) FILTER (WHERE value)`` for n, ``COUNT(value)`` for answered; m comes from the unit tree.
    ``LATEST`` — stocks: lecturers in the network, members using the electronic Party handbook. Over time, the
        latest month's value (``periods.rollup_stock``: a quarter's figure is its last reported month's, never the
        sum of three months); across units, the SUM of each unit's latest value (``latest_per_unit``).
        SQL: the latest row per unit (``DISTINCT ON (unit) … ORDER BY unit, month DESC``), then ``SUM(value)``.
    ``TEXT`` — free text is not added up but listed: ``(unit label, text)`` for each unit that wrote something,
        in the given unit order, blanks skipped, so that the province can quote "hạn chế" unit by unit.
        SQL: ``SELECT unit, value … WHERE btrim(value) <> '' ORDER BY <unit order>``.
    """

    SUM = "sum"
    WEIGHTED_AVERAGE = "weighted_average"
    AVERAGE = "average"
    MIN = "min"
    MAX = "max"
    COUNT_YES = "count_yes"
    LATEST = "latest"
    TEXT = "text"

    @property
    def label(self) -> str:
        """Vietnamese name of the rule, for choices in form settings ("Bình quân gia quyền")."""
        return _RULE_LABELS[self]

    @property
    def needs_weights(self) -> bool:
        """Whether the rule needs a second indicator's values as weights (only WEIGHTED_AVERAGE)."""
        return self is Rule.WEIGHTED_AVERAGE

    @classmethod
    def allowed_for(cls, value_type: ValueType) -> tuple[Rule, ...]:
        """The rules that fit ``value_type``, in declaration order (the choices to offer in form settings).

        INTEGER and DECIMAL: SUM, WEIGHTED_AVERAGE, AVERAGE, MIN, MAX, LATEST. PERCENT: WEIGHTED_AVERAGE,
        AVERAGE, MIN, MAX (adding up percentages means nothing, and a stock summed over units is a count, not a
        rate). BOOLEAN: COUNT_YES only. TEXT: TEXT only.
        """
        value_type = _value_type(value_type)
        return tuple(rule for rule in cls if value_type in _ALLOWED[rule])

    def fits(self, value_type: ValueType) -> bool:
        """Whether this rule can consolidate values of ``value_type``."""
        return _value_type(value_type) in _ALLOWED[self]

    def require(self, value_type: ValueType) -> None:
        """Raise ``RuleError`` (naming the rules that do fit) when this rule cannot consolidate ``value_type``."""
        value_type = _value_type(value_type)
        if not self.fits(value_type):
            choices = ", ".join(f"“{rule.label}”" for rule in Rule.allowed_for(value_type))
            raise RuleError(
                f"Không thể tổng hợp chỉ tiêu kiểu “{value_type.label}” theo quy tắc “{self.label}”. "
                f"Quy tắc dùng được: {choices}."
            )


_RULE_LABELS: dict[Rule, str] = {
    Rule.SUM: "Cộng",
    Rule.WEIGHTED_AVERAGE: "Bình quân gia quyền",
    Rule.AVERAGE: "Bình quân",
    Rule.MIN: "Nhỏ nhất",
    Rule.MAX: "Lớn nhất",
    Rule.COUNT_YES: "Đếm số đơn vị trả lời “Có” (n/m)",
    Rule.LATEST: "Số liệu mới nhất (cộng các đơn vị)",
    Rule.TEXT: "Tổng hợp ý kiến từng đơn vị",
}
_COUNTS = frozenset({ValueType.INTEGER, ValueType.DECIMAL})
_ALLOWED: dict[Rule, frozenset[ValueType]] = {
    Rule.SUM: _COUNTS,
    Rule.WEIGHTED_AVERAGE: _NUMERIC_TYPES,
    Rule.AVERAGE: _NUMERIC_TYPES,
    Rule.MIN: _NUMERIC_TYPES,
    Rule.MAX: _NUMERIC_TYPES,
    Rule.COUNT_YES: frozenset({ValueType.BOOLEAN}),
    Rule.LATEST: _COUNTS,
    Rule.TEXT: frozenset({ValueType.TEXT}),
}


def _value_type(value_type: str) -> ValueType:
    """``value_type`` as a ``ValueType`` (a stored string is accepted), or ``RuleError``."""
    try:
        return ValueType(value_type)
    except ValueError:
        raise RuleError(f"Kiểu giá trị không hợp lệ: {value_type!r}") from None


def _rule(rule: str) -> Rule:
    try:
        return Rule(rule)
    except ValueError:
        raise RuleError(f"Quy tắc tổng hợp không hợp lệ: {rule!r}") from None


# --- Ratio ------------------------------------------------------------------------------------------------------------


def _count(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RuleError(f"{name} phải là số nguyên không âm, nhận được {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Ratio:
    """ "n/m units": ``n`` units answered yes out of ``m`` units expected to answer (seed 004: 9/15, 184/184).

    ``answered`` is how many of the ``m`` units answered at all (yes or no), or None when unknown — e.g. a figure
    copied from a document. Always ``n ≤ answered ≤ m`` (and ``n ≤ m``). Ratios of disjoint groups of units add
    up: ``Ratio(4, 8, 7) + Ratio(5, 7, 7) == Ratio(9, 15, 14)``.
    """

    n: int
    m: int
    answered: int | None = None

    def __post_init__(self) -> None:
        _count("Số đơn vị trả lời “Có” (n)", self.n)
        _count("Số đơn vị phải báo cáo (m)", self.m)
        if self.answered is not None:
            _count("Số đơn vị đã trả lời", self.answered)
            if not self.n <= self.answered <= self.m:
                raise RuleError(
                    f"Số đơn vị đã trả lời ({self.answered}) phải nằm giữa số đơn vị trả lời “Có” ({self.n}) "
                    f"và số đơn vị phải báo cáo ({self.m})"
                )
        if self.n > self.m:
            raise RuleError(f"Số đơn vị trả lời “Có” ({self.n}) không được lớn hơn số đơn vị phải báo cáo ({self.m})")

    @property
    def percent(self) -> Decimal | None:
        """n/m as a percentage rounded half-up to one decimal (9/15 → 60.0, 1/3 → 33.3, 1/8 → 12.5); None if m = 0."""
        if self.m == 0:
            return None
        # Exact integer arithmetic: round(1000·n/m) half-up, in tenths of a percent.
        tenths = (2000 * self.n + self.m) // (2 * self.m)
        return Decimal(tenths).scaleb(-1)

    @property
    def missing(self) -> int | None:
        """How many expected units did not answer (None when ``answered`` is unknown)."""
        return None if self.answered is None else self.m - self.answered

    def __str__(self) -> str:
        return f"{_group(str(self.n))}/{_group(str(self.m))}"

    def __add__(self, other: object) -> Ratio:
        if not isinstance(other, Ratio):
            return NotImplemented
        answered = None if self.answered is None or other.answered is None else self.answered + other.answered
        return Ratio(self.n + other.n, self.m + other.m, answered)

    def as_json(self) -> dict[str, int]:
        """``{"n": 9, "m": 15}``, plus ``"answered"`` when it is known."""
        data = {"n": self.n, "m": self.m}
        if self.answered is not None:
            data["answered"] = self.answered
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ratio:
        """Read back what ``as_json`` wrote; ``RuleError`` for anything else."""
        if not isinstance(data, Mapping) or not {"n", "m"} <= data.keys() or not data.keys() <= _RATIO_KEYS:
            raise RuleError(f'Tỷ lệ n/m không hợp lệ: {data!r} (cần dạng {{"n": 9, "m": 15}})')
        return cls(data["n"], data["m"], data.get("answered"))


_RATIO_KEYS = frozenset({"n", "m", "answered"})

Result: TypeAlias = int | Decimal | Ratio | TextEntries | None
"""What ``consolidate`` returns: a number, a ``Ratio`` (COUNT_YES), text entries (TEXT) or None (nothing reported)."""


# --- Consolidation ----------------------------------------------------------------------------------------------------


def _numbers(values: Mapping[Any, object], what: str = "Giá trị") -> list[Number]:
    """The reported (non-None) numbers of ``values`` in order; ``RuleError`` for anything that is not a number."""
    numbers: list[Number] = []
    for unit, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise RuleError(f"{what} của đơn vị {unit!r} không phải là số nguyên hay số thập phân: {value!r}")
        if isinstance(value, Decimal) and not value.is_finite():
            raise RuleError(f"{what} của đơn vị {unit!r} không phải là số hữu hạn: {value!r}")
        numbers.append(value)
    return numbers


def _add(numbers: list[Number]) -> Number:
    """Exact sum of a non-empty list; ``int`` when every term is an ``int``, else ``Decimal``."""
    if all(type(number) is int for number in numbers):
        return sum(numbers[1:], start=numbers[0])
    result = Decimal(numbers[0])
    for number in numbers[1:]:
        result = _EXACT.add(result, Decimal(number))
    return result


def total(values: Mapping[Any, Number | None]) -> Number | None:
    """``Rule.SUM``: the sum of the reported values; None when no unit reported. ``int`` stays ``int``."""
    numbers = _numbers(values)
    return _add(numbers) if numbers else None


def weighted_average(values: Mapping[Any, Number | None], weights: Mapping[Any, Number | None]) -> Decimal | None:
    """``Rule.WEIGHTED_AVERAGE``: Σ(value·weight) / Σweight over the units with both a value and a weight.

    Units missing from ``weights`` (or with a None weight) are left out, like units that did not report the value.
    None when no unit has both, or their weights add up to 0. Weights must not be negative.
    """
    _numbers(values)
    _numbers(weights, "Trọng số")
    numerator = Decimal(0)
    denominator = Decimal(0)
    for unit, value in values.items():
        weight = weights.get(unit)
        if value is None or weight is None:
            continue
        if weight < 0:
            raise RuleError(f"Trọng số của đơn vị {unit!r} không được âm: {weight!r}")
        numerator = _EXACT.add(numerator, _EXACT.multiply(Decimal(value), Decimal(weight)))
        denominator = _EXACT.add(denominator, Decimal(weight))
    if denominator == 0:
        return None
    return _DIVIDE.divide(numerator, denominator)


def average(values: Mapping[Any, Number | None]) -> Decimal | None:
    """``Rule.AVERAGE``: the unweighted mean of the reported values; None when no unit reported."""
    numbers = _numbers(values)
    if not numbers:
        return None
    return _DIVIDE.divide(Decimal(_add(numbers)), Decimal(len(numbers)))


def minimum(values: Mapping[Any, Number | None]) -> Number | None:
    """``Rule.MIN``: the smallest reported value (as reported, ``int`` or ``Decimal``); None when none reported."""
    numbers = _numbers(values)
    return min(numbers) if numbers else None


def maximum(values: Mapping[Any, Number | None]) -> Number | None:
    """``Rule.MAX``: the largest reported value (as reported, ``int`` or ``Decimal``); None when none reported."""
    numbers = _numbers(values)
    return max(numbers) if numbers else None


def count_yes(values: Mapping[Any, bool | None], expected: int | None = None) -> Ratio:
    """``Rule.COUNT_YES``: ``Ratio(n=units answering yes, m=expected, answered=units answering at all)``.

    ``expected`` is the number of units that should have answered (from the unit tree, for the period); units
    that are not in ``values`` or whose value is None still count in it. Without ``expected``, m is the number
    of keys of ``values`` (so pass every expected unit, with None for those that did not report).
    """
    yes = answered = 0
    for unit, value in values.items():
        if value is None:
            continue
        if not isinstance(value, bool):
            raise RuleError(f"Giá trị của đơn vị {unit!r} không phải là Có/Không: {value!r}")
        answered += 1
        yes += value
    m = len(values) if expected is None else _count("Số đơn vị phải báo cáo", expected)
    if answered > m:
        raise RuleError(f"Có {answered} đơn vị trả lời nhưng chỉ {m} đơn vị phải báo cáo")
    return Ratio(yes, m, answered)


def collect_text(values: Mapping[Any, str | None], labels: Mapping[Any, str] | None = None) -> TextEntries:
    """``Rule.TEXT``: ``(unit label, text)`` for each unit that wrote something, in the order of ``values``.

    Texts are stripped; None, empty and blank texts are skipped. A unit's label is ``labels[unit]`` when given
    (units missing from ``labels`` use ``str(unit)``), else ``str(unit)``. Empty tuple when nobody wrote anything.
    """
    entries: list[tuple[str, str]] = []
    for unit, value in values.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise RuleError(f"Giá trị của đơn vị {unit!r} không phải là văn bản: {value!r}")
        text = value.strip()
        if text:
            label = labels.get(unit, str(unit)) if labels is not None else str(unit)
            entries.append((label, text))
    return tuple(entries)


def latest_per_unit(
    series_by_unit: Mapping[Hashable, Mapping[Period, Number | None]], period: Period
) -> dict[Hashable, Number | None]:
    """Each unit's value of a stock indicator over ``period``: its latest reported month (``rollup_stock``).

    The result is what ``consolidate(Rule.LATEST, …)`` adds up across units. A unit with no month reported in the
    period maps to None.
    """
    return {unit: rollup_stock(series, period) for unit, series in series_by_unit.items()}


def consolidate(
    rule: Rule,
    values: Mapping[Any, Any],
    *,
    weights: Mapping[Any, Number | None] | None = None,
    expected: int | None = None,
    labels: Mapping[Any, str] | None = None,
) -> Result:
    """The reference implementation: consolidate per-unit ``values`` (unit → value, None = not reported) by ``rule``.

    * ``weights`` (unit → weight) is required by WEIGHTED_AVERAGE and refused by every other rule;
    * ``expected`` (m, units that should have answered) is only for COUNT_YES, defaulting to ``len(values)``;
    * ``labels`` (unit → label) is only for TEXT, defaulting to ``str(unit)``.

    For LATEST, ``values`` holds each unit's latest value already (see ``latest_per_unit``) and is summed.
    Returns ``int``/``Decimal``/None for numeric rules, a ``Ratio`` for COUNT_YES and ``TextEntries`` for TEXT.
    Raises ``RuleError`` for misuse: a value of the wrong kind, a missing or superfluous argument.
    """
    rule = _rule(rule)
    if not isinstance(values, Mapping):
        raise RuleError(f"Giá trị cần tổng hợp phải là bảng đơn vị → giá trị, nhận được {type(values).__name__}")
    if weights is not None and not rule.needs_weights:
        raise RuleError(f"Quy tắc “{rule.label}” không dùng trọng số")
    if expected is not None and rule is not Rule.COUNT_YES:
        raise RuleError(f"Quy tắc “{rule.label}” không dùng số đơn vị phải báo cáo")
    if labels is not None and rule is not Rule.TEXT:
        raise RuleError(f"Quy tắc “{rule.label}” không dùng tên đơn vị")
    match rule:
        case Rule.SUM | Rule.LATEST:
            return total(values)
        case Rule.WEIGHTED_AVERAGE:
            if weights is None:
                raise RuleError("Quy tắc “Bình quân gia quyền” cần giá trị của chỉ tiêu dùng làm trọng số")
            return weighted_average(values, weights)
        case Rule.AVERAGE:
            return average(values)
        case Rule.MIN:
            return minimum(values)
        case Rule.MAX:
            return maximum(values)
        case Rule.COUNT_YES:
            return count_yes(values, expected)
        case _:
            return collect_text(values, labels)


# --- Presentation -----------------------------------------------------------------------------------------------------


def _group(digits: str) -> str:
    """ "1234567" → "1.234.567" (Vietnamese thousands separator)."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def _format_number(number: Number, places: int, fixed: bool) -> str:
    """Vietnamese number: "." between thousands, "," before decimals; rounded half-up to ``places``."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(number).quantize(quantum, rounding=ROUND_HALF_UP, context=_EXACT)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if not fixed:
        fraction = fraction.rstrip("0")
    return f"{sign}{_group(whole)}{',' + fraction if fraction else ''}"


def present(value: object, value_type: ValueType, *, places: int | None = None) -> str:
    """A value or consolidated result as written in a Vietnamese report.

    * numbers: "1.234" (INTEGER), "1.234,5" (DECIMAL: up to two decimals, trailing zeros dropped);
    * PERCENT: one decimal always, "85,3%", "68,0%";
    * ``Ratio``: "9/15"; BOOLEAN: "Có" / "Không";
    * TEXT: the text; ``TextEntries`` as "label: text" lines;
    * None (not reported): "".

    Rounding is half-up (0,05 → 0,1), here and nowhere earlier. ``places`` fixes the number of decimals
    (shown even when zero) for numbers and percentages.
    """
    value_type = _value_type(value_type)
    if places is not None and (not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 10):
        raise RuleError(f"Số chữ số thập phân phải từ 0 đến 10, nhận được {places!r}")
    if value is None:
        return ""
    if isinstance(value, Ratio):
        return str(value)
    if isinstance(value, bool):
        if value_type is not ValueType.BOOLEAN:
            raise RuleError(f"Giá trị Có/Không không hợp với chỉ tiêu kiểu “{value_type.label}”")
        return "Có" if value else "Không"
    if isinstance(value, int | Decimal):
        if not value_type.is_numeric:
            raise RuleError(f"Giá trị số không hợp với chỉ tiêu kiểu “{value_type.label}”")
        if isinstance(value, Decimal) and not value.is_finite():
            raise RuleError(f"Không phải là số hữu hạn: {value!r}")
        if value_type is ValueType.PERCENT:
            return _format_number(value, _PERCENT_PLACES if places is None else places, fixed=True) + "%"
        return _format_number(value, _NUMBER_PLACES if places is None else places, fixed=places is not None)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and all(isinstance(entry, tuple) and len(entry) == 2 for entry in value):
        return "\n".join(f"{label}: {text}" for label, text in value)
    raise RuleError(f"Không trình bày được giá trị {value!r}")


# --- Validation of input ----------------------------------------------------------------------------------------------

_MAX_NUMBER_LENGTH = 40
# A figure is at most 999.999.999.999 (under a trillion: every count and amount a commission reports, in VND too)
# with at most 4 decimals: what the database column (20 digits, 4 after the point) holds with room for the
# sums of every unit of the country, which are computed and stored the same way.
MAX_FIGURE = Decimal("999999999999")
MAX_PLACES = 4
_MAX_TEXT_LENGTH = 20_000
_SPACE_CHARACTERS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
# Integer part plain ("1234") or grouped by threes with "." or a space, the same separator throughout
# ("1.234.567", "1 234"); decimal part after a comma.
_NUMBER_RE = re.compile(r"([+-]?)(\d{1,3}(?:([. ])\d{3})(?:\3\d{3})*|\d+)(?:,(\d+))?", re.ASCII)
_DOT_DECIMAL_RE = re.compile(r"[+-]?\d+\.\d+", re.ASCII)
_YES = frozenset({"co", "c", "x", "1", "dat", "yes", "y"})
_NO = frozenset({"khong", "k", "ko", "0", "chua", "no", "n"})


def validate(value_type: ValueType, raw: str, *, allow_negative: bool = False) -> Value | None:
    """Read one value typed by a user (or copied from a spreadsheet) in Vietnamese format.

    * INTEGER: "1.234", "1 234", "1234" → ``1234``; "12,0" → ``12``; "12,5" is refused.
    * DECIMAL: "1.234,5", "85,3" → ``Decimal("1234.5")``, ``Decimal("85.3")`` (digits kept as typed).
    * PERCENT: "85,3", "85,3%", "85,3 %" → ``Decimal("85.3")``; must be within 0–100.
    * BOOLEAN: "có", "x", "đạt", "1" → True; "không", "ko", "chưa", "0" → False (case and accents ignored).
    * TEXT: the text, stripped and NFC-normalised.

    Blank input returns None ("not reported"). A dot is always a thousands separator, so "1.5" is refused with
    a hint rather than guessed. INTEGER and DECIMAL values must not be negative unless ``allow_negative``, nor
    beyond ``MAX_FIGURE`` either way, nor have more than ``MAX_PLACES`` decimals.
    Raises ``RuleError`` with a Vietnamese message quoting the input: "“12,a” không phải là số".
    """
    value_type = _value_type(value_type)
    if not isinstance(raw, str):
        raise RuleError(f"Giá trị nhập phải là chuỗi ký tự, nhận được {raw!r}")
    text = unicodedata.normalize("NFC", raw).translate(_SPACE_CHARACTERS).strip()
    if not text:
        return None
    if value_type is ValueType.TEXT:
        if len(text) > _MAX_TEXT_LENGTH:
            raise RuleError(f"Nội dung quá dài ({len(text)} ký tự, tối đa {_MAX_TEXT_LENGTH})")
        return text
    if value_type is ValueType.BOOLEAN:
        folded = fold(text)
        if folded in _YES:
            return True
        if folded in _NO:
            return False
        raise RuleError(f"“{_shorten(text)}” không phải là Có/Không (nhập “có”, “x” hoặc “không”)")
    return _parse_number(value_type, text, allow_negative=allow_negative)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_NUMBER_LENGTH else text[: _MAX_NUMBER_LENGTH - 1] + "…"


def _parse_number(value_type: ValueType, text: str, *, allow_negative: bool) -> Number:
    shown = _shorten(text)
    if len(text) > _MAX_NUMBER_LENGTH:
        raise RuleError(f"“{shown}” quá dài, không phải là một số")
    body = text.translate(_MINUS_SIGNS)
    if value_type is ValueType.PERCENT and body.endswith("%"):
        body = body[:-1].rstrip()
    match = _NUMBER_RE.fullmatch(body)
    if match is None:
        if _DOT_DECIMAL_RE.fullmatch(body):
            raise RuleError(
                f"“{shown}” không phải là số: dấu chấm dùng để phân cách hàng nghìn (1.234), "
                f"phần thập phân viết sau dấu phẩy (1,5)"
            )
        kind = "số nguyên" if value_type is ValueType.INTEGER else "số"
        raise RuleError(f"“{shown}” không phải là {kind}")
    sign, whole, _, fraction = match.groups()
    digits = whole.replace(".", "").replace(" ", "")
    number = Decimal(f"{'-' if sign == '-' else ''}{digits}{'.' + fraction if fraction else ''}")
    if fraction and len(fraction) > MAX_PLACES and value_type is not ValueType.INTEGER:
        raise RuleError(f"“{shown}” có quá nhiều chữ số thập phân (tối đa {MAX_PLACES})")
    if abs(number) > MAX_FIGURE:
        raise RuleError(f"“{shown}” quá lớn (tối đa {MAX_FIGURE:,.0f})".replace(",", "."))
    if value_type is ValueType.PERCENT:
        if not 0 <= number <= 100:
            raise RuleError(f"“{shown}” nằm ngoài khoảng 0–100%")
        return number
    if number < 0 and not allow_negative:
        raise RuleError(f"“{shown}” là số âm; chỉ tiêu này không nhận số âm")
    if value_type is ValueType.INTEGER:
        if number != number.to_integral_value():
            raise RuleError(f"“{shown}” không phải là số nguyên")
        return int(number)
    return number


# --- Cross-indicator constraints --------------------------------------------------------------------------------------


class Comparison(enum.StrEnum):
    """How the left indicator must compare with the right one. Values are stable identifiers for storage."""

    LE = "<="
    GE = ">="
    EQ = "="

    @property
    def symbol(self) -> str:
        return {"<=": "≤", ">=": "≥", "=": "="}[self.value]

    def holds(self, left: Number, right: Number) -> bool:
        match self:
            case Comparison.LE:
                return left <= right
            case Comparison.GE:
                return left >= right
            case _:
                return left == right

    @property
    def violation(self) -> str:
        """Vietnamese words for a violation: "không được lớn hơn"."""
        return {"<=": "không được lớn hơn", ">=": "không được nhỏ hơn", "=": "phải bằng"}[self.value]


@dataclass(frozen=True, slots=True)
class Constraint:
    """A check between two numeric indicators of the same report, stored as data with the form.

    ``Constraint("dang_vien_du", "nguoi_du")`` says "Party members attending ≤ people attending". It is checked
    on each unit's values at data entry and holds for consolidated SUMs too. A side that was not reported (None
    or absent) is not checked: there is nothing to contradict yet.
    """

    left: str
    right: str
    op: Comparison = Comparison.LE

    def __post_init__(self) -> None:
        for side in (self.left, self.right):
            if not isinstance(side, str) or not side.strip():
                raise RuleError(f"Mã chỉ tiêu trong ràng buộc phải là chuỗi khác rỗng, nhận được {side!r}")
        if self.left == self.right:
            raise RuleError(f"Ràng buộc so sánh chỉ tiêu “{self.left}” với chính nó")
        try:
            object.__setattr__(self, "op", Comparison(self.op))
        except ValueError:
            raise RuleError(f"Phép so sánh không hợp lệ: {self.op!r} (dùng <=, >= hoặc =)") from None

    def __str__(self) -> str:
        return f"{self.left} {self.op.symbol} {self.right}"

    def check(self, values_by_code: Mapping[str, object], *, names: Mapping[str, str] | None = None) -> list[str]:
        """Vietnamese messages for what is wrong (an empty list when the constraint holds or cannot be checked).

        ``names`` maps indicator codes to the names shown to users; a code without a name is shown as itself:
        "“Số đảng viên tham dự” (120) không được lớn hơn “Số người tham dự” (100)".
        """
        left, right = values_by_code.get(self.left), values_by_code.get(self.right)
        if left is None or right is None:
            return []
        for code, value in ((self.left, left), (self.right, right)):
            if isinstance(value, bool) or not isinstance(value, int | Decimal):
                raise RuleError(f"Chỉ tiêu “{code}” trong ràng buộc {self} không phải là số: {value!r}")
        assert isinstance(left, int | Decimal) and isinstance(right, int | Decimal)  # for the type checker
        if self.op.holds(left, right):
            return []
        left_name = names.get(self.left, self.left) if names else self.left
        right_name = names.get(self.right, self.right) if names else self.right
        return [
            f"“{left_name}” ({_format_number(left, 10, fixed=False)}) {self.op.violation} "
            f"“{right_name}” ({_format_number(right, 10, fixed=False)})"
        ]

    def as_json(self) -> dict[str, str]:
        """``{"left": "dang_vien_du", "op": "<=", "right": "nguoi_du"}``."""
        return {"left": self.left, "op": self.op.value, "right": self.right}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Constraint:
        """Read back what ``as_json`` wrote (``op`` defaults to "<="); ``RuleError`` for anything else."""
        if not isinstance(data, Mapping) or not {"left", "right"} <= data.keys():
            raise RuleError(f'Ràng buộc không hợp lệ: {data!r} (cần dạng {{"left": …, "op": "<=", "right": …}})')
        return cls(data["left"], data["right"], data.get("op", Comparison.LE))


def check_all(
    constraints: Iterable[Constraint], values_by_code: Mapping[str, object], *, names: Mapping[str, str] | None = None
) -> list[str]:
    """The messages of every constraint that does not hold, in the order of ``constraints``."""
    return [message for constraint in constraints for message in constraint.check(values_by_code, names=names)]
