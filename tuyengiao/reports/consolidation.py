"""Consolidation in SQL: figures for a unit's subtree, a form and a period.

``consolidate(form, unit, period)`` answers "what does Đắk Lắk report for 2024" in
three SQL statements (numbers, yes/no, texts), whatever the number of units:

1. The **targets** are the units that submit the form in the unit's subtree *as
   the tree stood* on ``structure_date`` (default: the period's last day), found by
   a recursive CTE over unit versions.
2. Each target's **contributors** are the target and, through lineage links, its
   predecessors (recursively): a 2025 figure of a new commune includes what the
   communes it was formed from reported in January–June 2025. Viewing 2024 "in the
   2024 structure" simply uses a 2024 date, where the old communes are the targets.
3. Reports of the contributors for the form whose period lies inside the period
   are read, **submitted or accepted** only (drafts never count).
4. Each indicator's ``time_rule`` rolls a unit's months up (flows add, stocks take
   the latest month — per target unit, so a merged commune's stock is its own
   latest figure, not its predecessors' plus its own) and its ``rule`` rolls units up (``tuyengiao.lib.rollup``: sum,
   average, min, max, weighted average as Σ(v·w)/Σw over the reports, "n/m"
   counting each target once with its latest answer, texts unit by unit).

A predecessor split between several new communes ("part" lineage) is counted once
in totals (contributors are distinct), and once per receiving commune in
``breakdown``, which groups the same figures by the unit's children: the
drill-down from any figure to the units behind it.

SQL is the same for SQLite and PostgreSQL (recursive CTEs and window functions);
SQLite returns floats for NUMERIC arithmetic, so results are converted back to
``Decimal`` and quantised to the four decimal places values are stored with.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import connection

from tuyengiao.lib.periods import Period, PeriodError, PeriodType
from tuyengiao.lib.rollup import Ratio, Rule, ValueType, present
from tuyengiao.reports.models import (
    Form,
    FormVersion,
    Indicator,
    Item,
    Narrative,
    Report,
    Rollup,
    Section,
    TargetRollup,
    TimeRule,
    Value,
)
from tuyengiao.units import tree
from tuyengiao.units.models import Unit, UnitVersion, names, names_at

COUNTED = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
FOUR_PLACES = Decimal("0.0001")
WHOLE = 0  # the group of the whole subtree in breakdown_periods(..., whole=True): no unit has id 0

_VERSION = UnitVersion._meta.db_table
_UNIT = Unit._meta.db_table
_REPORT = Report._meta.db_table
_VALUE = Value._meta.db_table
_INDICATOR = Indicator._meta.db_table
_ROLLUP = Rollup._meta.db_table
_TARGET = TargetRollup._meta.db_table
_NARRATIVE = Narrative._meta.db_table
_SECTION = Section._meta.db_table


class ConsolidationError(ValueError):
    pass


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    value: Any  # int | Decimal | Ratio | tuple[(label, text), ...] | None
    reported: int  # contributing units (or targets, for n/m) with a value

    @property
    def text(self) -> str:
        return present(self.value, ValueType(self.indicator.value_type))

    def as_json(self) -> Any:
        if isinstance(self.value, Ratio):
            return {"n": self.value.n, "m": self.value.m}
        if isinstance(self.value, Decimal):
            return format(self.value.normalize(), "f")  # "68.5", "50": no trailing zeros, no exponent
        if isinstance(self.value, tuple):
            return [{"unit": label, "text": text} for label, text in self.value]
        return self.value


def report_periods(form: Form, period: Period) -> list[str]:
    """Codes of the form's periods inside ``period`` (a monthly form's year: its 12 months)."""
    form_type = PeriodType(form.period_type)
    if form_type == period.type:
        return [period.code]
    try:
        codes = [p.code for p in period.subperiods(form_type)]
    except PeriodError:
        codes = []
    if not codes:
        raise ConsolidationError(
            f"Mẫu “{form.name}” báo cáo theo {form_type.label.lower()}, không tổng hợp được cho {period.label}."
        )
    return codes


def _groups_cte(unit: Unit, date: dt.date, breakdown: bool) -> tuple[str, list[Any]]:
    """``sub(grp, unit_id)``: the subtree on ``date``; ``grp`` is the unit itself, or with
    ``breakdown`` the child of the unit whose subtree holds it (the unit's own row keeps
    the unit as its group)."""
    sql = (
        f"sub(grp, unit_id) AS ("
        f" SELECT v.unit_id, v.unit_id FROM {_VERSION} v WHERE v.unit_id = %s AND {tree.ACTIVE}"
        f" UNION"
        f" SELECT CASE WHEN %s AND sub.unit_id = %s THEN v.unit_id ELSE sub.grp END, v.unit_id"
        f" FROM {_VERSION} v JOIN sub ON v.parent_id = sub.unit_id WHERE {tree.ACTIVE})"
    )
    return sql, [unit.pk, date, date, breakdown, unit.pk, date, date]


def _common_ctes(form: Form, unit: Unit, date: dt.date, breakdown: bool, whole: bool = False) -> tuple[str, list[Any]]:
    """The groups, their targets and contributors. ``whole`` (with ``breakdown``) adds every target a second
    time under the group ``WHOLE``: the unit's own consolidation, computed in the same statement as its
    children's, from the same rows."""
    groups_sql, params = _groups_cte(unit, date, breakdown)
    kinds = list(form.submitter_kinds) or ["party_committee"]
    level_sql = ""
    if form.submitter_levels:
        level_sql = f" AND u.level IN ({', '.join(['%s'] * len(form.submitter_levels))})"
    contrib, contrib_params = tree.predecessors_cte("contrib", "targets", carry=["grp"])
    kept = (
        f"SELECT {{grp}}, sub.unit_id FROM sub JOIN {_UNIT} u ON u.id = sub.unit_id"
        f" WHERE u.kind IN ({', '.join(['%s'] * len(kinds))}){level_sql}"
    )
    kept_params = [*kinds, *form.submitter_levels]
    selects = [kept.format(grp="sub.grp")]
    if whole and breakdown:
        selects.append(kept.format(grp=str(WHOLE)))
    # The targets are MATERIALIZED: inlined, SQLite drove the join from every commune of the country (the
    # kind/level index) and looked each one up in the subtree.
    sql = (
        f"WITH RECURSIVE {groups_sql}, targets(grp, unit_id) AS MATERIALIZED ({' UNION ALL '.join(selects)}), {contrib}"
    )
    return sql, [*params, *kept_params * len(selects), *contrib_params]


