"""What every field of ``data/projekt.yml`` means: type, default, example and what it changes in the reports.

One source for the comments ``berichte neu`` writes into a new ``projekt.yml``, the reference page
``docs/projektordner.md`` and the JSON Schema.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str  # German: "Text", "ganze Zahl", "Zahl", "ja/nein", "Liste", "Abschnitt"
    description: str  # what it is and what it changes in the reports
    default: object = None  # None: no default (required or empty)
    example: object = None
    required: bool = False
    children: tuple["FieldDoc", ...] = ()

    def comment_lines(self, width: int = 100) -> list[str]:
        text = self.description
        if self.default not in (None, "", [], {}) and not self.children:
            text += f" Voreinstellung: {_shown(self.default)}" + ("" if _shown(self.default).endswith(".") else ".")
        elif self.required:
            text += " Pflichtfeld."
        if self.type == "Liste" and self.children:
            text += " Felder je Eintrag: " + "; ".join(f"{c.name} – {c.description.rstrip('.')}"
                                                       for c in self.children) + "."
        return textwrap.wrap(text, width=width, break_on_hyphens=False)


def _shown(value) -> str:
    """A value as it is written in YAML (true, 0.05, [zahlen]); texts as they are."""
    if isinstance(value, str):
        return value
    import yaml

    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1000)
    return text.strip().removesuffix("...").strip()


LEVEL_FIELDS = (
    FieldDoc("id", "Text", "Kennung der Ebene, wie sie in gebiete.csv in der Spalte „ebene“ steht.", required=True,
             example="kommune"),
    FieldDoc("name", "Text", "Bezeichnung einer Einheit dieser Ebene in den Texten („im Landkreis Peine“, "
             "„Profil der Kommune …“).", required=True, example="Kommune"),
    FieldDoc("mehrzahl", "Text", "Mehrzahl der Bezeichnung („der 11 Kommunen“).", required=True, example="Kommunen"),
    FieldDoc("genus", "m, f oder n", "Grammatisches Geschlecht der Bezeichnung, für Artikel in den Texten "
             "(der Landkreis: m, die Kommune: f, das Quartier: n).", default="f", example="f"),
)

SETTINGS_FIELDS: tuple[FieldDoc, ...] = (
    FieldDoc("titel", "Text", "Titel der Berichtsreihe: steht auf der Titelseite jedes Berichts, in der "
             "Versionszeile und auf der Übersichtsseite.", default="Sozialmonitoring <gebiet>",
             example="Sozialmonitoring Landkreis Peine"),
    FieldDoc("gebiet", "Text", "Name des ganzen Gebiets (oberste Ebene), z. B. „Landkreis Peine“. Er erscheint "
             "auf Titelseite, Kopfzeile und in den Texten, auch wenn gebiete.csv das Gebiet anders nennt "
             "(dann meldet „berichte pruefen“ eine Warnung).", required=True, example="Landkreis Peine"),
    FieldDoc("herausgeber", "Text", "Wer die Berichte herausgibt: steht über dem Titel, in der Fußzeile jeder "
             "PDF-Seite, im PDF als Autor und in der Versionszeile. Namen gehören nur hierher, nicht in "
             "_quarto.yml.", default="<gebiet>", example="Landkreis Peine, Fachdienst Soziales"),
    FieldDoc("kontakt", "Text", "Ansprechstelle für Fragen zu den Berichten (Stelle, Telefon, E-Mail): steht auf "
             "der Titelseite und in der Versionszeile; ohne Angabe entfällt sie.", default="",
             example="Sozialplanung, Telefon 05171 401-0, sozialplanung@landkreis-peine.de"),
    FieldDoc("beispieldaten", "ja/nein", "true nur für erfundene Daten: Jeder Bericht trägt dann den Hinweis "
             "„Fiktive Beispieldaten“.", default=False, example=False),
    FieldDoc("jahre", "Abschnitt", "Der Zeitraum, für den Daten gelesen und Zeitreihen gezeigt werden; Werte "
             "anderer Jahre in den Datendateien werden mit einer Warnung übergangen.", required=True,
             example={"von": 2018, "bis": 2023}, children=(
                 FieldDoc("von", "ganze Zahl", "Erstes Jahr.", required=True, example=2018),
                 FieldDoc("bis", "ganze Zahl", "Letztes Jahr.", required=True, example=2023),
             )),
    FieldDoc("berichtsjahr", "ganze Zahl", "Jahr, für das „berichte build“ die Berichte erzeugt, wenn --jahr "
             "fehlt.", default="jahre.bis", example=2023),
    FieldDoc("vergleichsjahr", "ganze Zahl", "Anfang des Vergleichszeitraums für Veränderungen, in allen Befehlen "
             "(build, render, kennzahlen) gleich, solange kein anderes Jahr angegeben wird; muss vor dem "
             "Berichtsjahr liegen.", default="berichtsjahr − 5", example=2018),
    FieldDoc("stichtag", "Text", "Stichtag der Bestandszahlen im Jahr, wie er in Berichten steht "
             "(„Stichtag 31.12.2023“).", default="31.12.", example="31.12."),
    FieldDoc("ebenen", "Liste", "Die Gebietsebenen, die oberste zuerst (z. B. Landkreis → Kommunen → "
             "Sozialräume). Für jede Ebene unter der obersten entstehen Profile; Vergleiche und Ränge gelten "
             "innerhalb einer Ebene.", required=True,
             example=[{"id": "kreis", "name": "Landkreis", "mehrzahl": "Landkreise", "genus": "m"},
                      {"id": "kommune", "name": "Kommune", "mehrzahl": "Kommunen", "genus": "f"}],
             children=LEVEL_FIELDS),
    FieldDoc("dateien", "Abschnitt", "Wo die Dateien des Projekts liegen, relativ zu data/.",
             example={"gebiete": "gebiete.csv"}, children=(
                 FieldDoc("gebiete", "Text", "Gebietsliste (CSV oder Excel).", default="gebiete.csv"),
                 FieldDoc("merkmale", "Text", "Merkmalsverzeichnis.", default="merkmale.yml"),
                 FieldDoc("kennzahlen", "Text", "Kennzahlenkatalog.", default="kennzahlen.yml"),
                 FieldDoc("zahlen", "Liste", "Ordner, Dateien oder Muster (*.csv) mit den Datenlieferungen; "
                          "jede CSV- und Excel-Datei darin wird gelesen.", default=["zahlen"]),
                 FieldDoc("geometrien", "Text", "Flächen der Gebiete als GeoJSON (Eigenschaft „schluessel“) "
                          "für Karten; ohne Datei keine Karten.", default="gebiete.geojson"),
             )),
    FieldDoc("geheimhaltung", "Abschnitt", "Statistische Geheimhaltung: welche Werte nicht veröffentlicht werden "
             "(sie erscheinen als „.“ mit Fußnote).", example={"aktiv": True}, children=(
                 FieldDoc("aktiv", "ja/nein", "Geheimhaltung anwenden.", default=True),
                 FieldDoc("mindestanzahl", "ganze Zahl", "Anzahlen unter diesem Wert (außer 0) werden nicht "
                          "veröffentlicht.", default=3),
                 FieldDoc("zaehler_mindestens", "ganze Zahl", "Quoten nur mit mindestens so vielen Fällen im "
                          "Zähler.", default=3),
                 FieldDoc("nenner_mindestens", "ganze Zahl", "Quoten nur mit mindestens so vielen Personen im "
                          "Nenner.", default=100),
                 FieldDoc("sekundaer", "ja/nein", "Auch Werte sperren, aus denen sich gesperrte Werte errechnen "
                          "ließen (Summen, Differenzen).", default=True),
             )),
    FieldDoc("signifikanz", "Abschnitt", "Wann eine Veränderung „bedeutsam“ und ein Wert „auffällig“ heißt.",
             example={"niveau": 0.05}, children=(
                 FieldDoc("niveau", "Zahl", "Irrtumswahrscheinlichkeit der Tests für bedeutsame Veränderungen.",
                          default=0.05),
                 FieldDoc("streuung", "Zahl", "„Auffällig“ ist ein Wert, der um mehr als so viele "
                          "Standardabweichungen vom Durchschnitt der Vergleichsgebiete abweicht.", default=1.0),
             )),
    FieldDoc("symbole", "Abschnitt", "Bedeutung von Zeichen in den Datenlieferungen, die von der amtlichen "
             "Zeichenerklärung abweichen: ein Zeichen auf „fehlt“ oder eine Zahl abbilden. „-“ gilt sonst als 0.",
             example={"-": "fehlt"}),
    FieldDoc("sozialindex", "Abschnitt", "Der Sozialindex (Status- und Dynamikindex) im Profil und im "
             "Sozialbericht; ohne diesen Abschnitt entfällt er.", example={"status": ["sgb2_quote"]}, children=(
                 FieldDoc("status", "Liste", "Kennzahlen des Statusindex (ein „-“ davor: höherer Wert ist "
                          "günstig).", example=["arbeitslosenanteil_sgb2", "sgb2_quote", "kinderarmut"]),
                 FieldDoc("dynamik", "Liste", "Kennzahlen des Dynamikindex (ihre Veränderung).",
                          example=["arbeitslosenanteil_sgb2", "sgb2_quote"]),
                 FieldDoc("jahre_dynamik", "ganze Zahl", "Über wie viele Jahre die Dynamik gemessen wird.",
                          default=2),
                 FieldDoc("mindest_einwohner", "ganze Zahl", "Gebiete mit weniger Einwohnerinnen und Einwohnern "
                          "werden nicht bewertet (0: alle).", default=300),
                 FieldDoc("einwohner", "Text", "Merkmal mit der Einwohnerzahl für mindest_einwohner; es muss für "
                          "jedes Berichtsjahr vorliegen, sonst entfällt der Sozialindex.", default="ew_insgesamt"),
                 FieldDoc("gewichte", "Abschnitt", "Gewicht je Kennzahl (Voreinstellung 1).",
                          example={"sgb2_quote": 2}),
                 FieldDoc("schwellen", "Abschnitt", "Klassengrenzen in Standardabweichungen: status (3 Zahlen), "
                          "dynamik (2 Zahlen).", example={"status": [-1, 1, 1.5], "dynamik": [-1, 1]}),
                 FieldDoc("klassen", "Abschnitt", "Namen der Klassen: status (4), dynamik (3).",
                          example={"status": ["hoch", "mittel", "niedrig", "sehr niedrig"],
                                   "dynamik": ["positiv", "stabil", "negativ"]}),
             )),
)
