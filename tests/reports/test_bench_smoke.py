"""The consolidation benchmark (scripts/bench_reports.py) on one province, so its generator and its DuckDB
cross-check keep working between the (slow, national) `make bench` runs. No timing is asserted."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tuyengiao.lib.periods import Period, PeriodType
from tuyengiao.reports.consolidation import consolidate
from tuyengiao.units import tree
from tuyengiao.units.models import Unit

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_reports.py"
END_2024, END_2025 = dt.date(2024, 12, 31), dt.date(2025, 12, 31)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_reports", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def province_communes(key: str) -> set[int]:
    """Every unit of the province's 2025 subtree and all their predecessors (old communes, absorbed provinces)."""
    province = Unit.objects.get(key=key)
    now = set(Unit.objects.filter(pk__in=tree.subtree_ids([province.pk], END_2025)).values_list("pk", flat=True))
    return now | tree.lineage_ids(now, "back")


def test_it_gives_the_figures_duckdb_gives(bench: ModuleType, tmp_path: Path) -> None:
    form, reports, values = bench.generate(len(bench.KINDS), province_communes(bench.PROVINCE), setup=False)
    assert reports > 0 and values == reports * len(bench.KINDS)
    duck, counts = bench.export_to_duckdb(tmp_path)
    assert counts["value"] >= values

    province = Unit.objects.get(key=bench.PROVINCE)
    y2024, y2025 = Period(PeriodType.YEAR, 2024), Period(PeriodType.YEAR, 2025)
    calls = [(province, y2025, None), (province, y2024, END_2025), (province, y2024, END_2024)]
    for unit, period, date in calls:
        figures = consolidate(form, unit, period, structure_date=date)
        assert {f.indicator.rule for f in figures.values()} >= {"sum", "latest", "weighted_average", "min", "max"}
        assert bench.differences(figures, bench.duck_consolidate(duck, form, unit, period, date)) == []


def test_it_notices_a_different_figure(bench: ModuleType, tmp_path: Path) -> None:
    form, _reports, _values = bench.generate(len(bench.KINDS), province_communes(bench.PROVINCE), setup=False)
    duck, _counts = bench.export_to_duckdb(tmp_path)
    duck.execute("UPDATE value SET number = number + 1 WHERE number IS NOT NULL")
    duck.execute("UPDATE value SET flag = 1 - flag WHERE flag IS NOT NULL")
    province, y2025 = Unit.objects.get(key=bench.PROVINCE), Period(PeriodType.YEAR, 2025)
    problems = bench.differences(
        consolidate(form, province, y2025), bench.duck_consolidate(duck, form, province, y2025, None)
    )
    assert len(problems) == len(bench.KINDS)  # every value shifted, every answer flipped: every figure differs
