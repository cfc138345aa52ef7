"""Meetings and conferences (hội nghị): reviews, briefings, study sessions, lecturers' conferences.

This module holds the core every other area reads:

* ``Meeting``: one meeting of an organising unit, with its kind, date and time, mode, venue, the
  period it reviews, the documents studied or discussed, and the attendance it had;
* ``BridgePoint``: a unit joining an online or hybrid meeting from its own venue, with its own
  attendance and the person who led it there.

A **study session** (``Kind.STUDY_SESSION``) of a document is how dissemination is recorded: the
organiser and every bridge point with attendees studied the meeting's documents on that day
(``tuyengiao.dissemination`` counts coverage from these rows). Attendance is entered as numbers
(``attendees``, ``party_members``): the meeting's own are those at the main venue, each bridge
point carries its own; ``total_attendees`` adds them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.documents.models import Document
from tuyengiao.units.models import Unit


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ANNUAL_REVIEW = "annual_review", _("Hội nghị tổng kết")
        INTERIM_REVIEW = "interim_review", _("Hội nghị sơ kết")
        BRIEFING = "briefing", _("Giao ban")
        STUDY_SESSION = "study_session", _("Học tập, quán triệt")
        LECTURERS = "lecturers", _("Hội nghị báo cáo viên")
        OTHER = "other", _("Khác")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        HYBRID = "hybrid", _("Trực tiếp kết hợp trực tuyến")

    organiser = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("đơn vị tổ chức")
    )
    kind = models.CharField(_("loại hội nghị"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=500)
    # For reviews: the period reviewed, a tuyengiao.lib.periods code ("2024N", "2024S1"); blank otherwise.
    period = models.CharField(_("kỳ tổng kết"), max_length=8, blank=True)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    mode = models.CharField(_("hình thức"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("địa điểm chính"), max_length=300, blank=True)
    attendees = models.PositiveIntegerField(_("số người dự (điểm cầu chính)"), null=True, blank=True)
    party_members = models.PositiveIntegerField(_("số đảng viên dự (điểm cầu chính)"), null=True, blank=True)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="meetings", verbose_name=_("văn bản học tập, thảo luận")
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["organiser", "starts_at"], name="meeting_organiser_start"),
            models.Index(fields=["kind", "starts_at"], name="meeting_kind_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class BridgePoint(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="bridge_points")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    venue = models.CharField(_("địa điểm"), max_length=300, blank=True)
    attendees = models.PositiveIntegerField(_("số người dự"), null=True, blank=True)
    party_members = models.PositiveIntegerField(_("số đảng viên dự"), null=True, blank=True)
    leader = models.CharField(_("người chủ trì điểm cầu"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm cầu")
        verbose_name_plural = _("điểm cầu")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="bridge_point_unique_unit")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.unit}"
