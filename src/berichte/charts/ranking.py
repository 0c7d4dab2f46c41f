"""Ranking bars: all sibling areas sorted by value, the area highlighted, the parent value as a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .base import AreaValue, Chart, Imprint, Measure, notes_for
from .canvas import Canvas, Font, caption, caption_block, caption_height, nice_breaks, text_width, wrap
from .style import AXIS_TEXT, BASE_SIZE, CAPTION_SIZE, GRID, HIGHLIGHT, INK, MARGIN, MUTED, PARENT, SIBLING, WIDTH_CM, axis_labels, join_and, label_text, points, source_line, value_text


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
            parent: AreaValue | None = None, imprint: Imprint = Imprint(), group: str = "", *,
            width_cm: float = WIDTH_CM, max_bars: int = 40) -> Chart:
    """Horizontal bars of ``values`` (all siblings), highest at the top; the ``highlight`` area (key) in dark
    blue with a bold name; the ``parent`` value as a dashed line with its name. Areas without a value are
    listed at the bottom with "keine Angabe" instead of a bar. Long names are wrapped to two lines.
    ``group`` names the set in the alt text, e.g. "den Kommunen der Region Seewalden".

    More than ``max_bars`` areas (a Land with hundreds of Gemeinden) are shortened to the highest and lowest
    values and the highlighted area with its neighbours; a row "… 37 weitere" stands for the areas left out.
    """
    if not values:
        raise ValueError("Für die Rangfolge werden Werte gebraucht.")
    lay = ranking_layout(measure, values, year, highlight, parent, imprint, points(width_cm), max_bars)
    c = Canvas(lay.width, lay.height)
    c.text(MARGIN, lay.height - MARGIN, measure.axis_title, Font(BASE_SIZE), va="top")
    caption(c, lay.cap, CAPTION_SIZE)
    for b, label in zip(lay.breaks, lay.tick_labels):
        c.vrule(lay.x(b), lay.bottom, lay.top, GRID if b != 0 else "#8c8c8c", 0.5, z=0)
        c.text(lay.x(b), lay.bottom - 5, label, Font(TICK, AXIS_TEXT), ha="center", va="top")
    _draw_rows(c, lay, highlight, measure)
    if lay.parent_value is not None:
        x = lay.x(lay.parent_value)
        c.segment(x, lay.bottom, x, lay.top + lay.size * 0.4, PARENT, 1.0, "dashed", z=2)
        right_side = x < (lay.x_left + lay.x_right) / 2
        c.text(x + (3 if right_side else -3), lay.top + lay.size * 0.5,
               f"{parent.name}: {value_text(lay.parent_value, measure)}", Font(lay.size, PARENT),
               ha="left" if right_side else "right", va="bottom")

    title = f"{measure.label} {year}" + (f" in {group}" if group else "") + ", Rangfolge"
    if lay.shortened:
        title += " (Auswahl)"
    alt = ranking_alt(measure, values, highlight, parent, year, group)
    if lay.shortened:
        alt += (f" Dargestellt sind die {EDGE} höchsten und die {EDGE} niedrigsten Werte"
                + (" sowie das hervorgehobene Gebiet mit seinen Nachbarn" if highlight else "") + ".")
    svg = c.render(title, alt)
    return Chart("rangfolge", title, alt, svg, lay.source, lay.notes, width_cm, round(lay.height / 72 * 2.54, 1))


TICK = BASE_SIZE - 0.5  # axis labels


@dataclass(frozen=True)
class RankingLayout:
    """Where a ranking goes, in points (origin bottom left): one row per item, the value scale."""

    width: float
    height: float
    items: tuple  # AreaValue, or an int: a row standing for that many areas left out
    names: tuple[str, ...]  # the items' names as written (wrapped)
    shortened: bool
    size: float  # text size of the values (names: half a point larger)
    row: float  # row height
    two_lines: bool  # some name takes two lines
    parent_value: float | None
    notes: tuple[str, ...]
    source: str
    cap: str  # notes and source line as drawn under the chart ("" if left to the report)
    top: float  # top and bottom of the rows
    bottom: float
    x_left: float  # the value scale: left of it the names, right of it room for the value labels
    x_right: float
    low: float
    high: float
    breaks: tuple[float, ...]
    tick_labels: tuple[str, ...]

    def x(self, value: float) -> float:
        return self.x_left + (value - self.low) / ((self.high - self.low) or 1.0) * (self.x_right - self.x_left)


def ranking_layout(measure: Measure, values: Sequence[AreaValue], year: int, highlight: str | None,
                   parent: AreaValue | None, imprint: Imprint, width: float, max_bars: int) -> RankingLayout:
    """Order (and shorten) the rows, measure names and values, and fit the value scale between them."""
    absent = sorted((v for v in values if v.missing), key=lambda v: v.name)
    items: list = [v for _, v in ranked(values)] + absent  # top to bottom
    shortened = len(items) > max_bars
    if shortened:
        items = _shorten(items, highlight, max_bars)
    n = len(items)
    size = BASE_SIZE - (1.5 if n <= 30 else 2.5)
    names = [_gap_text(v) if isinstance(v, int) else
             wrap(v.name, size + 0.5, width * 0.36, bold=v.key == highlight, max_lines=2) for v in items]
    two_lines = any("\n" in name for name in names)
    row = (22.0 if two_lines else (15.0 if n <= 15 else 12.5)) if n <= 30 else max(9.0, 300.0 / n)
    parent_value = parent.value if parent is not None and not parent.missing else None
    notes = notes_for(bool(absent), any(v.suppressed for v in values))
    source = source_line([measure.source], imprint, year)
    cap = caption_block(source, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    head = BASE_SIZE * 1.15 + 6 + (size * 1.5 if parent_value is not None else 0)
    height = MARGIN + head + n * row + 6 + TICK * 1.4 + 10 + caption_height(cap, CAPTION_SIZE) + MARGIN

    known = [v.value for v in items if not isinstance(v, int) and not v.missing]
    low = min([*known, parent_value or 0.0, 0.0])
    high = max([*known, parent_value or 0.0, 0.0])
    breaks = nice_breaks(low, high, 5)
    low, high = min(low, breaks[0]), max(high, breaks[-1]) if high > breaks[-1] else breaks[-1]
    name_w = max(text_width(nm, size + 0.5, bold=True) for nm in names)
    x_right = width - MARGIN - max([text_width(label_text(v, measure), size, True) for v in known] + [0]) - 6
    top = height - MARGIN - head
    return RankingLayout(width, height, tuple(items), tuple(names), shortened, size, row, two_lines, parent_value,
                         notes, source, cap, top, top - n * row, MARGIN + name_w + 8, x_right, low, high,
                         tuple(breaks), tuple(axis_labels(measure.unit)(breaks)))


def _draw_rows(c: Canvas, lay: RankingLayout, highlight: str | None, measure: Measure) -> None:
    """Per row the name, then the bar with its value label (inside the bar where it would cross the parent
    line), or "keine Angabe"."""
    size = lay.size
    note = Font(size, MUTED, italic=True)
    crossing = _crossings(lay.items, lay.parent_value, lay.x, size, measure)
    for i, (item, name) in enumerate(zip(lay.items, lay.names)):
        y = lay.top - (i + 0.5) * lay.row
        if isinstance(item, int):  # left-out areas
            c.text(lay.x_left - 8, y, name, note, ha="right", va="center")
            continue
        own = item.key == highlight
        name_font = Font(size + 0.5, HIGHLIGHT if own else INK, bold=own, lineheight=1.1)
        c.text(lay.x_left - 8, y, name, name_font, ha="right", va="center")
        if item.missing:
            c.text(lay.x(0) + 3, y, "keine Angabe", note, va="center")
            continue
        half = min(lay.row * 0.36, 6.0 if not lay.two_lines else 7.0)
        start, end = lay.x(0), lay.x(item.value)
        c.rect(min(start, end), y - half, max(start, end), y + half, HIGHLIGHT if own else SIBLING, z=1)
        text = label_text(item.value, measure)
        sign = 1 if item.value >= 0 else -1
        if crossing[i]:
            c.text(end - sign * 3, y, text, Font(size, "white" if own else INK, bold=own),
                   ha="right" if sign > 0 else "left", va="center")
        else:
            c.text(end + sign * 3, y, text, Font(size, bold=own), ha="left" if sign > 0 else "right", va="center")


EDGE = 8  # highest and lowest values shown when a ranking is shortened
NEIGHBOURS = 3  # areas shown above and below the highlighted one


def _shorten(items: list, highlight: str | None, max_bars: int) -> list:
    """Keep the first and last EDGE items and the highlighted one with its neighbours; the rest become gap
    rows (an int: how many areas a row stands for)."""
    n = len(items)
    keep = set(range(EDGE)) | set(range(n - EDGE, n))
    for i, item in enumerate(items):
        if item.key == highlight:
            keep |= set(range(max(0, i - NEIGHBOURS), min(n, i + NEIGHBOURS + 1)))
    result, skipped = [], 0
    for i, item in enumerate(items):
        if i in keep:
            if skipped:
                result.append(skipped)
                skipped = 0
            result.append(item)
        else:
            skipped += 1
    if skipped:
        result.append(skipped)
    return result


def _gap_text(count: int) -> str:
    return f"… {count} weitere" if count != 1 else "… 1 weiteres"


def _crossings(items: Sequence[AreaValue], parent_value: float | None, x_of, size: float,
               measure: Measure) -> list[bool]:
    """Whether a value label would cross the parent line beyond the bar's end (then it goes inside the bar,
    if the bar is long enough)."""
    result = []
    for item in items:
        if isinstance(item, int) or item.missing or parent_value is None:
            result.append(False)
            continue
        width = text_width(label_text(item.value, measure), size, True) + 6
        start, end = x_of(item.value), x_of(item.value) + (width if item.value >= 0 else -width)
        crosses = min(start, end) - 1 <= x_of(parent_value) <= max(start, end) + 1
        result.append(crosses and abs(x_of(item.value) - x_of(0)) > width + 4)
    return result
