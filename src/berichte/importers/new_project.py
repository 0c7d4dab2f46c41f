"""``berichte neu``: a new, valid project folder for a planner's own region.

Writes ``data/projekt.yml`` (every field present or commented out and explained), ``data/gebiete.csv``
(with ``--schluessel`` prefilled from official data where berichte has them: the Gemeinden of a Kreis in
Niedersachsen from BKG's VG250-EW, the Kreis names from the LSN), the standard Merkmale and Kennzahlen, an
empty ``data/zahlen/`` and ``LIESMICH.md`` with the next steps. Nothing is written into a folder that
already holds a project.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .. import atomic
from ..load.readers import locate_header, normalise_name, read_raw
from ..problems import BerichteError, Problems
from .settings_file import NewSettings, commented_settings, schema_line

VG250_FILE = Path("ags_niedersachsen") / "vg250ew_20221231_gemeinden_niedersachsen.csv"
VG250_LABEL = "VG250-EW des BKG (Gebietsstand und Einwohner 31.12.2022)"
LSN_NAMES_FILE = Path("lsn_integrationsmonitoring_ni") / "data" / "indicator_1-1-1.csv"
STANDARD_SOZIALINDEX = {
    "status": ["arbeitslosenanteil_sgb2", "sgb2_quote", "kinderarmut", "altersarmut", "anteil_alleinerziehende"],
    "dynamik": ["arbeitslosenanteil_sgb2", "sgb2_quote", "kinderarmut", "altersarmut"],
    "jahre_dynamik": 3,
    "mindest_einwohner": 300,
}
LEVELS = {
    "kreis": {"id": "kreis", "name": "Landkreis", "mehrzahl": "Landkreise", "genus": "m"},
    "region": {"id": "region", "name": "Region", "mehrzahl": "Regionen", "genus": "f"},
    "stadt": {"id": "stadt", "name": "Stadt", "mehrzahl": "Städte", "genus": "f"},
    "gemeinde": {"id": "gemeinde", "name": "Gemeinde", "mehrzahl": "Gemeinden", "genus": "f"},
    "kommune": {"id": "kommune", "name": "Kommune", "mehrzahl": "Kommunen", "genus": "f"},
    "stadtteil": {"id": "stadtteil", "name": "Stadtteil", "mehrzahl": "Stadtteile", "genus": "m"},
    "sozialraum": {"id": "sozialraum", "name": "Sozialraum", "mehrzahl": "Sozialräume", "genus": "m"},
}
README_NAME = "LIESMICH.md"


@dataclass
class Area:
    key: str
    name: str
    short: str
    level: str
    parent: str = ""


@dataclass
class NewProject:
    name: str
    key: str | None
    levels: list[dict]
    areas: list[Area]
    source: str = ""  # where the areas come from (German), "" if only the top area or none
    notes: list[str] = field(default_factory=list)  # German remarks for the planner (what is missing)


@dataclass
class WrittenNewProject:
    root: Path
    files: list[tuple[str, str]]  # (relative path, German description)
    plan: NewProject
    merkmale: int
    kennzahlen: int


def _table(path: Path, wanted: set[str], what: str):
    problems = Problems()
    raw = read_raw(path, problems)
    table = locate_header(raw, wanted, problems, what) if raw is not None else None
    if table is None:
        return None
    columns = {normalise_name(c): c for c in table.frame.columns}
    return table.frame.rename(columns={c: normalise_name(c) for c in columns.values()})


def _gemeinden(data_root: Path | None, prefix: str):
    """VG250-EW Gemeinden whose AGS starts with ``prefix``: rows (ags, gen, bez, ewz); None without the file."""
    if data_root is None or not (data_root / VG250_FILE).is_file():
        return None
    frame = _table(data_root / VG250_FILE, {"ags"}, "„AGS“")
    if frame is None or not {"ags", "gen", "bez", "ewz"} <= set(frame.columns):
        return None
    return frame[frame["ags"].str.startswith(prefix)][["ags", "gen", "bez", "ewz"]]


def _kreis_name(data_root: Path | None, key: str) -> str | None:
    """The LSN's name of a Kreis ("Peine", "Region Hannover", "Braunschweig, Stadt")."""
    if data_root is None or not (data_root / LSN_NAMES_FILE).is_file():
        return None
    frame = _table(data_root / LSN_NAMES_FILE, {"geocode"}, "„GeoCode“")
    if frame is None or "gebietseinheit" not in frame.columns:
        return None
    names = frame.loc[frame["geocode"] == f"K{key}", "gebietseinheit"]
    return str(names.iloc[0]).strip() if len(names) else None


