"""Hostile input against the output side: no file outside the output folder, no trust in a tampered manifest,
journal or ledger, no live formulas in the public tables, no device or pipe replaced, German OS errors.

One HTML-only build of the small project per module (a few seconds) is shared; tests that change data or
outputs work on a private copy of it.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import shutil
import stat
from pathlib import Path

import openpyxl
import pytest

from berichte import atomic
from berichte.cli import main
from berichte import problems
from conftest import edit, own_documents, project_with_reports

ESCAPE_KEY = "01000004/../../../../ESCAPED"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from berichte.publish.runner import BuildOptions, build

    root = project_with_reports(tmp_path_factory.mktemp("feindlich") / "projekt")
    summary = build(BuildOptions(root=root, output=root / "_output", jobs=2, formats=("html",)))
    assert not summary.failed, [o.error for o in summary.failed]
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A private copy of the built project (inside its own folder, so that "next to the project" is empty)."""
    copy = tmp_path / "aussen" / "projekt"
    shutil.copytree(built, copy, symlinks=True)
    return copy


@pytest.fixture
def no_hang():
    """Fail instead of hanging (e.g. on a named pipe) if a test takes more than five minutes."""
    import signal

    def stuck(*_):
        raise TimeoutError("blockiert: länger als 300 s")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(300)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def build_cli(root: Path, *extra: str) -> int:
    return main(["--projekt", str(root), "build", "--format", "html", "--jobs", "1", *extra])


def manifest_path(root: Path) -> Path:
    return root / "_output/.berichte/manifest.json"


def published(root: Path) -> dict[str, bytes]:
    out = root / "_output"
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".berichte" not in p.parts}


# --- 1. keys become file names: validated on load, and every write must stay inside the output folder -----

@pytest.mark.parametrize("key", ["03241001", "01000", "SR_07", "sr-7a", "A" * 64])
def test_valid_keys(key):
    from berichte.load.areas import valid_key

    assert valid_key(key)


@pytest.mark.parametrize("key", [ESCAPE_KEY, "../x", "a/b", "a\\b", "..", ".x", "-rf", "_x", "a b", "Süd", "A" * 65,
                                 "x\x00", "03241001\n"])
def test_invalid_keys(key):
    from berichte.load.areas import valid_key

    assert not valid_key(key)


