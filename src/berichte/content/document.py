"""What both report documents share: values as shown, tables of Kennzahlen, method note, version line."""

from __future__ import annotations


from .. import __version__
from ..compute.indicators import NO_DATA, SYMBOLS, SYMBOLS_NOTE, WITHHELD, ZERO_BASE
from ..compute.judgement import DEUTLICH_RATIO, development_word
from ..formatting import is_missing, number, percent
from ..statements.scope import Scope
from ..statements.words import dative_plural, number_word
from . import blocks as md
from .session import SESSION
from .figures import Figures

MARKS = "¹²³⁴⁵⁶⁷⁸⁹"
BREAKS_TITLE = "Hinweise zu Rechtsänderungen und Datenbrüchen"


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
        self._explained = False  # the reading aid for Kennzahl tables is printed once, under the first table

    def scope(self, key: str | None = None) -> Scope:
        """Area and period of the document for the statements."""
        return Scope(key, self.year, self.year_from)
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

    def has_values(self, key: str, kennzahl: str) -> bool:
        """The Kennzahl has a value (shown or withheld) in the report or the comparison year: a table row
        without either would hold dots and notes only."""
        values = self.results.indicators.values[kennzahl].xs(key, level="key")
        return bool(values.reindex([self.year_from, self.year]).notna().any())

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
        """The table word for the change: "kaum verändert", "nicht gesichert", "gestiegen, ungünstig",
        "nicht bewertet" (across a break, with a footnote mark added by the table) …"""
        c = self.comparison
        state = c.state.at[key, kennzahl]
        word = development_word(state, c.change_shown.at[key, kennzahl])
        assessment = c.assessment.at[key, kennzahl]
        return f"{word}, {assessment}" if word and assessment else word
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
        """"SGB-II-Quote (%)", "Einwohnerzahl", "Sozialwohnungen je 1.000 Haushalte" (a unit the label
        already names is not repeated)."""
        k = self.catalogue[kennzahl]
        if k.is_count or (k.unit.startswith("je ") and " je " in f" {k.short_title} "):
            return md.text(k.short_title)
        return md.text(f"{k.short_title} ({k.unit})")

    def break_marks(self, kennzahlen: list[str], key: str) -> dict[str, str]:
        """Footnote marks for the rows whose change spans a declared break: Kennzahl → "¹"."""
        marks, seen = {}, {}
        for k in kennzahlen:
            if self.comparison.state.at[key, k] != "bruch":
                continue
            label = tuple((b.year, b.reason) for b in self.comparison.across_break(k))
            if label not in seen:
                seen[label] = MARKS[min(len(seen), len(MARKS) - 1)]
            marks[k] = seen[label]
        return marks

    def break_notes(self, kennzahlen: list[str], key: str) -> list[str]:
        marks = self.break_marks(kennzahlen, key)
        notes = {}
        for k, mark in marks.items():
            if mark not in notes:
                reasons = "; ".join(f"{b.kind_label} {b.year}: {b.reason}" for b in self.comparison.across_break(k))
                notes[mark] = f"{mark} {reasons} – Veränderung beschrieben, nicht bewertet."
        return list(notes.values())

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
        rows, lagging, incomparable, undelivered = self._kennzahl_rows(key, kennzahlen, parent, siblings, themes,
                                                                       len(header))
        table = md.table(header, rows, numeric, caption=md.text(caption), label=label, classes=classes)
        explain = self._kennzahl_table_notes(key, kennzahlen, siblings, lagging, incomparable, undelivered)
        if not explain:
            return table
        return table + "\n" + md.div(".quelle", md.text(" ".join(explain)))

    def _kennzahl_rows(self, key: str, kennzahlen: list[str], parent: str, siblings: int, themes: bool,
                       width: int) -> tuple[list[list[str]], list[str], list[str], list[str]]:
        """The rows of the Kennzahl table (with a heading row per theme if ``themes``), and the Kennzahlen
        shown for an earlier year, without a comparable parent value, and without a delivered parent value."""
        marks = self.break_marks(kennzahlen, key)
        rows = []
        lagging, incomparable, undelivered = [], [], []
        current_theme = None
        for k in kennzahlen:
            if themes and self.catalogue[k].theme != current_theme:
                current_theme = self.catalogue[k].theme
                rows.append([f"**{md.text(self.catalogue.themes[current_theme].title)}**"] + [""] * (width - 1))
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
            row += [self.change_text(k, key), self.development_text(k, key) + marks.get(k, "")]
            if siblings >= 3:
                row.append(self.rank_text(k, key))
            rows.append(row)
        return rows, lagging, incomparable, undelivered

    def _kennzahl_table_notes(self, key: str, kennzahlen: list[str], siblings: int, lagging: list[str],
                              incomparable: list[str], undelivered: list[str]) -> list[str]:
        """The notes under the Kennzahl table: how to read it (first table only), earlier years, parent values
        not comparable or not delivered, footnotes and breaks."""
        level = self.settings.level(self.areas.level(key))
        explain = []
        if not self._explained:
            self._explained = True
            explain.append("Veränderung in Prozentpunkten bei Anteilen (%), in % bei Anzahlen, sonst in der Einheit "
                           "der Kennzahl. Entwicklung: „kaum verändert“ = kleiner als die Schwelle der Kennzahl; "
                           "„nicht gesichert“ = mindestens die Schwelle, statistisch aber nicht gesichert; "
                           "„gestiegen“/„gesunken“ = mindestens die Schwelle und – wo der Zähler Personen oder Fälle "
                           "zählt – statistisch gesichert (bedeutsam), mit Bewertung, wenn die Kennzahl eine "
                           "Bewertungsrichtung hat; „höher“/„niedriger“ = mindestens die Schwelle bei einer Größe "
                           "ohne Zufallsprüfung (Flächen, Beträge, Dichten, veröffentlichte Werte), nur beschrieben.")
            if siblings >= 3:
                explain.append(f"Rang unter den {number_word(siblings)} {dative_plural(level.plural)}, "
                               "höchster Wert = 1.")
            explain.append(SYMBOLS_NOTE)
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
            explain.append("Hinweise: " + "; ".join(notes) + ".")
        explain += self.break_notes(kennzahlen, key)
        return explain

    # --- cover and notices ------------------------------------------------------------------------------
    def data_date(self) -> str:
        """The Datenstand for the cover: "31. März 2024" (with "fiktive Beispieldaten" for the demo)."""
        from babel.dates import format_date

        date = self.settings.data_date
        if date is None:
            text = "nicht angegeben"
        elif isinstance(date, str):
            text = date
        else:
            text = format_date(date, format="long", locale="de_DE")
        return f"{text} (fiktive Beispieldaten)" if self.settings.demo else text

    def breaks_in_period(self) -> list:
        """The declared breaks that lie within the report's period and concern a Kennzahl with data."""
        seen = []
        for breaks in self.comparison.breaks.values():
            for b in breaks:
                if b not in seen:
                    seen.append(b)
        return sorted(seen, key=lambda b: (b.year, b.reason))

    def breaks_box(self) -> str:
        """The box "Hinweise zu Rechtsänderungen und Datenbrüchen" ("" without a break in the period)."""
        breaks = self.breaks_in_period()
        if not breaks:
            return ""
        items = []
        for b in breaks:
            names = [self.catalogue[k].short_title for k in b.kennzahlen if k in self.catalogue]
            note = f" {b.note.rstrip('.')}." if b.note else ""
            items.append(f"**{b.year}: {md.text(b.reason)}** ({b.kind_label}).{md.text(note)} Betrifft: "
                         f"{md.text(', '.join(names))}.")
        body = md.join(md.bullets(items), md.text(
            f"Veränderungen von {self.year_from} bis {self.year} über diese Zeitpunkte hinweg werden beschrieben, "
            "aber nicht als bedeutsam, günstig oder ungünstig bewertet; in den Tabellen steht dann „nicht bewertet“ "
            "mit einer Fußnote."))
        return md.callout("note", body, title=BREAKS_TITLE)

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
        spread = "eine Standardabweichung" if sig.spread == 1 else \
            f"{number(sig.spread, 1 if sig.spread % 1 else 0)} Standardabweichungen"
        ratio = number(DEUTLICH_RATIO, 2)
        parts = [
            "**Stichtag und Gebietsstand.** Soweit nicht anders angegeben, gelten die Zahlen zum "
            f"Stichtag {settings.reference_date} des jeweiligen Jahres. Werte übergeordneter Gebiete werden aus "
            "den summierten Zählgrößen der Teilgebiete berechnet (Quotient der Summen, nicht Mittelwert der "
            "Quoten).",
            "**Rundung.** Werte werden kaufmännisch gerundet. Die ausgewiesene Veränderung ist die Differenz der "
            "ausgewiesenen Werte; bei Anzahlen wird sie in Prozent angegeben.",
            "**Veränderungen.** Jede Veränderung wird einem von drei Zuständen zugeordnet: „kaum verändert“, wenn "
            "sie kleiner ist als die für jede Kennzahl festgelegte Schwelle; „nicht gesichert“, wenn sie die "
            "Schwelle erreicht, aber statistisch nicht gesichert ist; „bedeutsam gestiegen“ oder „bedeutsam "
            "gesunken“, wenn sie die Schwelle erreicht und statistisch gesichert ist (Irrtumswahrscheinlichkeit "
            f"{number(sig.level * 100, 0)} %; bei Anteilen mit dem Test zweier Anteile, bei Raten und Anzahlen mit "
            "dem exakten Poisson-Test). Geprüft wird nur, wo der Zähler Personen oder Fälle zählt. Flächen, "
            "Beträge, Dichten, Bestände wie Wohnungen oder Plätze und veröffentlichte Werte ohne Zähler und Nenner "
            "lassen sich nicht auf Zufall prüfen: Ab der Schwelle heißt der Wert „höher“ oder „niedriger“ als im "
            "Vergleichsjahr; die Veränderung wird beschrieben, nie als bedeutsam bewertet. „Günstig“ und „ungünstig“ stehen nur bei bedeutsamen "
            "Veränderungen von Kennzahlen mit festgelegter Bewertungsrichtung.",
            "**Vergleich mit dem übergeordneten Gebiet.** „Deutlich über“ oder „deutlich unter“ heißt: Der größere "
            f"der beiden Werte ist mindestens das {ratio}-Fache des kleineren (ein Viertel mehr oder ein Fünftel "
            "weniger), und der Abstand erreicht mindestens die Schwelle der Kennzahl. Kleinere Abstände heißen "
            "„über“ oder „unter“.",
            "**Auffälligkeiten.** Auffällig ist ein Wert oder eine Veränderung, der oder die um mehr als "
            f"{spread} vom Durchschnitt der Vergleichsgebiete (gleiche Ebene, gleiches übergeordnetes Gebiet) "
            "abweicht. Auffällige Veränderungen und Entwicklungen gegen den Trend des übergeordneten Gebiets werden "
            "nur genannt, wenn die Veränderung bedeutsam ist.",
        ]
        small = self.results.min_population
        if small:
            parts.append(f"**Kleine Gebiete.** Gebiete mit weniger als {number(small)} Einwohnerinnen und "
                         "Einwohnern erhalten ein Kurzprofil mit den Häufigkeiten. Ihre Kennzahlen werden weder "
                         "als auffällig noch als deutlich abweichend bezeichnet, und sie gehen nicht in den "
                         "Durchschnitt und die Streuung der Vergleichsgebiete ein.")
        if settings.breaks:
            parts.append("**Rechtsänderungen und Datenbrüche.** Ändert sich, wer gezählt wird (etwa durch eine "
                         "Reform des Wohngelds oder den Wechsel Geflüchteter aus der Ukraine vom "
                         "Asylbewerberleistungsgesetz in das SGB II), sind Werte vor und nach der Änderung nicht "
                         "vergleichbar. Die Projekteinstellungen nennen diese Brüche mit Jahr, Grund und betroffenen "
                         "Kennzahlen; Veränderungen über einen Bruch hinweg werden beschrieben, aber nicht bewertet.")
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
            window = "ein Jahr" if config.years == 1 else f"{number_word(config.years)} Jahre"
            differs = (f" Er ist bewusst kürzer als der Vergleichszeitraum dieses Berichts ({self.year_from}–"
                       f"{self.year}): Die Dynamik soll jüngere Entwicklungen zeigen, die in einem langen Zeitraum "
                       "untergehen, und sie wird in jedem Indexjahr über gleich lange Zeiträume berechnet, damit "
                       "die Klassen der Jahre vergleichbar bleiben."
                       if self.year - config.years != self.year_from else "")
            dynamics_text = (f", der Dynamikindex ihre Veränderung in Prozentpunkten über {window} "
                             f"({md.text(dynamics)}). Der Zeitraum der Dynamik reicht im Index {self.year} von "
                             f"{self.year - config.years} bis {self.year}.{differs}" if dynamics
                             else " (ein Dynamikindex ist nicht eingerichtet).")
            parts.append(
                "**Sozialindex.** Der Statusindex fasst die Aufmerksamkeitsindikatoren "
                f"{md.text(names)} zusammen{dynamics_text} Jeder Indikator geht mit seinem neuesten Jahr ein (für "
                "alle Gebiete dasselbe). Jeder Indikator wird über alle bewerteten "
                "Gebiete einer Ebene z-standardisiert (Mittelwert 0, Standardabweichung 1), die Summe der z-Werte "
                "erneut standardisiert. Klassen: Status hoch (unter −1), mittel (−1 bis +1), niedrig (über +1 bis "
                "+1,5), sehr niedrig (über +1,5); Dynamik positiv (unter −1), stabil (−1 bis +1), negativ (über +1). "
                "Die Klassen sind damit relativ: Sie beschreiben die Lage eines Gebiets im Vergleich mit den "
                "anderen derselben Ebene, nicht gegenüber einem festen Maßstab. Gebiete mit niedrigem oder sehr "
                "niedrigem Status oder negativer Dynamik haben besonderen Aufmerksamkeitsbedarf. Bewertet werden "
                f"Gebiete ab {number(config.min_population or 0)} Einwohnerinnen und Einwohnern ohne fehlende Werte. "
                "Der Index lenkt die Aufmerksamkeit; einen Handlungsbedarf begründet er allein nicht.")
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
            f"{settings.title}. Herausgeber: {settings.publisher}.{contact} Daten zum Stichtag "
            f"{settings.reference_date}{self.year}, Datenstand {self.data_date()}; Vergleichsjahr {self.year_from}."
            f"{demo} Erstellt mit berichte {__version__}."))

    def demo_note(self) -> str:
        if not self.settings.demo:
            return ""
        return md.callout("important", "Alle Gebiete, Namen und Zahlen in diesem Bericht sind erfunden. Sie "
                                       "zeigen, wie ein Bericht mit echten Daten aussieht.",
                          title="Fiktive Beispieldaten")
