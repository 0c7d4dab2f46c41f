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

from ..formatting import count
from .areas import Areas
from .merkmale import MerkmalDictionary
from ..problems import Problems
from .readers import (EXCEL_SUFFIXES, CSV_SUFFIXES, cell_name, detect_decimal, is_year, locate_header, normalise_name,
                      parse_numbers, read_raw, unique_columns)
from .settings import Settings

KEY_ALIASES = {"schluessel", "ags", "gebietsschluessel", "kennziffer", "gemeindeschluessel", "key"}
YEAR_ALIASES = {"jahr", "year", "berichtsjahr"}
MERKMAL_ALIASES = {"merkmal", "variable", "merkmalid"}
VALUE_ALIASES = {"wert", "value", "anzahl"}
COUNT_COLUMNS = ["key", "year", "merkmal", "value", "note", "file", "row", "column"]
KEY_WHAT = "„schluessel“ (Gebietsschlüssel)"

# A count of people or cases above this is a mistake (ten billion: more than the world's population). Below it,
# counts and their sums over every area stay whole numbers in float64 (exact up to 2**53, about 9 * 10**15).
MAX_COUNT = 10**10
# Any value: float64 keeps 15 significant digits; a delivered number beyond this would lose digits.
MAX_VALUE = 10**15
# Rows of one kind listed one by one per file; the rest is counted (Problems summarises as well).
REPORT_EACH = 20


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
    table = _header(raw, source, problems)
    if table is None:
        return None
    if raw.sheet_note and table.sheet == raw.sheet:  # (another sheet was read: _header said which)
        problems.warning(raw.sheet_note, source.path, sheet=raw.sheet)
    if not _separator_consistent(table, problems) or not _unique_columns(table, merkmale, problems):
        return None
    pieces = _layout_pieces(table, source, merkmale, problems)
    if pieces is None:
        return None
    if not pieces or all(p.empty for p in pieces):
        problems.warning("Die Datei enthält keine Datenzeilen.", source.path, sheet=table.sheet)
        return None
    long = pd.concat(pieces, ignore_index=True)
    if not _merged_outside_data(table, long, problems):
        return None
    return _parse_cells(long, table, settings, problems, _column(table.frame, YEAR_ALIASES) or "jahr")


def _header(raw, source: CountSource, problems: Problems):
    """The table below the header row. An Excel sheet chosen automatically (the active one) without a header
    row gives way to the next visible sheet that has one, with a warning naming it."""
    if not raw.other_sheets:
        return locate_header(raw, KEY_ALIASES, problems, KEY_WHAT)
    tried = Problems(base=problems.base)
    table = locate_header(raw, KEY_ALIASES, tried, KEY_WHAT)
    if table is not None:
        problems.extend(tried)
        return table
    for name in raw.other_sheets:
        other = read_raw(source.path, Problems(), sheet=name)
        found = locate_header(other, KEY_ALIASES, Problems(), KEY_WHAT) if other is not None else None
        if found is not None:
            problems.warning(f"Das aktive Blatt „{raw.sheet}“ hat keine Kopfzeile mit {KEY_WHAT}; gelesen wird "
                             f"das Blatt „{name}“. Ein bestimmtes Blatt wählt „blatt:“ unter dateien.zahlen in "
                             "projekt.yml.", source.path, sheet=name)
            return found
    problems.extend(tried)
    return None


def _unique_columns(table, merkmale: MerkmalDictionary | None, problems: Problems) -> bool:
    """A column the layout reads (key, year, Merkmal, value, a year or a Merkmal id) may appear only once."""
    known = set(merkmale.items) if merkmale is not None else set()
    aliases = KEY_ALIASES | YEAR_ALIASES | MERKMAL_ALIASES | VALUE_ALIASES
    return unique_columns(table, lambda name: normalise_name(name) in aliases or is_year(name) or name in known,
                          problems)


