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
from typing import Iterable, Mapping

from ..formatting import count
from ..problems import BerichteError, Problems
from .yamlfiles import check_keys, line_of

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

SETTINGS_KEYS = {"status", "dynamik", "jahre_dynamik", "mindest_einwohner", "gewichte", "schwellen", "klassen",
                 "einwohner"}
DEFAULT_POPULATION_MERKMAL = "ew_insgesamt"
_ENTRY_RE = re.compile(r"^([-−]?)\s*([a-z][a-z0-9_]*)$")


def parse_sozialindex_settings(
    block: Mapping | None, known_ids: Iterable[str], path: Path | str, problems: Problems
) -> SozialindexConfig | None:
    """Turn the ``sozialindex:`` block into a config; every problem names file, line, key and value.

    Returns None if the block is empty (no Sozialindex configured; no problem is recorded) or if
    problems were found (then ``problems`` holds them). Shape::

        sozialindex:
          status: [arbeitslosenanteil_sgb2, sgb2_quote, -beschaeftigtenquote]  # "-": higher is favourable
          dynamik: [arbeitslosenanteil_sgb2, sgb2_quote]
          jahre_dynamik: 3                 # Berlin 2, Hamburg 3
          mindest_einwohner: 300           # 0: no minimum
          gewichte: {sgb2_quote: 2}        # by Kennzahl, in status and dynamics; default 1
          schwellen: {status: [-1, 1, 1.5], dynamik: [-1, 1]}
          klassen: {status: [hoch, mittel, niedrig, sehr niedrig], dynamik: [positiv, stabil, negativ]}
          einwohner: ew_insgesamt          # Merkmal with the population (for mindest_einwohner)
    """
    if not block:
        return None
    where = "sozialindex"
    before = len(problems.errors)
    if not isinstance(block, Mapping):
        problems.error("sozialindex muss aus Feldern wie „status:“ und „dynamik:“ bestehen.", path)
        return None
    check_keys(block, SETTINGS_KEYS, set(), Path(path), problems, where)
    known = set(known_ids)

    def error(message: str, key: str, value=None, mapping=block, column=None) -> None:
        problems.error(f"{where}: {message}", path, row=line_of(mapping, key),
                       column=column or f"{where}.{key}", value=value)

    lists = {key: _indicator_list(block, key, known, error) for key in ("status", "dynamik")}
    if not block.get("status") and not block.get("dynamik"):
        error("mindestens eine Kennzahl unter „status:“ oder „dynamik:“ angeben.", "status")
    used = {name.lstrip("-") for names in lists.values() for name in names}

    years = _whole(block, "jahre_dynamik", DEFAULT_YEARS, 1, 20, error)
    minimum = _whole(block, "mindest_einwohner", DEFAULT_MIN_POPULATION, 0, 10**7, error)
    weights = _weights(block.get("gewichte"), used, error)
    thresholds = _sub_lists(block, "schwellen", {"status": 3, "dynamik": 2}, _thresholds, error, problems, path)
    labels = _sub_lists(block, "klassen", {"status": 4, "dynamik": 3}, _labels, error, problems, path)
    population = block.get("einwohner", DEFAULT_POPULATION_MERKMAL)
    if not isinstance(population, str) or not population.strip():
        error("„einwohner“ muss die ID des Merkmals mit der Einwohnerzahl sein.", "einwohner", population)
    if len(problems.errors) > before:
        return None
    return SozialindexConfig(
        status=indicators_from_names(lists["status"], weights),
        dynamics=indicators_from_names(lists["dynamik"], weights),
        min_population=minimum or None,
        status_thresholds=thresholds.get("status", STATUS_THRESHOLDS),
        dynamics_thresholds=thresholds.get("dynamik", DYNAMICS_THRESHOLDS),
        years=years,
        status_labels=labels.get("status", STATUS_LABELS),
        dynamics_labels=labels.get("dynamik", DYNAMICS_LABELS),
        population_merkmal=population.strip(),
    )


