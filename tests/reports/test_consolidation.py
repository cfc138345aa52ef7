"""Consolidation in SQL over the real Đắk Lắk tree, checked against hand computations."""

import datetime as dt
import functools
from decimal import Decimal

import pytest

from tuyengiao.lib import rollup
from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio
from tuyengiao.reports import consolidation, rollups
from tuyengiao.reports.consolidation import ConsolidationError, breakdown, consolidate
from tuyengiao.reports.models import Form, FormVersion, Indicator, Item, Report, Section, TimeRule, Value
from tuyengiao.units.models import UnitLink, UnitVersion

AFTER = dt.date(2025, 7, 1)


@pytest.fixture(autouse=True, params=["stored", "direct"])
def read_path(request, monkeypatch):
    """Every test runs twice: years from the stored roll-ups, and straight from the reports."""
    stored = request.param == "stored"
    monkeypatch.setitem(globals(), "consolidate", functools.partial(consolidation.consolidate, stored=stored))
    monkeypatch.setitem(globals(), "breakdown", functools.partial(consolidation.breakdown, stored=stored))


@pytest.fixture
def form(db):
    sessions = Indicator.objects.create(
        code="ht-buoi", name="Số buổi học tập, quán triệt", value_type="integer", rule="sum"
    )
    attendees = Indicator.objects.create(code="ht-nguoi", name="Số người tham dự", value_type="integer", rule="sum")
    share = Indicator.objects.create(
        code="ht-dang-vien",
        name="Tỷ lệ đảng viên tham dự",
        value_type="percent",
        rule="weighted_average",
        weight=attendees,
    )
    lecturers = Indicator.objects.create(
        code="bcv", name="Số báo cáo viên", value_type="integer", rule="latest", time_rule=TimeRule.LATEST
    )
    online = Indicator.objects.create(
        code="ket-noi",
        name="Kết nối trực tuyến đến cấp xã",
        value_type="boolean",
        rule="count_yes",
        time_rule=TimeRule.LATEST,
    )
    limits = Indicator.objects.create(code="han-che", name="Hạn chế", value_type="text", rule="text")
    form = Form.objects.create(
        code="bc-tg-xa",
        name="Báo cáo công tác tuyên giáo (cấp xã)",
        period_type="month",
        submitter_kinds=["party_committee"],
        submitter_levels=["commune"],
        deadline_rule="day:25:last_month",
    )
    version = FormVersion.objects.create(form=form, number=1, effective_from="2023M01")
    section = Section.objects.create(version=version, order=1, title="Số liệu", kind=Section.Kind.INDICATORS)
    for order, indicator in enumerate([sessions, attendees, share, lecturers, online, limits], start=1):
        Item.objects.create(section=section, order=order, indicator=indicator)
    return form


def report(form, unit, period, status=Report.Status.ACCEPTED, **values):
    r = Report.objects.create(form=form, version=form.versions.get(), unit=unit, period=period, status=status)
    for code, value in values.items():
        indicator = Indicator.objects.get(code=code.replace("_", "-"))
        field = {"boolean": "flag", "text": "text"}.get(indicator.value_type, "number")
        Value.objects.create(report=r, indicator=indicator, **{field: value})
    rollups.refresh_report(r)  # what services do after every change of a report
    return r


def test_sums_and_weighted_percentages_match_a_hand_computation(personas, form):
    report(form, personas.commune_unit1, "2025M08", ht_buoi=3, ht_nguoi=40, ht_dang_vien=Decimal("50"))
    report(form, personas.commune_unit2, "2025M08", ht_buoi=2, ht_nguoi=60, ht_dang_vien=Decimal("80"))
    report(form, personas.commune_unit2, "2025M09", ht_buoi=1, ht_nguoi=0, ht_dang_vien=Decimal("0"))
    report(form, personas.commune_unit1, "2025M09", status=Report.Status.DRAFT, ht_buoi=100)  # drafts never count
    figures = consolidate(form, personas.province, Period.parse("2025Q3"))
    assert figures["ht-buoi"].value == 6
    assert figures["ht-nguoi"].value == 100
    # (40·50 + 60·80 + 0·0) / (40 + 60 + 0) = 68
    assert figures["ht-dang-vien"].value == Decimal("68.0000")
    assert figures["ht-dang-vien"].text == "68,0%"
    reference = rollup.weighted_average({1: Decimal(50), 2: Decimal(80)}, {1: 40, 2: 60})
    assert figures["ht-dang-vien"].value == reference.quantize(Decimal("0.0001"))


