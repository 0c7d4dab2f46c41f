"""Choropleth maps: a Kennzahl in classes, or classes such as the Sozialindex, over area polygons.

Polygons come from :mod:`berichte.geometry` (GeoJSON in WGS84), are projected equirectangularly (scaled by
the cosine of the mean latitude; good enough for a city or a region) and simplified below what can be seen
at print size. Holes are kept: each polygon is filled as one path with "keyhole" bridges, and the borders
are drawn separately as lines. Areas without a value are grey and hatched, legend "keine Angabe".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.collections import Collection
from matplotlib.colors import to_hex
from matplotlib.patches import Patch
from plotnine import (aes, coord_fixed, element_blank, element_text, geom_label, geom_path, geom_point,
                      geom_polygon, ggplot, guide_legend, guides, labs, scale_color_manual, scale_fill_manual,
                      scale_shape_manual,
                      scale_x_continuous, scale_y_continuous, theme)

from ..formatting import number, rounded
from ..geometry import Geometries, label_spot, projector, ring_area, simplify
from .base import SECRECY_NOTE, AreaValue, Chart, Imprint, Measure, figure_size, render
from .scatter import STATUS_CLASSES, IndexPoint, status_class
from .style import (ATTENTION, BASE_SIZE, FONT, INK, NA_FILL, ORDINAL, SEQUENTIAL, caption_text,
                    house_theme, join_and, source_line, text_width_pt, value_text, wrap_name)

NO_DATA = "keine Angabe"
BORDER = "white"
OUTLINE = "#111111"
NA_MARK = "#a0a0a1"  # unique edge colour that tells the post-processing which layer to hatch
MAP_WIDTH_IN = 4.1  # the panel; the legend takes the rest of the 16 cm


@dataclass(frozen=True)
class AreaClass:
    """One area's class for a class map; ``label`` None = no class (no value or secrecy)."""

    key: str
    name: str
    label: str | None
    suppressed: bool = False


# --- geometry to frames -------------------------------------------------------------------------------

def _oriented(ring: np.ndarray, ccw: bool) -> np.ndarray:
    return ring if (ring_area(ring) > 0) == ccw else ring[::-1]


def map_frames(geometries: Geometries, keys: Sequence[str]):
    """Fill frame (keyhole paths per polygon), border frame (one path per ring), label spots (x, y, width)
    and all points, in km."""
    project = projector(geometries.subset(keys))
    projected = {k: [[project(r) for r in polygon] for polygon in geometries[k].polygons] for k in keys}
    points = np.vstack([r for polys in projected.values() for poly in polys for r in poly])
    extent = max(np.ptp(points[:, 0]), np.ptp(points[:, 1])) or 1.0
    tolerance = extent / 1500  # about 0.1 mm at print size
    fills, borders, spots = [], [], {}
    for key in keys:
        outers = []
        for p, polygon in enumerate(projected[key]):
            rings = [simplify(r, tolerance) for r in polygon]
            outer = _oriented(rings[0], True)
            outers.append(outer)
            path = [outer]
            for hole in rings[1:]:
                path += [_oriented(hole, False), outer[:1]]
            merged = np.vstack(path)
            fills.append(pd.DataFrame({"key": key, "piece": f"{key}/{p}", "x": merged[:, 0], "y": merged[:, 1]}))
            for r, ring in enumerate(rings):
                borders.append(pd.DataFrame({"key": key, "piece": f"{key}/{p}/{r}", "x": ring[:, 0],
                                             "y": ring[:, 1]}))
        spots[key] = label_spot(outers)
    return pd.concat(fills, ignore_index=True), pd.concat(borders, ignore_index=True), spots, points


