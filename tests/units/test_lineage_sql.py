"""The two lineage pieces of units/tree.py, as the statements that follow the lineage in SQL use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from tuyengiao.units import tree
from tuyengiao.units.models import Unit

pytestmark = pytest.mark.django_db


def pairs(cte: tuple[str, list[object]], name: str, seed_keys: list[str], columns: str) -> set[tuple[str, str]]:
    """The rows of the CTE ``name`` seeded with the units ``seed_keys``, as pairs of keys."""
    sql, params = cte
    ids = [Unit.objects.get(key=key).pk for key in seed_keys]
    marks = ", ".join(["%s"] * len(ids))
    seed = f"seed(unit_id) AS (SELECT id FROM {Unit._meta.db_table} WHERE id IN ({marks}))"  # noqa: S608
    query = f"WITH RECURSIVE {seed}, {sql} SELECT {columns} FROM {name}"  # noqa: S608 - our names, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(query, [*ids, *params])
        rows = cursor.fetchall()
    keys = dict(Unit.objects.values_list("pk", "key"))
    return {(keys[a], keys[b]) for a, b in rows}


def test_each_unit_comes_with_itself_and_its_predecessors():
    found = pairs(tree.predecessors_cte("lin", "seed"), "lin", ["p:66"], "target_id, unit_id")
    assert ("p:66", "p:66") in found and ("p:66", "p:54") in found  # the new Đắk Lắk carries old Phú Yên
    assert {target for target, _unit in found} == {"p:66"}


def test_each_unit_comes_with_its_successors_and_only_the_living_ones_when_a_day_is_given():
    every = pairs(tree.successors_cte("fwd", "seed"), "fwd", ["p:54"], "origin, unit_id")
    assert every == {("p:54", "p:54"), ("p:54", "p:66")}
    after = pairs(tree.successors_cte("fwd", "seed", living_on=dt.date(2025, 7, 1)), "fwd", ["p:54"], "origin, unit_id")
    assert after == {("p:54", "p:66")}
    before = pairs(
        tree.successors_cte("fwd", "seed", living_on=dt.date(2025, 6, 1)), "fwd", ["p:54"], "origin, unit_id"
    )
    assert before == {("p:54", "p:54"), ("p:54", "p:66")}
