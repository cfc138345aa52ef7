# ruff: noqa: S608 - SQL built from table names in _meta; every value is a parameter
"""Coverage of a document's study and dissemination, as the tree stood on a date, in SQL.

Inputs: a document, a root unit (whose subtree is looked at), a window ``[start, as_of]`` of session dates,
and the structure date ``as_of`` (the tree of that day, and the day "overdue" is judged on).

Rules (the issue is silent on them; see docs/architecture.md, "Dissemination"):

* **Plan.** The plan that applies is the document's plan of the root or of its nearest ancestor on
  ``as_of`` (a commune looks at its province's plan). Without a plan: no deadline, the window starts at the
  document's issue date, and every party committee below the issuer must study.
* **Expected units**: the units of the root's subtree on ``as_of`` (a commission stands for its party
  committee) of the kinds and levels the plan names, except the plan's own unit.
* **A session** is a ``Meeting`` of kind ``study_session`` listing the document, held in the window. It
  counts for its organiser, and for every bridge point with at least one attendee.
* **Done**: the unit held (or joined) a session itself; or it was formed by restructuring and *all* of its
  predecessors were done (recursively, through ``UnitLink``; a part-share predecessor counts for each
  successor it gave territory to). A new commune whose six old wards had all studied before 01/07/2025 is
  done; if one of them had not, the new commune must hold its own session.
* **Figures** add up through lineage: sessions, attendees and Party members attending of the unit and of
  all its transitive predecessors in the window. A session is one meeting: the subtree's total counts each
  meeting once however many of its bridge points are in the subtree (its attendees add up over them).
* **Party members of a unit**: its ``PartyMemberCount`` in force on ``as_of``; a unit without its own figure
  yet takes the sum of its direct predecessors' figures on that day.
* **% reached**: per unit, Party members attending (capped at the unit's members: studying twice does not
  reach more people than there are) over its members; overall, the capped sum over the units with a known
  member count divided by their members.
* **Overdue**: not done, and the plan's deadline is before ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from tuyengiao.dissemination.models import DisseminationPlan, PartyMemberCount, target_filter
from tuyengiao.documents.models import Document
from tuyengiao.meetings.models import BridgePoint, Meeting
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Unit, UnitLink, UnitVersion

_MEETING = Meeting._meta.db_table
_MEETING_DOCS = Meeting.documents.through._meta.db_table
_BRIDGE = BridgePoint._meta.db_table
_LINK = UnitLink._meta.db_table
_COUNT = PartyMemberCount._meta.db_table


def _bound(day: dt.date) -> Any:
    """The first instant of ``day`` in the project's time zone, as the database wants it."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def territorial_root(unit: Unit, date: dt.date) -> Unit:
    """A commission stands for its party committee (as in scoping)."""
    if unit.kind == Kind.COMMISSION:
        version = unit.version_on(date)
        if version is not None and version.parent_id:
            return Unit.objects.get(pk=version.parent_id)
    return unit


def plan_for(document: Document, unit: Unit, date: dt.date) -> DisseminationPlan | None:
    """The document's plan of ``unit`` or of its nearest ancestor on ``date``."""
    chain = [unit.pk, *[v.unit_id for v in reversed(tree.ancestors(unit, date))]]
    plans = {p.unit_id: p for p in DisseminationPlan.objects.filter(document=document, unit_id__in=chain)}
    for unit_id in chain:
        if unit_id in plans:
            return plans[unit_id]
    return None


def sessions_sql(
    document_ids: list[int] | None, start: dt.date, end: dt.date, *, per_document: bool = False
) -> tuple[str, list[Any]]:
    """``SELECT unit_id, meeting_id, document_id, attendees, party_members`` of every session row in
    ``[start, end]``: the organiser's, and each bridge point's with attendees. With ``document_ids`` only
    sessions of those documents, one row per document studied; with ``per_document`` every document's rows;
    otherwise one row per unit and meeting whatever it studied (document_id NULL)."""
    params: list[Any] = [Meeting.Kind.STUDY_SESSION, _bound(start), _bound(end + dt.timedelta(days=1))]
    where = "m.kind = %s AND m.starts_at >= %s AND m.starts_at < %s"
    join, document = "", "NULL"
    if document_ids is not None or per_document:
        join, document = f" JOIN {_MEETING_DOCS} md ON md.meeting_id = m.id", "md.document_id"
    if document_ids is not None:
        ids = document_ids or [0]
        where += f" AND md.document_id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
    sql = (
        f"SELECT m.organiser_id AS unit_id, m.id AS meeting_id, {document} AS document_id,"
        f" COALESCE(m.attendees, 0) AS attendees, COALESCE(m.party_members, 0) AS party_members"
        f" FROM {_MEETING} m{join} WHERE {where}"
        f" UNION ALL"
        f" SELECT b.unit_id, m.id, {document}, b.attendees, COALESCE(b.party_members, 0)"
        f" FROM {_BRIDGE} b JOIN {_MEETING} m ON m.id = b.meeting_id{join} WHERE {where} AND b.attendees > 0"
    )
    return sql, params + params


