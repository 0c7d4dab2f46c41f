"""Benchmark of reading a hostile delivery (issue 19): `berichte pruefen` on the small test project with one
delivery that repeats the same row N times. Each run is a fresh process, like a user; the figures are the
median wall time, the peak memory and the number of lines printed.

    python benchmarks/hostile_input.py                  # 2,000,000 duplicate rows, 3 runs
    python benchmarks/hostile_input.py --zeilen 200000 --laeufe 5
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


def project_with_duplicates(target: Path, rows: int) -> Path:
    shutil.copytree(MINI / "data", target / "data")
    delivery = target / "data" / "zahlen" / "jobcenter.csv"
    with open(delivery, "a", encoding="utf-8") as handle:
        handle.write("0100000101,2020,lb,100\n" * (rows - 1))  # with the original row: `rows` equal rows
    return target


def measure(root: Path) -> dict:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "berichte", "--projekt", str(root), "pruefen"],
                            capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # MB, largest child so far
    out = result.stdout + result.stderr
    return {"wall": wall, "peak_mb": peak, "lines": len(out.splitlines()), "bytes": len(out.encode()),
            "code": result.returncode, "out": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zeilen", type=int, default=2_000_000)
    parser.add_argument("--laeufe", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = project_with_duplicates(Path(tmp) / "projekt", args.zeilen)
        size = (root / "data/zahlen/jobcenter.csv").stat().st_size
        runs = [measure(root) for _ in range(args.laeufe)]
    walls = [r["wall"] for r in runs]
    last = runs[-1]
    print(f"{args.zeilen:,} gleiche Zeilen ({size / 2**20:.0f} MB), {args.laeufe} Läufe: "
          f"Median {statistics.median(walls):.1f} s (min {min(walls):.1f}, max {max(walls):.1f}), "
          f"Spitzenspeicher {max(r['peak_mb'] for r in runs):.0f} MB, Rückgabewert {last['code']}, "
          f"{last['lines']} Ausgabezeilen ({last['bytes']:,} Byte)")
    print("--- Ausgabe des letzten Laufs ---")
    print(last["out"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
