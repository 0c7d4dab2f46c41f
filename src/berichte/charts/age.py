"""Age structure of an area against its parent: grouped horizontal bars of the age groups' shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..formatting import is_missing, number, percent
from .base import Chart, Imprint, notes_for
from .canvas import Canvas, Font, LegendItem, LegendLayout, caption, caption_block, caption_height, draw_legend, legend_layout, nice_breaks, text_width
from .style import AXIS_TEXT, BASE_SIZE, CAPTION_SIZE, GRID, HIGHLIGHT, MARGIN, MUTED, WIDTH_CM, axis_labels, points, source_line

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
    profiles = [area] + ([parent] if parent is not None else [])
    shares = [p.shares() for p in profiles]
    lay = age_layout(profiles, shares, year, source, imprint, decimals, points(width_cm))
    c = Canvas(lay.width, lay.height)
    c.text(MARGIN, lay.height - MARGIN, "Anteil an allen Einwohnerinnen und Einwohnern in %", Font(BASE_SIZE),
           va="top")
    draw_legend(c, lay.legend)
    caption(c, lay.cap, CAPTION_SIZE)
    c.text(lay.x_left - 8, lay.label_top, "Alter in Jahren", Font(TICK, MUTED), ha="right", va="top")
    for b, label in zip(lay.breaks, axis_labels("%")(lay.breaks)):
        c.vrule(lay.x(b), lay.bottom, lay.top, GRID if b else "#8c8c8c", 0.5, z=0)
        c.text(lay.x(b), lay.bottom - 5, label, Font(TICK, AXIS_TEXT), ha="center", va="top")
    _draw_bars(c, lay, list(area.counts), shares, decimals)
    title = f"Altersstruktur {year}: {area.name}" + (f" und {parent.name}" if parent else "")
    alt = age_structure_alt(area, parent, year, decimals)
    svg = c.render(title, alt)
    return Chart("altersstruktur", title, alt, svg, lay.source, lay.notes, width_cm, round(lay.height / 72 * 2.54, 1))


TICK = BASE_SIZE - 0.5  # axis labels, legend, age groups
SIZE = BASE_SIZE - 1  # the values
BAR = 8.0  # height of one bar
FILLS = [HIGHLIGHT, PARENT_FILL]


@dataclass(frozen=True)
class AgeLayout:
    """Where the age structure goes, in points (origin bottom left): the bars' block and the share scale."""

    width: float
    height: float
    notes: tuple[str, ...]
    source: str
    cap: str  # notes and source line as drawn under the chart ("" if left to the report)
    legend: LegendLayout
    label_top: float  # "Alter in Jahren" over the age groups
    top: float  # top and bottom of the bars' block
    bottom: float
    group_h: float  # height of one age group (a bar per profile)
    x_left: float  # the share scale: left of it the age groups, right of it room for the value labels
    x_right: float
    high: float
    breaks: tuple[float, ...]

    def x(self, share: float) -> float:
        return self.x_left + share / self.high * (self.x_right - self.x_left)


def age_layout(profiles: list[AgeProfile], shares: list[dict], year: int, source: str, imprint: Imprint,
               decimals: int, width: float) -> AgeLayout:
    """Measure legend, caption, age group names and the largest value; fit the share scale between them."""
    groups = list(profiles[0].counts)
    secret = any(p.suppressed for p in profiles)
    notes = notes_for(any(p.count(g) is None for p in profiles for g in p.counts), secret)
    src = source_line([source], imprint, year)
    cap = caption_block(src, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    group_h = BAR * len(profiles) + 8
    head = BASE_SIZE * 1.15 + 6 + TICK * 1.6 + 6 + SIZE * 1.4
    height = MARGIN + head + group_h * len(groups) + 6 + TICK * 1.4 + 10 + caption_height(cap, CAPTION_SIZE) + MARGIN
    top = height - MARGIN - (BASE_SIZE * 1.15 + 6)  # below the axis title
    legend = legend_layout([LegendItem(p.name, "box", f) for p, f in zip(profiles, FILLS)], MARGIN, top, TICK,
                           width - 2 * MARGIN)
    label_top = top - (legend.height + 6)
    top = label_top - SIZE * 1.4
    label_w = max(text_width(g, TICK) for g in groups + ["Alter in Jahren"])
    values = [v for sh in shares for v in sh.values() if v is not None]
    breaks = nice_breaks(0.0, max(values, default=1.0), 5)
    high = max(max(values, default=1.0), breaks[-1])
    x_right = width - MARGIN - text_width(percent(high, decimals), SIZE, True) - 6
    return AgeLayout(width, height, notes, src, cap, legend, label_top, top, top - group_h * len(groups), group_h,
                     MARGIN + label_w + 8, x_right, high, tuple(breaks))


def _draw_bars(c: Canvas, lay: AgeLayout, groups: list[str], shares: list[dict], decimals: int) -> None:
    """Per age group (youngest at the bottom) its name, then a bar with its value per profile, or "keine
    Angabe"."""
    for g, group in enumerate(groups):
        g_top = lay.bottom + (g + 1) * lay.group_h - 4
        c.text(lay.x_left - 8, g_top - BAR * len(shares) / 2, group, Font(TICK), ha="right", va="center")
        for k, (profile_shares, fill) in enumerate(zip(shares, FILLS)):
            value = profile_shares.get(group)
            y1 = g_top - k * BAR
            if value is None:
                c.text(lay.x(0) + 3, y1 - BAR / 2, "keine Angabe", Font(SIZE, MUTED, italic=True), va="center")
                continue
            c.rect(lay.x(0), y1 - BAR + 0.6, lay.x(value), y1 - 0.6, fill, z=1)
            c.text(lay.x(value) + 3, y1 - BAR / 2, percent(value, decimals), Font(SIZE, bold=k == 0), va="center")
