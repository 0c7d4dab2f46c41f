"""Area geometries: loading and checking GeoJSON keyed by a property, and the demo region's fictional map.

Only plain ``json`` and numpy: GeoJSON Polygon and MultiPolygon features in WGS84 (longitude, latitude;
RFC 7946), each keyed by a property such as ``schluessel`` or ``AGS`` whose values match the keys in
``data/gebiete.csv`` (text, leading zeros kept). Several features with the same key are merged into one
area. Problems are collected and raised together as a :class:`~berichte.problems.DataError` with German
messages, like every other loader of the project.

The demo region gets simple fictional polygons made by :func:`demo_geometry`: a seeded outline, cut into
the Kommunen by a power diagram whose cell areas match the demo's hectares (the city in the middle), the
city cut the same way into its Sozialräume. :func:`write_demo_geometry` writes ``data/gebiete.geojson``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from . import atomic
from .problems import DataError, Problems

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


# --- projection and simplification (for drawing) -------------------------------------------------------

def projector(geometries: Geometries):
    """Equirectangular projection to kilometres, scaled by cos(mean latitude): good for a city or region."""
    x0, y0, x1, y1 = geometries.bounds()
    lon0, lat0 = (x0 + x1) / 2, (y0 + y1) / 2
    kx = 111.32 * math.cos(math.radians(lat0))
    ky = 110.574

    def project(ring: Ring) -> np.ndarray:
        return np.column_stack([(ring[:, 0] - lon0) * kx, (ring[:, 1] - lat0) * ky])

    return project


def simplify(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker simplification of a closed ring (keeps at least a triangle)."""
    if len(ring) <= 4 or tolerance <= 0:
        return ring
    keep = np.zeros(len(ring), dtype=bool)
    keep[0] = keep[-1] = True
    far = int(np.argmax(((ring - ring[0]) ** 2).sum(axis=1)))  # split a closed ring at its farthest point
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        a, b = ring[start], ring[end]
        segment = ring[start + 1:end]
        ab = b - a
        length = math.hypot(*ab)
        if length == 0:
            distances = np.hypot(*(segment - a).T)
        else:
            distances = np.abs(ab[0] * (segment[:, 1] - a[1]) - ab[1] * (segment[:, 0] - a[0])) / length
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            split = start + 1 + index
            keep[split] = True
            stack += [(start, split), (split, end)]
    result = ring[keep]
    return result if len(result) >= 4 else ring


