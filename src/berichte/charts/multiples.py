"""Small multiples: one small line chart per key Kennzahl, the area against its parent."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from plotnine import (aes, annotate, element_blank, element_text, facet_wrap, geom_blank, geom_line, geom_point,
                      ggplot, labs, scale_color_manual, scale_linetype_manual, scale_x_continuous,
                      scale_y_continuous, theme)

from .base import Chart, Imprint, Measure, Series, figure_size, notes_for, render
from .style import (BASE_SIZE, HIGHLIGHT, PARENT, PERIOD, caption_text, house_theme, plain_labels, source_line,
                    value_text, wrap_name, year_labels)


@dataclass(frozen=True)
class Panel:
    """One small chart: a measure, the area's series and (optionally) the parent's series."""

    measure: Measure
    area: Series
    comparison: Series | None = None


def _comparison(panel: Panel) -> Series | None:
    """Counts of an area and its parent differ by orders of magnitude: counts are shown alone."""
    return None if panel.measure.is_count else panel.comparison


def panel_title(measure: Measure) -> str:
    return wrap_name(measure.axis_title, 27)


def _ends(series: Series, measure: Measure, period: tuple[int, int]) -> str:
    texts = []
    for year in period:
        value = series.value(year)
        texts.append(f"{year} {value_text(value, measure) if value is not None else 'kein Wert'}")
    return ", ".join(texts)


def multiples_alt(panels: Sequence[Panel], period: tuple[int, int], first: int, last: int) -> str:
    area = panels[0].area.name
    parent = next((p.comparison.name for p in panels if p.comparison is not None), None)
    versus = f" im Vergleich zu {parent}" if parent else ""
    text = [f"Liniendiagramme für {len(panels)} Kennzahlen in {area}{versus} von {first} bis {last}, "
            f"Werte am Anfang und Ende des Vergleichszeitraums {period[0]}–{period[1]}."]
    for panel in panels:
        item = f"{panel.measure.label}: {_ends(panel.area, panel.measure, period)}"
        comparison = _comparison(panel)
        if comparison is not None:
            item += f" ({comparison.name}: {_ends(comparison, panel.measure, period)})"
        text.append(item + ".")
    return " ".join(text)


def small_multiples(panels: Sequence[Panel], period: tuple[int, int] | None = None,
                    imprint: Imprint = Imprint(), columns: int = 3) -> Chart:
    """A grid of small line charts, one per :class:`Panel` (in the given order), each with its own value
    axis; the area solid dark blue, the parent dashed, the comparison period shaded. The panel titles carry
    the units, the axes German numbers."""
    if not panels:
        raise ValueError("Für die Übersicht wird mindestens eine Kennzahl gebraucht.")
    area_name = panels[0].area.name
    parent_name = next((p.comparison.name for p in panels if p.comparison is not None), None)
    names = [area_name] + ([parent_name] if parent_name and parent_name != area_name else [])
    titles = [panel_title(p.measure) for p in panels]
    rows, floors = [], []
    for panel, title in zip(panels, titles):
        for series, name in ((panel.area, names[0]), (_comparison(panel), names[-1])):
            if series is None:
                continue
            segment = 0
            previous = None
            for year, value in series.points():
                if previous is not None and year != previous + 1:
                    segment += 1
                rows.append((title, name, f"{title}|{name}|{segment}", year, value))
                previous = year
        values = [r[4] for r in rows if r[0] == title]
        if values and not panel.measure.is_count and min(values) >= 0:
            floors.append((title, 0.0))
    frame = pd.DataFrame(rows, columns=["panel", "name", "segment", "year", "value"])
    frame["panel"] = pd.Categorical(frame["panel"], categories=titles, ordered=True)
    frame["name"] = pd.Categorical(frame["name"], categories=names, ordered=True)
    floor = pd.DataFrame(floors, columns=["panel", "value"])
    floor["panel"] = pd.Categorical(floor["panel"], categories=titles, ordered=True)
    years = sorted(frame["year"].unique()) if len(frame) else [period[0] if period else 0]
    first, last = int(years[0]), int(years[-1])
    if period is None:
        period = (first, last)
    breaks = sorted({first, period[0], last} if period[0] - first >= 3 and last - period[0] >= 3 else {first, last})
    columns = max(1, min(columns, len(panels)))
    grid_rows = math.ceil(len(panels) / columns)
    plot = (
        ggplot(frame, aes("year", "value", color="name", linetype="name", group="segment"))
        + annotate("rect", xmin=period[0], xmax=period[1], ymin=-float("inf"), ymax=float("inf"), fill=PERIOD)
        + geom_blank(aes(y="value"), data=floor, inherit_aes=False)
        + geom_line(size=0.75)
        + geom_point(data=frame[frame["year"].isin(period)], size=1.1)
        + facet_wrap("panel", ncol=columns, scales="free_y")
        + scale_color_manual(values=dict(zip(names, [HIGHLIGHT, PARENT])), breaks=names)
        + scale_linetype_manual(values=dict(zip(names, ["solid", "dashed"])), breaks=names)
        + scale_x_continuous(breaks=breaks, labels=year_labels, limits=(first - 0.3, last + 0.3), expand=(0, 0))
        + scale_y_continuous(labels=plain_labels, expand=(0.04, 0, 0.1, 0))
        + house_theme(0.95 + 1.35 * grid_rows)
        + theme(panel_grid_major_x=element_blank(), panel_spacing_x=0.045, panel_spacing_y=0.035,
                strip_text_x=element_text(size=BASE_SIZE - 1, ha="left", ma="left", weight="bold", linespacing=1.05),
                axis_text=element_text(size=BASE_SIZE - 1.5))
        + labs(x="", y="")
    )
    secret = any(s.suppressed & set(s.years) for p in panels for s in (p.area, p.comparison) if s is not None)
    missing = any(s.gaps() for p in panels for s in (p.area, p.comparison) if s is not None)
    notes = notes_for(missing, secret)
    src = source_line([p.measure.source for p in panels], imprint)
    plot += labs(caption=caption_text(src, notes))
    title = f"Kernkennzahlen für {area_name}" + (f" und {parent_name}" if parent_name else "") + f", {first}–{last}"
    alt = multiples_alt(panels, period, first, last)
    svg = render(plot, title, alt)
    width, height_cm = figure_size(plot)
    return Chart("uebersicht", title, alt, svg, src, notes, width, height_cm)
