"""The house style: fonts, sizes, a colour-blind-safe palette, German number formats and texts.

Every chart is 16 cm wide and drawn at print size: Open Sans (DejaVu Sans as fallback), 9 pt text,
8,5 pt axis labels, 7,5 pt source line. Colours come from the Okabe–Ito palette and ColorBrewer's
sequential schemes: safe for the common forms of colour-blindness, and ordered by lightness so that they
still read correctly in greyscale print. The highlighted area is always dark blue and additionally set
apart by a bold name, a thick outline or its own marker shape (never by colour alone); the parent area is
a dashed dark grey line with open markers.

The house charts are laid out on :mod:`.canvas`; :func:`house_theme` gives ad-hoc plotnine charts (say, in
a report's own code cell) the same look, to be rendered with :func:`.base.render`.
"""

from __future__ import annotations

import math
from typing import Sequence

from plotnine import element_blank, element_line, element_rect, element_text, theme, theme_minimal

from ..formatting import number, percent, rounded
from .base import Imprint, Measure

FONTS = ["Open Sans", "DejaVu Sans"]
BASE_SIZE = 9.0  # pt; charts are drawn at the size they are printed (16 cm wide)
CAPTION_SIZE = 7.5
WIDTH_CM = 16.0
WIDTH_IN = WIDTH_CM / 2.54
WIDTH_PT = WIDTH_IN * 72
MARGIN = 3.0  # pt around the chart

INK = "#222222"
MUTED = "#595959"  # secondary text (source line, notes); 7:1 contrast on white
AXIS_TEXT = "#333333"
GRID = "#dedede"
HIGHLIGHT = "#0a5c99"  # the area: dark blue (Okabe–Ito blue, darkened for contrast and greyscale)
PARENT = "#333333"  # the parent area: dashed dark grey
SIBLING = "#b9c6d2"  # the other areas: light grey-blue
OTHER = "#7a7a7a"  # further comparison lines
ATTENTION = "#c2410c"  # areas of special attention (Okabe–Ito vermillion, darkened)
PERIOD = "#eef2f6"  # shading of the comparison period
NA_FILL = "#e3e3e3"  # "keine Angabe" (drawn hatched)
LINE_COLOURS = [HIGHLIGHT, PARENT, OTHER, "#b35900", "#6a3d9a"]
LINE_TYPES = ["solid", "dashed", "dotted", "dashdot", "dashed"]
SHAPES = ["circle", "circle", "square", "triangle", "diamond"]

