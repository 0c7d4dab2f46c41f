"""Choropleth maps: a Kennzahl in classes, or classes such as the Sozialindex, over area polygons.

Polygons come from :mod:`berichte.load.geometry` (GeoJSON in WGS84), are projected equirectangularly (scaled by
the cosine of the mean latitude; good enough for a city or a region) and simplified below what can be seen
at print size (0.15 pt). Holes are kept: each polygon is filled as one path with "keyhole" bridges, and
the borders are drawn separately as lines. Areas without a value are light grey and hatched, legend
"keine Angabe" (greyscale-safe). The highlighted area gets a black outline (and a legend entry), names
are written where they fit.
"""

from __future__ import annotations

from ..formatting import is_missing

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from matplotlib.collections import Collection
from matplotlib.colors import to_hex

from ..formatting import number, rounded
from ..load.geometry import Geometries
from .shapes import label_spot, projector, ring_area, simplify
from .base import SECRECY_NOTE, AreaValue, Chart, Imprint, Measure
from .canvas import Canvas, LegendItem, caption, caption_block, caption_height, draw_key, text_width, wrap
from .scatter import DEFAULT_SCHEME, IndexPoint, IndexScheme
from .style import BASE_SIZE, CAPTION_SIZE, INK, MARGIN, NA_FILL, ORDINAL, SEQUENTIAL, WIDTH_CM, WIDTH_PT, join_and, points, source_line, value_text

NO_DATA = "keine Angabe"
BORDER = "#bdbdbd"  # light grey: white on dark classes, still a line between two light areas
BORDER_WIDTH = 0.6
OUTLINE = "#111111"
NA_MARK = "#a0a0a1"  # unique edge colour that tells the post-processing which layer to hatch
LEGEND_W = 150.0  # pt on the right for the legend
MAP_H = (200.0, 430.0)  # height range of the map itself, pt


@dataclass(frozen=True)
class AreaClass:
    """One area's class for a class map; ``label`` None = no class (no value or secrecy)."""

    key: str
    name: str
    label: str | None
    suppressed: bool = False


# --- geometry in points --------------------------------------------------------------------------------

def _oriented(ring: np.ndarray, ccw: bool) -> np.ndarray:
    return ring if (ring_area(ring) > 0) == ccw else ring[::-1]


@dataclass
class MapShapes:
    """Projected, simplified shapes in points: per key its keyhole fill paths, border rings, label spot."""

    fills: dict[str, list[np.ndarray]]
    rings: dict[str, list[np.ndarray]]
    spots: dict[str, tuple[float, float, float]]  # x, y, width available (pt)
    width: float
    height: float


def map_shapes(geometries: Geometries, keys: Sequence[str], max_width: float, heights=MAP_H) -> MapShapes:
    """Fit the areas into ``max_width`` points (height within ``heights``), aspect kept, origin bottom left."""
    project = projector(geometries.subset(keys))
    projected = {k: [[project(r) for r in polygon] for polygon in geometries[k].polygons] for k in keys}
    points = np.vstack([r for polys in projected.values() for poly in polys for r in poly])
    lo = points.min(axis=0)
    span = np.maximum(points.max(axis=0) - lo, 1e-9)
    scale = max_width / span[0]
    if span[1] * scale > heights[1]:
        scale = heights[1] / span[1]
    tolerance = 0.15 / scale  # 0.15 pt on paper
    fills, rings, spots = {}, {}, {}
    for key in keys:
        fills[key], rings[key] = [], []
        outers = []
        for polygon in projected[key]:
            simple = [(simplify(r, tolerance) - lo) * scale for r in polygon]
            outer = _oriented(simple[0], True)
            outers.append(outer)
            path = [outer]
            for hole in simple[1:]:
                path += [_oriented(hole, False), outer[:1]]
            fills[key].append(np.vstack(path))
            rings[key] += simple
        spots[key] = label_spot(outers)
    return MapShapes(fills, rings, spots, float(span[0] * scale), max(float(span[1] * scale), heights[0]))


