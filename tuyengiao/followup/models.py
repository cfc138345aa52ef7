"""Tasks (nhiệm vụ), their progress, reminders, and inspections (kiểm tra, giám sát).

A ``Task`` is one thing a unit must do by a date, assigned by an issuing unit. Its source is a
meeting's conclusion (``meeting`` with the task's ``number`` there: "Một là…" is 1), a plan or other
registry document (``document``), or an inspection's recommendation (``inspection``). ``status``
stores what people say (not started, in progress, done); the status *on a date* — including
"overdue" — is derived (``tuyengiao.followup.status.status_on`` in Python,
``TaskQuerySet.with_status_on`` in SQL), never stored.

Restructuring: a task stays with the unit it was given to. When that unit ends (merged into or split
among new units on 01/07/2025), its successors through lineage (``units.UnitLink``) follow its tasks:
they appear on each successor's board and count for each successor
(``tuyengiao.followup.figures``); a task is counted once in any total over a subtree.

``TaskUpdate`` is a progress report by the owner's people (date, text, optional percent, evidence
files checked like registry attachments); ``TaskReminder`` records which reminder was sent for which
task so the daily job never sends one twice.

An ``Inspection`` (định kỳ / đột xuất) by an inspecting unit covers a subject (a registry document
or a field of work), a schedule, a team (``InspectionMember``), inspected units (``InspectedUnit``,
each with its own findings and closure), overall findings, recommendations (tasks with
``inspection`` set, owned by the inspected unit), a conclusion document and a closure date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.documents.models import Document, FieldOfWork, StoredFile, stored_file_path
from tuyengiao.followup.status import State
from tuyengiao.lib.text import fold, one_line
from tuyengiao.meetings.models import Meeting
from tuyengiao.units.models import Unit


class TaskQuerySet(scoping.ScopedQuerySet["Task"]):
    unit_field = "issuer"  # the task itself is changed with the issuer's write scope (``access.can_manage``)

    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> TaskQuerySet:
        """Tasks whose owner, issuer or one of whose partners lies in the user's read scope (without ``date``:
        today's subtree and every predecessor of its units, so a merged commune reads its predecessors' tasks)."""
        partner = Task.partners.through.objects.filter(
            scoping.unit_filter(user, Capability.READ, date, "unit"), task_id=OuterRef("pk")
        )
        return self.filter(
            scoping.unit_filter(user, Capability.READ, date, "owner")
            | scoping.unit_filter(user, Capability.READ, date, "issuer")
            | Q(Exists(partner))
        )

    def with_status_on(self, day: dt.date) -> TaskQuerySet:
        """Annotate ``state`` (a ``status.State`` value) and ``done_in_time`` as of ``day``, in SQL.

        The same rule as ``status.status_on`` (tested on the same cases).
        """
        updated = Exists(TaskUpdate.objects.filter(task=OuterRef("pk"), date__lte=day))
        return self.annotate(
            state=Case(
                When(done_on__lte=day, then=Value(State.DONE.value)),
                When(deadline__lt=day, then=Value(State.OVERDUE.value)),
                When(updated | Q(status=Task.Status.IN_PROGRESS), then=Value(State.IN_PROGRESS.value)),
                default=Value(State.NOT_STARTED.value),
                output_field=models.CharField(max_length=12),
            )
        )

    def assigned_by(self, day: dt.date) -> TaskQuerySet:
        """Tasks that existed on ``day`` (given on or before it)."""
        return self.filter(assigned_on__lte=day)

    def search(self, query: str) -> TaskQuerySet:
        """Accent-insensitive: every word of ``query`` must occur in the folded title."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Task(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    title = models.TextField(_("nội dung nhiệm vụ"))
    issuer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="issued_tasks", verbose_name=_("đơn vị giao")
    )
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("đơn vị chủ trì"))
    partners = models.ManyToManyField(Unit, blank=True, related_name="shared_tasks", verbose_name=_("đơn vị phối hợp"))
    assigned_on = models.DateField(_("ngày giao"))
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks", verbose_name=_("hội nghị")
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự trong kết luận"), null=True, blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name=_("văn bản")
    )
    inspection = models.ForeignKey(
        "Inspection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("cuộc kiểm tra"),
    )
    description = models.TextField(_("yêu cầu cụ thể"), blank=True)
    # fold(title), kept by save(): accent-insensitive search on SQLite and PostgreSQL alike.
    search_text = models.TextField(editable=False, default="")
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["owner", "deadline"], name="task_owner_deadline"),
            models.Index(fields=["issuer", "deadline"], name="task_issuer_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="task_unique_number_in_meeting"),
            models.CheckConstraint(
                condition=models.Q(status="done", done_on__isnull=False)
                | (~models.Q(status="done") & models.Q(done_on__isnull=True)),
                name="task_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = one_line(self.title)  # a title is one line, whatever was posted
        self.search_text = fold(self.title)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("followup:detail", args=[self.pk])

    @property
    def source_kind(self) -> str:
        if self.meeting_id:
            return "meeting"
        if self.inspection_id:
            return "inspection"
        if self.document_id:
            return "document"
        return ""


evidence_path = stored_file_path  # named by the migration that created ``TaskEvidence.file``


class TaskUpdate(models.Model):
    """A progress report on a task, by a user of the unit that holds it (or above it)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("ngày"))
    text = models.TextField(_("kết quả thực hiện"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    marks_done = models.BooleanField(_("báo cáo hoàn thành"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["task", "-date", "-pk"]
        indexes = [models.Index(fields=["task", "date"], name="task_update_task_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="task_update_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.date:%d/%m/%Y}"


class TaskEvidence(StoredFile):
    """A file attached to a progress update, checked by content like registry attachments."""

    FOLDER = "tasks"

    update = models.ForeignKey(TaskUpdate, on_delete=models.CASCADE, related_name="evidence")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["uploaded", "pk"]


class TaskReminder(models.Model):
    """One reminder sent for one task: ``key`` is "before:7", "before:1", "after:0", "after:1"…

    The unique constraint is what makes the daily job idempotent.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=16)
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    emails = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lần nhắc hạn")
        verbose_name_plural = _("lần nhắc hạn")
        constraints = [models.UniqueConstraint(fields=["task", "key"], name="task_reminder_once")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.key}"


# --- Inspections -------------------------------------------------------------------------------------------------


class InspectionQuerySet(scoping.ScopedQuerySet["Inspection"]):
    unit_field = "inspecting_unit"

    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> InspectionQuerySet:
        """Inspections whose inspecting unit or one of whose inspected units lies in the user's read scope."""
        inspected = InspectedUnit.objects.filter(
            scoping.unit_filter(user, Capability.READ, date, "unit"), inspection=OuterRef("pk")
        )
        return self.filter(scoping.unit_filter(user, Capability.READ, date, "inspecting_unit") | Q(Exists(inspected)))


class Inspection(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Định kỳ")
        AD_HOC = "ad_hoc", _("Đột xuất")

    class Form(models.TextChoices):
        INSPECTION = "inspection", _("Kiểm tra")
        SUPERVISION = "supervision", _("Giám sát")

    inspecting_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("đơn vị kiểm tra")
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.PERIODIC)
    form = models.CharField(_("hình thức"), max_length=12, choices=Form.choices, default=Form.INSPECTION)
    title = models.CharField(_("tên cuộc kiểm tra"), max_length=500)
    subject_document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("văn bản được kiểm tra việc thực hiện"),
    )
    subject_field = models.ForeignKey(
        FieldOfWork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("lĩnh vực được kiểm tra"),
    )
    decision_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quyết định, kế hoạch kiểm tra"),
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    findings = models.TextField(_("kết quả kiểm tra (chung)"), blank=True)
    conclusion_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concluded_inspections",
        verbose_name=_("thông báo kết luận"),
    )
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["inspecting_unit", "starts_on"], name="inspection_unit_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="inspection_ends_after_start"),
            models.CheckConstraint(
                condition=Q(subject_document__isnull=False) | Q(subject_field__isnull=False),
                name="inspection_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = one_line(self.title)  # a title is one line, whatever was posted
        self.search_text = fold(self.title)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("followup:inspection_detail", args=[self.pk])

    def stage_on(self, day: dt.date) -> str:
        """planned / ongoing / concluding (visits over, not closed) / closed, on ``day``."""
        if self.closed_on is not None and self.closed_on <= day:
            return "closed"
        if day < self.starts_on:
            return "planned"
        if day <= self.ends_on:
            return "ongoing"
        return "concluding"


STAGE_LABELS = {
    "planned": _("Sắp tiến hành"),
    "ongoing": _("Đang kiểm tra"),
    "concluding": _("Chờ kết luận, kết thúc"),
    "closed": _("Đã kết thúc"),
}


class InspectionMember(models.Model):
    """A member of the inspection team: a name and a position, nothing more (Nghị định 13/2023)."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=300, blank=True)
    role = models.CharField(_("nhiệm vụ trong đoàn"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["inspection", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class InspectedUnit(models.Model):
    """A unit an inspection visits, with what was found there and when its part was closed."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="inspected")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspected_in", verbose_name=_("đơn vị được kiểm tra")
    )
    visit_on = models.DateField(_("ngày làm việc"), null=True, blank=True)
    findings = models.TextField(_("kết quả kiểm tra tại đơn vị"), blank=True)
    closed_on = models.DateField(_("ngày kết thúc tại đơn vị"), null=True, blank=True)
    closure_note = models.TextField(_("ghi chú kết thúc"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        ordering = ["inspection", "pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="inspected_unit_once")]

    def __str__(self) -> str:
        return f"{self.inspection} — {self.unit}"
