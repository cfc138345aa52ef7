"""The award papers: the decision and the certificates by grantor and date, the proposal (tờ trình) with the
council's selection, the download routes and their scope; PDFs when LibreOffice is installed."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.awards.conftest import GK, form
from tuyengiao.awards import documents_out, services
from tuyengiao.awards.models import Award, CouncilMember, Decision, EmulationCycle, Nomination, Vote
from tuyengiao.lib.officedoc import soffice
from tuyengiao.people.models import Person, Posting
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

pytestmark = pytest.mark.django_db

STANDING = "bang-khen-btv-tinh-uy"
CENTRAL = "bang-khen-ban-tw"
CHAIR = "bang-khen-chu-tich-ubnd"
TODAY = dt.date(2026, 1, 5)


class Paper:
    """A DOCX opened with python-docx: body paragraphs, the header table's cells, the list tables' rows."""

    def __init__(self, data: bytes) -> None:
        from docx import Document

        document = Document(io.BytesIO(data))
        self.paragraphs = [p.text for p in document.paragraphs]
        self.text = "\n".join(self.paragraphs)
        self.header = [cell.text for cell in document.tables[0].rows[0].cells]
        # (text, bold) of each line of the header's left column
        self.issuer_lines = [
            (p.text, all(r.bold for r in p.runs if r.text.strip()))
            for p in document.tables[0].rows[0].cells[0].paragraphs
            if p.text.strip()
        ]
        self.signature = [cell.text for cell in document.tables[1].rows[0].cells]
        self.rows = [[cell.text for cell in row.cells] for table in document.tables[2:] for row in table.rows]

    def line(self, start: str) -> str:
        return next(p for p in self.paragraphs if p.startswith(start))


def districts(count: int) -> list[Unit]:
    """District party committees of Đắk Lắk as they stood in 2024, in code order."""
    return list(
        Unit.objects.filter(
            level=Level.DISTRICT,
            kind=Kind.PARTY_COMMITTEE,
            versions__parent__key="p:66",
            versions__valid_to=dt.date(2025, 7, 1),
        )
        .distinct()
        .order_by("code")[:count]
    )


def nominate(cycle: EmulationCycle, code: str, unit: Unit, text: str, **fields: Any) -> Nomination:
    return Nomination.objects.create(cycle=cycle, award_form=form(code), unit=unit, achievements=text, **fields)


def worker(name: str, unit: Unit) -> Person:
    person = Person.objects.create(full_name=name)
    Posting.objects.create(person=person, unit=unit, position="Chuyên viên", from_date=dt.date(2015, 1, 1))
    return person


def decide(
    personas: Any,
    cycle: EmulationCycle,
    code: str,
    nominations: list[Nomination],
    *,
    number: str = "",
    issued_on: dt.date | None = None,
    signer_title: str = "TRƯỞNG BAN",
    **fields: Any,
) -> Decision:
    decision = services.create_decision(
        cycle, form(code), "Về việc khen thưởng", personas.specialist, signer_title=signer_title, **fields
    )
    services.add_awards(decision, [(n, n.achievements) for n in nominations], personas.specialist)
    if number and issued_on:
        services.issue(decision, number, issued_on, "Nguyễn Văn B", personas.specialist)
    decision.refresh_from_db()
    return decision


def decision_paper(decision: Decision, today: dt.date = TODAY) -> Paper:
    awards = list(Award.objects.filter(decision=decision).select_related("person", "award_form"))
    return Paper(documents_out.decision_docx(documents_out.collect(decision, awards, today)))


def proposal_paper(decision: Decision, today: dt.date = TODAY) -> Paper:
    decision = Decision.objects.select_related("cycle__unit", "award_form").get(pk=decision.pk)
    return Paper(documents_out.proposal_docx(documents_out.proposal(decision, today)))


@pytest.fixture
def cycle2024(personas: Any) -> EmulationCycle:
    return EmulationCycle.objects.create(
        unit=personas.commission, year=2024, title="Thi đua năm 2024", created_by=personas.specialist
    )


@pytest.fixture
def thirteen(personas: Any, cycle2024: EmulationCycle) -> Decision:
    """A Giấy khen of 2024 for 13 district committees (a fourteenth was revoked) and one person."""
    units = districts(14)
    nominations = [nominate(cycle2024, GK, unit, f"Thành tích số {i}") for i, unit in enumerate(units, start=1)]
    person = worker("Trần Thị Hoa", personas.commission)
    nominations.append(nominate(cycle2024, GK, personas.commission, "Chuyên viên xuất sắc", person=person))
    decision = decide(personas, cycle2024, GK, nominations, number="15-QĐ/BTGTU", issued_on=dt.date(2024, 12, 20))
    revoked = Award.objects.get(nomination=nominations[13])
    services.revoke(revoked, dt.date(2025, 1, 10), "Kê khai sai thành tích", personas.specialist)
    return decision


# --- the decision by grantor and date -------------------------------------------------------------------------------


def test_a_2024_giay_khen_prints_the_ban_tuyen_giao_of_its_date(thirteen: Decision) -> None:
    paper = decision_paper(thirteen)
    left, right = paper.header
    assert left.split("\n") == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO", "*", "Số 15-QĐ/BTGTU"]
    assert right.split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đắk Lắk, ngày 20 tháng 12 năm 2024"]
    assert "DÂN VẬN" not in paper.text
    assert "TRƯỞNG BAN TUYÊN GIÁO TỈNH ỦY ĐẮK LẮK" in paper.paragraphs
    assert paper.line("Điều 1.") == (
        "Điều 1. Tặng Giấy khen của Trưởng Ban Tuyên giáo Tỉnh ủy Đắk Lắk cho 13 tập thể và 1 cá nhân "
        "(có danh sách kèm theo) đã có thành tích trong thi đua năm 2024."
    )
    assert "(Kèm theo Quyết định số 15-QĐ/BTGTU ngày 20/12/2024 của Trưởng Ban Tuyên giáo Tỉnh ủy Đắk Lắk)" in (
        paper.paragraphs
    )
    assert paper.signature[1].split("\n")[0] == "TRƯỞNG BAN"


def test_the_annex_lists_collectives_then_individuals_with_reasons_and_leaves_revoked_awards_out(
    thirteen: Decision,
) -> None:
    rows = decision_paper(thirteen).rows
    assert rows[0] == ["TT", "Tên tập thể, cá nhân", "Thành tích"]
    assert rows[1][0] == "I. TẬP THỂ"
    numbered = [row for row in rows if row[0].isdigit()]
    assert [row[0] for row in numbered] == [str(i) for i in range(1, 15)]
    assert [row[2] for row in numbered[:13]] == [f"Thành tích số {i}" for i in range(1, 14)]
    assert "Thành tích số 14" not in str(rows)
    first_unit = districts(1)[0]
    assert numbered[0][1] == UnitVersion.objects.get(unit=first_unit, valid_to=dt.date(2025, 7, 1)).name
    assert ["II. CÁ NHÂN"] * 3 in rows
    assert numbered[13][1:] == ["Trần Thị Hoa\nBan Tuyên giáo Tỉnh ủy Đắk Lắk", "Chuyên viên xuất sắc"]


def test_a_draft_of_2025_prints_the_merged_commission_and_a_blank_number(personas: Any, cycle: Any) -> None:
    nomination = nominate(cycle, GK, personas.commune_unit1, "Tốt")
    decision = decide(personas, cycle, GK, [nomination])
    paper = decision_paper(decision, today=dt.date(2025, 12, 1))
    assert paper.header[0].split("\n") == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số      -QĐ/BTGDVTU"]
    assert "Đắk Lắk, ngày 01 tháng 12 năm 2025" in paper.header[1]
    assert "Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk cho 1 tập thể" in paper.text


def test_a_collective_named_in_its_nomination_shows_its_unit_below(personas: Any, cycle: Any) -> None:
    named = nominate(cycle, GK, personas.commission, "Tốt", collective_name="Phòng Tuyên truyền - Báo chí")
    plain = nominate(cycle, GK, personas.commune_unit1, "Khá")
    paper = decision_paper(decide(personas, cycle, GK, [named, plain]), today=dt.date(2025, 12, 1))
    names = [row[1] for row in paper.rows if row[0].isdigit()]
    assert names == [
        "Phòng Tuyên truyền - Báo chí\nBan Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk",
        "Đảng ủy phường Buôn Ma Thuột",
    ]


def test_the_standing_committee_decides_on_behalf_of_the_ban_thuong_vu(personas: Any, cycle: Any) -> None:
    nomination = nominate(cycle, STANDING, personas.commune_unit1, "Xuất sắc")
    decision = decide(
        personas,
        cycle,
        STANDING,
        [nomination],
        number="120-QĐ/TU",
        issued_on=dt.date(2025, 12, 20),
        signer_title="PHÓ BÍ THƯ",
    )
    paper = decision_paper(decision)
    assert paper.header[0].split("\n") == ["ĐẢNG BỘ TỈNH ĐẮK LẮK", "TỈNH ỦY ĐẮK LẮK", "*", "Số 120-QĐ/TU"]
    assert "BAN THƯỜNG VỤ TỈNH ỦY ĐẮK LẮK" in paper.paragraphs
    assert "Tặng Bằng khen của Ban Thường vụ Tỉnh ủy Đắk Lắk cho 1 tập thể" in paper.line("Điều 1.")
    assert paper.signature[1].split("\n")[:2] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]
    assert "Nguyễn Văn B" in paper.signature[1]


def test_the_central_commission_of_2024_is_the_ban_tuyen_giao_trung_uong(personas: Any, cycle2024: Any) -> None:
    nomination = nominate(cycle2024, CENTRAL, districts(1)[0], "Học tập và làm theo Bác")
    decision = decide(personas, cycle2024, CENTRAL, [nomination], number="1234-QĐ/BTGTW", issued_on=dt.date(2024, 7, 3))
    paper = decision_paper(decision)
    assert paper.header[0].split("\n") == ["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO", "*", "Số 1234-QĐ/BTGTW"]
    assert "Hà Nội, ngày 03 tháng 07 năm 2024" in paper.header[1]
    assert "TRƯỞNG BAN TUYÊN GIÁO TRUNG ƯƠNG" in paper.paragraphs
    assert "Tặng Bằng khen của Ban Tuyên giáo Trung ương cho 1 tập thể" in paper.line("Điều 1.")


def test_the_central_commission_of_2025_is_the_ban_tuyen_giao_va_dan_van_trung_uong(personas: Any, cycle: Any) -> None:
    nomination = nominate(cycle, CENTRAL, personas.commune_unit1, "Tốt")
    paper = decision_paper(decide(personas, cycle, CENTRAL, [nomination]), today=dt.date(2025, 12, 1))
    left = ["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số      -QĐ/BTGDVTW"]
    assert paper.header[0].split("\n") == left
    assert "Bằng khen của Ban Tuyên giáo và Dân vận Trung ương" in paper.line("Điều 1.")


def test_the_provincial_chair_decides_in_the_state_layout(personas: Any, cycle: Any) -> None:
    nomination = nominate(cycle, CHAIR, personas.commune_unit1, "Tốt")
    decision = decide(
        personas,
        cycle,
        CHAIR,
        [nomination],
        number="2150/QĐ-UBND",
        issued_on=dt.date(2025, 12, 20),
        proposal_number="45-TTr/BTGDVTU",
        proposal_date=dt.date(2025, 12, 10),
    )
    paper = decision_paper(decision)
    assert paper.header[0].split("\n") == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK", "Số: 2150/QĐ-UBND"]
    assert paper.header[1].split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đắk Lắk, ngày 20 tháng 12 năm 2025",
    ]
    assert "ĐẢNG CỘNG SẢN" not in paper.text + "".join(paper.header)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" in paper.paragraphs
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;" in paper.paragraphs
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in paper.paragraphs
    assert paper.line("Theo đề nghị").endswith("tại Tờ trình số 45-TTr/BTGDVTU ngày 10/12/2025.")
    assert "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk cho 1 tập thể" in paper.line("Điều 1.")
    assert paper.signature[1].split("\n")[0] == "CHỦ TỊCH"
    assert "- Lưu: VT." in paper.signature[0]


# --- the proposal ---------------------------------------------------------------------------------------------------


@pytest.fixture
def voted(personas: Any, cycle: EmulationCycle) -> dict[str, Nomination]:
    """Five council members; nominations with their votes (agree, score) per member."""
    members = [CouncilMember.objects.create(cycle=cycle, full_name=f"Thành viên {i}") for i in range(5)]
    units = list(
        UnitVersion.objects.as_of(dt.date(2025, 12, 1))
        .filter(parent__key="p:66", unit__level=Level.COMMUNE)
        .order_by("unit__code")
        .values_list("unit", flat=True)[:6]
    )
    communes = list(Unit.objects.filter(pk__in=units).order_by("code"))
    person = worker("Lê Văn Nam", communes[0])
    plan: dict[str, tuple[Any, ...]] = {
        # key: (unit, person, votes as (agree, score) per member)
        "A": (communes[0], None, [(True, 95)] * 5),
        "E": (communes[1], None, [(True, None)] * 3),
        "C": (communes[2], None, [(True, 90)] * 3 + [(False, 90)] * 2),
        "B": (communes[3], None, [(True, 90)] * 4 + [(False, 90)]),
        "D": (communes[4], None, [(True, 99)] * 2 + [(False, 99)] * 3),
        "H": (communes[0], person, [(True, 80)] * 3 + [(False, 50)] * 2),
    }
    rows = {}
    for key, (unit, who, votes) in plan.items():
        rows[key] = nominate(cycle, GK, unit, f"Thành tích {key}", person=who)
        for member, (agree, score) in zip(members, votes, strict=False):
            Vote.objects.create(
                nomination=rows[key], member=member, agree=agree, score=None if score is None else Decimal(score)
            )
    rows["W"] = nominate(cycle, GK, communes[5], "Rút", status=Nomination.Status.WITHDRAWN)
    rows["X"] = nominate(cycle, STANDING, communes[5], "Hình thức khác")
    for member in members:
        Vote.objects.create(nomination=rows["W"], member=member, agree=True)
        Vote.objects.create(nomination=rows["X"], member=member, agree=True)
    return rows


def test_the_council_selection_is_one_query_ranked_by_score_then_agree_votes(
    personas: Any, cycle: Any, voted: dict[str, Nomination], django_assert_num_queries: Any
) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    with django_assert_num_queries(1):
        selected = list(documents_out.approved_nominations(decision))
    assert [n.pk for n in selected] == [voted[k].pk for k in ("A", "B", "C", "H", "E")]
    assert [(n.agree, n.council) for n in selected][:2] == [(5, 5), (4, 5)]


def test_the_proposal_lists_exactly_the_council_approved_nominees_in_rank_order(
    personas: Any, cycle: Any, voted: dict[str, Nomination]
) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    paper = proposal_paper(decision, today=dt.date(2025, 12, 15))
    assert paper.rows[0] == ["TT", "Tên tập thể, cá nhân", "Đơn vị", "Thành tích", "Phiếu đồng ý"]
    numbered = [row for row in paper.rows if row[0].isdigit()]
    assert [(row[3], row[4]) for row in numbered] == [
        ("Thành tích A", "5/5"),
        ("Thành tích B", "4/5"),
        ("Thành tích C", "3/5"),
        ("Thành tích E", "3/5"),
        ("Thành tích H", "3/5"),
    ]
    assert numbered[4][1:3] == ["Lê Văn Nam", voted["A"].unit.versions.get().name]
    assert ["II. CÁ NHÂN"] * 5 in paper.rows
    assert "gồm 5 thành viên" in paper.text
    assert paper.line("Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk kính đề nghị") == (
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk kính đề nghị đồng chí Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy "
        "Đắk Lắk xem xét, quyết định tặng Giấy khen của Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk cho "
        "4 tập thể và 1 cá nhân (có danh sách kèm theo)."
    )


def test_the_proposal_header_is_the_organisers_with_a_blank_number(
    personas: Any, cycle: Any, voted: dict[str, Nomination]
) -> None:
    decision = services.create_decision(cycle, form(STANDING), "Về việc", personas.specialist)
    paper = proposal_paper(decision, today=dt.date(2025, 12, 15))
    assert paper.header[0].split("\n") == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số      -TTr/BTGDVTU"]
    # HD 36: the higher body in regular type, only the issuing body bold
    assert paper.issuer_lines[:2] == [("TỈNH ỦY ĐẮK LẮK", False), ("BAN TUYÊN GIÁO VÀ DÂN VẬN", True)]
    assert "Đắk Lắk, ngày 15 tháng 12 năm 2025" in paper.header[1]
    assert "TỜ TRÌNH" in paper.paragraphs
    assert "Về việc đề nghị tặng Bằng khen của Ban Thường vụ Tỉnh ủy Đắk Lắk" in paper.paragraphs
    assert "Kính gửi: Ban Thường vụ Tỉnh ủy Đắk Lắk" in paper.paragraphs
    assert paper.line("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Nghị định số 98/2023/NĐ-CP")
    assert paper.signature[1].split("\n")[:2] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert [row[3] for row in paper.rows if row[0].isdigit()] == ["Hình thức khác"]


def test_a_2024_proposal_to_the_chair_uses_the_names_of_its_date(personas: Any, cycle2024: Any) -> None:
    nominate(cycle2024, CHAIR, districts(1)[0], "Tốt")
    decision = services.create_decision(
        cycle2024,
        form(CHAIR),
        "Về việc",
        personas.specialist,
        proposal_number="45-TTr/BTGTU",
        proposal_date=dt.date(2024, 11, 5),
    )
    paper = proposal_paper(decision)
    assert paper.header[0].split("\n") == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO", "*", "Số 45-TTr/BTGTU"]
    assert "ngày 05 tháng 11 năm 2024" in paper.header[1]
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk (qua Sở Nội vụ)" in paper.paragraphs
    assert "Đợt thi đua chưa có Hội đồng" in paper.text
    assert [row[4] for row in paper.rows if row[0].isdigit()] == ["–"]


def test_the_comment_window_sentence_is_there_only_when_the_cycle_has_one(
    personas: Any, cycle: Any, voted: dict[str, Nomination]
) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    assert "công khai lấy ý kiến" not in proposal_paper(decision).text
    cycle.comment_from, cycle.comment_to = dt.date(2025, 12, 1), dt.date(2025, 12, 10)
    cycle.save()
    assert (
        "Danh sách đã được công khai lấy ý kiến từ 01/12/2025 đến hết 10/12/2025, không có ý kiến khác."
        in proposal_paper(decision).paragraphs
    )
    cycle.comment_result = "Có 01 ý kiến đề nghị làm rõ thành tích, đã được giải trình."
    cycle.save()
    assert (
        "Danh sách đã được công khai lấy ý kiến từ 01/12/2025 đến hết 10/12/2025, có 01 ý kiến đề nghị làm rõ "
        "thành tích, đã được giải trình." in proposal_paper(decision).paragraphs
    )


def test_a_decision_with_awards_proposes_its_own_standing_list(
    personas: Any, cycle: Any, voted: dict[str, Nomination]
) -> None:
    decision = decide(personas, cycle, GK, [voted["D"], voted["B"], voted["A"]])
    services.revoke(Award.objects.get(nomination=voted["B"]), dt.date(2025, 12, 30), "Sai", personas.specialist)
    numbered = [row for row in proposal_paper(decision).rows if row[0].isdigit()]
    # The decision's own list, ranked the same way (D's average 99 before A's 95), revoked lines left out.
    assert [(row[3], row[4]) for row in numbered] == [("Thành tích D", "2/5"), ("Thành tích A", "5/5")]


# --- the routes -----------------------------------------------------------------------------------------------------


def test_the_organiser_downloads_the_proposal_and_another_province_gets_404(
    personas: Any, cycle: Any, voted: dict[str, Nomination]
) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    url = reverse("awards:decision_file", args=[decision.pk, "to-trinh.docx"])
    response = personas.client(personas.specialist).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == documents_out_docx()
    assert 'filename="to-trinh-khen-thuong-' in response["Content-Disposition"]
    assert "TỜ TRÌNH" in Paper(response.content).paragraphs
    outsider = personas.client(personas.outsider)
    for what in ("to-trinh.docx", "to-trinh.pdf", "docx", "giay-khen.pdf"):
        assert outsider.get(reverse("awards:decision_file", args=[decision.pk, what])).status_code == 404
    unknown = reverse("awards:decision_file", args=[decision.pk, "to-trinh.xlsx"])
    assert personas.client(personas.specialist).get(unknown).status_code == 404


def test_a_commune_reads_the_decision_but_not_the_proposal_with_the_votes(
    personas: Any, cycle: Any, voted: dict[str, Nomination]
) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    commune = personas.client(personas.commune1)
    assert commune.get(reverse("awards:decision_file", args=[decision.pk, "docx"])).status_code == 200
    assert commune.get(reverse("awards:decision_file", args=[decision.pk, "to-trinh.docx"])).status_code == 404
    assert (
        personas.client(personas.leader)
        .get(reverse("awards:decision_file", args=[decision.pk, "to-trinh.docx"]))
        .status_code
        == 200
    )


def test_the_decision_page_offers_the_proposal(personas: Any, cycle: Any) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    page = personas.client(personas.specialist).get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert reverse("awards:decision_file", args=[decision.pk, "to-trinh.docx"]) in page
    assert reverse("awards:decision_file", args=[decision.pk, "to-trinh.pdf"]) in page


def documents_out_docx() -> str:
    from tuyengiao.awards.views import DOCX

    return DOCX


# --- PDF ------------------------------------------------------------------------------------------------------------

needs_office = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler missing"
)


def pdf_pages(data: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True)
    return [page for page in out.stdout.split("\f") if page.strip()]


@needs_office
def test_the_proposal_pdf_has_the_paper_then_the_annex(personas: Any, cycle: Any, voted: dict[str, Nomination]) -> None:
    decision = services.create_decision(cycle, form(GK), "Về việc", personas.specialist)
    response = personas.client(personas.specialist).get(
        reverse("awards:decision_file", args=[decision.pk, "to-trinh.pdf"])
    )
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 2
    assert "TỜ TRÌNH" in pages[0]
    assert "DANH SÁCH" in pages[1] and "5/5" in pages[1]


@needs_office
def test_the_papers_of_the_four_grantors_fit_their_pages(
    personas: Any, cycle: Any, thirteen: Decision, voted: dict[str, Nomination]
) -> None:
    """The decision (2 pages: the decision, the annex), one certificate page per recipient and the proposal
    (2 pages) for each grantor. With PAPERS_ARTIFACTS=<dir>, the PDFs and their PNG pages are kept there."""
    long_reason = (
        "Hoàn thành xuất sắc nhiệm vụ công tác tuyên giáo và dân vận năm 2025; tham mưu tổ chức thành công "
        "chuỗi hoạt động kỷ niệm các ngày lễ lớn; đi đầu trong chuyển đổi số, xây dựng cơ sở dữ liệu báo cáo "
        "của ngành; là điển hình tiên tiến trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    )
    person = worker("Nguyễn Thị Phương Thảo", personas.commune_unit2)
    papers: dict[str, Decision] = {"giay-khen-2024": thirteen}
    for key, code, title, number in (
        ("bang-khen-btv", STANDING, "PHÓ BÍ THƯ", "120-QĐ/TU"),
        ("bang-khen-tw", CENTRAL, "PHÓ TRƯỞNG BAN", "1234-QĐ/BTGDVTW"),
        ("bang-khen-ubnd", CHAIR, "PHÓ CHỦ TỊCH", "2150/QĐ-UBND"),
    ):
        nominations = [
            nominate(cycle, code, personas.commune_unit1, long_reason),
            nominate(cycle, code, personas.commission, "Tốt", collective_name="Phòng Tuyên truyền, Báo chí và Văn hóa"),
            nominate(cycle, code, personas.commune_unit2, long_reason, person=person),
        ]
        papers[key] = decide(
            personas, cycle, code, nominations, number=number, issued_on=dt.date(2025, 12, 20), signer_title=title
        )
    keep = os.environ.get("PAPERS_ARTIFACTS", "")
    for key, decision in papers.items():
        awards = list(Award.objects.filter(decision=decision).select_related("person", "award_form"))
        content = documents_out.collect(decision, awards, TODAY)
        files = {
            "quyet-dinh": documents_out.pdf(documents_out.decision_docx(content)),
            "giay-khen": documents_out.pdf(documents_out.certificates_docx(content)),
            "to-trinh": documents_out.pdf(documents_out.proposal_docx(documents_out.proposal(decision, TODAY))),
        }
        assert len(pdf_pages(files["quyet-dinh"])) == 2, key
        assert len(pdf_pages(files["giay-khen"])) == len(content.lines), key
        assert len(pdf_pages(files["to-trinh"])) >= 2, key
        if keep:
            folder = Path(keep)
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                target = folder / f"{key}-{name}.pdf"
                target.write_bytes(data)
                subprocess.run(["pdftoppm", "-r", "50", "-png", str(target), str(target.with_suffix(""))], check=True)


def test_a_proposal_without_a_date_takes_the_date_of_its_issued_decision(thirteen: Decision) -> None:
    paper = proposal_paper(thirteen, today=TODAY)
    assert paper.header[0].split("\n")[:2] == ["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO"]
    assert "ngày 20 tháng 12 năm 2024" in paper.header[1]
    assert "Kính gửi: Đồng chí Trưởng Ban Tuyên giáo Tỉnh ủy Đắk Lắk" in paper.paragraphs
    assert len([row for row in paper.rows if row[0].isdigit()]) == 14
