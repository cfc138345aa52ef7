"""Comparing a period with an earlier one across the 2025 restructuring, checked against hand computations.

The data: the new ward (commune_unit1, formed on 01/07/2025 from six old wards) and the new commune
(commune_unit2, from three old communes) report in 2025; in 2024 only their predecessors existed.

    2025 (accepted)        ht-buoi  ht-nguoi  ht-dang-vien  ket-noi
      ward (2025M08)          7        40         50%         có
      commune (2025M08)       3        60         80%
    2024
      old ward A (2024M03)    5        10         60%         có      → ward
      old ward B (2024M05)    4        30         30%                 → ward
      old commune (2024M11)   2                               có      → commune

    2025: 10 sessions, (40·50 + 60·80)/100 = 68,0%, 1/102 connected
    2024 in the 2025 structure: 11 sessions, (10·60 + 30·30)/40 = 37,5%, 2/102 connected
    change: −1 session, +30,5 percentage points; ward 7 vs 9 (−2), commune 3 vs 2 (+1)
"""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.reports.test_consolidation import form, report  # noqa: F401  (the fixture and helper)
from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio
from tuyengiao.reports import documents_out
from tuyengiao.reports.comparison import Mode, change
from tuyengiao.units.models import UnitLink


@pytest.fixture
def across_the_merger(personas, form):  # noqa: F811
    ward_olds = [link.predecessor for link in UnitLink.objects.filter(successor=personas.commune_unit1)]
    commune_old = UnitLink.objects.filter(successor=personas.commune_unit2).first().predecessor
    report(form, personas.commune_unit1, "2025M08", ht_buoi=7, ht_nguoi=40, ht_dang_vien=Decimal(50), ket_noi=True)
    report(form, personas.commune_unit2, "2025M08", ht_buoi=3, ht_nguoi=60, ht_dang_vien=Decimal(80))
    report(form, ward_olds[0], "2024M03", ht_buoi=5, ht_nguoi=10, ht_dang_vien=Decimal(60), ket_noi=True)
    report(form, ward_olds[1], "2024M05", ht_buoi=4, ht_nguoi=30, ht_dang_vien=Decimal(30))
    report(form, commune_old, "2024M11", ht_buoi=2, ket_noi=True, han_che="Thiếu loa truyền thanh")
    return form


def url(name, personas, **extra):
    params = {"don_vi": personas.province.pk, "mau": "bc-tg-xa", "ky": "2025", "so_sanh": "cung-ky", **extra}
    return f"{reverse(f'reports:{name}')}?{urlencode(params)}"


def _rows(report):
    return {row.figure.indicator.code: row for block in report.blocks for row in block.rows}


def test_2024_figures_of_the_old_communes_appear_under_the_2025_commune_they_merged_into(personas, across_the_merger):
    report_ = documents_out.collect(
        across_the_merger, personas.province, Period.parse("2025"), compare=Mode.SAME_PERIOD_LAST_YEAR
    )
    assert report_.comparison.period == Period.parse("2024")
    assert report_.comparison.column == "Cùng kỳ 2024"
    rows = _rows(report_)
    assert rows["ht-buoi"].figure.value == 10
    assert rows["ht-buoi"].earlier.value == 11
    assert rows["ht-buoi"].change.text == "−1"
    children = {child.unit_id: child for child in report_.children}
    assert len(children) == 102  # the 2025 structure: the 2024 figures are not under the old units
    index = [row.figure.indicator.code for row in report_.columns].index("ht-buoi")
    ward = children[personas.commune_unit1.pk].compared(index)
    assert (ward[0].value, ward[1].value, ward[2].text) == (7, 9, "−2")
    commune = children[personas.commune_unit2.pk].compared(index)
    assert (commune[0].value, commune[1].value, commune[2].text) == (3, 2, "+1")


def test_a_percentage_changes_by_percentage_points(personas, across_the_merger):
    report_ = documents_out.collect(
        across_the_merger, personas.province, Period.parse("2025"), compare=Mode.SAME_PERIOD_LAST_YEAR
    )
    row = _rows(report_)["ht-dang-vien"]
    assert row.figure.value == Decimal("68.0000") and row.earlier.value == Decimal("37.5000")
    assert (row.figure.text, row.earlier.text) == ("68,0%", "37,5%")
    assert row.change.delta == Decimal("30.5000")
    assert row.change.text == "+30,5 điểm %"


def test_n_of_m_figures_stand_side_by_side_over_the_same_units(personas, across_the_merger):
    report_ = documents_out.collect(
        across_the_merger, personas.province, Period.parse("2025"), compare=Mode.SAME_PERIOD_LAST_YEAR
    )
    row = _rows(report_)["ket-noi"]
    assert row.figure.value == Ratio(1, 102, 1)
    assert row.earlier.value == Ratio(2, 102, 2)  # each new commune counted once, with its predecessors' answer
    assert (row.figure.text, row.earlier.text, row.change.text) == ("1/102", "2/102", "−1")
    assert _rows(report_)["han-che"].change is None  # texts are not compared


