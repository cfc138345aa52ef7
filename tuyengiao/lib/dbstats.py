"""The query planner's statistics, refreshed after bulk loads.

A SQLite database that was never analysed has no statistics, and the planner then guesses: on the demo data the
central committee's pivot of twelve months took 35 s instead of 0.4 s (the consolidation drove its join from the
wrong side). ``refresh`` runs ``ANALYZE`` — on SQLite with ``analysis_limit`` (sampled statistics: milliseconds,
whatever the size) — and is called by ``load_units`` and ``load_demo`` after they write, and once by
``manage.py worker`` when it starts (databases loaded before this existed). PostgreSQL's autovacuum analyses on
its own, but only later; an explicit ``ANALYZE`` after a load costs seconds.
"""

from __future__ import annotations

from django.db import connection

SQLITE_ANALYSIS_LIMIT = 1000  # rows sampled per index (SQLite's own recommendation: a few hundred to a thousand)


def refresh() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
