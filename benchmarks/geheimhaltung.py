"""Benchmarks of the secrecy (issue 18): suppression and audit for the demo and a 1,000-Kommunen region.

    python benchmarks/geheimhaltung.py                    # demo and 1,000 Kommunen, 5 / 3 runs
    python benchmarks/geheimhaltung.py --laeufe 3 --kommunen 1000

Each measurement loads the project once and then times, in the same process:

* ``ohne``: counts, primary suppression and Kennzahlen with the secondary suppression switched off — the floor;
* ``sekundaer``: the secondary suppression over all relations with its LP repair (what a build computes);
* ``audit``: the audit before publishing (``publish.audit.audit``) on the result;
* ``compute``: ``compute(project)`` as the build calls it (suppression, Kennzahlen).

Figures are medians over the runs (seconds), with the number of withheld cells and LP sizes.
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


def measure(root: Path, runs: int) -> dict:
    import numpy as np

    from berichte.compute.results import compute
    from berichte.compute.secrecy import apply_count_secrecy
    from berichte.load.project import load_project
    from berichte.publish.audit import audit

    project = load_project(root)
    rules = project.settings.secrecy
    times: dict[str, list[float]] = {"ohne": [], "sekundaer": [], "audit": [], "compute": []}
    info = {}
    for _ in range(runs):
        start = time.perf_counter()
        apply_count_secrecy(project.table, project.areas, project.merkmale, rules.model_copy(update={"secondary": False}))
        times["ohne"].append(time.perf_counter() - start)
        start = time.perf_counter()
        secrecy = apply_count_secrecy(project.table, project.areas, project.merkmale, rules)
        times["sekundaer"].append(time.perf_counter() - start)
        start = time.perf_counter()
        results = compute(project)
        times["compute"].append(time.perf_counter() - start)
        start = time.perf_counter()
        report = audit(results)
        times["audit"].append(time.perf_counter() - start)
        info = {"zellen": int(project.table.values.size), "gesperrt": int(secrecy.suppressed.to_numpy().sum()),
                "primaer": int(np.asarray(secrecy.small).sum()), "geprueft": len(report.cells), "ok": report.ok,
                "beziehungen": int(sum(len(b.cells) for b in secrecy.structure.blocks))}
    return {"median_s": {k: round(statistics.median(v), 3) for k, v in times.items()}, "runs": runs, **info}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--kommunen", type=int, default=1000)
    parser.add_argument("--nur-demo", action="store_true")
    args = parser.parse_args()
    result = {"demo": measure(ROOT, args.laeufe)}
    if not args.nur_demo:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "berichte", "demo", "--kommunen", str(args.kommunen), "--ziel", tmp],
                           check=True, capture_output=True)
            result[f"{args.kommunen}_kommunen"] = measure(Path(tmp), max(1, min(args.laeufe, 3)))
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
