"""The portal's document library: the registry's public documents of the portal's territory, and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.portal.public_support import attach_pdf, make_document
from tuyengiao.documents.models import Document, DocumentRelation, FieldOfWork
from tuyengiao.portal import cache as page_cache
from tuyengiao.portal.models import DocumentCounter
from tuyengiao.units.models import Unit


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    page_cache.forget()


@pytest.fixture
def library(portal: Any, personas: Any) -> dict[str, Document]:
    field = FieldOfWork.objects.get_or_create(
        code="hoc-tap-lam-theo-bac", defaults={"name": "Học tập và làm theo Bác"}
    )[0]
    public = make_document(
        personas.province,
        "05-CT/TU",
        "Về đẩy mạnh học tập và làm theo Bác ở Đắk Lắk",
        summary="Tóm tắt công khai.",
        signer="Phó Bí thư Thường trực Trần Văn Minh",
    )
    public.fields.add(field)
    old = make_document(personas.commission, "17-KH/BTGTU", "Kế hoạch cũ", issue_date=dt.date(2023, 3, 1))
    old.replaced_by = public
    old.status = Document.Status.REPLACED
    old.save()
    internal = make_document(personas.commission, "18-KH/BTGTU", "Kế hoạch nội bộ ZINTERNAL", public=False)
    DocumentRelation.objects.create(source=internal, target=public, kind=DocumentRelation.Kind.REPLACES)
    foreign = make_document(personas.lam_dong, "05-CT/TU", "Chỉ thị của Lâm Đồng ZFOREIGN")
    central = make_document(Unit.objects.get(key="central"), "05-CT/TW", "Chỉ thị trung ương ZCENTRAL")
    for document in (public, internal, foreign):
        attach_pdf(document)
    return {"public": public, "old": old, "internal": internal, "foreign": foreign, "central": central}


def test_the_library_is_the_public_documents_of_the_portals_territory(portal: Any, library: Any) -> None:
    assert set(Document.objects.public_library(portal.territory)) == {library["public"], library["old"]}
    page = Client().get(f"/cong/{portal.slug}/van-ban/").content.decode()
    assert "05-CT/TU" in page and "17-KH/BTGTU" in page
    for marker in ("ZINTERNAL", "ZFOREIGN", "ZCENTRAL", "18-KH/BTGTU"):
        assert marker not in page


@pytest.mark.parametrize("key", ["internal", "foreign", "central"])
def test_a_document_outside_the_library_is_404_at_every_url(portal: Any, library: Any, key: str) -> None:
    document = library[key]
    client = Client()
    urls = [f"/cong/{portal.slug}/van-ban/{document.pk}/"]
    for attachment in document.attachments.all():
        urls += [
            f"/cong/{portal.slug}/van-ban/{document.pk}/tep/{attachment.pk}/",
            f"/cong/{portal.slug}/van-ban/{document.pk}/tep/{attachment.pk}/xem-truoc/",
        ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cong/{portal.slug}/dem/van-ban/{document.pk}/").status_code == 404


def test_an_attachment_of_another_document_is_404_under_a_public_one(portal: Any, library: Any) -> None:
    foreign_file = library["internal"].attachments.get()
    url = f"/cong/{portal.slug}/van-ban/{library['public'].pk}/tep/{foreign_file.pk}/"
    assert Client().get(url).status_code == 404


def test_the_document_page_shows_its_facts_and_links_only_public_relations(portal: Any, library: Any) -> None:
    public = library["public"]
    DocumentCounter.objects.create(document=public, views=424, downloads=9)
    page = Client().get(f"/cong/{portal.slug}/van-ban/{public.pk}/").content.decode()
    assert "Số: 05-CT/TU" in page and "01/08/2025" in page and "Tỉnh ủy Đắk Lắk" in page
    assert public.fields.get().name in page and "Tóm tắt công khai." in page and "Còn hiệu lực" in page
    assert "lượt xem: 424 | lượt tải: 9" in page
    assert "Phó Bí thư Thường trực Trần Văn Minh" in page
    assert f"/cong/{portal.slug}/van-ban/{library['old'].pk}/" in page  # it replaces the old plan (public)
    assert "18-KH/BTGTU" not in page  # the internal one that claims to replace it is not named
    attachment = public.attachments.get()
    assert (
        f'<iframe class="tg-pdf" src="/cong/{portal.slug}/van-ban/{public.pk}/tep/{attachment.pk}/xem-truoc/"' in page
    )
    old_page = Client().get(f"/cong/{portal.slug}/van-ban/{library['old'].pk}/").content.decode()
    assert "Được thay thế bởi" in old_page and "05-CT/TU" in old_page


def test_the_pdf_preview_is_inline_and_may_be_framed_by_our_pages_only(portal: Any, library: Any) -> None:
    public = library["public"]
    attachment = public.attachments.get()
    response = Client().get(f"/cong/{portal.slug}/van-ban/{public.pk}/tep/{attachment.pk}/xem-truoc/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    page = Client().get(f"/cong/{portal.slug}/van-ban/{public.pk}/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]  # the page itself is not framed
    assert page["X-Frame-Options"] == "DENY"


def test_downloads_and_views_are_counted_once_per_browser_per_day(portal: Any, library: Any) -> None:
    public = library["public"]
    attachment = public.attachments.get()
    reader = Client()
    for _ in range(2):
        response = reader.get(f"/cong/{portal.slug}/van-ban/{public.pk}/tep/{attachment.pk}/")
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
        assert reader.post(f"/cong/{portal.slug}/dem/van-ban/{public.pk}/").status_code == 204
    Client().post(f"/cong/{portal.slug}/dem/van-ban/{public.pk}/")
    counter = DocumentCounter.objects.get(document=public)
    assert (counter.views, counter.downloads) == (2, 1)


@pytest.mark.parametrize("query", ["05-CT/TU", "5-ct/tu", "Chỉ thị 05", "chi thi so 5", "hoc tap lam theo bac"])
def test_the_number_in_any_written_form_or_words_without_accents_find_the_document(
    portal: Any, library: Any, query: str
) -> None:
    page = Client().get(f"/cong/{portal.slug}/van-ban/", {"q": query}).content.decode()
    assert f"/cong/{portal.slug}/van-ban/{library['public'].pk}/" in page
    assert "ZFOREIGN" not in page and "17-KH/BTGTU" not in page


def test_chi_thi_05_finds_the_central_directive_in_the_central_portal(personas: Any, library: Any) -> None:
    from tuyengiao.portal.models import Portal

    central = Unit.objects.get(key="central")
    commission = Unit.objects.get(key="central:btg")
    portal = Portal.open_for(commission, central, "trung-uong", "Ban Tuyên giáo và Dân vận Trung ương")
    assert library["central"] in Document.objects.public_library(portal.territory).matching("Chỉ thị 05")
    assert library["central"] in Document.objects.public_library(portal.territory).matching("5-ct/tw")


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"loai": "Chỉ thị"}, {"public"}),
        ({"loai": "Kế hoạch"}, {"old"}),
        ({"nam": "2023"}, {"old"}),
        ({"linh_vuc": "hoc-tap-lam-theo-bac"}, {"public"}),
        ({"co_quan": "ban tuyen giao"}, {"old"}),
        ({"co_quan": "BTGTU"}, {"old"}),
    ],
)
def test_the_filters_narrow_the_library(portal: Any, library: Any, params: dict[str, str], found: set[str]) -> None:
    page = Client().get(f"/cong/{portal.slug}/van-ban/", params).content.decode()
    shown = {key for key in ("public", "old") if f"/cong/{portal.slug}/van-ban/{library[key].pk}/" in page}
    assert shown == found


def test_the_search_page_finds_documents_and_news(portal: Any, library: Any, articles: Any) -> None:
    page = Client().get(f"/cong/{portal.slug}/tim-kiem/", {"q": "Chỉ thị 05"}).content.decode()
    assert f"/cong/{portal.slug}/van-ban/{library['public'].pk}/" in page
    assert "ZINTERNAL" not in page and "ZFOREIGN" not in page


def test_library_pages_issue_a_bounded_number_of_queries(
    portal: Any, library: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(10):
        make_document(portal.territory, f"{30 + n}-KH/TU", f"Kế hoạch {n}")
    with django_assert_max_num_queries(10):
        assert Client().get(f"/cong/{portal.slug}/van-ban/").status_code == 200
    with django_assert_max_num_queries(10):
        assert Client().get(f"/cong/{portal.slug}/van-ban/{library['public'].pk}/").status_code == 200
