"""Report indicator sources of the outputs area (``tuyengiao.reports.sources``): figures linked, not retyped.

For a reporting unit U and a period P the figures count the issues issued in P by the units U's report carries
(``reports.sources.carried_units``: U, its commissions, and the predecessors it took over that ended inside P).

Every figure is one aggregate query.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from tuyengiao.lib.periods import Period
from tuyengiao.outputs.models import Issue, Recipient, Topic
from tuyengiao.reports.sources import carried_units, register


def _issues(unit: Any, period: Period) -> Any:
    return Issue.objects.filter(issuer_id__in=carried_units(unit, period), issued_on__range=(period.start, period.end))


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
