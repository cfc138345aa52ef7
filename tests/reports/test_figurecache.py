"""The pivot's figure cache (``reports/figurecache.py``): a cached consolidation equals a fresh one, is read
without consolidating again, and a change of a report, of the tree or of the form gives the new figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.test_consolidation import form, report  # noqa: F401  (the fixture and helper)
from tests.reports.test_consolidation_periods import MONTHS, reports, same  # noqa: F401  (the fixture)
from tuyengiao.reports import consolidation, services
from tuyengiao.reports.consolidation import WHOLE
from tuyengiao.reports.models import Indicator, Report, Value
from tuyengiao.units.models import UnitVersion

END_2025 = dt.date(2025, 12, 31)
pytestmark = pytest.mark.usefixtures("reports")  # reports on both sides of the reform (test_consolidation_periods)


@pytest.fixture
def stored():
    """``reports`` (imported) asks for the read path; the cache is tested on the default one."""
    return True


def cached_pivot(personas, form=None, indicators=None):  # noqa: F811
    return consolidation.breakdown_periods(
        form or Report.objects.first().form,
        personas.province,
        MONTHS,
        structure_date=END_2025,
        indicators=indicators,
        whole=True,
        cached=True,
    )


def assert_fresh(personas, got):
    """Every figure of every month and group equals a consolidation computed now, without the cache."""
    fresh = consolidation.breakdown_periods(
        Report.objects.first().form, personas.province, MONTHS, structure_date=END_2025, whole=True
    )
    assert sorted(got) == sorted(fresh)
    for code, by_group in fresh.items():
        assert sorted(got[code]) == sorted(by_group)
        for group, figures in by_group.items():
            same(got[code][group], figures)


def consolidating(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read reported values (the stamps read only the reports and the tree)."""
    return [q["sql"] for q in queries.captured_queries if Value._meta.db_table in q["sql"]]


def test_a_cached_pivot_equals_the_consolidation_and_the_second_read_consolidates_nothing(
    personas,
    form,  # noqa: F811
):
    with CaptureQueriesContext(connection) as first:
        got = cached_pivot(personas, form)
    assert consolidating(first)
    assert_fresh(personas, got)
    assert got["2025M08"][WHOLE]["ht-dang-vien"].text == "68,0%"

    with CaptureQueriesContext(connection) as second:
        again = cached_pivot(personas, form)
    assert consolidating(second) == []
    assert len(second.captured_queries) <= 5  # the form's versions and items, the tree's and the reports' stamps
    assert_fresh(personas, again)


def test_a_report_saved_and_submitted_through_the_services_is_counted_at_once(personas):
    draft = Report.objects.get(unit=personas.commune_unit2, period="2025M11")
    before = cached_pivot(personas)
    assert before["2025M11"][WHOLE]["ht-buoi"].value is None  # a draft does not count

    saved = services.save_values(draft, {"ht-buoi": "7", "ht-nguoi": "5", "bcv": "2"}, {}, personas.commune2, 1)
    services.submit(saved, personas.commune2, saved.revision)
    after = cached_pivot(personas)
    assert after["2025M11"][WHOLE]["ht-buoi"].value == 7
    assert_fresh(personas, after)


def test_a_deleted_report_leaves_the_figures(personas):
    cached_pivot(personas)
    Report.objects.filter(unit=personas.commune_unit2, period="2025M08").delete()
    after = cached_pivot(personas)
    assert after["2025M08"][WHOLE]["ht-buoi"].value == 3
    assert_fresh(personas, after)


def test_a_change_of_the_tree_gives_the_new_structures_figures(personas):
    cached_pivot(personas)
    # Commune 2 is dissolved on 01/10/2025 (an edit of its version, recorded in the history): from then on it is no
    # longer a target in the structure of 31/12/2025, so its August figures leave the province.
    version = UnitVersion.objects.as_of(END_2025).get(unit=personas.commune_unit2)
    version.valid_to = dt.date(2025, 10, 1)
    version.save()
    after = cached_pivot(personas)
    assert after["2025M08"][WHOLE]["ht-buoi"].value == 3
    assert_fresh(personas, after)


def test_a_changed_rule_of_an_indicator_gives_the_new_figures(personas):
    cached_pivot(personas)
    share = Indicator.objects.get(code="ht-dang-vien")
    share.rule, share.weight = "average", None
    share.save()
    after = cached_pivot(personas)
    assert after["2025M08"][WHOLE]["ht-dang-vien"].value == Decimal("65.0000")  # the mean of 50 and 80
    assert_fresh(personas, after)


def test_the_workers_warm_up_computes_the_country_pivot_a_central_leader_then_opens_without_consolidating(
    personas,
    form,  # noqa: F811
):
    from tuyengiao.analytics import pivot as pivots
    from tuyengiao.lib.periods import Period
    from tuyengiao.reports import figurecache
    from tuyengiao.units.models import Unit

    assert figurecache.warm() == 1
    central = Unit.objects.get(key="central")
    figures = [i for i in Indicator.objects.filter(items__section__version__form=form) if i.rule != "text"]
    last = Period.parse("2025M10")  # the latest month with a counted report (November's is a draft)
    periods = [last.shift(step) for step in range(-11, 1)]
    with CaptureQueriesContext(connection) as queries:
        table = pivots.build(form, central, figures, periods, pivots.UNITS_PERIODS)
    assert consolidating(queries) == []
    fresh = consolidation.consolidate(form, central, last)
    cells = zip(table.columns, table.total.cells, strict=True)
    total = {column.key[2]: cell for column, cell in cells if column.key[1] == last.code}
    assert {code: cell.value for code, cell in total.items()} == {code: fresh[code].value for code in total}


def test_a_change_of_the_tree_that_moves_no_report_keeps_the_cached_figures_unless_texts_name_it(
    personas,
    form,  # noqa: F811
):
    figures = ["ht-buoi", "ht-nguoi", "ht-dang-vien", "bcv", "ket-noi"]  # no text indicator
    cached_pivot(personas, form, figures)
    cached_pivot(personas, form)  # with the text indicator, whose answers are labelled with the writers' names
    version = UnitVersion.objects.as_of(END_2025).get(unit=personas.commune_unit2)
    version.name = "Đảng ủy phường (tên mới)"  # a new name: the same reports, under the same group
    version.save()
    with CaptureQueriesContext(connection) as queries:
        again = cached_pivot(personas, form, figures)
    assert consolidating(queries) == []
    with CaptureQueriesContext(connection) as queries:
        with_texts = cached_pivot(personas, form)
    assert consolidating(queries)
    assert_fresh(personas, with_texts)
    assert {code for figures_ in again["2025M08"].values() for code in figures_} == set(figures)