@dataclass
class UnitRow:
    unit_id: int
    name: str
    done: bool
    own: bool
    sessions: int
    attendees: int
    party_members: int
    members: int | None
    overdue: bool

    @property
    def by_lineage(self) -> bool:
        return self.done and not self.own

    @property
    def percent(self) -> Decimal | None:
        if not self.members:
            return None
        reached = min(self.party_members, self.members)
        return (Decimal(reached * 100) / Decimal(self.members)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Totals:
    expected: int = 0
    done: int = 0
    overdue: int = 0
    sessions: int = 0
    attendees: int = 0
    party_members: int = 0
    members: int = 0
    reached: int = 0

    @property
    def not_done(self) -> int:
        return self.expected - self.done

    @property
    def percent(self) -> Decimal | None:
        if not self.members:
            return None
        return (Decimal(self.reached * 100) / Decimal(self.members)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Coverage:
    document: Document
    root: Unit
    plan: DisseminationPlan | None
    start: dt.date
    as_of: dt.date
    totals: Totals
    rows: list[UnitRow] = field(default_factory=list)

    @property
    def deadline(self) -> dt.date | None:
        return self.plan.deadline if self.plan else None


def _expected(document: Document, root: Unit, plan: DisseminationPlan | None, as_of: dt.date) -> tuple[str, list]:
    condition: Q = plan.target_filter() if plan else target_filter([], True)
    excluded = plan.unit_id if plan else document.issuer_unit_id
    qs = (
        UnitVersion.objects.as_of(as_of)
        .filter(unit_id__in=tree.subtree_ids([root.pk], as_of))
        .filter(condition)
        .exclude(unit_id=excluded or 0)
        .values("unit_id")
        .order_by()
    )
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _statement(
    document: Document, root: Unit, plan: DisseminationPlan | None, start: dt.date, as_of: dt.date
) -> tuple[str, list[Any]]:
    """Per expected unit: done, own, sessions, attendees, Party members attending, members, in one statement."""
    expected_sql, expected_params = _expected(document, root, plan, as_of)
    sessions, session_params = sessions_sql([document.pk], start, as_of)
    # walk: back from each expected unit until a unit that studied it; lin: each expected unit's whole lineage.
    walk, walk_params = tree.predecessors_cte(
        "walk", "expected", stop_unless="c.unit_id NOT IN (SELECT unit_id FROM studied)"
    )
    lin, lin_params = tree.predecessors_cte("lin", "expected")
    sql = f"""
WITH RECURSIVE
expected(unit_id) AS ({expected_sql}),
sess(unit_id, meeting_id, document_id, attendees, party_members) AS ({sessions}),
studied(unit_id) AS (SELECT DISTINCT unit_id FROM sess),
{walk},
{lin},
failing(target_id) AS (
  SELECT DISTINCT w.target_id FROM walk w
  WHERE w.unit_id NOT IN (SELECT unit_id FROM studied)
  AND NOT EXISTS (SELECT 1 FROM {_LINK} l WHERE l.successor_id = w.unit_id)
),
latest(unit_id, count) AS (
  SELECT c.unit_id, c.count FROM {_COUNT} c
  WHERE c.valid_from <= %s AND NOT EXISTS (
    SELECT 1 FROM {_COUNT} c2 WHERE c2.unit_id = c.unit_id AND c2.valid_from <= %s AND c2.valid_from > c.valid_from)
),
figures(target_id, sessions, attendees, party_members) AS (
  SELECT lin.target_id, COUNT(DISTINCT s.meeting_id), COALESCE(SUM(s.attendees), 0),
         COALESCE(SUM(s.party_members), 0)
  FROM lin JOIN sess s ON s.unit_id = lin.unit_id GROUP BY lin.target_id
),
members(unit_id, count) AS (
  SELECT e.unit_id, COALESCE(
    (SELECT la.count FROM latest la WHERE la.unit_id = e.unit_id),
    (SELECT SUM(la.count) FROM {_LINK} l JOIN latest la ON la.unit_id = l.predecessor_id
     WHERE l.successor_id = e.unit_id))
  FROM expected e
),
per_unit(unit_id, done, own, sessions, attendees, party_members, members, reached) AS (
  SELECT e.unit_id,
    CASE WHEN e.unit_id IN (SELECT target_id FROM failing) THEN 0 ELSE 1 END,
    CASE WHEN e.unit_id IN (SELECT unit_id FROM studied) THEN 1 ELSE 0 END,
    COALESCE(f.sessions, 0), COALESCE(f.attendees, 0), COALESCE(f.party_members, 0), mb.count,
    CASE WHEN mb.count IS NULL THEN 0 WHEN COALESCE(f.party_members, 0) > mb.count THEN mb.count
         ELSE COALESCE(f.party_members, 0) END
  FROM expected e LEFT JOIN figures f ON f.target_id = e.unit_id JOIN members mb ON mb.unit_id = e.unit_id
)
"""
    params = [*expected_params, *session_params, *walk_params, *lin_params, as_of, as_of]
    return sql, params


def _run(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def window(document: Document, plan: DisseminationPlan | None, start: dt.date | None) -> dt.date:
    if start is not None:
        return start
    if plan is not None:
        return plan.starts_on
    return document.issue_date or dt.date(2000, 1, 1)


def totals(
    document: Document,
    root: Unit,
    as_of: dt.date,
    start: dt.date | None = None,
    plan: DisseminationPlan | None = None,
    *,
    find_plan: bool = True,
) -> tuple[Totals, DisseminationPlan | None, dt.date]:
    """The coverage figures over the root's subtree (one statement, plus one to find the plan)."""
    root = territorial_root(root, as_of)
    if plan is None and find_plan:
        plan = plan_for(document, root, as_of)
    begin = window(document, plan, start)
    sql, params = _statement(document, root, plan, begin, as_of)
    overdue = "SUM(CASE WHEN done = 0 THEN 1 ELSE 0 END)" if plan and plan.deadline < as_of else "0"
    # Sessions overall are meetings, counted once however many bridge points of the subtree joined them (a
    # session held at two bridge points is one session, not two); attendees still add up over the points.
    sessions = "(SELECT COUNT(DISTINCT s.meeting_id) FROM lin JOIN sess s ON s.unit_id = lin.unit_id)"
    sql += (
        f"SELECT COUNT(*), COALESCE(SUM(done), 0), {overdue}, {sessions},"
        " COALESCE(SUM(attendees), 0), COALESCE(SUM(party_members), 0), COALESCE(SUM(members), 0),"
        " COALESCE(SUM(reached), 0) FROM per_unit"
    )
    row = _run(sql, params)[0]
    return Totals(*(int(v or 0) for v in row)), plan, begin


def coverage(
    document: Document, root: Unit, as_of: dt.date, start: dt.date | None = None, *, limit: int | None = None
) -> Coverage:
    """Totals and one row per expected unit (names as of ``as_of``, in the official order)."""
    root = territorial_root(root, as_of)
    plan = plan_for(document, root, as_of)
    summary, plan, begin = totals(document, root, as_of, start, plan, find_plan=False)
    sql, params = _statement(document, root, plan, begin, as_of)
    sql += (
        "SELECT p.unit_id, p.done, p.own, p.sessions, p.attendees, p.party_members, p.members"
        " FROM per_unit p ORDER BY p.done, p.unit_id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = _run(sql, params)
    names = {
        v.unit_id: v
        for v in UnitVersion.objects.as_of(as_of).filter(unit_id__in=[r[0] for r in rows]).select_related("unit")
    }
    overdue = bool(plan and plan.deadline < as_of)
    result = [
        UnitRow(
            unit_id=r[0],
            name=names[r[0]].name if r[0] in names else str(r[0]),
            done=bool(r[1]),
            own=bool(r[2]),
            sessions=int(r[3]),
            attendees=int(r[4]),
            party_members=int(r[5]),
            members=int(r[6]) if r[6] is not None else None,
            overdue=overdue and not r[1],
        )
        for r in rows
    ]
    order = {v.unit_id: (v.unit.code, v.search_text) for v in names.values()}
    result.sort(key=lambda row: (row.done, order.get(row.unit_id, ("", ""))))
    return Coverage(document, root, plan, begin, as_of, summary, result)


def sessions_of(document: Document, unit_ids: list[int], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """The session rows (organiser or bridge point) of ``unit_ids`` in the window, newest first."""
    sql, params = sessions_sql([document.pk], start, end)
    ids = unit_ids or [0]
    sql = (
        f"SELECT s.unit_id, s.meeting_id, s.attendees, s.party_members FROM ({sql}) s"
        f" WHERE s.unit_id IN ({', '.join(['%s'] * len(ids))})"
    )
    rows = _run(sql, [*params, *ids])
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in={r[1] for r in rows}).select_related("organiser")}
    result = [
        {"unit_id": r[0], "meeting": meetings[r[1]], "attendees": r[2], "party_members": r[3], "bridge": None}
        for r in rows
    ]
    for row in result:
        row["bridge"] = row["meeting"].organiser_id != row["unit_id"]
    result.sort(key=lambda row: row["meeting"].starts_at, reverse=True)
    return result
