"""Article images: the upload check (Pillow), and captions shown from the stored images.

* ``check_image(upload)``: JPEG, PNG or WebP within the upload limit (``lib/uploads.py``), opened and verified by
  Pillow (a text file renamed ``.jpg`` is refused with a Vietnamese message), then **re-encoded** so that no EXIF
  block (camera, GPS position, owner) reaches the public site; the orientation EXIF asked for is applied first.
  Returns the bytes to store, their ``CheckedFile`` (``documents.services``) and the pixel size.
* ``add_image``: stores it as an ``ArticleImage`` (``StoredFile.store``) of the article, with its alt text
  (required: readers using a screen reader hear it) and optional caption.
* ``update_image``: new alt text and caption, refused when someone changed them since the page was opened.
* ``delete_image``: removes an image no article shows or has as its cover (one in use must first be taken out of
  the text and the article saved, so no page is left with a broken image); the file goes when no other record
  names it.

**Captions.** The rich-text editor (Quill) has no figure: the body stores an image as
``<img src="/cong/<portal>/anh/<id>/" alt="…">``. The caption and the alt text live on the ``ArticleImage``
and ``with_captions(body, images)`` wraps each such image in ``<figure>…<figcaption>…</figcaption></figure>``
when the article is shown (preview, public page), filling an empty ``alt`` from the image. A caption changed
on the image is therefore changed everywhere it is shown. ``unfigure`` is the inverse, for bodies that arrive
with figures (an imported article): each own image's figure becomes a plain image, its caption moved to the
image record, so the editor (which would drop the figure) and the public page show the same caption.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tuyengiao.documents.services import CheckedFile
from tuyengiao.lib.uploads import limit_bytes
from tuyengiao.portal.models import Article, ArticleImage

FORMATS = {"JPEG": (".jpg", "image/jpeg"), "PNG": (".png", "image/png"), "WEBP": (".webp", "image/webp")}
EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
MAX_PIXELS = 40_000_000  # 40 megapixels: larger is a decompression bomb, not a news photo


@dataclass(frozen=True)
class CheckedImage:
    checked: CheckedFile
    content: ContentFile
    width: int
    height: int


def check_image(upload: Any) -> CheckedImage:
    """Refuse anything but a real JPEG/PNG/WebP within the limit; re-encode it without its metadata."""
    name = (getattr(upload, "name", "") or "anh").rsplit("/", 1)[-1]
    size = getattr(upload, "size", 0) or 0
    limit = limit_bytes()
    if size > limit:
        raise ValidationError(
            _("Ảnh “%(name)s” quá lớn; giới hạn là %(limit)d MB.") % {"name": name, "limit": limit // 1024 // 1024}
        )
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    not_image = _("Tệp “%(name)s” không phải ảnh JPEG, PNG hoặc WebP hợp lệ.") % {"name": name}
    if extension not in EXTENSIONS:
        raise ValidationError(not_image)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format or ""
            if kind not in FORMATS or probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(not_image)
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            picture = ImageOps.exif_transpose(image) or image
            if kind == "JPEG" and picture.mode not in {"RGB", "L"}:
                picture = picture.convert("RGB")
            out = io.BytesIO()
            options: dict[str, Any] = {"quality": 88, "optimize": True} if kind in {"JPEG", "WEBP"} else {}
            picture.save(out, format=kind, **options)  # no exif=, no icc_profile: metadata dropped
            width, height = picture.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(not_image) from exc
    data = out.getvalue()
    ext, mime = FORMATS[kind]
    stem = name.rsplit(".", 1)[0][:200] or "anh"
    checked = CheckedFile(
        name=stem + ext, extension=ext, mime=mime, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
    return CheckedImage(checked, ContentFile(data, name=stem + ext), width, height)


@transaction.atomic
def add_image(article: Article, upload: Any, user: Any, alt: str, caption: str = "") -> ArticleImage:
    image = check_image(upload)
    stored: ArticleImage = ArticleImage.store(
        image.checked,
        image.content,
        user,
        portal=article.portal,
        article=article,
        width=image.width,
        height=image.height,
        alt=alt.strip()[:255],
        caption=caption.strip()[:500],
    )
    if article.is_live:
        article.portal.touch()
    return stored


def update_image(image: ArticleImage, alt: str, caption: str, *, alt_was: str, caption_was: str) -> ArticleImage:
    """Save new alt text and caption; ``alt_was``/``caption_was`` are what the editor saw (a changed image is
    refused, never overwritten)."""
    with transaction.atomic():
        locked = ArticleImage.objects.select_for_update(of=("self",)).select_related("article__portal").get(pk=image.pk)
        if (locked.alt, locked.caption) != (alt_was, caption_was):
            raise ValidationError(
                _("Mô tả hoặc chú thích của ảnh vừa được sửa ở nơi khác. Chưa lưu gì; vui lòng tải lại trang.")
            )
        locked.alt, locked.caption = alt.strip()[:255], caption.strip()[:500]
        locked.save(update_fields=["alt", "caption"])
        if locked.article is not None and locked.article.is_live:
            locked.article.portal.touch()
    return locked


def used_in(body: str) -> set[int]:
    """Ids of the portal's own images a stored body shows."""
    return {int(pk) for pk in _OWN_IMG_ID.findall(body or "")}


