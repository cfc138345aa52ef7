"""``{% chart data "element-id" "Caption" %}``: a chart drawn by ``static/js/charts.js`` from a JSON block,
with the same figures as a table in a ``<details>`` (screen readers, print, no JavaScript).

``data``: ``{"kind": "bar" | "hbar" | "line", "labels": [...], "series": [{"name", "data", "texts"?}],
"percent": bool}``; ``texts`` are the figures as the platform writes them ("1.203", "68,0%", "3/10"), else the
numbers are formatted here.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


def _text(value: Any, percent: bool) -> str:
    if value is None:
        return "–"
    shown = number_format(value, decimal_pos=None if isinstance(value, int) else 1, use_l10n=True, force_grouping=True)
    return f"{shown}%" if percent else shown


def table_rows(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """One row per label: the label and each series' text."""
    series = data.get("series", [])
    percent = bool(data.get("percent"))
    rows = []
    for i, label in enumerate(data.get("labels", [])):
        cells = []
        for one in series:
            texts = one.get("texts")
            cells.append(texts[i] if texts else _text(one["data"][i], percent))
        rows.append((label, cells))
    return rows


@register.inclusion_tag("analytics/_chart.html")
def chart(data: dict[str, Any], element_id: str, caption: str, label: str = "") -> dict[str, Any]:
    return {
        "data": data,
        "element_id": element_id,
        "data_id": f"{element_id}-data",
        "caption": caption,
        "label": label,
        "names": [one["name"] for one in data.get("series", [])],
        "rows": table_rows(data),
    }


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``{{ pins|get_item:code }}``: a dictionary's value in a template (None when absent)."""
    return mapping.get(key) if mapping else None
