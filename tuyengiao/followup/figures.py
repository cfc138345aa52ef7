# ruff: noqa: S608  (table names from _meta, values as parameters)
"""Task figures over the unit tree, in SQL, across restructuring.

**The lineage rule.** A task stays with the unit it was given to. When that unit ends (merged into or
split among new units, as the communes on 30/06/2025), its successors through lineage links
(``units.UnitLink``, transitively) take over what it owned:

* a unit's **tasks** are its own and those of its predecessors (``unit_task_owners``): the new commune's
  board shows the open tasks of the communes it came from, and their history;
* a unit that ended **without a successor** (the district committees dissolved on 30/06/2025: no Huyện ủy
  afterwards) leaves its tasks to the unit it last hung under (``former_owners``): the province's board
  shows the districts' 2023 tasks under their old names, as the province reads their archive
  (``tree.read_scope_ids``); a commission's board takes those of its party committee's former units;
* a **subtree's** tasks on a date are those owned by any unit of the subtree as the tree stood that day,
  or by a predecessor of one (``owners_under``) — the same rule as the consolidation of reports, so a
  2025 province total includes what the old communes were given in the first half of the year;
  a task is counted once however many successors share it;
* the **holders** of a task on a date (``holders``) are its owner if the owner exists that day, else
  the owner's successors that exist that day: the issuer's follow-up view lists tasks under them.

**Completion** (``completion``): the tasks of a unit's subtree (the tree as of ``as_of``) whose deadline
falls in ``[start, end]`` and which had been given by ``as_of``; their state as of ``as_of``: done (on
time: ``done_on <= deadline``; late otherwise), overdue (not done, deadline passed), open (not done,
deadline not yet passed). Tasks without a deadline are not in the completion rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL

from tuyengiao.followup.models import Task, TaskQuerySet
from tuyengiao.units import tree
from tuyengiao.units.models import Unit


def owners_under(root_ids: Iterable[int], day: dt.date) -> RawSQL:
    """Ids of the units under ``root_ids`` on ``day`` and of all their predecessors (a subquery)."""
    return tree.subtree_and_predecessor_ids(root_ids, day)


def unit_task_owners(unit: Unit | int) -> set[int]:
    """The unit and its predecessors (transitively): whose tasks are this unit's."""
    pk = unit if isinstance(unit, int) else unit.pk
    return {pk} | tree.lineage_ids([pk], "back")


def former_owners(unit: Unit, day: dt.date) -> set[int]:
    """Units that no longer exist on ``day``, have no successor, and last hung under ``unit`` (a commission:
    under its party committee), under one of its predecessors or under another such former unit
    (``tree.read_scope_ids``): whose tasks nobody else holds."""
    from tuyengiao.units.models import Kind, UnitLink, UnitVersion, covers

    roots = {unit.pk}
    if unit.kind == Kind.COMMISSION:
        roots |= set(
            UnitVersion.objects.filter(covers(day), unit=unit, parent__isnull=False).values_list("parent_id", flat=True)
        )
    living = UnitVersion.objects.filter(covers(day)).values("unit_id")
    succeeded = UnitLink.objects.values("predecessor_id")
    return set(
        Unit.objects.filter(pk__in=tree.read_scope_ids(roots, day))
        .exclude(pk__in=roots)
        .exclude(pk__in=living)
        .exclude(pk__in=succeeded)
        .filter(versions__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )


def holders(owner_ids: Iterable[int], day: dt.date) -> dict[int, set[int]]:
    """For each owner, the units holding its tasks on ``day``: itself if it exists then, else its
    successors (transitively) that exist then. An owner with neither maps to itself."""
    ids = sorted(set(owner_ids))
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    fwd, params = tree.successors_cte("fwd", "owners", living_on=day)
    sql = (
        f"WITH RECURSIVE owners(unit_id) AS (SELECT u.id FROM {Unit._meta.db_table} u WHERE u.id IN ({marks})),"
        f" {fwd} SELECT fwd.origin, fwd.unit_id FROM fwd"
    )
    living: dict[int, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *params])
        for origin, unit_id in cursor.fetchall():
            living.setdefault(origin, set()).add(unit_id)
    result = {}
    for origin in ids:
        found = living.get(origin, set())
        result[origin] = {origin} if origin in found or not found else found
    return result


@dataclass(frozen=True)
class Completion:
    """Tasks due in a period, as of a date. ``done = done_on_time + done_late``;
    ``total = done + overdue + open``."""

    total: int
    done: int
    done_on_time: int
    done_late: int
    overdue: int
    open: int

    @property
    def not_done(self) -> int:
        return self.total - self.done

    @property
    def rate(self) -> Decimal | None:
        """Percentage of tasks done (on time or late), one decimal; None without tasks."""
        return _percent(self.done, self.total)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _percent(self.done_on_time, self.total)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def due_tasks(unit: Unit, start: dt.date, end: dt.date, as_of: dt.date) -> TaskQuerySet:
    """The tasks ``completion`` counts."""
    return Task.objects.filter(
        owner_id__in=owners_under([unit.pk], as_of),
        deadline__gte=start,
        deadline__lte=end,
        assigned_on__lte=as_of,
    )


def completion(unit: Unit, start: dt.date, end: dt.date, as_of: dt.date | None = None) -> Completion:
    """Completion of the tasks of ``unit``'s subtree due in ``[start, end]``, as of ``as_of``
    (default ``end``), the subtree as the tree stood on ``as_of``. One SQL statement."""
    day = as_of or end
    return _completion(due_tasks(unit, start, end, day), day)


def own_completion(unit: Unit, start: dt.date, end: dt.date, as_of: dt.date | None = None) -> Completion:
    """The same for the tasks given to ``unit`` itself: what its own periodic report states (the
    consolidation adds up the units below and the predecessors, so a report never includes them)."""
    day = as_of or end
    tasks = Task.objects.filter(owner=unit, deadline__gte=start, deadline__lte=end, assigned_on__lte=day)
    return _completion(tasks, day)


def _completion(tasks: TaskQuerySet, day: dt.date) -> Completion:
    done = Q(done_on__lte=day)
    not_done = Q(done_on__isnull=True) | Q(done_on__gt=day)
    figures = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=done),
        done_on_time=Count("pk", filter=done & Q(done_on__lte=F("deadline"))),
        overdue=Count("pk", filter=not_done & Q(deadline__lt=day)),
    )
    total, done_count, on_time, overdue = (
        figures["total"],
        figures["done"],
        figures["done_on_time"],
        figures["overdue"],
    )
    return Completion(
        total=total,
        done=done_count,
        done_on_time=on_time,
        done_late=done_count - on_time,
        overdue=overdue,
        open=total - done_count - overdue,
    )
