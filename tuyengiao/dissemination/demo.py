"""Demo study and dissemination for Đắk Lắk (run by ``manage.py load_demo``).

Party-member counts of the old communes (from 01/01/2025) and of the new communes (from 01/07/2025); the
province's plans for two real central documents of the demo registry (05-CT/TW, 35-NQ/TW) in 2025; study
sessions: old communes in March–May 2025 (so some new communes are done through their predecessors), new
communes from August 2025, and one provincial online conference with bridge points. The figures are made
up for the demo ("Dữ liệu mẫu"). Idempotent: nothing is added when the province's plans exist.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from tuyengiao.dissemination.models import DisseminationPlan, PartyMemberCount
from tuyengiao.documents.models import Document
from tuyengiao.meetings.models import BridgePoint, Meeting
from tuyengiao.units import tree
from tuyengiao.units.models import Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOTE = "Dữ liệu mẫu"


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(7, 30), tzinfo=TZ)


@transaction.atomic
def ensure_dissemination() -> int:
    """Create the demo plans, counts and sessions if missing; returns how many sessions were created."""
    province = Unit.objects.get(key="p:66")
    documents = {
        d.code: d for d in Document.objects.filter(code__in=["05-CT/TW", "35-NQ/TW"], issuer_unit__key="central")
    }
    if len(documents) < 2 or DisseminationPlan.objects.filter(unit=province, note=NOTE).exists():
        return 0
    rng = random.Random(2025)
    old = list(
        Unit.objects.filter(
            pk__in=tree.subtree_ids([province.pk], dt.date(2025, 6, 30)), key__startswith="c:"
        ).order_by("key")
    )
    new = list(Unit.objects.filter(key__startswith="c2025:", versions__parent__key="p:66").distinct().order_by("key"))
    counts = [
        PartyMemberCount(unit=u, valid_from=dt.date(2025, 1, 1), count=rng.randint(60, 320), note=NOTE) for u in old
    ]
    counts += [
        PartyMemberCount(unit=u, valid_from=dt.date(2025, 7, 1), count=rng.randint(250, 1200), note=NOTE) for u in new
    ]
    bulk_create_with_history(counts, PartyMemberCount)
    members = {c.unit_id: c.count for c in counts}
    plans = [
        DisseminationPlan(
            document=documents["35-NQ/TW"],
            unit=province,
            starts_on=dt.date(2025, 1, 1),
            deadline=dt.date(2025, 10, 31),
            target_levels=["commune"],
            include_affiliated=True,
            note=NOTE,
        ),
        DisseminationPlan(
            document=documents["05-CT/TW"],
            unit=province,
            starts_on=dt.date(2025, 7, 1),
            deadline=dt.date(2025, 12, 31),
            target_levels=["commune"],
            include_affiliated=True,
            note=NOTE,
        ),
    ]
    bulk_create_with_history(plans, DisseminationPlan)
    created = 0

    def study(unit: Unit, day: dt.date, document: Document, share: float) -> None:
        nonlocal created
        n = members.get(unit.pk, 200)
        party = max(1, int(n * share))
        meeting = Meeting.objects.create(
            organiser=unit,
            kind=Meeting.Kind.STUDY_SESSION,
            title=f"Hội nghị học tập, quán triệt {document.code}",
            starts_at=_at(day),
            attendees=party + rng.randint(5, 60),
            party_members=party,
            venue="Hội trường Đảng ủy",
        )
        meeting.documents.add(document)
        created += 1

    nq35 = documents["35-NQ/TW"]
    for unit in old:
        if rng.random() < 0.55:
            study(unit, dt.date(2025, 3, 1) + dt.timedelta(days=rng.randint(0, 80)), nq35, rng.uniform(0.7, 0.97))
    for unit in new:
        if rng.random() < 0.35:
            study(unit, dt.date(2025, 8, 1) + dt.timedelta(days=rng.randint(0, 70)), nq35, rng.uniform(0.75, 0.98))
    ct05 = documents["05-CT/TW"]
    conference = Meeting.objects.create(
        organiser=Unit.objects.get(key="com:p:66"),
        kind=Meeting.Kind.STUDY_SESSION,
        mode=Meeting.Mode.HYBRID,
        title="Hội nghị trực tuyến học tập chuyên đề năm 2025 về Chỉ thị 05-CT/TW",
        starts_at=_at(dt.date(2025, 9, 10)),
        attendees=180,
        party_members=172,
        venue="Hội trường Tỉnh ủy Đắk Lắk",
    )
    conference.documents.add(ct05)
    created += 1
    bridges = []
    for unit in new[:30]:
        party = int(members[unit.pk] * rng.uniform(0.6, 0.95))
        bridges.append(
            BridgePoint(
                meeting=conference,
                unit=unit,
                attendees=party + rng.randint(3, 30),
                party_members=party,
                venue="Điểm cầu Đảng ủy",
            )
        )
    bulk_create_with_history(bridges, BridgePoint)
    for unit in new[30:60]:
        if rng.random() < 0.5:
            study(unit, dt.date(2025, 10, 1) + dt.timedelta(days=rng.randint(0, 40)), ct05, rng.uniform(0.7, 0.95))
    return created
