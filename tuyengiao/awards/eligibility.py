"""The medal rule and the eligibility warnings shown next to every nomination.

Kỷ niệm chương "Vì sự nghiệp Tuyên giáo" (Quyết định 751-QĐ/BTGTW, 2017): once per person; 10 years in the
sector, or 7 years of which 3 in leading posts. How we read it from the people registry:

* **Years in the sector** are the union of the person's ``Posting`` intervals (every unit of the registry is a
  commission or a party committee's propaganda post); overlapping postings (a concurrent post) count once.
  Lecturer roles are part-time and do not count. Open postings run to the reference date.
* **A leading post** is a posting whose position, folded (no tones, lower case), starts with one of
  ``LEADING_PREFIXES``: trưởng/phó trưởng ban, bí thư/phó bí thư, chánh/phó chánh văn phòng, trưởng/phó
  trưởng phòng, giám đốc/phó giám đốc (of a political centre). "Chuyên viên", "Ủy viên" … are not.
* A year is 365.25 days; the rule compares whole days (``10 * 365.25``), so 9 years 364 days is not enough.

``medal_check`` is a pure function of intervals, tested on its own; ``person_service`` reads the postings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from tuyengiao.lib.text import fold

DAYS_PER_YEAR = Decimal("365.25")
SECTOR_YEARS = 10
REDUCED_SECTOR_YEARS = 7
LEADING_YEARS = 3
LEADING_PREFIXES = (
    "truong ban",
    "pho truong ban",
    "bi thu",
    "pho bi thu",
    "chanh van phong",
    "pho chanh van phong",
    "truong phong",
    "pho truong phong",
    "giam doc",
    "pho giam doc",
)


def is_leading(position: str) -> bool:
    """Whether a position text names a leading post (see the module docstring)."""
    text = " ".join(fold(position).split())
    return text.startswith(LEADING_PREFIXES)


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date | None  # inclusive; None: still so
    leading: bool = False


@dataclass(frozen=True)
class MedalCheck:
    sector_days: int
    leading_days: int

    @property
    def sector_years(self) -> Decimal:
        return (Decimal(self.sector_days) / DAYS_PER_YEAR).quantize(Decimal("0.1"), rounding=ROUND_DOWN)

    @property
    def leading_years(self) -> Decimal:
        return (Decimal(self.leading_days) / DAYS_PER_YEAR).quantize(Decimal("0.1"), rounding=ROUND_DOWN)

    @property
    def eligible(self) -> bool:
        if self.sector_days >= SECTOR_YEARS * DAYS_PER_YEAR:
            return True
        return self.sector_days >= REDUCED_SECTOR_YEARS * DAYS_PER_YEAR and self.leading_days >= (
            LEADING_YEARS * DAYS_PER_YEAR
        )

    @property
    def summary(self) -> str:
        sector = f"{self.sector_years}".replace(".", ",")
        leading = f"{self.leading_years}".replace(".", ",")
        return f"{sector} năm công tác trong ngành, trong đó {leading} năm giữ chức vụ lãnh đạo"


def _union_days(spans: Iterable[tuple[dt.date, dt.date]]) -> int:
    """Days covered by inclusive intervals, overlaps counted once."""
    total = 0
    current: tuple[dt.date, dt.date] | None = None
    for start, end in sorted(spans):
        if current is None:
            current = (start, end)
        elif start <= current[1] + dt.timedelta(days=1):
            current = (current[0], max(current[1], end))
        else:
            total += (current[1] - current[0]).days + 1
            current = (start, end)
    if current is not None:
        total += (current[1] - current[0]).days + 1
    return total


def medal_check(spans: Iterable[Span], on: dt.date) -> MedalCheck:
    """Years in the sector and in leading posts up to ``on`` (inclusive), from posting spans."""
    clipped = []
    for span in spans:
        end = min(span.end or on, on)
        if span.start > end:
            continue
        clipped.append((span.start, end, span.leading))
    return MedalCheck(
        sector_days=_union_days((s, e) for s, e, _lead in clipped),
        leading_days=_union_days((s, e) for s, e, lead in clipped if lead),
    )


def person_service(person_id: int, on: dt.date) -> MedalCheck:
    """``medal_check`` over the person's postings in the registry (one query)."""
    from tuyengiao.people.models import Posting

    rows = Posting.objects.filter(person_id=person_id).values_list("from_date", "to_date", "position")
    return medal_check((Span(start, end, is_leading(position)) for start, end, position in rows), on)
