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
from .canvas import Canvas, Font, LegendItem, caption, caption_block, caption_height, draw_key, text_width, wrap
from .scatter import DEFAULT_SCHEME, IndexPoint, IndexScheme
from .style import BASE_SIZE, CAPTION_SIZE, INK, MARGIN, NA_FILL, ORDINAL, SEQUENTIAL, WIDTH_CM, join_and, points, source_line, value_text

NO_DATA = "keine Angabe"
BORDER = "#bdbdbd"  # light grey: white on dark classes, still a line between two light areas
BORDER_WIDTH = 0.6
OUTLINE = "#111111"
NA_MARK = "#a0a0a1"  # unique edge colour that tells the post-processing which layer to hatch
LEGEND_W = 150.0  # pt on the right for the legend
MAP_H = (200.0, 430.0)  # height range of the map itself, pt


@dataclass(frozen=True)
class AreaClass:
    """One area's class for a class map; ``label`` None = no class (no value or secrecy); ``marked``: the
    area gets a black triangle (e.g. an area of special attention)."""

    key: str
    name: str
    label: str | None
    suppressed: bool = False
    marked: bool = False


@dataclass(frozen=True)
class ClassLegend:
    """The classes of a class map and their wording: ``order`` from favourable to unfavourable (coloured
    light to dark, unless a ``palette`` is given), the legend's ``title``, the ``subject`` named in the map's
    title and alt text (default: the legend title), and ``mark_label``, the legend entry of marked areas."""

    order: tuple[str, ...]
    title: str
    subject: str = ""
    palette: tuple[str, ...] | None = None
    mark_label: str = ""


@dataclass(frozen=True)
class MapView:
    """How a map is presented, apart from what it shows: ``highlight`` (key) is outlined in black and named;
    ``names="all"`` writes every area's name where it fits, ``"highlight"`` only the outlined area's,
    ``"none"`` none; ``width_cm``: 16 for A4 reports, about 10 for a phone (the legend then goes below)."""

    highlight: str | None = None
    names: str = "highlight"
    width_cm: float = WIDTH_CM


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


# --- measure, place, draw ------------------------------------------------------------------------------

@dataclass(frozen=True)
class MapContent:
    """What a map shows: per area key its class (None: keine Angabe) and name, the classes in legend order
    with their colours, and the marked areas."""

    classes: Mapping[str, str | None]
    names: Mapping[str, str]
    order: tuple[str, ...]
    palette: tuple[str, ...]
    legend_title: str
    marks: tuple[str, ...] = ()
    mark_label: str = ""

    def has_no_data(self, keys: Sequence[str]) -> bool:
        return any(self.classes[k] is None for k in keys)


@dataclass(frozen=True)
class MapLayout:
    """Where a map goes, in points (origin bottom left): the shapes fitted into the map's box at (x0, y0),
    the legend's top left corner (lx, ly) and its title as written."""

    width: float
    height: float
    keys: tuple[str, ...]  # the areas with a geometry, in the given order
    shapes: MapShapes
    x0: float
    y0: float
    lx: float
    ly: float
    legend_title: str  # wrapped to three lines at most
    cap: str


TICK = BASE_SIZE - 0.5  # legend
ROW = TICK * 1.7  # one legend entry


def map_layout(geometries: Geometries, content: MapContent, view: MapView, cap: str) -> MapLayout:
    """The map left, the legend right; on narrow charts (a phone variant) the legend goes below the map."""
    keys = [k for k in content.classes if k in geometries]
    if not keys:
        raise ValueError("Für die Karte fehlen die Geometrien der Gebiete.")
    width = points(view.width_cm)
    below = width < 380
    map_width = width - 2 * MARGIN - 4 if below else width - LEGEND_W - 2 * MARGIN - 12
    shapes = map_shapes(geometries, keys, map_width, (120.0, MAP_H[1]) if below else MAP_H)
    cap_h = caption_height(cap, CAPTION_SIZE)
    legend_w = width - 2 * MARGIN if below else LEGEND_W
    legend_title = wrap(content.legend_title, TICK, legend_w - 6, bold=True, max_lines=3)
    entries = len(content.order) + (1 if content.has_no_data(keys) else 0) + (1 if view.highlight in keys else 0) \
        + (1 if content.marks else 0)
    legend_h = (legend_title.count("\n") + 1) * TICK * 1.2 + 8 + entries * ROW + 10
    body = shapes.height + legend_h + 6 if below else max(shapes.height, legend_h)
    height = MARGIN + 3 + body + 10 + cap_h + MARGIN
    y0 = MARGIN + cap_h + 10 + (legend_h + 6 if below else (body - shapes.height) / 2)
    lx = MARGIN + 2 if below else width - MARGIN - LEGEND_W
    ly = MARGIN + cap_h + 10 + (legend_h if below else (body + legend_h) / 2)
    return MapLayout(width, height, tuple(keys), shapes, MARGIN + 2, y0, lx, ly, legend_title, cap)


