"""Times of the document engine for the toy report: median of N renders in one process (after one warm-up).

    .venv/bin/python benchmarks/engine_timings.py [N]

Markdown→HTML = Markdown conversion + page template with embedded images; HTML→PDF = WeasyPrint.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOY = ROOT / "tests" / "fixtures" / "qmd" / "toy.qmd"


def main(runs: int = 7) -> None:
    started = time.perf_counter()
    from berichte.engine import Renderer

    renderer = Renderer(project_root=TOY.parent)
    params = {"gebiet": "03999001", "jahr": 2023, "vergleich": 2018}
    first = renderer.render(TOY, params, pdf=True)
    print(f"erster Lauf (mit Importen, Schriften, Stilen): {time.perf_counter() - started:.2f} s, "
          f"{first.pages} Seiten")
    rows = [renderer.render(TOY, params, pdf=True).timings for _ in range(runs)]
    median = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    spread = {key: (min(row[key] for row in rows), max(row[key] for row in rows)) for key in rows[0]}
    print(f"{runs} Läufe, Median (min–max) in ms; Last: {os.getloadavg()[0]:.1f}")
    for key, label in (("parse", "Parsen (Cache)"), ("execute", "Zellen ausführen"),
                       ("markdown", "Markdown → HTML"), ("page", "Seite + Bilder einbetten"),
                       ("pdf", "HTML → PDF"), ("total", "gesamt")):
        low, high = spread[key]
        print(f"  {label:26} {median[key] * 1000:8.1f}  ({low * 1000:.1f}–{high * 1000:.1f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
