"""Ranking bars: all sibling areas sorted by value, the area highlighted, the parent value as a line."""

from __future__ import annotations

from typing import Sequence

import pandas as pd
from plotnine import (aes, annotate, coord_flip, element_blank, geom_blank, element_line, element_text, geom_col,
                      geom_hline, geom_label, geom_text, ggplot, labs, scale_fill_manual, scale_x_discrete,
                      scale_y_continuous, theme)

from .base import AreaValue, Chart, Imprint, Measure, figure_size, notes_for, render, unique_names
from .style import (BASE_SIZE, FONT, GRID, HIGHLIGHT, INK, MUTED, PARENT, SIBLING, axis_labels, caption_text,
                    house_theme, join_and, label_text, source_line, value_text, wrap_name)


def ranked(values: Sequence[AreaValue]) -> list[tuple[int, AreaValue]]:
    """Areas with a value, highest first, with their rank (1 = highest; ties share the rank)."""
    shown = sorted((v for v in values if not v.missing), key=lambda v: (-v.value, v.name))
    result: list[tuple[int, AreaValue]] = []
    for i, item in enumerate(shown):
        rank = result[-1][0] if result and result[-1][1].value == item.value else i + 1
        result.append((rank, item))
    return result


def ranking_alt(measure: Measure, values: Sequence[AreaValue], highlight: str | None,
                parent: AreaValue | None, year: int, group: str) -> str:
    order = ranked(values)
    where = group or f"{len(values)} Gebieten"
    text = [f"Balkendiagramm: {measure.label} {year} in {where}, nach der Höhe des Werts sortiert."]
    if order:
        top, bottom = order[0][1], order[-1][1]
        text.append(f"Höchster Wert: {top.name} mit {value_text(top.value, measure)}; niedrigster Wert: "
                    f"{bottom.name} mit {value_text(bottom.value, measure)}.")
    own = next((v for v in values if v.key == highlight), None)
    if own is not None:
        rank = next((r for r, v in order if v.key == own.key), None)
        if rank is None:
            reason = "Geheimhaltung" if own.suppressed else "kein Wert"
            text.append(f"Für {own.name} liegt kein Wert vor ({reason}).")
        else:
            text.append(f"{own.name} liegt mit {value_text(own.value, measure)} auf Rang {rank} von "
                        f"{len(order)} (Rang 1 = höchster Wert).")
    if parent is not None and not parent.missing:
        text.append(f"{parent.name} insgesamt: {value_text(parent.value, measure)}.")
    secret = [v.name for v in values if v.suppressed]
    absent = [v.name for v in values if v.missing and not v.suppressed]
    if secret:
        text.append(f"Keine Angabe wegen Geheimhaltung: {join_and(secret)}.")
    if absent:
        text.append(f"Kein Wert: {join_and(absent)}.")
    return " ".join(text)


