"""Benchmarks of the publishing build (issue 9). Each measurement runs in fresh processes, like a user.

    python benchmarks/build.py alles          # everything below, figures as Markdown for benchmarks/README.md
    python benchmarks/build.py voll           # full demo build (HTML + PDF) from scratch
    python benchmarks/build.py leer           # no-op build (nothing changed)
    python benchmarks/build.py einzeln        # one report after a data correction (berichte build --gebiet)
    python benchmarks/build.py bericht        # per-report cost in a warm process, split by step
    python benchmarks/build.py skala          # 100 / 400 / 1,000 synthetic Kommunen

Options: --laeufe N (runs per measurement, default 5), --skala 100,400,1000, --voll-bis N (full builds are
measured up to N Kommunen; larger ones are estimated from the per-report CPU time and marked as such).
Wall times are medians; CPU time includes the worker processes; memory is the peak RSS of the largest process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_project(target: Path, source: Path = ROOT) -> Path:
    shutil.copytree(source / "data", target / "data")
    shutil.copytree(ROOT / "reports", target / "reports")
    shutil.copy(ROOT / "_quarto.yml", target / "_quarto.yml")
    return target


def run(args: list[str], cwd: Path | None = None) -> dict:
    """Run a command in a fresh process: wall time, CPU time of it and its children, peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_mb": after.ru_maxrss / 1024, "out": completed.stdout}


BERICHTE = [sys.executable, "-m", "berichte"]


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def full_build(runs: int) -> dict:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "p")
        for _ in range(runs):
            shutil.rmtree(project / "_output", ignore_errors=True)
            results.append(run(BERICHTE + ["--projekt", str(project), "build"]))
    return {"wall": median(results, "wall"), "cpu": median(results, "cpu"), "peak_mb": max(r["peak_mb"] for r in results),
            "runs": runs}


def noop_build(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "p")
        run(BERICHTE + ["--projekt", str(project), "build"])
        results = [run(BERICHTE + ["--projekt", str(project), "build"]) for _ in range(runs)]
    assert all("Alles aktuell" in r["out"] for r in results)
    return {"wall": median(results, "wall"), "cpu": median(results, "cpu"), "runs": runs}


def single_report(runs: int) -> dict:
    """After a correction of one count: `berichte build --gebiet KEY --jahr J` in a fresh process."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "p")
        run(BERICHTE + ["--projekt", str(project), "build"])
        data = project / "data/zahlen/bundesagentur.csv"
        text = data.read_text()
        for i in range(runs):
            # change Falkenried's (03999002) SGB II count for 2023 by one more each run
            lines = text.splitlines()
            for n, line in enumerate(lines):
                if line.startswith("03999002;2023;"):
                    cells = line.split(";")
                    cells[11] = str(int(cells[11]) + i + 1)
                    lines[n] = ";".join(cells)
            data.write_text("\n".join(lines) + "\n")
            results.append(run(BERICHTE + ["--projekt", str(project), "build", "--gebiet", "03999002", "--jahr", "2023"]))
    return {"wall": median(results, "wall"), "cpu": median(results, "cpu"), "runs": runs}


PER_REPORT = r"""
import json, sys, time
from pathlib import Path
root = Path(sys.argv[1]); keys = sys.argv[2].split(","); runs = int(sys.argv[3])
t0 = time.perf_counter()
from berichte.engine import Renderer
from berichte.content.session import SESSION
from berichte.content.profile import Profile
from berichte.statements import area_statements, at_a_glance, theme_intro
t1 = time.perf_counter()
results = SESSION.results(root)
t2 = time.perf_counter()
renderer = Renderer(project_root=root)
renderer.render(root / "reports/profil.qmd", {"gebiet": keys[0], "jahr": 2023, "vergleich": 2018, "projekt": str(root)}, pdf=True)  # warm up
rows = []
for _ in range(runs):
    for key in keys:
        c0 = time.process_time()
        s0 = time.perf_counter()
        area_statements(results, key, 2023, 2018); at_a_glance(results, key, 2023, 2018)
        for theme in results.project.catalogue.themes:
            theme_intro(results, key, theme, 2023, 2018)
        text = time.perf_counter() - s0
        SESSION._charts.clear()  # charts drawn anew, as for a new area
        r = renderer.render(root / "reports/profil.qmd", {"gebiet": key, "jahr": 2023, "vergleich": 2018, "projekt": str(root)}, pdf=True)
        cpu = time.process_time() - c0
        rows.append({"text": text, "execute": r.timings["execute"], "markdown": r.timings["markdown"] + r.timings["page"],
                     "pdf": r.timings["pdf"], "cpu": cpu - text, "pages": r.pages})
