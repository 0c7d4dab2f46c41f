"""Input formats users actually have: separators, decimal marks, encodings, symbols, Excel, layouts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from berichte.load.project import check_project
from berichte.load.readers import DEFAULT_SYMBOLS, detect_decimal, parse_numbers

from conftest import MINI  # noqa: E402




def counts_of(root: Path) -> pd.DataFrame:
    project, problems = check_project(root)
    assert not problems.has_errors(), "\n".join(map(str, problems))
    return project.counts.set_index(["key", "year", "merkmal"])["value"]


def test_parse_numbers_decimal_comma_and_thousands():
    cells = pd.Series(["1.234", "12,5", "−3", " 7 ", "1 234", ""])
    parsed = parse_numbers(cells, ",")
    assert parsed.values.tolist()[:5] == [1234.0, 12.5, -3.0, 7.0, 1234.0]
    assert parsed.notes.iloc[5] == "fehlt"
    assert not parsed.invalid.any()


def test_parse_numbers_decimal_point():
    parsed = parse_numbers(pd.Series(["1,234", "12.5", "3e2"]), ".")
    assert parsed.values.tolist() == [1234.0, 12.5, 300.0]


@pytest.mark.parametrize("symbol", [".", "x", "•", "*", "…", "k.A.", "/"])
def test_official_symbols_are_missing_with_reason(symbol):
    parsed = parse_numbers(pd.Series([symbol]), ",")
    assert parsed.values.isna().all()
    assert parsed.notes.iloc[0] == DEFAULT_SYMBOLS[symbol][1]
    assert not parsed.invalid.any()


def test_dash_means_nothing_there():
    # Zeichenerklärung of the statistical offices: "-" = nichts vorhanden (genau null).
    parsed = parse_numbers(pd.Series(["-", "–"]), ",")
    assert parsed.values.tolist() == [0.0, 0.0]
    assert parsed.notes.tolist() == ["nichts vorhanden", "nichts vorhanden"]


def test_detect_decimal():
    assert detect_decimal(pd.Series(["1.234", "12.345", "5"]), ";") == ","
    assert detect_decimal(pd.Series(["1.5", "12.345"]), ";") == "."
    assert detect_decimal(pd.Series(["1,5", "2"]), ";") == ","
    assert detect_decimal(pd.Series(["1.5", "2"]), ",") == "."


def test_windows_1252_semicolon_wide_file(mini):
    text = (MINI / "data/zahlen/melderegister.csv").read_text()
    text = text.replace("schluessel;merkmal", "Schlüssel;Gebiet;Merkmal")
    text = "\n".join(line if i == 0 else line.replace(";", ";Gemeinde Öhringen;", 1)
                     for i, line in enumerate(text.splitlines())) + "\n"
    (mini / "data/zahlen/melderegister.csv").write_bytes(text.encode("cp1252"))
    values = counts_of(mini)
    assert values[("01000002", 2022, "ew")] == 10200
    assert values[("0100000101", 2020, "ew_u18")] == 200


def test_utf8_bom_comma_file_with_title_lines_and_blank_lines(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    text = path.read_text()
    lines = text.splitlines()
    lines.insert(3, "")
    path.write_text("\ufeffTabelle 3: Leistungsberechtigte,,,\nStand: 31.12.,,,\n" + "\n".join(lines) + "\n")
    values = counts_of(mini)
    assert values[("01000002", 2021, "lb")] == 1100


def test_wide_by_merkmal_layout_with_tabs(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    long = pd.read_csv(path, dtype=str)
    wide = long.pivot(index=["schluessel", "jahr"], columns="merkmal", values="wert").reset_index()
    path.unlink()
    wide.to_csv(mini / "data/zahlen/jobcenter.tsv", sep="\t", index=False)
    values = counts_of(mini)
    assert values[("01000002", 2021, "lb")] == 1100
    assert values[("0100000102", 2022, "lb_u18")] == 36


def test_excel_with_merged_header_rows(mini):
    """An .xlsx whose first header row is merged across the year columns, years in the row below."""
    (mini / "data/zahlen/melderegister.csv").unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Einwohner"
    sheet.append(["Einwohnerstatistik – Stichtag 31.12."])
    sheet.append(["Schlüssel", "Merkmal", "Anzahl", None, None])
    sheet.append([None, None, 2020, 2021, 2022])
    sheet.merge_cells("C2:E2")
    source = pd.read_csv(MINI / "data/zahlen/melderegister.csv", sep=";", dtype=str)
    for row in source.itertuples(index=False):
        sheet.append([row[0], row[1]] + [int(v.replace(".", "")) for v in row[2:]])
    book.save(mini / "data/zahlen/melderegister.xlsx")
    values = counts_of(mini)
    assert values[("01000002", 2022, "ew")] == 10200
    assert values[("01000003", 2020, "ew_u18")] == 40


def test_excel_numeric_keys_lose_leading_zero_and_are_reported(mini):
    (mini / "data/zahlen/melderegister.csv").unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["schluessel", "merkmal", "2020", "2021", "2022"])
    source = pd.read_csv(MINI / "data/zahlen/melderegister.csv", sep=";", dtype=str)
    for row in source.itertuples(index=False):
        sheet.append([int(row[0])] + [row[1]] + [int(v.replace(".", "")) for v in row[2:]])
    book.save(mini / "data/zahlen/melderegister.xlsx")
    _, problems = check_project(mini)
    lost = [p for p in problems if "führende Null" in p.message]
    assert lost and lost[0].row == 2 and lost[0].value == "100000101"
    assert lost[0].file.endswith("melderegister.xlsx")


def test_long_layout_with_german_thousands(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    text = path.read_text().replace(",", ";").replace(";1000\n", ";1.000\n").replace(";1100\n", ";1.100\n")
    path.write_text(text)
    values = counts_of(mini)
    assert values[("01000002", 2020, "lb")] == 1000
    assert values[("01000002", 2021, "lb")] == 1100


def test_unrecognisable_layout_names_the_columns(mini):
    (mini / "data/zahlen/extra.csv").write_text("schluessel;irgendwas\n01000002;5\n")
    _, problems = check_project(mini)
    p = [p for p in problems if "Tabellenlayout" in p.message][0]
    assert p.file.endswith("extra.csv") and "„irgendwas“" in p.message
