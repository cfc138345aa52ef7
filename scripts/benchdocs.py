"""The one way a benchmark writes its results into docs/performance.md: between its own pair of markers.

``write_block(name, text)`` replaces what stands between ``<!-- name:start -->`` and ``<!-- name:end -->`` (or
appends the block at the end when the markers are not there yet), so the published figures are always a run's.
``machine(...)`` and ``commit()`` give the line every block opens with: what it ran on and which code it measured.
Imported lazily by the bench scripts (``scripts/`` is on the path when they run as scripts).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def write_block(name: str, text: str, docs: Path = DOCS) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    current = docs.read_text(encoding="utf-8")
    block = f"{start}\n{text.strip(chr(10))}\n{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    docs.write_text(current, encoding="utf-8")
    print(f"written to {docs} ({start})")


def database() -> str:
    """The database Django is connected to, with its version ("SQLite 3.40.1", "PostgreSQL 15.14")."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def machine(*parts: str) -> str:
    """Cores, CPU, memory, then ``parts`` (the database, other engines), then Python."""
    cores = len(os.sched_getaffinity(0))
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    ram = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) / 1024 / 1024  # type: ignore[union-attr]
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    cpu = model.group(1).strip() if model else platform.processor()
    middle = "".join(f", {part}" for part in parts if part)
    return f'{cores} cores (`nproc`), CPU "{cpu}", {ram:.0f} GiB RAM{middle}, Python {platform.python_version()}'


def commit() -> str:
    """The measured commit, "with uncommitted changes" when the code differs from it (docs/performance.md, the
    results file the bench scripts write, does not count)."""
    git = shutil.which("git")
    if git is None:
        return "unknown"

    def run(*args: str) -> str:
        done = subprocess.run([git, *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        return done.stdout.strip()

    out, dirty = run("rev-parse", "--short", "HEAD"), run("status", "--porcelain", "--", ".", ":!docs/performance.md")
    return (out + (" with uncommitted changes" if dirty else "")) or "unknown"
