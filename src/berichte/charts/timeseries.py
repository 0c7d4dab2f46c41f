"""Time series of a Kennzahl for an area against its parent (and further comparison areas)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .base import Chart, Imprint, Measure, Series, notes_for, unique_names
from .canvas import Canvas, Font, LegendItem, LegendLayout, caption, caption_block, caption_height, draw_legend, legend_layout, nice_breaks
from .style import AXIS_TEXT, BASE_SIZE, CAPTION_SIZE, GRID, LINE_COLOURS, LINE_TYPES, MARGIN, MUTED, PERIOD, SHAPES, WIDTH_CM, axis_labels, change_text, join_and, label_text, points, source_line, value_text, year_breaks

HEIGHT_PT = 3.3 * 72


def describe_series(series: Series, measure: Measure, first: int, last: int, extremes: bool) -> str:
    """ "2018: 9,1 %, 2023: 7,8 %; gesunken um 1,3 Prozentpunkte." plus highest and lowest value."""
    a, b = series.value(first), series.value(last)
    parts = []
    if first == last:
        parts.append(f"{first}: {value_text(a, measure)}." if a is not None else f"Für {first} liegt kein Wert vor.")
    elif a is not None and b is not None:
        parts.append(f"{first}: {value_text(a, measure)}, {last}: {value_text(b, measure)}; "
                     f"{change_text(a, b, measure)}.")
    else:
        known = [(y, v) for y, v in ((first, a), (last, b)) if v is not None]
        for year, value in known:
            parts.append(f"{year}: {value_text(value, measure)}.")
        missing = [str(y) for y, v in ((first, a), (last, b)) if v is None]
        parts.append(f"Für {join_and(missing)} liegt kein Wert vor.")
    points = series.points()
    if extremes and len(points) > 2:
        high = max(points, key=lambda p: (p[1], p[0]))
        low = min(points, key=lambda p: (p[1], -p[0]))
        if high[1] != low[1]:
            parts.append(f"Höchster Wert {value_text(high[1], measure)} ({high[0]}), "
                         f"niedrigster {value_text(low[1], measure)} ({low[0]}).")
    return " ".join(parts)


def _gap_text(series: Series) -> str:
    gaps = series.gaps()
    if not gaps:
        return ""
    secret = [str(y) for y in gaps if y in series.suppressed]
    other = [str(y) for y in gaps if y not in series.suppressed]
    parts = []
    if secret:
        parts.append(f"{join_and(secret)} (Geheimhaltung)")
    if other:
        parts.append(join_and(other))
    return f"Keine Werte für {series.name}: {'; '.join(parts)}."


def time_series_alt(measure: Measure, area: Series, comparisons: Sequence[Series], period: tuple[int, int]) -> str:
    years = [y for y, _ in area.points()] or area.years
    first, last = (min(years), max(years)) if years else period
    span = f"von {first} bis {last}" if last > first else f"im Jahr {first}"
    text = [f"Liniendiagramm: {measure.label}, {area.name}, {span}."]
    if area.points():
        text.append(describe_series(area, measure, *period, extremes=True))
    else:
        text.append(f"Für {area.name} liegen keine Werte vor.")
    for other in comparisons:
        text.append(f"Zum Vergleich {other.name}: {describe_series(other, measure, *period, extremes=False)}")
    text += [t for t in (_gap_text(s) for s in (area, *comparisons)) if t]
    return " ".join(text)


def time_series(measure: Measure, area: Series, comparisons: Sequence[Series] = (),
                period: tuple[int, int] | None = None, imprint: Imprint = Imprint(), *,
                width_cm: float = WIDTH_CM) -> Chart:
    """Line chart of ``measure`` for ``area`` (solid dark blue, filled points) against ``comparisons`` (first
    = parent: dashed dark grey, open points; further ones dotted), with the comparison ``period`` (from, to)
    shaded and the values at both ends labelled for the area and the parent.

    Input contract: :class:`Series` (name, values: year → value, None/NaN = no value, ``suppressed``
    years are secret). Missing years break the line; nothing is drawn as 0. ``width_cm``: 16 for A4
    reports, about 10 for a phone-sized variant (same text size, so relatively larger).
    """
    all_series = [area, *comparisons]
    lay = time_series_layout(measure, all_series, period, imprint, points(width_cm))
    c = Canvas(lay.width, lay.height)
    _draw_frame(c, lay, measure)
    _draw_lines(c, lay, all_series)
    for label in end_labels(lay, all_series, measure):
        c.text(label.x, label.y, label.text, label.font, ha="center", va=label.va)

    compared = join_and([s.name for s in comparisons])
    title = f"{measure.label}: {area.name}" + (f" und {compared}" if compared else "") + \
        f", {lay.first}–{lay.last}"
    alt = time_series_alt(measure, area, comparisons, lay.period)
    svg = c.render(title, alt)
    return Chart("zeitreihe", title, alt, svg, lay.source, lay.notes, width_cm,
                 round(lay.height / 72 * 2.54, 1))


# --- measure: texts and scales decide the lay ---------------------------------------------------------

@dataclass(frozen=True)
class TimeSeriesLayout:
    """Where a time series goes, in points (origin bottom left): the texts around the plot and its scales."""

    width: float
    height: float
    period: tuple[int, int]  # the comparison period (the area's own years if none was given)
    period_label: str  # "Vergleichszeitraum 2018–2023"
    label_inside: bool  # the period label fits into the shaded period (else it is a note)
    notes: tuple[str, ...]
    source: str
    cap: str  # notes and source line as drawn under the chart ("" if left to the report)
    legend: LegendLayout
    top: float  # top of the plot: the shaded period reaches it
    bottom: float
    left: float
    right: float
    data_top: float  # the highest value axis break; above it room for the period label and the values
    first: int  # first and last year on the axis
    last: int
    low: float  # value axis range
    high: float
    breaks: tuple[float, ...]
    tick_labels: tuple[str, ...]

    def x(self, year: float) -> float:
        if self.last == self.first:
            return (self.left + self.right) / 2
        return self.left + 10 + (year - self.first) / (self.last - self.first) * (self.right - self.left - 20)

    def y(self, value: float) -> float:
        return self.bottom + (value - self.low) / (self.high - self.low) * (self.data_top - self.bottom)


TICK = BASE_SIZE - 0.5  # axis labels and legend
AXIS_FONT = Font(TICK, AXIS_TEXT)
LABEL = BASE_SIZE - 1  # the values at the period's ends
PERIOD_FONT = Font(BASE_SIZE - 1.5, MUTED)


def time_series_layout(measure: Measure, all_series: Sequence[Series], period: tuple[int, int] | None,
                       imprint: Imprint, width: float) -> TimeSeriesLayout:
    """Measure the texts (axis title, legend, notes, tick labels) and fit the plot between them."""
    height = HEIGHT_PT if width >= 400 else round(width * 0.78, 1)
    years = sorted({y for s in all_series for y in s.years})
    if not years:
        raise ValueError("Die Zeitreihe enthält keine Jahre.")
    if period is None:
        own = [y for y, _ in all_series[0].points()] or years
        period = (min(own), max(own))
    first, last = years[0], years[-1]
    values = [v for s in all_series for _, v in s.points()]
    suppressed = any(s.suppressed & set(s.years) for s in all_series)
    notes = notes_for(any(s.gaps() for s in all_series), suppressed)
    source = source_line([measure.source], imprint)
    label = f"Vergleichszeitraum {period[0]}–{period[1]}"
    span_pt = (period[1] - period[0]) / max(last - first, 1) * (width - 70)
    label_inside = period[1] > period[0] and PERIOD_FONT.width(label) < span_pt - 50
    if period[1] > period[0] and not label_inside:  # a short period or a narrow chart: say it underneath
        notes = (*notes, f"Hinterlegt: {label}.")
    cap = caption_block(source, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)

    top = height - MARGIN - (BASE_SIZE * 1.15 + 5)  # below the axis title
    names = unique_names([s.name for s in all_series])
    legend = legend_layout([LegendItem(n, "line", col, lt, 1.6 if i == 0 else 1.3, shape,
                                       fill=col if i == 0 else "white")
                            for i, (n, col, lt, shape) in enumerate(zip(names, LINE_COLOURS, LINE_TYPES, SHAPES))],
                           MARGIN, top, TICK, width - 2 * MARGIN)
    top -= legend.height + 6
    bottom = MARGIN + caption_height(cap, CAPTION_SIZE) + 18 + TICK * 1.3

    low = 0.0 if values and not measure.is_count and min(values) >= 0 else min(values, default=0.0)
    high = max(values, default=1.0)
    breaks = nice_breaks(low, high, 5)
    low, high = min(low, breaks[0]), max(high, breaks[-1])
    labels = axis_labels(measure.unit)(breaks)
    left = MARGIN + max(AXIS_FONT.width(t) for t in labels) + 6
    return TimeSeriesLayout(width, height, period, label, label_inside, notes, source, cap, legend, top, bottom,
                            left, width - MARGIN - 4, top - 16, first, last, low, high, tuple(breaks), tuple(labels))


# --- place and draw ------------------------------------------------------------------------------------------

def _draw_frame(c: Canvas, lay: TimeSeriesLayout, measure: Measure) -> None:
    """Axis title, legend, caption, the shaded period, the grid with the value labels, the years."""
    c.text(MARGIN, lay.height - MARGIN, measure.axis_title, Font(BASE_SIZE), va="top")
    draw_legend(c, lay.legend)
    caption(c, lay.cap, CAPTION_SIZE)
    if lay.period[1] > lay.period[0]:
        c.rect(lay.x(lay.period[0]) - 8, lay.bottom, lay.x(lay.period[1]) + 8, lay.top, PERIOD, z=0)
        if lay.label_inside:
            c.text((lay.x(lay.period[0]) + lay.x(lay.period[1])) / 2, lay.top - 2, lay.period_label, PERIOD_FONT,
                   ha="center", va="top")
    for b, tick_label in zip(lay.breaks, lay.tick_labels):
        c.rule(lay.left, lay.right, lay.y(b), GRID if b != 0 else "#b3b3b3", 0.5, z=0)
        c.text(lay.left - 5, lay.y(b), tick_label, AXIS_FONT, ha="right", va="center")
    for year in year_breaks(lay.first, lay.last, lay.right - lay.left - 20):
        c.text(lay.x(year), lay.bottom - 5, str(year), AXIS_FONT, ha="center", va="top")


def _draw_lines(c: Canvas, lay: TimeSeriesLayout, all_series: Sequence[Series]) -> None:
    """Each series as a line broken at missing years, with a marker at every value."""
    if not any(s.points() for s in all_series):
        c.text((lay.left + lay.right) / 2, (lay.bottom + lay.data_top) / 2, "Keine darstellbaren Werte",
               Font(BASE_SIZE, MUTED, italic=True), ha="center", va="center")
    for i, series in enumerate(all_series):
        colour, linetype, shape = LINE_COLOURS[i % 5], LINE_TYPES[i % 5], SHAPES[i % 5]
        for run in _runs(series.points()):
            c.line([lay.x(y) for y, _ in run], [lay.y(v) for _, v in run], colour, 1.6 if i == 0 else 1.3,
                   linetype, z=2)
        for year, value in series.points():
            fill = colour if i == 0 else "white"
            c.marker(lay.x(year), lay.y(value), shape, 4.6, fill, colour if i else "white", 0.9 if i else 0.6,
                     z=3)


def _runs(points: Sequence[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """The points split where a year is missing."""
    runs: list[list[tuple[int, float]]] = []
    for year, value in points:
        if runs and year == runs[-1][-1][0] + 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


@dataclass(frozen=True)
class EndLabel:
    x: float
    y: float
    text: str
    font: Font
    va: str  # "bottom": above the point, "top": below it


def end_labels(lay: TimeSeriesLayout, all_series: Sequence[Series], measure: Measure) -> list[EndLabel]:
    """The area's and the parent's values at both ends of the period: the higher above its point, the lower
    below, unless another line's point (or an earlier label) is in the way there."""
    labels = []
    for year in lay.period:
        occupied = [lay.y(v) for s in all_series if (v := s.value(year)) is not None]
        taken: list[tuple[float, float]] = []
        shown = sorted(((s.value(year), i) for i, s in enumerate(all_series[:2]) if s.value(year) is not None),
                       reverse=True)
        for rank, (value, i) in enumerate(shown):
            y = lay.y(value)
            h = LABEL * 1.05
            spans = {"bottom": (y + 5, y + 5 + h), "top": (y - 5 - h, y - 5)}
            prefer = ["bottom", "top"] if rank == 0 else ["top", "bottom"]

            def cost(va, y=y):
                lo, hi = spans[va]
                hits = sum(1 for q in occupied if q != y and lo - 2 <= q <= hi + 2)
                clash = sum(1 for a, b in taken if lo < b and a < hi)
                out = hi > lay.top or lo < lay.bottom
                return hits + 2 * clash + (0.5 if va != prefer[0] else 0) + (5 if out else 0)

            va = min(prefer, key=cost)
            taken.append(spans[va])
            labels.append(EndLabel(lay.x(year), y + (5 if va == "bottom" else -5), label_text(value, measure),
                                   Font(LABEL, LINE_COLOURS[i], bold=True), va))
    return labels
