"""The Kennzahlen table a planner opens in Excel: ``berichte kennzahlen`` (CSV or XLSX).

One row per area and Kennzahl with the value in the report year and the comparison year, the change
(Prozentpunkte for %), the relative change, significance, assessment, conspicuousness, ranks among the
sibling areas, the parent area's value, numerator and denominator, and a footnote for withheld or missing
values. Values are rounded commercially to the Kennzahl's decimals, as the reports show them.

CSV: UTF-8 with BOM, ``;`` separated, decimal comma without thousands separators and an ASCII minus, so
German Excel reads every number as a number; a text cell that a spreadsheet would take for a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading ``'``. Withheld values show ``.`` ("Zahlenwert unbekannt oder geheim
zu halten"), values that cannot be computed ``x``; the column "Hinweis" says why.
XLSX: the same table as real numbers with number formats, an overview sheet (areas × Kennzahlen) and a
sheet with definitions, sources and symbols; every text cell is a string cell (never a formula), text that
looks like a formula also carries Excel's quote prefix.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from .. import atomic
from ..compute.indicators import SYMBOLS
from ..compute.judgement import change_comparison, conspicuous_developments, development_word
from ..compute.results import Results
from ..formatting import csv_text, formula_like, rounded_array
from ..problems import BerichteError


def kennzahlen_frame(results: Results, year: int | None = None, comparison: int | None = None,
                     level: str | None = None) -> tuple[pd.DataFrame, dict]:
    """The table as typed data (floats rounded as shown, NaN where not published) plus column metadata."""
    project = results.project
    settings, areas, catalogue = project.settings, project.areas, project.catalogue
    cmp = results.comparison(year, comparison)
    y0, y1 = cmp.year_from, cmp.year_to
    keys = areas.keys
    if level is not None:
        if level not in settings.level_ids:
            raise BerichteError(f"Unbekannte Ebene „{level}“; möglich sind: {', '.join(settings.level_ids)}.")
        keys = areas.at_level(level)
    kids = list(catalogue.items)
    index = pd.MultiIndex.from_product([keys, kids], names=["key", "kennzahl"])

    def stacked(frame: pd.DataFrame) -> pd.Series:
        # reindex after stack: keeps missing cells whether or not this pandas version's stack drops NaN
        return frame.reindex(index=keys, columns=kids).stack().reindex(index)

    key_col = index.get_level_values("key")
    kid_col = index.get_level_values("kennzahl")
    dec = pd.Series({k: catalogue[k].decimals for k in kids}).reindex(kid_col).to_numpy()
    change_dec = np.where(pd.Series({k: catalogue[k].is_count for k in kids}).reindex(kid_col).to_numpy(), 1, dec)
    indicators = results.indicators
    num = indicators.numerators.xs(y1, level="year")
    den = indicators.denominators.xs(y1, level="year")
    withheld = indicators.suppressed.xs(y1, level="year")
    table = pd.DataFrame({
        **_row_labels(settings, areas.frame, catalogue, key_col, kid_col),
        f"Wert {y1}": _rounded(stacked(cmp.value_to), dec),
        f"Wert {y0}": _rounded(stacked(cmp.value_from), dec),
        f"Veränderung {y0}–{y1}": _change_column(stacked(cmp.change), stacked(cmp.change_shown), kid_col, catalogue),
        "Einheit der Veränderung": [("Prozentpunkte" if catalogue[k].is_percent else catalogue[k].unit)
                                    if not catalogue[k].is_count else "Anzahl" for k in kid_col],
        f"Veränderung {y0}–{y1} in %": _rounded(stacked(cmp.change_rel), np.ones(len(index), dtype=int)),
        "Entwicklung": [development_word(st, ch) for st, ch in zip(stacked(cmp.state).fillna(""),
                                                                    stacked(cmp.change_shown))],
        "Bedeutsame Veränderung": np.where(stacked(cmp.bedeutsam).to_numpy(dtype=bool), "ja", "nein"),
        "Bewertung der Veränderung": stacked(cmp.assessment).fillna("").to_numpy(),
        "Auffällig": _auffaellig_text(stacked(cmp.auffaellig_niveau), stacked(cmp.auffaellig_veraenderung),
                                      stacked(cmp.gegen_trend), stacked(cmp.change_shown), stacked(cmp.peer_change),
                                      stacked(cmp.bedeutsam)),
        "Auffällige Entwicklung": _conspicuous_column(results, cmp, keys, kids),
        "Rang (höchster Wert = 1)": stacked(cmp.ranks.rank_high).to_numpy(),
        "Rang (günstigster Wert = 1)": stacked(cmp.ranks.rank_favourable).to_numpy(),
        "Zahl der Vergleichsgebiete": stacked(cmp.ranks.n).to_numpy(),
        f"Wert übergeordnetes Gebiet {y1}": _rounded(stacked(cmp.parent_value_to), dec),
        f"Zähler {y1}": stacked(num.where(~withheld)).to_numpy(),
        f"Nenner {y1}": stacked(den.where(~withheld)).to_numpy(),
        "Hinweis": _notes(stacked(cmp.notes_to), stacked(cmp.notes_from), y0, y1, kid_col, cmp),
        **_sozialindex_columns(results, y1, key_col),
        "Quelle": [catalogue[k].source + (" (fiktive Beispieldaten)" if settings.demo else "") for k in kid_col],
    })
    # A value not shown carries its symbol ("." withheld or unknown, "x" not computable).
    states = stacked(indicators.states.xs(y1, level="year")).fillna("").to_numpy(dtype=object)
    symbols = np.array([SYMBOLS.get(state, "") for state in states], dtype=object)
    meta = {"year": y1, "comparison": y0, "decimals": dec, "change_decimals": change_dec, "symbols": symbols}
    return table, meta


def _rounded(series: pd.Series, digits: np.ndarray) -> np.ndarray:
    """The values rounded commercially, each to its own number of ``digits``."""
    values = series.to_numpy(dtype=float)
    out = np.full(values.shape, np.nan)
    for d in np.unique(digits):
        mask = digits == d
        out[mask] = rounded_array(values[mask], int(d))
    return out


def _row_labels(settings, frame: pd.DataFrame, catalogue, key_col, kid_col) -> dict:
    """The columns that say what a row is: the area (key, name, level, parent) and the Kennzahl."""
    parent = frame["parent"].reindex(key_col).to_numpy()
    return {
        "Schlüssel": key_col,
        "Gebiet": frame["name"].reindex(key_col).to_numpy(),
        "Ebene": [settings.level(lvl).name for lvl in frame["level"].reindex(key_col)],
        "Übergeordnetes Gebiet": [frame["name"].get(p, "") if p else "" for p in parent],
        "Thema": [catalogue.themes[catalogue[k].theme].title for k in kid_col],
        "Kennzahl-ID": kid_col,
        "Kennzahl": [catalogue[k].title for k in kid_col],
        "Einheit": [catalogue[k].unit for k in kid_col],
    }


def _change_column(change: pd.Series, shown: pd.Series, kids, catalogue) -> np.ndarray:
    """Absolute change: for rates the difference of the shown values, for counts the count difference."""
    is_count = np.array([catalogue[k].is_count for k in kids])
    return np.where(is_count, change.to_numpy(dtype=float), shown.to_numpy(dtype=float))


def sozialindex_by_key(results: Results, year: int) -> pd.DataFrame:
    """The Sozialindex results of all levels in one frame indexed by area key (empty if not configured)."""
    frames = [results.sozialindex(year, level) for level in results.sozialindex_levels()]
    frames = [f for f in frames if f is not None]
    return pd.concat(frames) if frames else pd.DataFrame()


def _sozialindex_columns(results: Results, year: int, keys) -> dict:
    index = sozialindex_by_key(results, year)
    if index.empty:
        return {}
    index = index.reindex(keys)
    flag = index["besonderer_aufmerksamkeitsbedarf"]
    return {
        f"Sozialindex {year}: Status": index["status_klasse"].astype(object).fillna("").to_numpy()
        if "status_klasse" in index else "",
        f"Sozialindex {year}: Dynamik": index["dynamik_klasse"].astype(object).fillna("").to_numpy()
        if "dynamik_klasse" in index else "",
        f"Sozialindex {year}: Gruppe": index["gesamt_gruppe"].astype(object).fillna("").to_numpy()
        if "gesamt_gruppe" in index else "",
        "Besonderer Aufmerksamkeitsbedarf": np.where(flag.isna(), "", np.where(flag.fillna(False).astype(bool), "ja", "nein")),
    }


def _auffaellig_text(level: pd.Series, state: pd.Series, against: pd.Series, change: pd.Series, peer: pd.Series,
                     bedeutsam: pd.Series) -> list[str]:
    """Why a value or change stands out, in words from the signs ("Anstieg schwächer als im Durchschnitt der
    Vergleichsgebiete", never "stärker fallend" for a rise); a change only when it is bedeutsam."""
    texts = []
    for lvl, chg, ag, delta, mean, sig in zip(level.fillna(""), state.fillna(""), against.fillna(False),
                                              change, peer, bedeutsam.fillna(False)):
        parts = []
        if lvl:
            parts.append(f"Wert auffällig {'hoch' if lvl == 'hoch' else 'niedrig'} im Vergleich der Vergleichsgebiete")
        if chg and sig:
            label = change_comparison(delta, mean, deutlich=False)
            if label:
                parts.append("Veränderung auffällig: " + label)
        if ag and sig:
            parts.append("Entwicklung gegen den Trend des übergeordneten Gebiets")
        texts.append("; ".join(parts))
    return texts


def _conspicuous_column(results: Results, cmp, keys, kids) -> list[str]:
    """"ja" for the rows of the Sozialbericht's list "Auffällige Entwicklungen" (its full version)."""
    config = results.project.sozialindex
    index_ids = set() if config is None else {i.id for i in (*config.status, *config.dynamics)}
    chosen = {(r["key"], r["kennzahl_id"]) for r in conspicuous_developments(results, cmp, index_ids)}
    return ["ja" if (key, kid) in chosen else "" for key in keys for kid in kids]


def _notes(to_notes: pd.Series, from_notes: pd.Series, y0: int, y1: int, kids, cmp) -> list[str]:
    out = []
    for a, b, kid in zip(to_notes.fillna(""), from_notes.fillna(""), kids):
        parts = []
        if a:
            parts.append(f"{y1}: {a}")
        if b:
            parts.append(f"{y0}: {b}")
        for brk in cmp.across_break(kid):
            parts.append(f"{brk.kind_label} {brk.year} ({brk.reason}): Veränderung nicht bewertet")
        out.append("; ".join(parts))
    return out


def _german_cells(values: np.ndarray, decimals: np.ndarray, marks: np.ndarray) -> list[str]:
    cells = []
    for value, d, mark in zip(values, decimals, marks):
        if np.isnan(value):
            cells.append(mark)
        else:
            text = f"{value:.{int(d)}f}"
            if text.startswith("-") and not text.strip("-0."):
                text = text[1:]  # -0.04 shown with one decimal is "0,0", not "-0,0"
            cells.append(text.replace(".", ","))
    return cells


NUMERIC_DECIMALS = {"Rang (höchster Wert = 1)": 0, "Rang (günstigster Wert = 1)": 0, "Zahl der Vergleichsgebiete": 0}


def to_csv_bytes(table: pd.DataFrame, meta: dict) -> bytes:
    y0, y1 = meta["comparison"], meta["year"]
    out = table.copy()
    for column in out.columns:  # text from data first (names, titles, sources …); numbers follow as text
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(object).map(csv_text)
    out.columns = [csv_text(column) for column in out.columns]
    blank = np.full(len(out), "", dtype=object)
    value_columns = {f"Wert {y1}": meta["decimals"], f"Wert {y0}": meta["decimals"],
                     f"Veränderung {y0}–{y1}": meta["decimals"], f"Wert übergeordnetes Gebiet {y1}": meta["decimals"]}
    for column, decimals in value_columns.items():
        marks = meta["symbols"] if column == f"Wert {y1}" else blank
        out[column] = _german_cells(out[column].to_numpy(dtype=float), decimals, marks)
    ones = np.ones(len(out), dtype=int)
    zeros = np.zeros(len(out), dtype=int)
    out[f"Veränderung {y0}–{y1} in %"] = _german_cells(out[f"Veränderung {y0}–{y1} in %"].to_numpy(dtype=float),
                                                       ones, blank)
    for column in list(NUMERIC_DECIMALS) + [f"Zähler {y1}", f"Nenner {y1}"]:
        out[column] = _german_cells(out[column].to_numpy(dtype=float), zeros, blank)
    buffer = io.StringIO()
    out.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(results: Results, table: pd.DataFrame, meta: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _long_sheet(book.active, table, meta)
    _overview_sheet(book.create_sheet("Übersicht"), table, meta, results.project.catalogue)
    _sozialindex_sheet(book, results, meta["year"])
    _notes_sheet(book.create_sheet("Erläuterungen"), results, meta)
    text_cells(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text_cells(book) -> None:
    """No cell of ``book`` is a formula: text that looks like one (``=HYPERLINK(…)``, ``+SUM(…)``, ``@…``) is
    stored as a string with Excel's quote prefix, so that Excel shows it and never evaluates it."""
    for sheet in book.worksheets:
        # the cells that exist (iter_rows would create every empty cell of the used range)
        for cell in list(sheet._cells.values()):
            if cell.data_type == "f" or formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def _header(sheet, row_values: list) -> None:
    """Append a header row: bold, shaded, wrapped."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append(row_values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _number_format(decimals: int) -> str:
    """Excel number format with thousands separator and ``decimals`` places."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _long_sheet(sheet, table: pd.DataFrame, meta: dict) -> None:
    """Sheet 1: the long table as real numbers with number formats; a value not shown carries its symbol."""
    from openpyxl.utils import get_column_letter

    y0, y1 = meta["comparison"], meta["year"]
    sheet.title = "Kennzahlen"
    _header(sheet, list(table.columns))
    formats = {f"Wert {y1}": "dec", f"Wert {y0}": "dec", f"Veränderung {y0}–{y1}": "dec",
               f"Wert übergeordnetes Gebiet {y1}": "dec", f"Veränderung {y0}–{y1} in %": "0.0",
               f"Zähler {y1}": "#,##0", f"Nenner {y1}": "#,##0", "Rang (höchster Wert = 1)": "0",
               "Rang (günstigster Wert = 1)": "0", "Zahl der Vergleichsgebiete": "0"}
    columns = list(table.columns)
    value_col = columns.index(f"Wert {y1}")
    symbols = meta["symbols"]
    for i, row in enumerate(table.itertuples(index=False)):
        cells = []
        for j, value in enumerate(row):
            if isinstance(value, float) and np.isnan(value):
                cells.append(symbols[i] or None if j == value_col else None)
            elif isinstance(value, (np.floating, float)):
                cells.append(float(value))
            else:
                cells.append(value)
        sheet.append(cells)
        sheet.cell(row=i + 2, column=1).number_format = "@"  # keys are text: keep leading zeros
        dec_format = _number_format(int(meta["decimals"][i]))
        for j, column in enumerate(columns):
            kind = formats.get(column)
            if kind:
                sheet.cell(row=i + 2, column=j + 1).number_format = dec_format if kind == "dec" else kind
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    widths = {"Gebiet": 24, "Kennzahl": 40, "Hinweis": 40, "Auffällig": 40, "Quelle": 40, "Thema": 22}
    for j, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = widths.get(column, 14)


def _overview_sheet(overview, table: pd.DataFrame, meta: dict, catalogue) -> None:
    """Sheet 2: overview, areas × Kennzahlen, values of the report year."""
    from openpyxl.utils import get_column_letter

    y1 = meta["year"]
    kids = list(catalogue.items)
    _header(overview, ["Schlüssel", "Gebiet"] + [f"{catalogue[k].title} ({catalogue[k].unit})" for k in kids])
    wide = table.pivot(index="Schlüssel", columns="Kennzahl-ID", values=f"Wert {y1}")
    wide_symbols = pd.Series(meta["symbols"], index=pd.MultiIndex.from_arrays(
        [table["Schlüssel"], table["Kennzahl-ID"]])).unstack()
    names = table.drop_duplicates("Schlüssel").set_index("Schlüssel")["Gebiet"]
    for key in names.index:
        row = [key, names[key]]
        for k in kids:
            value = wide.at[key, k]
            row.append((wide_symbols.at[key, k] or None) if np.isnan(value) else float(value))
        overview.append(row)
        overview.cell(row=overview.max_row, column=1).number_format = "@"
        for j, k in enumerate(kids, start=3):
            overview.cell(row=overview.max_row, column=j).number_format = _number_format(catalogue[k].decimals)
    overview.freeze_panes = "C2"
    overview.column_dimensions["B"].width = 24
    for j in range(3, len(kids) + 3):
        overview.column_dimensions[get_column_letter(j)].width = 14


def _sozialindex_sheet(book, results: Results, year: int) -> None:
    """Sheet 3 (where configured): the Sozialindex with z-values, sums and indices (full precision)."""
    index = sozialindex_by_key(results, year)
    if index.empty:
        return
    sheet = book.create_sheet("Sozialindex")
    names = results.project.areas.frame["name"]
    columns = [c for c in index.columns if c not in ("bewertet",)]
    _header(sheet, ["Schlüssel", "Gebiet"] + columns)
    for key, row in index.iterrows():
        cells = [key, names[key]]
        for column in columns:
            value = row[column]
            if isinstance(value, (float, np.floating)):
                cells.append(None if np.isnan(value) else float(value))
            elif value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
                cells.append(None)
            elif isinstance(value, (bool, np.bool_)):
                cells.append("ja" if value else "nein")
            else:
                cells.append(str(value))
        sheet.append(cells)
        sheet.cell(row=sheet.max_row, column=1).number_format = "@"
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 24


def _notes_sheet(notes, results: Results, meta: dict) -> None:
    """Sheet 4: explanations — title, symbols, what "bedeutsam" means, and every Kennzahl's definition."""
    from openpyxl.styles import Font

    settings, catalogue = results.settings, results.project.catalogue
    y0, y1 = meta["comparison"], meta["year"]
    notes.append([f"{settings.title} – Kennzahlen {y1} (Vergleichsjahr {y0})"])
    notes["A1"].font = Font(bold=True, size=13)
    if settings.demo:
        notes.append(["Fiktive Beispieldaten: alle Gebiete und Zahlen sind erfunden."])
    notes.append([f"Herausgeber: {settings.publisher}. Stichtag {settings.reference_date}{y1}, soweit nicht anders angegeben."])
    notes.append(["Zeichen: „.“ = Zahlenwert unbekannt oder geheim zu halten (siehe Spalte „Hinweis“); "
                  "„x“ = nicht berechenbar."])
    notes.append(["Bedeutsame Veränderung: mindestens so groß wie die Schwelle der Kennzahl und statistisch "
                  f"gesichert (Irrtumswahrscheinlichkeit {int(settings.significance.level * 100)} %)."])
    notes.append([])
    _header(notes, ["Kennzahl-ID", "Kennzahl", "Thema", "Einheit", "Definition", "Schwelle", "Polarität", "Quelle"])
    polarity = {"hoch_unguenstig": "hoher Wert ungünstig", "hoch_guenstig": "hoher Wert günstig",
                "neutral": "neutral"}
    for k in catalogue:
        notes.append([k.id, k.title, catalogue.themes[k.theme].title, k.unit, k.definition, k.threshold,
                      polarity[k.polarity], k.source])
    for col, width in zip("ABCDEFGH", (24, 40, 22, 12, 90, 10, 22, 40)):
        notes.column_dimensions[col].width = width


def default_table_path(results: Results, year: int, fmt: str) -> Path:
    return results.settings.root / "_output" / str(year) / f"kennzahlen-{year}.{fmt}"


def write_kennzahlen_table(project, year=None, comparison=None, level=None, fmt="csv", path=None,
                           results: Results | None = None) -> Path:
    from ..compute.results import compute

    results = results or compute(project)
    table, meta = kennzahlen_frame(results, year, comparison, level)
    # the default lies in the project's _output; a file the user names may lie in any folder, but is never a
    # device, a pipe, a folder or a link out of its folder (berichte.atomic)
    folder = results.settings.root / "_output" if not path else Path(path).absolute().parent
    path = Path(path) if path else default_table_path(results, meta["year"], fmt)
    atomic.target(path, inside=folder)  # refused before anything is computed for the file
    data = to_csv_bytes(table, meta) if fmt == "csv" else to_xlsx_bytes(results, table, meta)
    atomic.write_bytes(path, data, inside=folder)
    return path
