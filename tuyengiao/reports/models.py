"""Periodic reports: indicators, versioned forms, and the reports units submit.

* An ``Indicator`` (chỉ tiêu) has a value type and two consolidation rules
  (``tuyengiao.lib.rollup``): ``rule`` across units ("9/15", sums, weighted
  percentages) and ``time_rule`` across the months of a longer period (flows add
  up, stocks take the latest month).
* A ``Form`` (mẫu báo cáo) says which period type it is reported for, which units
  submit it and its deadline rule (``tuyengiao.lib.periods``). Its content lives
  in ``FormVersion``s: changing a form publishes a new version from a given
  period on, so past reports keep the version they were made with.
* A ``Report`` is one unit's report for one form and period; its ``Value`` rows
  hold the figures and ``Narrative`` rows the text sections. ``period`` is the
  stable code ("2024M09", "2024Q3", "2024S1", "2024N9", "2024") and the period's
  dates are stored too, so "which reports fall in P" is an indexed range query.

Consolidation (``tuyengiao.reports.consolidation``) aggregates ``Value`` rows in
SQL over a subtree as the tree stood in the period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.documents.models import FieldOfWork
from tuyengiao.lib.periods import Period, PeriodType
from tuyengiao.lib.rollup import Rule, ValueType
from tuyengiao.units.models import Kind, Unit


class TimeRule(models.TextChoices):
    """How a monthly (or quarterly) figure becomes a longer period's figure."""

    SUM = "sum", _("Cộng dồn các tháng (số phát sinh)")
    LATEST = "latest", _("Lấy số của tháng cuối có báo cáo (số hiện có)")