print(json.dumps({"import": t1 - t0, "compute": t2 - t1, "rows": rows}))
"""

CHARTS = r"""
import json, sys, time
from pathlib import Path
from berichte.content.session import SESSION
from berichte.content.profile import Profile
root = Path(sys.argv[1]); key = sys.argv[2]; runs = int(sys.argv[3])
results = SESSION.results(root)
p = Profile(key, 2023, 2018, root)
import tempfile, os
os.chdir(tempfile.mkdtemp())
def draw():
    SESSION._charts.clear()
    t = time.perf_counter()
    p.figures.small_multiples(key, [k.id for k in p.catalogue if k.key and not k.is_count][:9], (2018, 2023))
    p.figures.sozialindex_scatter(p.areas.level(key), 2023, key)
    for theme in p.catalogue.themes:
        lead = p.lead_kennzahl(theme)
        if lead:
            p.figures.time_series(lead, key, (2018, 2023), width_cm=8.1); p.figures.ranking(lead, key, 2023, width_cm=8.1)
    p.figures.age_structure(key, 2023)
    return time.perf_counter() - t
draw()
print(json.dumps([draw() for _ in range(runs)]))
"""


def per_report(runs: int) -> dict:
    keys = ["03999002", "03999010", "03999001004", "03999001007"]
    out = json.loads(run([sys.executable, "-c", PER_REPORT, str(ROOT), ",".join(keys), str(runs)])["out"])
    charts = json.loads(run([sys.executable, "-c", CHARTS, str(ROOT), "03999002", str(runs)])["out"])
    rows = out["rows"]
    summary = {key: statistics.median(r[key] for r in rows) for key in ("text", "execute", "markdown", "pdf", "cpu", "pages")}
    summary["charts"] = statistics.median(charts)
    summary["import"], summary["compute"] = out["import"], out["compute"]
    return summary


SCALE_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from berichte.compute.results import compute
from berichte.load.project import load_project
project = load_project(sys.argv[1])
t1 = time.perf_counter()
results = compute(project); results.comparison()
for level in results.sozialindex_levels():
    results.sozialindex(project.settings.report_year, level)
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "compute": t2 - t1, "areas": len(project.areas),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scale(sizes: list[int], runs: int, full_up_to: int, per_report_cpu: float | None) -> list[dict]:
    """Indicators (load + compute) and peak memory for each size; the full build (HTML + PDF) is measured for
    sizes up to ``full_up_to`` and otherwise estimated from the per-report CPU time (marked as estimate)."""
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "p"
            run(BERICHTE + ["demo", "--kommunen", str(n), "--ziel", str(project)])
            shutil.copytree(ROOT / "reports", project / "reports")
            shutil.copy(ROOT / "_quarto.yml", project / "_quarto.yml")
            indicator_runs = [json.loads(run([sys.executable, "-c", SCALE_CHILD, str(project)])["out"])
                              for _ in range(runs)]
            reports = len(_keys(project)) + 1
            row = {"kommunen": n, "gebiete": indicator_runs[0]["areas"], "berichte": reports,
                   "kennzahlen_s": statistics.median(r["load"] + r["compute"] for r in indicator_runs),
                   "berechnung_s": statistics.median(r["compute"] for r in indicator_runs),
                   "speicher_mb": max(r["peak_mb"] for r in indicator_runs)}
            if n <= full_up_to:
                built = run(BERICHTE + ["--projekt", str(project), "build"])
                row.update({"build_wall_s": built["wall"], "build_cpu_s": built["cpu"], "build_peak_mb": built["peak_mb"],
                            "gemessen": True})
            elif per_report_cpu:
                row.update({"build_wall_s": row["kennzahlen_s"] + reports * per_report_cpu / (os.cpu_count() or 1),
                            "gemessen": False})
            rows.append(row)
    return rows


def _keys(project: Path) -> list[str]:
    import csv

    with open(project / "data/gebiete.csv", encoding="utf-8") as handle:
        return [row["schluessel"] for row in csv.DictReader(handle, delimiter=";") if row["ebene"] != "region"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        model = cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} Kerne ({model}), {memory:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("was", choices=["alles", "voll", "leer", "einzeln", "bericht", "skala"])
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--skala", default="100,400,1000")
    parser.add_argument("--voll-bis", type=int, default=100,
                        help="full builds are measured up to this many Kommunen, larger ones are estimated")
    args = parser.parse_args()
    report = {"machine": machine()}
    if args.was in ("alles", "bericht"):
        report["bericht"] = per_report(args.laeufe)
    if args.was in ("alles", "leer"):
        report["leer"] = noop_build(args.laeufe)
    if args.was in ("alles", "einzeln"):
        report["einzeln"] = single_report(args.laeufe)
    if args.was in ("alles", "voll"):
        report["voll"] = full_build(args.laeufe)
    if args.was in ("alles", "skala"):
        cpu = report.get("bericht", {}).get("cpu")
        report["skala"] = scale([int(n) for n in args.skala.split(",")], args.laeufe, args.voll_bis, cpu)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
