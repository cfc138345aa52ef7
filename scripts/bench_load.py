"""Month-end load test: 50 users against the production stack on PostgreSQL; part of `make bench`, alone
`make bench-load` (docs/performance.md, "Month-end load").

1. A scratch PostgreSQL database, ``BENCH_DATABASE_URL`` (default
   ``postgresql://postgres@127.0.0.1:5432/tuyengiao_load``), **dropped and created again** on every run. When
   PostgreSQL does not answer, the script says the load test was skipped and why, and exits 0.
2. Prepared with the project's own commands (``migrate``, ``load_units``, ``load_demo``), then the load's
   accounts: one specialist for each of 40 commune party committees of Đắk Lắk (``p:66``) expected to submit the
   demo's monthly commune form (``bc-tg-xa``) for the last closed month and able to (``services.reportable``,
   no report yet), and 10 leaders of the provincial commission (``com:p:66``).
3. The production stack on a free local port, as ``scripts/serve.sh`` runs it: gunicorn (``TG_PRODUCTION=true``,
   its worker count: ``TG_WEB_WORKERS`` or 2 × cores + 1) and ``manage.py worker`` as its own process, static
   files collected first, ``TG_DATA_DIR`` a temporary folder. Both are stopped at the end whatever happens.
4. Locust, headless (``scripts/locustfile.py``): 40 commune specialists (sign in, draft, submit once, then
   reading) and 10 readers (consolidated figures, completeness, documents), in two scenarios (``SCENARIOS``),
   each on a database prepared afresh (steps 1–3 again):

   * **month end**, the one the target is about: think time 5–15 s (a person reads a page or types figures
     before the next click; typing a form of 40 figures takes minutes, so this is brisk), users signing in one
     a second, 180 s;
   * **stress**: think time 1–3 s and 10 users signing in a second, 120 s: about three times the month end's
     requests a second, to show where this machine saturates. It is reported, not held to the target.

   ``--scenario`` runs one of them (default both).
5. Afterwards, in the database: every commune whose submit was answered "submitted" must have exactly one
   report of the month, in status submitted, holding the figures it posted; the others are lost submissions.

Prints a summary per scenario; with ``--write-docs`` (what `make bench` passes) also writes it into
docs/performance.md between ``<!-- load:start -->`` and ``<!-- load:end -->`` (month end) and
``<!-- load-stress:start -->`` and ``<!-- load-stress:end -->`` (stress). Exit status: 1 when a response was
a server error (5xx) or a submission was lost in either scenario; a p95 above the 300 ms target is printed
"missed" and does not fail the run, so
the published figures are the measured ones. The logs (gunicorn's error log with any traceback, its access log,
the worker's, Locust's) stay in the temporary folder printed at the start; the error log's tail is printed when
something failed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOCS = ROOT / "docs" / "performance.md"
LOCUSTFILE = ROOT / "scripts" / "locustfile.py"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/tuyengiao_load"
PROVINCE_KEY, COMMISSION_KEY, FORM_CODE = "p:66", "com:p:66", "bc-tg-xa"  # Đắk Lắk; reports/demo.py
COMMUNES, READERS = 40, 10


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    think: tuple[int, int]  # seconds between a user's steps (Locust's wait_time)
    spawn_rate: int  # users signing in a second at the start
    run_time: int  # seconds
    target: bool  # held to the targets (the stress run is reported only)
    markers: tuple[str, str]


SCENARIOS = {
    "month-end": Scenario(
        "month-end", "Month end", (5, 15), 1, 180, True, ("<!-- load:start -->", "<!-- load:end -->")
    ),
    "stress": Scenario(
        "stress", "Stress", (1, 3), 10, 120, False, ("<!-- load-stress:start -->", "<!-- load-stress:end -->")
    ),
}
P95_TARGET_MS = 300
PASSWORD = "ThuTai-CuoiThang@2026"  # noqa: S105 - the scratch database's load accounts only
# gunicorn's access log: the usual fields and the time the worker spent on the request (ms), queueing excluded.
ACCESS_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)s'
# The request names of scripts/locustfile.py by method and path, to read server times from the access log.
ROUTES = [
    ("GET", r"/tai-khoan/dang-nhap/", "login page"),
    ("POST", r"/tai-khoan/dang-nhap/", "login"),
    ("GET", r"/", "home (after login)"),
    ("GET", r"/bao-cao/", "reports home"),
    ("GET", r"/bao-cao/nhap/\d+/[\w-]+/\w+/", "entry page"),
    ("POST", r"/bao-cao/nhap/\d+/[\w-]+/\w+/", "save draft"),
    ("POST", r"/bao-cao/nhap/\d+/[\w-]+/\w+/gui/ 200", "submit (review)"),  # shows what will be sent
    ("POST", r"/bao-cao/nhap/\d+/[\w-]+/\w+/gui/", "submit"),
    ("GET", r"/bao-cao/tong-hop/", "consolidated"),
    ("GET", r"/bao-cao/day-du/\d+/[\w-]+/\w+/", "completeness"),
    ("GET", r"/van-ban/", "documents list"),
    ("GET", r"/van-ban/\d+/", "document detail"),
]
SECTION = "## Month-end load (Locust)"
INTRO = """\
`make bench` ends with `scripts/bench_load.py` (alone: `make bench-load`; Locust is installed only by these targets,
`requirements/bench.txt`). It drops and recreates a scratch PostgreSQL database (`BENCH_DATABASE_URL`, default
`postgresql://postgres@127.0.0.1:5432/tuyengiao_load`; without PostgreSQL it says so and skips), prepares it with
`migrate`, `load_units` and `load_demo`, creates one specialist for each of 40 communes of Đắk Lắk expected to
submit the monthly commune form for the last closed month and 10 leaders of the provincial commission, and starts
the production stack as `scripts/serve.sh` does (gunicorn with `TG_PRODUCTION=true`, 2 × cores + 1 workers, and
`manage.py worker`). Locust (`scripts/locustfile.py`) then runs 50 users: each commune specialist signs in through
the login form, opens the reports home and its entry page, saves a draft, submits once with every figure and then
only reads; each leader reads the province's consolidated figures and completeness for that month, the document
registry and documents. Afterwards every submission answered "submitted" is looked up in the database. Targets: p95
under 300 ms, no 5xx, no lost submission.

