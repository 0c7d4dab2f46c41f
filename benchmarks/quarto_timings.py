"""Wall times of one Profil with the built-in engine and with the real Quarto CLI: median of N fresh processes.

    PATH=/pfad/zu/quarto/bin:$PATH QUARTO_PYTHON=… .venv/bin/python benchmarks/quarto_timings.py [N]

Measures, each run in a fresh process on a copy of the demo project (``data/``) and a git checkout-like folder:
``berichte render`` HTML+PDF and HTML alone with ``--engine builtin`` and ``--engine quarto``, and plain
``quarto render reports/profil.qmd`` to HTML and ``--to typst``. Needs ``quarto`` on PATH and a Python with
berichte, papermill and ipykernel as ``QUARTO_PYTHON`` (docs/engine.md). Runs are interleaved (builtin,
quarto, …) so that load from other processes hits both alike.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "src" / "berichte" / "documents"
AREA = "03999002"


def _berichte() -> list[str]:
    return [sys.executable, "-m", "berichte"]


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=dict(os.environ, DENO_NO_UPDATE_CHECK="1"))
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} ist fehlgeschlagen:\n{(done.stderr or done.stdout)[-2000:]}")
    return elapsed


def main(runs: int = 3) -> None:
    if shutil.which("quarto") is None:
        raise SystemExit("quarto ist nicht im PATH.")
    work = Path(tempfile.mkdtemp(prefix="quarto-timings-"))
    project = work / "projekt"
    shutil.copytree(ROOT / "data", project / "data")
    checkout = work / "checkout"
    (checkout / "reports").mkdir(parents=True)
    shutil.copy2(DOCUMENTS / "_quarto.yml", checkout / "_quarto.yml")
    shutil.copytree(DOCUMENTS / "_extensions", checkout / "_extensions")
    shutil.copy2(DOCUMENTS / "profil.qmd", checkout / "reports" / "profil.qmd")
    shutil.copytree(ROOT / "data", checkout / "data")
    params = work / "parameter.yml"
    params.write_text(f"gebiet: '{AREA}'\n", encoding="utf-8")

    cases = {}
    for engine in ("builtin", "quarto"):
        for formats in ("html,pdf", "html"):
            cases[f"berichte render {formats} --engine {engine}"] = (
                [*_berichte(), "--projekt", str(project), "render", "--gebiet", AREA, "--engine", engine,
                 "--format", formats, "--ausgabe", str(work / "out")], project)
    cases["quarto render profil.qmd (HTML)"] = (
        ["quarto", "render", "reports/profil.qmd", "--execute-params", str(params)], checkout)
    cases["quarto render profil.qmd --to typst"] = (
        ["quarto", "render", "reports/profil.qmd", "--execute-params", str(params), "--to", "typst"], checkout)

    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (command, cwd) in cases.items():
            times[name].append(_timed(command, cwd))
    print(f"{runs} Läufe je Fall, frische Prozesse, Median (min–max) in s; Last am Ende: {os.getloadavg()[0]:.1f}")
    for name, values in times.items():
        print(f"  {name:44} {statistics.median(values):6.1f}  ({min(values):.1f}–{max(values):.1f})")
    for formats in ("html,pdf", "html"):
        builtin = statistics.median(times[f"berichte render {formats} --engine builtin"])
        quarto = statistics.median(times[f"berichte render {formats} --engine quarto"])
        print(f"  Verhältnis Quarto/eingebaut ({formats}): {quarto / builtin:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
