"""Study and dissemination of documents (học tập, quán triệt): plans, Party-member counts.

* ``PartyMemberCount``: how many Party members a unit has, from a date on. The count that applies on
  day D is the latest row on or before D (``members_on``); rows are never overwritten by a newer figure,
  a new row is added, so the history stays (and ``simple_history`` records corrections).
* ``DisseminationPlan``: a unit's plan for disseminating one document in its subtree: when it starts,
  the deadline for completing it, and which units must study it (levels of territorial party committees
  below the plan's unit, and whether affiliated party committees must; default: every party committee
  below). Sessions themselves are ``meetings.Meeting`` rows of kind ``study_session``; coverage is computed
  from them in SQL by ``tuyengiao.dissemination.coverage``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.documents.models import Document
from tuyengiao.units.models import Kind, Level, Unit


class PartyMemberCountQuerySet(scoping.ScopedQuerySet["PartyMemberCount"]):
    def on(self, date: dt.date) -> PartyMemberCountQuerySet:
        """Rows in force on ``date``: per unit the latest one on or before it."""
        latest = (
            PartyMemberCount.objects.filter(unit_id=models.OuterRef("unit_id"), valid_from__lte=date)
            .order_by("-valid_from")
            .values("pk")[:1]
        )
        return self.filter(pk=models.Subquery(latest))


class PartyMemberCount(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="party_member_counts")
    valid_from = models.DateField(_("áp dụng từ ngày"))
    count = models.PositiveIntegerField(_("số đảng viên"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PartyMemberCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("số đảng viên")
        verbose_name_plural = _("số đảng viên")
        ordering = ["unit_id", "-valid_from"]
        constraints = [
            # One figure per unit and day: a correction edits the row (history keeps the old value).
            models.UniqueConstraint(fields=["unit", "valid_from"], name="party_member_count_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.count} ({self.valid_from:%d/%m/%Y})"


def members_on(unit: Unit, date: dt.date) -> int | None:
    row = PartyMemberCount.objects.filter(unit=unit, valid_from__lte=date).order_by("-valid_from").first()
    return row.count if row else None


class DisseminationPlan(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="dissemination_plans", verbose_name=_("văn bản")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="dissemination_plans",
        verbose_name=_("đơn vị triển khai"),
        help_text=_("Cấp ủy chỉ đạo học tập, quán triệt trong phạm vi của mình."),
    )
    starts_on = models.DateField(_("bắt đầu tính từ ngày"))
    deadline = models.DateField(_("hạn hoàn thành"))
    target_levels = models.JSONField(
        _("cấp phải học tập"),
        default=list,
        blank=True,
        help_text=_("Cấp của các cấp ủy trực thuộc phải tổ chức học tập; để trống: mọi cấp bên dưới."),
    )
    include_affiliated = models.BooleanField(_("gồm cả đảng ủy trực thuộc"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    objects = scoping.ScopedQuerySet["DisseminationPlan"].as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch học tập, quán triệt")
        verbose_name_plural = _("kế hoạch học tập, quán triệt")
        ordering = ["-deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="dissemination_plan_once_per_unit"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("starts_on")), name="plan_deadline_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} – {self.unit}"

    def target_filter(self, prefix: str = "unit__") -> Q:
        return target_filter(self.target_levels, self.include_affiliated, prefix)


def target_filter(levels: list[str], include_affiliated: bool, prefix: str = "unit__") -> Q:
    """``Q`` on units that must study: territorial party committees of ``levels`` (all when empty),
    and affiliated party committees when ``include_affiliated``."""
    territorial = Q(**{f"{prefix}kind": Kind.PARTY_COMMITTEE})
    if levels:
        territorial &= Q(**{f"{prefix}level__in": levels})
    else:
        territorial &= ~Q(**{f"{prefix}level": Level.CENTRAL})
    if include_affiliated:
        return territorial | Q(**{f"{prefix}kind": Kind.AFFILIATED})
    return territorial
