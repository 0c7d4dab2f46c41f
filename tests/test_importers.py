"""Importers of official data: the real files under ../shared/data are read (never copied into the project)
and the imported values are checked against the source files and against the derived tables there."""

from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
import pytest

from berichte.cli import main
from berichte.importers.flensburg import read_district_table
from berichte.importers.flensburg_project import flensburg_plan, import_flensburg
from berichte.importers.inkar import inkar_merkmale, read_inkar
from berichte.importers.lsn import read_lsn
from berichte.importers.lsn_project import import_lsn, lsn_plan
from berichte.importers.region_hannover import import_region_hannover, region_hannover_plan
from berichte.importers.write import write_project
from berichte.problems import BerichteError, Problems
from berichte.load.project import check_project

RH_KOMMUNEN = [f"03241{i:03d}" for i in range(1, 22)]
LSN_DATA = "lsn_integrationsmonitoring_ni/data"


# --- fixtures: each official file is read once per session ---------------------------------------------------

@pytest.fixture(scope="session")
def inkar_long(shared_data) -> pd.DataFrame:
    """The derived long table of INKAR values for 03241* (independent of the importer)."""
    return pd.read_csv(shared_data / "rki_gisd_inkar" / "inkar_region_hannover_long.csv", dtype=str)


@pytest.fixture(scope="session")
def rh_result(shared_data):
    return import_region_hannover(shared_data)


@pytest.fixture(scope="session")
def rh_project(rh_result, tmp_path_factory):
    root = tmp_path_factory.mktemp("region_hannover")
    write_project(rh_result, region_hannover_plan(rh_result), root, "inkar-region-hannover")
    return check_project(root)


@pytest.fixture(scope="session")
def fl_result(shared_data):
    return import_flensburg(shared_data)


@pytest.fixture(scope="session")
def fl_project(fl_result, tmp_path_factory):
    root = tmp_path_factory.mktemp("flensburg")
    write_project(fl_result, flensburg_plan(fl_result), root, "flensburg")
    return check_project(root)


@pytest.fixture(scope="session")
def lsn_result(shared_data):
    return import_lsn(shared_data)


@pytest.fixture(scope="session")
def lsn_rh_project(shared_data, tmp_path_factory):
    result = import_lsn(shared_data, prefix="03241")
    root = tmp_path_factory.mktemp("lsn_region_hannover")
    write_project(result, lsn_plan(result), root, "lsn")
    return check_project(root)


