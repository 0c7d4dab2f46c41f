"""From delivered counts to a complete table of counts for every area, year and Merkmal.

* Derived Merkmale are computed from their formula (a signed sum of other Merkmale).
* A parent area's count is its own delivered count if there is one, otherwise the sum of its children's
  counts — but only if every child has a value (a sum over incomplete children would understate it).
  The "ratio of sums" rule for Kennzahlen follows from this: rates are computed from these counts.

The result is a wide frame indexed by (key, year) with one float column per Merkmal, plus a frame of the
same shape with the reason of each missing value (official symbol from the source, or why it could not
be summed) and a boolean frame saying which counts were aggregated from children.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .areas import Areas
from .merkmale import MerkmalDictionary


@dataclass
class CountTable:
    values: pd.DataFrame  # index (key, year), columns merkmal ids, float (NaN = missing)
    notes: pd.DataFrame  # same shape: "" or the reason a value is missing / where it comes from
    summed: pd.DataFrame  # same shape: True where the value was summed from the children
    delivered: pd.DataFrame  # same shape: values as delivered (before summing), for comparisons

    def series(self, merkmal: str) -> pd.Series:
        return self.values[merkmal]


NOTE_INCOMPLETE = "Summe der Teilgebiete unvollständig"


def _children_sums(values: np.ndarray, parent_pos: np.ndarray, depth: np.ndarray, level: int):
    """Sum the areas of one depth into their parents. values: (keys, years, merkmale).

    Returns the parents' positions, their sums (NaN unless every child has a value) and whether any child
    has a value.
    """
    children = np.flatnonzero(depth == level)
    parents_of_children = parent_pos[children]
    parents = np.unique(parents_of_children)
    slot = np.searchsorted(parents, parents_of_children)
    child_values = values[children]
    shape = (len(parents),) + values.shape[1:]
    sums = np.zeros(shape)
    present = np.zeros(shape)
    np.add.at(sums, slot, np.nan_to_num(child_values))
    np.add.at(present, slot, ~np.isnan(child_values))
    size = np.bincount(slot, minlength=len(parents)).reshape((-1,) + (1,) * (values.ndim - 1))
    complete = present == size
    return parents, np.where(complete, sums, np.nan), present > 0


def _positions(areas: Areas) -> tuple[np.ndarray, np.ndarray]:
    frame = areas.frame
    key_pos = {key: i for i, key in enumerate(frame.index)}
    parent_pos = np.array([key_pos.get(p, -1) for p in frame["parent"]])
    return parent_pos, frame["depth"].to_numpy()


def build_count_table(counts: pd.DataFrame, areas: Areas, merkmale: MerkmalDictionary, years: list[int]) -> CountTable:
    """Pivot delivered counts, aggregate up the hierarchy and compute derived Merkmale (vectorised)."""
    keys = areas.keys
    index = pd.MultiIndex.from_product([keys, years], names=["key", "year"])
    columns = [m.id for m in merkmale]
    delivered_ids = [m.id for m in merkmale.delivered]
    counts = counts[counts["merkmal"].isin(delivered_ids) & counts["year"].isin(years)]
    shape = (len(keys), len(years), len(delivered_ids))
    k = pd.Categorical(counts["key"], categories=keys).codes
    y = pd.Categorical(counts["year"], categories=years).codes
    m = pd.Categorical(counts["merkmal"], categories=delivered_ids).codes
    values = np.full(shape, np.nan)
    values[k, y, m] = counts["value"].to_numpy(dtype=float)
    notes = np.full(shape, "fehlt", dtype=object)
    notes[k, y, m] = counts["note"].to_numpy(dtype=object)
    notes[~np.isnan(values)] = ""  # a note only explains a missing value; "-" (zero) is a value
    delivered = values.copy()
    summed = np.zeros(shape, dtype=bool)

    additive = np.array([merkmale[mid].additive for mid in delivered_ids])
    _sum_up(values, notes, summed, additive, areas)
    flat = len(keys) * len(years)
    values_frame = pd.DataFrame(values.reshape(flat, -1), index=index, columns=delivered_ids)
    notes_frame = pd.DataFrame(notes.reshape(flat, -1), index=index, columns=delivered_ids)
    summed_frame = pd.DataFrame(summed.reshape(flat, -1), index=index, columns=delivered_ids)
    delivered_frame = pd.DataFrame(delivered.reshape(flat, -1), index=index, columns=delivered_ids)
    derived = merkmale.derived
    if derived:
        extra_values, extra_notes = _derived_values(derived, values_frame, notes_frame)
        derived_ids = [mk.id for mk in derived]
        values_frame = pd.concat([values_frame, pd.DataFrame(extra_values, index=index)], axis=1)
        notes_frame = pd.concat([notes_frame, pd.DataFrame(extra_notes, index=index, dtype=object)], axis=1)
        summed_frame = pd.concat([summed_frame, pd.DataFrame(False, index=index, columns=derived_ids)], axis=1)
        delivered_frame = pd.concat([delivered_frame, pd.DataFrame(np.nan, index=index, columns=derived_ids)], axis=1)
    return CountTable(values_frame[columns], notes_frame[columns], summed_frame[columns], delivered_frame[columns])


def _sum_up(values: np.ndarray, notes: np.ndarray, summed: np.ndarray, additive: np.ndarray, areas: Areas) -> None:
    """Fill missing values of additive Merkmale with the sums of the sub-areas (in place), bottom-up: deepest
    level first, so each level's sums use the completed level below. Marks summed cells; a parent whose
    sub-areas are incomplete gets the note NOTE_INCOMPLETE."""
    parent_pos, depth = _positions(areas)
    for level in sorted(set(depth.tolist()), reverse=True):
        if level == 0:
            continue
        parents, sums, any_child = _children_sums(values[:, :, additive], parent_pos, depth, level)
        target = values[parents][:, :, additive]
        fill = np.isnan(target) & ~np.isnan(sums)
        block = values[parents]
        block[:, :, additive] = np.where(fill, sums, target)
        values[parents] = block
        flags = summed[parents]
        flags[:, :, additive] |= fill
        summed[parents] = flags
        note_block = notes[parents]
        sub = note_block[:, :, additive]
        incomplete = np.isnan(target) & np.isnan(sums) & any_child & (sub == "fehlt")
        sub = np.where(incomplete, NOTE_INCOMPLETE, sub)
        sub = np.where(fill, "", sub)
        note_block[:, :, additive] = sub
        notes[parents] = note_block


def _derived_values(derived, values_frame: pd.DataFrame, notes_frame: pd.DataFrame) -> tuple[dict, dict]:
    """The derived Merkmale from their formulas (in order, so one may use another), with the note of the
    first missing term where the result is missing."""
    flat = len(values_frame)
    extra_values: dict = {}
    extra_notes: dict = {}
    for mk in derived:
        total = np.zeros(flat)
        reason = np.full(flat, "", dtype=object)
        for sign, ref in mk.formula.terms:
            column = (values_frame[ref] if ref in values_frame else extra_values[ref])
            column = np.asarray(column, dtype=float)
            note = np.asarray(notes_frame[ref] if ref in notes_frame else extra_notes[ref], dtype=object)
            total = total + sign * column
            reason = np.where((reason == "") & np.isnan(column), note, reason)
        extra_values[mk.id] = total
        extra_notes[mk.id] = np.where(np.isnan(total), reason, "")
    return extra_values, extra_notes


def child_sums(table: CountTable, areas: Areas, merkmale: MerkmalDictionary) -> pd.DataFrame:
    """For each parent area, year and additive delivered Merkmal: own delivered value vs sum of children.

    Returns rows only where both exist and differ: columns key, year, merkmal, own, children_sum.
    """
    additive = [m.id for m in merkmale.delivered if m.additive]
    keys = areas.keys
    years = list(table.values.index.get_level_values("year").unique())
    shape = (len(keys), len(years), len(additive))
    values = table.values[additive].to_numpy(dtype=float).reshape(shape)
    delivered = table.delivered[additive].to_numpy(dtype=float).reshape(shape)
    parent_pos, depth = _positions(areas)
    rows = []
    for level in sorted(set(depth.tolist()), reverse=True):
        if level == 0:
            continue
        parents, sums, _ = _children_sums(values, parent_pos, depth, level)
        own = delivered[parents]
        with np.errstate(invalid="ignore"):
            differ = ~np.isnan(own) & ~np.isnan(sums) & (np.abs(own - sums) > 1e-9)
        for i, j, col in np.argwhere(differ):
            rows.append((keys[parents[i]], years[j], additive[col], own[i, j, col], sums[i, j, col]))
    return pd.DataFrame(rows, columns=["key", "year", "merkmal", "own", "children_sum"])
