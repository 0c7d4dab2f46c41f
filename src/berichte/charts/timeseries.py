"""Time series of a Kennzahl for an area against its parent (and further comparison areas)."""

from __future__ import annotations

from typing import Sequence

import pandas as pd
from plotnine import (aes, annotate, geom_line, geom_point, geom_text, ggplot, labs, scale_color_manual,
                      scale_linetype_manual, scale_shape_manual, scale_x_continuous, scale_y_continuous)

from .base import Chart, Imprint, Measure, Series, figure_size, notes_for, render, unique_names
from .style import (BASE_SIZE, FONT, LINE_COLOURS, LINE_TYPES, MUTED, PERIOD, axis_labels, caption_text,
                    change_text, house_theme, join_and, source_line, value_text, year_breaks, year_labels)

HEIGHT_IN = 3.3


def series_frame(series: Sequence[Series], names: Sequence[str]) -> pd.DataFrame:
    """Long frame (name, segment, year, value): a new segment after every gap, so lines break at gaps."""
    rows = []
    for s, name in zip(series, names):
        segment = 0
        previous = None
        for year in s.years:
            value = s.value(year)
            if value is None:
                continue
            if previous is not None and year != previous + 1:
                segment += 1
            rows.append((name, f"{name}#{segment}", year, value))
            previous = year
    frame = pd.DataFrame(rows, columns=["name", "segment", "year", "value"])
    frame["name"] = pd.Categorical(frame["name"], categories=list(names), ordered=True)
    return frame


def describe_series(series: Series, measure: Measure, first: int, last: int, extremes: bool) -> str:
    """ "2018: 9,1 %, 2023: 7,8 %; gesunken um 1,3 Prozentpunkte." plus highest and lowest value."""
    a, b = series.value(first), series.value(last)
    parts = []
    if a is not None and b is not None:
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
    text = [f"Liniendiagramm: {measure.label} in {area.name} von {first} bis {last}."]
    if area.points():
        text.append(describe_series(area, measure, *period, extremes=True))
    else:
        text.append(f"Für {area.name} liegen keine Werte vor.")
    for other in comparisons:
        text.append(f"Zum Vergleich {other.name}: {describe_series(other, measure, *period, extremes=False)}")
    text += [t for t in (_gap_text(s) for s in (area, *comparisons)) if t]
    return " ".join(text)


def _end_labels(frame: pd.DataFrame, names: Sequence[str], period: tuple[int, int], measure: Measure):
    """Value labels at both ends of the comparison period for the area and the first comparison:
    the higher value above its point, the lower below."""
    rows = []
    labelled = list(names[:2])
    for year in period:
        at = frame[(frame["year"] == year) & frame["name"].isin(labelled)].sort_values("value")
        for i, row in enumerate(at.itertuples(index=False)):
            above = i == len(at) - 1
            rows.append({"name": row.name, "year": year, "value": row.value, "va": "bottom" if above else "top",
                         "label": value_text(row.value, measure)})
    return pd.DataFrame(rows)


def time_series(measure: Measure, area: Series, comparisons: Sequence[Series] = (),
                period: tuple[int, int] | None = None, imprint: Imprint = Imprint()) -> Chart:
    """Line chart of ``measure`` for ``area`` (solid dark blue) against ``comparisons`` (first = parent,
    dashed dark grey), with the comparison ``period`` (from, to) shaded and labelled at both ends.

    Input contract: :class:`Series` (name, values: year → value, None/NaN = no value, ``suppressed``
    years are secret). Missing years break the line; nothing is drawn as 0.
    """
    all_series = [area, *comparisons]
    names = unique_names([s.name for s in all_series])
    frame = series_frame(all_series, names)
    years = sorted({y for s in all_series for y in s.years})
    if not years:
        raise ValueError("Die Zeitreihe enthält keine Jahre.")
    if period is None:
        own = [y for y, _ in area.points()] or years
        period = (min(own), max(own))
    first_year, last_year = min(years), max(years)

    colours = dict(zip(names, LINE_COLOURS * 3))
    types = dict(zip(names, LINE_TYPES * 3))
    span = frame["value"].agg(["min", "max"]) if len(frame) else pd.Series({"min": 0.0, "max": 1.0})
    height = float(span["max"] - min(span["min"], 0 if not measure.is_count else span["min"])) or 1.0

    plot = (
        ggplot(frame, aes("year", "value", color="name", linetype="name", group="segment"))
        + annotate("rect", xmin=period[0] - 0.25, xmax=period[1] + 0.25, ymin=-float("inf"), ymax=float("inf"),
                   fill=PERIOD, color="none")
        + annotate("text", x=(period[0] + period[1]) / 2, y=float("inf"),
                   label=f"Vergleichszeitraum {period[0]}–{period[1]}", va="top", size=BASE_SIZE - 1.5,
                   color=MUTED, family=FONT)
        + geom_line(size=0.9)
        + geom_point(aes(shape="name"), size=1.6, fill="white", stroke=0.7)
        + scale_color_manual(values=colours, breaks=names)
        + scale_linetype_manual(values=types, breaks=names)
        + scale_x_continuous(breaks=year_breaks(first_year, last_year), labels=year_labels,
                             limits=(first_year - 0.4, last_year + 0.4), expand=(0, 0))
        + house_theme(HEIGHT_IN)
        + labs(title=measure.axis_title, x="", y="")
    )
    plot += scale_shape_manual(values=dict(zip(names, ["o", "o", "s", "^", "D"] * 3)), breaks=names)
    if not measure.is_count and len(frame) and span["min"] >= 0:
        plot += scale_y_continuous(labels=axis_labels(measure.unit), limits=(0, None), expand=(0, 0, 0.22, 0))
    else:
        plot += scale_y_continuous(labels=axis_labels(measure.unit), expand=(0.06, 0, 0.22, 0))
    labels = _end_labels(frame, names, period, measure)
    if len(labels):
        nudge = height * 0.035
        for va, sign in (("bottom", 1), ("top", -1)):
            part = labels[labels["va"] == va]
            if len(part):
                plot += geom_text(aes("year", "value", label="label", color="name"), data=part.assign(
                    value=part["value"] + sign * nudge, segment="label"), va=va, size=BASE_SIZE - 1,
                    family=FONT, show_legend=False, inherit_aes=False, fontweight="bold")
    suppressed = any(s.suppressed & set(s.years) for s in all_series)
    missing = any(s.gaps() for s in all_series)
    notes = notes_for(missing, suppressed)
    source = source_line([measure.source], imprint)
    plot += labs(caption=caption_text(source, notes))
    compared = join_and([s.name for s in comparisons])
    title = f"{measure.label} in {area.name}" + (f" und {compared}" if compared else "") + \
        f", {first_year}–{last_year}"
    alt = time_series_alt(measure, area, comparisons, period)
    svg = render(plot, title, alt)
    width, height_cm = figure_size(plot)
    return Chart("zeitreihe", title, alt, svg, source, notes, width, height_cm)
