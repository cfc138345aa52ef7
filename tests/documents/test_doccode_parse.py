"""tuyengiao.lib.doccode.parse: one document number, as a person types it."""

from __future__ import annotations

import pytest

from tuyengiao.lib.doccode import DocCode, DocCodeError, default_type_name, parse

# input, canonical, number, number_text, type, issuer, year, system, type_name
TABLE = [
    # Party (HD 36-HD/VPTW): {number}-{type}/{issuer}; the codes of the seed articles first.
    ("05-CT/TW", "05-CT/TW", 5, "05", "CT", "TW", None, "party", "Chỉ thị"),
    ("01-KL/TW", "01-KL/TW", 1, "01", "KL", "TW", None, "party", "Kết luận"),
    ("35-CT/TW", "35-CT/TW", 35, "35", "CT", "TW", None, "party", "Chỉ thị"),
    ("35-NQ/TW", "35-NQ/TW", 35, "35", "NQ", "TW", None, "party", "Nghị quyết"),
    ("45-CT/TW", "45-CT/TW", 45, "45", "CT", "TW", None, "party", "Chỉ thị"),
    ("38-CT/TW", "38-CT/TW", 38, "38", "CT", "TW", None, "party", "Chỉ thị"),
    ("25-KH/BTGTU", "25-KH/BTGTU", 25, "25", "KH", "BTGTU", None, "party", "Kế hoạch"),
    ("04-ĐA/TU", "04-ĐA/TU", 4, "04", "ĐA", "TU", None, "party", "Đề án"),
    ("45-CV/BTGDVTU", "45-CV/BTGDVTU", 45, "45", "CV", "BTGDVTU", None, "party", "Công văn"),
    ("Số 12-BC/BTGDVTU", "12-BC/BTGDVTU", 12, "12", "BC", "BTGDVTU", None, "party", "Báo cáo"),
    ("08-QĐi/TW", "08-QĐi/TW", 8, "08", "QĐi", "TW", None, "party", "Quy định"),
    ("97-QĐ/TW", "97-QĐ/TW", 97, "97", "QĐ", "TW", None, "party", "Quyết định"),
    ("12-HD/BTGTW", "12-HD/BTGTW", 12, "12", "HD", "BTGTW", None, "party", "Hướng dẫn"),
    ("03-CTr/HU", "03-CTr/HU", 3, "03", "CTr", "HU", None, "party", "Chương trình"),
    ("15-CTHĐ/TU", "15-CTHĐ/TU", 15, "15", "CTHĐ", "TU", None, "party", "Chương trình hành động"),
    ("102-TB/ĐU", "102-TB/ĐU", 102, "102", "TB", "ĐU", None, "party", "Thông báo"),
    ("07-TTr/ĐUK", "07-TTr/ĐUK", 7, "07", "TTr", "ĐUK", None, "party", "Tờ trình"),
    ("20-BC/BTCTW", "20-BC/BTCTW", 20, "20", "BC", "BTCTW", None, "party", "Báo cáo"),
    ("36-HD/VPTW", "36-HD/VPTW", 36, "36", "HD", "VPTW", None, "party", "Hướng dẫn"),
    ("11-KH/HVCTQG", "11-KH/HVCTQG", 11, "11", "KH", "HVCTQG", None, "party", "Kế hoạch"),
    ("09-KH/BTG", "09-KH/BTG", 9, "09", "KH", "BTG", None, "party", "Kế hoạch"),
    ("14-BC/TG", "14-BC/TG", 14, "14", "BC", "TG", None, "party", "Báo cáo"),
    ("06-TT/TW", "06-TT/TW", 6, "06", "TT", "TW", None, "party", "Thông tri"),
    # State (NĐ 30/2020/NĐ-CP): {number}/{type}-{issuer}, with the year for legal normative documents.
    ("17/CT-UBND", "17/CT-UBND", 17, "17", "CT", "UBND", None, "state", "Chỉ thị"),
    ("Số: 17/CT-UBND", "17/CT-UBND", 17, "17", "CT", "UBND", None, "state", "Chỉ thị"),
    ("130/TB-UBND", "130/TB-UBND", 130, "130", "TB", "UBND", None, "state", "Thông báo"),
    ("3505/KH-UBND", "3505/KH-UBND", 3505, "3505", "KH", "UBND", None, "state", "Kế hoạch"),
    ("63/2010/QĐ-UBND", "63/2010/QĐ-UBND", 63, "63", "QĐ", "UBND", 2010, "state", "Quyết định"),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", 30, "30", "NĐ", "CP", 2020, "state", "Nghị định"),
    ("01/2021/TT-BTTTT", "01/2021/TT-BTTTT", 1, "01", "TT", "BTTTT", 2021, "state", "Thông tư"),
    ("02/2021/TTLT-BCA-BQP", "02/2021/TTLT-BCA-BQP", 2, "02", "TTLT", "BCA-BQP", 2021, "state", "Thông tư liên tịch"),
    ("123/QĐ-TTg", "123/QĐ-TTg", 123, "123", "QĐ", "TTg", None, "state", "Quyết định"),
    ("15/CT-TTg", "15/CT-TTg", 15, "15", "CT", "TTg", None, "state", "Chỉ thị"),
    ("1004/NQ-UBTVQH15", "1004/NQ-UBTVQH15", 1004, "1004", "NQ", "UBTVQH15", None, "state", "Nghị quyết"),
    ("88/QĐ-VPCP-BNV", "88/QĐ-VPCP-BNV", 88, "88", "QĐ", "VPCP-BNV", None, "state", "Quyết định"),
    ("5/CT-UBND", "05/CT-UBND", 5, "5", "CT", "UBND", None, "state", "Chỉ thị"),
    ("123/GP-BTTTT", "123/GP-BTTTT", 123, "123", "GP", "BTTTT", None, "state", "Giấy phép"),
    # State công văn: no type code, issuer and sub-unit.
    ("3600/UBND-VX", "3600/UBND-VX", 3600, "3600", "", "UBND-VX", None, "state", "Công văn"),
    ("1234/UBND-KGVX", "1234/UBND-KGVX", 1234, "1234", "", "UBND-KGVX", None, "state", "Công văn"),
    ("567/VPCP-BNV", "567/VPCP-BNV", 567, "567", "", "VPCP-BNV", None, "state", "Công văn"),
    ("789/TTg-KGVX", "789/TTg-KGVX", 789, "789", "", "TTg-KGVX", None, "state", "Công văn"),
    ("45/UBND", "45/UBND", 45, "45", "", "UBND", None, "state", "Công văn"),
    # Laws and resolutions of the National Assembly and its Standing Committee.
    ("06/2022/QH15", "06/2022/QH15", 6, "06", "", "QH15", 2022, "state", "Luật"),
    ("52/2005/QH11", "52/2005/QH11", 52, "52", "", "QH11", 2005, "state", "Luật"),
    ("17/2022/UBTVQH15", "17/2022/UBTVQH15", 17, "17", "NQ", "UBTVQH15", 2022, "state", "Nghị quyết"),
    # Real-world noise.
    ("369 - CV/BTGTU", "369-CV/BTGTU", 369, "369", "CV", "BTGTU", None, "party", "Công văn"),
    ("2221 /UBND-TH", "2221/UBND-TH", 2221, "2221", "", "UBND-TH", None, "state", "Công văn"),
    ("22/CT-TW", "22-CT/TW", 22, "22", "CT", "TW", None, "party", "Chỉ thị"),
    ("646/QĐ/QUTW", "646-QĐ/QUTW", 646, "646", "QĐ", "QUTW", None, "party", "Quyết định"),
    ("367 - QĐ/TWĐTN-VP", "367-QĐ/TWĐTN-VP", 367, "367", "QĐ", "TWĐTN-VP", None, "party", "Quyết định"),
    ("5-ct/tw", "05-CT/TW", 5, "5", "CT", "TW", None, "party", "Chỉ thị"),
    ("số 5-ct/tw", "05-CT/TW", 5, "5", "CT", "TW", None, "party", "Chỉ thị"),
    ("  Số:  05-CT/TW.  ", "05-CT/TW", 5, "05", "CT", "TW", None, "party", "Chỉ thị"),
    ("08-qđi/tw", "08-QĐi/TW", 8, "08", "QĐi", "TW", None, "party", "Quy định"),
    ("123/qđ-ttg", "123/QĐ-TTg", 123, "123", "QĐ", "TTg", None, "state", "Quyết định"),
    ("04-\u00d0A/TU", "04-ĐA/TU", 4, "04", "ĐA", "TU", None, "party", "Đề án"),  # Ð (U+00D0)
    ("04-\u00f0a/tu", "04-ĐA/TU", 4, "04", "ĐA", "TU", None, "party", "Đề án"),  # ð (U+00F0)
    ("04-D\u0335A/TU", "04-ĐA/TU", 4, "04", "ĐA", "TU", None, "party", "Đề án"),  # D + combining stroke
    ("So\u0302\u0301: 63/2010/Q\u00d0-UBND", "63/2010/QĐ-UBND", 63, "63", "QĐ", "UBND", 2010, "state", "Quyết định"),
    ("05\u2013CT/TW", "05-CT/TW", 5, "05", "CT", "TW", None, "party", "Chỉ thị"),  # en dash
    ("123-QĐ/UBND", "123/QĐ-UBND", 123, "123", "QĐ", "UBND", None, "state", "Quyết định"),
    # A type name in front of the code names it ("Quy định số 97-QĐ/TW" is a quy định).
    ("Quy định số 97-QĐ/TW", "97-QĐ/TW", 97, "97", "QĐ", "TW", None, "party", "Quy định"),
    ("Nghị quyết số 60/2022/QH15", "60/2022/QH15", 60, "60", "NQ", "QH15", 2022, "state", "Nghị quyết"),
    ("Quyết định 08-QĐi/TW", "08-QĐi/TW", 8, "08", "QĐi", "TW", None, "party", "Quy định"),
]