def _area_name(gen: str, bez: str) -> tuple[str, str]:
    """Name and short name as in the official lists: ("Peine, Stadt", "Peine"), ("Edemissen", "Edemissen")."""
    if bez == "Stadt":
        return f"{gen}, Stadt", gen
    return gen, gen


def _top_name(official: str) -> str:
    """"Peine" → "Landkreis Peine", "Braunschweig, Stadt" → "Stadt Braunschweig", "Region Hannover" stays."""
    if official.endswith(", Stadt"):
        return "Stadt " + official.removesuffix(", Stadt")
    if official.startswith(("Region ", "Landkreis ", "Kreis ", "Stadt ")):
        return official
    return "Landkreis " + official


def plan_new_project(name: str | None, key: str | None, data_root: Path | None) -> NewProject:
    """What ``berichte neu`` writes: the areas from official data where berichte has them."""
    name = (name or "").strip() or None
    key = (key or "").strip() or None
    if key is not None and (not key.isdigit() or len(key) not in (2, 3, 5, 8, 9, 12)):
        raise BerichteError(f"--schluessel „{key}“ ist kein amtlicher Gebietsschlüssel (Ziffern, z. B. 03157 für "
                            "einen Kreis oder 03157006 für eine Gemeinde).")
    if key is None:
        if name is None:
            raise BerichteError("Bitte den Namen des Gebiets angeben (--name \"Landkreis Peine\") oder seinen amtlichen "
                                "Schlüssel (--schluessel 03157): Er steht auf jedem Bericht.")
        return NewProject(name, None, [LEVELS["kreis"], LEVELS["kommune"]], [], notes=[
            "gebiete.csv enthält nur die Kopfzeile: Tragen Sie das ganze Gebiet (Ebene „kreis“, ohne übergeordnetes "
            "Gebiet) und seine Kommunen ein, oder legen Sie das Projekt mit --schluessel an."])
    gemeinden = _gemeinden(data_root, key) if len(key) in (5, 8) else None
    official = _kreis_name(data_root, key) if len(key) == 5 else None
    if gemeinden is not None and len(key) == 5 and len(gemeinden):
        kreisfrei = len(gemeinden) == 1 and gemeinden["ags"].iloc[0] == key + "000"
        top_name = name or _top_name(official or "")
        if not top_name.strip() or top_name.strip() == "Landkreis":
            raise BerichteError(f"Für den Schlüssel {key} kennt berichte keinen Namen; bitte mit --name angeben.")
        if kreisfrei:
            levels = [LEVELS["stadt"], LEVELS["stadtteil"]]
            return NewProject(top_name, key, levels, [Area(key, top_name, top_name, "stadt")], VG250_LABEL, notes=[
                f"{top_name} ist kreisfrei: berichte kennt ihre Stadtteile nicht. Tragen Sie die Stadtteile in "
                "gebiete.csv ein (Ebene „stadtteil“, übergeordnet " + key + ")."])
        top = "region" if top_name.startswith("Region ") else "kreis"
        areas = [Area(key, top_name, top_name, top)]
        skipped = 0
        for row in gemeinden.itertuples():
            if row.bez == "Gemeindefreies Gebiet" and str(row.ewz).strip() in ("0", ""):
                skipped += 1
                continue
            full, short = _area_name(row.gen, row.bez)
            areas.append(Area(row.ags, full, short, "kommune", key))
        notes = [f"{skipped} gemeindefreie Gebiete ohne Einwohner wurden nicht übernommen."] if skipped else []
        return NewProject(top_name, key, [LEVELS[top], LEVELS["kommune"]], areas, VG250_LABEL, notes)
    if gemeinden is not None and len(key) == 8 and len(gemeinden):
        row = next(gemeinden.itertuples())
        full, short = _area_name(row.gen, row.bez)
        top_name = name or (f"Stadt {row.gen}" if row.bez == "Stadt" else f"Gemeinde {row.gen}")
        level = "stadt" if row.bez == "Stadt" else "gemeinde"
        return NewProject(top_name, key, [LEVELS[level], LEVELS["sozialraum"]], [Area(key, top_name, short, level)],
                          VG250_LABEL, notes=[
                              f"berichte kennt die Sozialräume von {short} nicht: Tragen Sie sie in gebiete.csv ein "
                              f"(Ebene „sozialraum“, übergeordnet {key})."])
    where = ("der Ordner mit den amtlichen Daten wurde nicht gefunden: mit --quelle angeben"
             if data_root is None or not (data_root / VG250_FILE).is_file()
             else "mitgeliefert sind die Gemeinden und Kreise Niedersachsens aus VG250-EW")
    if name is None:
        raise BerichteError(f"Für den Schlüssel {key} hat berichte keine amtlichen Gebietsdaten ({where}). Bitte den "
                            "Namen des Gebiets mit --name angeben; die Gebiete darunter tragen Sie dann selbst in "
                            "gebiete.csv ein.")
    return NewProject(name, key, [LEVELS["kreis"], LEVELS["kommune"]], [Area(key, name, name, "kreis")], notes=[
        f"Für den Schlüssel {key} hat berichte keine amtlichen Gebietsdaten ({where}). gebiete.csv enthält nur "
        f"{name}; tragen Sie die Gebiete darunter ein (Ebene „kommune“, übergeordnet {key})."])


