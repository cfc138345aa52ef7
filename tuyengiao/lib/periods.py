"""Reporting periods ("kỳ báo cáo"): what a periodic report covers, when it is due, and how months roll up.

Units report monthly, quarterly, 6-monthly, 9-monthly and yearly (docs/domain.md §2). The longer periods are not
arbitrary windows: in Vietnamese Party and State practice they are always counted from the start of the calendar
year, and they line up with the review cycle:

* **6 tháng đầu năm** (months 1–6) is what the mid-year interim review ("sơ kết 6 tháng") assesses;
  **6 tháng cuối năm** (months 7–12) exists for forms that report the second half on its own;
* **9 tháng** is always months 1–9 (never a rolling window): it is the basis of the October report that
  prepares the year-end review, so there is exactly one nine-month period per year;
* **năm** is the calendar year, assessed at the annual review ("hội nghị tổng kết").

A monthly form's longer periods are derived from its months (the real Tuyên Quang commune form rolls months up to
quarter, 6, 9 and 12 months): flows (sessions held, news items published) are summed, stocks (lecturers in the
network, members using the electronic handbook) take the latest month reported. ``rollup_flow``,
``rollup_stock`` and ``missing_months`` are those rules as pure functions.

Codes are short, stable, sortable-by-eye keys for storage, URLs and file names::

    2024M09   month 9 of 2024          (always two digits)
    2024Q3    quarter III              (Q1–Q4)
    2024S1    6 tháng đầu năm          (S = semester: S1 months 1–6, S2 months 7–12)
    2024N9    9 tháng                  (N9 = nine months; there is no N1–N8)
    2024      the year

``Period.parse`` also accepts lower case, spaces and leading zeros ("2024 m9", "2024q03") but ``Period.code`` always
writes the canonical form. ``Period.read`` also takes a period as people write it ("Quý III/2025", "6 tháng đầu
năm 2025", "Tháng 8/2025"): every field where a user gives a period reads it that way. Deadlines ("hạn nộp")
are data, not code: a ``DeadlineRule`` is read from a short spec such as ``"day:15:last_month"`` so that each
form can store its own.

Standard library only: the future report engine, its forms and the command line all build on this module.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar, cast

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "DeadlineKind",
    "DeadlineRule",
    "DeadlineRuleError",
    "Period",
    "PeriodError",
    "PeriodType",
    "current",
    "last_closed",
    "missing_months",
    "period_of",
    "periods_between",
    "rollup_flow",
    "rollup_stock",
]

# Four-digit years only, so that every code has the same shape and every period's dates exist.
MIN_YEAR = 1000
MAX_YEAR = 9999

# Codes are short; refuse anything long before running a regular expression on it.
_MAX_CODE_LENGTH = 32


class PeriodError(ValueError):
    """Not a valid reporting period (or a date computation that leaves the calendar); the message is Vietnamese."""


class DeadlineRuleError(PeriodError):
    """Not a valid deadline rule spec; the message (in Vietnamese) lists the accepted forms."""


class PeriodType(enum.StrEnum):
    """The kinds of reporting period. Values are stable identifiers suitable for storage."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"

    @property
    def length(self) -> int:
        """How many months one period of this type covers."""
        return _LENGTH[self]

    @property
    def per_year(self) -> int:
        """How many periods of this type a calendar year has (the range of ``Period.index``)."""
        return _PER_YEAR[self]

    @property
    def label(self) -> str:
        """Vietnamese name of the type, for choices in forms ("Quý", "9 tháng")."""
        return _TYPE_LABELS[self]


