"""Area polygons for imported projects, from the official geometries in the shared data folder.

Every importer that knows where polygons of its areas are (BKG Gemeinden of Niedersachsen, the Flensburg
Stadtteile, the LSN Kreise) builds ``data/gebiete.geojson`` with :func:`area_features`: one feature per area
of the project, keyed by the property ``schluessel``. Areas made of several source polygons (a Samtgemeinde
from its Mitgliedsgemeinden, a Kreis from its Gemeinden) are dissolved with shapely, so that the map shows
their outline and not the inner borders. Areas without a polygon are reported, never invented.
"""

from __future__ import annotations

import json
from pathlib import Path

from shapely import geometry as shapes
from shapely.ops import unary_union

from ..problems import Problems

GEO_NI_GEMEINDEN = Path("geo") / "gemeinden_niedersachsen_simplify200.geojson"
GEO_NI_KREISE = Path("lsn_integrationsmonitoring_ni") / "geo" / "NI_Kurz_diss.geojson"
GEO_FLENSBURG = Path("flensburg_sozialatlas") / "flensburg_stadtteile.geojson"
GEO_NI_SOURCE = ("© GeoBasis-DE / BKG 2013 (Daten verändert), Gemeindegrenzen Niedersachsen "
                 "(gemeinden_simplify200, Gebietsstand etwa 2017), dl-de/by-2-0")
DECIMALS = 5  # about 1 m: more than enough for maps of a Kreis


def read_features(path: Path, key_property: str, problems: Problems, land_only: bool = True) -> dict[str, object]:
    """Source key → shapely geometry (features with the same key are dissolved). ``land_only`` skips water
    areas of BKG files (property GF other than 4) where the property exists."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.warning(f"Die Geometriedatei ist nicht lesbar ({exc}); es wird keine Karte geschrieben.", path)
        return {}
    parts: dict[str, list] = {}
    for feature in raw.get("features", []):
        props = feature.get("properties") or {}
        if land_only and "GF" in props and str(props["GF"]) != "4":
            continue
        key = str(props.get(key_property, "")).strip()
        if not key or not feature.get("geometry"):
            continue
        parts.setdefault(key, []).append(shapes.shape(feature["geometry"]))
    return {key: unary_union(geoms) if len(geoms) > 1 else geoms[0] for key, geoms in parts.items()}


def area_features(source: dict[str, object], members: dict[str, list[str]], names: dict[str, str]) -> dict:
    """A GeoJSON FeatureCollection with one feature per area key in ``members`` (area key → the source keys
    it is made of). Areas with a missing part get no polygon (a partial outline would mislead)."""
    features = []
    for key, parts in members.items():
        if not parts or any(p not in source for p in parts):
            continue
        shape = unary_union([source[p] for p in parts]) if len(parts) > 1 else source[parts[0]]
        shape = shapes.shape(_rounded(shapes.mapping(shape)))
        if not shape.is_valid:
            shape = shape.buffer(0)
        features.append({"type": "Feature", "properties": {"schluessel": key, "name": names.get(key, key)},
                         "geometry": _rounded(shapes.mapping(shape))})
    return {"type": "FeatureCollection", "features": features}


def leaf_members(areas, source: dict[str, object], source_key=lambda key: key) -> dict[str, list[str]]:
    """Area key → source keys: an area with its own polygon takes it, any other the polygons of its
    descendants (a Kreis from its Gemeinden, a Land from its Kreise). ``areas`` has key and parent columns."""
    children: dict[str, list[str]] = {}
    for key, parent in zip(areas["key"], areas["parent"]):
        if parent:
            children.setdefault(parent, []).append(key)

    def members(key: str) -> list[str]:
        if source_key(key) in source:
            return [source_key(key)]
        found = [m for child in children.get(key, []) for m in members(child)]
        return found if children.get(key) else [source_key(key)]

    return {key: members(key) for key in areas["key"]}


def missing_polygons(collection: dict | None, keys) -> list[str]:
    have = {f["properties"]["schluessel"] for f in (collection or {}).get("features", [])}
    return [k for k in keys if k not in have]


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), DECIMALS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
