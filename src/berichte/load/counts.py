"""Loading the counts (Häufigkeiten) in any of the layouts users export.

Accepted layouts, recognised from the header row:

* long:            schluessel | jahr | merkmal | wert
* wide by year:    schluessel | merkmal | 2012 | 2013 | …
* wide by Merkmal: schluessel | jahr | ew_insgesamt | ew_u3 | …   (columns named by Merkmal id)
* wide by Merkmal and year (the delivery templates of ``berichte vorlagen``): a header row with the
  Merkmal ids, each merged across its year columns, and a row of years beneath it; empty cells there
  mean "not filled in" and are skipped

Extra columns such as a name column are ignored. The result is one long frame with the columns
``key, year, merkmal, value, note, file, row, column`` — ``note`` holds the reason of an official symbol
("Zahlenwert unbekannt oder geheim zu halten", …) and the last three columns say where the value came
from, so that every problem can name file, row and column.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .areas import Areas
from .merkmale import MerkmalDictionary
from ..problems import Problems
from .readers import EXCEL_SUFFIXES, CSV_SUFFIXES, detect_decimal, is_year, locate_header, normalise_name, parse_numbers, read_raw
from .settings import Settings

KEY_ALIASES = {"schluessel", "ags", "gebietsschluessel", "kennziffer", "gemeindeschluessel", "key"}
YEAR_ALIASES = {"jahr", "year", "berichtsjahr"}
MERKMAL_ALIASES = {"merkmal", "variable", "merkmalid"}
VALUE_ALIASES = {"wert", "value", "anzahl"}
COUNT_COLUMNS = ["key", "year", "merkmal", "value", "note", "file", "row", "column"]


@dataclass(frozen=True)
class CountSource:
    path: Path
    merkmal: str | None = None  # for files that hold a single Merkmal without a merkmal column
    sheet: str | None = None


def count_sources(settings: Settings, problems: Problems) -> list[CountSource]:
    """Expand the ``dateien.zahlen`` setting (folders, globs, files, or entries with options)."""
    sources: list[CountSource] = []
    for given in settings.files.zahlen:
        options = {"merkmal": given.merkmal, "sheet": given.blatt}
        entry = given.datei
        target = settings.data_dir / str(entry)
        if target.is_dir():
            paths = sorted(p for p in target.iterdir() if p.suffix.lower() in CSV_SUFFIXES | EXCEL_SUFFIXES
                           and not p.name.startswith((".", "~$")))
        elif any(ch in str(entry) for ch in "*?["):
            paths = sorted(Path(p) for p in glob.glob(str(target)))
        else:
            paths = [target]
        if not paths and target.is_dir():
            problems.warning(f"Im Ordner data/{entry}/ liegen noch keine Datenlieferungen. Vorlagen für die Lieferungen "
                             "erzeugt „berichte vorlagen“; die ausgefüllten Dateien gehören in diesen Ordner.",
                             settings.data_dir / "projekt.yml")
        elif not paths:
            problems.error(f"Keine Datendateien gefunden unter „{entry}“.", settings.data_dir / "projekt.yml")
        sources.extend(CountSource(p, **options) for p in paths)
    return sources


def _column(frame: pd.DataFrame, aliases: set[str]) -> str | None:
    for column in frame.columns:
        if normalise_name(column) in aliases:
            return column
    return None


def read_count_file(source: CountSource, settings: Settings, merkmale: MerkmalDictionary | None,
                    problems: Problems) -> pd.DataFrame | None:
    """Read one count file in any supported layout into the long frame (values parsed, not yet checked)."""
    raw = read_raw(source.path, problems, sheet=source.sheet)
    if raw is None:
        return None
    table = locate_header(raw, KEY_ALIASES, problems, "„schluessel“ (Gebietsschlüssel)")
    if table is None:
        return None
    if not _separator_consistent(table, problems):
        return None
    pieces = _layout_pieces(table, source, merkmale, problems)
    if pieces is None:
        return None
    if not pieces or all(p.empty for p in pieces):
        problems.warning("Die Datei enthält keine Datenzeilen.", source.path)
        return None
    return _parse_cells(pd.concat(pieces, ignore_index=True), table, settings, problems,
                        _column(table.frame, YEAR_ALIASES) or "jahr")


def _layout_pieces(table, source: CountSource, merkmale: MerkmalDictionary | None,
                   problems: Problems) -> list[pd.DataFrame] | None:
    """Detect the layout and turn the table into long pieces (key, year, Merkmal, cell, row, column);
    None (with an error) where the layout is not recognised."""
    frame = table.frame
    key_col = _column(frame, KEY_ALIASES)
    year_col = _column(frame, YEAR_ALIASES)
    merkmal_col = _column(frame, MERKMAL_ALIASES)
    value_col = _column(frame, VALUE_ALIASES)
    year_cols = [c for c in frame.columns if is_year(c)]
    known = set(merkmale.items) if merkmale is not None else set()
    merkmal_cols = [c for c in frame.columns if str(c).strip() in known]
    rows = pd.Series(table.rows, index=frame.index)
    pieces = []
    grouped = _merkmal_year_columns(table, known) if merkmal_col is None and not source.merkmal else []
    if grouped:
        values = frame.to_numpy(dtype=object)
        keys = frame.iloc[:, list(frame.columns).index(key_col)]
        for position, merkmal, year in grouped:
            cells = pd.Series(values[:, position], index=frame.index)
            filled = cells.astype(str).str.strip() != ""
            pieces.append(pd.DataFrame({
                "key": keys[filled], "year": year, "merkmal": merkmal, "cell": cells[filled],
                "row": rows[filled], "column": f"{merkmal} {year}",
            }))
    elif year_col is not None and merkmal_col is not None and value_col is not None:
        pieces.append(pd.DataFrame({
            "key": frame[key_col], "year": frame[year_col], "merkmal": frame[merkmal_col],
            "cell": frame[value_col], "row": rows, "column": value_col,
        }))
    elif year_cols and (merkmal_col is not None or source.merkmal):
        merkmal = frame[merkmal_col] if merkmal_col is not None else source.merkmal
        for col in year_cols:
            pieces.append(pd.DataFrame({
                "key": frame[key_col], "year": str(col), "merkmal": merkmal, "cell": frame[col],
                "row": rows, "column": str(col),
            }))
    elif year_col is not None and merkmal_cols:
        for col in merkmal_cols:
            pieces.append(pd.DataFrame({
                "key": frame[key_col], "year": frame[year_col], "merkmal": str(col).strip(),
                "cell": frame[col], "row": rows, "column": str(col),
            }))
    elif year_col is not None and source.merkmal and value_col is not None:
        pieces.append(pd.DataFrame({
            "key": frame[key_col], "year": frame[year_col], "merkmal": source.merkmal, "cell": frame[value_col],
            "row": rows, "column": value_col,
        }))
    else:
        problems.error(
            "Das Tabellenlayout ist nicht erkennbar. Erwartet wird eines von: "
            "(schluessel, jahr, merkmal, wert) – (schluessel, merkmal, 2012, 2013, …) – "
            "(schluessel, jahr, <Merkmal-IDs als Spalten>). Gefundene Spalten: "
            + ", ".join(f"„{c}“" for c in frame.columns if str(c).strip()) + ".",
            source.path, row=int(table.rows[0]) - 1 if len(table.rows) else None,
        )
        return None
    return pieces


def _parse_cells(long: pd.DataFrame, table, settings: Settings, problems: Problems,
                 year_column: str) -> pd.DataFrame:
    """Parse the cells (numbers and the symbols of official statistics) and the years of the long frame."""
    path = table.path
    decimal = detect_decimal(long["cell"], table.delimiter)
    parsed = parse_numbers(long["cell"], decimal, settings.symbols)
    long["value"] = parsed.values
    long["note"] = parsed.notes
    for row in long[parsed.invalid].itertuples():
        problems.error("Keine Zahl und kein bekanntes Zeichen der amtlichen Statistik (. - x • * … k.A.).",
                       path, row=int(row.row), column=row.column, value=row.cell)
    long = long[~parsed.invalid]
    # Years: whole numbers, as text in the file.
    codes, unique = pd.factorize(long["year"].to_numpy(dtype=object))
    unique_text = [str(u)[:-2] if str(u).endswith(".0") else str(u) for u in unique]
    unique_ok = np.array([len(u) == 4 and u.isdigit() for u in unique_text], dtype=bool)
    year_ok = pd.Series(unique_ok[codes] if len(unique) else np.zeros(len(long), bool), index=long.index)
    year_text = pd.Series(np.array(unique_text, dtype=object)[codes] if len(unique) else [], index=long.index,
                          dtype=object)
    for row in long[~year_ok].drop_duplicates("row").itertuples():
        problems.error("Das Jahr muss eine vierstellige Zahl sein.", path, row=int(row.row),
                       column=year_column, value=row.year)
    long = long[year_ok].copy()
    long["year"] = year_text[year_ok].astype(int)
    long["file"] = str(path)
    return long[["key", "year", "merkmal", "value", "note", "file", "row", "column", "cell"]]


def _merkmal_year_columns(table, known: set[str]) -> list[tuple[int, str, str]]:
    """(position, Merkmal, year) of every year column under a known Merkmal id (two header rows)."""
    if table.header_above is None or not known:
        return []
    columns = list(table.frame.columns)
    found = [(i, table.header_above[i].strip(), str(c).strip()) for i, c in enumerate(columns)
             if is_year(c) and i < len(table.header_above)]
    if not found or not all(merkmal in known for _, merkmal, _ in found):
        return []
    return [(i, merkmal, year[:-2] if year.endswith(".0") else year) for i, merkmal, year in found]


def _separator_consistent(table, problems: Problems) -> bool:
    """Rows that hold everything in their first cell use another separator than the header row."""
    if table.delimiter is None or table.frame.shape[1] < 3 or table.frame.empty:
        return True
    values = table.frame.to_numpy(dtype=object)
    only_first = (values[:, 0] != "") & (values[:, 1:] == "").all(axis=1)
    others = [d for d in ";,\t|" if d != table.delimiter]
    suspicious = [i for i in np.flatnonzero(only_first) if any(d in values[i, 0] for d in others)]
    for i in suspicious[:20]:
        shown = {"\t": "Tabulator"}.get(table.delimiter, table.delimiter)
        problems.error(f"Die Zeile ist anders getrennt als die Kopfzeile (dort „{shown}“): falsches Trennzeichen?",
                       table.path, row=int(table.rows[i]), column=str(table.frame.columns[0]), value=values[i, 0])
    if len(suspicious) > 20:
        problems.error(f"… und {len(suspicious) - 20} weitere Zeilen mit falschem Trennzeichen.", table.path)
    return not suspicious


def load_counts(settings: Settings, areas: Areas | None, merkmale: MerkmalDictionary | None,
                problems: Problems) -> pd.DataFrame:
    """Read every count file and check each value on its own (keys, Merkmale, numbers, duplicates)."""
    frames = []
    sources = count_sources(settings, problems)
    for source in sources:
        frame = read_count_file(source, settings, merkmale, problems)
        if frame is not None and len(frame):
            frames.append(frame)
    if not frames:
        if not problems.has_errors() and sources:
            problems.error("Es wurden keine Zähldaten gefunden.", settings.data_dir)
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            COUNT_COLUMNS, [object, int, object, float, object, object, int, object])})
    counts = pd.concat(frames, ignore_index=True)
    counts = _check_values(counts, settings, areas, merkmale, problems)
    return counts.reset_index(drop=True)


def _check_values(counts: pd.DataFrame, settings: Settings, areas: Areas | None,
                  merkmale: MerkmalDictionary | None, problems: Problems) -> pd.DataFrame:
    """Check each value on its own: area key, Merkmal, year, sign, whole number; then duplicates."""
    keep = pd.Series(True, index=counts.index)
    if areas is not None:
        keep &= _known_keys(counts, areas, problems)
    if merkmale is not None:
        keep &= _deliverable_merkmale(counts, merkmale, problems)
    outside = ~counts["year"].between(settings.first_year, settings.last_year)
    if outside.any():
        for (file, year), group in counts[outside & keep].groupby(["file", "year"]):
            problems.warning(f"Das Jahr {year} liegt außerhalb des Berichtszeitraums "
                             f"{settings.first_year}–{settings.last_year} und wird nicht verwendet "
                             f"({len(group)} Werte).", file, row=int(group["row"].iloc[0]), column="jahr", value=year)
        keep &= ~outside
    values = counts["value"]
    negative = values < 0
    for row in counts[negative & keep].itertuples():
        problems.error("Eine Anzahl darf nicht negativ sein.", row.file, row=int(row.row), column=row.column,
                       value=row.cell)
    keep &= ~negative
    if merkmale is not None:
        integer_ids = [m.id for m in merkmale if m.integer]
        fractional = counts["merkmal"].isin(integer_ids) & values.notna() & (values % 1 != 0)
        for row in counts[fractional & keep].itertuples():
            problems.error(f"Eine Anzahl muss ganzzahlig sein (Merkmal „{row.merkmal}“)"
                           f"{_read_as(row.cell, row.value)}.", row.file, row=int(row.row), column=row.column,
                           value=row.cell)
        keep &= ~fractional
    return _without_duplicates(counts[keep], problems).drop(columns="cell")


def _known_keys(counts: pd.DataFrame, areas: Areas, problems: Problems) -> pd.Series:
    """Rows whose area key is in the area list; each other row is reported (missing key, lost leading
    zero, unknown area)."""
    known = set(areas.keys)
    unknown = ~counts["key"].isin(known)
    if not unknown.any():
        return ~unknown
    by_stripped = {k.lstrip("0"): k for k in known}
    for row in counts[unknown].drop_duplicates(["file", "row"]).itertuples():
        if row.key == "":
            problems.error("Der Gebietsschlüssel fehlt.", row.file, row=int(row.row), column="schluessel")
            continue
        candidate = by_stripped.get(row.key.lstrip("0"))
        if candidate and candidate != row.key and len(candidate) > len(row.key):
            problems.error(f"Der Gebietsschlüssel hat seine führende Null verloren (gemeint ist „{candidate}“?). "
                           "Schlüssel als Text speichern, z. B. in Excel als Zellformat „Text“.",
                           row.file, row=int(row.row), column="schluessel", value=row.key)
        else:
            problems.error("Unbekannter Gebietsschlüssel: das Gebiet fehlt in der Gebietsliste.",
                           row.file, row=int(row.row), column="schluessel", value=row.key)
    return ~unknown


def _deliverable_merkmale(counts: pd.DataFrame, merkmale: MerkmalDictionary, problems: Problems) -> pd.Series:
    """Rows whose Merkmal is in merkmale.yml and delivered (not computed by a formula); others reported."""
    unknown = ~counts["merkmal"].isin(list(merkmale.items))
    for row in counts[unknown].drop_duplicates(["file", "merkmal"]).itertuples():
        problems.error("Unbekanntes Merkmal: es fehlt im Merkmalsverzeichnis (merkmale.yml).",
                       row.file, row=int(row.row), column="merkmal", value=row.merkmal)
    derived = counts["merkmal"].isin([m.id for m in merkmale.derived])
    for row in counts[derived & ~unknown].drop_duplicates(["file", "merkmal"]).itertuples():
        problems.error("Dieses Merkmal wird per Formel berechnet und darf nicht geliefert werden.",
                       row.file, row=int(row.row), column="merkmal", value=row.merkmal)
    return ~unknown & ~derived


def _without_duplicates(counts: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """The same key, year and Merkmal more than once: an error if the values differ, else a warning; the
    first row is kept."""
    dup = counts.duplicated(["key", "year", "merkmal"], keep=False)
    if not dup.any():
        return counts
    rel = problems._rel
    groups = counts[dup].groupby(["key", "year", "merkmal"], sort=False)
    for (key, year, merkmal), group in groups:
        first = group.iloc[0]
        distinct = group["value"].fillna(-1.0).nunique() > 1 or group["note"].nunique() > 1
        for row in group.iloc[1:].itertuples():
            where_first = f"{rel(first['file'])}, Zeile {int(first['row'])}"
            if distinct:
                problems.error(
                    f"Widersprüchliche Doppelangabe für Gebiet {key}, Jahr {year}, Merkmal „{merkmal}“: "
                    f"{_fmt(first['value'])} in {where_first}, hier {_fmt(row.value)}.",
                    row.file, row=int(row.row), column=row.column, value=row.cell)
            else:
                problems.warning(
                    f"Doppelte Zeile für Gebiet {key}, Jahr {year}, Merkmal „{merkmal}“ "
                    f"(gleicher Wert wie in {where_first}); sie wird nur einmal gezählt.",
                    row.file, row=int(row.row), column=row.column, value=row.cell)
    return counts.drop_duplicates(["key", "year", "merkmal"], keep="first")


def _read_as(cell: str, value: float) -> str:
    """Say how an ambiguous number was read, e.g. "1.001" read as 1,001 in a file with decimal points."""
    shown = _fmt(value)
    return f"; gelesen als {shown}" if shown != str(cell) else ""


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "leer"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")
