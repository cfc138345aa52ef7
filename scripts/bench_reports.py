# ruff: noqa: S608  (SQL built from table names in _meta and fixed column lists; values are parameters)
"""Speed of report consolidation at national scale: `make bench` (after scripts/bench.py).

Generates synthetic reports into a fresh SQLite database in a temporary directory, or, with DATABASE_URL pointing
at PostgreSQL, into a scratch database this script creates next to it (``<name>_bench``, dropped at the end):

* the national unit tree (``tuyengiao.units.loader``), one monthly form with 60 indicators (``--full``; 15 by
  default, see ``--indicators``): sums, stocks (latest), weighted percentages and yes/no questions;
* 24 months, 2024M01–2025M12: every old commune (10,051) reports 2024M01–2025M06 and every new commune (3,321)
  2025M07–2025M12, all accepted: 200,844 reports. Inserted through the DB cursor (executemany on SQLite, COPY on
  PostgreSQL), without history rows.

It then times ``consolidate`` (median of 3) for a province-year across the 01/07/2025 restructuring (Đắk Lắk,
2025), the whole country's year (2025) and a province's year-on-year comparison (2024 in the 2024 structure and
2025), computes the same aggregates with DuckDB over the same rows exported to it, checks that the figures are
identical, and prints each time with its ratio to DuckDB. Targets: within 3x of DuckDB, and the country's year
under 1 s. Exits 1 when a target is missed (MISSED) or a figure differs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")

FIRST_MONTH, REFORM_MONTH, LAST_MONTH = "2024M01", "2025M07", "2025M12"
PROVINCE = "p:66"  # Đắk Lắk: absorbed Phú Yên on 01/07/2025
RATIO_TARGET = 3.0
COUNTRY_TARGET_MS = 1000.0
TOLERANCE = Decimal("0.000001")
FOUR_PLACES = Decimal("0.0001")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="60 indicators (about 12M values)")
    parser.add_argument("--indicators", type=int, default=15, help="number of indicators without --full")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    if args.full:
        args.indicators = 60
    if args.indicators < 5:
        parser.error("--indicators: at least 5")
    return args


def scratch_postgres(url: str) -> tuple[str, Callable[[], None]]:
    """Create ``<name>_bench`` on the server of ``url``; return its URL and a function that drops it."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    scratch = f"{name}_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))

    def run(statement: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(statement)

    run(f'DROP DATABASE IF EXISTS "{scratch}"')
    run(f'CREATE DATABASE "{scratch}"')
    return urlunsplit(parts._replace(path=f"/{scratch}")), lambda: run(f'DROP DATABASE IF EXISTS "{scratch}"')


ARGS = parse_args() if __name__ == "__main__" else argparse.Namespace(indicators=15, repeat=3, full=False)
DROP: Callable[[], None] = lambda: None  # noqa: E731
_url = os.environ.get("DATABASE_URL", "")
if _url.startswith(("postgres://", "postgresql://")):
    os.environ["DATABASE_URL"], DROP = scratch_postgres(_url)
elif not _url:
    _directory = tempfile.mkdtemp(prefix="tg-bench-reports-")
    os.environ["TG_DATA_DIR"] = _directory
    DROP = lambda: shutil.rmtree(_directory, ignore_errors=True)  # noqa: E731

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from tuyengiao.lib.periods import Period, PeriodType, periods_between  # noqa: E402
from tuyengiao.lib.rollup import Ratio, Rule  # noqa: E402
from tuyengiao.reports.consolidation import Figure, consolidate  # noqa: E402
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section, TimeRule, Value  # noqa: E402
from tuyengiao.units import loader  # noqa: E402
from tuyengiao.units.models import Unit, UnitLink, UnitVersion  # noqa: E402

POSTGRES = connection.vendor == "postgresql"


# --- Synthetic data ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One synthetic indicator: its kind decides the rule, the time rule and how values are made up."""

    code: str
    kind: str  # "count", "stock", "percent", "amount", "yes_no"


def specs(count: int) -> list[Spec]:
    """Every 15th indicator is a yes/no question; the others cycle count, count, stock, percent, amount (the
    percent is weighted by the first count of its group of five)."""
    cycle = ("count", "count", "stock", "percent", "amount")
    return [Spec(f"b{i:02d}", "yes_no" if i % 15 == 14 else cycle[i % 5]) for i in range(count)]


def make_form(indicator_specs: list[Spec]) -> tuple[Form, list[tuple[int, str]]]:
    """The form and its indicators as (id, kind), in form order."""
    indicators: list[Indicator] = []
    last_count: Indicator | None = None
    for index, spec in enumerate(indicator_specs):
        fields: dict[str, Any] = {"code": spec.code, "name": f"Chỉ tiêu {index + 1}"}
        if spec.kind == "count":
            fields |= {"value_type": "integer", "rule": Rule.SUM}
        elif spec.kind == "stock":
            fields |= {"value_type": "integer", "rule": Rule.LATEST, "time_rule": TimeRule.LATEST}
        elif spec.kind == "percent":
            fields |= {"value_type": "percent", "rule": Rule.WEIGHTED_AVERAGE, "weight": last_count}
        elif spec.kind == "amount":
            fields |= {"value_type": "decimal", "rule": Rule.SUM}
        else:
            fields |= {"value_type": "boolean", "rule": Rule.COUNT_YES, "time_rule": TimeRule.LATEST}
        indicator = Indicator.objects.create(**fields)
        if spec.kind == "count" and index % 5 == 0:
            last_count = indicator
        indicators.append(indicator)
    form = Form.objects.create(
        code="bench-thang",
        name="Báo cáo tháng (benchmark)",
        period_type=PeriodType.MONTH,
        submitter_kinds=["party_committee"],
        submitter_levels=["commune"],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=form, number=1, effective_from=FIRST_MONTH)
    section = Section.objects.create(version=version, order=1, title="Số liệu", kind=Section.Kind.INDICATORS)
    Item.objects.bulk_create(
        Item(section=section, order=order, indicator=indicator) for order, indicator in enumerate(indicators, 1)
    )
    return form, [(i.pk, s.kind) for i, s in zip(indicators, indicator_specs, strict=True)]


def months(first: str, last: str) -> list[Period]:
    return list(periods_between(PeriodType.MONTH, Period.parse(first).start, Period.parse(last).end))


def report_rows(form: Form) -> Iterator[tuple[Any, ...]]:
    version_id = form.versions.get().pk
    now = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    before, after = months(FIRST_MONTH, "2025M06"), months(REFORM_MONTH, LAST_MONTH)
    units = Unit.objects.filter(level="commune", kind="party_committee").order_by("pk").values_list("pk", "key")
    for unit_id, key in units:
        for period in before if key.startswith("c:") else after:
            yield (form.pk, version_id, unit_id, period.code, period.start, period.end, "accepted", 1, now, now, now)


def value_rows(report_ids: list[int], kinds: list[tuple[int, str]]) -> Iterator[tuple[Any, ...]]:
    """Deterministic made-up figures: integers, quarters (exact in binary and in NUMERIC), halves of a percent."""
    for rid in report_ids:
        for j, (indicator_id, kind) in enumerate(kinds):
            h = (rid * 2654435761 + j * 40503) % 1_000_003
            if kind == "yes_no":
                yield (rid, indicator_id, None, h % 3 != 0, "")
            elif kind == "percent":
                yield (rid, indicator_id, (h % 201) * 0.5, None, "")
            elif kind == "amount":
                yield (rid, indicator_id, (h % 4000) * 0.25, None, "")
            elif kind == "stock":
                yield (rid, indicator_id, h % 40, None, "")
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
    raw = connection.connection
    assert raw is not None
    if POSTGRES:
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


def generate(indicator_count: int) -> tuple[Form, int, int]:
    call_command("migrate", verbosity=0)
    loader.load(log=lambda _m: None)
    form, kinds = make_form(specs(indicator_count))
    connection.ensure_connection()
    if not POSTGRES:
        with connection.cursor() as cursor:  # a bulk load: a big page cache, no fsync
            cursor.execute("PRAGMA cache_size = -1000000")
            cursor.execute("PRAGMA synchronous = OFF")
    report_table, value_table = Report._meta.db_table, Value._meta.db_table
    with transaction.atomic():
        bulk_insert(
            report_table,
            REPORT_COLUMNS,
            report_rows(form),
        )
        ids = list(Report.objects.filter(form=form).order_by("pk").values_list("pk", flat=True))
        bulk_insert(value_table, ("report_id", "indicator_id", "number", "flag", "text"), value_rows(ids, kinds))
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute(f"VACUUM ANALYZE {report_table}")
            cursor.execute(f"VACUUM ANALYZE {value_table}")
        else:
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return form, len(ids), len(ids) * len(kinds)


def database_size() -> int:
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    path = Path(str(connection.settings_dict["NAME"]))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


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
        f"SELECT report_id, indicator_id, number, flag FROM {Value._meta.db_table}",
        "report_id BIGINT, indicator_id BIGINT, number DOUBLE, flag BOOLEAN",
    ),
}


