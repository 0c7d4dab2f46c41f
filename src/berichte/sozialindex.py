"""Sozialindex: status and dynamics index over small areas, as in Berlin's "Monitoring Soziale
Stadtentwicklung" (MSS) and Hamburg's "Sozialmonitoring Integrierte Stadtteilentwicklung".

Method (pure, vectorised, on plain data; one year and one level at a time):

1. **Which areas are scored.** An area is scored only if it has a value for every status and every
   dynamics indicator and, when a population is given, at least ``min_population`` inhabitants
   (MSS: 300). Every other area stays in the result, unscored, with a German reason in ``grund``
   ("weniger als 300 Einwohnerinnen und Einwohner", "Wert fehlt: kinderarmut", …). Status and dynamics
   index are computed over the *same* scored areas.
2. **z-values.** Each indicator is z-standardised over the scored areas: ``z = (x − mean) / sd`` with the
   unweighted mean and the *population* standard deviation (divisor n). An indicator whose polarity is
   flipped ("-name": a higher value is favourable) enters as ``−z``, so that for every z column a higher
   value is unfavourable.
3. **Sums and indices.** ``status_summe = Σ weight × z`` (weights default to 1); ``status_index`` is that
   sum z-standardised again in the same way. Likewise ``dynamik_summe`` and ``dynamik_index`` from the
   dynamics indicators (changes in Prozentpunkte over the dynamics window).
4. **Classes** on the unrounded index, with thresholds t1 < t2 < t3 (default −1, +1, +1.5) for status and
   d1 < d2 (default −1, +1) for dynamics:

   ==============  ====================  ===========  =================
   status class    rule                  dynamics     rule
   ==============  ====================  ===========  =================
   1 hoch          index < t1            \\+ positiv   index < d1
   2 mittel        t1 ≤ index ≤ t2       +/- stabil   d1 ≤ index ≤ d2
   3 niedrig       t2 < index ≤ t3       \\- negativ   index > d2
   4 sehr niedrig  index > t3
   ==============  ====================  ===========  =================

   **Boundary rule:** a value exactly on a threshold belongs to the class nearer the middle class
   (mittel / stabil): −1 → mittel, +1 → mittel, +1.5 → niedrig; −1 → stabil, +1 → stabil. Because an
   index that is mathematically exactly on a threshold may come out of floating-point arithmetic a few
   units in the last place beside it, values within ``BOUNDARY_TOLERANCE`` (1e-9) of a threshold count
   as lying on it. Nothing is rounded otherwise; the published index is far coarser than 1e-9.
5. **Gesamtindex** ("Gesamtindex Soziale Ungleichheit", Status/Dynamik-Index): the 12 combinations of
   status and dynamics class, named ``"<status>/<dynamik>"`` (``"hoch/positiv"`` … ``"sehr
   niedrig/negativ"``) and abbreviated as in the MSS tables by the status class number and the dynamics
   symbol (``"1 +"``, ``"1 +/-"``, ``"1 -"``, ``"2 +"`` … ``"4 -"``); see :data:`GESAMT_GRUPPEN` for the
   order (numbered 1–12 in that order).
6. **Besonderer Aufmerksamkeitsbedarf:** status "niedrig" or "sehr niedrig", or dynamics "negativ".

Documented rules for degenerate data: an indicator with the same value in every scored area has no
defined z-value; it gets z = 0 everywhere (it does not distinguish the areas, so it adds nothing) and a
German note is added to ``result.attrs["hinweise"]``. The same holds for a status or dynamics sum that is
equal in every scored area (index 0 everywhere). Fewer than 3 scorable areas, an indicator without any
value, duplicate area keys or non-numeric input raise :class:`SozialindexError` with a German message.

The ``sozialindex:`` block of ``data/projekt.yml`` is turned into a :class:`SozialindexConfig` by
:func:`parse_sozialindex_settings`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .formatting import count
from .problems import BerichteError, Problems
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


# --- the method ---------------------------------------------------------------------------------------

def compute_sozialindex(
    values: pd.DataFrame,
    config: SozialindexConfig,
    dynamics: pd.DataFrame | None = None,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    """Status, dynamics and Gesamtindex for the areas of one level and one year.

    ``values``: indexed by area key, one column per status indicator id (shares, higher = unfavourable
    unless flipped). ``dynamics``: same index, one column per dynamics indicator id (changes in
    Prozentpunkte); if None, the dynamics columns are taken from ``values``. ``population``: inhabitants
    per area key; if None, the minimum-population rule is not applied.

    Returns one row per area (the union of all given keys, in order of appearance) with the columns
    ``z_status_<id>`` …, ``status_summe``, ``status_index``, ``status_klasse``, ``z_dynamik_<id>`` …,
    ``dynamik_summe``, ``dynamik_index``, ``dynamik_klasse``, ``gesamt_gruppe``, ``gesamt_kuerzel``,
    ``besonderer_aufmerksamkeitsbedarf`` (boolean, NA if unscored), ``bewertet`` and ``grund``. Classes
    are ordered categoricals. Notes on degenerate data are in ``result.attrs["hinweise"]``.
    """
    dyn_source = values if dynamics is None else dynamics
    keys = _union_index([values] + ([] if dynamics is None else [dynamics])
                        + ([] if population is None else [population]))
    status_raw = _numeric_columns(values, config.status, keys, "Status")
    dyn_raw = _numeric_columns(dyn_source, config.dynamics, keys, "Dynamik")
    pop = None
    if population is not None and config.min_population is not None:
        pop = _to_float(population.reindex(keys), "Einwohnerzahl")

    reasons = _reasons(status_raw, dyn_raw, pop, config)
    scored = reasons == ""
    n_scored = int(scored.sum())
    if n_scored < MIN_AREAS:
        raise SozialindexError(
            f"Nur {n_scored} von {len(keys)} Gebieten sind bewertbar; für den Sozialindex werden mindestens "
            f"{MIN_AREAS} gebraucht. {_reason_summary(reasons)}".strip()
        )

    notes: list[str] = []
    status = _block(status_raw, config.status, scored, "status", "Status", notes)
    dyn = _block(dyn_raw, config.dynamics, scored, "dynamik", "Dynamik", notes)
    s_code = _classify(status["status_index"], config.status_thresholds) if config.status else None
    d_code = _classify(dyn["dynamik_index"], config.dynamics_thresholds) if config.dynamics else None
    status["status_klasse"] = _categorical(s_code, config.status_labels, keys)
    dyn["dynamik_klasse"] = _categorical(d_code, config.dynamics_labels, keys)
    result = pd.concat([status, dyn], axis=1)

    groups = gesamt_groups(config.status_labels, config.dynamics_labels)
    if s_code is not None and d_code is not None:
        g_code = s_code * len(config.dynamics_labels) + d_code
    else:
        g_code = pd.Series(np.nan, index=keys)
    result["gesamt_gruppe"] = _categorical(g_code, [name for _, name in groups], keys)
    result["gesamt_kuerzel"] = _categorical(g_code, [short for short, _ in groups], keys)

    attention = pd.Series(False, index=keys)
    if s_code is not None:
        attention |= s_code >= 2
    if d_code is not None:
        attention |= d_code == 2
    result["besonderer_aufmerksamkeitsbedarf"] = attention.astype("boolean").where(scored, pd.NA)
    result["bewertet"] = scored
    result["grund"] = reasons
    result.index.name = values.index.name
    result.attrs["hinweise"] = notes
    return result


def _union_index(frames: list) -> pd.Index:
    keys = frames[0].index
    for other in frames[1:]:
        keys = keys.append(other.index[~other.index.isin(keys)])
    for frame in frames:
        duplicated = frame.index[frame.index.duplicated()].unique()
        if len(duplicated):
            raise SozialindexError(
                "Gebietsschlüssel kommen mehrfach vor: " + ", ".join(map(str, duplicated[:10]))
                + (" …" if len(duplicated) > 10 else "") + "."
            )
    return keys


def _to_float(series: pd.Series, what: str) -> pd.Series:
    try:
        return pd.to_numeric(series, errors="raise").astype("float64")
    except (TypeError, ValueError) as exc:
        raise SozialindexError(f"„{what}“ enthält Werte, die keine Zahlen sind ({exc}).") from None


def _numeric_columns(frame: pd.DataFrame, indicators, keys: pd.Index, what: str) -> pd.DataFrame:
    missing = [i.id for i in indicators if i.id not in frame.columns]
    if missing:
        raise SozialindexError(
            f"{what}: für {', '.join(f'„{m}“' for m in missing)} fehlen die Werte; vorhanden sind: "
            f"{', '.join(map(str, frame.columns)) or '(keine Spalten)'}."
        )
    data = {i.id: _to_float(frame[i.id].reindex(keys), i.id) for i in indicators}
    result = pd.DataFrame(data, index=keys, dtype="float64")
    for ind in indicators:
        if result[ind.id].isna().all():
            raise SozialindexError(
                f"{what}: die Kennzahl „{ind.id}“ hat für kein Gebiet einen Wert; so kann kein Gebiet "
                "bewertet werden."
            )
    return result


def _reasons(status: pd.DataFrame, dyn: pd.DataFrame, pop: pd.Series | None, config) -> pd.Series:
    """Why each area is not scored ("" if it is), all reasons joined by "; ", vectorised per column."""
    keys = status.index
    empty = pd.Series("", index=keys, dtype=object)
    parts = []
    if pop is not None:
        parts.append(empty.mask(pop.isna(), "Einwohnerzahl fehlt; "))
        few = f"weniger als {count(config.min_population)} Einwohnerinnen und Einwohner; "
        parts.append(empty.mask(pop < config.min_population, few))
    for frame, word in ((status, "Wert"), (dyn, "Veränderung")):
        for column in frame.columns:
            x = frame[column]
            parts.append(empty.mask(x.isna(), f"{word} fehlt: {column}; "))
            parts.append(empty.mask(np.isinf(x), f"{word} ist unendlich: {column}; "))
    joined = reduce(lambda a, b: a + b, parts, empty)
    return joined.str.removesuffix("; ")


def _reason_summary(reasons: pd.Series) -> str:
    counts = reasons[reasons != ""].str.split("; ").explode().value_counts()
    if counts.empty:
        return ""
    return "Nicht bewertet: " + "; ".join(f"{reason} ({n}×)" for reason, n in counts.items()) + "."


def standardise(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """z = (x − mean) / sd per column, population sd (divisor n). Constant columns → z = 0 (returned)."""
    mean = frame.mean()
    deviation = frame - mean
    sd = np.sqrt((deviation ** 2).mean())
    constant = [c for c in frame.columns if frame[c].max() == frame[c].min()]
    z = deviation / sd
    if constant:
        z[constant] = 0.0
    return z, constant


def _block(raw: pd.DataFrame, indicators, scored: pd.Series, prefix: str, what: str, notes: list[str]) -> pd.DataFrame:
    keys = raw.index
    z_columns = [f"z_{prefix}_{i.id}" for i in indicators]
    out = pd.DataFrame(np.nan, index=keys, columns=z_columns + [f"{prefix}_summe", f"{prefix}_index"])
    if not indicators:
        return out
    signs = pd.Series([i.sign for i in indicators], index=raw.columns)
    weights = pd.Series([i.weight for i in indicators], index=raw.columns)
    z, constant = standardise(raw.loc[scored] * signs)
    for column in constant:
        notes.append(f"{what}: die Kennzahl „{column}“ hat in allen bewerteten Gebieten denselben Wert; "
                     "ihr z-Wert ist überall 0, sie trägt nichts zum Index bei.")
    total = (z * weights).sum(axis=1)
    index, constant_total = standardise(total.to_frame("summe"))
    if constant_total:
        notes.append(f"{what}: die Summe der z-Werte ist in allen bewerteten Gebieten gleich; "
                     f"der {what.lower()}index ist überall 0.")
    out.loc[scored, z_columns] = z.to_numpy()
    out.loc[scored, f"{prefix}_summe"] = total
    out.loc[scored, f"{prefix}_index"] = index["summe"]
    return out


def _classify(index: pd.Series, thresholds: tuple[float, ...]) -> pd.Series:
    """Class number 0 … len(thresholds) per value (NaN stays NaN); see the boundary rule above."""
    x = index.to_numpy(dtype="float64")
    code = np.zeros(len(x))
    for k, t in enumerate(thresholds):
        passed = x >= t - BOUNDARY_TOLERANCE if k < MIDDLE_CLASS else x > t + BOUNDARY_TOLERANCE
        code += passed
    code[np.isnan(x)] = np.nan
    return pd.Series(code, index=index.index)


def classify_status(index, thresholds=STATUS_THRESHOLDS, labels=STATUS_LABELS) -> pd.Series:
    """Status class labels for index values (ordered categorical; NaN → missing)."""
    values = pd.Series(index, dtype="float64")
    return _categorical(_classify(values, tuple(thresholds)), labels, values.index)


def classify_dynamics(index, thresholds=DYNAMICS_THRESHOLDS, labels=DYNAMICS_LABELS) -> pd.Series:
    """Dynamics class labels for index values (ordered categorical; NaN → missing)."""
    values = pd.Series(index, dtype="float64")
    return _categorical(_classify(values, tuple(thresholds)), labels, values.index)


def _categorical(codes: pd.Series | None, labels, keys: pd.Index) -> pd.Series:
    labels = list(labels)
    if codes is None:
        codes = pd.Series(np.nan, index=keys)
    ints = codes.fillna(-1).astype(int).to_numpy()
    return pd.Series(pd.Categorical.from_codes(ints, categories=labels, ordered=True), index=keys)


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
    """The Sozialindex config of a loaded project (``berichte.settings.Settings``)."""
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
