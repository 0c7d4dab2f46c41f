"""Stadt Flensburg with its 13 Stadtteile from the Sozialatlas 2022, years 2017–2022.

Only columns that are counts per Stadtteil and year are imported; shares and rates of the Sozialatlas
(Geburtenquote, Altenquotient, Beschäftigungsquote, the percentages of Tabellen 13, 17 and 19) are not,
berichte computes its Kennzahlen from the counts. The table "Anteil Arbeitslose" (Tabelle 12) holds
counts of unemployed persons at 30.06. (they equal "Arbeitslose insgesamt" of Tabelle 13 for 2021 and 2022).

Years: the district tables cover 2011, 2012 (some) and 2017–2022; berichte needs data for every year of
the range, so the project covers 2017–2022 (the years 2013–2016 are missing in the Sozialatlas).
Values without Stadtteil are not imported; the city's value is the sum of its Stadtteile.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..problems import DataError, Problems
from .flensburg import CITY_KEY, CITY_NAME, district_key, read_district_table, read_districts, read_table_info
from .kennzahlen import legal_changes, standard_kennzahl, standard_themes
from .geo import GEO_FLENSBURG, area_features, leaf_members, read_features
from .result import ImportResult, ProjectPlan

DATA_DIR = Path("flensburg_sozialatlas")
FIRST_YEAR, LAST_YEAR = 2017, 2022
SOURCE = "Stadt Flensburg, Sozialatlas 2022"
P = "Personen"
# table, column, Merkmal id, label, unit, theme, further fields of merkmale.yml
COUNTS = [
    ("fl_residents_by_district", "residents", "ew_insgesamt", "Einwohnerinnen und Einwohner insgesamt", P,
     "bevoelkerung", {}),
    ("fl_children_age_under_18_by_district", "residents", "ew_u18", "Einwohnerinnen und Einwohner unter 18 Jahren",
     P, "bevoelkerung", {"teil_von": ["ew_insgesamt"]}),
    ("fl_residents_age_18_to_under_65_by_district", "residents", "ew_18_65",
     "Einwohnerinnen und Einwohner von 18 bis unter 65 Jahren", P, "bevoelkerung", {"teil_von": ["ew_insgesamt"]}),
    ("fl_residents_age_65_and_above_by_district", "residents", "ew_65plus",
     "Einwohnerinnen und Einwohner ab 65 Jahren", P, "bevoelkerung", {"teil_von": ["ew_insgesamt"]}),
    ("fl_age_groups_by_district", "age_80_and_above", "ew_80plus", "Einwohnerinnen und Einwohner ab 80 Jahren", P,
     "bevoelkerung", {"teil_von": ["ew_65plus"]}),
    ("fl_migration_background_by_district", "foreign_citizenship", "ew_nichtdeutsch",
     "Einwohnerinnen und Einwohner mit ausländischer Staatsangehörigkeit", P, "bevoelkerung",
     {"teil_von": ["ew_insgesamt"]}),
    ("fl_migration_background_by_district", "german_citizenship", "ew_deutsch_mh",
     "Deutsche mit Migrationshintergrund", P, "bevoelkerung", {"teil_von": ["ew_insgesamt"]}),
    ("fl_births_by_district", "births", "geburten", "Geburten", P, "bevoelkerung", {}),
    ("fl_unemployed_residents_by_district", "residents", "alo_insgesamt", "Arbeitslose", P, "arbeitsmarkt",
     {"stichtag": "30.06."}),
    ("fl_employed_with_pension_insurance_by_district", "residents", "svb_wohnort",
     "Sozialversicherungspflichtig Beschäftigte am Wohnort", P, "arbeitsmarkt", {}),
    ("fl_beneficiaries_by_district", "residents", "sgb2_lb", "Regelleistungsberechtigte nach dem SGB II", P,
     "mindestsicherung", {}),
    ("fl_inactive_beneficiaries_households_by_district", "residents", "sgb2_nef",
     "Nicht erwerbsfähige Leistungsberechtigte nach dem SGB II (überwiegend unter 15 Jahren)", P,
     "mindestsicherung", {"teil_von": ["sgb2_lb"]}),
    ("fl_basic_benefits_income_by_district", "age_18_to_under_65", "sgb12_gsem",
     "Empfängerinnen und Empfänger von Grundsicherung (SGB XII) von 18 bis unter 65 Jahren", P, "mindestsicherung",
     {"teil_von": ["ew_18_65"]}),
    ("fl_basic_benefits_income_by_district", "age_65_and_above", "sgb12_gsa",
     "Empfängerinnen und Empfänger von Grundsicherung im Alter (SGB XII, ab 65 Jahren)", P, "mindestsicherung",
     {"teil_von": ["ew_65plus"]}),
    ("fl_housing_benefit_by_district", "residents", "wohngeld_empf", "Wohngeldempfängerinnen und -empfänger", P,
     "mindestsicherung", {"teil_von": ["ew_insgesamt"]}),
    ("fl_risk_homelessness_by_district", "residents", "hh_wohnungslosigkeit",
     "Von Wohnungslosigkeit bedrohte Haushalte (Räumungsklagen)", "Haushalte", "wohnen", {}),
]
SECRET_BLANKS = {"fl_risk_homelessness_by_district"}  # "Werte unter 4 werden unkenntlich gemacht"
DERIVED = {
    "ew_u65": {"bezeichnung": "Einwohnerinnen und Einwohner unter 65 Jahren", "einheit": P,
               "formel": "ew_u18 + ew_18_65"},
    "ew_mh": {"bezeichnung": "Einwohnerinnen und Einwohner mit Migrationshintergrund", "einheit": P,
              "formel": "ew_nichtdeutsch + ew_deutsch_mh"},
}


def _source(info) -> str:
    table = f", Tabelle {info.number}" if info and info.number else ""
    return f"{SOURCE}{table} (übertragen von OK Lab Flensburg, CC0)"


def import_flensburg(data_root: Path | str, problems: Problems | None = None) -> ImportResult:
    """Read the Sozialatlas tables under ``data_root``; raises DataError on errors."""
    root = Path(data_root)
    folder = root / DATA_DIR
    problems = problems if problems is not None else Problems(base=root)
    districts = read_districts(folder, problems)
    if districts is None:
        raise DataError("Die Stadtteilliste des Sozialatlas fehlt oder ist fehlerhaft.", problems.items)
    info = read_table_info(folder)
    known = set(districts["number"])
    by_table: dict[str, list[tuple]] = {}
    for spec in COUNTS:
        by_table.setdefault(spec[0], []).append(spec)
    counts, merkmale, unassigned = [], {}, []
    for table, specs in by_table.items():
        long = read_district_table(folder / f"{table}.csv", problems, [s[1] for s in specs], known,
                                   blank_is_secret=table in SECRET_BLANKS)
        if long is None:
            continue
        for _, column, merkmal_id, label, unit, theme, extra in specs:
            part = long[long["column"] == column]
            part = part[part["year"].between(FIRST_YEAR, LAST_YEAR)]
            loose = part[part["number"].isna() & part["value"].notna()]
            part = part[part["number"].notna()]
            counts.append(pd.DataFrame({"key": part["number"].map(district_key),
                                        "year": part["year"], "merkmal": merkmal_id, "value": part["value"],
                                        "note": part["note"], "source": "sozialatlas"}))
            table_info = info.get(table)
            description = " ".join(x for x in (table_info.label + "." if table_info and table_info.label else "",
                                               table_info.hint if table_info else "") if x)
            if len(loose):
                text = ", ".join(f"{int(y)}: {v:,.0f}".replace(",", ".") for y, v in zip(loose["year"], loose["value"]))
                unassigned.append(f"{label}: {text}")
                description += (" " if description else "") + f"Keinem Stadtteil zugeordnet und nicht enthalten: {text}."
            entry = {"bezeichnung": label, "einheit": unit, "quelle": _source(table_info), "thema": theme, **extra}
            if description:
                entry["beschreibung"] = description
            merkmale[merkmal_id] = entry
    if problems.has_errors():
        raise DataError("Die Tabellen des Sozialatlas enthalten Fehler; es wurde nichts geschrieben.", problems.items)
    for merkmal_id, entry in DERIVED.items():
        merkmale[merkmal_id] = {**entry, "quelle": SOURCE, "thema": "bevoelkerung"}
    areas = pd.DataFrame([(CITY_KEY, CITY_NAME, "stadt", "")]
                         + [(k, n, "stadtteil", CITY_KEY) for k, n in zip(districts["key"], districts["name"])],
                         columns=["key", "name", "level", "parent"])
    geometries = _geometries(root, areas, problems)
    note = _source_note(len(districts), unassigned)
    if geometries:
        note += ("\n\n## Karte\n- Stadtteilgrenzen aus flensburg_sozialatlas/flensburg_stadtteile.geojson (Stadt "
                 "Flensburg, über OK Lab Flensburg, CC0 1.0; nach WGS84 umprojiziert), Stadt aus den Stadtteilen "
                 "zusammengesetzt.")
    return ImportResult(areas, pd.concat(counts, ignore_index=True), merkmale, note, problems, geometries)


def _geometries(root: Path, areas: pd.DataFrame, problems: Problems) -> dict | None:
    """The Stadtteil polygons (AREA_ID STGT01 … STGT13 = Stadtteil 01 … 13) and the city as their union."""
    path = root / GEO_FLENSBURG
    if not path.exists():
        return None
    source = read_features(path, "AREA_ID", problems, land_only=False)
    members = leaf_members(areas, source, lambda key: f"STGT{key[-2:]}" if len(key) == 10 else key)
    collection = area_features(source, members, dict(zip(areas["key"], areas["name"])))
    return collection if collection["features"] else None


def _source_note(n_districts: int, unassigned: list[str]) -> str:
    lines = [
        f"# Quellen: Sozialmonitoring {CITY_NAME}",
        "",
        f"{CITY_NAME} (AGS {CITY_KEY}) mit {n_districts} Stadtteilen. Schlüssel der Stadtteile: AGS der Stadt "
        f"und zweistellige Stadtteilnummer des Sozialatlas ({CITY_KEY}01 Altstadt bis {CITY_KEY}{n_districts:02d}); "
        "in flensburg_stadtteile.geojson heißen dieselben Stadtteile STGT01 bis STGT13.",
        "",
        f"- {SOURCE}; Tabellen übertragen von OK Lab Flensburg (github oklabflensburg/open-social-map, "
        "Lizenz CC0 1.0). Dateien: flensburg_sozialatlas/fl_*.csv, Bezeichnungen aus _tables.csv und "
        "_fl_table_meta_data.csv.",
        "- Übernommen sind nur Anzahlen je Stadtteil und Jahr. Nicht übernommen: Geburtenquote, Altenquotient, "
        "Beschäftigungsquote und die Prozentspalten der Tabellen 13, 17 und 19; Tabellen nur für die ganze Stadt "
        "(Altersgruppen, Aufenthaltsstatus, Schuldnerberatung, Hilfen zur Erziehung); Wohnungshilfefälle "
        "(Tabelle 15, nur 2021–2022); Grundsicherung nach Geschlecht (Tabelle 21: die Spalten männlich/weiblich "
        "passen 2021 nicht zu den Altersspalten).",
        "- Tabelle 12 („Anteil Arbeitslose“) enthält Anzahlen der Arbeitslosen am 30.06.; sie stimmen 2021 und "
        "2022 mit „Arbeitslose insgesamt“ aus Tabelle 13 überein und werden als Anzahl übernommen.",
        "- Leere Zellen in Tabelle 16 (von Wohnungslosigkeit bedrohte Haushalte) sind laut Sozialatlas Werte "
        "unter 4, die unkenntlich gemacht wurden; sie stehen als „*“ in den Daten.",
        f"- Berichtszeitraum {FIRST_YEAR}–{LAST_YEAR}: für 2013–2016 enthält der Sozialatlas keine Werte, 2011 "
        "und 2012 nur für einige Tabellen. Altersgruppen ab 80, Migrationshintergrund und Grundsicherung liegen "
        "nur für 2021–2022 vor, SGB II ab 2018; „berichte pruefen“ meldet diese Lücken als Warnungen.",
        "- Der Wert der Stadt ist die Summe der Stadtteile. Einwohner, die keinem Stadtteil zugeordnet werden "
        "konnten, fehlen darin (laut Sozialatlas geringfügig).",
    ]
    if unassigned:
        lines += ["", "## Keinem Stadtteil zugeordnet (nicht übernommen)"] + [f"- {u}" for u in unassigned]
    return "\n".join(lines)


def flensburg_plan(result: ImportResult) -> ProjectPlan:
    """The project for Flensburg: city and Stadtteile, the Kennzahlen, Sozialindex and declared breaks."""
    kennzahlen = _flensburg_kennzahlen(f"{SOURCE} (OK Lab Flensburg)")
    indicators = ["arbeitslosenanteil", "sgb2_quote", "wohngeld_anteil"]
    return ProjectPlan(
        area_name=CITY_NAME.replace(", Stadt", ""), title="Sozialmonitoring Flensburg",
        publisher="Stadt Flensburg",
        levels=[{"id": "stadt", "name": "Stadt", "mehrzahl": "Städte", "genus": "f"},
                {"id": "stadtteil", "name": "Stadtteil", "mehrzahl": "Stadtteile", "genus": "m"}],
        first_year=FIRST_YEAR, last_year=LAST_YEAR, report_year=LAST_YEAR, comparison_year=FIRST_YEAR,
        themes=standard_themes(["bevoelkerung", "arbeitsmarkt", "mindestsicherung", "wohnen"]),
        kennzahlen=kennzahlen,
        comments=[f"Jahre {FIRST_YEAR}–{LAST_YEAR}: für 2013–2016 enthält der Sozialatlas keine Werte. Einige "
                  "Merkmale liegen nur für einzelne Jahre vor (siehe QUELLEN.md)."],
        sozialindex={"status": indicators, "dynamik": indicators, "jahre_dynamik": 3, "mindest_einwohner": 300},
        data_date=SOURCE.replace("Sozialatlas 2022", "Sozialatlas, Ausgabe 2022"),
        breaks=legal_changes({"wohngeld_2020": ["wohngeld_anteil"],
                              "rechtskreiswechsel_2022": ["sgb2_quote", "sgb2_nef"]}, kennzahlen),
    )


def _flensburg_kennzahlen(src: str) -> dict:
    """The Kennzahlen of the Flensburg project (kennzahlen.yml entries): standard ones where the Sozialatlas
    has their Merkmale, the others defined as the Sozialatlas defines them."""
    return {
        "einwohner": standard_kennzahl("einwohner", src),
        "anteil_u18": standard_kennzahl("anteil_u18", src),
        "anteil_65plus": standard_kennzahl("anteil_65plus", src),
        "anteil_80plus": standard_kennzahl("anteil_80plus", src),
        "altenquotient": standard_kennzahl(
            "altenquotient", src,
            definition="Zahl der Einwohnerinnen und Einwohner ab 65 Jahren je 100 Einwohnerinnen und Einwohner "
                       "von 18 bis unter 65 Jahren. Der im Sozialatlas (Tabelle 4) veröffentlichte Altenquotient "
                       "beruht auf einer anderen Altersabgrenzung und ist etwas höher."),
        "auslaenderanteil": standard_kennzahl("auslaenderanteil", src),
        "anteil_migrationshintergrund": {
            "titel": "Anteil der Einwohnerinnen und Einwohner mit Migrationshintergrund",
            "kurztitel": "Migrationshintergrund", "thema": "bevoelkerung", "zaehler": "ew_mh",
            "nenner": "ew_insgesamt", "einheit": "%", "polaritaet": "neutral", "nachkommastellen": 1,
            "schwelle": 0.5, "quelle": src,
            "definition": "Anteil der Einwohnerinnen und Einwohner mit ausländischer Staatsangehörigkeit oder mit "
                          "deutscher Staatsangehörigkeit und Migrationshintergrund an allen Einwohnerinnen und "
                          "Einwohnern in Prozent.",
        },
        "geburtenrate": standard_kennzahl("geburtenrate", src),
        "arbeitslose": standard_kennzahl(
            "arbeitslose", src, definition="Zahl der arbeitslos gemeldeten Personen am 30.06. (Statistik der "
                                           "Bundesagentur für Arbeit, Zuordnung zu Stadtteilen durch die Stadt)."),
        "arbeitslosenanteil": standard_kennzahl(
            "arbeitslosenanteil", src, nenner="ew_18_65",
            definition="Anteil der Arbeitslosen (30.06.) an den Einwohnerinnen und Einwohnern von 18 bis unter 65 "
                       "Jahren in Prozent, wie im Sozialatlas (Tabelle 12)."),
        "beschaeftigte": {
            "titel": "Sozialversicherungspflichtig Beschäftigte am Wohnort", "kurztitel": "SV-Beschäftigte",
            "im_text": "die Zahl der sozialversicherungspflichtig Beschäftigten am Wohnort",
            "thema": "arbeitsmarkt", "zaehler": "svb_wohnort", "einheit": "Anzahl", "polaritaet": "hoch_guenstig",
            "nachkommastellen": 0, "schwelle": 2.0, "quelle": src,
            "definition": "Zahl der sozialversicherungspflichtig Beschäftigten mit Wohnort im Gebiet.",
        },
        "sgb2_quote": standard_kennzahl("sgb2_quote", src),
        "sgb2_nef": {
            "titel": "Nicht erwerbsfähige Leistungsberechtigte nach dem SGB II", "kurztitel": "Nichterwerbsfähige SGB II",
            "im_text": "die Zahl der nicht erwerbsfähigen Leistungsberechtigten nach dem SGB II",
            "thema": "mindestsicherung", "zaehler": "sgb2_nef", "einheit": "Anzahl", "polaritaet": "hoch_unguenstig",
            "nachkommastellen": 0, "schwelle": 5.0, "quelle": src,
            "definition": "Zahl der nicht erwerbsfähigen Leistungsberechtigten in Bedarfsgemeinschaften nach dem "
                          "SGB II, überwiegend Kinder unter 15 Jahren.",
        },
        "gsem_quote": standard_kennzahl("gsem_quote", src),
        "altersarmut": standard_kennzahl("altersarmut", src),
        "wohngeld_anteil": {
            "titel": "Anteil der Wohngeldempfängerinnen und -empfänger", "kurztitel": "Wohngeld",
            "thema": "mindestsicherung", "zaehler": "wohngeld_empf", "nenner": "ew_insgesamt", "einheit": "%",
            "polaritaet": "hoch_unguenstig", "nachkommastellen": 1, "schwelle": 0.3, "quelle": src,
            "definition": "Anteil der Wohngeldempfängerinnen und -empfänger an allen Einwohnerinnen und Einwohnern "
                          "in Prozent.",
        },
        "raeumungsklagen": {
            "titel": "Von Wohnungslosigkeit bedrohte Haushalte", "kurztitel": "Räumungsklagen", "thema": "wohnen",
            "im_text": "die Zahl der von Wohnungslosigkeit bedrohten Haushalte",
            "zaehler": "hh_wohnungslosigkeit", "einheit": "Anzahl", "polaritaet": "hoch_unguenstig",
            "nachkommastellen": 0, "schwelle": 10.0, "quelle": src,
            "definition": "Zahl der Haushalte mit Räumungsklage, die von Wohnungslosigkeit bedroht sind. Werte unter "
                          "4 sind im Sozialatlas unkenntlich gemacht.",
        },
    }


def build(data_root: Path | str, problems: Problems | None = None) -> tuple[ImportResult, ProjectPlan]:
    result = import_flensburg(data_root, problems)
    return result, flensburg_plan(result)
