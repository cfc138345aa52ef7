# ruff: noqa: S608 - SQL built from table names in _meta; every value is a parameter
"""Report indicator sources of the dissemination area (``tuyengiao.reports.sources``).

For a unit and a period, from the study sessions it organised or joined as a bridge point with attendees
(the same session rows as the coverage pages, ``coverage.sessions_sql``), counted for the unit itself only:
a report is the unit's own, lineage is the consolidation's business.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection

from tuyengiao.dissemination.coverage import _COUNT, sessions_sql
from tuyengiao.lib.periods import Period
from tuyengiao.reports.sources import register


def _own(unit: Any, period: Period) -> tuple[int, int, int, int]:
    """(sessions, attendees, Party members attending, documents studied) of ``unit`` in ``period``."""
    all_sessions, params = sessions_sql(None, period.start, period.end)
    by_document, doc_params = sessions_sql(None, period.start, period.end, per_document=True)
    sql = (
        f"SELECT COUNT(DISTINCT s.meeting_id), COALESCE(SUM(s.attendees), 0), COALESCE(SUM(s.party_members), 0),"
        f" (SELECT COUNT(DISTINCT d.document_id) FROM ({by_document}) d WHERE d.unit_id = %s)"
        f" FROM ({all_sessions}) s WHERE s.unit_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*doc_params, unit.pk, *params, unit.pk])
        row = cursor.fetchone()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def sessions_held(unit: Any, period: Period) -> int:
    return _own(unit, period)[0]


def attendees(unit: Any, period: Period) -> int:
    return _own(unit, period)[1]


def party_members(unit: Any, period: Period) -> int:
    return _own(unit, period)[2]


def documents_studied(unit: Any, period: Period) -> int:
    return _own(unit, period)[3]


def members_reached(unit: Any, period: Period) -> Decimal | None:
    """% of the unit's Party members reached, averaged over the documents it studied in the period: per
    document, Party members attending (capped at the members) over the members in force at the period's end.
    The same figure as the coverage page's percentage for the unit when one document was studied."""
    by_document, params = sessions_sql(None, period.start, period.end, per_document=True)
    per_doc = (
        f"SELECT d.document_id AS doc, SUM(d.party_members) AS pm FROM ({by_document}) d"
        f" WHERE d.unit_id = %s GROUP BY d.document_id"
    )
    members = (
        f"SELECT c.count FROM {_COUNT} c WHERE c.unit_id = %s AND c.valid_from <= %s ORDER BY c.valid_from DESC LIMIT 1"
    )
    sql = (
        f"SELECT COUNT(*), SUM(CASE WHEN t.pm > m.n THEN m.n ELSE t.pm END), MAX(m.n)"
        f" FROM ({per_doc}) t CROSS JOIN (SELECT ({members}) AS n) m"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, unit.pk, unit.pk, period.end])
        documents, reached, members_count = cursor.fetchone()
    if not documents or not members_count:
        return None
    percent = Decimal(int(reached) * 100) / Decimal(int(members_count) * int(documents))
    return percent.quantize(Decimal("0.1"), ROUND_HALF_UP)


register("dissemination.sessions", "Số buổi học tập, quán triệt đơn vị tổ chức hoặc dự (sổ hội nghị)", sessions_held)
register("dissemination.attendees", "Số lượt người dự học tập, quán triệt (sổ hội nghị)", attendees)
register("dissemination.party_members", "Số lượt đảng viên dự học tập, quán triệt (sổ hội nghị)", party_members)
register("dissemination.documents", "Số văn bản được học tập, quán triệt (sổ hội nghị)", documents_studied)
register(
    "dissemination.members_reached",
    "Tỷ lệ đảng viên được học tập, quán triệt, bình quân theo văn bản (sổ hội nghị)",
    members_reached,
)
