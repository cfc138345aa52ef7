"""A task's status on a date, as a pure function (no database).

The rule (issue #5 §3, "derived from dates where possible"), for a date D:

1. **done** if the task was completed on or before D (``done_on <= D``);
2. otherwise **overdue** if its deadline has passed (``deadline < D``: on the deadline day itself it is
   still on time);
3. otherwise **in progress** if a progress update is dated on or before D, or its stored status says
   someone started it (stored ``in_progress``: people may mark a task started without writing an update);
4. otherwise **not started**.

``TaskQuerySet.with_status_on`` computes the same in SQL (``Case``/``When``); the tests run both on
the same cases. A completed task is **on time** when ``done_on <= deadline`` (no deadline: on time).
"""

from __future__ import annotations

import datetime as dt
import enum

from django.utils.translation import gettext_lazy as _


class State(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return str(LABELS[self])


LABELS = {
    State.NOT_STARTED: _("Chưa thực hiện"),
    State.IN_PROGRESS: _("Đang thực hiện"),
    State.DONE: _("Đã hoàn thành"),
    State.OVERDUE: _("Quá hạn"),
}

# Board columns, left to right: what needs attention first.
ORDER = (State.OVERDUE, State.NOT_STARTED, State.IN_PROGRESS, State.DONE)


def status_on(
    day: dt.date,
    *,
    deadline: dt.date | None,
    done_on: dt.date | None,
    stored: str = State.NOT_STARTED,
    first_update_on: dt.date | None = None,
) -> State:
    """The status on ``day`` of a task with these dates (see the module docstring)."""
    if done_on is not None and done_on <= day:
        return State.DONE
    if deadline is not None and deadline < day:
        return State.OVERDUE
    if (first_update_on is not None and first_update_on <= day) or stored == State.IN_PROGRESS:
        return State.IN_PROGRESS
    return State.NOT_STARTED


def on_time(deadline: dt.date | None, done_on: dt.date | None) -> bool | None:
    """Whether a completed task was done by its deadline (None when it is not done)."""
    if done_on is None:
        return None
    return deadline is None or done_on <= deadline
