"""Plane geometry for drawing maps: projection, simplification, areas and label positions of rings."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..load.geometry import Geometries, Ring

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
