"""The public portal's page cache: anonymous GET pages kept server-side and served with HTTP caching headers.

``PortalCacheMiddleware`` sits near the top of ``settings.MIDDLEWARE`` (after the security and CSP headers, before
sessions, CSRF, authentication and the rest): for a GET of a /cong/ page by a browser without a session cookie it
answers a cache hit at once, without those layers and without the database: a hit costs one cache read. The
portal's ``generation`` is read from the database at most once a second in each server process
(``GENERATION_SECONDS``; measured: the query and the connection's health check were two thirds of a hit's time on
PostgreSQL), and ``Portal.touch()`` forgets it in its own process at once (``forget``): a publish is seen by the next
request of that process and by every other server process within a second.

* **Key**: the portal's slug, its ``generation`` and the full path with the query string (hashed). ``Portal.touch()``
  (every publish, unpublish, edit of a live article, section rename…) bumps ``generation``: every page of that
  portal is missed from then on and refilled on demand; the old entries age out. The list of portals (/cong/) is
  keyed by the sum and number of active portals' generations.
* **Scheduled articles**: an entry lives ``SERVER_SECONDS`` (10 minutes) at most, and never past the next scheduled
  ``published_at`` of its portal (looked up when the entry is stored), so a scheduled article is on the home page
  the moment it is due, although nothing bumps ``generation`` then.
* **Counters** (views, ratings, document downloads) change no generation: the figures shown may be up to
  ``SERVER_SECONDS`` old. Views are counted by a beacon (``portal/counting.py``), not by the page.
* **HTTP**: ``Cache-Control: public, max-age=BROWSER_SECONDS`` (60 s, or less when the entry expires sooner),
  ``ETag`` (hash of the body) and ``Last-Modified``; ``If-None-Match`` with the current ETag is answered 304.
* **Who is served from the cache**: only requests without a session cookie. A signed-in user (staff previewing the
  site) goes through the whole stack and gets ``Cache-Control: private, no-cache`` (``public_page``).
* **No leak**: only responses of views decorated with ``public_page`` are stored, and only when they set no cookie
  (the public templates are rendered without the request: no context processor touches the session, no CSRF token
  is ever asked for, so no CSRF cookie is set on a public page); the ``Vary: Cookie`` the staff middleware adds is
  dropped from the stored copy (``_headers``).

The cache is Django's default cache: per process memory unless ``TG_CACHE_URL`` names a Redis server.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_etags

PREFIX = "/cong/"
SERVER_SECONDS = 600
BROWSER_SECONDS = 60
GENERATION_SECONDS = 1.0
# Headers not stored with an entry: the outer middleware adds its own on every answer.
_SKIPPED = {"set-cookie", "date", "content-length"}


@dataclass
class Entry:
    status: int
    content: bytes
    headers: list[tuple[str, str]]
    etag: str
    stored: float
    expires: float

    def answer(self, request: HttpRequest, now: float) -> HttpResponseBase:
        max_age = max(0, min(BROWSER_SECONDS, int(self.expires - now)))
        if self.etag in parse_etags(request.headers.get("If-None-Match", "")):
            response: HttpResponseBase = HttpResponseNotModified()
        else:
            response = HttpResponse(self.content, status=self.status)
            for name, value in self.headers:
                response.headers[name] = value
        response.headers["ETag"] = self.etag
        response.headers["Last-Modified"] = http_date(self.stored)
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
        response.headers["Age"] = str(int(now - self.stored))
        return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a public view's page as cacheable (for anonymous readers); a signed-in user's is not."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        # The session is only looked at when the browser has one: looking would add "Vary: Cookie".
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-cache"
        elif response.status_code == 200:
            response.portal_cache = True  # type: ignore[attr-defined]
            response.headers.setdefault("Cache-Control", f"public, max-age={BROWSER_SECONDS}")
        return response

    return wrapper


def _portal_slug(path: str) -> str | None:
    rest = path[len(PREFIX) :]
    slug = rest.split("/", 1)[0]
    return slug or None


@dataclass
class Basis:
    """What a page's cache entry depends on: its key and the time it must be refreshed by."""

    key: str
    portal_id: int | None


