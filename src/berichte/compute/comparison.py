"""Changes over a freely chosen period, with significance ("bedeutsam") and conspicuousness ("auffällig").

For every Kennzahl and area, between ``year_from`` and ``year_to``:

* ``change`` — absolute change in the Kennzahl's unit (Prozentpunkte for %), ``change_rel`` — relative
  change in %. The change that counts (``change_main``) is the absolute one for rates and the relative
  one (in %) for counts; ``change_shown`` is it rounded as the documents show it.
* ``bedeutsam`` — the shown change is at least the Kennzahl's threshold (``schwelle``) AND the
  statistical test (:mod:`berichte.compute.significance`, level from ``signifikanz.niveau``) says it is
  unlikely to be chance. Only for Kennzahlen with a test (the numerator counts people or cases), never
  across a declared break (``datenbrueche``), never for a withheld or missing value.
* ``state`` — what may be said about the change: see :mod:`berichte.compute.judgement`.
* ``auffaellig_niveau`` — the value in ``year_to`` lies beyond ± ``signifikanz.streuung`` standard
  deviations of the sibling areas ("hoch"/"niedrig"; not for counts, whose level reflects the area's size); ``auffaellig_veraenderung`` — the same for the
  change ("stärker steigend"/"stärker fallend"); ``gegen_trend`` — the area moved noticeably (at least the
  threshold) in the opposite direction of its parent area's change.
* Areas below the minimum population (``profil.mindest_einwohner``, ``small``) are never "auffällig" and do
  not enter the sibling means and spreads of the others.

What later stages may say follows from data here, not from special cases:

* ``tested`` (per Kennzahl) — a significance test applies. Kennzahlen of kind "Wert" (published rates,
  scores, amounts) have none: their changes are described ("höher/niedriger als"), never ``bedeutsam``.
* ``comparable`` (per Kennzahl) — the parent's value is on the same scale. Where it is not
  (``mit_obergebiet_vergleichbar: false``), ``parent_value_to`` and ``parent_change_shown`` stay empty and
  there is no ``gegen_trend``.
* ``years_to`` / ``years_from`` (per Kennzahl) — the years actually compared. A report for year J shows each
  Kennzahl at its latest year with data ≤ J within ``hoechstens_jahre_zurueck`` (projekt.yml); the
  comparison year shifts by the same number of years.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..load.catalogue import Catalogue
from ..load.reporting import Break
from ..formatting import rounded_array
from .indicators import IndicatorTable
from ..load.settings import Settings
from .significance import poisson_p, two_proportion_p
from .siblings import Ranks, rank_among_siblings, standard_scores


@dataclass
class Comparison:
    """Frames indexed by area key with one column per Kennzahl."""

    year_from: int
    year_to: int
    value_from: pd.DataFrame  # published values (withheld → NaN)
    value_to: pd.DataFrame
    change: pd.DataFrame  # absolute (Prozentpunkte for %)
    change_rel: pd.DataFrame  # relative, in %
    change_main: pd.DataFrame  # absolute for rates, relative (%) for counts
    change_shown: pd.DataFrame  # as shown: difference of the rounded values (rates), rounded % (counts)
    p_value: pd.DataFrame
    bedeutsam: pd.DataFrame  # bool
    direction: pd.DataFrame  # +1 / 0 / −1 of the shown change
    assessment: pd.DataFrame  # "günstig" / "ungünstig" / "" (neutral or unchanged)
    level_z: pd.DataFrame
    change_z: pd.DataFrame
    auffaellig_niveau: pd.DataFrame  # "hoch" / "niedrig" / ""
    auffaellig_veraenderung: pd.DataFrame  # "stärker steigend" / "stärker fallend" / ""
    gegen_trend: pd.DataFrame  # bool
    parent_value_to: pd.DataFrame
    parent_change_shown: pd.DataFrame
    ranks: Ranks
    notes_to: pd.DataFrame  # footnote for value_to where it is missing or withheld
    notes_from: pd.DataFrame
    extra: dict = field(default_factory=dict)
    state: pd.DataFrame | None = None  # see berichte.compute.judgement
    tested: pd.Series | None = None  # per Kennzahl: a significance test applies
    breaks: dict = field(default_factory=dict)  # Kennzahl → breaks within the period
    small: pd.Series | None = None  # per area: below the minimum population (Kurzprofil, no judgements)
    peer_change: pd.DataFrame | None = None  # mean change of the comparison areas (same parent and level)
    comparable: pd.Series | None = None  # per Kennzahl: the parent's value may be compared
    years_to: pd.Series | None = None  # per Kennzahl: the year shown (latest with data ≤ year_to)
    years_from: pd.Series | None = None  # per Kennzahl: the comparison year (shifted with years_to)
    withheld_to: pd.DataFrame | None = None  # bool: the value of years_to is withheld (Geheimhaltung)
    withheld_from: pd.DataFrame | None = None

    def across_break(self, kennzahl: str) -> list[Break]:
        """The declared breaks the period spans for this Kennzahl (empty: comparable)."""
        return list(self.breaks.get(kennzahl, ()))

    def lagging(self, kennzahl: str) -> bool:
        """The Kennzahl is shown for an earlier year than the report year (newer data are not yet there)."""
        return self.years_to is not None and int(self.years_to[kennzahl]) != self.year_to

    @property
    def auffaellig(self) -> pd.DataFrame:
        return (self.auffaellig_niveau != "") | (self.auffaellig_veraenderung != "") | self.gegen_trend


def year_columns(frame: pd.DataFrame, year, fill: object = None) -> pd.DataFrame:
    """One year of a (key, year) frame; ``year`` may be a Series giving each column (Kennzahl) its own year
    (a year outside the data gives missing values, or ``fill`` for text frames)."""
    if not isinstance(year, pd.Series):
        return frame.xs(year, level="year")
    keys = frame.index.get_level_values("key").unique()
    if (year == year.iloc[0]).all() if len(year) else True:
        y = int(year.iloc[0]) if len(year) else None
        if y is not None and y in frame.index.get_level_values("year"):
            return frame.xs(y, level="year")
    columns = {}
    for k in frame.columns:
        index = pd.MultiIndex.from_arrays([keys, np.full(len(keys), int(year[k]))], names=["key", "year"])
        column = frame[k].reindex(index)
        if fill is not None:
            column = column.fillna(fill)
        columns[k] = column.set_axis(keys)
    return pd.DataFrame(columns, index=keys, columns=frame.columns)


def kennzahl_years(indicators: IndicatorTable, year: int, lag: int, first_year: int) -> pd.Series:
    """Per Kennzahl the latest year ≤ ``year`` (and ≥ ``year − lag``) in which any area has a value;
    ``year`` itself where there is none (then the report says that data are missing)."""
    has = indicators.values.notna().groupby(level="year").any()
    result = {}
    for k in indicators.values.columns:
        years = [y for y in has.index if year - lag <= y <= year and has.at[y, k]]
        result[k] = max(years) if years else year
    return pd.Series(result, dtype=int)


@dataclass
class Significance:
    """The part of a comparison that depends on the pair of years alone: the values compared, the shown
    changes, the tests and "bedeutsam" with its assessment. Cheap enough to compute for every pair of years
    (the Datenbank page needs them all); :func:`compare` adds conspicuousness, parents and ranks."""

    years_from: pd.Series
    years_to: pd.Series
    v1: pd.DataFrame
    v2: pd.DataFrame
    change: pd.DataFrame
    change_rel: pd.DataFrame
    change_main: pd.DataFrame
    change_shown: pd.DataFrame
    p_value: pd.DataFrame
    big_enough: pd.DataFrame
    bedeutsam: pd.DataFrame
    tested: pd.Series
    breaks: dict
    across: pd.Series
    both: pd.DataFrame  # both values are published and the shown change exists
    direction: pd.DataFrame
    assessment: pd.DataFrame


def significance(indicators: IndicatorTable, catalogue: Catalogue, settings: Settings, year_from: int,
                 year_to: int, lag: int = 0) -> Significance:
    """Values, shown changes, tests, "bedeutsam" and the assessment between ``year_from`` and ``year_to``."""
    published = indicators.published()
    years_to = kennzahl_years(indicators, year_to, lag, settings.first_year)
    years_from = years_to - (year_to - year_from)
    v1, v2 = year_columns(published, years_from), year_columns(published, years_to)
    columns = list(published.columns)
    is_count = pd.Series({k: catalogue[k].is_count for k in columns})
    change, change_rel, change_main, change_shown = _changes(v1, v2, catalogue, is_count)
    p_value = _p_values(indicators, catalogue, years_from, years_to, change.index, columns)
    thresholds = pd.Series({k: catalogue[k].threshold for k in columns})
    big_enough = change_shown.abs().ge(thresholds - 1e-12, axis=1)
    significant = p_value < settings.significance.level
    tested = pd.Series({k: catalogue[k].tested for k in columns}, dtype=bool)
    breaks = {k: [b for b in settings.breaks if k in b.kennzahlen and b.splits(int(years_from[k]), int(years_to[k]))] for k in columns}
    breaks = {k: b for k, b in breaks.items() if b}
    across = pd.Series({k: k in breaks for k in columns}, dtype=bool)
    both = v1.notna() & v2.notna() & change_shown.notna()
    bedeutsam = big_enough & significant & both
    bedeutsam.loc[:, ~tested | across] = False

    direction = np.sign(change_shown).fillna(0).astype(int)
    polarity = pd.Series({k: {"hoch_unguenstig": -1, "hoch_guenstig": 1}.get(catalogue[k].polarity, 0) for k in columns})
    good = direction.mul(polarity, axis=1).where(bedeutsam, 0)
    assessment = pd.DataFrame(np.where(good > 0, "günstig", np.where(good < 0, "ungünstig", "")),
                              index=change.index, columns=columns)
    return Significance(years_from, years_to, v1, v2, change, change_rel, change_main, change_shown, p_value,
                        big_enough, bedeutsam.astype(bool), tested, breaks, across, both, direction, assessment)


def compare(indicators: IndicatorTable, catalogue: Catalogue, settings: Settings, groups: pd.Series,
            parents: pd.Series, year_from: int, year_to: int, lag: int = 0,
            small: pd.Series | None = None) -> Comparison:
    """Every Kennzahl and area between ``year_from`` and ``year_to`` (see the module docstring): the values
    of the two years, the shown changes, the tests, the states, conspicuousness and the parent comparison."""
    sig = significance(indicators, catalogue, settings, year_from, year_to, lag)
    years_from, years_to, v1, v2 = sig.years_from, sig.years_to, sig.v1, sig.v2
    change, change_rel, change_main, change_shown = sig.change, sig.change_rel, sig.change_main, sig.change_shown
    columns = list(v2.columns)
    is_count = pd.Series({k: catalogue[k].is_count for k in columns})
    big_enough, across, breaks, tested = sig.big_enough, sig.across, sig.breaks, sig.tested
    state = _states(sig.both, big_enough, sig.bedeutsam, tested, across, change_shown)

    small = (small if small is not None else pd.Series(False, index=change.index)).reindex(change.index).fillna(False)
    small = small.astype(bool)
    level_z, change_z, peer_change, auffaellig_niveau, auffaellig_veraenderung = _conspicuousness(
        v2, change_main, groups, small, is_count, across, settings.significance.spread)
    comparable = pd.Series({k: catalogue[k].comparable_with_parent for k in columns}, dtype=bool)
    parent_value_to, parent_change_shown, gegen_trend = _parent_comparison(
        v1, v2, change_shown, parents, comparable, big_enough, across, small)
    ranks = rank_among_siblings(v2, groups, catalogue)
    return Comparison(
        year_from, year_to, v1, v2, change, change_rel, change_main, change_shown, sig.p_value, sig.bedeutsam,
        sig.direction, sig.assessment, level_z, change_z, auffaellig_niveau, auffaellig_veraenderung,
        gegen_trend.astype(bool), parent_value_to, parent_change_shown, ranks,
        year_columns(indicators.notes, years_to, ""), year_columns(indicators.notes, years_from, ""),
        tested=tested, comparable=comparable,
        years_to=years_to, years_from=years_from, state=state, breaks=breaks, small=small, peer_change=peer_change,
        withheld_to=year_columns(indicators.suppressed, years_to).fillna(False).astype(bool),
        withheld_from=year_columns(indicators.suppressed, years_from).fillna(False).astype(bool),
    )


def _changes(v1: pd.DataFrame, v2: pd.DataFrame, catalogue: Catalogue,
             is_count: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The changes from ``v1`` to ``v2``: absolute, relative (%), the one that counts and the one shown."""
    change = v2 - v1
    with np.errstate(divide="ignore", invalid="ignore"):
        change_rel = (v2 / v1 - 1) * 100
    change_rel = change_rel.where(v1 != 0)
    columns = list(v1.columns)
    change_main = change.copy()
    for k in columns:
        if is_count[k]:
            change_main[k] = change_rel[k]
    # The shown change of a rate is the difference of the shown (rounded) values, so that a text or a
    # table never says "von 23,0 % auf 24,1 %, um 1,2 Prozentpunkte". Counts: relative change in %.
    shown = {}
    for k in columns:
        d = catalogue[k].decimals
        if is_count[k]:
            shown[k] = rounded_array(change_rel[k], 1)
        else:
            shown[k] = rounded_array(rounded_array(v2[k], d) - rounded_array(v1[k], d), d)
    return change, change_rel, change_main, pd.DataFrame(shown, index=change.index)


