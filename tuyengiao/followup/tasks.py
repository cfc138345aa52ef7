"""Background tasks of the followup area (django-tasks; the worker is ``manage.py db_worker``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from tuyengiao.followup import reminders


@task()
def send_task_reminders_task(day: str | None = None) -> dict[str, int]:
    """Send the deadline reminders due on ``day`` (ISO date; default today)."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    outcome = reminders.send_due(today)
    return {"reminders": outcome.reminders, "notifications": outcome.notifications, "emails": outcome.emails}
