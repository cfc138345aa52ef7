"""Cost of the API over Python: a province's consolidated year read through ``/api/v1/`` vs ``consolidate()``.

Part of `make bench` (after ``scripts/bench_reports.py``). Issue #19: "reading a province's consolidated year through
the API costs under 1.5x the same call in Python".

Data: the benchmark data of ``scripts/bench_reports.py`` (its monthly form ``bench-thang``, 60 indicators of every
rule). When the database already holds it for Đắk Lắk's 2025 (``make bench`` runs ``bench_reports.py`` first, on the
same database), it is used as it is; otherwise the script generates it with that script's generator for Đắk Lắk
only (its communes of 2025 and, through lineage, the old communes of Đắk Lắk and Phú Yên; about a minute).
Database: as ``bench_reports.py``: without DATABASE_URL ``var/bench/tuyengiao.sqlite3`` (kept, not rebuilt), with
it the database it names (a scratch one: generating deletes every report in it; refused when it holds others).

Measured, in process, alternately, ``--repeat`` times each after a warm-up, median:

* Python: ``consolidate(form, Đắk Lắk, 2025)`` (the stored roll-ups, the structure of 31/12/2025);
* API: ``GET /api/v1/reports/forms/bench-thang/periods/2025/consolidated/p:66`` through Django's test client (the
  whole WSGI handler and middleware stack, a real bearer token of the Đắk Lắk commission's leader, scoping, JSON),
  whose figures are checked to be ``consolidate``'s.

Prints the two medians and their ratio; exit status 1 when the ratio is 1.5 or more (or the figures differ), 2 when
the database cannot be used. ``--write-docs`` writes the figures into docs/performance.md between
``<!-- api:start -->`` and ``<!-- api:end -->``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
MARKERS_NAME = "api"  # <!-- api:start --> … <!-- api:end --> in docs/performance.md
RATIO_LIMIT = 1.5
PROVINCE = "p:66"

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    if not os.environ.get("DATABASE_URL"):  # bench_reports.py's database, kept as it is
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["TG_DATA_DIR"] = str(BENCH_DIR)
    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tuyengiao.accounts import demo  # noqa: E402
from tuyengiao.accounts.models import User  # noqa: E402
from tuyengiao.api.models import ApiToken  # noqa: E402
from tuyengiao.lib.periods import Period, PeriodType  # noqa: E402
from tuyengiao.reports.consolidation import consolidate  # noqa: E402
from tuyengiao.reports.models import Form, Report  # noqa: E402
from tuyengiao.units import tree  # noqa: E402
from tuyengiao.units.models import Unit  # noqa: E402

YEAR = Period(PeriodType.YEAR, 2025)
END_2025 = dt.date(2025, 12, 31)


def bench_reports() -> ModuleType:
    """``scripts/bench_reports.py`` as a module (its data generator), without running it."""
    spec = importlib.util.spec_from_file_location("bench_reports", ROOT / "scripts" / "bench_reports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def province_units(key: str) -> set[int]:
    """The province's 2025 subtree and every predecessor of its units (what consolidating its 2025 reads)."""
    province = Unit.objects.get(key=key)
    now = set(Unit.objects.filter(pk__in=tree.subtree_ids([province.pk], END_2025)).values_list("pk", flat=True))
    return now | tree.lineage_ids(now, "back")


