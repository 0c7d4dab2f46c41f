"""The demo region's fictional map: simple polygons for the Region, its Kommunen and the city's Sozialräume.

A seeded outline is cut into the Kommunen by a power diagram whose cell areas match the demo's hectares
(the city in the middle), the city cut the same way into its Sozialräume. :func:`write_demo_geometry`
writes ``data/gebiete.geojson``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import atomic
from ..charts.shapes import ring_centroid
from .region import REGION_KEY, SEED, demo_region

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
    seed = SEED if seed is None else seed
    region = demo_region(n_kommunen, seed)
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

    features = [feature(REGION_KEY, outline), feature(region.city_key, city)]
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
