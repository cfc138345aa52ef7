"""The people network: staff of commissions and committees, lecturers and communicators, staffing norms.

Personal data and Nghị định 13/2023/NĐ-CP (protection of personal data) — the choices made here:

* **Minimal data.** A ``Person`` has a full name and, optionally, birth year (not the date), gender and a work
  contact (phone, e-mail). No ID/CCCD numbers, no address, no photo, no Party-membership record: the purpose is
  to know who does propaganda work where, and to compute staffing and network figures, nothing more.
* **Purpose.** Staffing ("9/15 ban được bố trí đủ định biên tối thiểu"), the lecturer network by level and the
  trainings people had; figures are computed from postings (``figures.py``), so they never need to be exported.
* **Scope.** A person is readable only by users whose read scope contains a unit where the person is posted (or
  holds a lecturer role) on the date viewed (``Person.objects.readable_by``); another province gets 404. Writing
  needs the write capability on the unit of the posting.
* **Export.** The XLSX list of a unit's people may be downloaded only by members of that very unit (a
  membership on the unit itself, in force today), not by the units above it: the commission exports its own
  staff, the province does not export a commune's list. Every export is recorded (``PersonalDataExport``:
  who, which unit, when, how many rows) and shown on the unit's page.
* **History.** Every change is kept by ``simple_history`` (who changed what, when).
* **Erasure** (the data subject's right to deletion, Điều 16 Nghị định 13/2023). An administrator whose scope
  covers one of the person's units may *anonymise* the record (name replaced by "Cán bộ đã ẩn danh #id", birth
  year, gender and contacts cleared; postings, roles and trainings stay, so staffing figures of the past stay
  true) or *delete* it with everything attached (refused while an award decision names the person: a decision is
  a public legal act, which keeps its own copy of the name). The personal fields of the change history are purged
  in the same transaction: the retention period of personal data in the history after an erasure is zero days.
  ``PersonalDataErasure`` records who erased which record, how, why and when — never the data itself.

Dates of postings and roles are inclusive ``[from_date, to_date]``; ``to_date`` NULL means "still so". A person
can move: one posting ends, another starts at another unit; postings of one person in one unit never overlap.
The demo people (``people/demo.py``) are fictitious.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.lib.text import fold, sort_key
from tuyengiao.units.models import Kind, Level, Unit


def active_on(date: dt.date, prefix: str = "") -> Q:
    """``Q`` for rows whose inclusive ``[from_date, to_date]`` contains ``date``."""
    return Q(**{f"{prefix}from_date__lte": date}) & (
        Q(**{f"{prefix}to_date__isnull": True}) | Q(**{f"{prefix}to_date__gte": date})
    )


class PersonQuerySet(models.QuerySet["Person"]):
    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> PersonQuerySet:
        """People posted, or holding a lecturer role, on ``date`` (default today) in a unit of the user's read
        scope as the tree stood that day."""
        day = date or timezone.localdate()
        postings = Posting.objects.filter(active_on(day)).readable_by(user, day)
        roles = LecturerRole.objects.filter(active_on(day)).readable_by(user, day)
        return self.filter(Q(pk__in=postings.values("person_id")) | Q(pk__in=roles.values("person_id")))


class Person(models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True)
    phone = models.CharField(_("điện thoại công vụ"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử công vụ"), blank=True)
    search_text = models.TextField(editable=False, default="")
    name_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["name_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = " ".join(self.full_name.split())
        self.search_text = fold(self.full_name)
        # Vietnamese names sort by the given name (the last word), then the whole name.
        given = self.full_name.split()[-1] if self.full_name.split() else ""
        self.name_key = f"{sort_key(given)} {sort_key(self.full_name)}"[:255]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Posting(models.Model):
    """A person's post in a unit (commission, committee) during ``[from_date, to_date]``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="postings", verbose_name=_("cán bộ"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="postings", verbose_name=_("đơn vị"))
    position = models.CharField(_("chức vụ"), max_length=160)
    counts_toward_norm = models.BooleanField(
        _("tính vào biên chế"),
        default=True,
        help_text=_("Bỏ chọn với người kiêm nhiệm, hợp đồng: không tính khi so với định biên tối thiểu."),
    )
    from_date = models.DateField(_("từ ngày"))
    to_date = models.DateField(_("đến hết ngày"), null=True, blank=True)
    objects = scoping.ScopedQuerySet["Posting"].as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person", "-from_date"]
        indexes = [models.Index(fields=["unit", "from_date", "to_date"], name="posting_unit_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=models.F("from_date")), name="posting_dates_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.position}"


class LecturerRole(models.Model):
    class Level(models.TextChoices):
        CENTRAL = "central", _("Báo cáo viên Trung ương")
        PROVINCE = "province", _("Báo cáo viên cấp tỉnh")
        GRASSROOTS = "grassroots", _("Báo cáo viên cấp cơ sở")
        COMMUNICATOR = "communicator", _("Tuyên truyền viên")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="lecturer_roles")
    level = models.CharField(_("loại"), max_length=16, choices=Level.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="lecturer_roles", verbose_name=_("đơn vị quản lý")
    )
    field = models.CharField(
        _("lĩnh vực"),
        max_length=160,
        blank=True,
        help_text=_("Lĩnh vực báo cáo viên phụ trách, ví dụ: kinh tế, xây dựng Đảng, quốc phòng - an ninh."),
    )
    decision = models.CharField(_("quyết định công nhận"), max_length=120, blank=True)
    from_date = models.DateField(_("từ ngày"))
    to_date = models.DateField(_("đến hết ngày"), null=True, blank=True)
    objects = scoping.ScopedQuerySet["LecturerRole"].as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo viên, tuyên truyền viên")
        verbose_name_plural = _("báo cáo viên, tuyên truyền viên")
        ordering = ["person", "-from_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=models.F("from_date")), name="lecturer_dates_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_level_display()}"


