"""Small multiples: one small line chart per key Kennzahl, the area against its parent.

Facets in plotnine cost one matplotlib axes each (about 50 ms per panel; 0.8 s for a Profil's 14 key
Kennzahlen), so the grid is laid out on the canvas: each panel with its own value axis (German numbers),
the years and its title.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from .base import Chart, Imprint, Measure, Series, notes_for
from .canvas import Canvas, Font, LegendItem, LegendLayout, caption, caption_block, caption_height, draw_legend, legend_layout, nice_breaks, wrap
from .style import BASE_SIZE, CAPTION_SIZE, GRID, HIGHLIGHT, MARGIN, MUTED, PARENT, PERIOD, WIDTH_CM, plain_labels, points, source_line, value_text

ROW_PT = 98.0  # height of one row of panels
TITLE_SIZE = BASE_SIZE - 1
TITLE_FONT = Font(TITLE_SIZE, bold=True, lineheight=1.15)
TICK_FONT = Font(BASE_SIZE - 2, MUTED)


@dataclass(frozen=True)
class Panel:
    """One small chart: a measure, the area's series and (optionally) the parent's series."""

    measure: Measure
    area: Series
    comparison: Series | None = None


def _comparison(panel: Panel) -> Series | None:
    """Counts of an area and its parent differ by orders of magnitude: counts are shown alone."""
    return None if panel.measure.is_count else panel.comparison


def panel_title(measure: Measure, width_pt: float) -> str:
    return wrap(measure.axis_title, TITLE_SIZE, width_pt, bold=True, max_lines=2)


def _ends(series: Series, measure: Measure, period: tuple[int, int]) -> str:
    texts = []
    for year in period:
        value = series.value(year)
        texts.append(f"{year} {value_text(value, measure) if value is not None else 'kein Wert'}")
    return ", ".join(texts)


def multiples_alt(panels: Sequence[Panel], period: tuple[int, int], first: int, last: int) -> str:
    area = panels[0].area.name
    parent = next((p.comparison.name for p in panels if p.comparison is not None), None)
    versus = f" und {parent}" if parent else ""
    text = [f"Liniendiagramme für {len(panels)} Kennzahlen, {area}{versus}, von {first} bis {last}, "
            f"Werte am Anfang und Ende des Vergleichszeitraums {period[0]}–{period[1]}."]
    for panel in panels:
        item = f"{panel.measure.label}: {_ends(panel.area, panel.measure, period)}"
        comparison = _comparison(panel)
        if comparison is not None:
            item += f" ({comparison.name}: {_ends(comparison, panel.measure, period)})"
        text.append(item + ".")
    return " ".join(text)


def _segments(series: Series, name: str, panel: int) -> list[tuple]:
    rows, segment, previous = [], 0, None
    for year, value in series.points():
        if previous is not None and year != previous + 1:
            segment += 1
        rows.append((panel, name, f"{panel}|{name}|{segment}", year, value))
        previous = year
    return rows


def small_multiples(panels: Sequence[Panel], period: tuple[int, int] | None = None,
                    imprint: Imprint = Imprint(), columns: int | None = None, *,
                    width_cm: float = WIDTH_CM) -> Chart:
    """A grid of small line charts, one per :class:`Panel` (in the given order), each with its own value
    axis (from 0 for rates and shares); the area solid dark blue, the parent dashed dark grey, the comparison
    period shaded. Panel titles carry the units; counts are shown without the parent."""
    if not panels:
        raise ValueError("Für die Übersicht wird mindestens eine Kennzahl gebraucht.")
    lay = multiples_layout(panels, period, imprint, columns, points(width_cm))
    data = _lines(panels, lay.names)
    c = Canvas(lay.width, lay.height)
    draw_legend(c, lay.legend)
    caption(c, lay.cap, CAPTION_SIZE)
    for i, panel in enumerate(panels):
        part = data[data["panel"] == i]
        cell = panel_layout(lay, i, panel.measure, list(part["value"]))
        _draw_panel(c, cell, part, lay)

    area_name, parent_name = panels[0].area.name, lay.parent_name
    title = f"Kernkennzahlen: {area_name}" + (f" und {parent_name}" if parent_name else "") + \
        f", {lay.first}–{lay.last}"
    alt = multiples_alt(panels, lay.period, lay.first, lay.last)
    svg = c.render(title, alt)
    return Chart("uebersicht", title, alt, svg, lay.source, lay.notes, width_cm, round(lay.height / 72 * 2.54, 1))


def _lines(panels: Sequence[Panel], names: Sequence[str]) -> pd.DataFrame:
    """The points to draw: panel, name (area or parent), group (one per unbroken run), year, value."""
    rows = []
    for i, panel in enumerate(panels):
        rows += _segments(panel.area, names[0], i)
        if _comparison(panel) is not None:
            rows += _segments(panel.comparison, names[-1], i)
    return pd.DataFrame(rows, columns=["panel", "name", "group", "year", "value"])


# --- measure: the grid and each panel's scales ----------------------------------------------------------------

@dataclass(frozen=True)
class MultiplesLayout:
    """The grid in points (origin bottom left): legend on top, caption below, cells of ``ROW_PT`` height."""

    width: float
    height: float
    columns: int
    cell_w: float
    legend_h: float
    legend: LegendLayout
    names: tuple[str, ...]  # the area, and the parent if any panel shows it
    parent_name: str | None
    first: int  # first and last year of all series
    last: int
    period: tuple[int, int]
    ticks: tuple[int, ...]  # the years labelled under each panel
    notes: tuple[str, ...]
    source: str
    cap: str  # notes and source line as drawn under the chart ("" if left to the report)


def multiples_layout(panels: Sequence[Panel], period: tuple[int, int] | None, imprint: Imprint,
                     columns: int | None, width: float) -> MultiplesLayout:
    area_name = panels[0].area.name
    parent_name = next((p.comparison.name for p in panels if _comparison(p) is not None), None)
    names = [area_name] + ([parent_name] if parent_name and parent_name != area_name else [])
    years = sorted({y for p in panels for s in (p.area, p.comparison) if s is not None for y in s.years})
    first, last = years[0], years[-1]
    period = period or (first, last)
    ticks = sorted({first, period[0], last} if period[0] - first >= 3 and last - period[0] >= 3 else {first, last})

    columns = columns or (3 if width >= 400 else 2)
    columns = max(1, min(columns, len(panels)))
    grid_rows = math.ceil(len(panels) / columns)
    secret = any(s.suppressed & set(s.years) for p in panels for s in (p.area, p.comparison) if s is not None)
    missing = any(s.gaps() for p in panels for s in (p.area, p.comparison) if s is not None)
    notes = (*notes_for(missing, secret), f"Hinterlegt: Vergleichszeitraum {period[0]}–{period[1]}.")
    src = source_line([p.measure.source for p in panels], imprint)
    cap = caption_block(src, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    legend_h = BASE_SIZE * 1.6 + 8
    height = MARGIN + legend_h + grid_rows * ROW_PT + caption_height(cap, CAPTION_SIZE) + 6 + MARGIN
    keys = [LegendItem(names[0], "line", HIGHLIGHT, "solid", 1.4, "")]
    if len(names) > 1:
        keys.append(LegendItem(names[1], "line", PARENT, "dashed", 1.2, ""))
    legend = legend_layout(keys, MARGIN, height - MARGIN, BASE_SIZE - 0.5, width - 2 * MARGIN)
    return MultiplesLayout(width, height, columns, (width - 2 * MARGIN) / columns, legend_h, legend, tuple(names),
                           parent_name, first, last, period, tuple(ticks), notes, src, cap)


@dataclass(frozen=True)
class PanelLayout:
    """One cell of the grid: its title, the plot's corners and the value scale."""

    left_edge: float
    top: float
    title: str  # wrapped to two lines at most
    x0: float  # the plot
    x1: float
    y0: float
    y1: float
    first: int  # the years (of all panels)
    last: int
    lo: float  # the values (of this panel)
    hi: float
    breaks: tuple[float, ...]
    labels: tuple[str, ...]

    def x(self, year: float) -> float:
        return self.x0 + 3 + (year - self.first) / max(self.last - self.first, 1) * (self.x1 - self.x0 - 6)

    def y(self, value: float) -> float:
        return self.y0 + (value - self.lo) / ((self.hi - self.lo) or 1.0) * (self.y1 - self.y0)