Two scenarios run, each on a database prepared afresh. **Month end** is the one the targets are about: think time
5–15 s between a user's steps (a person reads a page or types figures before the next click; typing a form of 40
figures takes minutes, so this is brisk) and users signing in one a second, for three minutes. **Stress** has think
time 1–3 s and 10 users signing in a second, for two minutes: about three times the month end's requests a second,
to show where this machine saturates; it is reported, not held to the target.

The figures between the markers are written by the script from its last run (`--write-docs`). Per request, the table
gives the times the users saw and the time inside a gunicorn worker (its access log, `%(M)s`): the difference is the
wait for a free worker, i.e. CPU capacity. The CPU line says who used the machine's cores during the load (from
`/proc`: gunicorn's and Locust's process groups, PostgreSQL's backends of the scratch database, everything else as
"other work"). Logs (gunicorn's error log with any traceback, its access log, Locust's CSV files) stay in the
temporary folder the script prints."""


class Skip(Exception):
    """The load test cannot run here (no PostgreSQL): said plainly, not a failure of `make bench`."""


# --- The scratch database -----------------------------------------------------------------------------------------


def recreate_database(url: str) -> str:
    """Drop and create the database ``url`` names; returns the server's version. ``Skip`` when unreachable."""
    params = conninfo_to_dict(url)
    name = str(params.get("dbname") or "")
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"BENCH_DATABASE_URL must name a scratch database (it is dropped), not {name or 'none'}")
    try:
        admin = psycopg.connect(make_conninfo(url, dbname="postgres", connect_timeout=5), autocommit=True)
    except psycopg.OperationalError as error:
        where = f"{params.get('host') or 'localhost'}:{params.get('port') or 5432}"
        reason = " ".join(str(error).split())
        raise Skip(f"PostgreSQL at {where} is unreachable ({reason})") from None
    with admin:
        version = str(admin.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return version.split()[0]


def production_environment(url: str, data_dir: Path) -> dict[str, str]:
    """The environment of the production stack (docs/deploy.md) on this scratch database and folder."""
    return {
        "DJANGO_SETTINGS_MODULE": "tuyengiao.settings",
        "TG_PRODUCTION": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TG_SSL_REDIRECT": "false",
        "DATABASE_URL": url,
        "TG_DATA_DIR": str(data_dir),
    }


@dataclass
class Plan:
    form: str
    period: str
    province: int
    communes: list[dict[str, Any]]
    readers: list[dict[str, Any]]
    ceilings: dict[str, str]  # indicator code → the code it may not exceed


def prepare(log: Path) -> tuple[Plan, dict[str, float]]:
    """Migrate and load the data with the project's commands, then create the load's accounts."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from tuyengiao.accounts.models import Membership, Role, User
    from tuyengiao.lib.periods import PeriodType, last_closed
    from tuyengiao.reports import services
    from tuyengiao.reports.models import Form, Item, Report
    from tuyengiao.units.models import Unit

    timings: dict[str, float] = {}
    with log.open("a", encoding="utf-8") as out:
        for command, args in (("migrate", ["--no-input"]), ("load_units", []), ("load_demo", [])):
            start = time.perf_counter()
            call_command(command, *args, stdout=out, stderr=out)
            timings[command] = time.perf_counter() - start
            print(f"  {command}: {timings[command]:.0f} s", flush=True)

    form = Form.objects.get(code=FORM_CODE)
    province = Unit.objects.get(key=PROVINCE_KEY)
    period = last_closed(PeriodType.MONTH, timezone.localdate())
    existing = set(Report.objects.filter(form=form, period=period.code).values_list("unit_id", flat=True))
    units = [
        version.unit
        for version in services.expected_units(form, province, period).select_related("unit")
        if version.unit_id not in existing and not services.reportable(form, version.unit, period)
    ][:COMMUNES]
    if len(units) < COMMUNES:
        raise SystemExit(f"only {len(units)} communes of {PROVINCE_KEY} can submit {FORM_CODE} for {period.code}")
    commission = Unit.objects.get(key=COMMISSION_KEY)
    hashed = make_password(PASSWORD)  # one hash for every account: Argon2 is slow on purpose
    communes, readers = [], []
    with transaction.atomic():
        for number, unit in enumerate(units, 1):
            user = User.objects.create(
                username=f"taithu.xa{number:02d}", password=hashed, full_name=f"Chuyên viên thử tải {number:02d}"
            )
            Membership.objects.create(user=user, unit=unit, role=Role.SPECIALIST)
            communes.append({"username": user.username, "password": PASSWORD, "unit": unit.pk})
        for number in range(1, READERS + 1):
            user = User.objects.create(
                username=f"taithu.lanhdao{number:02d}", password=hashed, full_name=f"Lãnh đạo thử tải {number:02d}"
            )
            Membership.objects.create(user=user, unit=commission, role=Role.LEADER)
            readers.append({"username": user.username, "password": PASSWORD})
    ceilings = dict(
        Item.objects.filter(section__version=form.version_for(period), indicator__at_most__isnull=False).values_list(
            "indicator__code", "indicator__at_most__code"
        )
    )
    plan = Plan(FORM_CODE, period.code, province.pk, communes, readers, ceilings)
    return plan, timings


# --- The production stack -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def web_workers() -> int:
    """The worker count of scripts/serve.sh: TG_WEB_WORKERS, else 2 × cores + 1."""
    return int(os.environ.get("TG_WEB_WORKERS") or 2 * len(os.sched_getaffinity(0)) + 1)


def _start(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:  # the child keeps its own descriptor
        return subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the process group we started (gunicorn's workers, the task worker's threads) and wait for it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - http://127.0.0.1 only
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@contextlib.contextmanager
def production_stack(env: dict[str, str], port: int, workers: int, logs: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """gunicorn and the task worker, as scripts/serve.sh starts them; yields the base URL and their process groups;
    stops both."""
    base = f"http://127.0.0.1:{port}"
    gunicorn = [
        str(BIN / "gunicorn"),
        "tuyengiao.wsgi",
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120", "--graceful-timeout", "30"),
        *("--max-requests", "2000", "--max-requests-jitter", "200", "--forwarded-allow-ips", "127.0.0.1"),
        *("--access-logfile", str(logs / "gunicorn-access.log"), "--access-logformat", ACCESS_FORMAT),
        *("--error-logfile", "-"),
    ]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(_start([sys.executable, "manage.py", "worker", "--verbosity", "1"], logs / "worker.log", env))
        # The error log gets gunicorn's own messages and, on stderr, Django's (a 500's traceback).
        processes.append(_start(gunicorn, logs / "gunicorn-error.log", env))
        deadline = time.monotonic() + 90
        while _get(f"{base}/healthz") != 200:
            if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                print(tail(logs / "gunicorn-error.log"), tail(logs / "worker.log"), sep="\n")
                raise SystemExit("the production stack did not start (logs above)")
            time.sleep(0.5)
        deadline = time.monotonic() + 60
        while _get(f"{base}/readyz") != 200 and time.monotonic() < deadline:
            time.sleep(1)
        if _get(f"{base}/readyz") != 200:
            print("  warning: /readyz does not answer 200 (no worker heartbeat?); running anyway", flush=True)
        yield base, {"gunicorn": processes[1].pid, "task worker": processes[0].pid}
    finally:
        for process in reversed(processes):
            _stop(process)


def tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return f"({path.name}: missing)"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join([f"--- last {min(lines, len(text))} lines of {path}", *text[-lines:]])


# --- CPU: who used the machine during the load ---------------------------------------------------------------------


class CpuSampler:
    """CPU time of the load's processes (by process group: gunicorn, the task worker, Locust; PostgreSQL backends
    by database name) and of the whole machine, between ``start`` and ``stop``, sampled every second from /proc."""

    def __init__(self, groups: dict[str, int], database: str) -> None:
        self.groups, self.database = groups, database
        self.first: dict[int, int] = {}
        self.last: dict[int, tuple[str, int]] = {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="cpu", daemon=True)

    @staticmethod
    def _machine() -> tuple[int, int]:
        """(busy, total) jiffies of all cores, from /proc/stat."""
        fields = [int(x) for x in Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    def _sample(self) -> dict[int, tuple[str, int]]:
        found: dict[int, tuple[str, int]] = {}
        by_group = {pgid: name for name, pgid in self.groups.items()}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
                fields = stat.rsplit(")", 1)[1].split()
                pgid, cpu = int(fields[2]), int(fields[11]) + int(fields[12])
                name = by_group.get(pgid)
                if name is None and "postgres" in stat.split(")", 1)[0]:
                    cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    if f" {self.database} " in cmdline:
                        name = "PostgreSQL"
            except (OSError, ValueError, IndexError):
                continue
            if name is not None:
                found[int(entry.name)] = (name, cpu)
        return found

    def _run(self) -> None:
        while not self.stop_event.wait(1.0):
            self.last.update(self._sample())

    def start(self) -> None:
        self.first = {pid: cpu for pid, (_name, cpu) in self._sample().items()}
        self.machine_start, self.clock_start = self._machine(), time.monotonic()
        self.thread.start()

    def stop(self) -> str:
        """One sentence: each part's share of the machine's CPU capacity during the load."""
        self.last.update(self._sample())
        self.stop_event.set()
        (busy0, total0), (busy1, total1) = self.machine_start, self._machine()
        capacity = total1 - total0
        used: Counter[str] = Counter()
        for pid, (name, cpu) in self.last.items():
            used[name] += cpu - self.first.get(pid, 0)
        ours = sum(used.values())
        share = {name: 100 * used[name] / capacity for name in [*self.groups, "PostgreSQL"]}
        other = 100 * (busy1 - busy0 - ours) / capacity
        idle = 100 - 100 * (busy1 - busy0) / capacity
        cores = len(os.sched_getaffinity(0))
        seconds = time.monotonic() - self.clock_start
        parts = ", ".join(f"{name} {value:.0f}%" for name, value in share.items())
        return (
            f"CPU during the load ({cores} cores × {seconds:.0f} s): {parts}, other work on the machine "
            f"{max(other, 0):.0f}%, idle {max(idle, 0):.0f}%"
        )


# --- Locust -------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    p50: float | None
    p95: float | None
    p99: float | None


@dataclass
class Load:
    seconds: float
    rows: list[Row]
    total: Row
    failures: list[tuple[str, str, int]]  # (name, error, occurrences)
    statuses: dict[str, int] = field(default_factory=dict)
    cpu: str = ""

    @property
    def server_errors(self) -> int:
        return sum(count for key, count in self.statuses.items() if key.rsplit(" ", 1)[-1].startswith("5"))


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


def locust_measured(command: list[str], env: dict[str, str], log: Path, cpu: CpuSampler) -> str:
    """Run Locust (``command``, its output in ``log``) while ``cpu`` samples the machine; the CPU shares line. Locust
    is stopped whatever happens (``bench_portal.py`` runs its load the same way)."""
    with log.open("wb") as out:
        locust = subprocess.Popen(  # noqa: S603 - our own program, fixed arguments
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        cpu.groups["Locust"] = locust.pid
        cpu.start()
        locust.wait()
        return cpu.stop()
    finally:
        _stop(locust)


def run_locust(base: str, plan_file: Path, results: Path, scenario: Scenario, cpu: CpuSampler) -> Load:
    users = COMMUNES + READERS
    run_time = scenario.run_time
    command = [
        str(BIN / "locust"),
        *("-f", str(LOCUSTFILE), "--headless", "--host", base),
        *("-u", str(users), "-r", str(scenario.spawn_rate), "--run-time", f"{run_time}s", "--stop-timeout", "10"),
        *("--csv", str(results / "locust"), "--only-summary", "--loglevel", "WARNING"),
    ]
    think = ",".join(str(bound) for bound in scenario.think)
    env = {**os.environ, "TG_LOAD_PLAN": str(plan_file), "TG_LOAD_RESULTS": str(results), "TG_LOAD_THINK": think}
    start = time.perf_counter()
    shares = locust_measured(command, env, results / "locust.log", cpu)
    seconds = time.perf_counter() - start
    stats = results / "locust_stats.csv"
    if not stats.exists():
        print(tail(results / "locust.log"))
        raise SystemExit("Locust wrote no statistics (its log above)")
    rows = []
    with stats.open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            rows.append(
                Row(
                    line["Name"],
                    int(line["Request Count"]),
                    int(line["Failure Count"]),
                    _ms(line["50%"]),
                    _ms(line["95%"]),
                    _ms(line["99%"]),
                )
            )
    total = next(row for row in rows if row.name == "Aggregated")
    failures = []
    with (results / "locust_failures.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            error = re.sub(r"^CatchResponseError\((['\"])(.*)\1\)$", r"\2", line["Error"])
            failures.append((f"{line['Method']} {line['Name']}", error, int(line["Occurrences"])))
    counters = results / "counters.json"
    statuses = json.loads(counters.read_text(encoding="utf-8"))["statuses"] if counters.exists() else {}
    return Load(seconds, [r for r in rows if r is not total], total, failures, statuses, shares)


@dataclass
class Access:
    """gunicorn's access log: the time workers spent per request name, and the requests answered 5xx."""

    server_ms: dict[str, list[int]]
    server_errors: Counter[str]