@pytest.mark.parametrize(
    ("text", "canonical", "number", "number_text", "type_code", "issuer", "year", "system", "type_name"), TABLE
)
def test_it_parses_every_shape_into_exact_parts(
    text: str,
    canonical: str,
    number: int,
    number_text: str,
    type_code: str,
    issuer: str,
    year: int | None,
    system: str,
    type_name: str,
) -> None:
    code = parse(text)
    assert (code.canonical, code.number, code.number_text, code.type, code.issuer, code.year, code.system) == (
        canonical,
        number,
        number_text,
        type_code,
        issuer,
        year,
        system,
    )
    assert code.type_name == type_name
    assert str(code) == canonical


def test_it_parses_a_party_code_written_state_style() -> None:
    code = parse("22/CT-TW")
    assert code.system == "party"
    assert code.canonical == "22-CT/TW"
    assert code == parse("22-CT/TW")


def test_it_pads_party_numbers_to_two_digits_but_keeps_the_written_number() -> None:
    code = parse("5-ct/tw")
    assert code.number_text == "5"
    assert code.canonical == "05-CT/TW"


def test_it_treats_codes_written_differently_as_equal() -> None:
    assert parse("5-ct/tw") == parse("05-CT/TW") == parse("Số 05 - CT / TW")
    assert hash(parse("5-ct/tw")) == hash(parse("05-CT/TW"))
    assert parse("05-CT/TW") != parse("05-CT/TU")


