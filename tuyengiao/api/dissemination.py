"""Coverage of a document's study and dissemination, as the page computes it (``dissemination.coverage``)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.api.errors import ApiError, ErrorOut
from tuyengiao.api.units import UnitRef, unit_or_404
from tuyengiao.dissemination import coverage as cov
from tuyengiao.documents.models import Document
from tuyengiao.units.models import Unit, UnitVersion, covers

router = Router(tags=["Học tập, quán triệt"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class PlanOut(Schema):
    unit: UnitRef = Field(..., description="Đơn vị có kế hoạch áp dụng (của đơn vị xem hoặc cấp trên gần nhất).")
    starts_on: dt.date
    deadline: dt.date


class TotalsOut(Schema):
    expected: int = Field(..., description="Số đơn vị phải học tập, quán triệt.")
    done: int
    not_done: int
    overdue: int
    sessions: int
    attendees: int
    party_members: int = Field(..., description="Đảng viên dự.")
    members: int = Field(..., description="Tổng số đảng viên (của các đơn vị có số liệu).")
    reached: int = Field(..., description="Đảng viên được quán triệt (mỗi đơn vị tối đa bằng số đảng viên).")
    percent: float | None = Field(None, description="% đảng viên được quán triệt (một chữ số thập phân).")


class CoverageRowOut(Schema):
    unit: UnitRef
    done: bool
    own: bool = Field(..., description="Tự tổ chức hoặc dự (không chỉ nhờ các tiền thân đã học).")
    by_lineage: bool = Field(..., description="Hoàn thành nhờ mọi tiền thân đã học trước khi sắp xếp.")
    sessions: int
    attendees: int
    party_members: int
    members: int | None
    percent: float | None
    overdue: bool


class CoverageOut(Schema):
    document: int
    code: str
    root: UnitRef = Field(..., description="Đơn vị được xem (cấp ủy), tên vào ngày `date`.")
    date: dt.date = Field(..., description="Ngày xem (cây đơn vị và hạn tính theo ngày này).")
    start: dt.date = Field(..., description="Tính các buổi học từ ngày.")
    plan: PlanOut | None
    totals: TotalsOut
    units: list[CoverageRowOut] = Field(
        ..., description="Mỗi đơn vị phải học: chưa xong trước, theo thứ tự chính thức."
    )


class CoverageFilters(Schema):
    unit: str | None = Field(None, max_length=64, description="Mã đơn vị xem (mặc định đơn vị của tài khoản).")
    date: dt.date | None = Field(None, description="Ngày xem (mặc định hôm nay).")
    start: dt.date | None = Field(
        None, description="Tính từ ngày (mặc định: ngày bắt đầu của kế hoạch, hoặc ngày ban hành)."
    )


def _own_unit(request: HttpRequest, date: dt.date) -> Unit:
    """The page's default (``dissemination.views._root``): the user's first root that exists on ``date``."""
    roots = scoping.root_ids(request.user, Capability.READ)
    if not roots:
        raise ApiError(
            422, "validation_error", _("Hãy chọn đơn vị."), [{"field": "unit", "message": _("Hãy chọn đơn vị.")}]
        )
    living = [pk for pk in sorted(roots) if UnitVersion.objects.filter(covers(date), unit_id=pk).exists()]
    return scoping.get_unit_or_404(request.user, (living or sorted(roots))[0], Capability.READ, date)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/documents/{document_id}/coverage",
    response={200: CoverageOut, **ERRORS},
    summary="Kết quả học tập, quán triệt một văn bản",
    description='Như trang "Kết quả quán triệt" của văn bản: với đơn vị `unit` (mặc định đơn vị của tài khoản) '
    "như cây đứng vào ngày `date`, kế hoạch áp dụng, tổng số (phải học, đã xong, chưa xong, quá hạn, số buổi, "
    "người dự, đảng viên, % quán triệt) và từng đơn vị. Đơn vị hình thành do sắp xếp hoàn thành khi tự học hoặc khi "
    "mọi tiền thân đã học. Văn bản hoặc đơn vị ngoài phạm vi: 404.",
)
def document_coverage(request: HttpRequest, document_id: int, filters: Query[CoverageFilters]) -> Any:
    document = Document.objects.readable_by(request.user).filter(pk=document_id).first()
    if document is None:
        raise ApiError(404, "not_found", _("Không tìm thấy văn bản."))
    day = filters.date or timezone.localdate()
    root = unit_or_404(request, filters.unit, day) if filters.unit else _own_unit(request, day)
    result = cov.coverage(document, root, day, filters.start)
    keys = dict(
        Unit.objects.filter(pk__in={r.unit_id for r in result.rows} | {result.root.pk}).values_list("pk", "key")
    )
    totals = result.totals
    plan = result.plan
    return {
        "document": document.pk,
        "code": document.code,
        "root": {"key": result.root.key, "name": result.root.name_on(day)},
        "date": day,
        "start": result.start,
        "plan": {
            "unit": {"key": plan.unit.key, "name": plan.unit.name_on(day)},
            "starts_on": plan.starts_on,
            "deadline": plan.deadline,
        }
        if plan is not None
        else None,
        "totals": {
            "expected": totals.expected,
            "done": totals.done,
            "not_done": totals.not_done,
            "overdue": totals.overdue,
            "sessions": totals.sessions,
            "attendees": totals.attendees,
            "party_members": totals.party_members,
            "members": totals.members,
            "reached": totals.reached,
            "percent": _float(totals.percent),
        },
        "units": [
            {
                "unit": {"key": keys.get(r.unit_id, ""), "name": r.name},
                "done": r.done,
                "own": r.own,
                "by_lineage": r.by_lineage,
                "sessions": r.sessions,
                "attendees": r.attendees,
                "party_members": r.party_members,
                "members": r.members,
                "percent": _float(r.percent),
                "overdue": r.overdue,
            }
            for r in result.rows
        ],
    }
