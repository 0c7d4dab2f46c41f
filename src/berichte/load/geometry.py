"""Area geometries: loading and checking GeoJSON keyed by a property.

Only plain ``json`` and numpy: GeoJSON Polygon and MultiPolygon features in WGS84 (longitude, latitude;
RFC 7946), each keyed by a property such as ``schluessel`` or ``AGS`` whose values match the keys in
``data/gebiete.csv`` (text, leading zeros kept). Several features with the same key are merged into one
area. Problems are collected and raised together as a :class:`~berichte.problems.DataError` with German
messages, like every other loader of the project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from ..problems import DataError, Problems

KEY_PROPERTIES = ("schluessel", "AGS", "ags", "key", "id", "AREA_ID")
NAME_PROPERTIES = ("name", "GEN", "AREA_NAME", "gebiet")
WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "urn:ogc:def:crs:EPSG::4326",
               "EPSG:4326", "CRS84"}

Ring = np.ndarray  # shape (n, 2): longitude, latitude; closed (first == last)


@dataclass(frozen=True)
class Area:
    """One area's shape: polygons, each a tuple of rings (outer ring first, then holes)."""

    key: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]

    @property
    def rings(self) -> list[Ring]:
        return [ring for polygon in self.polygons for ring in polygon]

    def bounds(self) -> tuple[float, float, float, float]:
        points = np.vstack(self.rings)
        return (float(points[:, 0].min()), float(points[:, 1].min()), float(points[:, 0].max()),
                float(points[:, 1].max()))


@dataclass
class Geometries:
    """Areas keyed by their key, in file order."""

    areas: dict[str, Area] = field(default_factory=dict)
    path: Path | None = None

    def __contains__(self, key: str) -> bool:
        return key in self.areas

    def __getitem__(self, key: str) -> Area:
        return self.areas[key]

    def __len__(self) -> int:
        return len(self.areas)

    def __iter__(self):
        return iter(self.areas.values())

    @property
    def keys(self) -> list[str]:
        return list(self.areas)

    def subset(self, keys: Iterable[str]) -> "Geometries":
        """The areas with these keys (those without a shape are left out)."""
        return Geometries({k: self.areas[k] for k in keys if k in self.areas}, self.path)

    def bounds(self) -> tuple[float, float, float, float]:
        boxes = np.array([a.bounds() for a in self.areas.values()])
        return (float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()),
                float(boxes[:, 3].max()))


# --- loading --------------------------------------------------------------------------------------------

def _where(path: Path | None) -> str:
    return f"Die Geometriedatei {path}" if path is not None else "Die Geometrie"


def _ring(raw, label: str, problems: Problems, path: Path | None) -> Ring | None:
    try:
        ring = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        problems.error(f"{label}: die Koordinaten sind keine Zahlenpaare.", path)
        return None
    if ring.ndim != 2 or ring.shape[1] < 2:
        problems.error(f"{label}: die Koordinaten sind keine Liste von Punkten [Länge, Breite].", path)
        return None
    ring = ring[:, :2]
    if not np.isfinite(ring).all():
        problems.error(f"{label}: die Koordinaten enthalten ungültige Zahlen.", path)
        return None
    if len(ring) and not np.array_equal(ring[0], ring[-1]):
        ring = np.vstack([ring, ring[:1]])  # tolerate unclosed rings
    if len(ring) < 4:
        problems.error(f"{label}: ein Ring braucht mindestens vier Punkte (drei Ecken und den Schlusspunkt).",
                       path)
        return None
    if (np.abs(ring[:, 0]) > 180).any() or (np.abs(ring[:, 1]) > 90).any():
        problems.error(f"{label}: die Koordinaten liegen außerhalb von Länge ±180° und Breite ±90°. Die Datei ist "
                       "wohl in einem projizierten Koordinatensystem (z. B. ETRS89/UTM, EPSG:25832); bitte nach "
                       "WGS84 (EPSG:4326) umprojizieren.", path)
        return None
    return ring


def _polygons(geometry, label: str, problems: Problems, path: Path | None):
    if not isinstance(geometry, dict):
        problems.error(f"{label}: die Geometrie fehlt.", path)
        return None
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        raw_polygons = [coordinates]
    elif kind == "MultiPolygon":
        raw_polygons = coordinates
    else:
        problems.error(f"{label}: der Geometrietyp „{kind}“ wird nicht unterstützt; erwartet werden Polygon "
                       "oder MultiPolygon.", path)
        return None
    if not isinstance(raw_polygons, list) or not raw_polygons:
        problems.error(f"{label}: die Koordinaten fehlen.", path)
        return None
    polygons = []
    for raw in raw_polygons:
        if not isinstance(raw, list) or not raw:
            problems.error(f"{label}: ein Polygon hat keine Ringe.", path)
            return None
        rings = [_ring(r, label, problems, path) for r in raw]
        if any(r is None for r in rings):
            return None
        polygons.append(tuple(rings))
    return polygons


