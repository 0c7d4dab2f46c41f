"""Charts for the reports: computed results → the chart functions' plain inputs → SVG files + Markdown.

Figures are written into ``.quarto/berichte-figuren/`` below the working folder of the document's cells (the
engine embeds them into the page). Quarto runs the cells in the document's folder: a hidden folder inside
Quarto's own scratch folder name keeps them out of sight and out of version control (``.quarto/`` is ignored). Charts are kept by the session (:mod:`berichte.content.session`) by their input:
reports that show the same chart (e.g. the ranking of all Kommunen) draw it once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import charts
from ..formatting import is_missing
from ..statements.words import area_words, dative_plural
from . import blocks as md
from .session import SESSION

AGE_GROUPS = {
    "ew_u3": "unter 3", "ew_3_6": "3 bis unter 6", "ew_6_15": "6 bis unter 15", "ew_15_18": "15 bis unter 18",
    "ew_18_25": "18 bis unter 25", "ew_25_45": "25 bis unter 45", "ew_45_65": "45 bis unter 65",
    "ew_65_80": "65 bis unter 80", "ew_80plus": "80 und älter",
}


FOLDER = ".quarto/berichte-figuren"


class Figures:
    def __init__(self, results, folder: Path | str = FOLDER):
        self.results = results
        self.folder = Path(folder)
        self.project = results.project
        settings = self.project.settings
        # notes and source line go into the figure caption (text in the page), not into the drawing
        self.imprint = charts.Imprint(reference_date=settings.reference_date, fictional=settings.demo,
                                      caption_in_chart=False)
        self._count = 0
        self._geometries = None

    # --- plumbing ---------------------------------------------------------------------------------------
    def _draw(self, key: tuple, make) -> charts.Chart:
        return SESSION.chart(hashlib.sha256(repr(key).encode("utf-8")).hexdigest(), make)

    def markdown(self, chart: charts.Chart, label: str, caption: str | None = None) -> str:
        self._count += 1
        path = self.folder / f"{self._count:02d}-{chart.kind}.svg"
        chart.save(path)
        title = (caption or chart.title).strip()
        if chart.caption:
            title = title.rstrip(".") + ". " + chart.caption
        return md.figure(path.as_posix(), md.text(title), chart.alt, label=f"fig-{label}")

    @staticmethod
    def row(*figures: str) -> str:
        """Two (narrow) figures side by side; stacked on small screens."""
        return md.div(".figure-row", md.join(*figures))

    def name(self, key: str) -> str:
        return self.project.areas.frame.at[key, "short"]

    def genitive(self, key: str) -> str:
        """"der Region Seewalden", "von Seewalden", "des Sozialraums Altstadt" (after a noun)."""
        areas = self.project.areas
        level = self.project.settings.level(areas.level(key))
        return area_words(key, self.name(key), level, int(areas.frame.at[key, "depth"])).gen

    def measure(self, kennzahl: str) -> charts.Measure:
        return charts.Measure.from_kennzahl(self.project.catalogue[kennzahl])

    def series(self, kennzahl: str, key: str) -> charts.Series:
        published = self.results.indicators.published()[kennzahl].xs(key, level="key")
        suppressed = self.results.indicators.suppressed[kennzahl].xs(key, level="key")
        values = {int(y): (None if is_missing(v) else float(v)) for y, v in published.items()}
        return charts.Series(self.name(key), values, frozenset(int(y) for y, s in suppressed.items() if s), key)

    def area_values(self, kennzahl: str, keys: list[str], year: int) -> list[charts.AreaValue]:
        published = self.results.indicators.published()[kennzahl].xs(year, level="year")
        suppressed = self.results.indicators.suppressed[kennzahl].xs(year, level="year")
        return [charts.AreaValue(k, self.name(k), None if is_missing(published.get(k)) else float(published[k]),
                                 bool(suppressed.get(k, False))) for k in keys]

    # --- charts -----------------------------------------------------------------------------------------
    def time_series(self, kennzahl: str, key: str, period: tuple[int, int], width_cm: float = 16.0) -> charts.Chart:
        parent = self.project.areas.parent(key)
        area = self.series(kennzahl, key)
        comparisons = (self.series(kennzahl, parent),) if parent else ()
        measure = self.measure(kennzahl)
        return self._draw(("zeitreihe", measure, area, comparisons, period, self.imprint, width_cm),
                          lambda: charts.time_series(measure, area, comparisons, period, self.imprint,
                                                     width_cm=width_cm))

    def ranking(self, kennzahl: str, key: str, year: int, width_cm: float = 16.0, highlight: bool = True
                ) -> charts.Chart:
        """All siblings of ``key`` (its own level, same parent) by value; the area itself highlighted."""
        areas = self.project.areas
        siblings = areas.siblings(key)
        parent = areas.parent(key)
        values = tuple(self.area_values(kennzahl, siblings, year))
        parent_value = self.area_values(kennzahl, [parent], year)[0] if parent else None
        level = self.project.settings.level(areas.level(key))
        group = f"den {len(siblings)} {dative_plural(level.plural)}" + (f" {self.genitive(parent)}" if parent else "")
        measure = self.measure(kennzahl)
        mark = key if highlight else None
        return self._draw(("rangfolge", measure, values, year, mark, parent_value, group, self.imprint, width_cm),
                          lambda: charts.ranking(measure, values, year, mark, parent_value, self.imprint, group,
                                                 width_cm=width_cm))

    def age_structure(self, key: str, year: int) -> charts.Chart:
        def profile(area: str) -> charts.AgeProfile:
            counts = self.results.published_counts.loc[(area, year)]
            suppressed = frozenset(label for m, label in AGE_GROUPS.items() if is_missing(counts.get(m)))
            return charts.AgeProfile(self.name(area), {label: None if is_missing(counts[m]) else float(counts[m])
                                                       for m, label in AGE_GROUPS.items()},
                                     total=None if is_missing(counts["ew_insgesamt"]) else float(counts["ew_insgesamt"]),
                                     suppressed=suppressed)

        parent = self.project.areas.parent(key)
        own, other = profile(key), (profile(parent) if parent else None)
        source = self.project.merkmale["ew_insgesamt"].source
        return self._draw(("alter", own, other, year, source, self.imprint),
                          lambda: charts.age_structure(own, other, year, source, self.imprint))

    def has_age_structure(self) -> bool:
        return all(m in self.project.merkmale for m in list(AGE_GROUPS) + ["ew_insgesamt"])

    def small_multiples(self, key: str, kennzahlen: list[str], period: tuple[int, int]) -> charts.Chart:
        parent = self.project.areas.parent(key)
        panels = tuple(charts.Panel(self.measure(k), self.series(k, key),
                                    self.series(k, parent) if parent else None) for k in kennzahlen)
        return self._draw(("uebersicht", panels, period, self.imprint),
                          lambda: charts.small_multiples(panels, period, self.imprint))

    def index_points(self, level: str, year: int) -> list[charts.IndexPoint]:
        index = self.results.sozialindex(year, level)
        if index is None:
            return []
        points = []
        for key, row in index.iterrows():
            scored = bool(row.get("bewertet", True))
            points.append(charts.IndexPoint(
                key, self.name(key), float(row["status_index"]) if scored else None,
                float(row["dynamik_index"]) if scored and "dynamik_index" in row else None,
                bool(row["besonderer_aufmerksamkeitsbedarf"]) if scored else None))
        return points

    def sozialindex_scatter(self, level: str, year: int, highlight: str | None = None) -> charts.Chart | None:
        points = tuple(self.index_points(level, year))
        config = self.project.sozialindex
        if not points or config is None or not config.dynamics:  # status only: the map and the table say it
            return None
        settings = self.project.settings
        group = f"die {len(points)} {settings.level(level).plural}"
        source = self._index_source()
        return self._draw(("sozialindex", points, year, highlight, source, group, self.imprint),
                          lambda: charts.sozialindex_scatter(points, year, highlight, source, self.imprint, group))

    def _index_source(self) -> str:
        config = self.project.sozialindex
        sources = []
        for ind in (*config.status, *config.dynamics):
            for part in self.project.catalogue[ind.id].source.split(";"):
                if part.strip() and part.strip() not in sources:
                    sources.append(part.strip())
        return "; ".join(sources) + "; eigene Berechnung"

    # --- maps -------------------------------------------------------------------------------------------
    def geometries(self):
        if self._geometries is None:
            from ..load.geometry import load_geojson

            path = self.project.settings.path("geometrien")
            self._geometries = load_geojson(path) if path.exists() else False
        return self._geometries or None

    def can_map(self, keys: list[str]) -> bool:
        geometries = self.geometries()
        return geometries is not None and all(k in geometries for k in keys)

    def choropleth(self, kennzahl: str, keys: list[str], year: int, highlight: str | None, group: str) -> charts.Chart:
        values = tuple(self.area_values(kennzahl, keys, year))
        measure = self.measure(kennzahl)
        geometries = self.geometries()
        view = charts.MapView(highlight, names="all" if len(keys) <= 25 else "highlight")
        return self._draw(("karte", measure, values, year, view, group, self.imprint, id(geometries)),
                          lambda: charts.choropleth(measure, values, geometries, year, self.imprint, view=view,
                                                    group=group))

    def sozialindex_map(self, level: str, year: int, highlight: str | None, group: str) -> charts.Chart | None:
        points = tuple(self.index_points(level, year))
        if not points or not self.can_map([p.key for p in points]):
            return None
        geometries = self.geometries()
        source = self._index_source()
        view = charts.MapView(highlight, names="all" if len(points) <= 25 else "highlight")
        return self._draw(("indexkarte", points, year, view, group, self.imprint, id(geometries)),
                          lambda: charts.sozialindex_map(points, geometries, year, source, self.imprint, view=view,
                                                         group=group))
