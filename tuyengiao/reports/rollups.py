"""Stored yearly roll-ups: each unit's year of a form, per indicator, kept next to the reports.

A year's consolidation of a monthly form over the whole country would otherwise read every month's value
of every commune (about 5 million rows) and rank the months of each stock. ``Rollup`` keeps, per form,
year, reporting unit and indicator, what ``consolidation.py`` needs from that unit's counted (submitted or
accepted) reports of the year:

* numbers: how many reports had one, their sum, Σ(value·weight) and Σweight (the weight indicator's
  value in the same report) — what flows and weighted averages add up;
* the latest month with a number, that number and its weight — what stocks take;
* the latest period with a yes/no answer and the answer — what "n/m" counts.

These are exactly the per-unit quantities the consolidation query derived from the raw values, so the
result is the same (``tests/reports/test_rollups.py`` checks both paths against each other). Everything
that depends on the tree (which units are targets on a date, lineage, groups for the drill-down) is still
computed at query time: restructuring never touches roll-ups.

**Written with the reports, in the same transaction.** Every change of a report goes through
``services._bump`` (saving values, submitting, returning, accepting, reopening; spreadsheet imports use the
same services), which calls ``refresh_report``: the unit's rows for that form and year are deleted and
recomputed from its reports in one ``INSERT … SELECT``. Bulk loaders (the demo, the benchmark) call
``refresh`` for the whole form afterwards; changing an indicator's weight refreshes that indicator's rows.
``manage.py rollups --check`` compares the stored rows with a fresh computation; ``--rebuild`` rewrites
them all.

Only forms reported more often than yearly have roll-ups, and only years are rolled up: a quarter or half
year of a monthly form reads at most six reports per unit directly, and a yearly form has one report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from tuyengiao.lib.periods import PeriodType
from tuyengiao.reports.consolidation import COUNTED
from tuyengiao.reports.models import Form, Indicator, Report, Rollup, TargetRollup, Value
from tuyengiao.units import tree
from tuyengiao.units.models import Unit

YEARLY = PeriodType.YEAR.value

_ROLLUP = Rollup._meta.db_table
_TARGET = TargetRollup._meta.db_table
_REPORT = Report._meta.db_table
_VALUE = Value._meta.db_table
_FORM = Form._meta.db_table
_INDICATOR = Indicator._meta.db_table
COLUMNS = (
    "form_id, year, unit_id, indicator_id, reports, total, total_vw, total_w,"
    " last_period, last_number, last_weight, flag_period, flag_yes"
)


def _filters(
    form_id: int | None, year: int | None, unit_ids: Iterable[int] | None, indicator_id: int | None
) -> tuple[str, list[Any], str, list[Any]]:
    """WHERE terms and parameters for the reports/values query and for the roll-up table."""
    source: list[str] = []
    source_params: list[Any] = []
    stored: list[str] = []
    stored_params: list[Any] = []
    if form_id is not None:
        source.append("r.form_id = %s")
        source_params.append(form_id)
        stored.append("form_id = %s")
        stored_params.append(form_id)
    if year is not None:
        source.append("r.period_start BETWEEN %s AND %s")
        source_params += [dt.date(year, 1, 1), dt.date(year, 12, 31)]
        stored.append("year = %s")
        stored_params.append(year)
    if unit_ids is not None:
        ids = sorted(set(unit_ids))
        marks = ", ".join(["%s"] * len(ids)) or "NULL"
        source.append(f"r.unit_id IN ({marks})")
        source_params += ids
        stored.append(f"unit_id IN ({marks})")
        stored_params += ids
    if indicator_id is not None:
        source.append("v.indicator_id = %s")
        source_params.append(indicator_id)
        stored.append("indicator_id = %s")
        stored_params.append(indicator_id)
    return "".join(f" AND {term}" for term in source), source_params, " AND ".join(stored) or "1 = 1", stored_params


def _query(source_where: str) -> tuple[str, str]:
    """The CTEs and the final SELECT giving one row per form, year, unit and indicator from the counted
    reports (``COLUMNS`` in order)."""
    statuses = ", ".join(f"'{status}'" for status in COUNTED)
    ctes = (
        f"WITH rv AS (SELECT r.form_id, CAST(SUBSTR(r.period, 1, 4) AS INTEGER) AS year, r.unit_id, r.period,"
        f" v.indicator_id, v.number, v.flag,"
        # The weight is looked up by the unique (report, indicator) index, only where it is needed.
        f" CASE WHEN i.weight_id IS NULL OR v.number IS NULL THEN NULL ELSE (SELECT w.number FROM {_VALUE} w"
        f" WHERE w.report_id = r.id AND w.indicator_id = i.weight_id) END AS weight"
        f" FROM {_REPORT} r JOIN {_FORM} f ON f.id = r.form_id JOIN {_VALUE} v ON v.report_id = r.id"
        f" JOIN {_INDICATOR} i ON i.id = v.indicator_id"
        f" WHERE f.period_type <> '{YEARLY}' AND r.status IN ({statuses})"
        f" AND (v.number IS NOT NULL OR v.flag IS NOT NULL){source_where}),"
        f" ranked AS (SELECT rv.*,"
        f" ROW_NUMBER() OVER (PARTITION BY form_id, year, unit_id, indicator_id"
        f" ORDER BY CASE WHEN number IS NULL THEN 1 ELSE 0 END, period DESC) AS nr,"
        f" ROW_NUMBER() OVER (PARTITION BY form_id, year, unit_id, indicator_id"
        f" ORDER BY CASE WHEN flag IS NULL THEN 1 ELSE 0 END, period DESC) AS fr"
        f" FROM rv)"
    )
    select = (
        "SELECT form_id, year, unit_id, indicator_id, COUNT(number), SUM(number), SUM(number * weight),"
        " SUM(weight),"
        " MAX(CASE WHEN nr = 1 AND number IS NOT NULL THEN period END),"
        " MAX(CASE WHEN nr = 1 THEN number END), MAX(CASE WHEN nr = 1 THEN weight END),"
        " MAX(CASE WHEN fr = 1 AND flag IS NOT NULL THEN period END),"
        " MAX(CASE WHEN fr = 1 AND flag IS NOT NULL THEN (CASE WHEN flag THEN 1 ELSE 0 END) END)"
        " FROM ranked GROUP BY form_id, year, unit_id, indicator_id"
    )
    return ctes, select


@transaction.atomic
def refresh(
    *,
    form_id: int | None = None,
    year: int | None = None,
    unit_ids: Iterable[int] | None = None,
    indicator_id: int | None = None,
) -> int:
    """Recompute the stored roll-ups matching every given filter (none: all of them); return the rows written."""
    source_where, source_params, stored_where, stored_params = _filters(form_id, year, unit_ids, indicator_id)
    ctes, select = _query(source_where)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT form_id, year FROM {_ROLLUP} WHERE {stored_where}", stored_params)
        pairs = set(cursor.fetchall())
        cursor.execute(f"DELETE FROM {_ROLLUP} WHERE {stored_where}", stored_params)
        cursor.execute(f"{ctes} INSERT INTO {_ROLLUP} ({COLUMNS}) {select}", source_params)
        written = max(cursor.rowcount, 0)
        cursor.execute(f"SELECT DISTINCT form_id, year FROM {_ROLLUP} WHERE {stored_where}", stored_params)
        pairs |= set(cursor.fetchall())
    if form_id is not None and year is not None:
        pairs.add((form_id, year))
    for pair_form, pair_year in sorted(pairs):
        _refresh_targets(pair_form, pair_year, None if indicator_id is not None else unit_ids)
    if unit_ids is None and connection.vendor == "postgresql":
        # After a bulk rewrite the planner needs fresh statistics (autovacuum would come later): without
        # them it scans a whole year's rows for one province.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_ROLLUP}, {_TARGET}")
    return written


def refresh_lineage(unit_id: int) -> None:
    """After a lineage link to ``unit_id`` changed: its (and its successors') rows with predecessors."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT form_id, year FROM {_TARGET} UNION SELECT DISTINCT form_id, year FROM {_ROLLUP}"
        )
        pairs = sorted(cursor.fetchall())
    for form_id, year in pairs:
        _refresh_targets(form_id, year, [unit_id])


