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
from .canvas import Canvas, LegendItem, caption, caption_block, caption_height, legend_row, nice_breaks, text_width, wrap
from .style import BASE_SIZE, CAPTION_SIZE, GRID, HIGHLIGHT, MARGIN, MUTED, PARENT, PERIOD, WIDTH_CM, plain_labels, points, source_line, value_text

ROW_PT = 98.0  # height of one row of panels
TITLE_SIZE = BASE_SIZE - 1
TICK_SIZE = BASE_SIZE - 2


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
    area_name = panels[0].area.name
    parent_name = next((p.comparison.name for p in panels if _comparison(p) is not None), None)
    names = [area_name] + ([parent_name] if parent_name and parent_name != area_name else [])
    rows = []
    for i, panel in enumerate(panels):
        rows += _segments(panel.area, names[0], i)
        if _comparison(panel) is not None:
            rows += _segments(panel.comparison, names[-1], i)
    data = pd.DataFrame(rows, columns=["panel", "name", "group", "year", "value"])
    years = sorted({y for p in panels for s in (p.area, p.comparison) if s is not None for y in s.years})
    first, last = years[0], years[-1]
    period = period or (first, last)
    ticks = sorted({first, period[0], last} if period[0] - first >= 3 and last - period[0] >= 3 else {first, last})

    width = points(width_cm)
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
    cell_w = (width - 2 * MARGIN) / columns
    c = Canvas(width, height)
    legend = [LegendItem(names[0], "line", HIGHLIGHT, "solid", 1.4, "")]
    if len(names) > 1:
        legend.append(LegendItem(names[1], "line", PARENT, "dashed", 1.2, ""))
    legend_row(c, legend, MARGIN, height - MARGIN, BASE_SIZE - 0.5, width - 2 * MARGIN)
    caption(c, cap, CAPTION_SIZE)

    for i, panel in enumerate(panels):
        row, col = divmod(i, columns)
        top = height - MARGIN - legend_h - row * ROW_PT
        left_edge = MARGIN + col * cell_w
        title = panel_title(panel.measure, cell_w - 10)
        c.text(left_edge, top, title, TITLE_SIZE, va="top", bold=True, lineheight=1.15)
        title_h = (title.count("\n") + 1) * TITLE_SIZE * 1.15 + 9
        part = data[data["panel"] == i]
        values = list(part["value"])
        lo = 0.0 if values and not panel.measure.is_count and min(values) >= 0 else min(values, default=0.0)
        hi = max(values, default=1.0)
        breaks = nice_breaks(lo, hi, 4)
        lo, hi = min(lo, breaks[0]), max(hi, breaks[-1])
        labels = plain_labels(breaks)
        x0 = left_edge + max(text_width(t, TICK_SIZE) for t in labels) + 5
        x1 = left_edge + cell_w - 14
        y1 = top - title_h
        y0 = top - ROW_PT + 16

        def px(year, x0=x0, x1=x1):
            return x0 + 3 + (year - first) / max(last - first, 1) * (x1 - x0 - 6)

        def py(value, y0=y0, y1=y1, lo=lo, hi=hi):
            return y0 + (value - lo) / ((hi - lo) or 1.0) * (y1 - y0)

        c.rect(px(period[0]), y0, px(period[1]), y1 + 3, PERIOD, z=0)
        for b, label in zip(breaks, labels):
            c.rule(x0, x1, py(b), GRID if b else "#b3b3b3", 0.45, z=0)
            c.text(x0 - 3, py(b), label, TICK_SIZE, ha="right", va="center", colour=MUTED)
        for year in ticks:
            c.text(px(year), y0 - 3, str(year), TICK_SIZE, ha="center", va="top", colour=MUTED)
        for (name, group), run in part.groupby(["name", "group"], sort=False, observed=True):
            style = (HIGHLIGHT, "solid", 1.4) if name == names[0] else (PARENT, "dashed", 1.2)
            c.line([px(y) for y in run["year"]], [py(v) for v in run["value"]], style[0], style[2], style[1], z=2)
            ends = run[run["year"].isin(period)]
            for year, value in zip(ends["year"], ends["value"]):
                c.marker(px(year), py(value), "circle", 3.6, style[0], "white", 0.5, z=3)

    title = f"Kernkennzahlen: {area_name}" + (f" und {parent_name}" if parent_name else "") + f", {first}–{last}"
    alt = multiples_alt(panels, period, first, last)
    svg = c.render(title, alt)
    return Chart("uebersicht", title, alt, svg, src, notes, width_cm, round(height / 72 * 2.54, 1))
