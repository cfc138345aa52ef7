"""Speed benchmarks for the unit tree: `make bench`.

Runs against a fresh SQLite database in a temporary directory (or the database
named by DATABASE_URL), loads the national data, then times the operations that
pages and reports depend on. Each target is a median over repeated runs; the
script exits 1 when one is missed. Numbers we publish come from this script.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["TG_DATA_DIR"] = tempfile.mkdtemp(prefix="tg-bench-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from tuyengiao.accounts import demo  # noqa: E402
from tuyengiao.accounts.models import User  # noqa: E402
from tuyengiao.units import loader, tree  # noqa: E402
from tuyengiao.units.models import Unit, UnitVersion  # noqa: E402

# (name, target in milliseconds)
TARGETS = {
    "load_units, first run": 30_000,
    "load_units, second run": 500,
    "level_counts national": 100,
    "level_counts under a province": 50,
    "subtree of a province": 50,
    "search 'dak lak'": 100,
    "browse page: province children": 150,
    "browse page: search": 150,
    "unit page": 150,
}


def median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    loader.load(log=lambda _m: None)
    results = {"load_units, first run": (time.perf_counter() - start) * 1000}
    results["load_units, second run"] = median_ms(lambda: loader.load(log=lambda _m: None), 3)
    demo.ensure_demo()
    after = dt.date(2025, 7, 1)
    province = Unit.objects.get(key="p:66")
    results["level_counts national"] = median_ms(lambda: tree.level_counts(dt.date(2025, 6, 30)))
    results["level_counts under a province"] = median_ms(lambda: tree.level_counts(after, province))
    results["subtree of a province"] = median_ms(
        lambda: list(UnitVersion.objects.as_of(after).filter(unit_id__in=tree.subtree_ids([province.pk], after)))
    )
    results["search 'dak lak'"] = median_ms(lambda: list(UnitVersion.objects.as_of(after).search("dak lak")[:50]))
    client = Client()
    client.force_login(User.objects.get(username="lanhdao.daklak"))
    results["browse page: province children"] = median_ms(
        lambda: client.get("/don-vi/", {"ngay": "30/06/2025", "tren": province.pk})
    )
    results["browse page: search"] = median_ms(lambda: client.get("/don-vi/", {"q": "xa ea"}))
    results["unit page"] = median_ms(lambda: client.get(f"/don-vi/{province.pk}/"))

    failed = 0
    print(f"{'operation':<36} {'median':>10} {'target':>10}")
    for name, value in results.items():
        target = TARGETS[name]
        ok = value <= target
        failed += not ok
        print(f"{name:<36} {value:>8.1f} ms {target:>7} ms {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