def membership(
    form: Form, unit: Unit, date: dt.date, breakdown: bool, whole: bool = False
) -> list[tuple[int, int, int]]:
    """Every (group, target, contributing unit) of a consolidation, sorted: all it takes from the tree (which
    reports count, under which group, with the "m" of n/m) apart from the names texts are labelled with."""
    ctes, params = _common_ctes(form, unit, date, breakdown, whole)
    with connection.cursor() as cursor:
        cursor.execute(f"{ctes} SELECT grp, target_id, unit_id FROM contrib ORDER BY 1, 2, 3", params)
        return [tuple(row) for row in cursor.fetchall()]


def _report_filter(form: Form, codes: list[str], statuses: Iterable[str]) -> tuple[str, list[Any]]:
    statuses = list(statuses)
    sql = (
        f"r.form_id = %s AND r.period IN ({', '.join(['%s'] * len(codes))})"
        f" AND r.status IN ({', '.join(['%s'] * len(statuses))})"
    )
    return sql, [form.pk, *codes, *statuses]


def _bucket(column: str, buckets: dict[Any, int]) -> tuple[str, list[Any]]:
    """The bucket (index of the consolidated period) of a report's period code, or of a roll-up's year."""
    if len(set(buckets.values())) == 1:
        return "%s", [next(iter(buckets.values()))]
    whens = " ".join(["WHEN %s THEN %s"] * len(buckets))
    return f"CASE {column} {whens} END", [item for pair in buckets.items() for item in pair]


def _chosen(form: Form, buckets: dict[str, int], statuses: Iterable[str]) -> tuple[str, list[Any]]:
    """A CTE of the contributors' reports that count, each with its bucket (the consolidated period it falls
    in): it runs first, so values are read only for the subtree's reports (through the value index on
    report), never for the whole country's."""
    bucket, bucket_params = _bucket("r.period", buckets)
    where, params = _report_filter(form, list(buckets), statuses)
    sql = (
        f" chosen(id, unit_id, period, bucket) AS (SELECT r.id, r.unit_id, r.period, {bucket} FROM {_REPORT} r"
        f" WHERE {where} AND r.unit_id IN (SELECT unit_id FROM contrib))"
    )
    return sql, [*bucket_params, *params]


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(FOUR_PLACES)


def _number(indicator: Indicator, value: Any) -> int | Decimal | None:
    number = _decimal(value)
    if number is None:
        return None
    if indicator.value_type == ValueType.INTEGER and number == number.to_integral():
        return int(number)
    return number


@dataclass(frozen=True)
class _Batch:
    """Periods consolidated by the same statements: their report periods do not overlap, so each report falls
    in one bucket (the index of its period in the caller's list); ``years`` for the stored path."""

    buckets: dict[str, int]  # report period code → bucket
    years: dict[int, int] | None  # year → bucket, when the batch reads the stored roll-ups

    @property
    def single(self) -> bool:
        """Each bucket is one report period (the form's own: a month of a monthly form)."""
        return len(set(self.buckets.values())) == len(self.buckets)


