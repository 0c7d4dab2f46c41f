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


FLAECHE = """flaeche:
  bezeichnung: Gebietsfläche
  einheit: km²
  quelle: Katasteramt
  summierbar: true
"""
DICHTE = """  dichte:
    titel: Einwohnerdichte
    thema: bevoelkerung
    zaehler: ew
    nenner: flaeche
    einheit: je 100
    test: poisson
    polaritaet: neutral
    nachkommastellen: 1
    schwelle: 1
    definition: Einwohnerinnen und Einwohner je 100 km².
    quelle: Melderegister; Katasteramt
"""


def test_a_significance_test_on_areas_or_densities_is_rejected(mini):
    """"bedeutsam" only where the numerator counts people or cases (issue 17)."""
    with (mini / "data/merkmale.yml").open("a", encoding="utf-8") as handle:
        handle.write(FLAECHE)
    with (mini / "data/kennzahlen.yml").open("a", encoding="utf-8") as handle:
        handle.write(DICHTE)
    _, problems = check_project(mini)
    messages = [p.message for p in problems.errors]
    assert any("Kennzahl „dichte“" in m and "Dichte" in m and "test" in m for m in messages), messages


def test_the_default_test_follows_the_units_of_the_numerator(mini):
    with (mini / "data/merkmale.yml").open("a", encoding="utf-8") as handle:
        handle.write(FLAECHE)
    with (mini / "data/kennzahlen.yml").open("a", encoding="utf-8") as handle:
        handle.write(DICHTE.replace("    test: poisson\n", ""))
    project, problems = check_project(mini)
    assert not problems.has_errors()
    assert project.catalogue["dichte"].test == "keiner" and not project.catalogue["dichte"].tested
    assert project.catalogue["quote"].test == "anteil" and project.catalogue["einwohner"].test == "poisson"


def test_breaks_datenstand_and_the_minimum_population_are_checked(mini):
    with (mini / "data/projekt.yml").open("a", encoding="utf-8") as handle:
        handle.write("datenstand: irgendwann\nprofil: {mindest_einwohner: -5}\n"
                     "datenbrueche:\n  - {jahr: 2021, grund: Reform, kennzahlen: [quote, unbekannt]}\n"
                     "  - {jahr: 2030, grund: Zukunft, kennzahlen: [quote]}\n")
    _, problems = check_project(mini)
    messages = " | ".join(p.message for p in problems.errors)
    assert "mindest_einwohner" in messages
    edit(mini / "data/projekt.yml", "profil: {mindest_einwohner: -5}\n", "")
    _, problems = check_project(mini)
    assert "2030" in " | ".join(p.message for p in problems.errors)
    edit(mini / "data/projekt.yml", "  - {jahr: 2030, grund: Zukunft, kennzahlen: [quote]}\n", "")
    project, problems = check_project(mini)
    messages = " | ".join(p.message for p in problems.errors)
    assert "„unbekannt“" in messages and "Kennzahlenkatalog" in messages
    edit(mini / "data/projekt.yml", "[quote, unbekannt]", "[quote]")
    project, problems = check_project(mini)
    assert not problems.has_errors()
    assert project.settings.data_date == "irgendwann"  # the edition of a source, in words
    (brk,) = project.settings.breaks
    assert (brk.year, brk.kennzahlen, brk.kind_label) == (2021, ("quote",), "Rechtsänderung")
    assert brk.splits(2020, 2022) and not brk.splits(2021, 2022)
