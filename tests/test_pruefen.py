"""`berichte pruefen`: clean data passes, and all problems come out in one run.

The single bad-input cases live in test_bad_input.py."""

from __future__ import annotations



from berichte.cli import main
from berichte.load.project import check_project
from conftest import edit



def test_demo_data_is_clean(demo_root, capsys):
    assert main(["--projekt", str(demo_root), "pruefen"]) == 0
    out = capsys.readouterr().out
    assert "Keine Fehler" in out
    assert "34 Gebiete" in out


def test_mini_fixture_is_clean(mini):
    _, problems = check_project(mini)
    assert list(problems) == []


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


def test_empty_data_folder(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    assert main(["--projekt", str(tmp_path), "pruefen"]) == 1
    out = capsys.readouterr().out
    assert "projekt.yml" in out and "fehlt" in out


def test_official_symbols_are_read_with_their_reason(mini):
    project, problems = check_project(mini)
    assert not problems.has_errors()
    row = project.counts.query("key == '01000003' and year == 2022 and merkmal == 'lb_u18'").iloc[0]
    assert row["value"] != row["value"]  # NaN: secret in the source
    assert row["note"] == "aus Datenschutzgründen anonymisiert"
    table = project.table
    assert table.notes.loc[("01000003", 2022), "lb_u18"] == "aus Datenschutzgründen anonymisiert"
