"""The commission's public portal (issue #17): sections, articles, images, tags, event threads, the editorial
workflow and the public counters. The document library is the registry's own public documents
(``documents.Document`` with ``visibility`` public) counted in ``DocumentCounter``.

* ``Portal``: one per commission (the central commission, each province's). ``unit`` is the commission (its
  staff edit the portal: write = editor, approve = publisher); ``territory`` is the party committee whose
  subtree publishes through it (a commune's staff may draft and submit articles to their province's portal) and
  whose public documents fill its library. ``generation`` is bumped by every change a reader can see; it is part
  of every cache key of the public pages (``portal/cache.py``), so publishing invalidates at once.
* ``Section`` ("Tin hoạt động của Ban", "Học tập và làm theo Bác"…), ``Tag``, ``Thread`` (an event thread: the
  articles about one conference together).
* ``Article``: the workflow (``Status``): draft → submitted → published (by a publisher; "scheduled" is a
  published article whose ``published_at`` is still ahead) → unpublished or archived. Every step is an
  ``ArticleEvent`` (who, what, when). ``body`` is always the sanitiser's output (``portal/sanitise.py``).
  ``source_kind``/``source_id`` name the record it was drafted from ("Đăng tin" on a conference, an award
  decision, a study session). ``legacy_key`` is the id in an imported portal (``import_portal``).
* Reader figures are aggregates only: ``views`` (once per visitor per day, decided by a cookie the reader keeps,
  ``portal/counting.py``: the server stores no reader), ``rating_sum``/``rating_count`` (1–5). Nothing records who
  read or rated what.
* ``Contributor``: a portal's cộng tác viên, who may only write and submit drafts (no other platform rights are
  needed for that).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.documents.models import Document, StoredFile
from tuyengiao.lib.text import fold
from tuyengiao.portal.sanitise import text_of
from tuyengiao.units.models import Unit

# The sections a new portal starts with (editable afterwards): what the commission portals of the source articles have.
DEFAULT_SECTIONS = [
    ("tin-hoat-dong", "Tin hoạt động của Ban"),
    ("tuyen-giao-dan-van-co-so", "Tuyên giáo, dân vận các cấp"),
    ("hoc-tap-lam-theo-bac", "Học tập và làm theo Bác"),
    ("ly-luan-chinh-tri", "Lý luận chính trị"),
    ("van-hoa-khoa-giao", "Văn hóa, văn nghệ, khoa giáo"),
    ("guong-dien-hinh", "Gương điển hình, mô hình hay"),
]


class Portal(models.Model):
    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="portal", verbose_name=_("ban tuyên giáo (đơn vị biên tập)")
    )
    territory = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cấp ủy"),
        help_text=_("Các đơn vị thuộc cấp ủy này gửi tin qua cổng và văn bản công khai của họ có trong thư viện."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=64, unique=True)
    title = models.CharField(_("tên cổng"), max_length=255)
    tagline = models.CharField(_("dòng giới thiệu"), max_length=255, blank=True)
    contact = models.TextField(_("địa chỉ, liên hệ"), blank=True)
    editor_in_chief = models.CharField(_("chịu trách nhiệm nội dung"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    generation = models.PositiveIntegerField(default=1, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["generation"])

    class Meta:
        verbose_name = _("cổng thông tin")
        verbose_name_plural = _("cổng thông tin")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:home", args=[self.slug])

    @classmethod
    def open_for(cls, unit: Unit, territory: Unit, slug: str, title: str, **fields: Any) -> Portal:
        """Create the portal of commission ``unit`` with the default sections (one transaction)."""
        with transaction.atomic():
            portal = cls.objects.create(unit=unit, territory=territory, slug=slug, title=title, **fields)
            Section.objects.bulk_create(
                Section(portal=portal, slug=code, name=name, order=order)
                for order, (code, name) in enumerate(DEFAULT_SECTIONS, start=1)
            )
        return portal

    def touch(self) -> None:
        """A reader-visible change: every cached public page of this portal is stale from now on."""
        from tuyengiao.portal import cache

        Portal.objects.filter(pk=self.pk).update(generation=F("generation") + 1)
        self.refresh_from_db(fields=["generation"])
        cache.forget(self.slug)


class Section(models.Model):
    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField(_("đường dẫn"), max_length=64)
    name = models.CharField(_("tên chuyên mục"), max_length=128)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    on_home = models.BooleanField(_("hiện trên trang chủ"), default=True)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["portal", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["portal", "slug"], name="portal_section_slug_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:section", args=[self.portal.slug, self.slug])


class Tag(models.Model):
    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="tags")
    slug = models.SlugField(_("đường dẫn"), max_length=96)
    name = models.CharField(_("từ khóa"), max_length=96)

    class Meta:
        verbose_name = _("từ khóa")
        verbose_name_plural = _("từ khóa")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["portal", "slug"], name="portal_tag_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    """An event thread: the articles about one event (a conference, an anniversary) together."""

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="threads")
    slug = models.SlugField(_("đường dẫn"), max_length=96)
    title = models.CharField(_("tên sự kiện"), max_length=255)
    summary = models.TextField(_("giới thiệu"), blank=True)
    starts_on = models.DateField(_("ngày diễn ra"), null=True, blank=True)

    class Meta:
        verbose_name = _("dòng sự kiện")
        verbose_name_plural = _("dòng sự kiện")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["portal", "slug"], name="portal_thread_slug_unique")]

    def __str__(self) -> str:
        return self.title


class ArticleQuerySet(models.QuerySet["Article"]):
    def live(self, now: dt.datetime | None = None) -> ArticleQuerySet:
        """What a reader may see: published, and its publication time has come (scheduled ones have not)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def search(self, query: str) -> ArticleQuerySet:
        """Accent-insensitive: every folded word of ``query`` occurs in the title, summary, body text or tags."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã duyệt, đăng")
        UNPUBLISHED = "unpublished", _("Đã gỡ")
        ARCHIVED = "archived", _("Lưu trữ")

    class Source(models.TextChoices):
        NONE = "", _("Không")
        MEETING = "meeting", _("Hội nghị")
        AWARD_DECISION = "award_decision", _("Quyết định khen thưởng")
        STUDY_SESSION = "study_session", _("Hội nghị học tập, quán triệt")

    portal = models.ForeignKey(Portal, on_delete=models.PROTECT, related_name="articles")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("chuyên mục")
    )
    slug = models.SlugField(_("đường dẫn"), max_length=200, allow_unicode=False)
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.TextField(_("tóm tắt (sapo)"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    author_name = models.CharField(_("tác giả"), max_length=200, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("từ khóa"))
    thread = models.ForeignKey(
        Thread,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("dòng sự kiện"),
    )
    related = models.ManyToManyField("self", symmetrical=False, blank=True, verbose_name=_("tin liên quan"))
    cover = models.ForeignKey(
        "ArticleImage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ảnh đại diện"),
    )
    featured = models.BooleanField(_("tin nổi bật"), default=False)
    rating_enabled = models.BooleanField(_("cho phép bạn đọc đánh giá"), default=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("lượt xem"), default=0, editable=False)
    rating_sum = models.PositiveIntegerField(default=0, editable=False)
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    source_kind = models.CharField(max_length=16, choices=Source.choices, blank=True, default="", editable=False)
    source_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    legacy_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    search_text = models.TextField(editable=False, default="")
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["views", "rating_sum", "rating_count", "search_text"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["portal", "status", "published_at"], name="article_portal_live"),
            models.Index(fields=["section", "status", "published_at"], name="article_section_live"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "legacy_key"], condition=~Q(legacy_key=""), name="article_legacy_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(" ".join([self.title, self.summary, text_of(self.body), self.author_name]))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:article", args=[self.portal.slug, self.pk, self.slug])

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and bool(self.published_at and self.published_at > timezone.now())

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED and bool(self.published_at and self.published_at <= timezone.now())

    @property
    def rating(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


class ArticleImage(StoredFile):
    """An image of an article (JPEG, PNG, WebP), checked by Pillow on upload; its size is kept for ``<img>``."""

    FOLDER = "portal"

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="images")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, null=True, blank=True, related_name="images")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt = models.CharField(_("mô tả ảnh (cho người khiếm thị)"), max_length=255)
    caption = models.CharField(_("chú thích"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        ordering = ["uploaded", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("public:image", args=[self.portal.slug, self.pk])


class ArticleEvent(models.Model):
    """One step of the editorial workflow: who did what, when (and why, when an article is sent back)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo bản nháp")
        EDITED = "edited", _("Sửa")
        SUBMITTED = "submitted", _("Gửi duyệt")
        RETURNED = "returned", _("Trả lại để sửa")
        PUBLISHED = "published", _("Duyệt và đăng")
        SCHEDULED = "scheduled", _("Duyệt, hẹn giờ đăng")
        UNPUBLISHED = "unpublished", _("Gỡ tin")
        ARCHIVED = "archived", _("Đưa vào lưu trữ")
        IMPORTED = "imported", _("Nhập từ cổng cũ")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("bước biên tập")
        verbose_name_plural = _("các bước biên tập")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.at:%d/%m/%Y %H:%M}"


class Contributor(models.Model):
    """A portal's cộng tác viên: may write drafts and submit them, nothing else."""

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="contributors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_contributions")
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cộng tác viên")
        verbose_name_plural = _("cộng tác viên")
        constraints = [models.UniqueConstraint(fields=["portal", "user"], name="portal_contributor_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.portal}"


class DocumentCounter(models.Model):
    """Views and downloads of a public document in the library (aggregates; who read it is never stored)."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="public_counter")
    views = models.PositiveBigIntegerField(default=0)
    downloads = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt xem, tải văn bản")
        verbose_name_plural = _("lượt xem, tải văn bản")

    def __str__(self) -> str:
        return f"{self.document}: {self.views}/{self.downloads}"
