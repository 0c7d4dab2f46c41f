"""Plain input data for the charts, the :class:`Chart` result, and deterministic SVG rendering.

Every chart function takes the plain dataclasses below (or builds them from a DataFrame with
:func:`area_values`), never project objects, so the indicator engine, the tests and the benchmark can call
them with whatever they computed.

Missing values: ``None`` or NaN means "no value". A value withheld for secrecy (Geheimhaltung) is marked
``suppressed`` as well; it is never drawn as 0, and the chart carries the note
"Werte unter Geheimhaltung sind nicht dargestellt."
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from plotnine import ggplot  # noqa: E402

from .. import atomic  # noqa: E402
from ..formatting import is_missing  # noqa: E402
from ..load.catalogue import DIMENSIONLESS_UNITS  # noqa: E402

SECRECY_NOTE = "Werte unter Geheimhaltung sind nicht dargestellt."
MISSING_NOTE = "Fehlende Werte sind nicht dargestellt."


@dataclass(frozen=True)
class Measure:
    """What is shown: a Kennzahl (or any quantity) with its unit and number format.

    ``unit`` follows the catalogue: ``"%"`` (shares; changes in Prozentpunkten), ``"Anzahl"`` (counts),
    ``"je 1.000"`` and the like (rates), or any other text ("Einw. je km²"). ``decimals`` is the number of
    decimals shown in labels and alt texts. ``source`` is the data source for the source line.
    """

    title: str
    unit: str = "%"
    decimals: int = 1
    short_title: str = ""
    source: str = ""
    polarity: str = "neutral"  # hoch_unguenstig | hoch_guenstig | neutral

    @property
    def label(self) -> str:
        return self.short_title or self.title

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_count(self) -> bool:
        return self.unit == "Anzahl"

    @property
    def dimensionless(self) -> bool:
        """A score or index: labels and alt texts write its values without the unit (the axis title names it)."""
        return self.unit.split(" ")[0] in DIMENSIONLESS_UNITS

    @property
    def axis_title(self) -> str:
        """Title of the value axis: "SGB-II-Quote in %", "Geburtenrate je 1.000", "Einwohnerzahl"."""
        if self.is_count:
            return self.label
        if self.is_percent:
            return f"{self.label} in\u00a0%"
        return f"{self.label} ({self.unit})"

    @classmethod
    def from_kennzahl(cls, kennzahl) -> "Measure":
        """From a catalogue entry (anything with title, short_title, unit, decimals, source, polarity)."""
        return cls(title=kennzahl.title, unit=kennzahl.unit, decimals=kennzahl.decimals,
                   short_title=kennzahl.short_title, source=kennzahl.source, polarity=kennzahl.polarity)


@dataclass(frozen=True)
class Imprint:
    """What every chart states about its data: reference date and whether the data are fictional.

    ``reference_date`` is a day and month such as "31.12." (source line "Stand 31.12.2023"), or a phrase
    such as "Jahresdurchschnitt" for data that are not taken on a reference date ("Jahresdurchschnitt 2021").
    By default the notes and the source line are drawn under the chart, so that it travels with them; a
    report that prints :attr:`Chart.caption` in its figure caption sets ``caption_in_chart=False``.
    """

    reference_date: str = "31.12."
    fictional: bool = False
    caption_in_chart: bool = True  # False: notes and source line only in Chart.caption (e.g. for a figcaption)

    def stand(self, year: int | None = None) -> str:
        date = self.reference_date.strip()
        on_a_day = date.endswith(".") and date[:1].isdigit()
        if year is None:
            return f"Stand jeweils {date}" if on_a_day else (date or "")
        if on_a_day:
            return f"Stand {date}{year}"
        return f"{date} {year}" if date else f"Stand {year}"


@dataclass(frozen=True)
class AreaValue:
    """One area's value: ``value`` None/NaN = no value; ``suppressed`` = withheld for secrecy."""

    key: str
    name: str
    value: float | None
    suppressed: bool = False

    @property
    def missing(self) -> bool:
        return self.suppressed or is_missing(self.value)


@dataclass(frozen=True)
class Series:
    """A time series of one area: year → value (None/NaN = no value); ``suppressed`` years are secret."""

    name: str
    values: Mapping[int, float | None]
    suppressed: frozenset[int] = frozenset()
    key: str = ""

    def value(self, year: int) -> float | None:
        if year in self.suppressed:
            return None
        value = self.values.get(year)
        return None if is_missing(value) else float(value)

    @property
    def years(self) -> list[int]:
        return sorted(self.values)

    def points(self) -> list[tuple[int, float]]:
        """The years with a value, in order."""
        return [(y, v) for y in self.years if (v := self.value(y)) is not None]

    def gaps(self) -> list[int]:
        return [y for y in self.years if self.value(y) is None]


