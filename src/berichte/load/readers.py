"""Reading the tables users actually have: CSV (``;`` ``,`` or tab, UTF-8 or Windows-1252) and Excel.

Everything is read as text first, so keys keep their leading zeros, and every data row keeps the row
number a spreadsheet would show, so that problems can name it. Numbers are parsed afterwards with
:func:`parse_numbers`, which understands decimal comma or point, thousands separators and the official
statistical symbols (Zeichenerklärung of the statistical offices).
"""

from __future__ import annotations

import array
import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..formatting import number
from ..problems import Problems, os_error_reason

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
    # Excel only. Cells that hold no usable value although they are not empty, by (row, column index from 0):
    # the problem to report ("Fehlerwert #DIV/0!", a formula without a stored result); their text in ``frame``
    # is the error value or the formula, so that nothing reads them as "missing".
    cell_problems: dict[tuple[int, int], str] = field(default_factory=dict)
    # Merged cells as (first row, first column, last row, last column), rows as shown, columns from 0.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # The other visible sheets, in order, when the sheet was chosen automatically (the active one).
    other_sheets: list[str] = field(default_factory=list)
    # Which sheet was read and which were not, when that is not simply the only or the first sheet.
    sheet_note: str | None = None
    header_row: int | None = None  # the header row as shown, once located


# A delivery larger than this is refused rather than read (SECURITY.md, docs/projektordner.md). Reading and checking
# a CSV takes up to about 25 times its size in memory (benchmarks/hostile_input.py: 2 million equal rows, 44 MB,
# 1,1 GB), so 100 MB need at most about 2,5 GB. A long-format delivery of a whole Land (400 Gemeinden, 20 years,
# 300 Merkmale) is about 70 MB.
MAX_FILE_BYTES = 100 * 1024 * 1024

_FILE_KINDS = ((stat.S_ISDIR, "ein Ordner"), (stat.S_ISFIFO, "eine benannte Pipe (FIFO)"),
               (stat.S_ISCHR, "ein Gerät"), (stat.S_ISBLK, "ein Gerät"), (stat.S_ISSOCK, "ein Socket"))


def _size_text(size: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{number(value, 0 if value.is_integer() else 1)} {unit}"
    return f"{size} Byte"


def _not_regular(path: Path, mode: int) -> str:
    kind = next((text for test, text in _FILE_KINDS if test(mode)), "keine gewöhnliche Datei")
    target = ""
    if path.is_symlink():
        try:
            target = f" (Verweis auf „{os.readlink(path)}“)"
        except OSError:
            pass
    return (f"Das ist {kind}{target}, keine gewöhnliche Datei; gelesen werden nur gewöhnliche Dateien "
            "(CSV oder Excel). Bitte entfernen oder durch die Datei selbst ersetzen.")


def read_bytes_checked(path: Path, problems: Problems, limit: int | None = None) -> bytes | None:
    """The content of a regular file (or a link to one) of at most ``limit`` bytes; anything else is a problem.

    The type is checked before the file is opened and again on the open file (a pipe would block forever,
    /dev/zero never ends), and never more than ``limit`` bytes are read.
    """
    path = Path(path)
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        before = os.stat(path)
    except FileNotFoundError:
        problems.error("Die Datei fehlt." + (" (Der Verweis zeigt ins Leere.)" if path.is_symlink() else ""), path)
        return None
    except OSError as exc:
        problems.error(f"Die Datei kann nicht gelesen werden ({os_error_reason(exc)}).", path)
        return None
    if not stat.S_ISREG(before.st_mode):
        problems.error(_not_regular(path, before.st_mode), path)
        return None
    too_big = f"Die Datei ist zu groß ({{}}); gelesen werden Dateien bis {_size_text(limit)}. " \
              "Bitte die Lieferung aufteilen oder auf die benötigten Gebiete und Jahre beschränken."
    if before.st_size > limit:
        problems.error(too_big.format(_size_text(before.st_size)), path, value=f"{before.st_size} Byte")
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        problems.error(f"Die Datei kann nicht gelesen werden ({os_error_reason(exc)}).", path)
        return None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):  # replaced between the two looks
            problems.error(_not_regular(path, mode), path)
            return None
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            problems.error(f"Die Datei kann nicht gelesen werden ({os_error_reason(exc)}).", path)
            return None
    if len(data) > limit:
        problems.error(too_big.format(f"mehr als {_size_text(limit)}"), path)
        return None
    return data


