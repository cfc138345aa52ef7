"""The registry with the two corrected families: laws of the National Assembly and central State bodies ending in TW.

Also the data migration that re-reads numbers stored before the correction (0005_recode_document_numbers).
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from tests.documents.test_views import form_data
from tuyengiao.documents import services
from tuyengiao.documents.importer import TYPE_NAMES
from tuyengiao.documents.models import Citation, Document
from tuyengiao.units.models import Unit

MIGRATION = ("documents", "0005_recode_document_numbers")
recode = importlib.import_module(f"tuyengiao.documents.migrations.{MIGRATION[1]}").recode


def make(code: str, owner: Unit, day: dt.date, **extra: object) -> Document:
    document = Document(owner=owner, issue_date=day, subject=extra.pop("subject", "Thử nghiệm"), **extra)
    document.set_code(code)
    return services.save_document(document)


def test_a_law_is_stored_with_the_quoc_hoi_of_its_term_and_a_stable_key(personas):
    law = make("45/2019/QH14", personas.commission, dt.date(2019, 11, 20), type_name="Bộ luật")
    law.refresh_from_db()
    assert (law.code, law.code_key, law.type_code, law.issuer_code, law.system, law.year, law.type_name) == (
        "45/2019/QH14",
        "45/2019/qh14",
        "",
        "QH14",
        "state",
        2019,
        "Bộ luật",
    )
    assert law.term == ""
    assert list(Document.objects.with_code("Bộ luật Lao động số 45/2019/qh14")) == [law]
    assert list(Document.objects.with_code("45 / 2019 / QH14")) == [law]


def test_laws_and_resolutions_of_the_quoc_hoi_are_numbered_apart(personas):
    make("06/2022/QH15", personas.commission, dt.date(2022, 6, 15), issuer_name="Quốc hội")
    with pytest.raises(ValidationError, match="đã có trong sổ đăng ký"):
        make("Luật số 6/2022/QH15", personas.commission, dt.date(2022, 6, 15), issuer_name="Quốc hội")
    resolution = make(
        "06/2022/QH15", personas.commission, dt.date(2022, 6, 15), issuer_name="Quốc hội", type_name="Nghị quyết"
    )
    assert (resolution.type_code, resolution.issuer_code) == ("NQ", "QH15")


def test_a_cited_law_links_to_the_registered_one_with_the_name_the_text_gives(personas):
    plan = make(
        "11-KH/BTGTU",
        personas.commission,
        dt.date(2024, 2, 1),
        subject="Tuyên truyền Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022 và Bộ luật Lao động số "
        "45/2019/QH14",
    )
    law = make("06/2022/QH15", Unit.objects.get(key="central"), dt.date(2022, 6, 15))
    citations = Citation.objects.filter(source_id=plan.pk).order_by("start")
    assert [(c.code, c.code_key, c.type_name, c.cited_date, c.document) for c in citations] == [
        ("06/2022/QH15", "06/2022/qh15", "Luật", dt.date(2022, 6, 15), law),
        ("45/2019/QH14", "45/2019/qh14", "Bộ luật", None, None),
    ]


def test_the_form_takes_the_type_of_a_law_from_the_type_field_or_from_the_code_field(personas):
    client = personas.client(personas.specialist)
    client.post(
        reverse("documents:create"),
        form_data(personas.commission, code="202/2025/QH15", type_name="Nghị quyết", issue_date="12/06/2025"),
    )
    client.post(
        reverse("documents:create"),
        form_data(personas.commission, code="Bộ luật Lao động số 45/2019/QH14", issue_date="20/11/2019"),
    )
    saved = {d.code: (d.type_code, d.issuer_code, d.type_name, d.system) for d in Document.objects.all()}
    assert saved == {
        "202/2025/QH15": ("NQ", "QH15", "Nghị quyết", "state"),
        "45/2019/QH14": ("", "QH14", "Bộ luật", "state"),
    }


def test_a_central_state_body_ending_in_tw_is_registered_as_state(personas):
    guide = make("12/HD-BTĐKTTW", personas.commission, dt.date(2024, 1, 10))
    assert (guide.code, guide.code_key, guide.system, guide.term, guide.year) == (
        "12/HD-BTĐKTTW",
        "12/hd-btdkttw",
        "state",
        "",
        2024,
    )
    assert list(Document.objects.with_code("12-HD/BTĐKTTW")) == [guide]


def test_the_importer_accepts_the_names_of_laws():
    assert {TYPE_NAMES[key] for key in ("luat", "bo luat", "nghi quyet", "phap lenh")} == {
        "Luật",
        "Bộ luật",
        "Nghị quyết",
        "Pháp lệnh",
    }


def test_the_migration_re_reads_numbers_stored_before_the_correction(personas):
    law = make("45/2019/QH14", personas.commission, dt.date(2019, 11, 20), type_name="Bộ luật")
    resolution = make("35/2023/UBTVQH15", personas.commission, dt.date(2023, 8, 1), type_name="Nghị quyết")
    guide = make("12/HD-BTĐKTTW", personas.commission, dt.date(2024, 1, 10))
    party = make("05-CT/TW", Unit.objects.get(key="central"), dt.date(2021, 5, 15))
    plan = make("12-KH/BTGTU", personas.commission, dt.date(2024, 2, 1), subject="Theo Hướng dẫn số 12/HD-BTĐKTTW")
    # What the parser stored before: laws typed by the term, the Ban Thi đua - Khen thưởng Trung ương as Party.
    Document.objects.filter(pk=law.pk).update(type_code="QH14", issuer_code="QH")
    Document.objects.filter(pk=resolution.pk).update(type_code="UBTVQH15", issuer_code="UBTVQH")
    old_search = guide.search_text.replace("12/hd-btdkttw 12/hd-btdkttw", "12-hd/btdkttw 12-hd/btdkttw")
    Document.objects.filter(pk=guide.pk).update(
        code="12-HD/BTĐKTTW", code_key="12-hd/btdkttw", system="party", term="2020-2025", search_text=old_search
    )
    Citation.objects.filter(source_id=plan.pk).update(code="12-HD/BTĐKTTW", code_key="12-hd/btdkttw", document=None)
    untouched = {d.pk: d for d in Document.objects.filter(pk__in=[party.pk, plan.pk])}
    # The models as the migration sees them: no save() of ours, no history.
    state_apps = MigrationLoader(connection).project_state(MIGRATION).apps

    recode(state_apps, None)

    law.refresh_from_db()
    resolution.refresh_from_db()
    guide.refresh_from_db()
    assert (law.code, law.code_key, law.type_code, law.issuer_code) == ("45/2019/QH14", "45/2019/qh14", "", "QH14")
    assert (resolution.type_code, resolution.issuer_code) == ("NQ", "UBTVQH15")
    assert (guide.code, guide.code_key, guide.system, guide.term) == ("12/HD-BTĐKTTW", "12/hd-btdkttw", "state", "")
    assert guide.search_text.startswith("12/hd-btdkttw 12/hd-btdkttw ")
    citation = Citation.objects.get(source_id=plan.pk)
    assert (citation.code, citation.code_key, citation.document) == ("12/HD-BTĐKTTW", "12/hd-btdkttw", guide)
    for document in Document.objects.filter(pk__in=untouched):
        before = untouched[document.pk]
        assert (document.code, document.code_key, document.type_code, document.system, document.term) == (
            before.code,
            before.code_key,
            before.type_code,
            before.system,
            before.term,
        )
    # Running it again changes nothing.
    rows = list(Document.objects.order_by("pk").values())
    recode(state_apps, None)
    assert list(Document.objects.order_by("pk").values()) == rows