def delete_image(image: ArticleImage) -> None:
    with transaction.atomic():
        locked = ArticleImage.objects.select_for_update(of=("self",)).select_related("article").get(pk=image.pk)
        showing = Article.objects.filter(portal_id=locked.portal_id, body__contains=f"/anh/{locked.pk}/")
        if any(locked.pk in used_in(article.body) for article in showing.only("body")):
            raise ValidationError(
                _("Ảnh đang có trong nội dung tin bài: bỏ ảnh khỏi nội dung và lưu tin bài trước, rồi mới xoá ảnh.")
            )
        if Article.objects.filter(cover=locked).exists():
            raise ValidationError(
                _("Ảnh đang là ảnh đại diện của tin bài: chọn ảnh đại diện khác trước, rồi mới xoá ảnh.")
            )
        name, storage = locked.file.name, locked.file.storage
        locked.delete()
        if name and not ArticleImage.objects.filter(file=name).exists():
            transaction.on_commit(lambda: storage.delete(name))


_OWN_IMG = re.compile(r'<img\b[^>]*\bsrc="/cong/[a-z0-9-]+/anh/(\d+)/"[^>]*>')
_OWN_IMG_ID = re.compile(r'<img\b[^>]*\bsrc="/cong/[a-z0-9-]+/anh/(\d+)/"')
_FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)


def shown(body: str, portal: Any) -> str:
    """The stored body as readers see it: ``with_captions`` with the portal's images the body names (one query)."""
    ids = used_in(body)
    if not ids:
        return body
    return with_captions(body, {image.pk: image for image in ArticleImage.objects.filter(portal=portal, pk__in=ids)})


def with_captions(body: str, images: Mapping[int, ArticleImage]) -> str:
    """The stored (sanitised) body with each own image in a figure with its caption (see the docstring)."""

    def figure(match: re.Match[str]) -> str:
        image = images.get(int(match.group(1)))
        if image is None:
            return match.group(0)
        tag = match.group(0)
        if re.search(r'\balt=""', tag) or " alt=" not in tag:
            tag = re.sub(r'\s*\balt="[^"]*"', "", tag)
            tag = tag.replace("<img", f'<img alt="{escape(image.alt)}"', 1)
        if 'width="' not in tag:
            tag = tag.replace("<img", f'<img width="{image.width}" height="{image.height}"', 1)
        caption = f"<figcaption>{escape(image.caption)}</figcaption>" if image.caption else ""
        return f"<figure>{tag}{caption}</figure>"

    out, last = [], 0
    for kept in _FIGURE.finditer(body):
        out.append(_OWN_IMG.sub(figure, body[last : kept.start()]))
        out.append(kept.group(0))
        last = kept.end()
    out.append(_OWN_IMG.sub(figure, body[last:]))
    html = "".join(out)
    # a figure cannot sit inside a paragraph: Quill wraps an image in <p>
    return re.sub(r"<p>\s*(<figure>.*?</figure>)\s*</p>", r"\1", html, flags=re.S)


_OWN_FIGURE = re.compile(
    r"<figure\b[^>]*>\s*(?:<p>\s*)?(?P<img><img\b[^>]*\bsrc=\"/cong/[a-z0-9-]+/anh/(?P<pk>\d+)/\"[^>]*>)(?:\s*</p>)?"
    r"\s*(?:<figcaption\b[^>]*>(?P<caption>.*?)</figcaption>)?\s*</figure>",
    re.S,
)


def unfigure(body: str, portal: Any) -> str:
    """A stored body with each figure of one of the portal's images made a plain image on its own line, its caption
    moved to the image record when the record has none (see the docstring); other figures are left."""
    matches = list(_OWN_FIGURE.finditer(body or ""))
    if not matches:
        return body
    ids = {int(match.group("pk")) for match in matches}
    records = {image.pk: image for image in ArticleImage.objects.filter(portal=portal, pk__in=ids)}

    def plain(match: re.Match[str]) -> str:
        image = records.get(int(match.group("pk")))
        if image is None:
            return match.group(0)
        caption = " ".join(html.unescape(strip_tags(match.group("caption") or "")).split())
        if caption and not image.caption:
            image.caption = caption[:500]
            image.save(update_fields=["caption"])
        return f"<p>{match.group('img')}</p>"

    return _OWN_FIGURE.sub(plain, body)


# The editor shows an article's images from the desk (``portal:image``: a draft's images are not public yet);
# the stored body always names them by their public address. ``to_desk`` is applied to the body put into the
# editor, ``to_public`` to the body posted, before the sanitiser (which keeps public image addresses only).
_DESK_SRC = re.compile(r"/bien-tap/tin/\d+/anh/(\d+)/")


def desk_url(image: ArticleImage) -> str:
    return f"/bien-tap/tin/{image.article_id}/anh/{image.pk}/"


def to_desk(body: str, article: Article) -> str:
    if not article.pk:
        return body
    pattern = re.compile(rf"/cong/{re.escape(article.portal.slug)}/anh/(\d+)/")
    return pattern.sub(lambda m: f"/bien-tap/tin/{article.pk}/anh/{m.group(1)}/", body)


def to_public(body: str, article: Article) -> str:
    ids = {int(m.group(1)) for m in _DESK_SRC.finditer(body or "")}
    if not ids:
        return body
    own = set(ArticleImage.objects.filter(portal=article.portal, pk__in=ids).values_list("pk", flat=True))

    def public(match: re.Match[str]) -> str:
        pk = int(match.group(1))
        return f"/cong/{article.portal.slug}/anh/{pk}/" if pk in own else match.group(0)

    return _DESK_SRC.sub(public, body)