def test_it_reads_decomposed_unicode_like_composed() -> None:
    import unicodedata

    composed = "Chương trình hành động số 15-CTHĐ/TU"
    assert parse(unicodedata.normalize("NFD", composed)) == parse(composed)
    assert parse(unicodedata.normalize("NFD", composed)).type_name == "Chương trình hành động"


def test_it_names_the_types_from_the_code() -> None:
    expected = {
        "NQ": "Nghị quyết",
        "CT": "Chỉ thị",
        "KL": "Kết luận",
        "QĐ": "Quyết định",
        "QĐi": "Quy định",
        "HD": "Hướng dẫn",
        "KH": "Kế hoạch",
        "CTr": "Chương trình",
        "CTHĐ": "Chương trình hành động",
        "BC": "Báo cáo",
        "TB": "Thông báo",
        "TTr": "Tờ trình",
        "ĐA": "Đề án",
        "CV": "Công văn",
        "NĐ": "Nghị định",
    }
    for type_code, name in expected.items():
        assert default_type_name(type_code, "state") == name
        assert default_type_name(type_code, "party") == name
    assert default_type_name("TT", "state") == "Thông tư"
    assert default_type_name("TT", "party") == "Thông tri"
    assert default_type_name("QH15", "state") == "Luật"
    assert default_type_name("", "state") == "Công văn"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Số:",
        "18/5/2021",
        "04/01/2024",
        "2020-2025",
        "2021 - 2026",
        "2020 – 2025",
        "9/15",
        "184/184",
        "0263.3822.123",
        "(0262) 3 852 275",
        "COVID-19",
        "Covid-19",
        "5G",
        "Điều 5/2",
        "https://tuyengiao.vn/05-CT/TW",
        "05-CT/TW/extra",
        "05-CT/TW.pdf",
        "0-CT/TW",
        "05-CT",
        "CT/TW",
        "2/TW",  # a Party issuer needs a type code
        "12/2021/CT-TU",  # Party numbers carry no year
        "12/ABC-UBND-",  # dangling separator
        "12/XYZ/UBND",  # unknown State type code
        "12/2021/QĐ",  # no issuer
        "1/1800/QĐ-UBND",  # impossible year
        "Nghị quyết của tỉnh 05-NQ/TU",  # words that are not a type name in front
        "05-CT/T",  # one-letter issuer
        "1234567/CT-UBND",  # seven-digit number
    ],
)
def test_it_refuses_what_is_not_a_document_number(text: str) -> None:
    with pytest.raises(DocCodeError) as excinfo:
        parse(text)
    assert isinstance(excinfo.value, ValueError)
    assert str(excinfo.value)