def test_yes_no_questions_consolidate_as_n_of_m_over_the_expected_units(personas, form):
    report(form, personas.commune_unit1, "2025M08", ket_noi=True)
    report(form, personas.commune_unit1, "2025M09", ket_noi=False)  # the latest answer counts
    report(form, personas.commune_unit2, "2025M09", ket_noi=True)
    figure = consolidate(form, personas.province, Period.parse("2025Q3"))["ket-noi"]
    assert figure.value == Ratio(1, 102, 2)  # 102 communes are expected to answer
    assert figure.text == "1/102"
    assert figure.as_json() == {"n": 1, "m": 102}


def test_stocks_take_each_units_latest_month_then_add_up(personas, form):
    report(form, personas.commune_unit1, "2025M07", bcv=10)
    report(form, personas.commune_unit1, "2025M08", bcv=12)
    report(form, personas.commune_unit2, "2025M07", bcv=5)
    assert consolidate(form, personas.province, Period.parse("2025Q3"))["bcv"].value == 17


def test_texts_are_collected_unit_by_unit(personas, form):
    report(form, personas.commune_unit1, "2025M08", han_che="Thiếu báo cáo viên")
    report(form, personas.commune_unit2, "2025M08", han_che="Chưa có đường truyền")
    figure = consolidate(form, personas.province, Period.parse("2025M08"))["han-che"]
    assert [text for _label, text in figure.value] == ["Thiếu báo cáo viên", "Chưa có đường truyền"]
    assert figure.value[0][0] == "Phường Buôn Ma Thuột"


def test_2025_figures_include_what_the_predecessor_communes_reported_before_the_merger(personas, form):
    old = UnitLink.objects.filter(successor=personas.commune_unit1).first().predecessor
    report(form, old, "2025M03", ht_buoi=5)
    report(form, personas.commune_unit1, "2025M08", ht_buoi=7)
    year = Period.parse("2025")
    assert consolidate(form, personas.province, year)["ht-buoi"].value == 12
    by_child = breakdown(form, personas.province, year)
    assert by_child[personas.commune_unit1.pk]["ht-buoi"].value == 12
    # The same report read in the 2024/early-2025 structure sits under its old district.
    old_district = old.version_on(dt.date(2025, 3, 1)).parent_id
    early = breakdown(form, personas.province, Period.parse("2025S1"), structure_date=dt.date(2025, 6, 30))
    assert early[old_district]["ht-buoi"].value == 5


def test_a_predecessor_split_between_communes_is_counted_once_in_totals(personas, form):
    in_dak_lak = UnitVersion.objects.as_of(AFTER).filter(parent=personas.province).values("unit_id")
    link = UnitLink.objects.filter(share="part", successor_id__in=in_dak_lak).first()
    receivers = UnitLink.objects.filter(predecessor_id=link.predecessor_id, share="part").count()
    assert receivers >= 2  # e.g. Phường 9 of Tuy Hòa, divided between new wards
    report(form, link.predecessor, "2025M02", ht_buoi=9)
    assert consolidate(form, personas.province, Period.parse("2025"))["ht-buoi"].value == 9
    per_commune = breakdown(form, personas.province, Period.parse("2025"))
    shown = [figures["ht-buoi"].value for figures in per_commune.values() if figures["ht-buoi"].value]
    assert shown == [9] * len(shown) and len(shown) >= 2  # shown under each receiving commune


