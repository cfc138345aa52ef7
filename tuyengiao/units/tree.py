"""Tree queries as of a date: subtree and ancestors as recursive CTEs.

Both SQLite and PostgreSQL accept the same ``WITH RECURSIVE`` statement, and
Django lets us use it as a subquery (``RawSQL``), so "every unit under Đắk Lắk on
31/12/2024" is a single SQL query however deep the tree is. Results are sets of
unit ids, to be combined with ``UnitVersion.objects.as_of(date)`` for names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL

from tuyengiao.units.models import Kind, Level, RestructuringEvent, Unit, UnitLink, UnitVersion

_VERSION = UnitVersion._meta.db_table
_LINK = UnitLink._meta.db_table
# The version ``v`` in force on a date (two ``%s`` parameters, both the date): every tree query's condition.
ACTIVE = "(v.valid_from IS NULL OR v.valid_from <= %s) AND (v.valid_to IS NULL OR v.valid_to > %s)"


def _placeholders(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _subtree_cte(root_ids: Iterable[int], date: dt.date) -> tuple[str, tuple[object, ...]]:
    """``sub(unit_id)``: the roots and every unit below them on ``date``."""
    roots = sorted(set(root_ids)) or [0]
    sql = (
        f"sub(unit_id) AS ("
        f" SELECT v.unit_id FROM {_VERSION} v WHERE v.unit_id IN ({_placeholders(roots)}) AND {ACTIVE}"
        f" UNION"
        f" SELECT v.unit_id FROM {_VERSION} v JOIN sub ON v.parent_id = sub.unit_id WHERE {ACTIVE})"
    )
    return sql, (*roots, date, date, date, date)


def subtree_ids(root_ids: Iterable[int], date: dt.date) -> RawSQL:
    """Ids of the roots and every unit below them on ``date`` (a subquery)."""
    sub, params = _subtree_cte(root_ids, date)
    return RawSQL(f"WITH RECURSIVE {sub} SELECT unit_id FROM sub", params)


def subtree_and_predecessor_ids(root_ids: Iterable[int], date: dt.date) -> RawSQL:
    """``subtree_ids`` and every predecessor of those units, transitively (a subquery): whatever a unit of
    the subtree on ``date`` carries on from the units it was formed from."""
    sub, params = _subtree_cte(root_ids, date)
    sql = (
        f"WITH RECURSIVE {sub}, lin(unit_id) AS (SELECT unit_id FROM sub"
        f" UNION SELECT l.predecessor_id FROM {_LINK} l JOIN lin ON l.successor_id = lin.unit_id)"
        f" SELECT unit_id FROM lin"
    )
    return RawSQL(sql, params)


def read_scope_ids(root_ids: Iterable[int], date: dt.date) -> RawSQL:
    """The units whose records of any date the roots' readers read (a subquery): ``subtree_and_predecessor_ids``
    and every unit that no longer exists and whose last version hung under one of those units or under another
    such former unit (a commune merged in 2020 under a district dissolved in 2025: the province holds both
    archives). Walked down from the scope through parent links, so it costs what the province's own history
    costs, not the country's."""
    sub, params = _subtree_cte(root_ids, date)
    # v is its unit's last version and has ended: no version starts at or after its end (versions of a unit never
    # overlap, so this is "none ends later"; written so, it is a range read of the (unit_id, valid_from) index).
    last = (
        f"v.valid_to IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_VERSION} w WHERE w.unit_id = v.unit_id"
        f" AND w.valid_from >= v.valid_to)"
    )
    sql = (
        f"WITH RECURSIVE {sub}, lin(unit_id) AS (SELECT unit_id FROM sub"
        f" UNION SELECT l.predecessor_id FROM {_LINK} l JOIN lin ON l.successor_id = lin.unit_id),"
        f" former(unit_id) AS (SELECT v.unit_id FROM {_VERSION} v JOIN lin ON v.parent_id = lin.unit_id WHERE {last}"
        f" UNION SELECT v.unit_id FROM {_VERSION} v JOIN former f ON v.parent_id = f.unit_id WHERE {last})"
        f" SELECT unit_id FROM lin UNION SELECT unit_id FROM former"
    )
    return RawSQL(sql, params)


