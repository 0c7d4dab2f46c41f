"""Any Kreis from the INKAR exports: ``berichte importieren inkar --gebiet 03157``.

Areas. The Kreis (5-digit key) and below it its Kommunen, as offices of the Kreis count them: the Einheits-
gemeinden and Städte (8-digit AGS) and, where Gemeinden form a Gemeindeverband (in Niedersachsen: a
Samtgemeinde, 9-digit key), the Gemeindeverband, with its Mitgliedsgemeinden one level below. Which Gemeinde
belongs to which Gemeindeverband is read from the Regionalschlüssel (ARS) of BKG's VG250-EW, which the shared
data hold for Niedersachsen; elsewhere the Gemeinden stand directly below the Kreis, and data delivered per
Gemeindeverband are taken only where a Gemeindeverband is one Gemeinde (key ``KKKKK0GGG`` = AGS ``KKKKKGGG``).

Data (all unchanged from the official files; values of the Kreis and of Samtgemeinden are sums of the
Gemeinden for counts, and for published values only what the source delivers for that area):

* counts per Gemeinde from the INKAR raw exports: Arbeitslose (annual average) and Einwohner 15 bis unter 65;
* published SGB-II indicators per Gemeinde and Gemeindeverband (INKAR 2024, RegioHub export) and for the Kreis,
  as Kennzahlen of kind "Wert";
* indicators delivered for the Kreis only (SGB-II-Quote, Grundsicherung im Alter, Wohngeld, Mindestsicherung,
  Schuldnerquote, Haushaltseinkommen, Bruttoverdienst, Schulabgänger ohne Abschluss);
* Einkommensteuer per Gemeindeverband (EUR je Einwohnerin und Einwohner; no value for the Kreis);
* the GISD score of the RKI per Gemeindeverband (Niedersachsen) and per Kreis (normed per level, so the
  Kreis value is not comparable with those of its Kommunen);
* Einwohner and Fläche 31.12.2022 per Gemeinde from VG250-EW and polygons from ``geo/`` (Niedersachsen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..problems import BerichteError, DataError, Problems
from .geo import GEO_NI_GEMEINDEN, GEO_NI_SOURCE, area_features, missing_polygons, read_features
from .inkar import inkar_merkmale, read_inkar
from .kennzahlen import legal_changes, standard_kennzahl, standard_themes
from .result import ImportResult, ProjectPlan
from .vg250 import read_vg250_gemeinden

INKAR_DIR = Path("rki_gisd_inkar") / "inkar_raw"
REGIOHUB_DIR = Path("inkar2024_regiohub_inkr")
GISD_DIR = Path("rki_gisd_inkar") / "gisd"
VG250_FILE = Path("ags_niedersachsen") / "vg250ew_20221231_gemeinden_niedersachsen.csv"
VG250_YEAR = 2022
VG250_SOURCE = "© GeoBasis-DE / BKG, VG250-EW (Stand 31.12.2022), dl-de/by-2-0"
INKAR_EDITION = "INKAR, Ausgabe 2024 (BBSR Bonn)"
INKAR_SOURCE = f"{INKAR_EDITION}; Statistik der Bundesagentur für Arbeit"
SGB2_SOURCE = f"{INKAR_EDITION}; Statistik der Grundsicherung für Arbeitsuchende der Bundesagentur für Arbeit"
GISD_SOURCE = "Robert Koch-Institut, German Index of Socioeconomic Deprivation (GISD), CC BY 4.0"
FIRST_YEAR = 2001  # Einwohner 15–65 from 2001 (Arbeitslose from 1998)
LAST_YEAR = 2022
MAX_LAG = 3  # income tax ends 2019: shown in a 2022 report with "Stand 2019"
COUNT_FILES = {
    "A_Arbeitslosigkeit.xls": {"Arbeitslose": "alo_insgesamt"},
    "A_ErwerbsfaehigeBevoelkerung.xls": {"Erwerbsfähige Bevölkerung (15 bis unter 65 Jahre)": "ew_15_65"},
}
COUNT_CHANGES = {
    "alo_insgesamt": {"bezeichnung": "Arbeitslose (Jahresdurchschnitt)", "einheit": "Personen",
                      "thema": "arbeitsmarkt", "stichtag": "Jahresdurchschnitt"},
    "ew_15_65": {"bezeichnung": "Einwohnerinnen und Einwohner von 15 bis unter 65 Jahren", "einheit": "Personen",
                 "thema": "bevoelkerung"},
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


@dataclass(frozen=True)
class Wert:
    """A published value of INKAR (or the GISD) that becomes a Merkmal and a Kennzahl of kind "Wert"."""

    code: str  # INKAR Kürzel (column of the RegioHub export) or indicator name of a raw export
    kennzahl: str
    title: str
    short_title: str
    unit: str
    theme: str
    polarity: str
    decimals: int
    definition: str
    source: str
    key: bool = False
    comparable: bool = True
    in_text: str = ""

    @property
    def merkmal(self) -> str:
        return "w_" + self.kennzahl


PER_1000 = "je 1.000 Einwohnerinnen und Einwohner"
# Delivered for Gemeinden, Gemeindeverbände and Kreise (2021–2022 below the Kreis).
SGB2_WERTE = [
    Wert("q_PBG_bev", "personen_bg", "Personen in Bedarfsgemeinschaften nach dem SGB II je 1.000 Einwohnerinnen und Einwohner",
         "Personen in Bedarfsgemeinschaften", PER_1000, "mindestsicherung", "hoch_unguenstig", 1,
         "Personen in Bedarfsgemeinschaften nach dem SGB II je 1.000 Einwohnerinnen und Einwohner (Jahresmitte).",
         SGB2_SOURCE, key=True, in_text="der Anteil der Personen in Bedarfsgemeinschaften"),
    Wert("q_newfBGu15_bev", "kinderarmut", "Kinderarmut (nicht erwerbsfähige Leistungsberechtigte unter 15 Jahren)",
         "Kinderarmut", "je 100 Einwohnerinnen und Einwohner unter 15 Jahren", "mindestsicherung", "hoch_unguenstig",
         1, "Nicht erwerbsfähige Leistungsberechtigte und Nichtleistungsberechtigte in Bedarfsgemeinschaften unter "
            "15 Jahren je 100 Einwohnerinnen und Einwohner unter 15 Jahren.", SGB2_SOURCE, key=True,
         in_text="die Kinderarmut"),
    Wert("a_BGKind", "anteil_bg_kinder", "Anteil der Bedarfsgemeinschaften mit Kindern", "Bedarfsgemeinschaften "
         "mit Kindern", "%", "mindestsicherung", "neutral", 1,
         "Anteil der Bedarfsgemeinschaften mit Kindern an allen Bedarfsgemeinschaften nach dem SGB II in Prozent.",
         SGB2_SOURCE, in_text="der Anteil der Bedarfsgemeinschaften mit Kindern"),
    Wert("a_ewfBG_allein", "anteil_elb_alleinerziehend", "Anteil der Alleinerziehenden an den erwerbsfähigen "
         "Leistungsberechtigten", "Alleinerziehende unter den Leistungsberechtigten", "%", "mindestsicherung",
         "neutral", 1, "Anteil der alleinerziehenden an allen erwerbsfähigen Leistungsberechtigten nach dem SGB II "
                       "in Prozent.", SGB2_SOURCE,
         in_text="der Anteil der Alleinerziehenden an den erwerbsfähigen Leistungsberechtigten"),
    Wert("a_ewfBG_u25_", "anteil_elb_u25", "Anteil der unter 25-Jährigen an den erwerbsfähigen "
         "Leistungsberechtigten", "Leistungsberechtigte unter 25 Jahren", "%", "mindestsicherung", "neutral", 1,
         "Anteil der erwerbsfähigen Leistungsberechtigten unter 25 Jahren an allen erwerbsfähigen "
         "Leistungsberechtigten nach dem SGB II in Prozent.", SGB2_SOURCE,
         in_text="der Anteil der unter 25-Jährigen an den erwerbsfähigen Leistungsberechtigten"),
    Wert("a_ewfBG_55um_", "anteil_elb_55plus", "Anteil der ab 55-Jährigen an den erwerbsfähigen "
         "Leistungsberechtigten", "Leistungsberechtigte ab 55 Jahren", "%", "mindestsicherung", "neutral", 1,
         "Anteil der erwerbsfähigen Leistungsberechtigten ab 55 Jahren an allen erwerbsfähigen "
         "Leistungsberechtigten nach dem SGB II in Prozent.", SGB2_SOURCE,
         in_text="der Anteil der ab 55-Jährigen an den erwerbsfähigen Leistungsberechtigten"),
]
# Delivered for the Kreis only (RegioHub export of the Kreise).
KREIS_WERTE = [
    Wert("q_SGBII", "sgb2_quote", "SGB-II-Quote", "SGB-II-Quote", "%", "mindestsicherung", "hoch_unguenstig", 1,
         "Leistungsberechtigte nach dem SGB II (erwerbsfähig und nicht erwerbsfähig) je 100 Einwohnerinnen und "
         "Einwohner unter 65 Jahren.", SGB2_SOURCE, in_text="die SGB-II-Quote"),
    Wert("a_GSa", "altersarmut", "Grundsicherung im Alter (Altersarmut)", "Altersarmut", "%", "mindestsicherung",
         "hoch_unguenstig", 1, "Anteil der Empfängerinnen und Empfänger von Grundsicherung im Alter an den "
                               "Einwohnerinnen und Einwohnern ab 65 Jahren in Prozent.",
         f"{INKAR_EDITION}; Statistik der Grundsicherung im Alter und bei Erwerbsminderung", in_text="die Altersarmut"),
    Wert("a_sMin", "mindestsicherungsquote", "Mindestsicherungsquote", "Mindestsicherungsquote", "%",
         "mindestsicherung", "hoch_unguenstig", 1,
         "Anteil der Empfängerinnen und Empfänger sozialer Mindestsicherungsleistungen an der Bevölkerung in Prozent.",
         f"{INKAR_EDITION}; Sozialberichterstattung der amtlichen Statistik", in_text="die Mindestsicherungsquote"),
    Wert("a_HHwg", "wohngeld_haushalte", "Wohngeldhaushalte je 1.000 Haushalte", "Wohngeldhaushalte",
         "je 1.000 Haushalte", "mindestsicherung", "hoch_unguenstig", 1,
         "Haushalte, die Wohngeld empfangen (reine Wohngeldhaushalte), je 1.000 Haushalte.",
         f"{INKAR_EDITION}; Wohngeldstatistik", in_text="der Anteil der Wohngeldhaushalte"),
]
# Kreis-level raw exports: indicator name → Wert
KREIS_RAW = {
    "E_Schuldnerquote.xls": Wert(
        "Schuldnerquote", "schuldnerquote", "Schuldnerquote", "Schuldnerquote", "%", "einkommen", "hoch_unguenstig",
        1, "Private Schuldnerinnen und Schuldner je 100 Einwohnerinnen und Einwohner ab 18 Jahren.",
        f"{INKAR_EDITION}; Schuldneratlas Deutschland (Creditreform)", in_text="die Schuldnerquote"),
    "E_Haushaltseinkommen.xls": Wert(
        "Haushaltseinkommen", "haushaltseinkommen", "Verfügbares Haushaltseinkommen je Einwohnerin und Einwohner",
        "Haushaltseinkommen", "EUR je Einwohnerin und Einwohner", "einkommen", "hoch_guenstig", 0,
        "Durchschnittliches verfügbares Einkommen der privaten Haushalte in Euro je Einwohnerin und Einwohner.",
        f"{INKAR_EDITION}; Volkswirtschaftliche Gesamtrechnungen der Länder", in_text="das Haushaltseinkommen"),
    "A_Bruttoverdienst.xls": Wert(
        "Bruttoverdienst", "bruttoverdienst", "Monatlicher Bruttoverdienst", "Bruttoverdienst", "EUR je Monat",
        "einkommen", "hoch_guenstig", 0, "Monatlicher Bruttoverdienst von Arbeitnehmerinnen und Arbeitnehmern in Euro.",
        f"{INKAR_EDITION}; Volkswirtschaftliche Gesamtrechnungen der Länder", in_text="der Bruttoverdienst"),
    "B_SchulabgaengerohneAbschluss.xls": Wert(
        "Schulabgänger ohne Abschluss", "schulabgaenger_ohne_abschluss", "Schulabgängerinnen und Schulabgänger "
        "ohne Hauptschulabschluss", "ohne Hauptschulabschluss", "%", "kinder_bildung", "hoch_unguenstig", 1,
        "Anteil der Schulabgängerinnen und Schulabgänger ohne Hauptschulabschluss an allen Schulabgängerinnen und "
        "Schulabgängern in Prozent.", f"{INKAR_EDITION}; Statistik der allgemeinbildenden Schulen",
        in_text="der Anteil der Schulabgängerinnen und Schulabgänger ohne Hauptschulabschluss"),
}
EINKOMMENSTEUER = Wert(
    "Einkommensteuer", "einkommensteuer", "Gemeindeanteil an der Einkommensteuer je Einwohnerin und Einwohner", "Einkommensteuer",
    "EUR je Einwohnerin und Einwohner", "einkommen", "hoch_guenstig", 0,
    "Gemeindeanteil an der Einkommensteuer in Euro je Einwohnerin und Einwohner (je Gemeindeverband; für den Kreis "
    "liefert INKAR keinen Wert).", f"{INKAR_EDITION}; Realsteuervergleich des Bundes und der Länder",
    in_text="der Gemeindeanteil an der Einkommensteuer")
GISD = Wert(
    "gisd_score", "gisd", "German Index of Socioeconomic Deprivation (GISD)", "GISD-Score", "Indexwert (0 bis 1)",
    "einkommen", "hoch_unguenstig", 2,
    "Sozioökonomische Deprivation aus Bildung, Beschäftigung und Einkommen (Score von 0 = geringste bis 1 = höchste "
    "Deprivation). Der Score wird für jede Gebietsebene eigens normiert; der Wert des Kreises ist deshalb nicht mit "
    "den Werten seiner Kommunen vergleichbar.", GISD_SOURCE, comparable=False, in_text="der GISD-Score")
THEMES_EXTRA = {"einkommen": {"titel": "Einkommen und sozioökonomische Lage",
                              "beschreibung": "Einkommen, Verschuldung und der Deprivationsindex GISD."}}


@dataclass
class Structure:
    """The areas of one Kreis: Kommunen (Einheitsgemeinden and Gemeindeverbände), Mitgliedsgemeinden."""

    kreis: str
    kreis_name: str
    kreis_kind: str  # "Landkreis", "Region", "Kreis", …
    gemeinden: dict[str, str]  # AGS → INKAR name
    gvb_of: dict[str, str] = field(default_factory=dict)  # AGS → 9-digit Gemeindeverband key (when known)
    gvb_names: dict[str, str] = field(default_factory=dict)

    @property
    def top_level(self) -> str:
        return "region" if self.kreis_kind == "Region" else "kreis"

    def members(self, gvb: str) -> list[str]:
        return sorted(g for g, v in self.gvb_of.items() if v == gvb)

    @property
    def samtgemeinden(self) -> list[str]:
        return sorted({v for v in self.gvb_of.values() if len(self.members(v)) > 1})

    def area_of_gvb(self, gvb: str) -> str | None:
        """The project's area for a Gemeindeverband key: the Samtgemeinde itself, or its only Gemeinde."""
        if gvb in self.samtgemeinden:
            return gvb
        members = self.members(gvb)
        if len(members) == 1:
            return members[0]
        candidate = gvb[:5] + gvb[6:]  # KKKKK0GGG → KKKKKGGG (a Gemeinde that is its own Gemeindeverband)
        if not self.gvb_of and gvb[5] == "0" and candidate in self.gemeinden:
            return candidate
        return None

    def area_of_gemeinde(self, ags: str) -> str:
        return ags


