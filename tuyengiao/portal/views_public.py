"""The public portal (/cong/, no account): portal list, home, sections, articles and their print view, tags, event
threads, images, search, the document library, and the endpoints that count views and ratings.

What a reader can reach is decided in two places only: ``ArticleQuerySet.live`` (published and due) and
``DocumentQuerySet.public_library`` (marked public, owner in the portal's territory today). Anything else (drafts,
submitted, scheduled, unpublished and archived articles; internal documents; another province's documents under this
portal's slug) is 404 at every URL, whatever the slug or id. Archived articles are withdrawn from the public site
(kept in the desk only): they are not ``live``, so 404 like unpublished ones.

Pages are rendered without the request (``render_to_string`` with no context processor): no template can reach the
session, the user or a CSRF token, so the cached pages (``portal/cache.py``) carry no cookie and no ``Vary: Cookie``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from tuyengiao.documents.models import Attachment, Document, DocumentQuerySet, DocumentRelation, FieldOfWork
from tuyengiao.lib import downloads
from tuyengiao.lib.text import fold
from tuyengiao.portal import counting, images
from tuyengiao.portal.cache import public_page
from tuyengiao.portal.models import Article, ArticleImage, ArticleQuerySet, Portal, Tag, Thread
from tuyengiao.units.models import UnitVersion, names_at

PAGE_SIZE = 20
HOME_PER_SECTION = 5
FEATURED = 5
IMAGE_SECONDS = 7 * 24 * 3600  # an image's URL never changes content (a new upload is a new id)


# --- Helpers ----------------------------------------------------------------------------------------------------


def _portal(slug: str) -> Portal:
    return get_object_or_404(Portal, slug=slug, is_active=True)


def _site_url(request: HttpRequest, path: str) -> str:
    base = getattr(settings, "TG_SITE_URL", "")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _page(request: HttpRequest, template: str, portal: Portal | None, context: dict[str, Any]) -> HttpResponse:
    """The page, rendered without the request (see the module docstring)."""
    base: dict[str, Any] = {"portal": portal, "query": request.GET, "path": request.path}
    if portal is not None:
        base["sections"] = context.pop("sections", None) or list(portal.sections.all())
    return HttpResponse(render_to_string(template, {**base, **context}))


def _live(portal: Portal) -> ArticleQuerySet:
    return Article.objects.live().filter(portal=portal)


def _cards(qs: ArticleQuerySet) -> ArticleQuerySet:
    return qs.select_related("section", "cover").only(
        "pk",
        "slug",
        "title",
        "summary",
        "published_at",
        "portal_id",
        "section__name",
        "section__slug",
        "section__portal_id",
        "cover__id",
        "cover__portal_id",
        "cover__width",
        "cover__height",
        "cover__alt",
    )


def _bind(portal: Portal, articles: Any) -> list[Article]:
    """The articles (and their covers) told their portal, so that their URLs cost no query each."""
    items = list(articles)
    for article in items:
        article.portal = portal
        if article.cover_id and article.cover is not None:
            article.cover.portal = portal
    return items


def _paged(request: HttpRequest, portal: Portal, qs: Any) -> Any:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    page.object_list = _bind(portal, page.object_list)
    return page


def _library(portal: Portal) -> DocumentQuerySet:
    return Document.objects.public_library(portal.territory_id)


def _issuers(documents: list[Document]) -> dict[int, str]:
    """Each document's issuer as a reader knows it: the name given, else the unit's name on the issue date, else
    the symbol (one query for the lot)."""
    today = timezone.localdate()
    wanted = [(d.issuer_unit_id, d.issue_date or today) for d in documents if d.issuer_unit_id and not d.issuer_name]
    found = names_at(wanted) if wanted else {}
    return {
        d.pk: d.issuer_name or found.get((d.issuer_unit_id, d.issue_date or today), "") or d.issuer_code  # type: ignore[arg-type]
        for d in documents
    }


def _same_origin(request: HttpRequest) -> bool:
    """A counting or rating post comes from our own page: its ``Origin`` (every browser sends one with a POST)
    names this host. Posts without an Origin (old browsers, scripts) are accepted: they carry no cookie of ours
    to abuse and could as well be sent by hand."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    return urlsplit(origin).netloc == request.get_host()


# --- Pages ------------------------------------------------------------------------------------------------------


