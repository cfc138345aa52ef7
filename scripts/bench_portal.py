"""Public portal load test: anonymous readers of the home page and an article against the production stack; part
of `make bench` (after bench_load.py), alone `python scripts/bench_portal.py` (docs/performance.md, "Public portal
load").

1. A scratch PostgreSQL database, ``BENCH_PORTAL_DATABASE_URL`` (default
   ``postgresql://postgres@127.0.0.1:5432/tuyengiao_portal_load``), **dropped and created again** (the functions of
   ``scripts/bench_load.py``); when PostgreSQL does not answer, the test is skipped and says why (exit 0).
2. Prepared with ``migrate`` and ``load_units``, then the Đắk Lắk commission's portal (``Portal.open_for``) with
   ``ARTICLES`` live articles spread over its sections (summaries, bodies of a few paragraphs, tags, a featured few).
3. The production stack as ``scripts/serve.sh`` runs it (``bench_load.production_stack``: gunicorn with
   ``TG_PRODUCTION=true``, ``TG_WEB_WORKERS`` or 2 × cores + 1 workers, the task worker, collected static files).
   The page cache is Django's default cache (per process memory) unless ``TG_CACHE_URL`` names a Redis server.
4. Locust, headless (``scripts/locustfile_portal.py``, ``FastHttpUser``): ``--users`` readers (default 20) without
   think time, for ``--seconds`` (default 60), in ``--processes`` Locust processes (default 1: on 2 cores a second
   Locust process takes CPU from gunicorn). Half the requests are the home page, half one of 20 articles.

Prints the summary; with ``--write-docs`` writes it into docs/performance.md between ``<!-- portal-load:start -->``
and ``<!-- portal-load:end -->`` (``scripts/benchdocs.write_block``). Targets: at least 300 requests a second and p95
under 100 ms for both pages; a miss is printed and written "missed" (exit 0), a failed request exits 1.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_load
from bench_load import CpuSampler, Skip, free_port, production_environment, production_stack, recreate_database
from benchdocs import commit, write_block

ROOT = bench_load.ROOT
BIN = bench_load.BIN
LOCUSTFILE = ROOT / "scripts" / "locustfile_portal.py"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/tuyengiao_portal_load"
ARTICLES = 200
RPS_TARGET, P95_TARGET_MS = 300, 100
MARKER = "portal-load"

PARAGRAPH = (
    "<p>Sáng nay, Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội nghị sơ kết công tác tuyên giáo, dân vận; các đại "
    "biểu thảo luận kết quả thực hiện nhiệm vụ, những cách làm hay ở cơ sở và phương hướng thời gian tới.</p>"
)


def prepare(log: Path) -> list[str]:
    """migrate, load_units, then the portal and its articles; returns the paths of 20 live articles."""
    from django.core.management import call_command
    from django.utils import timezone

    from tuyengiao.portal.models import Article, Portal, Tag
    from tuyengiao.units.models import Unit

    with log.open("a", encoding="utf-8") as out:
        for command, args in (("migrate", ["--no-input"]), ("load_units", [])):
            start = time.perf_counter()
            call_command(command, *args, stdout=out, stderr=out)
            print(f"  {command}: {time.perf_counter() - start:.0f} s", flush=True)
    portal = Portal.open_for(
        Unit.objects.get(key="com:p:66"),
        Unit.objects.get(key="p:66"),
        "dak-lak",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk",
        tagline="Thông tin công tác tuyên giáo và dân vận (dữ liệu thử tải)",
        editor_in_chief="Trưởng Ban",
    )
    sections = list(portal.sections.all())
    tags = [Tag.objects.create(portal=portal, slug=f"chu-de-{n}", name=f"Chủ đề {n}") for n in range(1, 6)]
    now = timezone.now()
    articles = []
    for n in range(ARTICLES):
        article = Article.objects.create(
            portal=portal,
            section=sections[n % len(sections)],
            slug=f"tin-thu-tai-{n}",
            title=f"Hội nghị tuyên giáo, dân vận số {n} (thử tải)",
            summary="Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội nghị; bài viết của bộ thử tải.",
            body=PARAGRAPH * 6,
            author_name="Phòng Thông tin",
            status=Article.Status.PUBLISHED,
            published_at=now - dt.timedelta(hours=n + 1),
            featured=n < 4,
            views=1000 + n,
        )
        article.tags.add(tags[n % len(tags)])
        articles.append(article)
    return [a.get_absolute_url() for a in articles[:20]]


def read_stats(prefix: Path) -> dict[str, dict[str, float]]:
    rows = {}
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            rows[line["Name"]] = {
                "requests": int(line["Request Count"]),
                "failures": int(line["Failure Count"]),
                "rps": float(line["Requests/s"]),
                "p50": float(line["50%"] or 0),
                "p95": float(line["95%"] or 0),
                "p99": float(line["99%"] or 0),
            }
    return rows


def run_locust(base: str, home: str, paths_file: Path, work: Path, args: argparse.Namespace, cpu: CpuSampler) -> str:
    command = [
        str(BIN / "locust"),
        *("-f", str(LOCUSTFILE), "--headless", "--host", base),
        *("-u", str(args.users), "-r", str(args.users), "--run-time", f"{args.seconds}s", "--stop-timeout", "5"),
        *("--csv", str(work / "locust"), "--only-summary", "--loglevel", "WARNING"),
    ]
    if args.processes > 1:
        command += ["--processes", str(args.processes)]
    env = {**os.environ, "TG_PORTAL_HOME": home, "TG_PORTAL_PATHS": str(paths_file)}
    return bench_load.locust_measured(command, env, work / "locust.log", cpu)


def summary(
    stats: dict[str, dict[str, float]], about: str, cpu: str, args: argparse.Namespace, cache: str
) -> tuple[str, bool]:
    total = stats["Aggregated"]
    pages = [name for name in ("home page", "article") if name in stats]
    rps = total["requests"] / args.seconds
    met = rps >= RPS_TARGET and all(stats[name]["p95"] < P95_TARGET_MS for name in pages) and not total["failures"]
    lines = [
        f"Measured {dt.date.today():%d/%m/%Y} by `scripts/bench_portal.py` (`make bench`) on commit `{commit()}`.",
        "",
        f"Machine: {about}. {cpu}.",
        "",
        f"{args.users} anonymous readers without think time ({args.processes} Locust process"
        f"{'es' if args.processes > 1 else ''}, `FastHttpUser`), {args.seconds} s, the Đắk Lắk portal with "
        f"{ARTICLES} articles; page cache: {cache}. **{int(total['requests']):,} requests ({rps:,.0f} a second)**, "
        f"**{int(total['failures'])} failures**.",
        "",
        "| page | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {name} | {int(s['requests']):,} | {int(s['failures'])} | {s['requests'] / args.seconds:,.0f} | "
            f"{s['p50']:,.0f} | {s['p95']:,.0f} | {s['p99']:,.0f} |"
            for name, s in ((n, stats[n]) for n in pages)
        ),
        f"| **all** | {int(total['requests']):,} | {int(total['failures'])} | {rps:,.0f} | {total['p50']:,.0f} | "
        f"{total['p95']:,.0f} | {total['p99']:,.0f} |",
        "",
        f"Target (at least {RPS_TARGET} requests a second, p95 under {P95_TARGET_MS} ms for the home page and the "
        f"article, no failure): **{'met' if met else 'missed'}**.",
    ]
    return "\n".join(lines), met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--write-docs", action="store_true", help="write the summary into docs/performance.md")
    args = parser.parse_args()
    if not (BIN / "locust").exists():
        print("Locust is not installed: `make bench-load` installs requirements/bench.txt.", file=sys.stderr)
        return 2
    url = os.environ.get("BENCH_PORTAL_DATABASE_URL") or DEFAULT_URL
    print(f"Public portal load test: scratch database {url} (dropped and created again)", flush=True)
    try:
        pg_version = recreate_database(url)
    except Skip as skip:
        print(f"Portal load test skipped: {skip}.")
        return 0
    work = Path(tempfile.mkdtemp(prefix="tg-portal-load-"))
    print(f"  logs and Locust's files in {work}", flush=True)
    os.environ.update(production_environment(url, work / "data"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    paths = prepare(work / "prepare.log")
    call_command("collectstatic", "--no-input", verbosity=0, stdout=StringIO())
    connections.close_all()
    paths_file = work / "paths.json"
    paths_file.write_text(json.dumps(paths), encoding="utf-8")
    workers = bench_load.web_workers()
    cache = "Redis (`TG_CACHE_URL`)" if os.environ.get("TG_CACHE_URL") else "Django's local memory, per gunicorn worker"
    about = bench_load.machine(pg_version, workers)
    print(f"  {args.users} readers for {args.seconds} s against gunicorn ({workers} workers)…", flush=True)
    env = {**os.environ}
    with production_stack(env, free_port(), workers, work) as (base, groups):
        for path in ["/cong/dak-lak/", *paths]:  # one request each: the stack answers (not a warm-up of the cache)
            if bench_load._get(base + path) != 200:
                print(bench_load.tail(work / "gunicorn-error.log"))
                raise SystemExit(f"{path} does not answer 200")
        cpu = CpuSampler(groups, str(url.rsplit("/", 1)[-1]))
        shares = run_locust(base, "/cong/dak-lak/", paths_file, work, args, cpu)
    stats = read_stats(work / "locust")
    block, met = summary(stats, about, shares, args, cache)
    print("\nTarget " + ("met." if met else "missed."))
    print()
    print(block)
    if args.write_docs:
        write_block(MARKER, block)
    return 1 if stats["Aggregated"]["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
