"""Benchmark: the charts of one Profil (one Sozialraum of the demo city), in a warm process.

The set: per theme (six) one time series and one ranking of a key Kennzahl, an age structure, a
small-multiples panel of the key Kennzahlen and a map — 15 charts. Inputs are computed once beforehand
(in reports they come from the indicator engine); the timing covers building the SVGs only.

    .venv/bin/python benchmarks/charts.py [--runs 7] [--profile]

Prints every run and the median. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AREA = "03999001002"  # Nordstadt
PARENT = "03999001"  # Seewalden, Stadt
YEAR, PERIOD = 2023, (2018, 2023)
THEMES = {  # one key Kennzahl per theme
    "bevoelkerung": "anteil_65plus",
    "arbeitsmarkt": "arbeitslosenanteil",
    "mindestsicherung": "sgb2_quote",
    "kinder_bildung": "krippe_versorgung",
    "wohnen": "anteil_alleinerziehende",
    "gesundheit": "pflegequote",
}


def prepare():
    from berichte.charts import MapView, Panel
    sys.path.insert(0, str(ROOT / "tests"))  # chart_examples: chart inputs for the benchmark
    import chart_examples as ex
    from berichte.load.geometry import load_geojson
    from berichte.load.project import load_project

    project = load_project(ROOT)
    siblings = project.areas.children(PARENT)
    imprint = ex.imprint(project)
    jobs = []
    for kid in THEMES.values():
        frame = ex.kennzahl_frame(project, kid)
        measure = ex.measure(project, kid)
        jobs.append(("time_series", dict(measure=measure, area=ex.series(project, kid, AREA, frame),
                                         comparisons=[ex.series(project, kid, PARENT, frame)], period=PERIOD,
                                         imprint=imprint)))
        jobs.append(("ranking", dict(measure=measure, values=ex.values(project, kid, siblings, YEAR, frame),
                                     year=YEAR, highlight=AREA,
                                     parent=ex.values(project, kid, [PARENT], YEAR, frame)[0], imprint=imprint,
                                     group="den Sozialräumen von Seewalden, Stadt")))
    jobs.append(("age_structure", dict(area=ex.age_profile(project, AREA, YEAR),
                                       parent=ex.age_profile(project, PARENT, YEAR), year=YEAR,
                                       source="Einwohnermeldeamt", imprint=imprint)))
    key_ids = [k.id for k in project.catalogue if k.key]
    panels = [Panel(ex.measure(project, k), ex.series(project, k, AREA), ex.series(project, k, PARENT))
              for k in key_ids]
    jobs.append(("small_multiples", dict(panels=panels, period=PERIOD, imprint=imprint)))
    geometries = load_geojson(ROOT / "data" / "gebiete.geojson")
    jobs.append(("choropleth", dict(measure=ex.measure(project, "sgb2_quote"),
                                    values=ex.values(project, "sgb2_quote", siblings, YEAR), geometries=geometries,
                                    year=YEAR, imprint=imprint, view=MapView(AREA))))
    return jobs


def run(jobs) -> list:
    import berichte.charts as charts

    return [getattr(charts, name)(**kwargs) for name, kwargs in jobs]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="profile one run with cProfile")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    jobs = prepare()
    start = time.perf_counter()
    first = run(jobs)  # warm-up: imports, font cache, first figure
    print(f"Aufwärmlauf: {time.perf_counter() - start:.3f} s für {len(first)} Grafiken, "
          f"{sum(len(c) for c in first) / 1024:.0f} KiB SVG")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        run(jobs)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    times = []
    for i in range(args.runs):
        start = time.perf_counter()
        run(jobs)
        times.append(time.perf_counter() - start)
        print(f"Lauf {i + 1}: {times[-1]:.3f} s")
    median = statistics.median(times)
    print(f"Median über {len(times)} Läufe: {median:.3f} s für {len(jobs)} Grafiken "
          f"({median / len(jobs) * 1000:.0f} ms je Grafik); Ziel < 1 s: {'erreicht' if median < 1 else 'verfehlt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
