"""Report indicator sources of the networks (``tuyengiao.reports.sources``).

A report belongs to a party committee; the network's records are often kept by its commission (the provincial
commission organises the reporters' conferences, appoints the opinion collaborators, keeps the models registry).
So a source counts the records of the units the report carries (``reports.sources.carried_units``): the
report's unit, the commissions under it, and the predecessors it took over during the period that no longer exist
at its end (new Đắk Lắk's 2025 figures include old Phú Yên's January–June conferences; a predecessor still
existing at the period's end reports for itself, so nothing is counted twice).
Consolidation then adds the units up the tree as it stood (``reports.consolidation``).

* ``networks.conferences`` / ``.conference_attendances`` / ``.conference_topics``: reporters' conferences
  (meetings of kind ``LECTURERS``) organised in the period; attendances = main venue + bridge points; topics =
  agenda items.
* ``networks.reporters_<level>``: people holding a role of that level managed by the units at the period's end.
* ``networks.collaborators_<level>``: the latest collaborator counts on or before the period's end, per unit.
* ``networks.opinion_reports`` / ``.rapid_reports`` / ``.summaries_sent``: sums over the months of the period.
* ``networks.exemplars_<programme>`` / ``.exemplars_effective_<programme>``: models and exemplars of the period's
  registration years (a period of whole years), or registered on a day of the period (a month, a quarter), and
  of those the ones reviewed effective.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from tuyengiao.lib.periods import Period
from tuyengiao.meetings.models import BridgePoint, Meeting
from tuyengiao.networks.models import CollaboratorCount, Exemplar, OpinionMonth, OpinionTopicCount
from tuyengiao.people.models import LecturerRole, active_on
from tuyengiao.reports.sources import carried_units, register


def _conferences(unit: Any, period: Period) -> Any:
    return Meeting.objects.filter(
        kind=Meeting.Kind.LECTURERS,
        organiser_id__in=carried_units(unit, period),
        starts_at__date__gte=period.start,
        starts_at__date__lte=period.end,
    )


def conferences(unit: Any, period: Period) -> int:
    return _conferences(unit, period).count()


def conference_attendances(unit: Any, period: Period) -> int:
    meetings = _conferences(unit, period)
    main = meetings.aggregate(n=Coalesce(Sum("attendees"), 0))["n"]
    bridges = BridgePoint.objects.filter(meeting__in=meetings).aggregate(n=Coalesce(Sum("attendees"), 0))["n"]
    return int(main) + int(bridges)


def conference_topics(unit: Any, period: Period) -> int:
    return int(_conferences(unit, period).aggregate(n=Count("agenda"))["n"])


def _reporters(level: str) -> Any:
    def count(unit: Any, period: Period) -> int:
        roles = LecturerRole.objects.filter(active_on(period.end), unit_id__in=carried_units(unit, period), level=level)
        return roles.values("person_id").distinct().count()

    return count


def _collaborators(field: str) -> Any:
    def count(unit: Any, period: Period) -> int:
        latest = (
            CollaboratorCount.objects.filter(unit_id=OuterRef("unit_id"), as_of__lte=period.end)
            .order_by("-as_of")
            .values("pk")[:1]
        )
        rows = CollaboratorCount.objects.filter(unit_id__in=carried_units(unit, period), pk=Subquery(latest))
        return int(rows.aggregate(n=Coalesce(Sum(field), 0))["n"])

    return count


def _months(unit: Any, period: Period) -> Any:
    return OpinionMonth.objects.filter(
        unit_id__in=carried_units(unit, period), month__gte=period.start.replace(day=1), month__lte=period.end
    )


def opinion_reports(unit: Any, period: Period) -> int:
    rows = OpinionTopicCount.objects.filter(month__in=_months(unit, period))
    return int(rows.aggregate(n=Coalesce(Sum("received"), 0))["n"])


def rapid_reports(unit: Any, period: Period) -> int:
    return int(_months(unit, period).aggregate(n=Coalesce(Sum("rapid_reports"), 0))["n"])


def summaries_sent(unit: Any, period: Period) -> int:
    return int(_months(unit, period).aggregate(n=Coalesce(Sum("summaries_sent"), 0))["n"])


def _exemplars(programme: str, effective: bool) -> Any:
    def count(unit: Any, period: Period) -> int:
        rows = Exemplar.objects.filter(unit_id__in=carried_units(unit, period), programme=programme)
        if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31):
            rows = rows.filter(year__gte=period.start.year, year__lte=period.end.year)  # whole years: by year
        else:
            rows = rows.filter(registered_on__gte=period.start, registered_on__lte=period.end)
        if effective:
            rows = rows.filter(review=Exemplar.Review.EFFECTIVE)
        return rows.count()

    return count


register("networks.conferences", "Số hội nghị báo cáo viên đã tổ chức (sổ hội nghị)", conferences)
register(
    "networks.conference_attendances",
    "Số lượt người dự hội nghị báo cáo viên, cả các điểm cầu (sổ hội nghị)",
    conference_attendances,
)
register(
    "networks.conference_topics", "Số chuyên đề thông tin tại hội nghị báo cáo viên (sổ hội nghị)", conference_topics
)
for _level, _label in LecturerRole.Level.choices:
    register(f"networks.reporters_{_level}", f"Số {str(_label).lower()} (mạng lưới, cuối kỳ)", _reporters(_level))
for _field, _level_name in (
    ("province_level", "cấp tỉnh"),
    ("district_level", "cấp huyện"),
    ("commune_level", "cấp xã"),
):
    register(
        f"networks.collaborators_{_field.split('_')[0]}",
        f"Số cộng tác viên dư luận xã hội {_level_name} (cuối kỳ)",
        _collaborators(_field),
    )
register("networks.opinion_reports", "Số báo cáo dư luận xã hội nhận được", opinion_reports)
register("networks.rapid_reports", "Số báo cáo nhanh dư luận xã hội nhận được", rapid_reports)
register("networks.summaries_sent", "Số báo cáo tổng hợp dư luận xã hội đã gửi", summaries_sent)
for _programme, _name in (("dan_van_kheo", "“Dân vận khéo”"), ("ct05", "học tập và làm theo Bác")):
    register(
        f"networks.exemplars_{_programme}",
        f"Số mô hình, điển hình {_name} đăng ký trong năm",
        _exemplars(_programme, effective=False),
    )
    register(
        f"networks.exemplars_effective_{_programme}",
        f"Số mô hình, điển hình {_name} được đánh giá hiệu quả",
        _exemplars(_programme, effective=True),
    )