@require_safe
@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The active portals (/cong/)."""
    portals = list(Portal.objects.filter(is_active=True).order_by("pk"))
    return _page(request, "portal/public/index.html", None, {"portals": portals})


@require_safe
@public_page
def home(request: HttpRequest, slug: str) -> HttpResponse:
    """Featured news, then the latest articles of each section shown on the home page (one query for all
    sections: a window function numbers each section's articles)."""
    portal = _portal(slug)
    sections = list(portal.sections.all())
    live = _live(portal)
    featured = _bind(portal, _cards(live.filter(featured=True))[:FEATURED])
    ranked = (
        _cards(live.filter(section__on_home=True).exclude(pk__in=[a.pk for a in featured]))
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("section_id")], order_by=[F("published_at").desc(), F("pk").desc()]
            )
        )
        .filter(rank__lte=HOME_PER_SECTION)
    )
    by_section: dict[int, list[Article]] = defaultdict(list)
    for article in _bind(portal, ranked):
        by_section[article.section_id].append(article)
    blocks = [(s, by_section[s.pk]) for s in sections if s.on_home and by_section.get(s.pk)]
    documents = list(_library(portal).order_by("-issue_date", "-pk")[:5])
    context = {"sections": sections, "featured": featured, "blocks": blocks, "documents": documents}
    return _page(request, "portal/public/home.html", portal, context)


@require_safe
@public_page
def section(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    portal = _portal(slug)
    sections = list(portal.sections.all())
    current = next((s for s in sections if s.slug == section_slug), None)
    if current is None:
        raise Http404
    page = _paged(request, portal, _cards(_live(portal).filter(section=current)))
    context = {"sections": sections, "section": current, "page": page}
    return _page(request, "portal/public/section.html", portal, context)


def _article(portal: Portal, pk: int) -> Article:
    article = _live(portal).filter(pk=pk).select_related("section", "cover", "thread").defer("search_text").first()
    if article is None:
        raise Http404
    _bind(portal, [article])
    return article


def _share_links(url: str, title: str) -> list[tuple[str, str]]:
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("Zalo", f"https://sp.zalo.me/share_to_zalo?url={u}"),
        ("X", f"https://twitter.com/intent/tweet?url={u}&text={t}"),
    ]


@require_safe
@public_page
def article(request: HttpRequest, slug: str, pk: int, article_slug: str) -> HttpResponse:
    portal = _portal(slug)
    item = _article(portal, pk)
    if item.slug != article_slug:
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    live = _live(portal)
    related = _bind(portal, _cards(live.filter(pk__in=item.related.values("pk")))[:5])
    if not related:
        related = _bind(portal, _cards(live.filter(section=item.section_id).exclude(pk=item.pk))[:4])
    thread_articles = (
        _bind(portal, _cards(live.filter(thread=item.thread_id).exclude(pk=item.pk))[:8]) if item.thread_id else []
    )
    url = _site_url(request, item.get_absolute_url())
    context = {
        "article": item,
        "body": images.shown(item.body, portal),
        "tags": list(item.tags.all()),
        "related": related,
        "thread_articles": thread_articles,
        "share_links": _share_links(url, item.title),
        "share_url": url,
        "count_url": reverse("public:count_article", args=[portal.slug, item.pk]),
    }
    return _page(request, "portal/public/article.html", portal, context)


@require_safe
@public_page
def article_print(request: HttpRequest, slug: str, pk: int, article_slug: str) -> HttpResponse:
    """The print view: the article alone, no menus, print CSS."""
    portal = _portal(slug)
    item = _article(portal, pk)
    if item.slug != article_slug:
        return HttpResponsePermanentRedirect(reverse("public:print", args=[portal.slug, item.pk, item.slug]))
    context = {
        "article": item,
        "body": images.shown(item.body, portal),
        "share_url": _site_url(request, item.get_absolute_url()),
        "sections": [None],
    }
    return _page(request, "portal/public/print.html", portal, context)


@require_safe
@public_page
def tag(request: HttpRequest, slug: str, tag_slug: str) -> HttpResponse:
    portal = _portal(slug)
    current = get_object_or_404(Tag, portal=portal, slug=tag_slug)
    page = _paged(request, portal, _cards(_live(portal).filter(tags=current)))
    return _page(request, "portal/public/tag.html", portal, {"tag": current, "page": page})


@require_safe
@public_page
def thread(request: HttpRequest, slug: str, thread_slug: str) -> HttpResponse:
    portal = _portal(slug)
    current = get_object_or_404(Thread, portal=portal, slug=thread_slug)
    page = _paged(request, portal, _cards(_live(portal).filter(thread=current)))
    return _page(request, "portal/public/thread.html", portal, {"thread": current, "page": page})


