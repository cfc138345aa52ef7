"""The public portal's pages, as an anonymous reader sees them (/cong/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.portal.conftest import make_article
from tests.portal.public_support import attach_image
from tuyengiao.portal import cache as page_cache
from tuyengiao.portal.models import Article, Tag, Thread

HIDDEN = ("scheduled", "draft", "submitted", "unpublished")


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    page_cache.forget()


def test_the_portal_list_shows_the_active_portals(portal: Any, lam_dong_portal: Any) -> None:
    lam_dong_portal.is_active = False
    lam_dong_portal.save()
    page = Client().get("/cong/").content.decode()
    assert portal.title in page
    assert lam_dong_portal.title not in page


def test_the_home_page_shows_live_articles_and_nothing_else(portal: Any, articles: Any) -> None:
    response = Client().get(f"/cong/{portal.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert articles["live"].title in page
    for key in HIDDEN:
        assert articles[key].title not in page, key
    assert page.count("<h1") == 1
    assert 'href="#noi-dung"' in page  # the skip link
    assert "Chịu trách nhiệm nội dung" not in page or portal.editor_in_chief


def test_featured_news_come_first_and_each_home_section_lists_its_latest(portal: Any) -> None:
    first, second = list(portal.sections.all())[:2]
    featured = make_article(portal, section=first, title="Tin nổi bật ZFEAT", slug="noi-bat", featured=True)
    latest = make_article(portal, section=second, title="Tin mới ZLATEST", slug="moi")
    second.on_home = False
    second.save()
    page = Client().get(f"/cong/{portal.slug}/").content.decode()
    assert featured.title in page
    assert latest.title not in page  # its section is not on the home page
    assert page.index("Tin nổi bật") < page.index(featured.title)


@pytest.mark.parametrize("key", HIDDEN)
def test_an_article_a_reader_may_not_see_is_404_at_every_url(portal: Any, articles: Any, key: str) -> None:
    article = articles[key]
    client = Client()
    for url in (
        f"/cong/{portal.slug}/bai/{article.pk}/{article.slug}/",
        f"/cong/{portal.slug}/bai/{article.pk}/{article.slug}/in/",
        f"/cong/{portal.slug}/bai/{article.pk}/sai-duong-dan/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cong/{portal.slug}/dem/bai/{article.pk}/").status_code == 404
    assert client.post(f"/cong/{portal.slug}/danh-gia/{article.pk}/", {"diem": "5"}).status_code == 404


def test_an_archived_article_is_withdrawn_from_the_public_site(portal: Any) -> None:
    article = make_article(portal, status=Article.Status.ARCHIVED, title="Tin lưu trữ", slug="luu-tru")
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_an_article_of_another_portal_is_404_under_this_portals_slug(portal: Any, lam_dong_portal: Any) -> None:
    other = make_article(lam_dong_portal, title="Tin Lâm Đồng", slug="tin-lam-dong")
    assert Client().get(f"/cong/{portal.slug}/bai/{other.pk}/{other.slug}/").status_code == 404
    assert Client().get(other.get_absolute_url()).status_code == 200


def test_a_wrong_slug_redirects_permanently_to_the_canonical_address(portal: Any, articles: Any) -> None:
    article = articles["live"]
    response = Client().get(f"/cong/{portal.slug}/bai/{article.pk}/ten-cu/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    response = Client().get(f"/cong/{portal.slug}/bai/{article.pk}/ten-cu/in/")
    assert response.status_code == 301
    assert response["Location"] == f"{article.get_absolute_url()}in/"


def test_the_article_page_shows_its_facts_counts_rating_and_share_links(portal: Any, personas: Any) -> None:
    thread = Thread.objects.create(portal=portal, slug="so-ket", title="Hội nghị sơ kết 2026")
    tag = Tag.objects.create(portal=portal, slug="dak-lak", name="Đắk Lắk")
    published = timezone.make_aware(dt.datetime(2026, 7, 15, 8, 30))
    article = make_article(
        portal, thread=thread, published_at=published, views=1234, rating_sum=52, rating_count=12, author_name="Lê Na"
    )
    article.tags.add(tag)
    other = make_article(portal, title="Tin liên quan ZREL", slug="lien-quan")
    article.related.add(other)
    attach_image(portal, article)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "15/07/2026 08:30" in page
    assert "Lê Na" in page
    assert "Lượt xem: 1.234" in page
    assert "4,3/5 (12 lượt)" in page
    assert 'name="diem"' in page and "csrfmiddlewaretoken" not in page
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fcong%2F" in page
    assert "data-copy=" in page and "In trang" in page
    assert f"/cong/{portal.slug}/su-kien/so-ket/" in page and f"/cong/{portal.slug}/tu-khoa/dak-lak/" in page
    assert other.title in page
    assert 'width="64" height="36" alt="Quang cảnh hội nghị"' in page
    assert "<p>Nội dung tin.</p>" in page  # the sanitised body, as stored
    assert "<script>" not in page.split("</head>", 1)[1]  # no inline script in the body
    for host in ("connect.facebook.net", "sp.zalo.me/plugins", "platform.twitter.com"):
        assert host not in page  # share links only, no third-party script


def test_the_print_view_has_the_article_and_no_menus(articles: Any) -> None:
    article = articles["live"]
    page = Client().get(f"{article.get_absolute_url()}in/").content.decode()
    assert article.title in page
    assert "tg-sections" not in page and "portal-print.css" in page


def test_an_image_in_the_body_is_shown_in_a_figure_with_its_caption_and_alt_text(portal: Any, articles: Any) -> None:
    live = articles["live"]
    image = attach_image(portal, live, cover=False)
    live.body = f'<p>Mở đầu.</p><p><img src="{image.get_absolute_url()}"></p>'
    live.save()
    page = Client().get(live.get_absolute_url()).content.decode()
    assert (
        f'<figure><img width="64" height="36" alt="Quang cảnh hội nghị" src="{image.get_absolute_url()}">'
        "<figcaption>Ảnh: Phòng Thông tin</figcaption></figure>"
    ) in page


def test_tag_and_thread_pages_list_live_articles_only(portal: Any, articles: Any) -> None:
    tag = Tag.objects.create(portal=portal, slug="so-ket", name="Sơ kết")
    thread = Thread.objects.create(portal=portal, slug="hoi-nghi", title="Hội nghị")
    for article in articles.values():
        article.tags.add(tag)
        article.thread = thread
        article.save()
    for url in (f"/cong/{portal.slug}/tu-khoa/so-ket/", f"/cong/{portal.slug}/su-kien/hoi-nghi/"):
        page = Client().get(url).content.decode()
        assert articles["live"].title in page
        assert all(articles[key].title not in page for key in HIDDEN)


def test_a_section_page_is_paged(portal: Any) -> None:
    section = portal.sections.first()
    for n in range(25):
        make_article(portal, section=section, title=f"Tin số {n:02d} ZPAGE", slug=f"tin-{n}")
    first = Client().get(section.get_absolute_url()).content.decode()
    second = Client().get(f"{section.get_absolute_url()}?trang=2").content.decode()
    assert first.count("ZPAGE") == 20 and second.count("ZPAGE") == 5
    assert "Trang 1/2" in first


def test_an_image_is_served_only_while_its_article_is_live(portal: Any, articles: Any) -> None:
    live = attach_image(portal, articles["live"])
    draft = attach_image(portal, articles["draft"])
    loose = attach_image(portal, None)
    response = Client().get(live.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=604800"
    assert response["Content-Type"] == "image/jpeg"
    assert Client().get(live.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert Client().get(loose.get_absolute_url()).status_code == 404
    articles["live"].status = Article.Status.UNPUBLISHED
    articles["live"].save()
    assert Client().get(live.get_absolute_url()).status_code == 404


def test_search_finds_news_without_accents(portal: Any, articles: Any) -> None:
    make_article(portal, title="Nông dân Đắk Lắk thi đua sản xuất", slug="nong-dan")
    page = Client().get(f"/cong/{portal.slug}/tim-kiem/", {"q": "hoi nghi"}).content.decode()
    assert articles["live"].title in page
    assert all(articles[key].title not in page for key in HIDDEN)
    page = Client().get(f"/cong/{portal.slug}/tim-kiem/", {"q": "dak lak"}).content.decode()
    assert "Nông dân Đắk Lắk" in page


def test_feeds_list_live_articles_only(portal: Any, articles: Any) -> None:
    section = articles["live"].section
    for url in (f"/cong/{portal.slug}/rss/", f"/cong/{portal.slug}/chuyen-muc/{section.slug}/rss/"):
        response = Client().get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "<rss" in body and articles["live"].title in body
        assert all(articles[key].title not in body for key in HIDDEN)


def test_the_sitemap_lists_live_articles_sections_and_public_documents_only(portal: Any, articles: Any) -> None:
    body = Client().get("/sitemap.xml").content.decode()
    assert f"/cong/{portal.slug}/bai/{articles['live'].pk}/" in body
    assert f"/cong/{portal.slug}/chuyen-muc/tin-hoat-dong/" in body
    for key in HIDDEN:
        assert f"/bai/{articles[key].pk}/" not in body


@pytest.mark.parametrize(
    ("url", "budget"),
    [("/cong/dak-lak/", 9), ("/cong/dak-lak/chuyen-muc/tin-hoat-dong/", 6), ("ARTICLE", 9)],
)
def test_public_pages_issue_a_bounded_number_of_queries(
    portal: Any, articles: Any, django_assert_max_num_queries: Any, url: str, budget: int
) -> None:
    for n in range(15):
        make_article(portal, section=list(portal.sections.all())[n % 6], title=f"Tin {n}", slug=f"tin-{n}")
    url = articles["live"].get_absolute_url() if url == "ARTICLE" else url
    with django_assert_max_num_queries(budget):
        assert Client().get(url).status_code == 200
