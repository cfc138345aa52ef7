"""tuyengiao.lib.doccode: laws, codes and resolutions of the National Assembly and of its Standing Committee.

"45/2019/QH14" has no type code: its issuer is QH14 (Quốc hội khóa XIV) and its type the word before it ("Bộ luật
Lao động số 45/2019/QH14"); alone it is a luật. "35/2023/UBTVQH15" is a nghị quyết of the Standing Committee.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from tuyengiao.lib.doccode import DocCode, DocCodeError, find_citations, parse

D = dt.date

# input, canonical, number_text, type, issuer, year, type_name
PARSED = [
    # Alone: a luật of the Quốc hội, a nghị quyết of its Standing Committee.
    ("45/2019/QH14", "45/2019/QH14", "45", "", "QH14", 2019, "Luật"),  # Bộ luật Lao động
    ("06/2022/QH15", "06/2022/QH15", "06", "", "QH15", 2022, "Luật"),  # Luật Thi đua, khen thưởng 2022
    ("15/2003/QH11", "15/2003/QH11", "15", "", "QH11", 2003, "Luật"),  # Luật Thi đua, khen thưởng 2003
    ("39/2013/QH13", "39/2013/QH13", "39", "", "QH13", 2013, "Luật"),  # its amendment of 2013
    ("35/2023/UBTVQH15", "35/2023/UBTVQH15", "35", "NQ", "UBTVQH15", 2023, "Nghị quyết"),
    ("653/2019/UBTVQH14", "653/2019/UBTVQH14", "653", "NQ", "UBTVQH14", 2019, "Nghị quyết"),
    # The type named in front, past the title of the law.
    ("Bộ luật Lao động số 45/2019/QH14", "45/2019/QH14", "45", "", "QH14", 2019, "Bộ luật"),
    ("Luật Thi đua, khen thưởng số 06/2022/QH15", "06/2022/QH15", "06", "", "QH15", 2022, "Luật"),
    ("Luật số 06/2022/QH15", "06/2022/QH15", "06", "", "QH15", 2022, "Luật"),
    ("Luật Đất đai 31/2024/QH15", "31/2024/QH15", "31", "", "QH15", 2024, "Luật"),
    ("Nghị quyết số 202/2025/QH15", "202/2025/QH15", "202", "NQ", "QH15", 2025, "Nghị quyết"),
    ("Nghị quyết số 35/2023/UBTVQH15", "35/2023/UBTVQH15", "35", "NQ", "UBTVQH15", 2023, "Nghị quyết"),
    ("Pháp lệnh số 02/2020/UBTVQH14", "02/2020/UBTVQH14", "02", "PL", "UBTVQH14", 2020, "Pháp lệnh"),
    # As people type them.
    ("Số: 45/2019/QH14", "45/2019/QH14", "45", "", "QH14", 2019, "Luật"),
    ("45/2019/qh14", "45/2019/QH14", "45", "", "QH14", 2019, "Luật"),
    ("45 / 2019 / QH14", "45/2019/QH14", "45", "", "QH14", 2019, "Luật"),
    ("  số 5/2019/QH14.  ", "05/2019/QH14", "5", "", "QH14", 2019, "Luật"),
    ("bộ luật lao động số 45/2019/qh14", "45/2019/QH14", "45", "", "QH14", 2019, "Bộ luật"),
    ("BỘ LUẬT LAO ĐỘNG SỐ 45/2019/QH14", "45/2019/QH14", "45", "", "QH14", 2019, "Bộ luật"),
    ("nghị quyết 35/2023/ubtvqh15", "35/2023/UBTVQH15", "35", "NQ", "UBTVQH15", 2023, "Nghị quyết"),
    # With a type code it has no need of: the same number.
    ("202/2025/NQ-QH15", "202/2025/QH15", "202", "NQ", "QH15", 2025, "Nghị quyết"),
    ("35/2023/NQ-UBTVQH15", "35/2023/UBTVQH15", "35", "NQ", "UBTVQH15", 2023, "Nghị quyết"),
    # Not law-shaped: resolutions numbered State-style keep their type code and issuer.
    ("1004/NQ-UBTVQH15", "1004/NQ-UBTVQH15", "1004", "NQ", "UBTVQH15", None, "Nghị quyết"),
]


@pytest.mark.parametrize(("text", "canonical", "number_text", "type_code", "issuer", "year", "type_name"), PARSED)
def test_it_parses_laws_and_resolutions_with_the_issuer_carrying_the_term(
    text: str, canonical: str, number_text: str, type_code: str, issuer: str, year: int | None, type_name: str
) -> None:
    code = parse(text)
    assert (code.canonical, code.number_text, code.type, code.issuer, code.year, code.system, code.type_name) == (
        canonical,
        number_text,
        type_code,
        issuer,
        year,
        "state",
        type_name,
    )
    assert code.is_law == (year is not None)
    assert parse(code.canonical) == code
    assert str(code) == canonical


def test_the_type_named_does_not_change_the_number() -> None:
    alone = parse("45/2019/QH14")
    named = parse("Bộ luật Lao động số 45/2019/QH14")
    assert named == alone and hash(named) == hash(alone)
    assert (named.type_name, alone.type_name) == ("Bộ luật", "Luật")
    assert parse("Nghị quyết số 202/2025/QH15") == parse("202/2025/QH15")
    assert alone != parse("45/2019/QH13")
    assert alone != parse("45/2020/QH14")
    assert parse("35/2023/UBTVQH15") != parse("35/2023/QH15")


def test_with_type_name_gives_a_law_shaped_number_the_type_code_of_its_name() -> None:
    law = parse("45/2019/QH14")
    assert (law.with_type_name("Bộ luật").type, law.with_type_name("Bộ luật").type_name) == ("", "Bộ luật")
    assert (law.with_type_name("Nghị quyết").type, law.with_type_name("Nghị quyết").type_name) == ("NQ", "Nghị quyết")
    assert law.with_type_name("Pháp lệnh") is law  # the Quốc hội issues no pháp lệnh
    assert law.with_type_name("Quyết định") is law
    standing = parse("02/2020/UBTVQH14")
    assert standing.with_type_name("Pháp lệnh").type == "PL"
    assert standing.with_type_name("Luật") is standing
    # Other codes: the name only, and a QĐi stays a quy định.
    assert parse("97-QĐ/TW").with_type_name("Quy định").type == "QĐ"
    assert parse("97-QĐ/TW").with_type_name("Quy định").type_name == "Quy định"
    assert parse("08-QĐi/TW").with_type_name("Quyết định").type_name == "Quy định"


def test_codes_built_by_hand_follow_the_same_rules() -> None:
    law = DocCode(number=45, type="", issuer="QH14", year=2019)
    assert (law.canonical, law.type_name, law.is_law) == ("45/2019/QH14", "Luật", True)
    assert law == parse("45/2019/QH14")
    assert DocCode(number=45, type="", issuer="QH14", year=2019, type_name="Bộ luật").type_name == "Bộ luật"
    assert DocCode(number=35, type="NQ", issuer="UBTVQH15", year=2023).type_name == "Nghị quyết"
    assert DocCode(number=2, type="PL", issuer="UBTVQH14", year=2020).type_name == "Pháp lệnh"
    with pytest.raises(DocCodeError, match="QH15"):
        DocCode(number=45, type="CT", issuer="QH14", year=2019)
    with pytest.raises(DocCodeError, match="UBTVQH15"):
        DocCode(number=35, type="", issuer="UBTVQH15", year=2023)


@pytest.mark.parametrize(
    "text",
    [
        "15/6/2022",  # a date
        "ngày 15/6/2022",
        "45/2019",  # no issuer
        "45/2019/QH",  # no term
        "45/2019/QH144",
        "45/2019/14",
        "45/1900/QH14",  # impossible year
        "0/2019/QH14",
        "45/2019/CT-QH14",  # the Quốc hội issues no chỉ thị
        "45/2019/QH14/extra",
        "45/2019/QH14.pdf",
        "Luật Thi đua, khen thưởng số 05-NQ/TU",  # a title goes before a law's number only
        "Quyết định của tỉnh 45/2019/QH14",
        "0912/345/678",  # a phone number
    ],
)
def test_it_refuses_what_only_looks_like_a_law_number(text: str) -> None:
    with pytest.raises(DocCodeError):
        parse(text)


def test_a_number_without_a_year_is_no_law() -> None:
    assert not parse("2019/QH14").is_law  # a công văn numbered 2019 of the Quốc hội, as "45/UBND"
    assert not parse("1004/NQ-UBTVQH15").is_law


def cited(text: str) -> list[tuple[str, str, str, str, dt.date | None]]:
    return [(c.code.canonical, c.code.type, c.code.issuer, c.type_name, c.date) for c in find_citations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "… theo Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022 …",
            [("06/2022/QH15", "", "QH15", "Luật", D(2022, 6, 15))],
        ),
        ("Căn cứ Bộ luật Lao động số 45/2019/QH14;", [("45/2019/QH14", "", "QH14", "Bộ luật", None)]),
        (
            "Căn cứ Luật Thi đua, khen thưởng số 15/2003/QH11 ngày 26/11/2003; Luật sửa đổi, bổ sung một số điều của "
            "Luật Thi đua, khen thưởng số 39/2013/QH13 ngày 16/11/2013;",
            [
                ("15/2003/QH11", "", "QH11", "Luật", D(2003, 11, 26)),
                ("39/2013/QH13", "", "QH13", "Luật", D(2013, 11, 16)),
            ],
        ),
        (
            "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh",
            [("202/2025/QH15", "NQ", "QH15", "Nghị quyết", D(2025, 6, 12))],
        ),
        (
            "Nghị quyết số 35/2023/UBTVQH15 và Nghị quyết số 653/2019/UBTVQH14 của Ủy ban Thường vụ Quốc hội",
            [
                ("35/2023/UBTVQH15", "NQ", "UBTVQH15", "Nghị quyết", None),
                ("653/2019/UBTVQH14", "NQ", "UBTVQH14", "Nghị quyết", None),
            ],
        ),
        (
            "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14",
            [("02/2020/UBTVQH14", "PL", "UBTVQH14", "Pháp lệnh", None)],
        ),
        (
            "Bộ luật Lao động số 45/2019/QH14 và Luật Thi đua, khen thưởng số 06/2022/QH15",
            [("45/2019/QH14", "", "QH14", "Bộ luật", None), ("06/2022/QH15", "", "QH15", "Luật", None)],
        ),
        # The nearest of the issuer's types wins; a Standing Committee number is no luật.
        (
            "Luật Tổ chức chính quyền địa phương số 72/2025/QH15, Nghị quyết số 76/2025/UBTVQH15",
            [("72/2025/QH15", "", "QH15", "Luật", None), ("76/2025/UBTVQH15", "NQ", "UBTVQH15", "Nghị quyết", None)],
        ),
        (
            "Nghị quyết số 254/2025/QH15 quy định cơ chế thực hiện Luật Đất đai số 31/2024/QH15",
            [("254/2025/QH15", "NQ", "QH15", "Nghị quyết", None), ("31/2024/QH15", "", "QH15", "Luật", None)],
        ),
        (
            "Nghị quyết số 202/2025/QH15, 203/2025/QH15",
            [("202/2025/QH15", "NQ", "QH15", "Nghị quyết", None), ("203/2025/QH15", "NQ", "QH15", "Nghị quyết", None)],
        ),
        # Within its clause only: a full stop or a semicolon ends the search.
        ("Thực hiện Bộ luật Lao động. Văn bản số 45/2019/QH14", [("45/2019/QH14", "", "QH14", "Luật", None)]),
        ("Theo Nghị quyết của Quốc hội; văn bản số 06/2022/QH15", [("06/2022/QH15", "", "QH15", "Luật", None)]),
        # Spaces and other type words.
        ("Luật số 06 / 2022 / QH15", [("06/2022/QH15", "", "QH15", "Luật", None)]),
        ("Quyết định số 45/2019/QH14", [("45/2019/QH14", "", "QH14", "Luật", None)]),
        ("LUẬT THI ĐUA, KHEN THƯỞNG SỐ 06/2022/QH15", [("06/2022/QH15", "", "QH15", "Luật", None)]),
    ],
)
def test_it_finds_laws_and_resolutions_with_the_type_the_text_names(
    text: str, expected: list[tuple[str, str, str, str, dt.date | None]]
) -> None:
    assert cited(text) == expected
    for citation in find_citations(text):
        assert text[citation.start : citation.end] == citation.raw
        assert parse(citation.raw) == citation.code


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 15/6/2022, Quốc hội khóa XV thông qua luật tại kỳ họp thứ 3",
        "Luật có hiệu lực từ 01/01/2024; 15/15 đại biểu tán thành",
        "Điện thoại: 024.3845.3593, 0912-345-678, 0912/345/678",
        "xem https://vbpl.vn/luat/45/2019/QH14 và tệp /srv/luat/45/2019/QH14.pdf",
        "nhiệm kỳ 2019/QH14, luật 45/2019/QH144 và 45/2019/QH",
        "theo luật số 45/2019/qh14",  # capital letters are required in free text
    ],
)
def test_it_finds_no_law_in_dates_phones_urls_and_near_misses(text: str) -> None:
    assert find_citations(text) == []


def run(*args: str) -> object:
    out = io.StringIO()
    call_command("doccode", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_parses_and_finds_laws() -> None:
    assert run("--parse", "Bộ luật Lao động số 45/2019/QH14") == {
        "raw": "Bộ luật Lao động số 45/2019/QH14",
        "canonical": "45/2019/QH14",
        "number": 45,
        "type": "",
        "type_name": "Bộ luật",
        "issuer": "QH14",
        "year": 2019,
        "system": "state",
        "date": None,
        "start": None,
        "end": None,
    }
    [item] = run("Thực hiện Nghị quyết số 35/2023/UBTVQH15 ngày 12/7/2023.")
    assert (item["canonical"], item["type"], item["issuer"], item["type_name"], item["date"]) == (
        "35/2023/UBTVQH15",
        "NQ",
        "UBTVQH15",
        "Nghị quyết",
        "2023-07-12",
    )
