"""Reader figures without readers: views and downloads once per visitor per day, ratings once per article.

Nothing on the server says who read what. The reader's browser keeps the memory of what it was already counted
for, in two signed cookies (``django.core.signing``: the server can trust what it wrote, the reader can only
delete it, which at worst counts them once more):

* ``tg_dem``: today's date and the keys already counted today ("a12" article 12 viewed, "d5" document 5 viewed,
  "t5" document 5 downloaded). It expires at the end of the day (Asia/Ho_Chi_Minh); a cookie of another day is
  ignored. At most ``MAX_KEYS`` keys (the oldest go first: a reader of 300 pages a day may be counted twice).
* ``tg_danhgia``: the articles this browser rated (at most ``MAX_KEYS``, a year).

Neither cookie carries an identifier: every reader who read the same pages on the same day holds the same cookie.
The server stores only the sums (``Article.views``, ``rating_sum``/``rating_count``, ``DocumentCounter``), each
incremented with ``F()`` in one UPDATE statement, so concurrent readers never lose a count.

Article and document pages are cached (``portal/cache.py``): they carry no cookie and count nothing themselves.
A small script (``static/js/portal-public.js``) posts to the page's counting endpoint once the page is shown; the
endpoint answers 204 and sets ``tg_dem``. A download is counted by the download itself (a file response is not
cached).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from tuyengiao.portal.models import Article, DocumentCounter

DAILY_COOKIE = "tg_dem"
RATED_COOKIE = "tg_danhgia"
SALT = "tuyengiao.portal.counting"
MAX_KEYS = 300
PATH = "/cong/"


def _read(request: HttpRequest, name: str) -> str:
    return str(request.get_signed_cookie(name, default="", salt=SALT) or "")


def _set(response: HttpResponseBase, name: str, value: str, max_age: int) -> None:
    response.set_signed_cookie(
        name,
        value,
        salt=SALT,
        max_age=max_age,
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def seconds_to_midnight(now: dt.datetime | None = None) -> int:
    local = timezone.localtime(now)
    midnight = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60, int((midnight - local).total_seconds()))


def counted_today(request: HttpRequest) -> list[str]:
    """The keys this browser was counted for today (from its ``tg_dem`` cookie; empty on another day)."""
    value = _read(request, DAILY_COOKIE)
    day, _, keys = value.partition("|")
    if day != timezone.localdate().isoformat():
        return []
    return [key for key in keys.split(",") if key]


def once_today(request: HttpRequest, response: HttpResponseBase, key: str) -> bool:
    """True the first time today this browser asks for ``key`` (the caller then counts); the cookie is set on
    ``response`` either way (a browser without it is counted each time, which only a cookie refuser can do)."""
    keys = counted_today(request)
    first = key not in keys
    if first:
        keys = [*keys, key][-MAX_KEYS:]
    _set(response, DAILY_COOKIE, f"{timezone.localdate().isoformat()}|{','.join(keys)}", seconds_to_midnight())
    return first


def already_rated(request: HttpRequest, article_id: int) -> bool:
    return str(article_id) in _read(request, RATED_COOKIE).split(",")


def remember_rating(request: HttpRequest, response: HttpResponseBase, article_id: int) -> None:
    rated = [key for key in _read(request, RATED_COOKIE).split(",") if key]
    rated = [*rated, str(article_id)][-MAX_KEYS:]
    _set(response, RATED_COOKIE, ",".join(rated), 365 * 24 * 3600)


def add_article_view(article_id: int) -> int:
    """One more view of a live article (one UPDATE); the number of rows changed (0: not live)."""
    return Article.objects.live().filter(pk=article_id).update(views=F("views") + 1)


def add_rating(article_id: int, stars: int) -> int:
    """One more rating of a live article that accepts ratings (one UPDATE)."""
    return (
        Article.objects.live()
        .filter(pk=article_id, rating_enabled=True)
        .update(rating_sum=F("rating_sum") + stars, rating_count=F("rating_count") + 1)
    )


def add_document(document_id: int, *, download: bool = False) -> None:
    """One more view (or download) of a public document: one UPDATE, or the counter's first row."""
    field = "downloads" if download else "views"
    if DocumentCounter.objects.filter(document_id=document_id).update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            DocumentCounter.objects.create(document_id=document_id, **{field: 1})
    except IntegrityError:  # another reader created it meanwhile
        DocumentCounter.objects.filter(document_id=document_id).update(**{field: F(field) + 1})
