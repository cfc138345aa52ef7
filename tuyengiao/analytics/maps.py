"""The choropleth of an indicator by province, and the ranked units inside a province.

Figures come from ``reports.consolidation.breakdown`` only: the central committee's breakdown as the tree stood
on the structure date gives one figure per province (each the province's subtree, as ``consolidate`` computes
it); a province's breakdown gives its units. The map drawn is chosen by the structure date: the 63 provinces
before 01/07/2025, the 34 from that day (``static/maps/vn63.json`` / ``vn34.json``, built by
``scripts/build_map_data.py``). Both carry Hoàng Sa and Trường Sa, coloured with Đà Nẵng and Khánh Hòa.

Colours are quantile classes of the provinces' values (at most five), computed here; a province without a figure
takes the "no data" colour. Percentages of yes answers (n/m) are coloured by n/m and shown as "9/15".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio, Rule, ValueType, present
from tuyengiao.reports.consolidation import Figure, breakdown
from tuyengiao.reports.models import Form, Indicator, Item
from tuyengiao.units import tree
from tuyengiao.units.models import Kind, Level, Unit, names

REFORM = dt.date(2025, 7, 1)
CENTRAL_KEY = "central"
HOANG_SA = "Quần đảo Hoàng Sa (Thành phố Đà Nẵng)"
TRUONG_SA = "Quần đảo Trường Sa (Tỉnh Khánh Hòa)"
# Region key on the map → (GSO code of the province it belongs to, label).
ARCHIPELAGOS = {"hoang-sa": ("48", HOANG_SA), "truong-sa": ("56", TRUONG_SA)}
# Light to dark; the class names are the CSS swatches of the legend (static/css/app.css).
COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#e9ecef"
MAX_CLASSES = 5


def map_name(date: dt.date) -> str:
    """The province map in force on ``date``."""
    return "vn34" if date >= REFORM else "vn63"


def mappable(indicator: Indicator) -> bool:
    """Numbers, percentages and yes/no counts can be coloured; texts cannot."""
    return indicator.rule != Rule.TEXT and indicator.value_type != ValueType.TEXT


def indicators(form: Form, period: Period) -> list[Indicator]:
    """The form's indicators for ``period`` that a map can show, in the form's order."""
    version = form.version_for(period)
    if version is None:
        return []
    items = (
        Item.objects.filter(section__version=version).select_related("indicator").order_by("section__order", "order")
    )
    return [item.indicator for item in items if mappable(item.indicator)]


def number(figure: Figure | None) -> float | None:
    """The figure as a number to colour and rank by (n/m as the share n/m, in %)."""
    if figure is None or figure.value is None:
        return None
    value = figure.value
    if isinstance(value, Ratio):  # nobody answered: "0/m" in the table, the "no data" colour on the map
        return round(100 * value.n / value.m, 4) if value.m and figure.reported else None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | Decimal):
        return float(value)
    return None


def _bound(value: float, indicator: Indicator) -> str:
    """A class bound in the Vietnamese format of the indicator ("1.234,5", "85,3%")."""
    if indicator.rule == Rule.COUNT_YES:
        return present(Decimal(str(value)), ValueType.PERCENT)
    value_type = ValueType(indicator.value_type)
    if not value_type.is_numeric:
        value_type = ValueType.DECIMAL
    return present(Decimal(str(value)).quantize(Decimal("0.01")), value_type)


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    colour: str
    css: str
    label: str


def bands(values: list[float], indicator: Indicator) -> list[Band]:
    """Quantile classes of ``values``: at most five, each a closed range [low, high] of values present; equal
    breaks collapse, so three distinct values make three classes."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    ordered = sorted(values)
    count = min(MAX_CLASSES, len(distinct))
    breaks: list[float] = []
    for k in range(1, count):
        cut = ordered[min(len(ordered) - 1, (k * len(ordered)) // count)]
        if cut not in breaks and cut > distinct[0]:
            breaks.append(cut)
    # Classes: [min, b1), [b1, b2) … [bk, max]; shown as the values they hold.
    edges = [distinct[0], *breaks]
    result = []
    palette = COLOURS if len(edges) == MAX_CLASSES else COLOURS[MAX_CLASSES - len(edges) :]
    for index, low in enumerate(edges):
        upper = edges[index + 1] if index + 1 < len(edges) else None
        held = [v for v in distinct if v >= low and (upper is None or v < upper)]
        high = held[-1]
        label = _bound(low, indicator) if low == high else f"{_bound(low, indicator)} – {_bound(high, indicator)}"
        result.append(Band(low, high, palette[index], f"tg-map-c{COLOURS.index(palette[index]) + 1}", label))
    return result


def band_of(value: float | None, classes: list[Band]) -> Band | None:
    if value is None:
        return None
    for band in classes:
        if band.low <= value <= band.high:
            return band
    return None


@dataclass
class Row:
    unit_id: int
    code: str
    name: str
    figure: Figure | None
    value: float | None
    text: str
    band: Band | None = None
    rank: int | None = None


@dataclass
class Choropleth:
    indicator: Indicator
    map_name: str
    rows: list[Row]
    classes: list[Band]
    missing: list[Row] = field(default_factory=list)  # provinces of the tree that the map file lacks

    def regions(self) -> list[dict[str, Any]]:
        """The chart's data: one entry per region of the map (provinces and the archipelagos)."""
        by_code = {row.code: row for row in self.rows}
        data = []
        for row in self.rows:
            data.append(_region(row.code, row.name, row))
        for key, (code, label) in ARCHIPELAGOS.items():
            province = by_code.get(code)
            data.append({**_region(key, label, province), "archipelago": True, "province": code})
        return data


def _region(key: str, label: str, row: Row | None) -> dict[str, Any]:
    return {
        "name": key,
        "label": label,
        "text": (row.text if row else "") or "",
        "value": row.value if row else None,
        "colour": row.band.colour if row and row.band else NO_DATA,
        "unit": row.unit_id if row else None,
    }


def _rows(form: Form, unit: Unit, period: Period, date: dt.date, indicator: Indicator, ids: list[int]) -> list[Row]:
    figures = breakdown(form, unit, period, structure_date=date, indicators=[indicator.code])
    labels = names(ids, date, area=True)
    codes = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "code"))
    rows = []
    for pk in ids:
        figure = figures.get(pk, {}).get(indicator.code)
        rows.append(
            Row(pk, codes.get(pk, ""), labels.get(pk, ""), figure, number(figure), figure.text if figure else "")
        )
    return rows


