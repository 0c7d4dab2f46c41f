"""Time series of a Kennzahl for an area against its parent (and further comparison areas)."""

from __future__ import annotations

from typing import Sequence

from .base import Chart, Imprint, Measure, Series, notes_for, unique_names
from .canvas import Canvas, LegendItem, caption, caption_block, caption_height, legend_row, nice_breaks, text_width
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
    width = points(width_cm)
    height = HEIGHT_PT if width >= 400 else round(width * 0.78, 1)
    all_series = [area, *comparisons]
    names = unique_names([s.name for s in all_series])
    years = sorted({y for s in all_series for y in s.years})
    if not years:
        raise ValueError("Die Zeitreihe enthält keine Jahre.")
    if period is None:
        own = [y for y, _ in area.points()] or years
        period = (min(own), max(own))
    first, last = years[0], years[-1]
    values = [v for s in all_series for _, v in s.points()]
    suppressed = any(s.suppressed & set(s.years) for s in all_series)
    missing = any(s.gaps() for s in all_series)
    notes = notes_for(missing, suppressed)
    source = source_line([measure.source], imprint)
    label = f"Vergleichszeitraum {period[0]}–{period[1]}"
    span_pt = (period[1] - period[0]) / max(last - first, 1) * (width - 70)
    label_inside = period[1] > period[0] and text_width(label, BASE_SIZE - 1.5) < span_pt - 50
    if period[1] > period[0] and not label_inside:  # a short period or a narrow chart: say it underneath
        notes = (*notes, f"Hinterlegt: {label}.")

    c = Canvas(width, height)
    tick = BASE_SIZE - 0.5
    cap = caption_block(source, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    top = height - MARGIN
    c.text(MARGIN, top, measure.axis_title, BASE_SIZE, va="top")
    top -= BASE_SIZE * 1.15 + 5
    legend = [LegendItem(n, "line", col, lt, 1.6 if i == 0 else 1.3, shape, fill=col if i == 0 else "white")
              for i, (n, col, lt, shape) in enumerate(zip(names, LINE_COLOURS, LINE_TYPES, SHAPES))]
    top -= legend_row(c, legend, MARGIN, top, tick, width - 2 * MARGIN) + 6
    caption(c, cap, CAPTION_SIZE)
    bottom = MARGIN + caption_height(cap, CAPTION_SIZE) + 18 + tick * 1.3

    low = 0.0 if values and not measure.is_count and min(values) >= 0 else min(values, default=0.0)
    high = max(values, default=1.0)
    breaks = nice_breaks(low, high, 5)
    low, high = min(low, breaks[0]), max(high, breaks[-1])
    labels = axis_labels(measure.unit)(breaks)
    left = MARGIN + max(text_width(t, tick) for t in labels) + 6
    right = width - MARGIN - 4
    data_top = top - 16  # room for the period label and the values above the lines
    def x_of(year: float) -> float:
        if last == first:
            return (left + right) / 2
        return left + 10 + (year - first) / (last - first) * (right - left - 20)

    y_of = lambda value: bottom + (value - low) / (high - low) * (data_top - bottom)  # noqa: E731

    if period[1] > period[0]:
        c.rect(x_of(period[0]) - 8, bottom, x_of(period[1]) + 8, top, PERIOD, z=0)
        if label_inside:
            c.text((x_of(period[0]) + x_of(period[1])) / 2, top - 2, label, BASE_SIZE - 1.5, ha="center",
                   va="top", colour=MUTED)
    for b, tick_label in zip(breaks, labels):
        c.rule(left, right, y_of(b), GRID if b != 0 else "#b3b3b3", 0.5, z=0)
        c.text(left - 5, y_of(b), tick_label, tick, ha="right", va="center", colour=AXIS_TEXT)
    for year in year_breaks(first, last, right - left - 20):
        c.text(x_of(year), bottom - 5, str(year), tick, ha="center", va="top", colour=AXIS_TEXT)

    if not values:
        c.text((left + right) / 2, (bottom + data_top) / 2, "Keine darstellbaren Werte", BASE_SIZE, ha="center",
               va="center", colour=MUTED, italic=True)
    for i, series in enumerate(all_series):
        colour, linetype, shape = LINE_COLOURS[i % 5], LINE_TYPES[i % 5], SHAPES[i % 5]
        run: list[tuple[int, float]] = []
        for year, value in series.points() + [(None, None)]:
            if run and (year is None or year != run[-1][0] + 1):
                c.line([x_of(y) for y, _ in run], [y_of(v) for _, v in run], colour, 1.6 if i == 0 else 1.3,
                       linetype, z=2)
                run = []
            if year is not None:
                run.append((year, value))
        for year, value in series.points():
            fill = colour if i == 0 else "white"
            c.marker(x_of(year), y_of(value), shape, 4.6, fill, colour if i else "white", 0.9 if i else 0.6, z=3)
    label_size = BASE_SIZE - 1
    for year in period:
        # the area's and the parent's value: the higher above its point, the lower below, unless another
        # line's point is in the way there
        occupied = [y_of(v) for s in all_series if (v := s.value(year)) is not None]
        taken: list[tuple[float, float]] = []
        shown = sorted(((s.value(year), i) for i, s in enumerate(all_series[:2]) if s.value(year) is not None),
                       reverse=True)
        for rank, (value, i) in enumerate(shown):
            y = y_of(value)
            h = label_size * 1.05
            spans = {"bottom": (y + 5, y + 5 + h), "top": (y - 5 - h, y - 5)}
            prefer = ["bottom", "top"] if rank == 0 else ["top", "bottom"]

            def cost(va, y=y):
                lo, hi = spans[va]
                hits = sum(1 for q in occupied if q != y and lo - 2 <= q <= hi + 2)
                clash = sum(1 for a, b in taken if lo < b and a < hi)
                return hits + 2 * clash + (0.5 if va != prefer[0] else 0) + (5 if hi > top or lo < bottom else 0)

            va = min(prefer, key=cost)
            taken.append(spans[va])
            c.text(x_of(year), y + (5 if va == "bottom" else -5), label_text(value, measure), label_size,
                   ha="center", va=va, colour=LINE_COLOURS[i], bold=True)

    compared = join_and([s.name for s in comparisons])
    title = f"{measure.label}: {area.name}" + (f" und {compared}" if compared else "") + f", {first}–{last}"
    alt = time_series_alt(measure, area, comparisons, period)
    svg = c.render(title, alt)
    return Chart("zeitreihe", title, alt, svg, source, notes, width_cm, round(height / 72 * 2.54, 1))