def _lsn_rows(shared_data, indicator: str) -> list[dict]:
    with open(shared_data / LSN_DATA / f"indicator_{indicator}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _kennzahl(project, kennzahl_id: str, key: str, year: int) -> float:
    """The Kennzahl as the project computes it: signed sums of the (aggregated) counts, ratio × factor."""
    k = project.catalogue[kennzahl_id]
    row = project.table.values.loc[(key, year)]
    numerator = sum(sign * row[m] for sign, m in k.numerator.terms)
    denominator = sum(sign * row[m] for sign, m in k.denominator.terms)
    return numerator / denominator * k.factor


# --- INKAR / Region Hannover ---------------------------------------------------------------------------------

def test_region_hannover_has_its_21_kommunen_with_ags_and_names(rh_result, inkar_long):
    areas = rh_result.areas.set_index("key")
    kommunen = areas[areas["level"] == "kommune"]
    assert list(kommunen.index) == RH_KOMMUNEN
    assert (kommunen["parent"] == "03241").all()
    assert areas.loc["03241", "level"] == "region" and areas.loc["03241", "parent"] == ""
    source_names = inkar_long[inkar_long["aggregat"] == "Gemeinden"].drop_duplicates("kennziffer")
    assert dict(zip(source_names["kennziffer"], source_names["raumeinheit"])) == kommunen["name"].to_dict()
    assert kommunen.loc["03241001", "name"] == "Hannover, Landeshauptstadt"


def test_inkar_raw_export_values_match_the_source(shared_data, inkar_long):
    problems = Problems()
    path = shared_data / "rki_gisd_inkar" / "inkar_raw" / "A_Arbeitslosigkeit.xls"
    export = read_inkar(path, problems, prefix="03241")
    assert not problems.has_errors()
    data = export.data.set_index(["key", "year"])["value"]
    assert data[("03241001", 1998)] == 35387
    assert data[("03241021", 2021)] == 1064
    source = inkar_long[inkar_long["indikator"] == "Arbeitslose"]
    expected = pd.Series(source["wert"].astype(float).values,
                         index=pd.MultiIndex.from_arrays([source["kennziffer"], source["jahr"].astype(int)]))
    pd.testing.assert_series_equal(data.sort_index(), expected.sort_index(), check_names=False)
    meta = export.indicators["Arbeitslose"]
    assert meta.is_count and meta.long_name == "Zahl der Arbeitslosen insgesamt"
    assert "Bundesagentur für Arbeit" in meta.source
    assert export.edition == "INKAR, Ausgabe 2024"


def test_region_hannover_counts_match_the_derived_tables(rh_result, inkar_long, shared_data):
    for merkmal, indikator in (("alo_insgesamt", "Arbeitslose"),
                               ("ew_15_65", "Erwerbsfähige Bevölkerung (15 bis unter 65 Jahre)")):
        source = inkar_long[(inkar_long["indikator"] == indikator) & inkar_long["jahr"].astype(int).between(2001, 2021)]
        expected = dict(zip(zip(source["kennziffer"], source["jahr"].astype(int)), source["wert"].astype(float)))
        assert rh_result.values(merkmal).to_dict() == expected
    assert rh_result.values("ew_15_65")[("03241001", 2001)] == 355250
    panel = pd.read_csv(shared_data / "region_hannover_kommunen_panel_long.csv", dtype={"ags": str})
    for merkmal, variable in (("ew_insgesamt", "ewz_vg250"), ("flaeche_km2", "flaeche_km2_vg250")):
        rows = panel[panel["variable"] == variable]
        expected = dict(zip(zip(rows["ags"], rows["jahr"]), rows["wert"]))
        assert rh_result.values(merkmal).to_dict() == pytest.approx(expected)
    assert rh_result.values("ew_insgesamt")[("03241001", 2022)] == 545045
    assert rh_result.values("flaeche_km2")[("03241012", 2022)] == pytest.approx(358.96)


def test_region_value_is_not_imported_but_computed(rh_result):
    # counts of the Region are sums of the Kommunen; only published values (Wert-Kennzahlen) are delivered
    region = rh_result.counts[rh_result.counts["key"] == "03241"]
    assert set(region["merkmal"]) and all(not rh_result.merkmale[m].get("summierbar", True)
                                          for m in set(region["merkmal"]))
    kommunen = rh_result.counts[rh_result.counts["key"] != "03241"]
    assert kommunen["key"].str.fullmatch(r"0\d{7}").all()  # leading zero kept, 8 digits


def test_region_hannover_project_is_valid(rh_project):
    project, problems = rh_project
    assert project is not None
    assert not problems.errors, [str(p) for p in problems.errors]
    assert (project.settings.first_year, project.settings.last_year) == (2001, 2022)
    assert project.settings.report_year == 2022 and project.settings.max_lag == 3
    assert list(project.areas.frame.index[1:]) == RH_KOMMUNEN  # keys read back as text, zeros kept
    assert project.areas.frame.at["03241001", "short"] == "Hannover"
    # The only warnings are the real gaps (years a source does not cover) and the income tax the Region
    # has no value for (it is not summable).
    assert {"alo_insgesamt", "ew_15_65", "ew_insgesamt", "flaeche_km2", "w_einkommensteuer"} <= {
        p.value for p in problems.warnings}
    assert all("fehlen die Jahre" in p.message or "nicht summierbar" in p.message for p in problems.warnings)
    assert (project.root / "data" / "gebiete.geojson").exists()


def test_region_arbeitslosenanteil_is_the_ratio_of_sums(rh_project, inkar_long):
    project, _ = rh_project
    year = 2015
    rows = inkar_long[(inkar_long["aggregat"] == "Gemeinden") & (inkar_long["jahr"] == str(year))]
    alo = rows.loc[rows["indikator"] == "Arbeitslose", "wert"].astype(float)
    bev = rows.loc[rows["indikator"] == "Erwerbsfähige Bevölkerung (15 bis unter 65 Jahre)", "wert"].astype(float)
    assert len(alo) == len(bev) == 21
    expected = alo.sum() / bev.sum() * 100
    assert _kennzahl(project, "arbeitslosenanteil", "03241", year) == pytest.approx(expected, rel=1e-12)
    mean_of_rates = (alo.values / bev.values * 100).mean()
    assert abs(expected - mean_of_rates) > 0.01  # the test would notice a mean of the Kommunen's rates
    # Einwohnerdichte 2022 of the Region: summed Einwohner over summed Fläche of the 21 Kommunen.
    table = project.table.values
    kommunen = table.loc[(RH_KOMMUNEN, 2022), ["ew_insgesamt", "flaeche_km2"]].sum()
    assert _kennzahl(project, "einwohnerdichte", "03241", 2022) == pytest.approx(
        kommunen["ew_insgesamt"] / kommunen["flaeche_km2"])


def test_inkar_keys_stored_as_numbers_get_their_leading_zeros_back(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Daten"
    sheet.append(["Kennziffer", "Raumeinheit", "Aggregat", "Arbeitslose", "Arbeitslose", "Schuldnerquote"])
    sheet.append([None, None, None, 2020, 2021, 2021])
    sheet.append([3241001, "Hannover, Landeshauptstadt", "Gemeinden", 28007, 27281, None])
    sheet.append([1001, "Flensburg, Stadt", "Kreise", 4722, 4369, 16.9])
    meta = workbook.create_sheet("Metadaten")
    meta.append(["Dokumentation der exportierten Indikatoren"])
    meta.append(["Indikator", "Langname", "Quelle", "Berechnungsgrundlage", "Anmerkungen"])
    meta.append(["Arbeitslose", "Zahl der Arbeitslosen insgesamt", "BA", "", ""])
    meta.append(["Schuldnerquote", "Private Schuldner je 100 Einwohner 18 Jahre und älter in %", "Creditreform", "", ""])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    problems = Problems()
    export = read_inkar(path, problems)
    assert set(export.data["key"]) == {"03241001", "01001"}
    values = export.data.set_index(["key", "indicator", "year"])["value"]
    assert values[("03241001", "Arbeitslose", 2021)] == 27281
    assert values[("01001", "Schuldnerquote", 2021)] == pytest.approx(16.9)
    counts, merkmale = inkar_merkmale(export, {"Arbeitslose": "alo", "Schuldnerquote": "schuldner"}, problems)
    assert set(merkmale) == {"alo"}  # a percentage never becomes a count Merkmal
    assert set(counts["merkmal"]) == {"alo"}
    assert any("Schuldnerquote" in p.message and "keine Anzahl" in p.message for p in problems.warnings)


# --- Flensburg ------------------------------------------------------------------------------------------------

def test_flensburg_has_13_stadtteile_under_the_city(fl_result, shared_data):
    areas = fl_result.areas.set_index("key")
    assert areas.loc["01001000", "level"] == "stadt"
    districts = areas[areas["level"] == "stadtteil"]
    assert len(districts) == 13
    assert list(districts.index) == [f"01001000{i:02d}" for i in range(1, 14)]
    assert (districts["parent"] == "01001000").all()
    source = pd.read_csv(shared_data / "flensburg_sozialatlas" / "fl_district.csv", dtype=str)
    assert list(districts["name"]) == list(source["name"])
    assert districts.loc["0100100011", "name"] == "Mürwik"


def test_flensburg_counts_match_the_sozialatlas(fl_result, shared_data):
    folder = shared_data / "flensburg_sozialatlas"
    residents = pd.read_csv(folder / "fl_residents_by_district.csv")
    values = fl_result.values("ew_insgesamt")
    assert values[("0100100001", 2017)] == 3807  # Altstadt
    assert values[("0100100011", 2022)] == 15350  # Mürwik
    source = residents[residents["year"] >= 2017]
    expected = {(f"01001000{int(d):02d}", int(y)): float(r)
                for d, y, r in zip(source["district_id"], source["year"], source["residents"])}
    assert values.to_dict() == expected
    # Tabelle 12 holds counts of unemployed: they equal "Arbeitslose insgesamt" of Tabelle 13.
    table13 = pd.read_csv(folder / "fl_unemployed_residents_categorized_by_district.csv").dropna(subset=["district_id"])
    alo = fl_result.values("alo_insgesamt")
    for d, y, total in zip(table13["district_id"], table13["year"], table13["unemployed_total"]):
        assert alo[(f"01001000{int(d):02d}", int(y))] == total


def test_flensburg_imports_counts_only_and_marks_suppressed_values(fl_result):
    delivered = {m: e for m, e in fl_result.merkmale.items() if "formel" not in e}
    assert {e["einheit"] for e in delivered.values()} <= {"Personen", "Haushalte"}
    assert all(e.get("ganzzahlig", True) for e in delivered.values())
    assert (fl_result.counts["value"].dropna() % 1 == 0).all()
    # Tabelle 16 blanks values under 4: they are kept as suppressed, not as missing or zero.
    homeless = fl_result.counts[fl_result.counts["merkmal"] == "hh_wohnungslosigkeit"]
    secret = homeless[homeless["value"].isna()]
    assert len(secret) == 12 and (secret["note"] == "aus Datenschutzgründen anonymisiert").all()
    assert "2021: 337, 2022: 353" in fl_result.merkmale["sgb12_gsem"]["beschreibung"]  # unassigned, reported


def test_flensburg_project_is_valid(fl_project, shared_data):
    project, problems = fl_project
    assert project is not None
    assert not problems.errors, [str(p) for p in problems.errors]
    assert (project.settings.first_year, project.settings.last_year) == (2017, 2022)
    # City value = sum of the Stadtteile.
    residents = pd.read_csv(shared_data / "flensburg_sozialatlas" / "fl_residents_by_district.csv")
    city_2022 = residents.loc[(residents["year"] == 2022) & residents["district_id"].notna(), "residents"].sum()
    assert project.table.values.loc[("01001000", 2022), "ew_insgesamt"] == city_2022
    # SGB-II-Quote of Altstadt 2022: Regelleistungsberechtigte / (unter 18 + 18 bis unter 65) × 100.
    assert _kennzahl(project, "sgb2_quote", "0100100001", 2022) == pytest.approx(408 / (403 + 3108) * 100)
    # Suppressed Stadtteil values make the city's sum unknown rather than too small.
    assert pd.isna(project.table.values.loc[("01001000", 2021), "hh_wohnungslosigkeit"])


def test_flensburg_broken_district_number_is_a_german_error(tmp_path):
    path = tmp_path / "fl_births_by_district.csv"
    path.write_text("year,district_id,births,birth_rate\n2021,1,31,28.3\n2021,14,12,3.0\n2021,2,l2,4.0\n",
                    encoding="utf-8")
    problems = Problems()
    assert read_district_table(path, problems, ["births"], set(range(1, 14))) is None
    messages = [str(p) for p in problems.errors]
    assert any("Zeile 3" in m and "„district_id“" in m and "Wert „14“" in m and "Stadtteilnummer" in m
               for m in messages)
    assert any("Zeile 4" in m and "„births“" in m and "Wert „l2“" in m and "Keine Zahl" in m for m in messages)


# --- LSN ----------------------------------------------------------------------------------------------------

def test_lsn_population_matches_the_source(lsn_result, shared_data):
    rows = _lsn_rows(shared_data, "1-1-1")
    expected = {(r["GeoCode"][1:], int(r["Year"])): float(r["Value"]) for r in rows}
    values = lsn_result.values("ew_insgesamt")
    assert values[("03241", 2015)] == expected[("03241", 2015)] == 1144481
    assert values.to_dict() == expected
    areas = lsn_result.areas.set_index("key")
    assert areas.loc["03241001", "parent"] == "03241" and areas.loc["03241999", "parent"] == "03241"
    assert areas.loc["03241", "parent"] == "032" and areas.loc["032", "parent"] == "030"
    assert areas.loc["03241001", "name"] == "Hannover, Landeshauptstadt"


def test_lsn_defaults_to_totals_and_counts(shared_data):
    problems = Problems()
    data_dir = shared_data / LSN_DATA
    indicator = read_lsn(data_dir / "indicator_6-2-1.csv", problems)
    assert indicator.unit == "Anzahl" and indicator.selection == {"Nationalität": "Insgesamt"}
    rows = _lsn_rows(shared_data, "6-2-1")
    expected = next(float(r["Value"]) for r in rows if r["GeoCode"] == "K03241001" and r["Year"] == "2024"
                    and r["Nationalität"] == "Insgesamt" and r["Units"] == "Anzahl")
    assert indicator.data.set_index(["key", "year"])["value"][("03241001", 2024)] == expected
    assert indicator.title == "Empfängerinnen und Empfänger von Mindestsicherungsleistungen"
    quote = read_lsn(data_dir / "indicator_6-2-1.csv", problems, {"Nationalität": None}, unit="Quote")
    assert set(quote.data["Nationalität"]) == {"Insgesamt", "Deutsche", "Ausländerinnen und Ausländer"}
    problems = Problems()
    assert read_lsn(data_dir / "indicator_1-2-2.csv", problems) is None  # shares only: not a count
    assert "„%“" in problems.errors[0].message and "nicht als Anzahl" in problems.errors[0].message
    problems = Problems()
    assert read_lsn(data_dir / "indicator_1-2-8.csv", problems) is None  # no "Insgesamt" row to default to
    assert "„Deutsche“" in problems.errors[0].message and problems.errors[0].column == "Nationalität"


def test_lsn_project_reproduces_the_published_foreigner_share(lsn_rh_project, shared_data):
    project, problems = lsn_rh_project
    features = json.loads((project.root / "data" / "gebiete.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["schluessel"] for f in features} == {"03241", "03241001", "03241999"}
    assert project is not None and not problems.errors, [str(p) for p in problems.errors]
    assert list(project.areas.frame.index) == ["03241", "03241001", "03241999"]
    published = {(r["GeoCode"][1:], int(r["Year"])): float(r["Value"]) for r in _lsn_rows(shared_data, "1-2-2")}
    for key in ("03241", "03241001", "03241999"):
        assert _kennzahl(project, "auslaenderanteil", key, 2015) == pytest.approx(published[(key, 2015)], rel=1e-9)


def test_lsn_broken_value_names_file_row_column_and_value(shared_data, tmp_path):
    lines = (shared_data / LSN_DATA / "indicator_1-1-1.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[4] = lines[4].rsplit(",", 1)[0] + ",12x4"
    broken = tmp_path / "indicator_1-1-1.csv"
    broken.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    problems = Problems()
    assert read_lsn(broken, problems) is None
    (error,) = problems.errors
    assert (error.row, error.column, error.value) == (5, "Value", "12x4")
    assert str(error).startswith("Fehler: ") and "indicator_1-1-1.csv, Zeile 5, Spalte „Value“, Wert „12x4“" in str(error)
    assert "Keine Zahl" in error.message


# --- command line and writing ---------------------------------------------------------------------------------

def test_cli_reports_a_broken_source_in_german_without_traceback(shared_data, tmp_path, capsys):
    source = tmp_path / "amtlich"
    data_dir = source / LSN_DATA
    data_dir.mkdir(parents=True)
    for name in ("1-1-1", "1-2-1", "1-2-8", "2-3-1", "6-2-1"):
        shutil.copy(shared_data / LSN_DATA / f"indicator_{name}.csv", data_dir)
    path = data_dir / "indicator_2-3-1.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[9] = lines[9].rsplit(",", 1)[0] + ",k.B."
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["importieren", "lsn", "--quelle", str(source), "--ziel", str(tmp_path / "projekt")])
    err = capsys.readouterr().err
    assert code == 1
    assert "indicator_2-3-1.csv, Zeile 10, Spalte „Value“, Wert „k.B.“" in err
    assert "Keine Zahl" in err and "es wurde nichts geschrieben" in err
    assert "Traceback" not in err
    assert not (tmp_path / "projekt" / "data").exists()


def test_cli_writes_a_checked_project(shared_data, tmp_path, capsys):
    target = tmp_path / "flensburg"
    assert main(["importieren", "flensburg", "--quelle", str(shared_data), "--ziel", str(target)]) == 0
    out = capsys.readouterr().out
    assert "14 Gebiete" in out and "keine Fehler" in out
    features = json.loads((target / "data" / "gebiete.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["schluessel"] for f in features} == {"01001000"} | {f"01001000{i:02d}" for i in range(1, 14)}
    assert (target / "data" / "QUELLEN.md").read_text(encoding="utf-8").startswith("# Quellen")
    # An existing project is not replaced by accident.
    assert main(["importieren", "flensburg", "--quelle", str(shared_data), "--ziel", str(target)]) == 1
    assert "--ueberschreiben" in capsys.readouterr().err
    assert main(["importieren", "inkar-region-hannover", "--gebiet", "03241", "--quelle", str(shared_data),
                 "--ziel", str(tmp_path / "x")]) == 1
    assert "nur für die Quellen inkar und lsn" in capsys.readouterr().err


def test_write_project_refuses_to_overwrite_unless_asked(fl_result, tmp_path):
    plan = flensburg_plan(fl_result)
    write_project(fl_result, plan, tmp_path, "flensburg")
    with pytest.raises(BerichteError):
        write_project(fl_result, plan, tmp_path, "flensburg")
    written = write_project(fl_result, plan, tmp_path, "flensburg", overwrite=True)
    assert written.areas == 14 and written.other_count_files == []
    text = (tmp_path / "data" / "gebiete.csv").read_text(encoding="utf-8")
    assert "0100100001;Altstadt;Altstadt;stadtteil;01001000" in text
    assert "01001000;Flensburg, Stadt;Flensburg;stadt;" in text