def _colour(rows: list[Row], indicator: Indicator) -> list[Band]:
    classes = bands([row.value for row in rows if row.value is not None], indicator)
    for row in rows:
        row.band = band_of(row.value, classes)
    return classes


def provinces_on(date: dt.date) -> list[tuple[int, str]]:
    """``(unit id, GSO code)`` of the provinces (their party committees) under the central committee on ``date``."""
    central = Unit.objects.get(key=CENTRAL_KEY)
    return [
        (version.unit_id, version.unit.code)
        for version in tree.children(central.pk, date).filter(
            unit__level=Level.PROVINCE, unit__kind=Kind.PARTY_COMMITTEE
        )
    ]


def national(form: Form, indicator: Indicator, period: Period, date: dt.date, codes: set[str]) -> Choropleth:
    """One figure per province of the tree on ``date`` (``codes``: the regions of the map file)."""
    central = Unit.objects.get(key=CENTRAL_KEY)
    provinces = provinces_on(date)
    rows = _rows(form, central, period, date, indicator, [pk for pk, _code in provinces])
    classes = _colour(rows, indicator)
    rows.sort(key=lambda row: row.code)
    return Choropleth(
        indicator,
        map_name(date),
        [row for row in rows if row.code in codes],
        classes,
        [row for row in rows if row.code not in codes],
    )


@dataclass
class Ranking:
    indicator: Indicator
    rows: list[Row]  # ranked: highest first, units without a figure last (by name)


def province(form: Form, indicator: Indicator, period: Period, date: dt.date, unit: Unit) -> Ranking:
    """The province's units on ``date`` (its children in the tree), ranked by the indicator."""
    ids = [version.unit_id for version in tree.children(unit.pk, date)]
    rows = _rows(form, unit, period, date, indicator, ids)
    _colour(rows, indicator)
    rows.sort(key=lambda row: (row.value is None, -(row.value or 0), row.name))
    rank = 0
    for row in rows:
        if row.value is not None:
            rank += 1
            row.rank = rank
    return Ranking(indicator, rows)