def _check_crs(data: dict, problems: Problems, path: Path | None) -> None:
    crs = data.get("crs")
    if not isinstance(crs, dict):
        return
    name = str((crs.get("properties") or {}).get("name", ""))
    if name and name not in WGS84_NAMES and not name.endswith(("CRS84", "EPSG::4326", "EPSG:4326")):
        problems.error(f"{_where(path)} ist im Koordinatensystem „{name}“; erwartet wird WGS84 (Länge/Breite, "
                       "EPSG:4326). Bitte umprojizieren, z. B. mit ogr2ogr -t_srs EPSG:4326.", path)


def parse_geojson(data, key: str | None = None, name: str | None = None, path: Path | None = None) -> Geometries:
    """Areas from a parsed GeoJSON FeatureCollection. ``key``/``name``: the properties holding the area key
    and name; by default the first of :data:`KEY_PROPERTIES` / :data:`NAME_PROPERTIES` that is present."""
    problems = Problems()
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or \
            not isinstance(data.get("features"), list):
        problems.error(f"{_where(path)} ist keine GeoJSON-FeatureCollection (erwartet: "
                       "{\"type\": \"FeatureCollection\", \"features\": [...]}).", path)
        raise DataError(f"{_where(path)} kann nicht gelesen werden.", problems.items)
    _check_crs(data, problems, path)
    features = data["features"]
    if not features:
        problems.error(f"{_where(path)} enthält keine Gebiete.", path)
    result = Geometries(path=path)
    parts: dict[str, list] = {}
    names: dict[str, str] = {}
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {} if isinstance(feature, dict) else {}
        key_property = key or next((p for p in KEY_PROPERTIES if p in properties), None)
        if key_property is None or properties.get(key_property) in (None, ""):
            shown = ", ".join(sorted(properties)) or "keine"
            wanted = f"„{key}“" if key else "ein Schlüssel (" + ", ".join(KEY_PROPERTIES) + ")"
            problems.error(f"Objekt Nr. {number}: es fehlt {wanted}; vorhandene Eigenschaften: {shown}.", path)
            continue
        raw_key = properties[key_property]
        if isinstance(raw_key, float) and raw_key.is_integer():
            raw_key = int(raw_key)
        area_key = str(raw_key).strip()
        label = f"Gebiet „{area_key}“"
        polygons = _polygons(feature.get("geometry"), label, problems, path)
        if polygons is None:
            continue
        parts.setdefault(area_key, []).extend(polygons)
        name_property = name or next((p for p in NAME_PROPERTIES if p in properties), None)
        names.setdefault(area_key, str(properties.get(name_property, area_key)) if name_property else area_key)
    if problems.has_errors():
        raise DataError(f"{_where(path)} enthält Fehler.", problems.items)
    for area_key, polygons in parts.items():
        result.areas[area_key] = Area(area_key, names[area_key], tuple(polygons))
    return result


def load_geojson(path: Path | str, key: str | None = None, name: str | None = None) -> Geometries:
    """Read a GeoJSON file of areas (see :func:`parse_geojson`)."""
    path = Path(path)
    problems = Problems()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.error(f"{_where(path)} fehlt.", path)
        raise DataError(f"{_where(path)} fehlt.", problems.items) from None
    except UnicodeDecodeError:
        problems.error(f"{_where(path)} ist nicht in UTF-8 kodiert.", path)
        raise DataError(f"{_where(path)} kann nicht gelesen werden.", problems.items) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error(f"{_where(path)} ist kein gültiges JSON: {exc.msg} (Zeile {exc.lineno}, Spalte {exc.colno}).",
                       path, row=exc.lineno)
        raise DataError(f"{_where(path)} kann nicht gelesen werden.", problems.items) from None
    return parse_geojson(data, key, name, path)


def check_keys(geometries: Geometries, keys: Iterable[str], required: Iterable[str] = ()) -> list[str]:
    """Check the geometry keys against the known area keys (``gebiete.csv``).

    Raises DataError for keys that are not known areas (with a hint when only leading zeros are lost)
    and for ``required`` areas without a shape; returns the known keys without a shape (for a warning).
    """
    known = [str(k) for k in keys]
    known_set = set(known)
    problems = Problems()
    for key in geometries.keys:
        if key in known_set:
            continue
        padded = [k for k in known if k.lstrip("0") == key.lstrip("0") and k != key]
        hint = f" Gemeint ist wohl „{padded[0]}“: die führenden Nullen fehlen (Schlüssel als Text speichern)." \
            if padded else ""
        problems.error(f"Die Geometrie enthält den Schlüssel „{key}“, den es in den Gebieten nicht gibt.{hint}",
                       geometries.path)
    for key in required:
        if key not in geometries:
            problems.error(f"Für das Gebiet „{key}“ fehlt die Geometrie.", geometries.path)
    if problems.has_errors():
        raise DataError("Die Geometrien passen nicht zu den Gebieten.", problems.items)
    return [k for k in known if k not in geometries]
