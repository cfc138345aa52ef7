"""Eligibility warnings and the figures linked to a nomination (shown, never retyped).

Warnings do not block a nomination (the council decides); errors do (``services``): a collective for an
individual-only form, a second once-per-person medal. Warned here:

* a once-per-person medal already received (e.g. nominated again after a revoked one was restored by hand);
* the medal's criteria not met according to the people registry (``eligibility.person_service``);
* the unit (for an individual: the person or their unit) did not register for emulation in the cycle;
* no report figures linked, or the linked report has no figures for the period: only for forms whose rules
  rely on the unit's report figures (``AwardForm.relies_on_report_figures``; not the sector's medal, given
  for years of service).

``warnings_for_many`` answers for a whole list in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tuyengiao.awards import eligibility
from tuyengiao.awards.models import Award, Nomination, Registration
from tuyengiao.followup.figures import Completion, own_completion
from tuyengiao.lib.periods import Period, PeriodError
from tuyengiao.people.models import Posting


def reference_date(nomination: Nomination) -> dt.date:
    """The medal is assessed at the end of the cycle's year."""
    return dt.date(nomination.cycle.year, 12, 31)


def warnings_for_many(nominations: Iterable[Nomination]) -> dict[int, list[str]]:
    rows = list(nominations)
    result: dict[int, list[str]] = {n.pk: [] for n in rows}
    if not rows:
        return result
    cycle_ids = {n.cycle_id for n in rows}
    registered_units = set(
        Registration.objects.filter(cycle_id__in=cycle_ids, person__isnull=True).values_list("cycle_id", "unit_id")
    )
    registered_people = set(
        Registration.objects.filter(cycle_id__in=cycle_ids, person__isnull=False).values_list("cycle_id", "person_id")
    )
    medal_people = {n.person_id for n in rows if n.person_id and n.award_form.once_per_person}
    held = defaultdict(list)
    for award in (
        Award.objects.standing()
        .filter(person_id__in=medal_people, once_per_person=True)
        .select_related("decision")
        .only("person_id", "award_form_id", "nomination_id", "decision__number")
    ):
        held[(award.person_id, award.award_form_id)].append(award)
    spans: dict[int, list[eligibility.Span]] = defaultdict(list)
    for person_id, start, end, position in Posting.objects.filter(person_id__in=medal_people).values_list(
        "person_id", "from_date", "to_date", "position"
    ):
        spans[person_id].append(eligibility.Span(start, end, eligibility.is_leading(position)))

    for n in rows:
        out = result[n.pk]
        if n.person_id and n.award_form.once_per_person:
            earlier = [a for a in held[(n.person_id, n.award_form_id)] if a.nomination_id != n.pk]
            if earlier:
                out.append(
                    _("Đã được tặng %(form)s (quyết định %(number)s).")
                    % {"form": n.award_form.name, "number": earlier[0].decision.number or "…"}
                )
            check = eligibility.medal_check(spans[n.person_id], reference_date(n))
            if not check.eligible:
                out.append(_("Theo hồ sơ cán bộ, chưa đủ tiêu chuẩn: %(summary)s.") % {"summary": check.summary})
        registered = (n.cycle_id, n.unit_id) in registered_units or (
            n.person_id is not None and (n.cycle_id, n.person_id) in registered_people
        )
        if not registered:
            out.append(_("Đơn vị, cá nhân chưa đăng ký thi đua trong đợt này."))
        if n.award_form.relies_on_report_figures and (n.report_form_id is None or not n.report_period):
            out.append(_("Đề nghị chưa liên kết số liệu báo cáo của đơn vị."))
    return result


def warnings_for(nomination: Nomination) -> list[str]:
    found = warnings_for_many([nomination])[nomination.pk]
    figures = linked_figures(nomination)
    if figures is not None and not any(text for _label, text in figures):
        found.append(_("Báo cáo đã liên kết chưa có số liệu cho kỳ này."))
    return found


def linked_figures(nomination: Nomination) -> list[tuple[str, str]] | None:
    """The consolidated figures of the linked report for the nominee's unit (None without a link)."""
    if nomination.report_form is None or not nomination.report_period:
        return None
    from tuyengiao.reports.consolidation import ConsolidationError, consolidate

    try:
        period = Period.parse(nomination.report_period)
        figures = consolidate(nomination.report_form, nomination.unit, period)
    except (PeriodError, ConsolidationError):
        return []
    return [
        (figure.indicator.name, figure.text if figure.value is not None else "")
        for figure in figures.values()
        if figure.indicator.value_type != "text"
    ]


@dataclass(frozen=True)
class TaskFigures:
    year: int
    completion: Completion


def task_figures(nomination: Nomination) -> TaskFigures:
    """The unit's own tasks due in the cycle's year and how many were done (``followup.figures``)."""
    year = nomination.cycle.year
    return TaskFigures(
        year, own_completion(nomination.unit, dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year, 12, 31))
    )
