"""The map pages: figures equal ``consolidate`` per province (63 before 01/07/2025, 34 from then), the drill-down
into a province, scoping, forged fields and query bounds."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tuyengiao.analytics import maps
from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio
from tuyengiao.reports import rollups
from tuyengiao.reports.consolidation import breakdown, consolidate
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section, TimeRule, Value
from tuyengiao.units.loader import DATA_DIR
from tuyengiao.units.models import Unit

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)
URL = reverse("analytics:map")


@pytest.fixture
def form(db):
    sessions = Indicator.objects.create(code="ht-buoi", name="Số buổi học tập", value_type="integer", rule="sum")
    attendees = Indicator.objects.create(code="ht-nguoi", name="Số người tham dự", value_type="decimal", rule="sum")
    online = Indicator.objects.create(
        code="ket-noi", name="Kết nối trực tuyến", value_type="boolean", rule="count_yes", time_rule=TimeRule.LATEST
    )
    limits = Indicator.objects.create(code="han-che", name="Hạn chế", value_type="text", rule="text")
    form = Form.objects.create(
        code="bc-xa",
        name="Báo cáo công tác tuyên giáo (cấp xã)",
        period_type="month",
        submitter_kinds=["party_committee"],
        submitter_levels=["commune"],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=form, number=1, effective_from="2023M01")
    section = Section.objects.create(version=version, order=1, title="Số liệu", kind=Section.Kind.INDICATORS)
    for order, indicator in enumerate([sessions, attendees, online, limits], start=1):
        Item.objects.create(section=section, order=order, indicator=indicator)
    return form


def report(form, unit, period, **values):
    r = Report.objects.create(
        form=form, version=form.versions.get(), unit=unit, period=period, status=Report.Status.ACCEPTED
    )
    for code, value in values.items():
        indicator = Indicator.objects.get(code=code.replace("_", "-"))
        field = {"boolean": "flag", "text": "text"}.get(indicator.value_type, "number")
        Value.objects.create(report=r, indicator=indicator, **{field: value})
    rollups.refresh_report(r)
    return r


def communes(filename: str, key: str, provinces: list[str], per_province: int = 2) -> list[Unit]:
    """The first communes of each province in the unit data (old communes hang under districts)."""
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    district_province = {r["code"]: r["parent_code"] for r in rows if r["level"] == "district"}
    chosen: dict[str, list[str]] = {}
    for row in rows:
        if row["level"] != "commune":
            continue
        province = district_province.get(row["parent_code"], row["parent_code"])
        if province in provinces and len(chosen.setdefault(province, [])) < per_province:
            chosen[province].append(row["code"])
    return list(Unit.objects.filter(key__in=[key.format(code) for codes in chosen.values() for code in codes]))


@pytest.fixture
def reported(form):
    """Reports of old communes in 2024 and early 2025 (Đắk Lắk, Phú Yên, Lâm Đồng, Hà Nội, Khánh Hòa, Quảng Nam) and
    of new communes in August 2025 (Đắk Lắk, Hà Nội, Đà Nẵng)."""
    for i, unit in enumerate(communes("units_2025-01.csv", "c:{}", ["66", "54", "68", "01", "56", "49"])):
        report(form, unit, "2024M05", ht_buoi=i + 1, ht_nguoi=Decimal("1234.5"), ket_noi=i % 2 == 0)
        report(form, unit, "2025M03", ht_buoi=2 * i + 1, ht_nguoi=Decimal(i), ket_noi=True, han_che="Thiếu")
    for i, unit in enumerate(communes("units_2025-07.csv", "c2025:{}", ["66", "01", "48"])):
        report(form, unit, "2025M08", ht_buoi=10 + i, ht_nguoi=Decimal("0.5"), ket_noi=i % 3 == 0)
    return form


def rows_of(response):
    return {row.code: row for row in response.context["result"].rows}


@pytest.mark.parametrize(
    ("period", "structure", "count", "map_name"),
    [("2024", None, 63, "vn63"), ("2025", None, 34, "vn34"), ("2025", "30/06/2025", 63, "vn63")],
)
def test_each_province_on_the_map_shows_what_consolidate_gives(personas, reported, period, structure, count, map_name):
    client = personas.client(personas.admin)
    for indicator in ("ht-buoi", "ht-nguoi", "ket-noi"):
        query = {"mau": "bc-xa", "chi_tieu": indicator, "ky": period} | ({"co_cau": structure} if structure else {})
        response = client.get(URL, query)
        assert response.status_code == 200, response.content.decode()[:2000]
        assert response.context["map_name"] == map_name
        assert response.context["chart"]["mapUrl"].endswith(f"maps/{map_name}.json")
        rows = rows_of(response)
        assert len(rows) == count
        date = dt.datetime.strptime(structure, "%d/%m/%Y").date() if structure else Period.parse(period).end
        with_figures = 0
        for row in rows.values():
            expected = consolidate(
                reported, Unit.objects.get(pk=row.unit_id), Period.parse(period), structure_date=date
            )
            figure = expected[indicator]
            assert row.figure is not None
            assert row.figure.value == figure.value, (row.name, indicator)
            assert row.text == figure.text
            with_figures += figure.value not in (None, 0) and not (
                isinstance(figure.value, Ratio) and not figure.value.n
            )
        assert with_figures >= 3


def test_texts_are_written_the_vietnamese_way(personas, reported):
    client = personas.client(personas.admin)
    response = client.get(URL, {"mau": "bc-xa", "chi_tieu": "ht-nguoi", "ky": "2024"})
    page = response.content.decode()
    assert "2.469" in page  # two communes × 1.234,5 = 2.469 (Đắk Lắk)
    assert "1.234,5" in page or "3.703,5" in page
    response = client.get(URL, {"mau": "bc-xa", "chi_tieu": "ket-noi", "ky": "2024"})
    texts = [row.text for row in response.context["result"].rows if row.text]
    assert all("/" in text for text in texts)
    assert any(text.startswith("1/") for text in texts)


def test_the_map_is_the_34_provinces_from_1_july_2025_and_the_63_before(personas, reported):
    client = personas.client(personas.admin)
    for day, name, count in (("30/06/2025", "vn63", 63), ("01/07/2025", "vn34", 34)):
        response = client.get(URL, {"mau": "bc-xa", "ky": "2025", "co_cau": day})
        assert response.context["map_name"] == name
        assert len(response.context["result"].rows) == count
        assert not response.context["result"].missing
    assert maps.map_name(BEFORE) == "vn63"
    assert maps.map_name(AFTER) == "vn34"


def test_the_map_page_labels_both_archipelagos_in_their_provinces_colour(personas, reported):
    client = personas.client(personas.admin)
    response = client.get(URL, {"mau": "bc-xa", "chi_tieu": "ht-buoi", "ky": "2025M08"})
    page = response.content.decode()
    assert "Quần đảo Hoàng Sa (Thành phố Đà Nẵng)" in page
    assert "Quần đảo Trường Sa (Tỉnh Khánh Hòa)" in page
    regions = {region["name"]: region for region in response.context["chart"]["regions"]}
    assert regions["hoang-sa"]["colour"] == regions["48"]["colour"]
    assert regions["hoang-sa"]["text"] == regions["48"]["text"] != ""
    assert regions["truong-sa"]["colour"] == regions["56"]["colour"]
    assert regions["truong-sa"]["label"] == maps.TRUONG_SA


def test_a_click_drills_into_the_province_ranked_with_the_breakdowns_figures(personas, reported):
    client = personas.client(personas.admin)
    response = client.get(URL, {"mau": "bc-xa", "chi_tieu": "ht-buoi", "ky": "2024"})
    dak_lak = next(region for region in response.context["chart"]["regions"] if region["name"] == "66")
    page = client.get(dak_lak["url"])
    assert page.status_code == 200
    ranking = page.context["ranking"]
    expected = breakdown(reported, personas.province, Period.parse("2024"), structure_date=dt.date(2024, 12, 31))
    values = [row.value for row in ranking.rows if row.value is not None]
    assert values == sorted(values, reverse=True) and len(values) >= 1
    for row in ranking.rows:
        figure = expected.get(row.unit_id, {}).get("ht-buoi")
        assert row.text == (figure.text if figure else "")
    assert [bar["name"] for bar in page.context["chart"]["bars"]] == [
        r.name for r in ranking.rows if r.value is not None
    ]
    # the province's districts in 2024 (communes sit under them), each named as on the date
    assert any(row.name.startswith(("Thành phố Buôn Ma Thuột", "Huyện")) for row in ranking.rows)


def test_a_province_reader_gets_the_province_view_only(personas, reported):
    client = personas.client(personas.leader)
    response = client.get(URL, {"mau": "bc-xa", "ky": "2025"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("analytics:map_province", args=[personas.province.pk]))
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("analytics:map_province", args=[personas.lam_dong.pk]), {"ky": "2025"}).status_code == 404
    # the old Phú Yên, now part of Đắk Lắk, is read in its own time
    phu_yen = Unit.objects.get(key="p:54")
    assert client.get(reverse("analytics:map_province", args=[phu_yen.pk]), {"ky": "2024"}).status_code == 200


def test_another_provinces_reader_and_a_commune_cannot_open_it(personas, reported):
    outsider = personas.client(personas.outsider)
    assert outsider.get(reverse("analytics:map_province", args=[personas.province.pk])).status_code == 404
    commune = personas.client(personas.commune1)
    assert commune.get(URL).status_code == 404
    assert commune.get(reverse("analytics:map_province", args=[personas.province.pk])).status_code == 404
    admin = personas.client(personas.admin)
    commune_unit = personas.commune_unit1
    assert admin.get(reverse("analytics:map_province", args=[commune_unit.pk])).status_code == 404  # not a province
    assert admin.get(reverse("analytics:map_province", args=[987654321])).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"mau": "khong-co"}, "Không có mẫu báo cáo"),
        ({"mau": "bc-xa", "chi_tieu": "han-che", "ky": "2025"}, "không thể hiện được"),
        ({"mau": "bc-xa", "chi_tieu": "<script>", "ky": "2025"}, "không có trong mẫu"),
        ({"mau": "bc-xa", "ky": "Năm hai nghìn"}, ""),
        ({"mau": "bc-xa", "ky": "2025", "co_cau": "31/02/2025"}, "dd/mm/yyyy"),
        ({"mau": "bc-xa", "ky": "2025", "co_cau": "2025-07-01"}, "dd/mm/yyyy"),
    ],
)
def test_forged_fields_get_a_vietnamese_message_and_no_figures(personas, reported, query, message):
    client = personas.client(personas.admin)
    for url in (URL, reverse("analytics:map_province", args=[personas.province.pk])):
        response = client.get(url, query)
        assert response.status_code == 400
        assert response.context["error"]
        assert message in response.context["error"]
        assert "result" not in response.context and "ranking" not in response.context
        assert '<script>"' not in response.content.decode()


def test_a_province_absent_on_the_date_says_so(personas, reported):
    client = personas.client(personas.admin)
    phu_yen = Unit.objects.get(key="p:54")
    response = client.get(reverse("analytics:map_province", args=[phu_yen.pk]), {"mau": "bc-xa", "ky": "2025M08"})
    assert response.status_code == 400
    assert "không tồn tại vào ngày 31/08/2025" in response.context["error"]


def test_the_pages_run_a_bounded_number_of_queries(personas, reported, django_assert_max_num_queries):
    client = personas.client(personas.admin)
    client.get(URL, {"mau": "bc-xa", "ky": "2024"})  # warm the session and the user's rows
    # the same number whatever the number of provinces or reports: one statement per rule family, names in one
    with django_assert_max_num_queries(25):
        assert client.get(URL, {"mau": "bc-xa", "ky": "2024"}).status_code == 200
    with django_assert_max_num_queries(28):  # however many units the province has
        province = reverse("analytics:map_province", args=[personas.province.pk])
        assert client.get(province, {"mau": "bc-xa", "ky": "2025"}).status_code == 200


def test_the_consolidated_page_links_to_the_map(personas, reported):
    client = personas.client(personas.admin)
    central = Unit.objects.get(key="central")
    response = client.get(reverse("reports:consolidated"), {"don_vi": central.pk, "mau": "bc-xa", "ky": "2025"})
    assert reverse("analytics:map") in response.content.decode()
