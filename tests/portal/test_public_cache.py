"""The page cache: anonymous pages answered from it (before the heavy middleware), stale at once after a publish,
refreshed when a scheduled article falls due, never for signed-in staff, never with a cookie."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import Client
from django.utils import timezone

from tests.portal.conftest import make_article
from tuyengiao.portal import cache as page_cache
from tuyengiao.portal.models import Article, Portal


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()
    page_cache.forget()


def test_a_second_anonymous_request_is_answered_from_the_cache_without_the_database(
    portal: Any, articles: Any, django_assert_num_queries: Any
) -> None:
    url = f"/cong/{portal.slug}/"
    first = Client().get(url)
    with django_assert_num_queries(0):  # the generation was read less than a second ago
        second = Client().get(url)
    assert second.content == first.content
    assert second["Cache-Control"].startswith("public, max-age=")
    assert second["ETag"] == first["ETag"] and "Last-Modified" in second


def test_a_conditional_get_with_the_current_etag_is_answered_304(portal: Any, articles: Any) -> None:
    url = articles["live"].get_absolute_url()
    etag = Client().get(url)["ETag"]
    response = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_a_publish_is_seen_by_the_next_anonymous_request(portal: Any, articles: Any) -> None:
    url = f"/cong/{portal.slug}/"
    assert "Tin vừa đăng" not in Client().get(url).content.decode()
    make_article(portal, title="Tin vừa đăng", slug="vua-dang")
    assert "Tin vừa đăng" not in Client().get(url).content.decode()  # still the cached page: nothing touched
    portal.touch()
    assert "Tin vừa đăng" in Client().get(url).content.decode()


def test_a_cached_page_lives_no_longer_than_the_next_scheduled_article(portal: Any, articles: Any) -> None:
    due = articles["scheduled"].published_at
    assert page_cache.expiry(portal.pk, time.time()) == pytest.approx(min(due.timestamp(), time.time() + 600), abs=2)
    soon = timezone.now() + dt.timedelta(seconds=30)
    Article.objects.filter(pk=articles["scheduled"].pk).update(published_at=soon)
    response = Client().get(f"/cong/{portal.slug}/")
    max_age = int(response["Cache-Control"].rsplit("=", 1)[1])
    assert max_age <= 30


def test_another_server_process_sees_a_publish_within_a_second(portal: Any, articles: Any) -> None:
    url = f"/cong/{portal.slug}/"
    Client().get(url)
    make_article(portal, title="Tin vừa đăng", slug="vua-dang")
    Portal.objects.filter(pk=portal.pk).update(generation=F("generation") + 1)  # touch() in another process
    time.sleep(page_cache.GENERATION_SECONDS + 0.1)
    assert "Tin vừa đăng" in Client().get(url).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(portal: Any, articles: Any) -> None:
    scheduled = articles["scheduled"]
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() + dt.timedelta(seconds=1))
    url = f"/cong/{portal.slug}/"
    assert scheduled.title not in Client().get(url).content.decode()
    time.sleep(1.5)
    assert scheduled.title in Client().get(url).content.decode()


def test_signed_in_staff_are_never_served_cached_pages(portal: Any, articles: Any, personas: Any) -> None:
    url = f"/cong/{portal.slug}/"
    Client().get(url)  # cached for the anonymous
    make_article(portal, title="Tin mới cho biên tập viên", slug="moi")
    staff = personas.client(personas.specialist)
    response = staff.get(url)
    assert "Tin mới cho biên tập viên" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"


def test_cached_public_pages_set_no_cookie_and_do_not_vary_on_cookies(portal: Any, articles: Any) -> None:
    client = Client()
    for url in (f"/cong/{portal.slug}/", articles["live"].get_absolute_url()):
        for _ in range(2):
            response = client.get(url)
            assert not response.cookies, url
            assert "Cookie" not in response.get("Vary", ""), url
            assert "csrftoken" not in client.cookies