def _numeric(
    form: Form,
    unit: Unit,
    date: dt.date,
    batch: _Batch,
    statuses: Iterable[str],
    breakdown: bool,
    whole: bool,
    indicators: list[Indicator],
) -> list[tuple]:
    """Per bucket, group and indicator: SUM, AVG, MIN, MAX, COUNT of the units' values, Σ(v·w) and Σw.

    Flows are added up per contributing unit (each predecessor once). Stocks are
    taken per target unit at the latest month any of its contributors reported:
    after a merger that is the new commune's own figure, not the old communes'
    June figures plus the new commune's October one.
    """
    if batch.years is not None:
        return _numeric_stored(form, unit, date, breakdown, whole, batch.years, indicators)
    numbers = _ids(i.pk for i in indicators if i.rule not in (Rule.COUNT_YES, Rule.TEXT))
    if numbers == "NULL":
        return []
    ctes, params = _common_ctes(form, unit, date, breakdown, whole)
    chosen, chosen_params = _chosen(form, batch.buckets, statuses)
    # A bucket of one report period (a month of a monthly form) holds at most one report per unit: a flow per
    # unit is then its one value, and every contributor's stock is at the bucket's latest (only) period, so
    # those two steps (a GROUP BY of every value, a window over every stock) are left out: the same figures.
    if batch.single:
        unit_flows = "SELECT bucket, unit_id, indicator_id, number AS value, number * weight AS vw, weight AS w"
        unit_flows += " FROM rv WHERE time_rule = %s"
        stocks = (
            "SELECT rv.bucket, c.grp, rv.indicator_id, SUM(rv.number) AS value,"
            " SUM(rv.number * rv.weight) AS vw, SUM(rv.weight) AS w"
            " FROM rv JOIN contrib c ON c.unit_id = rv.unit_id WHERE rv.time_rule = %s"
            " GROUP BY rv.bucket, c.grp, c.target_id, rv.indicator_id"
        )
    else:
        unit_flows = (
            "SELECT bucket, unit_id, indicator_id, SUM(number) AS value, SUM(number * weight) AS vw,"
            " SUM(weight) AS w FROM rv WHERE time_rule = %s GROUP BY bucket, unit_id, indicator_id"
        )
        stocks = (
            "SELECT bucket, grp, indicator_id, SUM(number) AS value, SUM(number * weight) AS vw,"
            " SUM(weight) AS w FROM ("
            "SELECT rv.bucket, c.grp, c.target_id, rv.indicator_id, rv.period, rv.number, rv.weight,"
            " MAX(rv.period) OVER (PARTITION BY rv.bucket, c.grp, c.target_id, rv.indicator_id) AS last_period"
            " FROM rv JOIN contrib c ON c.unit_id = rv.unit_id WHERE rv.time_rule = %s) stock_rows"
            " WHERE period = last_period GROUP BY bucket, grp, target_id, indicator_id"
        )
    sql = (
        f"{ctes},{chosen},"
        f" members(grp, unit_id) AS (SELECT DISTINCT grp, unit_id FROM contrib),"
        # The weight is looked up (by the unique report+indicator index) only for weighted indicators: a
        # join would make the planner hash the whole value table. The indicators are a literal list behind a
        # unary plus (read with each report's values, never driving the join).
        f" rv AS (SELECT r.bucket, r.unit_id, r.period, v.indicator_id, i.time_rule, v.number,"
        f" CASE WHEN i.weight_id IS NULL THEN NULL ELSE (SELECT w.number FROM {_VALUE} w"
        f" WHERE w.report_id = r.id AND w.indicator_id = i.weight_id) END AS weight"
        f" FROM chosen r JOIN {_VALUE} v ON v.report_id = r.id JOIN {_INDICATOR} i ON i.id = v.indicator_id"
        f" WHERE +i.id IN ({numbers}) AND v.number IS NOT NULL),"
        # Flows per contributing unit (a predecessor split between communes: once per group), then by group.
        f" unit_flows AS ({unit_flows}),"
        # CROSS JOIN: SQLite reads the values once and looks each unit's groups up (it indexed every value
        # to look them up from the groups instead); PostgreSQL reads it as an inner join.
        f" flows AS (SELECT f.bucket, m.grp, f.indicator_id, f.value, f.vw, f.w"
        f" FROM unit_flows f CROSS JOIN members m WHERE m.unit_id = f.unit_id),"
        # Stocks per group and target, each from the contributors of the target (a join of the targets after
        # grouping would meet PostgreSQL's estimate of one target: a nested loop over every stock row).
        f" stocks AS ({stocks}),"
        f" per_unit AS (SELECT * FROM flows UNION ALL SELECT * FROM stocks)"
        f" SELECT bucket, grp, indicator_id, SUM(value), AVG(value), MIN(value), MAX(value), COUNT(value),"
        f" SUM(vw), SUM(w)"
        f" FROM per_unit GROUP BY bucket, grp, indicator_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *chosen_params, TimeRule.SUM, TimeRule.LATEST])
        return cursor.fetchall()


def _ids(ids: Iterable[int]) -> str:
    return ", ".join(str(int(i)) for i in sorted(set(ids))) or "NULL"


def _numeric_stored(
    form: Form,
    unit: Unit,
    date: dt.date,
    breakdown: bool,
    whole: bool,
    years: dict[int, int],
    indicators: list[Indicator],
) -> list[tuple]:
    """``_numeric`` for whole years, from the stored roll-ups (``rollups.py``): flows from each contributing
    unit's year (``Rollup``), stocks from each target's year with its predecessors (``TargetRollup``).

    The indicators are given as literal id lists behind a unary plus, so that neither database uses them
    to drive the join: both read each unit's rows by the (form, year, unit) prefix of the unique index.
    """
    ctes, params = _common_ctes(form, unit, date, breakdown, whole)
    flows = _ids(i.pk for i in indicators if i.time_rule == TimeRule.SUM)
    stocks = _ids(i.pk for i in indicators if i.time_rule == TimeRule.LATEST)
    totals = "SUM(value), AVG(value), MIN(value), MAX(value), COUNT(value), SUM(vw), SUM(w)"
    marks = ", ".join(["%s"] * len(years))
    flow_bucket, flow_bucket_params = _bucket("ro.year", years)
    stock_bucket, stock_bucket_params = _bucket("tr.year", years)
    # Flows and stocks are two statements, not one UNION ALL: in a union SQLite (3.40) guessed the targets to be
    # many and built a Bloom filter over the whole year's TargetRollup rows before reading a province's hundred
    # (ten times the work of both statements together; `make bench` province-year, issue #16).
    flows_sql = (
        f"{ctes},"
        f" members(grp, unit_id) AS (SELECT DISTINCT grp, unit_id FROM contrib)"
        f" SELECT bucket, grp, indicator_id, {totals} FROM ("
        f"SELECT {flow_bucket} AS bucket, m.grp, ro.indicator_id, ro.total AS value, ro.total_vw AS vw,"
        f" ro.total_w AS w"
        f" FROM members m JOIN {_ROLLUP} ro ON ro.form_id = %s AND ro.year IN ({marks}) AND ro.unit_id = m.unit_id"
        f" WHERE +ro.indicator_id IN ({flows}) AND ro.reports > 0) per_unit GROUP BY bucket, grp, indicator_id"
    )
    stocks_sql = (
        f"{ctes}"
        f" SELECT bucket, grp, indicator_id, {totals} FROM ("
        f"SELECT {stock_bucket} AS bucket, t.grp, tr.indicator_id, tr.stock_value AS value, tr.stock_vw AS vw,"
        f" tr.stock_w AS w"
        f" FROM targets t JOIN {_TARGET} tr ON tr.form_id = %s AND tr.year IN ({marks}) AND tr.unit_id = t.unit_id"
        f" WHERE +tr.indicator_id IN ({stocks}) AND tr.stock_value IS NOT NULL) per_unit"
        f" GROUP BY bucket, grp, indicator_id"
    )
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for sql, wanted, bucket_params in (
            (flows_sql, flows, flow_bucket_params),
            (stocks_sql, stocks, stock_bucket_params),
        ):
            if wanted != "NULL":
                cursor.execute(sql, [*params, *bucket_params, form.pk, *years])
                rows.extend(cursor.fetchall())
    return rows


def _flags(
    form: Form,
    unit: Unit,
    date: dt.date,
    batch: _Batch,
    statuses: Iterable[str],
    breakdown: bool,
    whole: bool,
    indicators: list[Indicator],
) -> list[tuple]:
    """Per bucket, group and yes/no indicator (of ``indicators``): the targets answering yes, and answering."""
    flags = _ids(i.pk for i in indicators if i.rule == Rule.COUNT_YES)
    if flags == "NULL":
        return []
    ctes, params = _common_ctes(form, unit, date, breakdown, whole)
    # The latest answer per target; among predecessors answering in the same month, the target's own
    # report first, then the lowest unit id, so the result never depends on row order. For whole years the
    # stored roll-ups give each target's latest answer directly.
    if batch.years is None:
        chosen, where_params = _chosen(form, batch.buckets, statuses)
        picked = (
            f"{chosen}, answers AS ("
            f" SELECT r.bucket, c.grp, c.target_id, v.indicator_id, CASE WHEN v.flag THEN 1 ELSE 0 END AS yes,"
            f" ROW_NUMBER() OVER (PARTITION BY r.bucket, c.grp, c.target_id,"
            f" v.indicator_id ORDER BY r.period DESC, CASE WHEN r.unit_id = c.target_id THEN 0 ELSE 1 END,"
            f" r.unit_id) AS rn"
            f" FROM chosen r JOIN {_VALUE} v ON v.report_id = r.id JOIN contrib c ON c.unit_id = r.unit_id"
            f" WHERE v.indicator_id IN ({flags}) AND v.flag IS NOT NULL),"
            f" picked AS (SELECT bucket, grp, indicator_id, yes FROM answers WHERE rn = 1)"
        )
    else:
        bucket, bucket_params = _bucket("tr.year", batch.years)
        where_params = [*bucket_params, form.pk, *batch.years]
        picked = (
            f" picked AS (SELECT {bucket} AS bucket, t.grp, tr.indicator_id, tr.flag_yes AS yes"
            f" FROM targets t JOIN {_TARGET} tr ON tr.form_id = %s"
            f" AND tr.year IN ({', '.join(['%s'] * len(batch.years))}) AND tr.unit_id = t.unit_id"
            f" WHERE +tr.indicator_id IN ({flags}) AND tr.flag_yes IS NOT NULL)"
        )
    sql = f"{ctes},{picked} SELECT bucket, grp, indicator_id, SUM(yes), COUNT(*) FROM picked GROUP BY 1, 2, 3"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params])
        return cursor.fetchall()