def test_pruefen_names_a_key_with_path_characters(tmp_path, capsys):
    root = project_with_reports(tmp_path / "projekt")
    with open(root / "data/gebiete.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{ESCAPE_KEY};Flucht;kommune;01000\n")
    assert main(["--projekt", str(root), "pruefen"]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "data/gebiete.csv, Zeile 8, Spalte „schluessel“, Wert „01000004/../../../../ESCAPED“" in text
    assert "Ungültiger Gebietsschlüssel" in text


def test_build_with_an_escaping_key_writes_nothing_anywhere(tmp_path, capsys):
    root = project_with_reports(tmp_path / "a" / "b" / "c" / "projekt")
    with open(root / "data/gebiete.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{ESCAPE_KEY};Flucht;kommune;01000\n")
    assert build_cli(root) == 1
    assert "Ungültiger Gebietsschlüssel" in capsys.readouterr().err
    everything = [p for p in tmp_path.rglob("*") if "ESCAPED" in p.name or p.suffix in (".html", ".pdf")]
    assert everything == []


def test_build_stops_before_writing_when_a_folder_of_the_output_leads_outside(project, capsys):
    """Defence in depth: ``_output/2022`` replaced by a link to a folder outside — the build refuses (exit 3)
    before it writes a single file there."""
    outside = project.parent / "fremd"
    outside.mkdir()
    shutil.rmtree(project / "_output/2022")
    (project / "_output/2022").symlink_to(outside, target_is_directory=True)
    edit(project / "data/zahlen/melderegister.csv", "01000002;ew;10.000;10.100;10.200", "01000002;ew;10.000;10.100;10.300")  # something to build
    assert build_cli(project) == 3
    err = capsys.readouterr().err
    assert "außerhalb des Ausgabeordners" in err and "2022" in err
    assert list(outside.iterdir()) == []


def test_every_planned_path_is_checked_before_rendering(built, tmp_path):
    from berichte.publish.jobs import Job
    from berichte.publish.runner import BuildOptions, check_targets

    options = BuildOptions(root=built, output=tmp_path / "_output", formats=("html", "pdf"))
    good = Job("profil", "01000001", 2022, 2020, "profil-01000001-adorf", "P", "Adorf", "Gemeinde")
    check_targets([good], [2022], options)
    forged = Job("profil", ESCAPE_KEY, 2022, 2020, f"profil-{ESCAPE_KEY}-flucht", "P", "Flucht", "Gemeinde")
    with pytest.raises(problems.OutputError, match="außerhalb des Ausgabeordners"):
        check_targets([good, forged], [2022], options)
    assert not (tmp_path / "_output").exists()


def test_render_refuses_an_area_key_with_path_characters(built, tmp_path, capsys):
    code = main(["--projekt", str(built), "render", "--gebiet", "../../../x", "--format", "html",
                 "--ausgabe", str(tmp_path / "out")])
    assert code == 1
    assert "kein gültiger Gebietsschlüssel" in capsys.readouterr().err
    assert not any(tmp_path.rglob("*.html"))


# --- 2. manifest and journal read through a schema; SHA-256 integrity --------------------------------------

def test_a_manifest_path_out_of_the_folder_is_never_followed(project, capsys):
    secret = (project / "data/zahlen/jobcenter.csv").read_bytes()
    data = json.loads(manifest_path(project).read_text())
    for entry in data["reports"]:
        entry["files"]["html"]["path"] = "../data/zahlen/jobcenter.csv"
        entry["content_hash"] = "0" * 64  # makes every report a "correction": the archive step runs
    manifest_path(project).write_text(json.dumps(data))
    assert build_cli(project) == 0
    out = capsys.readouterr().out
    assert "Verwaltungsdatei" in out and "beschädigt" in out and "unerwarteter Pfad" in out
    assert all(content != secret for content in published(project).values())
    assert not any((project / "_output").rglob("*.csv.*"))
    assert "Alles aktuell" not in out
    assert build_cli(project) == 0 and "Alles aktuell" in capsys.readouterr().out


@pytest.mark.parametrize("content", [
    "[]", "{}", '{"format": 1, "reports": "x"}', '{"format": 1, "reports": [{}]}',
    '{"format": 1, "reports": [{"id": "2022/x", "files": []}]}', '{"format": 2}', "nicht json", "\xff\xfe",
    '{"format": 1, "tables": {"2022": "../../etc/passwd"}}', "[" * 100_000,
], ids=["liste", "leer", "reports-text", "eintrag-leer", "eintrag-falsch", "format", "kein-json", "kein-utf8",
        "tabelle", "tief"])
def test_a_manifest_of_the_wrong_shape_is_damaged_and_everything_is_rebuilt(project, capsys, content):
    before = published(project)
    manifest_path(project).write_text(content, encoding="latin-1" if content == "\xff\xfe" else "utf-8")
    assert build_cli(project) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert "Verwaltungsdatei" in out.out and "beschädigt" in out.out
    after = published(project)
    assert {k for k in before if k.endswith(".html")} <= set(after)
    assert json.loads(manifest_path(project).read_text())["format"] == 1  # rewritten, valid


@pytest.mark.parametrize("kind", ["link-hinaus", "pipe"])
def test_a_manifest_that_is_a_link_out_or_a_pipe_is_neither_read_nor_replaced(project, capsys, kind, no_hang):
    """A valid manifest outside the output folder, linked in, is not followed; a pipe does not block. Neither
    is replaced: the build stops before writing (exit 3) and says which file is in the way."""
    manifest = manifest_path(project)
    before = published(project)
    if kind == "pipe":
        manifest.unlink()
        os.mkfifo(manifest)
    else:
        outside = project.parent / "manifest.json"
        shutil.move(manifest, outside)
        manifest.symlink_to(outside)
        kept = outside.read_bytes()
    edit(project / "data/zahlen/melderegister.csv", "01000002;ew;10.000;10.100;10.200",
         "01000002;ew;10.000;10.100;10.300")
    assert build_cli(project) == 3
    err = capsys.readouterr().err
    assert str(manifest) in err and ("benannte Pipe" in err or "symbolische Verknüpfung" in err)
    assert published(project) == before
    if kind == "pipe":
        assert stat.S_ISFIFO(os.lstat(manifest).st_mode)
    else:
        assert manifest.is_symlink() and outside.read_bytes() == kept


def test_manifest_load_does_not_follow_a_link_out(project):
    from berichte.publish.manifest import Manifest

    manifest = manifest_path(project)
    outside = project.parent / "manifest.json"
    shutil.move(manifest, outside)
    manifest.symlink_to(outside)
    loaded = Manifest.load(project / "_output")
    assert loaded.entries == {} and "keine gewöhnliche Datei im Ausgabeordner" in loaded.warnings[0]


@pytest.mark.parametrize("lines", [
    ["[]"], ['{"type": "report"}'], ['"text"'], ['{"type": "fremd", "x": 1}'],
    ['{"type": "pending", "entry": {"id": "2022/profil-x-y", "kind": "profil", "key": "x", "year": 2022, '
     '"comparison": 2020, "title": "t", "area": "a", "level": "l", "content_hash": "", '
     '"files": {"html": {"path": "../../data/zahlen/jobcenter.csv", "sha256": "' + "0" * 64 + '"}}}}'],
    ['{"type": "table", "year": "../x", "hash": "y"}', '{"type": "report", "entry": []}'],
], ids=["liste", "ohne-eintrag", "text", "fremder-typ", "pfad-hinaus", "tabelle"])
def test_a_journal_with_foreign_lines_is_skipped_with_a_warning(project, capsys, lines):
    journal = project / "_output/.berichte/journal.jsonl"
    journal.write_text("\n".join(lines) + "\n")
    assert build_cli(project) == 0
    out = capsys.readouterr()
    assert "Build-Protokoll" in out.out and "beschädigt" in out.out
    assert "Traceback" not in out.err
    assert not journal.exists()
    assert not (project / "_output/data").exists() and not (project / "data/zahlen/jobcenter.csv.tmp").exists()


def test_a_cut_off_last_journal_line_is_expected_and_not_reported(project, capsys):
    journal = project / "_output/.berichte/journal.jsonl"
    journal.write_text('{"type": "table", "year": "2022", "ha')
    assert build_cli(project) == 0
    assert "beschädigt" not in capsys.readouterr().out


def test_one_changed_byte_in_a_published_file_is_detected_and_repaired(project, capsys):
    path = project / "_output/2022/profil-01000002-bedorf.html"
    original = path.read_bytes()
    middle = len(original) // 2
    path.write_bytes(original[:middle] + bytes([original[middle] ^ 0x01]) + original[middle + 1:])
    assert path.stat().st_size == len(original)
    assert build_cli(project) == 0
    out = capsys.readouterr().out
    assert "Alles aktuell" not in out and "1 erzeugt" in out
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(original).digest()


def test_status_names_a_changed_byte(project, capsys):
    path = project / "_output/2022/profil-01000001-adorf.html"
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    assert main(["--projekt", str(project), "status"]) == 0
    assert "veröffentlichte Datei fehlt oder wurde verändert" in capsys.readouterr().out


def test_a_damaged_ledger_file_is_reported_not_a_crash(project, capsys):
    ledger = project / "_output/.berichte/veroeffentlicht"
    (ledger / "stand-1.npz").write_bytes(b"PK\x03\x04 kaputt")
    (ledger / "stand-kaputt.npz").write_bytes(b"")
    edit(project / "data/zahlen/melderegister.csv", "01000002;ew;10.000;10.100;10.200", "01000002;ew;10.000;10.100;10.300")
    assert build_cli(project) == 0
    out = capsys.readouterr().out
    assert "Veröffentlichungsstand stand-1.npz" in out and "beschädigt" in out


def test_the_archive_copies_only_regular_files_inside_the_output(tmp_path):
    out = tmp_path / "_output"
    out.mkdir()
    secret = tmp_path / "geheim.csv"
    secret.write_text("1;2")
    (out / "link.html").symlink_to(secret)
    with pytest.raises(problems.OutputError, match="außerhalb des Ausgabeordners"):
        atomic.copy(out / "link.html", out / "archiv/x.html", inside=out)
    with pytest.raises(problems.OutputError, match="außerhalb des Ausgabeordners"):
        atomic.copy(out / "../geheim.csv", out / "archiv/x.html", inside=out)
    assert not (out / "archiv").exists()


# --- 3. formula injection ----------------------------------------------------------------------------------

HOSTILE_NAMES = {"01000002": '=HYPERLINK("https://example.org/x","Klick")',
                 "01000003": "+SUM(1+1)*cmd|' /C calc'!A0",
                 "0100000101": "@SUM(1+1)", "0100000102": "-2+3"}


@pytest.fixture(scope="module")
def hostile_tables(tmp_path_factory) -> tuple[Path, Path]:
    root = project_with_reports(tmp_path_factory.mktemp("formeln") / "projekt")
    rows = list(csv.reader((root / "data/gebiete.csv").read_text(encoding="utf-8").splitlines(), delimiter=";"))
    for row in rows[1:]:
        row[1] = HOSTILE_NAMES.get(row[0], row[1])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    (root / "data/gebiete.csv").write_text(buffer.getvalue(), encoding="utf-8")
    edit(root / "data/kennzahlen.yml", "titel: SGB-II-Quote", "titel: \"=1+1 SGB-II-Quote\"")
    csv_path, xlsx_path = root / "k.csv", root / "k.xlsx"
    assert main(["--projekt", str(root), "kennzahlen", "--ausgabe", str(csv_path)]) == 0
    assert main(["--projekt", str(root), "kennzahlen", "--format", "xlsx", "--ausgabe", str(xlsx_path)]) == 0
    return csv_path, xlsx_path


def test_xlsx_has_no_formula_cell_and_keeps_hostile_text_as_text(hostile_tables):
    book = openpyxl.load_workbook(hostile_tables[1])
    texts = {}
    negatives = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    texts[cell.value] = cell
                if isinstance(cell.value, (int, float)) and cell.value < 0:
                    negatives += 1
    for name in HOSTILE_NAMES.values():
        assert name in texts
    assert "=1+1 SGB-II-Quote" in texts
    assert negatives > 0  # a negative number stays a number


def test_xlsx_file_itself_holds_no_formula_element(hostile_tables):
    import zipfile

    with zipfile.ZipFile(hostile_tables[1]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_csv_escapes_hostile_text_and_keeps_negative_numbers(hostile_tables):
    text = hostile_tables[0].read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    names = {row["Gebiet"] for row in rows}
    for name in HOSTILE_NAMES.values():
        assert "'" + name in names and name not in names
    assert {row["Kennzahl"] for row in rows} >= {"'=1+1 SGB-II-Quote"}
    change = next(c for c in rows[0] if c.startswith("Veränderung") and not c.endswith("in %"))
    values = [row[change] for row in rows if row[change].startswith("-")]
    assert values and all(v[1:].replace(",", "").isdigit() for v in values)
    for row in rows:
        for value in row.values():
            assert not value[:1] in ("=", "+", "@", "\t", "\r")


def test_sozialindex_csv_escapes_text_not_numbers():
    import pandas as pd

    from berichte.publish.sozialindex_table import to_csv_text

    frame = pd.DataFrame({"schluessel": ["01"], "z_a": [-1.25], "klasse": [-3], "grund": ["=1+1"]})
    row = list(csv.reader(io.StringIO(to_csv_text(frame)), delimiter=";"))[1]
    assert row == ["01", "-1,25", "-3", "'=1+1"]


# --- 4. atomic writes: no devices, pipes, folders; links only within the folder ---------------------------

def test_a_named_pipe_is_refused_and_stays_a_pipe(tmp_path):
    fifo = tmp_path / "tabelle.csv"
    os.mkfifo(fifo)
    with pytest.raises(problems.OutputError, match="benannte Pipe"):
        atomic.write_bytes(fifo, b"x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "tabelle.csv").mkdir()
    with pytest.raises(problems.OutputError, match="ein Ordner"):
        atomic.write_text(tmp_path / "tabelle.csv", "x")


def test_kennzahlen_refuses_a_device_node_and_leaves_it(built, tmp_path, capsys):
    device = tmp_path / "full"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # like /dev/full, in a folder of our own
    except PermissionError:
        pytest.skip("Gerätedateien anlegen geht nur als root")
    assert main(["--projekt", str(built), "kennzahlen", "--ausgabe", str(device)]) == 3
    err = capsys.readouterr().err
    assert "Gerätedatei" in err and str(device) in err
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_link_inside_the_folder_is_written_through(tmp_path):
    real = tmp_path / "echt.csv"
    real.write_text("alt")
    link = tmp_path / "link.csv"
    link.symlink_to(real.name)
    atomic.write_text(link, "neu", inside=tmp_path)
    assert link.is_symlink() and real.read_text() == "neu"


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "fremd.txt"
    outside.write_text("unverändert")
    folder = tmp_path / "ausgabe"
    folder.mkdir()
    (folder / "x.csv").symlink_to(outside)
    with pytest.raises(problems.OutputError, match="symbolische Verknüpfung"):
        atomic.write_text(folder / "x.csv", "neu")
    with pytest.raises(problems.OutputError, match="symbolische Verknüpfung"):
        atomic.write_text(folder / "x.csv", "neu", inside=folder)
    assert outside.read_text() == "unverändert" and (folder / "x.csv").is_symlink()


# --- 13. German OS errors, exit codes, --jobs, render's comparison year, renamed areas ----------------------

def test_os_errors_in_german_with_the_path():
    assert problems.os_error_text(OSError(errno.ENOSPC, "No space left on device"), "/x/y.pdf") == \
        "Auf dem Datenträger ist kein Speicherplatz mehr frei: /x/y.pdf"
    assert problems.os_error_text(PermissionError(errno.EACCES, "Permission denied", "/a")) == "Keine Berechtigung: /a"
    assert "schreibgeschützt" in problems.os_error_text(OSError(errno.EROFS, "Read-only file system", "/r"))
    assert "Permission" not in problems.os_error_text(OSError(errno.EPERM, "Operation not permitted", "/r"))


def test_a_full_disk_is_a_german_output_error_with_exit_3(built, tmp_path, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", full)
    target = tmp_path / "k.csv"
    assert main(["--projekt", str(built), "kennzahlen", "--ausgabe", str(target)]) == 3
    err = capsys.readouterr().err
    assert "Auf dem Datenträger ist kein Speicherplatz mehr frei" in err and str(target) in err
    assert "No space" not in err and not target.exists()


def test_an_unreadable_input_file_is_exit_1_in_german(built, capsys, monkeypatch):
    import berichte.load.project as project_module

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(built / "data/zahlen/jobcenter.csv"))

    monkeypatch.setattr(project_module, "load_project", denied)
    assert main(["--projekt", str(built), "kennzahlen"]) == 1
    err = capsys.readouterr().err
    assert "Keine Berechtigung" in err and "jobcenter.csv" in err and "Permission denied" not in err


@pytest.mark.parametrize("value", ["0", "-3", "zwei"])
def test_jobs_must_be_at_least_one(built, capsys, value):
    with pytest.raises(SystemExit) as stop:
        main(["--projekt", str(built), "build", "--jobs", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--jobs" in err and ("mindestens 1" in err or "keine ganze Zahl" in err)


def test_render_without_vergleich_uses_the_comparison_year_of_the_project(tmp_path, monkeypatch):
    """The project's own profil.qmd defaults to 2021; build and render both use vergleichsjahr 2020."""
    import berichte.publish.worker as worker

    root = own_documents(project_with_reports(tmp_path / "projekt"))
    edit(root / "reports/profil.qmd", "vergleich = None", "vergleich = 2021")
    seen = {}

    class Capture:
        def render(self, document, params, **kwargs):
            seen.update(params)
            raise problems.OutputError("abgefangen")

    monkeypatch.setattr(worker, "project_renderer", lambda *args, **kwargs: Capture())
    assert main(["--projekt", str(root), "render", "--gebiet", "01000001", "--format", "html"]) == 3
    assert seen["vergleich"] == 2020 and seen["jahr"] == 2022


def test_after_a_rename_the_old_profile_is_no_longer_current(project, capsys):
    edit(project / "data/gebiete.csv", "01000002;Bedorf;", "01000002;Bedorf-Neu;")
    assert build_cli(project) == 0
    out = project / "_output"
    index = (out / "index.html").read_text()
    assert 'href="2022/profil-01000002-bedorf-neu.html"' in index
    assert "profil-01000002-bedorf.html" not in index
    assert not (out / "2022/profil-01000002-bedorf.html").exists()
    assert (out / "archiv/2022/profil-01000002-bedorf-fassung1.html").exists()
    ids = {e["id"] for e in json.loads(manifest_path(project).read_text())["reports"]}
    assert "2022/profil-01000002-bedorf" not in ids and "2022/profil-01000002-bedorf-neu" in ids
    assert "Nicht mehr aktuell" in capsys.readouterr().out
    log = next((out / "korrekturen").glob("korrektur-*.html")).read_text()
    assert "Nicht mehr aktuell" in log and 'href="../archiv/2022/profil-01000002-bedorf-fassung1.html"' in log
    assert 'href="korrekturen/' in index


def test_data_hashes_skip_pipes_and_devices(tmp_path):
    """``berichte status`` and the end of a build hash data/: a named pipe, a device or a dangling link must
    not block, exhaust memory or crash (the data check reports them)."""
    import signal

    from berichte.publish.fingerprint import data_file_hashes, input_fingerprint

    (tmp_path / "data/zahlen").mkdir(parents=True)
    (tmp_path / "data/zahlen/a.csv").write_text("x")
    os.mkfifo(tmp_path / "data/zahlen/pipe.csv")
    (tmp_path / "data/zahlen/null.csv").symlink_to("/dev/null")  # a device (not /dev/zero: main would eat memory)
    (tmp_path / "data/zahlen/weg.csv").symlink_to(tmp_path / "gibt-es-nicht")

    def stuck(*_):
        raise TimeoutError("blockiert")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(10)
    try:
        assert set(data_file_hashes(tmp_path)) == {"data/zahlen/a.csv"}
        assert len(input_fingerprint(tmp_path, {})) == 64
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
