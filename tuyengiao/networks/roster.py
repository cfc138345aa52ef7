"""The reporters' network read from the registries that already hold it.

* Reporters and communicators: ``people.LecturerRole`` (level, managing unit, field, recognising decision,
  ``[from_date, to_date]``).
* Reporters' conferences: ``meetings.Meeting`` of kind ``LECTURERS``, with bridge points (attendance) and
  agenda items: **the topics delivered are the conference's agenda items** (title and presenter), no second list.
* The roll call: ``meetings.RosterEntry``, one row per reporter *expected* at the conference: a reporter role
  (any level but communicator) in force on the meeting's day whose managing unit lies in the organiser's committee
  subtree as the tree stood that day (``expected``).
* **Missed in a row**: a reporter's latest roll-call rows counted back from the latest conference, stopping at
  the first one they attended; ``MISSED_IN_A_ROW`` (3) or more absences are flagged on the network page of
  their unit (``missed_in_a_row``, one query).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from tuyengiao.meetings.models import Meeting, RosterEntry
from tuyengiao.people.models import LecturerRole, active_on
from tuyengiao.units import tree
from tuyengiao.units.choices import committee_of
from tuyengiao.units.models import Unit

MISSED_IN_A_ROW = 3
REPORTER_LEVELS = [
    LecturerRole.Level.CENTRAL,
    LecturerRole.Level.PROVINCE,
    LecturerRole.Level.GRASSROOTS,
]


def network_roles(unit: Unit, date: dt.date, base: QuerySet[LecturerRole] | None = None) -> QuerySet[LecturerRole]:
    """Roles in force on ``date`` managed in ``unit``'s committee subtree as it stood that day (of ``base``: a
    page passes ``LecturerRole.objects.readable_by(user, date)``)."""
    subtree = tree.subtree_ids([committee_of(unit, date)], date)
    rows = LecturerRole.objects.all() if base is None else base
    return rows.filter(active_on(date), unit_id__in=subtree)


def expected(meeting: Meeting) -> QuerySet[LecturerRole]:
    """The reporter roles expected at ``meeting`` (one per person: the first by level), in name order."""
    roles = network_roles(meeting.organiser, meeting.date).filter(level__in=REPORTER_LEVELS)
    return roles.select_related("person").order_by("person__name_key", "person_id", "level")


def missed_in_a_row(person_ids: Iterable[int]) -> dict[int, int]:
    """Person id → the number of conferences missed since the last one attended (only those with at least one)."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    last_present = (
        RosterEntry.objects.filter(person_id=OuterRef("person_id"), present=True)
        .order_by("-meeting__starts_at")
        .values("meeting__starts_at")[:1]
    )
    rows = (
        RosterEntry.objects.filter(person_id__in=ids, present=False)
        .annotate(last_present=Subquery(last_present))
        .filter(Q(last_present__isnull=True) | Q(meeting__starts_at__gt=F("last_present")))
        .values("person_id")
        .annotate(missed=Count("pk"))
    )
    return {row["person_id"]: row["missed"] for row in rows}
