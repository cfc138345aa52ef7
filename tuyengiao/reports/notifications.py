"""Notifications: the one way to tell a user that something needs them, in the app and by e-mail.

* ``notify`` creates the in-app notifications of one event for its recipients, in the caller's transaction (a
  report returned and its notification land together or not at all), and keeps each recipient's unread count
  (``User.unread_notifications``, the menu's bell, read with the user row that every request loads anyway).
* ``mark_read`` marks one or all of a user's notifications read, with the same count kept.
* E-mail is batched (``send_digests``, run by ``manage.py worker`` with every heartbeat, or by
  ``manage.py send_notifications``): a user whose oldest unmailed notification is ``TG_MAIL_BATCH_MINUTES`` old
  gets one e-mail listing every unmailed one; nothing is mailed to a user without an address or who turned
  digests off on the notifications page (``User.email_notifications``). Reminders a person sends on purpose
  (completeness's "Nhắc", the deadline reminders of tasks) are mailed at once instead (``email_now``), with the
  same opt-out, and are not mailed again in a digest.
* Recipients: ``writers`` (who enters a unit's data: members with a role that writes) and ``approvers`` (who
  accepts a unit's reports: members with a role that approves at the nearest level above the unit that has
  such members, a committee's commission counting with the committee; ``services.can_review`` lets them).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tuyengiao.accounts.models import Capability, Membership, User, roles_with
from tuyengiao.reports.models import Notification
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Unit, UnitVersion, covers

logger = logging.getLogger(__name__)


def refresh_unread(user_ids: Iterable[int]) -> None:
    """Set each user's unread count from their notifications, in one statement (exact whatever ran meanwhile)."""
    ids = list(set(user_ids))
    if not ids:
        return
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    User.objects.filter(pk__in=ids).update(unread_notifications=Coalesce(Subquery(unread), Value(0)))


def notify(
    users: Iterable[User], kind: str, text: str, url: str = "", *, mailed: bool = False, exclude: User | None = None
) -> int:
    """One notification of ``kind`` to each active user of ``users`` (once each; never to ``exclude``, the person
    who caused the event); ``mailed`` when the caller e-mails them at once (a reminder). Returns how many."""
    recipients = {u.pk: u for u in users if u.is_active and (exclude is None or u.pk != exclude.pk)}
    if not recipients:
        return 0
    handled = timezone.now() if mailed else None
    rows = [
        Notification(user=u, kind=kind, text=text[:500], url=url, mail_handled_at=handled) for u in recipients.values()
    ]
    Notification.objects.bulk_create(rows)
    refresh_unread(recipients)
    return len(recipients)


def mark_read(user: User, pk: int | None = None) -> int:
    """Mark the user's notification ``pk`` (or all of them) read; how many changed."""
    with transaction.atomic():
        rows = Notification.objects.filter(user=user, read_at__isnull=True)
        if pk is not None:
            rows = rows.filter(pk=pk)
        changed = rows.update(read_at=timezone.now())
        refresh_unread([user.pk])
    return changed


def writers(unit_ids: Iterable[int], date: dt.date | None = None) -> dict[int, User]:
    """Active users who enter the data of these units (a role that writes, in force on ``date``, default today)."""
    memberships = Membership.objects.filter(
        covers(date or timezone.localdate()),
        unit_id__in=list(unit_ids),
        role__in=roles_with(Capability.WRITE),
        user__is_active=True,
    ).select_related("user")
    return {m.user_id: m.user for m in memberships}


