"""One registry per province: a number is unique within the registry of the owner's province, not nationally.

A duplicate's message links the existing record only for a user who may read it; the bulk import follows the same
rule; citations of a number kept in several registries link the central record, then the citing document's own
registry's; the migration 0006_registry_key filled the key of stored documents as ``Document.derive`` computes it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from tests.documents.test_importer import csv_file, plan
from tests.documents.test_views import form_data
from tuyengiao.documents import services
from tuyengiao.documents.demo import ensure_documents
from tuyengiao.documents.forms import resolve_document
from tuyengiao.documents.importer import RowError, import_file
from tuyengiao.documents.models import Citation, Document
from tuyengiao.documents.registry import CENTRAL
from tuyengiao.units import tree
from tuyengiao.units.models import Level, Unit

MIGRATION = ("documents", "0006_registry_key")
fill_registry_keys = importlib.import_module(f"tuyengiao.documents.migrations.{MIGRATION[1]}").fill_registry_keys

AUGUST = dt.date(2025, 8, 1)
JUNE = dt.date(2025, 6, 5)


def make(code: str, owner: Unit, day: dt.date | None = AUGUST, **extra: Any) -> Document:
    document = Document(owner=owner, issue_date=day, subject=extra.pop("subject", f"Bản ghi {code}"), **extra)
    document.set_code(code)
    return services.save_document(document)


def key(unit_key: str) -> str:
    return f"unit:{Unit.objects.get(key=unit_key).pk}"


def old_phu_yen_commune() -> Unit:
    """A commune that lay under old Phú Yên (p:54) on 05/06/2025."""
    phu_yen = Unit.objects.get(key="p:54")
    return Unit.objects.filter(pk__in=tree.subtree_ids([phu_yen.pk], JUNE), level=Level.COMMUNE).order_by("key")[0]


# --- Registering the same number in two provinces -------------------------------------------------------------------


def test_a_commune_of_another_province_registers_a_number_that_a_province_keeps_as_internal(personas):
    theirs = make("05-CT/TW", personas.lam_dong, issuer_name="Ban Chấp hành Trung ương", subject="Bản của Lâm Đồng")
    assert theirs.visibility == Document.Visibility.INTERNAL
    client = personas.client(personas.commune1)
    response = client.post(
        reverse("documents:create"),
        form_data(
            personas.commune_unit1, code="5-ct/tw", issue_date="01/08/2025", issuer_name="Ban Chấp hành Trung ương"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ours = Document.objects.exclude(pk=theirs.pk).get(code="05-CT/TW")
    assert (ours.owner, ours.registry_key) == (personas.commune_unit1, key("p:66"))
    assert theirs.registry_key == key("p:68")
    assert ours.issuer_key == theirs.issuer_key and ours.term == theirs.term  # the same number, two registries


def test_the_database_refuses_the_same_number_twice_in_one_registry_and_accepts_it_in_another(personas):
    issuer = "Ủy ban nhân dân tỉnh"
    make("17/CT-UBND", personas.province, issuer_name=issuer)
    copy = Document(owner=personas.commune_unit1, issue_date=AUGUST, subject="Bản sao", issuer_name=issuer)
    copy.set_code("17/CT-UBND")
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()  # past save_document's check: the constraint itself
    elsewhere = Document(owner=personas.lam_dong, issue_date=AUGUST, subject="Ở tỉnh khác", issuer_name=issuer)
    elsewhere.set_code("17/CT-UBND")
    elsewhere.save()
    assert Document.objects.filter(code="17/CT-UBND").count() == 2


# --- A duplicate within the registry: the message -------------------------------------------------------------------


def test_a_duplicate_in_the_same_registry_is_refused_with_a_link_for_a_user_who_may_read_the_record(personas):
    existing = make("12-CT/TU", personas.commission, issuer_name="Tỉnh ủy Đắk Lắk")  # shared down to the communes
    client = personas.client(personas.commune1)
    response = client.post(
        reverse("documents:create"),
        form_data(personas.commune_unit1, code="12-CT/TU", issue_date="01/08/2025", issuer_name="Tỉnh ủy Đắk Lắk"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Văn bản này đã có trong sổ đăng ký" in html
    assert f'<a href="{reverse("documents:detail", args=[existing.pk])}">' in html
    assert Document.objects.filter(code="12-CT/TU").count() == 1


def test_a_duplicate_the_user_may_not_read_is_refused_naming_neither_the_record_nor_its_owner(personas):
    existing = make(
        "12-CT/TU", personas.commune_unit1, issuer_name="Tỉnh ủy Đắk Lắk", subject="Bản nội bộ của phường một"
    )
    client = personas.client(personas.commune2)
    assert client.get(reverse("documents:detail", args=[existing.pk])).status_code == 404
    response = client.post(
        reverse("documents:create"),
        form_data(personas.commune_unit2, code="12-CT/TU", issue_date="01/08/2025", issuer_name="Tỉnh ủy Đắk Lắk"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Số, ký hiệu 12-CT/TU đã được một đơn vị khác đăng ký trong sổ đăng ký văn bản của Tỉnh ủy Đắk Lắk "
        "(cùng cơ quan ban hành, loại, số và nhiệm kỳ); bạn không có quyền xem bản ghi đó." in html
    )
    assert reverse("documents:detail", args=[existing.pk]) not in html
    assert "Bản nội bộ của phường một" not in html
    assert personas.commune_unit1.name_on(AUGUST) not in html
    assert Document.objects.filter(code="12-CT/TU").count() == 1


def test_a_duplicate_refused_to_a_programmatic_caller_names_the_record_without_a_link(personas):
    existing = make("13-CT/TU", personas.commune_unit1, issuer_name="Tỉnh ủy Đắk Lắk")
    copy = Document(owner=personas.commune_unit2, issue_date=AUGUST, subject="Bản sao", issuer_name="Tỉnh ủy Đắk Lắk")
    copy.set_code("13-CT/TU")
    with pytest.raises(ValidationError) as refused:
        services.save_document(copy)
    message = refused.value.messages[0]
    assert message.startswith("Văn bản này đã có trong sổ đăng ký: Chỉ thị số 13-CT/TU")
    assert reverse("documents:detail", args=[existing.pk]) not in message


# --- The bulk import ------------------------------------------------------------------------------------------------


def test_the_import_registers_a_number_that_another_province_keeps_as_internal(personas):
    make("25-KH/BTGTU", Unit.objects.get(key="com:p:68"), dt.date(2022, 1, 10), subject="Kế hoạch của Lâm Đồng")
    result = import_file(csv_file([plan("25-KH/BTGTU")]), user=personas.specialist, owner=personas.commission)
    assert result.ok, result.errors
    assert result.created[0].registry_key == key("p:66")
    assert Document.objects.filter(code="25-KH/BTGTU").count() == 2


def test_the_import_refuses_a_duplicate_of_its_registry_naming_it_only_to_a_reader(personas):
    existing = make("12-CT/TU", personas.commune_unit1, issuer_unit=personas.province, subject="Bản của phường một")
    row = plan("12-CT/TU", issue_date="01/08/2025", issuer="Tỉnh ủy Đắk Lắk", subject="Chỉ thị của Tỉnh ủy")
    result = import_file(csv_file([row]), user=personas.commune2, owner=personas.commune_unit2)
    assert result.created == []
    assert result.errors == [
        RowError(
            2,
            "Số, ký hiệu",
            "Số, ký hiệu 12-CT/TU đã được một đơn vị khác đăng ký trong sổ đăng ký văn bản của Tỉnh ủy Đắk Lắk "
            "(cùng cơ quan ban hành, loại, số và nhiệm kỳ); bạn không có quyền xem bản ghi đó. "
            "Hãy kiểm tra lại số, ký hiệu hoặc liên hệ cơ quan quản lý sổ.",
        )
    ]
    # The province reads the commune's record, so its import is told which one.
    result = import_file(csv_file([row]), user=personas.specialist, owner=personas.commission)
    assert result.errors == [
        RowError(
            2,
            "Số, ký hiệu",
            f"Văn bản này đã có trong sổ đăng ký: {existing} (cùng cơ quan ban hành, loại, số và nhiệm kỳ).",
        )
    ]


# --- Which registry: derive() and the migration ---------------------------------------------------------------------


def owners_and_registries() -> list[tuple[Unit, dt.date | None, str]]:
    """(owner, issue date, expected registry key): a commune, a province's commission and affiliated committee,
    central units, and old Phú Yên before the reform."""
    commune = Unit.objects.get(key="c2025:24133")
    phu_yen_commune = old_phu_yen_commune()
    return [
        (commune, AUGUST, key("p:66")),
        (Unit.objects.get(key="com:p:66"), dt.date(2022, 1, 10), key("p:66")),
        (Unit.objects.get(key="aff:66:ca"), AUGUST, key("p:66")),
        (Unit.objects.get(key="p:66"), AUGUST, key("p:66")),
        (Unit.objects.get(key="central"), dt.date(2021, 5, 15), CENTRAL),
        (Unit.objects.get(key="central:btg"), AUGUST, CENTRAL),
        (phu_yen_commune, JUNE, key("p:54")),  # under a district of Phú Yên then
        (Unit.objects.get(key="com:p:54"), JUNE, key("p:54")),
        (Unit.objects.get(key="com:p:54"), None, key("p:54")),  # ended: as on its last day
        (Unit.objects.get(key="com:p:66"), JUNE, key("p:66")),  # Đắk Lắk before the merger keeps its own
    ]


def test_the_registry_is_the_province_the_owner_lies_under_on_the_issue_date(personas):
    for owner, day, expected in owners_and_registries():
        document = Document(owner=owner, issue_date=day, subject="Thử")
        document.set_code("01-KH/TU")
        document.derive()
        assert document.registry_key == expected, (owner.key, day)


def test_the_registry_costs_one_query_and_none_again_while_owner_and_date_stay(personas, django_assert_num_queries):
    document = Document(owner=personas.commune_unit1, issue_date=AUGUST, subject="Thử")
    document.set_code("02-KH/ĐU")
    with django_assert_num_queries(1):
        document.derive()
    with django_assert_num_queries(0):
        document.derive()
    document.owner = personas.lam_dong
    with django_assert_num_queries(1):
        document.derive()
    assert document.registry_key == key("p:68")


def test_the_migration_fills_the_registry_of_stored_documents_as_derive_does(personas):
    expected = {}
    for number, (owner, day, registry_key) in enumerate(owners_and_registries(), start=1):
        expected[make(f"{number:02d}-KH/TU", owner, day, issuer_name="Thử nghiệm").pk] = registry_key
    Document.objects.update(registry_key="")
    # The models as the migration sees them: no save() of ours, the historical unit versions.
    state_apps = MigrationLoader(connection).project_state(MIGRATION).apps

    fill_registry_keys(state_apps, None)

    assert dict(Document.objects.values_list("pk", "registry_key")) == expected


# --- National lookups -----------------------------------------------------------------------------------------------


def test_a_citation_links_the_central_record_then_the_citing_documents_own_registry(personas):
    lam_dong = make("05-CT/TW", personas.lam_dong, dt.date(2016, 5, 15), issuer_name="Bộ Chính trị")
    plan_ = make("40-KH/BTGTU", personas.commission, dt.date(2022, 3, 1), subject="Thực hiện Chỉ thị số 05-CT/TW")
    citation = Citation.objects.get(source_id=plan_.pk)
    assert citation.document == lam_dong  # the only record of the number
    own = make("05-CT/TW", personas.province, dt.date(2016, 5, 15), issuer_name="Bộ Chính trị")
    citation.refresh_from_db()
    assert citation.document == own  # the plan's own registry's record now
    central = make("05-CT/TW", Unit.objects.get(key="central"), dt.date(2016, 5, 15), issuer_name="Bộ Chính trị")
    citation.refresh_from_db()
    assert citation.document == central
    # A document cited by several registries: each new citation links the central record too.
    other = make("41-KH/BTGTU", Unit.objects.get(key="com:p:68"), dt.date(2022, 3, 1), subject="Theo 05-CT/TW")
    assert Citation.objects.get(source_id=other.pk).document == central
    assert set(Document.objects.with_code("5-ct/tw")) == {lam_dong, own, central}


def test_typing_a_number_kept_in_several_registries_finds_the_central_then_the_own_record(personas):
    own = make("06-CT/TW", personas.province, dt.date(2016, 6, 1), issuer_name="Bộ Chính trị", visibility="public")
    theirs = make("06-CT/TW", personas.lam_dong, dt.date(2016, 6, 1), issuer_name="Bộ Chính trị", visibility="public")
    readable = Document.objects.readable_by(personas.specialist)
    assert resolve_document("06-CT/TW", readable, own.registry_key) == own
    assert resolve_document("06-CT/TW", readable, theirs.registry_key) == theirs
    central = make("06-CT/TW", Unit.objects.get(key="central"), dt.date(2016, 6, 1), issuer_name="Bộ Chính trị")
    assert resolve_document("06-CT/TW", readable, own.registry_key) == central


def test_the_demo_registry_loads_once(personas):
    assert ensure_documents() > 0
    assert ensure_documents() == 0
