"""Emulation and awards (thi đua, khen thưởng): the catalogue, the yearly cycle, decisions and awards.

Domain choices where the issue is silent (see also docs/architecture.md, "Emulation and awards"):

* Every registration and nomination carries a ``unit``: the collective itself, or the unit where the
  individual works. Scoping goes through that unit (a commune sees and writes its own rows of the province's
  cycle); the ``person`` is set for individuals only.
* A cycle belongs to the organising unit (the provincial commission) and a year. Units below read it
  (``scoping.shared_down_filter``), register themselves and propose their nominations; the organiser's
  staff review, vote, propose and decide.
* An ``Award`` is one line of a decision (a nominee with the reason). It copies the award form's
  ``once_per_person`` flag so that the database itself refuses a second non-revoked medal for a person
  (``award_once_per_person``); the service checks the same first and answers in Vietnamese.
* Revoking keeps the row (``revoked_on``, ``revoke_reason``) and the history (``simple_history``).
"""

from __future__ import annotations

import datetime as dt
from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.documents.models import Document
from tuyengiao.meetings.models import Meeting
from tuyengiao.people.models import Person
from tuyengiao.units.models import Unit


class AwardForm(models.Model):
    """One entry of the catalogue: a form of commendation, a medal, a campaign award or a title."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Hình thức khen thưởng")
        MEDAL = "medal", _("Kỷ niệm chương")
        CAMPAIGN = "campaign", _("Khen thưởng chuyên đề")
        TITLE = "title", _("Danh hiệu thi đua")

    class Grantor(models.TextChoices):
        COMMISSION_HEAD = "commission_head", _("Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")
        CENTRAL_COMMISSION = "central_commission", _("Ban Tuyên giáo và Dân vận Trung ương")
        PROVINCIAL_STANDING = "provincial_standing", _("Ban Thường vụ Tỉnh ủy")
        PROVINCIAL_CHAIR = "provincial_chair", _("Chủ tịch UBND tỉnh")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    grantor = models.CharField(_("cấp khen"), max_length=24, choices=Grantor.choices)
    for_collective = models.BooleanField(_("tặng tập thể"), default=True)
    for_individual = models.BooleanField(_("tặng cá nhân"), default=True)
    once_per_person = models.BooleanField(_("mỗi người một lần"), default=False)
    proposed_by = models.CharField(_("cơ quan đề nghị"), max_length=255, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_medal_of_the_sector(self) -> bool:
        return self.kind == self.Kind.MEDAL and self.once_per_person

    @property
    def relies_on_report_figures(self) -> bool:
        """Whether the form's rules judge the unit's results, read from its report figures
        (``catalogue.FIGURES_KINDS``): forms of commendation, campaign awards and titles do; a medal is given
        for years in the sector (``eligibility``), so a medal nomination needs no report figures linked."""
        from tuyengiao.awards.catalogue import FIGURES_KINDS

        return self.kind in FIGURES_KINDS


_Row = TypeVar("_Row", bound=models.Model)


class CycleQuerySet(scoping.SharedDownQuerySet["EmulationCycle"]):
    """Cycles are read by the organiser's scope and shared down (``shared_down_filter``: the units below
    register and nominate); written with the organiser's write scope."""


class RowQuerySet(scoping.ScopedQuerySet[_Row]):
    """Registrations, nominations and awards: read in full by the readers of the cycle's organiser
    (``cycle_field``), and below it the rows of the user's own scope (``unit``)."""

    cycle_field = "cycle__unit"

    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> Self:
        return self.filter(
            scoping.unit_filter(user, Capability.READ, date, self.cycle_field)
            | scoping.unit_filter(user, Capability.READ, date, self.unit_field)
        )


class RegistrationQuerySet(RowQuerySet["Registration"]):
    pass


class NominationQuerySet(RowQuerySet["Nomination"]):
    pass


