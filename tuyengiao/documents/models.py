"""The document registry: Party and State documents, their relations, files and citations.

A ``Document`` stores its number-and-symbol both as written and in parts
(``tuyengiao.lib.doccode``): the canonical code, number, type code, issuer code,
year and system (Party or State). Uniqueness follows each convention:

* a Party number is unique per issuer, type and committee term (``term``);
* a State number is unique per issuer, type and year;

and both only within one registry (``registry_key``, ``tuyengiao.documents.registry``): each province keeps its
own register, so a commune of one province records 05-CT/TW even when another province keeps an internal record
of it.

"Issuer" means the issuing body, not just its symbol: every provincial People's
Committee signs "UBND", so ``issuer_key`` is the issuer unit when known, else the
folded issuer name, else the symbol.

Who may read a document (``DocumentQuerySet.readable_by``): public documents are
readable by every signed-in user; internal ones within the owner unit's subtree
(a commune reads its province's internal plans) and by the owner's superiors
(scoping's read rule). Changing needs the write capability on the owner unit.

Who may read a document without signing in (``DocumentQuerySet.public_library``, the portal's document library):
only a document marked public (``visibility`` public) whose owner unit lies, today, in the subtree of the portal's
party committee. Nothing else is reachable from the public portal, whatever the URL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.accounts import scoping
from tuyengiao.documents import registry
from tuyengiao.documents.terms import term_for
from tuyengiao.lib import doccode
from tuyengiao.lib.text import fold, sort_key
from tuyengiao.units.models import Unit


class FieldOfWork(models.Model):
    """Lĩnh vực công tác (docs/domain.md §2), used to file documents and report sections."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=128)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class DocumentQuerySet(scoping.ScopedQuerySet["Document"]):
    unit_field = "owner"

    def readable_by(self, user: scoping.AnyUser, date: dt.date | None = None) -> DocumentQuerySet:
        """Public documents, and internal ones shared down from or up to the user's units
        (``scoping.shared_down_filter`` on the owner). Writing: ``writable_by`` on the owner."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(visibility=Document.Visibility.PUBLIC) | scoping.shared_down_filter(user, "owner", date))

    def public_library(self, territory: Unit | int, date: dt.date | None = None) -> DocumentQuerySet:
        """The one rule for "public" (the portal's document library, readers not signed in): documents marked
        public whose owner unit is in the subtree of ``territory`` (the portal's party committee) on ``date``
        (today). Internal documents, and public ones of another province, are never in it."""
        from tuyengiao.units.tree import subtree_ids

        root = territory if isinstance(territory, int) else territory.pk
        return self.filter(
            visibility=Document.Visibility.PUBLIC, owner_id__in=subtree_ids([root], date or timezone.localdate())
        )

    def with_type_number(self, text: str) -> DocumentQuerySet:
        """Documents named by a type and a number alone: "Chỉ thị 05" finds 05-CT/TW (and 05/CT-UBND); none when
        ``text`` is not of that shape (``doccode.parse_type_number``)."""
        found = doccode.parse_type_number(text)
        if found is None:
            return self.none()
        type_name, number = found
        return self.filter(type_name=type_name, number=number)

    def matching(self, query: str) -> DocumentQuerySet:
        """What a reader's search box means: a code in any written form ("5-ct/tw"), else a type and number
        ("Chỉ thị 05"), else words searched accent-insensitively (``search``)."""
        query = query.strip()
        if not query:
            return self
        try:
            doccode.parse(query)
        except doccode.DocCodeError:
            pass
        else:
            return self.with_code(query)
        if doccode.parse_type_number(query) is not None:
            return self.with_type_number(query)
        return self.search(query)

    def with_code(self, text: str) -> DocumentQuerySet:
        """Documents whose code is ``text`` in any written form ("5-ct/tw" finds 05-CT/TW)."""
        try:
            code = doccode.parse(text)
        except doccode.DocCodeError:
            return self.none()
        return self.filter(code_key=Document.code_key_for(code))

    def search(self, query: str) -> DocumentQuerySet:
        """Accent-insensitive search in the code, type, issuer, subject, summary and full text.

        ``search_text`` holds all of these folded (no tones, đ→d, lower case: what
        PostgreSQL's ``unaccent`` gives, done once on save for both databases).
        On PostgreSQL it is full-text search (``simple`` configuration, GIN index,
        ranked by relevance); on SQLite every word must occur in the text.
        """
        words = fold(query).split()
        if not words:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = SearchVector("search_text", config="simple")
            wanted = SearchQuery(" ".join(words), config="simple", search_type="plain")
            # ``@@`` (the lookup on the vector) decides the match; ts_rank is > 0 for partial matches too.
            return (
                self.annotate(search_vector=vector, rank=SearchRank(vector, wanted))
                .filter(search_vector=wanted)
                .order_by("-rank", "-issue_date")
            )
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs


class Document(models.Model):
    class System(models.TextChoices):
        PARTY = "party", _("Văn bản của Đảng")
        STATE = "state", _("Văn bản của Nhà nước")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Còn hiệu lực")
        EXPIRED = "expired", _("Hết hiệu lực")
        REPLACED = "replaced", _("Đã được thay thế")

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Nội bộ")
        PUBLIC = "public", _("Công khai")

    # The number-and-symbol, as parsed by tuyengiao.lib.doccode.
    code = models.CharField(_("số, ký hiệu"), max_length=64)
    code_key = models.CharField(max_length=64, db_index=True, editable=False)
    number = models.PositiveIntegerField(_("số"))
    number_text = models.CharField(max_length=16)
    type_code = models.CharField(_("mã loại"), max_length=16, blank=True)
    type_name = models.CharField(_("loại văn bản"), max_length=64)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=48)
    system = models.CharField(_("hệ thống"), max_length=8, choices=System.choices)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    term = models.CharField(
        _("nhiệm kỳ"), max_length=9, blank=True, help_text=_("Văn bản của Đảng đánh số theo nhiệm kỳ, ví dụ 2020-2025.")
    )

    issuer_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("cơ quan ban hành"),
    )
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=255, blank=True)
    issuer_key = models.CharField(max_length=255, editable=False)
    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="owned_documents",
        verbose_name=_("đơn vị quản lý"),
        help_text=_("Đơn vị lưu giữ và chịu trách nhiệm về bản ghi; quyết định ai được xem văn bản nội bộ."),
    )
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer = models.CharField(
        _("người ký"),
        max_length=255,
        blank=True,
        help_text=_("Như trên văn bản: chức vụ và họ tên, ví dụ “Phó Trưởng ban Nguyễn Văn An”."),
    )
    # The registry the number belongs to (documents/registry.py): "unit:<pk>" of the owner's province, or "central".
    registry_key = models.CharField(_("sổ đăng ký"), max_length=32, editable=False, default="")
    subject = models.TextField(_("trích yếu"))
    summary = models.TextField(_("tóm tắt"), blank=True)
    full_text = models.TextField(_("toàn văn"), blank=True)
    fields = models.ManyToManyField(FieldOfWork, blank=True, related_name="documents", verbose_name=_("lĩnh vực"))
    status = models.CharField(_("hiệu lực"), max_length=12, choices=Status.choices, default=Status.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("thay thế bởi"),
    )
    visibility = models.CharField(_("phạm vi"), max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)
    search_text = models.TextField(editable=False, default="")
    # Vietnamese dictionary order of the subject (lib.text.sort_key), for "A→Z".
    subject_key = models.CharField(max_length=1024, editable=False, default="", db_index=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "subject_key", "full_text", "registry_key"])

    objects = DocumentQuerySet.as_manager()
    # (owner, date) the registry was last computed from on this instance (``derive_registry``).
    _registry_basis: tuple[int, dt.date] | None = None

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issue_date", "-number"]
        indexes = [models.Index(fields=["owner", "issue_date"], name="document_owner_date")]
        constraints = [
            # Party documents are numbered per issuer, type and committee term (HD 36), once in each registry.
            models.UniqueConstraint(
                fields=["registry_key", "issuer_key", "type_code", "number", "term"],
                condition=Q(system="party"),
                name="party_number_unique_per_registry_term",
            ),
            # State documents are numbered per issuer, type and year (NĐ 30/2020), once in each registry.
            models.UniqueConstraint(
                fields=["registry_key", "issuer_key", "type_code", "number", "year"],
                condition=Q(system="state"),
                name="state_number_unique_per_registry_year",
            ),
            models.CheckConstraint(condition=~Q(replaced_by=models.F("pk")), name="document_not_replaced_by_itself"),
        ]

    def __str__(self) -> str:
        return gettext("%(type)s số %(code)s") % {"type": self.type_name, "code": self.code}

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @staticmethod
    def code_key_for(code: doccode.DocCode) -> str:
        """The lookup key: the canonical code folded (no Đ/đ distinction, lower case)."""
        return fold(code.canonical).replace(" ", "")

    def set_code(self, text: str) -> doccode.DocCode:
        """Parse ``text`` and fill the code fields; raises ``doccode.DocCodeError``.

        A type name already set names the code: "Bộ luật" or "Nghị quyết" decides the type code of a law-shaped
        number such as 45/2019/QH14, whose written form has none.
        """
        code = doccode.parse(text)
        if self.type_name:
            code = code.with_type_name(self.type_name)
        self.code = code.canonical
        self.code_key = self.code_key_for(code)
        self.number = code.number
        self.number_text = code.number_text
        self.type_code = code.type
        self.issuer_code = code.issuer
        self.system = code.system
        if not self.type_name:
            self.type_name = code.type_name
        if code.year:
            self.year = code.year
        return code

    def derive(self, walker: registry.Walker | None = None) -> None:
        """Fields that follow from others: year, term, issuer key, registry and search text.

        The registry costs one query (none with a ``walker`` already loaded for the owner), and none again while
        the owner and the issue date stay as they were when it was computed on this instance.
        """
        self.derive_registry(walker)
        if self.issue_date and not self.year:
            self.year = self.issue_date.year
        if self.system == self.System.PARTY and self.issue_date and not self.term:
            self.term = term_for(self.issuer_code, self.issue_date)
        if self.issuer_unit_id:
            self.issuer_key = f"unit:{self.issuer_unit_id}"
        elif self.issuer_name:
            self.issuer_key = f"name:{fold(self.issuer_name)}"
        else:
            self.issuer_key = f"code:{self.issuer_code.upper()}"
        self.subject_key = sort_key(self.subject)[:1024]
        self.search_text = " ".join(
            fold(part)
            for part in (
                self.code,
                self.code_key,
                self.type_name,
                self.issuer_name,
                self.subject,
                self.summary,
                self.full_text,
            )
            if part
        )

    def derive_registry(self, walker: registry.Walker | None = None) -> None:
        """Set ``registry_key`` from the owner and the issue date (``documents/registry.py``)."""
        if self.owner_id is None:
            return
        basis = (self.owner_id, self.issue_date or timezone.localdate())
        if getattr(self, "_registry_basis", None) == basis and self.registry_key:
            return
        self.registry_key = (walker or registry.load([self.owner_id])).key(*basis)
        self._registry_basis = basis

    def duplicate(self) -> Document | None:
        """The existing record this one would collide with under the numbering rules, in its registry."""
        self.derive()
        others = Document.objects.exclude(pk=self.pk).filter(
            registry_key=self.registry_key,
            issuer_key=self.issuer_key,
            type_code=self.type_code,
            number=self.number,
            system=self.system,
        )
        same_period: dict[str, object] = (
            {"term": self.term} if self.system == self.System.PARTY else {"year": self.year}
        )
        return others.filter(**same_period).first()

    @property
    def issued_on_text(self) -> str:
        return self.issue_date.strftime("%d/%m/%Y") if self.issue_date else ""


class DocumentRelation(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("Triển khai thực hiện")
        REPLACES = "replaces", _("Thay thế")
        AMENDS = "amends", _("Sửa đổi, bổ sung")
        GUIDES = "guides", _("Hướng dẫn thực hiện")

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("quan hệ"), max_length=12, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quan hệ văn bản")
        verbose_name_plural = _("quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_once"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display().lower()} {self.target}"


def stored_file_path(instance: StoredFile, filename: str) -> str:
    """Where a stored file lies: its kind's folder, the month, then its content hash (never the user's name)."""
    today = dt.date.today()
    return f"{instance.FOLDER}/{today:%Y/%m}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


attachment_path = stored_file_path  # named by the migration that created ``Attachment.file``


class StoredFile(models.Model):
    """A file kept after ``services.check_upload`` (what it really is, its size, its hash): the one shape of
    registry attachments (``Attachment``) and task evidence (``followup.TaskEvidence``)."""

    FOLDER = "files"

    file = models.FileField(_("tệp"), upload_to=stored_file_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def store(cls, checked: Any, upload: Any, user: Any, **fields: Any) -> Any:
        """Save ``upload`` (checked as ``checked``, a ``services.CheckedFile``) with the other ``fields``."""
        stored = cls(
            original_name=checked.name[:255],
            content_type=checked.mime,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
            **fields,
        )
        stored.file.save(checked.name, upload, save=False)
        stored.save()
        return stored


class Attachment(StoredFile):
    FOLDER = "documents"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded"]


class Citation(models.Model):
    """A document code found in stored text (a document's own text now; reports and articles later)."""

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="citations", verbose_name=_("văn bản")
    )
    raw = models.CharField(max_length=96)
    code = models.CharField(max_length=64)
    code_key = models.CharField(max_length=64, db_index=True)
    type_name = models.CharField(max_length=64, blank=True)
    cited_date = models.DateField(null=True, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("trích dẫn")
        verbose_name_plural = _("trích dẫn")
        ordering = ["source_type", "source_id", "start"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="citation_source")]

    def __str__(self) -> str:
        return self.raw
