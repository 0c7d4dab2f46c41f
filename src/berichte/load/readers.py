"""Reading the tables users actually have: CSV (``;`` ``,`` or tab, UTF-8 or Windows-1252) and Excel.

Everything is read as text first, so keys keep their leading zeros, and every data row keeps the row
number a spreadsheet would show, so that problems can name it. Numbers are parsed afterwards with
:func:`parse_numbers`, which understands decimal comma or point, thousands separators and the official
statistical symbols (Zeichenerklärung of the statistical offices).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..problems import Problems

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}

# Official symbols for values that are missing or secret. Value: (numeric value or None, reason).
# "-" means "nichts vorhanden" (exactly zero) in the Zeichenerklärung of the statistical offices; the
# project settings can map it to a missing value instead (see settings.symbols).
DEFAULT_SYMBOLS: dict[str, tuple[float | None, str]] = {
    ".": (None, "Zahlenwert unbekannt oder geheim zu halten"),
    "•": (None, "Zahlenwert unbekannt oder geheim zu halten"),
    "·": (None, "Zahlenwert unbekannt oder geheim zu halten"),
    "x": (None, "Tabellenfach gesperrt, weil Aussage nicht sinnvoll"),
    "X": (None, "Tabellenfach gesperrt, weil Aussage nicht sinnvoll"),
    "*": (None, "aus Datenschutzgründen anonymisiert"),
    "…": (None, "Angabe fällt später an"),
    "...": (None, "Angabe fällt später an"),
    "/": (None, "keine Angabe, da Zahlenwert nicht sicher genug"),
    "k.A.": (None, "keine Angabe"),
    "k. A.": (None, "keine Angabe"),
    "-": (0.0, "nichts vorhanden"),
    "–": (0.0, "nichts vorhanden"),
}
SECRET_REASONS = {
    "Zahlenwert unbekannt oder geheim zu halten",
    "aus Datenschutzgründen anonymisiert",
}


@dataclass
class Table:
    """A table read as text. ``frame`` has one column per header cell; ``rows`` holds spreadsheet rows."""

    path: Path
    frame: pd.DataFrame
    rows: np.ndarray
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    # When a row of years under the header was merged into it: the header row as it was, each empty cell
    # filled from the left (a cell merged across several year columns), e.g. ["schluessel", "name",
    # "ew_insgesamt", "ew_insgesamt", "ew_u3", "ew_u3"] over the years [2022, 2023, 2022, 2023].
    header_above: list[str] | None = None


def _decode(path: Path, problems: Problems) -> tuple[str, str] | None:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode-Text" export is UTF-16
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    problems.error("Die Datei ist weder UTF-8 noch Windows-1252 kodiert und kann nicht gelesen werden.", path)
    return None


def _sniff_delimiter(text: str) -> str:
    sample_lines = [line for line in text.splitlines()[:50] if line.strip()]
    sample = "\n".join(sample_lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ";"


def read_raw(path: Path, problems: Problems, sheet: str | int | None = None) -> Table | None:
    """Read every cell of a CSV or Excel file as text, without interpreting a header."""
    path = Path(path)
    if not path.exists():
        problems.error("Die Datei fehlt.", path)
        return None
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel_raw(path, problems, sheet)
    decoded = _decode(path, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    if not text.strip():
        problems.error("Die Datei ist leer.", path)
        return None
    delimiter = "\t" if suffix == ".tsv" else _sniff_delimiter(text)
    # csv module keeps quoted line breaks inside one record; track the physical line of each record.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        for record in reader:
            records.append(record)
            lines.append(reader.line_num)
    except csv.Error as exc:
        problems.error(f"Die CSV-Datei ist fehlerhaft aufgebaut ({exc}).", path, row=reader.line_num)
        return None
    if "\x00" in text:
        problems.error("Die Datei enthält Nullbytes: vermutlich keine Textdatei oder falsch kodiert "
                       "(z. B. UTF-16 ohne Kennung). Bitte als CSV (UTF-8) speichern.", path)
        return None
    width = max((len(r) for r in records), default=0)
    frame = pd.DataFrame([[c.strip() for c in r] + [""] * (width - len(r)) for r in records], dtype=object)
    # line_num is the line where the record ended; for records without line breaks that is its line.
    rows = np.array(lines, dtype=np.int64)
    return Table(path, frame, rows, encoding=encoding, delimiter=delimiter)


def _excel_cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return str(value)
    return str(value).strip()


def _read_excel_raw(path: Path, problems: Problems, sheet: str | int | None) -> Table | None:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        problems.error(f"Die Excel-Datei kann nicht gelesen werden ({exc}).", path)
        return None
    names = workbook.sheet_names
    if not names:
        problems.error("Die Excel-Datei enthält kein Tabellenblatt.", path)
        return None
    if sheet is None:
        sheet_name = names[0]
    elif isinstance(sheet, int):
        sheet_name = names[sheet]
    elif sheet in names:
        sheet_name = sheet
    else:
        problems.error(
            f"Das Tabellenblatt „{sheet}“ fehlt; vorhanden sind: {', '.join(names)}.", path
        )
        return None
    data = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    if not data:
        problems.error(f"Das Tabellenblatt „{sheet_name}“ ist leer.", path)
        return None
    width = max(len(r) for r in data)
    frame = pd.DataFrame(
        [[_excel_cell_text(v) for v in r] + [""] * (width - len(r)) for r in data], dtype=object
    )
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    return Table(path, frame, rows, sheet=sheet_name)


def normalise_name(text: object) -> str:
    """Header cell → comparable name: lower case, umlauts folded, no spaces or punctuation."""
    s = str(text).strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "", s)


YEAR_RE = re.compile(r"^(19|20)\d\d$")


def is_year(text: object) -> bool:
    s = str(text).strip()
    if s.endswith(".0"):
        s = s[:-2]
    return bool(YEAR_RE.match(s))


def locate_header(table: Table, wanted: set[str], problems: Problems, what: str) -> Table | None:
    """Find the header row (the first row naming one of ``wanted``) and return the table below it.

    Title lines above the header are skipped. A second header row beneath it that holds the years of a
    wide table (as in Excel files whose first header row is merged across the year columns) is merged
    into the header.
    """
    frame = table.frame
    limit = min(len(frame), 30)
    header_idx = None
    for i in range(limit):
        names = {normalise_name(c) for c in frame.iloc[i] if str(c).strip()}
        if names & wanted:
            header_idx = i
            break
    if header_idx is None:
        for i in range(limit):
            for cell in frame.iloc[i]:
                for other in ";,\t|":
                    if other != table.delimiter and other in str(cell) and \
                            {normalise_name(part) for part in str(cell).split(other)} & wanted:
                        shown = {"\t": "Tabulator"}.get(other, other)
                        problems.error(f"Die Kopfzeile ist mit „{shown}“ getrennt, die übrigen Zeilen anders: "
                                       "falsches Trennzeichen? Bitte einheitlich trennen.",
                                       table.path, row=int(table.rows[i]), value=str(cell))
                        return None
        problems.error(
            f"Keine Kopfzeile gefunden: erwartet wird eine Spalte {what}.",
            table.path,
            row=int(table.rows[0]) if len(table.rows) else None,
        )
        return None
    header = [str(c).strip() for c in frame.iloc[header_idx]]
    start = header_idx + 1
    above = None
    if start < len(frame):
        below = [str(c).strip() for c in frame.iloc[start]]
        year_cells = [i for i, c in enumerate(below) if is_year(c)]
        key_cells_empty = all(not below[i] for i, h in enumerate(header) if normalise_name(h) in wanted)
        if year_cells and key_cells_empty and not any(is_year(header[i]) for i in year_cells):
            above, last = [], ""
            for cell in header:
                last = cell or last
                above.append(last)
            header = [below[i] if i in year_cells else header[i] for i in range(len(header))]
            start += 1
    header = [h[:-2] if is_year(h) and h.endswith(".0") else h for h in header]
    body = frame.iloc[start:].copy()
    body.columns = header
    rows = table.rows[start:]
    # Drop rows that are entirely empty (blank lines, Excel padding), keeping the row numbers of the rest.
    filled = (body.to_numpy(dtype=object) != "").any(axis=1) if body.shape[1] else np.zeros(len(body), bool)
    body = body.loc[filled].reset_index(drop=True)
    return Table(table.path, body, rows[filled], table.encoding, table.delimiter, table.sheet, above)


_SPACE_IN_NUMBER = re.compile(r"(?<=\d)[ \u00a0\u202f'](?=\d{3}\b)")
_GERMAN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_HAS_DECIMAL_COMMA = re.compile(r"\d,\d")


def detect_decimal(cells: pd.Series, delimiter: str | None) -> str:
    """Decide per file whether ``,`` or ``.`` is the decimal mark.

    A comma between digits means decimal comma (German exports). Otherwise, a file whose dotted numbers
    all look like German thousands groups ("1.234", "12.345.678") and whose delimiter is not ``,`` (``;``,
    tab — German Excel exports, Excel files) uses the German convention too; everything else uses the
    decimal point.
    """
    unique = [str(c).strip() for c in pd.unique(cells.to_numpy(dtype=object))]
    if delimiter != "," and any(_HAS_DECIMAL_COMMA.search(c) for c in unique):
        return ","
    dotted = [c for c in unique if "." in c and _PLAIN_DOTTED.match(c)]
    if delimiter != "," and dotted and all(_GERMAN_THOUSANDS.match(c) for c in dotted):
        return ","
    return "."


_PLAIN_DOTTED = re.compile(r"^[+-]?[\d.]+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass
class ParsedNumbers:
    values: pd.Series  # float64, NaN where missing
    notes: pd.Series  # reason for a symbol ("" when a number was given)
    invalid: pd.Series  # bool: neither a number nor a known symbol nor empty


def _parse_cell(text: str, decimal: str, symbols) -> tuple[float, str, bool]:
    text = text.strip()
    if text == "" or text.lower() == "nan":
        return np.nan, "fehlt", False
    if text in symbols:
        value, reason = symbols[text]
        return (np.nan if value is None else value), reason, False
    cleaned = _SPACE_IN_NUMBER.sub("", text).replace("−", "-")
    if decimal == ",":
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    if _NUMBER.match(cleaned):
        return float(cleaned), "", False
    return np.nan, "", True


def parse_numbers(
    cells: pd.Series, decimal: str, symbols: dict[str, tuple[float | None, str]] | None = None
) -> ParsedNumbers:
    """Parse text cells into numbers, known symbols and invalid entries.

    Each distinct cell text is parsed once (count files repeat values a lot), so large files are fast.
    """
    symbols = DEFAULT_SYMBOLS if symbols is None else symbols
    codes, unique = pd.factorize(cells.to_numpy(dtype=object), use_na_sentinel=False)
    parsed = [_parse_cell(str(u), decimal, symbols) for u in unique]
    values = np.array([p[0] for p in parsed], dtype=float)[codes]
    notes = np.array([p[1] for p in parsed], dtype=object)[codes]
    invalid = np.array([p[2] for p in parsed], dtype=bool)[codes]
    index = cells.index
    return ParsedNumbers(pd.Series(values, index=index), pd.Series(notes, index=index, dtype=object),
                         pd.Series(invalid, index=index))
