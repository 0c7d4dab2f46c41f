"""Geheimhaltung (statistical secrecy) of counts.

Rules (configurable in ``geheimhaltung:`` of projekt.yml):

* Primary: a count of 1 or 2 (more generally: above 0 and below ``mindestanzahl``) is not published.
  Values the source already withheld (``*``, ``.``, ``•``) stay withheld.
* Secondary: a withheld count must not be recoverable by subtraction. Wherever counts are linked by a sum —
  a parent area and its children (for summable Merkmale), or a derived Merkmal and its parts (e.g.
  ``ew_u18 = ew_u3 + ew_3_6 + ew_6_15 + ew_15_18``) — and exactly one cell of the sum is withheld, a second
  cell is withheld too: the smallest published positive part, or the total if there is none. This is
  repeated until no sum has exactly one withheld cell.

Rates (Kennzahlen) are withheld separately in :mod:`berichte.compute.indicators`: when a count they are computed
from is withheld, when the numerator is above 0 and below ``zaehler_mindestens``, or when the denominator
is below ``nenner_mindestens``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..load.aggregate import CountTable
from ..load.areas import Areas
from ..load.merkmale import MerkmalDictionary
from ..load.readers import SECRET_REASONS
from ..load.settings import Secrecy

REASON_SMALL = "Anzahl unter {n} (Geheimhaltung)"
REASON_SECONDARY = "gesperrt, weil sonst ein geheimer Wert errechnet werden könnte (sekundäre Geheimhaltung)"
REASON_SOURCE = "von der Datenquelle gesperrt ({note})"


@dataclass
class CountSecrecy:
    suppressed: pd.DataFrame  # same shape as CountTable.values; True = not published
    reasons: pd.DataFrame  # "" or the footnote text


def _relations(areas: Areas, merkmale: MerkmalDictionary, index: pd.MultiIndex, columns: list[str]):
    """Sums as matrices of flat cell positions: each row is (total, part, part, …) for one key and year."""
    n_years = len(index.levels[1]) if isinstance(index, pd.MultiIndex) else 1
    key_pos = {key: i for i, key in enumerate(index.get_level_values("key").unique())}
    years = np.arange(n_years)
    col_pos = {m: j for j, m in enumerate(columns)}
    n_cols = len(columns)

    def cell(key_index: np.ndarray, col: int) -> np.ndarray:
        return ((key_index[:, None] * n_years + years[None, :]) * n_cols + col).ravel()

    groups = []
    # Hierarchy: parent = sum of children, for summable delivered Merkmale.
    frame = areas.frame
    children_of: dict[str, list[str]] = {}
    for key, parent in frame["parent"].items():
        if parent:
            children_of.setdefault(parent, []).append(key)
    by_size: dict[int, list[tuple[str, list[str]]]] = {}
    for parent, children in children_of.items():
        by_size.setdefault(len(children), []).append((parent, children))
    additive = [m.id for m in merkmale if m.additive and not m.derived]
    for size, items in by_size.items():
        parents = np.array([key_pos[p] for p, _ in items])
        kids = np.array([[key_pos[c] for c in cs] for _, cs in items])
        for m in additive:
            col = col_pos[m]
            total = cell(parents, col)
            parts = [cell(kids[:, i], col) for i in range(size)]
            groups.append(np.column_stack([total] + parts))
    # Derived Merkmale that are plain sums: total = sum of parts, in every area.
    all_keys = np.arange(len(key_pos))
    for m in merkmale.derived:
        if m.formula.is_sum:
            total = cell(all_keys, col_pos[m.id])
            parts = [cell(all_keys, col_pos[ref]) for ref in m.formula.merkmale]
            groups.append(np.column_stack([total] + parts))
        else:  # a - b = d  ⇔  a = d + b
            positive = [ref for sign, ref in m.formula.terms if sign > 0]
            negative = [ref for sign, ref in m.formula.terms if sign < 0]
            if len(positive) == 1:
                total = cell(all_keys, col_pos[positive[0]])
                parts = [cell(all_keys, col_pos[m.id])] + [cell(all_keys, col_pos[r]) for r in negative]
                groups.append(np.column_stack([total] + parts))
    return groups


def apply_count_secrecy(table: CountTable, areas: Areas, merkmale: MerkmalDictionary, rules: Secrecy) -> CountSecrecy:
    values = table.values
    columns = list(values.columns)
    flat_values = values.to_numpy(dtype=float).ravel()
    notes = table.notes.to_numpy(dtype=object).ravel()
    suppressed = np.zeros(flat_values.shape, dtype=bool)
    reasons = np.full(flat_values.shape, "", dtype=object)

    # Withheld at the source: a missing value whose note is a secrecy symbol's reason.
    source_secret = np.isin(notes, list(SECRET_REASONS)) & np.isnan(flat_values)
    suppressed |= source_secret
    reasons[source_secret] = [REASON_SOURCE.format(note=n) for n in notes[source_secret]]
    if rules.active and rules.min_count > 1:
        integer_cols = np.array([merkmale[m].integer for m in columns])
        integer_mask = np.tile(integer_cols, len(values))
        with np.errstate(invalid="ignore"):
            small = (flat_values > 0) & (flat_values < rules.min_count) & integer_mask
        suppressed |= small
        reasons[small] = REASON_SMALL.format(n=rules.min_count)
        if rules.secondary:
            _secondary(flat_values, suppressed, reasons, _relations(areas, merkmale, values.index, columns))
    shape = values.shape
    return CountSecrecy(
        pd.DataFrame(suppressed.reshape(shape), index=values.index, columns=columns),
        pd.DataFrame(reasons.reshape(shape), index=values.index, columns=columns),
    )


def _secondary(values: np.ndarray, suppressed: np.ndarray, reasons: np.ndarray, groups: list[np.ndarray]) -> None:
    """Withhold further cells until no sum has exactly one withheld cell (in place)."""
    for _ in range(100):
        changed = False
        for group in groups:
            flags = suppressed[group]
            # Sums with a missing published cell cannot be used to recover anything.
            known = ~np.isnan(values[group]) | flags
            lone = (flags.sum(axis=1) == 1) & known.all(axis=1)
            if not lone.any():
                continue
            rows = group[lone]
            vals = values[rows]
            candidates = np.where(~suppressed[rows] & (vals > 0), vals, np.inf)
            candidates[:, 0] = np.inf  # prefer a part over the total
            best = np.argmin(candidates, axis=1)
            no_part = np.isinf(candidates[np.arange(len(rows)), best])
            best[no_part] = 0  # no positive published part left: withhold the total
            target = rows[np.arange(len(rows)), best]
            fresh = ~suppressed[target]
            if fresh.any():
                suppressed[target[fresh]] = True
                reasons[target[fresh]] = REASON_SECONDARY
                changed = True
        if not changed:
            return
