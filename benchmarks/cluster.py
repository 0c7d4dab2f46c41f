"""Benchmark: ``berichte build`` with the local process pool vs a Dask ``LocalCluster`` (issue 11, point 6).

    .venv/bin/python benchmarks/cluster.py [--kommunen 1000] [--berichte 100] [--runs 3] [--format html]

Generates a synthetic region with N Kommunen (``berichte demo --kommunen N``, no maps), copies the report
documents into it and times complete builds (load, compute, render, publish, tables, index) in a fresh
process per run, alternating between the executors:

* ``prozesse``: the local process pool with 2 processes (``--jobs 2``);
* ``dask-lokal``: ``--cluster lokal``, a LocalCluster with 2 worker processes started and stopped by the
  build (its start-up is included);
* ``dask-tcp``: a LocalCluster with 2 worker processes that is already running (as a cluster started with
  ``dask scheduler`` / ``dask worker`` would be); its workers are restarted before each run, so every run
  starts with fresh worker processes and no cached charts.

Rendering all 1,000+ reports takes about 15 minutes per build on two cores even as HTML only (a profile of a
1,000-Kommunen region has charts over all Kommunen), so each build renders a fixed sample: the
Sozialbericht and ``--berichte`` profiles spread evenly over the list (the build's job list is cut down; all
else is the normal build). Also measured: what the client ships to the workers once per build (the computed
results without the raw counts, plus the project files) and what sending it to both workers costs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from pathlib import Path
import berichte.publish.runner as runner

root, output, executor, sample, formats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
plan = runner.plan_jobs

def sampled(results, years, key=None):
    jobs = plan(results, years, key)
    profiles = [j for j in jobs if j.kind == "profil"]
    step = max(1, len(profiles) // sample)
    return [j for j in jobs if j.kind != "profil"] + profiles[::step][:sample]

runner.plan_jobs = sampled
started = time.perf_counter()
summary = runner.build(runner.BuildOptions(root=Path(root), output=Path(output), jobs=2, engine="builtin",
                                           formats=tuple(formats.split(",")), executor=executor))
print(json.dumps({"seconds": time.perf_counter() - started, "built": len(summary.built),
                  "failed": [o.error for o in summary.failed]}))
"""


def run_build(project: Path, executor: str, sample: int, formats: str) -> dict:
    output = project / "_output"
    shutil.rmtree(output, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", CHILD, str(project), str(output), executor, str(sample), formats],
                          check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["failed"]:
        raise SystemExit(f"{executor}: {len(result['failed'])} Berichte fehlgeschlagen: {result['failed'][:2]}")
    return result


def _rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def shipping(project: Path, client) -> dict:
    """Size and cost of what the client sends to every worker once per build."""
    from berichte.publish.cluster import WorkerContext
    from berichte.publish.jobs import plan_jobs
    from berichte.compute.results import compute
    from berichte.load.project import load_project

    started = time.perf_counter()
    results = compute(load_project(project))
    computed = time.perf_counter()
    jobs = plan_jobs(results, [results.settings.report_year])
    context = WorkerContext.create(results, project, jobs)
    created = time.perf_counter()
    full = len(pickle.dumps(results, protocol=5))
    light = len(pickle.dumps(context, protocol=5))
    files = sum(len(b) for b in context.files.values())
    times = []
    for _ in range(3):
        before = time.perf_counter()
        future = client.scatter(context, broadcast=True, hash=False)
        future.result()
        times.append(time.perf_counter() - before)
        future.release()
    return {"load_compute_s": computed - started, "prepare_s": created - computed, "results_mb": full / 1e6,
            "context_mb": light / 1e6, "files_kb": files / 1e3, "scatter_s": statistics.median(times)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kommunen", type=int, default=1000)
    parser.add_argument("--berichte", type=int, default=100, help="Profile je Build (dazu der Sozialbericht)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="html")
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    from berichte.demo import write_demo_project

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "projekt"
        write_demo_project(project, n_kommunen=args.kommunen)
        shutil.copytree(ROOT / "reports", project / "reports")
        shutil.copy(ROOT / "_quarto.yml", project / "_quarto.yml")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            shipped = shipping(project, client)
            times: dict[str, list[float]] = {"prozesse": [], "dask-lokal": [], "dask-tcp": []}
            rss: list[float] = []
            for run in range(args.runs):
                for name in times:
                    if name == "dask-tcp":
                        client.restart()
                        executor = cluster.scheduler_address
                    else:
                        executor = {"prozesse": "lokal", "dask-lokal": "dask-lokal"}[name]
                    result = run_build(project, executor, args.berichte, args.format)
                    times[name].append(result["seconds"])
                    if name == "dask-tcp":
                        rss.append(max(client.run(_rss).values()) / 1e6)
                    print(f"Lauf {run + 1} {name:10s} {result['seconds']:7.1f} s ({result['built']} Berichte)",
                          flush=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print()
    print(f"{args.kommunen} Kommunen, je Build {result['built']} Berichte ({args.format}), {args.runs} Läufe, "
          f"{os.cpu_count()} Kerne")
    for name, values in times.items():
        line = f"  {name:10s} Median {medians[name]:7.1f} s  (min {min(values):.1f}, max {max(values):.1f})"
        if name != "prozesse":
            line += f"  {medians[name] / medians['prozesse'] - 1:+.1%} gegenüber Prozessen"
        print(line)
    print(f"  Laden und Rechnen {shipped['load_compute_s']:.1f} s, Vorbereiten für die Worker "
          f"{shipped['prepare_s']:.2f} s")
    print(f"  Ergebnisse gepickelt {shipped['results_mb']:.0f} MB, an die Worker gesendet {shipped['context_mb']:.0f} MB "
          f"(davon Projektdateien {shipped['files_kb']:.0f} kB); scatter an 2 Worker: Median "
          f"{shipped['scatter_s']:.2f} s")
    print(f"  Speicher eines Dask-Workers nach dem Build (RSS): Median {statistics.median(rss):.0f} MB")


if __name__ == "__main__":
    main()
