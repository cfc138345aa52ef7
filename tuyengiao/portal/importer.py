"""Moving an existing portal in: ``manage.py import_portal <portal> <path> [--dry-run]`` (issue #17).

Two kinds of export are read (``read_export``), then written in one transaction (``run``):

* **A NukeViet 4 database export** (a ``.sql`` dump, mysqldump or phpMyAdmin; no MySQL needed: ``lib.sqldump``):
  the news module (``<prefix>_<lang>_news_cat``, ``_rows``, the body in ``_detail.bodyhtml`` — or the older
  ``_bodytext``/``_bodyhtml_N`` tables —, ``_tags`` and ``_tags_id``) and the laws module (``_laws_row`` with
  ``code``, ``title``, ``introtext``, ``publtime``, ``exptime``, ``view_hits``, ``download_hits``, ``files``,
  ``replacement``; ``_laws_cat`` the type, ``_laws_subject`` the issuing body, ``_laws_area`` the field,
  ``_laws_signer`` the signer). Unix times are instants; they are shown in Asia/Ho_Chi_Minh like every date.
  A news row's ``status`` 1 is published (archived once its ``exptime`` has passed), 0 ("đình chỉ") unpublished,
  anything else a draft. Files named by the dump (``homeimgfile``, body images under ``/uploads/``, the laws'
  ``files``) are taken from an ``uploads/`` folder beside the dump when it is there.
* **A folder of saved article pages** (``.html``): the title (``og:title`` or the first ``<h1>``), the date
  ("Thứ Hai, 15/07/2024 - 08:30"), the author ("Tác giả: …" or an element whose class names the author), the
  view count ("Lượt xem: 1.234"), the summary, the body (``itemprop=articleBody`` or a class such as
  ``bodytext``/``news-content``), the section (the breadcrumb's last link) and the tags.

What is written: sections matched to the portal's by name (accents and case ignored) or created; articles keyed by
``legacy_key`` (``nukeviet:<id>``, ``html:<page>``), so a second run updates what the first created — unless an
editor has changed the article here since, then it is left alone and reported — and never duplicates; bodies
through ``sanitise.clean`` (styles, scripts and frames go; an image from another site is dropped and reported:
the public site loads nothing from elsewhere); an ``IMPORTED`` event; tags; the laws' documents into the
registry as public documents owned by the portal's commission, numbers parsed by ``lib.doccode`` (a number it
cannot read is reported and the document skipped), a number already registered in the commission's registry
matched to that record instead of duplicated; their counts in ``DocumentCounter`` (the larger of the two, so a
re-run never lowers them). A file that cannot be read stops everything before anything is written
(``ImportFailed``, a Vietnamese message); the writing is one transaction, and ``portal.touch()`` runs once at
its end. ``--dry-run`` does all of it and rolls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tuyengiao.documents import services as document_services
from tuyengiao.documents.demo import ensure_fields_of_work
from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.lib import doccode, sqldump
from tuyengiao.lib.text import fold
from tuyengiao.portal import images, sanitise
from tuyengiao.portal.models import Article, ArticleEvent, ArticleImage, DocumentCounter, Portal, Section, Tag

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MAX_IMAGE_BYTES = 8 * 1024 * 1024
_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?P<q>[\"']?)(?P<src>[^\"'\s>]+)(?P=q)[^>]*>", re.IGNORECASE)
_DATE_TIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\D{1,12}?(\d{1,2})[:h](\d{2}))?")
_VIEWS = re.compile(r"Lượt\s+xem\s*:?\s*([\d.,\s]*\d)", re.IGNORECASE)
# A link of a cleaned body (the sanitiser writes double quotes), and the article id at the end of an old address
# ("…/hoi-nghi-tong-ket-101.html", "index.php?…&op=tin-hoat-dong/hoi-nghi-101").
_LINK = re.compile(r'<a\b(?P<before>[^>]*?)\bhref="(?P<href>[^"]*)"(?P<after>[^>]*)>(?P<text>.*?)</a>', re.S)
_TRAILING_ID = re.compile(r"-(\d+)$")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\s*")
_AUTHOR = re.compile(r"^\s*(?:Tác\s+giả|Bài(?:\s+và\s+ảnh)?|Người\s+viết)\s*:\s*", re.IGNORECASE)


def image_url(image: ArticleImage) -> str:
    """The public address of a stored image (``public:image``; the sanitiser keeps only these)."""
    try:
        return reverse("public:image", args=[image.portal.slug, image.pk])
    except NoReverseMatch:  # the public pages are not mounted: the address the sanitiser expects
        return f"/cong/{image.portal.slug}/anh/{image.pk}/"


class ImportFailed(Exception):
    """The export cannot be read; the message (Vietnamese) says what and where. Nothing has been written."""


@dataclass
class LegacyArticle:
    key: str
    title: str
    section: str
    section_slug: str = ""
    slug: str = ""
    summary: str = ""
    body: str = ""
    author: str = ""
    published_at: dt.datetime | None = None
    status: str = Article.Status.PUBLISHED
    views: int = 0
    rating_sum: int = 0
    rating_count: int = 0
    tags: list[str] = field(default_factory=list)
    cover: str = ""  # a path under uploads/ (or a URL), from NukeViet's homeimgfile
    cover_alt: str = ""


@dataclass
class LegacyDocument:
    key: str
    code: str
    subject: str
    summary: str = ""
    issued: dt.date | None = None
    expires: dt.date | None = None
    type_name: str = ""
    issuer: str = ""
    signer: str = ""
    area: str = ""  # the field of work (NukeViet's "lĩnh vực")
    published: bool = True
    views: int = 0
    downloads: int = 0
    files: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)  # keys of documents of the same export


@dataclass
class Export:
    source: str
    base: Path  # where files named by the export are looked for (``base / "uploads" / …``)
    articles: list[LegacyArticle] = field(default_factory=list)
    documents: list[LegacyDocument] = field(default_factory=list)


@dataclass
class Result:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged_edited: int = 0
    sections_created: list[str] = field(default_factory=list)
    tags_created: int = 0
    images: int = 0
    documents_created: int = 0
    documents_matched: int = 0
    attachments: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    dropped_images: list[tuple[str, str]] = field(default_factory=list)  # (article key, src)
    links_rewritten: int = 0
    dropped_links: list[tuple[str, str]] = field(default_factory=list)  # (article key, href)

    def summary_lines(self) -> list[str]:
        """The summary in Vietnamese, as the command prints it."""
        lines = [
            _(
                "Đã nhập %(articles)d tin (%(new)d mới, %(updated)d cập nhật), %(documents)d văn bản (%(doc_new)d mới, "
                "%(matched)d khớp với văn bản đã có trong sổ), %(skipped)d bỏ qua."
            )
            % {
                "articles": self.created + self.updated,
                "new": self.created,
                "updated": self.updated,
                "documents": self.documents_created + self.documents_matched,
                "doc_new": self.documents_created,
                "matched": self.documents_matched,
                "skipped": len(self.skipped) + self.unchanged_edited,
            }
        ]
        if self.unchanged_edited:
            lines.append(
                _("  %(count)d tin đã được biên tập lại trên cổng mới sau lần nhập trước: giữ nguyên.")
                % {"count": self.unchanged_edited}
            )
        for why, count in Counter(why for _what, why in self.skipped).most_common():
            lines.append(_("  %(count)d bỏ qua vì %(why)s") % {"count": count, "why": why})
        for what, why in self.skipped:
            lines.append(f"    - {what}: {why}")
        if self.sections_created:
            lines.append(_("Chuyên mục mới: %(names)s.") % {"names": ", ".join(self.sections_created)})
        if self.images or self.attachments:
            lines.append(
                _("Đã lưu %(images)d ảnh và %(files)d tệp đính kèm.")
                % {"images": self.images, "files": self.attachments}
            )
        if self.dropped_images:
            lines.append(
                _(
                    "%(count)d ảnh bị bỏ (ảnh từ trang khác hoặc không có tệp trong bản xuất; cổng không tải gì từ "
                    "nơi khác):"
                )
                % {"count": len(self.dropped_images)}
            )
            lines.extend(f"    - {key}: {src}" for key, src in self.dropped_images)
        if self.links_rewritten:
            lines.append(
                _("%(count)d liên kết tới tin đã nhập được trỏ sang địa chỉ mới.") % {"count": self.links_rewritten}
            )
        if self.dropped_links:
            lines.append(
                _("%(count)d liên kết trong trang cũ không có đích trên cổng mới: giữ chữ, bỏ liên kết:")
                % {"count": len(self.dropped_links)}
            )
            lines.extend(f"    - {key}: {href}" for key, href in self.dropped_links)
        if self.dry_run:
            lines.append(_("Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu."))
        return lines


# --------------------------------------------------------------------------------------------- reading


def read_export(path: Path) -> Export:
    """The export at ``path``: a ``.sql`` dump, a folder holding one, a saved ``.html`` page or a folder of them."""
    if not path.exists():
        raise ImportFailed(_("Không tìm thấy “%(path)s”.") % {"path": path})
    if path.is_dir():
        dumps = sorted(path.glob("*.sql"))
        if len(dumps) > 1:
            raise ImportFailed(
                _("Thư mục “%(path)s” có %(count)d tệp .sql; hãy chỉ rõ tệp cần nhập.")
                % {"path": path, "count": len(dumps)}
            )
        if dumps:
            return read_nukeviet(dumps[0])
        pages = sorted(p for p in path.rglob("*") if p.suffix.lower() in {".html", ".htm"})
        if not pages:
            raise ImportFailed(_("Thư mục “%(path)s” không có tệp .sql hay trang .html nào.") % {"path": path})
        return read_pages(pages, path)
    if path.suffix.lower() == ".sql":
        return read_nukeviet(path)
    if path.suffix.lower() in {".html", ".htm"}:
        return read_pages([path], path.parent)
    raise ImportFailed(_("Không nhận ra “%(name)s”: cần tệp .sql (NukeViet) hoặc trang .html.") % {"name": path.name})


def _text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(_("Không đọc được “%(name)s”: %(error)s") % {"name": path.name, "error": exc}) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            _("Tệp “%(name)s” không phải văn bản UTF-8 (lỗi ở byte %(at)d); hãy xuất lại với bảng mã utf8mb4.")
            % {"name": path.name, "at": exc.start}
        ) from exc


def _instant(value: Any) -> dt.datetime | None:
    seconds = int(value or 0)
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC) if seconds > 0 else None


def _local_date(value: Any) -> dt.date | None:
    instant = _instant(value)
    return instant.astimezone(TZ).date() if instant else None


def _table(data: dict[str, list[dict[str, Any]]], suffix: str) -> list[dict[str, Any]]:
    """The rows of the one table whose name ends with ``_<suffix>`` (any prefix and language: nv4_vi_…)."""
    names = [name for name in data if name.endswith("_" + suffix)]
    return data[names[0]] if len(names) == 1 else [row for name in names for row in data[name]]


def read_nukeviet(path: Path) -> Export:
    text = _text_file(path)
    try:
        data = sqldump.tables(text)
    except sqldump.DumpError as exc:
        raise ImportFailed(
            _("Tệp “%(name)s” hỏng hoặc không phải bản xuất MySQL (dòng %(line)d: %(error)s). Không có gì được ghi.")
            % {"name": path.name, "line": exc.line, "error": exc}
        ) from exc
    if not any(name.endswith(("_news_rows", "_laws_row")) for name in data):
        raise ImportFailed(
            _("Tệp “%(name)s” không có bảng tin (…_news_rows) hay văn bản (…_laws_row) của NukeViet.")
            % {"name": path.name}
        )
    export = Export(source=path.name, base=path.parent)
    try:
        _nukeviet_news(data, export)
        _nukeviet_laws(data, export)
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFailed(
            _("Tệp “%(name)s” thiếu cột hoặc có giá trị sai kiểu (%(error)s).") % {"name": path.name, "error": exc}
        ) from exc
    return export


def _nukeviet_news(data: dict[str, list[dict[str, Any]]], export: Export) -> None:
    cats = {row["catid"]: row for row in _table(data, "news_cat")}
    bodies = {row["id"]: row.get("bodyhtml") or "" for row in _table(data, "news_detail")}
    for name, rows in data.items():  # NukeViet 4.0: bodyhtml_1, bodyhtml_2…; older: bodytext
        if re.search(r"_news_bodyhtml_\d+$", name) or name.endswith("_news_bodytext"):
            for row in rows:
                bodies.setdefault(row["id"], row.get("bodyhtml") or row.get("bodytext") or "")
    tag_names = {
        row["tid"]: (row.get("keywords") or row.get("alias") or "").strip() for row in _table(data, "news_tags")
    }
    tags: dict[int, list[str]] = {}
    for row in _table(data, "news_tags_id"):
        name = (row.get("keyword") or tag_names.get(row["tid"], "")).strip()
        if name:
            tags.setdefault(row["id"], []).append(name)
    now = timezone.now()
    for row in _table(data, "news_rows"):
        cat = cats.get(row["catid"], {})
        published_at = _instant(row.get("publtime")) or _instant(row.get("addtime"))
        expires = _instant(row.get("exptime"))
        if row.get("status") == 1:
            status = Article.Status.ARCHIVED if expires and expires <= now else Article.Status.PUBLISHED
        elif row.get("status") == 0:
            status = Article.Status.UNPUBLISHED
        else:
            status = Article.Status.DRAFT
        cover = (row.get("homeimgfile") or "").strip()
        if cover and row.get("homeimgthumb") in (1, 2) and "://" not in cover:
            cover = "news/" + cover.lstrip("/")  # NukeViet keeps it relative to uploads/<module>/
        export.articles.append(
            LegacyArticle(
                key=f"nukeviet:{row['id']}",
                title=(row["title"] or "").strip(),
                section=(cat.get("title") or "").strip(),
                section_slug=(cat.get("alias") or "").strip(),
                slug=(row.get("alias") or "").strip(),
                summary=sanitise.text_of(row.get("hometext") or ""),
                body=bodies.get(row["id"], ""),
                author=(row.get("author") or "").strip(),
                published_at=published_at,
                status=status,
                views=int(row.get("hitstotal") or 0),
                rating_sum=int(row.get("total_rating") or 0),
                rating_count=int(row.get("click_rating") or 0),
                tags=tags.get(row["id"], []),
                cover=cover,
                cover_alt=(row.get("homeimgalt") or "").strip(),
            )
        )


def _nukeviet_laws(data: dict[str, list[dict[str, Any]]], export: Export) -> None:
    def titles(suffix: str) -> dict[Any, str]:
        return {row["id"]: (row.get("title") or "").strip() for row in _table(data, suffix)}

    cats, subjects, areas, signers = (
        titles("laws_cat"),
        titles("laws_subject"),
        titles("laws_area"),
        titles("laws_signer"),
    )
    row_areas: dict[Any, list[str]] = {}
    for link in _table(data, "laws_row_area"):
        row_areas.setdefault(link["row_id"], []).append(areas.get(link["area_id"], ""))
    today = timezone.localdate()
    for row in _table(data, "laws_row"):
        expires = _local_date(row.get("exptime"))
        export.documents.append(
            LegacyDocument(
                key=f"nukeviet-laws:{row['id']}",
                code=(row.get("code") or "").strip(),
                subject=(row.get("title") or "").strip(),
                summary=sanitise.text_of(row.get("introtext") or ""),
                issued=_local_date(row.get("publtime")),
                expires=expires if expires and expires <= today else None,
                type_name=cats.get(row.get("cid"), ""),
                issuer=subjects.get(row.get("sid"), ""),
                signer=signers.get(row.get("sgid"), ""),
                area=next((a for a in row_areas.get(row["id"], []) if a), areas.get(row.get("aid"), "")),
                published=row.get("status") == 1,
                views=int(row.get("view_hits") or 0),
                downloads=int(row.get("download_hits") or 0),
                files=[f.strip() for f in (row.get("files") or "").split(",") if f.strip()],
                replaces=[
                    f"nukeviet-laws:{i.strip()}" for i in str(row.get("replacement") or "").split(",") if i.strip()
                ],
            )
        )


# ---- saved HTML pages


def parse_page_date(text: str) -> dt.datetime | None:
    """ "Thứ Hai, 15/07/2024 - 08:30" (or "15/7/2024", "15/07/2024 08h30") as an aware time in Asia/Ho_Chi_Minh."""
    match = _DATE_TIME.search(text or "")
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=TZ)
    except ValueError:
        return None


def parse_count(text: str) -> int:
    """ "Lượt xem: 1.234" → 1234 (Vietnamese thousands separators)."""
    match = _VIEWS.search(text or "")
    return int(re.sub(r"\D", "", match.group(1))) if match else 0


def read_pages(pages: list[Path], base: Path) -> Export:
    export = Export(source=base.name, base=base)
    for page in pages:
        try:
            export.articles.append(read_page(_text_file(page), page.relative_to(base).as_posix()))
        except ImportFailed:
            raise
        except Exception as exc:  # lxml's own errors: a page it cannot parse stops the import.
            raise ImportFailed(
                _("Không đọc được trang “%(name)s” (%(error)s). Không có gì được ghi.")
                % {"name": page.name, "error": exc}
            ) from exc
    return export


def _first(tree: Any, xpaths: list[str]) -> Any:
    for xpath in xpaths:
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return None


def _has_class(names: str) -> str:
    return " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {n} ')" for n in names.split())


def read_page(html: str, name: str) -> LegacyArticle:
    """One saved article page of an old portal (see the module docstring for what is looked for)."""
    import lxml.html

    if not html.strip():
        raise ImportFailed(_("Trang “%(name)s” rỗng.") % {"name": name})
    tree = lxml.html.document_fromstring(html)
    for junk in tree.xpath("//script|//style|//noscript"):
        junk.drop_tree()
    meta = {
        (m.get("property") or m.get("name") or "").lower(): (m.get("content") or "").strip()
        for m in tree.xpath("//meta")
    }
    h1 = _first(tree, ["//h1"])
    title = (meta.get("og:title") or (h1.text_content() if h1 is not None else "")).strip()
    if not title:
        raise ImportFailed(_("Trang “%(name)s” không có tiêu đề (thẻ h1 hoặc og:title).") % {"name": name})
    body = _first(
        tree,
        [
            "//*[@itemprop='articleBody']",
            f"//*[{_has_class('bodytext news-content detail-content article-content noidung')}]",
            "//article",
        ],
    )
    if body is None:
        raise ImportFailed(_("Trang “%(name)s” không có phần nội dung bài viết.") % {"name": name})
    body_html = "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
    if body.text and body.text.strip():
        body_html = body.text + body_html
    summary_node = _first(tree, [f"//*[{_has_class('hometext sapo summary lead')}]"])
    summary = summary_node.text_content().strip() if summary_node is not None else meta.get("description", "")
    date_node = _first(tree, ["//time", f"//*[{_has_class('date time publish-date post-date')}]"])
    date_text = date_node.text_content() if date_node is not None else ""
    published_time = meta.get("article:published_time")
    published_at = _iso_to_local(published_time) if published_time else parse_page_date(date_text)
    if published_at is None:
        published_at = parse_page_date(tree.text_content())
    author_node = _first(tree, [f"//*[{_has_class('author byline tacgia')}]"])
    author = _AUTHOR.sub("", author_node.text_content()).strip() if author_node is not None else ""
    if not author:
        author = meta.get("author", "")
    views_node = _first(tree, [f"//*[{_has_class('hits views luotxem')}]"])
    views = parse_count(views_node.text_content() if views_node is not None else tree.text_content())
    crumbs = tree.xpath(f"//*[{_has_class('breadcrumb breadcrumbs')}]//a")
    section = meta.get("article:section") or (crumbs[-1].text_content().strip() if crumbs else "")
    tag_links = tree.xpath(f"//*[{_has_class('tags keywords')}]//a")
    tags = [a.text_content().strip() for a in tag_links if a.text_content().strip()]
    if not tags and meta.get("keywords"):
        tags = [t.strip() for t in meta["keywords"].split(",") if t.strip()]
    canonical = _first(tree, ["//link[@rel='canonical']/@href"])
    key_source = urlsplit(str(canonical)).path if canonical else name
    stem = re.sub(r"\.html?$", "", key_source.strip("/").rsplit("/", 1)[-1]) or name
    key = "html:" + (stem if len(stem) <= 59 else hashlib.sha256(key_source.encode()).hexdigest()[:40])
    return LegacyArticle(
        key=key,
        title=title,
        section=section,
        slug=stem,
        summary=summary,
        body=body_html,
        author=author,
        published_at=published_at,
        views=views,
        tags=tags,
    )


def _iso_to_local(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return parse_page_date(text)
    return value if value.tzinfo else value.replace(tzinfo=TZ)


# --------------------------------------------------------------------------------------------- writing


class _Writer:
    def __init__(self, portal: Portal, export: Export, result: Result) -> None:
        self.portal = portal
        self.export = export
        self.result = result
        self.sections = {fold(s.name): s for s in portal.sections.all()}
        self.section_slugs = {s.slug for s in self.sections.values()}
        self.tags = {t.slug: t for t in portal.tags.all()}
        self.written: list[Article] = []

    # ---- sections and tags

    def section(self, name: str, slug_hint: str) -> Section:
        name = name or _("Tin từ cổng cũ")
        found = self.sections.get(fold(name))
        if found:
            return found
        base = slugify(fold(slug_hint or name))[:60] or "chuyen-muc"
        slug, n = base, 2
        while slug in self.section_slugs:
            slug, n = f"{base}-{n}", n + 1
        order = (self.portal.sections.aggregate(m=Max("order"))["m"] or 0) + 1
        section = Section.objects.create(portal=self.portal, slug=slug, name=name[:128], order=order)
        self.sections[fold(name)] = section
        self.section_slugs.add(slug)
        self.result.sections_created.append(section.name)
        return section

    def tag(self, name: str) -> Tag | None:
        slug = slugify(fold(name))[:96]
        if not slug:
            return None
        if slug not in self.tags:
            self.tags[slug] = Tag.objects.create(portal=self.portal, slug=slug, name=name[:96])
            self.result.tags_created += 1
        return self.tags[slug]

    # ---- files beside the export

    def local_file(self, src: str) -> Path | None:
        """The file an export names (``/uploads/news/…``, ``news/…``, a site URL's path), if it is in the export's
        ``uploads/`` folder; None for another site's address or a file that is not there."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:  # another site's address (or the old site's): never fetched
            return None
        path = parts.path.lstrip("/")
        if path.startswith("uploads/"):
            path = path[len("uploads/") :]
        root = (self.export.base / "uploads").resolve()
        candidate = (root / path).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate

    def image(self, article: Article, path: Path, alt: str) -> ArticleImage | None:
        from PIL import Image, UnidentifiedImageError

        data = path.read_bytes()
        if not data or len(data) > MAX_IMAGE_BYTES:
            return None
        try:
            with Image.open(io.BytesIO(data)) as picture:
                picture.verify()
            with Image.open(io.BytesIO(data)) as picture:
                width, height, kind = picture.width, picture.height, (picture.format or "").upper()
        except (UnidentifiedImageError, OSError, ValueError):
            return None
        extension = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}.get(kind)
        if extension is None:
            return None
        digest = hashlib.sha256(data).hexdigest()
        again = ArticleImage.objects.filter(article=article, sha256=digest).first()
        if again is not None:  # a re-run: the image stored the first time
            return again
        image = ArticleImage(
            portal=self.portal,
            article=article,
            original_name=path.name[:255],
            content_type=f"image/{'jpeg' if kind == 'JPEG' else kind.lower()}",
            extension=extension,
            size=len(data),
            sha256=digest,
            width=width,
            height=height,
            alt=(alt or article.title)[:255],
        )
        image.file.save(path.name, ContentFile(data), save=False)
        image.save()
        self.result.images += 1
        return image

    def body(self, article: Article, legacy: LegacyArticle) -> str:
        """The legacy body with its own images stored and pointed at, others dropped and reported, then cleaned."""
        known: dict[str, str] = {}

        def replace(match: re.Match[str]) -> str:
            src = match.group("src")
            if src not in known:
                path = self.local_file(src)
                alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)", match.group(0))
                stored = self.image(article, path, alt.group(1) if alt else "") if path else None
                known[src] = image_url(stored) if stored else ""
                if not stored:
                    self.result.dropped_images.append((legacy.key, src))
            if not known[src]:
                return ""
            return match.group(0).replace(match.group("src"), known[src], 1)

        cleaned = sanitise.clean(_IMG.sub(replace, legacy.body or ""))
        return _EMPTY_PARAGRAPH.sub("", images.unfigure(cleaned, self.portal)).strip()

    # ---- articles

    def article(self, legacy: LegacyArticle) -> None:
        if not legacy.title:
            self.result.skipped.append((legacy.key, _("không có tiêu đề")))
            return
        existing = Article.objects.filter(portal=self.portal, legacy_key=legacy.key).first()
        if existing is not None and existing.events.exclude(action=ArticleEvent.Action.IMPORTED).exists():
            self.result.unchanged_edited += 1
            return
        section = self.section(legacy.section, legacy.section_slug)
        article = existing or Article(portal=self.portal, legacy_key=legacy.key)
        article.section = section
        article.title = legacy.title[:300]
        article.slug = (slugify(fold(legacy.slug)) or slugify(fold(legacy.title)) or "tin")[:200]
        article.summary = legacy.summary
        article.author_name = legacy.author[:200]
        article.status = legacy.status
        article.published_at = legacy.published_at if legacy.status != Article.Status.DRAFT else None
        if legacy.status == Article.Status.PUBLISHED and article.published_at is None:
            article.published_at = timezone.now()
        article.views = max(article.views, legacy.views)
        if legacy.rating_count >= article.rating_count:
            article.rating_sum, article.rating_count = legacy.rating_sum, legacy.rating_count
        if existing is None:
            article.save()
        article.body = self.body(article, legacy)
        article.cover = None
        if legacy.cover:
            path = self.local_file(legacy.cover)
            article.cover = self.image(article, path, legacy.cover_alt) if path else None
            if article.cover is None:
                self.result.dropped_images.append((legacy.key, legacy.cover))
        article.save()
        article.tags.set([t for t in (self.tag(name) for name in legacy.tags) if t])
        ArticleEvent.objects.create(
            article=article,
            action=ArticleEvent.Action.IMPORTED,
            note=_("Nhập từ %(source)s (mã cũ %(key)s).") % {"source": self.export.source, "key": legacy.key},
        )
        self.written.append(article)
        if existing is None:
            self.result.created += 1
        else:
            self.result.updated += 1

    # ---- links between articles

    def links(self) -> None:
        """After every article is written: a link of the old site to an article imported here (by its old id or
        page name) points at the article's new address; another link within the old site (an address without a
        scheme) has no target here, so its text is kept without the link, and it is reported. Links to other
        sites, e-mail links and the portal's own addresses are left as they are."""
        targets = {
            key: url
            for key, url in (
                (article.legacy_key, article.get_absolute_url())
                for article in Article.objects.filter(portal=self.portal).exclude(legacy_key="")
            )
        }
        own = f"/cong/{self.portal.slug}/"
        for article in self.written:

            def relink(match: re.Match[str], article: Article = article) -> str:
                href = unescape(match.group("href")).strip()
                if not href or href.startswith(("#", own, "mailto:")) or urlsplit(href).scheme:
                    return match.group(0)
                target = next((targets[key] for key in _old_keys(href) if key in targets), None)
                if target is None:
                    self.result.dropped_links.append((article.legacy_key, href))
                    return match.group("text")
                self.result.links_rewritten += 1
                before, after = match.group("before"), match.group("after")
                return f'<a{before}href="{escape(target)}"{after}>{match.group("text")}</a>'

            body = _LINK.sub(relink, article.body)
            if body != article.body:
                article.body = body
                article.save(update_fields=["body"])

    # ---- documents

    def documents(self) -> None:
        fields = {fold(f.name): f for f in ensure_fields_of_work().values()}
        by_key: dict[str, Document] = {}
        for legacy in self.export.documents:
            label = legacy.code or legacy.key
            if not legacy.published:
                self.result.skipped.append((label, _("văn bản chưa công bố trên cổng cũ")))
                continue
            document = Document(
                owner=self.portal.unit,
                issuer_name=legacy.issuer[:255],
                issue_date=legacy.issued,
                signer=legacy.signer[:255],
                subject=legacy.subject or legacy.code,
                summary=legacy.summary,
                visibility=Document.Visibility.PUBLIC,
                status=Document.Status.EXPIRED if legacy.expires else Document.Status.IN_FORCE,
            )
            try:
                code = document.set_code(legacy.code)
            except doccode.DocCodeError as exc:
                self.result.skipped.append((label, _("số, ký hiệu không đọc được (%(error)s)") % {"error": exc}))
                continue
            if not code.type and legacy.type_name:
                document.type_name = legacy.type_name[:64]
            existing = document.duplicate() or (
                Document.objects.with_code(document.code)
                .filter(registry_key=document.registry_key, issue_date=document.issue_date)
                .first()
            )
            if existing is not None:
                if existing.visibility != Document.Visibility.PUBLIC:
                    if existing.owner_id != self.portal.unit_id:
                        self.result.skipped.append(
                            (label, _("đã có trong sổ của đơn vị khác ở chế độ nội bộ, không tự công khai"))
                        )
                        continue
                    existing.visibility = Document.Visibility.PUBLIC
                    existing.save()  # through save: the change is in the document's history
                document = existing
                self.result.documents_matched += 1
            else:
                matched = fields.get(fold(legacy.area))
                try:
                    document_services.save_document(document, fields=[matched] if matched else [])
                except ValidationError as exc:
                    self.result.skipped.append((label, "; ".join(exc.messages)))
                    continue
                self.result.documents_created += 1
                self.attach(document, legacy)
            by_key[legacy.key] = document
            counter, _created = DocumentCounter.objects.get_or_create(document=document)
            counter.views = max(counter.views, legacy.views)
            counter.downloads = max(counter.downloads, legacy.downloads)
            counter.save(update_fields=["views", "downloads"])
        for legacy in self.export.documents:  # "what replaces what", within the export
            new = by_key.get(legacy.key)
            for old_key in legacy.replaces:
                old = by_key.get(old_key)
                if new is None or old is None or old.pk == new.pk:
                    continue
                DocumentRelation.objects.get_or_create(source=new, target=old, kind=DocumentRelation.Kind.REPLACES)
                if old.replaced_by_id != new.pk:
                    old.replaced_by, old.status = new, Document.Status.REPLACED
                    old.save()

    def attach(self, document: Document, legacy: LegacyDocument) -> None:
        for name in legacy.files:
            path = self.local_file("laws/" + name.lstrip("/")) or self.local_file(name)
            if path is None:
                self.result.skipped.append(
                    (f"{legacy.code}: {name}", _("tệp đính kèm không có trong bản xuất (thư mục uploads/)"))
                )
                continue
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            try:
                document_services.add_attachment(document, upload, None)
            except ValidationError as exc:
                self.result.skipped.append((f"{legacy.code}: {name}", "; ".join(exc.messages)))
                continue
            self.result.attachments += 1


