"""Hostile data deliveries (issue 19): each case builds a bad file in a copy of the small project and checks that
``berichte pruefen`` names it in German (file, sheet, cell or row, value), exits with 1 and never hangs, crashes
or reads a value silently as missing.

Excel workbooks are built with openpyxl; where openpyxl cannot write what Excel writes (stored formula results),
the sheet XML inside the .xlsx is edited.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from berichte.cli import main
from berichte.load import readers
from berichte.load.project import check_project
from berichte.problems import Problems

# The Melderegister delivery of tests/fixtures/mini as rows of a workbook (wide by year).
HEADER = ["schluessel", "merkmal", 2020, 2021, 2022]
MELDEREGISTER = [
    ["0100000101", "ew", 1000, 1010, 1020], ["0100000102", "ew", 3000, 2990, 2980],
    ["01000002", "ew", 10000, 10100, 10200], ["01000003", "ew", 250, 240, 230],
    ["0100000101", "ew_u18", 200, 205, 210], ["0100000102", "ew_u18", 500, 490, 480],
    ["01000002", "ew_u18", 1800, 1850, 1900], ["01000003", "ew_u18", 40, 38, 36],
]
KREIS_EW_2022 = 1020 + 2980 + 10200 + 230  # 14.430


def workbook(*sheets, active: int = 0) -> openpyxl.Workbook:
    """sheets: (title, rows, state) with state "visible" or "hidden"."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.active = active
    return book


def deliver(root: Path, book: openpyxl.Workbook, name: str = "melderegister.xlsx") -> Path:
    (root / "data/zahlen/melderegister.csv").unlink(missing_ok=True)
    path = root / "data/zahlen" / name
    book.save(path)
    return path


def data_rows(**changes) -> list[list]:
    """The Melderegister rows with some cells changed: changes={"r2c4": value} (row and column as in Excel)."""
    rows = [HEADER] + [list(r) for r in MELDEREGISTER]
    for where, value in changes.items():
        r, c = where[1:].split("c")
        rows[int(r) - 1][int(c) - 1] = value
    return rows