def _p_values(indicators: IndicatorTable, catalogue: Catalogue, years_from: pd.Series, years_to: pd.Series,
              index: pd.Index, columns: list[str]) -> pd.DataFrame:
    """The significance test of each Kennzahl with one (p-values; NaN where no test applies). The tests are
    elementwise, so all Kennzahlen with the same test are computed in one call."""
    def frame(table: pd.DataFrame, years: pd.Series) -> np.ndarray:
        return year_columns(table, years).reindex(index=index, columns=columns).to_numpy(dtype=float)

    n1, n2 = frame(indicators.numerators, years_from), frame(indicators.numerators, years_to)
    d1, d2 = frame(indicators.denominators, years_from), frame(indicators.denominators, years_to)
    variance = indicators.numerator_variance
    var1, var2 = frame(variance, years_from), frame(variance, years_to)
    tests = np.array([catalogue[k].test for k in columns], dtype=object)
    counts = np.array([catalogue[k].is_count for k in columns], dtype=bool)
    p_value = np.full((len(index), len(columns)), np.nan)
    share = tests == "anteil"
    if share.any():
        p_value[:, share] = two_proportion_p(n1[:, share], d1[:, share], n2[:, share], d2[:, share])
    rate = tests == "poisson"
    if rate.any():
        den1 = np.where(counts[None, :], 1.0, d1)  # counts: the exposure is one period
        den2 = np.where(counts[None, :], 1.0, d2)
        p_value[:, rate] = poisson_p(n1[:, rate], den1[:, rate], n2[:, rate], den2[:, rate], var1[:, rate],
                                     var2[:, rate])
    return pd.DataFrame(p_value, index=index, columns=columns)


