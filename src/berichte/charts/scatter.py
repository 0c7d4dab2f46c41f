"""Status vs dynamics of the Sozialindex: scatter with the class boundaries and the areas of attention.

Convention (as in the Berlin and Hamburg monitoring): both indices are z-values where *higher means
more disadvantage* — a higher status value means a lower social status, a higher dynamics value an
unfavourable development. Status classes: hoch (< −1), mittel (−1 to +1), niedrig (+1 to +1,5),
sehr niedrig (> +1,5); dynamics classes: positiv (< −1), stabil (−1 to +1), negativ (> +1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from plotnine import (aes, annotate, element_blank, geom_point, geom_text, ggplot, labs, scale_fill_manual,
                      scale_shape_manual, scale_size_manual, scale_x_continuous, scale_y_continuous, theme)

from ..formatting import is_missing, number
from .base import Chart, Imprint, figure_size, notes_for, render
from .style import (ATTENTION, BASE_SIZE, FONT, HIGHLIGHT, INK, MUTED, caption_text, house_theme, join_and,
                    plain_labels, source_line, text_width_pt)

STATUS_BOUNDS = (-1.0, 1.0, 1.5)
STATUS_CLASSES = ("hoch", "mittel", "niedrig", "sehr niedrig")
DYNAMICS_BOUNDS = (-1.0, 1.0)
DYNAMICS_CLASSES = ("positiv", "stabil", "negativ")
HEIGHT_IN = 4.6
OTHER_FILL = "#b9c6d2"
NOTE_ABSENT = "Gebiete ohne Indexwert (zu wenige Einwohner oder Geheimhaltung) sind nicht dargestellt."


def _classify(z: float, bounds: Sequence[float], names: Sequence[str]) -> str:
    """Class of a z-value; a value on a boundary belongs to the lower class (≤)."""
    for bound, name in zip(bounds, names):
        if z <= bound:
            return name
    return names[-1]


def status_class(z: float) -> str:
    return _classify(z, STATUS_BOUNDS, STATUS_CLASSES)


def dynamics_class(z: float) -> str:
    return _classify(z, DYNAMICS_BOUNDS, DYNAMICS_CLASSES)


@dataclass(frozen=True)
class IndexPoint:
    """One area's Sozialindex. ``status`` and ``dynamics`` are z-values (higher = more disadvantage);
    None = no index (too few inhabitants, secrecy). ``attention`` marks an area of special attention;
    None applies the default rule: status niedrig or sehr niedrig, or dynamics negativ."""

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
        if not self.present:
            return False
        if self.attention is not None:
            return self.attention
        return self.status > STATUS_BOUNDS[1] or self.dynamics > DYNAMICS_BOUNDS[1]


def z_text(z: float) -> str:
    return number(z, 2)


def scatter_alt(points: Sequence[IndexPoint], year: int, highlight: str | None, group: str) -> str:
    shown = [p for p in points if p.present]
    where = group or f"{len(shown)} Gebiete"
    text = [f"Streudiagramm: Statusindex und Dynamikindex {year} für {where}; höhere Werte bedeuten eine "
            "ungünstigere Lage bzw. Entwicklung."]
    status = [f"{name} {sum(status_class(p.status) == name for p in shown)}" for name in STATUS_CLASSES]
    dynamics = [f"{name} {sum(dynamics_class(p.dynamics) == name for p in shown)}" for name in DYNAMICS_CLASSES]
    text.append(f"Gebiete je Statusklasse: {', '.join(status)}. Je Dynamikklasse: {', '.join(dynamics)}.")
    attention = sorted((p for p in shown if p.needs_attention), key=lambda p: (-p.status, p.name))
    if attention:
        items = [f"{p.name} (Status {z_text(p.status)}, {status_class(p.status)}; Dynamik {z_text(p.dynamics)}, "
                 f"{dynamics_class(p.dynamics)})" for p in attention]
        text.append(f"Besondere Aufmerksamkeit: {join_and(items)}.")
    else:
        text.append("Kein Gebiet braucht besondere Aufmerksamkeit.")
    own = next((p for p in points if p.key == highlight), None)
    if own is not None and own.present and not own.needs_attention:
        text.append(f"{own.name}: Status {z_text(own.status)} ({status_class(own.status)}), Dynamik "
                    f"{z_text(own.dynamics)} ({dynamics_class(own.dynamics)}).")
    absent = [p.name for p in points if not p.present]
    if absent:
        text.append(f"Ohne Indexwert: {join_and(absent)}.")
    return " ".join(text)


def _place_labels(frame: pd.DataFrame, xlim, ylim, width_pt: float, height_pt: float, size: float):
    """Greedy label placement: right, left, above or below the point, avoiding earlier labels and points."""
    sx = width_pt / (xlim[1] - xlim[0])
    sy = height_pt / (ylim[1] - ylim[0])
    pad = 4.0
    boxes: list[tuple[float, float, float, float]] = []
    points = [((x - xlim[0]) * sx, (y - ylim[0]) * sy) for x, y in zip(frame["status"], frame["dynamics"])]
    placed = []
    labelled = frame[frame["label"] != ""].sort_values("order")
    for row in labelled.itertuples():
        px, py = (row.status - xlim[0]) * sx, (row.dynamics - ylim[0]) * sy
        w, h = text_width_pt(row.label, size), size * 1.25
        candidates = [
            ("left", "center", px + pad, py, (px + pad, py - h / 2, px + pad + w, py + h / 2)),
            ("right", "center", px - pad, py, (px - pad - w, py - h / 2, px - pad, py + h / 2)),
            ("center", "bottom", px, py + pad, (px - w / 2, py + pad, px + w / 2, py + pad + h)),
            ("center", "top", px, py - pad, (px - w / 2, py - pad - h, px + w / 2, py - pad)),
        ]

        def cost(box):
            x0, y0, x1, y1 = box
            outside = max(0, -x0) + max(0, x1 - width_pt) + max(0, -y0) + max(0, y1 - height_pt)
            overlap = sum(max(0, min(x1, b[2]) - max(x0, b[0])) * max(0, min(y1, b[3]) - max(y0, b[1]))
                          for b in boxes)
            hits = sum(1 for qx, qy in points if x0 - 2 < qx < x1 + 2 and y0 - 2 < qy < y1 + 2)
            return outside * 50 + overlap + hits * 40

        ha, va, x, y, box = min(candidates, key=lambda c: cost(c[4]))
        boxes.append(box)
        placed.append({"x": x / sx + xlim[0], "y": y / sy + ylim[0], "label": row.label, "ha": ha, "va": va,
                       "weight": "bold" if row.role == "area" else "normal",
                       "colour": HIGHLIGHT if row.role == "area" else INK})
    return pd.DataFrame(placed)


def sozialindex_scatter(points: Sequence[IndexPoint], year: int, highlight: str | None = None,
                        source: str = "", imprint: Imprint = Imprint(), group: str = "") -> Chart:
    """Scatter of status (x) against dynamics (y) with the class boundaries (status −1, +1, +1,5;
    dynamics −1, +1) and class names; areas of special attention as dark orange triangles with their
    names, the ``highlight`` area as a dark blue diamond with its name, all others as light circles."""
    shown = [p for p in points if p.present]
    labels = ["area" if p.key == highlight else "attention" if p.needs_attention else "other" for p in shown]
    names = {"area": next((p.name for p in shown if p.key == highlight), "Gebiet"),
             "attention": "besondere Aufmerksamkeit", "other": "übrige Gebiete"}
    frame = pd.DataFrame({
        "status": [p.status for p in shown], "dynamics": [p.dynamics for p in shown],
        "role": pd.Categorical(labels, categories=["area", "attention", "other"], ordered=True),
        "label": [p.name if r != "other" else "" for p, r in zip(shown, labels)],
        "order": [0 if r == "area" else 1 for r in labels],
    })
    reach = max([2.5] + [abs(v) + 0.4 for v in [*frame["status"], *frame["dynamics"]]])
    xlim = (-reach, reach)
    ylim = (-reach * 0.8 if frame["dynamics"].min() > -reach * 0.8 + 0.4 else -reach, reach)
    size = BASE_SIZE - 1.5
    placed = _place_labels(frame, xlim, ylim, 390.0, HEIGHT_IN * 72 - 110, size)
    band = dict(fill=ATTENTION, alpha=0.06, color="none")
    plot = (
        ggplot(frame, aes("status", "dynamics"))
        + annotate("rect", xmin=STATUS_BOUNDS[1], xmax=float("inf"), ymin=-float("inf"), ymax=float("inf"), **band)
        + annotate("rect", xmin=-float("inf"), xmax=STATUS_BOUNDS[1], ymin=DYNAMICS_BOUNDS[1], ymax=float("inf"),
                   **band)
    )
    for bound in STATUS_BOUNDS:
        plot += annotate("segment", x=bound, xend=bound, y=-float("inf"), yend=float("inf"), color="#8c8c8c",
                         size=0.45, linetype="dashed")
    for bound in DYNAMICS_BOUNDS:
        plot += annotate("segment", x=-float("inf"), xend=float("inf"), y=bound, yend=bound, color="#8c8c8c",
                         size=0.45, linetype="dashed")
    edges = [xlim[0], *STATUS_BOUNDS, xlim[1]]
    for name, (a, b) in zip(STATUS_CLASSES, zip(edges, edges[1:])):
        plot += annotate("text", x=(a + b) / 2, y=ylim[1], label=name, va="top", size=size, color=MUTED,
                         family=FONT, fontstyle="italic")
    yedges = [ylim[0], *DYNAMICS_BOUNDS, ylim[1]]
    for name, (a, b) in zip(DYNAMICS_CLASSES, zip(yedges, yedges[1:])):
        plot += annotate("text", x=xlim[0] + 0.08, y=(a + b) / 2, label=name, ha="left", size=size, color=MUTED,
                         family=FONT, fontstyle="italic")
    plot += [
        geom_point(aes(fill="role", shape="role", size="role"), color="white", stroke=0.5),
        scale_fill_manual(values={"area": HIGHLIGHT, "attention": ATTENTION, "other": OTHER_FILL},
                          labels=lambda keys: [names[k] for k in keys], drop=True),
        scale_shape_manual(values={"area": "D", "attention": "^", "other": "o"},
                           labels=lambda keys: [names[k] for k in keys], drop=True),
        scale_size_manual(values={"area": 3.6, "attention": 3.4, "other": 2.6},
                          labels=lambda keys: [names[k] for k in keys], drop=True),
        scale_x_continuous(limits=xlim, expand=(0, 0), labels=plain_labels),
        scale_y_continuous(limits=ylim, expand=(0, 0), labels=plain_labels),
        house_theme(HEIGHT_IN),
        theme(panel_grid_major=element_blank()),
        labs(title="Dynamikindex (z-Wert; höher = ungünstigere Entwicklung)",
             x="Statusindex (z-Wert; höher = ungünstigere soziale Lage)", y=""),
    ]
    if len(placed):
        for (ha, va), part in placed.groupby(["ha", "va"], sort=True):
            plot += geom_text(aes("x", "y", label="label", fontweight="weight", color="colour"), data=part,
                              ha=ha, va=va, size=size, family=FONT, inherit_aes=False)
        from plotnine import scale_color_identity

        plot += scale_color_identity()
    absent = [p for p in points if not p.present]
    notes = (NOTE_ABSENT,) if absent else notes_for(False, False)
    src = source_line([source], imprint, year)
    plot += labs(caption=caption_text(src, notes))
    title = f"Sozialindex {year}: Status und Dynamik" + (f" der {group}" if group else "")
    alt = scatter_alt(points, year, highlight, group)
    svg = render(plot, title, alt)
    width, height_cm = figure_size(plot)
    return Chart("sozialindex", title, alt, svg, src, notes, width, height_cm)