def _expected(form: Form, unit: Unit, date: dt.date, breakdown: bool, whole: bool) -> dict[int, int]:
    """The targets of each group: the "m" of n/m (the same for every period, in one structure)."""
    ctes, params = _common_ctes(form, unit, date, breakdown, whole)
    with connection.cursor() as cursor:
        cursor.execute(f"{ctes} SELECT grp, COUNT(DISTINCT unit_id) FROM targets GROUP BY grp", params)
        return {grp: count for grp, count in cursor.fetchall()}


def _texts(
    form: Form,
    unit: Unit,
    date: dt.date,
    batch: _Batch,
    statuses: Iterable[str],
    breakdown: bool,
    whole: bool,
    indicator_ids: list[int],
) -> list[tuple]:
    """The text indicators' answers (``indicator_ids``), read by the (report, indicator) index."""
    if not indicator_ids:
        return []
    ctes, params = _common_ctes(form, unit, date, breakdown, whole)
    chosen, where_params = _chosen(form, batch.buckets, statuses)
    sql = (
        f"{ctes},{chosen},"
        f" members(grp, unit_id) AS (SELECT DISTINCT grp, unit_id FROM contrib)"
        f" SELECT r.bucket, m.grp, v.indicator_id, u.code, u.key, r.unit_id, r.period, v.text"
        f" FROM chosen r JOIN {_VALUE} v ON v.report_id = r.id JOIN members m ON m.unit_id = r.unit_id"
        f" JOIN {_UNIT} u ON u.id = r.unit_id"
        f" WHERE v.indicator_id IN ({', '.join(['%s'] * len(indicator_ids))}) AND v.text <> ''"
        f" ORDER BY r.bucket, m.grp, v.indicator_id, u.code, u.key, r.period"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params, *indicator_ids])
        return cursor.fetchall()


