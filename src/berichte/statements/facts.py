"""Plain facts per area and Kennzahl, taken once from the computed results.

:class:`KennzahlFacts` is the small structure the statement builders consume: values, the shown change,
significance, conspicuousness, ranks and the parent area, with withheld values already removed (NaN plus
a reason). It holds no pandas objects, so tests can build it directly.

:class:`Prepared` extracts these facts for one project and comparison period with numpy row access and
keeps them (and the statements built from them) with the :class:`~berichte.compute.results.Results`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from ..compute.comparison import year_columns
from ..compute.indicators import NO_DATA
from ..formatting import is_missing, rounded_array
from ..load.catalogue import UNIT_FACTORS, Kennzahl
from .templates import TextTemplates
from .words import AreaWords, area_words, kennzahl_name


@dataclass(frozen=True)
class KennzahlFacts:
    """Everything the statements say about one Kennzahl in one area for one comparison period.

    Values are the published ones (NaN where withheld or missing, ``reason_*`` says why). ``change`` is
    the change as shown (:attr:`berichte.compute.comparison.Comparison.change_shown`). Ranks are among the sibling
    areas (NaN without a rank); ``tied_with`` names the siblings that show the same value.
    """

    kennzahl: Kennzahl
    name: str
    count_unit: str
    area: AreaWords
    parent: AreaWords | None
    year_from: int
    year_to: int
    value_to: float
    value_from: float
    reason_to: str = ""
    reason_from: str = ""
    change: float = math.nan
    bedeutsam: bool = False
    p_value: float = math.nan
    level_z: float = math.nan
    change_z: float = math.nan
    auffaellig_niveau: str = ""  # "hoch" / "niedrig" / ""
    auffaellig_veraenderung: str = ""  # "stärker steigend" / "stärker fallend" / ""
    gegen_trend: bool = False
    parent_value_to: float = math.nan
    parent_change: float = math.nan
    rank_high: float = math.nan
    rank_low: float = math.nan
    n_ranked: int = 0
    n_siblings: int = 0
    tied_with: tuple[str, ...] = ()
    spread: float = 1.0
    # what may be said about the change (berichte.compute.judgement); "" = derived from the fields above
    state: str = ""
    tested: bool = True  # a significance test applies (only then "bedeutsam")
    breaks: tuple = ()  # declared legal changes or breaks within the period (berichte.load.reporting.Break)
    small: bool = False  # the area is below the minimum population: no judgements
    peer_change: float = math.nan  # mean change of the comparison areas
    index: bool = False  # a Sozialindex indicator
    companion: "KennzahlFacts | None" = None  # for a rate: the count of its numerator (one statement for both)
    covered: bool = False  # a count whose rate speaks for it
    report_year: int = 0  # the report's year; year_to is earlier where newer data are not yet there

    @property
    def lagging(self) -> bool:
        """Shown for an earlier year than the report year: newer data are not yet there."""
        return bool(self.report_year) and self.year_to < self.report_year

    @property
    def id(self) -> str:
        return self.kennzahl.id

    @property
    def core(self) -> bool:
        """A Kernkennzahl or a Sozialindex indicator."""
        return self.kennzahl.key or self.index

    @property
    def context(self) -> bool:
        """A context indicator (no polarity): described, ranked below the others."""
        return self.kennzahl.polarity == "neutral"


_FRAMES = ("value_from", "value_to", "change_shown", "p_value", "bedeutsam", "level_z", "change_z",
           "auffaellig_niveau", "auffaellig_veraenderung", "gegen_trend", "parent_value_to",
           "parent_change_shown", "state", "peer_change")


@dataclass
class Prepared:
    """Facts for every area of one project and one comparison period (built lazily, cached)."""

    results: object
    year_from: int
    year_to: int
    renderer: TextTemplates = field(init=False)
    cache: dict = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        results = self.results
        project = results.project
        self.catalogue = project.catalogue
        self.areas = project.areas
        self.settings = project.settings
        self.comparison = results.comparison(self.year_to, self.year_from)
        self.ids = list(self.catalogue.items)
        cmp = self.comparison
        self.keys = list(cmp.value_to.index)
        self.row = {key: i for i, key in enumerate(self.keys)}
        self.arrays = {name: getattr(cmp, name).reindex(index=self.keys, columns=self.ids).to_numpy()
                       for name in _FRAMES}
        for name, frame in (("rank_high", cmp.ranks.rank_high), ("n", cmp.ranks.n), ("tie", cmp.ranks.tie)):
            self.arrays[name] = frame.reindex(index=self.keys, columns=self.ids).to_numpy()
        # each Kennzahl at its own latest year (see Comparison.years_to), the comparison year shifted with it
        states = results.indicators.states
        for name, years in (("state_to", cmp.years_to), ("state_from", cmp.years_from)):
            self.arrays[name] = year_columns(states, years, NO_DATA).reindex(index=self.keys, columns=self.ids) \
                .fillna(NO_DATA).to_numpy(dtype=object)
        self.kennzahl_year_to = {k: int(cmp.years_to[k]) for k in self.ids}
        self.kennzahl_year_from = {k: int(cmp.years_from[k]) for k in self.ids}
        decimals = [self.catalogue[k].decimals for k in self.ids]
        values = self.arrays["value_to"]
        self.shown_to = np.column_stack([rounded_array(values[:, j], d) for j, d in enumerate(decimals)]) \
            if self.ids else values
        self.renderer = TextTemplates(project.root)
        self.names = {k: kennzahl_name(self.catalogue[k]) for k in self.ids}
        self.count_units = {k: _count_unit(self.catalogue[k], project.merkmale) for k in self.ids}
        frame = self.areas.frame
        self._words: dict[str, AreaWords] = {}
        self._depth = frame["depth"].to_dict()
        self._groups = results.groups.reindex(self.keys)
        self._members: dict[str, np.ndarray] = {}
        self.small = cmp.small.reindex(self.keys).fillna(False).astype(bool).to_numpy()
        config = project.sozialindex
        self.index_ids = set() if config is None else {i.id for i in (*config.status, *config.dynamics)}
        self.companions = companions(self.catalogue, project.merkmale)
        self.covered_counts = set(self.companions.values())

    # --- areas --------------------------------------------------------------------------------------
    def words(self, key: str) -> AreaWords:
        if key not in self._words:
            frame = self.areas.frame
            level = self.settings.level(frame.at[key, "level"])
            self._words[key] = area_words(key, frame.at[key, "short"], level, int(self._depth[key]))
        return self._words[key]

    def parent_words(self, key: str) -> AreaWords | None:
        parent = self.areas.parent(key)
        return self.words(parent) if parent else None

    def siblings(self, key: str) -> np.ndarray:
        """Row numbers of the areas in the same sibling group (the area itself included)."""
        group = self._groups.get(key)
        if not isinstance(group, str):
            return np.array([self.row[key]])
        if group not in self._members:
            self._members[group] = np.flatnonzero((self._groups == group).to_numpy())
        return self._members[group]

    # --- facts --------------------------------------------------------------------------------------
    def facts(self, key: str) -> list[KennzahlFacts]:
        """Facts for every Kennzahl of the catalogue (catalogue order) in one area."""
        cache_key = ("facts", key)
        if cache_key in self.cache:
            return self.cache[cache_key]
        i = self.row[key]
        a = {name: array[i] for name, array in self.arrays.items()}
        area, parent = self.words(key), self.parent_words(key)
        members = self.siblings(key)
        sibling_shown = self.shown_to[members]
        mine = self.shown_to[i]
        with np.errstate(invalid="ignore"):
            below = (sibling_shown < mine).sum(axis=0)
        spread = self.settings.significance.spread
        result = []
        for j, kid in enumerate(self.ids):
            k = self.catalogue[kid]
            n = a["n"][j]
            n_ranked = 0 if is_missing(n) else int(n)
            tied: tuple[str, ...] = ()
            if bool(a["tie"][j]) and not is_missing(mine[j]):
                same = members[(sibling_shown[:, j] == mine[j]) & (members != i)]
                tied = tuple(self.words(self.keys[m]).name for m in same)
            result.append(KennzahlFacts(
                kennzahl=k, name=self.names[kid], count_unit=self.count_units[kid], area=area, parent=parent,
                year_from=self.kennzahl_year_from[kid], year_to=self.kennzahl_year_to[kid],
                report_year=self.year_to,
                value_to=_f(a["value_to"][j]), value_from=_f(a["value_from"][j]),
                reason_to=_why(a["value_to"][j], a["state_to"][j]),
                reason_from=_why(a["value_from"][j], a["state_from"][j]),
                change=_f(a["change_shown"][j]), bedeutsam=bool(a["bedeutsam"][j]), p_value=_f(a["p_value"][j]),
                level_z=_f(a["level_z"][j]), change_z=_f(a["change_z"][j]),
                auffaellig_niveau=str(a["auffaellig_niveau"][j] or ""),
                auffaellig_veraenderung=str(a["auffaellig_veraenderung"][j] or ""),
                gegen_trend=bool(a["gegen_trend"][j]),
                parent_value_to=_f(a["parent_value_to"][j]) if parent else math.nan,
                parent_change=_f(a["parent_change_shown"][j]) if parent else math.nan,
                rank_high=_f(a["rank_high"][j]), rank_low=float(below[j] + 1) if n_ranked else math.nan,
                n_ranked=n_ranked, n_siblings=len(members), tied_with=tied, spread=spread,
                state=str(a["state"][j] or ""), tested=k.tested, breaks=tuple(self.comparison.across_break(kid)),
                small=bool(self.small[i]), peer_change=_f(a["peer_change"][j]), index=kid in self.index_ids,
                covered=kid in self.covered_counts and not is_missing(a["value_to"][self.ids.index(
                    next(r for r, c in self.companions.items() if c == kid))]),
            ))
        by_id = {f.id: f for f in result}
        result = [replace(f, companion=by_id[self.companions[f.id]]) if f.id in self.companions else f
                  for f in result]
        self.cache[cache_key] = result
        return result




def _f(value) -> float:
    return math.nan if value is None else float(value)


def _why(value, state) -> str:
    """Why a value is not shown (a state of :mod:`berichte.compute.indicators`); "" when it is shown."""
    return "" if not is_missing(_f(value)) else (state or NO_DATA)


def companions(catalogue, merkmale) -> dict[str, str]:
    """Rate → count of the same thing: a count Kennzahl whose numerator is the numerator of a share or rate
    (per 100, per 1.000 …) of the same theme with a denominator of people or cases. Text says both in one
    statement ("Die SGB-II-Quote … (106.020 Personen)"); the first such rate in catalogue order speaks."""
    out: dict[str, str] = {}
    items = list(catalogue)
    for count in items:
        if not count.is_count:
            continue
        for rate in items:
            if (rate.is_count or rate.theme != count.theme or rate.id in out
                    or sorted(rate.numerator.terms) != sorted(count.numerator.terms)
                    or not (rate.is_percent or rate.unit in UNIT_FACTORS)):
                continue
            out[rate.id] = count.id
            break
    return out


def _count_unit(k: Kennzahl, merkmale) -> str:
    """The unit word of a count ("Personen"), from its Merkmale when they agree; "" otherwise."""
    if not k.is_count or merkmale is None:
        return ""
    units = {merkmale[m].unit for m in k.numerator.merkmale if m in merkmale}
    return units.pop() if len(units) == 1 else ""


def prepared(results, year: int | None = None, comparison_year: int | None = None) -> Prepared:
    """The facts for ``results`` and the period (defaults from the project settings), built once per
    results (:meth:`~berichte.compute.results.Results.memo`)."""
    year_from, year_to = results.period(year, comparison_year)
    return results.memo(("statement_facts", year_from, year_to), lambda: Prepared(results, year_from, year_to))
