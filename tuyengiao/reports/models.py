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

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.documents.models import FieldOfWork
from tuyengiao.lib.periods import Period, PeriodType
from tuyengiao.lib.rollup import Rule, ValueType
from tuyengiao.reports import sources
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
    source = models.CharField(
        _("lấy số liệu tự động từ"),
        max_length=64,
        blank=True,
        default="",
        choices=sources.choices,
        help_text=_("Số liệu được tính từ dữ liệu của hệ thống, đơn vị không nhập tay (reports/sources.py)."),
    )
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

    def save(self, *args: object, **kwargs: object) -> None:
        # Stored roll-ups hold Σ(value·weight): a new weight makes this indicator's rows stale.
        weight_changed = (
            self.pk is not None and Indicator.objects.filter(pk=self.pk).exclude(weight_id=self.weight_id).exists()
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if weight_changed:
            from tuyengiao.reports import rollups

            rollups.refresh(indicator_id=self.pk)

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

    def submitted_by(self, unit: Unit) -> bool:
        """Does ``unit`` submit this form (``submitter_filter``'s rule, on a unit already loaded)?"""
        kinds = self.submitter_kinds or [Kind.PARTY_COMMITTEE]
        return unit.kind in kinds and (not self.submitter_levels or unit.level in self.submitter_levels)

    def version_for(self, period: Period, versions: Iterable[FormVersion] | None = None) -> FormVersion | None:
        """The version in force for ``period``: the latest one that starts at or before it (among ``versions``,
        the form's versions already read, when given)."""
        versions = sorted(
            self.versions.all() if versions is None else versions, key=lambda v: Period.parse(v.effective_from)
        )
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
    objects = scoping.ScopedQuerySet["Report"].as_manager()

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
        WITHDRAW = "withdraw", _("Rút lại")

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
    """An in-app message to one user: an event that needs them (a report submitted to them, returned, accepted; a
    task assigned; a meeting's invitation) or a reminder. Created only through ``reports.notifications.notify``,
    which also keeps the user's unread count; e-mailed by ``reports.notifications.send_digests`` in batches."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Nhắc việc")
        SUBMITTED = "submitted", _("Báo cáo gửi đến")
        RETURNED = "returned", _("Báo cáo bị trả lại")
        ACCEPTED = "accepted", _("Báo cáo được tiếp nhận")
        TASK_ASSIGNED = "task_assigned", _("Nhiệm vụ được giao")
        TASK_OVERDUE = "task_overdue", _("Nhiệm vụ quá hạn")
        MEETING = "meeting", _("Mời họp")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.REMINDER)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # When the e-mail step dealt with it: mailed (in a digest, or at once for a reminder) or skipped (no address,
    # the user opted out). NULL: still waiting for the next digest.
    mail_handled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["mail_handled_at", "created"], name="notification_mail_pending"),
        ]

    def __str__(self) -> str:
        return self.text


class ConsolidatedNarrative(models.Model):
    """The text of a consolidated report (DOCX in the Party layout) as the specialist edited it.

    One per unit, form, period and structure date (the tree the figures are consolidated in;
    the period's last day unless the page says otherwise). Until it is first saved, the
    sections are drafted from what the units wrote (``tuyengiao.reports.narrative``).
    Saves carry the revision they started from; a stale one is refused.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="+", verbose_name=_("mẫu báo cáo"))
    period = models.CharField(_("kỳ báo cáo"), max_length=8)
    structure_date = models.DateField(_("cơ cấu tổ chức tại ngày"))
    number = models.CharField(_("số, ký hiệu"), max_length=40, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=255, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    tasks = models.TextField(_("phương hướng, nhiệm vụ"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    signer_title = models.TextField(_("chức vụ người ký"), blank=True)
    signer_name = models.CharField(_("họ và tên người ký"), max_length=150, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    objects = scoping.ScopedQuerySet["ConsolidatedNarrative"].as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phần lời của báo cáo tổng hợp")
        verbose_name_plural = _("phần lời của báo cáo tổng hợp")
        constraints = [
            # One text per consolidated report: a second tab or user edits the same row (optimistic locking).
            models.UniqueConstraint(
                fields=["unit", "form", "period", "structure_date"], name="consolidated_narrative_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} – {self.period} – {self.unit}"


ABANDONED_AFTER = dt.timedelta(minutes=10)  # a checking worker beats every few rows, never minutes apart


class ImportJob(models.Model):
    """One uploaded spreadsheet of report figures (``tuyengiao.reports.spreadsheets``) and its processing.

    Small files are processed at once; larger ones by the task worker (``manage.py db_worker``), which
    updates ``processed_rows`` while it checks the rows, so the page can show a progress bar. ``errors``
    holds the cell-by-cell problems (row, column, indicator, message); ``saved`` the reports written.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Không nhập được")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+", verbose_name=_("mẫu báo cáo"))
    period = models.CharField(_("kỳ báo cáo"), max_length=8)
    file = models.FileField(_("tệp"), upload_to="nhap-bao-cao/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã kiểm tra"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    saved = models.JSONField(_("báo cáo đã ghi"), default=list, blank=True)
    created = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    # Set when the worker starts the job and at every progress update: a running job whose beat stops was
    # killed with its worker (``reports.tasks.sweep``).
    heartbeat = models.DateTimeField(null=True, blank=True, editable=False)
    finished = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

    objects = scoping.ScopedQuerySet["ImportJob"].as_manager()

    class Meta:
        verbose_name = _("lần nhập số liệu từ Excel")
        verbose_name_plural = _("lần nhập số liệu từ Excel")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def finished_work(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def abandoned(self) -> bool:
        """Running, but its worker stopped beating ``ABANDONED_AFTER`` ago: killed (what the page says until
        ``reports.tasks.sweep`` marks the job failed)."""
        return (
            self.status == self.Status.RUNNING
            and self.heartbeat is not None
            and self.heartbeat < timezone.now() - ABANDONED_AFTER
        )

    @property
    def percent(self) -> int:
        if self.finished_work:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class Rollup(models.Model):
    """A unit's year of one form and indicator, summed up from its counted reports (``reports/rollups.py``).

    Derived data, rewritten in the same transaction as every change of a report: never edited, and
    rebuilt from the reports by ``manage.py rollups --rebuild``. The foreign keys have no database
    constraint (millions of derived rows; Django still cascades deletions).
    """

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    # Numbers: how many reports had one, their sum, Σ(value·weight) and Σweight (weights of the same report).
    reports = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    total_vw = models.DecimalField(max_digits=32, decimal_places=8, null=True)
    total_w = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    # The latest month (period code) with a number, that number and its weight.
    last_period = models.CharField(max_length=8, null=True)
    last_number = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    last_weight = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    # Yes/no: the latest period with an answer and the answer (1 yes, 0 no).
    flag_period = models.CharField(max_length=8, null=True)
    flag_yes = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["form", "year", "unit", "indicator"], name="rollup_once_per_unit_year")
        ]
        indexes = [models.Index(fields=["indicator"], name="rollup_indicator")]

    def __str__(self) -> str:
        return f"{self.form_id}/{self.year}/{self.unit_id}/{self.indicator_id}"


class TargetRollup(models.Model):
    """A unit's year with its predecessors (lineage), per form and indicator (``reports/rollups.py``).

    What the consolidation takes per *target* unit, whatever the tree: the stock (the sum of the numbers of
    the latest month any of the unit and its predecessors reported, with Σ(value·weight) and Σweight) and
    the latest yes/no answer (the unit's own first among same-month answers, then the lowest unit id).
    Lineage does not depend on the structure date, so these rows hold for any tree; they are rewritten
    with the ``Rollup`` rows they come from and when lineage links change.
    """

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    stock_value = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    stock_vw = models.DecimalField(max_digits=32, decimal_places=8, null=True)
    stock_w = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    flag_yes = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["form", "year", "unit", "indicator"], name="target_rollup_once")]
        indexes = [models.Index(fields=["indicator"], name="target_rollup_indicator")]

    def __str__(self) -> str:
        return f"{self.form_id}/{self.year}/{self.unit_id}/{self.indicator_id}"


class GroupRollup(models.Model):
    """One group of the country's consolidation (a province) for one report period of a form: the sums of its
    figures as the consolidation's statements give them, kept with a stamp of everything they came from
    (``reports/grouprollups.py``).

    Derived data, never edited: a row whose stamp no longer matches its group's reports, targets and contributors,
    or its form version's indicators, is computed again when it is next read, and ``manage.py rollups --rebuild``
    rewrites them all.
    """

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    period = models.CharField(max_length=8)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    stamp = models.CharField(max_length=64)
    # {"n": [[indicator id, SUM, AVG, MIN, MAX, COUNT, Σ(v·w), Σw], …], "f": [[indicator id, yes, answered], …]}
    # with every number as its decimal text (JSON has no decimals).
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["form", "period", "unit"], name="group_rollup_once")]

    def __str__(self) -> str:
        return f"{self.form_id}/{self.period}/{self.unit_id}"