def _indicators(version: FormVersion, only: list[str] | None) -> list[Indicator]:
    items = (
        Item.objects.filter(section__version=version).select_related("indicator").order_by("section__order", "order")
    )
    indicators = [item.indicator for item in items]
    if only is not None:
        wanted = set(only)
        indicators = [i for i in indicators if i.code in wanted]
    return indicators


@dataclass
class _Plan:
    """One period to consolidate: its report periods and its version's indicators."""

    period: Period
    codes: list[str]
    indicators: list[Indicator]
    stored: bool
    by_id: dict[int, Indicator] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {i.pk: i for i in self.indicators}


def _plans(
    form: Form, periods: list[Period], statuses: list[str], only: Iterable[str] | None, stored: bool, strict: bool
) -> dict[int, _Plan]:
    """Each period's plan by its index in ``periods``; a period the form cannot give raises (``strict``) or is
    left out. Periods under one form version share one query of its indicators."""
    only = None if only is None else list(only)
    plans: dict[int, _Plan] = {}
    by_version: dict[int, list[Indicator]] = {}
    versions = list(form.versions.all())  # one query (none when prefetched) for every period
    for index, period in enumerate(periods):
        try:
            codes = report_periods(form, period)
            version = form.version_for(period, versions)
            if version is None:
                raise ConsolidationError(f"Mẫu “{form.name}” chưa có phiên bản áp dụng cho {period.label}.")
        except ConsolidationError:
            if strict:
                raise
            continue
        if version.pk not in by_version:
            by_version[version.pk] = _indicators(version, only)
        indicators = by_version[version.pk]
        # A year of counted reports of a monthly (quarterly …) form: read the stored roll-ups (rollups.py).
        use_stored = (
            stored
            and period.type == PeriodType.YEAR
            and form.period_type != PeriodType.YEAR
            and set(statuses) == set(COUNTED)
        )
        plans[index] = _Plan(period, codes, indicators, use_stored)
    return plans


