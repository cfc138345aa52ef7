"""The pivot table: a form's indicators, a range of periods and the children of a unit, as the tree stood on a
structure date, laid out in one of a few layouts (as DHIS2's pivot tables, with a small set of choices):

* ``don-vi-ky``: units in rows, periods in columns, for one indicator (the third dimension's picker), or for
  every chosen indicator as groups of columns;
* ``don-vi-chi-tieu``: units in rows, indicators in columns, for one period;
* ``chi-tieu-don-vi``: indicators in rows, units in columns, for one period;
* ``chi-tieu-ky``: indicators in rows, periods in columns, for the unit itself.

Figures come from ``reports.consolidation``: ``breakdown_periods(..., whole=True)`` gives every child's figures of
every period and the unit's own total in the same few statements (the number of queries depends on neither the
periods nor the units; ``consolidate_periods`` when there are no children to show). The total is the unit's
consolidation — the **totals row is the consolidation of the parent, never a sum of the cells**: n/m counts each target
once, a weighted percentage is Σ(v·w)/Σw over the reports, a stock is each unit's latest month. Every period is
consolidated in the structure of the structure date (default: the last period's end), so months before
01/07/2025 count the old communes under the communes they formed (the lineage).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.analytics.dashboard import plotted
from tuyengiao.lib import spreadsheets
from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Ratio, ValueType
from tuyengiao.reports.consolidation import WHOLE, Figure, breakdown_periods, consolidate_periods
from tuyengiao.reports.models import Form, Indicator
from tuyengiao.units.models import Unit, UnitVersion, names

UNITS_PERIODS = "don-vi-ky"
UNITS_INDICATORS = "don-vi-chi-tieu"
INDICATORS_UNITS = "chi-tieu-don-vi"
INDICATORS_PERIODS = "chi-tieu-ky"
LAYOUTS = [
    (UNITS_PERIODS, gettext_lazy("Đơn vị theo hàng, kỳ theo cột")),
    (UNITS_INDICATORS, gettext_lazy("Đơn vị theo hàng, chỉ tiêu theo cột (một kỳ)")),
    (INDICATORS_UNITS, gettext_lazy("Chỉ tiêu theo hàng, đơn vị theo cột (một kỳ)")),
    (INDICATORS_PERIODS, gettext_lazy("Chỉ tiêu theo hàng, kỳ theo cột (toàn đơn vị)")),
]
MAX_PERIODS = 36
TOTAL = WHOLE  # the key of the parent's consolidation among the units


@dataclass(frozen=True)
class Column:
    key: tuple[int, str, str]  # (unit id, period code, indicator code); "" where the row gives it
    label: str
    group: str = ""  # the upper header (an indicator's name over its periods)


@dataclass
class Row:
    key: tuple[int, str, str]
    label: str
    cells: list[Figure | None]
    total: bool = False
    own: bool = False
    link: str = ""  # the query of the same table one level down (a unit's row)

    @property
    def texts(self) -> list[str]:
        return [(figure.text if figure is not None else "") or "–" for figure in self.cells]

    @property
    def cells_html(self) -> SafeString:
        # One escaped string per row: a pivot may hold tens of thousands of cells (see views_output._drill_rows).
        return mark_safe(  # noqa: S308 - every text is escaped here
            "".join(f'<td class="text-end">{escape(text)}</td>' for text in self.texts)
        )


@dataclass
class Pivot:
    form: Form
    unit: Unit
    unit_name: str
    layout: str
    periods: list[Period]
    indicators: list[Indicator]
    structure_date: dt.date
    columns: list[Column]
    rows: list[Row]
    total: Row | None
    row_header: str
    sort: int = 0  # 0: rows in their own order; k: by the k-th column (1-based)
    descending: bool = False
    groups: list[tuple[str, int]] = field(default_factory=list)  # the upper header: (label, span)

    @property
    def all_rows(self) -> list[Row]:
        return [*self.rows, *([self.total] if self.total is not None else [])]


def _key(figure: Figure | None) -> tuple[int, float]:
    value = plotted(figure)
    return (1, 0.0) if value is None else (0, value)


def build(
    form: Form,
    unit: Unit,
    indicators: list[Indicator],
    periods: list[Period],
    layout: str,
    *,
    structure_date: dt.date | None = None,
    focus_indicator: str = "",
    focus_period: Period | None = None,
    sort: int = 0,
    descending: bool = False,
) -> Pivot:
    """The table of ``layout``; ``focus_indicator`` / ``focus_period`` pick the third dimension (an empty
    indicator in ``don-vi-ky``: every indicator, as groups of columns)."""
    date = structure_date or periods[-1].end
    by_code = {i.code: i for i in indicators}
    if layout == UNITS_PERIODS:
        shown = [by_code[focus_indicator]] if focus_indicator in by_code else indicators
        used_periods = periods
    elif layout == INDICATORS_PERIODS:
        shown, used_periods = indicators, periods
    else:
        shown, used_periods = indicators, [focus_period or periods[-1]]
    codes = [i.code for i in shown]
    with_children = layout != INDICATORS_PERIODS

    # data[(unit id or TOTAL, period code)][indicator code]
    data: dict[tuple[int, str], dict[str, Figure]] = {}
    child_ids: list[int] = []
    # Every period at once, the parent's totals with its children's figures (a period before the form's first
    # version is left out: its cells stay empty).
    if with_children:
        by_period = breakdown_periods(
            form, unit, used_periods, structure_date=date, indicators=codes, whole=True, cached=True
        )
    else:
        by_period = {
            code: {WHOLE: figures}
            for code, figures in consolidate_periods(
                form, unit, used_periods, structure_date=date, indicators=codes, cached=True
            ).items()
        }
    for period in used_periods:
        for group, figures in by_period.get(period.code, {}).items():
            key = TOTAL if group == WHOLE else group
            data[(key, period.code)] = figures
            if key != TOTAL and key not in child_ids:
                child_ids.append(key)
    unit_name = names([unit.pk], date).get(unit.pk, str(unit))
    units = _ordered_units(unit, child_ids, date)
    total_label = _("Toàn %(unit)s") % {"unit": unit_name}

    def cell(unit_id: int, period: Period | str, code: str) -> Figure | None:
        return data.get((unit_id, period if isinstance(period, str) else period.code), {}).get(code)

    columns: list[Column] = []
    rows: list[Row] = []
    total: Row | None = None
    groups: list[tuple[str, int]] = []
    if layout == UNITS_PERIODS:
        for indicator in shown:
            columns += [Column((0, p.code, indicator.code), p.short_label, indicator.name) for p in used_periods]
        if len(shown) > 1:
            groups = [(indicator.name, len(used_periods)) for indicator in shown]
        row_header = _("Đơn vị")
        for unit_id, label, own in units:
            cells = [cell(unit_id, c.key[1], c.key[2]) for c in columns]
            rows.append(Row((unit_id, "", ""), label, cells, own=own))
        total = Row((TOTAL, "", ""), total_label, [cell(TOTAL, c.key[1], c.key[2]) for c in columns], True)
    elif layout == UNITS_INDICATORS:
        period = used_periods[0]
        columns = [Column((0, period.code, i.code), i.name) for i in shown]
        row_header = _("Đơn vị")
        for unit_id, label, own in units:
            rows.append(Row((unit_id, "", ""), label, [cell(unit_id, period, c.key[2]) for c in columns], own=own))
        total = Row((TOTAL, "", ""), total_label, [cell(TOTAL, period, c.key[2]) for c in columns], True)
    elif layout == INDICATORS_UNITS:
        period = used_periods[0]
        columns = [Column((TOTAL, period.code, ""), total_label)]
        columns += [Column((unit_id, period.code, ""), label) for unit_id, label, _own in units]
        row_header = _("Chỉ tiêu")
        for indicator in shown:
            cells = [cell(c.key[0], period, indicator.code) for c in columns]
            rows.append(Row((0, "", indicator.code), indicator.name, cells))
    else:
        columns = [Column((TOTAL, p.code, ""), p.short_label) for p in used_periods]
        row_header = _("Chỉ tiêu")
        for indicator in shown:
            cells = [cell(TOTAL, c.key[1], indicator.code) for c in columns]
            rows.append(Row((0, "", indicator.code), indicator.name, cells))

    if 0 < sort <= len(columns):
        index = sort - 1
        rows.sort(key=lambda row: row.label)
        rows.sort(
            key=lambda row: (
                _key(row.cells[index])[0],
                -_key(row.cells[index])[1] if descending else _key(row.cells[index])[1],
            )
        )
    else:
        sort = 0
    return Pivot(
        form=form,
        unit=unit,
        unit_name=unit_name,
        layout=layout,
        periods=periods,
        indicators=indicators,
        structure_date=date,
        columns=columns,
        rows=rows,
        total=total,
        row_header=row_header,
        sort=sort,
        descending=descending,
        groups=groups,
    )


def _ordered_units(unit: Unit, child_ids: list[int], date: dt.date) -> list[tuple[int, str, bool]]:
    """``(id, name, own)`` of the children in the official order, the unit's own report first: one query."""
    versions = UnitVersion.objects.as_of(date).filter(unit_id__in=child_ids).select_related("unit").in_tree_order()
    found = [(v.unit_id, v.name, v.unit_id == unit.pk) for v in versions]
    seen = {unit_id for unit_id, _name, _own in found}
    missing = [pk for pk in child_ids if pk not in seen]
    if missing:
        labels = names(missing, date)
        found += [(pk, labels.get(pk, str(pk)), pk == unit.pk) for pk in missing]
    own = [
        (pk, _("%(unit)s (báo cáo của chính đơn vị)") % {"unit": label}, True) for pk, label, is_own in found if is_own
    ]
    return own + [row for row in found if not row[2]]


