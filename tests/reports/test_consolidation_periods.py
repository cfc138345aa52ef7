"""Many periods in one consolidation (``consolidate_periods``, ``breakdown_periods``): every figure equal to
``consolidate`` / ``breakdown`` of the same unit, period and structure date, on both read paths of a year."""

import datetime as dt
import functools
from decimal import Decimal

import pytest

from tests.reports.test_consolidation import form, report  # noqa: F401  (the fixture and helper)
from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio
from tuyengiao.reports import consolidation
from tuyengiao.reports.consolidation import WHOLE, ConsolidationError
from tuyengiao.reports.models import Report
from tuyengiao.units.models import UnitLink, UnitVersion

END_2025 = dt.date(2025, 12, 31)
MONTHS = [Period.parse(f"2025M{month:02d}") for month in range(1, 13)]


@pytest.fixture(autouse=True, params=["stored", "direct"])
def stored(request):
    return request.param == "stored"


@pytest.fixture
def reports(personas, form):  # noqa: F811
    """Reports on both sides of the 01/07/2025 reform: two old communes merged into commune 1, commune 2,
    a predecessor split between communes, a draft, and another province's commune."""
    old_units = [link.predecessor for link in UnitLink.objects.filter(successor=personas.commune_unit1)]
    old = old_units[0]
    report(form, old, "2024M11", ht_buoi=4, ht_nguoi=10, ht_dang_vien=Decimal("30"), bcv=7, ket_noi=False)
    report(form, old, "2025M03", ht_buoi=5, ht_nguoi=10, ht_dang_vien=Decimal("20"), bcv=8, ket_noi=True)
    report(form, old, "2025M06", ht_buoi=1, ht_nguoi=20, ht_dang_vien=Decimal("90"), bcv=9, han_che="Cũ")
    if len(old_units) > 1:
        report(form, old_units[1], "2025M06", ht_buoi=2, bcv=4, ket_noi=False)
    in_dak_lak = UnitVersion.objects.as_of(dt.date(2025, 7, 1)).filter(parent=personas.province).values("unit_id")
    split = UnitLink.objects.filter(share="part", successor_id__in=in_dak_lak).first()
    report(form, split.predecessor, "2025M02", ht_buoi=9, bcv=3, ket_noi=True)
    report(form, personas.commune_unit1, "2025M07", ht_buoi=2, ht_nguoi=30, ht_dang_vien=Decimal("40"), bcv=6)
    report(
        form,
        personas.commune_unit1,
        "2025M08",
        ht_buoi=3,
        ht_nguoi=40,
        ht_dang_vien=Decimal("50"),
        ket_noi=True,
        han_che="Thiếu báo cáo viên",
    )
    report(form, personas.commune_unit2, "2025M08", ht_buoi=1200, ht_nguoi=60, ht_dang_vien=Decimal("80"), bcv=9)
    report(form, personas.commune_unit2, "2025M10", ht_buoi=1, ht_nguoi=0, ket_noi=True, bcv=11)
    report(form, personas.commune_unit2, "2025M11", status=Report.Status.DRAFT, ht_buoi=100, ket_noi=False)
    lam_dong = UnitVersion.objects.as_of(dt.date(2025, 7, 1)).filter(parent=personas.lam_dong).first()
    if lam_dong is not None:
        report(form, lam_dong.unit, "2025M08", ht_buoi=999, ket_noi=True)


def same(got, expected):
    """Every figure equal: the value (n/m with its m and answered count) and the number of units behind it."""
    assert sorted(got) == sorted(expected)
    for code, figure in expected.items():
        assert (got[code].value, got[code].reported) == (figure.value, figure.reported), code
        if isinstance(figure.value, Ratio):
            assert got[code].value.answered == figure.value.answered, code


def test_twelve_months_across_the_reform_equal_twelve_consolidations(personas, form, reports, stored):  # noqa: F811
    many = consolidation.consolidate_periods(form, personas.province, MONTHS, structure_date=END_2025, stored=stored)
    assert list(many) == [p.code for p in MONTHS]
    for period in MONTHS:
        same(many[period.code], consolidation.consolidate(form, personas.province, period, structure_date=END_2025))
    # The figures the months hold, by hand: March is the old commune's (in commune 1 now), August two communes'.
    assert many["2025M03"]["ht-buoi"].value == 5
    assert many["2025M03"]["ket-noi"].value == Ratio(1, 102, 1) and many["2025M03"]["ket-noi"].text == "1/102"
    assert many["2025M08"]["ht-buoi"].value == 1203
    assert many["2025M08"]["ht-dang-vien"].text == "68,0%"  # (40·50 + 60·80) / 100, not the mean of 50 and 80
    assert many["2025M08"]["ket-noi"].text == "1/102"
    assert many["2025M11"]["ht-buoi"].value is None  # a draft never counts
    assert [text for _label, text in many["2025M08"]["han-che"].value] == ["Thiếu báo cáo viên"]