def edit_sheet_xml(path: Path, sheet: str, old: str, new: str) -> None:
    """Replace text in the XML of one worksheet (``sheet`` like "sheet1") inside an .xlsx."""
    member = f"xl/worksheets/{sheet}.xml"
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    text = files[member].decode("utf-8")
    assert old in text, (old, text[:2000])
    files[member] = text.replace(old, new, 1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def errors_about(problems, text: str) -> list:
    return [p for p in problems.errors if text in p.message]


def kreis_ew(project, year: int = 2022) -> float:
    return float(project.table.values.loc[("01000", year), "ew"])


def pruefen(root: Path, capsys) -> tuple[int, str]:
    code = main(["--projekt", str(root), "pruefen"])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "Traceback" not in out and "Interner Programmfehler" not in out
    return code, out


# --- which Excel sheet is read ------------------------------------------------------------------------------

def test_hidden_stale_first_sheet_is_not_read(mini, capsys):
    stale = [HEADER] + [[k, m, a * 2, b * 2, c * 2] for k, m, a, b, c in MELDEREGISTER]
    deliver(mini, workbook(("Alt", stale, "hidden"), ("Daten", data_rows(), "visible"), active=1))
    project, problems = check_project(mini)
    assert project is not None and kreis_ew(project) == KREIS_EW_2022
    notes = [p for p in problems.warnings if p.sheet == "Daten" and "Gelesen wird das Blatt „Daten“" in p.message]
    assert notes and "„Alt“ (ausgeblendet)" in notes[0].message, messages(problems)
    assert "Blatt „Daten“" in str(notes[0])


def test_active_sheet_is_read_not_the_first(mini):
    old = [HEADER] + [[k, m, a + 1, b + 1, c + 1] for k, m, a, b, c in MELDEREGISTER]
    deliver(mini, workbook(("2021", old, "visible"), ("2022", data_rows(), "visible"), active=1))
    project, problems = check_project(mini)
    assert kreis_ew(project) == KREIS_EW_2022
    assert any("Gelesen wird das Blatt „2022“ (das aktive Blatt" in p.message and "nicht „2021“" in p.message
               for p in problems.warnings), messages(problems)


def test_active_notes_sheet_gives_way_to_the_data_sheet(mini):
    """A supplier saved the template while looking at the notes: the data sheet is still read."""
    notes = [["Erläuterungen"], ["ew", "Einwohnerinnen und Einwohner"]]
    deliver(mini, workbook(("Daten", data_rows(), "visible"), ("Erläuterungen", notes, "visible"), active=1))
    project, problems = check_project(mini)
    assert not problems.has_errors(), messages(problems)
    assert kreis_ew(project) == KREIS_EW_2022
    assert any("Das aktive Blatt „Erläuterungen“ hat keine Kopfzeile" in p.message and p.sheet == "Daten"
               for p in problems.warnings)
    assert not any("Gelesen wird das Blatt „Erläuterungen“" in p.message for p in problems)


def test_sheet_named_in_projekt_yml_is_read_even_if_hidden(mini):
    other = [HEADER] + [[k, m, a * 3, b * 3, c * 3] for k, m, a, b, c in MELDEREGISTER]
    deliver(mini, workbook(("Andere", other, "visible"), ("Kreise", data_rows(), "hidden"), active=0))
    settings = mini / "data/projekt.yml"
    settings.write_text(settings.read_text() + "dateien:\n  zahlen: [zahlen/jobcenter.csv, "
                        "{datei: zahlen/melderegister.xlsx, blatt: Kreise}]\n")
    project, problems = check_project(mini)
    assert not problems.has_errors(), messages(problems)
    assert kreis_ew(project) == KREIS_EW_2022
    assert not any("Gelesen wird" in p.message for p in problems)  # chosen in the project: nothing to say


def test_workbook_without_visible_sheet(mini, capsys):
    path = deliver(mini, workbook(("A", data_rows(), "visible"), ("B", data_rows(), "hidden")))
    with zipfile.ZipFile(path) as source:  # Excel refuses to hide the last visible sheet; a hostile file can
        files = {name: source.read(name) for name in source.namelist()}
    files["xl/workbook.xml"] = files["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    with zipfile.ZipFile(path, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    code, out = pruefen(mini, capsys)
    assert code == 1 and "kein sichtbares Tabellenblatt" in out


# --- cells that hold no value ---------------------------------------------------------------------------------

def test_error_cells_are_errors_with_sheet_and_cell(mini, capsys):
    book = workbook(("Daten", data_rows(), "visible"))
    sheet = book["Daten"]
    sheet["E5"] = "#DIV/0!"
    sheet["E5"].data_type = "e"
    sheet["D3"] = "#N/A"
    sheet["D3"].data_type = "e"
    deliver(mini, book)
    project, problems = check_project(mini)
    div = [p for p in problems.errors if p.cell == "E5"]
    assert div and div[0].sheet == "Daten" and "Fehlerwert #DIV/0!" in div[0].message
    assert str(div[0]).startswith("Fehler: data/zahlen/melderegister.xlsx, Blatt „Daten“, Zelle E5")
    na = [p for p in problems.errors if p.cell == "D3"]
    assert na and "#N/A (im deutschen Excel: #NV)" in na[0].message
    code, out = pruefen(mini, capsys)
    assert code == 1 and "Zelle E5" in out and "Keine Fehler" not in out


def test_formula_without_stored_result_is_an_error(mini):
    rows = data_rows(r5c5="=SUM(C5:D5)")  # openpyxl stores no result, as a program writing formulas does
    deliver(mini, workbook(("Daten", rows, "visible")))
    project, problems = check_project(mini)
    found = [p for p in problems.errors if p.cell == "E5"]
    assert found and "Formel =SUM(C5:D5) ohne gespeichertes Ergebnis" in found[0].message, messages(problems)
    assert problems.has_errors()


def test_formula_with_stored_error_result(mini):
    path = deliver(mini, workbook(("Daten", data_rows(r5c5="=C5/0"), "visible")))
    edit_sheet_xml(path, "sheet1", "<f>C5/0</f><v />", "<f>C5/0</f><v>#DIV/0!</v>")
    edit_sheet_xml(path, "sheet1", '<c r="E5">', '<c r="E5" t="e">')
    _, problems = check_project(mini)
    found = [p for p in problems.errors if p.cell == "E5"]
    assert found and "Die Formel =C5/0 ergibt den Fehlerwert #DIV/0!" in found[0].message, messages(problems)


def test_formula_with_stored_results_is_read(mini):
    """Formulas whose results Excel saved are read as values; an empty text result is an empty cell."""
    path = deliver(mini, workbook(("Daten", data_rows(r5c5="=C5+10", r9c5='=""'), "visible")))
    edit_sheet_xml(path, "sheet1", "<f>C5+10</f><v />", "<f>C5+10</f><v>10210</v>")
    edit_sheet_xml(path, "sheet1", '<c r="E9"><f>""</f><v />', '<c r="E9" t="str"><f>""</f><v></v>')
    project, problems = check_project(mini)
    assert not problems.errors, messages(problems)
    assert float(project.table.delivered.loc[("01000003", 2022), "ew"]) == 10210
    assert np.isnan(project.table.delivered.loc[("01000003", 2022), "ew_u18"])


def test_merged_cells_in_the_data_are_errors(mini, capsys):
    book = workbook(("Daten", data_rows(r4c5=None), "visible"))
    book["Daten"].merge_cells("D4:E4")  # 2021 and 2022 of one area in one cell
    deliver(mini, book)
    _, problems = check_project(mini)
    merged = errors_about(problems, "Verbundene Zellen D4:E4 im Datenbereich")
    assert merged and merged[0].sheet == "Daten", messages(problems)
    code, out = pruefen(mini, capsys)
    assert code == 1 and "Verbundene Zellen D4:E4" in out


def test_merged_cells_outside_the_read_columns_are_fine(mini):
    rows = [HEADER + ["bemerkung"]] + [list(r) + [""] for r in MELDEREGISTER]
    rows[1][5] = "geprüft"
    book = workbook(("Daten", rows, "visible"))
    book["Daten"].merge_cells("F2:F5")  # a remark merged over several rows: not data
    deliver(mini, book)
    project, problems = check_project(mini)
    assert not problems.errors, messages(problems)


# --- numbers --------------------------------------------------------------------------------------------------

def append_jobcenter(root: Path, lines: str) -> None:
    path = root / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text() + lines)


def test_nan_and_inf_texts_are_errors_not_missing(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    text = path.read_text()
    text = text.replace("0100000101,2022,lb,120", "0100000101,2022,lb,NaN", 1)
    text = text.replace("0100000102,2020,lb,150", "0100000102,2020,lb,inf", 1)
    path.write_text(text)
    _, problems = check_project(mini)
    nan = [p for p in problems.errors if p.value == "NaN"]
    assert nan and nan[0].row == 4 and nan[0].column == "wert" and "keine Zahl" in nan[0].message
    assert nan[0].file == "data/zahlen/jobcenter.csv"
    assert [p for p in problems.errors if p.value == "inf" and p.row == 5]


def test_nan_in_excel_cell_names_the_cell(mini):
    deliver(mini, workbook(("Daten", data_rows(r2c3="nan"), "visible")))
    _, problems = check_project(mini)
    found = [p for p in problems.errors if p.value == "nan"]
    assert found and found[0].cell == "C2" and found[0].sheet == "Daten"


def test_count_beyond_float_precision_is_refused_not_rounded(mini, capsys):
    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text().replace("0100000101,2022,lb,120", "0100000101,2022,lb,123456789012345678"))
    _, problems = check_project(mini)
    found = [p for p in problems.errors if p.value == "123456789012345678"]
    assert found and found[0].row == 4, messages(problems)
    code, out = pruefen(mini, capsys)
    assert code == 1 and "123456789012345678" in out and "123456789012345680" not in out


def test_implausible_count_is_an_error_naming_the_value(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text().replace("0100000101,2022,lb,120", "0100000101,2022,lb,20000000000"))
    _, problems = check_project(mini)
    found = errors_about(problems, "Die Anzahl 20000000000 ist nicht plausibel")
    assert found and found[0].row == 4 and "10.000.000.000" in found[0].message, messages(problems)


def test_large_whole_numbers_are_rounded_exactly():
    from berichte.formatting import rounded_array

    values = np.array([500_000_000.0, 9_999_999_999.0, 123_456_789.0, 2.675])
    assert rounded_array(values[:3], 0).tolist() == [500_000_000.0, 9_999_999_999.0, 123_456_789.0]
    assert rounded_array(values[3:], 2).tolist() == [2.68]


def test_minus_zero_is_read_as_zero_and_never_published_as_minus_zero(mini):
    from berichte.publish.export import _german_cells

    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text().replace("01000003,2022,lb,2\n", "01000003,2022,lb,-0\n"))
    project, problems = check_project(mini)
    assert not problems.errors, messages(problems)
    value = project.counts.set_index(["key", "year", "merkmal"]).loc[("01000003", 2022, "lb"), "value"]
    assert value == 0 and not np.signbit(value)
    cells = _german_cells(np.array([-0.0, -0.04, -1.0]), np.array([0, 1, 0]), np.array(["", "", ""], dtype=object))
    assert cells == ["0", "0,0", "-1"]


