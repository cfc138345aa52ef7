"""The editorial workflow of a portal article: every step in one transaction, with its ``ArticleEvent``.

Steps and who may take them (``access.Access``):

* ``save_article`` (create or edit): a contributor creates drafts and edits their own draft; editors and
  publishers edit any draft, submitted or unpublished article of their portal (``access.can_edit``). The body is
  always ``sanitise.clean(posted)``. Editing checks the revision the page was opened at (``lib.revision``).
* ``submit``: draft → submitted (a contributor their own draft; editors and publishers any draft).
* ``send_back``: submitted → draft with a note saying what to fix (editors, publishers).
* ``publish``: draft, submitted or unpublished → published (publishers only), now or at a later time: a
  published article whose ``published_at`` is ahead is *scheduled* (``Article.is_scheduled``): readers see it
  from that minute on, nobody has to come back to press a button.
* ``unpublish``: published (live or scheduled) → unpublished: off the public site at once (publishers).
* ``archive``: any state → archived (publishers). **Archived articles are off the public site like unpublished
  ones** (``Article.live`` is published only): their address answers "not found" to readers. The difference is
  on the desk: an unpublished article is waiting to be fixed and republished, an archived one is put away (not
  editable, listed under "Lưu trữ" only). ``restore`` brings an archived article back as a draft (publishers).

Every step that changes what readers can see (publish, schedule, unpublish, archive of a published article)
calls ``portal.touch()`` inside the same transaction, so every cached public page of the portal goes stale.
A refused step raises ``Refused`` (a Vietnamese message; views answer 403 with it); a stale page raises
``lib.revision.StaleEdit``; nothing is changed in either case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.accounts.scoping import AnyUser
from tuyengiao.lib.revision import StaleEdit, lock_and_bump
from tuyengiao.lib.text import fold
from tuyengiao.portal import access, images
from tuyengiao.portal.access import Access
from tuyengiao.portal.models import Article, ArticleEvent, Portal, Tag, Thread
from tuyengiao.portal.sanitise import clean

Status = Article.Status
Action = ArticleEvent.Action
STALE = gettext_lazy("Tin bài đã được người khác thay đổi sau khi bạn mở trang này. Chưa lưu gì; hãy tải lại trang.")


class Refused(Exception):
    """The user may not take this step on this article (the message says why, in Vietnamese)."""


def slug_for(text: str, limit: int = 200) -> str:
    """The ASCII address of a Vietnamese title: "Hội nghị Đắk Lắk" → "hoi-nghi-dak-lak"."""
    return slugify(fold(text))[:limit].strip("-") or "tin-bai"


def unique_slug(portal: Portal, base: str, exclude: int | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``… the first one no other article of the portal uses."""
    rows = Article.objects.filter(portal=portal, slug__startswith=base)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    taken = set(rows.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[: 200 - len(str(n)) - 1]}-{n}"
    return slug


def level(user: AnyUser, article: Article) -> Access:
    return access.access(user, article.portal)


def _event(article: Article, action: str, user: AnyUser, note: str = "", at: dt.datetime | None = None) -> None:
    actor = user if user.is_authenticated else None
    ArticleEvent.objects.create(article=article, action=action, actor=actor, note=note, at=at or timezone.now())


def _lock(article: Article, expected: Any) -> None:
    article.revision = lock_and_bump(Article, article.pk, expected, STALE)
    fresh = Article.objects.only("status", "published_at").get(pk=article.pk)
    article.status, article.published_at = fresh.status, fresh.published_at


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Refused(message)


def tags_from(portal: Portal, text: str) -> list[Tag]:
    """The portal's tags named in comma-separated ``text`` (created when new; the same slug is the same tag)."""
    found: dict[str, Tag] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())[:96]
        slug = slug_for(name, 96) if name else ""
        if not name or slug in found:
            continue
        found[slug] = Tag.objects.get_or_create(portal=portal, slug=slug, defaults={"name": name})[0]
    return list(found.values())


