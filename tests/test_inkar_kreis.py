"""Any Kreis from INKAR (``berichte importieren inkar --gebiet KREIS``), built end to end from ../shared/data.

Landkreis Peine (03157: seven Einheitsgemeinden) and Landkreis Lüchow-Dannenberg (03354: three Samtgemeinden
with 27 small Mitgliedsgemeinden, some with one or two unemployed, and two uninhabited gemeindefreie Gebiete). Values are
recomputed here from the source files with plain pandas/csv, independently of the importer; the files are
read from the shared folder, never copied into a project. One import and one build per Kreis per session.
"""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pandas as pd

import pytest
from shapely.geometry import shape

from berichte.cli import main
from berichte.compute.results import Results
from berichte.importers.inkar_kreis import import_kreis, kreis_plan
from berichte.importers.write import write_project
from berichte.load.project import check_project, load_project
from berichte.problems import BerichteError

from conftest import project_with_reports

PEINE = "03157"
PEINE_GEMEINDEN = ["03157001", "03157002", "03157005", "03157006", "03157007", "03157008", "03157009"]
LUECHOW = "03354"
ALO = "rki_gisd_inkar/inkar_raw/A_Arbeitslosigkeit.xls"
BEV = "rki_gisd_inkar/inkar_raw/A_ErwerbsfaehigeBevoelkerung.xls"
SGB2 = "inkar2024_regiohub_inkr/sozialleistungen_gemeinden_gvb_deutschland.csv"
SGB2_KREISE = "inkar2024_regiohub_inkr/sozialleistungen_kreise_laender_bund.csv"


# --- independent readers of the source files -----------------------------------------------------------------

def _inkar_wide(path) -> pd.DataFrame:
    """An INKAR export's sheet Daten as (key, year) → value, read with pandas alone."""
    raw = pd.read_excel(path, sheet_name="Daten", header=None, engine="calamine", dtype=object)
    years = raw.iloc[1, 3:].astype(int).tolist()
    body = raw.iloc[2:]
    rows = []
    for _, row in body.iterrows():
        key = str(row.iloc[0]).strip()
        for year, value in zip(years, row.iloc[3:]):
            if value is not None and str(value).strip() not in ("", "nan"):
                rows.append((key, year, float(value)))
    return pd.DataFrame(rows, columns=["key", "year", "value"]).set_index(["key", "year"])["value"]


@pytest.fixture(scope="session")
def alo_source(shared_data):
    return _inkar_wide(shared_data / ALO)


@pytest.fixture(scope="session")
def bev_source(shared_data):
    return _inkar_wide(shared_data / BEV)


def _csv_value(path, key: str, year: int, column: str) -> float:
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["kennziffer"] == key and int(row["zeitbezug"]) == year:
                return float(row[column])
    raise KeyError((key, year, column))


# --- one import and one build per Kreis ----------------------------------------------------------------------

def _import_and_build(shared_data, tmp_path_factory, kreis: str, build_args: list[str]):
    imported = import_kreis(shared_data, kreis)
    root = tmp_path_factory.mktemp(f"inkar_{kreis}")
    write_project(imported.result, kreis_plan(imported), root, "inkar")
    project_with_reports(root)  # the documents next to the imported data/
    _, problems = check_project(root)
    code = main(["--projekt", str(root), "build", "--format", "html", *build_args])
    project = load_project(root)
    return imported, root, problems, code, Results(project)


@pytest.fixture(scope="session")
def peine(shared_data, tmp_path_factory):
    # the whole Kreis (Sozialbericht, seven profiles, tables): the wording checker reads all of it
    return _import_and_build(shared_data, tmp_path_factory, PEINE, [])


@pytest.fixture(scope="session")
def luechow(shared_data, tmp_path_factory):
    # the Sozialbericht and the profile of Schnackenburg, a Mitgliedsgemeinde of about 500 inhabitants
    imported, root, problems, code, results = _import_and_build(shared_data, tmp_path_factory, LUECHOW,
                                                                ["--gebiet", "03354"])
    code2 = main(["--projekt", str(root), "build", "--format", "html", "--gebiet", "03354021"])
    return imported, root, problems, code or code2, results


