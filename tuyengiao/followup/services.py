"""Writes to tasks and inspections that span several rows, each in one transaction.

* ``save_task``: create or change a task with its partner units; a change carries the revision the
  form was opened at and a stale one is refused (``lib.revision.lock_and_bump``).
* ``add_update``: a progress update with its evidence files, optionally marking the task done; every
  file is checked first (size, content matching its name, as registry attachments) and one bad file
  saves nothing.
* ``save_inspection``: an inspection with its team and inspected units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import User
from tuyengiao.documents import services as document_services
from tuyengiao.followup import figures
from tuyengiao.followup.models import InspectedUnit, Inspection, InspectionMember, Task, TaskEvidence, TaskUpdate
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.reports import notifications
from tuyengiao.reports.models import Notification
from tuyengiao.units.models import Unit

TASK_STALE = (
    "Nhiệm vụ đã được người khác cập nhật sau khi bạn mở trang này. Hãy tải lại trang để xem nội dung mới, "
    "rồi nhập lại thay đổi của bạn."
)


@transaction.atomic
def save_task(task: Task, *, partners: Iterable[Unit] | None = None, expected_revision: int | None = None) -> Task:
    """Create or correct a task; a new task, or one given to another owner, notifies who enters the data of the
    units holding it (the owner, or its successors when it no longer exists)."""
    previous_owner = None
    if task.pk is not None:
        task.revision = lock_and_bump(Task, task.pk, expected_revision, _(TASK_STALE))
        previous_owner = Task.objects.filter(pk=task.pk).values_list("owner_id", flat=True).first()
    if task.deadline and task.deadline < task.assigned_on:
        raise ValidationError(_("Thời hạn không thể trước ngày giao."))
    task.save()
    if partners is not None:
        task.partners.set([p for p in partners if p.pk != task.owner_id])
    if previous_owner != task.owner_id:
        tell_assigned(task, task.created_by)
    return task


def tell_assigned(task: Task, by: User | None) -> None:
    """Notify who enters the data of the units holding ``task`` (its owner, or the successors that took it over)
    that it was given to them; not for a task already done or past its deadline (recording the tasks of an old
    conference tells nobody), nor to ``by``, who assigned it."""
    today = timezone.localdate()
    if task.status == Task.Status.DONE or (task.deadline is not None and task.deadline < today):
        return
    holding = figures.holders([task.owner_id], today).get(task.owner_id, {task.owner_id})
    deadline = task.deadline.strftime("%d/%m/%Y") if task.deadline else _("không có")
    text = _("Nhiệm vụ mới được giao (hạn %(deadline)s): %(title)s") % {"deadline": deadline, "title": task.title}
    notifications.notify(
        notifications.writers(holding).values(),
        Notification.Kind.TASK_ASSIGNED,
        text,
        reverse("followup:detail", args=[task.pk]),
        exclude=by,
    )


@transaction.atomic
def add_update(
    task: Task,
    *,
    user: User | None,
    date: dt.date,
    text: str,
    percent: int | None = None,
    files: Sequence[UploadedFile] = (),
    mark_done: bool = False,
    expected_revision: int | None = None,
) -> TaskUpdate:
    """Record progress on ``task``; with ``mark_done`` the task is done on ``date``."""
    revision = lock_and_bump(Task, task.pk, expected_revision, _(TASK_STALE))
    task.refresh_from_db()
    today = timezone.localdate()
    if date > today:
        raise ValidationError(_("Ngày cập nhật không thể sau hôm nay."))
    if date < task.assigned_on:
        raise ValidationError(
            _("Ngày cập nhật không thể trước ngày giao nhiệm vụ (%(day)s)."),
            params={"day": task.assigned_on.strftime("%d/%m/%Y")},
        )
    if task.status == Task.Status.DONE and mark_done:
        raise ValidationError(_("Nhiệm vụ đã được đánh dấu hoàn thành."))
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100%."))
    # All files are checked first: one bad file saves nothing.
    checked = [(upload, document_services.check_upload(upload)) for upload in files]
    update = TaskUpdate.objects.create(
        task=task,
        date=date,
        text=text.strip(),
        percent=100 if mark_done else percent,
        marks_done=mark_done,
        created_by=user,
    )
    for upload, item in checked:
        TaskEvidence.store(item, upload, user, update=update)
    if mark_done:
        task.status, task.done_on = Task.Status.DONE, date
    elif task.status == Task.Status.NOT_STARTED:
        task.status = Task.Status.IN_PROGRESS
    task.revision = revision
    task.save()
    return update


@transaction.atomic
def reopen_task(task: Task, *, expected_revision: int | None = None) -> Task:
    """Undo "done" (the issuer found the work incomplete); the updates stay."""
    task.revision = lock_and_bump(Task, task.pk, expected_revision, _(TASK_STALE))
    task.status, task.done_on = Task.Status.IN_PROGRESS, None
    task.save()
    return task


# --- Inspections -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    name: str
    position: str = ""
    role: str = InspectionMember.Role.MEMBER


@transaction.atomic
def save_inspection(
    inspection: Inspection,
    *,
    team: Sequence[Member] | None = None,
    units: Iterable[Unit] | None = None,
    expected_revision: int | None = None,
) -> Inspection:
    """Save an inspection; ``team`` replaces the team, ``units`` the inspected units (a unit removed
    loses its findings, a unit kept keeps them)."""
    if inspection.pk is not None:
        inspection.revision = lock_and_bump(
            Inspection,
            inspection.pk,
            expected_revision,
            _(
                "Cuộc kiểm tra đã được người khác cập nhật sau khi bạn mở trang này. Hãy tải lại trang để xem "
                "nội dung mới, rồi nhập lại thay đổi của bạn."
            ),
        )
    if inspection.ends_on < inspection.starts_on:
        raise ValidationError(_("Ngày kết thúc kiểm tra không thể trước ngày bắt đầu."))
    if inspection.subject_document_id is None and inspection.subject_field_id is None:
        raise ValidationError(_("Hãy chọn văn bản hoặc lĩnh vực được kiểm tra."))
    inspection.save()
    if team is not None:
        inspection.team.all().delete()
        for order, member in enumerate(team):
            InspectionMember.objects.create(
                inspection=inspection, name=member.name, position=member.position, role=member.role, order=order
            )
    if units is not None:
        wanted = {u.pk: u for u in units}
        if not wanted:
            raise ValidationError(_("Hãy chọn ít nhất một đơn vị được kiểm tra."))
        for row in inspection.inspected.exclude(unit_id__in=list(wanted)):
            if row.findings or Task.objects.filter(inspection=inspection, owner_id=row.unit_id).exists():
                raise ValidationError(
                    _("Không thể bỏ đơn vị đã có kết quả kiểm tra hoặc kiến nghị: %(unit)s."),
                    params={"unit": str(row.unit)},
                )
            row.delete()
        existing = set(inspection.inspected.values_list("unit_id", flat=True))
        for pk, unit in wanted.items():
            if pk not in existing:
                InspectedUnit.objects.create(inspection=inspection, unit=unit)
    return inspection


@transaction.atomic
def save_inspected_unit(row: InspectedUnit, *, expected_revision: int | None = None) -> InspectedUnit:
    row.revision = lock_and_bump(
        InspectedUnit,
        row.pk,
        expected_revision,
        _("Kết quả tại đơn vị này đã được người khác cập nhật. Hãy tải lại trang rồi nhập lại thay đổi của bạn."),
    )
    if row.closed_on and row.closed_on < row.inspection.starts_on:
        raise ValidationError(_("Ngày kết thúc tại đơn vị không thể trước ngày bắt đầu kiểm tra."))
    row.save()
    return row