def _batches(plans: dict[int, _Plan]) -> list[_Batch]:
    """The plans grouped into as few batches as possible: one read path each, no report period in two buckets."""
    batches: list[tuple[dict[str, int], dict[int, int] | None]] = []
    for index, plan in plans.items():
        for buckets, years in batches:
            if (years is not None) == plan.stored and not set(plan.codes) & set(buckets):
                if years is not None and plan.period.year in years:
                    continue
                break
        else:
            buckets, years = {}, ({} if plan.stored else None)
            batches.append((buckets, years))
        buckets.update(dict.fromkeys(plan.codes, index))
        if years is not None:
            years[plan.period.year] = index
    return [_Batch(buckets, years) for buckets, years in batches]


def _run(
    form: Form,
    unit: Unit,
    periods: list[Period],
    structure_date: dt.date | None,
    statuses: Iterable[str],
    only: Iterable[str] | None,
    breakdown: bool,
    whole: bool = False,
    stored: bool = True,
    strict: bool = True,
    cached: bool = False,
) -> dict[int, dict[int, dict[str, Figure]]]:
    """Figures by period index, group and indicator code: the one consolidation behind every public function.

    All periods are consolidated in the structure of one date (default: the latest period's end) by the same
    statements, grouped by period as well as by group: numbers and yes/no once per read path (the stored
    years, the reports), the expected units once, texts once. ``cached``: periods already computed from the
    same data are taken from the stored group figures of the root (``grouprollups.py``) or from the cache, and only
    the others computed (``figurecache.py``)."""
    if not periods:
        return {}
    date = structure_date or max(period.end for period in periods)
    statuses = list(statuses)
    plans = _plans(form, periods, statuses, only, stored, strict)
    if not cached or not plans:
        return _compute(form, unit, plans, date, statuses, breakdown, whole)
    from tuyengiao.reports import figurecache, grouprollups

    results: dict[int, dict[int, dict[str, Figure]]] = {}
    if grouprollups.applies(unit, breakdown, statuses):
        served = {index: plan for index, plan in plans.items() if grouprollups.servable(plan)}
        found = grouprollups.run(form, unit, served, date, whole) if served else None
        if found is not None:
            results.update(found)
    rest = {index: plan for index, plan in plans.items() if index not in results}
    if rest:
        # The stamps are read before the figures are computed: a figure is never kept under a newer stamp than
        # the data it was computed from.
        asked = {i: (p.codes, p.indicators, p.stored) for i, p in rest.items()}
        keys = figurecache.keys(form, unit, asked, date, statuses, breakdown, whole)
        results.update(figurecache.load(keys, {i: p.by_id for i, p in rest.items()}))
        missing = {index: plan for index, plan in rest.items() if index not in results}
        computed = _compute(form, unit, missing, date, statuses, breakdown, whole) if missing else {}
        figurecache.store({keys[index]: by_group for index, by_group in computed.items()})
        results.update(computed)
    return {index: results[index] for index in plans}


def _compute(
    form: Form,
    unit: Unit,
    plans: dict[int, _Plan],
    date: dt.date,
    statuses: list[str],
    breakdown: bool,
    whole: bool,
) -> dict[int, dict[int, dict[str, Figure]]]:
    """``_run`` of the periods of ``plans``, from the database."""
    if not plans:
        return {}
    numbers, flags = _sums(form, unit, plans, date, statuses, breakdown, whole, _every_indicator(plans))
    expected = _expected(form, unit, date, breakdown, whole)
    return _assemble(form, unit, plans, date, statuses, breakdown, whole, numbers, flags, expected)


def _every_indicator(plans: dict[int, _Plan]) -> list[Indicator]:
    return list({i.pk: i for plan in plans.values() for i in plan.indicators}.values())