class Training(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("khóa bồi dưỡng, tập huấn"), max_length=255)
    issuer = models.CharField(_("cơ quan tổ chức"), max_length=255, blank=True)
    from_date = models.DateField(_("từ ngày"))
    to_date = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bồi dưỡng, tập huấn")
        verbose_name_plural = _("bồi dưỡng, tập huấn")
        ordering = ["person", "-from_date"]

    def __str__(self) -> str:
        return self.course


class StaffingNorm(models.Model):
    """The minimum staff of every unit of a kind and level, from a date (the latest norm on or before D applies)."""

    unit_kind = models.CharField(_("loại đơn vị"), max_length=32, choices=Kind.choices)
    unit_level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    minimum = models.PositiveSmallIntegerField(_("biên chế tối thiểu"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("định biên tối thiểu")
        verbose_name_plural = _("định biên tối thiểu")
        ordering = ["unit_level", "unit_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit_kind", "unit_level", "valid_from"], name="staffing_norm_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_unit_kind_display()} {self.get_unit_level_display()}: {self.minimum}"


class PersonalDataExport(models.Model):
    """Audit of every export of personal data (who downloaded which unit's list, when, how many rows)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField(_("danh sách tại ngày"))
    rows = models.PositiveIntegerField(_("số dòng"))
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt xuất dữ liệu cá nhân")
        verbose_name_plural = _("lượt xuất dữ liệu cá nhân")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} – {self.at:%d/%m/%Y}"


class PersonalDataErasure(models.Model):
    """Audit of an erasure of a person's data (``services.anonymise_person`` / ``delete_person``)."""

    class Action(models.TextChoices):
        ANONYMISED = "anonymised", _("Ẩn danh")
        DELETED = "deleted", _("Xóa")

    person_id_erased = models.PositiveIntegerField(_("mã hồ sơ"))
    action = models.CharField(_("thao tác"), max_length=12, choices=Action.choices)
    reason = models.CharField(_("lý do"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt xóa, ẩn danh dữ liệu cá nhân")
        verbose_name_plural = _("lượt xóa, ẩn danh dữ liệu cá nhân")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.person_id_erased} – {self.get_action_display()} – {self.at:%d/%m/%Y}"
