"""All computed numbers of a project in one object: counts with secrecy, Kennzahlen, comparisons, ranks.

Computed once per project (one build), then shared by tables, texts, charts and documents. Everything that
is computed on demand (a comparison period, the Sozialindex of a year and level, the facts the statements
use) is kept by :meth:`Results.memo`, the one cache of computed results: it lives exactly as long as the
results it was computed from.
"""

from __future__ import annotations

from typing import Callable, TypeVar

import pandas as pd

from .comparison import Comparison, compare
from .indicators import IndicatorTable, compute_indicators
from ..problems import BerichteError
from ..load.project import Project
from ..load.reporting import DEFAULT_MIN_POPULATION
from .secrecy import CountSecrecy, apply_count_secrecy
from .siblings import sibling_groups
from ..load.sozialindex_config import SozialindexError
from .sozialindex import compute_sozialindex


T = TypeVar("T")


class Results:
    def __init__(self, project: Project):
        self.project = project
        settings = project.settings
        self.secrecy: CountSecrecy = apply_count_secrecy(project.table, project.areas, project.merkmale,
                                                         settings.secrecy)
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
            comparison_year = settings.comparison_year
            if comparison_year >= year:  # a report year earlier than the configured comparison year
                comparison_year = max(settings.first_year, year - (settings.report_year - settings.comparison_year))
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
            self.small_areas(year_to)))

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
        """Inhabitants per area in ``year`` (NaN where unknown)."""
        merkmal = self.population_merkmal
        keys = self.project.areas.keys
        if merkmal is None or year not in self.settings.years:
            return pd.Series(float("nan"), index=keys)
        return self.project.table.values[merkmal].xs(year, level="year").reindex(keys)

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
            now = published.xs(year, level="year").reindex(keys)
            status = now[[i.id for i in config.status]] if config.status else None
            dynamics = None
            if config.dynamics:
                before = published.xs(year - config.years, level="year").reindex(keys)
                ids = [i.id for i in config.dynamics]
                dynamics = now[ids] - before[ids]
            population = self.project.table.values[config.population_merkmal].xs(year, level="year").reindex(keys)
            try:
                result = compute_sozialindex(status if status is not None else dynamics, config,
                                             dynamics=dynamics, population=population)
            except SozialindexError as exc:
                return None, exc.message
        return result, ""

    def series(self, kennzahl: str, keys: list[str]) -> pd.DataFrame:
        """Published values of one Kennzahl over all years: index year, one column per key."""
        published = self.indicators.published()[kennzahl]
        return published.unstack("key").reindex(columns=keys)


def compute(project: Project) -> Results:
    return Results(project)