def _sums(
    form: Form,
    unit: Unit,
    plans: dict[int, _Plan],
    date: dt.date,
    statuses: list[str],
    breakdown: bool,
    whole: bool,
    indicators: list[Indicator],
) -> tuple[list[tuple], list[tuple]]:
    """The rows of the number statements (bucket, group, indicator, SUM, AVG, MIN, MAX, COUNT, Σ(v·w), Σw) and of
    the yes/no statements (bucket, group, indicator, yes, answered) of ``plans``: what ``_assemble`` makes figures
    of, and what ``grouprollups`` keeps per group."""
    numbers: list[tuple] = []
    flags: list[tuple] = []
    for batch in _batches(plans):
        numbers += _numeric(form, unit, date, batch, statuses, breakdown, whole, indicators)
        flags += _flags(form, unit, date, batch, statuses, breakdown, whole, indicators)
    return numbers, flags


def _assemble(
    form: Form,
    unit: Unit,
    plans: dict[int, _Plan],
    date: dt.date,
    statuses: list[str],
    breakdown: bool,
    whole: bool,
    numbers: Iterable[tuple],
    flags: Iterable[tuple],
    expected: dict[int, int],
) -> dict[int, dict[int, dict[str, Figure]]]:
    """Figures by period index, group and code from the statements' rows (``_sums``), with the texts read here."""
    results: dict[int, dict[int, dict[str, Figure]]] = {index: defaultdict(dict) for index in plans}
    for bucket, grp, indicator_id, total, avg, low, high, count, vw, w in numbers:
        plan = plans.get(bucket)
        indicator = plan.by_id.get(indicator_id) if plan is not None else None
        if indicator is None:
            continue
        rule = indicator.rule  # a text choice: equal to its Rule member
        if rule in (Rule.SUM, Rule.LATEST):
            value: Any = _number(indicator, total)
        elif rule == Rule.AVERAGE:
            value = _decimal(avg)
        elif rule == Rule.MIN:
            value = _number(indicator, low)
        elif rule == Rule.MAX:
            value = _number(indicator, high)
        elif rule == Rule.WEIGHTED_AVERAGE:
            weight = _decimal(w)
            value = (_decimal(vw) / weight).quantize(FOUR_PLACES) if weight else None  # type: ignore[operator]
        else:
            continue
        results[bucket][grp][indicator.code] = Figure(indicator, value, int(count))

    for bucket, grp, indicator_id, yes, answered in flags:
        plan = plans.get(bucket)
        indicator = plan.by_id.get(indicator_id) if plan is not None else None
        if indicator is not None and indicator.rule == Rule.COUNT_YES:
            results[bucket][grp][indicator.code] = Figure(
                indicator, Ratio(int(yes), expected.get(grp, 0), int(answered)), int(answered)
            )

    text_ids = [i.pk for i in _every_indicator(plans) if i.rule == Rule.TEXT]
    text_rows: list[tuple] = []
    if text_ids:
        # Texts are read from the reports whatever the numbers' path (the stored roll-ups hold none).
        for batch in _batches({index: replace(plan, stored=False) for index, plan in plans.items()}):
            text_rows += _texts(form, unit, date, batch, statuses, breakdown, whole, text_ids)
    # Each writer named as it was in the period it wrote for (a former commune by its last name).
    labels = names_at({(row[5], Period.parse(row[6]).end) for row in text_rows}, area=True)
    texts: dict[tuple[int, int, int], list[tuple[str, str]]] = defaultdict(list)
    for bucket, grp, indicator_id, _code, _key, unit_id, period_code, text in text_rows:
        label = labels.get((unit_id, Period.parse(period_code).end), "")
        if len(plans[bucket].codes) > 1:
            label = f"{label} ({Period.parse(period_code).short_label})"
        texts[(bucket, grp, indicator_id)].append((label, text))
    for (bucket, grp, indicator_id), entries in texts.items():
        indicator = plans[bucket].by_id.get(indicator_id)
        if indicator is not None and indicator.rule == Rule.TEXT:
            results[bucket][grp][indicator.code] = Figure(indicator, tuple(entries), len(entries))

    # Indicators nobody reported still appear, empty (n/m with n = 0 for yes/no questions).
    always = ({unit.pk} if not breakdown else set()) | ({WHOLE} if breakdown and whole else set())
    for bucket, plan in plans.items():
        for grp in set(results[bucket]) | set(expected) | always:
            figures = results[bucket][grp]
            for indicator in plan.indicators:
                if indicator.code not in figures:
                    empty: Any = Ratio(0, expected.get(grp, 0), 0) if indicator.rule == Rule.COUNT_YES else None
                    figures[indicator.code] = Figure(indicator, empty, 0)
    return results


