"""tuyengiao.lib.doccode: Party or State, decided by the shape of a number, not by an issuer ending in TW.

"12/HD-BTĐKTTW" (Ban Thi đua - Khen thưởng Trung ương, under the Ministry of Home Affairs) is a State document in
the shape of Nghị định 30/2020/NĐ-CP; "36-HD/VPTW" is a Party document in the shape of Hướng dẫn 36-HD/VPTW.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tuyengiao.lib.doccode import DocCode, find_citations, parse

# input, canonical, type, issuer, year, system, type_name
STATE_TW = [
    # Central State bodies whose symbol ends in TW write State-style numbers.
    ("12/HD-BTĐKTTW", "12/HD-BTĐKTTW", "HD", "BTĐKTTW", None, "state", "Hướng dẫn"),
    ("Số: 12/HD-BTĐKTTW", "12/HD-BTĐKTTW", "HD", "BTĐKTTW", None, "state", "Hướng dẫn"),
    ("Hướng dẫn số 12/HD-BTĐKTTW", "12/HD-BTĐKTTW", "HD", "BTĐKTTW", None, "state", "Hướng dẫn"),
    ("12 / hd - btđkttw", "12/HD-BTĐKTTW", "HD", "BTĐKTTW", None, "state", "Hướng dẫn"),
    ("12/HD-BT\u00d0KTTW", "12/HD-BTĐKTTW", "HD", "BTĐKTTW", None, "state", "Hướng dẫn"),  # Ð (U+00D0)
    ("345/QĐ-BTĐKTTW", "345/QĐ-BTĐKTTW", "QĐ", "BTĐKTTW", None, "state", "Quyết định"),
    ("1405/BTĐKTTW-VP", "1405/BTĐKTTW-VP", "", "BTĐKTTW-VP", None, "state", "Công văn"),
    ("03/KH-HĐTĐKTTW", "03/KH-HĐTĐKTTW", "KH", "HĐTĐKTTW", None, "state", "Kế hoạch"),
    ("07/TB-HĐTĐKTTW", "07/TB-HĐTĐKTTW", "TB", "HĐTĐKTTW", None, "state", "Thông báo"),
    # An issuer ending in TW that we do not list is the State's too when the number is State-shaped
    # (Hội đồng phối hợp phổ biến, giáo dục pháp luật Trung ương).
    ("15/KH-HĐPHPBGDPLTW", "15/KH-HĐPHPBGDPLTW", "KH", "HĐPHPBGDPLTW", None, "state", "Kế hoạch"),
    # A known State body writing Party-style is read State-style, like "123-QĐ/UBND".
    ("12-HD/BTĐKTTW", "12/HD-BTĐKTTW", "HD", "BTĐKTTW", None, "state", "Hướng dẫn"),
    ("5 - kh/hđtđkttw", "05/KH-HĐTĐKTTW", "KH", "HĐTĐKTTW", None, "state", "Kế hoạch"),
    # Other State numbers of the emulation system (Nghị định 30/2020/NĐ-CP).
    ("05/2019/TT-BNV", "05/2019/TT-BNV", "TT", "BNV", 2019, "state", "Thông tư"),
    ("91/2017/NĐ-CP", "91/2017/NĐ-CP", "NĐ", "CP", 2017, "state", "Nghị định"),
    ("17/CT-UBND", "17/CT-UBND", "CT", "UBND", None, "state", "Chỉ thị"),
    ("2601/HD-BTĐKT", "2601/HD-BTĐKT", "HD", "BTĐKT", None, "state", "Hướng dẫn"),
]

PARTY = [
    # Party-shaped numbers are the Party's (Hướng dẫn 36-HD/VPTW), whatever the issuer ends in.
    ("05-CT/TW", "05-CT/TW", "CT", "TW"),
    ("36-HD/VPTW", "36-HD/VPTW", "HD", "VPTW"),
    ("102-QĐ/TW", "102-QĐ/TW", "QĐ", "TW"),
    ("25-QĐ/BTGDVTU", "25-QĐ/BTGDVTU", "QĐ", "BTGDVTU"),
    ("751-QĐ/BTGTW", "751-QĐ/BTGTW", "QĐ", "BTGTW"),
    ("12-KH/BKTTW", "12-KH/BKTTW", "KH", "BKTTW"),
    ("08-HD/UBKTTW", "08-HD/UBKTTW", "HD", "UBKTTW"),
    ("5 - ct / tw", "05-CT/TW", "CT", "TW"),
    # State-shaped numbers of a Party committee or a known Party body: Party codes mistyped State-style.
    ("22/CT-TW", "22-CT/TW", "CT", "TW"),
    ("15/KH-BTGTU", "15-KH/BTGTU", "KH", "BTGTU"),
    ("36/HD-VPTW", "36-HD/VPTW", "HD", "VPTW"),
    ("9/QĐ-QUTW", "09-QĐ/QUTW", "QĐ", "QUTW"),
    ("3/TB-ĐUK", "03-TB/ĐUK", "TB", "ĐUK"),
    ("4/KH-ĐUCA", "04-KH/ĐUCA", "KH", "ĐUCA"),  # a đảng ủy (ĐU…)
    ("11/BC-BTGHU", "11-BC/BTGHU", "BC", "BTGHU"),
    ("646/QĐ/QUTW", "646-QĐ/QUTW", "QĐ", "QUTW"),
]


@pytest.mark.parametrize(("text", "canonical", "type_code", "issuer", "year", "system", "type_name"), STATE_TW)
def test_a_state_shaped_number_is_a_state_document_even_when_its_issuer_ends_in_tw(
    text: str, canonical: str, type_code: str, issuer: str, year: int | None, system: str, type_name: str
) -> None:
    code = parse(text)
    assert (code.canonical, code.type, code.issuer, code.year, code.system, code.type_name) == (
        canonical,
        type_code,
        issuer,
        year,
        system,
        type_name,
    )
    assert parse(code.canonical) == code


@pytest.mark.parametrize(("text", "canonical", "type_code", "issuer"), PARTY)
def test_party_numbers_stay_party_numbers(text: str, canonical: str, type_code: str, issuer: str) -> None:
    code = parse(text)
    assert (code.canonical, code.type, code.issuer, code.year, code.system) == (
        canonical,
        type_code,
        issuer,
        None,
        "party",
    )
    assert parse(code.canonical) == code


def test_the_two_families_of_the_same_digits_are_different_numbers() -> None:
    assert parse("12/HD-BTĐKTTW") == parse("12-HD/BTĐKTTW") == parse("số 12 / HD - BTĐKTTW")
    assert parse("12/HD-BTĐKTTW") != parse("12-HD/BTGTW")
    assert parse("12/HD-BTĐKTTW") != parse("12/HD-BTĐKT")
    built = DocCode(number=12, type="HD", issuer="BTĐKTTW")
    assert built == parse("12/HD-BTĐKTTW")
    assert (built.canonical, built.system, built.type_name) == ("12/HD-BTĐKTTW", "state", "Hướng dẫn")


def test_a_central_state_body_still_needs_no_type_code_for_a_cong_van_but_a_party_body_does() -> None:
    assert parse("Số 45/BTĐKTTW").canonical == "45/BTĐKTTW"
    with pytest.raises(ValueError, match="phải có mã loại văn bản"):
        parse("45/VPTW")


def test_citations_carry_the_family_of_their_shape() -> None:
    text = (
        "Thực hiện Hướng dẫn số 12/HD-BTĐKTTW ngày 10/01/2024 của Ban Thi đua - Khen thưởng Trung ương, "
        "Hướng dẫn 36-HD/VPTW của Văn phòng Trung ương Đảng, Kế hoạch số 03/KH-HĐTĐKTTW và Chỉ thị 22/CT-TW."
    )
    found = [(c.raw, c.code.canonical, c.code.system, c.type_name, c.date) for c in find_citations(text)]
    assert found == [
        ("12/HD-BTĐKTTW", "12/HD-BTĐKTTW", "state", "Hướng dẫn", dt.date(2024, 1, 10)),
        ("36-HD/VPTW", "36-HD/VPTW", "party", "Hướng dẫn", None),
        ("03/KH-HĐTĐKTTW", "03/KH-HĐTĐKTTW", "state", "Kế hoạch", None),
        ("22/CT-TW", "22-CT/TW", "party", "Chỉ thị", None),
    ]