def ranking(measure: Measure, values: Sequence[AreaValue], year: int, highlight: str | None = None,
            parent: AreaValue | None = None, imprint: Imprint = Imprint(), group: str = "") -> Chart:
    """Horizontal bars of ``values`` (all siblings), highest at the top; the ``highlight`` area (key) in dark
    blue with a bold label; the ``parent`` value as a dashed line. Areas without a value are listed at the
    bottom with "keine Angabe" instead of a bar. ``group`` names the set in the alt text, e.g.
    "den Kommunen der Region Seewalden".
    """
    if not values:
        raise ValueError("Für die Rangfolge werden Werte gebraucht.")
    order = ranked(values)
    absent = sorted((v for v in values if v.missing), key=lambda v: v.name, reverse=True)
    items = absent + [v for _, v in reversed(order)]  # bottom to top
    labels = unique_names([wrap_name(v.name, 26) for v in items])
    frame = pd.DataFrame({
        "label": labels,
        "value": [v.value if not v.missing else None for v in items],
        "role": ["area" if v.key == highlight else "other" for v in items],
        "text": [label_text(v.value, measure) if not v.missing else "keine Angabe" for v in items],
    })
    frame["label"] = pd.Categorical(frame["label"], categories=labels, ordered=True)
    n = len(items)
    known = frame["value"].dropna()
    parent_value = parent.value if parent is not None and not parent.missing else None
    high = max([*known, parent_value or 0, 0])
    low = min([*known, parent_value or 0, 0])
    span = (high - low) or 1.0
    offset = span * 0.012
    small = n > 30
    text_size = BASE_SIZE - (2.5 if small else 1.5)
    row = min(0.2, 8.0 / n) if not small else min(0.17, 9.0 / n)
    height = 1.15 + row * n * (1.25 if any("\n" in s for s in labels) else 1)

    bars = frame.dropna(subset=["value"])
    positive = bars[bars["value"] >= 0].assign(at=lambda d: d["value"] + offset)
    negative = bars[bars["value"] < 0].assign(at=lambda d: d["value"] - offset)
    missing = frame[frame["value"].isna()].assign(at=offset)
    weights = ["bold" if r == "area" else "normal" for r in frame["role"]]
    colours = [HIGHLIGHT if r == "area" else INK for r in frame["role"]]
    plot = (
        ggplot(frame, aes("label", "value"))
        + geom_col(aes(fill="role"), data=bars, width=0.72, show_legend=False)
        + [geom_hline(yintercept=parent_value, linetype="dashed", color=PARENT, size=0.6)
           if parent_value is not None else geom_blank()]
        + scale_fill_manual(values={"area": HIGHLIGHT, "other": SIBLING})
        + scale_x_discrete(limits=labels, expand=(0, 0.6, 0, 1.5 if parent_value is not None else 0.6))
        + scale_y_continuous(labels=axis_labels(measure.unit),
                             limits=(low - (span * 0.16 if low < 0 else 0), high + span * 0.16), expand=(0, 0))
        + coord_flip()
        + house_theme(height)
        + theme(panel_grid_major_y=element_blank(), panel_grid_major_x=element_line(color=GRID, size=0.45),
                axis_text_y=element_text(weight=weights, color=colours, size=text_size + 0.5, linespacing=1.0))
        + labs(title=measure.axis_title, x="", y="")
    )
    for part, ha in ((positive, "left"), (negative, "right")):
        if len(part):
            plot += geom_label(aes("label", "at", label="text", fontweight="weight"), data=part.assign(
                weight=lambda d: ["bold" if r == "area" else "normal" for r in d["role"]]),
                ha=ha, size=text_size, family=FONT, color=INK, fill="white", label_size=0, boxstyle="square",
                label_padding=0.1)
    if len(missing):
        plot += geom_text(aes("label", "at", label="text"), data=missing, ha="left", size=text_size,
                          family=FONT, color=MUTED, fontstyle="italic")
    if parent_value is not None:
        right_side = (parent_value - low) < span * 0.6
        plot += annotate("text", x=n + 0.75, y=parent_value + (offset if right_side else -offset),
                         label=f"{parent.name}: {value_text(parent_value, measure)}",
                         ha="left" if right_side else "right", va="center", size=text_size, family=FONT,
                         color=PARENT)
    if low < 0:
        plot += geom_hline(yintercept=0, color="#8c8c8c", size=0.5)
    secret = any(v.suppressed for v in values)
    notes = notes_for(bool(absent), secret)
    src = source_line([measure.source], imprint, year)
    plot += labs(caption=caption_text(src, notes))
    title = f"{measure.label} {year}" + (f" in {group}" if group else "") + ", Rangfolge"
    alt = ranking_alt(measure, values, highlight, parent, year, group)
    svg = render(plot, title, alt)
    width, height_cm = figure_size(plot)
    return Chart("rangfolge", title, alt, svg, src, notes, width, height_cm)
