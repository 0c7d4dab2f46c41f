"""Writing an import as a complete berichte project folder (``data/`` with settings, areas, Merkmale,
Kennzahlen, counts and a ``QUELLEN.md``), every file written atomically.

Counts go to ``data/zahlen/<source>.csv`` in the long layout ``schluessel;name;jahr;merkmal;wert``
(UTF-8, ``;``, decimal comma). A missing value that the source marked with an official symbol is written
as that symbol (e.g. ``*`` for values suppressed for data protection); a value the source simply lacks is
not written at all.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import atomic
from ..problems import BerichteError
from ..load.overwrite import refuse_overwrite
from ..load.readers import DEFAULT_SYMBOLS
from .kennzahlen import check_kennzahlen
from .result import ImportResult, ProjectPlan

_SYMBOL_FOR_REASON: dict[str, str] = {}
for _symbol, (_value, _reason) in DEFAULT_SYMBOLS.items():
    if _value is None:
        _SYMBOL_FOR_REASON.setdefault(_reason, _symbol)


@dataclass
class WrittenProject:
    root: Path
    areas: int
    merkmale: int
    kennzahlen: int
    values: int
    count_files: list[Path]
    other_count_files: list[Path]  # files already in data/zahlen that the import did not write


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


def _comment(lines: list[str]) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


def _number_text(values: pd.Series) -> pd.Series:
    whole = values % 1 == 0
    text = values.map(lambda v: f"{v:.12g}".replace(".", ","))
    return text.where(~whole, values.map(lambda v: str(int(v)) if np.isfinite(v) else ""))


def _counts_csv(counts: pd.DataFrame, names: pd.Series) -> str:
    counts = counts.copy()
    symbol = counts["note"].map(_SYMBOL_FOR_REASON)
    keep = counts["value"].notna() | symbol.notna()
    counts = counts[keep]
    cell = _number_text(counts["value"].fillna(0.0)).where(counts["value"].notna(), symbol[keep])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["schluessel", "name", "jahr", "merkmal", "wert"])
    writer.writerows(zip(counts["key"], counts["key"].map(names), counts["year"], counts["merkmal"], cell))
    return out.getvalue()


# "Hannover, Landeshauptstadt" → "Hannover", "Flensburg, Stadt" → "Flensburg": the short name for texts and charts.
_TYPE_SUFFIX = r",\s*(?:Stadt|Landeshauptstadt|Hansestadt|Lhst\.|Stadt und Landkreis)$"


def _areas_csv(areas: pd.DataFrame) -> str:
    short = areas["name"].str.replace(_TYPE_SUFFIX, "", regex=True)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["schluessel", "name", "kurzname", "ebene", "uebergeordnet"])
    writer.writerows(zip(areas["key"], areas["name"], short, areas["level"], areas["parent"]))
    return out.getvalue()


def _settings(plan: ProjectPlan, source: str) -> str:
    settings = {
        "titel": plan.title,
        "gebiet": plan.area_name,
        "herausgeber": plan.publisher or plan.area_name,
        "beispieldaten": False,
        "jahre": {"von": plan.first_year, "bis": plan.last_year},
        "berichtsjahr": plan.report_year,
        "vergleichsjahr": plan.comparison_year,
        "stichtag": plan.reference_date,
        "ebenen": plan.levels,
        "dateien": {"gebiete": "gebiete.csv", "merkmale": "merkmale.yml", "kennzahlen": "kennzahlen.yml",
                    "zahlen": ["zahlen"]},
    }
    if plan.data_date:
        settings["datenstand"] = plan.data_date
    if plan.max_lag:
        settings["hoechstens_jahre_zurueck"] = plan.max_lag
    if plan.sozialindex:
        settings["sozialindex"] = plan.sozialindex
    if plan.breaks:
        settings["datenbrueche"] = plan.breaks
    header = ["Projekteinstellungen des Sozialmonitorings.",
              f"Erzeugt von „berichte importieren {source}“ aus amtlichen Daten; Quellen und Hinweise in QUELLEN.md.",
              *plan.comments]
    return _comment(header) + _dump(settings)


def _check(result: ImportResult, plan: ProjectPlan) -> None:
    """Programming checks of an importer's output (a failure here is a bug, not a data problem)."""
    areas = result.areas
    if areas["key"].duplicated().any():
        raise ValueError(f"duplicate area keys: {sorted(areas.loc[areas['key'].duplicated(), 'key'])}")
    unknown = set(result.counts["key"]) - set(areas["key"])
    if unknown:
        raise ValueError(f"counts for unknown areas: {sorted(unknown)[:10]}")
    missing = set(result.counts["merkmal"]) - set(result.merkmale)
    if missing:
        raise ValueError(f"counts for Merkmale without definition: {sorted(missing)}")
    derived = {m for m, entry in result.merkmale.items() if "formel" in entry} & set(result.counts["merkmal"])
    if derived:
        raise ValueError(f"counts delivered for derived Merkmale: {sorted(derived)}")
    outside = ~result.counts["year"].between(plan.first_year, plan.last_year)
    if outside.any():
        raise ValueError(f"counts outside {plan.first_year}-{plan.last_year}: "
                         f"{sorted(result.counts.loc[outside, 'year'].unique())}")
    check_kennzahlen(plan.kennzahlen, result.merkmale)


