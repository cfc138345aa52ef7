"""The dashboard: pinned (or default) figures as cards with a trend, and the unit's completeness, tasks and
dissemination by unit.

Every figure comes from ``reports.consolidation.consolidate`` — the same call the consolidated page makes — for
the card's unit, its period and one structure date: the end of the card's period. Earlier periods of the trend
and the previous period of the card are consolidated **in that same structure**, as ``reports.comparison`` does
for "so với cùng kỳ": through the lineage, the 2024 reports of the communes merged on 01/07/2025 count under
the commune they formed, so a trend across the reform adds up the same units at every point.

Calls are grouped: the cards of one form, unit and length share one ``consolidate_periods`` of their trend's
periods (only their indicators), so ten monthly figures of one province cost one consolidation of twelve months
(a handful of statements), not a hundred and twenty.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from tuyengiao.analytics.models import KINDS, TREND_LENGTH, Pin
from tuyengiao.lib.periods import Period, PeriodType, last_closed
from tuyengiao.lib.rollup import Ratio, Rule, ValueType, present
from tuyengiao.reports import comparison, services
from tuyengiao.reports.consolidation import Figure, consolidate_periods
from tuyengiao.reports.models import Form, Indicator, Item
from tuyengiao.units import tree
from tuyengiao.units.models import Unit, UnitVersion, names

DEFAULT_FORMS = 2  # a default dashboard: the main indicators of at most two forms …
DEFAULT_INDICATORS = 4  # … the first four figures (not texts) of each


@dataclass(frozen=True)
class Spec:
    """What a card shows: a form's indicator for a unit over a length of period (a pin, or a default)."""

    form: Form
    code: str
    unit: Unit
    kind: PeriodType
    pin: Pin | None = None


