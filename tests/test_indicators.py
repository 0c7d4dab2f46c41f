"""The indicator engine, checked against hand-computed expectations."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from berichte.cli import main
from berichte.compute.results import compute
from berichte.load.project import load_project
from berichte.compute.significance import poisson_p, two_proportion_p





def write_project(root: Path, areas: list[tuple[str, str, str, str]], counts: dict, years=(2020, 2022),
                  catalogue: str | None = None, extra_settings: str = "") -> Path:
    """A minimal project: areas (key, name, level, parent) and counts {(key, year, merkmal): value}."""
    data = root / "data"
    (data / "zahlen").mkdir(parents=True)
    (data / "projekt.yml").write_text(
        f"gebiet: Testregion\njahre: {{von: {years[0]}, bis: {years[1]}}}\nvergleichsjahr: {years[0]}\n"
        "ebenen:\n  - {id: region, name: Region, mehrzahl: Regionen}\n"
        "  - {id: kommune, name: Kommune, mehrzahl: Kommunen}\n" + extra_settings)
    (data / "gebiete.csv").write_text("schluessel;name;ebene;uebergeordnet\n"
                                      + "".join(f"{k};{n};{lvl};{p}\n" for k, n, lvl, p in areas))
    (data / "merkmale.yml").write_text(
        "ew: {bezeichnung: Einwohner, einheit: Personen, quelle: Test}\n"
        "lb: {bezeichnung: Leistungsberechtigte, einheit: Personen, quelle: Test, teil_von: [ew]}\n")
    (data / "kennzahlen.yml").write_text(catalogue or (
        "themen: {a: {titel: Armut}}\nkennzahlen:\n"
        "  quote: {titel: Quote, thema: a, zaehler: lb, nenner: ew, einheit: '%', polaritaet: hoch_unguenstig,\n"
        "          nachkommastellen: 1, schwelle: 0.5, definition: Test., quelle: Test}\n"
        "  anzahl: {titel: Anzahl, thema: a, zaehler: lb, einheit: Anzahl, polaritaet: hoch_unguenstig,\n"
        "           nachkommastellen: 0, schwelle: 5, definition: Test., quelle: Test}\n"))
    lines = ["schluessel;jahr;merkmal;wert"] + [f"{k};{y};{m};{v}" for (k, y, m), v in counts.items()]
    (data / "zahlen" / "daten.csv").write_text("\n".join(lines) + "\n")
    return root


def test_ratio_of_sums_for_parent_areas(mini):
    results = compute(load_project(mini))
    values = results.indicators.values["quote"]
    # Adorf = Adorf-Nord + Adorf-Süd: (120 + 130) / (1.020 + 2.980) = 6,25 %
    assert values[("01000001", 2022)] == pytest.approx(250 / 4000 * 100)
    # Testkreis 2022: lb (120 + 130 + 1.200 + 2) / ew (1.020 + 2.980 + 10.200 + 230)
    assert values[("01000", 2022)] == pytest.approx(1452 / 14430 * 100)
    # … which is not the mean of the Kommunen's rates
    mean_of_rates = np.mean([250 / 4000, 1200 / 10200, 2 / 230]) * 100
    assert abs(values[("01000", 2022)] - mean_of_rates) > 1
    # numerator and denominator are kept next to the value
    assert results.indicators.numerators["quote"][("01000", 2022)] == 1452
    assert results.indicators.denominators["quote"][("01000", 2022)] == 14430


def test_parent_own_count_wins_over_sum(mini):
    path = mini / "data/zahlen/melderegister.csv"
    path.write_text(path.read_text() + "01000001;ew;4.000;4.000;4.100\n")
    results = compute(load_project(mini))
    assert results.indicators.values["quote"][("01000001", 2022)] == pytest.approx(250 / 4100 * 100)


def test_two_proportion_examples_from_the_issue():
    # 100/1.000 → 120/1.000: pooled p = 0,11, se = √(0,11·0,89·2/1000) = 0,01399, z = 1,43 → p = 0,153
    p_small = two_proportion_p(100, 1000, 120, 1000)
    assert p_small == pytest.approx(0.1530, abs=0.001)
    # 1.000/10.000 → 1.200/10.000: se = 0,004425, z = 4,52 → p ≈ 6·10⁻⁶
    p_large = two_proportion_p(1000, 10000, 1200, 10000)
    assert p_large < 1e-5


def test_poisson_test():
    # equal exposure, 100 → 130 events: exact conditional test, X ~ Bin(230, 0,5), P(X ≥ 130) ≈ 0,028 → p ≈ 0,056
    assert poisson_p(100, 1, 130, 1) == pytest.approx(0.0558, abs=0.002)
    assert poisson_p(1000, 1, 1130, 1) < 0.01
    assert poisson_p(0, 1, 0, 1) == 1.0


def test_bedeutsam_needs_size_and_significance(tmp_path):
    areas = [("01", "Region", "region", ""), ("01001", "Klein", "kommune", "01"), ("01002", "Groß", "kommune", "01"),
             ("01003", "Dritte", "kommune", "01")]
    counts = {}
    for key, (ew, lb0, lb1) in {"01001": (1000, 100, 120), "01002": (10000, 1000, 1200), "01003": (5000, 500, 505)}.items():
        for year, lb in ((2020, lb0), (2021, lb0), (2022, lb1)):
            counts[(key, year, "ew")] = ew
            counts[(key, year, "lb")] = lb
    results = compute(load_project(write_project(tmp_path, areas, counts)))
    cmp = results.comparison(2022, 2020)
    assert cmp.change_shown.at["01001", "quote"] == pytest.approx(2.0)
    assert not cmp.bedeutsam.at["01001", "quote"]  # +2 Prozentpunkte, but p = 0,15
    assert cmp.bedeutsam.at["01002", "quote"]  # +2 Prozentpunkte, p < 0,001
    assert not cmp.bedeutsam.at["01003", "quote"]  # +0,1 Prozentpunkte: below the threshold of 0,5
    assert cmp.assessment.at["01002", "quote"] == "ungünstig"  # higher is unfavourable
    # counts: change in %, threshold 5 %: +20 % with 1.000 → 1.200 events is significant
    assert cmp.change_shown.at["01002", "anzahl"] == pytest.approx(20.0)
    assert cmp.bedeutsam.at["01002", "anzahl"]


def test_ranks_with_ties_and_polarity(tmp_path):
    areas = [("01", "Region", "region", "")] + [(f"0100{i}", n, "kommune", "01") for i, n in enumerate("ABCD", 1)]
    shares = {"01001": 100, "01002": 120, "01003": 120, "01004": 80}  # per 1.000: 10 %, 12 %, 12 %, 8 %
    counts = {}
    for key, lb in shares.items():
        for year in (2020, 2021, 2022):
            counts[(key, year, "ew")] = 1000
            counts[(key, year, "lb")] = lb
    cmp = compute(load_project(write_project(tmp_path, areas, counts))).comparison(2022, 2020)
    ranks = cmp.ranks
    assert ranks.rank_high["quote"].loc[["01001", "01002", "01003", "01004"]].tolist() == [3, 1, 1, 4]
    # higher is unfavourable: the lowest value (D, 8 %) is the most favourable
    assert ranks.rank_favourable["quote"].loc[["01001", "01002", "01003", "01004"]].tolist() == [2, 3, 3, 1]
    assert ranks.tie["quote"].loc[["01002", "01003"]].all() and not ranks.tie["quote"]["01001"]
    assert ranks.n["quote"]["01001"] == 4
    assert math.isnan(ranks.rank_high["quote"]["01"])  # the Region has no siblings


def test_ties_are_taken_on_shown_values(tmp_path):
    areas = [("01", "Region", "region", "")] + [(f"0100{i}", n, "kommune", "01") for i, n in enumerate("ABC", 1)]
    # 12,04 % and 11,96 % both show as 12,0 %: they share the rank
    values = {"01001": (10000, 1204), "01002": (10000, 1196), "01003": (10000, 500)}
    counts = {}
    for key, (ew, lb) in values.items():
        for year in (2020, 2021, 2022):
            counts[(key, year, "ew")] = ew
            counts[(key, year, "lb")] = lb
    ranks = compute(load_project(write_project(tmp_path, areas, counts))).comparison(2022, 2020).ranks
    assert ranks.rank_high["quote"]["01001"] == ranks.rank_high["quote"]["01002"] == 1


def test_primary_and_secondary_suppression(mini):
    # Adorf-Süd has 2 Leistungsberechtigte unter 18 in 2022; Adorf (their parent) 35 + 2 = 37 is published,
    # so Adorf-Nord's 35 must be withheld too, or 37 − 35 would reveal the 2.
    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text().replace("0100000102,2022,lb_u18,36", "0100000102,2022,lb_u18,2"))
    results = compute(load_project(mini))
    suppressed, reasons = results.secrecy.suppressed, results.secrecy.reasons
    assert suppressed.at[("0100000102", 2022), "lb_u18"]
    assert reasons.at[("0100000102", 2022), "lb_u18"] == "Anzahl unter 3 (Geheimhaltung)"
    assert suppressed.at[("0100000101", 2022), "lb_u18"]
    assert "sekundäre Geheimhaltung" in reasons.at[("0100000101", 2022), "lb_u18"]
    assert not suppressed.at[("01000001", 2022), "lb_u18"]
    # Cedorf 2022: 2 Leistungsberechtigte (primary), and lb_u18 withheld by the source ("*")
    assert suppressed.at[("01000003", 2022), "lb"]
    assert "Datenquelle" in reasons.at[("01000003", 2022), "lb_u18"]
    # rates built on withheld counts are withheld, with a footnote
    ind = results.indicators
    assert ind.suppressed.at[("01000003", 2022), "quote"]
    assert ind.notes.at[("01000003", 2022), "quote"] == "beruht auf einer gesperrten Anzahl (Geheimhaltung)"
    assert ind.suppressed.at[("0100000101", 2022), "kinderarmut"]
    assert np.isnan(ind.published().at[("0100000101", 2022), "kinderarmut"])
    # withheld values never count as bedeutsam
    cmp = results.comparison()
    assert not cmp.bedeutsam.at["01000003", "quote"]


def test_small_denominator_is_withheld(mini):
    # Cedorf has 36 Einwohner unter 18 in 2022 (< 100): Kinderarmut not published, even though 2022's
    # numerator is withheld anyway; 2020 (4 of 40) shows the denominator rule alone.
    ind = compute(load_project(mini)).indicators
    assert ind.suppressed.at[("01000003", 2020), "kinderarmut"]
    assert ind.notes.at[("01000003", 2020), "kinderarmut"] == "Bezugsgröße unter 100 (zu wenig aussagekräftig)"


def test_secrecy_can_be_switched_off(mini):
    settings = mini / "data/projekt.yml"
    settings.write_text(settings.read_text() + "geheimhaltung: {aktiv: false}\n")
    results = compute(load_project(mini))
    assert not results.secrecy.suppressed.at[("01000003", 2022), "lb"]
    # what the source withheld stays withheld
    assert results.secrecy.suppressed.at[("01000003", 2022), "lb_u18"]


def test_against_the_trend_and_conspicuous_level(tmp_path):
    areas = [("01", "Region", "region", "")] + [(f"0100{i}", f"K{i}", "kommune", "01") for i in range(1, 7)]
    counts = {}
    # five Kommunen rise from 10 % to 12 %, one falls from 10 % to 8 % against the trend; K6 is far above the rest
    for i in range(1, 7):
        key = f"0100{i}"
        lb0, lb1 = (1000, 800) if i == 1 else ((3000, 3300) if i == 6 else (1000, 1200))
        for year, lb in ((2020, lb0), (2021, lb0), (2022, lb1)):
            counts[(key, year, "ew")] = 10000
            counts[(key, year, "lb")] = lb
    cmp = compute(load_project(write_project(tmp_path, areas, counts))).comparison(2022, 2020)
    assert cmp.parent_change_shown.at["01001", "quote"] > 0
    assert cmp.gegen_trend.at["01001", "quote"]
    assert not cmp.gegen_trend.at["01002", "quote"]
    assert cmp.auffaellig_niveau.at["01006", "quote"] == "hoch"
    assert cmp.auffaellig_veraenderung.at["01001", "quote"] == "stärker fallend"
    assert cmp.auffaellig.at["01001", "quote"]


def test_changes_over_any_period(demo_project):
    results = compute(demo_project)
    a = results.comparison(2023, 2018)
    b = results.comparison(2020, 2012)
    key = "03999002"
    assert a.value_to.at[key, "sgb2_quote"] == results.indicators.published().at[(key, 2023), "sgb2_quote"]
    assert b.value_from.at[key, "sgb2_quote"] == results.indicators.published().at[(key, 2012), "sgb2_quote"]
    assert b.change.at[key, "sgb2_quote"] == pytest.approx(
        b.value_to.at[key, "sgb2_quote"] - b.value_from.at[key, "sgb2_quote"])
    # the shown change of a rate is the difference of the shown values
    shown_to, shown_from = round(a.value_to.at[key, "sgb2_quote"], 1), round(a.value_from.at[key, "sgb2_quote"], 1)
    assert a.change_shown.at[key, "sgb2_quote"] == pytest.approx(shown_to - shown_from)
    series = results.series("sgb2_quote", [key, "03999"])
    assert list(series.index) == list(range(2012, 2024))


def test_kennzahlen_command_writes_a_table_excel_reads(demo_root, tmp_path):
    out = tmp_path / "k.csv"
    assert main(["--projekt", str(demo_root), "kennzahlen", "--jahr", "2023", "--vergleich", "2018",
                 "--ebene", "kommune", "--ausgabe", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel recognises UTF-8
    table = pd.read_csv(out, sep=";", decimal=",", dtype={"Schlüssel": str}, encoding="utf-8-sig")
    assert len(table) == 21 * 68
    assert table["Schlüssel"].str.startswith("03999").all()
    row = table[(table["Schlüssel"] == "03999002") & (table["Kennzahl-ID"] == "sgb2_quote")].iloc[0]
    results = compute(load_project(demo_root))
    expected = results.indicators.values.at[("03999002", 2023), "sgb2_quote"]
    assert float(str(row["Wert 2023"]).replace(",", ".")) == pytest.approx(round(expected + 1e-12, 1))
    assert row["Einheit der Veränderung"] == "Prozentpunkte"
    assert row["Zahl der Vergleichsgebiete"] == 21
    assert "fiktive Beispieldaten" in row["Quelle"]


def test_kennzahlen_xlsx(demo_root, tmp_path):
    out = tmp_path / "k.xlsx"
    assert main(["--projekt", str(demo_root), "kennzahlen", "--format", "xlsx", "--ausgabe", str(out)]) == 0
    import openpyxl

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Kennzahlen", "Übersicht", "Sozialindex", "Erläuterungen"]
    assert book["Kennzahlen"]["A2"].value == "03999" and book["Kennzahlen"]["A2"].data_type == "s"
    assert "fiktive beispieldaten" in " ".join(str(c.value) for c in book["Erläuterungen"]["A"] if c.value).lower()


def test_secret_counts_never_appear_in_the_table(demo_root, tmp_path):
    out = tmp_path / "k.csv"
    main(["--projekt", str(demo_root), "kennzahlen", "--ausgabe", str(out)])
    table = pd.read_csv(out, sep=";", decimal=",", dtype=str, encoding="utf-8-sig")
    for column in ("Zähler 2023", "Nenner 2023"):
        numbers = pd.to_numeric(table[column], errors="coerce")
        assert not numbers.isin([1, 2]).any(), column
    anzahl = table[table["Einheit"] == "Anzahl"]
    assert not pd.to_numeric(anzahl["Wert 2023"], errors="coerce").isin([1, 2]).any()


def test_real_inkar_arbeitslosenanteil_region_hannover(shared_data, tmp_path):
    """Arbeitslose / Bevölkerung 15–<65 for the 21 Kommunen of Region Hannover, 2001–2021 (INKAR)."""
    source = pd.read_csv(shared_data / "rki_gisd_inkar/inkar_region_hannover_long.csv", dtype={"kennziffer": str})
    gemeinden = source[(source["aggregat"] == "Gemeinden")
                       & source["indikator"].isin(["Arbeitslose", "Erwerbsfähige Bevölkerung (15 bis unter 65 Jahre)"])
                       & source["jahr"].between(2001, 2021)]
    names = gemeinden.drop_duplicates("kennziffer").set_index("kennziffer")["raumeinheit"]
    assert len(names) == 21 and names.index.str.match(r"^032410\d\d$").all()
    merkmal = {"Arbeitslose": "lb", "Erwerbsfähige Bevölkerung (15 bis unter 65 Jahre)": "ew"}
    counts = {(row.kennziffer, int(row.jahr), merkmal[row.indikator]): int(round(row.wert))
              for row in gemeinden.itertuples()}
    areas = [("03241", "Region Hannover", "region", "")] + [(k, n, "kommune", "03241") for k, n in names.items()]
    catalogue = ("themen: {a: {titel: Arbeitsmarkt}}\nkennzahlen:\n"
                 "  alo: {titel: Arbeitslosenanteil, thema: a, zaehler: lb, nenner: ew, einheit: '%', polaritaet: "
                 "hoch_unguenstig, nachkommastellen: 1, schwelle: 0.3, definition: Test., quelle: INKAR}\n")
    project = load_project(write_project(tmp_path, areas, counts, years=(2001, 2021), catalogue=catalogue,
                                         extra_settings="geheimhaltung: {aktiv: false}\n"))
    results = compute(project)
    values = results.indicators.values["alo"]
    for year in (2001, 2011, 2021):
        rows = gemeinden[gemeinden["jahr"] == year]
        alo = rows[rows["indikator"] == "Arbeitslose"]["wert"].sum()
        ew = rows[rows["indikator"] != "Arbeitslose"]["wert"].sum()
        assert values[("03241", year)] == pytest.approx(alo / ew * 100, rel=1e-9)
    lhh = gemeinden[(gemeinden["kennziffer"] == "03241001") & (gemeinden["jahr"] == 2021)].set_index("indikator")["wert"]
    assert values[("03241001", 2021)] == pytest.approx(
        lhh["Arbeitslose"] / lhh["Erwerbsfähige Bevölkerung (15 bis unter 65 Jahre)"] * 100)
    cmp = results.comparison(2021, 2001)
    assert cmp.ranks.n.at["03241001", "alo"] == 21
    assert cmp.ranks.rank_high.at["03241001", "alo"] == 1  # the Landeshauptstadt has the highest share
