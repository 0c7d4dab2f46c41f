"""`berichte pruefen`: every problem is reported with file, row, column and value, in German, in one run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from berichte.cli import main
from berichte.project import check_project

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path) -> Path:
    shutil.copytree(MINI / "data", tmp_path / "data")
    return tmp_path


def edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding=encoding)
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding=encoding)


def problems_of(root: Path):
    _, problems = check_project(root)
    return list(problems)


def find(problems, *, file=None, row=None, column=None, value=None, text=None, severity=None):
    hits = [
        p for p in problems
        if (file is None or (p.file or "").endswith(file))
        and (row is None or p.row == row)
        and (column is None or p.column == column)
        and (value is None or str(p.value) == str(value))
        and (text is None or text in p.message)
        and (severity is None or p.severity == severity)
    ]
    assert hits, "expected problem not reported; got:\n" + "\n".join(map(str, problems))
    return hits[0]


def test_demo_data_is_clean(demo_root, capsys):
    assert main(["--projekt", str(demo_root), "pruefen"]) == 0
    out = capsys.readouterr().out
    assert "Keine Fehler" in out
    assert "34 Gebiete" in out


def test_mini_fixture_is_clean(mini):
    assert problems_of(mini) == []


def test_unknown_area_key(mini):
    edit(mini / "data/zahlen/jobcenter.csv", "01000002,2021,lb,1100", "01000009,2021,lb,1100")
    p = find(problems_of(mini), file="zahlen/jobcenter.csv", row=9, column="schluessel", value="01000009")
    assert "Unbekannter Gebietsschlüssel" in p.message
    assert p.is_error


def test_key_that_lost_its_leading_zero(mini):
    edit(mini / "data/zahlen/jobcenter.csv", "01000002,2021,lb,1100", "1000002,2021,lb,1100")
    p = find(problems_of(mini), file="zahlen/jobcenter.csv", row=9, value="1000002")
    assert "führende Null" in p.message and "01000002" in p.message


def test_conflicting_duplicate_rows(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text() + "01000002,2021,lb,1150\n")
    p = find(problems_of(mini), file="zahlen/jobcenter.csv", row=26, column="wert", value="1150")
    assert "Widersprüchliche Doppelangabe" in p.message and "Zeile 9" in p.message


def test_identical_duplicate_is_only_a_warning(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text() + "01000002,2021,lb,1100\n")
    problems = problems_of(mini)
    p = find(problems, row=26, text="Doppelte Zeile")
    assert not p.is_error
    assert not any(x.is_error for x in problems)


@pytest.mark.parametrize(
    "cell, text",
    [("11O0", "Keine Zahl"), ("-5", "nicht negativ"), ("12,5", "ganzzahlig"), ("abc", "Keine Zahl")],
)
def test_bad_numbers(mini, cell, text):
    edit(mini / "data/zahlen/melderegister.csv", "01000003;ew;250;240;230", f"01000003;ew;250;{cell};230")
    p = find(problems_of(mini), file="zahlen/melderegister.csv", row=5, column="2021", text=text)
    assert p.is_error
    assert str(p.value).replace("−", "-") in {cell, cell.replace(",", ".")} or p.value in ("-5", "12,5")


def test_part_larger_than_total(mini):
    # lb_u18 (Leistungsberechtigte unter 18) larger than ew_u18 (Einwohner unter 18) for Cedorf 2020.
    edit(mini / "data/zahlen/jobcenter.csv", "01000003,2020,lb_u18,4", "01000003,2020,lb_u18,45")
    p = find(problems_of(mini), file="zahlen/jobcenter.csv", row=23, column="wert", value="45",
             text="Teil größer als das Ganze")
    assert "lb_u18" in p.message and "Cedorf" in p.message


def test_children_not_summing_to_given_parent_total_is_a_warning(mini):
    path = mini / "data/zahlen/melderegister.csv"
    path.write_text(path.read_text() + "01000001;ew;4.000;4.000;4.100\n")
    problems = problems_of(mini)
    # 2020 and 2021: 1.000 + 3.000 and 1.010 + 2.990 equal the given 4.000; 2022: 1.020 + 2.980 ≠ 4.100
    p = find(problems, file="zahlen/melderegister.csv", row=10, column="2022", value="4.100",
             text="Summe der Teilgebiete")
    assert p.severity == "Warnung"
    assert "(4.000)" in p.message and "Adorf" in p.message
    assert len([x for x in problems if "Summe der Teilgebiete" in x.message]) == 1
    assert not any(x.is_error for x in problems)


def test_catalogue_references_unknown_merkmal_and_is_malformed(mini):
    edit(mini / "data/kennzahlen.yml", "zaehler: lb_u18", "zaehler: lb_unter18")
    edit(mini / "data/kennzahlen.yml", "polaritaet: neutral", "polaritaet: egal")
    edit(mini / "data/kennzahlen.yml", "nachkommastellen: 1\n    schwelle: 0.5", "nachkommastellen: 7\n    schwelle: -1")
    problems = problems_of(mini)
    find(problems, file="kennzahlen.yml", column="zaehler", value="lb_unter18", text="unbekannte Merkmal")
    find(problems, file="kennzahlen.yml", column="polaritaet", value="egal")
    find(problems, file="kennzahlen.yml", column="nachkommastellen", value="7")
    find(problems, file="kennzahlen.yml", column="schwelle", value="-1")


def test_catalogue_unknown_field_and_missing_field(mini):
    edit(mini / "data/kennzahlen.yml", "    quelle: Melderegister\n", "    quele: Melderegister\n")
    problems = problems_of(mini)
    find(problems, file="kennzahlen.yml", column="quele", text="unbekanntes Feld")
    find(problems, file="kennzahlen.yml", column="quelle", text="Pflichtfeld")


def test_malformed_yaml_names_line(mini):
    edit(mini / "data/merkmale.yml", "  einheit: Personen\n  quelle: Jobcenter\n  teil_von: [ew]",
         "  einheit: Personen\n  quelle: Jobcenter\n  teil_von: [ew")
    p = find(problems_of(mini), file="merkmale.yml", text="syntaktisch fehlerhaft")
    assert p.row is not None and p.row > 10


def test_missing_years_in_configured_range(mini):
    edit(mini / "data/projekt.yml", "jahre: {von: 2020, bis: 2022}", "jahre: {von: 2019, bis: 2022}")
    p = find(problems_of(mini), file="projekt.yml", text="2019")
    assert "keine Daten" in p.message and p.is_error


def test_merkmal_missing_a_year_is_a_warning(mini):
    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text("".join(line for line in path.read_text().splitlines(True) if ",2021,lb_u18," not in line))
    p = find(problems_of(mini), file="merkmale.yml", value="lb_u18", text="fehlen die Jahre 2021")
    assert p.severity == "Warnung"


def test_every_problem_reported_in_one_run(mini, capsys):
    """Several unrelated problems in different files: all of them appear, and the exit code is 1."""
    edit(mini / "data/zahlen/jobcenter.csv", "01000002,2021,lb,1100", "1000002,2021,lb,1100")
    edit(mini / "data/zahlen/melderegister.csv", "01000003;ew;250;240;230", "01000003;ew;250;-3;230")
    edit(mini / "data/kennzahlen.yml", "zaehler: lb_u18", "zaehler: lb_unter18")
    edit(mini / "data/gebiete.csv", "01000003;Cedorf;kommune;01000", "01000003;Cedorf;kommune;01009")
    code = main(["--projekt", str(mini), "pruefen"])
    out = capsys.readouterr().out
    assert code == 1
    assert "führende Null" in out
    assert "nicht negativ" in out
    assert "lb_unter18" in out
    assert "übergeordnete Gebiet ist unbekannt" in out
    assert "Traceback" not in out
    assert "4 Fehler" in out or "5 Fehler" in out


def test_area_hierarchy_problems(mini):
    edit(mini / "data/gebiete.csv", "0100000102;Adorf-Süd;sozialraum;01000001", "0100000101;Adorf-Süd;sozialraum;01000001")
    edit(mini / "data/gebiete.csv", "01000002;Bedorf;kommune;01000", "01000002;Bedorf;gemeinde;01000")
    problems = problems_of(mini)
    find(problems, file="gebiete.csv", row=7, value="0100000101", text="doppelt")
    find(problems, file="gebiete.csv", row=4, value="gemeinde", text="Unbekannte Ebene")


def test_area_parent_on_wrong_level(mini):
    edit(mini / "data/gebiete.csv", "0100000102;Adorf-Süd;sozialraum;01000001", "0100000102;Adorf-Süd;sozialraum;01000")
    find(problems_of(mini), file="gebiete.csv", row=7, value="01000", text="erwartet wird „kommune“")


def test_settings_errors(mini):
    edit(mini / "data/projekt.yml", "vergleichsjahr: 2020", "vergleichsjahr: 2024\nfarbe: blau")
    problems = problems_of(mini)
    find(problems, file="projekt.yml", column="farbe", text="unbekanntes Feld")
    find(problems, file="projekt.yml", column="vergleichsjahr", value="2024", text="außerhalb")


def test_empty_data_folder(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    assert main(["--projekt", str(tmp_path), "pruefen"]) == 1
    out = capsys.readouterr().out
    assert "projekt.yml" in out and "fehlt" in out


def test_zero_denominator_is_reported(mini):
    edit(mini / "data/zahlen/melderegister.csv", "01000003;ew_u18;40;38;36", "01000003;ew_u18;40;38;0")
    edit(mini / "data/zahlen/jobcenter.csv", "01000003,2022,lb_u18,*", "01000003,2022,lb_u18,0")
    edit(mini / "data/zahlen/jobcenter.csv", "01000003,2022,lb,2", "01000003,2022,lb,0")
    edit(mini / "data/zahlen/melderegister.csv", "01000003;ew;250;240;230", "01000003;ew;250;240;0")
    p = find(problems_of(mini), file="kennzahlen.yml", column="nenner", text="Nenner ist 0")
    assert "Cedorf 2022" in p.message


def test_official_symbols_are_read_with_their_reason(mini):
    project, problems = check_project(mini)
    assert not problems.has_errors()
    row = project.counts.query("key == '01000003' and year == 2022 and merkmal == 'lb_u18'").iloc[0]
    assert row["value"] != row["value"]  # NaN: secret in the source
    assert row["note"] == "aus Datenschutzgründen anonymisiert"
    table = project.table
    assert table.notes.loc[("01000003", 2022), "lb_u18"] == "aus Datenschutzgründen anonymisiert"
