"""A drawing surface in points for the house charts: marks drawn by plotnine, text written as SVG text.

Why not plain plotnine scales, axes, legends and ``geom_text``? Measured on this machine (plotnine 0.15,
matplotlib 3.11): a fresh plotnine chart costs about 55 ms before anything is drawn, of which 35 ms are
axis ticks (about 3 ms per tick); a legend about 30 ms; each ``geom_text`` label about 1.3 ms; the
theme application about 35 ms. A Profil's 15 charts took 3.3 s of CPU. On this canvas the panel is the
whole figure with coordinates in points (origin bottom left, no breaks, ``theme_void``), all marks go
into at most a few layers with identity scales (two vectorised geoms below), and every text is laid out
here with Open Sans metrics (FreeType, cached) and written into the SVG as ``<text>``: about 45 ms per
chart, 0,65 s for the 15 charts of a Profil (``benchmarks/charts.py``).

The layout is explicit, in points, so labels are placed exactly and never overlap by accident.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Sequence

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from plotnine import (aes, geom_path, geom_polygon, ggplot, scale_alpha_identity, scale_color_identity,  # noqa: E402
                      scale_fill_identity, scale_linetype_identity, scale_size_identity, scale_x_continuous,
                      scale_y_continuous, theme, theme_void)
from plotnine._utils import SIZE_FACTOR  # noqa: E402

from .base import draw_svg, tidy_svg  # noqa: E402
from .style import FONTS, INK  # noqa: E402

FONT_STACK = "'Open Sans', 'DejaVu Sans', sans-serif"
CAP = 0.714  # Open Sans cap height in em: centres digits and capitals on a line
TOP = 0.80  # from the top of a line box to the baseline, in em (room for umlauts)
BOTTOM = 0.26  # from the baseline to the bottom of a line box, in em (descenders)


# --- text metrics ----------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _font(bold: bool, italic: bool):
    from matplotlib.font_manager import FontProperties, findfont, get_font

    prop = FontProperties(family=FONTS, weight="bold" if bold else "normal", style="italic" if italic else "normal")
    return get_font(findfont(prop))


@lru_cache(maxsize=16384)
def line_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Advance width of one line of text in points (Open Sans, as matplotlib measures it)."""
    from matplotlib.ft2font import LoadFlags

    font = _font(bold, italic)
    font.set_size(size, 72)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Glyph … missing from font": measured as .notdef
            font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
        return font.get_width_height()[0] / 64.0
    except RuntimeError:
        # a character Open Sans cannot load (e.g. an emoji in an area name): measure the others, and count
        # each failing character one em wide, as the viewer's fallback font will roughly draw it
        if len(text) <= 1:
            return float(size)
        return sum(line_width(ch, size, bold, italic) for ch in text)


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    return max((line_width(line, size, bold, italic) for line in text.split("\n")), default=0.0)


def wrap(text: str, size: float, width: float, bold: bool = False, max_lines: int | None = None) -> str:
    """Break a text at spaces (or after hyphens) so that no line is wider than ``width`` points."""
    words = re.split(r"(?<=-)(?=\w)|[ \t\n]+", text.strip())  # a no-break space keeps words together
    lines: list[str] = []
    current = ""
    for word in words:
        joiner = "" if current.endswith("-") or not current else " "
        candidate = current + joiner + word
        if current and line_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        kept = lines[: max_lines - 1]
        last = " ".join(lines[max_lines - 1:])
        while last and line_width(last + "…", size, bold) > width:
            last = last[:-1]
        lines = kept + [last.rstrip() + "…"]
    return "\n".join(lines)


# --- two vectorised geoms --------------------------------------------------------------------------------

