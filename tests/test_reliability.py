"""Reliability and safety: hostile content, killed builds, write errors, crashing workers, secret counts.

A report that is published is either complete and correct or the previous version stays; nothing from
data files becomes markup; a count of 1 or 2 never appears in any output.
"""

from __future__ import annotations

import errno
import html as html_lib
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from berichte.publish.manifest import file_hash
from berichte.publish.runner import BuildOptions, build
from berichte.cli import main
from conftest import ROOT, edit, project_with_reports, shipped_document

HOSTILE = '<script>alert("x")</script> & Söhne "Adorf" \u202eTRL\u202c 🏠'
LONG = "Bedorf an der " + "Langen Straße " * 12


def make_project(path: Path) -> Path:
    return project_with_reports(path)


def check_manifest_matches_files(root: Path) -> dict:
    data = json.loads((root / "_output/.berichte/manifest.json").read_text())
    for entry in data["reports"]:
        for info in entry["files"].values():
            path = root / "_output" / info["path"]
            assert file_hash(path) == info["sha256"], path
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("feindlich"))
    edit(root / "data/gebiete.csv", "01000001;Adorf;", f"01000001;{HOSTILE};")
    edit(root / "data/gebiete.csv", "01000002;Bedorf;", f"01000002;{LONG};")
    edit(root / "data/kennzahlen.yml", "titel: SGB-II-Quote", 'titel: "SGB-II-Quote <b>fett</b> & Co."')
    summary = build(BuildOptions(root=root, output=root / "_output", jobs=2))
    assert not summary.failed, [o.error for o in summary.failed]
    return root


def test_hostile_names_are_escaped_in_html(hostile):
    for path in (hostile / "_output/2022").glob("*.html"):
        html = path.read_text()
        assert "<script>alert" not in html, path.name
        assert "<b>fett</b>" not in html, path.name
    profile = next((hostile / "_output/2022").glob("profil-01000001-*.html")).read_text()
    assert "&lt;script&gt;alert" in profile and "&amp; Söhne" in profile and "🏠" in profile
    assert "SGB-II-Quote &lt;b&gt;fett&lt;/b&gt; &amp; Co." in profile
    index = (hostile / "_output/index.html").read_text()
    assert "<script>alert" not in index and "&lt;script&gt;alert" in index
    # file names stay plain ASCII
    assert all(re.fullmatch(r"[a-z0-9.-]+", p.name) for p in (hostile / "_output/2022").iterdir())


def test_hostile_names_are_text_in_pdf(hostile):
    pdf = next((hostile / "_output/2022").glob("profil-01000001-*.pdf"))
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages[2:6])
    assert "<script>" in text.replace(" ", "") and "Söhne" in text.replace(" ", "")
    fonts = {str(f.get_object().get("/BaseFont")) for page in reader.pages[:3]
             for f in page["/Resources"].get("/Font", {}).values()}
    assert any("Noto-Color-Emoji" in f for f in fonts)  # the emoji is drawn from an emoji font, not a box
    long_pdf = next((hostile / "_output/2022").glob("profil-01000002-*.pdf"))
    assert PdfReader(io.BytesIO(long_pdf.read_bytes())).pages  # a 200-character name still lays out