def _kreis_kind(name: str, kreis: str) -> tuple[str, str]:
    """("Landkreis", "Peine") from the INKAR name; Region, Städteregion, Regionalverband kept."""
    match = re.match(r"^(.*),\s*(Städteregion|Regionalverband|Landkreis|Kreis)$", name)
    if match:
        return match.group(2), match.group(1)
    if name.startswith("Region "):
        return "Region", name[len("Region "):]
    return ("Kreis" if kreis[:2] in ("01", "05") else "Landkreis"), name


def _structure(root: Path, kreis: str, gemeinden: dict[str, str], kreis_name: str, vg,
               problems: Problems) -> Structure:
    kind, plain = _kreis_kind(kreis_name, kreis)
    structure = Structure(kreis, plain, kind, gemeinden)
    if vg is not None and not vg.empty:
        for ags, ars in zip(vg["key"], vg["ars"]):
            if ags in gemeinden and len(ars) == 12:
                structure.gvb_of[ags] = ars[:9]
    return structure


def _read_vg250(root: Path, kreis: str, problems: Problems):
    path = root / VG250_FILE
    if not path.exists() or not kreis.startswith("03"):
        return None
    vg = read_vg250_gemeinden(path, problems, prefix=kreis)
    if vg is None:
        return None
    raw = pd.read_csv(path, dtype=str, usecols=["AGS", "ARS", "BEZ"])
    info = raw.set_index("AGS")
    vg["ars"] = vg["key"].map(info["ARS"]).fillna("")
    vg["bez"] = vg["key"].map(info["BEZ"]).fillna("")
    return vg


