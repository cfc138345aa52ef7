"""Consolidated figures kept in Django's cache, for the pages that read many periods at once (the pivot table).

The country's pivot by province, month by month, is served first by the stored group figures
(``grouprollups.py``: per province, kept in the database); this cache answers every other pivot (a province's
communes, quarters or years of a monthly form) and what the store does not apply to.

A pivot of the country's 34 provinces over twelve months of a 60-indicator monthly form reads 2.4 million values
(``make bench``: 9 s on SQLite, where nothing stored helps — the stored roll-ups are whole years). Past months
seldom change, so ``consolidation._run(..., cached=True)`` keeps each period's result and computes only the
periods it does not hold. An entry is found only under a key made of everything its figures were computed from,
so a change anywhere gives new keys and an entry is never invalidated by hand (old ones expire,
``TG_FIGURE_CACHE_SECONDS``):

* the question: form, unit, breakdown (with the whole or not), structure date, statuses, read path, and the
  period's report periods;
* the form as consolidation read it for that period: its submitters (kinds, levels) and, for each indicator of the
  version in force, id, code, rule, time rule, weight and value type, in order (a new version, a moved item or a
  changed rule is a new key);
* the tree, as far as the figures use it: every (group, target, contributing unit) of the consolidation on the
  structure date (``consolidation.membership``: which reports count, under which group, and the "m" of n/m),
  hashed. A change of the tree that moves none of them (a new name, a change on other dates, another
  subtree) keeps the entries. Text figures also carry their writers' names, so when a text indicator is asked
  the newest row of the history tables of units, unit versions and links joins the key (every change to the
  tree is written with its history, ``simple_history``; the loader through ``bulk_create_with_history``);
* the reports: for each of the period's report periods, the number of the form's reports, Σ revision, Σ id and
  the latest ``updated``. Every change of a report goes through ``services._bump`` (revision + 1, ``updated`` now,
  the rule the stored roll-ups already rely on); an added or deleted report changes the count and Σ id.

The stamps are read **before** the figures are computed, so an entry never carries a stamp newer than its data: a
report saved in between gives the next request a new stamp, and that request recomputes.

With one process's memory as the cache (no ``TG_CACHE_URL``) each server process keeps its own entries; Redis shares
them. Either way the figures are the ones ``consolidate`` gives: ``tests/reports/test_figurecache.py`` changes a
report, the tree and the form and compares.

**Warmed by the worker.** The one costly table is the whole country's; ``warm`` computes it for every form reported
monthly or quarterly — its latest twelve months (four quarters) with a counted report, every figure, the
provinces in rows, in the structure of the last period's end: the table a central leader opens with every
indicator chosen. ``manage.py worker`` runs it on every heartbeat (30 s), so with Redis (production,
docs/deploy.md) only the first view within half a minute of a change to the tree that moves reports — or of a
restart of the cache — pays for the whole consolidation (``make bench``: docs/performance.md). When nothing
changed it costs the stamp queries and one cache read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tuyengiao.lib.periods import Period, PeriodType
from tuyengiao.lib.rollup import Rule
from tuyengiao.reports.models import Form, Indicator, Item, Report
from tuyengiao.units.models import Unit, UnitLink, UnitVersion

if TYPE_CHECKING:
    from tuyengiao.reports.consolidation import Figure

PREFIX = "figures:1"
_REPORT = Report._meta.db_table

# A plan as consolidation holds it: (report period codes, indicators, read from the stored roll-ups).
Plan = tuple[list[str], list[Indicator], bool]


def _tree_stamp() -> tuple[Any, ...]:
    tables = [model.history.model._meta.db_table for model in (Unit, UnitVersion, UnitLink)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables))
        return tuple(cursor.fetchone())


def _report_stamps(form: Form, codes: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    codes = sorted(set(codes))
    if not codes:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT period, COUNT(*), SUM(revision), SUM(id), MAX(updated) FROM {_REPORT}"
            f" WHERE form_id = %s AND period IN ({', '.join(['%s'] * len(codes))}) GROUP BY period",
            [form.pk, *codes],
        )
        return {row[0]: tuple(str(item) for item in row[1:]) for row in cursor.fetchall()}


def keys(
    form: Form,
    unit: Unit,
    plans: dict[int, Plan],
    date: dt.date,
    statuses: list[str],
    breakdown: bool,
    whole: bool,
) -> dict[int, str]:
    """The cache key of each plan (by period index), from its question and the current stamps (two or three
    queries)."""
    from tuyengiao.reports.consolidation import membership

    members = hashlib.sha256(repr(membership(form, unit, date, breakdown, whole)).encode()).hexdigest()
    texts = any(i.rule == Rule.TEXT for _codes, indicators, _stored in plans.values() for i in indicators)
    tree = (members, _tree_stamp() if texts else None)
    reports = _report_stamps(form, (code for codes, _indicators, _stored in plans.values() for code in codes))
    common = (
        form.pk,
        form.period_type,
        tuple(form.submitter_kinds),
        tuple(form.submitter_levels),
        unit.pk,
        breakdown,
        whole,
        date.isoformat(),
        tuple(sorted(statuses)),
        tree,
    )
    result: dict[int, str] = {}
    for index, (codes, indicators, stored) in plans.items():
        question = (
            common,
            stored,
            tuple((code, reports.get(code)) for code in codes),
            tuple((i.pk, i.code, i.rule, i.time_rule, i.weight_id, i.value_type) for i in indicators),
        )
        digest = hashlib.sha256(repr(question).encode()).hexdigest()
        result[index] = f"{PREFIX}:{form.pk}:{unit.pk}:{digest}"
    return result


def load(keys: dict[int, str], indicators: dict[int, dict[int, Indicator]]) -> dict[int, dict[int, dict[str, Figure]]]:
    """The plans found in the cache, as ``_run`` gives them (each figure with its period's indicator)."""
    from tuyengiao.reports.consolidation import Figure

    stored = cache.get_many(list(keys.values()))
    found: dict[int, dict[int, dict[str, Figure]]] = {}
    for index, key in keys.items():
        if key not in stored:
            continue
        by_id = indicators[index]
        by_group: dict[int, dict[str, Figure]] = defaultdict(dict)
        for group, figures in stored[key].items():
            by_group[group] = {by_id[pk].code: Figure(by_id[pk], value, reported) for pk, value, reported in figures}
        found[index] = by_group
    return found


def store(entries: dict[str, dict[int, dict[str, Figure]]]) -> None:
    """Keep computed plans (key → figures by group and code), without their indicators."""
    if not entries:
        return
    compact = {
        key: {
            group: [(figure.indicator.pk, figure.value, figure.reported) for figure in figures.values()]
            for group, figures in by_group.items()
        }
        for key, by_group in entries.items()
    }
    cache.set_many(compact, timeout=settings.TG_FIGURE_CACHE_SECONDS)


def warm() -> int:
    """Compute into the cache the country's latest pivot of every monthly and quarterly form (see above), unless it
    is there; return the number of forms looked at."""
    from tuyengiao.reports.consolidation import COUNTED, breakdown_periods

    root = Unit.objects.filter(key="central").first()
    if root is None:
        return 0
    forms = list(Form.objects.filter(period_type__in=[PeriodType.MONTH, PeriodType.QUARTER]).order_by("pk"))
    for form in forms:
        latest = (
            Report.objects.filter(form=form, status__in=COUNTED)
            .order_by("-period_start")
            .values_list("period", flat=True)
            .first()
        )
        if latest is None:
            continue
        last = Period.parse(latest)
        count = 12 if form.period_type == PeriodType.MONTH else 4
        periods = [last.shift(step) for step in range(1 - count, 1)]
        codes = list(
            Item.objects.filter(section__version__form=form)
            .exclude(indicator__rule=Rule.TEXT)
            .values_list("indicator__code", flat=True)
            .distinct()
        )
        breakdown_periods(form, root, periods, structure_date=last.end, indicators=codes, whole=True, cached=True)
    return len(forms)