def _states(both: pd.DataFrame, big_enough: pd.DataFrame, bedeutsam: pd.DataFrame, tested: pd.Series,
            across: pd.Series, change_shown: pd.DataFrame) -> pd.DataFrame:
    """What may be said about each change (see :mod:`berichte.compute.judgement`); later rules win."""
    state = pd.DataFrame("ohne_vergleich", index=both.index, columns=both.columns, dtype=object)
    state = state.mask(both & big_enough & ~bedeutsam, "ungesichert")
    state = state.mask(both & big_enough & ~bedeutsam & ~tested.to_numpy()[None, :], "veraendert")
    state = state.mask(both & ~big_enough, "gering")
    state = state.mask(bedeutsam, "bedeutsam")
    state = state.mask(both & (change_shown == 0), "gleich")
    state.loc[:, across] = state.loc[:, across].mask(both.loc[:, across], "bruch")
    return state


def _conspicuousness(v2: pd.DataFrame, change_main: pd.DataFrame, groups: pd.Series, small: pd.Series,
                     is_count: pd.Series, across: pd.Series, spread: float):
    """Level and change against the comparison areas: standard scores, the peers' mean change and
    "auffällig" (level: "hoch"/"niedrig", change: "stärker steigend"/"stärker fallend")."""
    index, columns = change_main.index, change_main.columns
    # small areas neither stand out nor shift the mean and spread of the others
    peers = groups.where(~small.reindex(groups.index).fillna(False).astype(bool))
    level_z = standard_scores(v2, peers)
    change_z = standard_scores(change_main, peers)
    peer_keys = peers.reindex(index)
    peer_change = change_main.groupby(peer_keys).transform("mean") if peer_keys.notna().any() else \
        pd.DataFrame(np.nan, index=index, columns=columns)
    auffaellig_niveau = pd.DataFrame(np.where(level_z > spread, "hoch", np.where(level_z < -spread, "niedrig", "")),
                                     index=index, columns=columns)
    # The level of a count mostly reflects the size of an area, not its situation: never "auffällig".
    for k in is_count[is_count].index:
        auffaellig_niveau[k] = ""
    auffaellig_veraenderung = pd.DataFrame(
        np.where(change_z > spread, "stärker steigend", np.where(change_z < -spread, "stärker fallend", "")),
        index=index, columns=columns)
    # a change across a break is described, not judged: neither "auffällig" nor against the trend
    auffaellig_veraenderung.loc[:, across] = ""
    auffaellig_niveau.loc[small] = ""
    auffaellig_veraenderung.loc[small] = ""
    return level_z, change_z, peer_change, auffaellig_niveau, auffaellig_veraenderung


def _parent_comparison(v1: pd.DataFrame, v2: pd.DataFrame, change_shown: pd.DataFrame, parents: pd.Series,
                       comparable: pd.Series, big_enough: pd.DataFrame, across: pd.Series, small: pd.Series):
    """The parent area's value and shown change (where comparable) and a change against its trend."""
    index = change_shown.index
    parent_keys = parents.reindex(index)
    has_parent = parent_keys.notna() & (parent_keys != "")
    parent_value_to = v2.reindex(parent_keys.where(has_parent)).set_axis(index)
    parent_change_shown = change_shown.reindex(parent_keys.where(has_parent)).set_axis(index)
    parent_value_to.loc[:, ~comparable] = np.nan
    parent_change_shown.loc[:, ~comparable] = np.nan
    gegen_trend = ((np.sign(change_shown) * np.sign(parent_change_shown) < 0)
                   & big_enough & v1.notna() & v2.notna())
    gegen_trend.loc[:, across] = False
    gegen_trend.loc[small] = False
    return parent_value_to, parent_change_shown, gegen_trend