def test_killed_build_leaves_consistent_outputs(tmp_path):
    """Kill -9 a running build at a random moment: published files stay complete, the next build recovers."""
    root = make_project(tmp_path / "p")
    assert main(["--projekt", str(root), "build", "--jobs", "2"]) == 0
    edit(root / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,1250")
    rng = random.Random(4711)
    for attempt in range(2):
        process = subprocess.Popen([sys.executable, "-m", "berichte", "--projekt", str(root), "build", "--jobs", "2"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(1.0, 2.5))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        # the manifest (with the journal of the killed build folded in) matches the files on disk
        from berichte.publish.manifest import Manifest

        manifest = Manifest.load(root / "_output")
        for entry in manifest.entries.values():
            for info in entry.files.values():
                assert file_hash(root / "_output" / info["path"]) == info["sha256"]
    assert main(["--projekt", str(root), "build"]) == 0
    data = check_manifest_matches_files(root)
    versions = {e["id"]: e["version"] for e in data["reports"]}
    assert versions["2022/profil-01000002-bedorf"] == 2 and versions["2022/profil-0100000101-adorf-nord"] == 1
    assert build(BuildOptions(root=root, output=root / "_output")).up_to_date


def test_write_error_keeps_previous_outputs(tmp_path, monkeypatch, capsys):
    """A full disk (or a read-only folder) in the middle of publishing: exit code 3, a German message,
    every published file complete, the next build recovers."""
    root = make_project(tmp_path / "p")
    assert main(["--projekt", str(root), "build", "--jobs", "1"]) == 0
    capsys.readouterr()
    edit(root / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,1250")
    from berichte import atomic

    real = atomic.write_bytes
    calls = {"n": 0}

    def failing(path, data, inside=None):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar", str(path))
        return real(path, data, inside)

    monkeypatch.setattr(atomic, "write_bytes", failing)
    assert main(["--projekt", str(root), "build", "--jobs", "1"]) == 3
    err = capsys.readouterr().err
    assert "Speicherplatz" in err and "Traceback" not in err
    monkeypatch.setattr(atomic, "write_bytes", real)
    from berichte.publish.manifest import Manifest

    for entry in Manifest.load(root / "_output").entries.values():
        for info in entry.files.values():
            assert file_hash(root / "_output" / info["path"]) == info["sha256"]
    assert main(["--projekt", str(root), "build"]) == 0
    check_manifest_matches_files(root)
    assert not list((root / "_output").rglob("*.tmp"))  # no half-written temporary files left


def _crash_once(job, *args):
    """Stands in for the worker function: dies once (without a word) on Bedorf's report."""
    from berichte.publish import worker

    marker = Path(os.environ["BERICHTE_TEST_ABSTURZ"])
    if job.key == "01000002" and not marker.exists():
        marker.write_text("ja")
        os._exit(9)
    return worker.run_job(job, *args)


def test_crashing_worker_is_retried(tmp_path, monkeypatch):
    """A worker process that dies (out of memory, killed) while rendering: its report is retried."""
    root = make_project(tmp_path / "p")
    marker = tmp_path / "abgestuerzt"
    monkeypatch.setenv("BERICHTE_TEST_ABSTURZ", str(marker))
    from berichte.publish import runner

    monkeypatch.setattr(runner, "run_job", _crash_once)
    summary = build(BuildOptions(root=root, output=root / "_output", jobs=2))
    assert marker.exists()
    assert not summary.failed and len(summary.built) == 6
    check_manifest_matches_files(root)


def test_secret_counts_never_appear_in_outputs(demo_project, tmp_path):
    """The tiny Sozialräume Hafen and Messegelände: every withheld count shows as "." in the profile's
    table of counts, no count of 1 or 2 appears in any table, and the CSV has none either."""
    from berichte.compute.results import compute
    from berichte.content.session import SESSION
    from berichte.publish.worker import project_renderer

    results = compute(demo_project)
    SESSION.adopt(results)
    renderer = project_renderer(ROOT)
    suppressed = results.secrecy.suppressed
    true_values = demo_project.table.values
    checked = 0
    for key in ("03999001011", "03999001012"):
        html = renderer.render(shipped_document("profil.qmd"), {"gebiet": key, "jahr": 2023, "vergleich": 2018,
                                                                "projekt": str(ROOT)}).html
        for table in re.findall(r"<table.*?</table>", html, re.S):
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
            assert "1" not in cells and "2" not in cells
        counts = re.search(r'id="tbl-anhang-haeufigkeiten".*?</table>|<table[^>]*>(?:(?!</table>).)*?Merkmal \(Personen'
                           r'.*?</table>', html, re.S).group(0)
        header = [int(y) for y in re.findall(r"<th[^>]*>(\d{4})</th>", counts)]
        for m in demo_project.merkmale:
            for year in header:
                if suppressed.at[(key, year), m.id] and 0 < true_values.at[(key, year), m.id] < 3:
                    checked += 1
        for value in (1, 2):
            assert f"<td class=\"num\">{value}</td>" not in counts
    assert checked > 0  # the test looked at real withheld counts
    out = tmp_path / "k.csv"
    assert main(["--projekt", str(ROOT), "kennzahlen", "--ausgabe", str(out)]) == 0
    table = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig")
    for column in ("Zähler 2023", "Nenner 2023"):
        assert not pd.to_numeric(table[column], errors="coerce").isin([1, 2]).any()


def test_no_withheld_count_in_any_profile_of_the_demo_build(demo_project, tmp_path):
    """Build every report of the demo region (HTML) and check each profile's table of counts: every count
    that secrecy withholds (primary or secondary) shows as ".", never as a number."""
    from berichte.compute.results import compute

    root = project_with_reports(tmp_path / "demo", data=ROOT / "data")
    summary = build(BuildOptions(root=root, output=root / "_output", formats=("html",)))
    assert not summary.failed and len(summary.built) == 34
    results = compute(demo_project)
    suppressed = results.secrecy.suppressed
    names = {m.label + ("" if m.unit == "Personen" else f" ({m.unit})"): m.id for m in demo_project.merkmale}
    withheld_seen = 0
    for path in (root / "_output/2023").glob("profil-*.html"):
        key = path.name.split("-")[1]
        html = path.read_text()
        table = re.search(r"<table[^>]*>(?:(?!</table>).)*?Merkmal \(Personen.*?</table>", html, re.S).group(0)
        years = [int(y) for y in re.findall(r"<th[^>]*>(\d{4})</th>", table)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            if len(cells) != len(years) + 1 or cells[0].startswith("Merkmal"):
                continue
            label = html_lib.unescape(cells[0])
            merkmal = names.get(label)
            assert merkmal is not None, label
            for year, cell in zip(years, cells[1:]):
                if suppressed.at[(key, year), merkmal]:
                    assert cell == ".", (path.name, merkmal, year, cell)
                    withheld_seen += 1
                else:
                    assert cell not in ("1", "2"), (path.name, merkmal, year)
    assert withheld_seen > 20