def test_it_explains_the_refusal_in_vietnamese() -> None:
    with pytest.raises(DocCodeError, match="không phải số, ký hiệu văn bản"):
        parse("18/5/2021")
    with pytest.raises(DocCodeError, match="Chưa nhập số, ký hiệu văn bản"):
        parse("")
    with pytest.raises(DocCodeError, match="phải có mã loại văn bản"):
        parse("2/TW")


def test_it_refuses_very_long_input_before_any_work() -> None:
    with pytest.raises(DocCodeError, match="ký tự"):
        parse("1-" * 500_000)


def test_it_refuses_non_strings_with_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse(5)  # type: ignore[arg-type]


def test_it_validates_codes_built_by_hand() -> None:
    assert DocCode(number=5, type="CT", issuer="TW", system="party").canonical == "05-CT/TW"
    assert DocCode(number=5, type="CT", issuer="TW", system="party").number_text == "05"
    assert DocCode(number=3600, type="", issuer="UBND-VX").type_name == "Công văn"
    with pytest.raises(DocCodeError):
        DocCode(number=0, type="CT", issuer="TW", system="party")
    with pytest.raises(DocCodeError):
        DocCode(number=5, type="", issuer="TW", system="party")
    with pytest.raises(DocCodeError):
        DocCode(number=5, type="", issuer="UBND", year=2020)