def _html(root, pattern: str) -> str:
    (path,) = sorted((root / "_output" / "2022").glob(pattern))
    return path.read_text(encoding="utf-8")


# --- Landkreis Peine -----------------------------------------------------------------------------------------

def test_peine_has_its_seven_kommunen_and_no_samtgemeinden(peine):
    imported, root, problems, code, results = peine
    areas = imported.result.areas.set_index("key")
    assert areas.loc[PEINE, "name"] == "Landkreis Peine" and areas.loc[PEINE, "level"] == "kreis"
    assert sorted(areas.index[areas["level"] == "kommune"]) == PEINE_GEMEINDEN
    assert set(areas["level"]) == {"kreis", "kommune"}
    assert areas.loc["03157006", "name"] == "Peine, Stadt"
    settings = results.settings
    assert (settings.report_year, settings.comparison_year, settings.max_lag) == (2022, 2017, 3)


def test_peine_project_passes_pruefen_without_workarounds(peine):
    imported, root, problems, code, results = peine
    assert not problems.errors, [str(p) for p in problems.errors]
    kennzahlen = (root / "data" / "kennzahlen.yml").read_text(encoding="utf-8")
    assert "mindest_einwohner: 0" not in (root / "data" / "projekt.yml").read_text(encoding="utf-8")
    catalogue = results.project.catalogue
    for k in catalogue:  # published values are Wert-Kennzahlen, never counts with a fake denominator
        if k.is_value:
            assert k.denominator is None and k.unit != "Anzahl" and not k.tested
    assert "Hilfsgröße" not in kennzahlen
    # point 3: income tax has no Kreis value and cannot be summed; pruefen says so
    assert any(p.value == "w_einkommensteuer" and "nicht summierbar" in p.message for p in problems.warnings)


def test_peine_counts_and_rates_recomputed_from_the_source(peine, alo_source, bev_source):
    imported, root, problems, code, results = peine
    table = results.project.table.values
    for key in PEINE_GEMEINDEN:
        for year in (2001, 2016, 2021):
            assert table.at[(key, year), "alo_insgesamt"] == alo_source[(key, year)]
            assert table.at[(key, year), "ew_15_65"] == bev_source[(key, year)]
    # the Kreis: ratio of the summed Gemeinden, not the mean of their rates
    alo = sum(alo_source[(k, 2021)] for k in PEINE_GEMEINDEN)
    bev = sum(bev_source[(k, 2021)] for k in PEINE_GEMEINDEN)
    values = results.indicators.values
    assert values.at[(PEINE, 2021), "arbeitslosenanteil"] == pytest.approx(alo / bev * 100, rel=1e-12)
    mean = np.mean([alo_source[(k, 2021)] / bev_source[(k, 2021)] * 100 for k in PEINE_GEMEINDEN])
    assert abs(alo / bev * 100 - mean) > 0.05


def test_peine_published_values_are_taken_as_delivered(peine, shared_data):
    imported, root, problems, code, results = peine
    values = results.indicators.values
    assert values.at[("03157006", 2022), "personen_bg"] == _csv_value(shared_data / SGB2, "03157006", 2022,
                                                                       "q_PBG_bev") == 120.56
    assert values.at[(PEINE, 2022), "personen_bg"] == _csv_value(shared_data / SGB2_KREISE, "03157000", 2022,
                                                                 "q_PBG_bev")
    assert values.at[(PEINE, 2021), "sgb2_quote"] == _csv_value(shared_data / SGB2_KREISE, "03157000", 2021,
                                                                "q_SGBII")
    gisd = pd.read_csv(shared_data / "rki_gisd_inkar/gisd/GISD_Niedersachsen_Gemeindeverband.csv",
                       dtype={"gvb_id": str}).set_index(["gvb_id", "year"])["gisd_score"]
    assert values.at[("03157006", 2021), "gisd"] == gisd[("031570006", 2021)]
    kreis_gisd = pd.read_csv(shared_data / "rki_gisd_inkar/gisd/GISD_Bund_Kreis.csv",
                             dtype={"kreis_id": str}).set_index(["kreis_id", "year"])["gisd_score"]
    assert values.at[(PEINE, 2021), "gisd"] == kreis_gisd[(PEINE, 2021)]
    # never averaged from the children: no Kreis value for income tax, and none for SGB-II values of 2001
    assert values["einkommensteuer"].xs(PEINE, level="key").isna().all()
    assert np.isnan(values.at[(PEINE, 2001), "personen_bg"])


