"""Page budgets on the demo data (issue #13 §5, slow networks): every page an ordinary user reaches from the
main menu and the home page, and the first record each list links to, is under 300 KB of HTML and issues a
bounded number of SQL queries.

The pages are found as a user finds them: the menu's links and the home page's links in the rendered HTML,
then the first link of each menu page to a page below it. Downloads and forms are left out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tuyengiao.awards.demo import ensure_awards
from tuyengiao.dissemination.demo import ensure_dissemination
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.followup.demo import ensure_followup
from tuyengiao.meetings.demo import ensure_meetings
from tuyengiao.people.demo import ensure_people
from tuyengiao.reports.demo import ensure_forms, ensure_reports

BUDGET_BYTES = 300 * 1024
MAX_QUERIES = 60  # the most chatty page issues 50 today (the leader's home page); keep a margin
# The analytical pages consolidate once per period they show (a trend of 12 months, a pivot's months), each
# consolidation a few statements: bounded by the periods, never by the units or the figures (tests/analytics).
ANALYTICS_MAX_QUERIES = 150

NAV = re.compile(r'<div class="collapse navbar-collapse" id="tg-nav">(.*?)</div>', re.S)
MAIN = re.compile(r'<main id="main"[^>]*>(.*?)</main>', re.S)
LINK = re.compile(r"<a\b([^>]*)>")
HREF = re.compile(r'\shref="([^"]+)"')
RECORD = re.compile(r"([a-z-]+/)?\d+/")  # /van-ban/12/, /thi-dua/dot/4/
DOWNLOAD = re.compile(r"\.(xlsx|csv|docx|pdf|ics)$|/xuat|/tai-|/mau-|/tep/|/minh-chung/|/dinh-kem/")


@dataclass
class Measured:
    who: str
    url: str
    size: int
    queries: int
    text: str


@pytest.fixture
def demo_content(personas: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_documents()
    ensure_forms()
    ensure_reports()
    ensure_dissemination()
    ensure_people()
    ensure_followup()
    ensure_meetings()
    ensure_awards()


def _links(fragment: str) -> list[str]:
    urls = []
    for attributes in LINK.findall(fragment):
        if " download" in attributes:
            continue
        found = HREF.search(attributes)
        if not found:
            continue
        url = html.unescape(found.group(1))
        path = urlsplit(url).path
        if not url.startswith("/") or url.startswith("//") or DOWNLOAD.search(path):
            continue
        urls.append(url)
    return urls


def _open(client: Client, who: str, url: str, seen: dict[str, Measured]) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, follow=True)  # a menu entry may lead to the user's own unit
    assert response.status_code == 200, (who, url, response.status_code)
    text = response.content.decode()
    seen[url] = Measured(who, url, len(response.content), len(queries), text)
    return text


def _walk(client: Client, who: str) -> dict[str, Measured]:
    seen: dict[str, Measured] = {}
    home = _open(client, who, "/", seen)
    nav = NAV.search(home)
    main = MAIN.search(home)
    assert nav and main
    menu = [url for url in _links(nav.group(1)) if url != "/"]
    for url in _links(main.group(1)):
        if url not in seen:
            _open(client, who, url, seen)
    for url in menu:
        page = seen[url].text if url in seen else _open(client, who, url, seen)
        body = MAIN.search(page)
        assert body
        below = [link for link in _links(body.group(1)) if urlsplit(link).path.startswith(url) and link != url]
        records = [link for link in below if RECORD.match(urlsplit(link).path[len(url) :])]
        for link in below[:1] + records[:1]:  # the first page below the list, and its first record
            if link not in seen:
                _open(client, who, link, seen)
    return seen


def test_every_page_reached_from_the_menu_and_the_home_page_is_under_300_kb_with_bounded_queries(
    personas: Any, demo_content: None
) -> None:
    measured: list[Measured] = []
    for who in ("commune1", "specialist", "leader", "viewer"):
        measured += _walk(personas.client(getattr(personas, who)), who).values()
    measured.sort(key=lambda m: m.size, reverse=True)
    for m in measured[:3]:  # the largest pages, for the record (pytest -s)
        print(f"{m.size / 1024:7.1f} KB {m.queries:3d} queries  {m.who:10s} {m.url}")
    assert len({m.url for m in measured}) > 30  # the walk really went through the site
    too_big = [(m.who, m.url, m.size) for m in measured if m.size >= BUDGET_BYTES]
    assert not too_big, too_big
    too_chatty = [
        (m.who, m.url, m.queries)
        for m in measured
        if m.queries > (ANALYTICS_MAX_QUERIES if m.url.startswith("/phan-tich/") else MAX_QUERIES)
    ]
    assert not too_chatty, too_chatty
