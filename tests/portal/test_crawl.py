"""An anonymous reader's crawl of the public portal: every same-site link from /cong/ (and the sitemap, the feeds),
checked for what must never be public."""

from __future__ import annotations

import html
import re
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core import signing
from django.core.cache import cache
from django.test import Client

from tests.portal.public_support import attach_image, attach_pdf, make_document
from tuyengiao.portal import cache as page_cache
from tuyengiao.portal import counting
from tuyengiao.portal.models import Tag, Thread

LINK = re.compile(r'\b(href|src|action)="([^"]*)"')
LOC = re.compile(r"<(?:loc|link)>([^<]+)</(?:loc|link)>")
SHARE_HOSTS = {"www.facebook.com", "sp.zalo.me", "twitter.com"}
LIMIT = 400
COUNTED = re.compile(r"\d{4}-\d{2}-\d{2}\|[adt0-9,]*")


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    page_cache.forget()


@pytest.fixture
def site(portal: Any, articles: Any, personas: Any) -> dict[str, Any]:
    tag = Tag.objects.create(portal=portal, slug="so-ket", name="Sơ kết")
    thread = Thread.objects.create(portal=portal, slug="hoi-nghi", title="Hội nghị sơ kết")
    for article in articles.values():
        article.tags.add(tag)
        article.thread = thread
        article.save()
        attach_image(portal, article)
    public = make_document(personas.province, "05-CT/TU", "Chỉ thị công khai về học tập và làm theo Bác")
    internal = make_document(personas.commission, "18-KH/BTGTU", "Kế hoạch nội bộ ZINTERNAL", public=False)
    attach_pdf(public)
    attach_pdf(internal, "noi-bo-ZINTERNAL.pdf")
    public.replaced_by = None
    internal.replaced_by = public
    internal.save()
    portal.editor_in_chief = "Trưởng Ban"
    portal.save()
    return {"public": public, "internal": internal}


def _links(body: str, base: str) -> list[tuple[str, str]]:
    found = [(kind, html.unescape(value)) for kind, value in LINK.findall(body)]
    found += [("href", value) for value in LOC.findall(body)]
    return [(kind, urljoin(base, value)) for kind, value in found if value and not value.startswith("#")]


def test_an_anonymous_crawl_reaches_every_page_and_never_sees_what_is_not_public(
    portal: Any, articles: Any, site: Any, personas: Any
) -> None:
    forbidden = [articles[key].title for key in ("scheduled", "draft", "submitted", "unpublished")]
    forbidden += ["18-KH/BTGTU", "ZINTERNAL"]
    for user in (personas.specialist, personas.commune1, personas.leader):
        forbidden += [user.username] + ([user.email] if user.email else [])
    client = Client()
    signer = signing.get_cookie_signer(salt=signing._cookie_signer_salt(counting.DAILY_COOKIE, counting.SALT))
    queue = deque(["/cong/", "/sitemap.xml", f"/cong/{portal.slug}/rss/"])
    seen: set[str] = set(queue)
    problems: list[str] = []
    kinds: set[str] = set()
    while queue and len(seen) < LIMIT:
        path = queue.popleft()
        response = client.get(path)
        for name, morsel in response.cookies.items():
            # Only a download sets a cookie: the daily counting cookie, which holds the day and the ids counted.
            value = signer.unsign(morsel.value) if name == counting.DAILY_COOKIE else ""
            if "/tep/" not in path or not COUNTED.fullmatch(value):
                problems.append(f"{path}: sets cookie {name}={morsel.value}")
        if response.status_code in (301, 302):
            target = response["Location"]
            if target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            problems.append(f"{path} → {response.status_code}")
            continue
        content_type = response["Content-Type"]
        if not content_type.startswith(("text/html", "application/rss", "application/xml", "text/xml")):
            kinds.add(content_type.split(";")[0])
            continue
        body = response.content.decode()
        kinds.add("html" if content_type.startswith("text/html") else "xml")
        problems += [f"{path} shows {text!r}" for text in forbidden if text in body]
        for kind, url in _links(body, f"http://testserver{path}"):
            parts = urlsplit(url)
            if parts.hostname not in (None, "testserver"):
                if parts.hostname in SHARE_HOSTS and kind == "href" and "tg-share" in body:
                    continue
                problems.append(f"{path} links to another host: {kind}={url}")
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith("/static/"):
                if not finders.find(parts.path.removeprefix("/static/")):
                    problems.append(f"{path}: missing static file {parts.path}")
                continue
            if kind == "action" or target in seen:
                continue
            if not (parts.path.startswith("/cong/") or parts.path == "/sitemap.xml"):
                problems.append(f"{path} links out of the public site: {target}")
                continue
            seen.add(target)
            queue.append(target)
    assert not problems, "\n".join(problems)
    assert {"html", "xml", "image/jpeg", "application/pdf"} <= kinds
    assert articles["live"].get_absolute_url() in seen
    assert f"/cong/{portal.slug}/van-ban/{site['public'].pk}/" in seen
    assert len(seen) > 20