def place_names(keys: Sequence[str], names: Mapping[str, str], spots, scale: float, size: float,
                highlight: str | None, inside_only: bool) -> pd.DataFrame:
    """Area names at their label spots, the highlighted area first, then by available width; a name that
    would overlap an earlier one is left out (and, with ``inside_only``, one that does not fit its area)."""
    order = sorted(keys, key=lambda k: (k != highlight, -spots[k][2]))
    boxes, rows = [], []
    for key in order:
        x, y, room = spots[key]
        label = wrap_name(names[key], 14 if len(names[key]) > 16 else 24)
        w = text_width_pt(label, size) / scale
        h = size * 1.35 * (label.count("\n") + 1) / scale
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if inside_only and w > room * 0.95 and key != highlight:
            continue
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        if inside_only and key == highlight and w > room * 1.15:
            continue
        boxes.append(box)
        rows.append((x, y, label, "bold" if key == highlight else "normal"))
    return pd.DataFrame(rows, columns=["x", "y", "label", "weight"])


def _hatch(figure) -> None:
    """Hatch the "keine Angabe" layer on the map and its legend key (greyscale-safe, not colour alone)."""
    na = to_hex(NA_MARK)
    fill = to_hex(NA_FILL)
    for artist in figure.findobj(lambda a: isinstance(a, (Collection, Patch))):
        if isinstance(artist, Collection):
            edges = artist.get_edgecolor()
            if len(edges) and all(to_hex(c) == na for c in edges):
                artist.set_hatch("////")
                artist.set_edgecolor(NA_MARK)
                artist.set_linewidth(0)
        elif isinstance(artist, Patch) and to_hex(artist.get_facecolor()) == fill:
            artist.set_hatch("////")
            artist.set_edgecolor("#8c8c8c")
            artist.set_linewidth(0.0)


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

def _draw(geometries: Geometries, assignment: Mapping[str, str | None], order: Sequence[str],
          palette: Sequence[str], legend_title: str, highlight: str | None, names: str, caption: str,
          title: str, alt: str, marks: Sequence[str] = (), mark_label: str = "") -> tuple[str, object]:
    keys = [k for k in assignment if k in geometries]
    if not keys:
        raise ValueError("Für die Karte fehlen die Geometrien der Gebiete.")
    fills, borders, spots, points = map_frames(geometries, keys)
    levels = list(order) + ([NO_DATA] if any(assignment[k] is None for k in keys) else [])
    colours = dict(zip(order, palette)) | {NO_DATA: NA_FILL}
    fills["cls"] = pd.Categorical([assignment[k] or NO_DATA for k in fills["key"]], categories=levels)
    width_km = np.ptp(points[:, 0]) or 1.0
    height_km = np.ptp(points[:, 1]) or 1.0
    height = min(6.2, max(3.0, MAP_WIDTH_IN * height_km / width_km + 0.9))
    scale = min(MAP_WIDTH_IN * 72 / width_km, (height - 0.9) * 72 / height_km)  # pt per km on paper
    plot = (
        ggplot(fills, aes("x", "y", group="piece"))
        + geom_polygon(aes(fill="cls"), color="none")
        + scale_fill_manual(values=colours, breaks=levels, limits=levels, drop=False)
    )
    missing = fills[fills["cls"] == NO_DATA]
    if len(missing):
        plot += geom_polygon(data=missing, fill="none", color=NA_MARK, size=0.01)
    plot += geom_path(data=borders, color=BORDER, size=0.55)
    guide_titles = {"fill": legend_title}
    if highlight in keys:
        outline = borders[borders["key"] == highlight].assign(outline=geometries[highlight].name)
        plot += geom_path(aes(color="outline"), data=outline, size=1.1)
        plot += scale_color_manual(values={geometries[highlight].name: OUTLINE})
        guide_titles["color"] = ""
    marked = [k for k in marks if k in keys]
    if marked:
        spots_frame = pd.DataFrame([(spots[k][0], spots[k][1], mark_label) for k in marked],
                                   columns=["x", "y", "mark"])
        plot += geom_point(aes("x", "y", shape="mark"), data=spots_frame, inherit_aes=False, fill=INK,
                           color="white", size=3.0, stroke=0.6)
        plot += scale_shape_manual(values={mark_label: "^"})
        guide_titles["shape"] = ""
    size = BASE_SIZE - (2.5 if names == "all" else 1.5)
    if names in ("all", "highlight"):
        chosen = keys if names == "all" else [highlight] if highlight in keys else []
        moved = {k: (x, y - (7 + size) / scale if k in marked else y, room) for k, (x, y, room) in spots.items()}
        text = place_names(chosen, {k: geometries[k].name for k in keys}, moved, scale, size, highlight,
                           inside_only=True)
        if len(text):
            plot += geom_label(aes("x", "y", label="label", fontweight="weight"), data=text, inherit_aes=False,
                               size=size, family=FONT, color=INK, fill="#ffffffc8", label_size=0,
                               boxcolor="none", label_padding=0.12, boxstyle="round", label_r=0.2,
                               lineheight=1.0)
    plot += [
        coord_fixed(ratio=1, expand=True),
        scale_x_continuous(expand=(0.02, 0)),
        scale_y_continuous(expand=(0.02, 0)),
        house_theme(height, legend="right"),
        theme(axis_text=element_blank(), axis_title=element_blank(), panel_grid_major=element_blank(),
              legend_title=element_text(size=BASE_SIZE - 0.5, weight="bold", linespacing=1.1, ha="left",
                                        ma="left", margin={"b": 6, "units": "pt"}),
              legend_key_width=16, legend_key_height=12, legend_key_spacing_y=3, legend_box_spacing=0.12),
        guides(fill=guide_legend(order=1), color=guide_legend(order=2), shape=guide_legend(order=3)),
        labs(x="", y="", caption=caption, **guide_titles),
    ]
    return render(plot, title, alt, post=_hatch), plot


