"""Tasks (from conclusions, plans, inspections): list, one task, and its progress where the pages allow it.

Reading is ``Task.objects.readable_by`` (owner, issuer or a partner in scope, predecessors included). Writing
follows the task page exactly: a progress update needs ``followup.access.can_report``, reopening
``can_manage``; both go through the page's form (``UpdateForm``) and service (``followup.services``), so the
messages are the page's. Both need ``If-Match`` with the task's ETag (428 without it, 412 when stale).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tuyengiao.api.common import Paginator, Rows, etag, require_if_match
from tuyengiao.api.errors import ApiError, ErrorOut, validation_details
from tuyengiao.api.units import UnitRef, unit_or_404
from tuyengiao.followup import access, figures, services
from tuyengiao.followup.forms import UpdateForm
from tuyengiao.followup.models import Task
from tuyengiao.followup.status import State, status_on
from tuyengiao.lib.revision import StaleEdit
from tuyengiao.units.models import Unit, names

router = Router(tags=["Nhiệm vụ"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 403: ErrorOut, 412: ErrorOut, 428: ErrorOut}


class TaskOut(Schema):
    id: int
    title: str
    owner: UnitRef = Field(..., description="Đơn vị chủ trì (tên vào ngày giao).")
    issuer: UnitRef = Field(..., description="Đơn vị giao nhiệm vụ (tên vào ngày giao).")
    assigned_on: dt.date
    deadline: dt.date | None
    done_on: dt.date | None
    status: str = Field(..., description="Tình trạng vào ngày `date`: not_started, in_progress, done, overdue.")
    meeting: int | None = Field(None, description="Hội nghị có kết luận giao nhiệm vụ này (id).")
    number: int | None = Field(None, description="Số thứ tự trong kết luận.")
    document: int | None = Field(None, description="Văn bản (kế hoạch) giao nhiệm vụ (id).")
    inspection: int | None = Field(None, description="Cuộc kiểm tra có kiến nghị này (id).")


class UpdateOut(Schema):
    date: dt.date
    text: str
    percent: int | None
    marks_done: bool
    evidence: int = Field(..., description="Số tệp minh chứng (tải trên trang nhiệm vụ).")


class TaskDetailOut(TaskOut):
    description: str
    partners: list[UnitRef]
    holders: list[UnitRef] = Field(..., description="Đơn vị đang giữ nhiệm vụ hôm nay (đơn vị kế thừa chủ trì).")
    revision: int = Field(..., description="Phiên bản của nhiệm vụ; gửi lại trong If-Match khi cập nhật.")
    can_report: bool = Field(..., description="Tài khoản được cập nhật tiến độ không.")
    can_manage: bool = Field(..., description="Tài khoản được mở lại nhiệm vụ không.")
    updates: list[UpdateOut]


class TaskFilters(Schema):
    date: dt.date | None = Field(
        None, description="Ngày xem tình trạng (mặc định hôm nay); chỉ nhiệm vụ giao đến ngày này."
    )
    owner: str | None = Field(
        None,
        max_length=64,
        description="Mã đơn vị chủ trì: nhiệm vụ của đơn vị đó và các tiền thân (như bảng nhiệm vụ).",
    )
    issuer: str | None = Field(None, max_length=64, description="Mã đơn vị giao nhiệm vụ.")
    q: str = Field("", max_length=200, description="Tìm trong nội dung nhiệm vụ (không phân biệt dấu).")
    status: State | None = Field(None, description="Tình trạng vào ngày `date`.")
    deadline_from: dt.date | None = Field(None, description="Thời hạn từ ngày.")
    deadline_to: dt.date | None = Field(None, description="Thời hạn đến hết ngày.")
    meeting: int | None = Field(None, ge=1, description="Nhiệm vụ của một hội nghị (id).")
    document: int | None = Field(None, ge=1, description="Nhiệm vụ của một văn bản (id).")


class UpdateIn(Schema):
    date: dt.date = Field(..., description="Ngày cập nhật (không sau hôm nay, không trước ngày giao).")
    text: str = Field(..., description="Kết quả thực hiện.")
    percent: int | None = Field(None, description="Tiến độ (%) từ 0 đến 100.")
    done: bool = Field(False, description="Báo cáo hoàn thành (ngày hoàn thành là `date`).")


def _ref(unit: Unit, name: str) -> dict[str, str]:
    return {"key": unit.key, "name": name}


def _out(task: Task, labels: dict[tuple[int, dt.date], str]) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "owner": _ref(task.owner, labels.get((task.owner_id, task.assigned_on), "")),
        "issuer": _ref(task.issuer, labels.get((task.issuer_id, task.assigned_on), "")),
        "assigned_on": task.assigned_on,
        "deadline": task.deadline,
        "done_on": task.done_on,
        "status": task.state,  # type: ignore[attr-defined]
        "meeting": task.meeting_id,
        "number": task.number,
        "document": task.document_id,
        "inspection": task.inspection_id,
    }


def _labels(tasks: list[Task]) -> dict[tuple[int, dt.date], str]:
    from tuyengiao.units.models import names_at

    return names_at([(t.owner_id, t.assigned_on) for t in tasks] + [(t.issuer_id, t.assigned_on) for t in tasks])


def _page(tasks: list[Task]) -> list[dict[str, Any]]:
    labels = _labels(tasks)
    return [_out(t, labels) for t in tasks]


@router.get(
    "/",
    response={200: list[TaskOut], **ERRORS},
    summary="Danh sách nhiệm vụ",
    description="Nhiệm vụ tài khoản đọc được (đơn vị chủ trì, giao hoặc phối hợp trong phạm vi, kể cả của tiền thân), "
    "giao đến ngày `date`, với tình trạng vào ngày đó (quy tắc của bảng nhiệm vụ: quá hạn được suy ra từ thời hạn). "
    "Thời hạn gần nhất trước.",
)
@paginate(Paginator)
def task_list(request: HttpRequest, filters: Query[TaskFilters]) -> Any:
    day = filters.date or timezone.localdate()
    tasks = Task.objects.readable_by(request.user).assigned_by(day).with_status_on(day)
    if filters.owner:
        unit = unit_or_404(request, filters.owner)
        tasks = tasks.filter(owner_id__in=figures.unit_task_owners(unit) | figures.former_owners(unit, day))
    if filters.issuer:
        tasks = tasks.filter(issuer=unit_or_404(request, filters.issuer))
    if filters.q.strip():
        tasks = tasks.search(filters.q)
    if filters.status:
        tasks = tasks.filter(Q(state=filters.status.value))
    if filters.deadline_from:
        tasks = tasks.filter(deadline__gte=filters.deadline_from)
    if filters.deadline_to:
        tasks = tasks.filter(deadline__lte=filters.deadline_to)
    if filters.meeting:
        tasks = tasks.filter(meeting_id=filters.meeting)
    if filters.document:
        tasks = tasks.filter(document_id=filters.document)
    ordered = tasks.select_related("owner", "issuer").order_by(F("deadline").asc(nulls_last=True), "pk")
    return Rows(ordered, _page)


def _task_or_404(request: HttpRequest, task_id: int) -> Task:
    task = (
        Task.objects.readable_by(request.user)
        .with_status_on(timezone.localdate())
        .select_related("owner", "issuer")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise ApiError(404, "not_found", _("Không tìm thấy nhiệm vụ."))
    return task


def _detail(request: HttpRequest, task: Task) -> dict[str, Any]:
    today = timezone.localdate()
    updates = list(task.updates.prefetch_related("evidence").order_by("date", "pk"))
    first = min((u.date for u in updates), default=None)
    task.state = status_on(  # type: ignore[attr-defined]
        today, deadline=task.deadline, done_on=task.done_on, stored=task.status, first_update_on=first
    ).value
    partners = list(task.partners.all())
    holders = sorted(figures.holders([task.owner_id], today)[task.owner_id] - {task.owner_id})
    current = names({p.pk for p in partners} | set(holders))
    keys = dict(Unit.objects.filter(pk__in=holders).values_list("pk", "key"))
    return {
        **_out(task, _labels([task])),
        "description": task.description,
        "partners": [_ref(p, current.get(p.pk, "")) for p in partners],
        "holders": [{"key": keys[h], "name": current.get(h, "")} for h in holders if h in keys],
        "revision": task.revision,
        "can_report": access.can_report(request.user, task),
        "can_manage": access.can_manage(request.user, task),
        "updates": [
            {
                "date": u.date,
                "text": u.text,
                "percent": u.percent,
                "marks_done": u.marks_done,
                "evidence": len(u.evidence.all()),
            }
            for u in updates
        ],
    }


@router.get(
    "/{task_id}",
    response={200: TaskDetailOut, **ERRORS},
    summary="Một nhiệm vụ",
    description="Nhiệm vụ với đơn vị phối hợp, đơn vị đang giữ, các lần cập nhật tiến độ và quyền của tài khoản. "
    "Header `ETag`: phiên bản của nhiệm vụ (gửi lại trong `If-Match` khi cập nhật). Ngoài phạm vi: 404.",
)
def task_detail(request: HttpRequest, response: HttpResponse, task_id: int) -> Any:
    task = _task_or_404(request, task_id)
    response["ETag"] = etag(task)
    return _detail(request, task)


def _answer(request: HttpRequest, task_id: int, status: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    response = JsonResponse(_detail(request, task), status=status, encoder=DjangoJSONEncoder)
    response["ETag"] = etag(task)
    return response


@router.post(
    "/{task_id}/updates",
    response={201: TaskDetailOut, **WRITE_ERRORS},
    summary="Cập nhật tiến độ, báo cáo hoàn thành",
    description='Như biểu mẫu "Cập nhật tiến độ" của trang nhiệm vụ (không kèm tệp minh chứng: tải tệp trên trang): '
    "ngày, kết quả, tiến độ %, và `done` để báo cáo hoàn thành. Cần `If-Match` mang ETag của nhiệm vụ: thiếu thì 428, "
    "đã có người sửa thì 412. Không có quyền báo cáo cho nhiệm vụ đọc được: 403. Trả về nhiệm vụ sau khi cập nhật.",
)
def task_update(request: HttpRequest, task_id: int, payload: UpdateIn) -> HttpResponse:
    task = _task_or_404(request, task_id)
    if not access.can_report(request.user, task):
        raise ApiError(403, "forbidden", _("Tài khoản không được cập nhật tiến độ nhiệm vụ này."))
    seen = require_if_match(request, task.revision)
    form = UpdateForm(
        {
            "date": payload.date.strftime("%d/%m/%Y"),
            "text": payload.text,
            "percent": "" if payload.percent is None else str(payload.percent),
            "mark_done": "on" if payload.done else "",
            "revision": str(seen),
        }
    )
    if not form.is_valid():
        details = [
            {"field": {"mark_done": "done"}.get(field, field), "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        raise ApiError(422, "validation_error", _("Dữ liệu gửi lên không hợp lệ."), details)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            services.add_update(
                task,
                user=request.user,  # type: ignore[arg-type]
                date=data["date"],
                text=data["text"],
                percent=data["percent"],
                mark_done=data["mark_done"],
                expected_revision=data["revision"],
            )
    except StaleEdit:
        raise
    except ValidationError as exc:
        raise ApiError(422, "validation_error", " ".join(exc.messages), validation_details(exc)) from exc
    return _answer(request, task_id, 201)


@router.post(
    "/{task_id}/reopen",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    summary="Mở lại nhiệm vụ đã hoàn thành",
    description='Như nút "Mở lại" của trang nhiệm vụ (đơn vị giao thấy việc chưa xong): cần quyền của đơn vị giao '
    "(403 nếu chỉ đọc được) và `If-Match` (428 / 412).",
)
def task_reopen(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    if not access.can_manage(request.user, task):
        raise ApiError(403, "forbidden", _("Tài khoản không được mở lại nhiệm vụ này."))
    seen = require_if_match(request, task.revision)
    if task.status != Task.Status.DONE:
        raise ApiError(409, "conflict", _("Nhiệm vụ chưa hoàn thành nên không cần mở lại."))
    services.reopen_task(task, expected_revision=seen)
    return _answer(request, task_id, 200)
