"""tuyengiao.lib.doccode.find_citations: the document numbers a free text cites."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

import pytest

from tuyengiao.lib.doccode import find_citations, parse

D = dt.date


def cited(text: str, **kwargs: bool) -> list[tuple[str, str, dt.date | None]]:
    return [(c.code.canonical, c.type_name, c.date) for c in find_citations(text, **kwargs)]


# --- The five seed articles -------------------------------------------------------------------------------------------
# Expected lists written by hand from reading each article (/work/shared/seeds, see its README). Page furniture —
# menus, view counts, visitor counters, publication dates, the portal's list of documents ("Số: 17/CT-UBND … lượt
# xem") — must not appear.

SEEDS = Path(os.environ.get("TUYENGIAO_SEEDS", "/work/shared/seeds"))

SEED_CITATIONS: dict[str, list[tuple[str, str, dt.date | None]]] = {
    # Lâm Đồng, review of 2023: "Kết luận số 01-KL/TW ngày 18/5/2021 … Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa
    # XII)" in the review, then both again (no date) in the award for Cát Tiên.
    "000_eae6a733d11333ae.txt": [
        ("01-KL/TW", "Kết luận", D(2021, 5, 18)),
        ("05-CT/TW", "Chỉ thị", None),
        ("01-KL/TW", "Kết luận", None),
        ("05-CT/TW", "Chỉ thị", None),
    ],
    # Lai Châu, review of 2020: "Chỉ thị 35-CT/TW, ngày 30/5/2019", "Chỉ thị số 05-CT/TW của Bộ Chính trị",
    # "Nghị quyết số 35-NQ/TW", "Chỉ thị số 45-CT/TW, ngày 20/6/2020", "Chỉ thị số 05-CT/TW, ngày 15/5/2016".
    # The sidebar list of documents (Số: 17/CT-UBND, 3600/UBND-VX, 130/TB-UBND, 3505/KH-UBND) is not cited.
    "001_174a23148e26189f.txt": [
        ("35-CT/TW", "Chỉ thị", D(2019, 5, 30)),
        ("05-CT/TW", "Chỉ thị", None),
        ("35-NQ/TW", "Nghị quyết", None),
        ("45-CT/TW", "Chỉ thị", D(2020, 6, 20)),
        ("05-CT/TW", "Chỉ thị", D(2016, 5, 15)),
    ],
    # Sóc Trăng, review of 2023: "Nghị quyết số 35-NQ/TW của Bộ Chính trị".
    "002_3380226ad80e6f91.txt": [
        ("35-NQ/TW", "Nghị quyết", None),
    ],
    # Thái Nguyên, six months of 2024: "Kết luận số 01-KL/TW … Chỉ thị số 05-CT/TW",
    # "Chỉ thị số 38-CT/TW của Ban Bí thư".
    "003_a2bc98f27d10404a.txt": [
        ("01-KL/TW", "Kết luận", None),
        ("05-CT/TW", "Chỉ thị", None),
        ("38-CT/TW", "Chỉ thị", None),
    ],
    # Đắk Lắk: "Kế hoạch số 25-KH/BTGTU ngày 10/1/2022", "Đề án số 04-ĐA/TU" (three times), "Chỉ thị 05-CT/TW".
    # The ratios 9/15, 184/184, 15/15, 7/15 are not codes.
    "004_0dfad15aa9fa3ad3.txt": [
        ("25-KH/BTGTU", "Kế hoạch", D(2022, 1, 10)),
        ("04-ĐA/TU", "Đề án", None),
        ("05-CT/TW", "Chỉ thị", None),
        ("04-ĐA/TU", "Đề án", None),
        ("04-ĐA/TU", "Đề án", None),
    ],
}


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed articles not found in {SEEDS} (set TUYENGIAO_SEEDS)")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SEED_CITATIONS))
def test_it_finds_exactly_what_each_seed_article_cites(name: str) -> None:
    text = seed(name)
    assert cited(text) == SEED_CITATIONS[name]
    for citation in find_citations(text):
        assert text[citation.start : citation.end] == citation.raw
        assert parse(citation.raw) == citation.code


def test_it_reports_the_portal_list_of_documents_only_when_asked_for_headers() -> None:
    text = seed("001_174a23148e26189f.txt")
    headers = [c for c in cited(text, headers=True) if c not in SEED_CITATIONS["001_174a23148e26189f.txt"]]
    assert headers == [
        ("17/CT-UBND", "Chỉ thị", None),
        ("3600/UBND-VX", "Công văn", None),
        ("130/TB-UBND", "Thông báo", None),
        ("3505/KH-UBND", "Kế hoạch", None),
    ]


@pytest.mark.parametrize("name", sorted(SEED_CITATIONS))
def test_it_finds_the_same_in_the_decomposed_seed_articles(name: str) -> None:
    text = unicodedata.normalize("NFD", seed(name))
    assert cited(text) == SEED_CITATIONS[name]


# --- Citations in our own sentences -----------------------------------------------------------------------------------


def test_it_reports_raw_text_and_exact_spans() -> None:
    text = "Căn cứ Kế hoạch số 369 - CV/BTGTU và văn bản 2221 /UBND-TH của tỉnh."
    found = find_citations(text)
    assert [(c.raw, c.code.canonical) for c in found] == [
        ("369 - CV/BTGTU", "369-CV/BTGTU"),
        ("2221 /UBND-TH", "2221/UBND-TH"),
    ]
    for c in found:
        assert text[c.start : c.end] == c.raw


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quy định số 97-QĐ/TW của Bộ Chính trị", [("97-QĐ/TW", "Quy định", None)]),
        ("Quyết định số 97-QĐ/TW", [("97-QĐ/TW", "Quyết định", None)]),
        ("theo 97-QĐ/TW", [("97-QĐ/TW", "Quyết định", None)]),
        ("Quyết định 08-QĐi/TW", [("08-QĐi/TW", "Quy định", None)]),
        ("Nghị quyết số 35-NQ/TW", [("35-NQ/TW", "Nghị quyết", None)]),
        ("Chỉ thị 05-CT/TW", [("05-CT/TW", "Chỉ thị", None)]),
        ("Kết luận số: 01-KL/TW", [("01-KL/TW", "Kết luận", None)]),
        ("Hướng dẫn 36-HD/VPTW", [("36-HD/VPTW", "Hướng dẫn", None)]),
        ("Công văn số 3600/UBND-VX", [("3600/UBND-VX", "Công văn", None)]),
        ("Thông báo số 130/TB-UBND", [("130/TB-UBND", "Thông báo", None)]),
        ("Thông báo kết luận số 12-TB/TW", [("12-TB/TW", "Thông báo kết luận", None)]),
        ("Nghị quyết số 27-NQ/TW, 28-NQ/TW", [("27-NQ/TW", "Nghị quyết", None), ("28-NQ/TW", "Nghị quyết", None)]),
        ("Nghị định 30/2020/NĐ-CP", [("30/2020/NĐ-CP", "Nghị định", None)]),
        ("Luật số 06/2022/QH15", [("06/2022/QH15", "Luật", None)]),
        ("Luật Đất đai số 31/2024/QH15", [("31/2024/QH15", "Luật", None)]),
        ("Nghị quyết số 60/2022/QH15", [("60/2022/QH15", "Nghị quyết", None)]),
        ("Chương trình hành động số 15-CTHĐ/TU", [("15-CTHĐ/TU", "Chương trình hành động", None)]),
        ("Chương trình số 03-CTr/HU", [("03-CTr/HU", "Chương trình", None)]),
        ("Báo cáo 12-BC/BTGDVTU", [("12-BC/BTGDVTU", "Báo cáo", None)]),
        ("Tờ trình số 07-TTr/ĐUK", [("07-TTr/ĐUK", "Tờ trình", None)]),
        ("Đề án số 04-ĐA/TU", [("04-ĐA/TU", "Đề án", None)]),
        ("Kế hoạch số 25-KH/BTGTU", [("25-KH/BTGTU", "Kế hoạch", None)]),
        ("CHỈ THỊ SỐ 05-CT/TW", [("05-CT/TW", "Chỉ thị", None)]),
        ("các văn bản 17/CT-UBND", [("17/CT-UBND", "Chỉ thị", None)]),
    ],
)
def test_it_names_the_type_from_the_words_before_the_code(
    text: str, expected: list[tuple[str, str, dt.date | None]]
) -> None:
    assert cited(text) == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị", D(2019, 5, 30)),
        ("Chỉ thị số 45-CT/TW, ngày 20/6/2020 của Bộ Chính trị", D(2020, 6, 20)),
        ("Kết luận số 01-KL/TW ngày 18-5-2021", D(2021, 5, 18)),
        ("Kết luận số 01-KL/TW ngày 18.5.2021", D(2021, 5, 18)),
        ("Kế hoạch số 12-KH/TU ngày 3 tháng 7 năm 2024", D(2024, 7, 3)),
        ("Kế hoạch số 12-KH/TU (ngày 03/07/2024)", D(2024, 7, 3)),
        ("Kế hoạch số 12-KH/TU NGÀY 03/07/2024", D(2024, 7, 3)),
        ("Kế hoạch số 12-KH/TU ngày 31/2/2024", None),  # no such day
        ("Kế hoạch số 12-KH/TU về 03/07/2024", None),  # not right after the code
        ("Kế hoạch số 12-KH/TU ngày 3-7", None),  # no year
    ],
)
def test_it_reads_the_date_written_right_after_the_code(text: str, date: dt.date | None) -> None:
    [citation] = find_citations(text)
    assert citation.date == date


def test_it_finds_party_codes_written_state_style_and_unusual_shapes() -> None:
    text = "Thực hiện 22/CT-TW, 646/QĐ/QUTW và Quyết định 367 - QĐ/TWĐTN-VP."
    assert [c.code.canonical for c in find_citations(text)] == ["22-CT/TW", "646-QĐ/QUTW", "367-QĐ/TWĐTN-VP"]


def test_it_reads_the_look_alike_letter_and_decomposed_letters() -> None:
    text = "Đề án số 04-\u00d0A/TU và Đề án 05-D\u0335A/TU"
    found = find_citations(text)
    assert [(c.raw, c.code.canonical) for c in found] == [("04-\u00d0A/TU", "04-ĐA/TU"), ("05-D\u0335A/TU", "05-ĐA/TU")]
    assert [text[c.start : c.end] for c in found] == ["04-\u00d0A/TU", "05-D\u0335A/TU"]
    nfd = unicodedata.normalize("NFD", "Chỉ thị số 05-CT/TƯ ngày 15/5/2016")
    assert cited(nfd) == [("05-CT/TƯ", "Chỉ thị", D(2016, 5, 15))]


def test_it_finds_a_cong_van_without_sub_unit_only_after_so_or_a_type_name() -> None:
    assert cited("Công văn số 45/UBND ngày 3/1/2024") == [("45/UBND", "Công văn", D(2024, 1, 3))]
    assert cited("Theo số 45/UBND") == [("45/UBND", "Công văn", None)]
    assert cited("Có 45/UBND tham dự") == []


def test_it_does_not_report_the_heading_of_a_document() -> None:
    text = "TỈNH ỦY LÂM ĐỒNG\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n*\nSố 12-BC/BTGDVTU\nBÁO CÁO\nThực hiện Chỉ thị số 05-CT/TW"
    assert cited(text) == [("05-CT/TW", "Chỉ thị", None)]
    assert cited(text, headers=True) == [("12-BC/BTGDVTU", "Báo cáo", None), ("05-CT/TW", "Chỉ thị", None)]
    assert cited("Số: 17/CT-UBND") == []
    assert cited("Văn bản số: 17/CT-UBND") == [("17/CT-UBND", "Chỉ thị", None)]


def test_it_requires_capital_letters_in_free_text() -> None:
    assert cited("theo 5-ct/tw") == []


# --- Never codes ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sáng ngày 04/01/2024, hội nghị 18/5/2021 và 05/01/2024 09:00 SA",
        "nhiệm kỳ 2020-2025, 2021 - 2026, 2020 – 2025, giai đoạn 2016-2020",
        "Trong 2 ngày (27-28/72020) Đại hội",
        "Có 9/15 Ban Tuyên giáo; 184/184 xã; 15/15 Trung tâm; 7/15 địa phương",
        "Điện thoại: 0263.3822.123, (0262) 3 852 275, 0912-345-678, +84 263 3822 123",
        "Tổng số điểm của bài viết là: 5 trong 1 đánh giá. Xếp hạng: 5 - 1 phiếu bầu",
        "dịch bệnh COVID-19 và Covid-19, mạng 5G, Điều 5/2, khoản 3/4",
        "Lượt xem: 108 • 001135121 • Đang online: 29 • Trong tuần: 6.628 • Chủ nhật - 17/01/2021 14:47 2.527 0",
        "Thứ Tư, 10/8/2022 6:0'(GMT+7) (Ảnh: Trung Hiếu/TTXVN)",
        "xem https://tuyengiao.vn/van-ban/05-CT/TW và www.example.vn/17/CT-UBND và http://a.vn/x?so=05-CT/TW",
        "tệp /srv/data/05-CT/TW.pdf, C:\\docs\\05-CT/TW, 05-CT/TW.docx, van-ban/05-CT/TW/",
        "mã bài 12345/67890, id=2024/01/05, phiên bản 1.2-RC/BETA",
        "K/T TRƯỞNG BAN, T/M BAN THƯỜNG VỤ",
        "lúc 10-Ab/Cd và 3-A/TW và 4-CT/T",
    ],
)
def test_it_never_reports_dates_periods_ratios_phones_urls_or_paths(text: str) -> None:
    assert find_citations(text) == []