def data(generator: ModuleType, indicators: int) -> tuple[Form, str]:
    """The benchmark form with Đắk Lắk's reports: the existing data, or generated for the province only."""
    call_command("migrate", verbosity=0)
    form = Form.objects.filter(code=generator.FORM_CODE).first()
    province = Unit.objects.filter(key=PROVINCE).first()
    if form is not None and province is not None:
        reports = Report.objects.filter(form=form, period__startswith="2025", unit_id__in=province_units(PROVINCE))
        count = reports.count()
        if count:
            total = Report.objects.filter(form=form).count()
            described = f"bench_reports.py's data found in the database: {total:,} reports of its form"
            return form, f"{described}, {count:,} of them Đắk Lắk's 2025 ones (with predecessors) counted here"
    from tuyengiao.units import loader

    loader.load(log=lambda _m: None)
    generator.clear_bench_data()
    started = time.perf_counter()
    form, reports, values = generator.generate(indicators, province_units(PROVINCE), setup=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    return form, (
        f"bench_reports.py's generator for Đắk Lắk only: {indicators} indicators, {reports:,} reports, "
        f"{values:,} values (generated in {seconds:.0f} s)"
    )


def token() -> str:
    """A bearer token of the Đắk Lắk commission's leader (the demo account), made for this run."""
    demo.ensure_demo()
    user = User.objects.get(username="lanhdao.daklak")
    ApiToken.objects.filter(user=user, name="bench_api").delete()
    _token, secret = ApiToken.issue(user, "bench_api", created_by=user)
    return str(secret)


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    return run


def machine() -> str:
    from benchdocs import database
    from benchdocs import machine as described

    load = ""
    with contextlib.suppress(OSError):
        load = f"load average {os.getloadavg()[0]:.1f} at the end of the run (other work on the machine)"
    return described(database(), load)


def write_docs(block: str) -> None:
    from benchdocs import write_block  # scripts/ is on the path when this runs as a script

    write_block(MARKERS_NAME, block)


class Different(Exception):
    """The API's figures are not ``consolidate``'s."""


def measure(form: Form, repeat: int) -> tuple[float, float, str]:
    """(Python median ms, API median ms, the URL) of Đắk Lắk's 2025; raises ``Different`` when the figures differ."""
    settings.TG_API_RATE = "1000000/minute"  # the per-token limit is not what is measured
    cache.clear()
    secret = token()
    province = Unit.objects.get(key=PROVINCE)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    url = f"/api/v1/reports/forms/{form.code}/periods/{YEAR.code}/consolidated/{PROVINCE}"

    def python_call() -> Any:
        return consolidate(form, province, YEAR)

    def api_call() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise Different(f"{url} answered {response.status_code}: {response.content[:500]!r}")
        return response

    # The same figures both ways (and a warm-up of each).
    figures = python_call()
    answer = api_call().json()
    problems = [
        f["indicator"]
        for f in answer["figures"]
        if f["value"] != figures[f["indicator"]].as_json() or f["text"] != figures[f["indicator"]].text
    ]
    if problems or len(answer["figures"]) != len(figures):
        raise Different(", ".join(problems[:5]) or "not the same indicators")

    python_samples: list[float] = []
    api_samples: list[float] = []
    timed_python, timed_api = timed(python_call), timed(api_call)
    for _ in range(repeat):  # alternately, so that a busy moment of the machine hits both
        python_samples.append(timed_python())
        api_samples.append(timed_api())
    return statistics.median(python_samples), statistics.median(api_samples), url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=40, help="timed calls of each kind, after a warm-up")
    parser.add_argument("--indicators", type=int, default=60, help="indicators when generating (default 60)")
    parser.add_argument("--write-docs", action="store_true", help="write the figures into docs/performance.md")
    args = parser.parse_args()

    generator = bench_reports()
    try:
        form, described = data(generator, args.indicators)
    except generator.BenchError as exc:
        print(f"bench_api: {exc}", file=sys.stderr)
        return 2
    try:
        python_ms, api_ms, url = measure(form, args.repeat)
    except Different as exc:
        print(f"bench_api: the API's figures differ from consolidate(): {exc}", file=sys.stderr)
        return 1
    ratio = api_ms / python_ms
    verdict = "ok" if ratio < RATIO_LIMIT else "MISSED"
    print(f"\n== A province's consolidated year: API vs Python ({connection.vendor})")
    print(f"data: {described}")
    print(f"consolidate(form, Đắk Lắk, 2025)          {python_ms:8.1f} ms (median of {args.repeat})")
    print(f"GET {url}  {api_ms:8.1f} ms")
    print(f"ratio API / Python: {ratio:.2f}x (limit {RATIO_LIMIT}x): {verdict}")

    if args.write_docs:
        today = dt.date.today().strftime("%d/%m/%Y")
        block = "\n".join(
            [
                f"Measured {today} by `scripts/bench_api.py` (`make bench`) on {machine()}.",
                "",
                f"Data: {described}. Median of {args.repeat} calls of each, alternately, after a warm-up.",
                "",
                "| operation | median |",
                "|---|---|",
                f"| `consolidate(form, Đắk Lắk, 2025)` in Python | {python_ms:.1f} ms |",
                f"| `GET {url}` (test client: WSGI handler, middleware, bearer token, scoping, JSON)"
                f" | {api_ms:.1f} ms |",
                f"| **ratio API / Python** | **{ratio:.2f}×** (limit {RATIO_LIMIT}×: {verdict}) |",
            ]
        )
        write_docs(block)
    return 0 if ratio < RATIO_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
