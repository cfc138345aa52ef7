"""The map files built by scripts/build_map_data.py: every province of the tree, both archipelagos, small files,
and the 34 provinces close to an independent dissolve of the same package (where that reference is present)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
from pathlib import Path

import pytest
from django.conf import settings

from tuyengiao.analytics import maps

MAPS = Path(settings.BASE_DIR) / "static" / "maps"
REFERENCE = Path("/work/shared/data/maps/vn34-reference.geojson")
BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


def load(name: str) -> list[dict]:
    return json.loads((MAPS / f"{name}.json").read_text(encoding="utf-8"))["features"]


def area(geometry: dict) -> float:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    total = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
            total += abs(twice) / 2 * (1 if index == 0 else -1)
    return total


def provinces(name: str) -> dict[str, dict]:
    return {f["properties"]["code"]: f for f in load(name) if not f["properties"].get("archipelago")}


@pytest.mark.parametrize("name", ["vn63", "vn34"])
def test_every_national_map_file_labels_both_archipelagos_at_their_real_positions(name):
    features = {f["properties"]["key"]: f for f in load(name)}
    hoang_sa, truong_sa = features["hoang-sa"], features["truong-sa"]
    assert hoang_sa["properties"]["name"] == "Quần đảo Hoàng Sa (Thành phố Đà Nẵng)"
    assert hoang_sa["properties"]["code"] == "48"
    assert truong_sa["properties"]["name"] == "Quần đảo Trường Sa (Tỉnh Khánh Hòa)"
    assert truong_sa["properties"]["code"] == "56"
    for feature, (south, north, west, east) in (
        (hoang_sa, (15.5, 17.6, 110.9, 113.1)),
        (truong_sa, (7.5, 11.8, 111.5, 116.2)),
    ):
        points = [p for polygon in feature["geometry"]["coordinates"] for ring in polygon for p in ring]
        assert all(west <= lon <= east and south <= lat <= north for lon, lat in points)
        lon, lat = feature["properties"]["cp"]
        assert west <= lon <= east and south <= lat <= north
    assert maps.ARCHIPELAGOS == {"hoang-sa": ("48", maps.HOANG_SA), "truong-sa": ("56", maps.TRUONG_SA)}


@pytest.mark.parametrize("name", ["vn63", "vn34"])
def test_the_map_files_are_small_geojson(name):
    path = MAPS / f"{name}.json"
    assert path.stat().st_size < 400 * 1024
    for feature in load(name):
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        assert set(feature["properties"]) >= {"key", "code", "name"}


def test_the_map_files_hold_every_province_of_the_tree_on_30_june_and_1_july_2025(db):
    before = {code for _pk, code in maps.provinces_on(BEFORE)}
    after = {code for _pk, code in maps.provinces_on(AFTER)}
    assert len(before) == 63 and len(after) == 34
    assert set(provinces(maps.map_name(BEFORE))) == before
    assert set(provinces(maps.map_name(AFTER))) == after


def test_each_new_province_is_the_union_of_the_old_ones_it_absorbed():
    old = {code: area(f["geometry"]) for code, f in provinces("vn63").items()}
    new = {code: area(f["geometry"]) for code, f in provinces("vn34").items()}
    assert sum(old.values()) == pytest.approx(sum(new.values()), rel=1e-4)
    # Đắk Lắk = Đắk Lắk + Phú Yên; Khánh Hòa = Khánh Hòa + Ninh Thuận; Đà Nẵng = Đà Nẵng + Quảng Nam
    for merged, parts in (("66", ("66", "54")), ("56", ("56", "58")), ("48", ("48", "49"))):
        assert new[merged] == pytest.approx(sum(old[p] for p in parts), rel=1e-3)


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference dissolve is on the developers' machines only")
def test_the_34_provinces_match_the_reference_dissolve():
    reference = {f["properties"]["code"]: f for f in json.loads(REFERENCE.read_text(encoding="utf-8"))["features"]}
    ours = provinces("vn34")
    assert set(ours) == set(reference)
    for code, feature in reference.items():
        assert area(ours[code]["geometry"]) == pytest.approx(area(feature["geometry"]), rel=0.03), code


def test_the_union_of_shapes_sharing_an_edge_is_one_ring():
    spec = importlib.util.spec_from_file_location(
        "build_map_data", Path(settings.BASE_DIR) / "scripts" / "build_map_data.py"
    )
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    left = [[[(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]]]
    right = [[[(2, 0), (4, 0), (4, 2), (2, 2), (2, 0)]]]
    apart = [[[(10, 10), (11, 10), (11, 11), (10, 10)]]]
    result = build.union([left, right, apart])
    assert len(result) == 2
    assert sorted(build.area2(polygon[0]) for polygon in result) == [1, 16]
    # a ring of four squares around a hole keeps the hole
    squares = [
        [[[(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1), (x, y)]]]
        for x, y in ((0, 0), (1, 0), (2, 0), (0, 1), (2, 1), (0, 2), (1, 2), (2, 2))
    ]
    (ring,) = build.union(squares)
    assert build.area2(ring[0]) == 18 and len(ring) == 2 and build.area2(ring[1]) == -2


def test_quantile_classes_hold_about_as_many_provinces_each_and_speak_vietnamese(db):
    from tuyengiao.reports.models import Indicator

    number = Indicator(code="x", name="x", value_type="decimal", rule="sum")
    classes = maps.bands([float(v) for v in range(1, 11)], number)
    assert [(band.low, band.high) for band in classes] == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert [band.colour for band in classes] == maps.COLOURS
    assert maps.bands([1234.5, 1234.5], number)[0].label == "1.234,5"
    assert [band.label for band in maps.bands([0.0, 2500.25], number)] == ["0", "2.500,25"]
    assert maps.band_of(None, classes) is None
    share = Indicator(code="y", name="y", value_type="boolean", rule="count_yes")
    assert maps.bands([50.0, 62.5], share)[1].label == "62,5%"
