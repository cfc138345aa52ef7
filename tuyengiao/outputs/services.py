"""Writes of the outputs area, each in one transaction, each refusing a stale page (``lib/revision.py``).

* ``save_issue``: an issue with its topics (replaced in order) and recipients (added and removed; removing a recipient
  that already acknowledged is refused in Vietnamese, so what the unit recorded is never lost); a guidance
  number typed and ticked "register" that the registry does not hold is registered in the issuer's registry
  (``documents.services.register_cited``, like the meetings' studied documents).
* ``save_distribution``: the print run and the copies and e-copies sent to each recipient.
* ``add_file``: an attachment, DOCX or PDF, checked by content (``documents.services.check_upload``).
* ``mark_read`` / ``mark_relayed``: the recipient's acknowledgement, by the recipient's own side only
  (``can_acknowledge``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.documents import services as document_services
from tuyengiao.documents.forms import resolve_document
from tuyengiao.documents.models import Document
from tuyengiao.lib import doccode
from tuyengiao.lib.revision import lock_and_bump
from tuyengiao.outputs.models import Issue, IssueFile, Recipient, Topic
from tuyengiao.units.models import Unit, names

ISSUE_STALE = "Số định hướng, bản tin này vừa được người khác sửa. Chưa lưu gì; hãy tải lại trang rồi nhập lại."
RECEIPT_STALE = "Xác nhận của đơn vị nhận vừa được người khác ghi. Chưa lưu gì; hãy tải lại trang."
ATTACHMENT_TYPES = (".pdf", ".docx")


@dataclass(frozen=True)
class TopicRow:
    title: str
    summary: str = ""


def parse_topics(text: str) -> list[TopicRow]:
    """One topic a line, "title | summary"; a leading "1." or "-" is dropped (the order is the line's)."""
    rows = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-•").strip()
        head, _sep, summary = line.partition("|")
        head = head.strip()
        number, dot, rest = head.partition(".")
        if dot and number.strip().isdigit():
            head = rest.strip()
        if head:
            rows.append(TopicRow(head[:500], summary.strip()))
    return rows


def _document(issue: Issue, register: bool, user: Any) -> Document | None:
    """The registry record of a guidance's number: the readable one, else a new one when ``register``."""
    if issue.is_bulletin or not issue.number:
        return None
    try:
        doccode.parse(issue.number)
    except doccode.DocCodeError:
        if register:
            raise ValidationError({"number": _("Số, ký hiệu “%(n)s” không đọc được.") % {"n": issue.number}}) from None
        return None
    try:
        return resolve_document(issue.number, Document.objects.readable_by(user))
    except ValidationError:
        if not register:
            return None
    return document_services.register_cited(
        issue.number, owner=issue.issuer, on=issue.issued_on, user=user, subject=issue.title, issued=True
    )


def save_issue(
    issue: Issue,
    *,
    topics: list[TopicRow],
    recipients: list[Unit],
    user: Any,
    expected: int | None,
    register: bool = False,
) -> Issue:
    if not scoping.can_write(user, issue.issuer, issue.issued_on):
        raise ValidationError(
            _("Bạn không được ban hành thay đơn vị này vào ngày %(d)s.") % {"d": f"{issue.issued_on:%d/%m/%Y}"}
        )
    with transaction.atomic():
        if issue.pk:
            issue.revision = lock_and_bump(Issue, issue.pk, expected, ISSUE_STALE)
        elif user.is_authenticated:
            issue.created_by = user
        issue.document = _document(issue, register, user)
        issue.save()
        issue.topics.all().delete()
        Topic.objects.bulk_create(
            Topic(issue=issue, order=n, title=row.title, summary=row.summary) for n, row in enumerate(topics, 1)
        )
        wanted = {unit.pk for unit in recipients}
        current = {r.unit_id: r for r in issue.recipients.all()}
        acknowledged = [unit_id for unit_id, row in current.items() if unit_id not in wanted and row.read_on]
        if acknowledged:
            labels = names(acknowledged, issue.issued_on)
            raise ValidationError(
                _("%(units)s đã xác nhận nhận số này; không bỏ khỏi nơi nhận được.")
                % {"units": ", ".join(sorted(labels.values()))}
            )
        for unit_id, row in current.items():
            if unit_id not in wanted:
                row.delete()
        for unit_id in sorted(wanted - current.keys()):
            Recipient.objects.create(issue=issue, unit_id=unit_id)
    return issue


def save_distribution(
    issue: Issue, *, copies_printed: int, rows: dict[int, tuple[int, int]], user: Any, expected: int | None
) -> Issue:
    """``rows``: recipient id → (copies sent, e-copies). The copies sent may not exceed the print run."""
    if not scoping.can_write(user, issue.issuer, issue.issued_on):
        raise ValidationError(_("Bạn không được sửa số này."))
    sent = sum(copies for copies, _e in rows.values())
    if sent > copies_printed:
        raise ValidationError(
            _("Tổng số bản gửi (%(sent)s) vượt số bản in (%(printed)s).") % {"sent": sent, "printed": copies_printed}
        )
    with transaction.atomic():
        issue.revision = lock_and_bump(Issue, issue.pk, expected, ISSUE_STALE)
        issue.copies_printed = copies_printed
        issue.save(update_fields=["copies_printed", "revision", "updated", "search_text"])
        for row in issue.recipients.select_for_update().filter(pk__in=list(rows)):
            copies, e_copies = rows[row.pk]
            if (row.copies, row.e_copies) != (copies, e_copies):
                row.copies, row.e_copies = copies, e_copies
                row.save(update_fields=["copies", "e_copies"])
    return issue


def add_file(issue: Issue, upload: Any, user: Any) -> IssueFile:
    if not scoping.can_write(user, issue.issuer, issue.issued_on):
        raise ValidationError(_("Bạn không được sửa số này."))
    checked = document_services.check_upload(upload)
    if checked.extension not in ATTACHMENT_TYPES:
        raise ValidationError(_("Tệp “%(name)s” phải là văn bản Word (.docx) hoặc PDF.") % {"name": checked.name})
    with transaction.atomic():
        stored: IssueFile = IssueFile.store(checked, upload, user if user.is_authenticated else None, issue=issue)
    return stored


def can_acknowledge(user: Any, recipient: Recipient) -> bool:
    """The receiving unit's own side: a user who writes for the recipient unit on the issue's date and is not
    the issuer's staff (the provincial commission does not acknowledge for a commune it wrote to)."""
    if not user.is_authenticated or not user.is_active:
        return False
    issue = recipient.issue
    if user.is_superuser:
        return True
    return scoping.can_write(user, recipient.unit_id, issue.issued_on) and not scoping.can_write(
        user, issue.issuer_id, issue.issued_on
    )


def mark_read(recipient: Recipient, *, user: Any, expected: int | None, today: dt.date | None = None) -> Recipient:
    if not can_acknowledge(user, recipient):
        raise ValidationError(_("Chỉ đơn vị nhận mới xác nhận đã đọc."))
    with transaction.atomic():
        recipient.revision = lock_and_bump(Recipient, recipient.pk, expected, RECEIPT_STALE)
        recipient.read_on = recipient.read_on or today or timezone.localdate()
        recipient.read_by = recipient.read_by or user
        recipient.save()
    return recipient


def mark_relayed(
    recipient: Recipient,
    *,
    user: Any,
    expected: int | None,
    cells: int | None,
    day: dt.date | None = None,
) -> Recipient:
    """Relayed to the unit's cells on ``day`` (default today), to ``cells`` cells; marks it read too."""
    if not can_acknowledge(user, recipient):
        raise ValidationError(_("Chỉ đơn vị nhận mới xác nhận đã phổ biến."))
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise ValidationError(_("Ngày phổ biến không được sau hôm nay."))
    if day < recipient.issue.issued_on:
        raise ValidationError(_("Ngày phổ biến không được trước ngày ban hành."))
    with transaction.atomic():
        recipient.revision = lock_and_bump(Recipient, recipient.pk, expected, RECEIPT_STALE)
        recipient.read_on = recipient.read_on or day
        recipient.read_by = recipient.read_by or user
        recipient.relayed_on, recipient.cells_relayed, recipient.relayed_by = day, cells, user
        recipient.save()
    return recipient