def _old_keys(href: str) -> list[str]:
    """The legacy keys an address of the old site may name: the saved page's name, or the NukeViet article id at
    the end of its last path segment (or of the ``op`` parameter of ``index.php``)."""
    parts = urlsplit(href)
    keys: list[str] = []
    for path in (parts.path, *parse_qs(parts.query).get("op", [])):
        stem = re.sub(r"\.html?$", "", path.strip("/").rsplit("/", 1)[-1])
        if stem:
            keys.append(f"html:{stem}")
            found = _TRAILING_ID.search(stem)
            if found:
                keys.append(f"nukeviet:{found.group(1)}")
    return keys


def run(portal: Portal, export: Export, *, dry_run: bool = False) -> Result:
    """Write ``export`` into ``portal`` in one transaction (rolled back when ``dry_run``)."""
    result = Result(dry_run=dry_run)
    with transaction.atomic():
        writer = _Writer(portal, export, result)
        for legacy in export.articles:
            writer.article(legacy)
        writer.links()
        writer.documents()
        portal.touch()
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        portal.refresh_from_db(fields=["generation"])
    return result


def import_portal(slug: str, path: Path, *, dry_run: bool = False) -> Result:
    """Read ``path`` (nothing is written if it cannot be read) and write it into the portal ``slug``."""
    portal = Portal.objects.select_related("unit").filter(slug=slug).first()
    if portal is None:
        raise ImportFailed(_("Không có cổng thông tin “%(slug)s”.") % {"slug": slug})
    return run(portal, read_export(path), dry_run=dry_run)