def panel_layout(lay: MultiplesLayout, i: int, measure: Measure, values: list[float]) -> PanelLayout:
    row, col = divmod(i, lay.columns)
    top = lay.height - MARGIN - lay.legend_h - row * ROW_PT
    left_edge = MARGIN + col * lay.cell_w
    title = panel_title(measure, lay.cell_w - 10)
    title_h = (title.count("\n") + 1) * TITLE_SIZE * 1.15 + 9
    lo = 0.0 if values and not measure.is_count and min(values) >= 0 else min(values, default=0.0)
    hi = max(values, default=1.0)
    breaks = nice_breaks(lo, hi, 4)
    lo, hi = min(lo, breaks[0]), max(hi, breaks[-1])
    labels = plain_labels(breaks)
    x0 = left_edge + max(TICK_FONT.width(t) for t in labels) + 5
    return PanelLayout(left_edge, top, title, x0, left_edge + lay.cell_w - 14, top - ROW_PT + 16, top - title_h,
                       lay.first, lay.last, lo, hi, tuple(breaks), tuple(labels))


# --- draw --------------------------------------------------------------------------------------------------------

def _draw_panel(c: Canvas, cell: PanelLayout, part: pd.DataFrame, lay: MultiplesLayout) -> None:
    """Title, shaded period, grid with value labels, years; the lines with markers at the period's ends."""
    period = lay.period
    c.text(cell.left_edge, cell.top, cell.title, TITLE_FONT, va="top")
    c.rect(cell.x(period[0]), cell.y0, cell.x(period[1]), cell.y1 + 3, PERIOD, z=0)
    for b, label in zip(cell.breaks, cell.labels):
        c.rule(cell.x0, cell.x1, cell.y(b), GRID if b else "#b3b3b3", 0.45, z=0)
        c.text(cell.x0 - 3, cell.y(b), label, TICK_FONT, ha="right", va="center")
    for year in lay.ticks:
        c.text(cell.x(year), cell.y0 - 3, str(year), TICK_FONT, ha="center", va="top")
    for (name, group), run in part.groupby(["name", "group"], sort=False, observed=True):
        style = (HIGHLIGHT, "solid", 1.4) if name == lay.names[0] else (PARENT, "dashed", 1.2)
        c.line([cell.x(y) for y in run["year"]], [cell.y(v) for v in run["value"]], style[0], style[2], style[1], z=2)
        ends = run[run["year"].isin(period)]
        for year, value in zip(ends["year"], ends["value"]):
            c.marker(cell.x(year), cell.y(value), "circle", 3.6, style[0], "white", 0.5, z=3)
