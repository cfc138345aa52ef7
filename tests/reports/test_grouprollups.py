"""The stored group figures (``reports/grouprollups.py``): the country's pivot read from them equals a fresh
consolidation, is read without consolidating again, and after a change of a report, of the tree or of the form
gives the new figures while computing again only what changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.test_consolidation import form, report  # noqa: F401  (the fixture and helper)
from tests.reports.test_consolidation_periods import MONTHS, reports, same  # noqa: F401  (the fixture)
from tuyengiao.lib.periods import Period
from tuyengiao.reports import consolidation, grouprollups, services
from tuyengiao.reports.consolidation import WHOLE
from tuyengiao.reports.models import GroupRollup, Indicator, Report, Value
from tuyengiao.units.models import Unit, UnitVersion

END_2025 = dt.date(2025, 12, 31)
BEFORE_REFORM = dt.date(2025, 6, 30)
NUMBERS = ["ht-buoi", "ht-nguoi", "ht-dang-vien", "bcv", "ket-noi"]  # every indicator but the text one
pytestmark = pytest.mark.usefixtures("reports")  # reports on both sides of the reform (test_consolidation_periods)


@pytest.fixture
def stored():
    """``reports`` (imported) asks for the read path; the store serves single report periods only."""
    return True


@pytest.fixture
def central(db):
    return Unit.objects.get(key="central")


def country(central, date=END_2025, indicators=None, months=MONTHS):
    cache.clear()  # the figure cache must not answer what the store is tested for
    return consolidation.breakdown_periods(
        Report.objects.first().form,
        central,
        months,
        structure_date=date,
        indicators=indicators,
        whole=True,
        cached=True,
    )


def assert_fresh(central, got, date=END_2025, months=MONTHS):
    """Every figure of every month and province, and the country's, equals a consolidation computed now."""
    fresh = consolidation.breakdown_periods(
        Report.objects.first().form, central, months, structure_date=date, whole=True
    )
    assert sorted(got) == sorted(fresh)
    for code, by_group in fresh.items():
        assert sorted(got[code]) == sorted(by_group)
        for group, figures in by_group.items():
            expected = {key: figure for key, figure in figures.items() if key in got[code][group]}
            same(got[code][group], expected)