def _decode(path: Path, raw: bytes, problems: Problems) -> tuple[str, str] | None:
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
    sample_lines = [line for line in text[:200_000].splitlines()[:50] if line.strip()]
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
    raw = read_bytes_checked(path, problems)
    if raw is None:
        return None
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel_raw(path, raw, problems, sheet)
    decoded = _decode(path, raw, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    if not text or text.isspace():
        problems.error("Die Datei ist leer.", path)
        return None
    delimiter = "\t" if suffix == ".tsv" else _sniff_delimiter(text)
    # csv module keeps quoted line breaks inside one record; track the physical line of each record.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Column by column, one string object per distinct text (count files repeat keys, years and values), so
    # that memory stays a small multiple of the file size.
    columns: list[list[str]] = []
    seen: dict[str, str] = {}
    lines = array.array("q")
    try:
        for n, record in enumerate(reader):
            if len(record) > len(columns):
                columns.extend([""] * n for _ in range(len(record) - len(columns)))
            for column, cell in zip(columns, record):
                cell = cell.strip()
                column.append(seen.setdefault(cell, cell))
            for column in columns[len(record):]:
                column.append("")
            lines.append(reader.line_num)
    except csv.Error as exc:
        problems.error(f"Die CSV-Datei ist fehlerhaft aufgebaut ({exc}).", path, row=reader.line_num)
        return None
    if "\x00" in text:
        problems.error("Die Datei enthält Nullbytes: vermutlich keine Textdatei oder falsch kodiert "
                       "(z. B. UTF-16 ohne Kennung). Bitte als CSV (UTF-8) speichern.", path)
        return None
    del text, seen
    frame = pd.DataFrame({i: np.array(column, dtype=object) for i, column in enumerate(columns)},
                         index=pd.RangeIndex(len(lines)), dtype=object)
    del columns
    # line_num is the line where the record ended; for records without line breaks that is its line.
    rows = np.frombuffer(lines, dtype=np.int64).copy()
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


# Excel's error values as stored in the file, with the name German Excel shows.
EXCEL_ERRORS = {"#DIV/0!": "#DIV/0!", "#N/A": "#NV", "#VALUE!": "#WERT!", "#REF!": "#BEZUG!", "#NAME?": "#NAME?",
                "#NUM!": "#ZAHL!", "#NULL!": "#NULL!", "#GETTING_DATA": "#DATEN_ABRUFEN", "#SPILL!": "#ÜBERLAUF!",
                "#CALC!": "#CALC!"}


def excel_error_text(value: str) -> str:
    german = EXCEL_ERRORS.get(value)
    return f"{value} (im deutschen Excel: {german})" if german and german != value else value


def cell_name(row: int, column: int) -> str:
    """(7, 2) → "C7": the row as shown, the column counted from 0."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column + 1)}{row}"


def _read_excel_raw(path: Path, raw: bytes, problems: Problems, sheet: str | int | None) -> Table | None:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        metadata = workbook.sheets_metadata
    except Exception as exc:  # calamine raises its own error types for broken files
        problems.error(f"Die Excel-Datei kann nicht gelesen werden ({exc}).", path)
        return None
    names = [m.name for m in metadata if m.typ == SheetTypeEnum.WorkSheet] or list(workbook.sheet_names)
    if not names:
        problems.error("Die Excel-Datei enthält kein Tabellenblatt.", path)
        return None
    visible = [m.name for m in metadata if m.name in names and m.visible == SheetVisibleEnum.Visible]
    others: list[str] = []
    is_xlsx = path.suffix.lower() in {".xlsx", ".xlsm"}
    active, parts = _xlsx_sheets(raw) if is_xlsx else (None, {})
    if sheet is None:
        order = ([active] if active in visible else []) + [n for n in visible if n != active]
        if not order:
            problems.error("Die Excel-Datei enthält kein sichtbares Tabellenblatt; bitte das Blatt mit den Daten "
                           "einblenden oder in projekt.yml unter „blatt:“ nennen.", path)
            return None
        sheet_name, others = order[0], order[1:]
    elif isinstance(sheet, int):
        sheet_name = names[sheet]
    elif sheet in names:
        sheet_name = sheet
    else:
        problems.error(
            f"Das Tabellenblatt „{sheet}“ fehlt; vorhanden sind: {', '.join(names)}.", path
        )
        return None
    try:
        calamine_sheet = workbook.get_sheet_by_name(sheet_name)
        data = calamine_sheet.to_python(skip_empty_area=False)
        merged = calamine_sheet.merged_cell_ranges or []
    except Exception as exc:
        problems.error(f"Das Tabellenblatt „{sheet_name}“ kann nicht gelesen werden ({exc}).", path)
        return None
    if not data:
        problems.error(f"Das Tabellenblatt „{sheet_name}“ ist leer.", path)
        return None
    width = max(len(r) for r in data)
    cells = [[_excel_cell_text(v) for v in r] + [""] * (width - len(r)) for r in data]
    cell_problems = {}
    if is_xlsx:
        cell_problems = _unusable_cells(raw, parts.get(sheet_name), cells)
    frame = pd.DataFrame(cells, dtype=object)
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    spans = [(int(a[0]) + 1, int(a[1]), int(b[0]) + 1, int(b[1])) for a, b in merged]
    note = None
    hidden = [n for n in names if n not in visible]
    if sheet is None and (hidden or sheet_name != names[0]):
        why = "das aktive Blatt, das Excel beim Öffnen zeigt" if sheet_name == active else "das erste sichtbare Blatt"
        rest = [f"„{n}“" + (" (ausgeblendet)" if n in hidden else "") for n in names if n != sheet_name]
        note = (f"Gelesen wird das Blatt „{sheet_name}“ ({why}), nicht " + ", ".join(rest) + ". Ein anderes Blatt "
                "wählt „blatt:“ unter dateien.zahlen in projekt.yml.")
    return Table(path, frame, rows, sheet=sheet_name, cell_problems=cell_problems, merged=spans,
                 other_sheets=others, sheet_note=note)


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# A formula element or an error cell anywhere in a sheet's XML (with or without a namespace prefix).
_FORMULA_OR_ERROR = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]|\st\s*=\s*[\"']e[\"']")


def _xlsx_sheets(raw: bytes) -> tuple[str | None, dict[str, str]]:
    """The active sheet of an .xlsx/.xlsm (the one Excel shows when the file is opened) and the XML part of
    each sheet, from xl/workbook.xml and its relationships; (None, {}) if the package does not say."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            book = ElementTree.fromstring(package.open("xl/workbook.xml").read(4_000_000))
            rels = ElementTree.fromstring(package.open("xl/_rels/workbook.xml.rels").read(4_000_000))
    except Exception:  # not a package as Excel writes it: calamine's reading and the first visible sheet
        return None, {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{_PACKAGE_REL_NS}}}Relationship")}
    sheets = book.findall(f"{{{_MAIN_NS}}}sheets/{{{_MAIN_NS}}}sheet")
    parts = {}
    for sheet in sheets:
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", target))
    view = book.find(f"{{{_MAIN_NS}}}bookViews/{{{_MAIN_NS}}}workbookView")
    try:
        index = int(view.get("activeTab", "0")) if view is not None else 0
    except ValueError:
        index = 0
    active = sheets[index].get("name") if 0 <= index < len(sheets) else None
    return active, parts