def consolidate(
    form: Form,
    unit: Unit,
    period: Period,
    *,
    structure_date: dt.date | None = None,
    statuses: Iterable[str] = COUNTED,
    indicators: Iterable[str] | None = None,
    stored: bool = True,
) -> dict[str, Figure]:
    """Figures of ``form`` for ``unit``'s subtree and ``period``, by indicator code: ``consolidate_periods``
    of one period.

    ``stored=False`` reads a year from the reports instead of the stored roll-ups (the same figures;
    used to check one against the other)."""
    results = _run(form, unit, [period], structure_date, statuses, indicators, breakdown=False, stored=stored)
    return dict(sorted(results[0].get(unit.pk, {}).items()))


def consolidate_periods(
    form: Form,
    unit: Unit,
    periods: list[Period],
    *,
    structure_date: dt.date | None = None,
    statuses: Iterable[str] = COUNTED,
    indicators: Iterable[str] | None = None,
    stored: bool = True,
    cached: bool = False,
) -> dict[str, dict[str, Figure]]:
    """``consolidate`` of each period, by period code, all in the structure of one date (default: the latest
    period's end), in the same few statements whatever the number of periods. A period the form cannot give
    (before its first version, shorter than the form's) is left out. ``cached``: see ``figurecache.py``."""
    results = _run(
        form,
        unit,
        periods,
        structure_date,
        statuses,
        indicators,
        breakdown=False,
        stored=stored,
        strict=False,
        cached=cached,
    )
    return {periods[index].code: dict(sorted(by_group.get(unit.pk, {}).items())) for index, by_group in results.items()}


def breakdown(
    form: Form,
    unit: Unit,
    period: Period,
    *,
    structure_date: dt.date | None = None,
    statuses: Iterable[str] = COUNTED,
    indicators: Iterable[str] | None = None,
    stored: bool = True,
) -> dict[int, dict[str, Figure]]:
    """The same figures for each child of ``unit`` (and the unit's own report under its id)."""
    results = _run(form, unit, [period], structure_date, statuses, indicators, breakdown=True, stored=stored)
    return dict(results[0])


def breakdown_periods(
    form: Form,
    unit: Unit,
    periods: list[Period],
    *,
    structure_date: dt.date | None = None,
    statuses: Iterable[str] = COUNTED,
    indicators: Iterable[str] | None = None,
    stored: bool = True,
    whole: bool = False,
    cached: bool = False,
) -> dict[str, dict[int, dict[str, Figure]]]:
    """``breakdown`` of each period, by period code, in one structure (as ``consolidate_periods``). ``whole``
    adds the unit's own consolidation under ``WHOLE``: the figures ``consolidate`` gives, from the same
    statements. ``cached``: see ``figurecache.py``."""
    results = _run(
        form,
        unit,
        periods,
        structure_date,
        statuses,
        indicators,
        breakdown=True,
        whole=whole,
        stored=stored,
        strict=False,
        cached=cached,
    )
    return {periods[index].code: dict(by_group) for index, by_group in results.items()}


def narratives(
    form: Form,
    unit: Unit,
    period: Period,
    *,
    structure_date: dt.date | None = None,
    statuses: Iterable[str] = COUNTED,
) -> dict[str, list[tuple[str, str]]]:
    """The text sections (``Section.Kind``: results, limitations …) the subtree's units wrote in ``period``,
    unit by unit: ``{kind: [(unit name, text), …]}``, one SQL statement plus the units' names.

    A unit's texts of several months are joined (each distinct text once); predecessors are listed
    under their own names, like the text figures.
    """
    date = structure_date or period.end
    codes = report_periods(form, period)
    ctes, params = _common_ctes(form, unit, date, False)
    chosen, where_params = _chosen(form, dict.fromkeys(codes, 0), statuses)
    sql = (
        f"{ctes},{chosen},"
        f" members(unit_id) AS (SELECT DISTINCT unit_id FROM contrib)"
        f" SELECT s.kind, r.unit_id, n.text"
        f" FROM chosen r JOIN {_NARRATIVE} n ON n.report_id = r.id JOIN {_SECTION} s ON s.id = n.section_id"
        f" JOIN members m ON m.unit_id = r.unit_id JOIN {_UNIT} u ON u.id = r.unit_id"
        f" WHERE n.text <> ''"
        f" ORDER BY s.kind, u.code, u.key, r.period"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params])
        rows = cursor.fetchall()
    labels = names({row[1] for row in rows}, period.end, area=True)
    by_unit: dict[str, dict[int, list[str]]] = defaultdict(dict)
    for kind, unit_id, text in rows:
        texts = by_unit[kind].setdefault(unit_id, [])
        text = text.strip()
        if text and text not in texts:
            texts.append(text)
    return {
        kind: [(labels.get(unit_id, ""), " ".join(texts)) for unit_id, texts in units.items()]
        for kind, units in by_unit.items()
    }
