"""The pivot table: every cell is ``consolidate`` of its unit and period in the table's structure, the totals
row the parent's consolidation (not a sum), scoping, forged choices, a bounded number of queries, and an XLSX
equal to the page."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import ValueType, present
from tuyengiao.reports.consolidation import ConsolidationError, consolidate
from tuyengiao.units.models import Unit

CODES = ["ht-buoi", "ht-nguoi", "ht-dang-vien", "bcv", "ket-noi"]


def get(client, unit, **params):
    query = {"don_vi": unit.pk, "mau": "bc-tg-xa", "chi_tieu": CODES, "tu": "2025M01", "den": "2025M08", **params}
    return client.get(reverse("analytics:pivot"), query)


def value_of(form, unit, period, date, code):
    try:
        return consolidate(form, unit, period, structure_date=date)[code].value
    except ConsolidationError:
        return None


def test_every_cell_and_the_totals_row_equal_consolidate_across_the_reform(personas, data):
    form = data["form"]
    response = get(personas.client(personas.leader), personas.province)
    assert response.status_code == 200
    pivot = response.context["pivot"]
    assert pivot.structure_date == dt.date(2025, 8, 31)
    assert (
        len(pivot.columns) == len(CODES) * 8 and next(g for g, _span in pivot.groups) == "Số buổi học tập, quán triệt"
    )
    assert len(pivot.rows) == 102
    checked = {personas.commune_unit1.pk, personas.commune_unit2.pk, pivot.rows[5].key[0]}
    for row in pivot.all_rows:
        unit = personas.province if row.total else Unit.objects.get(pk=row.key[0])
        if not row.total and unit.pk not in checked:
            continue
        for column, figure in zip(pivot.columns, row.cells, strict=True):
            period, code = Period.parse(column.key[1]), column.key[2]
            expected = value_of(form, unit, period, pivot.structure_date, code)
            assert (figure.value if figure else None) == expected, (row.label, column.key)
    # March 2025 (before the reform) in the structure of 31/08/2025: the old commune's report is commune 1's.
    commune1 = next(row for row in pivot.rows if row.key[0] == personas.commune_unit1.pk)
    march = pivot.columns.index(next(c for c in pivot.columns if c.key[1:] == ("2025M03", "ht-buoi")))
    assert commune1.cells[march].value == 5 and pivot.total.cells[march].value == 5
    # The totals are the province's consolidation: the weighted percentage is not the cells' sum or mean.
    august = pivot.columns.index(next(c for c in pivot.columns if c.key[1:] == ("2025M08", "ht-dang-vien")))
    assert pivot.total.cells[august].text == "68,0%"  # (40·50 + 60·80) / 100; the cells 50% and 80%
    yes = pivot.columns.index(next(c for c in pivot.columns if c.key[1:] == ("2025M08", "ket-noi")))
    assert pivot.total.cells[yes].text == "1/102"
    html = response.content.decode()
    assert "Toàn Tỉnh ủy Đắk Lắk" in html and "1/102" in html and "68,0%" in html
    assert "999" not in [t for row in pivot.all_rows for t in row.texts]  # Lâm Đồng's report never counts


def test_the_old_structure_shows_the_districts_of_june_2025(personas, data):
    form = data["form"]
    response = get(
        personas.client(personas.leader), personas.province, tu="2025M01", den="2025M06", co_cau="30/06/2025"
    )
    pivot = response.context["pivot"]
    district = data["old"].version_on(dt.date(2025, 3, 1)).parent_id
    row = next(row for row in pivot.rows if row.key[0] == district)
    march = pivot.columns.index(next(c for c in pivot.columns if c.key[1:] == ("2025M03", "ht-buoi")))
    assert row.cells[march].value == 5
    expected = consolidate(form, personas.province, Period.parse("2025M03"), structure_date=dt.date(2025, 6, 30))
    assert pivot.total.cells[march].value == expected["ht-buoi"].value == 5
    assert len(pivot.rows) < 102  # the districts of 2025, not the communes of July


def test_the_other_layouts_read_the_same_figures(personas, data):
    form = data["form"]
    client = personas.client(personas.leader)
    august = Period.parse("2025M08")
    date = dt.date(2025, 8, 31)
    province = consolidate(form, personas.province, august, structure_date=date)
    commune2 = consolidate(form, personas.commune_unit2, august, structure_date=date)

    pivot = get(client, personas.province, bo_cuc="chi-tieu-don-vi").context["pivot"]
    assert next(c.label for c in pivot.columns) == "Toàn Tỉnh ủy Đắk Lắk"
    assert [row.key[2] for row in pivot.rows] == CODES
    column = next(i for i, c in enumerate(pivot.columns) if c.key[0] == personas.commune_unit2.pk)
    for row in pivot.rows:
        assert row.cells[0].value == province[row.key[2]].value
        assert row.cells[column].value == commune2[row.key[2]].value
    assert pivot.total is None

    pivot = get(client, personas.province, bo_cuc="don-vi-chi-tieu", xem="2025M08").context["pivot"]
    assert [c.key[2] for c in pivot.columns] == CODES
    assert [f.value for f in pivot.total.cells] == [province[code].value for code in CODES]

    pivot = get(client, personas.province, bo_cuc="chi-tieu-ky").context["pivot"]
    assert [c.key[1] for c in pivot.columns][-1] == "2025M08"
    assert [row.cells[-1].value for row in pivot.rows] == [province[code].value for code in CODES]

    pivot = get(client, personas.province, bo_cuc="don-vi-ky", xem="ht-buoi").context["pivot"]
    assert len(pivot.columns) == 8 and not pivot.groups


def test_rows_sort_by_a_column_and_the_totals_stay_last(personas, data):
    client = personas.client(personas.leader)
    pivot = get(client, personas.province, bo_cuc="don-vi-chi-tieu", sap_xep=1, giam="1").context["pivot"]
    first = [row.cells[0].value for row in pivot.rows[:2]]
    assert first == [1200, 3]
    assert pivot.total.total and pivot.total.cells[0].value == 1203
    html = client.get(
        reverse("analytics:pivot"),
        {"don_vi": personas.province.pk, "mau": "bc-tg-xa", "chi_tieu": CODES, "bo_cuc": "don-vi-chi-tieu"},
    ).content.decode()
    assert "sap_xep=1" in html


def test_a_commune_cannot_pivot_the_province_nor_anyone_another_province(personas, data):
    assert get(personas.client(personas.commune1), personas.province).status_code == 404
    assert get(personas.client(personas.leader), personas.lam_dong).status_code == 404
    assert get(personas.client(personas.outsider), personas.province).status_code == 404
    assert get(personas.client(personas.commune1), personas.commune_unit1).status_code == 200
    xlsx = reverse("analytics:pivot_xlsx")
    assert personas.client(personas.commune1).get(xlsx, {"don_vi": personas.province.pk}).status_code == 404


def test_forged_choices_get_a_vietnamese_message(personas, data):
    client = personas.client(personas.leader)
    response = get(client, personas.province, chi_tieu=["ht-buoi", "khong-co"])
    assert response.status_code == 400
    assert "Chỉ tiêu “khong-co” không có trong mẫu báo cáo này." in response.content.decode()
    response = get(client, personas.province, mau="khong-co")
    assert response.status_code == 400 and "Không tìm thấy mẫu báo cáo" in response.content.decode()
    response = get(client, personas.province, tu="2025Q1", den="2025M08")
    assert response.status_code == 400 and "cùng loại kỳ" in response.content.decode()
    response = get(client, personas.province, tu="2020M01", den="2025M08")
    assert response.status_code == 400 and "tối đa 36 kỳ" in response.content.decode()
    response = get(client, personas.province, co_cau="31/02/2025")
    assert response.status_code == 400
    assert client.get(reverse("analytics:pivot_xlsx"), {"don_vi": personas.province.pk, "mau": "x"}).status_code == 404


def test_the_pivots_queries_depend_on_the_periods_not_on_the_units(personas, data, django_assert_max_num_queries):
    client = personas.client(personas.leader)
    with CaptureQueriesContext(connection) as commune:
        assert get(client, personas.commune_unit1).status_code == 200
    with django_assert_max_num_queries(len(commune.captured_queries) + 2):
        response = get(client, personas.province)  # 102 communes instead of one
    assert len(response.context["pivot"].rows) == 102
    with django_assert_max_num_queries(20 + 8 * 12):  # eight months: a breakdown and a consolidation each
        get(client, personas.province)


def test_the_xlsx_holds_exactly_the_pages_table(personas, data):
    client = personas.client(personas.leader)
    params = {"bo_cuc": "don-vi-chi-tieu", "xem": "2025M08", "sap_xep": "3", "giam": "1"}
    pivot = get(client, personas.province, **params).context["pivot"]
    query = {"don_vi": personas.province.pk, "mau": "bc-tg-xa", "chi_tieu": CODES, "tu": "2025M01", "den": "2025M08"}
    response = client.get(reverse("analytics:pivot_xlsx"), {**query, **params})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Tỉnh ủy Đắk Lắk" in rows[0][0]
    assert list(rows[1]) == [pivot.row_header, *[c.label for c in pivot.columns]]
    body = rows[2:]
    assert len(body) == len(pivot.all_rows)
    for cells, row in zip(body, pivot.all_rows, strict=True):
        assert cells[0] == row.label
        for value, figure, text in zip(cells[1:], row.cells, row.texts, strict=True):
            if value in (None, ""):
                assert text == "–"
            elif isinstance(value, str):
                assert value == text
            else:
                shown = present(Decimal(str(value)), ValueType(figure.indicator.value_type))
                assert shown == text, (row.label, value, text)
