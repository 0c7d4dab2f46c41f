"""The Sozialstruktur-Profil of one Kommune or Sozialraum for one year (``reports/profil.qmd``)."""

from __future__ import annotations

from ..compute.indicators import SYMBOLS_NOTE
from ..formatting import count, is_missing, number
from ..statements.words import number_word
from . import blocks as md
from .document import Document
from .omissions import age_reason, sentence, sozialindex_reason, theme_reason

THEME_STATEMENTS = 4  # statements per theme chapter, most salient first (all are in the tables)
HALF_WIDTH_CM = 8.1  # two charts side by side in the 16,2 cm text width


class Profile(Document):
    def __init__(self, key: str, year: int | None = None, comparison: int | None = None, project=None):
        super().__init__(year, comparison, project)
        self.key = key = area_key(key, self.areas)
        self.parent = self.areas.parent(key)
        self.level = self.settings.level(self.areas.level(key))
        self.name = self.short(key)
        # below the minimum population: a Kurzprofil with the counts, without judgements
        self.small = bool(self.comparison.small.get(key, False))
        self.index_level = self.areas.level(key)

    def _kennzahlen(self, theme: str) -> list[str]:
        return [k.id for k in self.catalogue.by_theme(theme)]

    def _has_values(self, kennzahl: str) -> bool:
        return self.has_values(self.key, kennzahl)

    def lead_kennzahl(self, theme: str) -> str | None:
        """The Kennzahl a chapter's charts show: the first key Kennzahl with a published value."""
        candidates = self._kennzahlen(theme)
        published = self.results.indicators.published()
        ordered = [k for k in candidates if self.catalogue[k].key] + [k for k in candidates if not self.catalogue[k].key]
        for k in ordered:
            if not self.catalogue[k].is_count and not is_missing(published.at[(self.key, self.year), k]):
                return k
        return None

    # --- document parts ---------------------------------------------------------------------------------
    def meta(self) -> str:
        """Sets the subtitle (area and year) for cover, page header and PDF title."""
        return md.metadata(subtitle=f"{md.text(self.name)} · Berichtsjahr {self.year}")

    def cover(self) -> str:
        settings = self.settings
        facts = [
            ["Reihe", md.text(settings.title)],
            ["Gebiet", md.text(f"{self.areas.name(self.key)} ({self.level.name})")],
            ["Gebietsschlüssel", md.text(self.key)],
        ]
        if self.parent:
            facts.append(["Übergeordnetes Gebiet", md.text(self.areas.name(self.parent))])
        population = self.population(self.key)
        if population is not None:
            facts.append([f"Einwohnerinnen und Einwohner {self.year}", count(population)])
        facts += [["Berichtsjahr, Stichtag", f"{self.year}, {settings.reference_date}{self.year}"],
                  ["Vergleichszeitraum", f"{self.year_from}–{self.year}"],
                  ["Datenstand", md.text(self.data_date())]]
        if self.small:
            facts.append(["Art des Profils", "Kurzprofil (Häufigkeiten, ohne Bewertungen)"])
        facts += self.publisher_facts()
        table = md.table(["Angabe", "Wert"], facts, [False, False], classes=".compact")
        return md.div(".cover", md.join(table, self.demo_note()))

    def at_a_glance(self) -> str:
        if self.small:
            return self.short_profile()
        from ..statements import at_a_glance

        statements = at_a_glance(self.results, self.scope(self.key))
        key_figures = [k.id for k in self.catalogue if k.key and self._has_values(k.id)]
        parts = [md.heading(2, "Auf einen Blick", "sec-ueberblick"),
                 md.bullets([md.text(s.text) for s in statements])]
        if key_figures:
            parts.append(self.kennzahl_table(self.key, key_figures, "Kernkennzahlen im Überblick", "tbl-kern"))
            multiples = [k for k in key_figures if not self.catalogue[k].is_count][:9]
            if multiples:
                chart = self.figures.small_multiples(self.key, multiples, (self.year_from, self.year))
                parts.append(self.figures.markdown(chart, "kern", f"Kernkennzahlen {self.year_from}–{self.year}"))
        parts.append(self.breaks_box())
        return md.join(*parts)

    def short_profile(self) -> str:
        """The Kurzprofil of an area below the minimum population: why, and its counts."""
        from ..statements import small_area_note

        note = small_area_note(self.results, self.scope(self.key))
        years = sorted({self.year_from} | {y for y in self.settings.years if self.year - 2 <= y <= self.year})
        return md.join(md.heading(2, "Kurzprofil", "sec-kurzprofil"), md.text(note.text),
                       self._counts_table(years, published_only=True), md.div(".quelle", md.text(SYMBOLS_NOTE)))

    def sozialindex(self) -> str:
        from ..statements import sozialindex_notes, sozialindex_statements

        index = self.results.sozialindex(self.year, self.areas.level(self.key))
        if self.small:
            return ""
        if index is None:
            return self.omitted_chapter("Sozialindex", "sec-sozialindex", "Der Sozialindex",
                                        sozialindex_reason(self.results, self.year, self.areas.level(self.key)))
        parts = [md.heading(2, "Sozialindex", "sec-sozialindex")]
        statements = sozialindex_statements(self.results, self.scope(self.key))
        parts += [md.text(s.text) for s in statements]
        if any(s.aspect == "einordnung" for s in statements):
            parts += [md.text(s.text) for s in sozialindex_notes(self.results, self.scope(self.key))]
        parts.append(self.sozialindex_years_note())
        chart = self.figures.sozialindex_scatter(self.areas.level(self.key), self.year, self.key)
        if chart is not None:
            parts.append(self.figures.markdown(chart, "sozialindex",
                                               f"Sozialindex {self.year}: Status und Dynamik der {self.level.plural}"))
        return md.join(*parts)

    def theme_chapters(self) -> str:
        if self.small:
            return ""
        return md.join(*(self.theme_chapter(theme.id) for theme in self.catalogue.themes.values()))

    def theme_chapter(self, theme: str) -> str:
        from ..statements import theme_intro, theme_statements

        kennzahlen = [k for k in self._kennzahlen(theme) if self._has_values(k)]
        title = self.catalogue.themes[theme].title
        if not kennzahlen:
            return self.omitted_chapter(title, f"sec-{theme}", f"Das Kapitel „{title}“",
                                        theme_reason(self.results, theme, self.key))
        parts = [md.heading(2, md.text(title), f"sec-{theme}")]
        intro = theme_intro(self.results, self.scope(self.key), theme)
        if intro is not None:
            parts.append(md.text(intro.text))
        said = theme_statements(self.results, self.scope(self.key), theme, THEME_STATEMENTS)
        if said:
            parts.append(md.bullets([md.text(s.text) for s in said]))
        lead = self.lead_kennzahl(theme)
        if lead is not None:
            half = HALF_WIDTH_CM if len(self.areas.siblings(self.key)) >= 3 else 16.0
            series = self.figures.markdown(
                self.figures.time_series(lead, self.key, (self.year_from, self.year), width_cm=half),
                f"{theme}-zeitreihe")
            if half < 16:
                ranking = self.figures.markdown(
                    self.figures.ranking(lead, self.key, self.kennzahl_year(lead), width_cm=half), f"{theme}-rangfolge")
                parts.append(self.figures.row(series, ranking))
            else:
                parts.append(series)
        if theme == "bevoelkerung" and self.figures.has_age_structure():
            chart = self.figures.age_structure(self.key, self.year)
            parts.append(self.figures.markdown(chart, "altersstruktur"))
        elif theme == "bevoelkerung" and age_reason(self.results) is not None:
            parts.append(md.text(sentence("Die Grafik zur Altersstruktur", age_reason(self.results))))
        selected = self.selected_kennzahlen(kennzahlen)
        parts.append(self.kennzahl_table(self.key, selected, f"{title}: ausgewählte Kennzahlen {self.year}",
                                         f"tbl-{theme}"))
        if len(selected) < len(kennzahlen):
            parts.append(md.text(f"Alle {number_word(len(kennzahlen))} Kennzahlen zum Thema „{title}“ stehen im "
                                 "Anhang.")
                         + " (@tbl-anhang-kennzahlen)")
        return md.join(*parts)

    def selected_kennzahlen(self, kennzahlen: list[str], limit: int = 6) -> list[str]:
        """For a chapter's table: key Kennzahlen and those that changed bedeutsam or stand out, at most six."""
        c = self.comparison
        chosen = [k for k in kennzahlen if self.catalogue[k].key]
        notable = [k for k in kennzahlen if k not in chosen and (c.bedeutsam.at[self.key, k] or c.auffaellig.at[self.key, k])
                   and self.catalogue[k].polarity != "neutral"]
        chosen += notable
        for k in kennzahlen:
            if len(chosen) >= max(4, min(limit, len(chosen))):
                break
            if k not in chosen:
                chosen.append(k)
        order = {k: i for i, k in enumerate(kennzahlen)}
        return sorted(chosen[:limit], key=order.get)

    def annex(self) -> str:
        if self.small:
            return md.join(md.heading(2, "Anhang", "sec-anhang"),
                           md.heading(3, "Methodische Hinweise", "sec-methode"), self.method_note(),
                           self.version_line())
        # the comparison year and the last three years: enough to read a trend, compact enough to print
        years = sorted({self.year_from} | {y for y in self.settings.years if self.year - 2 <= y <= self.year})
        parts = [md.heading(2, "Anhang", "sec-anhang"),
                 md.heading(3, "Alle Kennzahlen", "sec-anhang-kennzahlen"),
                 self._all_kennzahlen(),
                 md.heading(3, "Häufigkeiten", "sec-anhang-haeufigkeiten"),
                 self._counts_table(years),
                 md.heading(3, "Definitionen und Quellen", "sec-definitionen"),
                 self.definitions(),
                 md.heading(3, "Methodische Hinweise", "sec-methode"),
                 self.method_note(),
                 self.version_line()]
        return md.join(*parts)

    def _all_kennzahlen(self) -> str:
        """Every Kennzahl of the area with value, parent value, change, assessment and rank, by theme."""
        kennzahlen = [k.id for k in self.catalogue if self._has_values(k.id)]
        table = self.kennzahl_table(self.key, kennzahlen, f"Alle Kennzahlen {self.name} {self.year}",
                                    "tbl-anhang-kennzahlen", classes=".compact", themes=True)
        return table

    def _counts_table(self, years: list[int], published_only: bool = False) -> str:
        """The Merkmale of the area for ``years``; ``published_only``: rows without any published value left
        out (a Kurzprofil is not pages of dots)."""
        published = self.results.published_counts
        suppressed = self.results.secrecy.suppressed
        rows = []
        for m in self.project.merkmale:
            if not m.additive and not m.integer:  # published rates, amounts, scores: Kennzahlen of kind "Wert"
                continue
            values = [published.at[(self.key, y), m.id] for y in years]
            if all(v != v for v in values) and (published_only or not any(
                    suppressed.at[(self.key, y), m.id] for y in years)):
                continue
            cells = [number(v, 0 if m.integer else 1) if v == v else "." for v in values]
            unit = "" if m.unit == "Personen" else f" ({md.text(m.unit)})"
            rows.append([md.text(m.label) + unit] + cells)
        return md.table(["Merkmal (Personen, wenn nicht anders angegeben)"] + [str(y) for y in years], rows,
                        [False] + [True] * len(years),
                        caption=md.text(f"Häufigkeiten {self.name} {years[0]}–{years[-1]}"),
                        label="tbl-anhang-haeufigkeiten", classes=".compact")