def approvers(unit: Unit) -> dict[int, User]:
    """Active users who accept or return ``unit``'s reports (``services.can_review``: a role that approves, today,
    over the unit's parent on its last day): those of the nearest level above the unit that has any, counting a
    committee's commission with the committee. A commune's report goes to its district's leaders, or to the
    province's where the district has no accounts."""
    from tuyengiao.accounts import scoping

    day = scoping.last_day(unit)
    levels = [v.unit_id for v in reversed(tree.ancestors(unit, day))]  # nearest first
    if not levels:
        return {}
    level_of = {unit_id: unit_id for unit_id in levels}
    for commission, parent in UnitVersion.objects.filter(parent_id__in=levels, unit__kind=Kind.COMMISSION).values_list(
        "unit_id", "parent_id"
    ):
        level_of.setdefault(commission, parent)
    memberships = Membership.objects.filter(
        covers(timezone.localdate()),
        unit_id__in=list(level_of),
        role__in=roles_with(Capability.APPROVE),
        user__is_active=True,
    ).select_related("user")
    found: dict[int, dict[int, User]] = {}
    for m in memberships:
        found.setdefault(level_of[m.unit_id], {})[m.user_id] = m.user
    return next((found[level] for level in levels if level in found), {})


def _mailable(users: Iterable[User]) -> list[User]:
    return [u for u in users if u.is_active and u.email and u.email_notifications]


def email_now(users: Iterable[User], subject: str, text: str) -> int:
    """E-mail a reminder at once to each user who has an address and has not turned e-mail off; how many sent
    (a mail server that fails is logged, not raised: the in-app notification is already there)."""
    mails = [(subject, text, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in _mailable(users)]
    if not mails:
        return 0
    from django.core.mail import send_mass_mail

    try:
        return send_mass_mail(mails)
    except OSError:
        logger.warning("Không gửi được thư nhắc việc (%d thư).", len(mails), exc_info=True)
        return 0


def _absolute(url: str) -> str:
    base = settings.TG_SITE_URL
    return f"{base}{url}" if url.startswith("/") and base else url


def digest(user: User, notifications: list[Notification]) -> EmailMessage:
    """One e-mail listing ``notifications`` (oldest first), each with its time and address."""
    subject = ngettext(
        "Tuyên giáo số: %(count)d thông báo mới", "Tuyên giáo số: %(count)d thông báo mới", len(notifications)
    ) % {"count": len(notifications)}
    lines = [_("Kính gửi %(name)s,") % {"name": user.full_name or user.username}, ""]
    for n in notifications:
        when = timezone.localtime(n.created).strftime("%H:%M %d/%m/%Y")
        lines.append(f"- {when}: {n.text}")
        if n.url:
            lines.append(f"  {_absolute(n.url)}")
    lines += [
        "",
        _("Không muốn nhận thư này: bỏ chọn “Nhận thư tóm tắt thông báo” ở trang “Thông báo”."),
    ]
    return EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])


def send_digests(now: dt.datetime | None = None) -> int:
    """E-mail every user whose oldest unmailed notification is at least ``TG_MAIL_BATCH_MINUTES`` old one digest
    of all their unmailed notifications; returns the number of e-mails sent. Each user's batch is marked in the
    same transaction as its sending, so a mail server that fails leaves it for the next run (nothing lost, and
    rows locked by a concurrent run are skipped: nothing is mailed twice)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.TG_MAIL_BATCH_MINUTES)
    due = (
        Notification.objects.filter(mail_handled_at__isnull=True)
        .values("user")
        .annotate(first=Min("created"))
        .filter(first__lte=cutoff)
        .values_list("user", flat=True)
    )
    sent = 0
    connection = None
    for user in User.objects.filter(pk__in=list(due)):
        try:
            with transaction.atomic():
                batch = list(
                    Notification.objects.select_for_update(skip_locked=True)
                    .filter(user=user, mail_handled_at__isnull=True)
                    .order_by("created", "pk")
                )
                if not batch:
                    continue
                Notification.objects.filter(pk__in=[n.pk for n in batch]).update(mail_handled_at=now)
                if _mailable([user]):
                    connection = connection or get_connection()
                    message = digest(user, batch)
                    message.connection = connection
                    message.send()
                    sent += 1
        except OSError:
            logger.warning("Không gửi được thư tóm tắt thông báo cho %s.", user.username, exc_info=True)
    return sent