def test_another_provinces_reports_never_count(personas, form):
    lam_dong_commune = (
        UnitVersion.objects.as_of(AFTER).filter(parent=personas.lam_dong, unit__level="commune").first().unit
    )
    report(form, lam_dong_commune, "2025M08", ht_buoi=50)
    assert consolidate(form, personas.province, Period.parse("2025Q3"))["ht-buoi"].value is None


def test_consolidation_issues_the_same_few_queries_for_one_or_many_units(personas, form, django_assert_max_num_queries):
    report(form, personas.commune_unit1, "2025M08", ht_buoi=3)
    # A year from the stored roll-ups reads flows and stocks in two statements (consolidation._numeric_stored).
    with django_assert_max_num_queries(9):
        consolidate(form, personas.province, Period.parse("2025"))
    with django_assert_max_num_queries(9):
        consolidate(form, personas.province.versions.first().parent, Period.parse("2025"))  # the whole country


def test_a_shorter_period_than_the_form_is_refused(personas, form):
    form.period_type = "year"
    form.save()
    with pytest.raises(ConsolidationError, match="không tổng hợp được"):
        consolidate(form, personas.province, Period.parse("2025M08"))


def test_the_rollup_command_prints_the_figures_as_json(personas, form):
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    report(form, personas.commune_unit1, "2025M08", ht_buoi=3, ket_noi=True, ht_nguoi=40, ht_dang_vien=Decimal("50"))
    out = StringIO()
    call_command("rollup", "--form", "bc-tg-xa", "--unit", "Đắk Lắk", "--period", "2025Q3", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["ht-buoi"] == 3
    assert figures["ket-noi"] == {"n": 1, "m": 102}
    assert figures["ht-dang-vien"] == "50"
    out = StringIO()
    call_command(
        "rollup",
        "--form",
        "bc-tg-xa",
        "--unit",
        "66",
        "--period",
        "2025Q3",
        "--as-of-structure",
        "2025-06-30",
        stdout=out,
    )
    assert json.loads(out.getvalue())["ket-noi"]["m"] == 180  # the 180 communes of 2025-06-30
    with pytest.raises(CommandError, match="2025Q5"):
        call_command("rollup", "--form", "bc-tg-xa", "--unit", "66", "--period", "2025Q5")


def test_a_stock_across_the_merger_is_the_new_communes_latest_figure_not_a_sum(personas, form):
    old_units = [link.predecessor for link in UnitLink.objects.filter(successor=personas.commune_unit1)]
    report(form, old_units[0], "2025M06", bcv=10)
    assert consolidate(form, personas.province, Period.parse("2025"))["bcv"].value == 10
    report(form, personas.commune_unit1, "2025M08", bcv=12)
    assert consolidate(form, personas.province, Period.parse("2025"))["bcv"].value == 12
    if len(old_units) > 1:  # before the new commune reports, its predecessors' latest figures add up
        report(form, old_units[1], "2025M06", bcv=4)
        assert consolidate(form, personas.province, Period.parse("2025S1"))["bcv"].value == 14


def test_a_lineage_link_recorded_later_brings_in_the_predecessors_latest_stock_and_answer(personas, form):
    report(form, personas.commune_unit1, "2025M08", bcv=10, ket_noi=False)
    other = UnitLink.objects.filter(successor=personas.commune_unit2).first().predecessor
    report(form, other, "2025M09", bcv=3, ket_noi=True)  # a later month than the commune's own
    year = Period.parse("2025")
    before = breakdown(form, personas.province, year)[personas.commune_unit1.pk]
    assert before["bcv"].value == 10 and before["ket-noi"].value.n == 0
    event = UnitLink.objects.filter(successor=personas.commune_unit1).first().event
    UnitLink.objects.create(predecessor=other, successor=personas.commune_unit1, event=event, share=UnitLink.Share.PART)
    after = breakdown(form, personas.province, year)[personas.commune_unit1.pk]
    assert after["bcv"].value == 3 and after["ket-noi"].value.n == 1  # the latest month wins