def _map_svg(geometries: Geometries, content: MapContent, view: MapView, cap: str, title: str, alt: str
             ) -> tuple[str, float]:
    """The map as SVG, and its height in points: measured, then areas, marks and names, legend drawn."""
    lay = map_layout(geometries, content, view, cap)
    c = Canvas(lay.width, lay.height)
    caption(c, cap, CAPTION_SIZE)
    _draw_areas(c, lay, content, view.highlight)
    _draw_marks_and_names(c, lay, content, view)
    _draw_legend(c, lay, content, view.highlight)
    return c.render(title, alt, post=_hatch), lay.height


def _draw_areas(c: Canvas, lay: MapLayout, content: MapContent, highlight: str | None) -> None:
    """Each area filled with its class colour (grey and hatched: keine Angabe), with its border; the
    highlighted area outlined."""
    x0, y0, shapes = lay.x0, lay.y0, lay.shapes
    colours = dict(zip(content.order, content.palette))
    for key in lay.keys:
        cls = content.classes[key]
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
    if highlight in lay.keys:  # black on a white casing: visible on the darkest class too
        for ring in shapes.rings[highlight]:
            c.line(ring[:, 0] + x0, ring[:, 1] + y0, "white", 3.4, z=3)
        for ring in shapes.rings[highlight]:
            c.line(ring[:, 0] + x0, ring[:, 1] + y0, OUTLINE, 1.5, z=3)


def _draw_marks_and_names(c: Canvas, lay: MapLayout, content: MapContent, view: MapView) -> None:
    """Triangles on the marked areas (their names moved down a little), then the names that fit, on a
    light box."""
    x0, y0, spots = lay.x0, lay.y0, lay.shapes.spots
    size = BASE_SIZE - (2.0 if view.names == "all" else 1.0)
    lift = {k: 0.0 for k in lay.keys}
    for k in (k for k in content.marks if k in lay.keys):
        x, y, _ = spots[k]
        c.marker(x + x0, y + y0 + (size * 0.9 if view.names != "none" else 0), "triangle", 7.0, INK, "white", 0.7,
                 z=5)
        lift[k] = -size * 0.5
    if view.names not in ("all", "highlight"):
        return
    highlight = view.highlight
    chosen = lay.keys if view.names == "all" else [highlight] if highlight in lay.keys else []
    lifted = {k: (x, y + lift[k], w) for k, (x, y, w) in spots.items()}
    for x, y, label, bold in place_names(chosen, content.names, lifted, size, highlight, view.names == "all"):
        w, h = text_width(label, size, bold) + 4, size * (1.1 + 1.1 * label.count("\n")) + 1
        c.rect(x + x0 - w / 2, y + y0 - h / 2, x + x0 + w / 2, y + y0 + h / 2, "white", alpha=0.72, z=5)
        c.text(x + x0, y + y0, label, Font(size, bold=bold, lineheight=1.1), ha="center", va="center")


def _draw_legend(c: Canvas, lay: MapLayout, content: MapContent, highlight: str | None) -> None:
    """Title, one key per class (and keine Angabe), the highlighted area's outline, the mark."""
    lx, ly = lay.lx, lay.ly
    c.text(lx, ly, lay.legend_title, Font(TICK, bold=True, lineheight=1.2), va="top")
    ly -= (lay.legend_title.count("\n") + 1) * TICK * 1.2 + 8
    items = [LegendItem(label, "box", colour) for label, colour in zip(content.order, content.palette)]
    if content.has_no_data(lay.keys):
        items.append(LegendItem(NO_DATA, "box", NA_FILL, edge=NA_MARK, z=2))
    for item in items:
        draw_key(c, item, lx, ly - ROW / 2, 22, TICK, key_h=ROW - 3)
        c.text(lx + 21, ly - ROW / 2, item.label, Font(TICK), va="center")
        ly -= ROW
    if highlight in lay.keys:
        ly -= 4
        c.segment(lx, ly - ROW / 2, lx + 15.4, ly - ROW / 2, OUTLINE, 1.6, z=3)
        c.text(lx + 21, ly - ROW / 2, content.names[highlight], Font(TICK), va="center")
        ly -= ROW
    if any(k in lay.keys for k in content.marks):
        c.marker(lx + 7.7, ly - ROW / 2, "triangle", 7.0, INK, "white", 0.7, z=5)
        c.text(lx + 21, ly - ROW / 2, content.mark_label, Font(TICK), va="center")


# --- the maps ------------------------------------------------------------------------------------------

