"""Ranking bars: all sibling areas sorted by value, the area highlighted, the parent value as a line."""

from __future__ import annotations

from typing import Sequence

from .base import AreaValue, Chart, Imprint, Measure, notes_for
from .canvas import Canvas, caption, caption_block, caption_height, nice_breaks, text_width, wrap
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
    width = points(width_cm)
    order = ranked(values)
    absent = sorted((v for v in values if v.missing), key=lambda v: v.name)
    items: list = [v for _, v in order] + absent  # top to bottom
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
    secret = any(v.suppressed for v in values)
    notes = notes_for(bool(absent), secret)
    source = source_line([measure.source], imprint, year)
    cap = caption_block(source, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    cap_h = caption_height(cap, CAPTION_SIZE)
    tick = BASE_SIZE - 0.5
    head = BASE_SIZE * 1.15 + 6 + (size * 1.5 if parent_value is not None else 0)
    height = MARGIN + head + n * row + 6 + tick * 1.4 + 10 + cap_h + MARGIN
    c = Canvas(width, height)
    c.text(MARGIN, height - MARGIN, measure.axis_title, BASE_SIZE, va="top")
    caption(c, cap, CAPTION_SIZE)

    known = [v.value for v in items if not isinstance(v, int) and not v.missing]
    low = min([*known, parent_value or 0.0, 0.0])
    high = max([*known, parent_value or 0.0, 0.0])
    breaks = nice_breaks(low, high, 5)
    low, high = min(low, breaks[0]), max(high, breaks[-1]) if high > breaks[-1] else breaks[-1]
    tick_labels = axis_labels(measure.unit)(breaks)
    texts = [label_text(v, measure) for v in known]
    name_w = max(text_width(nm, size + 0.5, bold=True) for nm in names)
    x_left = MARGIN + name_w + 8
    x_right = width - MARGIN - max([text_width(t, size, True) for t in texts] + [0]) - 6
    x_of = lambda value: x_left + (value - low) / ((high - low) or 1.0) * (x_right - x_left)  # noqa: E731
    top = height - MARGIN - head
    bottom = top - n * row
    for b, label in zip(breaks, tick_labels):
        c.vrule(x_of(b), bottom, top, GRID if b != 0 else "#8c8c8c", 0.5, z=0)
        c.text(x_of(b), bottom - 5, label, tick, ha="center", va="top", colour=AXIS_TEXT)
    crossing = _crossings(items, parent_value, x_of, size, measure)
    for i, (item, name) in enumerate(zip(items, names)):
        y = top - (i + 0.5) * row
        if isinstance(item, int):  # left-out areas
            c.text(x_left - 8, y, name, size, ha="right", va="center", colour=MUTED, italic=True)
            continue
        own = item.key == highlight
        c.text(x_left - 8, y, name, size + 0.5, ha="right", va="center", colour=HIGHLIGHT if own else INK,
               bold=own, lineheight=1.1)
        if item.missing:
            c.text(x_of(0) + 3, y, "keine Angabe", size, va="center", colour=MUTED, italic=True)
            continue
        half = min(row * 0.36, 6.0 if not two_lines else 7.0)
        c.rect(min(x_of(0), x_of(item.value)), y - half, max(x_of(0), x_of(item.value)), y + half,
               HIGHLIGHT if own else SIBLING, z=1)
        text = label_text(item.value, measure)
        sign = 1 if item.value >= 0 else -1
        if crossing[i]:
            c.text(x_of(item.value) - sign * 3, y, text, size, ha="right" if sign > 0 else "left", va="center",
                   colour="white" if own else INK, bold=own)
        else:
            c.text(x_of(item.value) + sign * 3, y, text, size, ha="left" if sign > 0 else "right", va="center",
                   colour=INK, bold=own)
    if parent_value is not None:
        x = x_of(parent_value)
        c.segment(x, bottom, x, top + size * 0.4, PARENT, 1.0, "dashed", z=2)
        right_side = x < (x_left + x_right) / 2
        c.text(x + (3 if right_side else -3), top + size * 0.5, f"{parent.name}: {value_text(parent_value, measure)}",
               size, ha="left" if right_side else "right", va="bottom", colour=PARENT)

    title = f"{measure.label} {year}" + (f" in {group}" if group else "") + ", Rangfolge"
    if shortened:
        title += " (Auswahl)"
    alt = ranking_alt(measure, values, highlight, parent, year, group)
    if shortened:
        alt += (f" Dargestellt sind die {EDGE} höchsten und die {EDGE} niedrigsten Werte"
                + (" sowie das hervorgehobene Gebiet mit seinen Nachbarn" if highlight else "") + ".")
    svg = c.render(title, alt)
    return Chart("rangfolge", title, alt, svg, source, notes, width_cm, round(height / 72 * 2.54, 1))


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
