"""Images of the desk: the size limit, and captions shown from the image records (``images.with_captions``)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
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


# --- Editing and deleting an uploaded image -------------------------------------------------------------------------


def _uploaded(personas: Any, article: Any, alt: str = "Ảnh hội nghị", caption: str = "Chú thích cũ") -> ArticleImage:
    personas.client(personas.specialist).post(
        reverse("portal:image_add", args=[article.pk]),
        {"file": SimpleUploadedFile("anh.png", _png()), "alt": alt, "caption": caption},
    )
    return ArticleImage.objects.get(article=article, alt=alt)


def _details(image: ArticleImage, **fields: str) -> dict[str, str]:
    return {"alt_was": image.alt, "caption_was": image.caption, "alt": image.alt, "caption": image.caption, **fields}


def test_an_editor_changes_an_images_alt_text_and_caption_and_the_preview_shows_them(
    personas: Any, articles: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    article = articles["draft"]
    image = _uploaded(personas, article)
    client = personas.client(personas.specialist)
    editor = client.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert reverse("portal:image_update", args=[article.pk, image.pk]) in editor
    response = client.post(
        reverse("portal:image_update", args=[article.pk, image.pk]),
        _details(image, alt="Đại biểu dự hội nghị", caption="Quang cảnh hội nghị sáng 5/12"),
        follow=True,
    )
    assert "Đã lưu mô tả và chú thích của ảnh." in response.content.decode()
    image.refresh_from_db()
    assert (image.alt, image.caption) == ("Đại biểu dự hội nghị", "Quang cảnh hội nghị sáng 5/12")
    article.body = f'<p><img src="/cong/{article.portal.slug}/anh/{image.pk}/"></p>'
    article.save()
    preview = client.get(reverse("portal:preview", args=[article.pk])).content.decode()
    assert "<figcaption>Quang cảnh hội nghị sáng 5/12</figcaption>" in preview


def test_an_image_changed_elsewhere_since_the_page_opened_is_not_overwritten(
    personas: Any, articles: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    article = articles["draft"]
    image = _uploaded(personas, article)
    seen = _details(image, caption="Chú thích của tôi")
    ArticleImage.objects.filter(pk=image.pk).update(caption="Chú thích của đồng nghiệp")
    response = personas.client(personas.specialist).post(
        reverse("portal:image_update", args=[article.pk, image.pk]), seen, follow=True
    )
    assert "vừa được sửa ở nơi khác" in response.content.decode()
    image.refresh_from_db()
    assert image.caption == "Chú thích của đồng nghiệp"


def test_an_image_without_alt_text_is_refused(personas: Any, articles: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    article = articles["draft"]
    image = _uploaded(personas, article)
    personas.client(personas.specialist).post(
        reverse("portal:image_update", args=[article.pk, image.pk]), _details(image, alt="  ")
    )
    image.refresh_from_db()
    assert image.alt == "Ảnh hội nghị"


captured_on_commit = TestCase.captureOnCommitCallbacks


def test_an_image_the_body_shows_or_the_cover_cannot_be_deleted_an_unused_one_is_with_its_file(
    personas: Any, articles: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    article = articles["draft"]
    shown, cover, unused = (_uploaded(personas, article, alt=alt) for alt in ("Trong bài", "Ảnh đại diện", "Thừa"))
    article.body = f'<p><img src="/cong/{article.portal.slug}/anh/{shown.pk}/"></p>'
    article.cover = cover
    article.save()
    client = personas.client(personas.specialist)
    for image, reason in ((shown, "Ảnh đang có trong nội dung tin bài"), (cover, "Ảnh đang là ảnh đại diện")):
        response = client.post(reverse("portal:image_delete", args=[article.pk, image.pk]), follow=True)
        assert reason in response.content.decode()
        assert ArticleImage.objects.filter(pk=image.pk).exists()
    path = tmp_path / unused.file.name
    assert path.exists()
    with captured_on_commit(execute=True):
        response = client.post(reverse("portal:image_delete", args=[article.pk, unused.pk]), follow=True)
    assert "Đã xoá ảnh." in response.content.decode()
    assert not ArticleImage.objects.filter(pk=unused.pk).exists()
    # The three uploads are the same picture: one stored file, kept while other images name it.
    assert path.exists() == ArticleImage.objects.filter(file=unused.file.name).exists()


def test_images_of_a_published_article_or_another_portals_are_out_of_reach(
    personas: Any, articles: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    draft = articles["draft"]
    image = _uploaded(personas, draft)
    outsider = personas.client(personas.outsider)
    assert outsider.post(reverse("portal:image_delete", args=[draft.pk, image.pk])).status_code == 404
    assert outsider.post(reverse("portal:image_update", args=[draft.pk, image.pk]), _details(image)).status_code == 404
    live = articles["live"]  # an image id under another article's address is not found either
    specialist = personas.client(personas.specialist)
    assert specialist.post(reverse("portal:image_delete", args=[live.pk, image.pk])).status_code == 404
    ArticleImage.objects.filter(pk=image.pk).update(article=live)
    assert specialist.post(reverse("portal:image_delete", args=[live.pk, image.pk])).status_code == 403
    assert ArticleImage.objects.filter(pk=image.pk).exists()