def choropleth(measure: Measure, values: Sequence[AreaValue], geometries: Geometries, year: int,
               imprint: Imprint = Imprint(), *, view: MapView = MapView(), group: str = "",
               breaks: Sequence[float] | None = None, classes: int | None = None) -> Chart:
    """Classed choropleth of ``values`` (one per area; keys as in ``geometries``; the names written are the
    values' names, not those in the GeoJSON). Class boundaries are
    ``breaks`` (inner boundaries, ascending) or quantiles (``classes``: 5 for 15 areas or more, 4 from 8,
    else 3), rounded; light = low. ``view``: the outlined area, which names are written, the width. Areas
    without a value: grey, hatched, "keine Angabe". Values are classed as shown (rounded to the measure's
    decimals). ``group`` names the areas in the title and alt text ("den Kommunen der Region Hannover").
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
    alt = choropleth_alt(measure, drawn, labels, breaks, year, view.highlight, group)
    cap = caption_block(src, notes, points(view.width_cm) - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    content = MapContent(assignment, {v.key: v.name for v in drawn}, tuple(labels), tuple(palette),
                         measure.axis_title)
    svg, height = _map_svg(geometries, content, view, cap, title, alt)
    return Chart("karte", title, alt, svg, src, notes, view.width_cm, round(height / 72 * 2.54, 1))


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


def class_map(classes: Sequence[AreaClass], geometries: Geometries, legend: ClassLegend, year: int, source: str,
              imprint: Imprint = Imprint(), *, view: MapView = MapView(), group: str = "") -> Chart:
    """Map of named classes (``legend.order``: favourable to unfavourable, coloured light to dark); marked
    areas (:attr:`AreaClass.marked`) get a black triangle, e.g. areas of special attention."""
    drawn = [c for c in classes if c.key in geometries]
    order = legend.order
    assignment = {c.key: (c.label if c.label in order else None) for c in drawn}
    palette = tuple(legend.palette or ORDINAL.get(len(order)) or SEQUENTIAL[len(order)])
    subject = legend.subject or legend.title
    alt = class_map_alt(drawn, assignment, legend, year, view.highlight, group)
    notes = (SECRECY_NOTE,) if any(c.suppressed for c in drawn) else ()
    src = source_line([source], imprint, year)
    title = f"{subject} {year}" + (f" in {group}" if group else "") + ", Karte"
    cap = caption_block(src, notes, points(view.width_cm) - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    content = MapContent(assignment, {c.key: c.name for c in drawn}, tuple(order), palette, legend.title,
                         tuple(c.key for c in classes if c.marked), legend.mark_label)
    svg, height = _map_svg(geometries, content, view, cap, title, alt)
    return Chart("klassenkarte", title, alt, svg, src, notes, view.width_cm, round(height / 72 * 2.54, 1))


def class_map_alt(drawn: Sequence[AreaClass], assignment: Mapping[str, str | None], legend: ClassLegend, year: int,
                  highlight: str | None, group: str) -> str:
    order = legend.order
    where = group or _count(len(drawn))
    text = [f"Karte: {legend.subject or legend.title} {year} in {where}, in {len(order)} Klassen."]
    text.append("; ".join(f"{label}: {_count(sum(assignment[c.key] == label for c in drawn))}" for label in order)
                + ".")
    absent = [c.name for c in drawn if assignment[c.key] is None]
    if absent:
        text.append(f"Keine Angabe: {join_and(absent)}.")
    marked = [c.name for c in drawn if c.marked]
    if marked:
        text.append(f"Markiert ({legend.mark_label}): {join_and(marked)}.")
    own = next((c for c in drawn if c.key == highlight), None)
    if own is not None:
        state = f"in der Klasse „{assignment[own.key]}“" if assignment[own.key] else "ohne Angabe"
        text.append(f"{own.name} (hervorgehoben) liegt {state}.")
    return " ".join(text)


def sozialindex_map(points: Sequence[IndexPoint], geometries: Geometries, year: int, source: str,
                    imprint: Imprint = Imprint(), *, view: MapView = MapView(), group: str = "",
                    scheme: IndexScheme = DEFAULT_SCHEME) -> Chart:
    """Class map of the status index (hoch … sehr niedrig); areas of special attention get a triangle."""
    # status alone decides the class (a project may have a status index without dynamics)
    classes = [AreaClass(p.key, p.name, None if is_missing(p.status) else scheme.status(p.status),
                         marked=p.attention_under(scheme)) for p in points]
    legend = ClassLegend(scheme.status_classes, "Sozialer Status (Statusindex)", "Sozialindex, Statusklassen",
                         mark_label="besondere Aufmerksamkeit")
    return class_map(classes, geometries, legend, year, source, imprint, view=view, group=group)