def test_quarters_and_years_equal_their_own_consolidations_with_stocks_and_answers(
    personas,
    form,  # noqa: F811
    reports,
    stored,
):
    quarters = [Period.parse(code) for code in ["2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]]
    years = [Period.parse("2024"), Period.parse("2025")]
    for periods in (quarters, years):
        many = consolidation.consolidate_periods(
            form, personas.province, periods, structure_date=END_2025, stored=stored
        )
        for period in periods:
            single = consolidation.consolidate(form, personas.province, period, structure_date=END_2025, stored=stored)
            same(many[period.code], single)
    # 2025: flows add up over the year (the old communes' months under the commune they formed, a draft never).
    year = consolidation.consolidate_periods(form, personas.province, years, structure_date=END_2025, stored=stored)
    second_old = 2 if UnitLink.objects.filter(successor=personas.commune_unit1).count() > 1 else 0
    assert year["2025"]["ht-buoi"].value == 5 + 1 + second_old + 9 + 2 + 3 + 1200 + 1
    assert year["2024"]["ht-buoi"].value == 4
    # Texts of several months: each writer's, named with its month.
    assert {text for _label, text in year["2025"]["han-che"].value} == {"Cũ", "Thiếu báo cáo viên"}
    assert all("(" in label for label, _text in year["2025"]["han-che"].value)


def test_a_breakdown_of_many_periods_equals_each_breakdown_and_the_whole_equals_consolidate(
    personas,
    form,  # noqa: F811
    reports,
    stored,
):
    periods = [*MONTHS[5:9], Period.parse("2025Q3"), Period.parse("2025")]  # overlapping lengths too
    many = consolidation.breakdown_periods(
        form, personas.province, periods, structure_date=END_2025, stored=stored, whole=True
    )
    for period in periods:
        by_child = consolidation.breakdown(form, personas.province, period, structure_date=END_2025, stored=stored)
        assert set(many[period.code]) == {*by_child, WHOLE}
        for child, figures in by_child.items():
            same(many[period.code][child], figures)
        whole = consolidation.consolidate(form, personas.province, period, structure_date=END_2025, stored=stored)
        same(many[period.code][WHOLE], whole)
    # A predecessor split between communes: once in the whole, under each receiving commune in the breakdown.
    february = consolidation.breakdown_periods(
        form, personas.province, [MONTHS[1]], structure_date=END_2025, whole=True
    )["2025M02"]
    shown = [figures["ht-buoi"].value for grp, figures in february.items() if grp != WHOLE and figures["ht-buoi"].value]
    assert shown == [9] * len(shown) and len(shown) >= 2 and february[WHOLE]["ht-buoi"].value == 9


def test_the_old_structure_groups_the_same_months_under_the_districts(personas, form, reports):  # noqa: F811
    june = dt.date(2025, 6, 30)
    many = consolidation.breakdown_periods(form, personas.province, MONTHS[:6], structure_date=june)
    for period in MONTHS[:6]:
        by_child = consolidation.breakdown(form, personas.province, period, structure_date=june)
        assert set(many[period.code]) == set(by_child)
        for child, figures in by_child.items():
            same(many[period.code][child], figures)


def test_periods_the_form_cannot_give_are_left_out_where_consolidate_refuses_them(personas, form):  # noqa: F811
    report(form, personas.commune_unit1, "2025M08", ht_buoi=3)
    early = Period.parse("2022M12")  # before the form's first version (2023M01)
    with pytest.raises(ConsolidationError):
        consolidation.consolidate(form, personas.province, early)
    many = consolidation.consolidate_periods(form, personas.province, [early, Period.parse("2025M08")])
    assert list(many) == ["2025M08"] and many["2025M08"]["ht-buoi"].value == 3


def test_many_periods_cost_the_same_few_statements_as_one(personas, form, reports, django_assert_max_num_queries):  # noqa: F811
    # Numbers, yes/no, the expected units, texts, the texts' unit names and the version's items: whatever the
    # number of periods; each read path (stored years, reports) has its own numbers and yes/no statements.
    one = functools.partial(consolidation.breakdown_periods, form, personas.province, structure_date=END_2025)
    with django_assert_max_num_queries(8):
        one(MONTHS[:1], whole=True)
    with django_assert_max_num_queries(8):
        one(MONTHS, whole=True)
    with django_assert_max_num_queries(12):
        one([*MONTHS, Period.parse("2024"), Period.parse("2025")], whole=True)
