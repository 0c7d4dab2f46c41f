"""All computed numbers of a project in one object: counts with secrecy, Kennzahlen, comparisons, ranks.

Computed once per project (one build), then shared by tables, texts, charts and documents. Everything that
is computed on demand (a comparison period, the Sozialindex of a year and level, the facts the statements
use) is kept by :meth:`Results.memo`, the one cache of computed results: it lives exactly as long as the
results it was computed from.
"""

from __future__ import annotations

from typing import Callable, TypeVar

import pandas as pd

from .comparison import Comparison, compare, kennzahl_years, year_columns
from .indicators import IndicatorTable, compute_indicators
from ..problems import BerichteError
from ..load.project import Project
from ..load.reporting import DEFAULT_MIN_POPULATION
from .secrecy import CountSecrecy, apply_count_secrecy
from .siblings import sibling_groups
from .snapshot import Snapshot
from ..load.sozialindex_config import SozialindexError
from .sozialindex import compute_sozialindex


T = TypeVar("T")


class Results:
    def __init__(self, project: Project, earlier: list[Snapshot] | None = None):
        self.project = project
        settings = project.settings
        self.earlier = earlier or []  # what earlier versions published (the output folder's ledger)
        uses: dict[str, int] = {}
        for k in project.catalogue:
            for m in set(k.merkmale):
                uses[m] = uses.get(m, 0) + 1
        self.secrecy: CountSecrecy = apply_count_secrecy(project.table, project.areas, project.merkmale,
                                                         settings.secrecy, self.earlier, uses)
        self.indicators: IndicatorTable = compute_indicators(project.table, self.secrecy, project.catalogue,
                                                             settings.secrecy)
        self.groups = sibling_groups(project.areas)
        self.parents = project.areas.frame["parent"]
        self._memo: dict[tuple, object] = {}

    def memo(self, key: tuple, make: Callable[[], T]) -> T:
        """The value computed by ``make()`` for ``key`` (a tuple starting with what it is), computed once."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def without_memo(self, keep: Callable[[tuple], bool] = lambda key: False) -> "Results":
        """A shallow copy that shares the computed tables, with only the computed-on-demand values ``keep``
        accepts (by key)."""
        import copy

        light = copy.copy(self)
        light._memo = {key: value for key, value in self._memo.items() if keep(key)}
        return light

    @property
    def settings(self):
        return self.project.settings

    def period(self, year: int | None = None, comparison_year: int | None = None) -> tuple[int, int]:
        """The comparison period (from, to), defaults from the settings; checked against the data's years."""
        settings = self.settings
        year = settings.report_year if year is None else year
        if comparison_year is None:
            comparison_year = settings.default_comparison(year)
        for label, value in (("Berichtsjahr", year), ("Vergleichsjahr", comparison_year)):
            if value not in settings.years:
                raise BerichteError(f"Das {label} {value} liegt außerhalb der Jahre mit Daten "
                                    f"({settings.first_year}–{settings.last_year}).")
        if comparison_year >= year:
            raise BerichteError(f"Das Vergleichsjahr {comparison_year} muss vor dem Berichtsjahr {year} liegen.")
        return comparison_year, year

    def comparison(self, year: int | None = None, comparison_year: int | None = None) -> Comparison:
        year_from, year_to = self.period(year, comparison_year)
        return self.memo(("comparison", year_from, year_to), lambda: compare(
            self.indicators, self.project.catalogue, self.settings, self.groups, self.parents, year_from, year_to,
            self.settings.max_lag, self.small_areas(year_to)))

    # --- small areas ---------------------------------------------------------------------------------
    @property
    def population_merkmal(self) -> str | None:
        """The Merkmal counting the inhabitants: the Sozialindex's, else ``ew_insgesamt`` (None if absent)."""
        config = self.project.sozialindex
        merkmal = config.population_merkmal if config is not None else "ew_insgesamt"
        return merkmal if merkmal in self.project.merkmale else None

    @property
    def min_population(self) -> int:
        """Below this many inhabitants an area gets a Kurzprofil without judgements (``profil.mindest_einwohner``,
        default 1.000; 0 without a population Merkmal)."""
        if self.population_merkmal is None:
            return 0
        value = self.settings.profile.min_population
        return DEFAULT_MIN_POPULATION if value is None else value

    def population(self, year: int) -> pd.Series:
        """Inhabitants per area (for the minimum-population rules of Kurzprofil and Sozialindex) in ``year``,
        or in the latest earlier year within ``hoechstens_jahre_zurueck`` where ``year`` has none (NaN where
        unknown)."""
        merkmal = self.population_merkmal
        keys = self.project.areas.keys
        result = pd.Series(float("nan"), index=keys)
        if merkmal is None:
            return result
        values = self.project.table.values[merkmal]
        for y in range(year, year - self.settings.max_lag - 1, -1):
            if y in self.settings.years:
                result = result.fillna(values.xs(y, level="year").reindex(keys))
        return result

    def small_areas(self, year: int) -> pd.Series:
        """Per area: fewer inhabitants than the minimum population in ``year`` (never the whole region)."""
        population = self.population(year)
        small = (population < self.min_population).fillna(False)
        small[self.project.areas.root] = False
        return small.astype(bool)

    @property
    def published_counts(self) -> pd.DataFrame:
        """Counts per (key, year) and Merkmal as they may be published (withheld → NaN)."""
        return self.memo(("published_counts",), lambda: self.project.table.values.where(~self.secrecy.suppressed))

    # --- Sozialindex -------------------------------------------------------------------------------
    def sozialindex_years(self) -> list[int]:
        """Years for which the configured index can be computed (the dynamics window needs earlier data)."""
        config = self.project.sozialindex
        if config is None:
            return []
        window = config.years if config.dynamics else 0
        return [y for y in self.settings.years if y - window >= self.settings.first_year]

    def sozialindex_levels(self) -> list[str]:
        """Levels below the top level that have areas (Kommunen, Sozialräume)."""
        return [lvl for lvl in self.settings.level_ids[1:] if self.project.areas.at_level(lvl)]

    def sozialindex(self, year: int, level: str) -> pd.DataFrame | None:
        """The index for the areas of one level in one year (None if not configured or not computable).

        Status indicators are the Kennzahlen' published values in ``year``; dynamics indicators their change
        (in Prozentpunkte for shares) over the configured window. Withheld values count as missing.
        """
        return self._sozialindex(year, level)[0]

    def sozialindex_note(self, year: int, level: str) -> str:
        """Why the index of that year and level could not be computed ("" if it could or is not configured)."""
        return self._sozialindex(year, level)[1]

    def _sozialindex(self, year: int, level: str) -> tuple[pd.DataFrame | None, str]:
        return self.memo(("sozialindex", year, level), lambda: self._compute_sozialindex(year, level))

    def _compute_sozialindex(self, year: int, level: str) -> tuple[pd.DataFrame | None, str]:
        config = self.project.sozialindex
        result = None
        if config is not None and year in self.sozialindex_years():
            keys = self.project.areas.at_level(level)
            published = self.indicators.published()
            years = pd.Series(self.sozialindex_indicator_years(year), dtype=int)

            def at(ids: list[str], shift: int = 0) -> pd.DataFrame:  # each indicator at its own year
                return year_columns(published[ids], years[ids] - shift).reindex(keys).rename_axis(None)

            status_ids, dynamics_ids = [i.id for i in config.status], [i.id for i in config.dynamics]
            status = at(status_ids) if status_ids else None
            dynamics = at(dynamics_ids) - at(dynamics_ids, config.years) if dynamics_ids else None
            population = self.population(year).reindex(keys)
            try:
                result = compute_sozialindex(status if status is not None else dynamics, config,
                                             dynamics=dynamics, population=population)
            except SozialindexError as exc:
                return None, exc.message
        return result, ""

    def sozialindex_indicator_years(self, year: int) -> dict[str, int]:
        """The one year each Sozialindex indicator is taken from in the index of ``year``: its latest year
        with data ≤ ``year`` within ``hoechstens_jahre_zurueck`` (the same for every area)."""
        config = self.project.sozialindex
        if config is None:
            return {}
        years = kennzahl_years(self.indicators, year, self.settings.max_lag, self.settings.first_year)
        return {i.id: int(years[i.id]) for i in (*config.status, *config.dynamics)}

    def series(self, kennzahl: str, keys: list[str]) -> pd.DataFrame:
        """Published values of one Kennzahl over all years: index year, one column per key."""
        published = self.indicators.published()[kennzahl]
        return published.unstack("key").reindex(columns=keys)


def compute(project: Project, earlier: list[Snapshot] | None = None) -> Results:
    return Results(project, earlier)