def read_access_log(path: Path) -> Access:
    # A route's pattern matches the path, or "path status" where one path answers two steps (the submit's review).
    routes = [(method, re.compile(pattern + r"(\?.*)?"), name) for method, pattern, name in ROUTES]
    times: dict[str, list[int]] = {}
    errors: Counter[str] = Counter()
    if not path.exists():
        return Access(times, errors)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.search(r'"([A-Z]+) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+)$', line)
        if match is None:
            continue
        method, target, status, ms = match.group(1), match.group(2), match.group(3), int(match.group(4))
        if status.startswith("5"):
            errors[f"{method} {target} → {status}"] += 1
        name = next(
            (
                n
                for m, pattern, n in routes
                if m == method and (pattern.fullmatch(f"{target} {status}") or pattern.fullmatch(target))
            ),
            None,
        )
        if name is not None:
            times.setdefault(name, []).append(ms)
            times.setdefault("Aggregated", []).append(ms)
    return Access(times, errors)


def percentile(values: list[int], fraction: float) -> float | None:
    """The nearest-rank percentile (what Locust reports, without its rounding)."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(fraction * len(ordered)) - 1)])


# --- After the load: the submissions in the database --------------------------------------------------------------


@dataclass
class Submissions:
    accounts: int  # commune accounts in the load
    expected: int  # submits answered "submitted"
    found: int  # … of which the database holds exactly one submitted report with the posted figures
    problems: list[str]
    statuses: dict[str, int]  # status of the load's communes' reports for the month

    @property
    def lost(self) -> int:
        return self.expected - self.found


def _posted(text: str, value_type: str) -> object:
    """The value a posted field means, read independently of the application's parser."""
    if value_type == "boolean":
        return text == "co"
    if value_type == "text":
        return text
    return Decimal(text.replace(".", "").replace(",", "."))