class Indicator(models.Model):
    code = models.SlugField(_("mã chỉ tiêu"), max_length=32, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    field = models.ForeignKey(
        FieldOfWork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("lĩnh vực"),
    )
    value_type = models.CharField(_("kiểu giá trị"), max_length=16, choices=[(v.value, v.label) for v in ValueType])
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=32, blank=True)
    rule = models.CharField(_("cách tổng hợp theo đơn vị"), max_length=24, choices=[(r.value, r.label) for r in Rule])
    time_rule = models.CharField(
        _("cách tổng hợp theo thời gian"), max_length=8, choices=TimeRule.choices, default=TimeRule.SUM
    )
    weight = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trọng số"),
        help_text=_("Với bình quân gia quyền: chỉ tiêu dùng làm trọng số (ví dụ số người tham dự)."),
    )
    at_most = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("không lớn hơn chỉ tiêu"),
    )
    required = models.BooleanField(_("bắt buộc"), default=False)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=20, decimal_places=4, null=True, blank=True)
    help_text = models.TextField(_("hướng dẫn"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["code"]
        constraints = [
            # A weighted average needs its weight; nothing else may have one.
            models.CheckConstraint(
                condition=Q(rule="weighted_average", weight__isnull=False)
                | (~Q(rule="weighted_average") & Q(weight__isnull=True)),
                name="indicator_weight_iff_weighted_average",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from tuyengiao.lib.rollup import RuleError

        if self.rule not in Rule.__members__.values() or self.value_type not in ValueType.__members__.values():
            return  # the field validation reports a missing or unknown choice
        try:
            Rule(self.rule).require(ValueType(self.value_type))
        except RuleError as exc:
            raise ValidationError({"rule": str(exc)}) from exc


class Form(models.Model):
    code = models.SlugField(_("mã mẫu"), max_length=32, unique=True)
    name = models.CharField(_("tên mẫu báo cáo"), max_length=255)
    period_type = models.CharField(_("kỳ báo cáo"), max_length=16, choices=[(p.value, p.label) for p in PeriodType])
    submitter_kinds = models.JSONField(
        _("loại đơn vị nộp báo cáo"), default=list, help_text=_("Các loại đơn vị phải nộp, ví dụ cấp ủy cấp xã.")
    )
    submitter_levels = models.JSONField(_("cấp của đơn vị nộp"), default=list)
    deadline_rule = models.CharField(
        _("hạn nộp"), max_length=32, help_text=_("Ví dụ: day:15:last_month (ngày 15 tháng cuối kỳ), after_end:10.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def submitter_filter(self, prefix: str = "unit__") -> Q:
        """``Q`` on units (through ``prefix``) of the kinds and levels that submit this form."""
        condition = Q(**{f"{prefix}kind__in": self.submitter_kinds or [Kind.PARTY_COMMITTEE]})
        if self.submitter_levels:
            condition &= Q(**{f"{prefix}level__in": self.submitter_levels})
        return condition

    def version_for(self, period: Period) -> FormVersion | None:
        """The version in force for ``period``: the latest one that starts at or before it."""
        versions = sorted(self.versions.all(), key=lambda v: Period.parse(v.effective_from))
        current = None
        for version in versions:
            if Period.parse(version.effective_from).start <= period.start:
                current = version
        return current


class FormVersion(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    effective_from = models.CharField(_("áp dụng từ kỳ"), max_length=8, help_text=_("Mã kỳ, ví dụ 2025M07."))
    note = models.TextField(_("ghi chú thay đổi"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản mẫu báo cáo")
        verbose_name_plural = _("phiên bản mẫu báo cáo")
        ordering = ["form", "number"]
        constraints = [models.UniqueConstraint(fields=["form", "number"], name="form_version_once")]

    def __str__(self) -> str:
        return f"{self.form} (v{self.number})"


class Section(models.Model):
    class Kind(models.TextChoices):
        INDICATORS = "indicators", _("Chỉ tiêu")
        RESULTS = "results", _("Kết quả đạt được")
        LIMITATIONS = "limitations", _("Hạn chế")
        CAUSES = "causes", _("Nguyên nhân")
        LESSONS = "lessons", _("Bài học kinh nghiệm")
        TASKS = "tasks", _("Phương hướng, nhiệm vụ")

    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    kind = models.CharField(_("loại mục"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("mục của mẫu báo cáo")
        verbose_name_plural = _("mục của mẫu báo cáo")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="section_order_once")]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="items")
    label = models.CharField(_("nhãn hiển thị"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu trong mẫu")
        verbose_name_plural = _("chỉ tiêu trong mẫu")
        ordering = ["section", "order"]
        constraints = [models.UniqueConstraint(fields=["section", "indicator"], name="item_indicator_once")]

    def __str__(self) -> str:
        return self.label or self.indicator.name


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="reports")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ báo cáo"), max_length=8)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-period_start", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["form", "unit", "period"], name="report_once_per_period")]
        indexes = [models.Index(fields=["form", "period", "status"], name="report_form_period")]

    def __str__(self) -> str:
        return f"{self.form} – {self.period}"

    def save(self, *args: object, **kwargs: object) -> None:
        period = Period.parse(self.period)
        self.period, self.period_start, self.period_end = period.code, period.start, period.end
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)


class Value(models.Model):
    """One figure of one report. Numbers (integer, decimal, percent) in ``number``,
    yes/no in ``flag``, text in ``text``; NULL means "not reported"."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    flag = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="value_once_per_report")]
        indexes = [models.Index(fields=["indicator", "report"], name="value_indicator_report")]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.number if self.number is not None else self.flag or self.text}"


class Narrative(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phần lời của báo cáo")
        verbose_name_plural = _("phần lời của báo cáo")
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="narrative_once_per_section")]

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:40]}"


class ReportAction(models.Model):
    """One step of a report's workflow (who saved, submitted, returned, accepted or reopened it, and why)."""

    class Action(models.TextChoices):
        SAVE = "save", _("Lưu")
        SUBMIT = "submit", _("Gửi")
        RETURN = "return", _("Trả lại")
        ACCEPT = "accept", _("Tiếp nhận")
        REOPEN = "reopen", _("Mở lại")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(_("thao tác"), max_length=8, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.TextField(_("ý kiến"), blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("thao tác trên báo cáo")
        verbose_name_plural = _("thao tác trên báo cáo")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} – {self.get_action_display()}"


class Notification(models.Model):
    """An in-app message to one user (e.g. a reminder to submit a report)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text
