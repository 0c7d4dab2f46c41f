"""A hostile or careless project folder (issue 19): what ``pruefen`` passes, ``build`` must not refuse; YAML
files that would exhaust memory or time; commands that would overwrite a project; texts from data that look
like Quarto shortcodes or Markdown.

The broken projects are copies of the small project in tests/fixtures/mini, each broken in one way. One
build of a project with hostile names (HTML, one report in-process so that the cells' Markdown can be
inspected) is shared by the tests of the last part.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Callable

import pytest
import yaml
from pypdf import PdfReader

from berichte.cli import main
from berichte.load.project import check_project

from conftest import MINI, ROOT, edit, project_with_reports

KAT, MER, PRO, GEB = "kennzahlen.yml", "merkmale.yml", "projekt.yml", "gebiete.csv"


# --- helpers -------------------------------------------------------------------------------------------

def bomb(levels: int = 9, width: int = 9, prefix: str = "b") -> str:
    """The "billion laughs": ``levels`` anchors, each a list of ``width`` aliases of the one before."""
    lines = [f"{prefix}0: &{prefix}0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"{prefix}{i}: &{prefix}{i} [{', '.join([f'*{prefix}{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 9, width: int = 9) -> str:
    """The same with merge keys (``<<: [*a, *a, …]``), which PyYAML copies into every mapping."""
    lines = ["m0: &m0 {k0: lol, k1: lol}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * width)}], x{i}: 1}}")
    return "\n".join(lines) + "\n"


def write(relative: str, text: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / "data" / relative).write_text(text, encoding="utf-8")
    return mutate


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        edit(root / "data" / relative, old, new)
    return mutate


def prepend(relative: str, text: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / "data" / relative
        path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    return mutate


def write_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / "data" / relative).write_bytes(data)
    return mutate


def folder_instead_of(relative: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / "data" / relative).unlink()
        (root / "data" / relative).mkdir()
    return mutate


def fifo_instead_of(relative: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / "data" / relative).unlink()
        os.mkfifo(root / "data" / relative)
    return mutate


def snapshot(folder: Path) -> dict:
    """Every file and folder below ``folder`` with its bytes and modification time."""
    result = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        result[str(path.relative_to(folder))] = (path.read_bytes() if path.is_file() else None, stat.st_mtime_ns)
    return result


def error_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.startswith("Fehler: ")]


# --- the shared check: pruefen reports everything build refuses -----------------------------------------

@dataclass
class Broken:
    name: str
    mutate: Callable[[Path], None]
    file: str  # the file the message must name (relative to data/)
    message: str  # a part of the German message
    row: int | None = None
    column: str | None = None


BROKEN = [
    # empty files and wrong top-level types (issue 19, item 8)
    Broken("leeres Merkmalsverzeichnis", write(MER, ""), MER, "Die Datei ist leer"),
    Broken("Merkmalsverzeichnis nur Kommentare", write(MER, "# noch nichts\n\n"), MER, "Die Datei ist leer"),
    Broken("leerer Kennzahlenkatalog", write(KAT, ""), KAT, "Die Datei ist leer"),
    Broken("Kennzahlenkatalog null", write(KAT, "~\n"), KAT, "Die Datei ist leer"),
    Broken("leere Einstellungen", write(PRO, "\n"), PRO, "Die Datei ist leer"),
    Broken("Kennzahlenkatalog als Liste", write(KAT, "- quote\n- kinderarmut\n"), KAT, "„themen:“ und „kennzahlen:“"),
    Broken("Merkmalsverzeichnis als Text", write(MER, "ew lb lb_u18\n"), MER, "je Merkmal einen Eintrag"),
    Broken("Einstellungen als Liste", write(PRO, "- titel\n"), PRO, "aus Feldern wie"),
    Broken("Kennzahlen als Liste", write(KAT, "themen: {a: {titel: A}}\nkennzahlen: [einwohner, quote]\n"), KAT,
           "„kennzahlen“ muss aus Feldern bestehen", 2, "kennzahlen"),
    Broken("Merkmal ohne Felder", write(MER, "ew:\nlb:\n"), MER, "muss aus Feldern bestehen", 1, "ew"),
    Broken("Katalog ohne Themen", replace(KAT, "themen:\n  armut: {titel: Armut}\n  bevoelkerung: {titel: Bevölkerung}\n",
                                          "themen: {}\n"), KAT, "„themen“ braucht mindestens 1", 1, "themen"),
    Broken("Ordner statt Kennzahlenkatalog", folder_instead_of(KAT), KAT, "keine gewöhnliche Datei"),
    Broken("Pipe statt Merkmalsverzeichnis", fifo_instead_of(MER), MER, "keine gewöhnliche Datei"),
    Broken("Merkmalsverzeichnis nicht UTF-8", write_bytes(MER, "ew:\n  bezeichnung: Ä\n".encode("utf-16")), MER,
           "nicht UTF-8"),
    Broken("leere Gebietsliste", write(GEB, ""), GEB, "Die Datei ist leer"),
    Broken("Gebietsliste nur Kopfzeile", write(GEB, "schluessel;name;ebene;uebergeordnet\n"), GEB,
           "enthält noch keine Gebiete"),
    # YAML limits (item 11): refused quickly, with file and line
    Broken("Alias-Bombe in merkmale.yml", prepend(MER, bomb() + "beziehungen: *b8\n"), MER, "Billion Laughs", 5),
    Broken("Alias-Bombe in kennzahlen.yml", prepend(KAT, bomb()), KAT, "Billion Laughs", 5),
    Broken("Merge-Bombe in projekt.yml", prepend(PRO, merge_bomb()), PRO, "Billion Laughs"),
    Broken("Alias-Bombe im Sozialindex-Block", write(PRO, (MINI / "data" / PRO).read_text() + bomb(prefix="s")
                                                       + "sozialindex: {status: *s8}\n"), PRO, "Billion Laughs"),
    Broken("Verweis auf sich selbst", prepend(MER, "schleife: &s [1, *s]\n"), MER, "Schleife", 1),
    Broken("zu tief verschachtelt", prepend(KAT, "tief: " + "[" * 5000 + "]" * 5000 + "\n"), KAT, "verschachtelt"),
    # catalogue (item 7): thresholds and numerator = denominator
    Broken("Schwelle NaN", replace(KAT, "schwelle: 0.5", "schwelle: .nan"), KAT, "endliche Zahl", 23, "schwelle"),
    Broken("Schwelle unendlich", replace(KAT, "schwelle: 0.5", "schwelle: .inf"), KAT, "endliche Zahl", 23,
           "schwelle"),
    Broken("Schwelle minus unendlich", replace(KAT, "schwelle: 1.0", "schwelle: -.inf"), KAT, "endliche Zahl", 34,
           "schwelle"),
    Broken("Schwelle negativ", replace(KAT, "schwelle: 1.0", "schwelle: -0.1"), KAT, "mindestens 0", 34, "schwelle"),
    Broken("Faktor NaN", replace(KAT, "    nenner: ew\n", "    nenner: ew\n    faktor: .nan\n"), KAT,
           "endliche Zahl", 20, "faktor"),
    Broken("Zähler gleich Nenner", replace(KAT, "zaehler: lb_u18", "zaehler: ew_u18"), KAT,
           "Kennzahl „kinderarmut“: zaehler („ew_u18“) und nenner („ew_u18“) sind dasselbe Merkmal", 30, "nenner"),
    Broken("Zähler gleich Nenner als Summe", replace(KAT, "    zaehler: lb\n    nenner: ew\n",
                                                     "    zaehler: lb + ew_u18\n    nenner: ew_u18 + lb\n"), KAT,
           "Kennzahl „quote“: zaehler („lb + ew_u18“) und nenner („ew_u18 + lb“) sind dieselbe Summe", 19, "nenner"),
    Broken("Zähler gleich Nenner über Formel", replace(KAT, "    zaehler: lb\n    nenner: ew\n",
                                                       "    zaehler: ew\n    nenner: ew_ab18 + ew_u18\n"), KAT,
           "Kennzahl „quote“: zaehler („ew“) und nenner („ew_ab18 + ew_u18“) sind dieselbe Summe", 19, "nenner"),
]


def broken_project(tmp_path: Path, case: Broken) -> Path:
    root = project_with_reports(tmp_path / "projekt")
    case.mutate(root)
    return root


def test_there_are_many_broken_projects():
    assert len(BROKEN) >= 25 and len({c.name for c in BROKEN}) == len(BROKEN)


@pytest.mark.parametrize("case", BROKEN, ids=[c.name for c in BROKEN])
def test_pruefen_reports_what_build_refuses(case: Broken, tmp_path, capsys):
    root = broken_project(tmp_path, case)
    started = time.perf_counter()
    _, problems = check_project(root)
    assert time.perf_counter() - started < 10, "the check must not hang"
    hits = [p for p in problems.errors if case.message in p.message and p.file == f"data/{case.file}"
            and (case.row is None or p.row == case.row) and (case.column is None or p.column == case.column)]
    assert hits, f"{case.name}: gemeldet:\n" + "\n".join(map(str, problems))

    assert main(["--projekt", str(root), "pruefen"]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and "Keine Fehler" not in out.out
    checked = error_lines(out.out)
    assert any(f"data/{case.file}" in line and case.message in line for line in checked), out.out

    assert main(["--projekt", str(root), "build", "--format", "html"]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    refused = error_lines(out.err)
    assert refused == checked, "build must refuse with exactly the errors pruefen reports"
    assert not (root / "_output").exists(), "a refused build must not create the output folder"


def test_refused_build_leaves_earlier_output_untouched(tmp_path, capsys):
    root = broken_project(tmp_path, BROKEN[0])
    output = root / "_output"
    (output / ".berichte").mkdir(parents=True)
    (output / "2022").mkdir()
    (output / "index.html").write_text("<p>veröffentlicht</p>")
    (output / "2022/profil-01000001-adorf.html").write_text("<p>Adorf</p>")
    (output / ".berichte/manifest.json").write_text('{"reports": []}')
    os.utime(output, ns=(1, 1))
    before = snapshot(output)
    mtime = output.stat().st_mtime_ns
    assert main(["--projekt", str(root), "build"]) == 1
    assert "data/merkmale.yml" in capsys.readouterr().err
    assert snapshot(output) == before and output.stat().st_mtime_ns == mtime


def test_secrecy_refusal_is_reported_by_pruefen_too(tmp_path, monkeypatch, capsys):
    """The secrecy audit is part of the shared check: what makes build refuse makes pruefen exit 1."""
    from berichte.problems import BerichteError
    import berichte.publish.audit as audit

    def refuse(results):
        raise BerichteError("Ein gesperrter Wert ließe sich errechnen (Prüfung der Geheimhaltung).")

    monkeypatch.setattr(audit, "check_before_publishing", refuse)
    root = project_with_reports(tmp_path / "projekt")
    assert main(["--projekt", str(root), "pruefen"]) == 1
    out = capsys.readouterr().out
    assert "Ein gesperrter Wert ließe sich errechnen" in out and "Keine Fehler" not in out
    assert main(["--projekt", str(root), "build", "--format", "html"]) == 1
    assert "Ein gesperrter Wert ließe sich errechnen" in capsys.readouterr().err
    assert not (root / "_output").exists(), "a refused first build leaves no empty output folder"


# --- YAML limits ---------------------------------------------------------------------------------------

def test_alias_bomb_does_not_hang_a_separate_process(tmp_path):
    """In a fresh process with a time limit, so that a regression fails instead of hanging the test run."""
    root = project_with_reports(tmp_path / "projekt")
    prepend(MER, bomb() + "beziehungen: *b8\n")(root)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "berichte", "--projekt", str(root), "pruefen"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "data/merkmale.yml" in result.stdout and "Billion Laughs" in result.stdout
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("text", [bomb(), merge_bomb(), bomb(levels=4, width=40)],
                         ids=["Listen", "Merge-Schlüssel", "breit"])
def test_safe_load_refuses_expansion_before_building_anything(text):
    from berichte.load.yamlfiles import YamlLimitError, safe_load

    started = time.perf_counter()
    with pytest.raises(YamlLimitError) as info:
        safe_load(text)
    assert time.perf_counter() - started < 2
    assert "Billion Laughs" in info.value.problem and info.value.problem_mark is not None


def test_small_anchors_are_still_allowed(tmp_path, capsys):
    """A planner may name a source once and refer to it; such files stay readable."""
    root = project_with_reports(tmp_path / "projekt")
    replace(MER, "  quelle: Melderegister\n", "  quelle: &mr Melderegister\n")(root)
    replace(MER, "  quelle: Melderegister\n  teil_von: [ew]", "  quelle: *mr\n  teil_von: [ew]")(root)
    assert main(["--projekt", str(root), "pruefen"]) == 0, capsys.readouterr().out
    from berichte.load.yamlfiles import safe_load

    assert safe_load(bomb(levels=3, width=9)) is not None  # 9 × 9 × 9 = 729 entries


def test_shipped_and_demo_yaml_files_are_within_the_limits():
    from berichte.load.yamlfiles import safe_load

    for path in [ROOT / "src/berichte/standard/kennzahlen.yml", ROOT / "src/berichte/standard/merkmale.yml",
                 ROOT / "data/projekt.yml", ROOT / "data/kennzahlen.yml", ROOT / "data/merkmale.yml"]:
        text = path.read_text(encoding="utf-8")
        assert safe_load(text) == yaml.safe_load(text), path


def test_yaml_file_larger_than_the_limit_is_refused_without_parsing(tmp_path, capsys):
    from berichte.load.yamlfiles import MAX_YAML_BYTES

    root = project_with_reports(tmp_path / "projekt")
    with open(root / "data" / KAT, "a", encoding="utf-8") as handle:
        handle.write("# " + "x" * (MAX_YAML_BYTES + 10) + "\n")
    started = time.perf_counter()
    _, problems = check_project(root)
    assert time.perf_counter() - started < 5
    assert any(p.file == "data/kennzahlen.yml" and "größer als 5 MB" in p.message for p in problems.errors)


# --- demo, neu and importieren never overwrite a project silently ------------------------------------------

def project_files(root: Path) -> dict:
    return snapshot(root / "data")


@pytest.mark.parametrize("how", ["im Projektordner", "--ziel", "--projekt"])
def test_demo_refuses_to_overwrite_a_project(how, tmp_path, monkeypatch, capsys):
    root = project_with_reports(tmp_path / "projekt")
    before = project_files(root)
    if how == "im Projektordner":
        monkeypatch.chdir(root)
        argv = ["demo", "--kommunen", "3"]
    elif how == "--ziel":
        argv = ["demo", "--ziel", str(root), "--kommunen", "3"]
    else:
        argv = ["--projekt", str(root), "demo", "--kommunen", "3"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    for name in ("data/projekt.yml", "data/gebiete.csv", "data/merkmale.yml", "data/kennzahlen.yml",
                 "--ueberschreiben"):
        assert name in err, err
    assert project_files(root) == before


def test_demo_refuses_a_folder_with_one_of_its_files(tmp_path, capsys):
    (tmp_path / "data/zahlen").mkdir(parents=True)
    (tmp_path / "data/zahlen/bundesagentur.csv").write_text("schluessel;jahr\n")
    assert main(["demo", "--ziel", str(tmp_path), "--kommunen", "3"]) == 1
    assert "data/zahlen/bundesagentur.csv" in capsys.readouterr().err
    assert (tmp_path / "data/zahlen/bundesagentur.csv").read_text() == "schluessel;jahr\n"


def test_demo_overwrites_when_told(tmp_path, capsys):
    root = project_with_reports(tmp_path / "projekt")
    assert main(["demo", "--ziel", str(root), "--kommunen", "3", "--ueberschreiben"]) == 0
    out = capsys.readouterr().out
    assert "16 Gebiete" in out
    assert "data/zahlen/jobcenter.csv stammt nicht aus dem Beispielprojekt" in out  # the old delivery stays
    assert "fiktive Beispieldaten" in (root / "data/projekt.yml").read_text()


def test_neu_refuses_to_overwrite_and_names_the_option(tmp_path, capsys):
    root = project_with_reports(tmp_path / "projekt")
    before = project_files(root)
    assert main(["neu", str(root), "--name", "Landkreis Test"]) == 1
    err = capsys.readouterr().err
    assert "data/projekt.yml" in err and "--ueberschreiben" in err
    assert project_files(root) == before
    assert main(["neu", str(root), "--name", "Landkreis Test", "--ueberschreiben"]) == 0
    assert "Landkreis Test" in (root / "data/projekt.yml").read_text()
    assert (root / "data/zahlen/jobcenter.csv").read_bytes() == (MINI / "data/zahlen/jobcenter.csv").read_bytes()


def test_importieren_refuses_before_reading_the_sources(tmp_path, capsys):
    root = project_with_reports(tmp_path / "projekt")
    before = project_files(root)
    sources = tmp_path / "amtlich"
    sources.mkdir()  # empty: the refusal must come before the sources are read
    assert main(["importieren", "flensburg", "--ziel", str(root), "--quelle", str(sources)]) == 1
    err = capsys.readouterr().err
    assert "data/projekt.yml" in err and "--ueberschreiben" in err and "importieren flensburg" in err
    assert project_files(root) == before


# --- texts from data are text: no shortcodes, no Markdown ---------------------------------------------------

NAME = "Nord {{< include /etc/passwd >}} *fett* [Link](http://x) $x$ | Pipe <b>B</b> _u_ `c` ~s~ \\"
TITLE = "Quote {{< env HOME >}} **f** [L](http://y) $$y$$ | <i>I</i>"


def visible_text(html: str) -> str:
    """The text a reader sees (without styles, scripts and charts), whitespace collapsed."""
    html = re.sub(r"(?s)<(style|script|svg)\b.*?</\1>", "", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def table_cells(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", cell)))
            for cell in re.findall(r"(?s)<t[dh]\b[^>]*>(.*?)</t[dh]>", html)]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """One HTML build of the mini project with hostile texts in every data file that reaches a report; the
    Markdown every cell wrote is recorded (one worker, in this process)."""
    from berichte.engine import execute
    from berichte.publish.runner import BuildOptions, build

    root = project_with_reports(tmp_path_factory.mktemp("hostile"))
    edit(root / "data/gebiete.csv", "01000001;Adorf;", f"01000001;{NAME};")
    edit(root / "data/kennzahlen.yml", "titel: SGB-II-Quote", f"titel: '{TITLE}'")
    edit(root / "data/kennzahlen.yml", "armut: {titel: Armut}", "armut: {titel: 'Armut {{< meta title >}}'}")
    edit(root / "data/merkmale.yml", "bezeichnung: Leistungsberechtigte SGB II\n",
         "bezeichnung: 'Leistungsberechtigte {{< var x >}} *SGB* II'\n")
    edit(root / "data/projekt.yml", "herausgeber: Testkreis, Sozialplanung",
         "herausgeber: 'Testkreis {{< env USER >}} [Sozialplanung](http://z)'")
    markdown: list[str] = []
    original = execute._run_cell

    def recording(*args, **kwargs):
        result = original(*args, **kwargs)
        if result:
            markdown.append(result)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(execute, "_run_cell", recording)
        summary = build(BuildOptions(root=root, output=root / "_output", jobs=1, formats=("html",)))
    assert not summary.failed, [o.error for o in summary.failed]
    return root, markdown


def test_build_with_shortcodes_and_markdown_in_names_succeeds(hostile_build):
    root, markdown = hostile_build
    reports = sorted((root / "_output/2022").glob("*.html"))
    assert len(reports) == 6 and markdown


def test_cells_never_write_a_shortcode_or_markdown_from_data(hostile_build):
    """Real Quarto expands shortcodes in cell output too, and pandoc reads $…$ as a formula, ~…~ as subscript,
    @… as a citation: every text from data reaches the Markdown escaped (attribute values are literal)."""
    _, markdown = hostile_build
    for text in markdown:
        text = re.sub(r'[\w-]+="[^"]*"', "", text)  # fig-alt="…", title="…": not Markdown
        for line in text.splitlines():
            if line.strip() != "{{< pagebreak >}}":
                assert "{{<" not in line, line
        for active in ("*fett*", "[Link](", "$x$", "`c`", "~s~", "**f**", "$$y$$", "<b>", "<i>", "*SGB*",
                       "[Sozialplanung]("):
            assert active not in text, (active, text[:300])


def test_area_name_shows_literally_in_the_profile(hostile_build):
    root, _ = hostile_build
    html = next((root / "_output/2022").glob("profil-01000001-*.html")).read_text()
    text = visible_text(html)
    assert text.count(NAME) >= 5
    assert any(NAME in cell for cell in table_cells(html))
    assert TITLE in text and "Armut {{< meta title >}}" in text
    assert "Leistungsberechtigte {{< var x >}} *SGB* II" in text
    for active in ("<em>fett", "<strong>f", 'href="http://x"', 'href="http://y"', "<b>B</b>", "<i>I</i>",
                   "<code>c</code>", "<sub>s</sub>", "root:x:0:0"):
        assert active not in html, active


def test_area_name_shows_literally_in_the_sozialbericht_and_its_tables(hostile_build):
    root, _ = hostile_build
    html = (root / "_output/2022/sozialbericht-2022.html").read_text()
    assert sum(NAME in cell for cell in table_cells(html)) >= 2
    assert "Testkreis {{< env USER >}} [Sozialplanung](http://z)" in visible_text(html)
    assert 'href="http://z"' not in html and 'href="http://x"' not in html and "<b>B</b>" not in html


def test_parent_name_shows_literally_in_the_profile_of_a_sozialraum(hostile_build):
    root, _ = hostile_build
    html = next((root / "_output/2022").glob("profil-0100000101-*.html")).read_text()
    assert NAME in visible_text(html)


def test_area_name_shows_literally_in_the_pdf(hostile_build, tmp_path, capsys):
    root, _ = hostile_build
    assert main(["--projekt", str(root), "render", "--gebiet", "01000001", "--format", "pdf",
                 "--ausgabe", str(tmp_path)]) == 0, capsys.readouterr().err
    pdf = next(tmp_path.rglob("*.pdf"))
    text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages))
    assert text.count(NAME) >= 3


def test_engine_keeps_escaped_text_and_quarto_escapes_literal():
    from berichte.content import blocks as md
    from berichte.engine import EngineError
    from berichte.engine.convert import MarkdownConverter

    converter = MarkdownConverter()
    html = converter.convert(f"Gebiet {md.text(NAME)}\n\n| A |\n|---|\n| {md.text(NAME)} |\n", source="t.qmd").body
    assert visible_text(html).count(NAME) == 2
    html = converter.convert("So schreibt man ihn: {{{< pagebreak >}}}\n", source="t.qmd").body
    assert "So schreibt man ihn: {{&lt; pagebreak &gt;}}" in html
    with pytest.raises(EngineError) as info:
        converter.convert("Text {{< include /etc/passwd >}}\n", source="t.qmd")
    assert "include" in info.value.message
    assert "{" not in md.attribute("Alternativtext {{< include x >}}")