def area_key(value, areas) -> str:
    """The area key the document received as its parameter ``gebiet``, checked against the area list.

    A key with leading zeros that arrives as a number (Quarto reads ``-P gebiet:03999002`` as YAML, which makes
    it 3999002) gets a German message naming the fix instead of "unknown area"."""
    from ..problems import BerichteError

    key = str(value).strip()
    if not isinstance(value, bool) and isinstance(value, int | float) and float(value).is_integer():
        key = str(int(value))
    if key in areas:
        return key
    meant = [k for k in areas.keys if k.lstrip("0") == key.lstrip("0") and k != key] if key.isdigit() else []
    if meant or (isinstance(value, int | float) and not isinstance(value, bool)):
        example = meant[0] if meant else key
        got = f"die Zahl {key}" if not isinstance(value, str) else f"„{key}“"
        raise BerichteError(
            f"Der Gebietsschlüssel kam als {got} an, ohne führende Nullen"
            + (f" – gemeint ist wohl „{example}“" if meant else "")
            + ". Quarto liest -P gebiet:0… als Zahl. Bitte den Schlüssel als Text übergeben: in einer "
            f"Parameterdatei (Zeile gebiet: '{example}', dann quarto render … --execute-params datei.yml) oder "
            f"mit Anführungszeichen: -P gebiet:\"'{example}'\".")
    raise BerichteError(f"Unbekanntes Gebiet „{key}“: es fehlt in der Gebietsliste.")


def profile(gebiet: str, jahr: int | None = None, vergleich: int | None = None,
            projekt: str | None = None) -> Profile:
    """Entry point for ``profil.qmd``: the profile of area ``gebiet`` in the project folder ``projekt``;
    ``jahr`` and ``vergleich`` default to the years in projekt.yml."""
    if gebiet is None or not str(gebiet).strip():
        from ..problems import BerichteError

        raise BerichteError("Für das Profil fehlt der Parameter „gebiet“ (der Gebietsschlüssel, z. B. "
                            "berichte render --gebiet 03157001).")
    return Profile(gebiet, None if jahr is None else int(jahr), vergleich, projekt)