def test_peine_comparison_follows_the_data(peine):
    imported, root, problems, code, results = peine
    c = results.comparison(2022, 2017)
    # latest year per Kennzahl, comparison period shifted with it
    assert c.years_to["einkommensteuer"] == 2019 and c.years_from["einkommensteuer"] == 2014
    assert c.years_to["arbeitslosenanteil"] == 2021 and c.years_from["arbeitslosenanteil"] == 2016
    assert c.years_to["personen_bg"] == 2022 and c.years_to["einwohner"] == 2022
    # Wert-Kennzahlen: no test, never bedeutsam; GISD: no comparison with the Kreis
    assert not c.tested["gisd"] and c.tested["arbeitslosenanteil"]
    assert set(c.state["gisd"]) <= {"veraendert", "gleich", "ohne_vergleich"}
    assert not c.bedeutsam["gisd"].any() and not c.bedeutsam["einkommensteuer"].any()
    assert c.parent_value_to["gisd"].isna().all() and not c.gegen_trend["gisd"].any()
    assert c.parent_value_to.at["03157006", "personen_bg"] == pytest.approx(c.value_to.at[PEINE, "personen_bg"])
    # the index: one year per indicator, status only
    assert results.sozialindex_indicator_years(2022) == {"arbeitslosenanteil": 2021, "personen_bg": 2022,
                                                         "kinderarmut": 2022}
    index = results.sozialindex(2022, "kommune")
    assert index is not None and index["bewertet"].all()


def test_peine_builds_and_the_profile_says_what_the_table_says(peine):
    imported, root, problems, code, results = peine
    assert code == 0
    html = _html(root, "profil-03157006-*.html")
    assert "Stand 2021; neuere Daten liegen noch nicht vor." in html
    assert "Einkommensteuer (EUR je Einwohnerin und Einwohner) – Stand 2019" in html
    assert "Für 2022 liegen" not in html  # no Kennzahl without a year within the lag
    text = " ".join(html.split())
    # a published value's change is described, never judged; the table says the same
    gisd = [s for s in re.findall(r"[^.]*GISD-Score[^.]*\.", text)]
    assert gisd and not any("bedeutsam" in s or "günstig" in s for s in gisd), gisd
    assert "lag der GISD-Score 2021 bei 0,46." in text  # a dimensionless score: no unit with its value
    assert "2016 hatte er bei 0,54 gelegen, 0,08 Punkte höher." in text  # its change in points, described
    assert "„x“ beim übergeordneten Gebiet: nicht vergleichbar" in text
    assert "Für das übergeordnete Gebiet wurde kein Wert geliefert" in text
    assert "Indexwert (0 bis 1)" in text and "% des Wertes" not in text
    assert "Arbeitslosenanteil 2021, Personen in Bedarfsgemeinschaften 2022, Kinderarmut 2022" in text
    report = _html(root, "sozialbericht-2022.html")
    assert "Statusklassen der Kommunen" in report  # the map of the Kommunen


def test_peine_map_has_every_area(peine, shared_data):
    imported, root, problems, code, results = peine
    collection = json.loads((root / "data" / "gebiete.geojson").read_text(encoding="utf-8"))
    keys = {f["properties"]["schluessel"] for f in collection["features"]}
    assert keys == {PEINE, *PEINE_GEMEINDEN}
    source = json.loads((shared_data / "geo/gemeinden_niedersachsen_simplify200.geojson").read_text(encoding="utf-8"))
    gemeinden = {f["properties"]["AGS"]: shape(f["geometry"]) for f in source["features"]
                 if f["properties"].get("AGS", "").startswith(PEINE) and str(f["properties"].get("GF")) == "4"}
    kreis = next(shape(f["geometry"]) for f in collection["features"] if f["properties"]["schluessel"] == PEINE)
    assert kreis.area == pytest.approx(sum(g.area for g in gemeinden.values()), rel=1e-2)


