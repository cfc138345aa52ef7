"""Report indicator sources of the people area (``tuyengiao.reports.sources``), as of the period's last day.

* ``people.staffed_to_norm`` (yes/no): the unit had at least the minimum staff of its norm; consolidated with
  the "count of yes" rule it gives "9/15 … được bố trí đủ định biên tối thiểu" over the units.
* ``people.staff``: staff in post counting toward the norm; ``people.lecturers`` / ``people.communicators``:
  lecturers (any level) and communicators whose role is managed by the unit.
"""

from __future__ import annotations

from typing import Any

from tuyengiao.lib.periods import Period
from tuyengiao.people.figures import unit_staffing
from tuyengiao.people.models import LecturerRole, active_on
from tuyengiao.reports.sources import register


def staffed_to_norm(unit: Any, period: Period) -> bool | None:
    staff, minimum = unit_staffing(unit, period.end)
    return None if minimum is None else staff >= minimum


def staff(unit: Any, period: Period) -> int:
    return unit_staffing(unit, period.end)[0]


def _roles(unit: Any, period: Period, communicators: bool) -> int:
    roles = LecturerRole.objects.filter(active_on(period.end), unit=unit)
    if communicators:
        roles = roles.filter(level=LecturerRole.Level.COMMUNICATOR)
    else:
        roles = roles.exclude(level=LecturerRole.Level.COMMUNICATOR)
    return roles.values("person_id").distinct().count()


def lecturers(unit: Any, period: Period) -> int:
    return _roles(unit, period, communicators=False)


def communicators(unit: Any, period: Period) -> int:
    return _roles(unit, period, communicators=True)


register("people.staffed_to_norm", "Bố trí đủ định biên tối thiểu (sổ cán bộ, cuối kỳ)", staffed_to_norm)
register("people.staff", "Số cán bộ trong biên chế (sổ cán bộ, cuối kỳ)", staff)
register("people.lecturers", "Số báo cáo viên (sổ cán bộ, cuối kỳ)", lecturers)
register("people.communicators", "Số tuyên truyền viên (sổ cán bộ, cuối kỳ)", communicators)
