"""Consolidated figures through the API are ``consolidate()``'s, for any period and structure date; scoped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.reports.test_consolidation import form, report  # noqa: F401  (fixture)
from tuyengiao.lib.periods import Period
from tuyengiao.reports.consolidation import breakdown, consolidate
from tuyengiao.reports.models import Report
from tuyengiao.units.models import UnitLink

BEFORE_REFORM = dt.date(2025, 6, 30)


def url(unit, period, form_code="bc-tg-xa"):
    return f"/reports/forms/{form_code}/periods/{period}/consolidated/{unit.key}"


@pytest.fixture
def reports(personas, form):  # noqa: F811
    """Reports on both sides of 01/07/2025: an old commune (predecessor of commune 1) in March, the new communes
    after the reform; one draft that never counts."""
    old = UnitLink.objects.filter(successor=personas.commune_unit1).first().predecessor
    report(form, old, "2025M03", ht_buoi=5, ht_nguoi=20, ht_dang_vien=Decimal("40"), bcv=4, ket_noi=True)
    report(form, old, "2024M11", ht_buoi=2, ht_nguoi=10, ht_dang_vien=Decimal("30"), han_che="Thiếu tài liệu")
    report(
        form,
        personas.commune_unit1,
        "2025M08",
        ht_buoi=3,
        ht_nguoi=40,
        ht_dang_vien=Decimal("50"),
        bcv=10,
        ket_noi=True,
    )
    report(form, personas.commune_unit2, "2025M08", ht_buoi=2, ht_nguoi=60, ht_dang_vien=Decimal("80"), ket_noi=True)
    report(form, personas.commune_unit2, "2025M09", ht_buoi=1, ket_noi=False, han_che="Chưa có đường truyền")
    report(form, personas.commune_unit1, "2025M09", status=Report.Status.DRAFT, ht_buoi=100)
    return old


def assert_same(body, figures):
    by_code = {f["indicator"]: f for f in body["figures"]}
    assert set(by_code) == set(figures)
    for code, figure in figures.items():
        assert by_code[code]["value"] == _json(figure.as_json()), code
        assert by_code[code]["text"] == figure.text, code
        assert by_code[code]["reported"] == figure.reported, code


def _json(value):
    if isinstance(value, list):
        return [dict(entry) for entry in value]
    return value


@pytest.mark.parametrize(
    ("period", "as_of"),
    [
        ("2025Q3", None),
        ("2025", None),
        ("2025", "2025-06-30"),  # the year in the structure before the reform: the old districts and communes
        ("2025S1", "2025-06-30"),
        ("2024", None),  # wholly before the reform
        ("2024", "2025-12-31"),  # 2024 in the 2025 structure: the old commune counted under its new commune
        ("2025M08", None),
    ],
)
def test_the_apis_figures_are_consolidates_for_the_same_arguments(personas, api_client, form, reports, period, as_of):  # noqa: F811
    params = {"as_of": as_of} if as_of else {}
    response = api_client(personas.leader).get(url(personas.province, period), params)
    assert response.status_code == 200, response.json()
    body = response.json()
    date = dt.date.fromisoformat(as_of) if as_of else None
    figures = consolidate(form, personas.province, Period.parse(period), structure_date=date)
    assert_same(body, figures)
    assert body["structure_date"] == (as_of or Period.parse(period).end.isoformat())
    assert body["children"] is None


def test_n_of_m_and_weighted_percentages_read_as_on_the_page(personas, api_client, form, reports):  # noqa: F811
    body = api_client(personas.leader).get(url(personas.province, "2025Q3")).json()
    figures = {f["indicator"]: f for f in body["figures"]}
    assert figures["ket-noi"]["value"] == {"n": 1, "m": 102} and figures["ket-noi"]["text"] == "1/102"
    # (40·50 + 60·80) / (40 + 60) = 68
    assert figures["ht-dang-vien"]["value"] == "68" and figures["ht-dang-vien"]["text"] == "68,0%"
    assert figures["ht-buoi"]["value"] == 6 and figures["ht-buoi"]["label"] == "Số buổi học tập, quán triệt"
    assert [f["indicator"] for f in body["figures"]] == [
        "ht-buoi",
        "ht-nguoi",
        "ht-dang-vien",
        "bcv",
        "ket-noi",
        "han-che",
    ]


def test_the_breakdown_by_child_is_breakdowns(personas, api_client, form, reports):  # noqa: F811
    body = api_client(personas.leader).get(url(personas.province, "2025"), {"by_child": "true"}).json()
    expected = breakdown(form, personas.province, Period.parse("2025"))
    children = {child["unit"]["key"]: child for child in body["children"]}
    assert children[personas.commune_unit1.key]["figures"]["ht-buoi"]["value"] == 8  # 5 (old commune) + 3
    assert children[personas.commune_unit1.key]["unit"]["name"] == "Phường Buôn Ma Thuột"
    for child in body["children"]:
        unit_figures = next(figs for pk, figs in expected.items() if _key(pk) == child["unit"]["key"])
        for code, figure in unit_figures.items():
            assert child["figures"][code]["value"] == _json(figure.as_json())
            assert child["figures"][code]["text"] == figure.text


def _key(pk):
    from tuyengiao.units.models import Unit

    return Unit.objects.get(pk=pk).key


def test_a_commune_reads_its_own_consolidated_figures_but_not_the_provinces(personas, api_client, form, reports):  # noqa: F811
    client = api_client(personas.commune1)
    own = client.get(url(personas.commune_unit1, "2025"))
    assert own.status_code == 200
    assert_same(own.json(), consolidate(form, personas.commune_unit1, Period.parse("2025")))
    assert client.get(url(personas.province, "2025")).status_code == 404
    assert client.get(url(personas.commune_unit2, "2025")).status_code == 404
    outsider = api_client(personas.outsider).get(url(personas.province, "2025"))
    assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"


def test_a_period_shorter_than_the_forms_or_without_a_version_is_a_validation_error(personas, api_client, form):  # noqa: F811
    form.period_type = "year"
    form.save()
    response = api_client(personas.leader).get(url(personas.province, "2025M08"))
    assert response.status_code == 422 and "không tổng hợp được" in response.json()["message"]
    assert api_client(personas.leader).get(url(personas.province, "2025M13")).status_code == 404
    assert api_client(personas.leader).get(url(personas.province, "2025", "khong-co")).status_code == 404


def test_reading_a_provinces_year_takes_a_bounded_number_of_queries(
    personas,
    api_client,
    form,  # noqa: F811
    reports,
    django_assert_max_num_queries,
):
    client = api_client(personas.leader)
    client.get(url(personas.province, "2025"))  # the token's first use records it
    with django_assert_max_num_queries(30):
        assert client.get(url(personas.province, "2025")).status_code == 200