def _hatch(figure) -> None:
    """Hatch the "keine Angabe" layer (areas and legend key): greyscale-safe, not colour alone."""
    na = to_hex(NA_MARK)
    for artist in figure.findobj(lambda a: isinstance(a, Collection)):
        edges = artist.get_edgecolor()
        if len(edges) and all(to_hex(c) == na for c in edges):
            artist.set_hatch("////")
            artist.set_linewidth(0)


def place_names(keys: Sequence[str], names: Mapping[str, str], spots, size: float, highlight: str | None,
                everywhere: bool) -> list[tuple[float, float, str, bool]]:
    """Names that fit inside their area (the highlighted one also a little wider), without overlaps;
    the highlighted area first, then by available width."""
    order = sorted(keys, key=lambda k: (k != highlight, -spots[k][2]))
    boxes, placed = [], []
    for key in order:
        x, y, room = spots[key]
        bold = key == highlight
        label = names[key]
        if text_width(label, size, bold) > room * 0.95 and " " in label:
            label = wrap(label, size, max(room * 0.95, 40), bold, max_lines=2)
        w = text_width(label, size, bold) + 4
        h = size * (1.1 + 1.1 * label.count("\n")) + 2
        if w > room * (1.2 if bold else 1.0) and not (bold and not everywhere):
            continue
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        placed.append((x, y, label, bold))
    return placed


# --- classes -------------------------------------------------------------------------------------------

def class_breaks(values: Sequence[float], classes: int, decimals: int) -> list[float]:
    """Inner class boundaries from quantiles, rounded to a readable step (never finer than ``decimals``)."""
    data = np.sort(np.asarray([v for v in values], dtype=float))
    if len(data) < 2 or data[0] == data[-1]:
        return []
    step = (data[-1] - data[0]) / classes
    digits = min(decimals, -math.floor(math.log10(step / 2))) if step > 0 else decimals
    raw = np.quantile(data, [i / classes for i in range(1, classes)])
    breaks = []
    for b in raw:
        value = round(float(b), digits)
        if data[0] < value <= data[-1] and (not breaks or value > breaks[-1]):
            breaks.append(value)
    return breaks


def class_labels(breaks: Sequence[float], measure: Measure) -> list[str]:
    """ "unter 6,0 %", "6,0 bis unter 8,0 %", "8,0 % und mehr" (German format, unit at the end)."""
    def fmt(v: float) -> str:
        return number(v, measure.decimals)

    unit = "\u00a0%" if measure.is_percent else ""
    if not breaks:
        return ["alle Gebiete"]
    labels = [f"unter {fmt(breaks[0])}{unit}"]
    labels += [f"{fmt(a)} bis unter {fmt(b)}{unit}" for a, b in zip(breaks, breaks[1:])]
    labels.append(f"{fmt(breaks[-1])}{unit} und mehr")
    return labels


def classify(value: float, breaks: Sequence[float], decimals: int) -> int:
    """Class index of a value as it is shown (rounded), so a shown 6,0 never falls into "unter 6,0"."""
    shown = rounded(value, decimals)
    return sum(shown >= b for b in breaks)


def _count(n: int) -> str:
    return f"{n} Gebiet" if n == 1 else f"{n} Gebiete"


# --- drawing -------------------------------------------------------------------------------------------

# --- drawing -------------------------------------------------------------------------------------------