def ring_area(ring: np.ndarray) -> float:
    """Signed area (shoelace; positive = counter-clockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def ring_centroid(ring: np.ndarray) -> tuple[float, float]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float(x.mean()), float(y.mean())
    return (float(((x[:-1] + x[1:]) * cross).sum() / (6 * area)),
            float(((y[:-1] + y[1:]) * cross).sum() / (6 * area)))


def label_spot(rings: Sequence[np.ndarray]) -> tuple[float, float, float]:
    """A point well inside the largest outer ring and the width available there: the middle of the widest
    inside stretch of a horizontal line near the centroid (the centroid itself can lie outside)."""
    ring = max(rings, key=lambda r: abs(ring_area(r)))
    cx, cy = ring_centroid(ring)
    ys = ring[:, 1]
    best = None
    a, b = ring[:-1], ring[1:]
    for y in (cy, *np.linspace(ys.min(), ys.max(), 11)[1:-1]):
        crossing = (a[:, 1] - y) * (b[:, 1] - y) < 0
        if not crossing.any():
            continue
        t = (y - a[crossing, 1]) / (b[crossing, 1] - a[crossing, 1])
        xs = np.sort(a[crossing, 0] + t * (b[crossing, 0] - a[crossing, 0]))
        for left, right in zip(xs[::2], xs[1::2]):
            score = (right - left) - 0.5 * abs(y - cy)
            if best is None or score > best[0]:
                best = (score, (left + right) / 2, y, right - left)
    if best is None:
        return cx, cy, 0.0
    return float(best[1]), float(best[2]), float(best[3])


def label_point(rings: Sequence[np.ndarray]) -> tuple[float, float]:
    x, y, _ = label_spot(rings)
    return x, y


# --- the demo region's fictional geometry ----------------------------------------------------------------

DEMO_CENTRE = (9.95, 52.85)  # lon, lat: somewhere in Lower Saxony; the region itself is fictional


def _clip(polygon: np.ndarray, normal: np.ndarray, offset: float) -> np.ndarray:
    """Keep the part of an open polygon (n×2, not closed) where normal·p ≤ offset (Sutherland–Hodgman)."""
    if len(polygon) == 0:
        return polygon
    d = polygon @ normal - offset
    inside = d <= 0
    if inside.all():
        return polygon
    if not inside.any():
        return polygon[:0]
    nxt = np.roll(polygon, -1, axis=0)
    dn = np.roll(d, -1)
    crossing = inside != np.roll(inside, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(crossing, d / (d - dn), 0.0)
    cut = polygon + t[:, None] * (nxt - polygon)
    out = np.empty((len(polygon), 2, 2))
    out[:, 0], out[:, 1] = polygon, cut
    mask = np.column_stack([inside, crossing])
    return out[mask]


def _area(polygon: np.ndarray) -> float:
    if len(polygon) < 3:
        return 0.0
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def _centroid(polygon: np.ndarray) -> np.ndarray:
    closed = np.vstack([polygon, polygon[:1]])
    return np.array(ring_centroid(closed))


def power_cells(outline: np.ndarray, sites: np.ndarray, weights: np.ndarray, near: int = 20) -> list[np.ndarray]:
    """Cells of the power diagram of ``sites`` (with ``weights``) inside a convex or star-shaped ``outline``.

    Each cell is cut by its ``near`` nearest sites only (cells are local), which keeps large synthetic
    regions fast; with up to ``near`` + 1 sites the diagram is exact.
    """
    from scipy.spatial import cKDTree

    count = len(sites)
    k = min(count, near + 1)
    _, neighbours = cKDTree(sites).query(sites, k=k)
    neighbours = np.atleast_2d(neighbours)
    cells = []
    for i, site in enumerate(sites):
        cell = outline
        for j in neighbours[i]:
            if i == j:
                continue
            other = sites[j]
            normal = 2 * (other - site)
            offset = other @ other - site @ site + weights[i] - weights[j]
            cell = _clip(cell, normal, offset)
            if len(cell) == 0:
                break
        cells.append(cell)
    return cells


def partition(outline: np.ndarray, targets: Sequence[float], sites: np.ndarray, fixed: Sequence[int] = (),
              iterations: int = 200, tolerance: float = 0.005) -> list[np.ndarray]:
    """Cut ``outline`` into cells whose areas approach ``targets`` (same unit as the outline's area):
    capacity-constrained power diagram, weights adjusted to the areas, sites moved to their cells' centroids
    (except ``fixed`` sites)."""
    targets = np.asarray(targets, dtype=float)
    targets = targets / targets.sum() * _area(outline)
    sites = np.array(sites, dtype=float)
    weights = np.zeros(len(sites))
    step = 0.6
    for _ in range(iterations):
        cells = power_cells(outline, sites, weights)
        areas = np.array([_area(c) for c in cells])
        if np.max(np.abs(areas - targets) / targets) < tolerance:
            break
        weights += step * (targets - areas)
        for i, cell in enumerate(cells):
            if i not in fixed and len(cell) >= 3:
                sites[i] = 0.6 * sites[i] + 0.4 * _centroid(cell)
    return power_cells(outline, sites, weights)


def _outline(area_km2: float, rng: np.random.Generator, points: int = 96) -> np.ndarray:
    """A smooth, seeded, roughly round outline (counter-clockwise) of the given area."""
    theta = np.linspace(0, 2 * np.pi, points, endpoint=False)
    radius = np.ones(points)
    for k, amplitude in ((2, 0.07), (3, 0.05), (4, 0.035), (5, 0.025), (7, 0.015)):
        radius += amplitude * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    shape = np.column_stack([radius * np.cos(theta), radius * np.sin(theta)])
    return shape * math.sqrt(area_km2 / _area(shape))


def _ring_sites(count: int, radius: float, rng: np.random.Generator, start: float = 0.0) -> np.ndarray:
    """Sites spread over a disc (sunflower pattern) outside an inner radius, slightly jittered."""
    i = np.arange(count) + 0.5
    r = radius * np.sqrt(0.18 + 0.82 * i / count)
    angle = start + i * math.pi * (3 - math.sqrt(5))
    sites = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    return sites + rng.normal(0, radius * 0.03, sites.shape)


def _to_lonlat(polygon: np.ndarray) -> list[list[float]]:
    lon0, lat0 = DEMO_CENTRE
    kx = 111.32 * math.cos(math.radians(lat0))
    ring = [[round(lon0 + x / kx, 5), round(lat0 + y / 110.574, 5)] for x, y in polygon]
    ring.append(ring[0])
    return ring


def demo_geometry(n_kommunen: int = 21, seed: int | None = None) -> dict:
    """A GeoJSON FeatureCollection for the demo region: the Region, its Kommunen (the city in the middle)
    and the city's Sozialräume, with properties schluessel, name and ebene; areas follow the demo's hectares."""
    from . import demo

    seed = demo.SEED if seed is None else seed
    region = demo.demo_region(n_kommunen, seed)
    rng = np.random.default_rng(seed + 7)
    names = {key: name for key, name, _, _ in region.areas}
    levels = {key: level for key, _, level, _ in region.areas}
    districts = [leaf for leaf in region.leaves if leaf.parent == region.city_key]
    towns = [leaf for leaf in region.leaves if leaf.parent != region.city_key]
    city_ha = sum(leaf.hectares for leaf in districts)
    total_km2 = (city_ha + sum(t.hectares for t in towns)) / 100
    outline = _outline(total_km2, rng)
    radius = math.sqrt(total_km2 / math.pi)
    sites = np.vstack([[0.0, 0.0], _ring_sites(len(towns), radius * 0.85, rng)])
    kommunen = partition(outline, [city_ha] + [t.hectares for t in towns], sites, fixed=[0])
    city = kommunen[0]
    city_radius = math.sqrt(city_ha / 100 / math.pi)
    city_sites = np.vstack([[0.0, 0.0], _ring_sites(len(districts) - 1, city_radius * 0.8, rng, 0.4)])
    city_sites += _centroid(city)
    sozialraeume = partition(city, [d.hectares for d in districts], city_sites, fixed=[0])

    def feature(key: str, polygon: np.ndarray) -> dict:
        return {"type": "Feature", "properties": {"schluessel": key, "name": names[key], "ebene": levels[key]},
                "geometry": {"type": "Polygon", "coordinates": [_to_lonlat(polygon)]}}

    features = [feature(demo.REGION_KEY, outline), feature(region.city_key, city)]
    features += [feature(t.key, cell) for t, cell in zip(towns, kommunen[1:])]
    features += [feature(d.key, cell) for d, cell in zip(districts, sozialraeume)]
    return {"type": "FeatureCollection",
            "name": "Region Seewalden (fiktive Beispielgeometrie)",
            "features": features}


def write_demo_geometry(data_dir: Path | str, n_kommunen: int = 21, seed: int | None = None) -> Path:
    """Write the demo geometry to ``data_dir/gebiete.geojson`` (atomically); returns the path."""
    path = Path(data_dir) / "gebiete.geojson"
    data = demo_geometry(n_kommunen, seed)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    atomic.write_text(path, text.replace('{"type":"Feature"', '\n{"type":"Feature"') + "\n")
    return path