def write_project(result: ImportResult, plan: ProjectPlan, target: Path | str, source: str,
                  overwrite: bool = False) -> WrittenProject:
    """Write ``target/data/`` from an import; refuses to replace an existing project unless ``overwrite``."""
    _check(result, plan)
    root = Path(target)
    data = root / "data"
    if not overwrite:
        files = [f"data/{name}" for name in ("projekt.yml", "gebiete.csv", "merkmale.yml", "kennzahlen.yml",
                                             "QUELLEN.md", "gebiete.geojson")]
        files += [f"data/zahlen/{name}.csv" for name in sorted(result.counts["source"].unique())]
        refuse_overwrite(root, files, f"importieren {source}", "mit --ziel einen anderen Ordner")
        if data.exists() and any(data.iterdir()):
            raise BerichteError(f"Im Zielordner „{root}“ gibt es schon einen Datenordner data/ mit Dateien "
                                f"({', '.join(sorted(p.name for p in data.iterdir())[:5])}). Einen anderen "
                                "Zielordner wählen oder mit --ueberschreiben ersetzen.")
    zahlen = data / "zahlen"
    names = result.areas.set_index("key")["name"]
    order = {key: i for i, key in enumerate(result.areas["key"])}
    counts = result.counts.assign(_order=result.counts["key"].map(order))
    counts = counts.sort_values(["source", "merkmal", "_order", "year"], kind="stable")
    count_files = []
    for source_name, part in counts.groupby("source", sort=True):
        path = zahlen / f"{source_name}.csv"
        atomic.write_text(path, _counts_csv(part, names))
        count_files.append(path)
    atomic.write_text(data / "gebiete.csv", _areas_csv(result.areas))
    atomic.write_text(data / "merkmale.yml", _comment([
        "Merkmalsverzeichnis: jede Zählgröße mit Bezeichnung, Einheit und Quelle (aus amtlichen Daten importiert).",
        "teil_von: Merkmale, von denen dieses ein Teil ist; formel: aus anderen Merkmalen berechnet.",
    ]) + _dump(result.merkmale))
    atomic.write_text(data / "kennzahlen.yml", _comment([
        "Kennzahlenkatalog: jede Kennzahl ist zaehler / nenner × faktor (oder eine Anzahl).",
        "Werte übergeordneter Gebiete werden aus den summierten Zählgrößen der Teilgebiete berechnet.",
    ]) + _dump({"themen": plan.themes, "kennzahlen": plan.kennzahlen}))
    atomic.write_text(data / "projekt.yml", _settings(plan, source))
    atomic.write_text(data / "QUELLEN.md", result.source_note.rstrip() + "\n")
    geojson = data / "gebiete.geojson"
    if result.geometries and result.geometries.get("features"):
        atomic.write_text(geojson, json.dumps(result.geometries, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif geojson.exists() and overwrite:
        geojson.unlink()  # a map of the replaced project would not fit the new areas
    written = set(count_files)
    others = sorted(p for p in zahlen.iterdir() if p.is_file() and p not in written and not p.name.startswith("."))
    return WrittenProject(root, len(result.areas), len(result.merkmale), len(plan.kennzahlen),
                          int(result.counts["value"].notna().sum()), count_files, others)