class EmulationCycle(models.Model):
    """The yearly emulation (thi đua) of an organising unit, from registration to decisions."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức"))
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên đợt thi đua"), max_length=255)
    registration_until = models.DateField(_("hạn đăng ký thi đua"), null=True, blank=True)
    comment_from = models.DateField(_("lấy ý kiến công khai từ ngày"), null=True, blank=True)
    comment_to = models.DateField(_("đến hết ngày"), null=True, blank=True)
    comment_result = models.TextField(_("kết quả lấy ý kiến công khai"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The council's votes have their own revision (``lib.revision.lock_and_bump(field=...)``): every change of a
    # vote bumps it and the tally sheet carries it, while editing the cycle's own fields leaves it alone.
    votes_revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    objects = CycleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đợt thi đua")
        verbose_name_plural = _("đợt thi đua")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="emulation_cycle_once_per_unit_year"),
            models.CheckConstraint(
                condition=Q(comment_to__isnull=True)
                | Q(comment_from__isnull=True)
                | Q(comment_to__gte=models.F("comment_from")),
                name="emulation_comment_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def closing_day(self) -> dt.date:
        """The last day of the cycle's year: nominations are made then, so its units are named as on that day."""
        return dt.date(self.year, 12, 31)

    def comment_state(self, on: dt.date) -> str:
        """Where the public-comment window stands on a date: "none" (the cycle has none), "before", "open"
        or "closed". The window is enforced by the services: the list of nominations is frozen once it opens
        (no new nominations), and nobody is put on a decision before it has closed."""
        if self.comment_from is None or self.comment_to is None:
            return "none"
        if on < self.comment_from:
            return "before"
        return "open" if on <= self.comment_to else "closed"