_LENGTH: dict[PeriodType, int] = {
    PeriodType.MONTH: 1,
    PeriodType.QUARTER: 3,
    PeriodType.HALF: 6,
    PeriodType.NINE_MONTHS: 9,
    PeriodType.YEAR: 12,
}
# Nine months is always months 1–9: one per year, even though 12 is not a multiple of 9.
_PER_YEAR: dict[PeriodType, int] = {
    PeriodType.MONTH: 12,
    PeriodType.QUARTER: 4,
    PeriodType.HALF: 2,
    PeriodType.NINE_MONTHS: 1,
    PeriodType.YEAR: 1,
}
_TYPE_LABELS: dict[PeriodType, str] = {
    PeriodType.MONTH: "Tháng",
    PeriodType.QUARTER: "Quý",
    PeriodType.HALF: "6 tháng",
    PeriodType.NINE_MONTHS: "9 tháng",
    PeriodType.YEAR: "Năm",
}
_ROMAN = ("I", "II", "III", "IV")
_CODE_LETTERS: dict[str, PeriodType] = {
    "M": PeriodType.MONTH,
    "Q": PeriodType.QUARTER,
    "S": PeriodType.HALF,
    "N": PeriodType.NINE_MONTHS,
}
_CODE_RE = re.compile(r"([0-9]{4})(?:([MQSN])([0-9]{1,2}))?", re.ASCII)
_CODE_FORMS = "2024M09 (tháng), 2024Q3 (quý), 2024S1/2024S2 (6 tháng đầu/cuối năm), 2024N9 (9 tháng) hoặc 2024 (năm)"


def _index_error(period_type: PeriodType, index: int) -> str | None:
    """Why ``index`` is not valid for ``period_type`` (Vietnamese), or None when it is."""
    if 1 <= index <= period_type.per_year:
        return None
    match period_type:
        case PeriodType.MONTH:
            return f"Tháng phải từ 1 đến 12, nhận được {index}"
        case PeriodType.QUARTER:
            return f"Quý phải từ 1 đến 4, nhận được {index}"
        case PeriodType.HALF:
            return f"Kỳ 6 tháng chỉ có S1 (6 tháng đầu năm) và S2 (6 tháng cuối năm), nhận được {index}"
        case PeriodType.NINE_MONTHS:
            return f"Kỳ 9 tháng chỉ có N9 (9 tháng đầu năm, tháng 1–9), nhận được N{index}"
        case _:
            return f"Kỳ năm chỉ có chỉ số 1, nhận được {index}"


