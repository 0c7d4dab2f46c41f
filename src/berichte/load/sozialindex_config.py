"""The Sozialindex configuration: indicators with polarity and weight, thresholds, class names, minimum
population, the dynamics window — and its ``sozialindex:`` block in ``data/projekt.yml``.

The method itself is :mod:`berichte.compute.sozialindex`; this module only describes and checks what it
is asked to do, so that loading a project can report every problem of the block with file and line.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Iterable, Mapping

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, StrictStr

from ..problems import BerichteError, Problems
from .model import FileModel, validate
from .yamlfiles import line_of

STATUS_LABELS = ("hoch", "mittel", "niedrig", "sehr niedrig")
DYNAMICS_LABELS = ("positiv", "stabil", "negativ")
DYNAMICS_SYMBOLS = ("+", "+/-", "-")
STATUS_THRESHOLDS = (-1.0, 1.0, 1.5)
DYNAMICS_THRESHOLDS = (-1.0, 1.0)
MIDDLE_CLASS = 1  # index of "mittel" / "stabil": values on a threshold fall towards this class
BOUNDARY_TOLERANCE = 1e-9
MIN_AREAS = 3
DEFAULT_MIN_POPULATION = 300
DEFAULT_YEARS = 2  # Berlin MSS: change over 2 years (Hamburg: 3)


class SozialindexError(BerichteError):
    """The Sozialindex cannot be computed from these data or settings (German message)."""


@dataclass(frozen=True)
class IndexIndicator:
    """One indicator of the status or dynamics index. ``flipped``: a higher value is favourable."""

    id: str
    flipped: bool = False
    weight: float = 1.0

    @property
    def sign(self) -> float:
        return -1.0 if self.flipped else 1.0


def indicators_from_names(
    names: Iterable[str], weights: Mapping[str, float] | None = None
) -> tuple[IndexIndicator, ...]:
    """``["a", "-b"]`` → indicators; a leading "-" (or "−") flips the polarity. Weights by plain name."""
    weights = weights or {}
    result = []
    for name in names:
        name = str(name).strip()
        flipped = name[:1] in ("-", "−")
        plain = name[1:].strip() if flipped else name
        result.append(IndexIndicator(plain, flipped, float(weights.get(plain, 1.0))))
    return tuple(result)


@dataclass(frozen=True)
class SozialindexConfig:
    """How to compute the index. ``years`` (the dynamics window) is used by whoever computes the changes."""

    status: tuple[IndexIndicator, ...] = ()
    dynamics: tuple[IndexIndicator, ...] = ()
    min_population: float | None = DEFAULT_MIN_POPULATION
    status_thresholds: tuple[float, ...] = STATUS_THRESHOLDS
    dynamics_thresholds: tuple[float, ...] = DYNAMICS_THRESHOLDS
    years: int = DEFAULT_YEARS
    status_labels: tuple[str, ...] = STATUS_LABELS
    dynamics_labels: tuple[str, ...] = DYNAMICS_LABELS
    population_merkmal: str | None = None  # Merkmal with the population for the minimum-population rule

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", tuple(self.status))
        object.__setattr__(self, "dynamics", tuple(self.dynamics))
        object.__setattr__(self, "status_thresholds", tuple(float(t) for t in self.status_thresholds))
        object.__setattr__(self, "dynamics_thresholds", tuple(float(t) for t in self.dynamics_thresholds))
        object.__setattr__(self, "status_labels", tuple(self.status_labels))
        object.__setattr__(self, "dynamics_labels", tuple(self.dynamics_labels))
        messages = config_problems(self)
        if messages:
            raise SozialindexError(" ".join(messages))


def config_problems(config: SozialindexConfig) -> list[str]:
    """German descriptions of everything inconsistent in a configuration (empty list: fine)."""
    messages = []
    if not config.status and not config.dynamics:
        messages.append("Für den Sozialindex ist keine Kennzahl angegeben (weder Status noch Dynamik).")
    for what, indicators in (("Status", config.status), ("Dynamik", config.dynamics)):
        ids = [i.id for i in indicators]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            messages.append(f"{what}: die Kennzahl „{dup}“ ist doppelt angegeben.")
        for ind in indicators:
            if not ind.id:
                messages.append(f"{what}: ein Kennzahlname ist leer.")
            if not (math.isfinite(ind.weight) and ind.weight > 0):
                messages.append(f"{what}: das Gewicht von „{ind.id}“ muss eine Zahl größer als 0 sein.")
    for what, thresholds, n, labels, n_labels in (
        ("Status", config.status_thresholds, 3, config.status_labels, 4),
        ("Dynamik", config.dynamics_thresholds, 2, config.dynamics_labels, 3),
    ):
        if len(thresholds) != n or not all(math.isfinite(t) for t in thresholds):
            messages.append(f"{what}: es werden genau {n} Schwellen (Zahlen) gebraucht.")
        elif any(a >= b for a, b in zip(thresholds, thresholds[1:])):
            messages.append(f"{what}: die Schwellen müssen aufsteigend sein, z. B. "
                            f"{', '.join(_plain(t) for t in (STATUS_THRESHOLDS if n == 3 else DYNAMICS_THRESHOLDS))}.")
        if len(labels) != n_labels or len(set(labels)) != n_labels or not all(str(x).strip() for x in labels):
            messages.append(f"{what}: es werden genau {n_labels} verschiedene Klassennamen gebraucht.")
    if config.min_population is not None and not (math.isfinite(config.min_population) and config.min_population >= 0):
        messages.append("Die Mindestzahl der Einwohnerinnen und Einwohner muss 0 oder größer sein.")
    if isinstance(config.years, bool) or not isinstance(config.years, int) or config.years < 1:
        messages.append("Der Zeitraum der Dynamik muss eine ganze Zahl von Jahren (mindestens 1) sein.")
    return messages


def _plain(value: float) -> str:
    """1.5 → "1,5", -1.0 → "−1" for German messages."""
    text = repr(float(value)).removesuffix(".0").replace(".", ",")
    return text.replace("-", "−")


def gesamt_groups(status_labels=STATUS_LABELS, dynamics_labels=DYNAMICS_LABELS) -> list[tuple[str, str]]:
    """The 12 Gesamtindex groups in MSS order, as (Kürzel, Name): ("1 +", "hoch/positiv") … ("4 -", …)."""
    return [(f"{s + 1} {DYNAMICS_SYMBOLS[d]}", f"{status_labels[s]}/{dynamics_labels[d]}")
            for s in range(len(status_labels)) for d in range(len(dynamics_labels))]


GESAMT_GRUPPEN = gesamt_groups()


# --- the sozialindex: block of data/projekt.yml ------------------------------------------------------

# --- the sozialindex: block of data/projekt.yml ------------------------------------------------------

DEFAULT_POPULATION_MERKMAL = "ew_insgesamt"
_ENTRY_RE = re.compile(r"^([-−]?)\s*([a-z][a-z0-9_]*)$")


def _indicator_name(item):
    match = _ENTRY_RE.match(item.strip()) if isinstance(item, str) else None
    if match is None:
        raise ValueError(f"„{item}“ ist kein Kennzahlname (Kleinbuchstaben, Ziffern, _; ein führendes „-“ kehrt "
                         "die Polarität um).")
    sign, plain = match.groups()
    return ("-" if sign else "") + plain


def _no_duplicates(names: list[str]) -> list[str]:
    plain = [n.lstrip("-") for n in names]
    for name in plain:
        if plain.count(name) > 1:
            raise ValueError(f"die Kennzahl „{name}“ steht doppelt in der Liste.")
    return names


IndicatorList = Annotated[list[Annotated[str, BeforeValidator(_indicator_name)]], AfterValidator(_no_duplicates)]


def _numbers(n: int, example: str):
    def check(value):
        if (not isinstance(value, list) or len(value) != n
                or any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) for v in value)):
            raise ValueError(f"hier werden genau {n} Zahlen gebraucht, z. B. {example}.")
        if any(a >= b for a, b in zip(value, value[1:])):
            raise ValueError("die Schwellen müssen aufsteigend sein (jede größer als die vorige).")
        return tuple(float(v) for v in value)
    return BeforeValidator(check)


def _names(n: int):
    def check(value):
        if (not isinstance(value, list) or len(value) != n
                or not all(isinstance(v, str) and v.strip() for v in value) or len({v.strip() for v in value}) != n):
            raise ValueError(f"hier werden genau {n} verschiedene Klassennamen gebraucht.")
        return tuple(v.strip() for v in value)
    return BeforeValidator(check)


class Thresholds(FileModel):
    status: Annotated[tuple[float, float, float], _numbers(3, "[-1, 1, 1.5]")] = Field(
        STATUS_THRESHOLDS, description="Drei aufsteigende Klassengrenzen des Statusindex.")
    dynamik: Annotated[tuple[float, float], _numbers(2, "[-1, 1]")] = Field(
        DYNAMICS_THRESHOLDS, description="Zwei aufsteigende Klassengrenzen des Dynamikindex.")


class ClassNames(FileModel):
    status: Annotated[tuple[str, str, str, str], _names(4)] = Field(
        STATUS_LABELS, description="Namen der vier Statusklassen, die günstigste zuerst.")
    dynamik: Annotated[tuple[str, str, str], _names(3)] = Field(
        DYNAMICS_LABELS, description="Namen der drei Dynamikklassen, die günstigste zuerst.")


class SozialindexSettings(FileModel):
    """The ``sozialindex:`` block of ``projekt.yml``."""

    status: IndicatorList = Field(default_factory=list, description=(
        "Kennzahlen des Statusindex (Aufmerksamkeitsindikatoren, höher = ungünstiger); ein vorangestelltes „-“ "
        "kehrt die Polarität um."), examples=[["sgb2_quote", "kinderarmut", "-beschaeftigtenquote"]])
    dynamik: IndicatorList = Field(default_factory=list, description=(
        "Kennzahlen des Dynamikindex (ihre Veränderung in Prozentpunkten über jahre_dynamik Jahre)."),
        examples=[["sgb2_quote", "kinderarmut"]])
    jahre_dynamik: StrictInt = Field(DEFAULT_YEARS, ge=1, le=20, description=(
        "Zeitraum der Dynamik in Jahren (Berlin 2, Hamburg 3)."))
    mindest_einwohner: StrictInt = Field(DEFAULT_MIN_POPULATION, ge=0, le=10**7, description=(
        "Kleinere Gebiete werden nicht bewertet („nicht bewertet“ in der Tabelle); 0 = keine Mindestgröße."))
    gewichte: dict[str, Annotated[float, Field(strict=True, gt=0)]] = Field(default_factory=dict, description=(
        "Gewichte einzelner Kennzahlen (Voreinstellung 1), z. B. {sgb2_quote: 2}."), examples=[{"sgb2_quote": 2}])
    schwellen: Thresholds = Field(default_factory=Thresholds, description=(
        "Klassengrenzen des Status- und des Dynamikindex in Standardabweichungen."))
    klassen: ClassNames = Field(default_factory=ClassNames, description=(
        "Namen der Klassen in Tabellen, Karten und Texten."))
    einwohner: StrictStr = Field(DEFAULT_POPULATION_MERKMAL, min_length=1, description=(
        "Merkmal mit der Einwohnerzahl (für mindest_einwohner). Fehlt es im Berichtsjahr, entfällt der "
        "Sozialindex (mit Hinweis im Bericht und Warnung)."))


def parse_sozialindex_settings(
    block: Mapping | None, known_ids: Iterable[str], path: Path | str, problems: Problems
) -> SozialindexConfig | None:
    """Turn the ``sozialindex:`` block into a config; every problem names file, line, key and value.

    Returns None if the block is empty (no Sozialindex configured; no problem is recorded) or if
    problems were found (then ``problems`` holds them).
    """
    if not block:
        return None
    before = len(problems.errors)
    settings = validate(SozialindexSettings, block, Path(path), problems, where="sozialindex")
    if settings is None:
        return None
    config = build_config(settings, block, known_ids, Path(path), problems)
    return config if len(problems.errors) == before else None


def config_from_settings(settings, known_ids: Iterable[str], problems: Problems) -> SozialindexConfig | None:
    """The Sozialindex config of a loaded project (its settings hold the validated block)."""
    if settings.sozialindex is None:
        return None
    return build_config(settings.sozialindex, settings.raw.get("sozialindex") or {}, known_ids, settings.file,
                        problems)


def build_config(block: SozialindexSettings, raw: Mapping, known_ids: Iterable[str], path: Path,
                 problems: Problems) -> SozialindexConfig | None:
    """Checks against the catalogue (known Kennzahlen, weights of listed ones), then the config."""
    before = len(problems.errors)

    def error(message: str, key: str, value=None, mapping=raw, column=None) -> None:
        problems.error(f"sozialindex: {message}", path, row=line_of(mapping, key) or line_of(raw),
                       column=column or f"sozialindex.{key}", value=value)

    known = sorted(set(known_ids))
    if not block.status and not block.dynamik:
        error("mindestens eine Kennzahl unter „status:“ oder „dynamik:“ angeben.", "status")
    for key in ("status", "dynamik"):
        for name in getattr(block, key):
            plain = name.lstrip("-")
            if plain not in known:
                close = difflib.get_close_matches(plain, known, n=1)
                hint = f" Gemeint ist vielleicht „{close[0]}“." if close else ""
                error(f"unbekannte Kennzahl „{plain}“ in „{key}“; sie steht nicht im Kennzahlenkatalog.{hint}",
                      key, name)
    used = {name.lstrip("-") for name in (*block.status, *block.dynamik)}
    weights = raw.get("gewichte") if isinstance(raw, Mapping) else None
    for name, value in block.gewichte.items():
        if name not in used:
            error(f"Gewicht für „{name}“, aber diese Kennzahl steht weder unter „status“ noch unter „dynamik“.",
                  name, value, weights or raw, f"sozialindex.gewichte.{name}")
    if len(problems.errors) > before:
        return None
    return SozialindexConfig(
        status=indicators_from_names(block.status, block.gewichte),
        dynamics=indicators_from_names(block.dynamik, block.gewichte),
        min_population=block.mindest_einwohner or None,
        status_thresholds=block.schwellen.status,
        dynamics_thresholds=block.schwellen.dynamik,
        years=block.jahre_dynamik,
        status_labels=block.klassen.status,
        dynamics_labels=block.klassen.dynamik,
        population_merkmal=block.einwohner.strip(),
    )
