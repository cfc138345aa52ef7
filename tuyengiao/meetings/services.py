"""Saving a meeting with everything it holds, in one transaction.

``save_meeting`` takes the validated meeting form and formsets of the editor: it refuses a stale
form (``lib.revision.lock_and_bump`` on ``Meeting.revision``: ``StaleEdit``), saves
the meeting, then each list in the order shown (rows are numbered by position; removed rows are
deleted), the documents studied (a number not yet in the registry, ticked "Thêm vào sổ đăng ký", is
registered first in the organiser's registry: ``documents.services.register_cited``) and the numbered tasks of
the conclusions. Every row is a model
with ``simple_history``, so the audit trail records who changed what.

The user must have the write scope on the organiser for the meeting's date (``scoping.can_write``; the
forms check it too). Tasks (``followup.Task``): ``number`` is the position in the conclusions (1 = "Một
là"), ``issuer`` the organiser, ``assigned_on`` the meeting date, ``owner`` the chosen unit or else the
organiser. Renumbering first clears the numbers that change, so the (meeting, number) constraint holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.documents import services as document_services
from tuyengiao.documents.models import Document
from tuyengiao.followup import services as followup_services
from tuyengiao.followup.models import Task
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.meetings.models import BridgePoint, Meeting, Speech
from tuyengiao.reports import notifications
from tuyengiao.reports.models import Notification

if TYPE_CHECKING:
    from tuyengiao.meetings.forms import NewDocument

MEETING_STALE = (
    "Hội nghị đã được người khác sửa sau khi bạn mở trang này. Hãy tải lại trang để xem nội dung "
    "mới, rồi nhập lại thay đổi của bạn."
)


def live_forms(formset: Any) -> list[Any]:
    """The formset's rows to keep, in page order: not marked for deletion, and not an untouched blank row."""
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    return [
        form
        for form in formset.forms
        if id(form) not in deleted and (form.instance.pk is not None or form.has_changed())
    ]


def _save_rows(formset: Any, meeting: Meeting) -> None:
    for form in formset.deleted_forms:
        if form.instance.pk is not None:
            form.instance.delete()
    for order, form in enumerate(live_forms(formset)):
        row = form.save(commit=False)
        if not form.has_changed() and row.pk is not None and getattr(row, "order", order) == order:
            continue
        row.meeting = meeting
        row.order = order
        if isinstance(row, Speech):
            checked = getattr(form, "checked", None)
            if checked is not None:
                row.original_name, row.content_type = checked.name[:255], checked.mime
                row.extension, row.size, row.sha256 = checked.extension, checked.size, checked.sha256
            elif not row.file:
                row.original_name = row.content_type = row.extension = row.sha256 = ""
                row.size = None
        row.save()


def _save_tasks(formset: Any, meeting: Meeting, user: Any) -> None:
    for form in formset.deleted_forms:
        if form.instance.pk is not None:
            form.instance.delete()
    rows = []
    owners = dict(Task.objects.filter(meeting=meeting).values_list("pk", "owner_id"))
    for number, form in enumerate(live_forms(formset), start=1):
        task = form.save(commit=False)
        task.meeting = meeting
        task.owner = form.cleaned_data.get("owner") or meeting.organiser
        task.issuer = meeting.organiser
        task.assigned_on = meeting.date
        if task.pk is None:
            task.created_by = user
        rows.append((number, task, form.has_changed()))
    moving = [task.pk for number, task, _c in rows if task.pk is not None and task.number != number]
    if moving:
        Task.objects.filter(pk__in=moving).update(number=None)
    for number, task, changed in rows:
        unchanged = (
            not changed
            and task.pk is not None
            and task.number == number
            and task.pk not in moving
            and task.issuer_id == meeting.organiser_id
            and task.assigned_on == meeting.date
        )
        if unchanged:
            continue
        task.number = number
        if task.pk is not None:
            task.revision += 1
        task.save()
        if owners.get(task.pk) != task.owner_id:  # a new task, or given to another unit
            followup_services.tell_assigned(task, user)


@transaction.atomic
def save_meeting(
    form: Any,
    formsets: dict[str, Any],
    *,
    documents: Iterable[Document | NewDocument] | None,
    expected_revision: int | None,
    user: Any,
) -> Meeting:
    """Save the meeting form and its formsets (all validated); raises ``lib.revision.StaleEdit`` on a stale form, and
    ``ValidationError`` when ``user`` may not write the organiser's meetings of that date."""
    meeting: Meeting = form.instance
    if not scoping.can_write(user, meeting.organiser_id, meeting.date):
        raise ValidationError(_("Bạn không được ghi hội nghị của đơn vị này vào ngày họp."), code="scope")
    if meeting.pk is not None:
        meeting.revision = lock_and_bump(Meeting, meeting.pk, expected_revision, _(MEETING_STALE))
    else:
        meeting.created_by = user
    meeting = form.save()
    invited = set(BridgePoint.objects.filter(meeting=meeting).values_list("unit_id", flat=True))
    for name, formset in formsets.items():
        formset.instance = meeting
        if name == "tasks":
            _save_tasks(formset, meeting, user)
        else:
            _save_rows(formset, meeting)
    if documents is not None:
        meeting.documents.set([_registered(d, meeting, user) for d in documents])
    _invite(meeting, invited, user)
    return meeting


def _invite(meeting: Meeting, already: set[int], user: Any) -> None:
    """Notify who enters the data of each unit newly made a bridge point of a meeting still ahead: the day, the
    hour when known, and the bridge point's venue."""
    if meeting.starts_at < timezone.now():
        return
    points = BridgePoint.objects.filter(meeting=meeting).exclude(unit_id__in=already)
    local = timezone.localtime(meeting.starts_at)
    when = f"{local:%H:%M ngày %d/%m/%Y}" if meeting.timed else f"ngày {local:%d/%m/%Y}"
    url = reverse("meetings:detail", args=[meeting.pk])
    for point in points:
        text = _("Mời dự %(title)s, %(when)s, tại điểm cầu %(venue)s.") % {
            "title": meeting.title,
            "when": when,
            "venue": point.venue or meeting.venue or _("của đơn vị"),
        }
        people = notifications.writers([point.unit_id]).values()
        notifications.notify(people, Notification.Kind.MEETING, text, url, exclude=user)


def _registered(document: Document | NewDocument, meeting: Meeting, user: Any) -> Document:
    """A chosen document, registering a new number in the organiser's registry first (same transaction)."""
    if isinstance(document, Document):
        return document
    subject = _("Chưa ghi trích yếu (thêm khi ghi hội nghị “%(title)s”)") % {"title": meeting.title}
    return document_services.register_cited(
        document.text, owner=meeting.organiser, on=meeting.date, user=user, subject=subject
    )
