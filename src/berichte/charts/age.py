"""Age structure of an area against its parent: grouped horizontal bars of the age groups' shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd
from plotnine import (aes, coord_flip, geom_col, geom_text, ggplot, labs, position_dodge, scale_fill_manual,
                      scale_x_discrete, scale_y_continuous, theme, element_blank, element_line)

from ..formatting import is_missing, number, percent
from .base import Chart, Imprint, figure_size, notes_for, render
from .style import (BASE_SIZE, FONT, GRID, HIGHLIGHT, INK, PARENT, axis_labels, caption_text, house_theme,
                    source_line)

PARENT_FILL = "#c3cad2"
DODGE = 0.82


@dataclass(frozen=True)
class AgeProfile:
    """Persons per age group of one area, youngest group first (labels such as "unter 3", "80 und älter").

    ``total`` is the population the shares refer to; when None it is the sum of the groups (then every
    group needs a value). Groups in ``suppressed`` (or with None) are secret or missing: not drawn.
    """

    name: str
    counts: Mapping[str, float | None]
    total: float | None = None
    suppressed: frozenset[str] = frozenset()

    def count(self, group: str) -> float | None:
        value = self.counts.get(group)
        return None if group in self.suppressed or is_missing(value) else float(value)

    def shares(self) -> dict[str, float | None]:
        """Share of each group in % of ``total``."""
        known = {g: self.count(g) for g in self.counts}
        total = self.total
        if total is None:
            if any(v is None for v in known.values()):
                raise ValueError(f"Altersstruktur „{self.name}“: Bei fehlenden Altersgruppen wird die "
                                 "Gesamtzahl (total) gebraucht.")
            total = sum(known.values())
        if not total:
            return {g: None for g in known}
        return {g: (None if v is None else v / total * 100) for g, v in known.items()}


def age_structure_alt(area: AgeProfile, parent: AgeProfile | None, year: int, decimals: int) -> str:
    own = area.shares()
    other = parent.shares() if parent is not None else {}
    versus = f" im Vergleich zu {parent.name}" if parent is not None else ""
    text = [f"Balkendiagramm: Altersstruktur in {area.name} {year}{versus}, Anteile der Altersgruppen "
            "an allen Einwohnerinnen und Einwohnern."]
    parts = []
    for group, share in own.items():
        item = f"{group}: {percent(share, decimals) if share is not None else 'keine Angabe'}"
        if parent is not None:
            theirs = other.get(group)
            item += f" ({parent.name}: {percent(theirs, decimals) if theirs is not None else 'keine Angabe'})"
        parts.append(item)
    text.append("; ".join(parts) + ".")
    if parent is not None:
        diffs = [(abs(own[g] - other[g]), g, own[g] - other[g]) for g in own
                 if own[g] is not None and other.get(g) is not None]
        if diffs:
            _, group, diff = max(diffs)
            if round(abs(diff), decimals) > 0:
                more = "mehr" if diff > 0 else "weniger"
                text.append(f"Größter Unterschied bei „{group}“: {number(abs(diff), decimals)} Prozentpunkte "
                            f"{more} als {parent.name}.")
    return " ".join(text)


def age_structure(area: AgeProfile, parent: AgeProfile | None, year: int, source: str,
                  imprint: Imprint = Imprint(), decimals: int = 1) -> Chart:
    """Grouped bars: share of each age group (youngest at the bottom) in ``area`` (dark blue) and its
    ``parent`` (light grey), both labelled in German format."""
    profiles = [area] + ([parent] if parent is not None else [])
    groups = list(area.counts)
    rows = []
    for profile in profiles:
        for group, share in profile.shares().items():
            if share is not None:
                rows.append((profile.name, group, share, percent(share, decimals)))
    frame = pd.DataFrame(rows, columns=["name", "group", "share", "label"])
    names = [p.name for p in profiles] if parent is None or parent.name != area.name else \
        [area.name, parent.name + " "]
    if parent is not None and names[1] != parent.name:
        frame.loc[len(frame) // 2:, "name"] = names[1]
    frame["weight"] = ["bold" if n == names[0] else "normal" for n in frame["name"]]
    frame["group"] = pd.Categorical(frame["group"], categories=groups, ordered=True)
    # dodge order: the area above its parent within each age group (coord_flip draws the last level on top)
    frame["name"] = pd.Categorical(frame["name"], categories=names[::-1], ordered=True)
    fills = dict(zip(names, [HIGHLIGHT, PARENT_FILL]))
    top = frame["share"].max() if len(frame) else 1.0
    frame["label_at"] = frame["share"] + top * 0.012
    height = 0.75 + 0.28 * len(groups) * (1 + 0.55 * (len(profiles) - 1))
    dodge = position_dodge(width=DODGE)
    plot = (
        ggplot(frame, aes("group", "share", fill="name"))
        + geom_col(position=dodge, width=DODGE, color="none")
        + geom_text(aes(y="label_at", label="label", fontweight="weight", group="name"), position=dodge,
                    ha="left", size=BASE_SIZE - 1.5, family=FONT, color=INK, show_legend=False)
        + scale_fill_manual(values=fills, breaks=names)
        + scale_x_discrete(limits=groups)
        + scale_y_continuous(labels=axis_labels("%"), limits=(0, top * 1.12), expand=(0, 0))
        + coord_flip()
        + house_theme(height)
        + theme(panel_grid_major_y=element_blank(), panel_grid_major_x=element_line(color=GRID, size=0.45))
        + labs(title="Anteil an allen Einwohnerinnen und Einwohnern in %", x="Alter in Jahren", y="")
    )
    secret = any(p.suppressed for p in profiles)
    missing = any(p.count(g) is None for p in profiles for g in p.counts)
    notes = notes_for(missing, secret)
    src = source_line([source], imprint, year)
    plot += labs(caption=caption_text(src, notes))
    title = f"Altersstruktur in {area.name} {year}" + (f" im Vergleich zu {parent.name}" if parent else "")
    alt = age_structure_alt(area, parent, year, decimals)
    svg = render(plot, title, alt)
    width, height_cm = figure_size(plot)
    return Chart("altersstruktur", title, alt, svg, src, notes, width, height_cm)


