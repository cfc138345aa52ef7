"""The cycle through the pages: registration, nomination, council vote, decision, exports; scope and queries."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from typing import Any

import pytest
from django.urls import reverse

from tests.awards.conftest import GK, MEDAL, form
from tuyengiao.awards import services
from tuyengiao.awards.models import Award, Decision, Nomination, Registration
from tuyengiao.lib.officedoc import soffice

pytestmark = pytest.mark.django_db


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page (poppler's ``pdftotext``; pages are separated by form feeds)."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True)
    return [page for page in out.stdout.split("\f") if page.strip()]


def test_a_commune_registers_and_nominates_itself_through_the_pages(personas: Any, cycle: Any) -> None:
    client = personas.client(personas.commune1)
    page = client.get(reverse("awards:cycle", args=[cycle.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("awards:cycle_register", args=[cycle.pk]),
        {"dk-unit": personas.commune_unit1.pk, "dk-target": form("tap-the-ldxs").pk, "dk-registered_on": "15/01/2025"},
    )
    assert response.status_code == 302
    assert Registration.objects.filter(cycle=cycle, unit=personas.commune_unit1).exists()
    response = client.post(
        reverse("awards:cycle_nominate", args=[cycle.pk]),
        {"dn-unit": personas.commune_unit1.pk, "dn-award_form": form(GK).pk, "dn-achievements": "Hoàn thành xuất sắc"},
    )
    nomination = Nomination.objects.get(cycle=cycle, unit=personas.commune_unit1)
    assert response.url.startswith(reverse("awards:cycle", args=[cycle.pk]) + "?mo=de-nghi")
    assert nomination.nominee_name in client.get(response.url).content.decode()


def test_the_organiser_votes_decides_and_exports(personas: Any, cycle: Any) -> None:
    nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    client = personas.client(personas.specialist)
    client.post(
        reverse("awards:cycle_member_add", args=[cycle.pk]), {"hd-full_name": "Y Ni Ksơr", "hd-role": "Chủ tịch"}
    )
    member = cycle.council.get()
    client.post(
        reverse("awards:nomination", args=[nomination.pk]), {"member": member.pk, "agree": "1", "score": "92,5"}
    )
    assert nomination.votes.get().score == 92.5
    client.post(
        reverse("awards:cycle_decision_add", args=[cycle.pk]),
        {"qd-award_form": form(GK).pk, "qd-subject": "Về việc tặng Giấy khen", "qd-signer_title": "TRƯỞNG BAN"},
    )
    decision = Decision.objects.get(cycle=cycle)
    add = reverse("awards:decision_add", args=[decision.pk])
    client.post(add, {"revision": decision.revision, "nominations": [nomination.pk]})
    decision.refresh_from_db()
    client.post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {
            "revision": decision.revision,
            "number": "15-QĐ/BTGDVTU",
            "issued_on": "20/12/2025",
            "signer_name": "Nguyễn Văn B",
        },
    )
    decision.refresh_from_db()
    assert decision.number == "15-QĐ/BTGDVTU"
    assert decision.issued_on.isoformat() == "2025-12-20"
    assert Award.objects.get(decision=decision).unit == personas.commune_unit1

    from docx import Document

    docx = client.get(reverse("awards:decision_file", args=[decision.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    cells = " ".join(c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
    assert "QUYẾT ĐỊNH" in text
    assert "1 tập thể" in text
    assert "15-QĐ/BTGDVTU" in cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler missing")
def test_certificates_print_one_page_per_recipient(personas: Any, cycle: Any, veteran: Any) -> None:
    first = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    second = services.nominate(cycle, form(GK), personas.commission, veteran, "Giỏi", personas.specialist)
    decision = services.create_decision(cycle, form(GK), "Về việc tặng Giấy khen", personas.specialist)
    services.add_awards(decision, [(first, ""), (second, "")], personas.specialist)
    client = personas.client(personas.specialist)
    response = client.get(reverse("awards:decision_file", args=[decision.pk, "giay-khen.pdf"]))
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 2
    assert "Trần Thị Hoa" in pages[1]
    assert "GIẤY KHEN" in pages[0]


def test_another_province_gets_404(personas: Any, cycle: Any) -> None:
    nomination = services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    client = personas.client(personas.outsider)
    assert client.get(reverse("awards:cycle", args=[cycle.pk])).status_code == 404
    assert client.get(reverse("awards:nomination", args=[nomination.pk])).status_code == 404
    assert client.get(reverse("awards:decision", args=[decision.pk])).status_code == 404
    assert client.get(reverse("awards:decision_file", args=[decision.pk, "docx"])).status_code == 404
    assert client.get(reverse("awards:unit", args=[personas.commune_unit1.pk])).status_code == 404
    assert cycle.title not in client.get(reverse("awards:list")).content.decode()


def test_a_commune_does_not_see_its_neighbours_nomination(personas: Any, cycle: Any) -> None:
    other = services.nominate(cycle, form(GK), personas.commune_unit2, None, "Tốt", personas.commune2)
    client = personas.client(personas.commune1)
    assert client.get(reverse("awards:nomination", args=[other.pk])).status_code == 404


def test_pages_issue_a_bounded_number_of_queries(
    personas: Any, cycle: Any, veteran: Any, django_assert_max_num_queries: Any
) -> None:
    for unit in (personas.commune_unit1, personas.commune_unit2):
        services.nominate(cycle, form(GK), unit, None, "Tốt", personas.specialist)
    services.nominate(cycle, form(MEDAL), personas.commission, veteran, "11 năm", personas.specialist)
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    services.add_awards(decision, [(n, "") for n in cycle.nominations.filter(award_form__code=GK)], personas.specialist)
    client = personas.client(personas.specialist)
    for url in (
        reverse("awards:list"),
        reverse("awards:cycle", args=[cycle.pk]),
        reverse("awards:decision", args=[decision.pk]),
        reverse("awards:unit", args=[personas.commune_unit1.pk]),
    ):
        with django_assert_max_num_queries(50):
            assert client.get(url).status_code == 200


def test_the_list_counts_collectives_and_individuals_per_year(personas: Any, cycle: Any, veteran: Any) -> None:
    import datetime as dt

    nominations = [
        services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1),
        services.nominate(cycle, form(GK), personas.commission, veteran, "Giỏi", personas.specialist),
    ]
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    services.add_awards(decision, [(n, "") for n in nominations], personas.specialist)
    services.issue(decision, "3-QĐ/BTGDVTU", dt.date(2025, 12, 30), "A", personas.specialist)
    page = personas.client(personas.leader).get(reverse("awards:list")).content.decode()
    assert "<td>2025</td><td>1</td><td>1</td>" in page.replace("\n", "")


def test_the_decision_page_holds_back_the_list_until_the_comment_window_closes(personas: Any, cycle: Any) -> None:
    from django.utils import timezone

    services.nominate(cycle, form(GK), personas.commune_unit1, None, "Tốt", personas.commune1)
    today = timezone.localdate()
    cycle.comment_from, cycle.comment_to = today, today + dt.timedelta(days=9)
    cycle.save()
    decision = services.create_decision(cycle, form(GK), "Về việc khen thưởng", personas.specialist)
    client = personas.client(personas.specialist)
    page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert 'data-testid="comment-pending"' in page and 'data-testid="add-form"' not in page
    cycle_page = client.get(reverse("awards:cycle", args=[cycle.pk])).content.decode()
    assert "Đang lấy ý kiến" in cycle_page and 'data-testid="nominations-frozen"' in cycle_page


def test_a_past_cycle_offers_the_units_and_people_of_its_year(personas: Any) -> None:
    """Lâm Đồng's 2023 cycle lists the districts (dissolved on 01/07/2025) and their staff of that year, so the
    specialist can record seed 000's awards in the browser today; a 2026 cycle does not list them."""
    from tuyengiao.awards.models import EmulationCycle
    from tuyengiao.people.models import Person, Posting
    from tuyengiao.units.models import Unit

    commission = Unit.objects.get(key="com:p:68")
    district = Unit.objects.get(key="d:682")
    old = EmulationCycle.objects.create(unit=commission, year=2023, title="Thi đua năm 2023")
    new = EmulationCycle.objects.create(unit=commission, year=2026, title="Thi đua năm 2026")
    person = Person.objects.create(full_name="Đinh Văn Tẻh")
    Posting.objects.create(
        person=person,
        unit=district,
        position="Trưởng Ban Tuyên giáo",
        from_date=dt.date(2015, 1, 1),
        to_date=dt.date(2025, 6, 30),
    )
    client = personas.client(personas.outsider)
    page = client.get(reverse("awards:cycle", args=[old.pk])).content.decode()
    assert f'<option value="{district.pk}">Huyện ủy Đạ Tẻh</option>' in page  # its name in 2023
    assert "Đinh Văn Tẻh" in page
    later = client.get(reverse("awards:cycle", args=[new.pk])).content.decode()
    assert "Huyện ủy Đạ Tẻh" not in later and "Đinh Văn Tẻh" not in later
    response = client.post(
        reverse("awards:cycle_nominate", args=[old.pk]),
        {
            "dn-unit": district.pk,
            "dn-award_form": form(GK).pk,
            "dn-collective_name": "Ban Tuyên giáo Huyện ủy Cát Tiên",
            "dn-achievements": "Thực hiện Kết luận số 01-KL/TW",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(cycle=old)
    assert (nomination.unit, nomination.nominee_name) == (district, "Ban Tuyên giáo Huyện ủy Cát Tiên")


def test_a_2025_cycle_offers_the_communes_after_the_reform_not_the_old_districts(personas: Any, cycle: Any) -> None:
    from tuyengiao.units.models import Unit

    page = personas.client(personas.specialist).get(reverse("awards:cycle", args=[cycle.pk])).content.decode()
    district = Unit.objects.filter(key__startswith="d:", versions__parent=personas.province).first()
    assert district is not None
    assert f'<option value="{district.pk}"' not in page
    assert f'<option value="{personas.commune_unit1.pk}"' in page