def _draw(geometries: Geometries, assignment: Mapping[str, str | None], area_names: Mapping[str, str],
          order: Sequence[str], palette: Sequence[str], legend_title: str, highlight: str | None, names: str,
          cap: str, title: str, alt: str, marks: Sequence[str] = (), mark_label: str = "",
          width: float = WIDTH_PT) -> tuple[str, float]:
    """The map left, the legend right; on narrow charts (a phone variant) the legend goes below the map."""
    keys = [k for k in assignment if k in geometries]
    if not keys:
        raise ValueError("Für die Karte fehlen die Geometrien der Gebiete.")
    below = width < 380
    map_width = width - 2 * MARGIN - 4 if below else width - LEGEND_W - 2 * MARGIN - 12
    shapes = map_shapes(geometries, keys, map_width, (120.0, MAP_H[1]) if below else MAP_H)
    cap_h = caption_height(cap, CAPTION_SIZE)
    tick = BASE_SIZE - 0.5
    legend_w = width - 2 * MARGIN if below else LEGEND_W
    legend_title = wrap(legend_title, tick, legend_w - 6, bold=True, max_lines=3)
    entries = len(order) + (1 if any(assignment[k] is None for k in keys) else 0) + (1 if highlight in keys else 0) \
        + (1 if marks else 0)
    legend_h = (legend_title.count("\n") + 1) * tick * 1.2 + 8 + entries * (tick * 1.7) + 10
    body = shapes.height + legend_h + 6 if below else max(shapes.height, legend_h)
    height = MARGIN + 3 + body + 10 + cap_h + MARGIN
    c = Canvas(width, height)
    caption(c, cap, CAPTION_SIZE)
    y0 = MARGIN + cap_h + 10 + (legend_h + 6 if below else (body - shapes.height) / 2)
    x0 = MARGIN + 2

    colours = dict(zip(order, palette))
    for key in keys:
        cls = assignment[key]
        holes = any(len(path) > len(ring) for path, ring in zip(shapes.fills[key], shapes.rings[key]))
        for path in shapes.fills[key]:
            # the border is the fill's own outline (one SVG path per area); areas with holes get their rings
            # drawn as lines, so that the keyhole bridges stay invisible
            c.polygon(path[:, 0] + x0, path[:, 1] + y0, colours.get(cls, NA_FILL) if cls else NA_FILL,
                      "none" if holes else BORDER, BORDER_WIDTH, z=1)
            if cls is None:
                c.polygon(path[:, 0] + x0, path[:, 1] + y0, NA_FILL, NA_MARK, 0.01, z=2)
        if holes:
            for ring in shapes.rings[key]:
                c.line(ring[:, 0] + x0, ring[:, 1] + y0, BORDER, BORDER_WIDTH, z=3)
    if highlight in keys:  # black on a white casing: visible on the darkest class too
        for ring in shapes.rings[highlight]:
            c.line(ring[:, 0] + x0, ring[:, 1] + y0, "white", 3.4, z=3)
        for ring in shapes.rings[highlight]:
            c.line(ring[:, 0] + x0, ring[:, 1] + y0, OUTLINE, 1.5, z=3)
    marked = [k for k in marks if k in keys]
    size = BASE_SIZE - (2.0 if names == "all" else 1.0)
    lift = {k: 0.0 for k in keys}
    for k in marked:
        x, y, _ = shapes.spots[k]
        c.marker(x + x0, y + y0 + (size * 0.9 if names != "none" else 0), "triangle", 7.0, INK, "white", 0.7, z=5)
        lift[k] = -size * 0.5
    if names in ("all", "highlight"):
        chosen = keys if names == "all" else [highlight] if highlight in keys else []
        spots = {k: (x, y + lift[k], w) for k, (x, y, w) in shapes.spots.items()}
        for x, y, label, bold in place_names(chosen, area_names, spots, size, highlight, names == "all"):
            w, h = text_width(label, size, bold) + 4, size * (1.1 + 1.1 * label.count("\n")) + 1
            c.rect(x + x0 - w / 2, y + y0 - h / 2, x + x0 + w / 2, y + y0 + h / 2, "white", alpha=0.72, z=5)
            c.text(x + x0, y + y0, label, size, ha="center", va="center", bold=bold, lineheight=1.1)

    # legend on the right (or below)
    lx = MARGIN + 2 if below else width - MARGIN - LEGEND_W
    ly = MARGIN + cap_h + 10 + (legend_h if below else (body + legend_h) / 2)
    c.text(lx, ly, legend_title, tick, va="top", bold=True, lineheight=1.2)
    ly -= (legend_title.count("\n") + 1) * tick * 1.2 + 8
    row = tick * 1.7
    items = [LegendItem(label, "box", colour) for label, colour in zip(order, palette)]
    if any(assignment[k] is None for k in keys):
        items.append(LegendItem(NO_DATA, "box", NA_FILL, edge=NA_MARK, z=2))
    for item in items:
        draw_key(c, item, lx, ly - row / 2, 22, tick, key_h=row - 3)
        c.text(lx + 21, ly - row / 2, item.label, tick, va="center")
        ly -= row
    if highlight in keys:
        ly -= 4
        c.segment(lx, ly - row / 2, lx + 15.4, ly - row / 2, OUTLINE, 1.6, z=3)
        c.text(lx + 21, ly - row / 2, area_names[highlight], tick, va="center")
        ly -= row
    if marked:
        c.marker(lx + 7.7, ly - row / 2, "triangle", 7.0, INK, "white", 0.7, z=5)
        c.text(lx + 21, ly - row / 2, mark_label, tick, va="center")
    return c.render(title, alt, post=_hatch), height


