"""Age structure of an area against its parent: grouped horizontal bars of the age groups' shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..formatting import is_missing, number, percent
from .base import Chart, Imprint, notes_for
from .canvas import Canvas, LegendItem, caption, caption_block, caption_height, legend_row, nice_breaks, text_width
from .style import AXIS_TEXT, BASE_SIZE, CAPTION_SIZE, GRID, HIGHLIGHT, INK, MARGIN, MUTED, WIDTH_CM, axis_labels, points, source_line

PARENT_FILL = "#b9c6d2"


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
    versus = f" und {parent.name}" if parent is not None else ""
    text = [f"Balkendiagramm: Altersstruktur {year}, {area.name}{versus}, Anteile der Altersgruppen "
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
                  imprint: Imprint = Imprint(), decimals: int = 1, *, width_cm: float = WIDTH_CM) -> Chart:
    """Grouped bars: share of each age group (youngest at the bottom, as in a pyramid) in ``area`` (dark
    blue, bold labels) and its ``parent`` (light grey), all labelled in German format."""
    width = points(width_cm)
    profiles = [area] + ([parent] if parent is not None else [])
    groups = list(area.counts)
    shares = [p.shares() for p in profiles]
    secret = any(p.suppressed for p in profiles)
    missing = any(p.count(g) is None for p in profiles for g in p.counts)
    notes = notes_for(missing, secret)
    src = source_line([source], imprint, year)
    cap = caption_block(src, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    tick = BASE_SIZE - 0.5
    size = BASE_SIZE - 1
    bar = 8.0
    group_h = bar * len(profiles) + 8
    head = BASE_SIZE * 1.15 + 6 + tick * 1.6 + 6 + size * 1.4
    height = MARGIN + head + group_h * len(groups) + 6 + tick * 1.4 + 10 + caption_height(cap, CAPTION_SIZE) + MARGIN
    c = Canvas(width, height)
    top = height - MARGIN
    c.text(MARGIN, top, "Anteil an allen Einwohnerinnen und Einwohnern in %", BASE_SIZE, va="top")
    top -= BASE_SIZE * 1.15 + 6
    names = [p.name for p in profiles]
    fills = [HIGHLIGHT, PARENT_FILL]
    top -= legend_row(c, [LegendItem(n, "box", f) for n, f in zip(names, fills)], MARGIN, top, tick,
                      width - 2 * MARGIN) + 6
    caption(c, cap, CAPTION_SIZE)
    label_w = max(text_width(g, tick) for g in groups + ["Alter in Jahren"])
    x_left = MARGIN + label_w + 8
    values = [v for sh in shares for v in sh.values() if v is not None]
    breaks = nice_breaks(0.0, max(values, default=1.0), 5)
    high = max(max(values, default=1.0), breaks[-1])
    x_right = width - MARGIN - text_width(percent(high, decimals), size, True) - 6
    x_of = lambda v: x_left + v / high * (x_right - x_left)  # noqa: E731
    c.text(x_left - 8, top, "Alter in Jahren", tick, ha="right", va="top", colour=MUTED)
    top -= size * 1.4
    bottom = top - group_h * len(groups)
    for b, label in zip(breaks, axis_labels("%")(breaks)):
        c.vrule(x_of(b), bottom, top, GRID if b else "#8c8c8c", 0.5, z=0)
        c.text(x_of(b), bottom - 5, label, tick, ha="center", va="top", colour=AXIS_TEXT)
    for g, group in enumerate(groups):  # youngest at the bottom
        g_top = bottom + (g + 1) * group_h - 4
        c.text(x_left - 8, g_top - bar * len(profiles) / 2, group, tick, ha="right", va="center", colour=INK)
        for k, (profile_shares, fill) in enumerate(zip(shares, fills)):
            value = profile_shares.get(group)
            y1 = g_top - k * bar
            if value is None:
                c.text(x_of(0) + 3, y1 - bar / 2, "keine Angabe", size, va="center", colour=MUTED, italic=True)
                continue
            c.rect(x_of(0), y1 - bar + 0.6, x_of(value), y1 - 0.6, fill, z=1)
            c.text(x_of(value) + 3, y1 - bar / 2, percent(value, decimals), size, va="center", colour=INK,
                   bold=k == 0)
    title = f"Altersstruktur {year}: {area.name}" + (f" und {parent.name}" if parent else "")
    alt = age_structure_alt(area, parent, year, decimals)
    svg = c.render(title, alt)
    return Chart("altersstruktur", title, alt, svg, src, notes, width_cm, round(height / 72 * 2.54, 1))
