"""Speed of the analytical pages on the national benchmark data: part of `make bench`, after bench_reports.py.

Order: ``scripts/bench_reports.py`` first. It generates the national data (the real unit tree, a monthly form of 60
indicators, every commune's reports for 2024M07–2026M06 across the 2025 reform) into its own SQLite file
``var/bench/tuyengiao.sqlite3``, which it keeps after its run (and deletes only when it starts again). This script
reuses that file as it is (it only applies newer migrations and creates its own user and pins), so it takes
seconds, not the four minutes of generating. With DATABASE_URL it uses that database instead, which must hold
bench_reports.py's data (the same DATABASE_URL given to bench_reports.py). Without the data it exits 2.

Measurements (median of ``--repeat`` runs after one warm-up), through Django's test client, so the time is the
whole page — views, consolidation, template — as a leader of Đắk Lắk gets it:

* dashboard: ten pinned figures of Đắk Lắk (``p:66``): six monthly (trend of 12 months), two quarterly (8
  quarters, across 01/07/2025) and two yearly (5 years), with completeness, tasks and dissemination; target
  under 500 ms;
* pivot: 60 indicators × 34 provinces × 12 months (2025M07–2026M06), the country's children in rows, every
  indicator's months as groups of columns; target under 2 s.

Each page's figures are checked against ``consolidate`` for one card and the pivot's totals of the last month
(a difference fails the run, exit 1). A missed target is printed and written as MISSED; it does not fail the run.

``--write-docs`` writes the results with the machine, the date and the commit (``machine`` and ``commit`` of
bench_reports.py) into docs/performance.md between ``<!-- analytics:start -->`` and ``<!-- analytics:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DASHBOARD_TARGET_MS = 500.0
PIVOT_TARGET_MS = 2000.0

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    if not os.environ.get("DATABASE_URL"):
        if not (BENCH_DIR / "tuyengiao.sqlite3").exists():
            print("bench_analytics: no benchmark data; run scripts/bench_reports.py first", file=sys.stderr)
            sys.exit(2)
        os.environ["TG_DATA_DIR"] = str(BENCH_DIR)
    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from tuyengiao.accounts.models import Membership, Role, User  # noqa: E402
from tuyengiao.analytics.models import Pin  # noqa: E402
from tuyengiao.lib.periods import Period  # noqa: E402
from tuyengiao.reports import grouprollups  # noqa: E402
from tuyengiao.reports.consolidation import consolidate, consolidate_periods  # noqa: E402
from tuyengiao.reports.models import Form, GroupRollup, Indicator, Item, Report  # noqa: E402
from tuyengiao.units.models import Unit  # noqa: E402


def _bench_reports():  # type: ignore[no-untyped-def]
    """scripts/bench_reports.py as a module (its setup runs only as a script): FORM_CODE, machine, commit."""
    spec = importlib.util.spec_from_file_location("bench_reports", ROOT / "scripts" / "bench_reports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_reports"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench_reports = _bench_reports()
USERNAME = "bench.lanhdao.daklak"


def median_ms(fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> float:
    """Median of ``repeat`` timed runs after one warm-up; ``before`` runs ahead of each, untimed."""
    fn()
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def leader(unit: Unit, username: str = USERNAME) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={"full_name": "Lãnh đạo thử hiệu năng"})
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.LEADER)
    return user


class Counter:
    """Statements run while it is installed (the request resets Django's own query log when it starts)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def statements(fn: Callable[[], object]) -> int:
    counter = Counter()
    with connection.execute_wrapper(counter):
        fn()
    return counter.count


def pin_ten(user: User, form: Form, province: Unit) -> list[Pin]:
    """Ten figures of the bench form: six monthly, two quarterly, two yearly (different indicator kinds)."""
    Pin.objects.filter(user=user).delete()
    codes = list(
        Item.objects.filter(section__version__form=form).order_by("order").values_list("indicator__code", flat=True)
    )
    kinds = ["month"] * 6 + ["quarter"] * 2 + ["year"] * 2
    return [
        Pin.objects.create(user=user, form=form, unit=province, indicator_code=code, period_type=kind, order=i)
        for i, (code, kind) in enumerate(zip(codes[:10], kinds, strict=True))
    ]


def timing(client: Client) -> Client:
    """The client's session without the test instrumentation (which copies every template's context)."""
    teardown_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    timed = Client()
    timed.cookies = client.cookies
    return timed


def write_block(lines: list[str]) -> None:
    from benchdocs import write_block as write  # scripts/ is on the path when this runs as a script

    write("analytics", "\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement, after a warm-up")
    parser.add_argument("--write-docs", action="store_true", help="write the results into docs/performance.md")
    args = parser.parse_args()

    form = Form.objects.filter(code=bench_reports.FORM_CODE).first()
    if form is None:
        print("bench_analytics: the database holds no benchmark form; run scripts/bench_reports.py", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)  # the analytics tables, when the data predates them
    province, central = Unit.objects.get(key=bench_reports.PROVINCE), Unit.objects.get(key="central")
    user = leader(province)
    pins = pin_ten(user, form, province)
    setup_test_environment()  # the responses carry their context, for the checks below
    client = Client()
    client.force_login(user)
    failed = False
    table = ["| page | ms | queries | target | result |", "|---|---:|---:|---:|---|"]

    # The dashboard of ten figures.
    url = reverse("analytics:dashboard")
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    cards = [card for card, _chart, _id in response.context["cards"]]
    problems = []
    for card in cards:
        expected = consolidate(form, card.spec.unit, card.period, structure_date=card.structure_date)
        if card.figure is None or card.figure.value != expected[card.spec.code].value:
            problems.append(f"card {card.spec.code} {card.period.code}")
    queries = statements(lambda: client.get(url))
    timed = timing(client)
    ms = median_ms(lambda: timed.get(url), args.repeat)
    verdict = f"DIFFERENT: {problems}" if problems else ("ok" if ms < DASHBOARD_TARGET_MS else "MISSED")
    failed |= bool(problems)
    name = f"dashboard, {len(pins)} pinned figures of Đắk Lắk (trends: 12 months, 8 quarters, 5 years)"
    print(f"{name}: {ms:.0f} ms, {queries} queries → {verdict}")
    table.append(f"| {name} | {ms:,.0f} | {queries} | < {DASHBOARD_TARGET_MS:,.0f} | {verdict} |")

    # The pivot: 60 indicators × 34 provinces × 12 months.
    codes = list(
        Item.objects.filter(section__version__form=form).order_by("order").values_list("indicator__code", flat=True)
    )
    params = {"don_vi": central.pk, "mau": form.code, "chi_tieu": codes, "tu": "2025M07", "den": "2026M06"}
    url = reverse("analytics:pivot")
    setup_test_environment()
    client = Client()  # a leader of the central level: the country's provinces
    client.force_login(leader(central, "bench.lanhdao.trunguong"))
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    pivot = response.context["pivot"]
    shape = f"{len(pivot.indicators)} indicators × {len(pivot.rows)} provinces × {len(pivot.periods)} months"
    last = Period.parse("2026M06")
    expected = consolidate(form, central, last, structure_date=pivot.structure_date)
    problems = [
        column.key[2]
        for column, figure in zip(pivot.columns, pivot.total.cells, strict=True)
        if column.key[1] == last.code and (figure.value if figure else None) != expected[column.key[2]].value
    ]
    failed |= bool(problems)
    # States of the stored group figures (reports/grouprollups.py), each measured with its own query count, the
    # figure cache (figurecache.py) emptied before each run so that the store alone answers: nothing changed since
    # the last view; one report of the last month submitted since (what `services._bump` does: the report saved
    # and its province's row written with it); one province's rows computed again on the view (what a change of
    # its tree costs: its rows' stamps move); one indicator's sums computed again in every row (its weight or time
    # rule changed: the rows' signature of it moves). Then the rows' build: every row of the twelve months
    # computed by the view, which is what `manage.py rollups --missing` (after the upgrade that adds them),
    # `load_units` after a reform and `rollups --rebuild` do before any view: no page state once they ran.
    changed = Report.objects.filter(form=form, period=last.code).select_related("unit", "form").order_by("pk").first()
    assert changed is not None
    weighted = Indicator.objects.filter(items__section__version__form=form, weight__isnull=False).first()
    assert weighted is not None

    def submit_one_report() -> None:
        cache.clear()
        with transaction.atomic():
            Report.objects.filter(pk=changed.pk).update(revision=F("revision") + 1, updated=timezone.now())
            grouprollups.refresh_report(changed)

    def one_province() -> None:
        cache.clear()
        GroupRollup.objects.filter(form=form, unit=province).delete()

    def one_indicator() -> None:
        cache.clear()
        rows = list(GroupRollup.objects.filter(form=form))
        for row in rows:
            row.figures.setdefault("i", {})[str(weighted.pk)] = "an earlier weight"
        GroupRollup.objects.bulk_update(rows, ["figures"], batch_size=200)

    def every_row() -> None:
        cache.clear()
        GroupRollup.objects.filter(form=form).delete()

    states = [
        ("unchanged since the last view", cache.clear, True),
        ("one report of 2026M06 submitted since the last view", submit_one_report, True),
        ("Đắk Lắk's twelve months computed again (a change of its tree)", one_province, True),
        (f"one indicator ({weighted.code}) computed again for every province (a new weight)", one_indicator, True),
        ("building every row (`rollups --missing` or `--rebuild`, `load_units` after a reform)", every_row, False),
    ]
    timed = timing(client)
    cells = len(pivot.columns) * len(pivot.all_rows)
    for label, before, page in states:
        before()
        queries = statements(lambda: client.get(url, params))
        ms = median_ms(lambda: timed.get(url, params), args.repeat, before)
        if problems:
            verdict = f"DIFFERENT: {problems[:3]}"
        elif not page:
            verdict = "build, not a page state"
        else:
            verdict = "ok" if ms < PIVOT_TARGET_MS else "MISSED"
        target = f"< {PIVOT_TARGET_MS:,.0f}" if page else "–"
        name = f"pivot, {shape} ({cells:,} cells), {label}"
        print(f"{name}: {ms:.0f} ms, {queries} queries → {verdict}")
        table.append(f"| {name} | {ms:,.0f} | {queries} | {target} | {verdict} |")

    # What a report's save adds for its province's row (services._bump, in the report's transaction).
    def refresh() -> None:
        with transaction.atomic():
            grouprollups.refresh_report(changed)
            transaction.set_rollback(True)

    queries = statements(refresh)
    ms = median_ms(refresh, args.repeat)
    name = f"writing a report's province row with the report ({changed.unit}, {last.code}; `services._bump`)"
    print(f"{name}: {ms:.0f} ms, {queries} queries")
    table.append(f"| {name} | {ms:,.0f} | {queries} | – | – |")
    # After a change the stored figures are still the ones consolidate gives (the stamp moved with the report).
    Report.objects.filter(pk=changed.pk).update(revision=F("revision") + 1, updated=timezone.now())
    timed.get(url, params)
    cached = consolidate_periods(form, central, [last], structure_date=pivot.structure_date, cached=True)
    stale = [code for code, figure in expected.items() if cached[last.code][code].value != figure.value]
    if stale:
        print(f"pivot after a change: DIFFERENT from consolidate: {stale[:3]}")
        failed = True

    if args.write_docs:
        write_block(
            [
                f"Measured {dt.date.today():%d/%m/%Y} by `scripts/bench_analytics.py --write-docs` on commit"
                f" `{bench_reports.commit()}`: {bench_reports.machine()}.",
                f"Pages through Django's test client on bench_reports.py's data; milliseconds, median of {args.repeat}"
                " runs after a warm-up; queries of one run.",
                "",
                *table,
            ]
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
