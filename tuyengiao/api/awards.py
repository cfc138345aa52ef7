"""Emulation and awards, read only: award decisions and the awards they grant.

Scope is the awards pages': ``Decision.objects.readable_by`` (the cycle's organiser shared down) and
``Award.objects.readable_by`` (everything for readers of the organiser, the user's own rows below it).
"""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tuyengiao.api.common import Paginator, Rows, etag
from tuyengiao.api.errors import ApiError, ErrorOut
from tuyengiao.api.units import UnitRef, unit_or_404
from tuyengiao.awards.models import Award, Decision
from tuyengiao.units.models import names_at

router = Router(tags=["Thi đua, khen thưởng"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class AwardFormRef(Schema):
    code: str
    name: str


class DecisionOut(Schema):
    id: int
    number: str = Field(..., description="Số, ký hiệu quyết định (rỗng khi chưa ký).")
    issued_on: dt.date | None = Field(None, description="Ngày ký.")
    subject: str
    award_form: AwardFormRef = Field(..., description="Hình thức khen thưởng.")
    organiser: UnitRef = Field(..., description="Đơn vị tổ chức đợt thi đua.")
    year: int = Field(..., description="Năm của đợt thi đua.")
    proposal_number: str
    proposal_date: dt.date | None
    signer_title: str
    signer_name: str
    collectives: int = Field(..., description="Số tập thể được khen (còn hiệu lực).")
    individuals: int = Field(..., description="Số cá nhân được khen (còn hiệu lực).")
    meeting: int | None = Field(None, description="Hội nghị công bố (id).")
    document: int | None = Field(None, description="Quyết định trong sổ văn bản (id).")


class AwardOut(Schema):
    id: int
    decision: int
    award_form: AwardFormRef
    unit: UnitRef = Field(..., description="Đơn vị (của tập thể hoặc cá nhân), tên vào ngày quyết định.")
    recipient: str = Field(..., description="Họ tên cá nhân, hoặc tên tập thể.")
    individual: bool
    reason: str
    revoked_on: dt.date | None
    revoke_reason: str


class DecisionDetailOut(DecisionOut):
    revision: int
    note: str
    awards: list[AwardOut]


class DecisionFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200, description="Năm của đợt thi đua.")
    unit: str | None = Field(None, max_length=64, description="Mã đơn vị tổ chức đợt thi đua.")
    award_form: str = Field("", max_length=40, description="Mã hình thức khen thưởng.")
    issued: bool | None = Field(None, description="true: đã ký; false: chưa ký.")


class AwardFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200, description="Năm của đợt thi đua.")
    unit: str | None = Field(None, max_length=64, description="Mã đơn vị được khen (tập thể hoặc đơn vị của cá nhân).")
    award_form: str = Field("", max_length=40, description="Mã hình thức khen thưởng.")
    standing: bool | None = Field(None, description="true: còn hiệu lực; false: đã thu hồi.")


def _decisions(decisions: list[Decision]) -> list[dict[str, Any]]:
    named = names_at((d.cycle.unit_id, d.record_date) for d in decisions)
    return [_decision(d, named.get((d.cycle.unit_id, d.record_date), "")) for d in decisions]


def _decision(d: Decision, organiser: str) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "issued_on": d.issued_on,
        "subject": d.subject,
        "award_form": {"code": d.award_form.code, "name": d.award_form.name},
        "organiser": {"key": d.cycle.unit.key, "name": organiser},
        "year": d.cycle.year,
        "proposal_number": d.proposal_number,
        "proposal_date": d.proposal_date,
        "signer_title": d.signer_title,
        "signer_name": d.signer_name,
        "collectives": getattr(d, "collectives", 0),
        "individuals": getattr(d, "individuals", 0),
        "meeting": d.meeting_id,
        "document": d.document_id,
    }


