"""Fixtures: a real central document, Đắk Lắk's plan for it, and study sessions across the 01/07/2025 merger.

Phường Buôn Ma Thuột (c2025:24133) was formed on 01/07/2025 from six old units (c:24133, c:24136, c:24142,
c:24145, c:24148, c:24160): all six study in March 2025. Xã Hòa Phú (c2025:24175) was formed from three
(c:24172, c:24175, c:24178): only two of them study before the merger.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tuyengiao.dissemination.models import DisseminationPlan, PartyMemberCount
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Document
from tuyengiao.meetings.models import BridgePoint, Meeting
from tuyengiao.units.models import Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BMT_OLD = ("c:24133", "c:24136", "c:24142", "c:24145", "c:24148", "c:24160")
HOA_PHU_OLD = ("c:24172", "c:24175", "c:24178")


def unit(key: str) -> Unit:
    return Unit.objects.get(key=key)


def session(organiser: Unit, day: dt.date, document: Document, attendees: int = 50, members: int = 40) -> Meeting:
    meeting = Meeting.objects.create(
        organiser=organiser,
        kind=Meeting.Kind.STUDY_SESSION,
        title=f"Học tập, quán triệt {document.code}",
        starts_at=dt.datetime.combine(day, dt.time(7, 30), tzinfo=TZ),
        attendees=attendees,
        party_members=members,
    )
    meeting.documents.add(document)
    return meeting


def bridge(meeting: Meeting, at: Unit, attendees: int | None, members: int | None = None) -> BridgePoint:
    return BridgePoint.objects.create(meeting=meeting, unit=at, attendees=attendees, party_members=members)


@pytest.fixture
def document(personas) -> Document:
    ensure_documents()
    return Document.objects.get(code="35-NQ/TW")


@pytest.fixture
def plan(personas, document) -> DisseminationPlan:
    return DisseminationPlan.objects.create(
        document=document,
        unit=personas.province,
        starts_on=dt.date(2025, 1, 1),
        deadline=dt.date(2025, 9, 30),
        target_levels=["commune"],
        include_affiliated=False,
    )


@pytest.fixture
def merger_sessions(plan, document):
    """Sessions of the old units in March 2025 and party-member counts from 01/01/2025."""
    for index, key in enumerate(BMT_OLD):
        session(unit(key), dt.date(2025, 3, 3 + index), document, attendees=60, members=50)
        PartyMemberCount.objects.create(unit=unit(key), valid_from=dt.date(2025, 1, 1), count=100)
    for key in HOA_PHU_OLD[:2]:
        session(unit(key), dt.date(2025, 3, 20), document, attendees=30, members=20)
    for key in HOA_PHU_OLD:
        PartyMemberCount.objects.create(unit=unit(key), valid_from=dt.date(2025, 1, 1), count=40)
    return plan
