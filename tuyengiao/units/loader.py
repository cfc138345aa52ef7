"""Load Vietnam's administrative structure, before and after 01/07/2025, as units.

Input: the CSV files in ``tuyengiao/units/data/`` (built from vietnam-provinces
0.6.0 and 2025.10.1 and vietnamadminunits 1.0.4 by ``scripts/build_unit_data.py``;
sources and licences in ``data/SOURCES.md``).

What it creates (keys are stable, so loading twice changes nothing):

* ``central`` Ban Chấp hành Trung ương Đảng, and ``central:btg`` its commission.
* ``p:{code}`` the party committee of each province (Tỉnh ủy / Thành ủy). A
  province that absorbed others on 01/07/2025 keeps its identity (the surviving
  GSO code) and gets a new version from that date; the absorbed ones end on
  30/06/2025 with a link to it.
* ``com:p:{code}`` the provincial commission under each Tỉnh ủy, renamed
  "Ban Tuyên giáo và Dân vận" from 01/03/2025 (see ``COMMISSION_MERGE``).
* ``d:{code}`` district party committees (Huyện ủy, Quận ủy, Thị ủy, Thành ủy),
  all ending on 30/06/2025: there is no Huyện ủy after that date.
* ``c:{code}`` commune party committees until 30/06/2025 and ``c2025:{code}``
  the new ones from 01/07/2025 (new units even where a code was reused), with
  lineage links from the lineage file (``whole`` or ``part``).

The loader only adds what is missing; it never overwrites a unit that already
exists, so corrections made in the application survive a reload. A checksum of
the data files is stored, so a second run returns at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tuyengiao.units.models import Kind, Level, RestructuringEvent, Unit, UnitDataset, UnitLink, UnitVersion

DATA_DIR = Path(__file__).resolve().parent / "data"
DATASET_NAME = "vn-admin-2025"
LOADER_VERSION = "2"  # bump when the loader's output changes for the same files

REFORM = dt.date(2025, 7, 1)
# The provincial commissions became "Ban Tuyên giáo và Dân vận" in March 2025 and
# the central one in February 2025 (docs/domain.md §1). The day is the first of the month:
# an administrator can correct it with the decision's own date.
COMMISSION_MERGE = dt.date(2025, 3, 1)
CENTRAL_COMMISSION_MERGE = dt.date(2025, 2, 1)

EVENTS: dict[str, dict[str, object]] = {
    "ev:2025:central-commission": {
        "kind": RestructuringEvent.EventKind.MERGE,
        "date": CENTRAL_COMMISSION_MERGE,
        "description": "Hợp nhất Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương thành Ban Tuyên giáo và "
        "Dân vận Trung ương (tháng 02/2025).",
    },
    "ev:2025:commissions": {
        "kind": RestructuringEvent.EventKind.MERGE,
        "date": COMMISSION_MERGE,
        "description": "Hợp nhất Ban Tuyên giáo và Ban Dân vận của tỉnh ủy, thành ủy thành Ban Tuyên giáo và "
        "Dân vận (tháng 03/2025).",
    },
    "ev:2025:provinces": {
        "kind": RestructuringEvent.EventKind.MERGE,
        "date": REFORM,
        "legal_basis": "Nghị quyết số 202/2025/QH15",
        "description": "Sắp xếp đơn vị hành chính cấp tỉnh: từ 63 còn 34 tỉnh, thành phố.",
    },
    "ev:2025:districts": {
        "kind": RestructuringEvent.EventKind.DISSOLVE,
        "date": REFORM,
        "legal_basis": "Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        "description": "Kết thúc hoạt động của đơn vị hành chính cấp huyện và đảng bộ cấp huyện.",
    },
    "ev:2025:communes": {
        "kind": RestructuringEvent.EventKind.MERGE,
        "date": REFORM,
        "legal_basis": "Nghị quyết số 76/2025/UBTVQH15 và các nghị quyết sắp xếp cấp xã của từng tỉnh",
        "description": "Sắp xếp đơn vị hành chính cấp xã: 10.051 xã, phường, thị trấn thành 3.321 xã, "
        "phường, đặc khu; thành lập đảng bộ xã, phường, đặc khu trực thuộc tỉnh ủy, thành ủy.",
    },
}

_COMMITTEE_PREFIX = {
    # area prefix (lower case) -> party committee prefix
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
    "xã": "Đảng ủy xã",
    "phường": "Đảng ủy phường",
    "thị trấn": "Đảng ủy thị trấn",
    "đặc khu": "Đảng ủy đặc khu",
}

# Sent by ``manage.py load_units`` after it changed the tree (not on a load that found nothing to do): apps that
# store figures by structure compute them again (reports: the country's pivot rows, grouprollups.py).
tree_loaded = Signal()


def committee_name(area_name: str) -> str:
    """ "Tỉnh Đắk Lắk" -> "Tỉnh ủy Đắk Lắk"; "Xã Ea Tu" -> "Đảng ủy xã Ea Tu"."""
    lowered = area_name.lower()
    for prefix in sorted(_COMMITTEE_PREFIX, key=len, reverse=True):
        if lowered.startswith(prefix + " "):
            return f"{_COMMITTEE_PREFIX[prefix]} {area_name[len(prefix) + 1 :]}"
    raise ValueError(f"Không nhận ra loại đơn vị hành chính trong tên {area_name!r}")


def commission_name(committee: str, date: dt.date | None) -> str:
    """The provincial commission's name on ``date`` (None: before the 2025 merger)."""
    if date is not None and date >= COMMISSION_MERGE:
        return f"Ban Tuyên giáo và Dân vận {committee}"
    return f"Ban Tuyên giáo {committee}"


