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
point carries its own; ``total_attendees`` adds them. Attendance "by category" is Party members
and others (``attendees - party_members``, derived, never stored) plus guests by name (``Guest``).

The record of a meeting (issue #5 §1) adds:

* ``Chair``: who chaired (name and position *at the time*, in order: co-chairs are common);
* ``Guest``: invited guests by name, position and unit (as text: guests often come from agencies
  outside the Party tree, such as the provincial tax department);
* ``AgendaItem``: the agenda, in order;
* ``Speech``: speeches and written contributions (tham luận), with speaker, unit (a tree unit or text),
  title, spoken or written, and an optional file checked like registry attachments. News reports often
  give only a count ("8 ý kiến phát biểu, tham luận"): ``Meeting.speeches_reported`` keeps that count,
  and ``speeches_count`` shows it unless more speeches are recorded one by one;
* ``results``, ``limitations``, ``conclusions`` (the introduction of the conclusions); the numbered tasks
  of the conclusions ("Một là… Sáu là…") are ``followup.Task`` rows with ``meeting`` and ``number``;
* the papers' own dates: ``invitation_issued_on`` and ``notice_issued_on`` as the office entered them, the
  meeting's date when empty (``invitation_date``, ``notice_date``): a paper is dated by its issue, not by the
  day it is downloaded;
* the consolidated report the meeting reviews: ``report_form`` + ``period`` + the organiser's committee
  give a link to the consolidation page of the reports area (``reviewed_report_url``);
* the award decisions presented are ``awards.Decision`` rows pointing at the meeting (set when the decision
  is issued, in the awards area); the meeting page lists them with their counts;
* ``CalendarFeed``: a user's secret token for the iCalendar feed (calendar clients cannot log in).
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.documents.models import Document
from tuyengiao.lib.text import fold, one_line
from tuyengiao.units.models import Kind as UnitKind
from tuyengiao.units.models import Unit


class MeetingQuerySet(scoping.ScopedQuerySet["Meeting"]):
    unit_field = "organiser"

    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> MeetingQuerySet:
        """Meetings shared down from or up to the user's units by their organiser (``shared_down_filter``: the
        commission's conferences concern the whole province), and those the user's units joined as a bridge
        point. Writing (``writable_by``, ``scoping.can_write``): the organiser's write scope on the day."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        joined = BridgePoint.objects.filter(scoping.unit_filter(user, Capability.READ, date)).values("meeting_id")
        return self.filter(scoping.shared_down_filter(user, "organiser", date) | Q(pk__in=joined))


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

    class SignerRole(models.TextChoices):
        HEAD = "head", _("Người đứng đầu ký (Trưởng Ban; Bí thư thay mặt Ban Thường vụ)")
        DEPUTY = "deputy", _("Cấp phó ký thay (K/T Trưởng Ban; Phó Bí thư)")
        COLLECTIVE = "collective", _("Ký thay mặt tập thể (T/M)")
        OFFICE = "office", _("Chánh Văn phòng ký thừa lệnh (T/L)")

    organiser = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("đơn vị tổ chức")
    )
    kind = models.CharField(_("loại hội nghị"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=500)
    # For reviews: the period reviewed, a tuyengiao.lib.periods code ("2024N", "2024S1"); blank otherwise.
    period = models.CharField(_("kỳ tổng kết"), max_length=8, blank=True)
    # The day and, when ``timed``, the hour. A meeting whose hour nobody recorded (old conferences known from a
    # news report) has ``timed`` False and starts at 00:00 local: one datetime column keeps every date query,
    # index and ordering of the project as it is, and ``timed`` says whether the hour means anything (papers
    # print the date alone, the iCalendar feed gives an all-day event).
    starts_at = models.DateTimeField(_("bắt đầu"))
    timed = models.BooleanField(_("có giờ bắt đầu"), default=True)
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    mode = models.CharField(_("hình thức"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("địa điểm chính"), max_length=300, blank=True)
    attendees = models.PositiveIntegerField(_("số người dự (điểm cầu chính)"), null=True, blank=True)
    party_members = models.PositiveIntegerField(_("số đảng viên dự (điểm cầu chính)"), null=True, blank=True)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="meetings", verbose_name=_("văn bản học tập, thảo luận")
    )
    report_form = models.ForeignKey(
        "reports.Form",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mẫu báo cáo tổng hợp được đánh giá"),
    )
    speeches_reported = models.PositiveSmallIntegerField(
        _("số ý kiến phát biểu, tham luận (theo biên bản)"), null=True, blank=True
    )
    results = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế, nguyên nhân"), blank=True)
    conclusions = models.TextField(_("kết luận (phần mở đầu)"), blank=True)
    # The papers' own dates ("…, ngày 05 tháng 12 năm 2023"); empty: the meeting's date (``invitation_date``,
    # ``notice_date``), never the day the paper is downloaded.
    invitation_issued_on = models.DateField(_("ngày ban hành giấy mời"), null=True, blank=True)
    notice_issued_on = models.DateField(_("ngày ban hành thông báo kết luận"), null=True, blank=True)
    # Who signs the papers (``papers.signature_block``): empty role = read from the first chair's position.
    signer_role = models.CharField(_("người ký"), max_length=12, choices=SignerRole.choices, blank=True)
    signer_name = models.CharField(_("họ và tên người ký"), max_length=200, blank=True)
    search_text = models.TextField(editable=False, default="")
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The lecturers' roll call (``RosterEntry``) is edited on its own page (``networks``): its own revision, so
    # that taking the roll never makes an open editor of the meeting stale, nor the other way round.
    roster_revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    objects = MeetingQuerySet.as_manager()
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

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = one_line(self.title)  # a title is one line, whatever was posted
        self.search_text = fold(self.title)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def start_time(self) -> dt.time | None:
        """The local hour it starts, or None when not recorded."""
        return timezone.localtime(self.starts_at).time() if self.timed else None

    @property
    def invitation_date(self) -> dt.date:
        """The invitation's date: as entered, else the meeting's date."""
        return self.invitation_issued_on or self.date

    @property
    def notice_date(self) -> dt.date:
        """The notice of conclusions' date: as entered, else the meeting's date."""
        return self.notice_issued_on or self.date

    @property
    def other_attendees(self) -> int | None:
        """Attendees at the main venue who are not Party members (when both counts are known)."""
        if self.attendees is None or self.party_members is None:
            return None
        return max(self.attendees - self.party_members, 0)

    @property
    def is_review(self) -> bool:
        return self.kind in (self.Kind.ANNUAL_REVIEW, self.Kind.INTERIM_REVIEW)

    def report_unit(self) -> Unit:
        """The unit whose consolidated report a review looks at: a commission reviews its committee's."""
        if self.organiser.kind == UnitKind.COMMISSION:
            version = self.organiser.version_on(self.date) or self.organiser.versions.order_by("valid_from").last()
            if version is not None and version.parent is not None:
                return version.parent
        return self.organiser

    def reviewed_report_url(self) -> str:
        """The consolidation page of the reviewed report (form, period, the organiser's committee), or ""."""
        if not self.report_form_id or not self.period:
            return ""
        assert self.report_form is not None
        query = urlencode({"don_vi": self.report_unit().pk, "mau": self.report_form.code, "ky": self.period})
        return f"{reverse('reports:consolidated')}?{query}"


class Chair(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="chairs")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    position = models.CharField(_("chức vụ lúc chủ trì"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người chủ trì")
        verbose_name_plural = _("người chủ trì")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} – {self.position}" if self.name else self.position


class Guest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    position = models.CharField(_("chức vụ"), max_length=300, blank=True)
    unit_text = models.CharField(_("cơ quan, đơn vị"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khách mời")
        verbose_name_plural = _("khách mời")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.position, self.unit_text) if part)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.CharField(_("người trình bày"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("chương trình hội nghị")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


def speech_path(instance: Speech, filename: str) -> str:
    return f"meetings/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Speech(models.Model):
    class Kind(models.TextChoices):
        SPOKEN = "spoken", _("Phát biểu, tham luận tại hội nghị")
        WRITTEN = "written", _("Tham luận gửi bằng văn bản")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speeches")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    speaker = models.CharField(_("người phát biểu"), max_length=200, blank=True)
    position = models.CharField(_("chức vụ"), max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị")
    )
    unit_text = models.CharField(_("đơn vị (ngoài cây đơn vị)"), max_length=300, blank=True)
    title = models.CharField(_("tiêu đề, nội dung"), max_length=500)
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices, default=Kind.SPOKEN)
    file = models.FileField(_("tệp"), upload_to=speech_path, blank=True, max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    extension = models.CharField(max_length=8, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phát biểu, tham luận")
        verbose_name_plural = _("phát biểu, tham luận")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret address for the iCalendar feed; regenerating it revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lịch iCalendar")
        verbose_name_plural = _("lịch iCalendar")

    def __str__(self) -> str:
        return f"{self.user}"


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


class RosterEntry(models.Model):
    """The roll call of a lecturers' conference (``Kind.LECTURERS``): one row per reporter expected (a lecturer
    role in force on the meeting's day in the organiser's committee subtree, ``networks.roster``), present or
    absent. Reporters missing several conferences in a row are flagged to their unit (``networks.roster``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roster")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="roster_entries")
    present = models.BooleanField(_("có mặt"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm danh báo cáo viên")
        verbose_name_plural = _("điểm danh báo cáo viên")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="roster_entry_once")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.person}"