def area_values(frame, key: str = "key", name: str = "name", value: str = "value",
                suppressed: str = "suppressed") -> list[AreaValue]:
    """AreaValues from a DataFrame with columns key, name, value and optionally suppressed (bool)."""
    has_flag = suppressed in frame.columns
    result = []
    for row in frame.itertuples(index=False):
        item = row._asdict()
        flag = bool(item[suppressed]) if has_flag else False
        raw = item[value]
        result.append(AreaValue(str(item[key]), str(item[name]), None if is_missing(raw) else float(raw), flag))
    return result


@dataclass(frozen=True)
class Chart:
    """A finished chart: SVG text, German alt text, title (for the figure caption) and notes."""

    kind: str  # zeitreihe, rangfolge, altersstruktur, uebersicht, sozialindex, karte, klassenkarte
    title: str
    alt: str
    svg: str
    source: str = ""  # the source line drawn under the chart
    notes: tuple[str, ...] = ()  # e.g. the secrecy note
    width_cm: float = 16.0
    height_cm: float = 8.0

    @property
    def caption(self) -> str:
        return " ".join((*self.notes, self.source)).strip()

    def save(self, path: Path | str) -> Path:
        """Write the SVG atomically (readers never see a half-written file)."""
        path = Path(path)
        atomic.write_text(path, self.svg)
        return path

    def __len__(self) -> int:
        return len(self.svg.encode("utf-8"))


# --- rendering ------------------------------------------------------------------------------------------

RC = {
    "svg.fonttype": "none",  # text stays text: searchable, small, crisp
    "svg.hashsalt": "berichte",  # deterministic ids for clip paths and markers
    "svg.image_inline": True,
    "path.simplify": True,
    "hatch.linewidth": 0.6,
    "hatch.color": "#8c8c8c",
}
METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_NUMBER = re.compile(r"-?\d+\.\d{2,}")
_GEOMETRY = re.compile(r'(\s(?:d|x|y|width|height|transform)=")([^"]*)(")')
_FONT_FAMILY = re.compile(r"font-family: 'Open Sans'(, 'DejaVu Sans')?")


def _short(number: re.Match) -> str:
    text = f"{float(number.group(0)):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _round_geometry(match: re.Match) -> str:
    """Coordinates to 0.1 pt (0.035 mm): colours, opacities and dash patterns are left alone."""
    return match.group(1) + _NUMBER.sub(_short, match.group(2)) + match.group(3)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tidy_svg(svg: str, title: str, desc: str) -> str:
    """Smaller, accessible SVG: coordinates to 0.1 pt (0.035 mm), no metadata, a generic font fallback,
    ``<title>`` and ``<desc>`` (alt text) for screen readers and search."""
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _GEOMETRY.sub(_round_geometry, svg)
    svg = _FONT_FAMILY.sub("font-family: 'Open Sans', 'DejaVu Sans', sans-serif", svg)
    svg = re.sub(r"\n\s+", "\n", svg)
    head = f'<title>{_escape(title)}</title>\n<desc>{_escape(desc)}</desc>\n'
    svg = re.sub(r"(<svg [^>]*?)>\n", lambda m: f'{m.group(1)} role="img">\n{head}', svg, count=1)
    return svg


def render(plot: ggplot, title: str, alt: str, post: Callable[[Figure], None] | None = None) -> str:
    """Draw a plotnine plot to deterministic SVG text; ``post`` may adjust the matplotlib figure.

    For ad-hoc plotnine charts in the house style (see :func:`~berichte.charts.style.house_theme`); the
    plot is copied first, because drawing changes a ggplot object.
    """
    return tidy_svg(draw_svg(copy.deepcopy(plot), post), title, alt)


def draw_svg(plot: ggplot, post: Callable[[Figure], None] | None = None) -> str:
    """The plot as SVG text, drawn with the deterministic house settings (``RC``, no date metadata)."""
    with matplotlib.rc_context(RC):
        figure = plot.draw()
        try:
            if post is not None:
                post(figure)
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata=METADATA)
        finally:
            plt.close(figure)
    return buffer.getvalue()


def notes_for(missing: bool, suppressed: bool) -> tuple[str, ...]:
    notes: list[str] = []
    if suppressed:
        notes.append(SECRECY_NOTE)
    if missing and not suppressed:
        notes.append(MISSING_NOTE)
    return tuple(notes)


def unique_names(items: Sequence[str]) -> list[str]:
    """Names made unique (two areas may share a name) by appending a counter in brackets."""
    seen: dict[str, int] = {}
    result = []
    for name in items:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result
