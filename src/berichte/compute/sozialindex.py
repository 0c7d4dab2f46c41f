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

The configuration (:class:`~berichte.load.sozialindex_config.SozialindexConfig`) and the ``sozialindex:``
block of ``data/projekt.yml`` are described in :mod:`berichte.load.sozialindex_config`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from functools import reduce

from ..formatting import count
from ..load.sozialindex_config import (BOUNDARY_TOLERANCE, DYNAMICS_LABELS, DYNAMICS_THRESHOLDS, MIDDLE_CLASS,
                                       MIN_AREAS, STATUS_LABELS, STATUS_THRESHOLDS, SozialindexConfig,
                                       SozialindexError, gesamt_groups)

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
