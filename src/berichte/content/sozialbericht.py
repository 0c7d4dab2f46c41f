"""The Sozialbericht of the whole area for one year (``reports/sozialbericht.qmd``)."""

from __future__ import annotations

from ..compute.judgement import conspicuous_developments
from ..formatting import count, is_missing, number
from ..statements.words import area_words, dative_plural, number_word
from . import blocks as md
from .document import Document
from .omissions import maps_reason, sentence, sozialindex_reason, theme_reason

CONSPICUOUS_SHOWN = 20  # rows of "Auffällige Entwicklungen" in the document; all of them are in the CSV


class Sozialbericht(Document):
    def __init__(self, year: int | None = None, comparison: int | None = None, project=None):
        super().__init__(year, comparison, project)
        self.root = self.areas.root
        self.name = self.short(self.root)
        levels = self.settings.level_ids
        self.level_id = levels[1] if len(levels) > 1 else levels[0]
        self.level = self.settings.level(self.level_id)
        self.members = [k for k in self.areas.at_level(self.level_id)]
        self.index_level = self.level_id
        self._maps_explained = False
        top = self.settings.level(self.areas.level(self.root))
        self.where = area_words(self.root, self.name, top, 0).im  # "in der Region Seewalden"

    def meta(self) -> str:
        return md.metadata(subtitle=f"{md.text(self.name)} · Berichtsjahr {self.year}")

    def cover(self) -> str:
        settings = self.settings
        lower = [lvl for lvl in settings.levels[1:] if self.areas.at_level(lvl.id)]
        facts = [["Reihe", md.text(settings.title)], ["Gebiet", md.text(self.areas.name(self.root))]]
        for lvl in lower:
            facts.append([lvl.plural, count(len(self.areas.at_level(lvl.id)))])
        population = self.population(self.root)
        if population is not None:
            facts.append([f"Einwohnerinnen und Einwohner {self.year}", count(population)])
        facts += [["Berichtsjahr, Stichtag", f"{self.year}, {settings.reference_date}{self.year}"],
                  ["Vergleichszeitraum", f"{self.year_from}–{self.year}"],
                  ["Datenstand", md.text(self.data_date())],
                  ["Kennzahlen", count(len(self.catalogue))]]
        facts += self.publisher_facts()
        table = md.table(["Angabe", "Wert"], facts, [False, False], classes=".compact")
        return md.div(".cover", md.join(table, self.demo_note()))

    def summary(self) -> str:
        from ..statements import region_overview, region_statements

        scope = self.scope()
        parts = [md.heading(2, "Zusammenfassung", "sec-zusammenfassung"),
                 md.text(f"Der Sozialbericht {self.year} beschreibt die soziale Lage {self.where} und "
                         f"in den {self._members_words()} anhand von {number_word(len(self.catalogue), 'einer')} Kennzahl"
                         f"{'' if len(self.catalogue) == 1 else 'en'} "
                         f"und ihrer Entwicklung seit {self.year_from}.")]
        overview = region_overview(self.results, scope, level=self.level_id)
        if overview:
            parts.append(md.text(overview[0].text + " Der Index lenkt die Aufmerksamkeit auf Gebiete, in denen "
                                 "sich soziale Belastungen bündeln; einen Handlungsbedarf begründet er allein nicht "
                                 "(siehe Kapitel Sozialindex)."))
        core = [k.id for k in self.catalogue if (k.key or k.id in self._index_ids()) and not k.is_count]
        statements = region_statements(self.results, scope, level=self.level_id, kennzahlen=core)
        ranked = sorted(statements, key=lambda s: -s.salience)[:6]
        if ranked:
            parts.append(md.bullets([md.text(s.text) for s in ranked]))
        key_figures = [k.id for k in self.catalogue if k.key and self.has_values(self.root, k.id)]
        if key_figures:
            parts.append(self.kennzahl_table(self.root, key_figures,
                                             f"Kernkennzahlen {self.name} {self.year}", "tbl-kern"))
        parts.append(self.breaks_box())
        return md.join(*parts)

    def _members_words(self) -> str:
        return f"{number_word(len(self.members)) if len(self.members) <= 12 else len(self.members)} " \
               f"{dative_plural(self.level.plural)}"

    def _index_ids(self) -> set[str]:
        config = self.project.sozialindex
        return set() if config is None else {i.id for i in (*config.status, *config.dynamics)}

    def sozialindex(self) -> str:
        from ..statements import region_overview, sozialindex_notes

        index = self.results.sozialindex(self.year, self.level_id)
        if index is None:
            return self.omitted_chapter("Sozialindex", "sec-sozialindex", "Der Sozialindex",
                                        sozialindex_reason(self.results, self.year, self.level_id))
        parts = [md.heading(2, "Sozialindex", "sec-sozialindex")]
        scope = self.scope()
        parts += [md.text(s.text) for s in region_overview(self.results, scope, level=self.level_id)]
        parts += [md.text(s.text) for s in sozialindex_notes(self.results, scope, level=self.level_id)]
        group = f"den {len(self.members)} {dative_plural(self.level.plural)}"
        chart = self.figures.sozialindex_map(self.level_id, self.year, None, group)
        if chart is not None:
            parts.append(self.figures.markdown(chart, "indexkarte", f"Sozialindex {self.year}: Statusklassen der "
                                                                   f"{self.level.plural}"))
        else:
            parts.append(self._maps_note())
        chart = self.figures.sozialindex_scatter(self.level_id, self.year)
        if chart is not None:
            parts.append(self.figures.markdown(chart, "sozialindex", f"Status und Dynamik {self.year}"))
        rows = []
        for key, row in index.iterrows():
            scored = bool(row["bewertet"])
            flag = row["besonderer_aufmerksamkeitsbedarf"]
            rows.append([md.text(self.short(key)),
                         md.text(str(row["status_klasse"])) if scored else "nicht bewertet",
                         md.text(_class_text(row.get("dynamik_klasse", ""))) if scored else "",
                         ("ja" if flag else "nein") if scored else md.text(str(row["grund"]))])
        parts.append(md.table([self.level.name, "Status", "Dynamik", "Besonderer Aufmerksamkeitsbedarf"], rows,
                              [False, False, False, False],
                              caption=md.text(f"Sozialindex {self.year} der {self.level.plural}"),
                              label="tbl-sozialindex"))
        parts.append(self.sozialindex_years_note())
        for lower in self.settings.level_ids[2:]:
            if self.results.sozialindex(self.year, lower) is not None and self.areas.at_level(lower):
                chart = self.figures.sozialindex_scatter(lower, self.year)
                if chart is not None:
                    parts.append(self.figures.markdown(
                        chart, f"sozialindex-{lower}",
                        f"Status und Dynamik {self.year} der {self.settings.level(lower).plural}"))
        return md.join(*parts)

    def theme_chapters(self) -> str:
        return md.join(*(self.theme_chapter(t.id) for t in self.catalogue.themes.values()))

    def theme_chapter(self, theme: str) -> str:
        from ..statements import region_theme_statements

        kennzahlen = [k.id for k in self.catalogue.by_theme(theme)]
        if not kennzahlen:
            return ""
        title = self.catalogue.themes[theme].title
        missing = theme_reason(self.results, theme)
        if missing is not None:
            return self.omitted_chapter(title, f"sec-{theme}", f"Das Kapitel „{title}“", missing)
        parts = [md.heading(2, md.text(title), f"sec-{theme}"),
                 md.text(self.catalogue.themes[theme].description)]
        statements = region_theme_statements(self.results, self.scope(), theme, level=self.level_id)
        if statements:
            parts.append(md.bullets([md.text(s.text) for s in statements]))
        drawable = [k for k in kennzahlen if not self.catalogue[k].is_count and self.has_values(self.root, k)]
        lead = next((k for k in drawable if self.catalogue[k].key), None) or next(iter(drawable), None)
        if lead is not None:
            year = self.kennzahl_year(lead)  # its latest year within hoechstens_jahre_zurueck
            chart = self.figures.ranking(lead, self.members[0], year, highlight=False)
            parts.append(self.figures.markdown(chart, f"{theme}-rangfolge"))
            group = f"den {len(self.members)} {dative_plural(self.level.plural)}"
            if self.figures.can_map(self.members):
                chart = self.figures.choropleth(lead, self.members, year, None, group)
                parts.append(self.figures.markdown(chart, f"{theme}-karte"))
            else:
                parts.append(self._maps_note())
        parts.append(self._comparison_table(kennzahlen[:6], title, theme))
        return md.join(*parts)

    def _maps_note(self) -> str:
        """Once per report: why there are no maps."""
        if self._maps_explained:
            return ""
        reason = maps_reason(self.results, self.members)
        if reason is None:
            return ""
        self._maps_explained = True
        return md.text(sentence("Die Karten", reason, "entfallen"))

    def _comparison_table(self, kennzahlen: list[str], title: str, theme: str) -> str:
        header = [self.level.name] + [self.column_label(k) for k in kennzahlen]
        rows = []
        for key in self.members + [self.root]:
            name = md.text(self.short(key))
            rows.append([f"**{name}**" if key == self.root else name]
                        + [self.value_text(k, key, unit=False) for k in kennzahlen])
        return md.table(header, rows, [False] + [True] * len(kennzahlen),
                        caption=md.text(f"{title}: ausgewählte Kennzahlen {self.year} nach {self.level.plural}"),
                        label=f"tbl-{theme}", classes=".compact")

    def _spread_words(self) -> str:
        spread = self.settings.significance.spread
        if spread == 1:
            return "eine Standardabweichung"
        return f"{number(spread, 0 if float(spread).is_integer() else 1)} Standardabweichungen"

    def conspicuous_rows(self) -> list[dict]:
        """Bedeutsame changes that stand out (auffällig among the comparison areas or against the parent's
        trend), of Kennzahlen with a polarity, in areas above the minimum population, by weight: unfavourable
        before favourable, core indicators first, then the distance from the comparison areas."""
        return conspicuous_developments(self.results, self.comparison, self._index_ids(), self.figures.genitive)

    def conspicuous(self) -> str:
        rows = self.conspicuous_rows()
        parts = [md.heading(2, "Auffällige Entwicklungen", "sec-auffaellig"),
                 md.text(f"Bedeutsame Veränderungen von {self.year_from} bis {self.year}, die auffällig von denen der "
                         f"Vergleichsgebiete abweichen (mehr als {self._spread_words()}) oder gegen den Trend des "
                         "übergeordneten Gebiets laufen – nur "
                         "Kennzahlen mit festgelegter Bewertungsrichtung, ohne Veränderungen über Rechtsänderungen "
                         "oder Datenbrüche hinweg und ohne Gebiete unter der Mindesteinwohnerzahl.")]
        if not rows:
            parts.append(md.text("Im Vergleichszeitraum gibt es keine auffälligen Entwicklungen."))
            return md.join(*parts)
        shown = rows[:CONSPICUOUS_SHOWN]
        table = [[md.text(r["ebene"]), md.text(r["gebiet"]), md.text(r["kennzahl"]), r["wert"], r["veraenderung"],
                  md.text(r["auffaelligkeit"]), r["bewertung"]] for r in shown]
        parts.append(md.table(["Ebene", "Gebiet", "Kennzahl", str(self.year), f"Veränderung {self.year_from}–{self.year}",
                               "Auffälligkeit", "Bewertung"], table,
                              [False, False, False, True, True, False, False],
                              caption="Auffällige Entwicklungen", label="tbl-auffaellig", classes=".compact"))
        more = len(rows) - len(shown)
        tail = (f"Gezeigt sind die {len(shown)} gewichtigsten von {len(rows)} auffälligen Entwicklungen. "
                if more > 0 else "")
        parts.append(md.div(".quelle", md.text(
            f"{tail}Die vollständige Liste steht in der Kennzahlentabelle kennzahlen-{self.year}.csv (Spalte "
            "„Auffällige Entwicklung“ = ja). Gewichtung: ungünstige vor günstigen Entwicklungen, Kern- und "
            "Indexkennzahlen zuerst, dann nach dem Abstand vom Durchschnitt der Vergleichsgebiete.")))
        return md.join(*parts)

    def annex(self) -> str:
        return md.join(md.heading(2, "Anhang", "sec-anhang"),
                       md.heading(3, "Definitionen und Quellen", "sec-definitionen"), self.definitions(),
                       md.heading(3, "Methodische Hinweise", "sec-methode"), self.method_note(),
                       self.version_line())


def sozialbericht(jahr: int | None = None, vergleich: int | None = None, projekt: str | None = None) -> Sozialbericht:
    """Entry point for ``sozialbericht.qmd``: the Sozialbericht of the project folder ``projekt``; ``jahr`` and
    ``vergleich`` default to the years in projekt.yml."""
    return Sozialbericht(None if jahr is None else int(jahr), vergleich, projekt)


def _class_text(value) -> str:
    """A class name for the table; "" where there is none (no dynamics index configured)."""
    return "" if is_missing(value) or value is None else str(value)
