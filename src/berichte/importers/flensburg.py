"""Tables of the Stadt Flensburg "Sozialatlas 2022" as transcribed by OK Lab Flensburg (one CSV per table).

Layout of the district tables: ``year, district_id, <value columns …>``; district_id 1–13 are the
Stadtteile of ``fl_district.csv``; an empty district_id is a value that could not be assigned to a
Stadtteil (or a total). ``_tables.csv`` gives each table's number and title in the printed Sozialatlas,
``_fl_table_meta_data.csv`` its German label and footnote.

Stadtteil keys are the city's AGS plus the two-digit district number: ``0100100001`` (Altstadt) …
``0100100013`` (Tarup). They keep their leading zeros and sort in the Sozialatlas order; the Stadtteil
polygons (``flensburg_stadtteile.geojson``) use AREA_ID ``STGT01``…``STGT13`` for the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..problems import Problems
from ..load.readers import locate_header, normalise_name, parse_numbers, read_raw

CITY_KEY = "01001000"
CITY_NAME = "Flensburg, Stadt"
SECRET = "aus Datenschutzgründen anonymisiert"  # reason of "*" in the official symbols


def district_key(number) -> str:
    return f"{CITY_KEY}{int(number):02d}"


@dataclass(frozen=True)
class TableInfo:
    name: str  # "fl_residents_by_district"
    number: str  # "1" (Tabelle 1 of the Sozialatlas), "" if unknown
    label: str  # German label from _fl_table_meta_data.csv
    hint: str  # footnote


def _text_table(path: Path, problems: Problems, first: str):
    raw = read_raw(path, problems)
    if raw is None:
        return None
    return locate_header(raw, {normalise_name(first)}, problems, f"„{first}“")


def read_districts(folder: Path | str, problems: Problems) -> pd.DataFrame | None:
    """The 13 Stadtteile: number, key, name."""
    path = Path(folder) / "fl_district.csv"
    table = _text_table(path, problems, "id")
    if table is None:
        return None
    frame = table.frame
    if "name" not in frame.columns:
        problems.error("Die Spalte „name“ fehlt.", path, row=1)
        return None
    ids = frame["id"].str.strip()
    bad = ~ids.str.fullmatch(r"\d{1,2}")
    for index in bad[bad].index:
        problems.error("Die Stadtteilnummer muss eine Zahl von 1 bis 99 sein.", path, row=int(table.rows[index]),
                       column="id", value=ids[index])
    if bad.any():
        return None
    return pd.DataFrame({"number": ids.astype(int), "key": ids.map(district_key), "name": frame["name"].str.strip()})


def read_table_info(folder: Path | str) -> dict[str, TableInfo]:
    """Number, label and footnote of every table (empty texts where the metadata files lack them)."""
    folder = Path(folder)
    quiet = Problems()
    info: dict[str, TableInfo] = {}
    tables = _text_table(folder / "_tables.csv", quiet, "table")
    labels = _text_table(folder / "_fl_table_meta_data.csv", quiet, "i18n_id")
    label_of = {}
    if labels is not None and {"table_name", "table_label"} <= set(labels.frame.columns):
        hints = labels.frame["table_hint"] if "table_hint" in labels.frame.columns else ""
        label_of = {n.strip(): (lab.strip(), h.strip()) for n, lab, h in
                    zip(labels.frame["table_name"], labels.frame["table_label"], hints)}
    names = list(tables.frame["table"].str.strip()) if tables is not None else list(label_of)
    titles = list(tables.frame.get("title_in_sql", pd.Series("", index=tables.frame.index))) if tables is not None \
        else [""] * len(names)
    for name, title in zip(names, titles):
        match = re.match(r"\s*TABELLE\s+(\d+)", str(title), flags=re.IGNORECASE)
        label, hint = label_of.get(name, ("", ""))
        info[name] = TableInfo(name, match.group(1) if match else "", label, hint)
    return info


def read_district_table(path: Path | str, problems: Problems, columns: list[str], known: set[int],
                        blank_is_secret: bool = False) -> pd.DataFrame | None:
    """Long values of the chosen columns: number (district, None if unassigned), year, column, value, note, row.

    ``blank_is_secret`` marks empty cells as suppressed for data protection (the Sozialatlas blanks
    values under 4 in some tables) instead of simply missing.
    """
    path = Path(path)
    table = _text_table(path, problems, "year")
    if table is None:
        return None
    frame = table.frame
    missing = [c for c in ["district_id", *columns] if c not in frame.columns]
    if missing:
        problems.error("Es fehlen die Spalten " + ", ".join(f"„{c}“" for c in missing) + ".", path, row=1)
        return None
    rows = pd.Series(table.rows, index=frame.index)
    district = frame["district_id"].str.strip()
    year = frame["year"].str.strip()
    n_errors = len(problems.errors)
    bad_district = (district != "") & ~district.isin([str(k) for k in known])
    for index in bad_district[bad_district].index:
        problems.error(f"Unbekannte Stadtteilnummer; bekannt sind {min(known)} bis {max(known)}.", path,
                       row=int(rows[index]), column="district_id", value=district[index])
    bad_year = ~year.str.fullmatch(r"\d{4}")
    for index in bad_year[bad_year].index:
        problems.error("Das Jahr muss eine vierstellige Zahl sein.", path, row=int(rows[index]), column="year",
                       value=year[index])
    pieces = []
    for column in columns:
        parsed = parse_numbers(frame[column], ".")
        for index in parsed.invalid[parsed.invalid].index:
            problems.error("Keine Zahl und kein bekanntes Zeichen der amtlichen Statistik.", path,
                           row=int(rows[index]), column=column, value=frame.at[index, column])
        note = parsed.notes.where(~(blank_is_secret & (parsed.notes == "fehlt")), SECRET)
        pieces.append(pd.DataFrame({"district": district, "year": year, "column": column,
                                    "value": parsed.values, "note": note, "row": rows}))
    if len(problems.errors) > n_errors:
        return None
    long = pd.concat(pieces, ignore_index=True)
    long["year"] = long["year"].astype(int)
    long["number"] = pd.to_numeric(long.pop("district"), errors="coerce").astype("Int64")
    return long