# --- files that are not deliveries ----------------------------------------------------------------------------

def test_duplicated_header_column_is_a_data_error(mini, capsys):
    path = mini / "data/zahlen/jobcenter.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(["schluessel,jahr,merkmal,wert,wert"] + [line + ",1" for line in lines[1:]]) + "\n")
    _, problems = check_project(mini)
    found = errors_about(problems, "Die Spalte „wert“ steht zweimal in der Kopfzeile")
    assert found and found[0].file == "data/zahlen/jobcenter.csv" and found[0].row == 1, messages(problems)
    code, out = pruefen(mini, capsys)
    assert code == 1 and "4. und 5. Spalte" in out


def test_duplicated_year_column_is_a_data_error(mini, capsys):
    path = mini / "data/zahlen/melderegister.csv"
    path.write_text(path.read_text().replace("2020;2021;2022", "2020;2021;2021", 1))
    code, out = pruefen(mini, capsys)
    assert code == 1 and "Die Spalte „2021“ steht zweimal" in out


def test_duplicated_column_in_area_list_is_a_data_error(mini, capsys):
    path = mini / "data/gebiete.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ";name"] + [line + ";x" for line in lines[1:]]) + "\n")
    code, out = pruefen(mini, capsys)
    assert code == 1 and "data/gebiete.csv, Zeile 1, Spalte „name“: Die Spalte „name“ steht zweimal" in out