def ancestor_ids(unit_id: int, date: dt.date) -> RawSQL:
    """Ids of the unit's ancestors on ``date`` (the unit itself excluded)."""
    sql = (
        f"WITH RECURSIVE up(unit_id) AS ("
        f" SELECT v.parent_id FROM {_VERSION} v WHERE v.unit_id = %s AND v.parent_id IS NOT NULL AND {ACTIVE}"
        f" UNION"
        f" SELECT v.parent_id FROM {_VERSION} v JOIN up ON v.unit_id = up.unit_id"
        f" WHERE v.parent_id IS NOT NULL AND {ACTIVE}"
        f") SELECT unit_id FROM up"
    )
    return RawSQL(sql, (unit_id, date, date, date, date))


def ever_above_ids(unit_ids: Iterable[int]) -> RawSQL:
    """Ids of the units and of every unit above them on any date (a subquery): all the versions a walk up
    from these units can meet, whatever the date, so that a caller loads them once and walks in Python
    (``documents.registry``)."""
    ids = sorted(set(unit_ids)) or [0]
    sql = (
        f"WITH RECURSIVE up(unit_id) AS ("
        f" SELECT v.unit_id FROM {_VERSION} v WHERE v.unit_id IN ({_placeholders(ids)})"
        f" UNION"
        f" SELECT v.parent_id FROM {_VERSION} v JOIN up ON v.unit_id = up.unit_id WHERE v.parent_id IS NOT NULL"
        f") SELECT unit_id FROM up"
    )
    return RawSQL(sql, tuple(ids))


def lineage_ids(unit_ids: Iterable[int], direction: str, after: dt.date | None = None) -> set[int]:
    """All transitive predecessors (``direction="back"``) or successors ("forward").

    With ``after``, only through restructurings dated after that day: the predecessors a unit took over
    *since* ``after`` (``lineage_ids([dak_lak], "back", after=5 June 2025)`` is old Phú Yên, merged on
    1 July 2025; with ``after=1 July 2025`` it is nothing).
    """
    ids = sorted(set(unit_ids))
    if not ids:
        return set()
    start, follow = ("successor_id", "predecessor_id") if direction == "back" else ("predecessor_id", "successor_id")
    if after is None:
        first = f"SELECT {follow} FROM {_LINK} WHERE {start} IN ({_placeholders(ids)})"
        step = f"SELECT l.{follow} FROM {_LINK} l JOIN lin ON l.{start} = lin.unit_id"
        params: list[int | dt.date] = list(ids)
    else:
        event = RestructuringEvent._meta.db_table
        first = (
            f"SELECT l.{follow} FROM {_LINK} l JOIN {event} e ON e.id = l.event_id"
            f" WHERE l.{start} IN ({_placeholders(ids)}) AND e.date > %s"
        )
        step = (
            f"SELECT l.{follow} FROM {_LINK} l JOIN {event} e ON e.id = l.event_id"
            f" JOIN lin ON l.{start} = lin.unit_id WHERE e.date > %s"
        )
        params = [*ids, after, after]
    sql = f"WITH RECURSIVE lin(unit_id) AS ({first} UNION {step}) SELECT unit_id FROM lin"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


# --- Lineage as CTE pieces ------------------------------------------------------------------------------------------
#
# Two pieces for statements that follow the lineage inside SQL (consolidation, roll-ups, coverage, task holders).
# Each returns one CTE (``name(...) AS (...)``, to follow ``WITH RECURSIVE`` among others) and its parameters.
# ``seed`` names an earlier CTE or a table with a ``unit_id`` column.


