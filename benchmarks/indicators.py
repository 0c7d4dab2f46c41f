"""Benchmark: compute every Kennzahl for a large synthetic region (issue 3, point 8; issue 9).

    python benchmarks/indicators.py [--kommunen 1000] [--runs 5]

Generates a demo region with N Kommunen (plus the city's 12 Sozialräume) for 2012–2023 with the standard
catalogue, then times, in a fresh process per run: loading + validation, and the computation of all
Kennzahlen with secrecy, one comparison period and ranks. Prints medians and the peak memory (RSS).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from berichte.load.project import load_project
from berichte.compute.results import compute
t1 = time.perf_counter()
project = load_project(sys.argv[1])
t2 = time.perf_counter()
results = compute(project)
results.comparison()
t3 = time.perf_counter()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "compute": t3 - t2, "peak_mb": peak_mb,
                  "areas": len(project.areas), "kennzahlen": len(project.catalogue),
                  "years": len(project.settings.years)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kommunen", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from berichte.demo import write_demo_project

    with tempfile.TemporaryDirectory() as tmp:
        write_demo_project(Path(tmp), n_kommunen=args.kommunen)
        runs = [json.loads(subprocess.run([sys.executable, "-c", CHILD, tmp], check=True, capture_output=True,
                                          text=True).stdout) for _ in range(args.runs)]
    first = runs[0]
    print(f"{first['areas']} Gebiete × {first['years']} Jahre × {first['kennzahlen']} Kennzahlen, {args.runs} Läufe")
    for key in ("import", "load", "compute"):
        values = [r[key] for r in runs]
        print(f"  {key:8s} Median {statistics.median(values):6.2f} s  (min {min(values):.2f}, max {max(values):.2f})")
    print(f"  Speicher (Spitze) Median {statistics.median(r['peak_mb'] for r in runs):.0f} MB")


if __name__ == "__main__":
    main()
