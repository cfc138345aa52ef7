"""Tasks (nhiệm vụ) and their follow-up.

A ``Task`` is one thing a unit must do by a date, assigned by an issuing unit. Its source is a
meeting's conclusion (``meeting`` with the task's ``number`` there: "Một là…" is 1), a plan or other
registry document (``document``), or an inspection's recommendation. ``status`` stores what people
say (not started, in progress, done); "overdue" is derived from the deadline and the date asked about
(``TaskQuerySet`` / ``Task.status_on``), never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.documents.models import Document
from tuyengiao.meetings.models import Meeting
from tuyengiao.units.models import Unit


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
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

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
