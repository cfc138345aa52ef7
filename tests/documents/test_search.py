"""Searching the registry: codes in any written form, words without accents, filters, sorting, pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tuyengiao.documents import services
from tuyengiao.documents.models import Document, FieldOfWork
from tuyengiao.units.models import Unit


def make(code: str, owner: Unit, day: dt.date, **extra) -> Document:
    fields = extra.pop("fields", [])
    document = Document(owner=owner, issue_date=day, subject=extra.pop("subject", "Thử nghiệm"), **extra)
    document.set_code(code)
    return services.save_document(document, fields=fields)


def codes(client, query: str = "") -> list[str]:
    response = client.get(reverse("documents:list") + query)
    assert response.status_code == 200
    return [document.code for document, _issuer in response.context["rows"]]


@pytest.fixture
def registry(personas):
    central = Unit.objects.get(key="central")
    learning = FieldOfWork.objects.get(code="hoc-tap-lam-theo-bac")
    return {
        "directive": make(
            "05-CT/TW",
            central,
            dt.date(2016, 5, 15),
            issuer_unit=central,
            issuer_name="Bộ Chính trị",
            subject="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            visibility="public",
            fields=[learning],
        ),
        "plan": make(
            "25-KH/BTGTU",
            personas.commission,
            dt.date(2022, 1, 10),
            issuer_unit=personas.commission,
            subject="Triển khai thực hiện Đề án tuyên truyền trên Internet và mạng xã hội",
        ),
        "state": make(
            "17/CT-UBND",
            personas.province,
            dt.date(2021, 3, 1),
            issuer_name="Ủy ban nhân dân tỉnh Đắk Lắk",
            subject="Về tăng cường công tác bảo vệ môi trường",
            status="expired",
        ),
    }


@pytest.mark.parametrize("query", ["5-ct/tw", "05-CT/TW", "05-ct/tw", "Số: 05 - CT / TW", "Chỉ thị số 05-CT/TW"])
def test_a_code_in_any_written_form_finds_the_document(personas, registry, query):
    client = personas.client(personas.specialist)
    assert codes(client, f"?q={query}") == ["05-CT/TW"]


def test_a_code_search_says_how_many_documents_carry_the_number(personas, registry):
    html = personas.client(personas.specialist).get(reverse("documents:list") + "?q=5-ct/tw").content.decode()
    assert "1 văn bản mang số “5-ct/tw”" in html


def test_an_unknown_code_offers_to_add_it(personas, registry):
    html = personas.client(personas.specialist).get(reverse("documents:list") + "?q=99-kh/tu").content.decode()
    assert "Thêm vào sổ" in html and reverse("documents:create") + "?so=99-kh/tu" in html.replace("%2F", "/")


def test_words_are_found_without_accents(personas, registry):
    client = personas.client(personas.specialist)
    assert codes(client, "?q=hoc+tap+lam+theo") == ["05-CT/TW"]
    assert codes(client, "?q=H%E1%BB%8CC+T%E1%BA%ACP") == ["05-CT/TW"]  # "HỌC TẬP"
    assert codes(client, "?q=mang+xa+hoi") == ["25-KH/BTGTU"]
    assert codes(client, "?q=khong+co+dau+nao") == []


def test_the_issuer_name_is_searchable_too(personas, registry):
    assert codes(personas.client(personas.specialist), "?q=uy+ban+nhan+dan") == ["17/CT-UBND"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?loai=Ch%E1%BB%89+th%E1%BB%8B", ["17/CT-UBND", "05-CT/TW"]),  # Chỉ thị
        ("?nam=2022", ["25-KH/BTGTU"]),
        ("?linh_vuc=hoc-tap-lam-theo-bac", ["05-CT/TW"]),
        ("?hieu_luc=expired", ["17/CT-UBND"]),
        ("?pham_vi=public", ["05-CT/TW"]),
        ("?pham_vi=internal&hieu_luc=in_force", ["25-KH/BTGTU"]),
        ("?co_quan=BTGTU", ["25-KH/BTGTU"]),
        ("?co_quan=uy+ban+nhan+dan", ["17/CT-UBND"]),
        ("?co_quan=ban+tuyen+giao+va+dan+van", ["25-KH/BTGTU"]),  # the issuer unit's name
        ("?nam=abc", ["25-KH/BTGTU", "17/CT-UBND", "05-CT/TW"]),  # ignored
    ],
)
def test_filters(personas, registry, query, expected):
    assert codes(personas.client(personas.specialist), query) == expected


def test_sorting(personas, registry):
    client = personas.client(personas.specialist)
    assert codes(client) == ["25-KH/BTGTU", "17/CT-UBND", "05-CT/TW"]  # newest first
    assert codes(client, "?sap_xep=cu-nhat") == ["05-CT/TW", "17/CT-UBND", "25-KH/BTGTU"]
    # "Triển khai…" before "Về…"; the order of "Về đẩy…" and "Về tăng…" is the database's collation (see the view).
    assert codes(client, "?sap_xep=trich-yeu")[0] == "25-KH/BTGTU"
    assert codes(client, "?sap_xep=so-ky-hieu") == ["25-KH/BTGTU", "05-CT/TW", "17/CT-UBND"]
    assert codes(client, "?sap_xep=khong-co") == codes(client)


def test_results_come_fifty_to_a_page_and_links_keep_the_filters(personas):
    for number in range(1, 56):
        make(f"{number}-KH/BTGTU", personas.commission, dt.date(2022, 1, 1) + dt.timedelta(days=number))
    client = personas.client(personas.specialist)
    response = client.get(reverse("documents:list") + "?nam=2022")
    assert len(response.context["rows"]) == 50
    assert response.context["rows"][0][0].code == "55-KH/BTGTU"
    html = response.content.decode()
    assert "Trang 1/2" in html and 'href="?nam=2022&amp;trang=2"' in html
    second = client.get(reverse("documents:list") + "?nam=2022&trang=2")
    assert [d.code for d, _i in second.context["rows"]] == [f"{n:02d}-KH/BTGTU" for n in range(5, 0, -1)]
    assert codes(client, "?trang=99")[-1] == "01-KH/BTGTU"  # past the end: the last page