# --- Landkreis Lüchow-Dannenberg: Samtgemeinden, small Gemeinden, secrecy ----------------------------------------------

def test_luechow_has_samtgemeinden_with_their_mitgliedsgemeinden(luechow, shared_data):
    imported, root, problems, code, results = luechow
    assert not problems.errors, [str(p) for p in problems.errors]
    areas = imported.result.areas.set_index("key")
    vg = pd.read_csv(shared_data / "ags_niedersachsen/vg250ew_20221231_gemeinden_niedersachsen.csv", dtype=str)
    vg = vg[vg["AGS"].str.startswith(LUECHOW) & (vg["EWZ"].astype(int) > 0)]
    sizes = vg.groupby(vg["ARS"].str[:9]).size()
    expected = sorted(sizes.index[sizes > 1])
    samt = areas[(areas["level"] == "kommune") & (areas.index.str.len() == 9)]
    assert sorted(samt.index) == expected and len(expected) == 3
    assert samt.loc["033545403", "name"] == "Samtgemeinde Gartow"
    for gvb in expected:
        assert sorted(areas.index[areas["parent"] == gvb]) == sorted(vg.loc[vg["ARS"].str[:9] == gvb, "AGS"])
        assert (areas.loc[areas["parent"] == gvb, "level"] == "gemeinde").all()
    # uninhabited gemeindefreie Gebiete are left out, and QUELLEN.md says so
    assert "03354501" not in areas.index
    assert "Gartow, gemfr. Gebiet (03354501)" in (root / "data" / "QUELLEN.md").read_text(encoding="utf-8")


def test_luechow_samtgemeinde_counts_are_sums_and_values_are_delivered(luechow, alo_source, shared_data):
    imported, root, problems, code, results = luechow
    areas = imported.result.areas
    members = list(areas.loc[areas["parent"] == "033545406", "key"])
    table = results.project.table.values
    assert table.at[("033545406", 2020), "alo_insgesamt"] == sum(alo_source[(m, 2020)] for m in members)
    # the Samtgemeinde's published SGB-II value is its own (Gemeindeverband row), not a mean of its members
    assert results.indicators.values.at[("033545406", 2022), "personen_bg"] == _csv_value(
        shared_data / SGB2, "033545406", 2022, "q_PBG_bev")


def test_luechow_secrecy_holds_for_small_gemeinden(luechow):
    imported, root, problems, code, results = luechow
    published = results.published_counts
    suppressed = results.secrecy.suppressed
    alo = results.project.table.values["alo_insgesamt"]
    small = (alo > 0) & (alo < 3)
    assert small.any()  # the islands and small Gemeinden really have 1 or 2 unemployed in some years
    assert published["alo_insgesamt"][small].isna().all()
    # no withheld count follows from a published total and the other published parts
    frame = results.project.areas.frame
    for parent in set(frame["parent"]) - {""}:
        children = list(frame.index[frame["parent"] == parent])
        for year in results.settings.years:
            cells = [(parent, year)] + [(c, year) for c in children]
            flags = [bool(suppressed.at[cell, "alo_insgesamt"]) for cell in cells]
            known = [not np.isnan(alo[cell]) for cell in cells]
            assert not (sum(flags) == 1 and all(known)), (parent, year)
    # the report of a small Mitgliedsgemeinde builds; its table of counts shows none of the withheld ones
    assert code == 0
    html = _html(root, "profil-03354021-*.html")
    assert "Arbeitslose" in html


