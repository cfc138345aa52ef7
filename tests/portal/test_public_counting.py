"""Views once per browser per day, ratings once per article, forged ratings refused; nothing stores a reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tuyengiao.portal import cache as page_cache
from tuyengiao.portal import counting
from tuyengiao.portal.models import Article


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()
    page_cache.forget()


def _signer() -> signing.Signer:
    return signing.get_cookie_signer(salt=signing._cookie_signer_salt(counting.DAILY_COOKIE, counting.SALT))


def _views(article: Article) -> int:
    return Article.objects.values_list("views", flat=True).get(pk=article.pk)


def test_a_view_is_counted_once_per_browser_per_day(portal: Any, articles: Any) -> None:
    article = articles["live"]
    url = f"/cong/{portal.slug}/dem/bai/{article.pk}/"
    reader, other = Client(), Client()
    assert reader.post(url).status_code == 204
    assert reader.post(url).status_code == 204
    assert _views(article) == 1
    other.post(url)
    assert _views(article) == 2


def test_the_cookie_holds_only_the_day_and_what_was_counted(portal: Any, articles: Any) -> None:
    article = articles["live"]
    reader = Client()
    response = reader.post(f"/cong/{portal.slug}/dem/bai/{article.pk}/")
    morsel = response.cookies[counting.DAILY_COOKIE]
    value = signing.get_cookie_signer(salt=signing._cookie_signer_salt(counting.DAILY_COOKIE, counting.SALT)).unsign(
        morsel.value
    )
    assert value == f"{timezone.localdate().isoformat()}|a{article.pk}"
    assert morsel["httponly"] and morsel["samesite"] == "Lax" and morsel["path"] == "/cong/"
    assert int(morsel["max-age"]) <= 24 * 3600


def test_yesterdays_cookie_counts_again(portal: Any, articles: Any) -> None:
    article = articles["live"]
    reader = Client()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    signer = _signer()
    reader.cookies[counting.DAILY_COOKIE] = signer.sign(f"{yesterday}|a{article.pk}")
    reader.post(f"/cong/{portal.slug}/dem/bai/{article.pk}/")
    assert _views(article) == 1


def test_a_forged_cookie_is_ignored_not_trusted(portal: Any, articles: Any) -> None:
    article = articles["live"]
    reader = Client()
    reader.cookies[counting.DAILY_COOKIE] = f"{timezone.localdate().isoformat()}|a{article.pk}:forged"
    reader.post(f"/cong/{portal.slug}/dem/bai/{article.pk}/")
    assert _views(article) == 1


def test_a_post_from_another_site_is_refused(portal: Any, articles: Any) -> None:
    article = articles["live"]
    response = Client().post(f"/cong/{portal.slug}/dem/bai/{article.pk}/", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert _views(article) == 0


@pytest.mark.parametrize("value", ["0", "6", "x", "", "4.5", "-1"])
def test_a_forged_rating_is_refused_with_a_vietnamese_message_and_changes_nothing(
    portal: Any, articles: Any, value: str
) -> None:
    article = articles["live"]
    url = f"/cong/{portal.slug}/danh-gia/{article.pk}/"
    response = Client().post(url, {"diem": value}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Điểm đánh giá phải là một số từ 1 đến 5."
    assert counting.RATED_COOKIE not in response.cookies
    plain = Client().post(url, {"diem": value})
    assert plain.status_code == 400 and "từ 1 đến 5" in plain.content.decode()
    article.refresh_from_db()
    assert (article.rating_sum, article.rating_count) == (0, 0)


def test_a_browser_rates_an_article_once_and_only_the_sums_are_kept(portal: Any, articles: Any) -> None:
    article = articles["live"]
    url = f"/cong/{portal.slug}/danh-gia/{article.pk}/"
    reader = Client()
    first = reader.post(url, {"diem": "4"}, HTTP_ACCEPT="application/json").json()
    again = reader.post(url, {"diem": "1"}, HTTP_ACCEPT="application/json").json()
    Client().post(url, {"diem": "5"})
    article.refresh_from_db()
    assert (article.rating_sum, article.rating_count) == (9, 2)
    assert first["counted"] and not again["counted"]
    assert again["message"] == "Bạn đã đánh giá bài này."


def test_a_rating_without_script_redirects_back_to_the_article(portal: Any, articles: Any) -> None:
    article = articles["live"]
    response = Client().post(f"/cong/{portal.slug}/danh-gia/{article.pk}/", {"diem": "3"})
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#danh-gia"


def test_an_article_without_ratings_refuses_them(portal: Any, articles: Any) -> None:
    article = articles["live"]
    article.rating_enabled = False
    article.save()
    assert Client().post(f"/cong/{portal.slug}/danh-gia/{article.pk}/", {"diem": "3"}).status_code == 404
    assert "data-rate" not in Client().get(article.get_absolute_url()).content.decode()


def test_counting_is_one_update_statement(portal: Any, articles: Any, django_assert_max_num_queries: Any) -> None:
    article = articles["live"]
    client = Client()
    with django_assert_max_num_queries(3):  # the portal, the article is live, the UPDATE
        client.post(f"/cong/{portal.slug}/dem/bai/{article.pk}/")


def test_a_browser_counted_yesterday_is_counted_again_today_but_once(portal: Any, articles: Any) -> None:
    """The control of the test above: a valid cookie of today stops the second count."""
    article = articles["live"]
    reader = Client()
    signer = _signer()
    reader.cookies[counting.DAILY_COOKIE] = signer.sign(f"{timezone.localdate().isoformat()}|a{article.pk}")
    reader.post(f"/cong/{portal.slug}/dem/bai/{article.pk}/")
    assert _views(article) == 0