def _runs(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    return starts, np.r_[starts[1:], len(groups)]


class geom_shapes(geom_polygon):
    """``geom_polygon`` that builds its PolyCollection with numpy instead of a pandas loop per group
    (a chart with 100 shapes: 25 ms less). Same aesthetics; one colour, width and alpha per group."""

    @staticmethod
    def draw_group(data, panel_params, coord, ax, params):
        from matplotlib.collections import PolyCollection
        from matplotlib.colors import to_rgba_array

        data = coord.transform(data, panel_params, munch=True)
        x, y = data["x"].to_numpy(float), data["y"].to_numpy(float)
        starts, ends = _runs(data["group"].to_numpy())
        verts = [np.column_stack([x[a:b], y[a:b]]) for a, b in zip(starts, ends)]
        fill = data["fill"].to_numpy()[starts]
        alpha = data["alpha"].to_numpy(float)[starts]
        faces = to_rgba_array([f if f not in (None, "none") else (0, 0, 0, 0) for f in fill])
        faces[:, 3] *= np.where(np.array([f in (None, "none") for f in fill]), 0.0, alpha)
        edges = [c if c not in (None, "none") else (0, 0, 0, 0) for c in data["color"].to_numpy()[starts]]
        collection = PolyCollection(verts, facecolors=faces, edgecolors=edges,
                                    linewidths=data["size"].to_numpy(float)[starts] * SIZE_FACTOR,
                                    zorder=params["zorder"])
        ax.add_collection(collection)


class geom_lines(geom_path):
    """``geom_path`` drawn as one LineCollection (one colour, width and line type per group), built with
    numpy instead of a Line2D and a pandas group per path."""

    def draw_panel(self, data, panel_params, coord, ax):
        from matplotlib.collections import LineCollection

        data = coord.transform(data, panel_params, munch=True)
        x, y = data["x"].to_numpy(float), data["y"].to_numpy(float)
        starts, ends = _runs(data["group"].to_numpy())
        paths = [np.column_stack([x[a:b], y[a:b]]) for a, b in zip(starts, ends)]
        collection = LineCollection(paths, colors=list(data["color"].to_numpy()[starts]),
                                    linewidths=data["size"].to_numpy(float)[starts] * SIZE_FACTOR,
                                    linestyles=list(data["linetype"].to_numpy()[starts]),
                                    capstyle="butt", joinstyle="round", zorder=self.params["zorder"])
        ax.add_collection(collection)


# --- the canvas -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Font:
    """How a text looks: size in points, colour, weight, slant and line height (in multiples of the size).
    The same font measures a text (:meth:`width`, :meth:`height`) and writes it (:meth:`Canvas.text`)."""

    size: float = 8.5
    colour: str = INK
    bold: bool = False
    italic: bool = False
    lineheight: float = 1.25

    def width(self, text: str) -> float:
        """Width of the text's longest line in points."""
        return text_width(text, self.size, self.bold, self.italic)

    def height(self, text: str) -> float:
        """Height of the text's lines in points, from the top of the first to the bottom of the last."""
        return self.size * (TOP + BOTTOM + text.count("\n") * self.lineheight)


@dataclass(frozen=True)
class Text:
    """A text on the canvas: anchored at (x, y) by ``ha`` (left, center, right) and ``va`` (top, center,
    baseline, bottom)."""

    x: float
    y: float
    label: str
    font: Font
    ha: str
    va: str


@dataclass
class Canvas:
    """Marks and texts in points; ``render`` turns them into deterministic SVG text."""

    width: float
    height: float
    polygons: list = field(default_factory=list)  # (z, id, xs, ys, fill, colour, size, alpha)
    lines: list = field(default_factory=list)  # (z, id, xs, ys, colour, size, linetype)
    texts: list[Text] = field(default_factory=list)
    _count: int = 0

    def _id(self) -> int:
        self._count += 1
        return self._count

    # marks
    def polygon(self, xs, ys, fill: str, colour: str = "none", width: float = 0.0, alpha: float = 1.0,
                z: int = 1) -> None:
        self.polygons.append((z, self._id(), np.asarray(xs, float), np.asarray(ys, float), fill, colour,
                              width / SIZE_FACTOR, alpha))

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str, alpha: float = 1.0, z: int = 1) -> None:
        """A filled rectangle without an outline (an outlined one is a :meth:`polygon`)."""
        self.polygon([x0, x1, x1, x0], [y0, y0, y1, y1], fill, "none", 0.0, alpha, z)

    def line(self, xs, ys, colour: str, width: float = 0.75, linetype="solid", z: int = 2) -> None:
        self.lines.append((z, self._id(), np.asarray(xs, float), np.asarray(ys, float), colour,
                           width / SIZE_FACTOR, linetype))

    def segment(self, x0: float, y0: float, x1: float, y1: float, colour: str, width: float = 0.75,
                linetype="solid", z: int = 2) -> None:
        self.line([x0, x1], [y0, y1], colour, width, linetype, z)

    def rule(self, x0: float, x1: float, y: float, colour: str, width: float = 0.5, z: int = 0) -> None:
        """A solid horizontal line drawn as a thin rectangle (it joins the fill layer: one layer less)."""
        self.rect(x0, y - width / 2, x1, y + width / 2, colour, z=z)

    def vrule(self, x: float, y0: float, y1: float, colour: str, width: float = 0.5, z: int = 0) -> None:
        self.rect(x - width / 2, y0, x + width / 2, y1, colour, z=z)

    def marker(self, x: float, y: float, shape: str, diameter: float, fill: str, colour: str = "white",
               width: float = 0.6, z: int = 3) -> None:
        """A point as a small polygon: circle, square, diamond or triangle (greyscale-safe by shape)."""
        r = diameter / 2
        if shape == "circle":
            angle = np.linspace(0, 2 * np.pi, 20, endpoint=False)
            xs, ys = x + r * np.cos(angle), y + r * np.sin(angle)
        elif shape == "square":
            r *= 0.9
            xs, ys = [x - r, x + r, x + r, x - r], [y - r, y - r, y + r, y + r]
        elif shape == "diamond":
            r *= 1.2
            xs, ys = [x, x + r, x, x - r], [y - r, y, y + r, y]
        elif shape == "triangle":
            r *= 1.25
            xs, ys = [x - r * 0.95, x + r * 0.95, x], [y - r * 0.6, y - r * 0.6, y + r * 1.0]
        else:
            raise ValueError(f"unknown marker shape {shape!r}")
        self.polygon(xs, ys, fill, colour, width, 1.0, z)

    # text
    def text(self, x: float, y: float, label: str, font: Font = Font(), ha: str = "left",
             va: str = "baseline") -> None:
        """Write ``label`` (lines separated by "\\n") in ``font``, anchored at (x, y) by ``ha`` and ``va``."""
        if label:
            self.texts.append(Text(x, y, label, font, ha, va))

    # output
    def _plot(self) -> ggplot:
        layers = []
        keys = sorted({("p", z) for z, *_ in self.polygons} | {("l", z) for z, *_ in self.lines},
                      key=lambda k: (k[1], k[0] == "l"))
        for kind, z in keys:
            if kind == "p":
                items = [p for p in self.polygons if p[0] == z]
                frame = pd.DataFrame({
                    "x": np.concatenate([p[2] for p in items]), "y": np.concatenate([p[3] for p in items]),
                    "group": np.repeat([p[1] for p in items], [len(p[2]) for p in items]),
                    "fill": np.repeat([p[4] for p in items], [len(p[2]) for p in items]),
                    "colour": np.repeat([p[5] for p in items], [len(p[2]) for p in items]),
                    "size": np.repeat([p[6] for p in items], [len(p[2]) for p in items]),
                    "alpha": np.repeat([p[7] for p in items], [len(p[2]) for p in items]),
                })
                layers.append(geom_shapes(aes("x", "y", group="group", fill="fill", color="colour", size="size",
                                              alpha="alpha"), data=frame))
            else:
                items = [line for line in self.lines if line[0] == z]
                counts = [len(line[2]) for line in items]
                frame = pd.DataFrame({
                    "x": np.concatenate([line[2] for line in items]),
                    "y": np.concatenate([line[3] for line in items]),
                    "group": np.repeat([line[1] for line in items], counts),
                    "colour": np.repeat([line[4] for line in items], counts),
                    "size": np.repeat([line[5] for line in items], counts),
                    "linetype": [line[6] for line, n in zip(items, counts) for _ in range(n)],
                })
                layers.append(geom_lines(aes("x", "y", group="group", color="colour", size="size",
                                             linetype="linetype"), data=frame))
        return ggplot() + [
            *layers,
            scale_fill_identity(), scale_color_identity(), scale_size_identity(), scale_alpha_identity(),
            scale_linetype_identity(),
            scale_x_continuous(limits=(0, self.width), breaks=[], expand=(0, 0)),
            scale_y_continuous(limits=(0, self.height), breaks=[], expand=(0, 0)),
            theme_void(base_family=FONTS) + theme(figure_size=(self.width / 72, self.height / 72), plot_margin=0),
        ]

    def svg_texts(self) -> str:
        out = []
        for t in self.texts:
            font = t.font
            lines = t.label.split("\n")
            step = font.size * font.lineheight
            if t.va == "top":
                first = t.y - TOP * font.size
            elif t.va == "bottom":
                first = t.y + BOTTOM * font.size + (len(lines) - 1) * step
            elif t.va == "center":
                first = t.y - CAP * font.size / 2 + (len(lines) - 1) * step / 2
            else:
                first = t.y
            anchor = {"left": "start", "center": "middle", "right": "end"}[t.ha]
            style = f"font-size:{_n(font.size)}px;fill:{font.colour}"
            if font.bold:
                style += ";font-weight:700"
            if font.italic:
                style += ";font-style:italic"
            if anchor != "start":
                style += f";text-anchor:{anchor}"
            for i, line in enumerate(lines):
                baseline = self.height - (first - i * step)
                out.append(f'<text x="{_n(t.x)}" y="{_n(baseline)}" style="{style}">{_escape(line)}</text>')
        return "\n".join(out)

    def render(self, title: str, desc: str, post: Callable[[Figure], None] | None = None) -> str:
        """Deterministic SVG: marks by plotnine/matplotlib, then the texts, ``<title>`` and ``<desc>``."""
        svg = draw_svg(self._plot(), post)
        texts = self.svg_texts()
        group = f'<g id="texts" font-family="{FONT_STACK}">'  # inherited by every text
        svg = svg.replace("</svg>", f"{group}\n{texts}\n</g>\n</svg>") if texts else svg
        return tidy_svg(svg, title, desc)


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- reusable layout pieces ------------------------------------------------------------------------------

