"""Status vs dynamics of the Sozialindex: scatter with the class boundaries and the areas of attention.

Convention (as in the Berlin and Hamburg monitoring and :mod:`berichte.sozialindex`): both indices are
z-values where *higher means more disadvantage* — a higher status value means a lower social status, a
higher dynamics value an unfavourable development. Default classes: status hoch (< −1), mittel (−1 to +1),
niedrig (+1 to +1,5), sehr niedrig (> +1,5); dynamics positiv (< −1), stabil (−1 to +1), negativ (> +1).
A value on a boundary belongs to the class nearer the middle, exactly as the index engine classes it.
Projects with their own thresholds or class names pass an :class:`IndexScheme`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..formatting import is_missing, number
from ..load.sozialindex_config import BOUNDARY_TOLERANCE, DYNAMICS_LABELS, DYNAMICS_THRESHOLDS, MIDDLE_CLASS, STATUS_LABELS, STATUS_THRESHOLDS
from .base import Chart, Imprint
from .canvas import Canvas, Font, LegendItem, LegendLayout, caption, caption_block, caption_height, draw_legend, legend_layout, text_width
from .style import ATTENTION, AXIS_TEXT, BASE_SIZE, CAPTION_SIZE, HIGHLIGHT, INK, MARGIN, MUTED, WIDTH_CM, join_and, plain_labels, source_line
from .style import points as points_of

STATUS_BOUNDS, STATUS_CLASSES = STATUS_THRESHOLDS, STATUS_LABELS
DYNAMICS_BOUNDS, DYNAMICS_CLASSES = DYNAMICS_THRESHOLDS, DYNAMICS_LABELS
HEIGHT_PT = 4.4 * 72  # without the caption
OTHER_FILL = "#b9c6d2"
NOTE_ABSENT = "Gebiete ohne Indexwert (zu wenige Einwohnerinnen und Einwohner oder Geheimhaltung) sind nicht dargestellt."


def _classify(z: float, bounds: Sequence[float], names: Sequence[str]) -> str:
    """Class of a z-value; on a boundary (± 1e-9) it belongs to the class nearer the middle."""
    code = 0
    for k, bound in enumerate(bounds):
        code += z >= bound - BOUNDARY_TOLERANCE if k < MIDDLE_CLASS else z > bound + BOUNDARY_TOLERANCE
    return names[code]


@dataclass(frozen=True)
class IndexScheme:
    """Thresholds and class names of status and dynamics (the project's ``sozialindex`` settings)."""

    status_bounds: tuple[float, ...] = STATUS_BOUNDS
    status_classes: tuple[str, ...] = STATUS_CLASSES
    dynamics_bounds: tuple[float, ...] = DYNAMICS_BOUNDS
    dynamics_classes: tuple[str, ...] = DYNAMICS_CLASSES

    def status(self, z: float) -> str:
        return _classify(z, self.status_bounds, self.status_classes)

    def dynamics(self, z: float) -> str:
        return _classify(z, self.dynamics_bounds, self.dynamics_classes)

    def attention(self, status: float, dynamics: float) -> bool:
        """The default rule: status in the two lowest classes, or dynamics in the last class."""
        return (self.status_classes.index(self.status(status)) >= MIDDLE_CLASS + 1
                or self.dynamics(dynamics) == self.dynamics_classes[-1])


DEFAULT_SCHEME = IndexScheme()


def status_class(z: float, scheme: IndexScheme = DEFAULT_SCHEME) -> str:
    return scheme.status(z)


def dynamics_class(z: float, scheme: IndexScheme = DEFAULT_SCHEME) -> str:
    return scheme.dynamics(z)


@dataclass(frozen=True)
class IndexPoint:
    """One area's Sozialindex. ``status`` and ``dynamics`` are z-values (higher = more disadvantage);
    None = no index (too few inhabitants, secrecy). ``attention`` marks an area of special attention
    (the engine's ``besonderer_aufmerksamkeitsbedarf``); None applies the default rule: status niedrig or
    sehr niedrig, or dynamics negativ."""

    key: str
    name: str
    status: float | None
    dynamics: float | None
    attention: bool | None = None

    @property
    def present(self) -> bool:
        return not (is_missing(self.status) or is_missing(self.dynamics))

    @property
    def needs_attention(self) -> bool:
        return self.attention_under(DEFAULT_SCHEME)

    def attention_under(self, scheme: IndexScheme) -> bool:
        if self.attention is not None:  # as the index computed it (also for a status-only index)
            return bool(self.attention) and not is_missing(self.status)
        if not self.present:
            return False
        return scheme.attention(self.status, self.dynamics)


def z_text(z: float) -> str:
    return number(z, 2)


def scatter_alt(points: Sequence[IndexPoint], year: int, highlight: str | None, group: str,
                scheme: IndexScheme = DEFAULT_SCHEME) -> str:
    shown = [p for p in points if p.present]
    where = group or f"{len(shown)} Gebiete"
    text = [f"Streudiagramm: Statusindex und Dynamikindex {year} für {where}; höhere Werte bedeuten eine "
            "ungünstigere Lage bzw. Entwicklung."]
    status = [f"{name} {sum(scheme.status(p.status) == name for p in shown)}" for name in scheme.status_classes]
    dynamics = [f"{name} {sum(scheme.dynamics(p.dynamics) == name for p in shown)}" for name in scheme.dynamics_classes]
    text.append(f"Gebiete je Statusklasse: {', '.join(status)}. Je Dynamikklasse: {', '.join(dynamics)}.")
    attention = sorted((p for p in shown if p.attention_under(scheme)), key=lambda p: (-p.status, p.name))
    if attention:
        items = [f"{p.name} (Status {z_text(p.status)}, {scheme.status(p.status)}; Dynamik {z_text(p.dynamics)}, "
                 f"{scheme.dynamics(p.dynamics)})" for p in attention]
        text.append(f"Besondere Aufmerksamkeit: {join_and(items)}.")
    else:
        text.append("Kein Gebiet braucht besondere Aufmerksamkeit.")
    own = next((p for p in points if p.key == highlight), None)
    if own is not None and own.present and not own.attention_under(scheme):
        text.append(f"{own.name}: Status {z_text(own.status)} ({scheme.status(own.status)}), Dynamik "
                    f"{z_text(own.dynamics)} ({scheme.dynamics(own.dynamics)}).")
    absent = [p.name for p in points if not p.present]
    if absent:
        text.append(f"Ohne Indexwert: {join_and(absent)}.")
    return " ".join(text)


def place_labels(points: Sequence[tuple[float, float, str, bool]], box: tuple[float, float, float, float],
                 obstacles: Sequence[tuple[float, float]], size: float, rules_x: Sequence[float] = (),
                 rules_y: Sequence[float] = ()) -> list[tuple[float, float, str, str, bool]]:
    """Greedy label placement in points: right, left, above or below each point (x, y, label, bold), avoiding
    earlier labels, the other points, the panel edges and (less important) the class boundary lines at
    ``rules_x``/``rules_y``. Returns (x, y, label, ha, bold)."""
    x0, y0, x1, y1 = box
    pad, h = 5.0, size * 1.1
    taken: list[tuple[float, float, float, float]] = []
    placed = []
    for px, py, label, bold in points:
        w = text_width(label, size, bold)
        options = [
            ("left", px + pad, py, (px + pad, py - h / 2, px + pad + w, py + h / 2)),
            ("right", px - pad, py, (px - pad - w, py - h / 2, px - pad, py + h / 2)),
            ("center", px, py + pad + h / 2, (px - w / 2, py + pad, px + w / 2, py + pad + h)),
            ("center", px, py - pad - h / 2, (px - w / 2, py - pad - h, px + w / 2, py - pad)),
        ]

        def cost(b):
            outside = max(0, x0 - b[0]) + max(0, b[2] - x1) + max(0, y0 - b[1]) + max(0, b[3] - y1)
            overlap = sum(max(0, min(b[2], t[2]) - max(b[0], t[0])) * max(0, min(b[3], t[3]) - max(b[1], t[1]))
                          for t in taken)
            hits = sum(1 for qx, qy in obstacles if (qx, qy) != (px, py) and b[0] - 3 < qx < b[2] + 3
                       and b[1] - 3 < qy < b[3] + 3)
            crossings = sum(1 for r in rules_x if b[0] < r < b[2]) + sum(1 for r in rules_y if b[1] < r < b[3])
            return outside * 100 + overlap + hits * 60 + crossings * 15

        ha, x, y, b = min(options, key=lambda o: cost(o[3]))
        taken.append(b)
        placed.append((x, y, label, ha, bold))
    return placed


def sozialindex_scatter(points: Sequence[IndexPoint], year: int, highlight: str | None = None,
                        source: str = "", imprint: Imprint = Imprint(), group: str = "", *,
                        width_cm: float = WIDTH_CM, scheme: IndexScheme = DEFAULT_SCHEME) -> Chart:
    """Scatter of status (x) against dynamics (y) with the class boundaries (status −1, +1, +1,5;
    dynamics −1, +1), the class names and a light tint where attention is needed; areas of special
    attention as dark orange triangles with their names, the ``highlight`` area as a dark blue diamond with
    its name, all others as light circles. ``group`` names the areas in the accusative, with article
    ("die 12 Sozialräume von Seewalden, Stadt"); ``scheme``: the project's thresholds and class names."""
    shown = [p for p in points if p.present]
    lay = scatter_layout(points, highlight, source, imprint, year, points_of(width_cm))
    c = Canvas(lay.width, lay.height)
    c.text(MARGIN, lay.height - MARGIN, "Dynamikindex (z-Wert; höher = ungünstigere Entwicklung)", Font(BASE_SIZE),
           va="top")
    draw_legend(c, lay.legend)
    caption(c, lay.cap, CAPTION_SIZE)
    _draw_axes(c, lay, scheme)
    _draw_points(c, lay, shown, highlight, scheme)
    named = sorted((p for p in shown if p.key == highlight or p.attention_under(scheme)), key=lambda p: p.key != highlight)
    spots = [(lay.x(p.status), lay.y(p.dynamics)) for p in shown]
    for x, y, label, ha, bold in place_labels([(lay.x(p.status), lay.y(p.dynamics), p.name, p.key == highlight)
                                               for p in named], (lay.left, lay.bottom, lay.right, lay.top - SIZE * 1.5),
                                              spots, SIZE, [lay.x(b) for b in scheme.status_bounds],
                                              [lay.y(b) for b in scheme.dynamics_bounds]):
        c.text(x, y, label, Font(SIZE, HIGHLIGHT if bold else INK, bold=bold), ha=ha, va="center")

    title = f"Sozialindex {year}: Status und Dynamik" + (f" für {group}" if group else "")
    alt = scatter_alt(points, year, highlight, group, scheme)
    svg = c.render(title, alt)
    return Chart("sozialindex", title, alt, svg, lay.source, lay.notes, width_cm, round(lay.height / 72 * 2.54, 1))


TICK = BASE_SIZE - 0.5  # axis labels and legend
AXIS_FONT = Font(TICK, AXIS_TEXT)
SIZE = BASE_SIZE - 1  # class names and area names
CLASS_FONT = Font(SIZE, MUTED, italic=True)


@dataclass(frozen=True)
class ScatterLayout:
    """Where the scatter goes, in points (origin bottom left): the square plot and its two z-value scales."""

    width: float
    height: float
    notes: tuple[str, ...]
    source: str
    cap: str  # notes and source line as drawn under the chart ("" if left to the report)
    legend: LegendLayout
    top: float
    bottom: float
    left: float
    right: float
    xlim: tuple[float, float]  # status
    ylim: tuple[float, float]  # dynamics
    breaks: tuple[float, ...]  # on both axes
    labels: tuple[str, ...]

    def x(self, status: float) -> float:
        return self.left + (status - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * (self.right - self.left)

    def y(self, dynamics: float) -> float:
        return self.bottom + (dynamics - self.ylim[0]) / (self.ylim[1] - self.ylim[0]) * (self.top - self.bottom)


def scatter_layout(points: Sequence[IndexPoint], highlight: str | None, source: str, imprint: Imprint, year: int,
                   width: float) -> ScatterLayout:
    """Measure axis title, legend, caption and tick labels; both scales reach beyond the largest |z|."""
    shown = [p for p in points if p.present]
    notes = (NOTE_ABSENT,) if len(shown) < len(points) else ()
    src = source_line([source], imprint, year)
    cap = caption_block(src, notes, width - 6, CAPTION_SIZE, show=imprint.caption_in_chart)
    height = (HEIGHT_PT if width >= 400 else width * 1.0) + caption_height(cap, CAPTION_SIZE)
    top = height - MARGIN - (BASE_SIZE * 1.15 + 6)  # below the axis title
    own = next((p for p in shown if p.key == highlight), None)
    legend = legend_layout(([LegendItem(own.name, "marker", HIGHLIGHT, shape="diamond")] if own else []) + [
        LegendItem("besondere Aufmerksamkeit", "marker", ATTENTION, shape="triangle"),
        LegendItem("übrige Gebiete", "marker", OTHER_FILL, shape="circle")], MARGIN, top, TICK, width - 2 * MARGIN)
    top -= legend.height + 8
    bottom = MARGIN + caption_height(cap, CAPTION_SIZE) + 10 + TICK * 1.3 + 6 + TICK * 1.3

    reach = max([2.5] + [abs(v) + 0.4 for p in shown for v in (p.status, p.dynamics)])
    breaks = [float(b) for b in range(-int(reach), int(reach) + 1)]
    labels = plain_labels(breaks)
    left = MARGIN + max(AXIS_FONT.width(t) for t in labels) + 6
    return ScatterLayout(width, height, notes, src, cap, legend, top, bottom, left, width - MARGIN - 2,
                         (-reach, reach), (-reach, reach), tuple(breaks), tuple(labels))


def _draw_axes(c: Canvas, lay: ScatterLayout, scheme: IndexScheme) -> None:
    """The attention zone, tick labels, axis lines and title, class boundaries and class names."""
    left, right, bottom, top, x_of, y_of = lay.left, lay.right, lay.bottom, lay.top, lay.x, lay.y
    # attention zone: status above +1 (any dynamics) and dynamics above +1 (any status)
    c.rect(x_of(scheme.status_bounds[1]), bottom, right, top, ATTENTION, alpha=0.07, z=0)
    c.rect(left, y_of(scheme.dynamics_bounds[1]), x_of(scheme.status_bounds[1]), top, ATTENTION, alpha=0.07, z=0)
    for b, label in zip(lay.breaks, lay.labels):
        c.text(x_of(b), bottom - 5, label, AXIS_FONT, ha="center", va="top")
        c.text(left - 5, y_of(b), label, AXIS_FONT, ha="right", va="center")
    c.rule(left, right, bottom, "#b3b3b3", 0.5, z=0)
    c.vrule(left, bottom, top, "#b3b3b3", 0.5, z=0)
    c.text((left + right) / 2, bottom - 5 - TICK * 1.3 - 3, "Statusindex (z-Wert; höher = ungünstigere soziale Lage)",
           Font(TICK, MUTED), ha="center", va="top")
    for bound in scheme.status_bounds:
        c.segment(x_of(bound), bottom, x_of(bound), top, "#8c8c8c", 0.7, "dashed", z=2)
    for bound in scheme.dynamics_bounds:
        c.segment(left, y_of(bound), right, y_of(bound), "#8c8c8c", 0.7, "dashed", z=2)
    edges = [lay.xlim[0], *scheme.status_bounds, lay.xlim[1]]
    for name, (a, b) in zip(scheme.status_classes, zip(edges, edges[1:])):
        room = x_of(b) - x_of(a) - 3
        fitted = max(6.0, min(SIZE, SIZE * room / max(CLASS_FONT.width(name), 1)))
        c.text((x_of(a) + x_of(b)) / 2, top - 3, name, Font(fitted, MUTED, italic=True), ha="center", va="top")
    yedges = [lay.ylim[0], *scheme.dynamics_bounds, lay.ylim[1]]
    for name, (a, b) in zip(scheme.dynamics_classes, zip(yedges, yedges[1:])):
        c.text(left + 5, (y_of(a) + y_of(b)) / 2, name, CLASS_FONT, va="center")


def _draw_points(c: Canvas, lay: ScatterLayout, shown: Sequence[IndexPoint], highlight: str | None,
                 scheme: IndexScheme) -> None:
    """Light circles, attention triangles on top, the highlighted area's diamond last."""
    for p in sorted(shown, key=lambda p: (p.key == highlight, p.attention_under(scheme))):
        if p.key == highlight:
            c.marker(lay.x(p.status), lay.y(p.dynamics), "diamond", 8.0, HIGHLIGHT, "white", 0.7, z=3)
        elif p.attention_under(scheme):
            c.marker(lay.x(p.status), lay.y(p.dynamics), "triangle", 7.5, ATTENTION, "white", 0.7, z=3)
        else:
            c.marker(lay.x(p.status), lay.y(p.dynamics), "circle", 6.0, OTHER_FILL, "white", 0.6, z=3)