def _unusable_cells(raw: bytes, part: str | None, cells: list[list[str]]) -> dict[tuple[int, int], str]:
    """Error values and formulas without a stored result in one sheet (its XML ``part``) of an .xlsx/.xlsm.

    calamine reads both as empty cells. A quick search of the sheet's XML finds out whether it has formulas or
    error values at all (most deliveries have neither); only then is the XML read cell by cell. A formula whose
    stored result is an empty text is an empty cell, not a problem. The text of each cell found in ``cells``
    becomes the error value or the formula, so that nothing reads it as "missing".
    """
    import zipfile
    from xml.etree import ElementTree

    if not part:
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            if not _has_formula_or_error(package, part):
                return {}
            found: dict[tuple[int, int], str] = {}
            with package.open(part) as stream:
                _scan_cells(ElementTree.iterparse(stream, events=("end",)), cells, found)
            return found
    except Exception:  # a part calamine could read and we cannot: keep calamine's reading
        return {}


def _has_formula_or_error(package, part: str) -> bool:
    tail = b""
    with package.open(part) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            # literal searches first (fast); the expression only where one of them hits
            if any(mark in window for mark in (b"<f", b":f", b"\"e\"", b"'e'")) and _FORMULA_OR_ERROR.search(window):
                return True
            tail = chunk[-64:]
    return False