def test_luechow_map_dissolves_samtgemeinden(luechow):
    imported, root, problems, code, results = luechow
    collection = json.loads((root / "data" / "gebiete.geojson").read_text(encoding="utf-8"))
    shapes = {f["properties"]["schluessel"]: shape(f["geometry"]) for f in collection["features"]}
    assert set(shapes) == set(imported.result.areas["key"])
    members = imported.result.areas.loc[imported.result.areas["parent"] == "033545403", "key"]
    # simplified source polygons overlap a little: the dissolved outline is at most 1 % smaller than the sum
    assert shapes["033545403"].area == pytest.approx(sum(shapes[m].area for m in members), rel=1e-2)
    html = _html(root, "sozialbericht-2022.html")
    assert "Samtgemeinde Gartow" in html and "Statusklassen der Kommunen" in html


# --- command line and errors ---------------------------------------------------------------------------------

def test_cli_inkar_needs_a_kreis_and_refuses_a_kreisfreie_stadt(shared_data, tmp_path, capsys):
    assert main(["importieren", "inkar", "--quelle", str(shared_data), "--ziel", str(tmp_path / "a")]) == 1
    assert "--gebiet 03157" in capsys.readouterr().err
    assert main(["importieren", "inkar", "--gebiet", "03101", "--quelle", str(shared_data),
                 "--ziel", str(tmp_path / "b")]) == 1
    assert "kreisfreie Stadt" in capsys.readouterr().err
    with pytest.raises(BerichteError, match="fünfstelliger"):
        import_kreis(shared_data, "0315")
    assert not (tmp_path / "a" / "data").exists() and not (tmp_path / "b" / "data").exists()


def test_peine_build_reads_as_an_editor_would_sign_it(peine):
    """The wording checker (issue 17) over a real-data build: no finding in any of its fourteen classes."""
    from wording_checker import check, summary

    imported, root, problems, code, results = peine
    findings = check(root / "_output" / "2022", root)
    assert not findings, summary(findings, examples=8)
    report = " ".join(_html(root, "sozialbericht-2022.html").split())
    assert "Bedeutsam verändert hat er sich von 2016 bis 2021 in keiner der sieben Kommunen." in report
    profile = " ".join(_html(root, "profil-03157001-*.html").split())
    assert "bei 120 Einwohnerinnen und Einwohnern je km²" in profile  # after "bei": dative
    # a lagging Kennzahl's chart shows its own year (Arbeitslosenanteil: 2021), not the report year
    assert "Arbeitslosenanteil 2021 in den 7 Kommunen" in report and "Arbeitslosenanteil 2022 in den" not in report


def test_peine_datenbank_page_equals_the_kennzahlen_table(peine, browser, tmp_path):
    """The Datenbank page of a real Kreis (Kennzahlen shown for an earlier year where newer data are missing,
    published rates without a test): every Kennzahl of the Kommunen, for the report year against a comparison
    year no report uses, equals ``berichte kennzahlen`` cell by cell; no script error."""
    from browser_helpers import compare_with_cli

    _, root, _, code, results = peine
    assert code == 0
    settings = results.settings
    page = browser.new_page(accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto((root / "_output" / "datenbank.html").as_uri())
    page.wait_for_selector("body[data-ready=true]")
    # It opens on a Kennzahl with values in both years (the first one, the population from VG250-EW, has only
    # 2022), and a view without such values says which years have them.
    assert page.eval_on_selector("#kennzahl", "s => s.value") != "0"
    assert "nur für" not in page.text_content("#definition")
    page.select_option("#kennzahl", value="0")
    assert "Werte dieser Kennzahl gibt es für die Kommunen nur für 2022: bitte Jahr und Vergleichsjahr daraus " \
           "wählen." in page.text_content("#definition")
    comparison = settings.first_year
    assert comparison != settings.comparison_year
    counts = compare_with_cli(page, root, tmp_path, "kommune", settings.report_year, comparison)
    assert counts["rows"] > 100
    page.click("#zeige-karte")  # the Kreis has map shapes: one path per Kommune
    kommunen = results.project.areas.at_level("kommune")
    assert page.eval_on_selector_all("#karte svg path", "paths => paths.length") == len(kommunen)
    page.close()
    assert errors == []
