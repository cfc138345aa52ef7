"""The certificates (issue #14): the award's full name, never cut ("KỶ NIỆM CHƯƠNG" / "VÌ SỰ NGHIỆP TUYÊN GIÁO");
a collective named as a body of its own printed alone, not above another body named on another date; the
variant for pre-printed forms with only the variable text at fixed positions. With PAPERS_ARTIFACTS=<dir> the
PDFs are kept there (to render them as PNG and look at them)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.awards.conftest import GK, MEDAL, form
from tests.awards.test_pages import pdf_pages
from tests.awards.test_papers import decide, nominate, worker
from tuyengiao.awards import documents_out, grantors, services
from tuyengiao.awards.models import Award, Decision, EmulationCycle
from tuyengiao.lib.officedoc import soffice
from tuyengiao.units.models import Unit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 5)


def _texts(data: bytes) -> list[str]:
    from docx import Document

    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return [t for t in texts if t.strip()]


def _content(decision: Decision) -> Any:
    awards = list(Award.objects.filter(decision=decision).select_related("person", "award_form"))
    return documents_out.collect(decision, awards, TODAY)


def _medal(personas: Any, cycle: EmulationCycle) -> Decision:
    people = [worker(name, personas.commission) for name in ("Trần Thị Hoa", "Nguyễn Hoàng Phương Thảo Nguyên")]
    nominations = [nominate(cycle, MEDAL, personas.commission, "11 năm công tác", person=p) for p in people]
    return decide(
        personas,
        cycle,
        MEDAL,
        nominations,
        number="1234-QĐ/BTGDVTW",
        issued_on=dt.date(2025, 12, 20),
        signer_title="PHÓ TRƯỞNG BAN",
    )


def test_the_certificate_lines_give_the_full_name_of_every_award_of_the_catalogue() -> None:
    assert grantors.certificate_lines("Kỷ niệm chương “Vì sự nghiệp Tuyên giáo”") == (
        "KỶ NIỆM CHƯƠNG",
        "VÌ SỰ NGHIỆP TUYÊN GIÁO",
    )
    assert grantors.certificate_lines("Bằng khen của Ban Thường vụ Tỉnh ủy") == ("BẰNG KHEN",)
    assert grantors.certificate_lines("Giấy khen chuyên đề học tập và làm theo tư tưởng") == (
        "GIẤY KHEN",
        "CHUYÊN ĐỀ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG",
    )
    assert grantors.certificate_lines("Tập thể lao động xuất sắc") == ("TẬP THỂ LAO ĐỘNG XUẤT SẮC",)


def test_a_medal_certificate_prints_the_medal_s_whole_name(personas: Any, cycle: Any) -> None:
    texts = _texts(documents_out.certificates_docx(_content(_medal(personas, cycle))))
    assert texts.count("KỶ NIỆM CHƯƠNG") == 2
    assert texts.count("VÌ SỰ NGHIỆP TUYÊN GIÁO") == 2
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN TRUNG ƯƠNG" in texts


def test_a_collective_named_as_a_body_is_printed_alone_not_above_its_unit_of_another_date(personas: Any) -> None:
    """Cát Tiên merged into Đạ Huoai on 01/01/2025: a 2025 certificate of "Ban Tuyên giáo Huyện ủy Cát Tiên",
    nominated under the district that became Đạ Huoai, does not print "Huyện ủy Đạ Huoai" under it."""
    commission = Unit.objects.get(key="com:p:68")
    district = Unit.objects.get(key="d:682")
    cycle = EmulationCycle.objects.create(unit=commission, year=2024, title="Thi đua năm 2024")
    body = nominate(cycle, GK, district, "Tốt", collective_name="Ban Tuyên giáo Huyện ủy Cát Tiên")
    department = nominate(cycle, GK, commission, "Tốt", collective_name="Phòng Tuyên truyền")
    decision = services.create_decision(cycle, form(GK), "Về việc khen thưởng", personas.outsider)
    services.add_awards(decision, [(body, "Tốt"), (department, "Tốt")], personas.outsider)
    services.issue(decision, "5-QĐ/BTGDVTU", dt.date(2025, 3, 10), "Nguyễn Văn B", personas.outsider)
    decision.refresh_from_db()
    content = _content(decision)
    texts = _texts(documents_out.certificates_docx(content))
    assert "Ban Tuyên giáo Huyện ủy Cát Tiên" in texts
    assert not any("Đạ Huoai" in text or "Đạ Tẻh" in text for text in texts)
    assert "Phòng Tuyên truyền" in texts
    assert commission.name_on(dt.date(2025, 3, 10)) in texts  # a department keeps its unit under it
    issuer = " ".join(texts[:3])
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY LÂM ĐỒNG" in issuer


def test_a_commission_named_in_full_is_never_glued_to_another_body() -> None:
    names = grantors.Names(
        committee="Thành ủy Huế", province="Thành phố Huế", commission="Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế"
    )
    issuer = grantors.issuer(grantors.COMMISSION_HEAD, names, dt.date(2025, 1, 2))
    assert issuer.name == "Trưởng Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế"


def test_the_variant_for_pre_printed_forms_has_only_the_variable_text(personas: Any, cycle: Any) -> None:
    content = _content(_medal(personas, cycle))
    texts = _texts(documents_out.certificates_docx(content, preprinted=True))
    assert "Trần Thị Hoa" in texts and "KỶ NIỆM CHƯƠNG\nVÌ SỰ NGHIỆP TUYÊN GIÁO" in texts
    assert any("Quyết định số 1234-QĐ/BTGDVTW ngày 20/12/2025" in text for text in texts)
    for decoration in ("ĐẢNG CỘNG SẢN VIỆT NAM", "TẶNG", "K/T TRƯỞNG BAN", "BAN TUYÊN GIÁO VÀ DÂN VẬN TRUNG ƯƠNG"):
        assert decoration not in texts
    client = personas.client(personas.specialist)
    decision = content.decision
    page = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    url = reverse("awards:decision_file", args=[decision.pk, "giay-khen-phoi.docx"])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and "in-len-phoi" in response["Content-Disposition"]


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice/poppler missing")
def test_the_certificates_render_one_page_per_recipient_in_both_variants(personas: Any, cycle: Any) -> None:
    content = _content(_medal(personas, cycle))
    files = {
        "giay-khen": documents_out.pdf(documents_out.certificates_docx(content)),
        "giay-khen-phoi": documents_out.pdf(documents_out.certificates_docx(content, preprinted=True)),
    }
    for name, data in files.items():
        pages = pdf_pages(data)
        assert len(pages) == 2, name
        assert "VÌ SỰ NGHIỆP TUYÊN GIÁO" in pages[0], name
        assert "Nguyễn Hoàng Phương Thảo Nguyên" in pages[1], name
    keep = os.environ.get("PAPERS_ARTIFACTS", "")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (Path(keep) / f"{name}.pdf").write_bytes(data)
