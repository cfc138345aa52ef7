"""Stored group figures: the country's consolidation kept per province and report period (issue #16).

The pivot a central leader opens — 60 indicators of a monthly form × the 34 provinces × 12 months — reads about 2.4
million reported values; consolidated from the reports that takes 8–9 s on SQLite (``make bench``), and the
stored yearly roll-ups (``rollups.py``) do not help with months. So the consolidation's own sums are kept **per
group** (a child of the root: a province) and **per report period** in ``GroupRollup``: the rows of the number
statement (SUM, AVG, MIN, MAX, COUNT, Σ(v·w), Σw per indicator) and of the yes/no statement (yes, answered), exactly
as ``consolidation._sums`` gives them for that group. The figures are then made by the same ``_assemble`` as
always, so the store changes how fast a figure comes, never what it is.

**Valid by its stamp, never invalidated by hand.** A row is used only when its stamp equals the stamp of what the
group's figures are computed from now (``_look``: one statement, one walk of the tree):

* the group's (target, contributing unit) pairs on the structure date (as ``consolidation.membership`` gives them),
  summed up: which reports count and the "m" of n/m. A change of the tree elsewhere leaves the other groups' rows
  valid;
* the counted reports of the group's contributors in that period: their number, Σ id, Σ (id mod 1000003)², Σ
  revision and latest ``updated``. Every change of a report goes through ``services._bump`` (revision + 1,
  ``updated`` now), and an added, deleted or moved report changes the number or the sums of ids.

and, indicator by indicator, while its signature in the row (``_signature``: read as a number or a yes/no, time
rule, weight) is the indicator's now: a new weight computes that indicator's sums again in every row (one
statement reading its values alone), an indicator added to the form adds its sums, a new rule (sum, average, min,
max …) changes nothing stored.

**Kept current.** ``services._bump`` writes the row of a counted report's province and period with the report, in
its transaction (``refresh_report``; a draft's save writes nothing). A row that is missing or stale anyway (a change
of the tree, a report changed behind the services' back) is computed again when it is read — one province: one
short statement each for numbers and yes/no; many: the whole tree's statements — and written back; the stamps are
read before the sums, so a row never carries a stamp newer than its data. Building many rows at once is left to
commands, not to a page: ``manage.py load_units`` after it changed the tree (``units.loader.tree_loaded``: a reform
moves every province's pairs) and ``manage.py rollups --rebuild`` rewrite them all, ``rollups --missing`` writes
those of forms that have none (``scripts/serve.sh`` and the upgrade steps of docs/deploy.md run it), the demo
loader writes its own, and ``manage.py worker`` asks for the country's latest twelve months on every heartbeat
(``figurecache.warm``).

**Where it applies.** ``consolidation._run(..., cached=True)`` (the pivot) of the root of the tree (the central
level) broken down by its children, counted reports only, for periods that are one report period of the form
(a month of a monthly form, a quarter of a quarterly one). Everything else goes the figure cache's way
(``figurecache.py``), as do the root's own reports and, when the whole is asked, a tree where one unit contributes
to two provinces (its flows count once in the whole, once in each province: the sums of the provinces would count
it twice). The whole (the pivot's totals row) is then the provinces' sums added up: SUM, COUNT, Σ(v·w), Σw and
the yes/no counts add, MIN and MAX take the least and the greatest, AVG is ΣSUM/ΣCOUNT, "m" is the number of
targets (each target is in one group). Texts are not stored: they are read from the reports as always.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from tuyengiao.lib.periods import Period
from tuyengiao.lib.rollup import Rule
from tuyengiao.reports.models import Form, GroupRollup, Indicator, Report
from tuyengiao.units import tree
from tuyengiao.units.models import Level, Unit

if TYPE_CHECKING:
    from tuyengiao.reports.consolidation import Figure, _Plan

_REPORT = Report._meta.db_table
ROOT_KEY = "central"
# Above this many groups to compute, one statement over the whole tree instead of one per group.
WHOLE_TREE_FROM = 4


def applies(unit: Unit, breakdown: bool, statuses: Iterable[str]) -> bool:
    """Whether the store serves this question (the root broken down by its children, counted reports)."""
    from tuyengiao.reports.consolidation import COUNTED

    return breakdown and unit.level == Level.CENTRAL and set(statuses) == set(COUNTED)


def servable(plan: _Plan) -> bool:
    """A period that is one report period of the form (read from the reports)."""
    return len(plan.codes) == 1 and not plan.stored


def _hash(value: Any) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass
class _Look:
    """What one statement tells of the groups as they are now (``_look``)."""

    shapes: dict[int, tuple[str, ...]] = field(default_factory=dict)  # group → its (target, contributor) pairs
    expected: dict[int, int] = field(default_factory=dict)  # group → its targets: the "m" of n/m
    split: bool = False  # a unit contributes to two groups
    reports: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)  # (period, group) → reports

    def stamp(self, code: str, group: int) -> str:
        return _hash((self.shapes.get(group), self.reports.get((code, group))))


def _look(form: Form, unit: Unit, date: dt.date, codes: list[str], breakdown: bool) -> _Look:
    """In one statement (one walk of the tree): per group, its (target, contributor) pairs summed up — their
    number, the number of targets, Σ target, Σ contributor and a Σ of a mix of both — and per (report period,
    group) the counted reports of its contributors — number, Σ id, Σ (id mod 1000003)², Σ revision, latest
    ``updated``; and whether a unit contributes to two groups. Sums, not lists: a change of a pair or of a report
    changes its group's sums (the same change in two pairs' ids would have to cancel in three sums at once)."""
    from tuyengiao.reports.consolidation import COUNTED, _common_ctes

    ctes, params = _common_ctes(form, unit, date, breakdown)
    sql = (
        # The reports' branch first: PostgreSQL types a column of the union from its first branches.
        f"{ctes}, members(grp, unit_id) AS (SELECT DISTINCT grp, unit_id FROM contrib)"
        f" SELECT 'r', r.period, m.grp, COUNT(*), SUM(r.id), SUM((r.id %% 1000003) * (r.id %% 1000003)),"
        f" SUM(r.revision), NULL, MAX(r.updated)"
        f" FROM {_REPORT} r JOIN members m ON m.unit_id = r.unit_id"
        f" WHERE r.form_id = %s AND r.period IN ({', '.join(['%s'] * len(codes))})"
        f" AND r.status IN ({', '.join(['%s'] * len(COUNTED))})"
        f" GROUP BY r.period, m.grp"
        f" UNION ALL SELECT 'g', NULL, grp, COUNT(*), COUNT(DISTINCT target_id), SUM(target_id), SUM(unit_id),"
        f" SUM(((target_id %% 1000003) * 31 + unit_id %% 1000003) %% 1000003 * (unit_id %% 1000003 + 7)), NULL"
        f" FROM contrib GROUP BY grp"
        f" UNION ALL SELECT 's', NULL, NULL, COUNT(*), NULL, NULL, NULL, NULL, NULL"
        f" FROM (SELECT unit_id FROM members GROUP BY unit_id HAVING COUNT(*) > 1) twice"
    )
    look = _Look()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, form.pk, *codes, *COUNTED])
        for kind, period, group, *sums in cursor.fetchall():
            if kind == "g":
                look.shapes[group] = tuple(str(item) for item in sums)
                look.expected[group] = int(sums[1])
            elif kind == "s":
                look.split = bool(sums[0])
            else:
                look.reports[(period, group)] = tuple(str(item) for item in sums)
    return look


def _full(form: Form, plans: dict[int, _Plan]) -> dict[int, _Plan]:
    """The same periods with every indicator of their versions: a row holds them all, whatever is asked."""
    from tuyengiao.reports.consolidation import COUNTED, _plans

    order = sorted(plans)
    full = _plans(form, [plans[index].period for index in order], list(COUNTED), None, False, False)
    return {order[position]: plan for position, plan in full.items()}


def _signature(indicator: Indicator) -> str:
    """What a row's sums of an indicator depend on: the statement it is read by (numbers, yes/no or neither), its
    time rule (a target's stock from all its contributors) and its weight. Not its rule among sum, average, min,
    max, latest and weighted average: a row holds every one of those sums."""
    kind = {Rule.COUNT_YES: "f", Rule.TEXT: "t"}.get(Rule(indicator.rule), "n")
    return f"{kind}:{indicator.time_rule}:{indicator.weight_id}"


def _signatures(plan: _Plan) -> dict[str, str]:
    return {str(i.pk): _signature(i) for i in plan.indicators if i.rule != Rule.TEXT}


def _compute(
    form: Form,
    root: Unit,
    plans: dict[int, _Plan],
    date: dt.date,
    wanted: dict[int, set[int]],
    whole_tree: bool,
    only: set[str] | None = None,
) -> dict[tuple[int, int], dict[str, Any]]:
    """The rows of the groups ``wanted`` (period index → groups), by (index, group): per group when few are
    wanted, else from the whole tree's statements; with ``only`` (indicator ids as text), those indicators'
    sums alone (the statements read only their values)."""
    from tuyengiao.reports.consolidation import COUNTED, _every_indicator, _sums

    groups = set().union(*wanted.values())
    signatures = {
        index: {pk: sig for pk, sig in _signatures(plans[index]).items() if only is None or pk in only}
        for index in wanted
    }
    rows: dict[tuple[int, int], dict[str, Any]] = {
        (index, group): {"n": [], "f": [], "i": dict(signatures[index])}
        for index, groups_ in wanted.items()
        for group in groups_
    }
    if whole_tree:
        jobs = [(root, True, {index: plans[index] for index in wanted})]
    else:
        jobs = [
            (Unit(pk=group), False, {index: plans[index] for index, members in wanted.items() if group in members})
            for group in sorted(groups)
        ]
    for unit, breakdown, chosen in jobs:
        indicators = [i for i in _every_indicator(chosen) if only is None or str(i.pk) in only]
        numbers, flags = _sums(form, unit, chosen, date, list(COUNTED), breakdown, False, indicators)
        for bucket, grp, indicator_id, *sums in numbers:
            if (bucket, grp) in rows:
                rows[(bucket, grp)]["n"].append([indicator_id, *(_text(value) for value in sums)])
        for bucket, grp, indicator_id, yes, answered in flags:
            if (bucket, grp) in rows:
                rows[(bucket, grp)]["f"].append([indicator_id, int(yes), int(answered)])
    return rows


def _whole(index: int, figures: list[dict[str, Any]], asked: set[int]) -> tuple[list[tuple], list[tuple]]:
    """The root's own rows of the ``asked`` indicators from its groups' (see the module's docstring)."""
    from tuyengiao.reports.consolidation import WHOLE

    # Per indicator: SUM, MIN, MAX, COUNT, Σ(v·w), Σw; None until a group has one.
    numbers: dict[int, list[Any]] = {}
    flags: dict[int, list[int]] = {}
    for rows in figures:
        for indicator_id, total, _average, low, high, count, vw, w in rows["n"]:
            if indicator_id not in asked:
                continue
            parts = numbers.setdefault(indicator_id, [None, None, None, 0, None, None])
            if total is not None:
                parts[0] = Decimal(total) if parts[0] is None else parts[0] + Decimal(total)
            if low is not None:
                parts[1] = Decimal(low) if parts[1] is None else min(parts[1], Decimal(low))
            if high is not None:
                parts[2] = Decimal(high) if parts[2] is None else max(parts[2], Decimal(high))
            parts[3] += int(count)
            if vw is not None:
                parts[4] = Decimal(vw) if parts[4] is None else parts[4] + Decimal(vw)
            if w is not None:
                parts[5] = Decimal(w) if parts[5] is None else parts[5] + Decimal(w)
        for indicator_id, yes, answered in rows["f"]:
            counts = flags.setdefault(indicator_id, [0, 0])
            counts[0] += yes
            counts[1] += answered
    number_rows = [
        (
            index,
            WHOLE,
            indicator_id,
            total,
            total / count if total is not None and count else None,
            low,
            high,
            count,
            vw,
            w,
        )
        for indicator_id, (total, low, high, count, vw, w) in numbers.items()
    ]
    flag_rows = [(index, WHOLE, indicator_id, yes, answered) for indicator_id, (yes, answered) in flags.items()]
    return number_rows, flag_rows


def run(
    form: Form, root: Unit, plans: dict[int, _Plan], date: dt.date, whole: bool
) -> dict[int, dict[int, dict[str, Figure]]] | None:
    """``consolidation._run`` of ``plans`` (all ``servable``) for the root broken down, from the stored rows,
    computing and keeping the missing and stale ones; None when the store does not apply to this tree."""
    from tuyengiao.reports.consolidation import COUNTED, WHOLE, _assemble

    full = _full(form, plans)
    codes = {plan.codes[0]: index for index, plan in full.items()}
    look = _look(form, root, date, list(codes), breakdown=True)
    if root.pk in look.shapes or (whole and look.split):
        return None
    groups = list(look.shapes)
    kept = {
        (row.period, row.unit_id): row
        for row in GroupRollup.objects.filter(form=form, period__in=list(codes), unit_id__in=groups)
    }
    signatures = {index: _signatures(plan) for index, plan in plans.items()}
    figures: dict[tuple[int, int], dict[str, Any]] = {}
    stale: dict[int, set[int]] = defaultdict(set)  # rows computed again whole
    lacking: dict[int, set[str]] = defaultdict(set)  # indicators whose sums are computed again …
    behind: dict[int, set[int]] = defaultdict(set)  # … in these rows (the rest of each row still holds)
    for code, index in codes.items():
        for group in groups:
            row = kept.get((code, group))
            if (code, group) not in look.reports:  # no counted report: nothing to add up, nothing to keep
                figures[(index, group)] = {"n": [], "f": []}
            elif row is None or row.stamp != look.stamp(code, group):
                stale[index].add(group)
            else:
                figures[(index, group)] = row.figures
                held = row.figures.get("i", {})
                changed = {pk for pk, signature in signatures[index].items() if held.get(pk) != signature}
                if changed:  # an indicator added to the form, or given a new weight or time rule
                    lacking[index] |= changed
                    behind[index].add(group)
    if stale:
        whole_tree = len(set().union(*stale.values())) >= WHOLE_TREE_FROM
        if whole_tree:  # its statements give every group
            stale = {index: {g for g in groups if (full[index].codes[0], g) in look.reports} for index in stale}
        computed = _compute(form, root, full, date, stale, whole_tree)
        figures.update(computed)
        _keep(
            form,
            {(full[index].codes[0], group): rows for (index, group), rows in computed.items()},
            {(full[index].codes[0], group): look.stamp(full[index].codes[0], group) for index, group in computed},
        )
    behind = {index: members - stale.get(index, set()) for index, members in behind.items()}
    if any(behind.values()):
        only = set().union(*lacking.values())
        whole_tree = len(set().union(*behind.values())) >= WHOLE_TREE_FROM
        patches = _compute(form, root, full, date, behind, whole_tree, only)
        patched = {key: _patch(figures[key], rows, only) for key, rows in patches.items() if key in figures}
        figures.update(patched)
        _keep(
            form,
            {(full[index].codes[0], group): rows for (index, group), rows in patched.items()},
            {(full[index].codes[0], group): look.stamp(full[index].codes[0], group) for index, group in patched},
        )

    numbers: list[tuple] = []
    flags: list[tuple] = []
    for (index, group), rows in figures.items():
        numbers += [(index, group, *row) for row in rows["n"]]
        flags += [(index, group, *row) for row in rows["f"]]
    expected = dict(look.expected)
    if whole:
        by_index: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for (index, _group), rows in figures.items():
            by_index[index].append(rows)
        for index, plan in plans.items():
            whole_numbers, whole_flags = _whole(index, by_index[index], set(plan.by_id))
            numbers += whole_numbers
            flags += whole_flags
        expected[WHOLE] = sum(expected.values())
    return _assemble(form, root, plans, date, list(COUNTED), True, whole, numbers, flags, expected)


def _patch(row: dict[str, Any], patch: dict[str, Any], only: set[str]) -> dict[str, Any]:
    """``row`` with the sums of the indicators ``only`` replaced by ``patch``'s."""
    return {
        "n": [entry for entry in row["n"] if str(entry[0]) not in only] + patch["n"],
        "f": [entry for entry in row["f"] if str(entry[0]) not in only] + patch["f"],
        "i": {**row.get("i", {}), **patch["i"]},
    }


def _keep(form: Form, rows: dict[tuple[str, int], dict[str, Any]], stamps: dict[tuple[str, int], str]) -> None:
    """Write computed rows (a concurrent writer of the same row wins or loses whole: one statement)."""
    objects = [
        GroupRollup(form=form, period=code, unit_id=group, stamp=stamps[(code, group)], figures=figures)
        for (code, group), figures in rows.items()
    ]
    with transaction.atomic():
        GroupRollup.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=["form", "period", "unit"],
            update_fields=["stamp", "figures"],
            batch_size=200,
        )


def refresh_report(report: Report) -> None:
    """Keep the row of the report's province and period current, in the report's transaction (``services._bump``
    calls it after the yearly roll-ups): the next view of the country's pivot reads it instead of computing that
    province's month. The row is computed in the structure of the period's last day, the pivot's own when the
    tree has not changed since; if it has, the stamp tells and the view computes the row again."""
    from tuyengiao.reports.consolidation import COUNTED, _plans

    period = Period.parse(report.period)
    date = period.end
    chain = tree.ancestors(report.unit, date)
    if not chain or chain[0].unit.key != ROOT_KEY:
        return  # the root's own report, or a unit outside the country's tree on that day
    group = chain[1].unit_id if len(chain) > 1 else report.unit_id
    plans = _plans(report.form, [period], list(COUNTED), None, False, False)
    if not plans or not servable(plans[0]):
        return
    unit = Unit(pk=group)
    key = (period.code, group)
    look = _look(report.form, unit, date, [period.code], breakdown=False)
    if key not in look.reports:  # no counted report left (a submitted report withdrawn): nothing to keep
        GroupRollup.objects.filter(form=report.form, period=period.code, unit_id=group).delete()
        return
    rows = _compute(report.form, unit, plans, date, {0: {group}}, whole_tree=False)
    _keep(report.form, {key: rows[(0, group)]}, {key: look.stamp(*key)})


def rebuild(forms: Iterable[Form] | None = None) -> int:
    """Rewrite the rows of each form (all when ``forms`` is None): every report period with a counted report, in
    the structure of the latest one's last day (the default of a pivot that ends there); return the number of
    periods written."""
    from tuyengiao.reports.consolidation import COUNTED, _plans

    root = Unit.objects.filter(key=ROOT_KEY).first()
    if root is None:
        return 0
    written = 0
    for form in forms if forms is not None else Form.objects.order_by("pk"):
        GroupRollup.objects.filter(form=form).delete()
        codes = set(Report.objects.filter(form=form, status__in=COUNTED).values_list("period", flat=True))
        periods = sorted((Period.parse(code) for code in codes), key=lambda period: period.start)
        plans = {i: p for i, p in _plans(form, periods, list(COUNTED), None, False, False).items() if servable(p)}
        if plans and run(form, root, plans, max(plan.period.end for plan in plans.values()), whole=False) is not None:
            written += len(plans)
    return written


def missing(forms: Iterable[Form] | None = None) -> list[Form]:
    """The forms (of ``forms``, default all) with a counted report and no row at all: a database from before the
    rows existed, or loaded in bulk."""
    from tuyengiao.reports.consolidation import COUNTED

    chosen = Form.objects.all() if forms is None else Form.objects.filter(pk__in=[form.pk for form in forms])
    return list(
        chosen.filter(pk__in=Report.objects.filter(status__in=COUNTED).values("form_id"))
        .exclude(pk__in=GroupRollup.objects.values("form_id"))
        .order_by("pk")
    )
