"""Stored yearly roll-ups: written with every change of a report, and giving the figures the reports give."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.reports.test_demo import MONTHS
from tests.reports.test_entry import PERIOD, form  # noqa: F401  (fixture)
from tuyengiao.lib.periods import Period
from tuyengiao.reports import demo, rollups, services
from tuyengiao.reports.consolidation import breakdown, consolidate
from tuyengiao.reports.models import Form, Indicator, Rollup, Value
from tuyengiao.units.models import Unit

YEAR = PERIOD.year


def stored(unit, code):
    return Rollup.objects.get(unit=unit, year=YEAR, indicator__code=code)


def test_each_step_of_the_workflow_rewrites_the_units_year(personas, form):  # noqa: F811
    commune, leader = personas.commune1, personas.leader
    report = services.open_report(form, personas.commune_unit1, PERIOD, commune)[0]
    report = services.save_values(report, {"ht-buoi": "2", "ket-noi": "có"}, {}, commune, report.revision)
    assert not Rollup.objects.exists()  # a draft never counts
    report = services.submit(report, commune)
    assert stored(personas.commune_unit1, "ht-buoi").total == 2
    assert stored(personas.commune_unit1, "ket-noi").flag_yes == 1
    report = services.return_report(report, leader, "Số buổi chưa đúng")
    assert not Rollup.objects.exists()  # returned: no longer counted
    report = services.save_values(report, {"ht-buoi": "5", "ket-noi": "không"}, {}, commune, report.revision)
    report = services.accept(services.submit(report, commune), leader)
    row = stored(personas.commune_unit1, "ht-buoi")
    assert (row.reports, row.total, row.last_period, row.last_number) == (1, 5, "2025M08", 5)
    assert stored(personas.commune_unit1, "ket-noi").flag_yes == 0
    services.reopen(report, leader, "Sở báo số liệu khác")
    assert not Rollup.objects.exists()
    assert rollups.differences() == []


def test_a_year_sums_flows_and_keeps_the_latest_month_of_stocks(personas, form):  # noqa: F811
    commune = personas.commune1
    for month, sessions, members in (("2025M08", "2", "900"), ("2025M09", "3", "910"), ("2025M07", "1", "880")):
        report = services.open_report(form, personas.commune_unit1, Period.parse(month), commune)[0]
        report = services.save_values(report, {"ht-buoi": sessions, "dang-vien": members}, {}, commune, 1)
        services.submit(report, commune)
    sessions = stored(personas.commune_unit1, "ht-buoi")
    assert (sessions.reports, sessions.total) == (3, 6)
    members = stored(personas.commune_unit1, "dang-vien")
    assert (members.last_period, members.last_number) == ("2025M09", 910)
    assert rollups.differences() == []


def test_a_new_weight_refreshes_the_weighted_indicators_rows(personas, form):  # noqa: F811
    commune = personas.commune1
    report = services.open_report(form, personas.commune_unit1, PERIOD, commune)[0]
    values = {"ht-buoi": "1", "ht-nguoi": "400", "dang-vien": "100", "ty-le": "50%"}
    services.submit(services.save_values(report, values, {}, commune, 1), commune)
    percentage = Indicator.objects.get(code="ty-le")
    before = stored(personas.commune_unit1, "ty-le").total_w
    percentage.weight = Indicator.objects.get(code="dang-vien")  # was the attendees (ht-nguoi)
    percentage.save()
    after = stored(personas.commune_unit1, "ty-le").total_w
    assert before != after and after == Value.objects.get(report=report, indicator=percentage.weight).number
    assert rollups.differences() == []


@pytest.fixture
def demo_reports(db):
    demo.ensure_reports(months=MONTHS)
    return Form.objects.get(code=demo.MONTHLY_FORM), Unit.objects.get(key=demo.PROVINCE_KEY)


@pytest.mark.parametrize("year", [2024, 2025])
def test_stored_and_direct_figures_are_identical_for_the_demo_province(demo_reports, year):
    monthly, province = demo_reports
    period = Period.parse(str(year))
    assert Rollup.objects.filter(form=monthly, year=year).exists()
    assert consolidate(monthly, province, period) == consolidate(monthly, province, period, stored=False)
    assert breakdown(monthly, province, period) == breakdown(monthly, province, period, stored=False)
    if year == 2024:  # 2024 seen in the 2025 structure, through lineage
        after = Period.parse("2025").end
        assert consolidate(monthly, province, period, structure_date=after) == consolidate(
            monthly, province, period, structure_date=after, stored=False
        )


def test_the_command_finds_and_repairs_stale_rows(demo_reports):
    monthly, _province = demo_reports
    out = StringIO()
    call_command("rollups", "--check", stdout=out)
    assert "khớp" in out.getvalue()
    row = Rollup.objects.filter(form=monthly, total__isnull=False).first()
    Rollup.objects.filter(pk=row.pk).update(total=row.total + Decimal("1"))
    with pytest.raises(CommandError, match="không khớp"):
        call_command("rollups", "--check", stdout=StringIO(), stderr=StringIO())
    call_command("rollups", "--rebuild", "--form", monthly.code, stdout=StringIO())
    assert rollups.differences() == []