class Registration(models.Model):
    """Đăng ký thi đua: a unit (or a person of that unit) registers a title or form at the start of the year."""

    cycle = models.ForeignKey(EmulationCycle, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cá nhân")
    )
    target = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("danh hiệu, hình thức đăng ký")
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    note = models.TextField(_("nội dung đăng ký"), blank=True)
    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["registered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.person or self.unit} – {self.target}"


def pledge_path(instance: Bloc, filename: str) -> str:
    return f"awards/pledges/{instance.cycle_id}/{filename}"


class Bloc(models.Model):
    """Khối thi đua: units that emulate together and sign a pledge (giao ước thi đua)."""

    cycle = models.ForeignKey(EmulationCycle, on_delete=models.CASCADE, related_name="blocs")
    name = models.CharField(_("tên khối thi đua"), max_length=255)
    members = models.ManyToManyField(Unit, related_name="+", blank=True, verbose_name=_("đơn vị thành viên"))
    pledge_signed_on = models.DateField(_("ngày ký giao ước"), null=True, blank=True)
    pledge_file = models.FileField(_("bản giao ước đã ký"), upload_to=pledge_path, blank=True)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("khối thi đua")
        verbose_name_plural = _("khối thi đua")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Nomination(models.Model):
    """A year-end nomination: a collective (``unit``) or an individual (``person`` of ``unit``) for a form.

    Achievements are written as text; figures are *linked*, not retyped: a report form and period whose
    consolidated figures for the unit are shown next to it, and the unit's own task completion for the year
    (``followup.figures.own_completion``)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị")
        WITHDRAWN = "withdrawn", _("Rút đề nghị")

    cycle = models.ForeignKey(EmulationCycle, on_delete=models.CASCADE, related_name="nominations")
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("hình thức khen thưởng")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cá nhân")
    )
    collective_name = models.CharField(
        _("tên tập thể (nếu khác tên đơn vị)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Ban Tuyên giáo Huyện ủy Cát Tiên, Phòng Tuyên truyền - Báo chí."),
    )
    achievements = models.TextField(_("thành tích"))
    report_form = models.ForeignKey(
        "reports.Form",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mẫu báo cáo lấy số liệu"),
    )
    report_period = models.CharField(_("kỳ báo cáo"), max_length=16, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["award_form__order", "pk"]

    def __str__(self) -> str:
        return f"{self.nominee_name} – {self.award_form}"

    @property
    def is_individual(self) -> bool:
        return self.person_id is not None

    @property
    def nominee_name(self) -> str:
        """The person's name, or the unit's latest name (``unit_name``, annotated by ``with_names``)."""
        if self.person is not None:
            return self.person.full_name
        return self.collective_name or getattr(self, "unit_name", None) or str(self.unit)


class CouncilMember(models.Model):
    """A member of the emulation council (hội đồng thi đua, khen thưởng) of a cycle."""

    cycle = models.ForeignKey(EmulationCycle, on_delete=models.CASCADE, related_name="council")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    role = models.CharField(_("chức danh trong hội đồng"), max_length=120, default="Ủy viên")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên hội đồng thi đua")
        verbose_name_plural = _("hội đồng thi đua")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.full_name


class Vote(models.Model):
    """A council member's vote (agree or not) and optional score (0–100) on a nomination."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="votes")
    agree = models.BooleanField(_("đồng ý"))
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=1, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiếu, điểm của hội đồng")
        verbose_name_plural = _("phiếu, điểm của hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="vote_once_per_member"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="vote_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.nomination_id}"


class DecisionQuerySet(scoping.SharedDownQuerySet["Decision"]):
    """Decisions of the cycles the user may read (the cycle's scope: ``shared_down_filter``)."""

    unit_field = "cycle__unit"

    def with_counts(self) -> DecisionQuerySet:
        """``collectives`` and ``individuals``: the standing awards of each decision, counted in SQL."""
        standing = Q(awards__revoked_on__isnull=True)
        return self.annotate(
            collectives=models.Count("awards", filter=standing & Q(awards__person__isnull=True)),
            individuals=models.Count("awards", filter=standing & Q(awards__person__isnull=False)),
        )


class Decision(models.Model):
    """The proposal (tờ trình) and the decision (quyết định) granting one award form to a list of nominees."""

    cycle = models.ForeignKey(EmulationCycle, on_delete=models.PROTECT, related_name="decisions")
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("hình thức khen thưởng")
    )
    proposal_number = models.CharField(_("số tờ trình"), max_length=64, blank=True)
    proposal_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu quyết định"), max_length=64, blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quyết định trong sổ văn bản"),
    )
    issued_on = models.DateField(_("ngày ký"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer_title = models.CharField(_("chức danh người ký"), max_length=120, default="TRƯỞNG BAN")
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("công bố tại hội nghị"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.number or str(self.subject)

    @property
    def record_date(self) -> dt.date:
        """The day the decision names its units on: signed, else proposed, else the end of its cycle's year."""
        return self.issued_on or self.proposal_date or self.cycle.closing_day

    @property
    def is_issued(self) -> bool:
        return bool(self.number and self.issued_on)

    @property
    def count_text(self) -> str:
        """ "13 tập thể", "9 tập thể và 9 cá nhân" (from ``with_counts``), else the note of a decision carried
        over without its list."""
        collectives, individuals = getattr(self, "collectives", 0), getattr(self, "individuals", 0)
        parts = [f"{n} {word}" for n, word in ((collectives, "tập thể"), (individuals, "cá nhân")) if n]
        return " và ".join(parts) or self.note


class AwardQuerySet(RowQuerySet["Award"]):
    cycle_field = "decision__cycle__unit"

    def standing(self) -> AwardQuerySet:
        """Awards not revoked."""
        return self.filter(revoked_on__isnull=True)


class Award(models.Model):
    """One line of a decision: the nominee and the reason. Revocation keeps the row."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="award")
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    collective_name = models.CharField(max_length=255, blank=True, editable=False)
    once_per_person = models.BooleanField(default=False, editable=False)
    reason = models.TextField(_("lý do, thành tích"))
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    history = HistoricalRecords()

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["decision", "pk"]
        constraints = [
            # A medal given once per person ("Vì sự nghiệp Tuyên giáo"): at most one standing award per person.
            models.UniqueConstraint(
                fields=["person", "award_form"],
                condition=Q(once_per_person=True, revoked_on__isnull=True, person__isnull=False),
                name="award_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revoke_reason=""), name="award_revocation_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.award_form}"

    @property
    def recipient_name(self) -> str:
        """The person's name, the collective's name as nominated, or the unit's latest name (``unit_name``)."""
        if self.person is not None:
            return self.person.full_name
        return self.collective_name or getattr(self, "unit_name", None) or str(self.unit)
