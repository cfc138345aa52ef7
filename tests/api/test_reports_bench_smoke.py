"""The API benchmark (scripts/bench_api.py) on one province's data, so that it keeps working between the
`make bench` runs: its API call answers ``consolidate``'s figures. No timing is asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_api.py"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_api", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_it_reads_the_provinces_year_through_the_api_with_consolidates_figures(bench, personas, settings) -> None:
    settings.TG_API_RATE = "600/minute"  # the script raises the limit; the override is undone after the test
    generator = bench.bench_reports()
    form, reports, _values = generator.generate(len(generator.KINDS), bench.province_units(bench.PROVINCE), setup=False)
    assert reports > 0
    python_ms, api_ms, url = bench.measure(form, 2)  # raises bench.Different when a figure differs
    assert python_ms > 0 and api_ms > 0
    assert url == "/api/v1/reports/forms/bench-thang/periods/2025/consolidated/p:66"
