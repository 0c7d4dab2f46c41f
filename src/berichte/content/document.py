"""What both report documents share: values as shown, tables of Kennzahlen, method note, version line."""

from __future__ import annotations


from .. import __version__
from ..compute.indicators import NO_DATA, SYMBOLS, SYMBOLS_NOTE, WITHHELD, ZERO_BASE
from ..formatting import is_missing, number, percent
from . import blocks as md
from .session import SESSION
from .figures import Figures



class Document:
    """Base of :class:`~berichte.content.profile.Profile` and :class:`~berichte.content.sozialbericht.Sozialbericht`."""

    def __init__(self, year: int | None = None, comparison: int | None = None, project: str | None = None):
        self.results = SESSION.results(project)
        self.project = self.results.project
        self.settings = self.project.settings
        self.catalogue = self.project.catalogue
        self.areas = self.project.areas
        self.year_from, self.year = self.results.period(None if year is None else int(year),
                                                       None if comparison is None else int(comparison))
        self.comparison = self.results.comparison(self.year, self.year_from)
        self.figures = Figures(self.results)
        self.index_level: str | None = None  # the level whose Sozialindex the document shows (set by subclasses)

    # --- names and values -------------------------------------------------------------------------------
    def population(self, key: str) -> float | None:
        """Inhabitants of an area in the report year (the Merkmal the Sozialindex uses, else ew_insgesamt)."""
        config = self.project.sozialindex
        merkmal = config.population_merkmal if config is not None else "ew_insgesamt"
        if merkmal not in self.project.merkmale:
            return None
        value = self.results.published_counts.at[(key, self.year), merkmal]
        return None if is_missing(value) else float(value)

    def short(self, key: str) -> str:
        return self.areas.frame.at[key, "short"]

    def kennzahl_year(self, kennzahl: str) -> int:
        """The year a Kennzahl is shown for: its latest year with data ≤ the report year (within
        ``hoechstens_jahre_zurueck``)."""
        return int(self.comparison.years_to[kennzahl])

    def value_text(self, kennzahl: str, key: str, year: int | None = None, unit: bool = True) -> str:
        """A Kennzahl's value as the documents show it ("12,3 %", "1.234", "." for withheld)."""
        year = self.kennzahl_year(kennzahl) if year is None else year
        k = self.catalogue[kennzahl]
        ind = self.results.indicators
        symbol = ind.symbol(key, year, kennzahl)
        if symbol:
            return symbol
        value = ind.values.at[(key, year), kennzahl]
        if k.is_percent and unit:
            return percent(value, k.decimals)
        return number(value, k.decimals)

    def change_text(self, kennzahl: str, key: str) -> str:
        k = self.catalogue[kennzahl]
        shown = self.comparison.change_shown.at[key, kennzahl]
        if is_missing(shown):
            return SYMBOLS[WITHHELD]
        if k.is_count:
            return percent(shown, 1, sign=True)
        return number(shown, k.decimals, sign=True)

    def development_text(self, kennzahl: str, key: str) -> str:
        c = self.comparison
        if is_missing(c.change_shown.at[key, kennzahl]):
            return ""
        if not c.judged[kennzahl]:  # a published value without a test: described, not judged
            shown = c.change_shown.at[key, kennzahl]
            return "höher" if shown > 0 else ("niedriger" if shown < 0 else "unverändert")
        if not c.bedeutsam.at[key, kennzahl]:
            return "kaum verändert"
        word = "gestiegen" if c.change_shown.at[key, kennzahl] > 0 else "gesunken"
        assessment = c.assessment.at[key, kennzahl]
        return f"{word}, {assessment}" if assessment else word

    def rank_text(self, kennzahl: str, key: str) -> str:
        ranks = self.comparison.ranks
        rank, n = ranks.rank_high.at[key, kennzahl], ranks.n.at[key, kennzahl]
        if is_missing(rank) or is_missing(n):
            return ""
        return f"{int(rank)} von {int(n)}"

    def notes_for(self, key: str, kennzahlen: list[str]) -> list[str]:
        """Footnotes for withheld or missing values of an area in the report and comparison year."""
        notes = []
        ind = self.results.indicators
        for k in kennzahlen:
            for year in (self.kennzahl_year(k), int(self.comparison.years_from[k])):
                if year not in self.settings.years:
                    continue
                note = ind.notes.at[(key, year), k]
                if note:
                    notes.append(f"{self.catalogue[k].short_title} {year}: {note}")
        return notes

    def column_label(self, kennzahl: str) -> str:
        k = self.catalogue[kennzahl]
        unit = "" if k.is_count else f" ({k.unit})"
        return md.text(k.short_title + unit)

    def kennzahl_table(self, key: str, kennzahlen: list[str], caption: str, label: str, classes: str = "",
                       themes: bool = False) -> str:
        """Kennzahl | Jahr | übergeordnetes Gebiet | Veränderung | Entwicklung | Rang, with footnotes."""
        parent = self.areas.parent(key)
        header = ["Kennzahl", str(self.year)]
        numeric = [False, True]
        if parent:
            header.append(md.text(f"{self.short(parent)} {self.year}"))
            numeric.append(True)
        header += [f"Veränderung {self.year_from}\u2060–\u2060{self.year}", "Entwicklung"]
        numeric += [True, False]
        siblings = len(self.areas.siblings(key)) if parent else 0
        if siblings >= 3:
            header.append("Rang")
            numeric.append(True)
        rows = []
        lagging, incomparable, undelivered = [], [], []
        current_theme = None
        for k in kennzahlen:
            if themes and self.catalogue[k].theme != current_theme:
                current_theme = self.catalogue[k].theme
                rows.append([f"**{md.text(self.catalogue.themes[current_theme].title)}**"] + [""] * (len(header) - 1))
            row_label = self.column_label(k)
            if self.comparison.lagging(k):
                row_label += f" – Stand {self.kennzahl_year(k)}"
                lagging.append(k)
            row = [row_label, self.value_text(k, key, unit=False)]
            if parent:
                if not self.comparison.comparable[k]:
                    row.append(SYMBOLS[ZERO_BASE])  # „x“: Aussage nicht sinnvoll
                    incomparable.append(k)
                else:
                    row.append(self.value_text(k, parent, unit=False))
                    if self.value_text(k, parent) == SYMBOLS[NO_DATA] and self._parent_not_delivered(k, parent):
                        undelivered.append(k)
            row += [self.change_text(k, key), self.development_text(k, key)]
            if siblings >= 3:
                row.append(self.rank_text(k, key))
            rows.append(row)
        table = md.table(header, rows, numeric, caption=md.text(caption), label=label, classes=classes)
        level = self.settings.level(self.areas.level(key))
        explain = ["Veränderung in Prozentpunkten bei Anteilen (%), in % bei Anzahlen, sonst in der Einheit der "
                   "Kennzahl; „gestiegen“ und „gesunken“ nur bei bedeutsamen Veränderungen."]
        if siblings >= 3:
            explain.append(f"Rang unter den {siblings} {level.plural}, höchster Wert = 1.")
        if lagging:
            explain.append("„Stand …“: neuere Daten liegen noch nicht vor; Wert und Veränderung beziehen sich auf "
                           "das genannte Jahr (" + "; ".join(
                               f"{md.text(self.catalogue[k].short_title)} {int(self.comparison.years_from[k])}–"
                               f"{self.kennzahl_year(k)}" for k in lagging) + ").")
        if incomparable:
            explain.append("„x“ beim übergeordneten Gebiet: nicht vergleichbar, weil der Wert für jede Ebene "
                           "eigens ermittelt wird (" + ", ".join(md.text(self.catalogue[k].short_title)
                                                                 for k in incomparable) + ").")
        if undelivered:
            explain.append("Für das übergeordnete Gebiet wurde kein Wert geliefert; er lässt sich nicht aus den "
                           "Teilgebieten errechnen (" + ", ".join(md.text(self.catalogue[k].short_title)
                                                                  for k in undelivered) + ").")
        notes = self.notes_for(key, kennzahlen)
        if notes:
            explain.append(SYMBOLS_NOTE + " Hinweise: " + "; ".join(notes) + ".")
        return table + "\n" + md.div(".quelle", md.text(" ".join(explain)))

    def _parent_not_delivered(self, kennzahl: str, parent: str) -> bool:
        """The Kennzahl is a published value whose Merkmal was not delivered for the parent area (a value
        that is not summable cannot be computed from the children)."""
        k = self.catalogue[kennzahl]
        if not k.is_value:
            return False
        merkmal = k.numerator.merkmale[0]
        delivered = self.project.table.delivered[merkmal].xs(parent, level="key")
        return bool(delivered.isna().all())

    # --- annex parts ------------------------------------------------------------------------------------
    def definitions(self, kennzahlen: list[str] | None = None) -> str:
        """Definitions and sources of the Kennzahlen, grouped by theme."""
        blocks = []
        for theme in self.catalogue.themes.values():
            items = [k for k in self.catalogue.by_theme(theme.id) if kennzahlen is None or k.id in kennzahlen]
            if not items:
                continue
            blocks.append(md.heading(4, md.text(theme.title), classes=".unnumbered .unlisted"))
            blocks.append(md.bullets([f"**{md.text(k.title)}** ({md.text(k.unit)}): {md.text(k.definition)} "
                                      f"Quelle: {md.text(k.source)}." for k in items]))
        return md.div(".anhang-liste", md.join(*blocks))

    def method_note(self) -> str:
        settings = self.settings
        secrecy = settings.secrecy
        sig = settings.significance
        parts = [
            "**Stichtag und Gebietsstand.** Soweit nicht anders angegeben, gelten die Zahlen zum "
            f"Stichtag {settings.reference_date} des jeweiligen Jahres. Werte übergeordneter Gebiete werden aus "
            "den summierten Zählgrößen der Teilgebiete berechnet (Quotient der Summen, nicht Mittelwert der "
            "Quoten).",
            "**Rundung.** Werte werden kaufmännisch gerundet. Die ausgewiesene Veränderung ist die Differenz der "
            "ausgewiesenen Werte; bei Anzahlen wird sie in Prozent angegeben.",
            "**Bedeutsame Veränderungen.** Eine Veränderung gilt als bedeutsam, wenn sie mindestens die für jede "
            "Kennzahl festgelegte Schwelle erreicht und zugleich statistisch gesichert ist "
            f"(Irrtumswahrscheinlichkeit {number(sig.level * 100, 0)} %): bei Anteilen mit dem Test zweier "
            "Anteile, bei Raten und Anzahlen mit dem exakten Poisson-Test. Kleinere oder zufällige Schwankungen "
            "werden als „kaum verändert“ bzw. „weitgehend unverändert“ beschrieben.",
            "**Auffälligkeiten.** Auffällig ist ein Wert oder eine Veränderung, die mehr als "
            f"{number(sig.spread, 1 if sig.spread % 1 else 0)} Standardabweichung{'en' if sig.spread != 1 else ''} "
            "vom Durchschnitt der Vergleichsgebiete (gleiche Ebene, gleiches übergeordnetes Gebiet) abweicht, "
            "oder eine deutliche Entwicklung gegen den Trend des übergeordneten Gebiets.",
        ]
        if secrecy.active:
            parts.append(
                f"**Geheimhaltung.** Anzahlen unter {secrecy.min_count} werden nicht veröffentlicht, ebenso "
                f"Quoten mit weniger als {secrecy.min_numerator} Fällen im Zähler oder weniger als "
                f"{number(secrecy.min_denominator)} im Nenner."
                + (" Wo sich ein gesperrter Wert aus Veröffentlichtem errechnen ließe – über Summen der "
                   "Teilgebiete, abgeleitete Merkmale (etwa Saldo = Zuzüge − Fortzüge), Beziehungen zwischen "
                   "Merkmalen (etwa Arbeitslose = SGB II + SGB III) oder frühere Fassungen –, werden weitere, "
                   "möglichst kleine Werte gesperrt (sekundäre Geheimhaltung). Vor jeder Veröffentlichung wird "
                   "jeder gesperrte Wert mit einem linearen Programm geprüft: Bei Anzahlen unter "
                   f"{secrecy.min_count} müssen alle Werte von 0 bis {secrecy.min_count} möglich bleiben, bei "
                   "größeren gesperrten Anzahlen eine Spanne von mindestens "
                   + (f"{secrecy.min_count}" if not secrecy.protection_percent else
                      f"{number(secrecy.protection_percent, 0)} % des Werts")
                   + " (Schutzintervalle nach dem Verfahren der amtlichen Statistik, τ-ARGUS)."
                   if secrecy.secondary else "")
                + " Gesperrte Werte sind mit „.“ gekennzeichnet.")
        config = self.project.sozialindex
        if config is not None and self.results.sozialindex(self.year, self.index_level) is not None:
            names = ", ".join(self.catalogue[i.id].title for i in config.status)
            dynamics = ", ".join(self.catalogue[i.id].title for i in config.dynamics)
            dynamics_text = (f", der Dynamikindex ihre Veränderung in Prozentpunkten über {config.years} Jahre "
                             f"({md.text(dynamics)})" if dynamics else " (ein Dynamikindex ist nicht eingerichtet)")
            parts.append(
                "**Sozialindex.** Der Statusindex fasst die Aufmerksamkeitsindikatoren "
                f"{md.text(names)} zusammen{dynamics_text}. Jeder Indikator geht mit seinem neuesten Jahr ein "
                "(für alle Gebiete dasselbe). Jeder Indikator wird über alle bewerteten Gebiete "
                "einer Ebene z-standardisiert (Mittelwert 0, Standardabweichung 1), die Summe der z-Werte erneut "
                "standardisiert. Klassen: Status hoch (unter −1), mittel (−1 bis +1), niedrig (über +1 bis +1,5), "
                "sehr niedrig (über +1,5); Dynamik positiv (unter −1), stabil (−1 bis +1), negativ (über +1). "
                "Gebiete mit niedrigem oder sehr niedrigem Status oder negativer Dynamik haben besonderen "
                f"Aufmerksamkeitsbedarf. Bewertet werden Gebiete ab {number(config.min_population or 0)} "
                "Einwohnerinnen und Einwohnern ohne fehlende Werte.")
        return md.join(*parts)

    def publisher_facts(self) -> list[list[str]]:
        """Cover rows naming publisher and contact, both from projekt.yml."""
        rows = [["Herausgeber", md.text(self.settings.publisher)]]
        if self.settings.contact:
            rows.append(["Kontakt", md.text(self.settings.contact)])
        return rows

    def omitted_chapter(self, title: str, anchor: str, part: str, reason) -> str:
        """A chapter left out for lack of data: its heading and one sentence why (nothing if no reason)."""
        if reason is None:
            return ""
        from .omissions import sentence

        return md.join(md.heading(2, md.text(title), anchor), md.text(sentence(part, reason)))

    def sozialindex_years_note(self) -> str:
        """Which year each index indicator comes from (its latest with data) and whether there is a dynamics
        index, in one sentence for the Sozialindex chapters."""
        config = self.project.sozialindex
        if config is None:
            return ""
        years = self.results.sozialindex_indicator_years(self.year)
        status = ", ".join(f"{self.catalogue[i.id].short_title} {years[i.id]}" for i in config.status)
        text = f"Der Statusindex {self.year} beruht auf: {status}." if status else ""
        if config.dynamics:
            text += " Dynamikindex: Veränderung über " + ", ".join(
                f"{self.catalogue[i.id].short_title} {years[i.id] - config.years}–{years[i.id]}"
                for i in config.dynamics) + "."
        else:
            text += " Einen Dynamikindex gibt es nicht (nicht eingerichtet); die Dynamikklasse bleibt leer."
        return md.div(".quelle", md.text(text.strip()))

    def version_line(self) -> str:
        settings = self.settings
        demo = " Fiktive Beispieldaten." if settings.demo else ""
        contact = f" Kontakt: {settings.contact}." if settings.contact else ""
        return md.div(".quelle", md.text(
            f"{settings.title}. Herausgeber: {settings.publisher}.{contact} Datenstand: Stichtag "
            f"{settings.reference_date}{self.year}; Vergleichsjahr {self.year_from}.{demo} "
            f"Erstellt mit berichte {__version__}."))

    def demo_note(self) -> str:
        if not self.settings.demo:
            return ""
        return md.callout("important", "Alle Gebiete, Namen und Zahlen in diesem Bericht sind erfunden. Sie "
                                       "zeigen, wie ein Bericht mit echten Daten aussieht.",
                          title="Fiktive Beispieldaten")