def _areas_csv(areas: list[Area]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["schluessel", "name", "kurzname", "ebene", "uebergeordnet"])
    for area in areas:
        writer.writerow([area.key, area.name, area.short, area.level, area.parent])
    return out.getvalue()


def _standard(name: str) -> str:
    return resources.files("berichte").joinpath("standard", name).read_text(encoding="utf-8")


def _readme(plan: NewProject, folder: str) -> str:
    lines = [f"# {plan.name}: Sozialmonitoring mit berichte", "",
             "Dieser Ordner ist ein Projekt von `berichte`. Die Berichte entstehen aus den Dateien in `data/`:", "",
             "| Datei | Inhalt |", "| --- | --- |",
             "| `data/projekt.yml` | Einstellungen: Name, Herausgeber, Kontakt, Jahre, Ebenen, Geheimhaltung, "
             "Sozialindex (jedes Feld ist in der Datei erklärt) |",
             "| `data/gebiete.csv` | die Gebiete mit Schlüssel, Name, Ebene und übergeordnetem Gebiet |",
             "| `data/merkmale.yml` | die Merkmale (Zählgrößen), die geliefert werden, mit ihrer Quelle |",
             "| `data/kennzahlen.yml` | die Kennzahlen, die daraus berechnet werden |",
             "| `data/zahlen/` | die Datenlieferungen (CSV oder Excel) – noch leer |", ""]
    if plan.notes:
        lines += ["**Noch zu tun:** " + " ".join(plan.notes), ""]
    lines += [
        "## Die nächsten drei Schritte", "",
        "1. **Einstellungen und Gebiete prüfen.** In `data/projekt.yml` Herausgeber, Kontakt und die Jahre "
        "(`jahre`, `berichtsjahr`, `vergleichsjahr`) eintragen; in `data/gebiete.csv` die Gebiete ergänzen "
        "(z. B. Sozialräume). Kennzahlen, die Sie nicht brauchen, löschen Sie aus `data/kennzahlen.yml` (und aus dem "
        "Abschnitt `sozialindex` in `projekt.yml`), danach die nicht mehr gebrauchten Merkmale aus "
        "`data/merkmale.yml`. `berichte pruefen` meldet jedes Problem mit Datei und Zeile.",
        "2. **Daten anfordern.** `berichte vorlagen` schreibt für jede Datenquelle (Einwohnermeldeamt, Bundesagentur "
        "für Arbeit, Jugendamt, …) eine Excel-Datei mit Ihren Gebieten und den erwarteten Merkmalen und Jahren "
        "in den Ordner `lieferungen/`. Schicken Sie sie an die Stellen; die ausgefüllten Dateien legen Sie "
        "unverändert in `data/zahlen/`.",
        "3. **Prüfen, ansehen, veröffentlichen.** `berichte pruefen` prüft die Lieferungen. `berichte build "
        "--entwurf` erzeugt Entwürfe (mit dem Vermerk „Entwurf“) in `_entwurf/` zur Durchsicht, so oft Sie wollen. "
        "Erst `berichte build` veröffentlicht die Berichte in `_output/` (Fassung 1; spätere Korrekturen werden "
        "als neue Fassung mit Korrekturprotokoll veröffentlicht).", "",
        f"Alle Befehle gelten für den aktuellen Ordner; von außerhalb: `berichte --projekt {folder} pruefen`.", ""]
    return "\n".join(lines)


