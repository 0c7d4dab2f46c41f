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


def build_count_table(counts: pd.DataFrame, areas: Areas, merkmale: MerkmalDictionary, years: list[int]) -> CountTable:
    """Pivot delivered counts, aggregate up the hierarchy and compute derived Merkmale (vectorised)."""
    index = pd.MultiIndex.from_product([areas.keys, years], names=["key", "year"])
    columns = [m.id for m in merkmale]
    delivered_ids = [m.id for m in merkmale.delivered]
    counts = counts[counts["merkmal"].isin(delivered_ids) & counts["year"].isin(years)]
    values = counts.pivot(index=["key", "year"], columns="merkmal", values="value")
    notes = counts.pivot(index=["key", "year"], columns="merkmal", values="note")
    values = values.reindex(index=index, columns=delivered_ids).astype(float)
    notes = notes.reindex(index=index, columns=delivered_ids).astype(object).fillna("fehlt")
    notes = notes.where(values.isna(), "")  # a note only explains a missing value; "-" (zero) is a value
    delivered = values.copy()
    summed = pd.DataFrame(False, index=index, columns=delivered_ids)

    additive = [m.id for m in merkmale.delivered if m.additive]
    frame = areas.frame
    # Bottom-up: deepest parents first, so each level's sums use the completed level below.
    for depth in sorted(frame["depth"].unique(), reverse=True):
        if depth == 0:
            continue
        children = frame.index[frame["depth"] == depth]
        parent_of = frame.loc[children, "parent"]
        child_values = values.loc[(list(children), slice(None)), additive]
        parents = parent_of.reindex(child_values.index.get_level_values("key")).to_numpy()
        grouped = child_values.groupby([parents, child_values.index.get_level_values("year")])
        sums = grouped.sum(min_count=1)
        complete = grouped.count().eq(grouped.size(), axis=0)
        sums = sums.where(complete)
        sums.index = sums.index.set_names(["key", "year"])
        target = values.loc[sums.index, additive]
        fill = target.isna() & sums.notna()
        values.loc[sums.index, additive] = target.where(~fill, sums)
        summed.loc[sums.index, additive] = summed.loc[sums.index, additive] | fill
        incomplete = target.isna() & sums.isna() & ~complete & (grouped.count() > 0)
        current = notes.loc[sums.index, additive]
        notes.loc[sums.index, additive] = current.where(~(incomplete & (current == "fehlt")), NOTE_INCOMPLETE)
        notes.loc[sums.index, additive] = notes.loc[sums.index, additive].where(~fill, "")

    derived = merkmale.derived
    if derived:
        extra_values = {}
        extra_notes = {}
        for m in derived:
            total = pd.Series(0.0, index=index)
            reason = pd.Series("", index=index, dtype=object)
            for sign, ref in m.formula.terms:
                column = values[ref] if ref in values else extra_values[ref]
                note = notes[ref] if ref in notes else extra_notes[ref]
                total = total + sign * column
                reason = reason.where(reason != "", note.where(column.isna(), ""))
            extra_values[m.id] = total
            extra_notes[m.id] = reason.where(total.isna(), "")
        values = pd.concat([values, pd.DataFrame(extra_values, index=index)], axis=1)
        notes = pd.concat([notes, pd.DataFrame(extra_notes, index=index)], axis=1)
        derived_summed = pd.DataFrame(False, index=index, columns=[m.id for m in derived])
        summed = pd.concat([summed, derived_summed], axis=1)
        delivered = pd.concat([delivered, pd.DataFrame(np.nan, index=index, columns=[m.id for m in derived])], axis=1)
    return CountTable(values[columns], notes[columns], summed[columns], delivered[columns])


def child_sums(table: CountTable, areas: Areas, merkmale: MerkmalDictionary) -> pd.DataFrame:
    """For each parent area, year and additive delivered Merkmal: own delivered value vs sum of children.

    Returns rows only where both exist and differ: columns key, year, merkmal, own, children_sum.
    """
    additive = [m.id for m in merkmale.delivered if m.additive]
    frame = areas.frame
    rows = []
    for depth in sorted(frame["depth"].unique(), reverse=True):
        if depth == 0:
            continue
        children = frame.index[frame["depth"] == depth]
        parent_of = frame.loc[children, "parent"]
        # children's complete values (after their own aggregation), grouped by parent
        child_values = table.values.loc[(list(children), slice(None)), additive]
        parents = parent_of.reindex(child_values.index.get_level_values("key")).to_numpy()
        grouped = child_values.groupby([parents, child_values.index.get_level_values("year")])
        sums = grouped.sum(min_count=1).where(grouped.count().eq(grouped.size(), axis=0))
        sums.index = sums.index.set_names(["key", "year"])
        own = table.delivered.loc[sums.index, additive]
        own_values, sum_values = own.to_numpy(), sums.to_numpy()
        with np.errstate(invalid="ignore"):
            differ = ~np.isnan(own_values) & ~np.isnan(sum_values) & (np.abs(own_values - sum_values) > 1e-9)
        for i, j in np.argwhere(differ):
            key, year = sums.index[i]
            rows.append((key, year, additive[j], own_values[i, j], sum_values[i, j]))
    return pd.DataFrame(rows, columns=["key", "year", "merkmal", "own", "children_sum"])
