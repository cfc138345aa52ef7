"""A user's dashboard: the figures they pinned (``Pin``), each a consolidated figure of a form's indicator for a
unit, read for "the latest closed period with data" of the chosen length (month, quarter, year), rolling.

Pins are private to their user (every query filters on the user); the unit is checked for reading whenever
the dashboard shows it (a pin whose unit left the user's scope is not shown).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.lib.periods import PeriodType
from tuyengiao.reports.models import Form
from tuyengiao.units.models import Unit

# The lengths a pinned figure is read over: a month, a quarter or a year (never shorter than the form's period).
KINDS = (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR)
# How many periods a trend chart shows, by length: 12 months, 8 quarters, 5 years.
TREND_LENGTH = {PeriodType.MONTH: 12, PeriodType.QUARTER: 8, PeriodType.YEAR: 5}
MAX_PINS = 30


class Pin(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pins", verbose_name=_("người dùng")
    )
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+", verbose_name=_("mẫu báo cáo"))
    indicator_code = models.CharField(_("mã chỉ tiêu"), max_length=32)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    period_type = models.CharField(
        _("độ dài kỳ"), max_length=16, choices=[(kind.value, kind.label) for kind in KINDS], default=PeriodType.MONTH
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(_("ghim lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu ghim")
        verbose_name_plural = _("chỉ tiêu ghim")
        ordering = ["order", "pk"]
        constraints = [
            # One card per figure: the same indicator of the same unit over the same length is pinned once.
            models.UniqueConstraint(
                fields=["user", "form", "indicator_code", "unit", "period_type"], name="analytics_pin_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} – {self.unit} ({self.get_period_type_display()})"
