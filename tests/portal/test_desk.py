"""The editorial desk: who sees which portal and article, the editor (forged fields, stale edits, sanitised body),
images (Pillow), contributors and sections."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tuyengiao.portal.models import Article, ArticleEvent, ArticleImage, Contributor, Portal, Section, Tag
from tuyengiao.portal.services import STALE


def _png(width: int = 40, height: int = 30, exif: bool = False, fmt: str = "PNG") -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "Máy ảnh bí mật"  # Make
        data[0x0131] = "GPS-Phan-Mem"  # Software
        image.save(out, format=fmt, exif=data.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def _post_article(client: Any, portal: Portal, **fields: Any) -> Any:
    data = {
        "title": "Hội nghị học tập Nghị quyết",
        "slug": "",
        "summary": "Sáng 5/12, hội nghị đã diễn ra.",
        "body": "<p>Nội dung <strong>đậm</strong></p>",
        "author_name": "Phòng Thông tin",
        "section": portal.sections.first().pk,
        "tags_text": "học tập, Nghị quyết, hoc tap",
        "rating_enabled": "on",
    }
    data.update(fields)
    return client.post(reverse("portal:create", args=[portal.slug]), data)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Any) -> None:
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["viewer", "outsider"])
def test_a_user_without_portal_access_gets_an_explanation_not_a_404(personas: Any, portal: Any, persona: str) -> None:
    response = personas.client(getattr(personas, persona)).get(reverse("portal:home"))
    assert response.status_code == 200
    assert "chưa được giao việc biên tập" in response.content.decode()


def test_the_leader_sees_the_portals_articles_by_status(personas: Any, articles: Any) -> None:
    client = personas.client(personas.leader)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Viết tin mới" in page
    for key in ("draft", "submitted", "unpublished", "live", "scheduled"):
        assert articles[key].title in page
    drafts = client.get(reverse("portal:home"), {"trang_thai": "draft"}).content.decode()
    assert articles["draft"].title in drafts and articles["live"].title not in drafts
    scheduled = client.get(reverse("portal:home"), {"trang_thai": "scheduled"}).content.decode()
    assert articles["scheduled"].title in scheduled and articles["live"].title not in scheduled


def test_the_desk_search_ignores_accents(personas: Any, articles: Any) -> None:
    page = personas.client(personas.leader).get(reverse("portal:home"), {"q": "TIN XA GUI"}).content.decode()
    assert articles["submitted"].title in page and articles["live"].title not in page


def test_a_commune_contributor_sees_only_its_own_articles(personas: Any, articles: Any) -> None:
    page = personas.client(personas.commune1).get(reverse("portal:home")).content.decode()
    assert articles["submitted"].title in page
    assert articles["draft"].title not in page


def test_the_desk_home_issues_a_bounded_number_of_queries(personas: Any, portal: Any) -> None:
    """The same number of queries for 2 articles as for 40 (and few of them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.portal.conftest import make_article

    client = personas.client(personas.leader)
    counts = []
    for n in (2, 38):
        for i in range(n):
            make_article(portal, user=personas.specialist, title=f"Tin {n}-{i}", slug=f"tin-{n}-{i}")
        client.get(reverse("portal:home"))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 22, counts


@pytest.mark.parametrize("name", ["portal:edit", "portal:preview"])
def test_an_outsider_cannot_open_a_dak_lak_article(personas: Any, articles: Any, name: str) -> None:
    for persona in ("outsider", "viewer"):
        response = personas.client(getattr(personas, persona)).get(reverse(name, args=[articles["draft"].pk]))
        assert response.status_code == 404


def test_an_outsider_cannot_write_on_the_dak_lak_portal(personas: Any, portal: Any) -> None:
    client = personas.client(personas.outsider)
    assert client.get(reverse("portal:new", args=[portal.slug])).status_code == 404
    assert _post_article(client, portal).status_code == 404
    assert not Article.objects.exists()


def test_an_editor_writes_an_article_with_a_sanitised_body_a_slug_and_tags(personas: Any, portal: Any) -> None:
    response = _post_article(
        personas.client(personas.specialist),
        portal,
        body='<p onclick="x()">Tin</p><script>alert(1)</script><img src="https://evil.example/a.png">',
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.body == "<p>Tin</p>"
    assert article.slug == "hoi-nghi-hoc-tap-nghi-quyet"
    assert article.status == Article.Status.DRAFT and article.created_by == personas.specialist
    assert sorted(t.name for t in article.tags.all()) == ["Nghị quyết", "học tập"]  # "hoc tap" is the same tag
    assert [e.action for e in article.events.all()] == [ArticleEvent.Action.CREATED]


def test_a_second_article_with_the_same_title_gets_its_own_address(personas: Any, portal: Any) -> None:
    client = personas.client(personas.specialist)
    _post_article(client, portal)
    _post_article(client, portal)
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "hoi-nghi-hoc-tap-nghi-quyet",
        "hoi-nghi-hoc-tap-nghi-quyet-2",
    ]


def test_a_typed_address_another_article_uses_is_refused(personas: Any, articles: Any, portal: Any) -> None:
    response = _post_article(personas.client(personas.specialist), portal, slug="hoi-nghi-so-ket")
    assert response.status_code == 400
    assert "đã có tin khác của cổng dùng" in response.content.decode()


def test_the_new_article_form_offers_the_users_name_as_byline(personas: Any, portal: Any) -> None:
    page = personas.client(personas.specialist).get(reverse("portal:new", args=[portal.slug])).content.decode()
    assert personas.specialist.full_name in page


def test_a_forged_section_of_another_portal_is_refused_and_nothing_saved(
    personas: Any, portal: Any, lam_dong_portal: Any
) -> None:
    foreign = lam_dong_portal.sections.first()
    response = _post_article(personas.client(personas.specialist), portal, section=foreign.pk)
    assert response.status_code == 400
    assert "không thuộc cổng thông tin này" in response.content.decode()
    assert not Article.objects.exists() and not Tag.objects.exists()


def test_a_forged_related_article_of_another_portal_is_refused(
    personas: Any, portal: Any, lam_dong_portal: Any
) -> None:
    from tests.portal.conftest import make_article

    foreign = make_article(lam_dong_portal, title="Tin Lâm Đồng", slug="ld")
    response = _post_article(personas.client(personas.specialist), portal, related=[foreign.pk])
    assert response.status_code == 400
    assert Article.objects.filter(portal=portal).count() == 0


def _edit_data(article: Article, **fields: Any) -> dict[str, Any]:
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "author_name": article.author_name,
        "section": article.section_id,
        "revision": article.revision,
    }
    data.update(fields)
    return data


