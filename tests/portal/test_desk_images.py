"""Images of the desk: the size limit, and captions shown from the image records (``images.with_captions``)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.portal.test_desk import _png
from tuyengiao.portal.images import to_desk, with_captions
from tuyengiao.portal.models import ArticleImage


def _image(pk: int, caption: str = "", alt: str = "Ảnh") -> ArticleImage:
    return ArticleImage(pk=pk, width=640, height=480, alt=alt, caption=caption)


def test_an_image_in_the_body_becomes_a_figure_with_its_caption() -> None:
    body = '<p>Mở đầu</p><p><img src="/cong/dak-lak/anh/7/"></p>'
    shown = with_captions(body, {7: _image(7, "Đại biểu <dự> hội nghị", "Quang cảnh")})
    assert shown == (
        '<p>Mở đầu</p><figure><img width="640" height="480" alt="Quang cảnh" src="/cong/dak-lak/anh/7/">'
        "<figcaption>Đại biểu &lt;dự&gt; hội nghị</figcaption></figure>"
    )


def test_an_alt_text_typed_in_the_body_is_kept_and_an_unknown_image_left_alone() -> None:
    body = '<p><img src="/cong/dak-lak/anh/7/" alt="Riêng"></p><p><img src="/cong/dak-lak/anh/8/"></p>'
    shown = with_captions(body, {7: _image(7)})
    assert 'alt="Riêng"' in shown and '<p><img src="/cong/dak-lak/anh/8/"></p>' in shown


def test_a_figure_already_in_the_body_is_not_wrapped_again() -> None:
    body = '<figure><img src="/cong/dak-lak/anh/7/" alt="A"><figcaption>Cũ</figcaption></figure>'
    assert with_captions(body, {7: _image(7, "Mới")}) == body


def test_the_editor_shows_a_drafts_images_from_the_desk(articles: Any) -> None:
    article = articles["draft"]
    assert to_desk('<img src="/cong/dak-lak/anh/7/">', article) == f'<img src="/bien-tap/tin/{article.pk}/anh/7/">'
    assert to_desk('<img src="/cong/lam-dong/anh/7/">', article) == '<img src="/cong/lam-dong/anh/7/">'


def test_an_image_over_the_upload_limit_is_refused(personas: Any, articles: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.TG_MAX_UPLOAD_MB = 0
    response = personas.client(personas.specialist).post(
        reverse("portal:image_add", args=[articles["draft"].pk]),
        {"file": SimpleUploadedFile("anh.png", _png()), "alt": "Ảnh"},
        follow=True,
    )
    assert "quá lớn" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_a_desk_address_of_another_portals_image_is_not_made_public(
    personas: Any, articles: Any, lam_dong_portal: Any, settings: Any, tmp_path: Any
) -> None:
    from tests.portal.conftest import make_article

    settings.MEDIA_ROOT = tmp_path
    foreign_article = make_article(lam_dong_portal, slug="ld", status="draft", published_at=None)
    foreign = ArticleImage.objects.create(
        portal=lam_dong_portal,
        article=foreign_article,
        file="portal/x.png",
        original_name="x.png",
        content_type="image/png",
        extension=".png",
        size=1,
        sha256="0" * 64,
        width=1,
        height=1,
        alt="x",
    )
    article = articles["draft"]
    data = {
        "title": article.title,
        "slug": article.slug,
        "body": f'<p><img src="/bien-tap/tin/{foreign_article.pk}/anh/{foreign.pk}/"></p><p>Chữ</p>',
        "author_name": "",
        "section": article.section_id,
        "revision": article.revision,
    }
    url = reverse("portal:update", args=[article.pk])
    assert personas.client(personas.specialist).post(url, data).status_code == 302
    article.refresh_from_db()
    assert "<img" not in article.body and "<p>Chữ</p>" in article.body  # not this portal's image: dropped