def predecessors_cte(name: str, seed: str, carry: Sequence[str] = (), stop_unless: str = "") -> tuple[str, list[Any]]:
    """``name(*carry, target_id, unit_id)``: each unit of ``seed`` as ``target_id``, paired with itself and with
    every predecessor, transitively, as ``unit_id`` (what the unit carries on from the units it was formed from).

    ``carry`` columns of ``seed`` are copied to every row. ``stop_unless`` (a condition on ``c``, the row being
    extended) stops the walk at rows that fail it: coverage stops at a unit that studied the document itself.
    """
    cols = ", ".join([*carry, "target_id", "unit_id"])
    head = "".join(f"{col}, " for col in carry)
    carried = "".join(f"c.{col}, " for col in carry)
    where = f" WHERE {stop_unless}" if stop_unless else ""
    sql = (
        f"{name}({cols}) AS ("
        f" SELECT {head}unit_id, unit_id FROM {seed}"
        f" UNION"
        f" SELECT {carried}c.target_id, l.predecessor_id FROM {_LINK} l JOIN {name} c ON l.successor_id = c.unit_id"
        f"{where})"
    )
    return sql, []


def successors_cte(name: str, seed: str, living_on: dt.date | None = None) -> tuple[str, list[Any]]:
    """``name(origin, unit_id)``: each unit of ``seed`` as ``origin``, paired with itself and with every successor,
    transitively, as ``unit_id``.

    With ``living_on``, only the pairs whose ``unit_id`` exists on that day (the walk still passes through units
    that ended: a commune merged twice reaches today's commune). Two CTEs then: ``{name}_all`` and ``name``.
    """
    walk = name if living_on is None else f"{name}_all"
    sql = (
        f"{walk}(origin, unit_id) AS ("
        f" SELECT unit_id, unit_id FROM {seed}"
        f" UNION"
        f" SELECT c.origin, l.successor_id FROM {_LINK} l JOIN {walk} c ON l.predecessor_id = c.unit_id)"
    )
    if living_on is None:
        return sql, []
    sql += (
        f", {name}(origin, unit_id) AS (SELECT a.origin, a.unit_id FROM {walk} a"
        f" WHERE EXISTS (SELECT 1 FROM {_VERSION} v WHERE v.unit_id = a.unit_id AND {ACTIVE}))"
    )
    return sql, [living_on, living_on]


def ancestors(unit: Unit, date: dt.date) -> list[UnitVersion]:
    """The chain of versions above ``unit`` on ``date``, from the top down."""
    versions = list(
        UnitVersion.objects.as_of(date).filter(unit_id__in=ancestor_ids(unit.pk, date)).select_related("unit")
    )
    by_unit = {v.unit_id: v for v in versions}
    chain: list[UnitVersion] = []
    current = unit.version_on(date)
    while current is not None and current.parent_id in by_unit and len(chain) < len(by_unit):
        current = by_unit[current.parent_id]
        chain.append(current)
    return list(reversed(chain))


def children(parent_id: int | None, date: dt.date) -> QuerySet[UnitVersion]:
    return UnitVersion.objects.as_of(date).filter(parent_id=parent_id).select_related("unit").in_tree_order()


def level_counts(date: dt.date, under: Unit | None = None) -> dict[str, object]:
    """Unit counts on ``date``: territorial units by level, other bodies by kind.

    The level counts answer "how many provinces, districts and communes": they
    count the party committee of each administrative unit (which carries its GSO
    code) and the central committee. Commissions, affiliated party committees and
    other bodies are counted under ``bodies`` by kind, so that ``province`` is 34
    and not 34 plus the 34 provincial commissions. With ``under`` the unit itself
    is included in the counts.
    """
    versions = UnitVersion.objects.as_of(date)
    if under is not None:
        versions = versions.filter(unit_id__in=subtree_ids([under.pk], date))
    counts: dict[str, object] = {level.value: 0 for level in Level}
    bodies: dict[str, int] = {}
    rows = versions.values("unit__kind", "unit__level").annotate(n=Count("id")).order_by()
    for row in rows:
        if row["unit__kind"] == Kind.PARTY_COMMITTEE:
            counts[row["unit__level"]] = int(counts[row["unit__level"]]) + row["n"]  # type: ignore[call-overload]
        else:
            bodies[row["unit__kind"]] = bodies.get(row["unit__kind"], 0) + row["n"]
    counts["bodies"] = dict(sorted(bodies.items()))
    return counts
