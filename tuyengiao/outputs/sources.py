"""Report indicator sources of the outputs area (``tuyengiao.reports.sources``): figures linked, not retyped.

For a reporting unit U and a period P the figures count the issues issued in P by U's issuing bodies: U itself,
the commissions working for U when U is a party committee, and the predecessors of these that ended inside P
(``_issuers``). The last rule is for the 2025 reform: old Phú Yên's commission issued its bulletins until
30/06/2025 and no longer exists at the end of 2025, so it cannot send a 2025 report; its successor's report
carries them. A predecessor that still existed at P's end reports for itself, and consolidation
(``reports.consolidation``) adds its report through lineage, so nothing is counted twice.

Every figure is one aggregate query.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from tuyengiao.lib.periods import Period
from tuyengiao.outputs.models import Issue, Recipient, Topic
from tuyengiao.reports.sources import register
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, UnitVersion


def _issuers(unit: Any, period: Period) -> set[int]:
    own = {unit.pk}
    if unit.kind == Kind.PARTY_COMMITTEE:
        own |= set(
            UnitVersion.objects.filter(parent_id=unit.pk, unit__kind=Kind.COMMISSION).values_list("unit_id", flat=True)
        )
    before = period.start - dt.timedelta(days=1)
    taken_over = tree.lineage_ids(own, "back", after=before)
    if taken_over:
        living = set(
            UnitVersion.objects.as_of(period.end).filter(unit_id__in=taken_over).values_list("unit_id", flat=True)
        )
        own |= taken_over - living
    return own


def _issues(unit: Any, period: Period) -> Any:
    return Issue.objects.filter(issuer_id__in=_issuers(unit, period), issued_on__range=(period.start, period.end))


def bulletin_issues(unit: Any, period: Period) -> int:
    return _issues(unit, period).filter(kind=Issue.Kind.BULLETIN).count()


def bulletin_copies(unit: Any, period: Period) -> int:
    total = _issues(unit, period).filter(kind=Issue.Kind.BULLETIN).aggregate(n=Sum("copies_printed"))["n"]
    return int(total or 0)


def guidance_issues(unit: Any, period: Period) -> int:
    return _issues(unit, period).filter(kind__in=Issue.GUIDANCE_KINDS).count()


def guidance_topics(unit: Any, period: Period) -> int:
    issues = _issues(unit, period).filter(kind__in=Issue.GUIDANCE_KINDS)
    return Topic.objects.filter(issue__in=issues).count()


def _receipts(unit: Any, period: Period) -> dict[str, int]:
    issues = _issues(unit, period).filter(kind__in=Issue.GUIDANCE_KINDS)
    return Recipient.objects.filter(issue__in=issues).aggregate(
        total=Count("pk"), relayed=Count("pk", filter=Q(relayed_on__isnull=False))
    )


def recipients(unit: Any, period: Period) -> int:
    return int(_receipts(unit, period)["total"] or 0)


def recipients_relayed(unit: Any, period: Period) -> int:
    return int(_receipts(unit, period)["relayed"] or 0)


def relayed_share(unit: Any, period: Period) -> Decimal | None:
    """% of the guidance's recipient units that relayed it to their cells (consolidated as a percentage weighted
    by ``recipients``: Σ relayed / Σ recipients)."""
    counts = _receipts(unit, period)
    if not counts["total"]:
        return None
    return (Decimal(counts["relayed"] * 100) / Decimal(counts["total"])).quantize(Decimal("0.1"), ROUND_HALF_UP)


register(
    "outputs.bulletin_issues", "Số kỳ bản tin sinh hoạt chi bộ phát hành (sổ định hướng, bản tin)", bulletin_issues
)
register("outputs.bulletin_copies", "Số bản tin sinh hoạt chi bộ được in (sổ định hướng, bản tin)", bulletin_copies)
register(
    "outputs.guidance_issues", "Số văn bản định hướng tuyên truyền ban hành (sổ định hướng, bản tin)", guidance_issues
)
register("outputs.guidance_topics", "Số nội dung định hướng tuyên truyền (sổ định hướng, bản tin)", guidance_topics)
register("outputs.recipients", "Số lượt đơn vị nhận định hướng tuyên truyền (sổ định hướng, bản tin)", recipients)
register(
    "outputs.recipients_relayed",
    "Số lượt đơn vị nhận đã phổ biến định hướng đến chi bộ (sổ định hướng, bản tin)",
    recipients_relayed,
)
register(
    "outputs.relayed_share",
    "Tỷ lệ lượt đơn vị nhận đã phổ biến định hướng đến chi bộ (sổ định hướng, bản tin)",
    relayed_share,
)
