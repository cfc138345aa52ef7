"""Deadline reminders for tasks: in-app notifications and e-mail, never the same reminder twice.

Run once a day (``manage.py send_task_reminders`` from cron, or the ``send_task_reminders_task``
background task). For each task not done:

* **before the deadline**: when it is at most N days away, for N in ``TG_TASK_REMINDER_DAYS``
  (default 7 and 1), the reminder "before:N" of the smallest such N — a task given 3 days before its
  deadline gets "before:7" at once and "before:1" on the eve; the deadline day counts as "before:1";
* **after the deadline**: "after:0" on the first day late, then "after:1", "after:2"… once a week.

Each reminder sent is stored as a ``TaskReminder`` row (unique per task and key), so running the job
twice a day, or again after a failure, sends nothing new. Recipients: the users who may write for
the units holding the task (its owner, or the owner's successors after a merger); the first overdue
reminder also goes to the issuer's writers (the issuer's follow-up view lists the task as late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Capability, Membership, User, roles_with
from tuyengiao.followup import figures
from tuyengiao.followup.models import Task, TaskReminder
from tuyengiao.reports import notifications
from tuyengiao.reports.models import Notification
from tuyengiao.units.models import covers

DEFAULT_DAYS = (7, 1)


def reminder_key(deadline: dt.date, today: dt.date, before: Sequence[int] = DEFAULT_DAYS) -> str | None:
    """Which reminder is due on ``today`` for a task due on ``deadline`` (pure)."""
    if today <= deadline:
        left = (deadline - today).days
        windows = sorted(n for n in before if left <= n)
        return f"before:{windows[0]}" if windows else None
    late = (today - deadline).days
    return f"after:{(late - 1) // 7}"


def message(task: Task, key: str, today: dt.date) -> str:
    deadline = task.deadline.strftime("%d/%m/%Y") if task.deadline else ""
    title = task.title if len(task.title) <= 200 else task.title[:199] + "…"
    if key.startswith("before:"):
        left = (task.deadline - today).days if task.deadline else 0
        if left == 0:
            return _("Hôm nay là hạn hoàn thành nhiệm vụ “%(title)s”.") % {"title": title}
        return _("Còn %(days)d ngày đến hạn (%(deadline)s) hoàn thành nhiệm vụ “%(title)s”.") % {
            "days": left,
            "deadline": deadline,
            "title": title,
        }
    late = (today - task.deadline).days if task.deadline else 0
    return _("Nhiệm vụ “%(title)s” đã quá hạn %(days)d ngày (hạn %(deadline)s), chưa báo cáo hoàn thành.") % {
        "title": title,
        "days": late,
        "deadline": deadline,
    }


@dataclass
class Outcome:
    reminders: int = 0
    notifications: int = 0
    emails: int = 0


def send_due(today: dt.date, before: Sequence[int] | None = None) -> Outcome:
    """Send every reminder due on ``today`` that was not sent before."""
    days: tuple[int, ...] = tuple(before or getattr(settings, "TG_TASK_REMINDER_DAYS", None) or DEFAULT_DAYS)
    horizon = today + dt.timedelta(days=max(days))
    candidates = list(
        Task.objects.exclude(status=Task.Status.DONE)
        .filter(deadline__isnull=False, deadline__lte=horizon, assigned_on__lte=today)
        .order_by("deadline", "pk")
    )
    due = [(task, key) for task in candidates if (key := reminder_key(task.deadline, today, days))]  # type: ignore[arg-type]
    sent = set(TaskReminder.objects.filter(task_id__in=[t.pk for t, _k in due]).values_list("task_id", "key"))
    due = [(task, key) for task, key in due if (task.pk, key) not in sent]
    if not due:
        return Outcome()
    holding = figures.holders({task.owner_id for task, _k in due}, today)
    units = {u for hs in holding.values() for u in hs} | {task.issuer_id for task, _k in due}
    writers: dict[int, dict[int, User]] = {}
    for membership in Membership.objects.filter(
        covers(today), unit_id__in=units, role__in=roles_with(Capability.WRITE), user__is_active=True
    ).select_related("user"):
        writers.setdefault(membership.unit_id, {})[membership.user_id] = membership.user
    outcome = Outcome()
    for task, key in due:
        users: dict[int, User] = {}
        for unit_id in holding[task.owner_id]:
            users.update(writers.get(unit_id, {}))
        if key == "after:0":
            users.update(writers.get(task.issuer_id, {}))
        text = message(task, key, today)
        url = reverse("followup:detail", args=[task.pk])
        kind = Notification.Kind.REMINDER if key.startswith("before:") else Notification.Kind.TASK_OVERDUE
        try:
            with transaction.atomic():
                TaskReminder.objects.create(task=task, key=key, sent_on=today, recipients=len(users))
                notifications.notify(users.values(), kind, text, url, mailed=True)
        except IntegrityError:  # another run sent it meanwhile
            continue
        subject = _("Nhắc hạn nhiệm vụ") if key.startswith("before:") else _("Nhiệm vụ quá hạn")
        emailed = notifications.email_now(users.values(), subject, text)
        TaskReminder.objects.filter(task=task, key=key).update(emails=emailed)
        outcome.reminders += 1
        outcome.notifications += len(users)
        outcome.emails += emailed
    return outcome
