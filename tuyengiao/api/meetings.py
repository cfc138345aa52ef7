"""Meetings (conferences, reviews, briefings, study sessions) with their conclusions and numbered tasks.

Scope is ``Meeting.objects.readable_by`` (the organiser's scope shared down, and the units that joined as a
bridge point); a meeting out of scope answers 404.
"""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tuyengiao.api.common import Paginator, Rows, etag
from tuyengiao.api.errors import ApiError, ErrorOut
from tuyengiao.api.units import UnitRef, unit_or_404
from tuyengiao.awards.models import Decision
from tuyengiao.documents.models import Document
from tuyengiao.lib.text import fold
from tuyengiao.meetings.models import BridgePoint, Meeting
from tuyengiao.units import tree
from tuyengiao.units.models import Unit, names

router = Router(tags=["Hội nghị"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class MeetingOut(Schema):
    id: int
    title: str
    kind: str = Field(..., description="annual_review, interim_review, briefing, study_session, lecturers, other.")
    organiser: UnitRef = Field(..., description="Đơn vị tổ chức, tên vào ngày họp.")
    date: dt.date = Field(..., description="Ngày họp (giờ Việt Nam).")
    starts_at: dt.datetime
    timed: bool = Field(..., description="Có ghi giờ bắt đầu không (false: chỉ biết ngày).")
    ends_at: dt.datetime | None
    mode: str = Field(..., description="in_person, online, hybrid.")
    period: str = Field(..., description="Kỳ tổng kết (mã kỳ, ví dụ 2025 hoặc 2025S1), nếu có.")


class PersonRow(Schema):
    name: str
    position: str


class GuestOut(PersonRow):
    unit: str


class AgendaOut(Schema):
    title: str
    presenter: str


class BridgePointOut(Schema):
    unit: UnitRef
    venue: str
    attendees: int | None
    party_members: int | None
    leader: str


class MeetingTaskOut(Schema):
    id: int
    number: int | None = Field(None, description="Số thứ tự trong kết luận (Một là, Hai là…).")
    title: str
    owner: UnitRef
    deadline: dt.date | None
    status: str = Field(..., description="Tình trạng hôm nay: not_started, in_progress, done, overdue.")


class DocumentRefOut(Schema):
    id: int
    code: str
    subject: str


class DecisionRefOut(Schema):
    id: int
    number: str
    subject: str
    issued_on: dt.date | None


class MeetingDetailOut(MeetingOut):
    venue: str
    attendees: int | None
    party_members: int | None
    results: str = Field(..., description="Kết quả đạt được.")
    limitations: str = Field(..., description="Hạn chế, nguyên nhân.")
    conclusions: str = Field(..., description="Phần mở đầu của kết luận.")
    revision: int
    chairs: list[PersonRow]
    guests: list[GuestOut]
    agenda: list[AgendaOut]
    bridge_points: list[BridgePointOut]
    documents: list[DocumentRefOut] = Field(..., description="Văn bản được học tập, thảo luận (đọc được).")
    tasks: list[MeetingTaskOut] = Field(..., description="Nhiệm vụ được giao trong kết luận.")
    decisions: list[DecisionRefOut] = Field(..., description="Quyết định khen thưởng công bố tại hội nghị.")


class MeetingFilters(Schema):
    q: str = Field("", max_length=200, description="Tìm trong tên hội nghị (không phân biệt dấu).")
    kind: Meeting.Kind | None = Field(None, description="Loại hội nghị.")
    year: int | None = Field(None, ge=1900, le=2200, description="Năm họp.")
    unit: str | None = Field(
        None, max_length=64, description="Mã đơn vị: hội nghị đơn vị đó hoặc cấp dưới tổ chức, hoặc dự như điểm cầu."
    )
    date_from: dt.date | None = Field(None, description="Họp từ ngày.")
    date_to: dt.date | None = Field(None, description="Họp đến hết ngày.")


def _page(meetings: list[Meeting]) -> list[dict[str, Any]]:
    organisers = names({m.organiser_id for m in meetings})
    units = dict(Unit.objects.filter(pk__in={m.organiser_id for m in meetings}).values_list("pk", "key"))
    return [_out(m, units[m.organiser_id], organisers.get(m.organiser_id, "")) for m in meetings]


def _out(m: Meeting, key: str, name: str) -> dict[str, Any]:
    return {
        "id": m.pk,
        "title": m.title,
        "kind": m.kind,
        "organiser": {"key": key, "name": name},
        "date": m.date,
        "starts_at": m.starts_at,
        "timed": m.timed,
        "ends_at": m.ends_at,
        "mode": m.mode,
        "period": m.period,
    }


@router.get(
    "/",
    response={200: list[MeetingOut], **ERRORS},
    summary="Danh sách hội nghị",
    description="Hội nghị tài khoản đọc được (đơn vị mình hoặc cấp trên tổ chức, hoặc đơn vị mình dự như điểm cầu), "
    "mới nhất trước; lọc theo từ khóa, loại, năm, khoảng ngày và đơn vị (như trang Hội nghị).",
)
@paginate(Paginator)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    meetings = Meeting.objects.readable_by(request.user)
    for word in fold(filters.q).split():
        meetings = meetings.filter(search_text__contains=word)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.year:
        meetings = meetings.filter(starts_at__year=filters.year)
    if filters.date_from:
        meetings = meetings.filter(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        meetings = meetings.filter(starts_at__date__lte=filters.date_to)
    if filters.unit:
        unit = unit_or_404(request, filters.unit)
        subtree = tree.subtree_ids({unit.pk}, timezone.localdate())
        joined = BridgePoint.objects.filter(unit_id__in=subtree).values("meeting_id")
        meetings = meetings.filter(Q(organiser_id__in=subtree) | Q(pk__in=joined))
    return Rows(meetings.order_by("-starts_at", "-pk"), _page)


@router.get(
    "/{meeting_id}",
    response={200: MeetingDetailOut, **ERRORS},
    summary="Một hội nghị, kết luận và nhiệm vụ",
    description="Hội nghị với chủ trì, khách mời, chương trình, điểm cầu, văn bản học tập, kết luận và các nhiệm vụ "
    "được giao (tình trạng hôm nay theo quy tắc của bảng nhiệm vụ), quyết định khen thưởng công bố. Tên đơn vị là "
    "tên vào ngày họp. Header `ETag`: phiên bản của bản ghi. Ngoài phạm vi: 404.",
)
def meeting_detail(request: HttpRequest, response: HttpResponse, meeting_id: int) -> Any:
    meeting = Meeting.objects.readable_by(request.user).filter(pk=meeting_id).first()
    if meeting is None:
        raise ApiError(404, "not_found", _("Không tìm thấy hội nghị."))
    bridge_points = list(meeting.bridge_points.select_related("unit"))
    tasks = list(meeting.tasks.with_status_on(timezone.localdate()).select_related("owner").order_by("number", "pk"))
    by_pk = names(
        {meeting.organiser_id} | {b.unit_id for b in bridge_points} | {t.owner_id for t in tasks}, meeting.date
    )
    readable_documents = Document.objects.readable_by(request.user).values("pk")
    documents = meeting.documents.filter(pk__in=readable_documents).order_by("issue_date", "code")
    decisions = Decision.objects.filter(meeting=meeting).readable_by(request.user).order_by("issued_on", "pk")
    organiser_key = Unit.objects.values_list("key", flat=True).get(pk=meeting.organiser_id)
    response["ETag"] = etag(meeting)
    return {
        **_out(meeting, organiser_key, by_pk.get(meeting.organiser_id, "")),
        "venue": meeting.venue,
        "attendees": meeting.attendees,
        "party_members": meeting.party_members,
        "results": meeting.results,
        "limitations": meeting.limitations,
        "conclusions": meeting.conclusions,
        "revision": meeting.revision,
        "chairs": [{"name": c.name, "position": c.position} for c in meeting.chairs.all()],
        "guests": [{"name": g.name, "position": g.position, "unit": g.unit_text} for g in meeting.guests.all()],
        "agenda": [{"title": a.title, "presenter": a.presenter} for a in meeting.agenda.all()],
        "bridge_points": [
            {
                "unit": {"key": b.unit.key, "name": by_pk.get(b.unit_id, "")},
                "venue": b.venue,
                "attendees": b.attendees,
                "party_members": b.party_members,
                "leader": b.leader,
            }
            for b in bridge_points
        ],
        "documents": [{"id": d.pk, "code": d.code, "subject": d.subject} for d in documents],
        "tasks": [
            {
                "id": t.pk,
                "number": t.number,
                "title": t.title,
                "owner": {"key": t.owner.key, "name": by_pk.get(t.owner_id, "")},
                "deadline": t.deadline,
                "status": t.state,  # type: ignore[attr-defined]
            }
            for t in tasks
        ],
        "decisions": [
            {"id": d.pk, "number": d.number, "subject": d.subject, "issued_on": d.issued_on} for d in decisions
        ],
    }