# slug (or "" for the list of portals) → (when read, portal id, generation or signature), per server process.
_generations: dict[str, tuple[float, int | None, str]] = {}


def forget(slug: str | None = None) -> None:
    """Drop this process's memory of a portal's generation (``Portal.touch`` calls it), or of all of them."""
    if slug is None:
        _generations.clear()
    else:
        _generations.pop(slug, None)
        _generations.pop("", None)


def _generation(slug: str) -> tuple[int | None, str] | None:
    """(portal id, generation) of an active portal, or of the list of portals (id None); None: no such portal.
    Read from the database at most once every ``GENERATION_SECONDS`` in each server process."""
    from tuyengiao.portal.models import Portal

    now = time.monotonic()
    known = _generations.get(slug)
    if known is not None and now - known[0] < GENERATION_SECONDS:
        return known[1], known[2]
    if not slug:
        figures = Portal.objects.filter(is_active=True).aggregate(g=Sum("generation"), n=Count("pk"))
        found: tuple[int | None, str] | None = (None, f"{figures['g'] or 0}.{figures['n']}")
    else:
        row = Portal.objects.filter(slug=slug, is_active=True).values_list("pk", "generation").first()
        found = (row[0], str(row[1])) if row else None
    if found is None:
        _generations.pop(slug, None)
        return None
    _generations[slug] = (now, *found)
    return found


def basis(request: HttpRequest) -> Basis | None:
    """The cache key of a /cong/ GET, or None for an unknown portal (its 404 is not cached)."""
    slug = _portal_slug(request.path) or ""
    found = _generation(slug)
    if found is None:
        return None
    portal_id, generation = found
    digest = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return Basis(f"portal-page:{portal_id or 'index'}:{generation}:{digest}", portal_id)


def expiry(portal_id: int | None, now: float) -> float:
    """When an entry stored now must be refreshed: ``SERVER_SECONDS`` from now, or the portal's next scheduled
    article's time if sooner (one query)."""
    from tuyengiao.portal.models import Article

    limit = now + SERVER_SECONDS
    if portal_id is None:
        return limit
    due = Article.objects.filter(
        portal_id=portal_id, status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(due=Min("published_at"))["due"]
    return min(limit, due.timestamp()) if due else limit


def storable(response: HttpResponseBase) -> bool:
    """A ``public_page`` answered 200 and set no cookie (the request had no session cookie: the middleware checks
    that before it stores anything)."""
    return (
        getattr(response, "portal_cache", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


def _headers(response: HttpResponseBase) -> list[tuple[str, str]]:
    """The headers an entry keeps. ``Vary: Cookie`` is dropped: the staff middleware further down looks at the
    (absent) session of every request, which adds it, but a public page is rendered without the request and the
    same for every reader; the cache serves only browsers without a session cookie."""
    kept = []
    for name, value in response.headers.items():
        if name.lower() in _SKIPPED:
            continue
        if name.lower() == "vary":
            value = ", ".join(v.strip() for v in value.split(",") if v.strip().lower() != "cookie")
            if not value:
                continue
        kept.append((name, value))
    return kept


def store(key: str, response: HttpResponse, portal_id: int | None) -> Entry:
    now = time.time()
    content = response.content
    entry = Entry(
        status=response.status_code,
        content=content,
        headers=_headers(response),
        etag='"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"',
        stored=now,
        expires=expiry(portal_id, now),
    )
    timeout = max(1, int(entry.expires - now))
    cache.set(key, entry, timeout)
    return entry


class PortalCacheMiddleware:
    """Answers anonymous GETs of /cong/ pages from the cache before the heavy middleware runs (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method != "GET"
            or not request.path.startswith(PREFIX)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        found = basis(request)
        if found is None:
            return self.get_response(request)
        now = time.time()
        entry: Entry | None = cache.get(found.key)
        if entry is not None and entry.expires > now:
            return entry.answer(request, now)
        response = self.get_response(request)
        if storable(response):
            entry = store(found.key, response, found.portal_id)  # type: ignore[arg-type]
            return entry.answer(request, time.time())
        return response
