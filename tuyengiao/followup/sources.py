"""Report indicator sources of the tasks area (``tuyengiao.reports.sources``).

For a unit and a period: the tasks given to the unit itself whose deadline falls in the period, as they
stood at the period's end (``figures.own_completion``). Lineage and the units below are the
consolidation's business, as for the dissemination sources. A consolidated completion rate is the
"tasks done" sum over the "tasks due" sum, or the rate as a weighted average weighted by "tasks due".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tuyengiao.followup.figures import Completion, own_completion
from tuyengiao.lib.periods import Period
from tuyengiao.reports.sources import register


def _of(unit: Any, period: Period) -> Completion:
    return own_completion(unit, period.start, period.end, period.end)


def tasks_due(unit: Any, period: Period) -> int:
    return _of(unit, period).total


def tasks_done(unit: Any, period: Period) -> int:
    return _of(unit, period).done


def tasks_overdue(unit: Any, period: Period) -> int:
    return _of(unit, period).overdue


def completion_rate(unit: Any, period: Period) -> Decimal | None:
    return _of(unit, period).rate


register("followup.tasks_due", "Số nhiệm vụ đến hạn trong kỳ (từ sổ theo dõi nhiệm vụ)", tasks_due)
register("followup.tasks_done", "Số nhiệm vụ đến hạn đã hoàn thành (từ sổ theo dõi nhiệm vụ)", tasks_done)
register("followup.tasks_overdue", "Số nhiệm vụ quá hạn chưa hoàn thành (từ sổ theo dõi nhiệm vụ)", tasks_overdue)
register("followup.completion_rate", "Tỷ lệ hoàn thành nhiệm vụ đến hạn (từ sổ theo dõi nhiệm vụ)", completion_rate)
