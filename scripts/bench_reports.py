# ruff: noqa: S608  (SQL built from table names in _meta and fixed column lists; values are parameters)
"""Speed of report consolidation at national scale, checked against DuckDB: part of `make bench`.

Database: without DATABASE_URL, its own SQLite file ``var/bench/tuyengiao.sqlite3`` (deleted and rebuilt on every
run; never the developer's ``var/tuyengiao.sqlite3``). With DATABASE_URL, the database it names (SQLite or
PostgreSQL): the script migrates it, loads the unit tree, then **deletes every report in it** (TRUNCATE) and
generates its own. It refuses (exit 2) when that database holds reports of any other form: point it at a scratch
database.

Data (``generate``):

* the real unit tree (``tuyengiao.units.loader``: the 2024 structure, 63 provinces / 10,051 communes, and the
  structure from 01/07/2025, 34 provinces / 3,321 communes, with the lineage links);
* one monthly form submitted by commune party committees, 60 numeric indicators (``--indicators``) mixing the rules:
  sums (integer and decimal), latest stock, weighted average (weighted by a count, or by a stock), plain average,
  min, max, yes/no counted "n/m";
* 24 months, 2024M07–2026M06: every old commune (``c:*``) reports 2024M07–2025M06 and every new commune
  (``c2025:*``) 2025M07–2026M06, all accepted, every value filled. Inserted through the DB cursor (executemany on
  SQLite, COPY on PostgreSQL), without history rows.

Measurements (median of ``--repeat`` runs after one warm-up), all through ``tuyengiao.reports.consolidation``:

* province-year: Đắk Lắk (``p:66``, which absorbed Phú Yên on 01/07/2025), 2025, in the structure of 31/12/2025;
* country-year: the whole tree under the central committee (``central``, the root), 2025;
* year-on-year: Đắk Lắk 2025 and Đắk Lắk 2024 in the 2025 structure (``structure_date=2025-12-31``: the old
  communes' 2024 reports counted under the new communes through lineage), i.e. two ``consolidate`` calls.

The rows consolidation reads (units, versions, links, indicators, reports, values) are exported to an in-process
DuckDB, which computes the same aggregates with its own SQL (``DUCK_*`` below). Figures must be identical:
exactly for sums, latest stocks, min and max, n/m, to 0.0001 for averages (both sides round to four places).
One exception is documented in ``differences``: a yes/no answer tied between several predecessors of a merged
commune (same last month) may be any of them, so n must lie between DuckDB's bounds.

Exit status: 1 when a figure differs (a correctness failure), or when the stored roll-ups are not what a year
reads: a statement of the stored path touches the value table, or the stored path is not faster than reading the
reports ("direct"); 0 otherwise. Targets (within 3x of DuckDB; the country-year under 1 s) are printed as "ok" or
"MISSED" but do not fail the run, so the published figures are the measured ones.

``--write-docs`` writes the results table, with the machine, the date and the commit, into docs/performance.md
between ``<!-- consolidation-<database>:start -->`` and ``<!-- consolidation-<database>:end -->`` (sqlite or
postgresql), so the published figures are always those of a run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"

if __name__ == "__main__":  # imported by the smoke test, Django is already set up there
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    if not os.environ.get("DATABASE_URL"):
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        for stale in BENCH_DIR.glob("tuyengiao.sqlite3*"):
            stale.unlink()
        os.environ["TG_DATA_DIR"] = str(BENCH_DIR)
    import django

    django.setup()

import duckdb  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tuyengiao.lib.periods import Period, PeriodType, periods_between  # noqa: E402
from tuyengiao.lib.rollup import Ratio, Rule  # noqa: E402
from tuyengiao.reports import rollups  # noqa: E402
from tuyengiao.reports.consolidation import COUNTED, Figure, consolidate, report_periods  # noqa: E402
from tuyengiao.reports.models import (  # noqa: E402
    Form,
    FormVersion,
    Indicator,
    Item,
    Narrative,
    Report,
    ReportAction,
    Rollup,
    Section,
    TimeRule,
    Value,
)
from tuyengiao.units import loader  # noqa: E402
from tuyengiao.units.models import Unit, UnitLink, UnitVersion  # noqa: E402

FORM_CODE = "bench-thang"
INDICATOR_PREFIX = "bench-"
FIRST_MONTH, REFORM_MONTH, LAST_MONTH = "2024M07", "2025M07", "2026M06"
PROVINCE = "p:66"  # Đắk Lắk: absorbed Phú Yên on 01/07/2025
RATIO_TARGET = 3.0
ROLLUP_SECONDS = 0.0  # time to compute the stored roll-ups of the generated reports
COUNTRY_TARGET_MS = 1000.0
FOUR_PLACES = Decimal("0.0001")


class BenchError(RuntimeError):
    """The configured database cannot be used for the benchmark."""


def postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Synthetic data ---------------------------------------------------------------------------------------------------

# A cycle of ten indicators; the weighted averages are weighted by the cycle's first count (a flow) or its stock.
KINDS = ("count", "count", "stock", "percent", "amount", "yes_no", "min", "max", "average", "percent_stock")


@dataclass(frozen=True)
class Spec:
    code: str
    kind: str


def specs(count: int) -> list[Spec]:
    return [Spec(f"{INDICATOR_PREFIX}{i:02d}", KINDS[i % len(KINDS)]) for i in range(count)]


def make_form(indicator_specs: list[Spec]) -> tuple[Form, list[tuple[int, str]]]:
    """The form and its indicators as (id, kind), in form order."""
    indicators: list[Indicator] = []
    weight: dict[str, Indicator] = {}
    for index, spec in enumerate(indicator_specs):
        fields: dict[str, Any] = {"code": spec.code, "name": f"Chỉ tiêu thử {index + 1}"}
        match spec.kind:
            case "count":
                fields |= {"value_type": "integer", "rule": Rule.SUM}
            case "stock":
                fields |= {"value_type": "integer", "rule": Rule.LATEST, "time_rule": TimeRule.LATEST}
            case "percent":
                fields |= {"value_type": "percent", "rule": Rule.WEIGHTED_AVERAGE, "weight": weight["count"]}
            case "percent_stock":
                fields |= {
                    "value_type": "percent",
                    "rule": Rule.WEIGHTED_AVERAGE,
                    "time_rule": TimeRule.LATEST,
                    "weight": weight["stock"],
                }
            case "amount":
                fields |= {"value_type": "decimal", "rule": Rule.SUM}
            case "yes_no":
                fields |= {"value_type": "boolean", "rule": Rule.COUNT_YES, "time_rule": TimeRule.LATEST}
            case "min":
                fields |= {"value_type": "integer", "rule": Rule.MIN, "time_rule": TimeRule.LATEST}
            case "max":
                fields |= {"value_type": "decimal", "rule": Rule.MAX}
            case "average":
                fields |= {"value_type": "percent", "rule": Rule.AVERAGE, "time_rule": TimeRule.LATEST}
        indicator = Indicator.objects.create(**fields)
        if spec.kind in ("count", "stock") and index % len(KINDS) in (0, 2):
            weight[spec.kind] = indicator
        indicators.append(indicator)
    form = Form.objects.create(
        code=FORM_CODE,
        name="Báo cáo tháng (dữ liệu thử hiệu năng)",
        period_type=PeriodType.MONTH,
        submitter_kinds=["party_committee"],
        submitter_levels=["commune"],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=form, number=1, effective_from="2024M01")  # covers the year 2024
    section = Section.objects.create(version=version, order=1, title="Số liệu", kind=Section.Kind.INDICATORS)
    Item.objects.bulk_create(
        Item(section=section, order=order, indicator=indicator) for order, indicator in enumerate(indicators, 1)
    )
    return form, [(i.pk, s.kind) for i, s in zip(indicators, indicator_specs, strict=True)]


def months(first: str, last: str) -> list[Period]:
    return list(periods_between(PeriodType.MONTH, Period.parse(first).start, Period.parse(last).end))


def report_rows(form: Form, commune_ids: Iterable[int] | None) -> Iterator[tuple[Any, ...]]:
    """Old communes report the 12 months before the restructuring, new communes the 12 months after."""
    version_id = form.versions.get().pk
    now = dt.datetime(2026, 7, 5, 8, 0, tzinfo=dt.UTC)
    before = months(FIRST_MONTH, Period.parse(REFORM_MONTH).previous().code)
    after = months(REFORM_MONTH, LAST_MONTH)
    units = Unit.objects.filter(level="commune", kind="party_committee")
    if commune_ids is not None:
        units = units.filter(pk__in=list(commune_ids))
    for unit_id, key in units.order_by("pk").values_list("pk", "key"):
        for period in after if key.startswith("c2025:") else before:
            yield (form.pk, version_id, unit_id, period.code, period.start, period.end, "accepted", 1, now, now, now)


def value_rows(report_ids: list[int], kinds: list[tuple[int, str]]) -> Iterator[tuple[Any, ...]]:
    """Deterministic made-up figures: integers, quarters and halves (exact in binary and in NUMERIC)."""
    for rid in report_ids:
        for j, (indicator_id, kind) in enumerate(kinds):
            h = (rid * 2654435761 + j * 40503) % 1_000_003
            if kind == "yes_no":
                yield (rid, indicator_id, None, h % 3 != 0, "")
            elif kind in ("percent", "percent_stock", "average"):
                yield (rid, indicator_id, (h % 201) * 0.5, None, "")
            elif kind in ("amount", "max"):
                yield (rid, indicator_id, (h % 4000) * 0.25, None, "")
            elif kind in ("stock", "min"):
                yield (rid, indicator_id, 5 + h % 40, None, "")
            else:
                yield (rid, indicator_id, h % 60, None, "")


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def bulk_insert(table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    if postgres():
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer: list[str] = []
            for row in rows:
                buffer.append("\t".join(_copy_value(v) for v in row) + "\n")
                if len(buffer) >= 50_000:
                    copy.write("".join(buffer))
                    buffer.clear()
            copy.write("".join(buffer))
    else:
        placeholders = ", ".join("?" * len(columns))
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)


REPORT_COLUMNS = (
    "form_id",
    "version_id",
    "unit_id",
    "period",
    "period_start",
    "period_end",
    "status",
    "revision",
    "submitted_at",
    "accepted_at",
    "updated",
)


def clear_bench_data() -> None:
    """Remove a previous run's reports, form and indicators; refuse to touch anyone else's reports."""
    if Report.objects.exclude(form__code=FORM_CODE).exists():
        raise BenchError(
            f"{connection.settings_dict['NAME']} holds reports of other forms: the benchmark deletes every report"
            " in the database it uses. Point DATABASE_URL at a scratch database."
        )
    tables = [m._meta.db_table for m in (Rollup, Value, Narrative, ReportAction, Report)]
    with connection.cursor() as cursor:
        if postgres():
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    Form.objects.filter(code=FORM_CODE).delete()
    bench_indicators = Indicator.objects.filter(code__startswith=INDICATOR_PREFIX)
    bench_indicators.filter(weight__isnull=False).delete()  # the weighted ones first: weights are protected
    bench_indicators.delete()


def generate(
    indicator_count: int, commune_ids: Iterable[int] | None = None, *, setup: bool = True
) -> tuple[Form, int, int]:
    """Create the form and its reports; return the form, the number of reports and of values.

    ``setup`` migrates, loads the unit tree, removes an earlier run's data and analyses the tables afterwards
    (not inside a test's transaction). ``commune_ids`` restricts the reporting communes (the smoke test).
    """
    if setup:
        call_command("migrate", verbosity=0)
        loader.load(log=lambda _m: None)
        clear_bench_data()
    form, kinds = make_form(specs(indicator_count))
    report_table, value_table = Report._meta.db_table, Value._meta.db_table
    connection.ensure_connection()
    if setup and not postgres():
        with connection.cursor() as cursor:  # a bulk load: a big page cache, no fsync
            cursor.execute("PRAGMA cache_size = -1000000")
            cursor.execute("PRAGMA synchronous = OFF")
    with transaction.atomic():
        # A list: the generator queries units, which cannot run on the connection while it is COPYing.
        bulk_insert(report_table, REPORT_COLUMNS, iter(list(report_rows(form, commune_ids))))
        ids = list(Report.objects.filter(form=form).order_by("pk").values_list("pk", flat=True))
        bulk_insert(value_table, ("report_id", "indicator_id", "number", "flag", "text"), value_rows(ids, kinds))
        # What services do after each report's change, done once for the bulk load (rollups.py).
        started = time.perf_counter()
        rollups.refresh(form_id=form.pk)
        global ROLLUP_SECONDS
        ROLLUP_SECONDS = time.perf_counter() - started
    if setup:
        with connection.cursor() as cursor:
            if postgres():
                cursor.execute(f"VACUUM ANALYZE {report_table}")
                cursor.execute(f"VACUUM ANALYZE {value_table}")
            else:
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return form, len(ids), len(ids) * len(kinds)


def database_size() -> int:
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    path = Path(str(connection.settings_dict["NAME"]))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def table_size(model: type) -> str:
    if not postgres():
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size(%s)", [model._meta.db_table])
        return f"{int(cursor.fetchone()[0]) / 2**20:,.0f} MiB"


# --- DuckDB reference -------------------------------------------------------------------------------------------------

EXPORTS: dict[str, tuple[str, str]] = {
    # DuckDB table: (SELECT on the application database, DuckDB columns)
    "unit": (f"SELECT id, level, kind FROM {Unit._meta.db_table}", "id BIGINT, level VARCHAR, kind VARCHAR"),
    "uv": (
        f"SELECT unit_id, parent_id, valid_from, valid_to FROM {UnitVersion._meta.db_table}",
        "unit_id BIGINT, parent_id BIGINT, valid_from DATE, valid_to DATE",
    ),
    "link": (
        f"SELECT predecessor_id, successor_id FROM {UnitLink._meta.db_table}",
        "predecessor_id BIGINT, successor_id BIGINT",
    ),
    "indicator": (
        f"SELECT id, rule, time_rule, weight_id FROM {Indicator._meta.db_table}",
        "id BIGINT, rule VARCHAR, time_rule VARCHAR, weight_id BIGINT",
    ),
    "report": (
        f"SELECT id, form_id, unit_id, period, status FROM {Report._meta.db_table}",
        "id BIGINT, form_id BIGINT, unit_id BIGINT, period VARCHAR, status VARCHAR",
    ),
    "value": (
        f"SELECT report_id, indicator_id, number, CASE WHEN flag THEN 1 WHEN NOT flag THEN 0 END"
        f" FROM {Value._meta.db_table}",
        "report_id BIGINT, indicator_id BIGINT, number DECIMAL(18,4), flag INTEGER",
    ),
}


def export_to_duckdb(directory: Path) -> tuple[duckdb.DuckDBPyConnection, dict[str, int]]:
    """Copy the rows consolidation reads into an in-memory DuckDB through CSV files written from the DB cursor."""
    duck = duckdb.connect()
    counts: dict[str, int] = {}
    connection.ensure_connection()
    for table, (select, columns) in EXPORTS.items():
        path = directory / f"{table}.csv"
        if postgres():
            raw = connection.connection
            assert raw is not None
            with (
                raw.cursor() as cursor,
                path.open("wb") as out,
                cursor.copy(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)") as copy,
            ):
                for block in copy:
                    out.write(block)
        else:
            with connection.cursor() as cursor, path.open("w", newline="") as out:
                cursor.execute(select)
                writer = csv.writer(out)
                while batch := cursor.fetchmany(100_000):
                    writer.writerows(batch)
        names = ", ".join(f"'{name}': '{kind}'" for name, kind in _columns(columns))
        duck.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = false, columns = {{{names}}},"
            " nullstr = '', auto_detect = false)"
        )
        counts[table] = int(duck.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
        path.unlink()
    return duck, counts


def _columns(declaration: str) -> list[tuple[str, str]]:
    """``"a BIGINT, b DECIMAL(18,4)"`` as ``[("a", "BIGINT"), ("b", "DECIMAL(18,4)")]``."""
    pairs = [part.strip().split(" ", 1) for part in declaration.replace(",4)", ";4)").split(",")]
    return [(name, kind.replace(";", ",")) for name, kind in pairs]


# Written independently of tuyengiao.reports.consolidation, from the rules' definitions (module docstring there):
# targets = submitting units in the subtree on the structure date; contributors = each target and its transitive
# predecessors; flows are summed per distinct contributing unit, stocks taken per target at the last month any of
# its contributors reported; yes/no: each target's latest answer. DECIMAL arithmetic, so sums are exact.
DUCK_TREE = """
WITH RECURSIVE
sub(unit_id) AS (
  SELECT unit_id FROM uv WHERE unit_id = $root
    AND (valid_from IS NULL OR valid_from <= $date) AND (valid_to IS NULL OR valid_to > $date)
  UNION
  SELECT v.unit_id FROM uv v JOIN sub ON v.parent_id = sub.unit_id
  WHERE (v.valid_from IS NULL OR v.valid_from <= $date) AND (v.valid_to IS NULL OR v.valid_to > $date)),
targets AS (SELECT DISTINCT s.unit_id FROM sub s JOIN unit u ON u.id = s.unit_id
  WHERE u.kind = 'party_committee' AND u.level = 'commune'),
contrib(target_id, unit_id) AS (
  SELECT unit_id, unit_id FROM targets
  UNION
  SELECT c.target_id, l.predecessor_id FROM link l JOIN contrib c ON l.successor_id = c.unit_id),
chosen AS MATERIALIZED (
  SELECT r.id, r.unit_id, r.period FROM report r
  WHERE r.unit_id IN (SELECT unit_id FROM contrib) AND r.form_id = $form AND list_contains($periods, r.period)
    AND list_contains($statuses, r.status)),
"""

DUCK_NUMERIC = (
    DUCK_TREE
    + """
rows AS MATERIALIZED (
  SELECT c.unit_id, c.period, v.report_id, v.indicator_id, v.number
  FROM value v JOIN chosen c ON c.id = v.report_id WHERE v.number IS NOT NULL),
rv AS (
  SELECT a.unit_id, a.period, a.indicator_id, a.number, w.number AS weight, i.time_rule
  FROM rows a JOIN indicator i ON i.id = a.indicator_id
  LEFT JOIN rows w ON w.report_id = a.report_id AND w.indicator_id = i.weight_id),
flows AS (
  SELECT unit_id AS key_id, indicator_id, sum(number) AS value, sum(number * weight) AS vw, sum(weight) AS w
  FROM rv WHERE time_rule = 'sum' AND unit_id IN (SELECT unit_id FROM contrib)
  GROUP BY unit_id, indicator_id),
stock_rows AS (
  SELECT c.target_id, rv.indicator_id, rv.number, rv.weight
  FROM rv JOIN contrib c ON c.unit_id = rv.unit_id WHERE rv.time_rule = 'latest'
  QUALIFY rv.period = max(rv.period) OVER (PARTITION BY c.target_id, rv.indicator_id)),
stocks AS (
  SELECT target_id AS key_id, indicator_id, sum(number) AS value, sum(number * weight) AS vw, sum(weight) AS w
  FROM stock_rows GROUP BY target_id, indicator_id),
per_unit AS (SELECT * FROM flows UNION ALL SELECT * FROM stocks)
SELECT indicator_id, sum(value), avg(value), min(value), max(value), count(value), sum(vw), sum(w)
FROM per_unit GROUP BY indicator_id
"""
)

# The answer of a target is its latest month's; at a tie its own report wins, and between predecessors (a merged
# commune looked at before its creation) any may: ``lo``/``hi`` count the targets whose tied answers are all/any yes.
DUCK_FLAGS = (
    DUCK_TREE
    + """
answers AS (
  SELECT t.target_id, v.indicator_id, v.flag,
    rank() OVER (PARTITION BY t.target_id, v.indicator_id
                 ORDER BY c.period DESC, CASE WHEN c.unit_id = t.target_id THEN 0 ELSE 1 END) AS rk
  FROM value v JOIN chosen c ON c.id = v.report_id JOIN contrib t ON t.unit_id = c.unit_id
  WHERE v.flag IS NOT NULL),
per_target AS (
  SELECT target_id, indicator_id, min(flag) AS all_yes, max(flag) AS any_yes
  FROM answers WHERE rk = 1 GROUP BY target_id, indicator_id)
SELECT indicator_id, sum(all_yes), sum(any_yes), count(*), (SELECT count(*) FROM targets)
FROM per_target GROUP BY indicator_id
"""
)


def duck_consolidate(
    duck: duckdb.DuckDBPyConnection, form: Form, unit: Unit, period: Period, structure_date: dt.date | None = None
) -> dict[int, tuple[Any, ...]]:
    params = {
        "root": unit.pk,
        "date": structure_date or period.end,
        "form": form.pk,
        "periods": report_periods(form, period),
        "statuses": [str(s) for s in COUNTED],
    }
    result: dict[int, tuple[Any, ...]] = {}
    for indicator_id, *row in duck.execute(DUCK_NUMERIC, params).fetchall():
        result[indicator_id] = ("number", *row)
    for indicator_id, *row in duck.execute(DUCK_FLAGS, params).fetchall():
        result[indicator_id] = ("flag", *row)
    return result


def _quantised(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(FOUR_PLACES)


def differences(figures: dict[str, Figure], reference: dict[int, tuple[Any, ...]]) -> list[str]:
    """Indicators whose figure differs from DuckDB's; an empty list when all agree."""
    problems = []
    for code, figure in figures.items():
        indicator, actual = figure.indicator, figure.value
        row = reference.get(indicator.pk)
        rule = Rule(indicator.rule)
        if row is None:
            same = actual is None or (isinstance(actual, Ratio) and actual.n == 0 and actual.answered == 0)
            expected: Any = None
        elif row[0] == "flag":
            _kind, lo, hi, answered, m = row
            expected = f"n in [{lo}, {hi}], m={m}, answered={answered}"
            same = isinstance(actual, Ratio) and lo <= actual.n <= hi and (actual.m, actual.answered) == (m, answered)
        else:
            _kind, total, avg, low, high, count, vw, w = row
            if rule == Rule.WEIGHTED_AVERAGE:
                expected = (Decimal(vw) / Decimal(w)).quantize(FOUR_PLACES) if w else None
            elif rule == Rule.AVERAGE:
                expected = _quantised(avg)
            else:
                expected = {Rule.MIN: low, Rule.MAX: high}.get(rule, total)
            if rule in (Rule.WEIGHTED_AVERAGE, Rule.AVERAGE):
                same = actual is not None and abs(Decimal(actual) - expected) <= FOUR_PLACES
            else:
                same = actual is not None and Decimal(actual) == Decimal(expected)
            same = same and figure.reported == count
        if not same:
            problems.append(f"{code} ({rule}): consolidate {actual!r}, DuckDB {expected!r}")
    return problems


# --- Measurements -----------------------------------------------------------------------------------------------------

Call = tuple[Unit, Period, "dt.date | None"]


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: caches, prepared statistics
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def cases() -> dict[str, list[Call]]:
    central, province = Unit.objects.get(key="central"), Unit.objects.get(key=PROVINCE)
    y2024, y2025 = Period(PeriodType.YEAR, 2024), Period(PeriodType.YEAR, 2025)
    structure_2025 = y2025.end
    return {
        "province-year (Đắk Lắk 2025)": [(province, y2025, None)],
        "country-year (2025)": [(central, y2025, None)],
        "province year-on-year (2025 vs 2024)": [(province, y2025, None), (province, y2024, structure_2025)],
    }


def check(form: Form, duck: duckdb.DuckDBPyConnection, calls: list[Call]) -> list[str]:
    problems: list[str] = []
    for unit, period, date in calls:
        problems += differences(
            consolidate(form, unit, period, structure_date=date), duck_consolidate(duck, form, unit, period, date)
        )
    return problems


def stored_path_problems(form: Form, calls: list[Call]) -> list[str]:
    """Why the stored path was not taken for ``calls`` (empty when every statement read the roll-ups): a year of
    this monthly form must never read the value table."""
    with CaptureQueriesContext(connection) as queries:
        for unit, period, date in calls:
            consolidate(form, unit, period, structure_date=date)
    value_table = Value._meta.db_table
    reads = [q["sql"] for q in queries.captured_queries if re.search(rf'\b"?{value_table}"?\b', q["sql"])]
    return [f"{len(reads)} statement(s) read {value_table}"] if reads else []


def machine() -> str:
    from benchdocs import database
    from benchdocs import machine as described

    engine = database() + (" (local, default configuration)" if postgres() else "")
    return described(engine, f"DuckDB {duckdb.__version__} (in process)")


def commit() -> str:
    from benchdocs import commit as measured

    return measured()


def write_docs(lines: list[str]) -> None:
    from benchdocs import write_block  # scripts/ is on the path when this runs as a script

    write_block(f"consolidation-{'postgresql' if postgres() else 'sqlite'}", "\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--indicators", type=int, default=60, help="indicators in the form (default 60)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement, after a warm-up")
    parser.add_argument("--write-docs", action="store_true", help="write the results into docs/performance.md")
    args = parser.parse_args()

    start = time.perf_counter()
    try:
        form, reports, values = generate(args.indicators)
    except BenchError as exc:
        print(f"bench_reports: {exc}", file=sys.stderr)
        return 2
    generation = time.perf_counter() - start
    where = connection.settings_dict["NAME"] if postgres() else Path(str(connection.settings_dict["NAME"]))
    print(f"\n== Report consolidation at national scale ({connection.vendor}: {where})")
    print(
        f"data: {args.indicators} indicators, months {FIRST_MONTH}–{LAST_MONTH}, {reports:,} reports,"
        f" {values:,} values; database {database_size() / 2**20:,.0f} MiB"
        + (f" (values table {table_size(Value)})" if postgres() else "")
        + f"; generated in {generation:.0f} s, of which stored roll-ups {ROLLUP_SECONDS:.0f} s"
    )
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tg-bench-duck-") as directory:
        duck, counts = export_to_duckdb(Path(directory))
    print(
        f"exported to DuckDB {duckdb.__version__} (in memory) in {time.perf_counter() - start:.0f} s: "
        + ", ".join(f"{table} {count:,}" for table, count in counts.items())
    )

    failed = False
    data_line = (
        f"{args.indicators} indicators, months {FIRST_MONTH}–{LAST_MONTH}, {reports:,} reports, {values:,} values;"
        f" database {database_size() / 2**20:,.0f} MiB; generated in {generation:.0f} s"
    )
    table = [
        "| operation | consolidate | DuckDB | ratio | direct | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    print(f"{'operation':<38} {'consolidate':>12} {'DuckDB':>10} {'ratio':>6}  {'direct':>10}  result")
    for name, calls in cases().items():
        problems = check(form, duck, calls)
        not_stored = stored_path_problems(form, calls)
        ours = median_ms(
            lambda calls=calls: [consolidate(form, u, p, structure_date=d) for u, p, d in calls], args.repeat
        )
        theirs = median_ms(
            lambda calls=calls: [duck_consolidate(duck, form, u, p, d) for u, p, d in calls], args.repeat
        )
        # The same figures read from the reports instead of the stored roll-ups (shown for comparison).
        direct = median_ms(
            lambda calls=calls: [consolidate(form, u, p, structure_date=d, stored=False) for u, p, d in calls],
            args.repeat,
        )
        ratio = ours / theirs
        missed = ratio > RATIO_TARGET or (name.startswith("country") and ours > COUNTRY_TARGET_MS)
        if problems:
            failed = True
            verdict = f"DIFFERENT ({len(problems)}): " + "; ".join(problems[:3])
        elif not_stored or ours >= direct:
            failed = True
            verdict = "STORED PATH NOT USED: " + "; ".join(not_stored or ["no faster than reading the reports"])
        else:
            verdict = "identical, " + ("MISSED" if missed else "ok")
        print(f"{name:<38} {ours:>9.0f} ms {theirs:>7.0f} ms {ratio:>5.1f}x  {direct:>7.0f} ms  {verdict}")
        table.append(f"| {name} | {ours:,.0f} | {theirs:,.0f} | {ratio:.1f}× | {direct:,.0f} | {verdict} |")
    print(
        f"targets: within {RATIO_TARGET:.0f}x of DuckDB; country-year under {COUNTRY_TARGET_MS:.0f} ms"
        f" (medians of {args.repeat} after a warm-up; MISSED does not fail the run, a difference does);"
        " direct: the same consolidation reading the reports instead of the stored roll-ups"
    )
    if args.write_docs:
        write_docs(
            [
                f"Measured {dt.date.today():%d/%m/%Y} by `scripts/bench_reports.py --write-docs` on commit"
                f" `{commit()}`: {machine()}.",
                f"Data: {data_line}. Milliseconds, median of {args.repeat} runs after a warm-up.",
                "",
                *table,
            ]
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
