"""Award papers speak with the names of their own date: a 2016 paper of Huế is issued by "Tỉnh ủy Thừa Thiên Huế"
and its "Ban Tuyên giáo", never by the "Thành ủy Huế" of 2025; a paper older than our records of a unit takes the
unit's oldest name, never its latest.

The test builds its own province (keys ``p:test-hue``/``com:p:test-hue``), renamed on 01/01/2025 through
``units.services`` as Thừa Thiên Huế became the city of Huế, so it does not depend on the national data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.awards.conftest import GK, form
from tests.awards.test_papers import CHAIR, STANDING, decision_paper, nominate, proposal_paper
from tuyengiao.awards import documents_out, services
from tuyengiao.awards.models import Decision, EmulationCycle
from tuyengiao.units import services as unit_services
from tuyengiao.units.models import Kind, Level, Unit, UnitVersion

pytestmark = pytest.mark.django_db

D = dt.date
CITY = D(2025, 1, 1)  # Thừa Thiên Huế became the centrally-run city of Huế
MERGE = D(2025, 3, 1)  # provincial commissions became "Ban Tuyên giáo và Dân vận"


def hue(records_from: dt.date | None = None) -> tuple[Unit, Unit]:
    """The committee and its commission, known from ``records_from`` (None: since before our records)."""
    central = Unit.objects.get(key="central")
    committee = Unit.objects.create(key="p:test-hue", level=Level.PROVINCE, kind=Kind.PARTY_COMMITTEE, code="T46")
    commission = Unit.objects.create(key="com:p:test-hue", level=Level.PROVINCE, kind=Kind.COMMISSION)
    UnitVersion.objects.create(
        unit=committee,
        valid_from=records_from,
        name="Tỉnh ủy Thừa Thiên Huế",
        area_name="Tỉnh Thừa Thiên Huế",
        parent=central,
    )
    UnitVersion.objects.create(
        unit=commission, valid_from=records_from, name="Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế", parent=committee
    )
    basis = unit_services.Basis(CITY, "Nghị quyết của Ủy ban Thường vụ Quốc hội thành lập thành phố Huế")
    unit_services.rename(committee, basis, "Thành ủy Huế", area_name="Thành phố Huế")
    unit_services.rename(commission, basis, "Ban Tuyên giáo Thành ủy Huế")
    unit_services.rename(commission, unit_services.Basis(MERGE), "Ban Tuyên giáo và Dân vận Thành ủy Huế")
    return committee, commission


def cycle_of(personas: Any, commission: Unit, year: int) -> EmulationCycle:
    return EmulationCycle.objects.create(
        unit=commission, year=year, title=f"Thi đua năm {year}", created_by=personas.admin
    )


def decision_of(
    personas: Any, cycle: EmulationCycle, code: str, issued_on: dt.date | None, number: str = "", **fields: Any
) -> Decision:
    """A decision of ``code`` for the commission's "Phòng Tuyên truyền", taken by the central administrator."""
    named = nominate(cycle, code, cycle.unit, "Xuất sắc", collective_name="Phòng Tuyên truyền")
    decision = services.create_decision(cycle, form(code), "Về việc khen thưởng", personas.admin, **fields)
    services.add_awards(decision, [(named, named.achievements)], personas.admin)
    if issued_on is not None:
        services.issue(decision, number, issued_on, "Nguyễn Văn B", personas.admin)
    decision.refresh_from_db()
    return decision


def giay_khen(personas: Any, commission: Unit, year: int, issued_on: dt.date, number: str) -> Decision:
    return decision_of(personas, cycle_of(personas, commission, year), GK, issued_on, number)


def test_a_2016_giay_khen_of_hue_is_issued_by_the_ban_tuyen_giao_tinh_uy_thua_thien_hue(personas: Any) -> None:
    _committee, commission = hue()
    paper = decision_paper(giay_khen(personas, commission, 2016, D(2016, 7, 20), "12-QĐ/BTGTU"))
    assert paper.header[0].split("\n") == ["TỈNH ỦY THỪA THIÊN HUẾ", "BAN TUYÊN GIÁO", "*", "Số 12-QĐ/BTGTU"]
    assert paper.header[1].split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Thừa Thiên Huế, ngày 20 tháng 07 năm 2016"]
    assert "TRƯỞNG BAN TUYÊN GIÁO TỈNH ỦY THỪA THIÊN HUẾ" in paper.paragraphs
    assert paper.line("Điều 1.").startswith(
        "Điều 1. Tặng Giấy khen của Trưởng Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế cho 1 tập thể"
    )
    assert [row[1] for row in paper.rows if row[0].isdigit()] == [
        "Phòng Tuyên truyền\nBan Tuyên giáo Tỉnh ủy Thừa Thiên Huế"
    ]
    assert "- Căn cứ chức năng, nhiệm vụ, quyền hạn của Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế;" in paper.paragraphs
    assert "Thường trực Tỉnh ủy Thừa Thiên Huế (để b/c)," in paper.signature[0]
    everything = paper.text + "".join(paper.header) + "".join(paper.signature)
    assert "Thành ủy Huế" not in everything and "THÀNH ỦY" not in everything and "Dân vận" not in everything


