"""Turn django-simple-history records into rows people can read: who, when, what changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Internal columns that mean nothing to a reader.
HIDDEN_FIELDS = ["search_text", "password", "last_login"]


def entries(*record_sets: Iterable[Any], limit: int = 200) -> list[dict[str, Any]]:
    """Newest first: each record with its model name and the fields it changed.

    The previous record of each object is found in the same sets (one query per
    set, not per record), so the page's query count does not grow with history.
    """
    records = [record for records in record_sets for record in records]
    records.sort(key=lambda r: (r.history_date, r.history_id))
    previous: dict[tuple[str, Any], Any] = {}
    rows = []
    for record in records:
        key = (record._meta.label, record.id)
        before = previous.get(key)
        changes = []
        if before is not None:
            delta = record.diff_against(before, excluded_fields=[f for f in HIDDEN_FIELDS if hasattr(record, f)])
            changes = [(record.instance._meta.get_field(c.field).verbose_name, c.old, c.new) for c in delta.changes]
        previous[key] = record
        rows.append(
            {"record": record, "changes": changes, "model": record.instance._meta.verbose_name, "label": _label(record)}
        )
    rows.reverse()
    return rows[:limit]


def _label(record: Any) -> str:
    """``str()`` of the object as it was, reusing related objects the caller selected.

    ``record.instance`` rebuilds the object from column values only; copying the
    select_related caches over keeps ``__str__`` from querying once per row.
    """
    instance = record.instance
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.name in record._state.fields_cache:
            setattr(instance, field.name, record._state.fields_cache[field.name])
    return str(instance)