# Sequential classes (ColorBrewer YlGnBu), light = low; lightness falls steadily, so greyscale works.
SEQUENTIAL = {
    2: ["#a1dab4", "#225ea8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
# Ordered classes from favourable to unfavourable (ColorBrewer OrRd): Sozialindex status and dynamics.
ORDINAL = {
    2: ["#fdd49e", "#d7301f"],
    3: ["#fee8c8", "#fdbb84", "#e34a33"],
    4: ["#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"],
    5: ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"],
}


def house_theme(height_in: float, width_in: float = WIDTH_IN, legend: str = "top", **overrides) -> theme:
    """The house style as a plotnine theme, for ad-hoc plotnine charts (sizes in pt as printed);
    ``overrides`` are further theme settings."""
    settings = dict(
        figure_size=(width_in, height_in),
        text=element_text(color=INK, family=FONTS),
        plot_title=element_text(size=BASE_SIZE, color=INK, ha="left", margin={"b": 6, "units": "pt"}),
        plot_title_position="plot",
        plot_caption=element_text(size=7.5, color=MUTED, ha="left", linespacing=1.3,
                                  margin={"t": 8, "units": "pt"}),
        plot_caption_position="plot",
        plot_margin=0.012,
        plot_background=element_rect(fill="white", color="none"),
        axis_title=element_text(size=BASE_SIZE - 0.5, color=MUTED),
        axis_text=element_text(size=BASE_SIZE - 0.5, color="#333333"),
        axis_ticks=element_blank(),
        panel_grid_minor=element_blank(),
        panel_grid_major=element_line(color=GRID, size=0.45),
        legend_position=legend,
        legend_justification="left" if legend in ("top", "bottom") else "center",
        legend_direction="horizontal" if legend in ("top", "bottom") else "vertical",
        legend_title=element_blank(),
        legend_text=element_text(size=BASE_SIZE - 0.5),
        legend_key_width=22,
        legend_key_height=10,
        legend_margin=0,
        legend_box_spacing=0.01,  # fraction of the figure width
        strip_text_x=element_text(size=BASE_SIZE - 0.5, ha="left", color=INK, weight="bold"),
        strip_background=element_blank(),
    )
    settings.update(overrides)
    return theme_minimal(base_size=BASE_SIZE, base_family=FONTS) + theme(**settings)


# --- German numbers on axes -----------------------------------------------------------------------------

def decimals_for(breaks: Sequence[float], at_most: int = 3) -> int:
    """The fewest decimals that show every break exactly (0.5 → 1, 12 → 0)."""
    values = [b for b in breaks if b is not None and math.isfinite(b)]
    for decimals in range(at_most + 1):
        if all(abs(round(b, decimals) - b) < 1e-9 * max(1.0, abs(b)) for b in values):
            return decimals
    return at_most


def axis_labels(unit: str):
    """A plotnine ``labels`` function: German decimal comma and thousands dot, "12 %" for percent axes."""

    def labels(breaks):
        decimals = decimals_for(breaks)
        if unit == "%":
            return [percent(b, decimals) for b in breaks]
        return [number(b, decimals) for b in breaks]

    return labels


def plain_labels(breaks):
    """Numbers without unit (the unit is in the panel title), German style."""
    decimals = decimals_for(breaks)
    return [number(b, decimals) for b in breaks]


def year_breaks(first: int, last: int, room_pt: float | None = None) -> list[int]:
    """Years to label on an axis: every year if there is room (26 pt per label), else every 2nd or 5th,
    counted back from the last (the report year is always labelled)."""
    span = max(last - first, 1)
    needed = 1 if room_pt is None else room_pt / span
    for step in (1, 2, 5, 10):
        if (room_pt is None and span / step <= 12) or (room_pt is not None and needed * step >= 26):
            break
    return list(range(last, first - 1, -step))[::-1]


def points(width_cm: float) -> float:
    """A width in cm as points (the canvas unit)."""
    return width_cm / 2.54 * 72


# --- German values, words and lines for labels and alt texts --------------------------------------------

def value_text(value: float, measure: Measure) -> str:
    """A value as readers see it: "12,3 %", "1.234", "12,3 je 1.000"."""
    if measure.is_percent:
        return percent(value, measure.decimals)
    text = number(value, measure.decimals)
    if measure.is_count or not measure.unit or measure.dimensionless:
        return text
    return f"{text} {measure.unit}"


def label_text(value: float, measure: Measure) -> str:
    """A value on a bar or point, where the axis title carries the unit: "12,3 %", "1.234", "12,3"."""
    if measure.is_percent:
        return percent(value, measure.decimals)
    return number(value, measure.decimals)


def change_text(first: float, last: float, measure: Measure) -> str:
    """ "gestiegen um 1,3 Prozentpunkte", "gesunken um 120 (−2,3 %)", "unverändert".

    The change is the difference of the values *as shown* (rounded), so that a reader who subtracts the
    two numbers of the sentence gets the same result.
    """
    decimals = measure.decimals
    a, b = rounded(first, decimals), rounded(last, decimals)
    diff = round(b - a, decimals)
    if diff == 0:
        return "unverändert"
    word = "gestiegen" if diff > 0 else "gesunken"
    if measure.is_percent:
        amount = number(abs(diff), decimals) + "\u00a0" + (
            "Prozentpunkt" if abs(diff) == 1 and decimals == 0 else "Prozentpunkte")
    elif measure.is_count:
        amount = number(abs(diff), decimals)
        if a:
            amount += f" ({percent(diff / abs(a) * 100, 1, sign=True)})"
    else:
        amount = value_text(abs(diff), measure)
    return f"{word} um {amount}"


def join_and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def source_line(sources: Sequence[str], imprint: Imprint, year: int | None = None) -> str:
    """ "Quelle: …, Stand 31.12.2023" (one year) or "…, Stand jeweils 31.12." (series); fictional label first."""
    unique = []
    for text in sources:
        for part in str(text).split(";"):
            part = part.strip()
            if part and part not in unique:
                unique.append(part)
    stand = imprint.stand(year)
    label = "Quellen" if len(unique) > 1 else "Quelle"
    line = f"{label}: {'; '.join(unique)}" if unique else ""
    line = ", ".join(part for part in (line, stand) if part)
    if imprint.fictional:
        line = "Fiktive Beispieldaten. " + line
    return line
