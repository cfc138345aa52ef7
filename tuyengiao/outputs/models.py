"""A commission's regular output (issue #18): propaganda guidance and the chi bộ bulletin.

* ``Issue``: one issue of an issuing unit (the central commission or a province's, any unit of the tree):
  the monthly guidance (định hướng tuyên truyền), an ad hoc guidance or outline for an event or anniversary,
  or the chi bộ bulletin. Monthly issues carry their month (``period``, a ``lib.periods`` code "2025M05"),
  every issue its ``issued_on`` date (the record's date: units are named and chosen as of that day). A
  guidance may be registered in the document registry (``document``: its number "12-HD/BTGDVTU"); a bulletin
  carries its own issue number ("Số 05/2025") and the bulletin's name of its date (``bulletin_name_on``).
* ``Topic``: the numbered topics of a guidance ("08 nội dung") or the sections of a bulletin, in order.
* ``IssueFile``: attachments (DOCX/PDF), checked like registry attachments (``documents.services.check_upload``).
* ``Recipient``: a unit the issue is sent to, with its distribution (copies sent, e-copies) and its
  acknowledgement (read on/by, relayed to its cells on, how many cells), recorded by the receiving unit.

Scope (``IssueQuerySet.readable_by``): the issuing unit's readers, and the readers of any recipient unit (a
commune reads what was sent to it or to a unit under it; a neighbouring commune reads nothing). Writing is the
issuer's write scope on the issue date. Acknowledging is the recipient's own side (``can_acknowledge``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.documents.models import Document, StoredFile
from tuyengiao.lib.periods import Period
from tuyengiao.lib.text import fold
from tuyengiao.units.models import Unit

# The chi bộ bulletin was called "Bản tin Thông báo nội bộ" before it took the name "Thông tin sinh hoạt chi
# bộ". We date the change 01/01/2025 (docs/domain.md §7): an issue's own name field overrides it.
BULLETIN_RENAMED = dt.date(2025, 1, 1)
OLD_BULLETIN_NAME = "Bản tin Thông báo nội bộ"
NEW_BULLETIN_NAME = "Thông tin sinh hoạt chi bộ"


def bulletin_name_on(date: dt.date) -> str:
    return NEW_BULLETIN_NAME if date >= BULLETIN_RENAMED else OLD_BULLETIN_NAME


class IssueQuerySet(scoping.ScopedQuerySet["Issue"]):
    unit_field = "issuer"

    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> IssueQuerySet:
        """Issues of an issuer in the user's read scope, and issues sent to a unit in it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        sent = Recipient.objects.filter(scoping.unit_filter(user, Capability.READ, date, "unit")).values("issue_id")
        return self.filter(scoping.unit_filter(user, Capability.READ, date, "issuer") | Q(pk__in=sent))


class RecipientQuerySet(scoping.ScopedQuerySet["Recipient"]):
    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> RecipientQuerySet:
        """Every row of an issue whose issuer the user reads; otherwise only the rows of the user's own units (a
        commune sees its own receipt, not whether its neighbours read or relayed the issue)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            scoping.unit_filter(user, Capability.READ, date, "issue__issuer")
            | scoping.unit_filter(user, Capability.READ, date, "unit")
        )


class Issue(models.Model):
    class Kind(models.TextChoices):
        MONTHLY_GUIDANCE = "monthly_guidance", _("Định hướng tuyên truyền hằng tháng")
        EVENT_GUIDANCE = "event_guidance", _("Hướng dẫn, đề cương tuyên truyền sự kiện, ngày kỷ niệm")
        BULLETIN = "bulletin", _("Bản tin sinh hoạt chi bộ")

    GUIDANCE_KINDS = (Kind.MONTHLY_GUIDANCE, Kind.EVENT_GUIDANCE)

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    issuer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="output_issues", verbose_name=_("đơn vị ban hành")
    )
    period = models.CharField(_("tháng"), max_length=8, blank=True, help_text=_("Tháng của số định kỳ, ví dụ 2025M05."))
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("tiêu đề"), max_length=500)
    event = models.CharField(_("sự kiện, ngày kỷ niệm"), max_length=300, blank=True)
    number = models.CharField(
        _("số, ký hiệu"), max_length=64, blank=True, help_text=_("Hướng dẫn: 12-HD/BTGDVTU; bản tin: Số 05/2025.")
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="output_issues",
        verbose_name=_("văn bản trong sổ đăng ký"),
    )
    bulletin_name = models.CharField(_("tên bản tin"), max_length=200, blank=True)
    copies_printed = models.PositiveIntegerField(_("số bản in"), default=0)
    other_recipients = models.TextField(
        _("nơi nhận khác"), blank=True, help_text=_("Mặt trận, đoàn thể, cơ quan báo chí… (ngoài cây đơn vị).")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    search_text = models.TextField(blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("số định hướng, bản tin")
        verbose_name_plural = _("định hướng tuyên truyền, bản tin")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["issuer", "issued_on"], name="output_issue_issuer_day")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(" ".join([self.title, self.number, self.event, self.bulletin_name]))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_bulletin(self) -> bool:
        return self.kind == self.Kind.BULLETIN

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label if self.period else ""

    @property
    def display_bulletin_name(self) -> str:
        return self.bulletin_name or bulletin_name_on(self.issued_on)


class Topic(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung, chuyên mục"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung, chuyên mục")
        verbose_name_plural = _("nội dung, chuyên mục")
        ordering = ["issue_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class IssueFile(StoredFile):
    FOLDER = "outputs"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="files")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded", "pk"]


class Recipient(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="output_receipts", verbose_name=_("nơi nhận"))
    copies = models.PositiveIntegerField(_("số bản gửi"), default=0)
    e_copies = models.PositiveIntegerField(_("số bản điện tử"), default=0)
    read_on = models.DateField(_("ngày đã đọc"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    relayed_on = models.DateField(_("ngày phổ biến đến chi bộ"), null=True, blank=True)
    cells_relayed = models.PositiveIntegerField(_("số chi bộ được phổ biến"), null=True, blank=True)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering = ["issue_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "unit"], name="output_recipient_once"),
            # Relayed implies read: a unit cannot pass on what it has not acknowledged.
            models.CheckConstraint(
                condition=Q(relayed_on__isnull=True) | Q(read_on__isnull=False), name="output_relayed_after_read"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.unit_id}"