def export_to_duckdb(directory: Path) -> duckdb.DuckDBPyConnection:
    """Copy the rows consolidation reads into an in-memory DuckDB, through CSV files written from the DB cursor."""
    duck = duckdb.connect()
    for table, (select, columns) in EXPORTS.items():
        path = directory / f"{table}.csv"
        if POSTGRES:
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
        names = ", ".join(f"'{n}': '{t}'" for n, t in _columns(columns))
        duck.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = false, columns = {{{names}}},"
            " nullstr = '')"
        )
        path.unlink()
    return duck


def _columns(declaration: str) -> list[tuple[str, str]]:
    result: list[tuple[str, str]] = []
    for part in declaration.replace("(20, 4)", "(20;4)").split(", "):
        name, kind = part.split(" ", 1)
        result.append((name, kind.replace(";", ", ")))
    return result


# The same definitions as tuyengiao.reports.consolidation, written the way DuckDB runs them best: the reports
# first, then their values (one scan of the value table, pruned by report id), weights from the same rows.
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
    AND r.status IN ('submitted', 'accepted')),
"""

DUCK_NUMERIC = (
    DUCK_TREE
    + """
rows AS MATERIALIZED (
  SELECT c.unit_id, c.period, v.report_id, v.indicator_id, v.number
  FROM value v JOIN chosen c ON c.id = v.report_id WHERE v.number IS NOT NULL),