def test_a_2016_decision_cites_the_2003_law_as_amended_and_decree_65_2014_not_91_2017(personas: Any) -> None:
    _committee, commission = hue()
    paper = decision_paper(giay_khen(personas, commission, 2016, D(2016, 7, 20), "12-QĐ/BTGTU"))
    assert paper.line("- Căn cứ Luật") == (
        "- Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật "
        "Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;"
    )
    decrees = paper.line("- Căn cứ Nghị định")
    assert "42/2010/NĐ-CP" in decrees and "65/2014/NĐ-CP" in decrees
    assert "91/2017" not in paper.text and "98/2023" not in paper.text and "2022" not in paper.text


def test_the_same_commission_in_2025_is_the_ban_tuyen_giao_va_dan_van_thanh_uy_hue(personas: Any) -> None:
    _committee, commission = hue()
    paper = decision_paper(giay_khen(personas, commission, 2025, D(2025, 12, 20), "40-QĐ/BTGDVTU"))
    assert paper.header[0].split("\n") == ["THÀNH ỦY HUẾ", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số 40-QĐ/BTGDVTU"]
    assert "Huế, ngày 20 tháng 12 năm 2025" in paper.header[1]
    assert paper.line("- Căn cứ Luật") == "- Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert "98/2023/NĐ-CP" in paper.line("- Căn cứ Nghị định")
    assert "Thừa Thiên" not in paper.text and "91/2017" not in paper.text


def test_a_2016_proposal_and_the_other_grantors_use_the_names_of_2016(personas: Any) -> None:
    _committee, commission = hue()
    cycle = cycle_of(personas, commission, 2016)
    standing = decision_of(personas, cycle, STANDING, None, proposal_date=D(2016, 7, 10))
    proposal = proposal_paper(standing)
    assert proposal.header[0].split("\n")[:2] == ["TỈNH ỦY THỪA THIÊN HUẾ", "BAN TUYÊN GIÁO"]
    assert "Thừa Thiên Huế, ngày 10 tháng 07 năm 2016" in proposal.header[1]
    assert "Kính gửi: Ban Thường vụ Tỉnh ủy Thừa Thiên Huế" in proposal.paragraphs
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;" in proposal.line("Căn cứ Luật")
    assert "65/2014/NĐ-CP" in proposal.line("Căn cứ Luật") and "91/2017" not in proposal.text
    services.issue(standing, "30-QĐ/TU", D(2016, 7, 20), "Nguyễn Văn B", personas.admin)
    decision = decision_paper(Decision.objects.get(pk=standing.pk))
    assert decision.header[0].split("\n")[:2] == ["ĐẢNG BỘ TỈNH THỪA THIÊN HUẾ", "TỈNH ỦY THỪA THIÊN HUẾ"]
    assert "BAN THƯỜNG VỤ TỈNH ỦY THỪA THIÊN HUẾ" in decision.paragraphs
    state = decision_paper(decision_of(personas, cycle, CHAIR, D(2016, 7, 20), "800/QĐ-UBND"))
    assert state.header[0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ"]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ" in state.paragraphs
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;" in state.paragraphs


def test_a_paper_older_than_our_records_of_a_unit_takes_its_oldest_name_not_its_latest(personas: Any) -> None:
    _committee, commission = hue(records_from=D(2019, 1, 1))
    paper = decision_paper(giay_khen(personas, commission, 2016, D(2016, 7, 20), "12-QĐ/BTGTU"))
    assert paper.header[0].split("\n")[:2] == ["TỈNH ỦY THỪA THIÊN HUẾ", "BAN TUYÊN GIÁO"]
    assert "Thừa Thiên Huế, ngày 20 tháng 07 năm 2016" in paper.header[1]
    assert [row[1] for row in paper.rows if row[0].isdigit()] == [
        "Phòng Tuyên truyền\nBan Tuyên giáo Tỉnh ủy Thừa Thiên Huế"
    ]
    assert "Thành ủy Huế" not in paper.text + "".join(paper.header)


def test_the_nearest_day_is_the_paper_date_or_the_nearest_day_the_unit_existed(personas: Any) -> None:
    committee, _commission = hue(records_from=D(2019, 1, 1))
    assert documents_out.nearest_day(committee, D(2016, 7, 20)) == D(2019, 1, 1)
    assert documents_out.nearest_day(committee, D(2024, 12, 31)) == D(2024, 12, 31)
    assert documents_out.nearest_day(committee, D(2030, 1, 1)) == D(2030, 1, 1)
    # a district committee ended on 30/06/2025: a later paper takes its last name
    district = UnitVersion.objects.filter(unit__level=Level.DISTRICT, valid_to=D(2025, 7, 1)).first()
    assert district is not None
    assert documents_out.nearest_day(district.unit, D(2025, 12, 1)) == D(2025, 6, 30)
