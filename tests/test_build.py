"""``berichte build``: every report in one command, incremental, corrections with versions, safe."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from berichte.publish.runner import BuildOptions, Progress, build
from berichte.cli import main
from conftest import edit, own_documents, project_with_reports

REPORTS = {"2022/sozialbericht-2022", "2022/profil-01000001-adorf", "2022/profil-0100000101-adorf-nord",
           "2022/profil-0100000102-adorf-sued", "2022/profil-01000002-bedorf", "2022/profil-01000003-cedorf"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The mini project with the real report documents, built once (HTML and PDF)."""
    root = project_with_reports(tmp_path_factory.mktemp("projekt"))
    summary = build(BuildOptions(root=root, output=root / "_output", jobs=2))
    assert not summary.failed, [o.error for o in summary.failed]
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A private copy of the built project, for tests that change data or outputs."""
    copy = tmp_path / "p"
    shutil.copytree(built, copy)
    return copy


def outputs(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root / "_output")): p.stat().st_mtime_ns
            for p in (root / "_output").rglob("*") if p.is_file() and ".berichte" not in p.parts}


def manifest(root: Path) -> dict:
    return json.loads((root / "_output/.berichte/manifest.json").read_text())


def test_full_build_writes_every_report_with_stable_names(built):
    out = built / "_output"
    for report in REPORTS:
        assert (out / f"{report}.html").stat().st_size > 10_000
        assert (out / f"{report}.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "2022/kennzahlen-2022.csv").exists() and (out / "2022/kennzahlen-2022.xlsx").exists()
    entries = {e["id"]: e for e in manifest(built)["reports"]}
    assert set(entries) == REPORTS
    assert all(e["version"] == 1 and len(e["content_hash"]) == 64 for e in entries.values())


def test_index_page_lists_every_report_and_works_offline(built):
    html = (built / "_output/index.html").read_text()
    assert '<html lang="de">' in html
    for report in REPORTS:
        assert f'href="{report}.pdf"' in html and f'href="{report}.html"' in html
    assert "Adorf-Süd" in html and 'href="2022/kennzahlen-2022.csv"' in html
    assert 'id="suche"' in html  # the filter
    assert "http://" not in html and "https://" not in html
    assert "Fiktive Beispieldaten" in html


def test_noop_build_touches_nothing(project, capsys):
    before = outputs(project)
    assert main(["--projekt", str(project), "build"]) == 0
    assert "Alles aktuell" in capsys.readouterr().out
    assert outputs(project) == before


def test_correction_rebuilds_exactly_the_reports_that_show_it(project, capsys):
    before = outputs(project)
    # Bedorf's Leistungsberechtigte 2022: 1.200 → 1.250. Bedorf, the Testkreis (Sozialbericht) and the other
    # Kommunen (which show the Testkreis value) change; the Sozialräume of Adorf (parent Adorf) do not.
    edit(project / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,1250")
    assert main(["--projekt", str(project), "build"]) == 0
    out = capsys.readouterr().out
    assert "4 erzeugt (davon 4 korrigiert), 2 unverändert" in out
    after = outputs(project)
    changed = {name for name in after if name.endswith(".pdf") and before.get(name) != after[name]
               and name.startswith("2022/")}
    assert changed == {f"{r}.pdf" for r in REPORTS - {"2022/profil-0100000101-adorf-nord",
                                                      "2022/profil-0100000102-adorf-sued"}}
    entries = {e["id"]: e for e in manifest(project)["reports"]}
    assert entries["2022/profil-01000002-bedorf"]["version"] == 2
    assert entries["2022/profil-0100000101-adorf-nord"]["version"] == 1
    html = (project / "_output/2022/profil-01000002-bedorf.html").read_text()
    assert "Korrigierte Fassung vom" in html and "(Fassung 2)" in html
    archived = project / "_output/archiv/2022/profil-01000002-bedorf-fassung1.html"
    assert "Korrigierte Fassung" not in archived.read_text() and "11,8" in archived.read_text()
    log = next((project / "_output/korrekturen").glob("*.md")).read_text()
    assert "Sozialstruktur-Profil Bedorf 2022 (jetzt Fassung 2)" in log
    assert "bisher: SGB-II-Quote (%) | 11,8 | 10,1" in log and "neu: SGB-II-Quote (%) | 12,3 | 10,4" in log
    assert "Adorf-Nord" not in log
    index = (project / "_output/index.html").read_text()
    assert "korrigiert am" in index and "korrekturen/korrektur-" in index


def test_status_names_stale_reports_and_changed_files(project, capsys):
    edit(project / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,1250")
    assert main(["--projekt", str(project), "status"]) == 0
    out = capsys.readouterr().out
    assert "data/zahlen/jobcenter.csv" in out
    assert "4 von 6 Berichten sind veraltet" in out
    assert "Sozialstruktur-Profil Bedorf 2022" in out and "Adorf-Nord" not in out
    assert "12,3" in out


def test_single_report_regeneration(project, capsys):
    before = outputs(project)
    assert main(["--projekt", str(project), "build", "--gebiet", "01000003", "--jahr", "2022"]) == 0
    after = outputs(project)
    touched = {name for name in after if before.get(name) != after[name]}
    assert touched == {"2022/profil-01000003-cedorf.html", "2022/profil-01000003-cedorf.pdf"}
    assert "1 erzeugt" in capsys.readouterr().out


def test_a_failing_report_keeps_its_previous_version(project, capsys):
    edit(project / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,1250")
    qmd = own_documents(project) / "reports/profil.qmd"
    edit(qmd, "bericht = profile(gebiet, jahr, vergleich, projekt)",
         "bericht = profile(gebiet, jahr, vergleich, projekt)\nif gebiet == '01000003':\n    raise ValueError('Vorlage kaputt')")
    old = (project / "_output/2022/profil-01000003-cedorf.pdf").read_bytes()
    assert main(["--projekt", str(project), "build"]) == 1
    captured = capsys.readouterr()
    assert "Fehler in Sozialstruktur-Profil Cedorf 2022" in captured.out and "Vorlage kaputt" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert (project / "_output/2022/profil-01000003-cedorf.pdf").read_bytes() == old
    assert manifest(project)["inputs"] == ""  # the next build looks again
    entries = {e["id"]: e for e in manifest(project)["reports"]}
    assert entries["2022/profil-01000002-bedorf"]["version"] == 2  # the others were published


def test_second_concurrent_build_is_refused(project, capsys):
    import subprocess
    import sys
    import time

    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from berichte.publish.lock import BuildLock\n"
                               "with BuildLock(Path(sys.argv[1])):\n print('ok', flush=True); time.sleep(30)",
                               str(project / "_output")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"  # the other "build" holds the lock now
        assert main(["--projekt", str(project), "build", "--neu"]) == 4
        assert "läuft bereits ein Build" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert main(["--projekt", str(project), "build"]) == 0  # released when the other process ends


class _Interrupt(Progress):
    def __init__(self, after: int):
        self.after, self.seen = after, 0

    def advance(self, outcome) -> None:
        self.seen += 1
        if self.seen == self.after:
            raise KeyboardInterrupt


def test_interrupted_build_keeps_outputs_and_the_next_build_recovers(project):
    edit(project / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,1250")
    with pytest.raises(KeyboardInterrupt):
        build(BuildOptions(root=project, output=project / "_output", jobs=1), _Interrupt(after=2))
    # every published file is complete and the manifest matches the files on disk
    entries = manifest(project)["reports"]
    from berichte.publish.manifest import file_hash

    for entry in entries:
        for info in entry["files"].values():
            assert file_hash(project / "_output" / info["path"]) == info["sha256"]
    summary = build(BuildOptions(root=project, output=project / "_output", jobs=1))
    assert not summary.failed
    versions = {e["id"]: e["version"] for e in manifest(project)["reports"]}
    assert versions["2022/profil-01000002-bedorf"] == 2 and versions["2022/sozialbericht-2022"] == 2
    assert build(BuildOptions(root=project, output=project / "_output")).up_to_date


def test_invalid_data_publishes_nothing(project, capsys):
    before = outputs(project)
    edit(project / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,-5")
    assert main(["--projekt", str(project), "build"]) == 1
    captured = capsys.readouterr()
    assert "nicht negativ" in captured.err and "Traceback" not in captured.err
    assert outputs(project) == before