def check_submissions(plan: Plan, results: Path) -> Submissions:
    from django.db import connections

    from tuyengiao.reports import services
    from tuyengiao.reports.models import Form, Indicator, Report

    connections.close_all()  # the connection opened before the load may have been idle for minutes
    form = Form.objects.get(code=plan.form)
    types = dict(Indicator.objects.values_list("code", "value_type"))
    lines = (results / "submissions.jsonl").read_text(encoding="utf-8").splitlines()
    submitted = [json.loads(line) for line in lines if line.strip()] if lines else []
    problems, found = [], 0
    for record in submitted:
        reports = list(Report.objects.filter(form=form, unit_id=record["unit"], period=plan.period))
        who = f"{record['username']} (unit {record['unit']})"
        if len(reports) != 1:
            problems.append(f"{who}: {len(reports)} reports for {plan.period}")
            continue
        report = reports[0]
        if report.status != Report.Status.SUBMITTED:
            problems.append(f"{who}: report {report.pk} is {report.status}, not submitted")
            continue
        stored = services.stored_values(report)
        narratives = {f"section-{n.section_id}": n.text for n in report.narratives.all()}
        wrong = []
        for name, text in record["figures"].items():
            if name.startswith("section-"):
                if narratives.get(name) != text:
                    wrong.append(name)
                continue
            code = name.removeprefix("v-")
            value = stored.get(code)
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
                same = value == _posted(text, types[code])
            else:
                same = Decimal(value) == _posted(text, types[code])
            if not same:
                wrong.append(f"{code} posted {text!r}, stored {value!r}")
        if wrong:
            problems.append(f"{who}: figures differ: {'; '.join(wrong[:5])}")
            continue
        found += 1
    units = [account["unit"] for account in plan.communes]
    statuses = Counter(
        Report.objects.filter(form=form, period=plan.period, unit_id__in=units).values_list("status", flat=True)
    )
    statuses["(none)"] = len(units) - sum(statuses.values())
    return Submissions(len(units), len(submitted), found, problems, dict(statuses))


