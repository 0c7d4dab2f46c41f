"""Delivery templates (``berichte vorlagen``): one Excel file per data supplier, to send out every year.

Each file lists the project's areas as rows and, as columns, the Merkmale the supplier delivers (the
``quelle`` of the Merkmale in ``merkmale.yml``) with one column per expected year: a header row with the
Merkmal ids (each merged across its years) and a row of years beneath it — a layout ``berichte pruefen``
and ``berichte build`` read back unchanged when the filled file is put into ``data/zahlen/``. Keys are
stored as text, so leading zeros survive Excel. Cells whose value berichte sums from the areas below
(additive Merkmale of areas with sub-areas) are shaded and optional. A second sheet explains every
Merkmal (definition, unit, Stichtag, source, where it is used).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .. import atomic
from ..formatting import slug
from ..problems import BerichteError, Problems

DATA_SHEET = "Daten"
NOTES_SHEET = "Erläuterungen"
FIRST_DATA_COLUMN = 4  # schluessel, name, ebene, then the Merkmale
HEADER_ROW = 5  # 1-based: title rows 1–3, labels 4, ids 5, years 6, data from 7
HEAD_COLOUR = "DCE6EE"  # header cells
SYMBOLS_NOTE = ("Zeichen der amtlichen Statistik sind erlaubt: „.“ unbekannt oder geheim, „*“ aus "
                "Datenschutzgründen anonymisiert, „-“ nichts vorhanden (= 0), „x“ Aussage nicht sinnvoll. "
                "Leere Zellen gelten als nicht geliefert.")


@dataclass
class Template:
    source: str  # the supplier, e.g. "Einwohnermeldeamt"
    path: Path
    merkmale: list[str]
    years: list[int]
    areas: int


def supplier(source: str) -> str:
    """Who delivers: the ``quelle`` up to a bracket or comma ("Jugendamt (Kita-Bedarfsplanung)" → "Jugendamt",
    "Landesamt für Statistik, Pflegestatistik" → "Landesamt für Statistik")."""
    return source.split(" (")[0].split(", ")[0].strip() or source


def _sources(merkmale) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for m in merkmale.delivered:
        grouped.setdefault(supplier(m.source), []).append(m)
    return grouped


def _missing_years(project_counts, merkmal_ids: list[str], years: list[int]) -> list[int]:
    """The years for which no value of these Merkmale has been delivered yet (all years if none)."""
    if project_counts is None or project_counts.empty:
        return years
    delivered = project_counts[project_counts["merkmal"].isin(merkmal_ids) & project_counts["value"].notna()]
    have = set(delivered["year"].astype(int))
    missing = [y for y in years if y not in have]
    return missing or years[-1:]


def _usage(catalogue, merkmal_id: str) -> str:
    if catalogue is None:
        return ""
    used = [k.short_title for k in catalogue if merkmal_id in set(k.numerator.merkmale)
            | set(k.denominator.merkmale if k.denominator is not None else ())]
    return ", ".join(used)


def write_templates(root: Path | str, target: Path | str | None = None, years: list[int] | None = None,
                    sources: list[str] | None = None) -> list[Template]:
    """Write one template per supplier into ``target`` (default ``<root>/lieferungen``)."""
    from ..load.areas import load_areas
    from ..load.catalogue import load_catalogue
    from ..load.counts import load_counts
    from ..load.merkmale import load_merkmale
    from ..load.settings import load_settings
    from ..problems import DataError

    root = Path(root)
    problems = Problems(base=root)
    settings = load_settings(root, problems)
    areas = load_areas(settings, problems) if settings is not None else None
    merkmale = load_merkmale(settings, problems) if settings is not None else None
    if settings is None or areas is None or not areas.valid or merkmale is None:
        raise DataError("Für die Vorlagen braucht berichte gültige Einstellungen, Gebiete und Merkmale.",
                        problems.errors or problems.items)
    catalogue = load_catalogue(settings, merkmale, Problems())
    counts = load_counts(settings, areas, merkmale, Problems()) if not years else None
    for year in years or []:
        if year not in settings.years:
            raise BerichteError(f"Das Jahr {year} liegt außerhalb der Jahre des Projekts "
                                f"({settings.first_year}–{settings.last_year}, siehe data/projekt.yml).")
    grouped = _sources(merkmale)
    if sources:
        unknown = [s for s in sources if s not in grouped]
        if unknown:
            raise BerichteError(f"Unbekannte Quelle „{unknown[0]}“; in merkmale.yml stehen: {', '.join(grouped)}.")
        grouped = {s: grouped[s] for s in sources}
    folder = Path(target) if target is not None else root / "lieferungen"
    written = []
    for source, items in grouped.items():
        ids = [m.id for m in items]
        chosen = sorted(years) if years else _missing_years(counts, ids, settings.years)
        name = f"{slug(source)}-{chosen[0]}" + (f"-{chosen[-1]}" if len(chosen) > 1 else "") + ".xlsx"
        path = folder / name
        atomic.write_bytes(path, _workbook(settings, areas, items, chosen, catalogue))
        written.append(Template(source, path, ids, chosen, len(areas)))
    return written


def _workbook(settings, areas, items, years: list[int], catalogue) -> bytes:
    """The template: title rows, the Merkmal and year columns, one row per area, and the notes sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    source = supplier(items[0].source)
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    head_fill = PatternFill("solid", fgColor=HEAD_COLOUR)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    sheet["A1"] = f"Datenlieferung für {settings.title}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (f"Lieferant: {source} · Jahre {span} · Stichtag {settings.reference_date} des Jahres, wenn "
                   "nicht anders angegeben · Herausgeber: " + settings.publisher)
    sheet["A3"] = ("Bitte je Gebiet und Jahr den Wert eintragen. Schlüssel, Kopfzeilen und Blattnamen nicht ändern; "
                   "graue Zellen sind freiwillig (berichte summiert sie aus den Teilgebieten). " + SYMBOLS_NOTE +
                   f" Erläuterung jedes Merkmals: Blatt „{NOTES_SHEET}“.")
    for cell in ("A2", "A3"):
        sheet[cell].alignment = Alignment(wrap_text=False)
    for col, title in enumerate(("schluessel", "name", "ebene"), start=1):
        sheet.cell(HEADER_ROW, col, title).font = Font(bold=True)
        sheet.cell(HEADER_ROW, col).fill = head_fill
        sheet.cell(HEADER_ROW + 1, col).fill = head_fill
    sheet.cell(HEADER_ROW - 1, 1, "Merkmal →").font = Font(italic=True, color="59646E")
    layout = _merkmal_columns(sheet, items, years)
    frame = areas.frame
    _area_rows(sheet, settings, frame, layout)
    widths = {"A": 12, "B": max(12, min(40, int(frame["name"].str.len().max() or 10) + 2)), "C": 12}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for c in range(FIRST_DATA_COLUMN, FIRST_DATA_COLUMN + len(layout)):
        sheet.column_dimensions[get_column_letter(c)].width = 11
    sheet.row_dimensions[HEADER_ROW - 1].height = 42
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 2, FIRST_DATA_COLUMN)
    sheet.protection.sheet = True  # headers and keys stay as they are; value cells are unlocked
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.sort = False
    sheet.protection.autoFilter = False
    _notes_sheet(book.create_sheet(NOTES_SHEET), settings, items, catalogue, source)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _merkmal_columns(sheet, items, years: list[int]) -> list[tuple]:
    """The column header of each Merkmal (label, id merged across its years, one column per year);
    returns the layout (column, Merkmal, year) of the value columns."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor=HEAD_COLOUR)
    thin = Side(style="thin", color="B9C3CC")
    column = FIRST_DATA_COLUMN
    layout = []  # (column, merkmal, year)
    for m in items:
        first = column
        label = sheet.cell(HEADER_ROW - 1, first, m.label)
        label.alignment = Alignment(wrap_text=True, vertical="bottom")
        label.font = Font(size=9)
        head = sheet.cell(HEADER_ROW, first, m.id)
        head.font = bold
        head.alignment = Alignment(horizontal="center")
        head.comment = Comment(f"{m.label} ({m.unit})" + (f": {m.description}" if m.description else ""), "berichte")
        for year in years:
            cell = sheet.cell(HEADER_ROW + 1, column, year)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center")
            layout.append((column, m, year))
            column += 1
        for row in (HEADER_ROW - 1, HEADER_ROW):
            if len(years) > 1:
                sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=column - 1)
        for c in range(first, column):
            for row in (HEADER_ROW, HEADER_ROW + 1):
                sheet.cell(row, c).fill = head_fill
            sheet.cell(HEADER_ROW + 1, c).border = Border(bottom=thin)
        sheet.column_dimensions[get_column_letter(first)].width = 11
    return layout


def _area_rows(sheet, settings, frame, layout: list[tuple]) -> None:
    """One row per area: key as text, name, level; value cells unlocked with the Merkmal's number format,
    shaded where berichte sums the value from the sub-areas."""
    from openpyxl.styles import PatternFill, Protection

    summed_fill = PatternFill("solid", fgColor="EEEEEE")
    has_children = set(frame["parent"][frame["parent"] != ""])
    for offset, (key, row) in enumerate(frame.iterrows()):
        r = HEADER_ROW + 2 + offset
        key_cell = sheet.cell(r, 1, str(key))
        key_cell.number_format = "@"
        sheet.cell(r, 2, row["name"])
        sheet.cell(r, 3, settings.level(row["level"]).name)
        for c, m, _ in layout:
            cell = sheet.cell(r, c)
            cell.number_format = "#,##0" if m.integer else "#,##0.0##"
            cell.protection = Protection(locked=False)
            if m.additive and key in has_children:
                cell.fill = summed_fill


def _notes_sheet(notes, settings, items, catalogue, source: str) -> None:
    """The notes sheet: every Merkmal of the delivery with its definition, unit, Stichtag, source and use."""
    from openpyxl.styles import Alignment, Font, PatternFill

    notes.append([f"Merkmale der Lieferung „{source}“ für {settings.title}"])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append([SYMBOLS_NOTE])
    notes.append([])
    header = ["Merkmal (Spalte)", "Bezeichnung", "Einheit", "Stichtag", "Quelle", "Beschreibung",
              "Teil von", "Werte", "Summierbar über Teilgebiete", "Verwendet für die Kennzahlen"]
    notes.append(header)
    for cell in notes[4]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEAD_COLOUR)
    for m in items:
        notes.append([m.id, m.label, m.unit, m.reference_date or f"{settings.reference_date} des Jahres", m.source,
                      m.description or "", ", ".join(m.part_of), "ganze Zahlen" if m.integer else "Dezimalzahlen",
                      "ja" if m.additive else "nein (für jedes Gebiet liefern)", _usage(catalogue, m.id)])
    for letter, width in zip("ABCDEFGHIJ", (22, 45, 12, 18, 24, 50, 18, 14, 18, 50)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
