"""The planner's statistics (``lib/dbstats.py``): after ``refresh`` the database knows how big the tree is."""

import pytest
from django.db import connection

from tuyengiao.lib import dbstats
from tuyengiao.units.models import UnitVersion

pytestmark = pytest.mark.django_db


def test_refresh_gives_the_planner_the_size_of_the_unit_tree() -> None:
    table = UnitVersion._meta.db_table
    dbstats.refresh()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL", [table])
            rows = [int(stat.split()[0]) for (stat,) in cursor.fetchall()]
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            rows = [int(value) for (value,) in cursor.fetchall()]
    assert rows and max(rows) > 10_000  # the real tree: more than ten thousand versions
