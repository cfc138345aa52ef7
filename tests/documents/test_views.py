"""The registry's pages: create, edit, duplicates, stale edits, relations, citations, history, permissions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tuyengiao.documents import services
from tuyengiao.documents.models import Citation, Document, DocumentRelation, FieldOfWork
from tuyengiao.units.models import Unit


def make(code: str, owner: Unit, day: dt.date, **extra) -> Document:
    document = Document(owner=owner, issue_date=day, subject=extra.pop("subject", "Thử nghiệm"), **extra)
    document.set_code(code)
    return services.save_document(document)


def form_data(owner: Unit, **values) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "25-KH/BTGTU",
        "type_name": "",
        "issue_date": "10/01/2022",
        "issuer_unit": "",
        "issuer_name": "Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
        "term": "",
        "owner": owner.pk,
        "subject": "Triển khai thực hiện Đề án tuyên truyền trên Internet",
        "summary": "",
        "full_text": "",
        "status": Document.Status.IN_FORCE,
        "replaced_by": "",
        "visibility": Document.Visibility.INTERNAL,
        "relation_kind": "",
        "relation_target": "",
    }
    data.update(values)
    return data


def test_the_specialist_creates_a_document_typed_in_an_odd_form_and_the_canonical_code_is_saved(personas):
    client = personas.client(personas.specialist)
    field = FieldOfWork.objects.get(code="tuyen-truyen")
    response = client.post(
        reverse("documents:create"),
        form_data(
            personas.commission,
            code="  số: 25 - kh / btgtu ",
            fields_of_work=[field.pk],
            signer=" Phó Trưởng ban Nguyễn Văn An ",
        ),
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents:detail", args=[document.pk])
    assert document.code == "25-KH/BTGTU"
    assert document.type_name == "Kế hoạch"
    assert document.term == "2020-2025"  # derived from the issue date for a Party document
    assert document.owner == personas.commission
    assert document.created_by == personas.specialist
    assert list(document.fields.all()) == [field]
    assert document.signer == "Phó Trưởng ban Nguyễn Văn An"
    page = client.get(response.url).content.decode()
    assert "Kế hoạch số 25-KH/BTGTU" in page and "Tuyên truyền" in page and "2020-2025" in page
    assert "Phó Trưởng ban Nguyễn Văn An" in page


def test_the_type_name_can_be_chosen_instead_of_the_one_the_code_implies(personas):
    client = personas.client(personas.specialist)
    client.post(
        reverse("documents:create"),
        form_data(personas.commission, code="97-QĐ/TW", type_name="Quy định", issuer_name="Ban Chấp hành Trung ương"),
    )
    assert Document.objects.get().type_name == "Quy định"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("ban tuyen giao tinh uy dak lak", "com:p:66"),  # the commission's name on 10/01/2022 (renamed in 2025)
        ("66", "p:66"),
        ("Đắk Lắk", "p:66"),
        ("Tỉnh ủy Đắk Lắk", "p:66"),
    ],
)
def test_the_issuer_is_resolved_from_a_typed_unit_name_as_of_the_issue_date(personas, typed, key):
    client = personas.client(personas.specialist)
    client.post(reverse("documents:create"), form_data(personas.commission, issuer_unit=typed, issuer_name=""))
    assert Document.objects.get().issuer_unit == Unit.objects.get(key=key)


def test_an_unknown_issuer_unit_is_a_field_error(personas):
    client = personas.client(personas.specialist)
    response = client.post(reverse("documents:create"), form_data(personas.commission, issuer_unit="Không có nơi này"))
    assert response.status_code == 200
    assert "Không tìm thấy đơn vị" in response.content.decode()
    assert not Document.objects.exists()


def test_a_code_that_cannot_be_read_shows_the_parser_message_on_the_field(personas):
    client = personas.client(personas.specialist)
    response = client.post(reverse("documents:create"), form_data(personas.commission, code="hoc tap"))
    assert response.status_code == 200
    assert "không có số văn bản" in response.content.decode()
    assert not Document.objects.exists()


def test_a_duplicate_is_refused_with_a_link_to_the_existing_record_and_nothing_is_saved(personas):
    existing = make(
        "25-KH/BTGTU", personas.commission, dt.date(2021, 12, 1), issuer_name="Ban Tuyên giáo Tỉnh ủy Đắk Lắk"
    )
    client = personas.client(personas.specialist)
    response = client.post(reverse("documents:create"), form_data(personas.commission, code="25-kh/btgtu"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "đã có trong sổ đăng ký" in html
    assert f'<a href="{reverse("documents:detail", args=[existing.pk])}">' in html  # a real link, not escaped text
    assert Document.objects.count() == 1


def test_a_stale_edit_is_refused_with_the_message_and_changes_nothing(personas):
    document = make("26-KH/BTGTU", personas.commission, dt.date(2022, 2, 1), subject="Bản đầu")
    first, second = personas.client(personas.specialist), personas.client(personas.leader)
    url = reverse("documents:edit", args=[document.pk])
    assert 'name="revision" value="1"' in first.get(url).content.decode()
    assert (
        second.post(
            url, form_data(personas.commission, code=document.code, subject="Sửa của lãnh đạo", revision=1)
        ).status_code
        == 302
    )
    response = first.post(
        url, form_data(personas.commission, code=document.code, subject="Sửa của chuyên viên", revision=1)
    )
    assert response.status_code == 200
    assert "đã được người khác sửa" in response.content.decode()
    document.refresh_from_db()
    assert document.subject == "Sửa của lãnh đạo" and document.revision == 2


def test_an_edit_keeps_the_issuer_unit_and_recomputes_derived_fields(personas):
    document = make("27-KH/BTGTU", personas.commission, dt.date(2022, 2, 1), issuer_unit=personas.commission)
    client = personas.client(personas.specialist)
    url = reverse("documents:edit", args=[document.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        owner=personas.commission.pk,
        issue_date="05/03/2026",
        term="",
        fields_of_work=[],
        issuer_name="",
        replaced_by="",
        relation_kind="",
        relation_target="",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    document.refresh_from_db()
    assert document.issuer_unit == personas.commission
    assert document.year == 2026 and document.term == "2025-2030"


def test_the_viewer_cannot_create_or_import(personas):
    client = personas.client(personas.viewer)
    assert client.get(reverse("documents:create")).status_code == 404
    assert client.post(reverse("documents:create"), form_data(personas.commission)).status_code == 404
    assert client.get(reverse("documents:import")).status_code == 404
    assert "Thêm văn bản" not in client.get(reverse("documents:list")).content.decode()
    assert not Document.objects.exists()


def test_a_forged_owner_outside_write_scope_is_refused_and_nothing_is_saved(personas):
    client = personas.client(personas.commune1)
    for owner in (personas.commune_unit2, personas.province, personas.lam_dong):
        response = client.post(reverse("documents:create"), form_data(owner))
        assert response.status_code == 200
        assert response.context["form"].errors["owner"]
    assert not Document.objects.exists()


def test_owner_choices_are_the_units_the_user_may_write(personas):
    form = personas.client(personas.specialist).get(reverse("documents:create")).context["form"]
    assert {u.pk for u in form.fields["owner"].queryset} == {personas.commission.pk, personas.province.pk}
    form = personas.client(personas.commune1).get(reverse("documents:create")).context["form"]
    assert [u.pk for u in form.fields["owner"].queryset] == [personas.commune_unit1.pk]


def test_someone_who_may_read_but_not_write_cannot_edit(personas):
    document = make("28-KH/BTGTU", personas.commission, dt.date(2022, 2, 1))
    client = personas.client(personas.commune1)  # reads the province's documents, writes only the commune's
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("documents:edit", args=[document.pk])).status_code == 404
    assert (
        client.post(reverse("documents:edit", args=[document.pk]), form_data(personas.commune_unit1)).status_code == 404
    )


def test_a_relation_is_added_from_the_form_by_code_and_shown_both_ways(personas):
    project = make("04-ĐA/TU", personas.province, dt.date(2021, 6, 1), subject="Đề án tuyên truyền trên Internet")
    client = personas.client(personas.specialist)
    client.post(
        reverse("documents:create"),
        form_data(personas.commission, relation_kind=DocumentRelation.Kind.IMPLEMENTS, relation_target="4-đa/tu"),
    )
    plan = Document.objects.get(code="25-KH/BTGTU")
    assert DocumentRelation.objects.filter(source=plan, target=project, kind="implements").exists()
    html = client.get(reverse("documents:detail", args=[project.pk])).content.decode()
    implemented = re.search(r'data-testid="implemented-by">(.*?)</ul>', html, re.S)
    assert implemented and "25-KH/BTGTU" in implemented[1]
    html = client.get(reverse("documents:detail", args=[plan.pk])).content.decode()
    outgoing = re.search(r'data-testid="relations-out">(.*?)</ul>', html, re.S)
    assert outgoing and "Triển khai thực hiện" in outgoing[1] and "04-ĐA/TU" in outgoing[1]


def test_a_relation_target_must_exist_and_be_readable(personas):
    hidden = make("30-KH/BTGTU", personas.lam_dong, dt.date(2022, 2, 1))
    plan = make("31-KH/BTGTU", personas.commission, dt.date(2022, 2, 1))
    client = personas.client(personas.specialist)
    url = reverse("documents:relation_add", args=[plan.pk])
    response = client.post(url, {"kind": "implements", "target": "99-ĐA/TU"}, follow=True)
    assert "Không có văn bản số 99-ĐA/TU" in response.content.decode()
    client.post(url, {"kind": "implements", "target": hidden.code})
    assert not DocumentRelation.objects.exists()
    client.post(url, {"kind": "guides", "target": plan.code})  # itself
    assert not DocumentRelation.objects.exists()


def test_a_relation_is_added_and_deleted_from_the_document_page(personas):
    project = make("04-ĐA/TU", personas.province, dt.date(2021, 6, 1))
    plan = make("32-KH/BTGTU", personas.commission, dt.date(2022, 2, 1))
    client = personas.client(personas.specialist)
    client.post(reverse("documents:relation_add", args=[plan.pk]), {"kind": "guides", "target": "04-ĐA/TU"})
    relation = DocumentRelation.objects.get(source=plan, target=project, kind="guides")
    # Someone who may only read cannot remove it.
    assert (
        personas.client(personas.commune1)
        .post(reverse("documents:relation_delete", args=[plan.pk, relation.pk]))
        .status_code
        == 404
    )
    client.post(reverse("documents:relation_delete", args=[plan.pk, relation.pk]))
    assert not DocumentRelation.objects.exists()


def test_replaced_by_is_given_by_code_and_sets_the_status(personas):
    old = make("33-KH/BTGTU", personas.commission, dt.date(2022, 2, 1))
    make("34-KH/BTGTU", personas.commission, dt.date(2023, 2, 1))
    client = personas.client(personas.specialist)
    url = reverse("documents:edit", args=[old.pk])
    response = client.post(
        url,
        form_data(personas.commission, code=old.code, issue_date="01/02/2022", replaced_by="34-kh/btgtu", revision=1),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.replaced_by.code == "34-KH/BTGTU" and old.status == Document.Status.REPLACED
    assert "thay thế bởi" in client.get(reverse("documents:detail", args=[old.pk])).content.decode()


def test_cited_codes_are_linked_and_unknown_ones_offer_to_add_them(personas):
    directive = make("05-CT/TW", Unit.objects.get(key="central"), dt.date(2016, 5, 15), visibility="public")
    plan = make(
        "40-KH/BTGTU",
        personas.commission,
        dt.date(2022, 3, 1),
        subject="Thực hiện Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW ngày 18/5/2021 <script>",
    )
    client = personas.client(personas.specialist)
    html = client.get(reverse("documents:detail", args=[plan.pk])).content.decode()
    detail = reverse("documents:detail", args=[directive.pk])
    # In the text: a link to the record, and a link offering to add the unknown code.
    assert f'<a class="tg-cite" href="{detail}">05-CT/TW</a>' in html
    add = reverse("documents:create") + "?so=01-KL%2FTW&amp;loai=K%E1%BA%BFt+lu%E1%BA%ADn&amp;ngay=18%2F05%2F2021"
    assert f'href="{add}"' in html
    assert "&lt;script&gt;" in html and "<script>" not in html.split("<main", 1)[1].split("</main>")[0].replace(
        '<script src="', ""
    )
    citations = re.search(r'data-testid="citations">(.*?)</ul>', html, re.S)
    assert citations and "chưa có trong sổ" in citations[1] and "Thêm vào sổ" in citations[1]
    # The offer opens the create form prefilled.
    form = client.get(add.replace("&amp;", "&")).context["form"]
    assert form.initial == {"code": "01-KL/TW", "type_name": "Kết luận", "issue_date": dt.date(2021, 5, 18)}
    # The directive's page shows who cites it.
    html = client.get(detail).content.decode()
    cited_by = re.search(r'data-testid="cited-by">(.*?)</ul>', html, re.S)
    assert cited_by and "40-KH/BTGTU" in cited_by[1]


def test_registering_a_cited_code_links_the_waiting_citations(personas):
    plan = make("41-KH/BTGTU", personas.commission, dt.date(2022, 3, 1), subject="Thực hiện Kết luận số 01-KL/TW")
    client = personas.client(personas.specialist)
    client.post(
        reverse("documents:create"),
        form_data(personas.commission, code="01-KL/TW", issuer_name="Bộ Chính trị", issue_date="18/05/2021"),
    )
    conclusion = Document.objects.get(code="01-KL/TW")
    assert Citation.objects.get(source_id=plan.pk).document == conclusion


def test_what_cites_a_document_is_limited_to_what_the_reader_may_read(personas):
    directive = make("05-CT/TW", Unit.objects.get(key="central"), dt.date(2016, 5, 15), visibility="public")
    make("42-KH/BTGTU", personas.lam_dong, dt.date(2022, 3, 1), subject="Thực hiện Chỉ thị số 05-CT/TW")
    html = personas.client(personas.specialist).get(reverse("documents:detail", args=[directive.pk])).content.decode()
    assert "42-KH/BTGTU" not in html
    html = personas.client(personas.outsider).get(reverse("documents:detail", args=[directive.pk])).content.decode()
    assert "42-KH/BTGTU" in html


def test_the_history_page_lists_the_changes(personas):
    client = personas.client(personas.specialist)
    client.post(reverse("documents:create"), form_data(personas.commission))
    document = Document.objects.get()
    client.post(
        reverse("documents:edit", args=[document.pk]),
        form_data(personas.commission, subject="Trích yếu mới", revision=document.revision),
    )
    html = client.get(reverse("documents:history", args=[document.pk])).content.decode()
    assert "Trích yếu mới" in html and str(personas.specialist) in html


def test_the_list_page_has_a_constant_query_count(personas, django_assert_max_num_queries):
    for number in range(1, 61):
        make(f"{number}-KH/BTGTU", personas.commission, dt.date(2022, 1, 1) + dt.timedelta(days=number))
    client = personas.client(personas.specialist)
    client.get(reverse("documents:list"))  # warm the content type cache
    with django_assert_max_num_queries(25):
        response = client.get(reverse("documents:list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(26):
        client.get(reverse("documents:list") + "?q=thu+nghiem&loai=K%E1%BA%BF+ho%E1%BA%A1ch&trang=2&co_quan=BTGTU")


def test_the_detail_page_has_a_constant_query_count(personas, django_assert_max_num_queries):
    target = make("04-ĐA/TU", personas.province, dt.date(2021, 6, 1))
    subject = " ".join(f"Kế hoạch số {n}-KH/BTGTU;" for n in range(1, 21))
    for number in range(50, 70):
        plan = make(
            f"{number}-KH/BTGTU", personas.commission, dt.date(2022, 1, 1), subject=f"Thực hiện 04-ĐA/TU. {subject}"
        )
        DocumentRelation.objects.create(source=plan, target=target, kind="implements")
    client = personas.client(personas.specialist)
    for document in (target, plan):
        client.get(reverse("documents:detail", args=[document.pk]))
        with django_assert_max_num_queries(35):
            assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200


def test_an_edit_without_the_revision_is_refused_and_changes_nothing(personas):
    document = make("27-KH/BTGTU", personas.commission, dt.date(2022, 2, 1), subject="Bản đầu")
    url = reverse("documents:edit", args=[document.pk])
    response = personas.client(personas.specialist).post(
        url, form_data(personas.commission, code=document.code, subject="Sửa không có phiên bản")
    )
    assert response.status_code == 200
    assert "tải lại trang" in response.content.decode()
    document.refresh_from_db()
    assert (document.subject, document.revision) == ("Bản đầu", 1)