# --- Summary ------------------------------------------------------------------------------------------------------


def machine(pg_version: str, workers: int) -> str:
    cores = len(os.sched_getaffinity(0))
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    ram = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) / 1024 / 1024  # type: ignore[union-attr]
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    return (
        f'{cores} cores (`nproc`), CPU "{model.group(1).strip() if model else platform.processor()}", '
        f"{ram:.0f} GiB RAM, PostgreSQL {pg_version} (local, default configuration), Python "
        f"{platform.python_version()}; gunicorn {workers} workers, `manage.py worker` and Locust on the same machine"
    )


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def summary(load: Load, access: Access, subs: Submissions, plan: Plan, about: str, scenario: Scenario) -> str:
    from django.utils import timezone

    total = load.total
    run_time = scenario.run_time
    met = total.p95 is not None and total.p95 < P95_TARGET_MS and load.server_errors == 0 and subs.lost == 0
    p95 = total.p95 if total.p95 is not None else float("nan")

    def server(name: str, fraction: float) -> str:
        return _cell(percentile(access.server_ms.get(name, []), fraction))

    lines = [
        f"Measured {timezone.localdate():%d/%m/%Y} by `scripts/bench_load.py` (`make bench`, `make bench-load`).",
        "",
        f"Machine: {about}. {load.cpu}.",
        "",
        f"Scenario **{scenario.title.lower()}**: {COMMUNES} commune specialists and {READERS} leaders "
        f"({COMMUNES + READERS} users, {scenario.spawn_rate} signing in a second, think time "
        f"{scenario.think[0]}–{scenario.think[1]} s), {run_time} s (Locust ran {load.seconds:.0f} s), "
        f"form `{plan.form}`, month "
        f"{plan.period}: **{total.requests:,} requests** ({total.requests / run_time:.1f} a second), "
        f"**{total.failures} failures**, **{load.server_errors} server errors (5xx)**.",
        "",
        f"Response times seen by the users: p50 {_cell(total.p50)} ms, **p95 {_cell(total.p95)} ms**, p99 "
        f"{_cell(total.p99)} ms. Time inside gunicorn's workers (its access log; the wait for a free worker "
        f"excluded): p50 {server('Aggregated', 0.5)} ms, p95 {server('Aggregated', 0.95)} ms, p99 "
        f"{server('Aggregated', 0.99)} ms.",
        "",
        "| request | count | failures | p50 ms | p95 ms | p99 ms | in worker p50 | in worker p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r.name} | {r.requests:,} | {r.failures} | {_cell(r.p50)} | {_cell(r.p95)} | {_cell(r.p99)} | "
            f"{server(r.name, 0.5)} | {server(r.name, 0.95)} |"
            for r in sorted(load.rows, key=lambda r: -(r.p95 or 0))
        ),
        f"| **all** | {total.requests:,} | {total.failures} | {_cell(total.p50)} | {_cell(total.p95)} | "
        f"{_cell(total.p99)} | {server('Aggregated', 0.5)} | {server('Aggregated', 0.95)} |",
        "",
        f'Submissions (checked in the database afterwards): {subs.expected} answered "submitted" of '
        f"{subs.accounts} communes, **{subs.found} found** submitted with the figures posted, "
        f"**{subs.lost} lost**. The load's communes' reports for {plan.period}: "
        + ", ".join(f"{status} {count}" for status, count in sorted(subs.statuses.items()) if count)
        + ".",
    ]
    if load.failures:
        lines += ["", "Failures:", ""]
        lines += [f"- {name}: {error} ({count}×)" for name, error, count in load.failures[:10]]
    if access.server_errors:
        lines += ["", "Server errors (gunicorn's access log):", ""]
        lines += [f"- `{request}` ({count}×)" for request, count in access.server_errors.most_common(10)]
    if subs.problems:
        lines += ["", "Submissions not found as posted:", ""]
        lines += [f"- {problem}" for problem in subs.problems[:10]]
    verdict = "met" if met else "missed"
    reasons = [
        f"p95 {p95:,.0f} ms {'<' if p95 < P95_TARGET_MS else '≥'} {P95_TARGET_MS} ms",
        f"{load.server_errors} 5xx",
        f"{subs.lost} lost submissions",
    ]
    held = "" if scenario.target else " (this scenario is reported, not held to the target)"
    lines += [
        "",
        f"Target (p95 under {P95_TARGET_MS} ms, no 5xx, no lost submission){held}: **{verdict}** "
        f"({', '.join(reasons)}).",
    ]
    return "\n".join(lines)