def test_folder_named_like_a_delivery_is_a_data_error(mini, capsys):
    (mini / "data/zahlen/ordner.csv").mkdir()
    code, out = pruefen(mini, capsys)
    assert code == 1 and "data/zahlen/ordner.csv" in out and "Ordner" in out


def test_symlink_to_a_regular_file_is_read(mini, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    os.replace(mini / "data/zahlen/jobcenter.csv", outside)
    (mini / "data/zahlen/jobcenter.csv").symlink_to(outside)
    project, problems = check_project(mini)
    assert project is not None and not problems.errors, messages(problems)


def test_file_above_the_size_limit_is_refused_before_reading(tmp_path):
    from berichte.load.readers import read_bytes_checked

    big = tmp_path / "gross.csv"
    with open(big, "wb") as handle:
        handle.truncate(int(7.5 * 2**30))  # sparse: takes no disk space
    problems = Problems(base=tmp_path)
    assert read_bytes_checked(big, problems) is None
    assert "Die Datei ist zu groß (7,5 GB); gelesen werden Dateien bis 100 MB" in problems.items[0].message


def test_size_limit_applies_to_deliveries(mini, monkeypatch, capsys):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 200)
    code, out = pruefen(mini, capsys)
    assert code == 1 and "jobcenter.csv" in out and "zu groß" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX only")
def test_pipe_and_device_in_data_folder_neither_block_nor_fill_memory(mini):
    """A named pipe blocks any reader that opens it; /dev/zero never ends. Run as a separate process with a
    timeout, so that a regression fails instead of hanging the test run."""
    os.mkfifo(mini / "data/zahlen/pipe.csv")
    (mini / "data/zahlen/null.csv").symlink_to("/dev/zero")
    result = subprocess.run([sys.executable, "-m", "berichte", "--projekt", str(mini), "pruefen"],
                            capture_output=True, text=True, timeout=120)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "data/zahlen/pipe.csv" in out and "eine benannte Pipe (FIFO)" in out
    assert "data/zahlen/null.csv" in out and "ein Gerät (Verweis auf „/dev/zero“)" in out
    assert "Traceback" not in out


# --- many problems ----------------------------------------------------------------------------------------------

def test_duplicate_rows_are_summarised(mini, capsys):
    n = 200_000
    append_jobcenter(mini, "0100000101,2020,lb,100\n" * n)
    _, problems = check_project(mini)
    dup = [p for p in problems.warnings if "Doppelte Zeile für Gebiet 0100000101, Jahr 2020" in p.message]
    assert len(dup) == 1, messages(problems)[:5]
    assert dup[0].row == 26 and dup[0].message.endswith(f"(und {n - 1:,} weitere gleiche Zeilen)".replace(",", "."))
    assert len(problems) < 40
    code, out = pruefen(mini, capsys)
    assert code == 0 and len(out.splitlines()) < 40


def test_many_bad_cells_are_summarised_per_kind(mini):
    from berichte.problems import PER_KIND

    append_jobcenter(mini, "".join(f"0100000101,2020,lb_{i},abc\n" for i in range(3000)))
    _, problems = check_project(mini)
    not_numbers = [p for p in problems.errors if p.message.startswith("Keine Zahl")]
    assert len(not_numbers) == PER_KIND
    summary = [p for p in problems.errors if "2.980 weitere Meldungen dieser Art" in p.message]
    assert summary and summary[0].file == "data/zahlen/jobcenter.csv"


def test_problems_collection_caps_every_kind():
    from berichte.problems import MAX_ITEMS

    problems = Problems()
    for i in range(50_000):
        problems.error("Unbekannter Gebietsschlüssel.", "x.csv", row=i + 2, value=str(i))
    for i in range(MAX_ITEMS * 3):
        problems.warning(f"Warnung Nummer {i}", "y.csv")
    assert problems.has_errors()
    assert len(problems) <= MAX_ITEMS + 3
    assert any("49.980 weitere Meldungen dieser Art" in p.message and p.is_error for p in problems)
    assert any(p.message.startswith("… und ") and "weitere Meldungen (Warnungen)" in p.message for p in problems)
