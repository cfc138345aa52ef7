"""Who may read and change tasks and inspections (built on ``accounts.scoping``).

* **Reading a task** (``Task.objects.readable_by``): its owner, its issuer or one of its partners lies in the
  user's read scope — the subtree of the user's units today *or a predecessor of a unit in it*,
  so the new commune reads the tasks of the communes it came from, and the province reads everything
  given to or by its units, before and after 01/07/2025.
* **Reporting progress** (updates, marking done): write scope on the owner, or on a unit that holds the
  task today (the owner's successor, ``figures.holders``): the new commune finishes the old commune's
  work; or write scope on the owner for the assignment date (``scoping.can_write``). Superiors with write
  scope over the holder may report for it, as for periodic reports.
* **Editing the task itself** (title, owner, deadline, reopening): write scope on the issuer for the
  task's assignment date (``scoping.can_write``: the successor of a merged issuer corrects the tasks it
  gave before the merger).
* **Inspections** (``Inspection.objects.readable_by``): read when the inspecting unit or an inspected unit
  is in read scope (same rule as tasks); edit with write scope on the inspecting unit for the inspection's first day.

Out of scope answers 404, like a record that does not exist.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.followup import figures
from tuyengiao.followup.models import Inspection, Task
from tuyengiao.units.models import Unit


def _is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def readable_unit_or_404(user: AnyUser, pk: int) -> Unit:
    unit = Unit.objects.filter(scoping.unit_filter(user, Capability.READ, None, "pk"), pk=pk).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def can_report(user: AnyUser, task: Task) -> bool:
    """May ``user`` post progress on ``task`` (the owner's or a current holder's write scope, or the write
    scope on the owner for the assignment date: the successor of an ended owner without successors of its
    own, such as old Phú Yên's districts, reports for it)?"""
    today = timezone.localdate()
    candidates = {task.owner_id} | figures.holders([task.owner_id], today)[task.owner_id]
    if _is_superuser(user):
        return True
    writable = Unit.objects.filter(scoping.unit_filter(user, Capability.WRITE, today, "pk"), pk__in=candidates)
    return (
        writable.exists()
        or scoping.can(user, Capability.WRITE, task.owner)
        or scoping.can_write(user, task.owner_id, task.assigned_on)
    )


def can_manage(user: AnyUser, task: Task) -> bool:
    """May ``user`` change the task itself (its issuer's write scope on the assignment date)?"""
    return scoping.can_write(user, task.issuer_id, task.assigned_on)


def can_manage_inspection(user: AnyUser, inspection: Inspection) -> bool:
    """May ``user`` change the inspection (the inspecting unit's write scope on its first day)?"""
    return scoping.can_write(user, inspection.inspecting_unit_id, inspection.starts_on)
