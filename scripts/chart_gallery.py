"""Write every chart type as SVG (and PNG, if Chromium is installed) for looking at them.

    .venv/bin/python scripts/chart_gallery.py [target folder, default _output/grafiken]

Demo charts for a Sozialraum of the demo city and a Kommune, plus real-data maps of the Region Hannover
(INKAR) and Flensburg (Sozialatlas 2022) from ../shared/data when present. The PNGs are screenshots at
16 cm width (620 px) and 1.5× resolution, as a report page would show them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # chart_examples: chart inputs for the gallery

from berichte import charts  # noqa: E402
import chart_examples as ex  # noqa: E402
from berichte.load.geometry import load_geojson  # noqa: E402
from berichte.load.project import load_project  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")


def demo_charts(project) -> dict[str, charts.Chart]:
    imprint = ex.imprint(project)
    city, region = "03999001", "03999"
    area = "03999001002"  # Nordstadt
    districts = project.areas.children(city)
    kommunen = project.areas.children(region)
    geometries = load_geojson(ROOT / "data" / "gebiete.geojson")
    out = {}
    out["zeitreihe_sgb2"] = charts.time_series(ex.measure(project, "sgb2_quote"),
                                               ex.series(project, "sgb2_quote", area),
                                               [ex.series(project, "sgb2_quote", city),
                                                ex.series(project, "sgb2_quote", region)], (2018, 2023), imprint)
    out["zeitreihe_hafen_luecken"] = charts.time_series(ex.measure(project, "anteil_alleinerziehende"),
                                                        ex.series(project, "anteil_alleinerziehende", "03999001011"),
                                                        [ex.series(project, "anteil_alleinerziehende", city)],
                                                        (2018, 2023), imprint)
    out["zeitreihe_saldo_negativ"] = charts.time_series(ex.measure(project, "natuerlicher_saldo_rate"),
                                                        ex.series(project, "natuerlicher_saldo_rate", "03999020"),
                                                        [ex.series(project, "natuerlicher_saldo_rate", region)],
                                                        (2018, 2023), imprint)
    out["rangfolge_sozialraeume"] = charts.ranking(ex.measure(project, "kinderarmut"),
                                                   ex.values(project, "kinderarmut", districts, 2023), 2023, area,
                                                   ex.values(project, "kinderarmut", [city], 2023)[0], imprint,
                                                   "den Sozialräumen von Seewalden, Stadt")
    out["rangfolge_kommunen"] = charts.ranking(ex.measure(project, "sgb2_quote"),
                                               ex.values(project, "sgb2_quote", kommunen, 2023), 2023, city,
                                               ex.values(project, "sgb2_quote", [region], 2023)[0], imprint,
                                               "den Kommunen der Region Seewalden")
    out["rangfolge_negativ"] = charts.ranking(ex.measure(project, "natuerlicher_saldo_rate"),
                                              ex.values(project, "natuerlicher_saldo_rate", kommunen, 2023), 2023,
                                              "03999008",
                                              ex.values(project, "natuerlicher_saldo_rate", [region], 2023)[0],
                                              imprint, "den Kommunen der Region Seewalden")
    out["altersstruktur"] = charts.age_structure(ex.age_profile(project, area, 2023),
                                                 ex.age_profile(project, city, 2023), 2023, "Einwohnermeldeamt",
                                                 imprint)
    key_ids = [k.id for k in project.catalogue if k.key]
    out["uebersicht"] = charts.small_multiples([charts.Panel(ex.measure(project, k), ex.series(project, k, area),
                                                             ex.series(project, k, city)) for k in key_ids],
                                               (2018, 2023), imprint)
    index_source = "Statistik der Bundesagentur für Arbeit; Sozialamt; Einwohnermeldeamt"
    points = ex.sozialindex_points(project, districts, 2023)
    out["sozialindex_streudiagramm"] = charts.sozialindex_scatter(points, 2023, "03999001004", index_source,
                                                                  imprint, "die Sozialräume von Seewalden, Stadt")
    out["karte_sozialraeume"] = charts.choropleth(ex.measure(project, "kinderarmut"),
                                                  ex.values(project, "kinderarmut", districts, 2023), geometries,
                                                  2023, imprint, view=charts.MapView(area, names="all"),
                                                  group="den Sozialräumen von Seewalden, Stadt")
    out["karte_kommunen"] = charts.choropleth(ex.measure(project, "sgb2_quote"),
                                              ex.values(project, "sgb2_quote", kommunen, 2023), geometries, 2023,
                                              imprint, view=charts.MapView(city),
                                              group="den Kommunen der Region Seewalden")
    out["karte_sozialindex"] = charts.sozialindex_map(points, geometries, 2023, index_source, imprint,
                                                      view=charts.MapView("03999001004", names="all"),
                                                      group="den Sozialräumen von Seewalden, Stadt")
    return out


def phone_charts(project) -> dict[str, charts.Chart]:
    """The same charts 10 cm wide: on a phone their text is 1,6 times as large as that of the 16-cm ones."""
    imprint = ex.imprint(project)
    city, area, narrow = "03999001", "03999001002", {"width_cm": 10.0}
    districts = project.areas.children(city)
    geometries = load_geojson(ROOT / "data" / "gebiete.geojson")
    points = ex.sozialindex_points(project, districts, 2023)
    key_ids = [k.id for k in project.catalogue if k.key][:6]
    return {
        "handy_zeitreihe": charts.time_series(ex.measure(project, "sgb2_quote"), ex.series(project, "sgb2_quote", area),
                                              [ex.series(project, "sgb2_quote", city)], (2018, 2023), imprint,
                                              **narrow),
        "handy_rangfolge": charts.ranking(ex.measure(project, "kinderarmut"),
                                          ex.values(project, "kinderarmut", districts, 2023), 2023, area,
                                          ex.values(project, "kinderarmut", [city], 2023)[0], imprint, **narrow),
        "handy_altersstruktur": charts.age_structure(ex.age_profile(project, area, 2023),
                                                     ex.age_profile(project, city, 2023), 2023, "Einwohnermeldeamt",
                                                     imprint, **narrow),
        "handy_uebersicht": charts.small_multiples(
            [charts.Panel(ex.measure(project, k), ex.series(project, k, area), ex.series(project, k, city))
             for k in key_ids], (2018, 2023), imprint, **narrow),
        "handy_streudiagramm": charts.sozialindex_scatter(points, 2023, "03999001004", "BA", imprint, **narrow),
        "handy_karte": charts.choropleth(ex.measure(project, "kinderarmut"),
                                         ex.values(project, "kinderarmut", districts, 2023), geometries, 2023,
                                         imprint, view=charts.MapView(area, names="all", width_cm=10.0)),
    }


def real_charts() -> dict[str, charts.Chart]:
    import pandas as pd

    if not SHARED.is_dir():
        return {}
    out = {}
    panel = pd.read_csv(SHARED / "region_hannover_kommunen_panel_long.csv", dtype={"ags": str})
    wide = panel[panel["jahr"] == 2021].pivot(index=["ags", "gemeinde"], columns="variable", values="wert")
    wide = wide.reset_index()
    wide = wide[(wide["ags"].str.len() == 8) & ~wide["ags"].str.endswith("999")]  # Kommunen, not the Umland
    values = [charts.AreaValue(r.ags, r.gemeinde, r.arbeitslose_jd / r.bev_15_65 * 100)
              for r in wide.itertuples()]
    measure = charts.Measure("Arbeitslose je 100 Einwohner von 15 bis unter 65 Jahren", "%", 1,
                             "Arbeitslosenanteil", "INKAR 2024, BBSR Bonn; Statistik der Bundesagentur für Arbeit")
    imprint = charts.Imprint("Jahresdurchschnitt")
    hannover = load_geojson(SHARED / "geo" / "gemeinden_region_hannover_simplify200.geojson", key="AGS", name="GEN")
    out["real_karte_region_hannover"] = charts.choropleth(measure, values, hannover, 2021, imprint,
                                                          view=charts.MapView("03241001", names="all"),
                                                          group="den Kommunen der Region Hannover")
    gisd = [charts.AreaValue(r.ags, r.gemeinde, r.gisd_score) for r in wide.itertuples()]
    out["real_rangfolge_gisd"] = charts.ranking(
        charts.Measure("German Index of Socioeconomic Deprivation", "Indexwert", 3, "GISD-Score",
                       "Robert Koch-Institut, GISD (CC BY 4.0)"), gisd, 2021, "03241010", imprint=charts.Imprint(""),
        group="den Kommunen der Region Hannover")
    districts = load_geojson(SHARED / "flensburg_sozialatlas" / "flensburg_stadtteile.geojson", key="AREA_ID",
                             name="AREA_NAME")
    residents = pd.read_csv(SHARED / "flensburg_sozialatlas" / "fl_residents_by_district.csv")
    benefits = pd.read_csv(SHARED / "flensburg_sozialatlas" / "fl_beneficiaries_by_district.csv")
    r = residents[residents["year"] == 2022].set_index("district_id")["residents"]
    b = benefits[benefits["year"] == 2022].set_index("district_id")["residents"]
    values = [charts.AreaValue(f"STGT{i:02d}", districts[f"STGT{i:02d}"].name[3:], b[i] / r[i] * 100)
              for i in range(1, 14)]
    measure = charts.Measure("Regelleistungsberechtigte nach dem SGB II je 100 Einwohnerinnen und Einwohner", "%", 1,
                             "SGB-II-Regelleistungsberechtigte", "Stadt Flensburg, Sozialatlas 2022")
    out["real_karte_flensburg"] = charts.choropleth(measure, values, districts, 2022, charts.Imprint(),
                                                    view=charts.MapView("STGT02", names="all"),
                                                    group="den Stadtteilen von Flensburg")
    return out


def screenshot(svg: Path, width: int = 620) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        return
    import re

    text = svg.read_text(encoding="utf-8")
    w, h = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text).groups())
    html = svg.with_suffix(".html")
    html.write_text(f'<html><body style="margin:0"><img src="{svg.name}" style="width:{width}px;display:block">'
                    "</body></html>", encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--hide-scrollbars", "--force-device-scale-factor=1.5", f"--screenshot={svg.with_suffix('.png')}",
                    f"--window-size={width},{int(width * h / w) + 2}", f"file://{html}"], capture_output=True,
                   check=False)
    html.unlink()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else ROOT / "_output" / "grafiken"
    target.mkdir(parents=True, exist_ok=True)
    project = load_project(ROOT)
    made = {**demo_charts(project), **phone_charts(project), **real_charts()}
    for name, chart in made.items():
        path = chart.save(target / f"{name}.svg")
        screenshot(path, 620 if chart.width_cm >= 16 else 388)
        (target / f"{name}.txt").write_text(f"{chart.title}\n\n{chart.alt}\n\n{chart.caption}\n", encoding="utf-8")
        print(f"{name}: {len(chart) / 1024:.0f} KiB, {chart.width_cm} × {chart.height_cm} cm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