def _refresh_targets(form_id: int, year: int, unit_ids: Iterable[int] | None) -> None:
    """Rewrite the ``TargetRollup`` rows of ``form_id`` and ``year`` for ``unit_ids`` and their successors
    (None: for every unit), from the ``Rollup`` rows of each unit and its predecessors."""
    with connection.cursor() as cursor:
        if unit_ids is None:
            seed = f"SELECT DISTINCT unit_id FROM {_ROLLUP} WHERE form_id = %s AND year = %s"
            seed_params: list[Any] = [form_id, year]
            cursor.execute(f"DELETE FROM {_TARGET} WHERE form_id = %s AND year = %s", [form_id, year])
        else:
            ids = set(unit_ids)
            if not ids:
                return
            affected = sorted(ids | tree.lineage_ids(ids, "forward"))
            marks = ", ".join(["%s"] * len(affected))
            cursor.execute(
                f"DELETE FROM {_TARGET} WHERE form_id = %s AND year = %s AND unit_id IN ({marks})",
                [form_id, year, *affected],
            )
            seed, seed_params = f"SELECT id FROM {Unit._meta.db_table} WHERE id IN ({marks})", affected
        # aff: the seed units and their successors; contrib: each affected unit (a target) with its predecessors.
        aff, aff_params = tree.successors_cte("aff", "seed")
        contrib, contrib_params = tree.predecessors_cte("contrib", "aff")
        cursor.execute(
            f"WITH RECURSIVE seed(unit_id) AS ({seed}), {aff}, {contrib},"
            f" ranked AS (SELECT c.target_id, ro.unit_id, ro.indicator_id, ro.last_period, ro.last_number,"
            f" ro.last_weight, ro.flag_yes,"
            f" MAX(ro.last_period) OVER (PARTITION BY c.target_id, ro.indicator_id) AS top,"
            f" ROW_NUMBER() OVER (PARTITION BY c.target_id, ro.indicator_id"
            f" ORDER BY CASE WHEN ro.flag_period IS NULL THEN 1 ELSE 0 END, ro.flag_period DESC,"
            f" CASE WHEN ro.unit_id = c.target_id THEN 0 ELSE 1 END, ro.unit_id) AS fr"
            f" FROM contrib c JOIN {_ROLLUP} ro ON ro.unit_id = c.unit_id AND ro.form_id = %s AND ro.year = %s)"
            f" INSERT INTO {_TARGET} (form_id, year, unit_id, indicator_id, stock_value, stock_vw, stock_w, flag_yes)"
            f" SELECT %s, %s, target_id, indicator_id,"
            f" SUM(CASE WHEN last_period = top THEN last_number END),"
            f" SUM(CASE WHEN last_period = top THEN last_number * last_weight END),"
            f" SUM(CASE WHEN last_period = top THEN last_weight END),"
            f" MAX(CASE WHEN fr = 1 THEN flag_yes END)"
            f" FROM ranked GROUP BY target_id, indicator_id",
            [*seed_params, *aff_params, *contrib_params, form_id, year, form_id, year],
        )