def new_thread(portal: Portal, title: str) -> Thread:
    """A new event thread of the portal (its address made unique)."""
    base = slug_for(title, 90)
    slug, n = base, 1
    while Thread.objects.filter(portal=portal, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Thread.objects.create(portal=portal, slug=slug, title=title[:255])


@transaction.atomic
def save_article(
    article: Article,
    user: AnyUser,
    *,
    expected: Any = None,
    tags_text: str | None = None,
    new_thread_title: str = "",
    related: Iterable[Article] | None = None,
    note: str = "",
) -> Article:
    """Create (``article.pk`` None) or edit an article; the body is sanitised here, whatever the caller did."""
    creating = article.pk is None
    if creating:
        _require(
            access.access(user, article.portal) >= Access.CONTRIBUTOR,
            _("Bạn không có quyền viết tin cho cổng này."),
        )
        article.status = Status.DRAFT
        article.created_by = user  # type: ignore[assignment]
    else:
        if expected is None:
            raise StaleEdit(STALE)
        stored = Article.objects.get(pk=article.pk)
        _require(access.can_edit(user, stored), _("Bạn không được sửa tin bài này ở trạng thái hiện tại."))
        article.revision = lock_and_bump(Article, article.pk, expected, STALE)
        article.status = stored.status  # the status changes only through the steps below
        if access.access(user, article.portal) < Access.PUBLISHER:
            article.published_at = stored.published_at
    if new_thread_title.strip():
        article.thread = new_thread(article.portal, new_thread_title.strip())
    article.body = clean(images.to_public(article.body, article))
    article.slug = unique_slug(article.portal, article.slug or slug_for(article.title), exclude=article.pk)
    article.save()
    if tags_text is not None:
        article.tags.set(tags_from(article.portal, tags_text))
    if related is not None:
        article.related.set([a for a in related if a.pk != article.pk])
    _event(article, Action.CREATED if creating else Action.EDITED, user, note)
    if article.status == Status.PUBLISHED:
        article.portal.touch()
    return article


@transaction.atomic
def submit(article: Article, user: AnyUser, expected: Any) -> Article:
    _lock(article, expected)
    _require(article.status == Status.DRAFT, _("Chỉ gửi duyệt được bản nháp."))
    _require(access.can_edit(user, article), _("Bạn không được gửi duyệt tin bài này."))
    article.status = Status.SUBMITTED
    article.save(update_fields=["status", "revision", "updated", "search_text"])
    _event(article, Action.SUBMITTED, user)
    return article


@transaction.atomic
def send_back(article: Article, user: AnyUser, expected: Any, note: str) -> Article:
    _lock(article, expected)
    _require(level(user, article) >= Access.EDITOR, _("Chỉ biên tập viên, lãnh đạo Ban được trả lại tin bài."))
    _require(article.status == Status.SUBMITTED, _("Chỉ trả lại được tin bài đang chờ duyệt."))
    _require(bool(note.strip()), _("Hãy ghi rõ cần sửa gì khi trả lại tin bài."))
    article.status = Status.DRAFT
    article.save(update_fields=["status", "revision", "updated", "search_text"])
    _event(article, Action.RETURNED, user, note.strip())
    return article


@transaction.atomic
def publish(article: Article, user: AnyUser, expected: Any, at: dt.datetime | None = None) -> Article:
    """Publish now (``at`` None or past) or schedule for ``at`` (None: the article's own ``published_at`` when a
    publisher set a time ahead in the editor)."""
    _lock(article, expected)
    _require(level(user, article) >= Access.PUBLISHER, _("Chỉ lãnh đạo Ban được duyệt và đăng tin."))
    _require(
        article.status in {Status.DRAFT, Status.SUBMITTED, Status.UNPUBLISHED},
        _("Tin bài này không ở trạng thái có thể duyệt đăng."),
    )
    now = timezone.now()
    if at is None and article.published_at is not None and article.published_at > now:
        at = article.published_at  # the time a publisher set in the editor
    scheduled = at is not None and at > now
    article.status = Status.PUBLISHED
    article.published_at = at if scheduled else now
    article.save(update_fields=["status", "published_at", "revision", "updated", "search_text"])
    note = _("Hẹn đăng lúc %(t)s") % {"t": timezone.localtime(at).strftime("%d/%m/%Y %H:%M")} if scheduled else ""
    _event(article, Action.SCHEDULED if scheduled else Action.PUBLISHED, user, note)
    article.portal.touch()
    return article


@transaction.atomic
def unpublish(article: Article, user: AnyUser, expected: Any, note: str = "") -> Article:
    _lock(article, expected)
    _require(level(user, article) >= Access.PUBLISHER, _("Chỉ lãnh đạo Ban được gỡ tin."))
    _require(article.status == Status.PUBLISHED, _("Chỉ gỡ được tin đã đăng hoặc đang hẹn giờ."))
    article.status = Status.UNPUBLISHED
    article.save(update_fields=["status", "revision", "updated", "search_text"])
    _event(article, Action.UNPUBLISHED, user, note.strip())
    article.portal.touch()
    return article


@transaction.atomic
def archive(article: Article, user: AnyUser, expected: Any) -> Article:
    _lock(article, expected)
    _require(level(user, article) >= Access.PUBLISHER, _("Chỉ lãnh đạo Ban được đưa tin bài vào lưu trữ."))
    _require(article.status != Status.ARCHIVED, _("Tin bài đã ở trong lưu trữ."))
    was_published = article.status == Status.PUBLISHED
    article.status = Status.ARCHIVED
    article.save(update_fields=["status", "revision", "updated", "search_text"])
    _event(article, Action.ARCHIVED, user)
    if was_published:
        article.portal.touch()
    return article


@transaction.atomic
def restore(article: Article, user: AnyUser, expected: Any) -> Article:
    """An archived article back on the desk as a draft (recorded as an edit with a note)."""
    _lock(article, expected)
    _require(level(user, article) >= Access.PUBLISHER, _("Chỉ lãnh đạo Ban được khôi phục tin bài từ lưu trữ."))
    _require(article.status == Status.ARCHIVED, _("Chỉ khôi phục được tin bài đang lưu trữ."))
    article.status = Status.DRAFT
    article.save(update_fields=["status", "revision", "updated", "search_text"])
    _event(article, Action.EDITED, user, _("Khôi phục từ lưu trữ thành bản nháp"))
    return article


# What each step needs, for the buttons the editor page shows (the services check again).
def allowed_steps(user: AnyUser, article: Article) -> set[str]:
    lvl = level(user, article)
    steps: set[str] = set()
    if article.status == Status.DRAFT and access.can_edit(user, article):
        steps.add("submit")
    if lvl >= Access.EDITOR and article.status == Status.SUBMITTED:
        steps.add("send_back")
    if lvl >= Access.PUBLISHER:
        if article.status in {Status.DRAFT, Status.SUBMITTED, Status.UNPUBLISHED}:
            steps.add("publish")
        if article.status == Status.PUBLISHED:
            steps.add("unpublish")
        if article.status != Status.ARCHIVED:
            steps.add("archive")
        else:
            steps.add("restore")
    return steps
