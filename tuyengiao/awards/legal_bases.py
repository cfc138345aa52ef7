"""The legal bases an award paper cites, by the paper's own date. Pure: a table of acts and dates, no database.

A paper cites the acts in force on its date ("Căn cứ …"): an award decision of 20/07/2016 cites the law of 2003
as amended in 2005 and 2013 and Nghị định 42/2010 and 65/2014, never Nghị định 91/2017, which did not exist yet;
one of 2025 cites the law of 2022 and Nghị định 98/2023. Each ``Act`` is cited on the days of
``[cited_from, cited_until)`` (half-open, like unit versions): ``cited_from`` is the day it entered into force,
``cited_until`` the day the act replacing it did.

What is checked and what is not (``Act.verified``):

* Verified (number, date of adoption, entry into force, and the act that replaced it):
  Luật Thi đua, khen thưởng 15/2003/QH11 of 26/11/2003, in force 01/07/2004; Luật 39/2013/QH13 of 16/11/2013
  amending it, in force 01/06/2014; Luật Thi đua, khen thưởng 06/2022/QH15 of 15/6/2022, in force 01/01/2024,
  which ended the 2003 law and its amendments (its Article 94); Nghị định 42/2010/NĐ-CP of 15/4/2010, in force
  01/06/2010; Nghị định 65/2014/NĐ-CP of 01/7/2014, in force 20/08/2014; Nghị định 91/2017/NĐ-CP of 31/7/2017,
  in force 15/09/2017, replacing 42/2010 and 65/2014; Nghị định 98/2023/NĐ-CP of 31/12/2023, in force
  01/01/2024 (it details the 2022 law, so it is cited from the day that law applies, never on 31/12/2023);
  Luật Tổ chức chính quyền địa phương 77/2015/QH13 of 19/6/2015, in force 01/01/2016; Luật 47/2019/QH14 of
  22/11/2019 amending it, in force 01/07/2020.
* Not verified, cited from a later day by which they were certainly in force: the 2005 amendment of the
  emulation law (Luật 47/2005/QH11 of 14/6/2005; its own entry into force is not checked here) and
  Nghị định 121/2005/NĐ-CP of 30/9/2005 (the decree before 42/2010), both cited from 01/01/2006; between
  14/06/2005 and 31/12/2005 a paper cites the 2003 law alone, with no decree. Luật Tổ chức Hội đồng nhân dân và
  Ủy ban nhân dân 11/2003/QH11 of 26/11/2003, cited from 01/01/2004 until the 2015 law.
* Kept as the code had them, not re-verified: Luật Tổ chức chính quyền địa phương 65/2025/QH15 of 19/02/2025
  (from 01/03/2025) and 72/2025/QH15 of 16/6/2025 (from 16/06/2025).
* Left out on purpose: Nghị định 39/2012/NĐ-CP (amending 42/2010; its entry into force is not checked, and
  citing the decree it amends is not wrong) and Luật 32/2009/QH12 (named among the amendments by the 2022 law,
  but the usual citation of the amended law names only those of 2005 and 2013). Before 01/07/2004 no emulation
  law is cited at all; before 01/01/2004 no law on local government.

Party bodies' own rules are not cited by number: the papers cite "chức năng, nhiệm vụ, quyền hạn" of the
commission and "Quy chế làm việc" of the committee (``grantors``), which hold on any date. The medal's rule
(Quyết định 751-QĐ/BTGTW, ``awards.catalogue``) is shown in the catalogue, not printed on papers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date


@dataclass(frozen=True)
class Act:
    """One act as a basis cites it, with the days it is cited on: ``[cited_from, cited_until)``."""

    number: str  # "15/2003/QH11"
    citation: str  # the words after "Căn cứ"
    cited_from: dt.date
    cited_until: dt.date | None = None  # the day it was replaced (None: still in force)
    verified: bool = True  # number, date and entry into force checked (see the module docstring)

    def cited_on(self, date: dt.date) -> bool:
        return self.cited_from <= date and (self.cited_until is None or date < self.cited_until)


EMULATION_LAW_2022 = D(2024, 1, 1)  # Luật Thi đua, khen thưởng 2022 and Nghị định 98/2023 apply

# The emulation law itself …
EMULATION_LAWS: tuple[Act, ...] = (
    Act("15/2003/QH11", "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003", D(2004, 7, 1), EMULATION_LAW_2022),
    Act("06/2022/QH15", "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", EMULATION_LAW_2022),
)
# … the laws amending the 2003 law (cited together: "Luật sửa đổi, bổ sung … ngày … và ngày …") …
EMULATION_AMENDMENTS: tuple[Act, ...] = (
    Act("47/2005/QH11", "ngày 14 tháng 6 năm 2005", D(2006, 1, 1), EMULATION_LAW_2022, verified=False),
    Act("39/2013/QH13", "ngày 16 tháng 11 năm 2013", D(2014, 6, 1), EMULATION_LAW_2022),
)
AMENDMENT_TITLE = "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng"
# … and the government's decrees detailing them.
_DETAILS = "của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"
EMULATION_DECREES: tuple[Act, ...] = (
    Act(
        "121/2005/NĐ-CP",
        "Nghị định số 121/2005/NĐ-CP ngày 30 tháng 9 năm 2005 của Chính phủ quy định chi tiết và hướng dẫn thi hành "
        "một số điều của Luật Thi đua, khen thưởng và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng",
        D(2006, 1, 1),
        D(2010, 6, 1),
        verified=False,
    ),
    Act(
        "42/2010/NĐ-CP",
        "Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ quy định chi tiết thi hành một số điều "
        "của Luật Thi đua, khen thưởng và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng",
        D(2010, 6, 1),
        D(2017, 9, 15),
    ),
    Act(
        "65/2014/NĐ-CP",
        "Nghị định số 65/2014/NĐ-CP ngày 01 tháng 7 năm 2014 của Chính phủ quy định chi tiết thi hành Luật sửa đổi, "
        "bổ sung một số điều của Luật Thi đua, khen thưởng năm 2013",
        D(2014, 8, 20),
        D(2017, 9, 15),
    ),
    Act(
        "91/2017/NĐ-CP",
        f"Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 {_DETAILS}",
        D(2017, 9, 15),
        EMULATION_LAW_2022,
    ),
    Act("98/2023/NĐ-CP", f"Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 {_DETAILS}", EMULATION_LAW_2022),
)

LOCAL_GOVERNMENT_LAWS: tuple[Act, ...] = (
    Act(
        "11/2003/QH11",
        "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003",
        D(2004, 1, 1),
        D(2016, 1, 1),
        verified=False,
    ),
    Act("77/2015/QH13", "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015", D(2016, 1, 1), D(2025, 3, 1)),
    Act(
        "47/2019/QH14",
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
        "ngày 22 tháng 11 năm 2019",
        D(2020, 7, 1),
        D(2025, 3, 1),
    ),
    Act(
        "65/2025/QH15",
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025",
        D(2025, 3, 1),
        D(2025, 6, 16),
        verified=False,
    ),
    Act("72/2025/QH15", "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025", D(2025, 6, 16), verified=False),
)

ALL_ACTS = EMULATION_LAWS + EMULATION_AMENDMENTS + EMULATION_DECREES + LOCAL_GOVERNMENT_LAWS


def _in_force(acts: tuple[Act, ...], date: dt.date) -> list[Act]:
    return [act for act in acts if act.cited_on(date)]


def emulation_basis(date: dt.date) -> tuple[str, ...]:
    """The emulation law (with its amendments) and its decrees in force on ``date``: at most two lines, the law
    line and the decrees line (decrees joined by "; "); empty before the 2003 law applied."""
    laws = [act.citation for act in _in_force(EMULATION_LAWS, date)]
    amendments = [act.citation for act in _in_force(EMULATION_AMENDMENTS, date)]
    if amendments:
        laws.append(f"{AMENDMENT_TITLE} {' và '.join(amendments)}")
    decrees = [act.citation for act in _in_force(EMULATION_DECREES, date)]
    return tuple(line for line in ("; ".join(laws), "; ".join(decrees)) if line)


def local_government_basis(date: dt.date) -> str:
    """The law(s) on local government in force on ``date``, joined by "; " (empty before 2004)."""
    return "; ".join(act.citation for act in _in_force(LOCAL_GOVERNMENT_LAWS, date))


def acts_cited_on(date: dt.date) -> list[str]:
    """The numbers of every act a paper of ``date`` may cite (for tests and for reading the table)."""
    return [act.number for act in ALL_ACTS if act.cited_on(date)]