def test_the_page_shows_current_earlier_and_change_and_links_to_2024_in_the_2024_structure(personas, across_the_merger):
    response = personas.client(personas.leader).get(url("consolidated", personas))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cùng kỳ 2024" in html and "+30,5 điểm %" in html
    assert 'data-indicator="ket-noi"' in html and "1/102" in html and "2/102" in html
    own_structure = urlencode({"don_vi": personas.province.pk, "mau": "bc-tg-xa", "ky": "2024"})
    assert own_structure.replace("&", "&amp;") + '" data-testid="earlier-own-structure"' in html
    # Followed, that link shows 2024 in the 2024 structure: the old districts are the children, 180 communes.
    response = personas.client(personas.leader).get(f"{reverse('reports:consolidated')}?{own_structure}")
    report_ = response.context["report"]
    assert _rows(report_)["ht-buoi"].figure.value == 11
    assert _rows(report_)["ket-noi"].figure.text == "2/180"
    assert {child.name.split()[0] for child in report_.children if not child.own} <= {"Huyện", "Thành", "Thị"}


def test_the_structure_links_offer_the_tree_at_the_start_of_the_period_and_today(personas, across_the_merger):
    response = personas.client(personas.leader).get(url("consolidated", personas, ky="2025Q3", so_sanh=""))
    links = response.context["structure_links"]
    assert ("đầu kỳ", "01/07/2025") in [(when, date) for when, date, _q in links]
    assert "Xem theo cơ cấu tổ chức tại thời điểm đầu kỳ (01/07/2025)" in response.content.decode()


def test_the_previous_period_counts_the_predecessors_reports_before_the_merger(personas, across_the_merger):
    old = UnitLink.objects.filter(successor=personas.commune_unit1).first().predecessor
    report(across_the_merger, old, "2025M05", ht_buoi=6)
    report_ = documents_out.collect(
        across_the_merger, personas.province, Period.parse("2025Q3"), compare=Mode.PREVIOUS_PERIOD
    )
    assert report_.comparison.column == "Kỳ trước Q2/2025"
    assert (_rows(report_)["ht-buoi"].figure.value, _rows(report_)["ht-buoi"].earlier.value) == (10, 6)
    assert _rows(report_)["ht-buoi"].change.text == "+4"


def test_the_drill_down_compares_the_chosen_indicator_child_by_child(personas, across_the_merger):
    response = personas.client(personas.leader).get(url("consolidated", personas, chi_tieu="ht-nguoi"))
    header = response.context["drill_header"]
    assert header[:3] == ["Số người tham dự", "Cùng kỳ 2024", "Tăng (+), giảm (−)"]  # first, after the unit
    assert header.count("Số người tham dự") == 1 and "Số buổi học tập, quán triệt" in header
    cells = {child.unit_id: cells for child, _q, cells, _html in response.context["children"]}
    assert [text for text, _css in cells[personas.commune_unit1.pk][:3]] == ["40", "40", "0"]
    assert [text for text, _css in cells[personas.commune_unit2.pk][:3]] == ["60", "–", ""]


def test_the_page_with_a_comparison_issues_a_bounded_number_of_queries_for_a_province_or_a_commune(
    personas, across_the_merger, django_assert_max_num_queries
):
    client = personas.client(personas.leader)
    client.get(url("consolidated", personas))  # warm the session
    for unit in (personas.province, personas.commune_unit1):  # 102 children or none: the same statements
        # (a stored year: flows and stocks are two statements in each of the page's two consolidations; one more
        # reads the user's dashboard pins, for the "Ghim" buttons)
        with django_assert_max_num_queries(57):
            response = client.get(url("consolidated", personas, don_vi=unit.pk))
        assert response.status_code == 200


def test_the_xlsx_has_the_comparison_columns_and_the_earlier_drill_down(personas, across_the_merger):
    from openpyxl import load_workbook

    response = personas.client(personas.leader).get(url("consolidated_xlsx", personas))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Tổng hợp"]
    assert [cell.value for cell in sheet[5]] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kết quả",
        "Cùng kỳ 2024",
        "Tăng (+), giảm (−)",
    ]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=6) if row[1].value}
    sessions = rows["Số buổi học tập, quán triệt"]
    assert (sessions[3].value, sessions[4].value, sessions[5].value) == (10, 11, "−1")
    share = rows["Tỷ lệ đảng viên tham dự"]
    assert share[4].value == pytest.approx(0.375) and share[4].number_format == "0.0%"
    assert share[5].value == "+30,5 điểm %"
    assert rows["Kết nối trực tuyến đến cấp xã"][4].value == "2/102"
    earlier = book["So sánh theo đơn vị"]
    assert earlier.max_row == 3 + 102
    # Without a comparison the workbook keeps its two sheets and four columns.
    plain = load_workbook(
        io.BytesIO(personas.client(personas.leader).get(url("consolidated_xlsx", personas, so_sanh="")).content)
    )
    assert plain.sheetnames == ["Tổng hợp", "Theo đơn vị"] and plain["Tổng hợp"].max_column == 4


def test_the_docx_tables_carry_the_comparison(personas, across_the_merger):
    from docx import Document

    response = personas.client(personas.leader).get(url("consolidated_docx", personas))
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables[1:-1] for row in table.rows for cell in row.cells]
    assert {"Cùng kỳ 2024", "Tăng (+), giảm (−)", "+30,5 điểm %", "2/102", "−1"} <= set(cells)
    assert any("so sánh với năm 2024" in p.text for p in document.paragraphs)


def test_an_unknown_comparison_is_ignored_and_changes_are_computed_by_type(personas, across_the_merger):
    response = personas.client(personas.leader).get(url("consolidated", personas, so_sanh="xyz"))
    assert response.status_code == 200 and response.context["report"].comparison is None
    figure = documents_out.collect(across_the_merger, personas.province, Period.parse("2025")).blocks[0].rows[0].figure
    assert change(figure, None) is None