def _merged_outside_data(table, long: pd.DataFrame, problems: Problems) -> bool:
    """Merged cells in the rows and columns that are read would leave all but their first cell empty."""
    if not table.merged or not len(table.rows):
        return True
    first_row = int(table.rows[0])
    frame = table.frame
    used = set(long["pos"].unique().tolist()) | {
        list(frame.columns).index(c) for c in (_column(frame, KEY_ALIASES), _column(frame, YEAR_ALIASES),
                                               _column(frame, MERKMAL_ALIASES)) if c is not None}
    ok = True
    for r0, c0, r1, c1 in table.merged:
        if r1 < first_row or not any(c0 <= c <= c1 for c in used):
            continue
        span = f"{cell_name(r0, c0)}:{cell_name(r1, c1)}"
        problems.error(f"Verbundene Zellen {span} im Datenbereich: nur die erste Zelle trägt einen Wert, die übrigen "
                       "wären leer. Bitte die Verbindung aufheben und jeden Wert in seine eigene Zelle schreiben.",
                       table.path, sheet=table.sheet, cell=span, kind="verbundene Zellen")
        ok = False
    return ok


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
    columns = list(frame.columns)

    def pos(column) -> int:  # the column's place in the sheet (from 0), for naming an Excel cell
        return columns.index(column)

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
                "row": rows[filled], "column": f"{merkmal} {year}", "pos": position,
            }))
    elif year_col is not None and merkmal_col is not None and value_col is not None:
        pieces.append(pd.DataFrame({
            "key": frame[key_col], "year": frame[year_col], "merkmal": frame[merkmal_col],
            "cell": frame[value_col], "row": rows, "column": value_col, "pos": pos(value_col),
        }))
    elif year_cols and (merkmal_col is not None or source.merkmal):
        merkmal = frame[merkmal_col] if merkmal_col is not None else source.merkmal
        for col in year_cols:
            pieces.append(pd.DataFrame({
                "key": frame[key_col], "year": str(col), "merkmal": merkmal, "cell": frame[col],
                "row": rows, "column": str(col), "pos": pos(col),
            }))
    elif year_col is not None and merkmal_cols:
        for col in merkmal_cols:
            pieces.append(pd.DataFrame({
                "key": frame[key_col], "year": frame[year_col], "merkmal": str(col).strip(),
                "cell": frame[col], "row": rows, "column": str(col), "pos": pos(col),
            }))
    elif year_col is not None and source.merkmal and value_col is not None:
        pieces.append(pd.DataFrame({
            "key": frame[key_col], "year": frame[year_col], "merkmal": source.merkmal, "cell": frame[value_col],
            "row": rows, "column": value_col, "pos": pos(value_col),
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


NOT_A_NUMBER = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "#nv"}


def _each(problems: Problems, rows: pd.DataFrame, report, kind: str) -> None:
    """Report the first REPORT_EACH rows one by one (``report(row)`` records and returns the problem) and
    only count the rest, so that a file with a million bad rows is reported in a few lines, quickly."""
    last = None
    for row in rows.head(REPORT_EACH).itertuples():
        last = report(row)
    if last is not None and len(rows) > REPORT_EACH:
        problems.more(last, len(rows) - REPORT_EACH, kind)


def _by_file(problems: Problems, rows: pd.DataFrame, report, kind: str) -> None:
    for _, part in rows.groupby("file", sort=False):
        _each(problems, part, report, kind)


def _parse_cells(long: pd.DataFrame, table, settings: Settings, problems: Problems,
                 year_column: str) -> pd.DataFrame:
    """Parse the cells (numbers and the symbols of official statistics) and the years of the long frame."""
    path, sheet = table.path, table.sheet

    def cell(row) -> str | None:  # the Excel cell, e.g. "C7"
        return cell_name(int(row.row), int(row.pos)) if sheet else None

    if table.cell_problems:
        at = pd.MultiIndex.from_arrays([long["row"].astype(np.int64), long["pos"].astype(np.int64)])
        unusable = pd.Series(at.isin(list(table.cell_problems)), index=long.index)
        _each(problems, long[unusable], lambda row: problems.error(
            table.cell_problems[(int(row.row), int(row.pos))], path, row=int(row.row), column=row.column,
            value=row.cell, sheet=sheet, cell=cell(row), kind="Excel-Zelle ohne Wert"), "Excel-Zelle ohne Wert")
        long = long[~unusable]
    decimal = detect_decimal(long["cell"], table.delimiter)
    parsed = parse_numbers(long["cell"], decimal, settings.symbols)
    long["value"] = parsed.values
    long["note"] = parsed.notes
    invalid = long[parsed.invalid]
    nan_text = invalid["cell"].astype(str).str.strip().str.lower().isin(NOT_A_NUMBER)
    _each(problems, invalid[nan_text], lambda row: problems.error(
        f"„{row.cell}“ ist keine Zahl, sondern die Art, wie ein Programm einen fehlenden oder ungültigen Wert "
        "schreibt. Einen fehlenden Wert bitte leer lassen oder mit einem Zeichen der amtlichen Statistik "
        "(. x …) angeben.", path, row=int(row.row), column=row.column, value=row.cell, sheet=sheet,
        cell=cell(row), kind="NaN"), "NaN")
    _each(problems, invalid[~nan_text], lambda row: problems.error(
        "Keine Zahl und kein bekanntes Zeichen der amtlichen Statistik (. - x • * … k.A.).", path,
        row=int(row.row), column=row.column, value=row.cell, sheet=sheet, cell=cell(row), kind="keine Zahl"),
        "keine Zahl")
    long = long[~parsed.invalid]
    big = long["value"].abs() >= MAX_VALUE
    _each(problems, long[big], lambda row: problems.error(
        f"Die Zahl ist zu groß: berichte rechnet auf 15 Stellen genau und würde sie verfälschen (erlaubt sind "
        f"Zahlen unter {count(MAX_VALUE)}). Bitte den Wert prüfen.",
        path, row=int(row.row), column=row.column, value=row.cell, sheet=sheet, cell=cell(row), kind="zu groß"),
        "zu groß")
    long = long[~big]
    # Years: whole numbers, as text in the file.
    codes, unique = pd.factorize(long["year"].to_numpy(dtype=object))
    unique_text = [str(u)[:-2] if str(u).endswith(".0") else str(u) for u in unique]
    unique_ok = np.array([len(u) == 4 and u.isdigit() for u in unique_text], dtype=bool)
    year_ok = pd.Series(unique_ok[codes] if len(unique) else np.zeros(len(long), bool), index=long.index)
    year_text = pd.Series(np.array(unique_text, dtype=object)[codes] if len(unique) else [], index=long.index,
                          dtype=object)
    _each(problems, long[~year_ok].drop_duplicates("row"), lambda row: problems.error(
        "Das Jahr muss eine vierstellige Zahl sein.", path, row=int(row.row), column=year_column, value=row.year,
        sheet=sheet, kind="Jahr"), "Jahr")
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
    """Check each value on its own: area key, Merkmal, year, sign, whole number, size; then duplicates."""
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
    _by_file(problems, counts[negative & keep], lambda row: problems.error(
        "Eine Anzahl darf nicht negativ sein.", row.file, row=int(row.row), column=row.column, value=row.cell,
        kind="negativ"), "negativ")
    keep &= ~negative
    if merkmale is not None:
        integer_ids = [m.id for m in merkmale if m.integer]
        whole = counts["merkmal"].isin(integer_ids)
        fractional = whole & values.notna() & (values % 1 != 0)
        _by_file(problems, counts[fractional & keep], lambda row: problems.error(
            f"Eine Anzahl muss ganzzahlig sein (Merkmal „{row.merkmal}“){_read_as(row.cell, row.value)}.",
            row.file, row=int(row.row), column=row.column, value=row.cell, kind="ganzzahlig"), "ganzzahlig")
        keep &= ~fractional
        huge = whole & (values > MAX_COUNT)
        _by_file(problems, counts[huge & keep], lambda row: problems.error(
            f"Die Anzahl {row.cell} ist nicht plausibel: mehr als {count(MAX_COUNT)} Personen oder Fälle "
            f"(Merkmal „{row.merkmal}“). Bitte den Wert prüfen (verrutschte Spalte, zusammengefügte Zahlen?).",
            row.file, row=int(row.row), column=row.column, value=row.cell, kind="zu groß"),
            "zu groß")
        keep &= ~huge
    return _without_duplicates(counts[keep], problems).drop(columns="cell")


def _known_keys(counts: pd.DataFrame, areas: Areas, problems: Problems) -> pd.Series:
    """Rows whose area key is in the area list; each other row is reported (missing key, lost leading
    zero, unknown area)."""
    known = set(areas.keys)
    unknown = ~counts["key"].isin(known)
    if not unknown.any():
        return ~unknown
    by_stripped = {k.lstrip("0"): k for k in known}
    rows = counts[unknown].drop_duplicates(["file", "row"])
    candidate = rows["key"].map(lambda key: by_stripped.get(key.lstrip("0"), ""))
    lost = (candidate != "") & (candidate != rows["key"]) & (candidate.str.len() > rows["key"].str.len())
    empty = rows["key"] == ""
    _by_file(problems, rows[empty], lambda row: problems.error(
        "Der Gebietsschlüssel fehlt.", row.file, row=int(row.row), column="schluessel", kind="Schlüssel fehlt"),
        "Schlüssel fehlt")
    _by_file(problems, rows[lost & ~empty].assign(candidate=candidate), lambda row: problems.error(
        f"Der Gebietsschlüssel hat seine führende Null verloren (gemeint ist „{row.candidate}“?). "
        "Schlüssel als Text speichern, z. B. in Excel als Zellformat „Text“.",
        row.file, row=int(row.row), column="schluessel", value=row.key, kind="führende Null"), "führende Null")
    _by_file(problems, rows[~lost & ~empty], lambda row: problems.error(
        "Unbekannter Gebietsschlüssel: das Gebiet fehlt in der Gebietsliste.",
        row.file, row=int(row.row), column="schluessel", value=row.key), "Unbekannter Gebietsschlüssel: das Gebiet "
        "fehlt in der Gebietsliste.")
    return ~unknown


def _deliverable_merkmale(counts: pd.DataFrame, merkmale: MerkmalDictionary, problems: Problems) -> pd.Series:
    """Rows whose Merkmal is in merkmale.yml and delivered (not computed by a formula); others reported."""
    unknown = ~counts["merkmal"].isin(list(merkmale.items))
    message = "Unbekanntes Merkmal: es fehlt im Merkmalsverzeichnis (merkmale.yml)."
    _by_file(problems, counts[unknown].drop_duplicates(["file", "merkmal"]), lambda row: problems.error(
        message, row.file, row=int(row.row), column="merkmal", value=row.merkmal), message)
    derived = counts["merkmal"].isin([m.id for m in merkmale.derived])
    message = "Dieses Merkmal wird per Formel berechnet und darf nicht geliefert werden."
    _by_file(problems, counts[derived & ~unknown].drop_duplicates(["file", "merkmal"]), lambda row: problems.error(
        message, row.file, row=int(row.row), column="merkmal", value=row.merkmal), message)
    return ~unknown & ~derived


def _without_duplicates(counts: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """The same key, year and Merkmal more than once: an error if the values differ, else a warning; the
    first row is kept. One message per group of equal rows ("und 1.999.998 weitere gleiche Zeilen"), the
    first REPORT_EACH groups of each file one by one; vectorised, so two million duplicates take seconds."""
    ids = ["key", "year", "merkmal"]
    dup = counts.duplicated(ids, keep=False)
    if not dup.any():
        return counts
    rel = problems._rel
    rows = counts[dup].copy()
    rows["filled"] = rows["value"].fillna(-1.0)
    group = rows.groupby(ids, sort=False)
    rows["first_value"] = group["filled"].transform("first")
    rows["first_note"] = group["note"].transform("first")
    rows["first_file"] = group["file"].transform("first")
    rows["first_row"] = group["row"].transform("first")
    rows["differs"] = (rows["filled"] != rows["first_value"]) | (rows["note"] != rows["first_note"])
    rows["conflict"] = rows.groupby(ids, sort=False)["differs"].transform("any")
    later = rows[group.cumcount() > 0]
    # per group: the row to name (the first differing row of a conflict, else the second row) and how many more
    shown = later[later["differs"] | ~later["conflict"]].drop_duplicates(ids)
    shown = shown.assign(n_more=later.groupby(ids, sort=False)["row"].transform("size").loc[shown.index] - 1)

    def where_first(row) -> str:
        return f"{rel(row.first_file)}, Zeile {int(row.first_row)}"

    def more(row, what: str) -> str:
        return f" (und {count(row.n_more)} weitere {what})" if row.n_more else ""

    _by_file(problems, shown[shown["conflict"]], lambda row: problems.error(
        f"Widersprüchliche Doppelangabe für Gebiet {row.key}, Jahr {row.year}, Merkmal „{row.merkmal}“: "
        f"{_fmt(row.first_value if row.first_value != -1.0 else np.nan)} in {where_first(row)}, hier "
        f"{_fmt(row.value)}.{more(row, 'Zeilen dazu')}", row.file, row=int(row.row), column=row.column,
        value=row.cell, kind="Doppelangabe"), "Doppelangabe")
    _by_file(problems, shown[~shown["conflict"]], lambda row: problems.warning(
        f"Doppelte Zeile für Gebiet {row.key}, Jahr {row.year}, Merkmal „{row.merkmal}“ "
        f"(gleicher Wert wie in {where_first(row)}); sie wird nur einmal gezählt.{more(row, 'gleiche Zeilen')}",
        row.file, row=int(row.row), column=row.column, value=row.cell, kind="doppelte Zeile"), "doppelte Zeile")
    return counts.drop_duplicates(ids, keep="first")


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
