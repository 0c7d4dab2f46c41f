"""The demo region: reproducible from its seed, fictional, internally consistent, realistic in its trends."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from berichte.demo import write_demo_project

ROOT = Path(__file__).resolve().parents[1]


def test_committed_demo_data_is_the_generator_output(tmp_path):
    write_demo_project(tmp_path)
    for path in sorted((tmp_path / "data").rglob("*")):
        if path.is_file():
            committed = ROOT / "data" / path.relative_to(tmp_path / "data")
            assert committed.read_bytes() == path.read_bytes(), (
                f"{committed} weicht von der Ausgabe von „berichte demo“ ab; neu erzeugen mit: berichte demo --ueberschreiben")


def test_demo_is_labelled_fictional(demo_project):
    assert demo_project.settings.demo is True
    assert "fiktive Beispieldaten" in (ROOT / "data/projekt.yml").read_text()


def test_shape_of_the_demo_region(demo_project):
    areas = demo_project.areas
    kommunen = areas.at_level("kommune")
    assert len(kommunen) == 21
    sozialraeume = areas.at_level("sozialraum")
    assert len(sozialraeume) == 12 and {areas.parent(k) for k in sozialraeume} == {"03999001"}
    ew = demo_project.table.values["ew_insgesamt"].xs(2023, level="year")
    assert 450_000 <= ew["03999001"] <= 560_000
    towns = ew[kommunen].drop("03999001")
    assert towns.min() >= 7_500 and towns.max() <= 65_000
    assert ew[sozialraeume].min() < 500  # tiny areas exercise the secrecy rules
    assert len(demo_project.merkmale) >= 40 and len(demo_project.catalogue) >= 60


def test_counts_are_consistent(demo_project):
    v = demo_project.table.values
    age = ["ew_u3", "ew_3_6", "ew_6_15", "ew_15_18", "ew_18_25", "ew_25_45", "ew_45_65", "ew_65_80", "ew_80plus"]
    assert (v[age].sum(axis=1) == v["ew_insgesamt"]).all()
    delivered = v[["alo_sgb2", "alo_sgb3", "alo_insgesamt"]].dropna()  # "*" in the source: withheld
    assert (delivered["alo_sgb2"] + delivered["alo_sgb3"] == delivered["alo_insgesamt"]).all()
    assert (v["sgb2_lb_u15"] <= v["ew_u15"]).all() and (v["sgb2_elb"] <= v["sgb2_lb"]).all()
    # the city's delivered totals are the sum of its Sozialräume
    sr = demo_project.areas.at_level("sozialraum")
    summed = v.loc[sr].groupby(level="year").sum()
    city = v.xs("03999001", level="key")
    for merkmal in ("ew_insgesamt", "sgb2_lb", "alo_insgesamt", "wohnungen"):
        assert (summed[merkmal] == city[merkmal]).all(), merkmal


def test_population_balance(demo_project):
    """Population change = births − deaths + in-migration − out-migration, for every area and year."""
    v = demo_project.table.values
    for key in ["03999002", "03999001003", "03999015"]:
        a = v.xs(key, level="key")
        change = a["ew_insgesamt"].diff().iloc[1:]
        balance = (a["geburten"] - a["sterbefaelle"] + a["zuzuege"] - a["fortzuege"]).iloc[1:]
        assert (change == balance).all(), key


def test_realistic_trends(demo_project):
    from berichte.compute.results import compute

    values = compute(demo_project).indicators.values
    region = values.xs("03999", level="key")
    sgb2 = region["sgb2_quote"]
    assert sgb2[2019] < sgb2[2016]  # falling SGB II until 2019 …
    assert sgb2[2023] > sgb2[2021]  # … and arrivals from Ukraine moving into SGB II from 2022
    alo = region["arbeitslosenanteil"]
    assert alo[2020] > alo[2019] + 0.3  # unemployment rise in 2020
    foreigners = region["auslaenderanteil"]
    assert foreigners[2016] - foreigners[2014] > 1.5  # refugee immigration 2015/16
    assert region["wohngeldquote"][2023] > 1.5 * region["wohngeldquote"][2022]  # Wohngeld-Plus 2023


def test_larger_synthetic_regions(tmp_path):
    info = write_demo_project(tmp_path, n_kommunen=120)
    assert info["gebiete"] == 1 + 120 + 12
    gebiete = pd.read_csv(tmp_path / "data/gebiete.csv", sep=";", dtype=str)
    assert gebiete["schluessel"].is_unique and gebiete["name"].is_unique
