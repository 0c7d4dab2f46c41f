"""Benchmark of the Datenbank page (issue 21): file size, generation time and time to the first table.

    .venv/bin/python benchmarks/datenbank.py                  # demo and 1.000 Kommunen, 3 runs each
    .venv/bin/python benchmarks/datenbank.py --kommunen 1000 --laeufe 5 --build
    .venv/bin/python benchmarks/datenbank.py --nur-build --laeufe 3   # only the demo builds

For the demo project and a synthetic region (``berichte demo --kommunen N``: N Kommunen plus the city's
Sozialräume, the demo's 68 Kennzahlen, 12 years 2012–2023), with synthetic map shapes (a square per area
with 40 points on its border, so the page carries a map of realistic size):

* ``erzeugen_s``: the page's data (all 66 pairs of years), the secrecy check and the HTML, as the build makes
  them (``publish.database.checked_data`` + ``render_page``);
* ``groesse_kib``: the size of ``datenbank.html``;
* ``erste_tabelle_ms``: headless Chromium (Debian's, via Playwright), a fresh browser tab per run: time from
  the start of navigation to the first table (the page's ``performance.mark("datenbank-bereit")``);
* with ``--build``: the demo build (``berichte build --neu``, HTML and PDF) against the same build without the
  page's share (its generation time measured in the same build process), median over the runs and the ratio.

Figures are medians over the runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def synthetic_shapes(root: Path) -> None:
    """A square of 40 border points per area, Kommunen in a grid, Sozialräume inside their Kommune."""
    import csv

    rows = list(csv.DictReader((root / "data" / "gebiete.csv").open(encoding="utf-8"), delimiter=";"))
    children: dict[str, list[str]] = {}
    for row in rows:
        children.setdefault(row["uebergeordnet"], []).append(row["schluessel"])
    top = next(r["schluessel"] for r in rows if not r["uebergeordnet"])
    features = []

    def square(x0: float, y0: float, size: float) -> list[list[float]]:
        ring = []
        for side in range(4):
            for step in range(10):
                t = step / 10
                x, y = [(x0 + t * size, y0), (x0 + size, y0 + t * size), (x0 + size - t * size, y0 + size),
                        (x0, y0 + size - t * size)][side]
                ring.append([round(9 + x * 0.001 + 0.00003 * (step % 3), 6), round(52 + y * 0.0007, 6)])
        ring.append(ring[0])
        return ring

    kommunen = children.get(top, [])
    side = int(len(kommunen) ** 0.5 + 0.999)
    for i, key in enumerate(kommunen):
        x0, y0 = (i % side) * 10, (i // side) * 10
        features.append({"type": "Feature", "properties": {"schluessel": key},
                         "geometry": {"type": "Polygon", "coordinates": [square(x0, y0, 9)]}})
        parts = children.get(key, [])
        per_row = int(len(parts) ** 0.5 + 0.999) if parts else 1
        for j, part in enumerate(parts):
            size = 9 / per_row
            features.append({"type": "Feature", "properties": {"schluessel": part},
                             "geometry": {"type": "Polygon", "coordinates": [
                                 square(x0 + (j % per_row) * size, y0 + (j // per_row) * size, size * 0.95)]}})
    (root / "data" / "gebiete.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                                                   encoding="utf-8")


def generate(root: Path, runs: int, target: Path) -> dict:
    from berichte.compute.results import compute
    from berichte.load.project import load_project
    from berichte.publish.database import checked_data, render_page

    results = compute(load_project(root))
    times = []
    html = ""
    for _ in range(runs):
        start = time.perf_counter()
        html = render_page(checked_data(results))
        times.append(time.perf_counter() - start)
    target.write_text(html, encoding="utf-8")
    project = results.project
    return {"erzeugen_s": round(statistics.median(times), 2), "groesse_kib": round(len(html.encode()) / 1024),
            "gebiete": len(project.areas.keys), "kennzahlen": len(project.catalogue.items),
            "jahre": len(project.settings.years)}


def first_table(path: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs + 1):  # the first run warms the browser up and is not counted
            context = browser.new_context()
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready=true]")
            times.append(page.evaluate("performance.getEntriesByName('datenbank-bereit')[0].startTime"))
            assert page.eval_on_selector_all("#tabelle tbody tr", "rows => rows.length") > 0
            context.close()
        browser.close()
    return {"erste_tabelle_ms": round(statistics.median(times[1:])), "laeufe_ms": [round(t) for t in times[1:]]}


def demo_builds(runs: int) -> dict:
    """Full demo builds (--neu: every report laid out again) in a copy of the project; the page's share is
    the time its generation took in that build (measured by wrapping the two functions)."""
    script = """
import sys, time, json
from pathlib import Path
from berichte.publish import database, runner
spent = [0.0]
def timed(function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return wrapper
database.checked_data = timed(database.checked_data)
database.write_database = timed(database.write_database)
root = Path(sys.argv[1])
start = time.perf_counter()
summary = runner.build(runner.BuildOptions(root=root, output=root / "_output", force=True))
print(json.dumps({"build": time.perf_counter() - start, "page": spent[0], "failed": len(summary.failed)}))
"""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import project_with_reports

        project_with_reports(root, ROOT / "data")
        builds, pages = [], []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", script, str(root)], check=True, capture_output=True, text=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            builds.append(result["build"])
            pages.append(result["page"])
    with_page = statistics.median(builds)
    without = statistics.median(b - p for b, p in zip(builds, pages))
    return {"mit_seite_s": round(with_page, 1), "ohne_seite_s": round(without, 1), "seite_s": round(statistics.median(pages), 2),
            "verhaeltnis": round(with_page / without, 3), "laeufe": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--laeufe", type=int, default=3)
    parser.add_argument("--kommunen", type=int, default=1000)
    parser.add_argument("--build", action="store_true", help="auch die Demo-Builds messen (dauert)")
    parser.add_argument("--nur-build", action="store_true", help="nur die Demo-Builds messen")
    args = parser.parse_args()
    result = {}
    if args.nur_build:
        print(json.dumps({"demo_build": demo_builds(args.laeufe)}, indent=1, ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as tmp:
        demo_page = Path(tmp) / "demo.html"
        result["demo"] = generate(ROOT, args.laeufe, demo_page) | first_table(demo_page, args.laeufe)
        big = Path(tmp) / "gross"
        subprocess.run([sys.executable, "-m", "berichte", "demo", "--kommunen", str(args.kommunen), "--ziel", str(big)],
                       check=True, capture_output=True)
        synthetic_shapes(big)
        big_page = Path(tmp) / "gross.html"
        result[f"{args.kommunen}_kommunen"] = generate(big, args.laeufe, big_page) | first_table(big_page, args.laeufe)
    if args.build:
        result["demo_build"] = demo_builds(args.laeufe)
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
