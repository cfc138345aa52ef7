"""The registry's models and services: numbering rules, terms, stale edits, citations, scope."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tuyengiao.documents import services
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.models import Citation, Document, DocumentRelation
from tuyengiao.documents.terms import term_for
from tuyengiao.lib.revision import StaleEdit
from tuyengiao.units.models import Unit


def make(code: str, owner: Unit, issue_date: dt.date, issuer: Unit | None = None, **extra) -> Document:
    document = Document(
        owner=owner, issuer_unit=issuer or owner, issue_date=issue_date, subject=extra.pop("subject", "Thử"), **extra
    )
    document.set_code(code)
    return services.save_document(document)


@pytest.mark.parametrize(
    ("issuer", "date", "term"),
    [
        ("TW", dt.date(2016, 5, 15), "2016-2021"),
        ("TW", dt.date(2021, 1, 20), "2016-2021"),
        ("TW", dt.date(2021, 5, 18), "2021-2026"),
        ("TW", dt.date(2026, 3, 1), "2026-2031"),
        ("BTGTU", dt.date(2022, 1, 10), "2020-2025"),
        ("TU", dt.date(2020, 6, 1), "2015-2020"),
        ("BTGDVTU", dt.date(2025, 12, 1), "2025-2030"),
    ],
)
def test_party_terms_follow_the_congresses(issuer, date, term):
    assert term_for(issuer, date) == term


def test_a_party_number_is_unique_per_issuer_type_and_term(personas):
    make("07-KH/BTGTU", personas.commission, dt.date(2022, 3, 1))
    with pytest.raises(ValidationError, match="đã có trong sổ đăng ký"):
        make("7-kh/btgtu", personas.commission, dt.date(2023, 3, 1))
    # The next term starts numbering again.
    assert make("07-KH/BTGTU", personas.commission, dt.date(2026, 1, 5)).term == "2025-2030"
    # Another province's commission has its own numbers.
    lam_dong = Unit.objects.get(key="com:p:68")
    assert make("07-KH/BTGTU", lam_dong, dt.date(2022, 3, 1)).pk


def test_a_state_number_is_unique_per_issuer_type_and_year(personas):
    make("17/CT-UBND", personas.province, dt.date(2021, 3, 1))
    with pytest.raises(ValidationError):
        make("Số: 17 / CT-UBND", personas.province, dt.date(2021, 9, 1))
    assert make("17/CT-UBND", personas.province, dt.date(2022, 3, 1)).year == 2022


def test_a_stale_edit_is_refused_and_changes_nothing(personas):
    document = make("08-KH/BTGTU", personas.commission, dt.date(2022, 3, 1), subject="Bản đầu")
    first = Document.objects.get(pk=document.pk)
    second = Document.objects.get(pk=document.pk)
    first.subject = "Sửa lần một"
    services.save_document(first, expected_revision=1)
    second.subject = "Sửa lần hai"
    with pytest.raises(StaleEdit):
        services.save_document(second, expected_revision=1)
    assert Document.objects.get(pk=document.pk).subject == "Sửa lần một"


def test_citations_link_to_registered_documents_and_wait_for_unknown_ones(personas):
    plan = make(
        "09-KH/BTGTU",
        personas.commission,
        dt.date(2024, 2, 1),
        subject="Thực hiện Chỉ thị số 99-CT/TW ngày 01/02/2024 và Kết luận số 01-KL/TW",
    )
    codes = {c.code: c.document_id for c in Citation.objects.filter(source_id=plan.pk)}
    assert codes == {"99-CT/TW": None, "01-KL/TW": None}
    directive = make("99-CT/TW", Unit.objects.get(key="central"), dt.date(2024, 2, 1))
    assert Citation.objects.get(source_id=plan.pk, code="99-CT/TW").document == directive


def test_the_demo_registry_loads_once_with_its_relations(personas):
    assert ensure_documents() == 10
    assert ensure_documents() == 0
    plan = Document.objects.get(code="25-KH/BTGTU")
    assert DocumentRelation.objects.filter(source=plan, target__code="04-ĐA/TU", kind="implements").exists()
    assert Document.objects.with_code("5-ct/tw").get().subject.startswith("Về đẩy mạnh học tập")
    assert Document.objects.search("hoc tap lam theo").count() >= 3


def test_internal_documents_are_shared_down_and_up_the_tree_only(personas):
    ensure_documents()
    provincial = Document.objects.get(code="25-KH/BTGTU")  # internal, owned by the Đắk Lắk commission
    ward = Document.objects.get(code="03-KH/ĐU")  # internal, owned by commune1's ward
    readable = {
        user: set(Document.objects.readable_by(user).values_list("code", flat=True))
        for user in (personas.leader, personas.commune1, personas.commune2, personas.outsider)
    }
    assert {"25-KH/BTGTU", "03-KH/ĐU"} <= readable[personas.leader]
    assert provincial.code in readable[personas.commune1] and ward.code in readable[personas.commune1]
    assert provincial.code in readable[personas.commune2] and ward.code not in readable[personas.commune2]
    assert provincial.code not in readable[personas.outsider] and ward.code not in readable[personas.outsider]
    assert "05-CT/TW" in readable[personas.outsider]  # public
    assert not Document.objects.writable_by(personas.commune1).filter(pk=provincial.pk).exists()
    assert Document.objects.writable_by(personas.specialist).filter(pk=provincial.pk).exists()


def test_the_list_sorts_subjects_in_vietnamese_dictionary_order(personas):
    from django.urls import reverse

    for code, subject in [
        ("61-KH/BTGTU", "Đổi mới công tác"),
        ("62-KH/BTGTU", "Dân vận khéo"),
        ("63-KH/BTGTU", "Ăn ở"),
        ("64-KH/BTGTU", "Zalo"),
    ]:
        make(code, personas.commission, dt.date(2024, 1, 2), subject=subject)
    html = personas.client(personas.leader).get(reverse("documents:list"), {"sap_xep": "trich-yeu"}).content.decode()
    positions = [html.index(s) for s in ("Ăn ở", "Dân vận khéo", "Đổi mới công tác", "Zalo")]
    assert positions == sorted(positions)