def choropleth(measure: Measure, values: Sequence[AreaValue], geometries: Geometries, year: int,
               highlight: str | None = None, imprint: Imprint = Imprint(), breaks: Sequence[float] | None = None,
               classes: int | None = None, names: str = "highlight", group: str = "") -> Chart:
    """Classed choropleth of ``values`` (one per area; keys as in ``geometries``). Class boundaries are
    ``breaks`` (inner boundaries, ascending) or quantiles (``classes``: 5 for 15 areas or more, 4 from 8,
    else 3), rounded; light = low. The ``highlight`` area has a black outline and its name;
    ``names="all"`` names every area, ``"none"`` none. Areas without a value: grey, hatched, "keine Angabe".
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
    absent = [v for v in drawn if v.missing]
    notes = (SECRECY_NOTE,) if any(v.suppressed for v in drawn) else ()
    src = source_line([measure.source], imprint, year)
    title = f"{measure.label} {year}" + (f" in {group}" if group else "") + ", Karte"
    alt = choropleth_alt(measure, drawn, labels, breaks, year, highlight, group)
    legend = wrap_name(measure.axis_title, 26, 3)
    svg, plot = _draw(geometries, assignment, labels, palette, legend, highlight, names,
                      caption_text(src, notes), 
                      title, alt)
    width, height = figure_size(plot)
    return Chart("karte", title, alt, svg, src, notes, width, height)


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
              marks: Sequence[str] = (), mark_label: str = "", subject: str = "") -> Chart:
    """Map of named classes (``order``: favourable to unfavourable, coloured light to dark); ``marks``: keys
    that get a triangle (legend ``mark_label``), e.g. areas of special attention."""
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
    caption = caption_text(src, notes)
    svg, plot = _draw(geometries, assignment, order, palette, wrap_name(legend_title, 26, 3), highlight, names,
                      caption, title, alt, marks, mark_label)
    width, height = figure_size(plot)
    return Chart("klassenkarte", title, alt, svg, src, notes, width, height)


def sozialindex_map(points: Sequence[IndexPoint], geometries: Geometries, year: int, source: str,
                    highlight: str | None = None, imprint: Imprint = Imprint(), names: str = "highlight",
                    group: str = "") -> Chart:
    """Class map of the status index (hoch … sehr niedrig); areas of special attention get a triangle."""
    classes = [AreaClass(p.key, p.name, status_class(p.status) if p.present else None) for p in points]
    marks = [p.key for p in points if p.needs_attention]
    return class_map(classes, geometries, STATUS_CLASSES, "Sozialer Status (Statusindex)", year, source,
                     highlight, imprint, names, group, marks=marks, mark_label="besondere Aufmerksamkeit",
                     subject="Sozialindex, Statusklassen")