def _regiohub(root: Path, name: str, kreis: str, keys_start: str, problems: Problems) -> pd.DataFrame | None:
    path = root / REGIOHUB_DIR / name
    if not path.exists():
        problems.warning("Die Datei fehlt; die SGB-II-Kennzahlen daraus werden nicht übernommen.", path)
        return None
    frame = pd.read_csv(path, dtype={"kennziffer": str})
    return frame[frame["kennziffer"].str.startswith(keys_start)].assign(_file=str(path))


def _long(frame: pd.DataFrame, werte: list[Wert], key_map: dict[str, str]) -> pd.DataFrame:
    rows = []
    for w in werte:
        if w.code not in frame:
            continue
        part = frame[["kennziffer", "zeitbezug", w.code]].dropna()
        keys = part["kennziffer"].map(key_map)
        part = part[keys.notna()]
        rows.append(pd.DataFrame({"key": keys[keys.notna()], "year": part["zeitbezug"].astype(int),
                                  "merkmal": w.merkmal, "value": part[w.code].astype(float), "note": ""}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["key", "year", "merkmal", "value"])


def _wert_merkmal(w: Wert, label_suffix: str = "") -> dict:
    return {"bezeichnung": w.title + label_suffix, "einheit": w.unit, "quelle": w.source,
            "thema": w.theme, "summierbar": False, "ganzzahlig": False,
            "beschreibung": f"Veröffentlichter Wert ({w.code}); {w.definition}"}


def _wert_kennzahl(w: Wert) -> dict:
    entry = {"titel": w.title, "kurztitel": w.short_title, "art": "wert", "merkmal": w.merkmal, "thema": w.theme,
             "einheit": w.unit, "polaritaet": w.polarity, "nachkommastellen": w.decimals,
             "definition": w.definition, "quelle": w.source}
    if w.in_text:
        entry["im_text"] = w.in_text
    if w.key:
        entry["kern"] = True
    if not w.comparable:
        entry["mit_obergebiet_vergleichbar"] = False
    return entry


@dataclass
class KreisImport:
    result: ImportResult
    structure: Structure
    werte: list[Wert]
    has_vg250: bool


def import_kreis(data_root: Path | str, kreis: str, problems: Problems | None = None) -> KreisImport:
    """Read the official files for one Kreis; raises DataError (nothing written) on errors."""
    root = Path(data_root)
    problems = problems if problems is not None else Problems(base=root)
    if not re.fullmatch(r"\d{5}", kreis):
        raise BerichteError(f"--gebiet muss ein fünfstelliger Kreisschlüssel sein, z. B. 03157 für den Landkreis "
                            f"Peine (angegeben: „{kreis}“).")
    counts, merkmale, names, left_out, kreis_name = _municipal_counts(root, kreis, problems)
    if problems.has_errors() or not names:
        raise DataError(f"Die INKAR-Dateien für den Kreis {kreis} enthalten Fehler; es wurde nichts geschrieben.",
                        problems.items)
    if len(names) == 1:
        raise BerichteError(f"{kreis_name or kreis} ({kreis}) hat in INKAR nur eine Gemeinde (kreisfreie Stadt): "
                            "kleinräumigere Daten als die der Stadt selbst enthalten die INKAR-Dateien nicht.")
    kreis_name = kreis_name or _kreis_name(root, kreis)
    vg = _read_vg250(root, kreis, problems)
    if vg is not None:  # uninhabited gemeindefreie Gebiete (forests, lakes) are no Kommunen
        empty = vg[(vg["ewz"] == 0) & vg["key"].isin(names)]
        for row in empty.itertuples():
            left_out.append(f"{names.pop(row.key)} ({row.key}): {row.bez or 'Gebiet'} ohne Einwohner")
    structure = _structure(root, kreis, names, kreis_name, vg, problems)
    if vg is not None:
        counts += _vg250_counts(root, vg, names, left_out, problems)
        merkmale.update(VG250_MERKMALE)
        for merkmal_id in ("ew_15_65",):
            merkmale[merkmal_id]["teil_von"] = ["ew_insgesamt"]
    werte_counts, werte, gvb_names = _published_values(root, kreis, names, structure, left_out, problems)
    counts += werte_counts
    structure.gvb_names = gvb_names
    for w in werte:
        merkmale[w.merkmal] = _wert_merkmal(w)

    areas = _areas(structure)
    counts = pd.concat(counts, ignore_index=True)
    counts = counts[counts["key"].isin(set(areas["key"])) & counts["year"].between(FIRST_YEAR, LAST_YEAR)]
    counts = counts.dropna(subset=["value"]).drop_duplicates(["key", "year", "merkmal"])
    geometries = _geometries(root, structure, areas, problems) if kreis.startswith("03") else None
    note = _source_note(structure, areas, left_out, werte, vg is not None, geometries)
    result = ImportResult(areas, counts, merkmale, note, problems, geometries)
    imported = KreisImport(result, structure, werte, vg is not None)
    result.details = imported
    return imported


def _municipal_counts(root: Path, kreis: str, problems: Problems):
    """The counts of the Kreis's Gemeinden from the INKAR count files: count frames, Merkmale, Gemeinde
    names, what was left out (years before FIRST_YEAR) and the Kreis's name as INKAR gives it."""
    counts, merkmale, names, left_out = [], {}, {}, []
    kreis_name = ""
    for file_name, ids in COUNT_FILES.items():
        export = read_inkar(root / INKAR_DIR / file_name, problems, prefix=kreis)
        if export is None:
            continue
        data = export.data
        kreis_rows = data[data["key"] == kreis]
        kreis_name = kreis_rows["name"].iloc[0] if not kreis_rows.empty else kreis_name
        municipal = data[data["key"].str.len() == 8]
        if municipal.empty:
            raise BerichteError(f"In {export.path.name} gibt es keine Gemeinden mit dem Kreisschlüssel {kreis}. "
                                "Ist das ein Kreisschlüssel aus den INKAR-Dateien (fünf Ziffern, z. B. 03157)?")
        export.data = municipal
        names.update(dict(zip(municipal["key"], municipal["name"])))
        part, entries = inkar_merkmale(export, ids, problems)
        years = part["year"]
        dropped = sorted(set(years[(years < FIRST_YEAR) | (years > LAST_YEAR)]))
        if dropped:
            labels = ", ".join(COUNT_CHANGES[m]["bezeichnung"] for m in entries)
            left_out.append(f"{labels}: Jahre {dropped[0]}–{dropped[-1]} (vor {FIRST_YEAR}, als die Einwohner "
                            "15–65 noch fehlen)")
        counts.append(part[years.between(FIRST_YEAR, LAST_YEAR)].assign(source="inkar"))
        for merkmal_id, entry in entries.items():
            merkmale[merkmal_id] = {**entry, **COUNT_CHANGES.get(merkmal_id, {})}
    return counts, merkmale, names, left_out, kreis_name


def _vg250_counts(root: Path, vg: pd.DataFrame, names: dict[str, str], left_out: list[str],
                  problems: Problems) -> list[pd.DataFrame]:
    """Einwohner and Fläche of the Gemeinden from VG250-EW; a Gemeinde INKAR does not have is left out
    (noted if uninhabited, else a warning)."""
    without = vg[~vg["key"].isin(names)]
    for row in without.itertuples():
        if row.ewz == 0:
            left_out.append(f"{row.name} ({row.key}): {row.bez or 'Gebiet'} ohne Einwohner, nicht in INKAR")
        else:
            problems.warning("Die Gemeinde fehlt in den INKAR-Daten und wird nicht übernommen.", root / VG250_FILE,
                             row=int(row.row), column="AGS", value=row.key)
    vg = vg[vg["key"].isin(names)]
    return [pd.DataFrame({"key": vg["key"], "year": VG250_YEAR, "merkmal": merkmal_id, "value": vg[column],
                          "note": "", "source": "vg250"})
            for merkmal_id, column in (("ew_insgesamt", "ewz"), ("flaeche_km2", "kfl"))]


def _published_values(root: Path, kreis: str, names: dict[str, str], structure: Structure, left_out: list[str],
                      problems: Problems) -> tuple[list[pd.DataFrame], list[Wert], dict[str, str]]:
    """The published values (Kennzahlen of kind "Wert"): SGB II rates of Gemeinden, Gemeindeverbände and the
    Kreis, Kreis indicators, income tax per Gemeindeverband and the GISD; with the Gemeindeverbände's names."""
    counts: list[pd.DataFrame] = []
    werte: list[Wert] = []
    gvb_names: dict[str, str] = {}
    gemeinden_gvb = _regiohub(root, "sozialleistungen_gemeinden_gvb_deutschland.csv", kreis, kreis, problems)
    kreise = _regiohub(root, "sozialleistungen_kreise_laender_bund.csv", kreis, kreis + "000", problems)
    if gemeinden_gvb is not None:
        gvb_rows = gemeinden_gvb[gemeinden_gvb["kennziffer"].str.len() == 9]
        gvb_names = dict(zip(gvb_rows["kennziffer"], gvb_rows["name"]))
        key_map = {k: k for k in names}
        key_map.update({g: a for g in gvb_names if (a := structure.area_of_gvb(g)) and a not in names})
        sgb2 = _long(gemeinden_gvb, SGB2_WERTE, key_map)
        if kreise is not None:
            sgb2 = pd.concat([sgb2, _long(kreise, SGB2_WERTE, {kreis + "000": kreis})], ignore_index=True)
        counts.append(sgb2.assign(source="inkar_sgb2"))
        werte += [w for w in SGB2_WERTE if w.merkmal in set(sgb2["merkmal"])]
    if kreise is not None:
        only = _long(kreise, KREIS_WERTE, {kreis + "000": kreis})
        counts.append(only.assign(source="inkar_kreis"))
        werte += [w for w in KREIS_WERTE if w.merkmal in set(only["merkmal"])]
    for file_name, w in KREIS_RAW.items():
        export = read_inkar(root / INKAR_DIR / file_name, problems, prefix=kreis)
        if export is None:
            continue
        part = export.data[(export.data["key"] == kreis) & (export.data["indicator"] == w.code)]
        if part.empty:
            continue
        counts.append(pd.DataFrame({"key": kreis, "year": part["year"], "merkmal": w.merkmal, "value": part["value"],
                                    "note": part["note"], "source": "inkar_kreis"}))
        werte.append(w)
    export = read_inkar(root / INKAR_DIR / "E_Einkommensteuer.xls", problems, prefix=kreis)
    if export is not None:
        data = export.data[export.data["key"].str.len() == 9]
        gvb_names.update(dict(zip(data["key"], data["name"])))
        areas = data["key"].map(lambda g: structure.area_of_gvb(g))
        unmapped = sorted(set(data.loc[areas.isna(), "key"]))
        if unmapped:
            left_out.append("Einkommensteuer der Gemeindeverbände " + ", ".join(unmapped) + ": ohne Zuordnung der "
                            "Gemeinden (VG250-EW liegt nur für Niedersachsen vor)")
        data = data[areas.notna()]
        counts.append(pd.DataFrame({"key": areas[areas.notna()], "year": data["year"], "merkmal": EINKOMMENSTEUER.merkmal,
                                    "value": data["value"], "note": data["note"], "source": "inkar_einkommensteuer"}))
        werte.append(EINKOMMENSTEUER)
    gisd = _gisd(root, kreis, structure, problems)
    if gisd is not None:
        counts.append(gisd.assign(source="gisd"))
        werte.append(GISD)
    return counts, werte, gvb_names


def _kreis_name(root: Path, kreis: str) -> str:
    """The Kreis's name from the INKAR table of the Kreise (the Gemeinde exports have no Kreis rows)."""
    path = root / REGIOHUB_DIR / "sozialleistungen_kreise_laender_bund.csv"
    if path.exists():
        frame = pd.read_csv(path, dtype=str, usecols=["kennziffer", "name"])
        rows = frame[frame["kennziffer"] == kreis + "000"]
        if not rows.empty:
            return str(rows["name"].iloc[0])
    return kreis


def _gisd(root: Path, kreis: str, structure: Structure, problems: Problems) -> pd.DataFrame | None:
    parts = []
    gvb_path = root / GISD_DIR / "GISD_Niedersachsen_Gemeindeverband.csv"
    if gvb_path.exists() and kreis.startswith("03"):
        gvb = pd.read_csv(gvb_path, dtype={"gvb_id": str})
        gvb = gvb[gvb["gvb_id"].str.startswith(kreis)]
        areas = gvb["gvb_id"].map(structure.area_of_gvb)
        gvb = gvb[areas.notna()]
        parts.append(pd.DataFrame({"key": areas[areas.notna()], "year": gvb["year"], "merkmal": GISD.merkmal,
                                   "value": gvb["gisd_score"], "note": ""}))
    kreis_path = root / GISD_DIR / "GISD_Bund_Kreis.csv"
    if kreis_path.exists():
        rows = pd.read_csv(kreis_path, dtype={"kreis_id": str})
        rows = rows[rows["kreis_id"] == kreis]
        parts.append(pd.DataFrame({"key": kreis, "year": rows["year"], "merkmal": GISD.merkmal,
                                   "value": rows["gisd_score"], "note": ""}))
    if not parts or all(p.empty for p in parts):
        return None
    return pd.concat(parts, ignore_index=True)


def _areas(structure: Structure) -> pd.DataFrame:
    kreis = structure.kreis
    rows = [(kreis, f"{structure.kreis_kind} {structure.kreis_name}", structure.top_level, "")]
    samt = structure.samtgemeinden
    in_samt = {g for s in samt for g in structure.members(s)}
    kommunen = [(g, structure.gemeinden[g]) for g in structure.gemeinden if g not in in_samt]
    kommunen += [(s, f"Samtgemeinde {_gvb_name(structure, s)}") for s in samt]
    for key, name in sorted(kommunen, key=lambda kv: kv[0][:8]):
        rows.append((key, name, "kommune", kreis))
    for s in samt:
        for g in structure.members(s):
            rows.append((g, structure.gemeinden[g], "gemeinde", s))
    return pd.DataFrame(rows, columns=["key", "name", "level", "parent"])


def _gvb_name(structure: Structure, gvb: str) -> str:
    name = structure.gvb_names.get(gvb, "")
    if not name:  # the name of the Samtgemeinde is that of its seat, often a member; fall back to the key
        return gvb
    return re.sub(r",\s*(Samtgemeinde|SG)$", "", name)


def _geometries(root: Path, structure: Structure, areas: pd.DataFrame, problems: Problems) -> dict | None:
    path = root / GEO_NI_GEMEINDEN
    if not path.exists():
        return None
    source = read_features(path, "AGS", problems)
    members = {}
    for key, level in zip(areas["key"], areas["level"]):
        if level == structure.top_level:
            members[key] = list(structure.gemeinden)
        elif len(key) == 9:
            members[key] = structure.members(key)
        else:
            members[key] = [key]
    collection = area_features(source, members, dict(zip(areas["key"], areas["name"])))
    missing = missing_polygons(collection, list(areas["key"]))
    if missing:
        problems.warning("Für diese Gebiete gibt es in der Geometriedatei keine Fläche (Gebietsstand etwa 2017; "
                         "spätere Gemeindefusionen fehlen); sie fehlen auf den Karten: " + ", ".join(missing) + ".",
                         path)
    return collection if collection["features"] else None


def _source_note(structure: Structure, areas: pd.DataFrame, left_out: list[str], werte: list[Wert],
                 has_vg250: bool, geometries: dict | None) -> str:
    kreis = structure.kreis
    name = f"{structure.kreis_kind} {structure.kreis_name}"
    n_kommunen = int((areas["level"] == "kommune").sum())
    n_gemeinden = len(structure.gemeinden)
    samt = structure.samtgemeinden
    lines = [
        f"# Quellen: Sozialmonitoring {name}",
        "",
        f"{name} (Schlüssel {kreis}) mit {n_kommunen} Kommunen"
        + (f", darunter {len(samt)} Samtgemeinden mit zusammen {sum(len(structure.members(s)) for s in samt)} "
           f"Mitgliedsgemeinden" if samt else "") + f" ({n_gemeinden} Gemeinden). Alle Werte stammen unverändert aus "
        "den amtlichen Dateien. Anzahlen des Kreises und der Samtgemeinden berechnet berichte als Summe der "
        "Gemeinden (Kennzahlen als Verhältnis der Summen); veröffentlichte Quoten, Beträge und Indexwerte "
        "(Kennzahlen der Art „Wert“) gibt es für ein Gebiet nur, wenn die Quelle sie für dieses Gebiet liefert – "
        "sie werden nie aus den Werten der Teilgebiete gemittelt.",
        "",
        "## INKAR (BBSR)",
        "- INKAR, Ausgabe 2024, © BBSR Bonn 2024. Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0 "
        "(dl-de/by-2-0).",
        f"- Rohexporte {INKAR_DIR}/: {', '.join(COUNT_FILES)} (Gemeinden: Arbeitslose im Jahresdurchschnitt, "
        "Einwohner 15 bis unter 65 Jahre am 31.12.), E_Einkommensteuer.xls (Gemeindeverbände, bis 2019), "
        f"{', '.join(KREIS_RAW)} (nur Kreise).",
        f"- {REGIOHUB_DIR}/ (INKAR 2024 im Paket RegioHub/inkr, MIT; Daten © BBSR, dl-de/by-2-0): "
        "sozialleistungen_gemeinden_gvb_deutschland.csv (SGB-II-Kennzahlen der Gemeinden und Gemeindeverbände, "
        "2021–2022), sozialleistungen_kreise_laender_bund.csv (Kreise, ab 2007).",
        "- INKAR rechnet auf den aktuellen Gebietsstand um.",
        "",
        "## RKI GISD",
        f"- {GISD_SOURCE}; {GISD_DIR}/GISD_Niedersachsen_Gemeindeverband.csv und GISD_Bund_Kreis.csv. Der Score "
        "wird je Gebietsebene normiert: Kreis- und Gemeindewerte sind nicht miteinander vergleichbar.",
    ]
    if has_vg250:
        lines += ["", "## BKG VG250-EW",
                  f"- {VG250_SOURCE}; Datei {VG250_FILE}. Einwohner (EWZ) und Fläche (KFL) am 31.12.2022, nur für "
                  "2022 (Fortschreibung auf Basis des Zensus 2011). Die Zuordnung der Gemeinden zu Samtgemeinden "
                  "stammt aus dem Regionalschlüssel (ARS)."]
    if geometries:
        lines += ["", "## Karten", f"- {GEO_NI_SOURCE}; Datei {GEO_NI_GEMEINDEN}. Flächen der Samtgemeinden und "
                  "des Kreises sind aus denen der Gemeinden zusammengesetzt."]
    lines += ["", "## Jahre",
              f"- Zeitraum {FIRST_YEAR}–{LAST_YEAR}, Berichtsjahr {LAST_YEAR}. Die Quellen enden in verschiedenen "
              "Jahren (Arbeitslose und Einwohner 15–65 2021, SGB II 2022, Einkommensteuer 2019, GISD 2021, "
              "Einwohner und Fläche nur 2022): Jede Kennzahl erscheint mit ihrem neuesten Jahr, höchstens "
              f"{MAX_LAG} Jahre vor dem Berichtsjahr (hoechstens_jahre_zurueck in projekt.yml), mit dem Vermerk "
              "„Stand …“."]
    if left_out:
        lines += ["", "## Nicht übernommen"] + [f"- {item}" for item in left_out]
    return "\n".join(lines)


def kreis_plan(imported: KreisImport | ImportResult) -> ProjectPlan:
    if isinstance(imported, ImportResult):
        imported = imported.details
    structure, werte = imported.structure, imported.werte
    kinds = {"Landkreis": ("Landkreis", "Landkreise", "m"), "Kreis": ("Kreis", "Kreise", "m"),
             "Region": ("Region", "Regionen", "f"), "Städteregion": ("Städteregion", "Städteregionen", "f"),
             "Regionalverband": ("Regionalverband", "Regionalverbände", "m")}
    name, plural, genus = kinds.get(structure.kreis_kind, ("Kreis", "Kreise", "m"))
    top = structure.top_level
    levels = [{"id": top, "name": name, "mehrzahl": plural, "genus": genus},
              {"id": "kommune", "name": "Kommune", "mehrzahl": "Kommunen", "genus": "f"}]
    if structure.samtgemeinden:
        levels.append({"id": "gemeinde", "name": "Mitgliedsgemeinde", "mehrzahl": "Mitgliedsgemeinden",
                       "genus": "f"})
    kennzahlen = {}
    if imported.has_vg250:
        kennzahlen["einwohner"] = standard_kennzahl(
            "einwohner", VG250_SOURCE, definition="Zahl der Einwohnerinnen und Einwohner am 31.12. laut VG250-EW (nur "
                                                  "2022; Fortschreibung auf Basis des Zensus 2011).")
        kennzahlen["einwohnerdichte"] = standard_kennzahl("einwohnerdichte", VG250_SOURCE, nenner="flaeche_km2",
                                                          faktor=1)
    kennzahlen["erwerbsfaehige"] = {
        "titel": "Einwohnerinnen und Einwohner von 15 bis unter 65 Jahren", "kurztitel": "15- bis unter 65-Jährige",
        "thema": "bevoelkerung", "zaehler": "ew_15_65", "einheit": "Anzahl", "polaritaet": "neutral",
        "nachkommastellen": 0, "schwelle": 1.0,
        "definition": "Zahl der Einwohnerinnen und Einwohner im Alter von 15 bis unter 65 Jahren am 31.12.",
        "quelle": f"{INKAR_EDITION}; Fortschreibung des Bevölkerungsstandes",
    }
    kennzahlen["arbeitslose"] = standard_kennzahl("arbeitslose", INKAR_SOURCE)
    kennzahlen["arbeitslosenanteil"] = standard_kennzahl("arbeitslosenanteil", INKAR_SOURCE)
    for w in werte:
        kennzahlen[w.kennzahl] = _wert_kennzahl(w)
    theme_ids = [t for t in ("bevoelkerung", "arbeitsmarkt", "mindestsicherung", "kinder_bildung")
                 if any(k["thema"] == t for k in kennzahlen.values())]
    themes = standard_themes(theme_ids)
    if any(w.theme == "einkommen" for w in werte):
        themes.update(THEMES_EXTRA)
    status = [k for k in ("arbeitslosenanteil", "personen_bg", "kinderarmut") if k in kennzahlen]
    sozialindex = {"status": status, "einwohner": "ew_insgesamt"} if imported.has_vg250 else {
        "status": status, "einwohner": "ew_15_65", "mindest_einwohner": 200}
    area = f"{structure.kreis_kind} {structure.kreis_name}"
    return ProjectPlan(
        area_name=area, title=f"Sozialmonitoring {area}", levels=levels,
        first_year=FIRST_YEAR, last_year=LAST_YEAR, report_year=LAST_YEAR, comparison_year=LAST_YEAR - 5,
        themes=themes, kennzahlen=kennzahlen, sozialindex=sozialindex, max_lag=MAX_LAG,
        data_date="INKAR, Ausgabe 2024; VG250-EW, Stand 31.12.2022; GISD (Robert Koch-Institut)",
        breaks=legal_changes({"wohngeld_2020": ["wohngeld_haushalte"],
                              "rechtskreiswechsel_2022": [
                                  "personen_bg", "kinderarmut", "anteil_bg_kinder", "anteil_elb_alleinerziehend",
                                  "anteil_elb_u25", "anteil_elb_55plus", "sgb2_quote", "mindestsicherungsquote"]},
                             kennzahlen),
        comments=[
            f"Jahre {FIRST_YEAR}–{LAST_YEAR}. Die Quellen enden in verschiedenen Jahren; jede Kennzahl erscheint mit "
            f"ihrem neuesten Jahr, höchstens {MAX_LAG} Jahre vor dem Berichtsjahr (hoechstens_jahre_zurueck).",
            "Sozialindex: nur Status. Die SGB-II-Kennzahlen der Gemeinden liegen nur für 2021 und 2022 vor; für einen "
            "Dynamikindex über mehrere Jahre reicht das nicht.",
        ],
    )


def build(data_root: Path | str, problems: Problems | None = None, gebiet: str | None = None,
          **_options) -> tuple[ImportResult, ProjectPlan]:
    if gebiet is None:
        raise BerichteError("Für die Quelle inkar bitte den Kreis angeben: --gebiet KREISSCHLÜSSEL, z. B. "
                            "--gebiet 03157 für den Landkreis Peine.")
    imported = import_kreis(data_root, gebiet, problems)
    return imported.result, kreis_plan(imported)