weights AS (
  SELECT report_id, indicator_id, number FROM rows WHERE indicator_id IN (SELECT weight_id FROM indicator)),
rv AS (
  SELECT a.unit_id, a.period, a.indicator_id, a.number, w.number AS weight, i.time_rule
  FROM rows a JOIN indicator i ON i.id = a.indicator_id
  LEFT JOIN weights w ON w.report_id = a.report_id AND w.indicator_id = i.weight_id),
per_unit AS (
  SELECT unit_id, indicator_id,
    CASE WHEN any_value(time_rule) = 'latest' THEN arg_max(number, period) ELSE sum(number) END AS value,
    sum(number * weight) AS vw, sum(weight) AS w
  FROM rv GROUP BY unit_id, indicator_id)
SELECT indicator_id, sum(value), count(value), sum(vw), sum(w) FROM per_unit GROUP BY indicator_id
"""
)

DUCK_FLAGS = (
    DUCK_TREE
    + """
answers AS (
  SELECT t.target_id, v.indicator_id,
    arg_max(v.flag, c.period || CASE WHEN c.unit_id = t.target_id THEN '1' ELSE '0' END) AS flag
  FROM value v JOIN chosen c ON c.id = v.report_id JOIN contrib t ON t.unit_id = c.unit_id
  WHERE v.flag IS NOT NULL
  GROUP BY t.target_id, v.indicator_id)