def test_a_stale_edit_is_refused_with_a_clear_message_and_overwrites_nothing(personas: Any, articles: Any) -> None:
    article = articles["draft"]
    first, second = personas.client(personas.specialist), personas.client(personas.leader)
    opened = _edit_data(article)
    assert (
        first.post(reverse("portal:update", args=[article.pk]), {**opened, "title": "Bản của chuyên viên"}).status_code
        == 302
    )
    response = second.post(reverse("portal:update", args=[article.pk]), {**opened, "title": "Bản của lãnh đạo"})
    assert response.status_code == 409
    assert str(STALE)[:40] in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Bản của chuyên viên"


def test_an_edit_records_an_event_and_keeps_the_status(personas: Any, articles: Any) -> None:
    article = articles["submitted"]
    client = personas.client(personas.specialist)
    response = client.post(
        reverse("portal:update", args=[article.pk]), _edit_data(article, title="Tin xã (đã biên tập)")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED and article.title == "Tin xã (đã biên tập)"
    assert article.events.last().action == ArticleEvent.Action.EDITED
    assert article.events.last().actor == personas.specialist


def test_a_contributor_cannot_edit_its_article_once_submitted(personas: Any, articles: Any) -> None:
    article = articles["submitted"]
    response = personas.client(personas.commune1).post(
        reverse("portal:update", args=[article.pk]), _edit_data(article, title="Sửa lén")
    )
    assert response.status_code == 403
    assert "không được sửa" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Tin xã gửi"


def test_a_contributor_cannot_open_an_editors_draft(personas: Any, articles: Any) -> None:
    assert (
        personas.client(personas.commune1).get(reverse("portal:edit", args=[articles["draft"].pk])).status_code == 404
    )


def test_a_contributor_cannot_set_the_publication_time(personas: Any, portal: Any) -> None:
    response = _post_article(personas.client(personas.commune1), portal, published_at="01/01/2020 08:00")
    assert response.status_code == 302
    assert Article.objects.get().published_at is None


def test_the_editor_page_shows_the_articles_history(personas: Any, articles: Any) -> None:
    page = (
        personas.client(personas.leader).get(reverse("portal:edit", args=[articles["submitted"].pk])).content.decode()
    )
    assert "Lịch sử biên tập" in page and "Tạo bản nháp" in page


def test_the_preview_shows_the_article_with_its_image_captions(
    personas: Any, articles: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    article = articles["draft"]
    client = personas.client(personas.specialist)
    client.post(
        reverse("portal:image_add", args=[article.pk]),
        {
            "file": SimpleUploadedFile("a.png", _png()),
            "alt": "Quang cảnh hội nghị",
            "caption": "Các đại biểu dự hội nghị",
        },
    )
    image = ArticleImage.objects.get()
    body = f'<p>Mở đầu</p><p><img src="/bien-tap/tin/{article.pk}/anh/{image.pk}/"></p>'
    client.post(reverse("portal:update", args=[article.pk]), _edit_data(article, body=body))
    article.refresh_from_db()
    assert f'src="/cong/dak-lak/anh/{image.pk}/"' in article.body  # stored by its public address
    page = client.get(reverse("portal:preview", args=[article.pk])).content.decode()
    assert "<figcaption>Các đại biểu dự hội nghị</figcaption>" in page
    assert 'alt="Quang cảnh hội nghị"' in page


# --- Images -------------------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_uploaded_image_is_stored_with_its_size_and_without_its_exif(
    personas: Any, articles: Any, media: Any
) -> None:
    article = articles["draft"]
    response = personas.client(personas.specialist).post(
        reverse("portal:image_add", args=[article.pk]),
        {"file": SimpleUploadedFile("anh.jpg", _png(64, 48, exif=True, fmt="JPEG")), "alt": "Ảnh hội nghị"},
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert (image.width, image.height, image.portal, image.article) == (64, 48, article.portal, article)
    assert image.content_type == "image/jpeg"
    with image.file.open("rb") as handle:
        data = handle.read()
    assert b"bi mat" not in data and "Máy ảnh".encode() not in data and b"GPS-Phan-Mem" not in data
    with Image.open(io.BytesIO(data)) as reopened:
        assert not reopened.getexif()


def test_a_text_file_renamed_jpg_is_refused_in_vietnamese(personas: Any, articles: Any, media: Any) -> None:
    response = personas.client(personas.specialist).post(
        reverse("portal:image_add", args=[articles["draft"].pk]),
        {"file": SimpleUploadedFile("anh.jpg", b"this is not an image at all"), "alt": "Ảnh"},
        follow=True,
    )
    assert "không phải ảnh JPEG, PNG hoặc WebP hợp lệ" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_an_image_needs_its_alt_text(personas: Any, articles: Any, media: Any) -> None:
    response = personas.client(personas.specialist).post(
        reverse("portal:image_add", args=[articles["draft"].pk]),
        {"file": SimpleUploadedFile("anh.png", _png()), "alt": ""},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert not ArticleImage.objects.exists()


def test_the_editor_uploads_an_image_with_fetch_and_gets_its_address(personas: Any, articles: Any, media: Any) -> None:
    article = articles["draft"]
    response = personas.client(personas.specialist).post(
        reverse("portal:image_add", args=[article.pk]),
        {"file": SimpleUploadedFile("anh.webp", _png(fmt="WEBP")), "alt": "Ảnh"},
        HTTP_ACCEPT="application/json",
    )
    image = ArticleImage.objects.get()
    assert response.json()["src"] == f"/bien-tap/tin/{article.pk}/anh/{image.pk}/"
    assert personas.client(personas.specialist).get(response.json()["src"]).status_code == 200
    assert personas.client(personas.outsider).get(response.json()["src"]).status_code == 404


# --- Contributors and sections ------------------------------------------------------------------------------------


def test_the_leader_adds_and_removes_a_contributor(personas: Any, portal: Any) -> None:
    from tuyengiao.portal.access import Access, access

    client = personas.client(personas.leader)
    response = client.post(
        reverse("portal:contributor_add", args=[portal.slug]), {"username": personas.viewer.username}
    )
    assert response.status_code == 302
    row = Contributor.objects.get(portal=portal)
    assert access(personas.viewer, portal) == Access.CONTRIBUTOR
    client.post(reverse("portal:contributor_remove", args=[portal.slug, row.pk]))
    assert not Contributor.objects.exists()


def test_an_editor_cannot_manage_contributors(personas: Any, portal: Any) -> None:
    client = personas.client(personas.specialist)
    assert client.get(reverse("portal:team", args=[portal.slug])).status_code == 403
    response = client.post(
        reverse("portal:contributor_add", args=[portal.slug]), {"username": personas.viewer.username}
    )
    assert response.status_code == 403
    assert not Contributor.objects.exists()


def test_renaming_a_section_makes_cached_public_pages_stale(personas: Any, portal: Any) -> None:
    section = portal.sections.first()
    generation = portal.generation
    response = personas.client(personas.leader).post(
        reverse("portal:section_update", args=[portal.slug, section.pk]),
        {f"s{section.pk}-name": "Tin hoạt động", f"s{section.pk}-slug": section.slug, f"s{section.pk}-order": 1},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    portal.refresh_from_db()
    assert section.name == "Tin hoạt động" and portal.generation == generation + 1


def test_a_new_sections_address_is_unique_in_its_portal(personas: Any, portal: Any) -> None:
    response = personas.client(personas.leader).post(
        reverse("portal:section_add", args=[portal.slug]),
        {"new-name": "Tin hoạt động mới", "new-slug": "tin-hoat-dong", "new-order": 9},
    )
    assert response.status_code == 400
    assert Section.objects.filter(portal=portal, slug="tin-hoat-dong").count() == 1
