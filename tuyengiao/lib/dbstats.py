"""The query planner's statistics on SQLite, refreshed after bulk loads.

A SQLite database that was never analysed has no statistics, and the planner then guesses: on the demo data the
central committee's pivot of twelve months took 35 s instead of 0.4 s (the consolidation drove its join from the
wrong side). ``refresh`` runs ``ANALYZE`` with ``analysis_limit`` (sampled statistics: milliseconds, whatever the
size) and is called by ``load_units`` and ``load_demo`` after they write, and once by ``manage.py worker`` when it
starts (databases loaded before this existed).

On PostgreSQL it does nothing: autovacuum analyses changed tables on its own, and an ``ANALYZE`` inside a
transaction that is then rolled back (every test) leaves ``pg_class`` row counts that no longer match the tables —
the test suite's planner then chose a plan that ran for a quarter of an hour.
"""

from __future__ import annotations

from django.db import connection

SQLITE_ANALYSIS_LIMIT = 1000  # rows sampled per index (SQLite's own recommendation: a few hundred to a thousand)


def refresh() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