def nice_breaks(low: float, high: float, n: int = 5) -> list[float]:
    """Round axis breaks (mizani's extended algorithm) that cover ``low`` and ``high``."""
    from mizani.breaks import breaks_extended

    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        high = low + 1.0
    breaks = [float(b) for b in breaks_extended(n=n)((low, high))]
    step = breaks[1] - breaks[0] if len(breaks) > 1 else 1.0
    while breaks[0] > low + 1e-9 * max(1.0, abs(low)):
        breaks.insert(0, breaks[0] - step)
    while breaks[-1] < high - 1e-9 * max(1.0, abs(high)):
        breaks.append(breaks[-1] + step)
    return [round(b, 10) + 0.0 for b in breaks]


@dataclass
class LegendItem:
    label: str
    kind: str  # "line" | "box" | "marker"
    colour: str
    linetype: str = "solid"
    width: float = 1.5
    shape: str = "circle"
    edge: str = "none"
    fill: str = ""  # marker fill of line keys ("" = the line colour)
    z: int = 1


@dataclass(frozen=True)
class LegendLayout:
    """Legend keys placed in rows: per item the key's left edge, the row's middle and the key's width."""

    items: tuple[LegendItem, ...]
    spots: tuple[tuple[float, float, float], ...]  # x, centre y, key width
    size: float
    height: float