@dataclass
class Row:
    level: str
    code: str
    name: str
    division_type: str
    parent_code: str


@dataclass
class LoadResult:
    skipped: bool = False
    units_created: int = 0
    versions_created: int = 0
    links_created: int = 0
    conflicts: list[dict[str, str]] = field(default_factory=list)
    # Units that ended before 2025 with no determinable successor (history_unlinked.csv).
    unlinked: list[dict[str, str]] = field(default_factory=list)


def _read(name: str, data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rows(name: str, data_dir: Path) -> list[Row]:
    return [Row(**row) for row in _read(name, data_dir)]


HISTORY_FILES = ("history_units.csv", "history_events.csv", "history_lineage.csv", "history_unlinked.csv")
FILES = ("units_2025-01.csv", "units_2025-07.csv", "lineage_2025-07.csv", "lineage_conflicts.csv", *HISTORY_FILES)


def checksum(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for name in FILES:
        digest.update((data_dir / name).read_bytes())
    return digest.hexdigest()


@dataclass
class _Plan:
    """Units, versions and links to create, keyed by unit key until ids exist."""

    existing: set[str]
    units: dict[str, Unit] = field(default_factory=dict)
    versions: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # pred, succ, event key, share

    def unit(self, key: str, level: str, kind: str, code: str = "", division_type: str = "") -> bool:
        """Plan a unit; False when it already exists (then nothing about it is planned)."""
        if key in self.existing or key in self.units:
            return False
        self.units[key] = Unit(key=key, level=level, kind=kind, code=code, division_type=division_type)
        return True

    def version(self, key: str, **fields: object) -> None:
        self.versions.append((key, fields))


def load(data_dir: Path = DATA_DIR, force: bool = False, log: Callable[[str], None] = print) -> LoadResult:
    """Load the bundled data; idempotent, atomic."""
    result = LoadResult(
        conflicts=_read("lineage_conflicts.csv", data_dir), unlinked=_read("history_unlinked.csv", data_dir)
    )
    digest = checksum(data_dir)
    if not force and UnitDataset.objects.filter(name=DATASET_NAME, checksum=digest).exists():
        result.skipped = True
        return result

    before = _rows("units_2025-01.csv", data_dir)
    after = _rows("units_2025-07.csv", data_dir)
    lineage = _read("lineage_2025-07.csv", data_dir)

    with transaction.atomic():
        events = {}
        for key, fields in EVENTS.items():
            events[key], _ = RestructuringEvent.objects.get_or_create(key=key, defaults=fields)

        plan = _Plan(existing=set(Unit.objects.values_list("key", flat=True)))
        _plan_central(plan)
        _plan_provinces(plan, before, after, lineage)
        _plan_districts_and_communes(plan, before, after, lineage)

        created = bulk_create_with_history(list(plan.units.values()), Unit, batch_size=2000)
        result.units_created = len(created)
        ids = dict(Unit.objects.values_list("key", "pk"))

        versions = []
        for key, fields in plan.versions:
            parent_key = str(fields.pop("parent", "") or "")
            started = str(fields.pop("started_by", "") or "")
            ended = str(fields.pop("ended_by", "") or "")
            unit = plan.units[key]
            version = UnitVersion(
                unit_id=ids[key],
                parent_id=ids[parent_key] if parent_key else None,
                started_by=events[started] if started else None,
                ended_by=events[ended] if ended else None,
                **fields,
            )
            version.search_text = UnitVersion.build_search_text(version.name, version.area_name, unit.code)
            versions.append(version)
        bulk_create_with_history(versions, UnitVersion, batch_size=2000)
        result.versions_created = len(versions)

        existing_links = set(UnitLink.objects.values_list("predecessor_id", "successor_id"))
        links = []
        for pred, succ, event_key, share in plan.links:
            pair = (ids[pred], ids[succ])
            if pair in existing_links:
                continue
            existing_links.add(pair)
            links.append(UnitLink(predecessor_id=pair[0], successor_id=pair[1], event=events[event_key], share=share))
        bulk_create_with_history(links, UnitLink, batch_size=2000)
        result.links_created = len(links)

        _load_history(data_dir, result)
        UnitDataset.objects.update_or_create(name=DATASET_NAME, defaults={"checksum": digest})
    return result


def _plan_central(plan: _Plan) -> None:
    if plan.unit("central", Level.CENTRAL, Kind.PARTY_COMMITTEE):
        plan.version("central", name="Ban Chấp hành Trung ương Đảng", short_name="TW")
    if plan.unit("central:btg", Level.CENTRAL, Kind.COMMISSION):
        plan.version(
            "central:btg",
            name="Ban Tuyên giáo Trung ương",
            short_name="BTGTW",
            parent="central",
            valid_to=CENTRAL_COMMISSION_MERGE,
            ended_by="ev:2025:central-commission",
        )
        plan.version(
            "central:btg",
            name="Ban Tuyên giáo và Dân vận Trung ương",
            short_name="BTGDVTW",
            parent="central",
            valid_from=CENTRAL_COMMISSION_MERGE,
            started_by="ev:2025:central-commission",
        )


def _plan_provinces(plan: _Plan, before: list[Row], after: list[Row], lineage: list[dict[str, str]]) -> None:
    old = {r.code: r for r in before if r.level == Level.PROVINCE}
    new = {r.code: r for r in after if r.level == Level.PROVINCE}
    successor = {r["old_code"]: r["new_code"] for r in lineage if r["level"] == Level.PROVINCE}
    absorbed = {code for code, target in successor.items() if target != code}
    receivers = {successor[code] for code in absorbed}

    for code in sorted(set(old) | set(new)):
        key = f"p:{code}"
        row_old, row_new = old.get(code), new.get(code)
        if not plan.unit(key, Level.PROVINCE, Kind.PARTY_COMMITTEE, code, (row_new or row_old).division_type):  # type: ignore[union-attr]
            continue
        # Periods of this unit: (valid_from, valid_to, area name, started_by, ended_by)
        periods: list[tuple[dt.date | None, dt.date | None, str, str | None, str | None]]
        if row_old and row_new and (code in receivers or row_old.name != row_new.name):
            periods = [
                (None, REFORM, row_old.name, None, "ev:2025:provinces"),
                (REFORM, None, row_new.name, "ev:2025:provinces", None),
            ]
        elif row_old and row_new:
            periods = [(None, None, row_new.name, None, None)]
        elif row_old:
            periods = [(None, REFORM, row_old.name, None, "ev:2025:provinces")]
        else:
            periods = [(REFORM, None, row_new.name, "ev:2025:provinces", None)]  # type: ignore[union-attr]
        for start, end, area, started, ended in periods:
            plan.version(
                key,
                name=committee_name(area),
                area_name=area,
                parent="central",
                valid_from=start,
                valid_to=end,
                started_by=started,
                ended_by=ended,
            )
        _plan_commission(plan, code, periods)
        if code in absorbed:
            plan.links.append((key, f"p:{successor[code]}", "ev:2025:provinces", "whole"))
            plan.links.append((f"com:p:{code}", f"com:p:{successor[code]}", "ev:2025:provinces", "whole"))


def _plan_commission(
    plan: _Plan, code: str, periods: list[tuple[dt.date | None, dt.date | None, str, str | None, str | None]]
) -> None:
    """The provincial commission follows its Tỉnh ủy's periods, split at the 2025 merger."""
    key = f"com:p:{code}"
    if not plan.unit(key, Level.PROVINCE, Kind.COMMISSION):
        return
    for start, end, area, started, ended in periods:
        cuts: list[tuple[dt.date | None, dt.date | None, str | None, str | None]] = [(start, end, started, ended)]
        if (start is None or start < COMMISSION_MERGE) and (end is None or end > COMMISSION_MERGE):
            cuts = [
                (start, COMMISSION_MERGE, started, "ev:2025:commissions"),
                (COMMISSION_MERGE, end, "ev:2025:commissions", ended),
            ]
        for cut_start, cut_end, cut_started, cut_ended in cuts:
            committee = committee_name(area)
            plan.version(
                key,
                name=commission_name(committee, cut_start),
                short_name="BTGDVTU" if cut_start and cut_start >= COMMISSION_MERGE else "BTGTU",
                parent=f"p:{code}",
                valid_from=cut_start,
                valid_to=cut_end,
                started_by=cut_started,
                ended_by=cut_ended,
            )


def _plan_districts_and_communes(
    plan: _Plan, before: list[Row], after: list[Row], lineage: list[dict[str, str]]
) -> None:
    for row in before:
        if row.level == Level.DISTRICT:
            key, parent = f"d:{row.code}", f"p:{row.parent_code}"
            ended = "ev:2025:districts"
        elif row.level == Level.COMMUNE:
            key, parent = f"c:{row.code}", f"d:{row.parent_code}"
            ended = "ev:2025:communes"
        else:
            continue
        if plan.unit(key, row.level, Kind.PARTY_COMMITTEE, row.code, row.division_type):
            plan.version(
                key, name=committee_name(row.name), area_name=row.name, parent=parent, valid_to=REFORM, ended_by=ended
            )
    for row in after:
        if row.level != Level.COMMUNE:
            continue
        key = f"c2025:{row.code}"
        if plan.unit(key, Level.COMMUNE, Kind.PARTY_COMMITTEE, row.code, row.division_type):
            plan.version(
                key,
                name=committee_name(row.name),
                area_name=row.name,
                parent=f"p:{row.parent_code}",
                valid_from=REFORM,
                started_by="ev:2025:communes",
            )
    prefix = {Level.COMMUNE.value: "c", Level.DISTRICT.value: "d"}
    for link in lineage:
        if link["level"] in prefix:
            plan.links.append(
                (
                    f"{prefix[link['level']]}:{link['old_code']}",
                    f"c2025:{link['new_code']}",
                    "ev:2025:communes",
                    link["share"],
                )
            )


# --- History 09/2019 -> 01/2025 (data/history_*.csv, scripts/build_unit_history.py) --------------------------------


def _load_history(data_dir: Path, result: LoadResult) -> None:
    """Give the units their periods before 01/01/2025: earlier names, types and parents, the units that ended
    before then, and the links between them.

    A unit of the 2025-01 list whose history has several periods (or starts after our records begin) keeps its
    2025-01 version as its last period: that version's start is set, and its earlier periods are added. The
    provincial commission is cut at the same dates as its Tỉnh ủy. A unit whose versions already refer to a
    history event was done before (or corrected by hand) and is left alone, so a second run changes nothing.
    """
    events = {row["key"]: row for row in _read("history_events.csv", data_dir)}
    known = set(RestructuringEvent.objects.filter(key__in=events).values_list("key", flat=True))
    bulk_create_with_history(
        [
            RestructuringEvent(
                key=key,
                kind=row["kind"],
                date=dt.date.fromisoformat(row["date"]),
                legal_basis=row["legal_basis"],
                description=row["description"],
            )
            for key, row in events.items()
            if key not in known
        ],
        RestructuringEvent,
        batch_size=2000,
    )
    event_ids = dict(RestructuringEvent.objects.filter(key__in=events).values_list("key", "pk"))
    history_event_ids = set(event_ids.values())

    periods: dict[str, list[dict[str, str]]] = {}
    for row in _read("history_units.csv", data_dir):
        periods.setdefault(row["key"], []).append(row)
    # Only units whose history says more than "since before our records, until 2025".
    changed = {
        key: rows for key, rows in periods.items() if len(rows) > 1 or rows[0]["valid_from"] or rows[-1]["valid_to"]
    }
    for key, rows in list(changed.items()):
        if rows[0]["level"] == Level.PROVINCE:
            changed[f"com:{key}"] = rows

    ids = dict(Unit.objects.values_list("key", "pk"))
    new_units = [
        Unit(
            key=key,
            level=rows[-1]["level"],
            kind=Kind.PARTY_COMMITTEE,
            code=rows[-1]["code"],
            division_type=rows[-1]["division_type"],
        )
        for key, rows in changed.items()
        if key not in ids
    ]
    bulk_create_with_history(new_units, Unit, batch_size=2000)
    result.units_created += len(new_units)
    created_keys = {unit.key for unit in new_units}
    ids = dict(Unit.objects.values_list("key", "pk"))

    current: dict[int, list[UnitVersion]] = {}
    for version in UnitVersion.objects.filter(unit_id__in=[ids[k] for k in changed if k in ids]).select_related("unit"):
        current.setdefault(version.unit_id, []).append(version)

    def date(value: str) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    def event(value: str) -> int | None:
        return event_ids[value] if value else None

    to_create: list[UnitVersion] = []
    to_update: list[UnitVersion] = []
    for key, rows in changed.items():
        unit_id = ids[key]
        commission = key.startswith("com:")
        versions = sorted(current.get(unit_id, []), key=lambda v: v.valid_from or dt.date.min)
        if key not in created_keys:
            if any(v.started_by_id in history_event_ids or v.ended_by_id in history_event_ids for v in versions):
                continue  # done before
            if not versions or versions[0].valid_from is not None:
                continue  # corrected by hand: leave it
            last, earlier = versions[0], rows[:-1]
            last.valid_from = date(rows[-1]["valid_from"])
            last.started_by_id = event(rows[-1]["started_by"])
            to_update.append(last)
        else:
            earlier = rows
        for row in earlier:
            area = row["name"]
            committee = committee_name(area)
            start = date(row["valid_from"])
            if commission:
                name, parent_key = commission_name(committee, start), key[len("com:") :]
            else:
                name, parent_key = committee, row["parent"]
            version = UnitVersion(
                unit_id=unit_id,
                name=name,
                area_name="" if commission else area,
                short_name="BTGTU" if commission else "",
                parent_id=ids[parent_key] if parent_key else ids["central"],
                valid_from=start,
                valid_to=date(row["valid_to"]),
                started_by_id=event(row["started_by"]),
                ended_by_id=event(row["ended_by"]),
            )
            version.search_text = UnitVersion.build_search_text(
                name, version.area_name, row["code"] if not commission else ""
            )
            to_create.append(version)
    bulk_update_with_history(to_update, UnitVersion, ["valid_from", "started_by"], batch_size=2000)
    bulk_create_with_history(to_create, UnitVersion, batch_size=2000)
    result.versions_created += len(to_create)

    existing_links = set(UnitLink.objects.values_list("predecessor_id", "successor_id"))
    links = []
    for row in _read("history_lineage.csv", data_dir):
        pair = (ids[row["predecessor"]], ids[row["successor"]])
        if pair in existing_links:
            continue
        existing_links.add(pair)
        links.append(
            UnitLink(predecessor_id=pair[0], successor_id=pair[1], event_id=event_ids[row["event"]], share=row["share"])
        )
    bulk_create_with_history(links, UnitLink, batch_size=2000)
    result.links_created += len(links)