def _scan_cells(events, cells: list[list[str]], found: dict) -> None:
    from openpyxl.utils.cell import coordinate_to_tuple

    cell_tag, row_tag = f"{{{_MAIN_NS}}}c", f"{{{_MAIN_NS}}}row"
    formula_tag, value_tag = f"{{{_MAIN_NS}}}f", f"{{{_MAIN_NS}}}v"
    row_number, column = 0, -1
    for _, element in events:
        if element.tag == row_tag:
            element.clear()
            column = -1
            continue
        if element.tag != cell_tag:
            continue
        reference = element.get("r")
        if reference:
            row_number, column = coordinate_to_tuple(reference)
            column -= 1
        else:  # cells without a reference follow each other
            column += 1
        kind = element.get("t", "n")
        formula = element.find(formula_tag)
        value = element.find(value_tag)
        stored = value.text if value is not None else None
        if kind == "e" or formula is not None:
            _judge_cell(row_number, column, kind, formula, stored, cells, found)
        element.clear()


def _judge_cell(row: int, column: int, kind: str, formula, stored: str | None, cells, found: dict) -> None:
    inside = row - 1 < len(cells) and column < len(cells[row - 1])
    text = "=" + formula.text.lstrip("=") if formula is not None and formula.text else "eine Formel"
    if kind == "e" and stored:
        shown = excel_error_text(stored)
        found[(row, column)] = (f"Die Formel {text} ergibt den Fehlerwert {shown} statt eines Werts."
                                if formula is not None else f"Die Zelle enthält den Fehlerwert {shown} statt eines Werts.")
        if inside:
            cells[row - 1][column] = stored
    elif formula is not None and stored is None and kind != "str" and not (inside and cells[row - 1][column]):
        # no stored result; an empty text result ("str") is an empty cell
        found[(row, column)] = (f"Die Zelle enthält {'die Formel ' + text if text != 'eine Formel' else text} "
                                "ohne gespeichertes Ergebnis. Bitte die Datei in Excel öffnen, neu berechnen lassen "
                                "und speichern, oder Werte statt Formeln liefern.")
        if inside:
            cells[row - 1][column] = text if text != "eine Formel" else "="


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
    return replace(table, frame=body, rows=rows[filled], header_above=above,
                   header_row=int(table.rows[header_idx]))


def unique_columns(table: Table, is_read, problems: Problems) -> bool:
    """Each column that is read (``is_read(header text)``) may appear only once in the header; with two, which
    one holds the data is not clear. Under a header row of Merkmal ids merged over their years, a year
    counts once per Merkmal."""
    above = table.header_above or []
    seen: dict[tuple[str, str], int] = {}
    ok = True
    for i, column in enumerate(table.frame.columns):
        name = str(column).strip()
        norm = normalise_name(name)
        if not norm or not is_read(name):
            continue
        ident = (normalise_name(above[i]) if i < len(above) else "", norm)
        if ident not in seen:
            seen[ident] = i
            continue
        first = seen[ident]
        letters = f"{cell_name(1, first)[:-1]} und {cell_name(1, i)[:-1]}"
        problems.error(f"Die Spalte „{name}“ steht zweimal in der Kopfzeile ({first + 1}. und {i + 1}. Spalte, "
                       f"{letters}); welche gilt, ist nicht eindeutig. Bitte eine davon entfernen oder umbenennen.",
                       table.path, row=table.header_row, column=name, sheet=table.sheet)
        ok = False
    return ok


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
    if text == "":
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

    Texts such as "NaN" or "inf" that programs write for missing or impossible values are invalid, not missing:
    a delivery states missing values as an empty cell or an official symbol. "-0" is read as 0.
    Each distinct cell text is parsed once (count files repeat values a lot), so large files are fast.
    """
    symbols = DEFAULT_SYMBOLS if symbols is None else symbols
    codes, unique = pd.factorize(cells.to_numpy(dtype=object), use_na_sentinel=False)
    parsed = [_parse_cell(str(u), decimal, symbols) for u in unique]
    values = np.array([p[0] for p in parsed], dtype=float)[codes] + 0.0  # "-0" is 0
    notes = np.array([p[1] for p in parsed], dtype=object)[codes]
    invalid = np.array([p[2] for p in parsed], dtype=bool)[codes]
    index = cells.index
    return ParsedNumbers(pd.Series(values, index=index), pd.Series(notes, index=index, dtype=object),
                         pd.Series(invalid, index=index))
