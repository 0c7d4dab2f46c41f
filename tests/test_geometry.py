"""Area geometries: GeoJSON loading and checks with German errors; the demo region's fictional polygons."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

import berichte.demo as demo
from berichte.charts.maps import map_shapes
from berichte.charts.shapes import label_point, projector, ring_area, simplify
from berichte.demo.geometry import demo_geometry, write_demo_geometry
from berichte.load.geometry import check_keys, load_geojson, parse_geojson
from berichte.problems import DataError


def square(x0, y0, size, key="A"):
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"type": "Feature", "properties": {"schluessel": key, "name": f"Gebiet {key}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(*features, **extra):
    return {"type": "FeatureCollection", "features": list(features), **extra}


def messages(excinfo) -> str:
    return " ".join(p.message for p in excinfo.value.problems)


def test_real_geometries_load(shared_data):
    hannover = load_geojson(shared_data / "geo" / "gemeinden_region_hannover_simplify200.geojson", key="AGS",
                            name="GEN")
    assert len(hannover) == 21 and hannover["03241001"].name == "Hannover"
    assert len(hannover["03241016"].polygons) == 4  # Sehnde is a MultiPolygon
    flensburg = load_geojson(shared_data / "flensburg_sozialatlas" / "flensburg_stadtteile.geojson")
    assert len(flensburg) == 13 and "STGT01" in flensburg  # AREA_ID found without being named
    lon0, lat0, lon1, lat1 = flensburg.bounds()
    assert 9.3 < lon0 < lon1 < 9.6 and 54.7 < lat0 < lat1 < 54.9


def test_broken_files_give_german_errors(tmp_path):
    path = tmp_path / "gebiete.geojson"
    with pytest.raises(DataError) as excinfo:
        load_geojson(path)
    assert "fehlt" in messages(excinfo)
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load_geojson(path)
    assert "kein gültiges JSON" in messages(excinfo) and excinfo.value.problems[0].row == 1
    with pytest.raises(DataError) as excinfo:
        parse_geojson({"type": "Feature"})
    assert "keine GeoJSON-FeatureCollection" in messages(excinfo)


def test_feature_problems_are_all_reported():
    projected = square(550000, 6000000, 1000, "B")  # metres in UTM, not degrees
    point = {"type": "Feature", "properties": {"schluessel": "C"}, "geometry": {"type": "Point", "coordinates": [9, 52]}}
    nameless = {"type": "Feature", "properties": {"GEN": "Ohne"}, "geometry": square(9, 52, 0.1)["geometry"]}
    tiny = square(9, 52, 0.1, "D")
    tiny["geometry"]["coordinates"][0] = [[9, 52], [9.1, 52]]
    with pytest.raises(DataError) as excinfo:
        parse_geojson(collection(square(9, 52, 0.1), projected, point, nameless, tiny), key="schluessel")
    text = messages(excinfo)
    assert "WGS84 (EPSG:4326) umprojizieren" in text
    assert "Geometrietyp „Point“ wird nicht unterstützt" in text
    assert "Objekt Nr. 4: es fehlt „schluessel“; vorhandene Eigenschaften: GEN" in text
    assert "mindestens vier Punkte" in text
    assert len(excinfo.value.problems) == 4


def test_projected_crs_member_is_refused():
    data = collection(square(9, 52, 0.1), crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}})
    with pytest.raises(DataError) as excinfo:
        parse_geojson(data)
    assert "EPSG::25832" in messages(excinfo)
    ok = collection(square(9, 52, 0.1), crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}})
    assert parse_geojson(ok).keys == ["A"]


def test_keys_are_text_and_multiple_features_merge():
    a, b = square(9, 52, 0.1, "01"), square(9.2, 52, 0.1, "01")
    numeric = square(9.4, 52, 0.1)
    numeric["properties"]["schluessel"] = 3241001  # a number: its leading zero is lost
    geometries = parse_geojson(collection(a, b, numeric))
    assert geometries.keys == ["01", "3241001"] and len(geometries["01"].polygons) == 2
    with pytest.raises(DataError) as excinfo:
        check_keys(geometries, ["01", "03241001"])
    assert "„3241001“" in messages(excinfo) and "Gemeint ist wohl „03241001“" in messages(excinfo)
    assert check_keys(parse_geojson(collection(a)), ["01", "02"]) == ["02"]  # known, no shape: for a warning
    with pytest.raises(DataError, match="passen nicht"):
        check_keys(parse_geojson(collection(a)), ["01", "02"], required=["02"])


def test_holes_are_kept():
    outer = [[9.0, 52.0], [9.4, 52.0], [9.4, 52.4], [9.0, 52.4], [9.0, 52.0]]
    hole = [[9.1, 52.1], [9.1, 52.3], [9.3, 52.3], [9.3, 52.1], [9.1, 52.1]]
    feature = {"type": "Feature", "properties": {"schluessel": "R"},
               "geometry": {"type": "Polygon", "coordinates": [outer, hole]}}
    geometries = parse_geojson(collection(feature))
    shapes = map_shapes(geometries, ["R"], 200)
    path = shapes.fills["R"][0]
    rings = shapes.rings["R"]
    assert len(rings) == 2
    assert abs(ring_area(path)) == pytest.approx(abs(ring_area(rings[0])) - abs(ring_area(rings[1])), rel=1e-6)


def test_simplify_and_label_point():
    angle = np.linspace(0, 2 * np.pi, 400)
    ring = np.column_stack([np.cos(angle), np.sin(angle)])
    simple = simplify(ring, 0.01)
    assert 10 < len(simple) < 60 and np.allclose(simple[0], simple[-1])
    assert abs(ring_area(simple)) == pytest.approx(np.pi, rel=0.02)
    bent = np.array([[0, 0], [10, 0], [10, 10], [8, 10], [8, 2], [0, 2], [0, 0]], float)  # an L: centroid outside
    x, y = label_point([bent])
    assert (0 < x < 10 and 0 < y < 2) or (8 < x < 10 and 0 < y < 10)


def test_demo_geometry_matches_the_demo_areas(demo_root):
    data = json.loads((demo_root / "data" / "gebiete.geojson").read_text(encoding="utf-8"))
    made = demo_geometry()  # the committed file is what the generator makes (deterministic)
    assert [f["properties"] for f in made["features"]] == [f["properties"] for f in data["features"]]
    for new, old in zip(made["features"], data["features"]):
        assert np.allclose(new["geometry"]["coordinates"][0], old["geometry"]["coordinates"][0], atol=2e-5)
    with open(demo_root / "data" / "gebiete.csv", encoding="utf-8") as handle:
        keys = [row["schluessel"] for row in csv.DictReader(handle, delimiter=";")]
    geometries = parse_geojson(data)
    assert geometries.keys == keys or sorted(geometries.keys) == sorted(keys)
    assert check_keys(geometries, keys, required=keys) == []


def test_demo_areas_follow_the_hectares():
    region = demo.demo_region()
    geometries = parse_geojson(demo_geometry())
    project = projector(geometries)
    km2 = {a.key: abs(sum(ring_area(project(r)) for r in a.rings)) for a in geometries}
    hectares = {leaf.key: leaf.hectares for leaf in region.leaves}
    for key, ha in hectares.items():
        assert km2[key] * 100 == pytest.approx(ha, rel=0.03), key
    city = [leaf.key for leaf in region.leaves if leaf.parent == region.city_key]
    assert sum(km2[k] for k in city) == pytest.approx(km2[region.city_key], rel=1e-3)
    kommunen = [k for k, _, level, _ in region.areas if level == "kommune"]
    assert sum(km2[k] for k in kommunen) == pytest.approx(km2[demo.REGION_KEY], rel=1e-3)
    # the city lies in the middle of the region
    cx, cy = np.vstack(geometries[region.city_key].rings[0]).mean(axis=0)
    x0, y0, x1, y1 = geometries.bounds()
    assert abs(cx - (x0 + x1) / 2) < (x1 - x0) * 0.1 and abs(cy - (y0 + y1) / 2) < (y1 - y0) * 0.1


def test_write_demo_geometry(tmp_path):
    path = write_demo_geometry(tmp_path / "data", n_kommunen=6)
    geometries = load_geojson(path)
    region = demo.demo_region(6)
    assert sorted(geometries.keys) == sorted(key for key, *_ in region.areas)
