"""Writes of the networks area: each in one transaction, each editable row through ``lock_and_bump``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tuyengiao.documents.services import register_cited
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.meetings.models import Meeting, RosterEntry
from tuyengiao.networks import roster
from tuyengiao.networks.forms import CollaboratorCountForm, ExemplarForm, OpinionMonthForm
from tuyengiao.networks.models import CollaboratorCount, Exemplar, OpinionMonth, OpinionTopicCount

STALE_COUNT = _("Số liệu cộng tác viên đã được người khác sửa sau khi bạn mở trang. Chưa lưu gì; hãy tải lại trang.")
STALE_MONTH = _("Số liệu tháng đã được người khác sửa sau khi bạn mở trang. Chưa lưu gì; hãy tải lại trang.")
STALE_EXEMPLAR = _("Mô hình, điển hình đã được người khác sửa sau khi bạn mở trang. Chưa lưu gì; hãy tải lại trang.")
STALE_ROSTER = _("Danh sách điểm danh đã được người khác sửa sau khi bạn mở trang. Chưa lưu gì; hãy tải lại trang.")


def _save(form: Any, model: type[Any], stale: Any, user: Any) -> Any:
    record = form.save(commit=False)
    record.unit = form.cleaned_data["unit"]
    if record.pk:
        record.revision = lock_and_bump(model, record.pk, form.cleaned_data.get("revision"), stale)
    else:
        record.created_by = user
    record.save()
    return record


@transaction.atomic
def save_count(form: CollaboratorCountForm, user: Any) -> CollaboratorCount:
    """Save the counts; a decision number not in the registry yet is registered in the unit's registry first
    (``register_cited``, same transaction, write scope on the unit for ``as_of``)."""
    document = form.decision_document
    if form.new_decision:
        subject = _("Quyết định về cộng tác viên dư luận xã hội (thêm khi ghi số cộng tác viên; bổ sung trích yếu)")
        document = register_cited(
            form.new_decision,
            owner=form.cleaned_data["unit"],
            on=form.cleaned_data["as_of"],
            user=user,
            subject=str(subject),
        )
    form.instance.decision_document = document
    return _save(form, CollaboratorCount, STALE_COUNT, user)


@transaction.atomic
def save_exemplar(form: ExemplarForm, user: Any) -> Exemplar:
    record = form.instance
    record.proposed = bool(form.cleaned_data.get("proposed"))
    return _save(form, Exemplar, STALE_EXEMPLAR, user)


@transaction.atomic
def save_month(form: OpinionMonthForm, user: Any) -> OpinionMonth:
    month: OpinionMonth = _save(form, OpinionMonth, STALE_MONTH, user)
    counts = form.topic_counts()
    current = {row.heading: row for row in month.topics.all()}
    create = [OpinionTopicCount(month=month, heading=h, received=n) for h, n in counts.items() if h not in current]
    update = []
    for heading, row in current.items():
        if heading in counts and row.received != counts[heading]:
            row.received = counts[heading]
            update.append(row)
    if create:
        bulk_create_with_history(create, OpinionTopicCount, default_user=user)
    if update:
        bulk_update_with_history(update, OpinionTopicCount, ["received"], default_user=user)
    return month


@transaction.atomic
def save_roster(meeting: Meeting, present: set[int], expected_revision: int, user: Any) -> int:
    """Record the roll call of ``meeting``: every reporter expected is present when in ``present``, absent
    otherwise (rows of reporters no longer expected are kept as they were). Returns the number of rows written."""
    meeting.roster_revision = lock_and_bump(
        Meeting, meeting.pk, expected_revision, STALE_ROSTER, field="roster_revision"
    )
    people = list(dict.fromkeys(role.person_id for role in roster.expected(meeting)))
    current = {row.person_id: row for row in RosterEntry.objects.filter(meeting=meeting, person_id__in=people)}
    create, update = [], []
    for person_id in people:
        is_present = person_id in present
        row = current.get(person_id)
        if row is None:
            create.append(RosterEntry(meeting=meeting, person_id=person_id, present=is_present))
        elif row.present != is_present:
            row.present = is_present
            update.append(row)
    if create:
        bulk_create_with_history(create, RosterEntry, default_user=user)
    if update:
        bulk_update_with_history(update, RosterEntry, ["present"], default_user=user)
    return len(create) + len(update)
