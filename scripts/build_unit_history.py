#!/usr/bin/env python3
"""Build the history of the administrative units, 09/2019 -> 01/2025, from GSO snapshots.

Usage::

    python scripts/build_unit_history.py [--snapshots DIR] [--out DIR]

Input: the snapshots of the General Statistics Office's list of administrative
units collected by the public project daohoangson/dvhcvn (``dvhcvn-YYYY-MM-DD.json.gz``,
default ``../shared/data/gso-snapshots``), and ``units_2025-01.csv`` made by
``build_unit_data.py``: that file stays the authority for 01/01/2025 -> 30/06/2025,
so the figures of those dates do not change. Standard library only; the names are
normalised exactly as in ``build_unit_data.py``.

Outputs in ``tuyengiao/units/data/`` (UTF-8, ``\\n`` line endings):

* ``history_units.csv``: one row per period of a unit: its key (``p:``/``d:``/``c:``
  + GSO code; an earlier holder of a code that was later given to another unit gets
  ``@`` + the day it ended), name, type, parent key and ``[valid_from, valid_to)``.
  A unit's last row has an empty ``valid_to`` when the unit is still in
  ``units_2025-01.csv``: that row *is* its 2025-01 version.
* ``history_events.csv``: one event per province and change date, with its legal
  basis where known and the interval that bounds it otherwise.
* ``history_lineage.csv``: predecessor -> successor links, each with the rule that
  determined it. ``history_unlinked.csv``: units that ended with no determinable
  successor (never guessed).

A section of ``SOURCES.md`` (between markers) is rewritten with the sources, the
dating rule and the counts.

Dating rule: a change seen first in the snapshot of date b (previous snapshot a)
happened in (a, b]; it is dated b ("as published on b"), except where the act is
known (``KNOWN_ACTS``): then its effective date and number are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import itertools

from build_unit_data import OUT_DIR, ROOT, bare, normalise_name

DEFAULT_SNAPSHOTS = ROOT.parent / "shared" / "data" / "gso-snapshots"
FINAL = dt.date(2025, 1, 1)  # units_2025-01.csv is the list in force from this day
LEVELS = ("province", "district", "commune")
PREFIX = {"province": "p", "district": "d", "commune": "c"}
# Short gaps are repaired: a code missing from at most this many consecutive
# snapshots and present on both sides was left out of the published list while it
# was being changed (the 2020-01-01 list lacks about 100 communes that are back in
# 2020-03-01, some under the name of the commune they absorbed), not dissolved and
# re-created: it keeps its earlier state until the snapshot that shows it again.
MAX_REPAIRED_GAP = 2

# Changes whose act is known: (province code, date of the first snapshot showing them)
# -> (effective date, legal basis). Only acts verified by their text.
KNOWN_ACTS: dict[tuple[str, dt.date], tuple[dt.date, str]] = {
    # Thành phố Thủ Đức and the wards of Hồ Chí Minh City, effective 01/01/2021.
    ("79", dt.date(2021, 2, 1)): (
        dt.date(2021, 1, 1),
        "Nghị quyết số 1111/NQ-UBTVQH14 ngày 09/12/2020 của Ủy ban Thường vụ Quốc hội",
    ),
}
# Province-level renames (the snapshots' only one): Thừa Thiên Huế -> Thành phố Huế.
PROVINCE_ACTS: dict[str, tuple[dt.date, str]] = {
    "46": (dt.date(2025, 1, 1), "Nghị quyết số 175/2024/QH15 ngày 30/11/2024 của Quốc hội"),
}
FRAMEWORK = {
    dt.date(2019, 1, 1): "Nghị quyết số 653/2019/UBTVQH14 (sắp xếp đơn vị hành chính cấp huyện, cấp xã 2019-2021)",
    dt.date(2023, 7, 12): "Nghị quyết số 35/2023/UBTVQH15 (sắp xếp đơn vị hành chính cấp huyện, cấp xã 2023-2030)",
}

State = tuple[str, str, str]  # name, division type, parent code


def zero_free(name: str) -> str:
    """'Phường 06' -> 'Phường 6' (the 2025-01 list writes numbered wards without padding)."""
    return re.sub(r"\b0+(\d)", r"\1", name)


def read_snapshot(path: Path) -> dict[tuple[str, str], State]:
    data = json.loads(gzip.decompress(path.read_bytes()))
    state: dict[tuple[str, str], State] = {}
    for p in data["data"]:
        name, kind = normalise_name(p["name"], "province")
        state[("province", p["level1_id"])] = (name, kind, "")
        for d in p["level2s"]:
            name, kind = normalise_name(d["name"], "district")
            state[("district", d["level2_id"])] = (zero_free(name), kind, p["level1_id"])
            for c in d["level3s"]:
                name, kind = normalise_name(c["name"], "commune")
                state[("commune", c["level3_id"])] = (zero_free(name), kind, d["level2_id"])
    return state


def read_final(path: Path) -> dict[tuple[str, str], State]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["level"], r["code"]): (r["name"], r["division_type"], r["parent_code"]) for r in csv.DictReader(handle)
        }


def repair_gaps(states: list[dict[tuple[str, str], State]]) -> int:
    """Fill short absences bounded by the same name and parent; returns how many entries were filled."""
    filled = 0
    keys = sorted(set().union(*states), key=lambda k: (LEVELS.index(k[0]), k[1]))  # parents first
    parent_level = {"district": "province", "commune": "district"}
    for key in keys:
        present = [key in s for s in states]
        i = 0
        while i < len(states):
            if present[i]:
                i += 1
                continue
            j = i
            while j < len(states) and not present[j]:
                j += 1
            if i > 0 and j < len(states) and j - i <= MAX_REPAIRED_GAP:
                for k in range(i, j):
                    # The earlier state, unless its parent is gone by then (then the later one).
                    for candidate in (states[i - 1][key], states[j][key]):
                        if key[0] == "province" or (parent_level[key[0]], candidate[2]) in states[k]:
                            states[k][key] = candidate
                            present[k] = True
                            filled += 1
                            break
            i = j
    return filled


@dataclass
class Segment:
    level: str
    code: str
    state: State
    start: dt.date | None  # None: since before our records
    end: dt.date | None = None  # None: still so on 01/01/2025 (only for units in the 2025-01 list)
    key: str = ""
    started: str = ""
    ended: str = ""


@dataclass
class Event:
    key: str
    date: dt.date
    province: str
    bound: tuple[dt.date, dt.date] | None
    legal_basis: str
    counts: Counter[str]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshots", type=Path, default=DEFAULT_SNAPSHOTS)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    files = sorted(args.snapshots.glob("dvhcvn-*.json.gz"))
    dated = [(dt.date.fromisoformat(f.name[7:17]), f) for f in files]
    used = [(d, f) for d, f in dated if d < FINAL]
    if len(used) < 2:
        print(f"ERROR no snapshots before {FINAL} in {args.snapshots}", file=sys.stderr)
        return 1
    dates = [d for d, _f in used] + [FINAL]
    states = [read_snapshot(f) for _d, f in used] + [read_final(args.out / "units_2025-01.csv")]
    filled = repair_gaps(states[:-1])

    province_names = {code: s[0] for (level, code), s in states[-1].items() if level == "province"}

    def province_of(key: tuple[str, str], state: dict[tuple[str, str], State]) -> str:
        level, code = key
        if level == "province":
            return code
        parent = state[key][2]
        return parent if level == "district" else state[("district", parent)][2]

    # --- events: one per province and change date ---------------------------------------------------------------
    events: dict[tuple[str, dt.date], Event] = {}

    def event(province: str, index: int, what: str) -> str:
        bound = (dates[index - 1], dates[index])
        date, legal = dates[index], ""
        if (province, dates[index]) in KNOWN_ACTS:
            date, legal = KNOWN_ACTS[(province, dates[index])]
            bound = None
        found = events.setdefault(
            (province, date), Event(f"ev:hist:{date.isoformat()}:{province}", date, province, bound, legal, Counter())
        )
        found.counts[what] += 1
        return found.key

    # --- segments per code ----------------------------------------------------------------------------------------
    segments: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    for index, state in enumerate(states):
        previous = states[index - 1] if index else {}
        for key, now in state.items():
            runs = segments[key]
            before = previous.get(key)
            if index and before == now:
                continue
            if index and before and bare(before[0], key[0]) == bare(now[0], key[0]) and before[1:] == now[1:]:
                runs[-1].state = now  # spelling only (tone placement, zero padding): same period, latest spelling
                continue
            if before is None:
                what = "create"
            elif before[2] != now[2]:
                what = "move"
            else:
                what = "rename"
            start = None
            started = ""
            if index:
                started = event(province_of(key, state), index, what)
                start = events_by_key(events)[started].date
            if runs and runs[-1].end is None and before is not None:
                runs[-1].end, runs[-1].ended = start, started
            runs.append(Segment(key[0], key[1], now, start, started=started))
        if index:
            for key in set(previous) - set(state):
                ended = event(province_of(key, previous), index, "end")
                segments[key][-1].end = events_by_key(events)[ended].date
                segments[key][-1].ended = ended
    # Province renames with a known act.
    for code, (date, legal) in PROVINCE_ACTS.items():
        for run in segments[("province", code)]:
            if run.started and run.start and abs((run.start - date).days) < 120:
                key = f"ev:hist:{date.isoformat()}:{code}:province"
                events[(code + ":province", date)] = Event(key, date, code, None, legal, Counter(rename=1))
                run.start, run.started = date, key
        runs = segments[("province", code)]
        for left, right in itertools.pairwise(runs):
            left.end, left.ended = right.start, right.started

    # --- keys: the last holder of a code keeps the plain key -------------------------------------------------------
    for (level, code), runs in segments.items():
        incarnations: list[list[Segment]] = [[]]
        for run in runs:
            if incarnations[-1] and incarnations[-1][-1].end != run.start:
                incarnations.append([])
            incarnations[-1].append(run)
        for position, incarnation in enumerate(incarnations):
            last = position == len(incarnations) - 1
            end = incarnation[-1].end
            key = f"{PREFIX[level]}:{code}" if last or end is None else f"{PREFIX[level]}:{code}@{end.isoformat()}"
            for run in incarnation:
                run.key = key

    def key_at(level: str, code: str, date: dt.date | None) -> str:
        for run in segments[(level, code)]:
            if (run.start is None or (date is not None and run.start <= date)) and (
                run.end is None or date is None or date < run.end
            ):
                return run.key
        raise KeyError((level, code, date))

    # --- lineage ----------------------------------------------------------------------------------------------------
    links: list[dict[str, str]] = []
    unlinked: list[dict[str, str]] = []
    for index in range(1, len(states)):
        before, after = states[index - 1], states[index]
        gone = set(before) - set(after)
        district_successors: dict[str, Counter[str]] = {}
        for key in sorted(k for k in gone if k[0] == "district"):
            moved = Counter(
                after[c][2] for c, s in before.items() if c[0] == "commune" and s[2] == key[1] and c in after
            )
            district_successors[key[1]] = moved
        for key in sorted(gone):
            level, code = key
            name = before[key][0]
            ended_key = key_at(level, code, dates[index - 1])
            run = [r for r in segments[key] if r.key == ended_key and r.end is not None and r.end <= dates[index]][-1]
            targets: list[tuple[str, str, str]] = []  # successor code, share, rule
            if level == "district":
                moved = district_successors[code]
                share = "whole" if len(moved) == 1 else "part"
                targets = [(c, share, "communes moved to it") for c in sorted(moved)]
            elif level == "commune":
                district = before[key][2]
                areas = {district} if ("district", district) in after else set(district_successors.get(district, {}))
                pool = [c for c, s in after.items() if c[0] == "commune" and s[2] in areas]
                own = bare(name, level)
                same = [c for c in pool if bare(after[c][0], level) == own]
                changed = [c for c in pool if c not in before or bare(before[c][0], level) != bare(after[c][0], level)]
                syllables = set(own.split())
                family = [c for c in changed if syllables & set(bare(after[c][0], level).split())]
                if len(same) == 1:
                    targets = [(same[0][1], "whole", "same name")]
                elif len(family) == 1:
                    targets = [(family[0][1], "whole", "renamed or new unit of the same name family in its district")]
            row_base = {"level": level, "event": run.ended, "date": run.end.isoformat() if run.end else ""}
            if not targets:
                parent = before[key][2]
                parent_name = (
                    before[("district", parent)][0] if level == "commune" else province_names.get(parent, parent)
                )
                unlinked.append(
                    {
                        **row_base,
                        "key": ended_key,
                        "name": name,
                        "parent": parent_name,
                        "province": province_of(key, before),
                    }
                )
            for successor, share, rule in targets:
                links.append(
                    {
                        **row_base,
                        "predecessor": ended_key,
                        "successor": key_at(level, successor, dates[index]),
                        "share": share,
                        "rule": rule,
                    }
                )

    # --- rows ---------------------------------------------------------------------------------------------------------
    unit_rows = []
    for (level, code), runs in sorted(segments.items(), key=lambda item: (LEVELS.index(item[0][0]), item[0][1])):
        for run in runs:
            name, kind, parent = run.state
            parent_key = ""
            if level == "district":
                parent_key = f"p:{parent}"
            elif level == "commune":
                parent_key = key_at("district", parent, run.start or dates[0])
            unit_rows.append(
                {
                    "key": run.key,
                    "level": level,
                    "code": code,
                    "name": name,
                    "division_type": kind,
                    "parent": parent_key,
                    "valid_from": run.start.isoformat() if run.start else "",
                    "valid_to": run.end.isoformat() if run.end else "",
                    "started_by": run.started,
                    "ended_by": run.ended,
                }
            )
    event_rows = []
    for ev in sorted(events.values(), key=lambda e: (e.date, e.province, e.key)):
        counts = ev.counts
        parts = [
            f"{counts[k]} {label}"
            for k, label in (
                ("end", "đơn vị kết thúc"),
                ("rename", "đổi tên hoặc đổi loại"),
                ("move", "điều chỉnh trực thuộc"),
                ("create", "thành lập"),
            )
            if counts[k]
        ]
        kind = "merge" if counts["end"] else "rename" if counts["rename"] else "move" if counts["move"] else "create"
        where = province_names.get(ev.province, ev.province)
        text = f"Sắp xếp, điều chỉnh đơn vị hành chính của {where}: " + ", ".join(parts) + "."
        if ev.key.endswith(":province"):
            text = f"Đổi tên, thành lập {where}."
        if ev.bound:
            text += (
                f" Ngày theo danh mục của Tổng cục Thống kê công bố ngày {ev.bound[1]:%d/%m/%Y}: "
                f"thay đổi có hiệu lực trong khoảng từ {ev.bound[0] + dt.timedelta(days=1):%d/%m/%Y} "
                f"đến {ev.bound[1]:%d/%m/%Y}."
            )
            framework = [basis for since, basis in FRAMEWORK.items() if since <= ev.date]
            if framework:
                text += f" Khung pháp lý: {framework[-1]}."
        event_rows.append(
            {
                "key": ev.key,
                "kind": kind,
                "date": ev.date.isoformat(),
                "exact": "" if ev.bound else "yes",
                "legal_basis": ev.legal_basis,
                "description": text,
            }
        )

    out: Path = args.out
    files_written = {
        "history_units.csv": write_csv(out / "history_units.csv", list(unit_rows[0]), unit_rows),
        "history_events.csv": write_csv(out / "history_events.csv", list(event_rows[0]), event_rows),
        "history_lineage.csv": write_csv(
            out / "history_lineage.csv", ["level", "predecessor", "successor", "share", "event", "date", "rule"], links
        ),
        "history_unlinked.csv": write_csv(
            out / "history_unlinked.csv", ["level", "key", "name", "parent", "province", "event", "date"], unlinked
        ),
    }

    # --- checks -------------------------------------------------------------------------------------------------------
    def count(date: dt.date, province: str | None = None) -> dict[str, int]:
        found: Counter[str] = Counter()
        for row in unit_rows:
            start = dt.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None
            end = dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
            if (start is None or start <= date) and (end is None or date < end):
                if province and not _under(row, province, unit_rows_by_key):
                    continue
                found[row["level"]] += 1
        return dict(found)

    unit_rows_by_key: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in unit_rows:
        unit_rows_by_key[row["key"]].append(row)
    expected = [
        (dt.date(2021, 3, 15), None, {"province": 63, "district": 705, "commune": 10_603}),
        (dt.date(2022, 8, 10), "66", {"province": 1, "district": 15, "commune": 184}),
        (dt.date(2024, 12, 31), None, {"province": 63, "district": 704, "commune": 10_472}),
        (FINAL, None, {"province": 63, "district": 696, "commune": 10_051}),
    ]
    errors = []
    for date, province, want in expected:
        got = count(date, province)
        status = "ok" if got == want else "MISMATCH"
        print(f"{date:%d/%m/%Y} {province or 'all'}: {got} ({status})")
        if got != want:
            errors.append(f"{date} {province}: {got} != {want}")
    exact = sum(1 for e in event_rows if e["exact"])
    summary = {
        "snapshots": [d.isoformat() for d in dates[:-1]],
        "filled": filled,
        "units": len({r["key"] for r in unit_rows}),
        "ended before 2025": len(
            {r["key"] for r in unit_rows if r["valid_to"] and r["key"] not in _final_keys(unit_rows)}
        ),
        "events": len(event_rows),
        "exact events": exact,
        "links": Counter(link["rule"] for link in links),
        "unlinked": Counter(u["level"] for u in unlinked),
    }
    write_sources_section(out / "SOURCES.md", summary, files_written, expected)
    print(json.dumps({k: v for k, v in summary.items()}, ensure_ascii=False, default=dict))
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    return 1 if errors else 0


def events_by_key(events: dict[tuple[str, dt.date], Event]) -> dict[str, Event]:
    return {e.key: e for e in events.values()}


def _final_keys(rows: list[dict[str, str]]) -> set[str]:
    return {r["key"] for r in rows if not r["valid_to"]}


def _under(row: dict[str, str], province: str, by_key: dict[str, list[dict[str, str]]]) -> bool:
    if row["level"] == "province":
        return row["code"] == province
    if row["level"] == "district":
        return row["parent"] == f"p:{province}"
    district = by_key[row["parent"]][0]
    return district["parent"] == f"p:{province}"


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


BEGIN, END = "<!-- history: begin (scripts/build_unit_history.py) -->", "<!-- history: end -->"


def write_sources_section(
    path: Path,
    summary: dict[str, object],
    files: dict[str, int],
    expected: list[tuple[dt.date, str | None, dict[str, int]]],
) -> None:
    links = summary["links"]
    unlinked = summary["unlinked"]
    assert isinstance(links, Counter) and isinstance(unlinked, Counter)
    snapshots = summary["snapshots"]
    assert isinstance(snapshots, list)
    lines = [
        BEGIN,
        "",
        "## History 09/2019 -> 01/2025 (`scripts/build_unit_history.py`)",
        "",
        "Rebuild with `python scripts/build_unit_history.py --snapshots DIR` (after `build_unit_data.py`).",
        "",
        "### Input",
        "",
        "Snapshots of the General Statistics Office's official list of administrative units (Danh mục đơn vị "
        "hành chính Việt Nam), collected over the years by the public project daohoangson/dvhcvn (its "
        "`data/dvhcvn.json`, one version per update). The list itself is the GSO's official data; the collecting "
        "repository is GPL-3.0, and only the facts (codes, names, types, parents at each date) are taken. Used: "
        + ", ".join(snapshots)
        + ", then `units_2025-01.csv` for 01/01/2025 (it stays the authority from 01/01/2025 to 30/06/2025; the "
        "snapshots of 2025-01-01 and 2025-03-01 are not used, so the figures of 2025 are unchanged).",
        "",
        "### Rules",
        "",
        "- Names are normalised as above; numbered wards are written without zero padding (`Phường 06` -> "
        "`Phường 6`), as in the 2025-01 list. A change of spelling only (tone placement, padding) is not a rename.",
        "- A code that keeps its number is the same unit: a new name or type (huyện -> thị xã, xã -> phường, "
        "Tỉnh Thừa Thiên Huế -> Thành phố Huế) is a rename, a new parent district a move. A code that disappears "
        "ends the unit. A code given again later to another unit makes two units: the earlier one's key gets "
        "`@` and the day it ended.",
        f"- Short gaps are repaired: a code missing from at most {MAX_REPAIRED_GAP} consecutive snapshots and "
        "present on both sides was left out of the published list while it was being changed, not dissolved and "
        "re-created: it keeps its earlier state until the snapshot that shows it again, and a new name then is a "
        f"rename ({summary['filled']} entries filled; the 2020-01-01 list lacks about 100 communes that are back "
        "in 2020-03-01, some under the name of the commune they absorbed).",
        "- **Dates.** A change first seen in the snapshot of date b (previous snapshot a) took effect in (a, b]. "
        "It is dated b, the day the list first shows it, and its event says so (`exact` empty in "
        '`history_events.csv`, description "thay đổi có hiệu lực trong khoảng từ … đến …"). **Exact** dates '
        "are used where the act is known (`exact` = yes, `legal_basis` filled): Thành phố Thủ Đức and the wards "
        "of Hồ Chí Minh City (Nghị quyết 1111/NQ-UBTVQH14, from 01/01/2021) and Thành phố Huế (Nghị quyết "
        "175/2024/QH15, from 01/01/2025). Bounded events name the framework resolution of their wave "
        "(Nghị quyết 653/2019/UBTVQH14, Nghị quyết 35/2023/UBTVQH15) in their description, not as their legal "
        f"basis. {summary['exact events']} of {summary['events']} events are exact.",
        "- **Lineage** is linked only where the snapshots determine it: a district that ends is linked to the "
        "district(s) its communes moved to (`part` when they went to several); a commune that ends is linked to "
        "the commune of its own or successor district that has the same name (new code, e.g. xã -> thị trấn), "
        "or else to the only renamed or new commune there whose name shares a syllable with it (the merged "
        "unit's new name). Otherwise the ending is recorded without a successor and listed in "
        "`history_unlinked.csv` (and by `load_units`): a merge into a neighbour that kept its name and code "
        "cannot be told apart from the snapshots. No link is guessed.",
        "- Party committees and commissions follow their administrative unit: the loader names each period's "
        "committee from the area's name of that period (Huyện ủy Cát Tiên until 31/12/2024, Tỉnh ủy and Ban "
        "Tuyên giáo Tỉnh ủy Thừa Thiên Huế until 31/12/2024).",
        "",
        "### Files and counts",
        "",
        "| file | rows |",
        "| --- | ---: |",
        *[f"| `{name}` | {rows} |" for name, rows in files.items()],
        "",
        f"- Units (keys): {summary['units']}; links by rule: "
        + "; ".join(f"{rule}: {n}" for rule, n in sorted(links.items()))
        + "; endings without successor: "
        + "; ".join(f"{level} {n}" for level, n in sorted(unlinked.items()))
        + ".",
        "- Checked counts (the script exits 1 when one differs): "
        + "; ".join(
            f"{date:%d/%m/%Y}{' province ' + province if province else ''}: "
            + ", ".join(f"{n} {level}" for level, n in want.items())
            for date, province, want in expected
        )
        + ".",
        "",
        END,
    ]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text:
        text = text[: text.index(BEGIN)].rstrip("\n") + "\n\n" + text[text.index(END) + len(END) :].lstrip("\n")
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8", newline="\n")


if __name__ == "__main__":
    sys.exit(main())