def _cell_value(figure: Figure | None) -> tuple[object, str | None]:
    """A figure in a spreadsheet cell: numbers as numbers (percentages with their % format), n/m as its text."""
    if figure is None or figure.value is None:
        return "", None
    value = figure.value
    if isinstance(value, (Ratio, tuple, bool)):
        return figure.text, None
    value_type = ValueType(figure.indicator.value_type)
    if value_type == ValueType.PERCENT:
        return value, '0.0"%"'
    if isinstance(value, int):
        return value, "#,##0"
    if isinstance(value, Decimal):
        return value, "#,##0.####"
    return figure.text, None


def xlsx(pivot: Pivot) -> bytes:
    """Exactly the page's table: the title, the headers and the rows in the page's order, totals last."""
    book, sheet = spreadsheets.new_workbook(_("Bảng tổng hợp"))
    spreadsheets.append(
        sheet,
        [
            _("%(form)s – %(unit)s, theo cơ cấu tổ chức tại ngày %(date)s")
            % {"form": pivot.form.name, "unit": pivot.unit_name, "date": f"{pivot.structure_date:%d/%m/%Y}"}
        ],
    )
    if pivot.groups:
        upper = [""]
        for label, span in pivot.groups:
            upper += [label] + [""] * (span - 1)
        spreadsheets.append(sheet, upper)
    spreadsheets.header_row(
        sheet, [pivot.row_header, *[c.label for c in pivot.columns]], [40] + [14] * len(pivot.columns)
    )
    for row in pivot.all_rows:
        values: list[object] = [row.label]
        formats: list[str | None] = [None]
        for figure in row.cells:
            value, number_format = _cell_value(figure)
            values.append(value)
            formats.append(number_format)
        spreadsheets.append(sheet, values, formats)
    return spreadsheets.to_bytes(book)