def _awards(awards: list[Award]) -> list[dict[str, Any]]:
    named = names_at((a.unit_id, a.decision.record_date) for a in awards)
    return [
        {
            "id": a.pk,
            "decision": a.decision_id,
            "award_form": {"code": a.award_form.code, "name": a.award_form.name},
            "unit": {"key": a.unit.key, "name": named.get((a.unit_id, a.decision.record_date), "")},
            "recipient": a.person.full_name
            if a.person is not None
            else a.collective_name or named.get((a.unit_id, a.decision.record_date), ""),
            "individual": a.person_id is not None,
            "reason": a.reason,
            "revoked_on": a.revoked_on,
            "revoke_reason": a.revoke_reason,
        }
        for a in awards
    ]


@router.get(
    "/decisions/",
    response={200: list[DecisionOut], **ERRORS},
    summary="Quyết định khen thưởng",
    description="Quyết định khen thưởng của các đợt thi đua tài khoản đọc được (đơn vị tổ chức trong phạm vi, hoặc cấp "
    "trên chia sẻ xuống), mới nhất trước, với số tập thể và cá nhân được khen.",
)
@paginate(Paginator)
def decision_list(request: HttpRequest, filters: Query[DecisionFilters]) -> Any:
    decisions = Decision.objects.readable_by(request.user).with_counts()
    if filters.year:
        decisions = decisions.filter(cycle__year=filters.year)
    if filters.unit:
        decisions = decisions.filter(cycle__unit=unit_or_404(request, filters.unit))
    if filters.award_form:
        decisions = decisions.filter(award_form__code=filters.award_form)
    if filters.issued is True:
        decisions = decisions.exclude(number="").filter(issued_on__isnull=False)
    elif filters.issued is False:
        decisions = decisions.filter(Q(number="") | Q(issued_on__isnull=True))
    ordered = decisions.select_related("award_form", "cycle__unit").order_by("-issued_on", "-pk")
    return Rows(ordered, _decisions)


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionDetailOut, **ERRORS},
    summary="Một quyết định khen thưởng và danh sách được khen",
    description="Quyết định với từng dòng khen thưởng (tập thể, cá nhân, lý do, thu hồi nếu có). Tên đơn vị là tên vào "
    "ngày ký (chưa ký: ngày tờ trình, hoặc cuối năm của đợt). Header `ETag`: phiên bản. Ngoài phạm vi: 404.",
)
def decision_detail(request: HttpRequest, response: HttpResponse, decision_id: int) -> Any:
    decision = (
        Decision.objects.readable_by(request.user)
        .with_counts()
        .select_related("award_form", "cycle__unit")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise ApiError(404, "not_found", _("Không tìm thấy quyết định khen thưởng."))
    awards = list(decision.awards.select_related("person", "award_form", "unit").order_by("person", "pk"))
    for award in awards:
        award.decision = decision
    response["ETag"] = etag(decision)
    return {
        **_decisions([decision])[0],
        "revision": decision.revision,
        "note": decision.note,
        "awards": _awards(awards),
    }


@router.get(
    "/",
    response={200: list[AwardOut], **ERRORS},
    summary="Danh sách khen thưởng",
    description="Các dòng khen thưởng tài khoản đọc được: mọi dòng của đợt thi đua do đơn vị trong phạm vi tổ chức, và "
    "các dòng của đơn vị mình trong đợt của cấp trên.",
)
@paginate(Paginator)
def award_list(request: HttpRequest, filters: Query[AwardFilters]) -> Any:
    awards = Award.objects.readable_by(request.user)
    if filters.year:
        awards = awards.filter(decision__cycle__year=filters.year)
    if filters.unit:
        awards = awards.filter(unit=unit_or_404(request, filters.unit))
    if filters.award_form:
        awards = awards.filter(award_form__code=filters.award_form)
    if filters.standing is True:
        awards = awards.filter(revoked_on__isnull=True)
    elif filters.standing is False:
        awards = awards.filter(revoked_on__isnull=False)
    ordered = awards.select_related("person", "award_form", "unit", "decision__cycle").order_by("-decision_id", "pk")
    return Rows(ordered, _awards)