@dataclass(frozen=True, slots=True, order=False)
class Period:
    """One reporting period: a type, a calendar year and an index within the year.

    ``index`` is the month (1–12), quarter (1–4) or half (1–2); it is always 1 for nine months and for a year
    (``Period(PeriodType.YEAR, 2024)``). Periods are hashable and can be used as dictionary keys.

    Ordering is chronological: by start date, then by end date, so a list of mixed periods sorts as
    ``2024M01 < 2024Q1 < 2024S1 < 2024N9 < 2024 < 2024M02 < …``. (No two periods share both dates, so the
    order is total and consistent with equality.)
    """

    type: PeriodType
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.type, PeriodType):
            try:
                object.__setattr__(self, "type", PeriodType(self.type))
            except ValueError:
                raise PeriodError(f"Loại kỳ báo cáo không hợp lệ: {self.type!r}") from None
        for name, value in (("year", self.year), ("index", self.index)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise PeriodError(f"{'Năm' if name == 'year' else 'Chỉ số kỳ'} phải là số nguyên, nhận được {value!r}")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}, nhận được {self.year}")
        message = _index_error(self.type, self.index)
        if message:
            raise PeriodError(message)

    # --- Codes --------------------------------------------------------------------------------------------------

    @classmethod
    def parse(cls, code: str) -> Period:
        """Read a period code ("2024M09", "2024Q3", "2024S1", "2024N9", "2024"); case and spaces are ignored.

        Raises ``PeriodError`` (a ``ValueError``) with a Vietnamese message for anything else.
        """
        if not isinstance(code, str):
            raise PeriodError(f"Mã kỳ báo cáo phải là chuỗi ký tự, nhận được {code!r}")
        if len(code) > _MAX_CODE_LENGTH:
            raise PeriodError(f"Mã kỳ báo cáo quá dài ({len(code)} ký tự). Dùng dạng {_CODE_FORMS}.")
        text = "".join(code.split()).upper()
        match = _CODE_RE.fullmatch(text)
        if match is None:
            raise PeriodError(f"Mã kỳ báo cáo không hợp lệ: {code!r}. Dùng dạng {_CODE_FORMS}.")
        year_text, letter, index_text = match.groups()
        period_type = _CODE_LETTERS[letter] if letter else PeriodType.YEAR
        index = int(index_text) if index_text else 1
        try:
            if period_type is PeriodType.NINE_MONTHS:
                # The code names the length ("N9"), not an index: the one nine-month period of the year is index 1.
                if index != 9:
                    raise PeriodError(_index_error(period_type, index))
                index = 1
            return cls(period_type, int(year_text), index)
        except PeriodError as error:
            raise PeriodError(f"Mã kỳ báo cáo không hợp lệ: {code!r}. {error}.") from None

    @classmethod
    def read(cls, text: str) -> Period:
        """A period as a specialist writes it, or its code: "Tháng 8/2025", "tháng 08 năm 2025", "T8/2025",
        "Quý III/2025", "quý 3 năm 2025", "6 tháng đầu năm 2025", "6 tháng cuối năm 2025", "9 tháng năm 2025",
        "Năm 2025", "2025", "2024S1" (case, accents and extra spaces aside). ``label`` and ``short_label`` read
        back to the same period. Raises ``PeriodError`` with a Vietnamese message for anything else."""
        if not isinstance(text, str):
            raise PeriodError(f"Kỳ phải là chuỗi ký tự, nhận được {text!r}")
        if _CODE_RE.fullmatch("".join(text.split()).upper()):
            return cls.parse(text)  # a code, with its own precise message ("Quý phải từ 1 đến 4")
        words = _fold(text)[: _MAX_CODE_LENGTH * 4]
        for pattern, build in _WORDS:
            match = pattern.fullmatch(words)
            if match is not None:
                try:
                    return build(match)
                except PeriodError as error:
                    raise PeriodError(f"Kỳ không hợp lệ: “{text.strip()}”. {error}.") from None
        raise PeriodError(
            f"Không đọc được kỳ “{text.strip()}”. Viết ví dụ: Tháng 8/2025, Quý III/2025, 6 tháng đầu năm 2025, "
            f"9 tháng năm 2025, Năm 2025 (hoặc mã {_CODE_FORMS})."
        )

    @property
    def code(self) -> str:
        """The canonical code: ``2024M09``, ``2024Q3``, ``2024S1``, ``2024N9`` or ``2024``."""
        match self.type:
            case PeriodType.MONTH:
                return f"{self.year:04d}M{self.index:02d}"
            case PeriodType.QUARTER:
                return f"{self.year:04d}Q{self.index}"
            case PeriodType.HALF:
                return f"{self.year:04d}S{self.index}"
            case PeriodType.NINE_MONTHS:
                return f"{self.year:04d}N9"
            case _:
                return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Period.parse({self.code!r})"

    # --- Labels -------------------------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """Vietnamese title as written in reports: "Quý III năm 2024", "6 tháng đầu năm 2024"."""
        match self.type:
            case PeriodType.MONTH:
                return f"Tháng {self.index} năm {self.year}"
            case PeriodType.QUARTER:
                return f"Quý {_ROMAN[self.index - 1]} năm {self.year}"
            case PeriodType.HALF:
                return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
            case PeriodType.NINE_MONTHS:
                return f"9 tháng năm {self.year}"
            case _:
                return f"Năm {self.year}"

    @property
    def short_label(self) -> str:
        """Compact Vietnamese label for table headers: "T9/2024", "Q3/2024", "6T đầu 2024", "9T/2024", "2024"."""
        match self.type:
            case PeriodType.MONTH:
                return f"T{self.index}/{self.year}"
            case PeriodType.QUARTER:
                return f"Q{self.index}/{self.year}"
            case PeriodType.HALF:
                return f"6T {'đầu' if self.index == 1 else 'cuối'} {self.year}"
            case PeriodType.NINE_MONTHS:
                return f"9T/{self.year}"
            case _:
                return f"{self.year}"

    # --- Calendar -----------------------------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        """Number (1–12) of the first calendar month the period covers."""
        return (self.index - 1) * self.type.length + 1

    @property
    def last_month(self) -> int:
        """Number (1–12) of the last calendar month the period covers."""
        return self.first_month + self.type.length - 1

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the period (inclusive): 2024M02 ends on 29/02/2024."""
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def months(self) -> tuple[Period, ...]:
        """The month periods this period covers, in calendar order (a month's months are itself)."""
        return tuple(Period(PeriodType.MONTH, self.year, m) for m in range(self.first_month, self.last_month + 1))

    def contains(self, other: Period) -> bool:
        """Whether every month of ``other`` is a month of this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def __contains__(self, other: object) -> bool:
        """``month in quarter``, the same as ``quarter.contains(month)``."""
        return isinstance(other, Period) and self.contains(other)

    def containing(self, period_type: PeriodType) -> Period | None:
        """The period of ``period_type`` that contains this one, or None when there is none.

        2024M05 → 2024Q2, 2024S1, 2024N9, 2024. A month of October to December, and any period reaching past
        September, has no nine-month period; a shorter type never contains a longer period (2024Q2 → no month).
        """
        candidate = _period_of_month(period_type, self.year, self.first_month)
        return candidate if candidate is not None and candidate.contains(self) else None

    def subperiods(self, period_type: PeriodType) -> tuple[Period, ...]:
        """The periods of ``period_type`` this period contains, in order (the year's four quarters, a half's months).

        ``period.subperiods(PeriodType.MONTH) == period.months``; empty when the type is longer than this period's.
        """
        candidates = (Period(period_type, self.year, i) for i in range(1, period_type.per_year + 1))
        return tuple(p for p in candidates if self.contains(p))

    # --- Navigation ---------------------------------------------------------------------------------------------

    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods later (earlier if negative) of the same type.

        Nine-month and year periods move a year per step; halves go S1 → S2 → next year's S1.
        """
        per_year = self.type.per_year
        ordinal = self.year * per_year + (self.index - 1) + steps
        year, offset = divmod(ordinal, per_year)
        return Period(self.type, year, offset + 1)

    def next(self) -> Period:
        """The following period of the same type: 2024Q4 → 2025Q1, 2024N9 → 2025N9."""
        return self.shift(1)

    def previous(self) -> Period:
        """The preceding period of the same type: 2024Q1 → 2023Q4, 2024S1 → 2023S2, 2024N9 → 2023N9."""
        return self.shift(-1)

    def same_period_last_year(self) -> Period:
        """The same period one year earlier ("cùng kỳ năm trước"), for year-on-year comparison."""
        return Period(self.type, self.year - 1, self.index)

    # --- Ordering -----------------------------------------------------------------------------------------------

    def _sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.first_month, self.last_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


# --- Periods of dates -------------------------------------------------------------------------------------------------


def _period_of_month(period_type: PeriodType, year: int, month: int) -> Period | None:
    index = (month - 1) // period_type.length + 1
    return Period(period_type, year, index) if index <= period_type.per_year else None


def _as_date(day: dt.date) -> dt.date:
    """A plain date (a ``datetime`` is a ``date`` but does not compare with one)."""
    if isinstance(day, dt.datetime):
        return day.date()
    if not isinstance(day, dt.date):
        raise PeriodError(f"Cần một ngày (date), nhận được {day!r}")
    return day


def period_of(period_type: PeriodType, day: dt.date) -> Period | None:
    """The period of ``period_type`` that contains ``day``; None for nine months from October to December."""
    day = _as_date(day)
    return _period_of_month(period_type, day.year, day.month)


def current(period_type: PeriodType, today: dt.date) -> Period | None:
    """The period of ``period_type`` running on ``today``; None for nine months from October to December."""
    return period_of(period_type, today)


def last_closed(period_type: PeriodType, today: dt.date) -> Period:
    """The latest period of ``period_type`` that has ended before ``today``.

    A period ending today is not closed yet: on 30/09/2024 the last closed quarter is 2024Q2, on 01/10/2024 it is
    2024Q3. From October, the last closed nine-month period is this year's.
    """
    today = _as_date(today)
    running = period_of(period_type, today)
    if running is not None:
        return running.previous()
    # Only nine months can be missing (October to December): this year's has ended.
    return Period(period_type, today.year, period_type.per_year)


# Coarser types first within a year, as a specialist looks for them: the year, then its parts.
_PICKER_ORDER = (PeriodType.YEAR, PeriodType.NINE_MONTHS, PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH)


def choices(finest: PeriodType, today: dt.date, years: int = 3) -> list[Period]:
    """The periods a picker offers for figures kept per ``finest`` period (a monthly form's figures roll up to
    quarters, halves, nine months and years; a quarterly form's to halves, nine months and years): every period
    of those types of the last ``years`` years that has begun by ``today``, newest year first, each year's coarser
    periods before its parts and later parts before earlier ones."""
    today = _as_date(today)
    allowed = [t for t in _PICKER_ORDER if _LENGTH[t] >= _LENGTH[finest] and _LENGTH[t] % _LENGTH[finest] == 0]
    result: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        for period_type in allowed:
            for index in range(_PER_YEAR[period_type], 0, -1):
                period = Period(period_type, year, index)
                if period.start <= today:
                    result.append(period)
    return result


def periods_between(
    period_type: PeriodType, start_date: dt.date, end_date: dt.date, *, complete: bool = False
) -> tuple[Period, ...]:
    """The periods of ``period_type`` overlapping the dates ``start_date`` to ``end_date`` (both inclusive), in order.

    With ``complete=True`` only periods lying entirely within the dates are returned (e.g. the quarters a unit
    existed for the whole of, between its founding and its merger). Raises ``PeriodError`` when the end is before
    the start.
    """
    start_date, end_date = _as_date(start_date), _as_date(end_date)
    if end_date < start_date:
        raise PeriodError(f"Ngày kết thúc {end_date:%d/%m/%Y} trước ngày bắt đầu {start_date:%d/%m/%Y}")
    result: list[Period] = []
    for year in range(start_date.year, end_date.year + 1):
        for index in range(1, period_type.per_year + 1):
            period = Period(period_type, year, index)
            if complete:
                keep = start_date <= period.start and period.end <= end_date
            else:
                keep = period.start <= end_date and start_date <= period.end
            if keep:
                result.append(period)
    return tuple(result)


# --- Deadlines --------------------------------------------------------------------------------------------------------


class DeadlineKind(enum.StrEnum):
    """How a deadline is counted from a period."""

    DAY_OF_LAST_MONTH = "day_of_last_month"  # "day:15:last_month": 15th of the period's last month
    DAY_OF_NEXT_MONTH = "day_of_next_month"  # "day:5:next_month": 5th of the month after the period
    AFTER_END = "after_end"  # "after_end:10": 10 days after the period's last day


_MAX_DAYS_AFTER_END = 366
_RULE_FORMS = (
    '"day:<1–31>:last_month" (ngày N của tháng cuối kỳ), "day:<1–31>:next_month" (ngày N của tháng sau kỳ) '
    'hoặc "after_end:<0–366>" (N ngày sau khi kết thúc kỳ)'
)
_RULE_RE = re.compile(r"day:([0-9]{1,2}):(last_month|next_month)|after_end:([0-9]{1,3})", re.ASCII)


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """When a report for a period is due ("hạn nộp"), stored as a short spec so that each form can have its own.

    Monthly reports are commonly due in the middle of the month they cover (figures for the rest of the month are
    estimated), hence ``day:N:last_month``; quarterly and yearly reports are due a few days after the period
    (``after_end:N``) or on a fixed day of the following month (``day:N:next_month``). A day beyond the month's
    length is clamped to its last day: "day:31:last_month" is 30/09 for 2024Q3 and 29/02 for 2024M02.
    """

    kind: DeadlineKind
    value: int

    def __post_init__(self) -> None:
        if not isinstance(self.kind, DeadlineKind):
            try:
                object.__setattr__(self, "kind", DeadlineKind(self.kind))
            except ValueError:
                raise DeadlineRuleError(f"Loại hạn nộp không hợp lệ: {self.kind!r}. Dùng {_RULE_FORMS}.") from None
        if not isinstance(self.value, int) or isinstance(self.value, bool):
            raise DeadlineRuleError(f"Giá trị của hạn nộp phải là số nguyên, nhận được {self.value!r}")
        if self.kind is DeadlineKind.AFTER_END:
            if not 0 <= self.value <= _MAX_DAYS_AFTER_END:
                raise DeadlineRuleError(
                    f"Số ngày sau khi kết thúc kỳ phải từ 0 đến {_MAX_DAYS_AFTER_END}, nhận được {self.value}"
                )
        elif not 1 <= self.value <= 31:
            raise DeadlineRuleError(f"Ngày trong tháng phải từ 1 đến 31, nhận được {self.value}")

    @classmethod
    def parse(cls, spec: str) -> DeadlineRule:
        """Read a spec: "day:15:last_month", "day:5:next_month" or "after_end:10" (case and spaces ignored)."""
        if not isinstance(spec, str):
            raise DeadlineRuleError(f"Quy tắc hạn nộp phải là chuỗi ký tự, nhận được {spec!r}")
        text = "".join(spec.split()).lower()
        match = _RULE_RE.fullmatch(text) if len(text) <= _MAX_CODE_LENGTH else None
        if match is None:
            raise DeadlineRuleError(f"Quy tắc hạn nộp không hợp lệ: {spec!r}. Dùng {_RULE_FORMS}.")
        day_text, month_text, days_text = match.groups()
        try:
            if days_text is not None:
                return cls(DeadlineKind.AFTER_END, int(days_text))
            kind = DeadlineKind.DAY_OF_LAST_MONTH if month_text == "last_month" else DeadlineKind.DAY_OF_NEXT_MONTH
            return cls(kind, int(day_text))
        except DeadlineRuleError as error:
            raise DeadlineRuleError(f"Quy tắc hạn nộp không hợp lệ: {spec!r}. {error}.") from None

    @property
    def spec(self) -> str:
        """The canonical spec, which ``DeadlineRule.parse`` reads back to an equal rule."""
        match self.kind:
            case DeadlineKind.DAY_OF_LAST_MONTH:
                return f"day:{self.value}:last_month"
            case DeadlineKind.DAY_OF_NEXT_MONTH:
                return f"day:{self.value}:next_month"
            case _:
                return f"after_end:{self.value}"

    def __str__(self) -> str:
        return self.spec

    @property
    def description(self) -> str:
        """The rule in Vietnamese, for form settings: "Ngày 15 của tháng cuối kỳ"."""
        match self.kind:
            case DeadlineKind.DAY_OF_LAST_MONTH:
                return f"Ngày {self.value} của tháng cuối kỳ"
            case DeadlineKind.DAY_OF_NEXT_MONTH:
                return f"Ngày {self.value} của tháng liền sau kỳ"
            case _:
                return f"{self.value} ngày sau khi kết thúc kỳ"

    def deadline(self, period: Period) -> dt.date:
        """The due date of the report for ``period``."""
        if self.kind is DeadlineKind.AFTER_END:
            try:
                return period.end + dt.timedelta(days=self.value)
            except OverflowError:
                raise PeriodError(f"Hạn nộp của kỳ {period.code} vượt quá năm {MAX_YEAR}") from None
        year, month = period.year, period.last_month
        if self.kind is DeadlineKind.DAY_OF_NEXT_MONTH:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            if year > MAX_YEAR:
                raise PeriodError(f"Hạn nộp của kỳ {period.code} vượt quá năm {MAX_YEAR}")
        return dt.date(year, month, min(self.value, calendar.monthrange(year, month)[1]))


# --- Roll-up ----------------------------------------------------------------------------------------------------------

Number = TypeVar("Number", bound=Decimal | int)


def _present(values_by_month: Mapping[Period, Number | None], period: Period) -> list[Number]:
    """The values reported for the period's months, in month order, skipping months with no value."""
    values = (values_by_month.get(month) for month in period.months)
    return [value for value in values if value is not None]


def rollup_flow(values_by_month: Mapping[Period, Number | None], period: Period) -> Number | None:
    """A flow indicator over ``period``: the sum of its months' values (sessions held, news items published).

    Months without a value (absent or None) are skipped; None when no month of the period has a value, so that
    "not reported" stays distinct from a reported zero. Keys that are not months of ``period`` are ignored.
    The first value starts the sum, so a Decimal keeps its exponent (``Decimal("1.50")`` stays two places).
    """
    present = _present(values_by_month, period)
    if not present:
        return None
    return cast(Number, sum(present[1:], start=present[0]))


def rollup_stock(values_by_month: Mapping[Period, Number | None], period: Period) -> Number | None:
    """A stock indicator over ``period``: the value of its latest month that has one (lecturers in the network).

    None when no month of the period has a value. Keys that are not months of ``period`` are ignored.
    """
    present = _present(values_by_month, period)
    return present[-1] if present else None


def missing_months(values_by_month: Mapping[Period, Decimal | int | None], period: Period) -> tuple[Period, ...]:
    """The months of ``period`` with no value (absent or None), in order: what to chase before consolidating."""
    return tuple(month for month in period.months if values_by_month.get(month) is None)


# --- Reading a period written in words (``Period.read``) -----------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case, no tone marks or diacritics (đ → d), single spaces: "Quý III/2025" → "quy iii/2025"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


_YEAR = r"(?:\s*(?:/|-|nam)\s*|\s+)(\d{4})"
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORDS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Period]]] = [
    (re.compile(r"(?:thang|t)\s*(\d{1,2})" + _YEAR), lambda m: Period(PeriodType.MONTH, int(m[2]), int(m[1]))),
    (re.compile(r"(\d{1,2})\s*/\s*(\d{4})"), lambda m: Period(PeriodType.MONTH, int(m[2]), int(m[1]))),
    (
        re.compile(r"(?:quy|q)\s*(iv|iii|ii|i|[1-4])" + _YEAR),
        lambda m: Period(PeriodType.QUARTER, int(m[2]), _QUARTERS[m[1]]),
    ),
    (
        re.compile(r"(?:6|sau)\s*(?:thang|t)\s*(dau|cuoi)" + _YEAR),
        lambda m: Period(PeriodType.HALF, int(m[2]), 1 if m[1] == "dau" else 2),
    ),
    (
        re.compile(r"(?:9|chin)\s*(?:thang|t)(?:\s*dau)?" + _YEAR),
        lambda m: Period(PeriodType.NINE_MONTHS, int(m[1]), 1),
    ),
    (re.compile(r"nam\s+(\d{4})"), lambda m: Period(PeriodType.YEAR, int(m[1]), 1)),
]
