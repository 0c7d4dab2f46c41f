"""Charts: every type for demo and real areas; alt texts parse back to the data; determinism; secrecy."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from berichte import charts
import chart_examples as ex
from berichte.charts.canvas import Canvas
from berichte.charts.maps import BORDER, class_breaks, class_labels, classify
from berichte.charts.style import NA_FILL
from berichte.charts.scatter import DYNAMICS_CLASSES, STATUS_CLASSES
from berichte.formatting import parse_german, rounded
from berichte.load.geometry import load_geojson

NUMBER = r"[−+-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?"
CITY, REGION, AREA = "03999001", "03999", "03999001002"  # Seewalden, Stadt; Region Seewalden; Nordstadt
YEAR, PERIOD = 2023, (2018, 2023)


def texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def num(text: str) -> float:
    return parse_german(text)


@pytest.fixture(scope="session")
def demo(demo_project):
    return demo_project


@pytest.fixture(scope="session")
def imprint(demo):
    return ex.imprint(demo)


@pytest.fixture(scope="session")
def geometries(demo_root):
    return load_geojson(demo_root / "data" / "gebiete.geojson")


@pytest.fixture
def captured(monkeypatch):
    """The canvases the chart functions render (to check what is drawn where)."""
    seen: list[Canvas] = []
    original = Canvas.render

    def render(self, title, desc, post=None):
        seen.append(self)
        return original(self, title, desc, post)

    monkeypatch.setattr(Canvas, "render", render)
    return seen


# --- time series -----------------------------------------------------------------------------------------

def test_time_series_alt_text_numbers_are_the_data(demo, imprint):
    measure = ex.measure(demo, "sgb2_quote")
    area, city = ex.series(demo, "sgb2_quote", AREA), ex.series(demo, "sgb2_quote", CITY)
    chart = charts.time_series(measure, area, [city], PERIOD, imprint)
    assert chart.kind == "zeitreihe"
    assert chart.alt.startswith("Liniendiagramm: SGB-II-Quote, Nordstadt, von 2012 bis 2023.")
    for series, part in ((area, chart.alt.split("Zum Vergleich")[0]), (city, chart.alt.split("Zum Vergleich")[1])):
        for year in PERIOD:
            shown = re.search(rf"{year}: ({NUMBER})\u00a0%", part).group(1)
            assert num(shown) == rounded(series.value(year), 1)
        change = re.search(rf"(gestiegen|gesunken) um ({NUMBER})\u00a0Prozentpunkte", part)
        diff = rounded(series.value(2023), 1) - rounded(series.value(2018), 1)
        assert num(change.group(2)) == pytest.approx(abs(diff))
        assert change.group(1) == ("gestiegen" if diff > 0 else "gesunken")
    high = re.search(rf"Höchster Wert ({NUMBER})\u00a0% \((\d{{4}})\)", chart.alt)
    best = max(area.points(), key=lambda p: p[1])
    assert (num(high.group(1)), int(high.group(2))) == (rounded(best[1], 1), best[0])
    labels = texts(chart.svg)
    assert "Vergleichszeitraum 2018–2023" in labels
    assert f"{rounded(area.value(2023), 1):.1f}".replace(".", ",") + "\u00a0%" in labels  # value at the end
    assert "Fiktive Beispieldaten." in chart.caption and "Stand jeweils 31.12." in chart.caption


def test_time_series_leaves_secret_years_out(demo, imprint, captured):
    series = ex.series(demo, "anteil_alleinerziehende", "03999001011")  # Hafen: some years secret
    assert series.suppressed
    chart = charts.time_series(ex.measure(demo, "anteil_alleinerziehende"), series, [], PERIOD, imprint)
    assert charts.base.SECRECY_NOTE in chart.notes and charts.base.SECRECY_NOTE in " ".join(texts(chart.svg))
    secret = ", ".join(str(y) for y in sorted(series.suppressed)[:-1])
    assert secret in chart.alt and "(Geheimhaltung)" in chart.alt
    canvas = captured[-1]
    markers = [p for p in canvas.polygons if p[0] == 3 and len(p[2]) == 20]  # the series' circles
    legend_markers = 1
    assert len(markers) == len(series.points()) + legend_markers
    # no line runs through a secret year: every line piece covers consecutive years only
    assert len([line for line in canvas.lines if line[0] == 2]) > 2


def test_time_series_negative_values_and_decimal_axis(imprint):
    measure = charts.Measure("Natürlicher Saldo je 1.000", "je 1.000", 1, "Natürlicher Saldo", "Einwohnermeldeamt")
    area = charts.Series("Kleinstadt", {2019: -2.3, 2020: -4.1, 2021: -1.26, 2022: -0.4})
    chart = charts.time_series(measure, area, [], (2019, 2022), imprint)
    labels = texts(chart.svg)
    assert any(re.fullmatch(r"−\d,\d", t) for t in labels)  # axis with decimal comma and minus sign
    assert "2019: −2,3 je 1.000, 2022: −0,4 je 1.000; gestiegen um 1,9 je 1.000." in chart.alt


def test_percent_axis_labels_are_german(imprint):
    measure = charts.Measure("Quote", "%", 1)
    chart = charts.time_series(measure, charts.Series("A", {2020: 0.4, 2021: 2.3}), [], None, imprint)
    assert "0,5\u00a0%" in texts(chart.svg) or "1,0\u00a0%" in texts(chart.svg)
    counts = charts.Measure("Einwohner", "Anzahl", 0)
    chart = charts.time_series(counts, charts.Series("A", {2020: 51234, 2021: 52980}), [], None, imprint)
    assert any(re.fullmatch(r"5\d\.\d00", t) for t in texts(chart.svg))  # thousands dot
    assert "gestiegen um 1.746 (+3,4\u00a0%)" in chart.alt


# --- ranking ---------------------------------------------------------------------------------------------

def test_ranking_alt_text_and_secret_area(demo, imprint, captured):
    districts = demo.areas.children(CITY)
    values = ex.values(demo, "kinderarmut", districts, YEAR)
    parent = ex.values(demo, "kinderarmut", [CITY], YEAR)[0]
    secret = [v for v in values if v.suppressed]
    assert secret, "the tiny Messegelände has too few children"
    chart = charts.ranking(ex.measure(demo, "kinderarmut"), values, YEAR, "03999001004", parent, imprint,
                           "den Sozialräumen von Seewalden, Stadt")
    known = sorted((v for v in values if not v.missing), key=lambda v: -v.value)
    top = re.search(rf"Höchster Wert: (.+?) mit ({NUMBER})\u00a0%", chart.alt)
    low = re.search(rf"niedrigster Wert: (.+?) mit ({NUMBER})\u00a0%", chart.alt)
    assert (top.group(1), num(top.group(2))) == (known[0].name, rounded(known[0].value, 1))
    assert (low.group(1), num(low.group(2))) == (known[-1].name, rounded(known[-1].value, 1))
    rank = re.search(rf"Oststadt liegt mit ({NUMBER})\u00a0% auf Rang (\d+) von (\d+)", chart.alt)
    assert int(rank.group(2)) == [v.key for v in known].index("03999001004") + 1
    assert int(rank.group(3)) == len(known)
    assert f"Seewalden, Stadt insgesamt: {parent.value:.1f}".replace(".", ",") in chart.alt
    assert "Messegelände" in chart.alt.split("Geheimhaltung:")[1]
    # drawn: one bar per known value, none for the secret area, which says "keine Angabe" instead
    canvas = captured[-1]
    bars = [p for p in canvas.polygons if p[0] == 1]
    assert len(bars) == len(known)
    row = next(t for t in canvas.texts if t.label == "Messegelände")
    assert any(t.label == "keine Angabe" and abs(t.y - row.y) < 1 for t in canvas.texts)
    assert not any(abs((p[3].min() + p[3].max()) / 2 - row.y) < 1 for p in bars)
    names = [t.label for t in canvas.texts if t.ha == "right" and t.x < 150 and t.label in {v.name for v in values}]
    assert names == [v.name for v in known] + ["Messegelände"]  # sorted by value, secret last


def test_ranking_wraps_long_names(imprint):
    long = "Gemeinde Sankt Georgen im Schwarzwald-Baar-Kreis an der Brigach"
    values = [charts.AreaValue("1", long, 12.5), charts.AreaValue("2", "Kurz", 7.25)]
    chart = charts.ranking(charts.Measure("Quote", "%", 1), values, 2023, "1")
    lines = [t for t in texts(chart.svg) if t.startswith("Gemeinde") or t.endswith("…") or "Brigach" in t]
    assert len(lines) == 2 and all(len(t) < len(long) for t in lines)


# --- age structure, small multiples ---------------------------------------------------------------------

def test_age_structure_alt_text_shares(demo, imprint):
    area, city = ex.age_profile(demo, AREA, YEAR), ex.age_profile(demo, CITY, YEAR)
    chart = charts.age_structure(area, city, YEAR, "Einwohnermeldeamt", imprint)
    total = sum(area.counts.values())
    parent_total = sum(city.counts.values())
    for group, count in area.counts.items():
        found = re.search(rf"{re.escape(group)}: ({NUMBER})\u00a0% \(Seewalden, Stadt: ({NUMBER})\u00a0%\)", chart.alt)
        assert num(found.group(1)) == rounded(count / total * 100, 1)
        assert num(found.group(2)) == rounded(city.counts[group] / parent_total * 100, 1)
    assert "Größter Unterschied" in chart.alt


def test_age_structure_with_a_secret_group(imprint):
    area = charts.AgeProfile("Klein", {"unter 18": 40, "18 bis unter 65": 150, "65 und älter": None}, total=260,
                             suppressed=frozenset({"65 und älter"}))
    chart = charts.age_structure(area, None, 2023, "Einwohnermeldeamt", imprint)
    assert "65 und älter: keine Angabe" in chart.alt and "unter 18: 15,4\u00a0%" in chart.alt
    assert charts.base.SECRECY_NOTE in chart.notes
    with pytest.raises(ValueError, match="Gesamtzahl"):
        charts.AgeProfile("Klein", {"a": 1, "b": None}).shares()


def test_small_multiples_alt_text(demo, imprint):
    ids = [k.id for k in demo.catalogue if k.key]
    panels = [charts.Panel(ex.measure(demo, k), ex.series(demo, k, AREA), ex.series(demo, k, CITY)) for k in ids]
    chart = charts.small_multiples(panels, PERIOD, imprint)
    assert chart.alt.startswith(f"Liniendiagramme für {len(ids)} Kennzahlen, Nordstadt und Seewalden, Stadt, von ")
    for panel in panels:
        m = panel.measure
        part = chart.alt.split(f" {m.label}: ", 1)[1]
        first = re.match(rf"2018 ({NUMBER})", part).group(1)
        assert num(first) == rounded(panel.area.value(2018), m.decimals)
    assert "Einwohnerzahl: 2018" in chart.alt and "Einwohnerzahl: 2018 " in chart.alt
    assert "(Seewalden, Stadt" not in chart.alt.split("Einwohnerzahl:")[1].split(".")[0]  # counts without parent
    titles = set(texts(chart.svg))
    assert {"SGB-II-Quote in\u00a0%", "Einwohnerzahl"} <= titles


# --- Sozialindex scatter ---------------------------------------------------------------------------------

def test_scatter_classes_and_attention(demo, imprint, captured):
    districts = demo.areas.children(CITY)
    points = ex.sozialindex_points(demo, districts, YEAR)
    chart = charts.sozialindex_scatter(points, YEAR, "03999001004", "BA", imprint, "Sozialräume von Seewalden")
    shown = [p for p in points if p.present]
    for name in STATUS_CLASSES:
        count = re.search(rf"[:,] {name} (\d+)", chart.alt.split("Je Dynamikklasse")[0]).group(1)
        assert int(count) == sum(charts.status_class(p.status) == name for p in shown)
    for name in DYNAMICS_CLASSES:
        count = re.search(rf"[:,] {name} (\d+)", chart.alt.split("Je Dynamikklasse")[1]).group(1)
        assert int(count) == sum(charts.dynamics_class(p.dynamics) == name for p in shown)
    attention = [p for p in shown if p.needs_attention]
    assert attention
    for p in attention:
        found = re.search(rf"{p.name} \(Status ({NUMBER}), [a-z ]+; Dynamik ({NUMBER})", chart.alt)
        assert (num(found.group(1)), num(found.group(2))) == (rounded(p.status, 2), rounded(p.dynamics, 2))
    labels = texts(chart.svg)
    assert all(p.name in labels for p in attention) and "Oststadt" in labels
    assert {"hoch", "mittel", "niedrig", "sehr niedrig", "positiv", "stabil", "negativ"} <= set(labels)
    assert "Messegelände" in chart.alt.split("Ohne Indexwert:")[1]  # too few inhabitants: no index
    canvas = captured[-1]
    boundaries = sorted({round(float(line[2][0]), 1) for line in canvas.lines if line[2][0] == line[2][1]})
    assert len(boundaries) == 3  # status −1, +1, +1,5


def test_class_boundaries_follow_the_index_engine():
    import pandas as pd

    from berichte.compute.sozialindex import classify_dynamics, classify_status

    zs = [-2.0, -1.0 - 1e-6, -1.0, -1.0 + 1e-12, 0.3, 1.0, 1.0 + 1e-6, 1.2, 1.5, 1.5 + 1e-6, 3.0]
    assert [charts.status_class(z) for z in zs] == list(classify_status(pd.Series(zs)).astype(str))
    assert [charts.dynamics_class(z) for z in zs] == list(classify_dynamics(pd.Series(zs)).astype(str))
    assert charts.status_class(-1.0) == "mittel" and charts.status_class(1.5) == "niedrig"
    assert charts.IndexPoint("k", "A", 1.2, 0.0).needs_attention
    assert not charts.IndexPoint("k", "A", 1.2, 0.0, attention=False).needs_attention
    assert not charts.IndexPoint("k", "A", None, 0.0).needs_attention
    scheme = charts.IndexScheme(status_bounds=(-0.5, 0.5, 1.0))
    assert scheme.status(0.7) == "niedrig" and charts.IndexPoint("k", "A", 0.7, 0.0).attention_under(scheme)


def test_scatter_with_the_projects_own_thresholds(imprint):
    points = [charts.IndexPoint(str(i), f"Gebiet {i}", z, 0.0) for i, z in enumerate((-1.5, -0.2, 0.4, 0.8, 2.0))]
    scheme = charts.IndexScheme(status_bounds=(-0.5, 0.5, 1.0))
    chart = charts.sozialindex_scatter(points, 2023, "1", "BA", imprint, "die 5 Gebiete", scheme=scheme)
    assert "hoch 1, mittel 2, niedrig 1, sehr niedrig 1" in chart.alt
    assert chart.title == "Sozialindex 2023: Status und Dynamik für die 5 Gebiete"


# --- maps -------------------------------------------------------------------------------------------------

def check_map_alt(chart, values, measure):
    """The classes in the alt text, parsed back, hold exactly the areas whose values fall into them."""
    counts = re.findall(rf"((?:unter |)({NUMBER})(?:\u00a0%)?(?: bis unter ({NUMBER}))?(?:\u00a0%)?(?: und mehr)?): "
                        r"(\d+) Gebiet", chart.alt)
    assert counts
    labels = [c[0] for c in counts]
    breaks = sorted({num(c[1]) for c in counts[1:]})
    assert labels == class_labels(breaks, measure)
    known = [v for v in values if not v.missing]
    for i, c in enumerate(counts):
        assert int(c[3]) == sum(classify(v.value, breaks, measure.decimals) == i for v in known)
    assert sum(int(c[3]) for c in counts) == len(known)


def test_demo_choropleth_of_the_sozialraeume(demo, imprint, geometries, captured):
    districts = demo.areas.children(CITY)
    values = ex.values(demo, "kinderarmut", districts, YEAR)
    measure = ex.measure(demo, "kinderarmut")
    chart = charts.choropleth(measure, values, geometries, YEAR, imprint, view=charts.MapView(AREA, names="all"),
                              group="den Sozialräumen von Seewalden, Stadt")
    check_map_alt(chart, values, measure)
    assert "Keine Angabe: Messegelände." in chart.alt and "Nordstadt (hervorgehoben) liegt mit" in chart.alt
    assert 'patternUnits="userSpaceOnUse"' in chart.svg  # the hatching of "keine Angabe"
    assert "keine Angabe" in texts(chart.svg) and "Nordstadt" in texts(chart.svg)
    areas = [p for p in captured[-1].polygons if p[0] == 1 and p[5] == BORDER]
    secret_fill = [p for p in captured[-1].polygons if p[0] == 2]
    assert len(secret_fill) == 2  # the area and its legend key, both hatched; never a class colour
    assert len(areas) == len(districts)
    assert sum(p[4] == NA_FILL for p in areas) == 1  # only Messegelände is grey


def test_demo_class_map_of_the_sozialindex(demo, imprint, geometries):
    points = ex.sozialindex_points(demo, demo.areas.children(CITY), YEAR)
    chart = charts.sozialindex_map(points, geometries, YEAR, "BA", imprint, view=charts.MapView(AREA))
    for name in STATUS_CLASSES:
        count = re.search(rf"{name}: (\d+) Gebiet", chart.alt).group(1)
        assert int(count) == sum(p.present and charts.status_class(p.status) == name for p in points)
    marked = chart.alt.split("Markiert (besondere Aufmerksamkeit): ")[1].split(".")[0]
    assert {p.name for p in points if p.needs_attention} == set(re.split(r", | und ", marked))


def test_demo_choropleth_of_the_kommunen(demo, imprint, geometries):
    kommunen = demo.areas.children(REGION)
    values = ex.values(demo, "sgb2_quote", kommunen, YEAR)
    measure = ex.measure(demo, "sgb2_quote")
    chart = charts.choropleth(measure, values, geometries, YEAR, imprint, view=charts.MapView(CITY))
    check_map_alt(chart, values, measure)
    assert "in 5 Klassen" in chart.alt


@pytest.fixture(scope="session")
def hannover(shared_data):
    panel = pd.read_csv(shared_data / "region_hannover_kommunen_panel_long.csv", dtype={"ags": str})
    wide = panel[panel["jahr"] == 2021].pivot(index=["ags", "gemeinde"], columns="variable", values="wert")
    wide = wide.reset_index()
    wide = wide[(wide["ags"].str.len() == 8) & ~wide["ags"].str.endswith("999")]
    geometries = load_geojson(shared_data / "geo" / "gemeinden_region_hannover_simplify200.geojson", key="AGS",
                              name="GEN")
    return wide, geometries


def test_real_map_region_hannover(hannover):
    wide, geometries = hannover
    assert len(wide) == 21 and set(wide["ags"]) == set(geometries.keys)
    values = [charts.AreaValue(r.ags, r.gemeinde, r.arbeitslose_jd / r.bev_15_65 * 100) for r in wide.itertuples()]
    measure = charts.Measure("Arbeitslose je 100 Einwohner von 15 bis unter 65 Jahren", "%", 1, "Arbeitslosenanteil",
                             "INKAR 2024, BBSR Bonn")
    chart = charts.choropleth(measure, values, geometries, 2021, charts.Imprint("Jahresdurchschnitt"),
                              view=charts.MapView("03241001", names="all"), group="den Kommunen der Region Hannover")
    check_map_alt(chart, values, measure)
    top = max(values, key=lambda v: v.value)
    assert f"Höchster Wert: {top.name} ({rounded(top.value, 1):.1f}".replace(".", ",") in chart.alt
    assert "Jahresdurchschnitt 2021" in chart.source
    assert "Hannover" in texts(chart.svg)
    assert len(chart) < 80_000


def test_real_ranking_gisd(hannover):
    wide, _ = hannover
    values = [charts.AreaValue(r.ags, r.gemeinde, r.gisd_score) for r in wide.itertuples()]
    measure = charts.Measure("GISD-Score", "Indexwert", 3, source="Robert Koch-Institut, GISD")
    chart = charts.ranking(measure, values, 2021, "03241010", group="den Kommunen der Region Hannover")
    top = max(values, key=lambda v: v.value)
    assert f"Höchster Wert: {top.name} mit {top.value:.3f}".replace(".", ",") in chart.alt
    assert re.search(r"Langenhagen liegt mit 0,371 auf Rang \d+ von 21", chart.alt)  # a score: no unit


def test_real_map_flensburg(shared_data):
    geometries = load_geojson(shared_data / "flensburg_sozialatlas" / "flensburg_stadtteile.geojson",
                              key="AREA_ID", name="AREA_NAME")
    assert sorted(geometries.keys) == [f"STGT{i:02d}" for i in range(1, 14)]
    residents = pd.read_csv(shared_data / "flensburg_sozialatlas" / "fl_residents_by_district.csv")
    benefits = pd.read_csv(shared_data / "flensburg_sozialatlas" / "fl_beneficiaries_by_district.csv")
    r = residents[residents["year"] == 2022].set_index("district_id")["residents"]
    b = benefits[benefits["year"] == 2022].set_index("district_id")["residents"]
    values = [charts.AreaValue(f"STGT{i:02d}", geometries[f"STGT{i:02d}"].name[3:],
                               None if i == 5 else b[i] / r[i] * 100, suppressed=i == 5) for i in range(1, 14)]
    measure = charts.Measure("SGB-II-Regelleistungsberechtigte je 100 Einwohner", "%", 1, source="Stadt Flensburg")
    chart = charts.choropleth(measure, values, geometries, 2022, view=charts.MapView("STGT03", names="all"))
    check_map_alt(chart, values, measure)
    assert "Keine Angabe: Friesischer Berg." in chart.alt and charts.base.SECRECY_NOTE in chart.notes
    assert len(chart) < 80_000  # the detailed coastline is simplified below print resolution


def test_class_breaks_are_rounded_and_classify_as_shown():
    breaks = class_breaks([4.44, 5.1, 6.03, 7.77, 9.2, 12.8, 15.9], 4, 1)
    assert breaks == sorted(breaks) and all(round(b, 1) == b for b in breaks)
    assert classify(5.96, [6.0], 1) == 1  # shown as 6,0: in "6,0 und mehr", not in "unter 6,0"
    assert class_labels([5.0, 7.5], charts.Measure("Q", "%", 1)) == \
        ["unter 5,0\u00a0%", "5,0 bis unter 7,5\u00a0%", "7,5\u00a0% und mehr"]


# --- output ----------------------------------------------------------------------------------------------

def test_svg_is_deterministic_small_and_searchable(demo, imprint, geometries, tmp_path):
    def make():
        return charts.ranking(ex.measure(demo, "sgb2_quote"), ex.values(demo, "sgb2_quote",
                                                                        demo.areas.children(REGION), YEAR),
                              YEAR, CITY, ex.values(demo, "sgb2_quote", [REGION], YEAR)[0], imprint)

    first, second = make(), make()
    assert first.svg == second.svg
    assert "<metadata>" not in first.svg and "Date" not in first.svg
    assert "<title>" in first.svg and f"<desc>{html.escape(first.alt, quote=False)}</desc>" in first.svg
    assert "Hasselbrück, Stadt" in texts(first.svg)  # text stays text
    assert len(first) < 40_000
    path = first.save(tmp_path / "rangfolge.svg")
    assert path.read_bytes() == first.svg.encode("utf-8")
    again = charts.choropleth(ex.measure(demo, "kinderarmut"), ex.values(demo, "kinderarmut",
                                                                        demo.areas.children(CITY), YEAR),
                              geometries, YEAR, imprint, view=charts.MapView(AREA))
    assert again.svg == charts.choropleth(ex.measure(demo, "kinderarmut"), ex.values(
        demo, "kinderarmut", demo.areas.children(CITY), YEAR), geometries, YEAR, imprint,
        view=charts.MapView(AREA)).svg


def test_svg_is_the_same_in_another_process(demo, imprint):
    """Same input, fresh interpreter with another hash seed: byte-identical SVG."""
    code = ("from berichte import charts;"
            "m = charts.Measure('SGB-II-Quote', '%', 1, source='BA');"
            "s = charts.Series('Nordstadt', {2018: 9.1, 2019: 8.7, 2020: 8.9, 2021: 8.2, 2022: 7.9, 2023: 7.8});"
            "p = charts.Series('Stadt', {2018: 10.2, 2019: 10.0, 2020: 9.9, 2021: 9.8, 2022: 9.6, 2023: 9.5});"
            "import sys; sys.stdout.write(charts.time_series(m, s, [p], (2019, 2023)).svg)")
    local = charts.time_series(charts.Measure("SGB-II-Quote", "%", 1, source="BA"),
                               charts.Series("Nordstadt", {2018: 9.1, 2019: 8.7, 2020: 8.9, 2021: 8.2, 2022: 7.9,
                                                           2023: 7.8}),
                               [charts.Series("Stadt", {2018: 10.2, 2019: 10.0, 2020: 9.9, 2021: 9.8, 2022: 9.6,
                                                        2023: 9.5})], (2019, 2023)).svg
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin",
                                 "HOME": str(Path.home())})
    assert hashlib.sha256(result.stdout.encode()).hexdigest() == hashlib.sha256(local.encode()).hexdigest()
    assert "2019: 8,7 %, 2023: 7,8 %; gesunken um 0,9 Prozentpunkte" in \
        charts.time_series(charts.Measure("SGB-II-Quote", "%", 1), charts.Series("Nordstadt", {
            2019: 8.7, 2023: 7.8}), [], (2019, 2023)).alt.replace("\u00a0", " ")


def test_house_theme_for_plain_plotnine_charts():
    """Ad-hoc plotnine charts (e.g. in a .qmd) get the same look with house_theme and render."""
    from plotnine import aes, geom_col, ggplot, scale_y_continuous

    from berichte.charts.base import render
    from berichte.charts.style import axis_labels, house_theme

    frame = pd.DataFrame({"x": ["a", "b"], "y": [1.5, 2.25]})
    plot = ggplot(frame, aes("x", "y")) + geom_col() + scale_y_continuous(labels=axis_labels("%")) + \
        house_theme(2.5)
    svg = render(plot, "Titel", "Beschreibung")
    assert "2,0\u00a0%" in texts(svg) and svg == render(plot, "Titel", "Beschreibung")


def test_narrow_variant_for_phones(demo, imprint, geometries):
    area, city = ex.series(demo, "sgb2_quote", AREA), ex.series(demo, "sgb2_quote", CITY)
    chart = charts.time_series(ex.measure(demo, "sgb2_quote"), area, [city], PERIOD, imprint, width_cm=10)
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', chart.svg).group(1))
    assert chart.width_cm == 10 and width == pytest.approx(10 / 2.54 * 72, abs=0.1)
    years = [t for t in texts(chart.svg) if re.fullmatch(r"20\d\d", t)]
    assert years[-1] == "2023" and len(years) < 12  # every other year, the report year included
    assert "Hinterlegt: Vergleichszeitraum 2018–2023." in chart.caption
    narrow_map = charts.choropleth(ex.measure(demo, "kinderarmut"), ex.values(demo, "kinderarmut",
                                                                               demo.areas.children(CITY), YEAR),
                                   geometries, YEAR, imprint, view=charts.MapView(AREA, width_cm=10))
    assert narrow_map.height_cm > narrow_map.width_cm  # the legend went below the map


def test_source_lines():
    from berichte.charts.style import source_line

    assert source_line(["BA; Einwohnermeldeamt", "Einwohnermeldeamt"], charts.Imprint(), 2023) == \
        "Quellen: BA; Einwohnermeldeamt, Stand 31.12.2023"
    assert source_line(["BA"], charts.Imprint(fictional=True)) == \
        "Fiktive Beispieldaten. Quelle: BA, Stand jeweils 31.12."
    assert source_line(["INKAR"], charts.Imprint("Jahresdurchschnitt"), 2021) == "Quelle: INKAR, Jahresdurchschnitt 2021"


def test_caption_can_be_left_to_the_report(demo):
    """A report that prints Chart.caption under the figure can leave it out of the picture."""
    measure = ex.measure(demo, "sgb2_quote")
    series = ex.series(demo, "sgb2_quote", AREA)
    inside = charts.time_series(measure, series, [], PERIOD, charts.Imprint(fictional=True))
    outside = charts.time_series(measure, series, [], PERIOD, charts.Imprint(fictional=True, caption_in_chart=False))
    assert any(t.startswith("Fiktive Beispieldaten.") for t in texts(inside.svg))
    assert not any("Quelle" in t or "Beispieldaten" in t for t in texts(outside.svg))
    assert outside.caption == inside.caption and "Fiktive Beispieldaten." in outside.caption


def test_ranking_of_hundreds_of_areas_is_shortened():
    """A Land with hundreds of Gemeinden: the highest, the lowest and the area with its neighbours."""
    from berichte.charts import AreaValue, Measure, ranking

    values = [AreaValue(f"k{i:03d}", f"Gemeinde {i}", 2.0 + i * 0.05) for i in range(300)]
    chart = ranking(Measure("SGB-II-Quote"), values, 2023, highlight="k150", group="den 300 Gemeinden")
    assert chart.title.endswith("(Auswahl)")
    assert chart.height_cm < 20
    assert "Gemeinde 150" in chart.svg and "Gemeinde 299" in chart.svg and "Gemeinde 0<" in chart.svg
    assert "Gemeinde 100<" not in chart.svg and "weitere" in chart.svg
    assert "Rang 150 von 300" in chart.alt and "8 höchsten" in chart.alt
