"""The legal bases of award papers by the paper's own date (``awards.legal_bases``): the day before and the day of
every change, and the examples of the issue. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from tuyengiao.awards import grantors, legal_bases
from tuyengiao.awards.grantors import Names

D = dt.date
HUE_2016 = Names(committee="Tỉnh ủy Thừa Thiên Huế", province="Tỉnh Thừa Thiên Huế")
LAM_DONG = Names(committee="Tỉnh ủy Lâm Đồng", province="Tỉnh Lâm Đồng")


@pytest.fixture(autouse=True)
def catalogue() -> None:
    """These tests need no database: the awards conftest's catalogue is not loaded."""


# (the day, the acts cited that day): each change appears as the day before it and the day it applies.
BOUNDARIES = [
    (D(2003, 12, 31), []),
    (D(2004, 1, 1), ["11/2003/QH11"]),
    (D(2004, 6, 30), ["11/2003/QH11"]),
    (D(2004, 7, 1), ["15/2003/QH11", "11/2003/QH11"]),
    (D(2005, 12, 31), ["15/2003/QH11", "11/2003/QH11"]),
    (D(2006, 1, 1), ["15/2003/QH11", "47/2005/QH11", "121/2005/NĐ-CP", "11/2003/QH11"]),
    (D(2010, 5, 31), ["15/2003/QH11", "47/2005/QH11", "121/2005/NĐ-CP", "11/2003/QH11"]),
    (D(2010, 6, 1), ["15/2003/QH11", "47/2005/QH11", "42/2010/NĐ-CP", "11/2003/QH11"]),
    (D(2014, 5, 31), ["15/2003/QH11", "47/2005/QH11", "42/2010/NĐ-CP", "11/2003/QH11"]),
    (D(2014, 6, 1), ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "42/2010/NĐ-CP", "11/2003/QH11"]),
    (D(2014, 8, 19), ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "42/2010/NĐ-CP", "11/2003/QH11"]),
    (
        D(2014, 8, 20),
        ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "42/2010/NĐ-CP", "65/2014/NĐ-CP", "11/2003/QH11"],
    ),
    (
        D(2015, 12, 31),
        ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "42/2010/NĐ-CP", "65/2014/NĐ-CP", "11/2003/QH11"],
    ),
    (
        D(2016, 1, 1),
        ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "42/2010/NĐ-CP", "65/2014/NĐ-CP", "77/2015/QH13"],
    ),
    (
        D(2017, 9, 14),
        ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "42/2010/NĐ-CP", "65/2014/NĐ-CP", "77/2015/QH13"],
    ),
    (D(2017, 9, 15), ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "91/2017/NĐ-CP", "77/2015/QH13"]),
    (D(2020, 6, 30), ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "91/2017/NĐ-CP", "77/2015/QH13"]),
    (
        D(2020, 7, 1),
        ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "91/2017/NĐ-CP", "77/2015/QH13", "47/2019/QH14"],
    ),
    (
        D(2023, 12, 31),
        ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "91/2017/NĐ-CP", "77/2015/QH13", "47/2019/QH14"],
    ),
    (D(2024, 1, 1), ["06/2022/QH15", "98/2023/NĐ-CP", "77/2015/QH13", "47/2019/QH14"]),
    (D(2025, 2, 28), ["06/2022/QH15", "98/2023/NĐ-CP", "77/2015/QH13", "47/2019/QH14"]),
    (D(2025, 3, 1), ["06/2022/QH15", "98/2023/NĐ-CP", "65/2025/QH15"]),
    (D(2025, 6, 15), ["06/2022/QH15", "98/2023/NĐ-CP", "65/2025/QH15"]),
    (D(2025, 6, 16), ["06/2022/QH15", "98/2023/NĐ-CP", "72/2025/QH15"]),
]


@pytest.mark.parametrize(("day", "expected"), BOUNDARIES, ids=[f"{day:%d/%m/%Y}" for day, _e in BOUNDARIES])
def test_a_paper_cites_the_acts_in_force_on_its_own_date(day: dt.date, expected: list[str]) -> None:
    assert legal_bases.acts_cited_on(day) == expected


def test_every_change_of_the_table_is_among_the_tested_boundaries() -> None:
    """The day before and the day of each act's start and end are in ``BOUNDARIES``."""
    tested = {day for day, _acts in BOUNDARIES}
    for act in legal_bases.ALL_ACTS:
        for change in (act.cited_from, act.cited_until):
            if change is not None:
                assert {change, change - dt.timedelta(days=1)} <= tested, (act.number, change)


def test_acts_of_one_kind_replace_each_other_without_gap_or_overlap() -> None:
    laws = legal_bases.EMULATION_LAWS
    assert laws[0].cited_until == laws[1].cited_from == legal_bases.EMULATION_LAW_2022
    for day, _acts in BOUNDARIES:
        if day >= D(2004, 7, 1):
            assert len([act for act in laws if act.cited_on(day)]) == 1, day


def test_a_decision_of_20_07_2016_cites_the_2003_law_as_amended_and_decree_65_2014_not_91_2017() -> None:
    paper = grantors.issuer(grantors.COMMISSION_HEAD, HUE_2016, D(2016, 7, 20))
    law, decrees = paper.basis[0], paper.basis[1]
    assert law == (
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật "
        "Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013"
    )
    assert decrees.startswith("Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ")
    assert "; Nghị định số 65/2014/NĐ-CP ngày 01 tháng 7 năm 2014 của Chính phủ" in decrees
    assert "91/2017" not in " ".join(paper.basis)
    assert "2022" not in " ".join(paper.basis) and "98/2023" not in " ".join(paper.basis)


def test_a_decision_of_2025_cites_the_2022_law_and_decree_98_2023() -> None:
    paper = grantors.issuer(grantors.PROVINCIAL_STANDING, LAM_DONG, D(2025, 12, 20))
    assert paper.basis[:2] == (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một "
        "số điều của Luật Thi đua, khen thưởng",
    )
    assert "2003" not in " ".join(paper.basis) and "91/2017" not in " ".join(paper.basis)


def test_the_last_day_of_2023_still_cites_decree_91_2017_and_the_first_of_2024_decree_98_2023() -> None:
    before = grantors.issuer(grantors.COMMISSION_HEAD, LAM_DONG, D(2023, 12, 31)).basis
    after = grantors.issuer(grantors.COMMISSION_HEAD, LAM_DONG, D(2024, 1, 1)).basis
    assert "91/2017/NĐ-CP" in before[1] and "98/2023" not in " ".join(before)
    assert "98/2023/NĐ-CP" in after[1] and "91/2017" not in " ".join(after)


def test_a_state_decision_of_2016_cites_the_local_government_law_of_2015_alone() -> None:
    paper = grantors.issuer(grantors.PROVINCIAL_CHAIR, HUE_2016, D(2016, 7, 20))
    assert paper.basis[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    assert "2019" not in paper.basis[0]
    older = grantors.issuer(grantors.PROVINCIAL_CHAIR, HUE_2016, D(2015, 12, 31))
    assert older.basis[0] == "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003"


def test_before_the_2003_law_applied_a_paper_cites_no_emulation_law() -> None:
    assert legal_bases.emulation_basis(D(2004, 6, 30)) == ()
    paper = grantors.issuer(grantors.COMMISSION_HEAD, HUE_2016, D(2004, 6, 30))
    assert paper.basis == ("Căn cứ chức năng, nhiệm vụ, quyền hạn của Ban Tuyên giáo Tỉnh ủy Thừa Thiên Huế",)
    assert legal_bases.emulation_basis(D(2005, 12, 31)) == ("Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003",)
