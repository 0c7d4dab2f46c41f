"""Comparisons among sibling areas (same parent, same level): ranks and standard scores.

Ranks are taken on the values as they are shown (rounded to the Kennzahl's decimals), so areas that show
the same value share a rank ("gemeinsam mit …"). Withheld or missing values take no rank; ``n`` counts
the ranked areas. ``rank_high`` 1 is the highest value; ``rank_favourable`` 1 is the most favourable value
given the polarity (NaN for neutral Kennzahlen).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..load.areas import Areas
from ..load.catalogue import Catalogue
from ..formatting import rounded_array

MIN_SIBLINGS = 3  # fewer areas give no meaningful spread or ranking


def sibling_groups(areas: Areas) -> pd.Series:
    """Group label per area key: parent key and level; the root has no group (NaN)."""
    frame = areas.frame
    groups = frame["parent"] + "|" + frame["level"]
    return groups.where(frame["parent"] != "")


@dataclass
class Ranks:
    rank_high: pd.DataFrame  # index key, columns kennzahl
    rank_favourable: pd.DataFrame
    n: pd.DataFrame
    tie: pd.DataFrame  # bool: another sibling shows the same value


def rank_among_siblings(values: pd.DataFrame, groups: pd.Series, catalogue: Catalogue) -> Ranks:
    """values: index key, columns kennzahl (published values of one year)."""
    decimals = np.array([catalogue[k].decimals for k in values.columns])
    shown = pd.DataFrame(
        np.column_stack([rounded_array(values[c], d) for c, d in zip(values.columns, decimals)])
        if len(values.columns) else np.empty((len(values), 0)),
        index=values.index, columns=values.columns)
    group = groups.reindex(values.index)
    shown = shown[group.notna()]
    by = group[group.notna()]
    grouped = shown.groupby(by)
    rank_high = grouped.rank(method="min", ascending=False)
    rank_low = grouped.rank(method="min", ascending=True)
    n = grouped.transform("count").where(shown.notna())
    tie = pd.DataFrame(False, index=shown.index, columns=shown.columns)
    for column in shown.columns:
        tie[column] = shown[column].notna() & shown.groupby(by)[column].transform(
            lambda s: s.duplicated(keep=False))
    favourable = pd.DataFrame(np.nan, index=shown.index, columns=shown.columns)
    for column in shown.columns:
        polarity = catalogue[column].polarity
        if polarity == "hoch_unguenstig":
            favourable[column] = rank_low[column]
        elif polarity == "hoch_guenstig":
            favourable[column] = rank_high[column]
    small = n < MIN_SIBLINGS
    full = values.index
    return Ranks(rank_high.mask(small).reindex(full), favourable.mask(small).reindex(full),
                 n.mask(small).reindex(full), tie.reindex(full, fill_value=False).astype(bool))


def standard_scores(values: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """z = (x − mean) / sd among siblings (population sd, divisor n); NaN with fewer than 3 values or sd 0."""
    group = groups.reindex(values.index)
    if not group.notna().any():  # no area has comparison areas (e.g. all below the minimum population)
        return pd.DataFrame(np.nan, index=values.index, columns=values.columns)
    grouped = values.groupby(group)
    mean = grouped.transform("mean")
    sd = grouped.transform("std", ddof=0)
    count = grouped.transform("count")
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (values - mean) / sd
    return z.where((count >= MIN_SIBLINGS) & (sd > 0) & group.notna().to_numpy()[:, None])
