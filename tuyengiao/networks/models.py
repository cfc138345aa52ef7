"""Networks of the commission's work: public-opinion collaborators (counts only) and models and exemplars.

The reporters' network itself lives where it already was: reporters and communicators are ``people.LecturerRole``
rows, reporters' conferences are ``meetings.Meeting`` of kind ``LECTURERS`` with their bridge points, agenda
(the topics delivered) and roll call (``meetings.RosterEntry``); ``roster.py`` reads them.

**Boundary (public opinion).** This platform counts the commission's work; it does not watch people. The
public-opinion network is recorded as *aggregates only*: how many collaborators a unit has appointed, by level,
and under which decision (``CollaboratorCount``); how many opinion reports a unit received in a month under each
heading of a fixed list, how many were rapid reports, how many summary reports it sent up (``OpinionMonth`` and
``OpinionTopicCount``). There is no field for a citizen's name, for what a named person said, for a collaborator's
identity or for the content of a report, and none may be added: the registry of who said what stays with the
commission's paper files under their own rules.

**Models and exemplars** (``Exemplar``): the registry of "Dân vận khéo" models and of the models and exemplars of
studying and following Hồ Chí Minh's thought (Chỉ thị 05-CT/TW): registered in a year, reviewed effective or not,
honoured, proposed for an award (optionally linked to the awards cycle's nomination).

Every editable record has a ``revision`` (``lib/revision.py``) and a history; lists start from the models'
``readable_by`` / ``writable_by`` (``accounts/scoping.py``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.units.models import Unit


class CollaboratorCount(models.Model):
    """How many public-opinion collaborators the unit's network has, by level, from ``as_of`` (the latest row on
    or before a day is in force then). Counts of the collaborators appointed by this unit's decision: a commune's
    own network is recorded by the commune, so figures add up the tree without counting anyone twice."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    as_of = models.DateField(_("số liệu tính đến ngày"))
    province_level = models.PositiveIntegerField(_("cộng tác viên cấp tỉnh"), default=0)
    district_level = models.PositiveIntegerField(
        _("cộng tác viên cấp huyện"), default=0, help_text=_("Chỉ có trước ngày 01/07/2025.")
    )
    commune_level = models.PositiveIntegerField(_("cộng tác viên cấp xã"), default=0)
    decision = models.CharField(
        _("quyết định kiện toàn, bổ sung"),
        max_length=120,
        blank=True,
        help_text=_("Số, ký hiệu quyết định, ví dụ: 215-QĐ/BTGDVTU."),
    )
    # The decision in the document registry when its number is one (found, or registered with the count:
    # ``documents.services.register_cited``); a decision written otherwise stays text only.
    decision_document = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    objects = scoping.ScopedQuerySet["CollaboratorCount"].as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số cộng tác viên dư luận xã hội")
        verbose_name_plural = _("số cộng tác viên dư luận xã hội")
        ordering = ["unit", "-as_of", "-pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "as_of"], name="collaborator_count_once_a_day")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.as_of:%d/%m/%Y}"

    @property
    def total(self) -> int:
        return self.province_level + self.district_level + self.commune_level

    @property
    def date(self) -> dt.date:
        return self.as_of


class Heading(models.TextChoices):
    """The fixed list of headings opinion reports are counted under (only counts are recorded)."""

    PARTY = "party", _("Xây dựng Đảng, hệ thống chính trị")
    REFORM = "reform", _("Sắp xếp tổ chức bộ máy, chính quyền địa phương hai cấp")
    ECONOMY = "economy", _("Kinh tế, sản xuất, giá cả, việc làm")
    LAND = "land", _("Đất đai, tài nguyên, môi trường")
    WELFARE = "welfare", _("Đời sống, an sinh xã hội, y tế, giáo dục")
    SECURITY = "security", _("Quốc phòng, an ninh, trật tự, đối ngoại")
    CULTURE = "culture", _("Văn hóa, tôn giáo, dân tộc")
    OTHER = "other", _("Vấn đề khác")


class OpinionMonth(models.Model):
    """One unit's public-opinion work in one month, as counts: reports received (per heading in
    ``OpinionTopicCount``), of which rapid reports, and summary reports sent up."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    rapid_reports = models.PositiveIntegerField(_("số báo cáo nhanh nhận được"), default=0)
    summaries_sent = models.PositiveIntegerField(_("số báo cáo tổng hợp đã gửi"), default=0)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    objects = scoping.ScopedQuerySet["OpinionMonth"].as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu dư luận xã hội trong tháng")
        verbose_name_plural = _("số liệu dư luận xã hội theo tháng")
        ordering = ["unit", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="opinion_month_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="opinion_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.month:%m/%Y}"

    @property
    def date(self) -> dt.date:
        return self.month


class OpinionTopicCount(models.Model):
    month = models.ForeignKey(OpinionMonth, on_delete=models.CASCADE, related_name="topics")
    heading = models.CharField(_("nhóm vấn đề"), max_length=16, choices=Heading.choices)
    received = models.PositiveIntegerField(_("số báo cáo nhận được"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số báo cáo theo nhóm vấn đề")
        verbose_name_plural = _("số báo cáo theo nhóm vấn đề")
        ordering = ["month", "heading"]
        constraints = [models.UniqueConstraint(fields=["month", "heading"], name="opinion_topic_once")]

    def __str__(self) -> str:
        return f"{self.month} – {self.get_heading_display()}: {self.received}"


class Exemplar(models.Model):
    """A model or exemplar registered by a unit in a programme and year (named ``Exemplar``: not Django's Model)."""

    class Programme(models.TextChoices):
        DAN_VAN_KHEO = "dan_van_kheo", _("“Dân vận khéo”")
        CT05 = "ct05", _("Học tập và làm theo Bác (Chỉ thị 05-CT/TW)")

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Mô hình")
        COLLECTIVE = "collective", _("Điển hình tập thể")
        INDIVIDUAL = "individual", _("Điển hình cá nhân")

    class Review(models.TextChoices):
        PENDING = "pending", _("Chưa đánh giá")
        EFFECTIVE = "effective", _("Hiệu quả")
        NOT_EFFECTIVE = "not_effective", _("Chưa hiệu quả")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị đăng ký"))
    name = models.CharField(_("tên mô hình, điển hình"), max_length=300)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.PRACTICE)
    programme = models.CharField(_("phong trào, chương trình"), max_length=16, choices=Programme.choices)
    year = models.PositiveSmallIntegerField(_("năm đăng ký"))
    registered_on = models.DateField(_("ngày đăng ký"))
    review = models.CharField(_("kết quả đánh giá"), max_length=16, choices=Review.choices, default=Review.PENDING)
    evidence = models.TextField(
        _("kết quả, minh chứng"), blank=True, help_text=_("Kết quả cụ thể, số liệu, văn bản công nhận.")
    )
    honoured = models.BooleanField(_("đã được biểu dương, tôn vinh"), default=False)
    proposed = models.BooleanField(_("đề nghị khen thưởng"), default=False)
    nomination = models.ForeignKey(
        "awards.Nomination",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đề nghị khen thưởng trong đợt thi đua"),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    objects = scoping.ScopedQuerySet["Exemplar"].as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = _("mô hình, điển hình")
        ordering = ["-year", "programme", "name", "pk"]
        indexes = [models.Index(fields=["unit", "year"], name="exemplar_unit_year")]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="exemplar_year_plausible")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def date(self) -> dt.date:
        return self.registered_on