def consolidating(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read reported values."""
    return [q["sql"] for q in queries.captured_queries if Value._meta.db_table in q["sql"]]


@pytest.mark.parametrize("whole_tree_from", [1, 99], ids=["whole-tree-statements", "one-statement-per-province"])
def test_the_countrys_pivot_equals_the_consolidation_and_the_second_read_consolidates_nothing(
    central, personas, monkeypatch, whole_tree_from
):
    monkeypatch.setattr(grouprollups, "WHOLE_TREE_FROM", whole_tree_from)
    with CaptureQueriesContext(connection) as first:
        got = country(central)
    assert consolidating(first)
    assert_fresh(central, got)
    assert got["2025M08"][personas.province.pk]["ht-dang-vien"].text == "68,0%"  # (40·50 + 60·80) / 100
    assert got["2025M08"][WHOLE]["ht-buoi"].value == 1203
    assert got["2025M08"][WHOLE]["ht-dang-vien"].text == "68,0%"
    # A row per province with a counted report (one reported nothing: nothing to keep).
    assert set(GroupRollup.objects.filter(period="2025M08").values_list("unit_id", flat=True)) == {personas.province.pk}

    with CaptureQueriesContext(connection) as second:
        again = country(central, indicators=NUMBERS)
    assert consolidating(second) == []
    # The report and form of this test, the form's versions and items (twice: the asked and every indicator), the
    # tree, the reports' stamps, the rows; no figure computed.
    assert len(second.captured_queries) <= 9
    assert_fresh(central, again)


def test_a_report_saved_through_the_services_keeps_its_provinces_row_current(central, personas):
    country(central)
    draft = Report.objects.get(unit=personas.commune_unit2, period="2025M11")
    saved = services.save_values(draft, {"ht-buoi": "7", "ht-nguoi": "5", "bcv": "2"}, {}, personas.commune2, 1)
    assert not GroupRollup.objects.filter(period="2025M11").exists()  # a draft counts nowhere
    services.submit(saved, personas.commune2, saved.revision)
    assert GroupRollup.objects.filter(period="2025M11", unit=personas.province).exists()  # written with the report
    with CaptureQueriesContext(connection) as queries:
        after = country(central, indicators=NUMBERS)
    assert consolidating(queries) == []
    assert after["2025M11"][WHOLE]["ht-buoi"].value == 7
    assert after["2025M11"][personas.province.pk]["ht-buoi"].value == 7
    assert_fresh(central, after)

    services.withdraw(Report.objects.get(pk=saved.pk), personas.commune2)  # back to a draft: nothing counts
    assert not GroupRollup.objects.filter(period="2025M11").exists()
    assert country(central)["2025M11"][WHOLE]["ht-buoi"].value is None


def test_a_report_changed_behind_the_services_back_is_computed_again_for_its_province_only(central, personas):
    country(central)
    changed = Report.objects.get(unit=personas.commune_unit2, period="2025M08")
    Value.objects.filter(report=changed, indicator__code="ht-buoi").update(number=1300)
    Report.objects.filter(pk=changed.pk).update(revision=changed.revision + 1)
    with CaptureQueriesContext(connection) as queries:
        after = country(central, indicators=NUMBERS)
    statements = consolidating(queries)
    assert statements and len(statements) <= 2  # numbers and yes/no, of Đắk Lắk's August only
    assert after["2025M08"][WHOLE]["ht-buoi"].value == 1303
    assert_fresh(central, after)


def test_a_deleted_report_leaves_the_figures(central, personas):
    country(central)
    Report.objects.filter(unit=personas.commune_unit2, period="2025M08").delete()
    after = country(central)
    assert after["2025M08"][personas.province.pk]["ht-buoi"].value == 3
    assert_fresh(central, after)


def test_a_change_of_the_tree_gives_the_new_structures_figures(central, personas):
    country(central)
    # Commune 2 is dissolved on 01/10/2025: in the structure of 31/12/2025 its August figures leave the country.
    version = UnitVersion.objects.as_of(END_2025).get(unit=personas.commune_unit2)
    version.valid_to = dt.date(2025, 10, 1)
    version.save()
    after = country(central)
    assert after["2025M08"][personas.province.pk]["ht-buoi"].value == 3
    assert_fresh(central, after)


def test_a_commune_moved_to_another_province_moves_its_figures(central, personas):
    before = country(central)["2025M08"][personas.lam_dong.pk]["ht-buoi"].value or 0
    version = UnitVersion.objects.as_of(END_2025).get(unit=personas.commune_unit2)
    lam_dong = UnitVersion.objects.as_of(END_2025).get(unit=personas.lam_dong)
    version.parent = lam_dong.unit
    version.save()
    after = country(central)
    assert after["2025M08"][personas.province.pk]["ht-buoi"].value == 3
    assert after["2025M08"][personas.lam_dong.pk]["ht-buoi"].value == before + 1200
    assert after["2025M08"][WHOLE]["ht-buoi"].value == 1203
    assert_fresh(central, after)


def test_a_changed_weight_of_an_indicator_computes_that_indicator_again(central, personas):
    country(central)
    share = Indicator.objects.get(code="ht-dang-vien")
    share.rule, share.weight = "average", None
    share.save()
    with CaptureQueriesContext(connection) as queries:
        after = country(central, indicators=NUMBERS)
    statements = consolidating(queries)
    assert len(statements) == 1 and "ht-dang-vien" not in statements[0]  # one statement, of its values alone
    assert f"IN ({share.pk})" in statements[0]
    assert after["2025M08"][personas.province.pk]["ht-dang-vien"].value == Decimal("65.0000")  # the mean of 50, 80
    assert_fresh(central, after)


def test_a_changed_rule_alone_reads_the_same_rows(central, personas):
    country(central)
    sessions = Indicator.objects.get(code="ht-buoi")
    sessions.rule = "max"  # the rows hold every sum: the largest of the communes' is one of them
    sessions.save()
    with CaptureQueriesContext(connection) as queries:
        after = country(central, indicators=NUMBERS)
    assert consolidating(queries) == []
    assert after["2025M08"][personas.province.pk]["ht-buoi"].value == 1200
    assert_fresh(central, after)


def test_the_63_provinces_before_the_reform_are_served_in_their_own_structure(central, personas):
    first_half = MONTHS[:6]
    got = country(central, BEFORE_REFORM, months=first_half)
    assert len([group for group in got["2025M03"] if group != WHOLE]) == 63
    assert_fresh(central, got, BEFORE_REFORM, first_half)
    with CaptureQueriesContext(connection) as queries:
        again = country(central, BEFORE_REFORM, NUMBERS, first_half)
    assert consolidating(queries) == []
    assert_fresh(central, again, BEFORE_REFORM, first_half)


def test_a_province_below_the_root_is_not_stored(personas):
    consolidation.breakdown_periods(
        Report.objects.first().form, personas.province, MONTHS, structure_date=END_2025, whole=True, cached=True
    )
    assert not GroupRollup.objects.exists()


def test_rebuild_writes_every_period_and_the_pivot_then_reads_them(central, personas, form):  # noqa: F811
    counted = Report.objects.filter(status__in=consolidation.COUNTED)
    assert grouprollups.rebuild() == len(set(counted.values_list("period", flat=True)))
    last = Period.parse("2025M10")  # the latest month with a counted report: the structure of the rows
    with CaptureQueriesContext(connection) as queries:
        got = country(central, last.end, NUMBERS)  # the year, the months before the reform among them
    assert consolidating(queries) == []
    assert_fresh(central, got, last.end)


def test_rollups_missing_writes_the_rows_of_forms_that_have_none_and_only_those(central, personas, form):  # noqa: F811
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rollups", "--missing", stdout=out)
    assert "kỳ báo cáo" in out.getvalue()
    periods = GroupRollup.objects.values_list("period", flat=True).distinct()
    assert set(periods) == set(Report.objects.filter(status__in=consolidation.COUNTED).values_list("period", flat=True))
    assert grouprollups.missing() == []
    GroupRollup.objects.filter(period="2025M08").delete()  # some rows: the form is not missing, nothing written
    call_command("rollups", "--missing", stdout=StringIO())
    assert not GroupRollup.objects.filter(period="2025M08").exists()


def test_a_tree_loaded_anew_computes_the_rows_again_in_its_structure(central, personas):
    from tuyengiao.units.loader import tree_loaded

    assert not GroupRollup.objects.exists()
    tree_loaded.send(sender=None)  # what manage.py load_units sends after it changed the tree
    assert GroupRollup.objects.filter(period="2025M08", unit=personas.province).exists()