SELECT indicator_id, count(*) FILTER (WHERE flag), count(*), (SELECT count(*) FROM targets)
FROM answers GROUP BY indicator_id
"""
)


def duck_consolidate(
    duck: duckdb.DuckDBPyConnection, form: Form, unit: Unit, period: Period, structure_date: dt.date | None = None
) -> dict[int, tuple[Any, ...]]:
    params = {
        "root": unit.pk,
        "date": structure_date or period.end,
        "form": form.pk,
        "periods": [p.code for p in period.months],
    }
    result: dict[int, tuple[Any, ...]] = {}
    for indicator_id, total, count, vw, w in duck.execute(DUCK_NUMERIC, params).fetchall():
        result[indicator_id] = ("number", total, count, vw, w)
    for indicator_id, yes, answered, expected in duck.execute(DUCK_FLAGS, params).fetchall():
        result[indicator_id] = ("flag", yes, answered, expected)
    return result


def differences(figures: dict[str, Figure], reference: dict[int, tuple[Any, ...]]) -> list[str]:
    """Indicators whose figure differs from DuckDB's (Decimal against DuckDB's DECIMAL/DOUBLE, tolerance 1e-6)."""
    problems = []
    for code, figure in figures.items():
        indicator = figure.indicator
        row = reference.get(indicator.pk)
        expected: Any = None
        if row is None:
            pass
        elif row[0] == "flag":
            expected = Ratio(int(row[1]), int(row[3]), int(row[2]))
        elif indicator.rule == Rule.WEIGHTED_AVERAGE:
            vw, w = row[3], row[4]
            expected = (Decimal(str(vw)) / Decimal(str(w))).quantize(FOUR_PLACES) if w else None
        else:
            expected = Decimal(str(row[1]))
        actual = figure.value
        if isinstance(expected, Ratio) or expected is None or actual is None:
            same = expected == actual
        else:
            same = abs(Decimal(str(actual)) - expected) <= TOLERANCE
        if not same:
            problems.append(f"{code}: consolidate {actual!r}, DuckDB {expected!r}")
    return problems


# --- Measurements -----------------------------------------------------------------------------------------------------


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


Call = tuple[Unit, Period, "dt.date | None"]


def run_ours(form: Form, calls: list[Call]) -> None:
    for unit, period, date in calls:
        consolidate(form, unit, period, structure_date=date)


def run_duck(duck: duckdb.DuckDBPyConnection, form: Form, calls: list[Call]) -> None:
    for unit, period, date in calls:
        duck_consolidate(duck, form, unit, period, date)


def main() -> int:
    start = time.perf_counter()
    form, reports, values = generate(ARGS.indicators)
    generation = time.perf_counter() - start
    size = database_size()
    print(
        f"data: {connection.vendor}, {ARGS.indicators} indicators, {reports:,} reports, {values:,} values,"
        f" database {size / 2**20:,.0f} MiB, generated in {generation:.0f} s"
        + ("" if ARGS.full else " (--full: 60 indicators)")
    )
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tg-bench-duck-") as directory:
        duck = export_to_duckdb(Path(directory))
    print(f"exported to DuckDB {duckdb.__version__} in {time.perf_counter() - start:.0f} s")

    central, province = Unit.objects.get(key="central"), Unit.objects.get(key=PROVINCE)
    y2024, y2025 = Period(PeriodType.YEAR, 2024), Period(PeriodType.YEAR, 2025)
    cases: dict[str, list[Call]] = {
        "province-year (Đắk Lắk 2025)": [(province, y2025, None)],
        "country-year (2025)": [(central, y2025, None)],
        "province year-on-year (2024 vs 2025)": [(province, y2024, None), (province, y2025, None)],
    }
    failed = 0
    print(f"{'operation':<38} {'consolidate':>12} {'DuckDB':>10} {'ratio':>6}  result")
    for name, calls in cases.items():
        problems: list[str] = []
        for unit, period, date in calls:
            problems += differences(
                consolidate(form, unit, period, structure_date=date),
                duck_consolidate(duck, form, unit, period, date),
            )
        ours = median_ms(partial(run_ours, form, calls), ARGS.repeat)
        theirs = median_ms(partial(run_duck, duck, form, calls), ARGS.repeat)
        ratio = ours / theirs
        missed = ratio > RATIO_TARGET or (name.startswith("country") and ours > COUNTRY_TARGET_MS)
        verdict = "DIFFERENT: " + "; ".join(problems[:3]) if problems else ("MISSED" if missed else "ok")
        failed += bool(problems) or missed
        print(f"{name:<38} {ours:>9.0f} ms {theirs:>7.0f} ms {ratio:>5.1f}x  {verdict}")
    print(f"targets: within {RATIO_TARGET:.0f}x of DuckDB; country-year under {COUNTRY_TARGET_MS:.0f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        connections.close_all()
        DROP()
    sys.exit(code)