@require_safe
def image(request: HttpRequest, slug: str, pk: int) -> HttpResponse | FileResponse:
    """An article's image, only while an article it belongs to (or is the cover of) is live; otherwise 404
    (a draft's images are previewed on the desk). Cached a week by browsers and proxies; ETag is its hash."""
    portal = _portal(slug)
    live = _live(portal)
    found = (
        ArticleImage.objects.filter(pk=pk, portal=portal)
        .filter(Q(article__in=live.values("pk")) | Q(pk__in=live.filter(cover__isnull=False).values("cover")))
        .first()
    )
    if found is None:
        raise Http404
    etag = f'"{found.sha256}"'
    headers = {"Cache-Control": f"public, max-age={IMAGE_SECONDS}", "ETag": etag}
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response: HttpResponse | FileResponse = HttpResponseNotModified()
    else:
        try:
            handle = found.file.open("rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type=found.content_type)
    for name, value in headers.items():
        response.headers[name] = value
    return response


@require_safe
@public_page
def search(request: HttpRequest, slug: str) -> HttpResponse:
    """News and documents of the portal, accent-insensitive ("hoi nghi" finds "Hội nghị"); a document number in
    any written form, or a type and a number ("Chỉ thị 05"), finds the document."""
    portal = _portal(slug)
    query = request.GET.get("q", "").strip()[:200]
    articles: list[Article] = []
    documents: list[Document] = []
    if query:
        articles = _bind(portal, _cards(_live(portal).search(query))[:PAGE_SIZE])
        documents = list(_library(portal).matching(query).select_related("public_counter")[:PAGE_SIZE])
    context = {"q": query, "articles": articles, "documents": documents, "issuers": _issuers(documents)}
    return _page(request, "portal/public/search.html", portal, context)


# --- The document library -------------------------------------------------------------------------------------


def _library_filters(request: HttpRequest, documents: DocumentQuerySet) -> tuple[DocumentQuerySet, dict[str, Any]]:
    get = request.GET
    q = get.get("q", "").strip()[:200]
    type_name = get.get("loai", "").strip()[:64]
    issuer = get.get("co_quan", "").strip()[:200]
    year_text = get.get("nam", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    field = get.get("linh_vuc", "").strip()[:32]
    if q:
        documents = documents.matching(q)
    if type_name:
        documents = documents.filter(type_name=type_name)
    if issuer:
        folded = fold(issuer)
        units = UnitVersion.objects.search(folded).values("unit_id")
        documents = documents.filter(
            Q(issuer_code__iexact=issuer.replace(" ", ""))
            | Q(issuer_key__contains=f"name:{folded}")
            | Q(issuer_unit_id__in=units)
        )
    if year:
        documents = documents.filter(year=year)
    if field:
        documents = documents.filter(fields__code=field)
    chosen = {"q": q, "type_name": type_name, "issuer": issuer, "year": year, "field": field}
    return documents, chosen


@require_safe
@public_page
def library(request: HttpRequest, slug: str) -> HttpResponse:
    """The portal's public documents, 20 a page, with the filters of the registry: number (any written form, or
    "Chỉ thị 05"), type, issuer, year, field of work; words accent-insensitive."""
    portal = _portal(slug)
    everything = _library(portal)
    documents, chosen = _library_filters(request, everything)
    if not chosen["q"] or documents.query.order_by == ():
        documents = documents.order_by("-issue_date", "-number")
    page = Paginator(documents.select_related("public_counter"), PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = list(page.object_list)
    context = {
        "page": page,
        "rows": rows,
        "issuers": _issuers(rows),
        "chosen": chosen,
        "type_names": list(everything.order_by("type_name").values_list("type_name", flat=True).distinct()),
        "years": list(everything.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()),
        "fields_of_work": list(FieldOfWork.objects.all()),
        "library_page": True,
    }
    return _page(request, "portal/public/library.html", portal, context)


def _public_document(portal: Portal, pk: int) -> Document:
    document = _library(portal).filter(pk=pk).select_related("public_counter").first()
    if document is None:
        raise Http404
    return document


@require_safe
@public_page
def document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A public document: number, date, issuer, fields, summary, validity, what it replaces and what replaced it
    (public ones only, linked), attachments with a PDF preview, views and downloads. The registry keeps no signer,
    so none is shown."""
    portal = _portal(slug)
    item = _public_document(portal, pk)
    library_ids = _library(portal)
    replaced_by = (
        library_ids.filter(
            Q(pk=item.replaced_by_id)
            | Q(relations_out__kind=DocumentRelation.Kind.REPLACES, relations_out__target=item)
        )
        .distinct()
        .only("pk", "code", "type_name", "subject")
    )
    replaces = (
        library_ids.filter(
            Q(replaced_by=item) | Q(relations_in__kind=DocumentRelation.Kind.REPLACES, relations_in__source=item)
        )
        .distinct()
        .only("pk", "code", "type_name", "subject")
    )
    attachments = list(item.attachments.all())
    preview = next((a for a in attachments if a.content_type == downloads.PDF), None)
    counter = getattr(item, "public_counter", None)
    context = {
        "document": item,
        "issuer": _issuers([item])[item.pk],
        "fields_of_work": list(item.fields.all()),
        "replaced_by": list(replaced_by),
        "replaces": list(replaces),
        "attachments": attachments,
        "preview": preview,
        "views": counter.views if counter else 0,
        "downloads": counter.downloads if counter else 0,
        "count_url": reverse("public:count_document", args=[portal.slug, item.pk]),
        "library_page": True,
    }
    return _page(request, "portal/public/document.html", portal, context)


def _attachment(portal: Portal, pk: int, attachment_pk: int) -> tuple[Document, Attachment]:
    item = _public_document(portal, pk)
    return item, get_object_or_404(Attachment, pk=attachment_pk, document=item)


@require_safe
def download(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> FileResponse:
    """An attachment of a public document, as a download; counted once per browser per day (``counting``)."""
    portal = _portal(slug)
    item, attachment = _attachment(portal, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404 from None
    response = downloads.file_attachment(handle, attachment.original_name, attachment.content_type)
    if counting.once_today(request, response, f"t{item.pk}"):
        counting.add_document(item.pk, download=True)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@require_safe
@xframe_options_sameorigin
def preview(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> FileResponse:
    """A PDF attachment shown inline, for the document page's <iframe>: the only response that may be framed,
    and only by our own pages (X-Frame-Options SAMEORIGIN, CSP frame-ancestors 'self')."""
    portal = _portal(slug)
    _item, attachment = _attachment(portal, pk, attachment_pk)
    if attachment.content_type != downloads.PDF:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=downloads.PDF)
    response.headers["Content-Disposition"] = downloads.disposition(attachment.original_name, inline=True)
    response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# --- Counting and rating (posted by static/js/portal-public.js) -------------------------------------------------


@csrf_exempt
@require_POST
def count_article(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The beacon of an article page: one more view, once per browser per day (``portal/counting.py``).

    CSRF-exempt on purpose: the article page is cached and shared by every reader, so it cannot carry a per-user
    token, and it sets no cookie (a CSRF cookie would make it private). What a forged cross-site post could do is
    add a view: browsers send an ``Origin`` with every POST and a foreign one is refused (403); the ``tg_dem``
    cookie (SameSite=Lax) then limits a browser to one count a day. Nothing else is changed by this endpoint.
    """
    portal = _portal(slug)
    if not _same_origin(request):
        return HttpResponseForbidden()
    if not _live(portal).filter(pk=pk).exists():
        raise Http404
    response = HttpResponse(status=204)
    if counting.once_today(request, response, f"a{pk}"):
        counting.add_article_view(pk)
    return response


@csrf_exempt
@require_POST
def count_document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The beacon of a document page: one more view of a public document, once per browser per day. CSRF-exempt
    for the reasons of ``count_article``."""
    portal = _portal(slug)
    if not _same_origin(request):
        return HttpResponseForbidden()
    item = _public_document(portal, pk)
    response = HttpResponse(status=204)
    if counting.once_today(request, response, f"d{item.pk}"):
        counting.add_document(item.pk)
    return response


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt
@require_POST
def rate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A reader's rating, 1 to 5 stars: added to the article's sums only (who rated is never stored), once per
    browser per article (the ``tg_danhgia`` cookie). A value other than 1–5 is refused (400) and changes nothing.

    CSRF-exempt like ``count_article``: the rating form is on a cached page shared by every reader, so it carries
    no per-user token; a foreign ``Origin`` is refused (403) and the cookie allows one rating per browser. A forged
    cross-site post could at most add one rating from the victim's browser, once.
    Answers JSON to the page's script (``Accept: application/json``), otherwise redirects back to the article.
    """
    portal = _portal(slug)
    if not _same_origin(request):
        return HttpResponseForbidden()
    item = _live(portal).filter(pk=pk).only("pk", "slug", "portal_id", "rating_enabled").first()
    if item is None or not item.rating_enabled:
        raise Http404
    value = request.POST.get("diem", "")
    if value not in {"1", "2", "3", "4", "5"}:
        message = _("Điểm đánh giá phải là một số từ 1 đến 5.")
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    counted = not counting.already_rated(request, item.pk)
    if counted:
        counting.add_rating(item.pk, int(value))
    fresh = Article.objects.filter(pk=item.pk).values("rating_sum", "rating_count").get()
    message = _("Cảm ơn bạn đã đánh giá.") if counted else _("Bạn đã đánh giá bài này.")
    if _wants_json(request):
        count = fresh["rating_count"]
        average = fresh["rating_sum"] / count if count else 0
        response: HttpResponse = JsonResponse(
            {
                "ok": True,
                "counted": counted,
                "message": message,
                "average": f"{average:.1f}".replace(".", ","),
                "count": count,
            }
        )
    else:
        response = redirect(item.get_absolute_url() + "#danh-gia")
    if counted:
        counting.remember_rating(request, response, item.pk)
    return response