def legend_layout(items: Sequence[LegendItem], x: float, y_top: float, size: float, max_width: float
                  ) -> LegendLayout:
    """Legend keys and labels in a row from (``x``, ``y_top``), wrapping to further rows at ``max_width``."""
    key_w, gap, row_h = 22.0, 14.0, size * 1.6
    cx, cy = x, y_top - row_h / 2
    rows = 1
    spots = []
    for item in items:
        kw = key_w * 0.7 if item.kind == "box" else 10.0 if item.kind == "marker" else key_w
        w = kw + 5 + text_width(item.label, size)
        if cx > x and cx + w > x + max_width:
            cx, cy, rows = x, cy - row_h, rows + 1
        spots.append((cx, cy, kw))
        cx += w + gap
    return LegendLayout(tuple(items), tuple(spots), size, rows * row_h)


def draw_legend(canvas: Canvas, legend: LegendLayout) -> None:
    for item, (x, cy, kw) in zip(legend.items, legend.spots):
        draw_key(canvas, item, x, cy, 22.0, legend.size)
        canvas.text(x + kw + 5, cy, item.label, Font(legend.size), va="center")


def draw_key(canvas: Canvas, item: LegendItem, x: float, cy: float, key_w: float, size: float,
             key_h: float | None = None) -> None:
    if item.kind == "line":
        canvas.segment(x, cy, x + key_w, cy, item.colour, item.width, item.linetype, z=2)
        if item.shape:
            canvas.marker(x + key_w / 2, cy, item.shape, 4.6, item.fill or item.colour,
                          "white" if not item.fill or item.fill == item.colour else item.colour,
                          0.6 if not item.fill or item.fill == item.colour else 0.9, z=3)
    elif item.kind == "marker":
        canvas.marker(x + 5, cy, item.shape, 7.0, item.colour, "white", 0.6, z=3)
    else:
        h = key_h or size * 1.2
        x1, y0, y1 = x + key_w * 0.7, cy - h / 2, cy + h / 2
        canvas.polygon([x, x1, x1, x], [y0, y0, y1, y1], item.colour, item.edge, 0.5 if item.edge != "none" else 0.0,
                       z=item.z)


def caption(canvas: Canvas, text: str, size: float, x: float = 2.0, y_bottom: float = 3.0) -> None:
    canvas.text(x, y_bottom, text, Font(size, "#595959", lineheight=1.3), va="bottom")


def caption_height(text: str, size: float) -> float:
    if not text:
        return 0.0
    lines = text.count("\n") + 1
    return size * (TOP + BOTTOM + (lines - 1) * 1.3)


def caption_block(source: str, notes: Sequence[str], width: float, size: float, show: bool = True) -> str:
    """Notes (e.g. secrecy) and the source line, each wrapped to ``width`` points ("" if not ``show``)."""
    if not show:
        return ""
    return "\n".join(wrap(part, size, width) for part in (*notes, source) if part)
