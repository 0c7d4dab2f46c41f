"""Kennzahlen of kind "Wert" and the latest year per Kennzahl, on the small hand-computable project."""

from __future__ import annotations

import math

import pytest

from berichte.compute.results import Results
from berichte.load.project import check_project, load_project
from berichte.statements import Scope
from berichte.statements.api import area_statements

from conftest import edit

WERT_MERKMALE = """
score:
  bezeichnung: Deprivationsindex
  einheit: Indexwert
  quelle: Amt
  summierbar: false
  ganzzahlig: false
steuer:
  bezeichnung: Einkommensteuer je Einwohner
  einheit: EUR je Einwohnerin und Einwohner
  quelle: Amt
  summierbar: false
  ganzzahlig: false
"""
WERT_KENNZAHLEN = """
  score:
    titel: Deprivationsindex
    art: wert
    merkmal: score
    thema: armut
    einheit: Indexwert
    polaritaet: hoch_unguenstig
    nachkommastellen: 2
    definition: Ein veröffentlichter Score.
    quelle: Amt
    mit_obergebiet_vergleichbar: false
  steuer:
    titel: Einkommensteuer
    art: wert
    merkmal: steuer
    thema: armut
    einheit: EUR je Einwohnerin und Einwohner
    polaritaet: hoch_guenstig
    nachkommastellen: 0
    definition: Ein veröffentlichter Betrag.
    quelle: Amt
"""
# score for every area (the Testkreis's own, normed separately); steuer for the Kommunen only, ending 2021
VALUES = """schluessel;jahr;merkmal;wert
01000;2020;score;0,50
01000;2021;score;0,52
01000;2022;score;0,60
01000001;2020;score;0,54
01000001;2022;score;0,46
01000002;2020;score;0,30
01000002;2022;score;0,31
01000003;2020;score;0,70
01000003;2022;score;0,72
01000001;2020;steuer;400
01000001;2021;steuer;420
01000002;2020;steuer;500
01000002;2021;steuer;480
01000003;2020;steuer;300
01000003;2021;steuer;310
"""


@pytest.fixture
def wert_project(mini):
    data = mini / "data"
    (data / "merkmale.yml").write_text((data / "merkmale.yml").read_text(encoding="utf-8") + WERT_MERKMALE,
                                       encoding="utf-8")
    (data / "kennzahlen.yml").write_text((data / "kennzahlen.yml").read_text(encoding="utf-8") + WERT_KENNZAHLEN,
                                         encoding="utf-8")
    (data / "zahlen" / "werte.csv").write_text(VALUES, encoding="utf-8")
    edit(data / "projekt.yml", "berichtsjahr: 2022", "berichtsjahr: 2022\nhoechstens_jahre_zurueck: 1")
    return mini


def test_wert_kennzahl_is_described_not_judged(wert_project):
    results = Results(load_project(wert_project))
    c = results.comparison(2022, 2020)
    assert results.project.catalogue["score"].kind == "wert" and not c.tested["score"]
    assert set(c.state["score"]) <= {"veraendert", "gleich", "ohne_vergleich"}
    # the value as delivered, the change in the unit (never in %), never bedeutsam
    assert c.value_to.at["01000001", "score"] == 0.46
    assert c.change_shown.at["01000001", "score"] == pytest.approx(-0.08)
    assert not c.bedeutsam["score"].any()
    # not comparable with the parent: no parent value, no trend against it
    assert c.parent_value_to["score"].isna().all() and not c.gegen_trend["score"].any()
    texts = [s.text for s in area_statements(results, Scope("01000001", 2022, 2020)) if s.kennzahl == "score"]
    development = next(t for t in texts if "2020" in t)
    assert "mit 0,46 niedriger als 2020 (0,54; −0,08 Punkte)" in development
    assert "bedeutsam" not in development and "günstig" not in development
    assert not any("Testkreis (0,60)" in t or "Wert des Testkreis" in t for t in texts)


def test_latest_year_per_kennzahl_within_the_lag(wert_project):
    results = Results(load_project(wert_project))
    c = results.comparison(2022, 2020)
    # steuer ends 2021: shown for 2021, compared with 2019 (outside the data: no comparison)
    assert c.years_to["steuer"] == 2021 and c.years_from["steuer"] == 2019 and c.lagging("steuer")
    assert c.value_to.at["01000001", "steuer"] == 420 and math.isnan(c.value_from.at["01000001", "steuer"])
    assert c.years_to["score"] == 2022 and not c.lagging("score")
    texts = [s.text for s in area_statements(results, Scope("01000001", 2022, 2020)) if s.kennzahl == "steuer"]
    assert any("Stand 2021; neuere Daten liegen noch nicht vor." in t for t in texts)
    # a non-summable Merkmal is never summed up: the Testkreis has no income tax
    assert math.isnan(c.value_to.at["01000", "steuer"])


def test_lag_zero_shows_missing_data(wert_project):
    edit(wert_project / "data" / "projekt.yml", "hoechstens_jahre_zurueck: 1", "hoechstens_jahre_zurueck: 0")
    results = Results(load_project(wert_project))
    c = results.comparison(2022, 2020)
    assert c.years_to["steuer"] == 2022 and c.value_to["steuer"].isna().all()


def test_pruefen_warns_about_an_undelivered_parent(wert_project):
    _, problems = check_project(wert_project)
    assert not problems.errors, [str(p) for p in problems.errors]
    (warning,) = [p for p in problems.warnings if "nicht summierbar" in p.message]
    assert warning.value == "steuer" and "Testkreis (01000)" in warning.message


@pytest.mark.parametrize("change, message", [
    ("    merkmal: steuer\n", "    merkmal: steuer\n    nenner: ew\n"),
    ("    merkmal: steuer\n", "    merkmal: ew\n"),
    ("    einheit: EUR je Einwohnerin und Einwohner\n    polaritaet: hoch_guenstig",
     "    einheit: Anzahl\n    polaritaet: hoch_guenstig"),
])
def test_catalogue_rejects_a_wert_kennzahl_with_numerator_parts(wert_project, change, message):
    edit(wert_project / "data" / "kennzahlen.yml", change, message)
    _, problems = check_project(wert_project)
    errors = " ".join(str(p) for p in problems.errors)
    assert "Kennzahl „steuer“" in errors
    assert any(word in errors for word in ("kein Feld „nenner“", "summierbar: false", "keine Anzahl"))