def _wrap(block: str, width: int = 116) -> str:
    """The block's paragraphs wrapped like the rest of the docs (tables and list items left whole)."""
    paragraphs = []
    for paragraph in block.split("\n\n"):
        if paragraph.startswith(("|", "- ", "Failures", "Server errors", "Submissions not")):
            paragraphs.append(paragraph)
        else:
            paragraphs.append(textwrap.fill(paragraph, width, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(paragraphs)


def write_docs(block: str, markers: tuple[str, str]) -> None:
    start, end = markers
    text = DOCS.read_text(encoding="utf-8")
    generated = f"{start}\n{_wrap(block)}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + generated + after
    elif (first_end := SCENARIOS["month-end"].markers[1]) in text:  # the stress block goes after the month end's
        before, after = text.split(first_end, 1)
        text = before + first_end + "\n\n" + generated + after
    else:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{INTRO}\n\n{generated}\n"
    DOCS.write_text(text, encoding="utf-8")


# --- Main ---------------------------------------------------------------------------------------------------------


def run_scenario(scenario: Scenario, url: str, base: Path, write: bool) -> bool:
    """Prepare a fresh scratch database, run the scenario, check the submissions; True when nothing failed."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    pg_version = recreate_database(url)
    work = base / scenario.key
    work.mkdir()
    print(f"\n{scenario.title}: logs and Locust's files in {work}", flush=True)
    env = production_environment(url, base / "data")  # the settings were read with this folder (main)
    plan, _timings = prepare(work / "prepare.log")
    call_command("collectstatic", "--no-input", verbosity=0, stdout=StringIO())
    connections.close_all()
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan.__dict__, ensure_ascii=False, indent=1), encoding="utf-8")
    (work / "submissions.jsonl").touch()
    workers = web_workers()
    about = machine(pg_version, workers)
    print(f"  {len(plan.communes)} communes submit {plan.form} for {plan.period}; {len(plan.readers)} leaders read")
    print(
        f"  {COMMUNES + READERS} users for {scenario.run_time} s, think time {scenario.think[0]}–{scenario.think[1]} s,"
        f" against gunicorn ({workers} workers)…",
        flush=True,
    )
    with production_stack({**os.environ, **env}, free_port(), workers, work) as (base, groups):
        cpu = CpuSampler(groups, str(conninfo_to_dict(url).get("dbname")))
        load = run_locust(base, plan_file, work, scenario, cpu)
    subs = check_submissions(plan, work)
    access = read_access_log(work / "gunicorn-access.log")
    block = summary(load, access, subs, plan, about, scenario)
    print()
    print(block)
    if load.total.failures or subs.problems or access.server_errors:
        print()
        print(tail(work / "gunicorn-error.log", 80))
    if write:
        write_docs(block, scenario.markers)
        print(f"\nWritten into {DOCS.relative_to(ROOT)} (between {' and '.join(scenario.markers)}).")
    return not (load.server_errors or access.server_errors or subs.lost)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=[*SCENARIOS, "both"], default="both", help="which load (default both)")
    parser.add_argument("--write-docs", action="store_true", help="write the summaries into docs/performance.md")
    args = parser.parse_args()
    if not (BIN / "locust").exists():
        print("Locust is not installed: `make bench-load` installs requirements/bench.txt.", file=sys.stderr)
        return 2
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    print(f"Month-end load test: scratch database {url} (dropped and created again for each scenario)", flush=True)
    try:
        recreate_database(url)
    except Skip as skip:
        print(f"Load test skipped: {skip}. Set BENCH_DATABASE_URL to a scratch PostgreSQL database to run it.")
        return 0
    base = Path(tempfile.mkdtemp(prefix="tg-load-"))
    os.environ.update(production_environment(url, base / "data"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    chosen = list(SCENARIOS.values()) if args.scenario == "both" else [SCENARIOS[args.scenario]]
    results = [run_scenario(scenario, url, base, args.write_docs) for scenario in chosen]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
