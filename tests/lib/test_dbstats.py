"""The planner's statistics (``lib/dbstats.py``): after ``refresh`` SQLite knows how big the tree is."""

import pytest
from django.db import connection

from tuyengiao.lib import dbstats
from tuyengiao.units.models import UnitVersion

pytestmark = pytest.mark.django_db


def test_refresh_gives_sqlite_the_size_of_the_unit_tree_and_leaves_postgresql_to_autovacuum() -> None:
    table = UnitVersion._meta.db_table
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            before = cursor.fetchone()
            dbstats.refresh()
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            assert cursor.fetchone() == before  # no ANALYZE inside the caller's transaction
        return
    dbstats.refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL", [table])
        rows = [int(stat.split()[0]) for (stat,) in cursor.fetchall()]
    assert rows and max(rows) > 10_000  # the real tree: more than ten thousand versions