def config_from_settings(settings, known_ids: Iterable[str], problems: Problems) -> SozialindexConfig | None:
    """The Sozialindex config of a loaded project (``berichte.load.settings.Settings``)."""
    from .settings import SETTINGS_FILE

    return parse_sozialindex_settings(settings.sozialindex, known_ids, settings.data_dir / SETTINGS_FILE, problems)


def _indicator_list(block, key: str, known: set[str], error) -> list[str]:
    raw = block.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        error(f"„{key}“ muss eine Liste von Kennzahlen sein, z. B. {key}: [sgb2_quote, kinderarmut].", key, raw)
        return []
    names, seen = [], set()
    for item in raw:
        match = _ENTRY_RE.match(item.strip()) if isinstance(item, str) else None
        if match is None:
            error(f"„{item}“ ist kein Kennzahlname (Kleinbuchstaben, Ziffern, _; ein führendes „-“ kehrt "
                  "die Polarität um).", key, item)
            continue
        sign, plain = match.groups()
        name = ("-" if sign else "") + plain
        if plain not in known:
            close = difflib.get_close_matches(plain, sorted(known), n=1)
            hint = f" Gemeint ist vielleicht „{close[0]}“." if close else ""
            error(f"unbekannte Kennzahl „{plain}“ in „{key}“; sie steht nicht im Kennzahlenkatalog.{hint}",
                  key, item)
            continue
        if plain in seen:
            error(f"die Kennzahl „{plain}“ steht doppelt in „{key}“.", key, item)
            continue
        seen.add(plain)
        names.append(name)
    return names


def _whole(block, key: str, default: int, low: int, high: int, error) -> int:
    if key not in block:
        return default
    value = block[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        error(f"„{key}“ muss eine ganze Zahl sein.", key, value)
        return default
    if not low <= value <= high:
        error(f"„{key}“ muss zwischen {low} und {count(high)} liegen.", key, value)
        return default
    return int(value)


def _weights(raw, used: set[str], error) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        error("„gewichte“ muss Kennzahlen auf Gewichte abbilden, z. B. gewichte: {sgb2_quote: 2}.", "gewichte", raw)
        return {}
    weights = {}
    for name, value in raw.items():
        column = f"sozialindex.gewichte.{name}"
        if name not in used:
            error(f"Gewicht für „{name}“, aber diese Kennzahl steht weder unter „status“ noch unter "
                  "„dynamik“.",
                  name, value, raw, column)
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or not (math.isfinite(value) and value > 0):
            error(f"das Gewicht von „{name}“ muss eine Zahl größer als 0 sein.", name, value, raw, column)
        else:
            weights[name] = float(value)
    return weights


def _sub_lists(block, key, sizes: dict[str, int], check, error, problems, path) -> dict[str, tuple]:
    raw = block.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        error(f"„{key}“ muss die Felder „status:“ und/oder „dynamik:“ haben.", key, raw)
        return {}
    check_keys(raw, set(sizes), set(), Path(path), problems, f"sozialindex.{key}")
    result = {}
    for part, n in sizes.items():
        if part in raw:
            column = f"sozialindex.{key}.{part}"
            value = check(raw[part], n, lambda message: error(message, part, raw[part], raw, column))
            if value is not None:
                result[part] = value
    return result


def _thresholds(value, n: int, fail) -> tuple[float, ...] | None:
    if (not isinstance(value, list) or len(value) != n
            or any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) for v in value)):
        example = "[-1, 1, 1.5]" if n == 3 else "[-1, 1]"
        fail(f"hier werden genau {n} Zahlen gebraucht, z. B. {example}.")
        return None
    if any(a >= b for a, b in zip(value, value[1:])):
        fail("die Schwellen müssen aufsteigend sein (jede größer als die vorige).")
        return None
    return tuple(float(v) for v in value)


def _labels(value, n: int, fail) -> tuple[str, ...] | None:
    if (not isinstance(value, list) or len(value) != n or not all(isinstance(v, str) and v.strip() for v in value)
            or len({v.strip() for v in value}) != n):
        fail(f"hier werden genau {n} verschiedene Klassennamen gebraucht.")
        return None
    return tuple(v.strip() for v in value)