def choropleth(measure: Measure, values: Sequence[AreaValue], geometries: Geometries, year: int,
               highlight: str | None = None, imprint: Imprint = Imprint(), breaks: Sequence[float] | None = None,
               classes: int | None = None, names: str = "highlight", group: str = "", *,
               width_cm: float = WIDTH_CM) -> Chart:
    """Classed choropleth of ``values`` (one per area; keys as in ``geometries``; the names written are the
    values' names, not those in the GeoJSON). Class boundaries are
    ``breaks`` (inner boundaries, ascending) or quantiles (``classes``: 5 for 15 areas or more, 4 from 8,
    else 3), rounded; light = low. The ``highlight`` area has a black outline and its name;
    ``names="all"`` names every area where the name fits, ``"none"`` none. Areas without a value: grey,
    hatched, "keine Angabe". Values are classed as shown (rounded to the measure's decimals).
    """
    drawn = [v for v in values if v.key in geometries]
    known = [v for v in drawn if not v.missing]
    if classes is None:
        classes = 5 if len(known) >= 15 else 4 if len(known) >= 8 else 3
    if breaks is None:
        breaks = class_breaks([v.value for v in known], classes, measure.decimals)
    breaks = sorted(breaks)
    labels = class_labels(breaks, measure)
    assignment = {v.key: (None if v.missing else labels[classify(v.value, breaks, measure.decimals)])
                  for v in drawn}
    palette = SEQUENTIAL.get(len(labels), SEQUENTIAL[7][: len(labels)]) if len(labels) > 1 else [SEQUENTIAL[3][1]]
    notes = (SECRECY_NOTE,) if any(v.suppressed for v in drawn) else ()
    src = source_line([measure.source], imprint, year)
    title = f"{measure.label} {year}" + (f" in {group}" if group else "") + ", Karte"
    alt = choropleth_alt(measure, drawn, labels, breaks, year, highlight, group)
    cap = caption_block(src, notes, points(width_cm) - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    svg, height = _draw(geometries, assignment, {v.key: v.name for v in drawn}, labels, palette, measure.axis_title,
                        highlight, names, cap, title, alt, width=points(width_cm))
    return Chart("karte", title, alt, svg, src, notes, width_cm, round(height / 72 * 2.54, 1))


def choropleth_alt(measure: Measure, values: Sequence[AreaValue], labels: Sequence[str], breaks: Sequence[float],
                   year: int, highlight: str | None, group: str) -> str:
    known = [v for v in values if not v.missing]
    where = group or _count(len(values))
    text = [f"Karte: {measure.label} {year} in {where}, in {len(labels)} Klassen."]
    counts = [sum(classify(v.value, breaks, measure.decimals) == i for v in known) for i in range(len(labels))]
    text.append("; ".join(f"{label}: {_count(n)}" for label, n in zip(labels, counts)) + ".")
    absent = [v.name for v in values if v.missing]
    if absent:
        text.append(f"Keine Angabe: {join_and(absent)}.")
    if known:
        top = max(known, key=lambda v: (v.value, v.name))
        low = min(known, key=lambda v: (v.value, v.name))
        text.append(f"Höchster Wert: {top.name} ({value_text(top.value, measure)}), niedrigster: {low.name} "
                    f"({value_text(low.value, measure)}).")
    own = next((v for v in values if v.key == highlight), None)
    if own is not None:
        if own.missing:
            text.append(f"Für {own.name} liegt kein Wert vor.")
        else:
            label = labels[classify(own.value, breaks, measure.decimals)]
            text.append(f"{own.name} (hervorgehoben) liegt mit {value_text(own.value, measure)} in der Klasse "
                        f"„{label}“.")
    return " ".join(text)


def class_map(classes: Sequence[AreaClass], geometries: Geometries, order: Sequence[str], legend_title: str,
              year: int, source: str, highlight: str | None = None, imprint: Imprint = Imprint(),
              names: str = "highlight", group: str = "", palette: Sequence[str] | None = None,
              marks: Sequence[str] = (), mark_label: str = "", subject: str = "", *,
              width_cm: float = WIDTH_CM) -> Chart:
    """Map of named classes (``order``: favourable to unfavourable, coloured light to dark); ``marks``: keys
    that get a black triangle (legend ``mark_label``), e.g. areas of special attention."""
    drawn = [c for c in classes if c.key in geometries]
    assignment = {c.key: (c.label if c.label in order else None) for c in drawn}
    palette = list(palette or ORDINAL.get(len(order)) or SEQUENTIAL[len(order)])
    subject = subject or legend_title
    where = group or _count(len(drawn))
    text = [f"Karte: {subject} {year} in {where}, in {len(order)} Klassen."]
    text.append("; ".join(f"{label}: {_count(sum(assignment[c.key] == label for c in drawn))}" for label in order)
                + ".")
    absent = [c.name for c in drawn if assignment[c.key] is None]
    if absent:
        text.append(f"Keine Angabe: {join_and(absent)}.")
    marked = [c.name for c in drawn if c.key in marks]
    if marked:
        text.append(f"Markiert ({mark_label}): {join_and(marked)}.")
    own = next((c for c in drawn if c.key == highlight), None)
    if own is not None:
        state = f"in der Klasse „{assignment[own.key]}“" if assignment[own.key] else "ohne Angabe"
        text.append(f"{own.name} (hervorgehoben) liegt {state}.")
    alt = " ".join(text)
    notes = (SECRECY_NOTE,) if any(c.suppressed for c in drawn) else ()
    src = source_line([source], imprint, year)
    title = f"{subject} {year}" + (f" in {group}" if group else "") + ", Karte"
    cap = caption_block(src, notes, points(width_cm) - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    svg, height = _draw(geometries, assignment, {c.key: c.name for c in drawn}, order, palette, legend_title,
                        highlight, names, cap, title, alt, marks, mark_label, width=points(width_cm))
    return Chart("klassenkarte", title, alt, svg, src, notes, width_cm, round(height / 72 * 2.54, 1))


def sozialindex_map(points: Sequence[IndexPoint], geometries: Geometries, year: int, source: str,
                    highlight: str | None = None, imprint: Imprint = Imprint(), names: str = "highlight",
                    group: str = "", *, width_cm: float = WIDTH_CM, scheme: IndexScheme = DEFAULT_SCHEME) -> Chart:
    """Class map of the status index (hoch … sehr niedrig); areas of special attention get a triangle."""
    classes = [AreaClass(p.key, p.name, None if is_missing(p.status) else scheme.status(p.status)) for p in points]
    marks = [p.key for p in points if p.attention_under(scheme)]
    return class_map(classes, geometries, scheme.status_classes, "Sozialer Status (Statusindex)", year, source,
                     highlight, imprint, names, group, marks=marks, mark_label="besondere Aufmerksamkeit",
                     subject="Sozialindex, Statusklassen", width_cm=width_cm)