@dataclass
class Card:
    spec: Spec
    unit_name: str
    period: Period
    structure_date: dt.date
    indicator: Indicator | None
    figure: Figure | None
    previous: Figure | None
    change: comparison.Change | None
    trend: list[tuple[Period, Figure | None]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.indicator.name if self.indicator is not None else self.spec.code

    @property
    def text(self) -> str:
        return (self.figure.text if self.figure is not None else "") or "–"

    @property
    def previous_text(self) -> str:
        return (self.previous.text if self.previous is not None else "") or "–"

    @property
    def previous_period(self) -> Period:
        return self.period.previous()

    @property
    def percent(self) -> bool:
        if self.indicator is None:
            return False
        return self.indicator.value_type == ValueType.PERCENT or self.indicator.rule == Rule.COUNT_YES

    def chart(self) -> dict[str, Any]:
        """The trend as a line (``static/js/charts.js``): n/m figures as the share of yes, in %."""
        name = self.label + (" (%)" if self.indicator is not None and self.indicator.rule == Rule.COUNT_YES else "")
        return {
            "kind": "line",
            "percent": self.percent,
            "labels": [period.short_label for period, _figure in self.trend],
            "series": [
                {
                    "name": name,
                    "data": [plotted(figure) for _period, figure in self.trend],
                    "texts": [(figure.text if figure is not None else "") or "–" for _period, figure in self.trend],
                }
            ],
        }


def plotted(figure: Figure | None) -> float | None:
    """A figure as a point of a chart: numbers as they are, n/m as the share in % (one decimal)."""
    if figure is None or figure.value is None:
        return None
    value = figure.value
    if isinstance(value, Ratio):
        if not value.m:
            return None
        return float((Decimal(value.n * 100) / Decimal(value.m)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    if isinstance(value, (bool, tuple)):
        return None
    if isinstance(value, (int, Decimal)):
        return float(value)
    return None


def card_period(form: Form, kind: PeriodType, latest: Period, today: dt.date) -> Period:
    """The card's period: the period of ``kind`` holding the latest closed period with data (``latest``, of the
    form's own length), never one not yet closed."""
    if PeriodType(form.period_type) == kind:
        return latest
    holding = latest.containing(kind) or latest
    closed = last_closed(kind, today)
    return min(holding, closed)


def allowed_kinds(form: Form) -> list[PeriodType]:
    """The lengths a figure of ``form`` can be read over: its own period and the longer ones."""
    own = PeriodType(form.period_type)
    return [kind for kind in KINDS if kind.length >= own.length and (own.length == 0 or kind.length % own.length == 0)]


class Latest:
    """``services.latest_with_data`` once per form for the request."""

    def __init__(self, user: Any, today: dt.date) -> None:
        self.user, self.today, self.cache = user, today, dict[int, Period]()

    def __call__(self, form: Form) -> Period:
        if form.pk not in self.cache:
            self.cache[form.pk] = services.latest_with_data(form, self.user, self.today)
        return self.cache[form.pk]


def cards(specs: list[Spec], user: Any, today: dt.date, *, trend: bool = True) -> list[Card]:
    """One card per spec, in order: figure, previous period, change and (``trend``) the trend."""
    latest = Latest(user, today)
    groups: dict[tuple[int, int, str], list[Spec]] = defaultdict(list)
    for spec in specs:
        groups[(spec.form.pk, spec.unit.pk, spec.kind)].append(spec)
    built: dict[int, Card] = {}
    unit_names: dict[tuple[int, dt.date], str] = {}
    for (_form_id, _unit_id, kind), group in groups.items():
        form, unit = group[0].form, group[0].unit
        period = card_period(form, PeriodType(kind), latest(form), today)
        structure = period.end
        count = TREND_LENGTH[PeriodType(kind)] if trend else 2
        periods = [period.shift(step - count + 1) for step in range(count)]
        codes = sorted({spec.code for spec in group})
        # One consolidation of every period of the trend (a period before the form existed is left out).
        consolidated = consolidate_periods(form, unit, periods, structure_date=structure, indicators=codes)
        results = {p: consolidated.get(p.code, {}) for p in periods}
        key = (unit.pk, structure)
        if key not in unit_names:
            unit_names[key] = names([unit.pk], structure).get(unit.pk, str(unit))
        for spec in group:
            current = results[period].get(spec.code)
            previous = results[periods[-2]].get(spec.code)
            indicator = current.indicator if current else (previous.indicator if previous else None)
            built[id(spec)] = Card(
                spec=spec,
                unit_name=unit_names[key],
                period=period,
                structure_date=structure,
                indicator=indicator,
                figure=current,
                previous=previous,
                change=comparison.change(current, previous) if current is not None else None,
                trend=[(p, results[p].get(spec.code)) for p in periods] if trend else [],
            )
    result = [built[id(spec)] for spec in specs]
    missing = [card for card in result if card.indicator is None]
    if missing:  # an indicator absent from the versions read: name it anyway
        found = {i.code: i for i in Indicator.objects.filter(code__in={card.spec.code for card in missing})}
        for card in missing:
            card.indicator = found.get(card.spec.code)
    return result


def pinned_specs(user: Any, readable: set[int] | None = None) -> list[Spec]:
    """The user's pins (never anybody else's), in order; those whose unit the user may no longer read are
    left out (``readable``: the ids of the pinned units the user may read)."""
    pins = list(Pin.objects.filter(user=user).select_related("form", "unit").order_by("order", "pk"))
    return [
        Spec(pin.form, pin.indicator_code, pin.unit, PeriodType(pin.period_type), pin)
        for pin in pins
        if readable is None or pin.unit_id in readable
    ]


def main_indicators(form: Form, period: Period, limit: int = DEFAULT_INDICATORS) -> list[Indicator]:
    """The form's first figures (texts left out) in the version of ``period``."""
    version = form.version_for(period)
    if version is None:
        return []
    items = (
        Item.objects.filter(section__version=version)
        .exclude(indicator__rule=Rule.TEXT)
        .select_related("indicator")
        .order_by("section__order", "order")[:limit]
    )
    return [item.indicator for item in items]


def default_specs(user: Any, unit: Unit, today: dt.date) -> list[Spec]:
    """A role's dashboard before anything is pinned: the main indicators of the forms the unit's subtree
    submits, for the unit (a province's leader or specialist: the province; a commune: its own; the central
    level: the country), each over its form's own period."""
    latest = Latest(user, today)
    specs: list[Spec] = []
    chosen = 0
    for form in Form.objects.prefetch_related("versions").order_by("name"):
        if chosen >= DEFAULT_FORMS:
            break
        if unit.level == "commune" and not form.submitted_by(unit):
            continue  # a commune's own dashboard: only what it reports itself
        indicators = main_indicators(form, latest(form))
        if not indicators:
            continue
        chosen += 1
        kind = PeriodType(form.period_type)
        kind = kind if kind in KINDS else PeriodType.YEAR
        specs += [Spec(form, indicator.code, unit, kind) for indicator in indicators]
    return specs


# --- the unit's other figures: completeness, tasks, dissemination ---------------------------------------------------


def _child_of(unit: Unit, date: dt.date) -> tuple[dict[int, int], dict[int, str]]:
    """For each unit of ``unit``'s subtree on ``date``, the child of ``unit`` it lies under (the unit itself for
    its own row), and the children's names: two queries."""
    parents = dict(
        UnitVersion.objects.as_of(date)
        .filter(unit_id__in=tree.subtree_ids([unit.pk], date))
        .values_list("unit_id", "parent_id")
    )
    child: dict[int, int] = {unit.pk: unit.pk}
    for start in parents:
        path, current = [], start
        while current not in child:
            parent = parents.get(current)
            if parent == unit.pk or parent not in parents:
                child[current] = current
                break
            path.append(current)
            current = parent
        for one in path:
            child[one] = child[current]
    return child, names(set(child.values()), date)


@dataclass
class GroupRow:
    unit_id: int
    name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[GroupRow]
    note: str = ""
    link: str = ""

    def chart(self, limit: int = 30) -> dict[str, Any]:
        """Stacked bars per unit, the units with the most not done first (at most ``limit``; the table has all).
        When every unit counts one (a province's communes), one bar of the whole: a hundred bars of one say
        nothing a table does not."""
        shown = sorted(self.rows, key=lambda row: (-sum(row.counts[1:]), row.name))[:limit]
        if self.rows and max(row.total for row in self.rows) <= 1 and len(self.rows) > 1:
            whole = [sum(row.counts[i] for row in self.rows) for i in range(len(self.headers))]
            return {
                "kind": "hbar",
                "stack": True,
                "labels": [_("Tất cả %(n)d đơn vị") % {"n": sum(whole)}],
                "series": [{"name": header, "data": [whole[i]]} for i, header in enumerate(self.headers)],
            }
        return {
            "kind": "hbar",
            "stack": True,
            "labels": [row.name for row in shown],
            "series": [
                {"name": header, "data": [row.counts[i] for row in shown]} for i, header in enumerate(self.headers)
            ],
        }


def completeness_by_unit(form: Form, unit: Unit, period: Period) -> Section:
    """``services.completeness`` grouped by the unit's children: on time, late, not sent."""
    data = services.completeness(form, unit, period)
    child, child_names = _child_of(unit, period.end)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in data.rows:
        group = child.get(row.unit_id, unit.pk)
        counts[group][("on_time", "late", "missing").index(row.state)] += 1
    rows = [GroupRow(pk, child_names.get(pk, ""), values) for pk, values in counts.items()]
    rows.sort(key=lambda row: row.name)
    return Section(
        title=_("Nộp báo cáo “%(form)s”, %(period)s") % {"form": form.name, "period": period.label},
        headers=[_("Đúng hạn"), _("Trễ hạn"), _("Chưa gửi")],
        rows=rows,
        note=_("%(sent)d/%(expected)d đơn vị đã gửi, %(late)d trễ hạn.")
        % {"sent": data.on_time + data.late, "expected": data.expected, "late": data.late},
    )


def tasks_by_unit(unit: Unit, start: dt.date, today: dt.date) -> Section:
    """Tasks due from ``start`` to ``today`` (``followup.figures.due_tasks``, its states as of today) by the
    unit's child that holds them (a former unit's tasks under its successor, ``followup.figures.holders``)."""
    from tuyengiao.followup import figures as task_figures

    done = Q(done_on__lte=today)
    not_done = Q(done_on__isnull=True) | Q(done_on__gt=today)
    per_owner = list(
        task_figures.due_tasks(unit, start, today, today)
        .values("owner_id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=done & Q(done_on__lte=F("deadline"))),
            done=Count("pk", filter=done),
            overdue=Count("pk", filter=not_done & Q(deadline__lt=today)),
        )
        .order_by("owner_id")
    )
    held = task_figures.holders([row["owner_id"] for row in per_owner], today)
    child, child_names = _child_of(unit, today)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in per_owner:
        holder = min(held.get(row["owner_id"], {row["owner_id"]}))  # a task counted once, under one holder
        group = child.get(holder, unit.pk)
        late = row["done"] - row["on_time"]
        values = [row["on_time"], late, row["overdue"], row["total"] - row["done"] - row["overdue"]]
        counts[group] = [a + b for a, b in zip(counts[group], values, strict=True)]
    rows = [GroupRow(pk, child_names.get(pk, ""), values) for pk, values in counts.items()]
    rows.sort(key=lambda row: row.name)
    total = task_figures.completion(unit, start, today, today)
    return Section(
        title=_("Thực hiện nhiệm vụ đến hạn từ %(start)s đến %(end)s")
        % {"start": f"{start:%d/%m/%Y}", "end": f"{today:%d/%m/%Y}"},
        headers=[_("Xong đúng hạn"), _("Xong trễ hạn"), _("Quá hạn"), _("Đang làm")],
        rows=rows,
        note=_("%(done)d/%(total)d nhiệm vụ đã xong (%(rate)s).")
        % {
            "done": total.done,
            "total": total.total,
            "rate": present(total.rate, ValueType.PERCENT) if total.rate is not None else "–",
        },
    )


@dataclass
class CoverageRow:
    document_id: int
    title: str
    expected: int
    done: int
    percent: Decimal | None  # of the Party members reached

    @property
    def done_percent(self) -> float | None:
        return round(self.done * 100 / self.expected, 1) if self.expected else None


def dissemination_by_document(unit: Unit, today: dt.date, limit: int = 5) -> list[CoverageRow]:
    """``dissemination.coverage.totals`` for the latest documents with a dissemination plan of the unit or of
    a unit above it (at most ``limit``): units done out of those expected, and Party members reached."""
    from tuyengiao.dissemination import coverage
    from tuyengiao.dissemination.models import DisseminationPlan

    root = coverage.territorial_root(unit, today)
    chain = [root.pk, *[v.unit_id for v in tree.ancestors(root, today)]]
    plans = list(
        DisseminationPlan.objects.filter(unit_id__in=chain, starts_on__lte=today)
        .select_related("document")
        .order_by("-starts_on", "-pk")
    )
    seen: set[int] = set()
    rows = []
    for plan in plans:
        if plan.document_id in seen:
            continue
        seen.add(plan.document_id)
        totals, _plan, _begin = coverage.totals(plan.document, root, today)
        rows.append(CoverageRow(plan.document_id, str(plan.document), totals.expected, totals.done, totals.percent))
        if len(rows) >= limit:
            break
    return rows


def coverage_chart(rows: list[CoverageRow]) -> dict[str, Any]:
    return {
        "kind": "hbar",
        "percent": True,
        "max100": True,
        "labels": [row.title for row in rows],
        "series": [
            {
                "name": _("Đơn vị đã học tập, quán triệt"),
                "data": [row.done_percent for row in rows],
                "texts": [f"{row.done}/{row.expected}" for row in rows],
            },
            {
                "name": _("Đảng viên được học tập"),
                "data": [float(row.percent) if row.percent is not None else None for row in rows],
                "texts": [present(row.percent, ValueType.PERCENT) if row.percent is not None else "–" for row in rows],
            },
        ],
    }
