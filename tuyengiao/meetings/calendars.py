"""The calendar of a unit (month view) and a user's iCalendar feed.

A unit's month shows:

* meetings it organised, or joined as a bridge point (a committee and its commission count as
  one: the commission organises the committee's conferences);
* deadlines of tasks it owns that are not done (``followup.Task``);
* deadlines of the periodic reports it must submit (forms whose submitter kinds and levels match
  the unit, each period's deadline by the form's rule, ``lib.periods.DeadlineRule``).

The feed (``/hoi-nghi/lich/ics/<token>.ics``) is reachable without a session because calendar
clients cannot log in; the token in the address stands for the user, who can regenerate it (the
old address stops working) or revoke it. It holds the meetings the user may read and the deadlines
of tasks owned by units in the user's scope, from one year back to one year ahead (at most
``FEED_LIMIT`` of each). A meeting whose hour was not recorded (``Meeting.timed`` False) is an all-day
event. A revoked or deactivated user's feed answers 404.
"""

from __future__ import annotations

import calendar as stdcalendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.followup.models import Task
from tuyengiao.lib import ical
from tuyengiao.lib.periods import DeadlineRule, PeriodError, PeriodType, periods_between
from tuyengiao.meetings.models import Meeting
from tuyengiao.reports.models import Form
from tuyengiao.units.models import Kind, Unit, UnitVersion

FEED_LIMIT = 500


@dataclass
class Entry:
    day: dt.date
    kind: str  # "meeting", "task", "report"
    title: str
    url: str = ""
    time: str = ""


def unit_pair(unit: Unit) -> set[int]:
    """The unit with its committee (for a commission) or its commission (for a committee)."""
    ids = {unit.pk}
    if unit.kind == Kind.COMMISSION:
        ids |= set(UnitVersion.objects.filter(unit=unit, parent__isnull=False).values_list("parent_id", flat=True))
    else:
        ids |= set(Unit.objects.filter(key=f"com:{unit.key}").values_list("pk", flat=True))
    return ids


def month_grid(first: dt.date) -> list[list[dt.date | None]]:
    """Weeks (Monday first) of the month starting ``first``; days of other months are None."""
    weeks = stdcalendar.Calendar(firstweekday=0).monthdayscalendar(first.year, first.month)
    return [[first.replace(day=d) if d else None for d in week] for week in weeks]


def report_deadlines(unit: Unit, first: dt.date, last: dt.date) -> list[Entry]:
    entries = []
    forms = [f for f in Form.objects.all() if Unit.objects.filter(f.submitter_filter(""), pk=unit.pk).exists()]
    for form in forms:
        try:
            rule = DeadlineRule.parse(form.deadline_rule)
            periods = periods_between(PeriodType(form.period_type), first - dt.timedelta(days=400), last)
        except (PeriodError, ValueError):
            continue
        for period in periods:
            due = rule.deadline(period)
            if first <= due <= last:
                entries.append(Entry(due, "report", f"Hạn nộp báo cáo “{form.name}” – {period.label}"))
    return entries


def month_entries(meetings: QuerySet[Meeting], unit: Unit, first: dt.date) -> dict[dt.date, list[Entry]]:
    last = first.replace(day=stdcalendar.monthrange(first.year, first.month)[1])
    ids = unit_pair(unit)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = meetings.filter(Q(organiser_id__in=ids) | Q(bridge_points__unit_id__in=ids), starts_at__gte=start)
    rows = rows.filter(starts_at__lt=end).distinct().order_by("starts_at")
    by_day: dict[dt.date, list[Entry]] = {}
    for meeting in rows:
        local = timezone.localtime(meeting.starts_at)
        hour = f"{local:%H:%M}" if meeting.timed else ""  # no hour recorded: the day only
        entry = Entry(local.date(), "meeting", meeting.title, meeting.get_absolute_url(), hour)
        by_day.setdefault(entry.day, []).append(entry)
    tasks = Task.objects.filter(owner_id__in=ids, deadline__gte=first, deadline__lte=last)
    for task in tasks.exclude(status=Task.Status.DONE).select_related("meeting").order_by("deadline", "pk"):
        assert task.deadline is not None
        url = task.meeting.get_absolute_url() if task.meeting else ""
        by_day.setdefault(task.deadline, []).append(Entry(task.deadline, "task", f"Hạn nhiệm vụ: {task}", url))
    for entry in report_deadlines(unit, first, last):
        by_day.setdefault(entry.day, []).append(entry)
    return by_day


def feed(user: Any, base_url: str, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    window_start = dt.datetime.combine(today - dt.timedelta(days=365), dt.time.min, tzinfo=tz)
    window_end = dt.datetime.combine(today + dt.timedelta(days=366), dt.time.min, tzinfo=tz)
    events: list[ical.Event] = []
    meetings = (
        Meeting.objects.readable_by(user)
        .filter(starts_at__gte=window_start, starts_at__lt=window_end)
        .order_by("starts_at")
    )
    for meeting in meetings[:FEED_LIMIT]:
        start: dt.datetime | dt.date = meeting.starts_at
        end: dt.datetime | dt.date | None = meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)
        if not meeting.timed:  # no hour recorded: an all-day event on the meeting's day
            start, end = meeting.date, None
        events.append(
            ical.Event(
                uid=f"hoi-nghi-{meeting.pk}@tuyengiao",
                summary=meeting.title,
                start=start,
                end=end,
                location=meeting.venue,
                description=meeting.get_kind_display(),
                url=base_url + reverse("meetings:detail", args=[meeting.pk]),
            )
        )
    tasks = scoping.scoped(Task.objects.all(), user, Capability.READ, field="owner")
    tasks = tasks.filter(deadline__gte=window_start.date(), deadline__lt=window_end.date())
    for task in tasks.exclude(status=Task.Status.DONE).order_by("deadline", "pk")[:FEED_LIMIT]:
        assert task.deadline is not None
        events.append(
            ical.Event(
                uid=f"nhiem-vu-{task.pk}@tuyengiao",
                summary=f"Hạn nhiệm vụ: {task}",
                start=task.deadline,
                description=task.title,
                url=base_url + reverse("meetings:detail", args=[task.meeting_id]) if task.meeting_id else "",
            )
        )
    return ical.calendar(events, name="Tuyên giáo số – hội nghị và thời hạn", now=now)
