"""The Sozialindex computed from a project's Kennzahlen, per year and level, and agreeing with the command."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from berichte.cli import main
from berichte.compute.results import compute
from berichte.load.project import check_project


@pytest.fixture(scope="module")
def results(demo_project):
    return compute(demo_project)


@pytest.mark.parametrize("level", ["kommune", "sozialraum"])
def test_demo_classes_are_plausible(results, level):
    index = results.sozialindex(2023, level)
    scored = index[index["bewertet"]]
    assert len(scored) >= 10
    assert scored["status_klasse"].nunique() >= 3  # not all "mittel"
    assert scored["dynamik_klasse"].nunique() >= 2
    assert scored["besonderer_aufmerksamkeitsbedarf"].any()
    # the standardised index has mean 0 and population sd 1 over the scored areas
    assert scored["status_index"].mean() == pytest.approx(0, abs=1e-12)
    assert scored["status_index"].std(ddof=0) == pytest.approx(1)


def test_small_sozialraum_is_not_scored(results):
    index = results.sozialindex(2023, "sozialraum")
    row = index.loc["03999001012"]  # Messegelände, about 290 inhabitants
    assert not row["bewertet"]
    assert "weniger als 300" in row["grund"]
    assert pd.isna(row["status_klasse"])


def test_index_years(results):
    # three-year dynamics window: first index year is 2015 for data from 2012
    assert results.sozialindex_years()[0] == 2015
    assert results.sozialindex(2014, "kommune") is None
    assert results.sozialindex(2016, "kommune") is not None


def test_command_and_package_agree(results, tmp_path):
    config = results.project.sozialindex
    keys = results.project.areas.at_level("kommune")
    published = results.indicators.published()
    now = published.xs(2023, level="year").reindex(keys)
    before = published.xs(2023 - config.years, level="year").reindex(keys)
    table = pd.DataFrame({"gebiet": keys})
    for ind in config.status:
        table[ind.id] = [repr(v) for v in now[ind.id]]
    for ind in config.dynamics:
        table["d_" + ind.id] = [repr(v) for v in (now[ind.id] - before[ind.id])]
    table["ew"] = results.project.table.values["ew_insgesamt"].xs(2023, level="year").reindex(keys).astype(int).to_numpy()
    source = tmp_path / "werte.csv"
    table.to_csv(source, index=False)
    out = tmp_path / "ergebnis.csv"
    status = ",".join(i.id for i in config.status)
    dynamik = ",".join("d_" + i.id for i in config.dynamics)
    assert main(["sozialindex", str(source), "--schluessel", "gebiet", "--status", status, "--dynamik", dynamik,
                 "--einwohner", "ew", "--mindest-einwohner", "300", "--trennzeichen", ",",
                 "--ausgabe", str(out)]) == 0
    command = pd.read_csv(out, dtype={"gebiet": str}).set_index("gebiet")
    package = results.sozialindex(2023, "kommune")
    np.testing.assert_allclose(command["status_index"].to_numpy(), package["status_index"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(command["dynamik_index"].to_numpy(), package["dynamik_index"].to_numpy(), rtol=1e-12)
    assert command["gesamt_gruppe"].tolist() == package["gesamt_gruppe"].astype(str).tolist()


def test_kennzahlen_table_carries_the_index(demo_root, tmp_path):
    out = tmp_path / "k.csv"
    assert main(["--projekt", str(demo_root), "kennzahlen", "--ebene", "sozialraum", "--ausgabe", str(out)]) == 0
    table = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig")
    by_area = table.drop_duplicates("Schlüssel").set_index("Schlüssel")
    assert by_area.loc["03999001002", "Besonderer Aufmerksamkeitsbedarf"] == "ja"
    assert pd.isna(by_area.loc["03999001012", "Sozialindex 2023: Status"])


def test_pruefen_reports_a_broken_index_configuration(demo_copy):
    settings = demo_copy / "data/projekt.yml"
    settings.write_text(settings.read_text().replace("altersarmut, anteil_alleinerziehende]",
                                                     "altersarmutt, anteil_alleinerziehende]"))
    _, problems = check_project(demo_copy)
    hit = [p for p in problems if "altersarmutt" in str(p.value) or "altersarmutt" in p.message]
    assert hit and hit[0].file.endswith("projekt.yml") and hit[0].row is not None