def refresh_report(report: Report) -> None:
    """Bring the roll-ups of ``report``'s unit, form and year up to date (after any change of the report)."""
    if report.form.period_type == YEARLY:
        return
    refresh(form_id=report.form_id, year=int(report.period[:4]), unit_ids=[report.unit_id])


def differences(form_id: int | None = None) -> list[str]:
    """Stored rows that differ from a fresh computation (``manage.py rollups --check``; the tests): both
    tables are recomputed inside a savepoint that is rolled back, and compared with what was stored."""
    stored = _snapshot(form_id)
    with transaction.atomic():
        refresh(form_id=form_id)
        fresh = _snapshot(form_id)
        transaction.set_rollback(True)
    problems = []
    for key in sorted(set(fresh) | set(stored)):
        if fresh.get(key) != stored.get(key):
            problems.append(f"{key}: stored {stored.get(key)}, expected {fresh.get(key)}")
    return problems


def _snapshot(form_id: int | None) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    where, params = ("WHERE form_id = %s", [form_id]) if form_id is not None else ("", [])
    rows: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM {_ROLLUP} {where}", params)
        rows.update({("unit", *row[:4]): _normal(row[4:]) for row in cursor.fetchall()})
        cursor.execute(
            f"SELECT form_id, year, unit_id, indicator_id, stock_value, stock_vw, stock_w, flag_yes"
            f" FROM {_TARGET} {where}",
            params,
        )
        rows.update({("with predecessors", *row[:4]): _normal(row[4:]) for row in cursor.fetchall()})
    return rows


def _normal(values: Iterable[Any]) -> tuple[Any, ...]:
    """Comparable values: numbers to 4 decimal places (SQLite returns floats), the rest as they are."""
    from decimal import Decimal

    out: list[Any] = []
    for value in values:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            out.append(Decimal(str(value)).quantize(Decimal("0.0001")))
        else:
            out.append(value)
    return tuple(out)
