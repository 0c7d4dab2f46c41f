"""Region Hannover (Kreis 03241) with its 21 Kommunen from INKAR raw exports and BKG VG250-EW.

* INKAR (``rki_gisd_inkar/inkar_raw/``): Arbeitslose (Jahresdurchschnitt) and Einwohner 15 bis unter 65
  Jahre per Gemeinde, 2001–2021 (Arbeitslose exist from 1998, but the population from 2001 only).
* VG250-EW 31.12.2022 (``ags_niedersachsen/``): Einwohner and Fläche per Gemeinde, 2022 only.

The Region's values are not imported: berichte sums the Kommunen (ratio of sums for Kennzahlen).
The project covers 2001–2022; 2022 holds only Einwohner and Fläche, so the Berichtsjahr is 2021.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..problems import DataError, Problems
from .inkar import inkar_merkmale, read_inkar
from .kennzahlen import standard_kennzahl, standard_themes
from .result import ImportResult, ProjectPlan
from .vg250 import read_vg250_gemeinden

REGION_KEY = "03241"
REGION_NAME = "Region Hannover"
FIRST_YEAR, LAST_YEAR, REPORT_YEAR, COMPARISON_YEAR = 2001, 2022, 2021, 2016
INKAR_DIR = Path("rki_gisd_inkar") / "inkar_raw"
INKAR_FILES = {
    "A_Arbeitslosigkeit.xls": {"Arbeitslose": "alo_insgesamt"},
    "A_ErwerbsfaehigeBevoelkerung.xls": {"Erwerbsfähige Bevölkerung (15 bis unter 65 Jahre)": "ew_15_65"},
}
VG250_FILE = Path("ags_niedersachsen") / "vg250ew_20221231_gemeinden_niedersachsen.csv"
VG250_YEAR = 2022
VG250_SOURCE = "© GeoBasis-DE / BKG, VG250-EW (Stand 31.12.2022), dl-de/by-2-0"
INKAR_SOURCE = "INKAR, Ausgabe 2024 (BBSR Bonn); Statistik der Bundesagentur für Arbeit"

MERKMAL_CHANGES = {
    "alo_insgesamt": {"bezeichnung": "Arbeitslose (Jahresdurchschnitt)", "einheit": "Personen",
                      "thema": "arbeitsmarkt", "stichtag": "Jahresdurchschnitt"},
    "ew_15_65": {"bezeichnung": "Einwohnerinnen und Einwohner von 15 bis unter 65 Jahren", "einheit": "Personen",
                 "thema": "bevoelkerung", "teil_von": ["ew_insgesamt"]},
}
VG250_MERKMALE = {
    "ew_insgesamt": {
        "bezeichnung": "Einwohnerinnen und Einwohner insgesamt", "einheit": "Personen", "quelle": VG250_SOURCE,
        "thema": "bevoelkerung", "stichtag": "31.12.",
        "beschreibung": "Bevölkerung am 31.12.2022 (Spalte EWZ der VG250-EW). Fortschreibung auf Basis des "
                        "Zensus 2011; nicht vergleichbar mit Zahlen auf Basis des Zensus 2022.",
    },
    "flaeche_km2": {
        "bezeichnung": "Gebietsfläche", "einheit": "km²", "quelle": VG250_SOURCE, "thema": "bevoelkerung",
        "ganzzahlig": False, "beschreibung": "Katasterfläche in km² (Spalte KFL der VG250-EW, Stand 31.12.2022).",
    },
}


def import_region_hannover(data_root: Path | str, problems: Problems | None = None) -> ImportResult:
    """Read the official files under ``data_root`` (the shared data folder); raises DataError on errors."""
    root = Path(data_root)
    problems = problems if problems is not None else Problems(base=root)
    counts, merkmale, names = [], {}, {}
    left_out, citation = [], ""
    for file_name, ids in INKAR_FILES.items():
        export = read_inkar(root / INKAR_DIR / file_name, problems, prefix=REGION_KEY)
        if export is None:
            continue
        data = export.data
        municipal = data[data["key"].str.len() == 8]
        if municipal.empty:
            problems.error(f"Keine Gemeinden mit Schlüssel {REGION_KEY}… gefunden.", export.path)
            continue
        export.data = municipal
        citation = export.citation or citation
        names.update(dict(zip(municipal["key"], municipal["name"])))
        part, entries = inkar_merkmale(export, ids, problems)
        years = part["year"]
        dropped = sorted(set(years[(years < FIRST_YEAR) | (years > LAST_YEAR)]))
        if dropped:
            labels = ", ".join(entry["bezeichnung"] for entry in entries.values()) or file_name
            left_out.append(f"{labels}: Jahre {', '.join(map(str, dropped))} (außerhalb {FIRST_YEAR}–{LAST_YEAR})")
        counts.append(part[years.between(FIRST_YEAR, LAST_YEAR)].assign(source="inkar"))
        for merkmal_id, entry in entries.items():
            merkmale[merkmal_id] = {**entry, **MERKMAL_CHANGES.get(merkmal_id, {})}
    vg = read_vg250_gemeinden(root / VG250_FILE, problems, prefix=REGION_KEY)
    if vg is not None:
        unknown = vg[~vg["key"].isin(names)]
        for row in unknown.itertuples():
            problems.warning("Die Gemeinde fehlt in den INKAR-Daten und wird nicht übernommen.", root / VG250_FILE,
                             row=int(row.row), column="AGS", value=row.key)
        vg = vg[vg["key"].isin(names)]
        for merkmal_id, column in (("ew_insgesamt", "ewz"), ("flaeche_km2", "kfl")):
            counts.append(pd.DataFrame({"key": vg["key"], "year": VG250_YEAR, "merkmal": merkmal_id,
                                        "value": vg[column], "note": "", "source": "vg250"}))
        merkmale.update(VG250_MERKMALE)
    if problems.has_errors() or not names:
        raise DataError("Die Quelldaten für die Region Hannover enthalten Fehler; es wurde nichts geschrieben.",
                        problems.items)
    areas = pd.DataFrame([(REGION_KEY, REGION_NAME, "region", "")]
                         + [(key, names[key], "kommune", REGION_KEY) for key in sorted(names)],
                         columns=["key", "name", "level", "parent"])
    note = _source_note(len(names), left_out, citation)
    return ImportResult(areas, pd.concat(counts, ignore_index=True), merkmale, note, problems)


def _source_note(n_kommunen: int, left_out: list[str], citation: str) -> str:
    lines = [
        f"# Quellen: Sozialmonitoring {REGION_NAME}",
        "",
        f"{REGION_NAME} (Schlüssel {REGION_KEY}) mit {n_kommunen} Kommunen (AGS {REGION_KEY}001 bis "
        f"{REGION_KEY}0{n_kommunen:02d}). Alle Werte stammen unverändert aus den amtlichen Dateien; die Werte der "
        "Region berechnet berichte als Summe der Kommunen (Kennzahlen als Verhältnis der Summen).",
        "",
        "## INKAR (BBSR)",
        f"- {(citation or 'INKAR, Ausgabe 2024, BBSR Bonn').rstrip('. ')}. Lizenz: dl-de/by-2-0.",
        f"- Dateien: {', '.join(str(INKAR_DIR / f) for f in INKAR_FILES)} (Blätter Daten, Metadaten, Quellangabe).",
        "- Arbeitslose im Jahresdurchschnitt; Einwohner 15 bis unter 65 Jahre am 31.12. INKAR rechnet auf den "
        "aktuellen Gebietsstand um (in der Region Hannover seit 1974 unverändert).",
        "",
        "## BKG VG250-EW",
        f"- {VG250_SOURCE}; Datei {VG250_FILE}.",
        "- Einwohner (EWZ) und Fläche (KFL) am 31.12.2022, nur für 2022. Die Einwohnerzahl ist auf Basis des "
        "Zensus 2011 fortgeschrieben; LSN-Zahlen ab 2022 beruhen auf dem Zensus 2022 und sind nicht vergleichbar.",
        "",
        "## Jahre",
        f"- Berichtszeitraum {FIRST_YEAR}–{LAST_YEAR}: Arbeitslose und Einwohner 15–65 liegen für "
        f"{FIRST_YEAR}–2021 vor, Einwohner und Fläche nur für {VG250_YEAR}. Berichtsjahr ist deshalb {REPORT_YEAR}.",
    ]
    if left_out:
        lines += ["", "## Nicht übernommen"] + [f"- {item}" for item in left_out]
    return "\n".join(lines)


def region_hannover_plan(result: ImportResult) -> ProjectPlan:
    kennzahlen = {
        "einwohner": standard_kennzahl(
            "einwohner", VG250_SOURCE,
            definition="Zahl der Einwohnerinnen und Einwohner am 31.12. laut VG250-EW (nur 2022; Fortschreibung "
                       "auf Basis des Zensus 2011)."),
        "einwohnerdichte": standard_kennzahl("einwohnerdichte", VG250_SOURCE, nenner="flaeche_km2", faktor=1),
        "erwerbsfaehige": {
            "titel": "Einwohnerinnen und Einwohner von 15 bis unter 65 Jahren", "kurztitel": "15- bis unter 65-Jährige",
            "thema": "bevoelkerung", "zaehler": "ew_15_65", "einheit": "Anzahl", "polaritaet": "neutral",
            "nachkommastellen": 0, "schwelle": 1.0,
            "definition": "Zahl der Einwohnerinnen und Einwohner im Alter von 15 bis unter 65 Jahren am 31.12.",
            "quelle": "INKAR, Ausgabe 2024 (BBSR Bonn); Fortschreibung des Bevölkerungsstandes",
        },
        "arbeitslose": standard_kennzahl("arbeitslose", INKAR_SOURCE),
        "arbeitslosenanteil": standard_kennzahl("arbeitslosenanteil", INKAR_SOURCE),
    }
    return ProjectPlan(
        area_name=REGION_NAME,
        title=f"Sozialmonitoring {REGION_NAME}",
        levels=[{"id": "region", "name": "Region", "mehrzahl": "Regionen", "genus": "f"},
                {"id": "kommune", "name": "Kommune", "mehrzahl": "Kommunen", "genus": "f"}],
        first_year=FIRST_YEAR, last_year=LAST_YEAR, report_year=REPORT_YEAR, comparison_year=COMPARISON_YEAR,
        themes=standard_themes(["bevoelkerung", "arbeitsmarkt"]),
        kennzahlen=kennzahlen,
        comments=[f"Jahre {FIRST_YEAR}–{LAST_YEAR}: Arbeitslose und Einwohner 15–65 bis 2021 (INKAR), Einwohner "
                  f"und Fläche nur {VG250_YEAR} (VG250-EW); daher Berichtsjahr {REPORT_YEAR}."],
        data_date="INKAR, Ausgabe 2024; VG250-EW, Stand 31.12.2022",
    )


def build(data_root: Path | str, problems: Problems | None = None) -> tuple[ImportResult, ProjectPlan]:
    result = import_region_hannover(data_root, problems)
    return result, region_hannover_plan(result)
