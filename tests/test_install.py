"""berichte as a planner gets it: the wheel installed into a fresh virtual environment (not editable), used in an
empty folder far from the source checkout — ``berichte neu``, ``berichte demo --ziel``, ``berichte importieren
flensburg`` and a build of the demo project as HTML, all with the files the wheel ships.

Dependencies come from the package index configured for pip on this machine (no network needed where it is a
local index). To keep the test command fast, pip does not precompile the dependencies (``--no-compile``) and the
demo project that is built has three Kommunen (16 reports, HTML only); measured on the 2-core test machine under
load: wheel 8 s, venv and installation 50 s, neu/demo/importieren 25 s, build 55 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT, shared_data_dir


def _run(command: list, cwd: Path, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{command}: {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel of this checkout installed (returns the venv's bin folder)."""
    base = tmp_path_factory.mktemp("installation")
    wheels = base / "wheels"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", wheels, ROOT], base, env)
    wheel = next(wheels.glob("berichte-*.whl"))
    target = base / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(target)
    bin_dir = target / "bin"
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-compile", wheel], base, env, timeout=900)
    return bin_dir, wheel, env


def test_the_wheel_carries_documents_catalogues_styles_and_templates(installed):
    import zipfile

    _, wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("berichte/documents/profil.qmd", "berichte/documents/sozialbericht.qmd",
                   "berichte/documents/_quarto.yml", "berichte/standard/merkmale.yml",
                   "berichte/standard/kennzahlen.yml", "berichte/assets/engine/report.css",
                   "berichte/assets/engine/print.css", "berichte/templates/engine/page.html.j2",
                   "berichte/templates/build/index.html.j2", "berichte/templates/statements/stand.j2"):
        assert needed in names, needed


def test_a_planner_without_the_source_checkout(installed, tmp_path):
    """Without ../shared/data (official files) only the steps that need them are left out."""
    bin_dir, _, env = installed
    shared_data = shared_data_dir()
    env = dict(env, BERICHTE_SHARED_DATA=str(shared_data or tmp_path / "keine-amtlichen-daten"))
    work = tmp_path / "leer"
    work.mkdir()
    where = _run([bin_dir / "python", "-c", "import berichte, json; print(json.dumps(berichte.__file__))"], work, env)
    assert str(bin_dir.parent) in json.loads(where.stdout) and str(ROOT) not in json.loads(where.stdout)
    berichte = bin_dir / "berichte"

    if shared_data is not None:
        out = _run([berichte, "neu", "peine", "--schluessel", "03157"], work, env).stdout
        assert "Landkreis Peine" in out and "7 Kommunen" in out
    else:
        out = _run([berichte, "neu", "peine", "--name", "Landkreis Peine"], work, env).stdout
        assert "Landkreis Peine" in out
    if shared_data is not None:
        assert "Keine Fehler" in _run([berichte, "--projekt", "peine", "pruefen"], work, env).stdout
        out = _run([berichte, "--projekt", "peine", "vorlagen"], work, env).stdout
        assert "Einwohnermeldeamt" in out and list((work / "peine/lieferungen").glob("*.xlsx"))

    out = _run([berichte, "demo", "--ziel", "beispiel", "--kommunen", "3"], work, env).stdout
    assert "16 Gebiete" in out
    if shared_data is not None:
        out = _run([berichte, "importieren", "flensburg", "--ziel", "flensburg"], work, env).stdout
        assert "keine Fehler" in out

    out = _run([berichte, "--projekt", "beispiel", "build", "--format", "html"], work, env, timeout=900).stdout
    assert "16 erzeugt" in out and "0 fehlgeschlagen" in out
    assert "Dokumente: die mitgelieferten" in out
    assert not (work / "beispiel/reports").exists()
    html = (work / "beispiel/_output/2023/sozialbericht-2023.html").read_text(encoding="utf-8")
    assert "Region Seewalden" in html and "Fiktive Beispieldaten" in html
    assert (work / "beispiel/_output/index.html").is_file()
    expected = ["beispiel", "flensburg", "peine"] if shared_data is not None else ["beispiel", "peine"]
    assert sorted(p.name for p in work.iterdir()) == expected  # nothing written elsewhere