def new_project_files() -> list[str]:
    """The files :func:`write_new_project` writes, relative to the project folder."""
    from ..load.reference import schema_texts

    return (["data/projekt.yml", "data/gebiete.csv", "data/merkmale.yml", "data/kennzahlen.yml", README_NAME]
            + [f"schema/{name}" for name in schema_texts()])


def write_new_project(target: Path | str, plan: NewProject, today: dt.date | None = None,
                      overwrite: bool = False) -> WrittenNewProject:
    """Write a new project; an existing one (or a data/ folder with files) is replaced only with ``overwrite``."""
    from ..load.overwrite import refuse_overwrite

    root = Path(target)
    data = root / "data"
    if not overwrite:
        refuse_overwrite(root, new_project_files(), "neu", "einen neuen Ordner")
        if data.is_dir() and any(data.iterdir()):
            raise BerichteError(f"Im Ordner „{root}“ enthält data/ schon Dateien "
                                f"({', '.join(sorted(p.name for p in data.iterdir())[:5])}). Bitte einen neuen "
                                "Ordner wählen oder mit --ueberschreiben bestätigen, dass das Projekt dort "
                                "angelegt wird (vorhandene Einstellungen werden dabei ersetzt).")
    today = today or dt.date.today()
    last = today.year - 1
    settings = NewSettings(area_name=plan.name, title=f"Sozialmonitoring {plan.name}", publisher=plan.name,
                           first_year=last - 5, last_year=last, comparison_year=last - 5, levels=plan.levels,
                           sozialindex=STANDARD_SOZIALINDEX)
    merkmale, kennzahlen = _standard("merkmale.yml"), _standard("kennzahlen.yml")
    atomic.write_text(data / "projekt.yml", commented_settings(settings, today))
    atomic.write_text(data / "gebiete.csv", _areas_csv(plan.areas))
    atomic.write_text(data / "merkmale.yml", schema_line("merkmale.yml") + merkmale)
    atomic.write_text(data / "kennzahlen.yml", schema_line("kennzahlen.yml") + kennzahlen)
    from ..load.reference import write_schemas

    write_schemas(root / "schema")
    (data / "zahlen").mkdir(parents=True, exist_ok=True)
    atomic.write_text(root / README_NAME, _readme(plan, str(target)))
    import yaml

    n_merkmale = len(yaml.safe_load(merkmale))
    n_kennzahlen = len(yaml.safe_load(kennzahlen).get("kennzahlen", {}))
    lower = len([a for a in plan.areas if a.parent])
    if plan.source and lower:
        areas_text = f"{plan.name} und {lower} {plan.levels[1]['mehrzahl']} aus {plan.source}"
    elif plan.areas:
        areas_text = f"nur {plan.name}; die Gebiete darunter bitte ergänzen"
    else:
        areas_text = "nur die Kopfzeile; die Gebiete bitte eintragen"
    files = [("data/projekt.yml", "Einstellungen, jedes Feld erklärt"),
             ("data/gebiete.csv", areas_text),
             ("data/merkmale.yml", f"{n_merkmale} Standard-Merkmale"),
             ("data/kennzahlen.yml", f"{n_kennzahlen} Standard-Kennzahlen"),
             ("data/zahlen/", "leer: hierhin kommen die Datenlieferungen"),
             ("schema/", "Beschreibung der YAML-Dateien für den Editor (JSON Schema)"),
             (README_NAME, "die nächsten Schritte")]
    return WrittenNewProject(root, files, plan, n_merkmale, n_kennzahlen)
