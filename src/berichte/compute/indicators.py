"""Every catalogue Kennzahl for every area and year, in one vectorised pass per Kennzahl.

Values come from the complete count table (:mod:`berichte.load.aggregate`), so parent areas are ratios of
summed counts. Numerator and denominator are kept next to each value, together with the variance of the
numerator under a Poisson model (needed to test differences such as births − deaths), whether the value
is withheld (Geheimhaltung) and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..load.aggregate import CountTable
from ..load.catalogue import Catalogue, Kennzahl
from .secrecy import CountSecrecy
from ..load.settings import Secrecy

NOTE_ZERO_DENOMINATOR = "nicht berechenbar, weil der Nenner 0 ist"
NOTE_MISSING = "keine Daten"
NOTE_INCOMPLETE = "Daten unvollständig ({note})"
REASON_NUMERATOR = "weniger als {n} Fälle (Geheimhaltung)"
REASON_DENOMINATOR = "Bezugsgröße unter {n} (zu wenig aussagekräftig)"
REASON_COUNT = "beruht auf einer gesperrten Anzahl (Geheimhaltung)"

# Why a value is not shown — the one rule every output follows (tables, texts, charts, exports).
SHOWN = ""
WITHHELD = "geheim"  # secrecy (Geheimhaltung)
SMALL_BASE = "bezugsgroesse"  # denominator too small to be meaningful
ZERO_BASE = "null"  # denominator 0: not computable
NO_DATA = "fehlt"  # no data
# The symbols of official statistics for a value not shown: "." = unknown or to be kept secret,
# "x" = not computable (the cell is blocked because a statement would make no sense).
SYMBOLS = {WITHHELD: ".", SMALL_BASE: ".", NO_DATA: ".", ZERO_BASE: "x"}
SYMBOLS_NOTE = ("Zeichen: „.“ = Zahlenwert unbekannt oder geheim zu halten (Gründe in den Hinweisen), "
                "„x“ = nicht berechenbar.")


@dataclass
class IndicatorTable:
    """Frames indexed by (key, year) with one column per Kennzahl."""

    values: pd.DataFrame  # float, NaN where missing or not computable (withheld values are kept here)
    numerators: pd.DataFrame
    denominators: pd.DataFrame  # NaN for counts
    numerator_variance: pd.DataFrame  # Poisson variance of the numerator (sum of the terms' counts)
    suppressed: pd.DataFrame  # bool: value must not be published
    notes: pd.DataFrame  # "" or why the value is missing / withheld (footnote text)
    states: pd.DataFrame  # SHOWN or why not: WITHHELD, SMALL_BASE, ZERO_BASE, NO_DATA

    def symbol(self, key: str, year: int, kennzahl: str) -> str:
        """"" for a value that is shown, else the symbol that stands in its place ("." or "x")."""
        return SYMBOLS.get(self.states.at[(key, year), kennzahl], "")

    def __post_init__(self) -> None:
        self._published = self.values.where(~self.suppressed)

    def published(self) -> pd.DataFrame:
        """Values with withheld ones set to NaN: what documents may show."""
        return self._published


def _combine(formula, frame: pd.DataFrame) -> pd.Series:
    total = None
    for sign, merkmal in formula.terms:
        column = frame[merkmal] * sign
        total = column if total is None else total + column
    return total


def _first_note(formula, notes: pd.DataFrame, values: pd.DataFrame) -> pd.Series:
    result = pd.Series("", index=notes.index, dtype=object)
    for _, merkmal in formula.terms:
        missing = values[merkmal].isna() & (result == "")
        result = result.where(~missing, notes[merkmal])
    return result


def compute_indicators(table: CountTable, secrecy: CountSecrecy, catalogue: Catalogue, rules: Secrecy) -> IndicatorTable:
    counts = table.values
    out: dict[str, dict[str, pd.Series]] = {n: {} for n in ("values", "numerators", "denominators", "variance",
                                                            "suppressed", "notes", "states")}
    for k in catalogue:
        numerator = _combine(k.numerator, counts)
        variance = sum(counts[m] for m in k.numerator.merkmale)
        count_withheld = pd.Series(False, index=counts.index)
        for m in k.merkmale:
            count_withheld |= secrecy.suppressed[m]
        note = _first_note(k.numerator, table.notes, counts)
        if k.denominator is None:
            denominator = pd.Series(np.nan, index=counts.index)
            value = numerator
        else:
            denominator = _combine(k.denominator, counts)
            note = note.where(note != "", _first_note(k.denominator, table.notes, counts))
            with np.errstate(divide="ignore", invalid="ignore"):
                value = numerator / denominator * k.factor
            zero = denominator == 0
            value = value.where(~zero)
            note = note.where(~(zero & numerator.notna()), NOTE_ZERO_DENOMINATOR)
        missing = value.isna()
        note = note.where(missing, "")
        note = note.where(~(missing & (note == "fehlt")), NOTE_MISSING)
        withheld, reason, small_base = _rate_secrecy(k, numerator, denominator, count_withheld, rules)
        note = note.where(~withheld | missing, reason)
        state = pd.Series(SHOWN, index=counts.index, dtype=object)
        state = state.where(~missing, np.where(note == NOTE_ZERO_DENOMINATOR, ZERO_BASE, NO_DATA))
        state = state.where(~(withheld & ~missing), np.where(small_base, SMALL_BASE, WITHHELD))
        out["values"][k.id] = value
        out["numerators"][k.id] = numerator
        out["denominators"][k.id] = denominator
        out["variance"][k.id] = variance
        out["suppressed"][k.id] = withheld & ~missing
        out["notes"][k.id] = note
        out["states"][k.id] = state
    frames = {name: pd.DataFrame(columns, index=counts.index) for name, columns in out.items()}
    return IndicatorTable(frames["values"], frames["numerators"], frames["denominators"], frames["variance"],
                          frames["suppressed"].astype(bool), frames["notes"].astype(object),
                          frames["states"].astype(object))


def _rate_secrecy(k: Kennzahl, numerator: pd.Series, denominator: pd.Series, count_withheld: pd.Series,
                  rules: Secrecy) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which values of one Kennzahl are withheld, the footnote for each, and which for a small base only."""
    withheld = count_withheld.copy()
    reason = pd.Series(REASON_COUNT, index=numerator.index, dtype=object)
    small_base = pd.Series(False, index=numerator.index)
    if not rules.active or k.denominator is None:
        return withheld, reason, small_base
    if k.test != "keiner":
        if k.numerator.is_sum:
            small = (numerator > 0) & (numerator < rules.min_numerator) & ~withheld
            withheld |= small
            reason = reason.where(~small, REASON_NUMERATOR.format(n=rules.min_numerator))
        small_base = (denominator < rules.min_denominator) & ~withheld
        withheld |= small_base
        reason = reason.where(~small_base, REASON_DENOMINATOR.format(n=rules.min_denominator))
    return withheld, reason, small_base
