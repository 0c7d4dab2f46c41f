"""A project from LSN's Integrationsmonitoring: Niedersachsen → Statistische Regionen → Kreise, and Region
Hannover split into Landeshauptstadt (03241001) and Umland (03241999); optionally limited to a key prefix.

Only counts are imported (Anzahl, total rows); the Kennzahlen are computed from them. Every area's own
value is delivered by LSN, so a parent's value is LSN's, not the sum of its parts; where they differ
(rounding of Mindestsicherung to multiples of 5 since 2020, territorial changes) ``berichte pruefen``
warns. Population breaks at the Zensus 2011 and 2022 (see QUELLEN.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..problems import DataError, Problems
from .kennzahlen import standard_kennzahl, standard_themes
from .lsn import read_lsn
from .geo import GEO_NI_KREISE, area_features, leaf_members, read_features
from .result import ImportResult, ProjectPlan

DATA_DIR = Path("lsn_integrationsmonitoring_ni") / "data"
FIRST_YEAR, LAST_YEAR, REPORT_YEAR, COMPARISON_YEAR = 2005, 2024, 2024, 2019
LAND_KEY = "030"
# indicator, selection, unit, Merkmal id, label, unit of the Merkmal, theme, teil_von
INDICATORS = [
    ("1-1-1", {}, None, "ew_insgesamt", "Einwohnerinnen und Einwohner insgesamt", "bevoelkerung", []),
    ("1-2-1", {}, None, "ew_nichtdeutsch", "Ausländerinnen und Ausländer", "bevoelkerung", ["ew_insgesamt"]),
    ("1-2-8", {"Nationalität": "Deutsche"}, None, "geburten_deutsch",
     "Lebendgeborene mit deutscher Staatsangehörigkeit", "bevoelkerung", []),
    ("1-2-8", {"Nationalität": "Ausländerinnen und Ausländer"}, None, "geburten_nichtdeutsch",
     "Lebendgeborene mit ausländischer Staatsangehörigkeit", "bevoelkerung", []),
    ("2-3-1", {}, None, "einbuergerungen", "Einbürgerungen", "integration", []),
    ("6-2-1", {"Nationalität": "Insgesamt"}, "Anzahl", "mindestsicherung",
     "Empfängerinnen und Empfänger von Mindestsicherungsleistungen", "mindestsicherung", ["ew_insgesamt"]),
    ("6-2-1", {"Nationalität": "Ausländerinnen und Ausländer"}, "Anzahl", "mindestsicherung_nichtdeutsch",
     "Ausländische Empfängerinnen und Empfänger von Mindestsicherungsleistungen", "mindestsicherung",
     ["mindestsicherung", "ew_nichtdeutsch"]),
]
# Former Kreise listed without GeoCode in some years: their values are missing from the successor, so the
# successor's value for those years is on the old territory and is not imported.
MERGED_INTO = {"Osterode": ("03159", "Landkreis Osterode am Harz, seit 1.11.2016 Teil des Landkreises Göttingen")}
LEVELS = {
    "land": {"id": "land", "name": "Land", "mehrzahl": "Länder", "genus": "n"},
    "statistische_region": {"id": "statistische_region", "name": "Statistische Region",
                            "mehrzahl": "Statistische Regionen", "genus": "f"},
    "kreis": {"id": "kreis", "name": "Kreis", "mehrzahl": "Kreise und kreisfreie Städte", "genus": "m"},
    "teilraum": {"id": "teilraum", "name": "Teilraum", "mehrzahl": "Teilräume", "genus": "m"},
}
SOURCE = "LSN, Integrationsmonitoring Niedersachsen"


def _level(key: str) -> str:
    if key == LAND_KEY:
        return "land"
    return {3: "statistische_region", 5: "kreis"}.get(len(key), "teilraum")


def _parent(key: str) -> str:
    if key == LAND_KEY:
        return ""
    return {3: LAND_KEY, 5: key[:3]}.get(len(key), key[:5])


def _clean_name(name: str) -> str:
    name = re.sub(r"^dav\.\s*", "", name)
    return name.replace("Lhst.", "Landeshauptstadt")


def _areas(names: dict[str, str], prefix: str | None, problems: Problems) -> pd.DataFrame | None:
    keys = [k for k in names if not prefix or k.startswith(prefix)]
    frame = pd.DataFrame({"key": keys, "name": [_clean_name(names[k]) for k in keys],
                          "level": [_level(k) for k in keys], "parent": [_parent(k) for k in keys]})
    frame["parent"] = frame["parent"].where(frame["parent"].isin(keys), "")
    roots = frame[frame["parent"] == ""]
    if len(roots) != 1:
        problems.error(f"Der Schlüsselanfang „{prefix}“ ergibt {len(roots)} oberste Gebiete; er muss genau ein "
                       "Gebiet mit seinen Teilgebieten treffen (z. B. 03241 für die Region Hannover).")
        return None
    order = list(LEVELS)
    frame["_depth"] = frame["level"].map(order.index)
    return frame.sort_values(["_depth", "key"]).drop(columns="_depth").reset_index(drop=True)


def import_lsn(data_root: Path | str, prefix: str | None = None, problems: Problems | None = None) -> ImportResult:
    """Read the LSN indicator files under ``data_root``; ``prefix`` limits the areas (e.g. "03241")."""
    root = Path(data_root)
    problems = problems if problems is not None else Problems(base=root)
    counts, merkmale, names, notes = [], {}, {}, []
    files = {}  # each file is read once; columns that differ between its Merkmale are kept and split below
    for ind_id, select, unit, *_ in INDICATORS:
        merged, _ = files.setdefault((ind_id, unit), ({}, None))
        for column, value in select.items():
            merged[column] = value if merged.get(column, value) == value else None
    for key, (merged, _) in files.items():
        files[key] = (merged, read_lsn(root / DATA_DIR / f"indicator_{key[0]}.csv", problems, merged, key[1]))
    for ind_id, select, unit, merkmal_id, label, theme, part_of in INDICATORS:
        merged, indicator = files[(ind_id, unit)]
        if indicator is None:
            continue
        data = indicator.data
        for column, value in select.items():
            if merged[column] is None:
                data = data[data[column] == value]
        left_out = indicator.left_out
        for name, (successor, history) in MERGED_INTO.items():
            years = set(left_out.loc[left_out["name"] == name, "year"].astype(int))
            if years:
                old = (data["key"] == successor) & data["year"].isin(years)
                data = data[~old]
                notes.append(f"{label} ({indicator.number}): {name} ({history}) ist {', '.join(map(str, sorted(years)))} "
                             f"ohne Schlüssel gesondert ausgewiesen; die Werte von {successor} für diese Jahre "
                             "(alter Gebietsstand) sind nicht übernommen.")
        for key, name in zip(data["key"], data["name"]):
            names.setdefault(key, name)
        data = data[data["year"].between(FIRST_YEAR, LAST_YEAR)]
        counts.append(pd.DataFrame({"key": data["key"], "year": data["year"], "merkmal": merkmal_id,
                                    "value": data["value"], "note": data["note"], "source": "lsn"}))
        choice = ", ".join(f"{c} = {v}" for c, v in {**indicator.selection, **select}.items())
        merkmale[merkmal_id] = {
            "bezeichnung": label, "einheit": "Personen",
            "quelle": f"{SOURCE}, Indikator {indicator.number}"
                      + (f" ({indicator.data_source})" if indicator.data_source else ""),
            "thema": theme,
            "beschreibung": f"{indicator.title or 'LSN-Indikator ' + indicator.number}"
                            + (f"; Auswahl: {choice}" if choice else "") + ".",
        }
        if part_of:
            merkmale[merkmal_id]["teil_von"] = part_of
    merkmale["geburten"] = {"bezeichnung": "Lebendgeborene", "einheit": "Personen",
                            "quelle": merkmale.get("geburten_deutsch", {}).get("quelle", SOURCE),
                            "thema": "bevoelkerung", "formel": "geburten_deutsch + geburten_nichtdeutsch"}
    areas = _areas(names, prefix, problems) if names else None
    if problems.has_errors() or areas is None:
        raise DataError("Die LSN-Daten enthalten Fehler; es wurde nichts geschrieben.", problems.items)
    counts = pd.concat(counts, ignore_index=True)
    counts = counts[counts["key"].isin(set(areas["key"]))]
    geometries = _geometries(root, areas, problems)
    note = _source_note(areas, notes)
    if geometries:
        note += ("\n\n## Karte\n- Kreisgrenzen (Region Hannover geteilt in Landeshauptstadt und Umland) aus "
                 "lsn_integrationsmonitoring_ni/geo/NI_Kurz_diss.geojson (LSN, Integrationsmonitoring); "
                 "Region, Statistische Regionen und Land daraus zusammengesetzt.")
    return ImportResult(areas, counts, merkmale, note, problems, geometries)


def _geometries(root: Path, areas: pd.DataFrame, problems: Problems) -> dict | None:
    """Kreis polygons keyed "K" + key (K03241001 and K03241999 for Hannover and its Umland); parents as unions."""
    path = root / GEO_NI_KREISE
    if not path.exists():
        return None
    source = read_features(path, "AGS", problems, land_only=False)
    members = leaf_members(areas, source, lambda key: "K" + key)
    collection = area_features(source, members, dict(zip(areas["key"], areas["name"])))
    return collection if collection["features"] else None


def _source_note(areas: pd.DataFrame, notes: list[str]) -> str:
    files = ", ".join(sorted({f"indicator_{i[0]}.csv" for i in INDICATORS}))
    lines = [
        f"# Quellen: {SOURCE}",
        "",
        f"{len(areas)} Gebiete: {areas.iloc[0]['name']} und Teilgebiete. Schlüssel = GeoCode ohne „K“ "
        "(030 Niedersachsen, 031–034 Statistische Regionen, fünfstellig Kreise, 03241001 Landeshauptstadt "
        "Hannover, 03241999 Umland).",
        "",
        "- Landesamt für Statistik Niedersachsen (LSN), Integrationsmonitoring Niedersachsen; Daten-Repository "
        "christoph-LSN/IM_Data. Das Repository nennt keine Lizenz für die Daten; zu zitieren ist LSN bzw. die "
        "jeweilige Fachstatistik (Quelle je Merkmal in merkmale.yml).",
        f"- Dateien: {DATA_DIR}/{{{files}}}; Titel aus meta/global_indicators_de.yml, Quellen aus meta/*.md.",
        "- Übernommen sind nur Anzahlen (Einheit „Anzahl“, Summenzeilen „Insgesamt“); Anteile und Quoten "
        "berechnet berichte selbst.",
        "- Bevölkerung: Fortschreibung mit Brüchen durch den Zensus 2011 (ab 2011) und den Zensus 2022 (ab 2022); "
        "Veränderungen über diese Jahre hinweg sind nicht aussagekräftig.",
        "- Mindestsicherung: keine Angaben 2005–2009, 2013 und 2015–2017; seit 2020 sind Teilleistungen auf "
        "Vielfache von 5 gerundet, daher weichen Summen der Teilgebiete leicht ab.",
        f"- Berichtszeitraum {FIRST_YEAR}–{LAST_YEAR}.",
    ]
    if notes:
        lines += ["", "## Nicht übernommen"] + [f"- {n}" for n in notes]
    return "\n".join(lines)


def lsn_plan(result: ImportResult) -> ProjectPlan:
    root = result.areas.iloc[0]
    levels = [LEVELS[level] for level in LEVELS if level in set(result.areas["level"])]
    kennzahlen = {
        "einwohner": standard_kennzahl(
            "einwohner", f"{SOURCE} (Bevölkerungsfortschreibung)",
            definition="Zahl der Einwohnerinnen und Einwohner am 31.12. laut Bevölkerungsfortschreibung "
                       "(Brüche durch die Zensus 2011 und 2022)."),
        "auslaenderanteil": standard_kennzahl(
            "auslaenderanteil", f"{SOURCE} (Ausländerzentralregister; Bevölkerungsfortschreibung)",
            definition="Ausländerinnen und Ausländer laut Ausländerzentralregister je 100 Einwohnerinnen und "
                       "Einwohner laut Bevölkerungsfortschreibung, jeweils am 31.12. (wie LSN-Indikator 1.2.2)."),
        "geburtenrate": standard_kennzahl("geburtenrate", f"{SOURCE} (natürliche Bevölkerungsbewegung)"),
        "anteil_geburten_nichtdeutsch": {
            "titel": "Anteil der Lebendgeborenen mit ausländischer Staatsangehörigkeit",
            "kurztitel": "Ausländische Lebendgeborene", "thema": "bevoelkerung",
            "zaehler": "geburten_nichtdeutsch", "nenner": "geburten", "einheit": "%", "polaritaet": "neutral",
            "nachkommastellen": 1, "schwelle": 1.0,
            "definition": "Anteil der Lebendgeborenen mit ausländischer Staatsangehörigkeit an allen "
                          "Lebendgeborenen des Jahres in Prozent.",
            "quelle": f"{SOURCE} (natürliche Bevölkerungsbewegung)",
        },
        "einbuergerungen": {
            "titel": "Einbürgerungen", "thema": "integration", "zaehler": "einbuergerungen", "einheit": "Anzahl",
            "polaritaet": "neutral", "nachkommastellen": 0, "schwelle": 5.0,
            "definition": "Zahl der im Kalenderjahr eingebürgerten Personen.",
            "quelle": f"{SOURCE} (Einbürgerungsstatistik)",
        },
        "mindestsicherungsquote": standard_kennzahl(
            "mindestsicherungsquote", f"{SOURCE} (Statistik der BA; Statistische Ämter des Bundes und der Länder)",
            definition="Empfängerinnen und Empfänger von Mindestsicherungsleistungen (SGB II, Hilfe zum "
                       "Lebensunterhalt außerhalb von Einrichtungen und Grundsicherung im Alter und bei "
                       "Erwerbsminderung nach SGB XII, Regelleistungen nach AsylbLG) je 100 Einwohnerinnen und "
                       "Einwohner. LSN veröffentlicht die Quote je 1.000 (Indikator 6.2.1, Einheit „Quote“)."),
        "mindestsicherungsquote_nichtdeutsch": {
            "titel": "Mindestsicherungsquote der Ausländerinnen und Ausländer",
            "kurztitel": "Mindestsicherungsquote Ausländer", "thema": "mindestsicherung",
            "zaehler": "mindestsicherung_nichtdeutsch", "nenner": "ew_nichtdeutsch", "einheit": "%",
            "polaritaet": "hoch_unguenstig", "nachkommastellen": 1, "schwelle": 0.5,
            "definition": "Ausländische Empfängerinnen und Empfänger von Mindestsicherungsleistungen je 100 "
                          "Ausländerinnen und Ausländer (Ausländerzentralregister).",
            "quelle": f"{SOURCE} (Statistik der BA; Ausländerzentralregister)",
        },
    }
    themes = standard_themes(["bevoelkerung", "mindestsicherung"])
    themes["integration"] = {"titel": "Integration",
                             "beschreibung": "Einbürgerungen als Merkmal der rechtlichen Integration."}
    return ProjectPlan(
        area_name=root["name"], title=f"Integrationsmonitoring {root['name']}", levels=levels,
        first_year=FIRST_YEAR, last_year=LAST_YEAR, report_year=REPORT_YEAR, comparison_year=COMPARISON_YEAR,
        themes=themes, kennzahlen=kennzahlen,
        comments=["Die Werte aller Gebiete liefert LSN selbst; Abweichungen von der Summe der Teilgebiete "
                  "meldet „berichte pruefen“ als Warnung (siehe QUELLEN.md)."],
        data_date=f"{SOURCE}, Stand der Ausgabe bis {LAST_YEAR}",
    )


def build(data_root: Path | str, problems: Problems | None = None,
          prefix: str | None = None) -> tuple[ImportResult, ProjectPlan]:
    result = import_lsn(data_root, prefix, problems)
    return result, lsn_plan(result)
