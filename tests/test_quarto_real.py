"""The shipped documents with the real Quarto CLI: ``berichte render --engine quarto`` and plain ``quarto render``.

Skipped where ``quarto`` is not on PATH (CI has none). Where it is, Quarto runs the cells with the Python named by
``QUARTO_PYTHON`` (it needs berichte, papermill and ipykernel; see docs/engine.md). Each Quarto render takes
10–30 s, so every render is a session-scoped fixture shared by the tests that look at it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="Die Quarto-CLI ist auf dieser Maschine nicht installiert (quarto nicht im PATH); die Tests mit echtem "
           "Quarto laufen nur, wo es installiert ist.")

AREA, NAME, YEAR = "03999002", "Falkenried", 2023
MM = 72 / 25.4  # PDF points per millimetre


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


def _checkout(folder: Path) -> Path:
    """A git repository laid out like the berichte checkout for ``quarto render``: _quarto.yml, the extension,
    reports/*.qmd, the demo project data/ and the checkout's .gitignore, all committed."""
    documents = ROOT / "src" / "berichte" / "documents"
    shutil.copy2(documents / "_quarto.yml", folder / "_quarto.yml")
    shutil.copytree(documents / "_extensions", folder / "_extensions")
    (folder / "reports").mkdir()
    for name in ("profil.qmd", "sozialbericht.qmd"):
        shutil.copy2(documents / name, folder / "reports" / name)
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copy2(ROOT / ".gitignore", folder / ".gitignore")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "start")
    return folder


@pytest.fixture(scope="session")
def quarto_checkout(tmp_path_factory) -> Path:
    return _checkout(tmp_path_factory.mktemp("quarto-checkout"))


def _quarto(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DENO_NO_UPDATE_CHECK="1")
    return subprocess.run(["quarto", "render", *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=900, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def plain_renders(quarto_checkout) -> dict:
    """Plain ``quarto render reports/profil.qmd`` (HTML) and ``--to typst`` with a parameters file, as a Quarto
    user would run them; the git status after each."""
    params = quarto_checkout.parent / "parameter.yml"  # outside the repository
    params.write_text(f"gebiet: '{AREA}'\n", encoding="utf-8")
    out = {}
    for fmt, args in (("html", ()), ("typst", ("--to", "typst"))):
        done = _quarto(quarto_checkout, "reports/profil.qmd", "--execute-params", str(params), *args)
        assert done.returncode == 0, done.stderr[-3000:]
        out[fmt] = _git(quarto_checkout, "status", "--porcelain", "--untracked-files=all")
    out["html_path"] = quarto_checkout / "_output" / "quarto" / "reports" / "profil.html"
    out["pdf_path"] = quarto_checkout / "_output" / "quarto" / "reports" / "profil.pdf"
    return out


@pytest.fixture(scope="session")
def engine_render(tmp_path_factory):
    """``berichte render --engine quarto`` of one Profil (HTML and PDF) in a copy of the demo project."""
    from berichte.publish.worker import project_renderer

    project = tmp_path_factory.mktemp("quarto-projekt")
    shutil.copytree(ROOT / "data", project / "data")
    before = _git(ROOT, "status", "--porcelain", "--untracked-files=all") if (ROOT / ".git").exists() else None
    renderer = project_renderer(project, "quarto")
    document = ROOT / "src" / "berichte" / "documents" / "profil.qmd"
    result = renderer.render(document, {"gebiet": AREA, "jahr": YEAR, "projekt": str(project)}, pdf=True)
    after = _git(ROOT, "status", "--porcelain", "--untracked-files=all") if before is not None else None
    return result, before, after


def test_engine_quarto_pdf_has_a_table_of_contents_with_page_numbers(engine_render):
    import pdfplumber

    result, _, _ = engine_render
    with pdfplumber.open(io.BytesIO(result.pdf_bytes)) as pdf:
        toc_page = pdf.pages[1].extract_text()
    assert "Inhaltsverzeichnis" in toc_page
    assert re.search(r"Auf einen Blick\s*\.*\s*\d+", toc_page), toc_page[:500]
    assert re.search(r"Anhang\s*\.*\s*\d+", toc_page)
    from pypdf import PdfReader

    outline = [item for item in PdfReader(io.BytesIO(result.pdf_bytes)).outline if not isinstance(item, list)]
    assert "Inhaltsverzeichnis" in [item.title for item in outline]


def test_engine_quarto_cover_keeps_its_distance_from_the_paper_edge(engine_render):
    import pdfplumber

    result, _, _ = engine_render
    with pdfplumber.open(io.BytesIO(result.pdf_bytes)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        title = next(w for w in words if w["text"].startswith("Sozialstruktur"))
        left = min(w["x0"] for w in words)
        right = max(w["x1"] for w in words)
        top = min(w["top"] for w in words)
        bottom = max(w["bottom"] for w in words)
        width, height = page.width, page.height
    assert title["x0"] >= 20 * MM and title["top"] >= 30 * MM  # the built-in cover: 24 mm, 44 mm
    assert left >= 20 * MM and width - right >= 15 * MM
    assert top >= 20 * MM and height - bottom >= 15 * MM
    assert "Gebietsschlüssel" in " ".join(w["text"] for w in words)  # the cover table is on page 1


def test_engine_quarto_names_area_and_year_in_html_title_and_pdf_title(engine_render):
    from pypdf import PdfReader

    result, _, _ = engine_render
    expected = f"Sozialstruktur-Profil – {NAME} · Berichtsjahr {YEAR}"
    assert re.search(r"<title>(.*?)</title>", result.html).group(1) == expected
    assert PdfReader(io.BytesIO(result.pdf_bytes)).metadata.title == expected


def test_engine_quarto_leaves_the_checkout_untouched(engine_render):
    _, before, after = engine_render
    if before is None:
        pytest.skip("kein Git-Arbeitsverzeichnis")
    assert after == before


def test_plain_quarto_render_leaves_git_status_clean(plain_renders, quarto_checkout):
    assert plain_renders["html"] == "" and plain_renders["typst"] == ""
    assert plain_renders["html_path"].is_file() and plain_renders["pdf_path"].is_file()
    assert sorted(p.name for p in (quarto_checkout / "reports").iterdir() if not p.name.startswith(".")) == \
        ["profil.qmd", "sozialbericht.qmd"]  # no figures, HTML, _files or .typ next to the documents


def test_plain_quarto_html_has_the_house_style(plain_renders):
    html = plain_renders["html_path"].read_text(encoding="utf-8")
    assert re.search(r"<title>(.*?)</title>", html).group(1) == f"Sozialstruktur-Profil – {NAME} · Berichtsjahr {YEAR}"
    header = html.index('<header id="title-block-header" class="title-block has-cover">')
    cover, toc, main = html.index('<div class="cover">'), html.index('<nav id="TOC" class="toc"'), \
        html.index('<main id="inhalt" class="top-h2">')
    assert header < cover < toc < main  # cover first, then the table of contents, then the text
    assert re.search(r'<p class="date"><span class="date-label">Veröffentlicht am</span> \d{1,2}\. '
                     r'(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}</p>',
                     html)
    assert "--accent: #1d4f6c" in html and ".figure-row > .quarto-float" in html  # report.css + adapter, embedded
    assert 'class="callout callout-important"' in html and "bootstrap" not in html.lower()
    assert html.count('<div class="figure-row">') >= 5


def test_plain_quarto_typst_pdf_has_cover_first_then_contents(plain_renders):
    import pdfplumber
    from pypdf import PdfReader

    pdf_bytes = plain_renders["pdf_path"].read_bytes()
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        first, second, third = (pdf.pages[i].extract_text() for i in range(3))
        words = pdf.pages[0].extract_words()
    assert "Sozialstruktur-Profil" in first and "Gebietsschlüssel" in first and AREA in first
    assert re.search(r"Veröffentlicht am \d{1,2}\. \w+ \d{4}", first)
    assert "Inhaltsverzeichnis" in second and "Auf einen Blick" in second
    assert "Inhaltsverzeichnis" not in first and "Seite 3 von" in third
    assert min(w["x0"] for w in words) >= 20 * MM
    assert PdfReader(io.BytesIO(pdf_bytes)).metadata.title == f"Sozialstruktur-Profil – {NAME} · Berichtsjahr {YEAR}"


def test_plain_quarto_with_a_numeric_area_key_gives_a_german_message(tmp_path):
    done = _quarto(_checkout(tmp_path), "reports/profil.qmd", "-P", f"gebiet:{AREA}")
    assert done.returncode != 0
    message = done.stderr + done.stdout
    assert f"Der Gebietsschlüssel kam als die Zahl {int(AREA)} an" in message
    assert "--execute-params" in message and f"-P gebiet:\"'{AREA}'\"" in message
    assert "Traceback" not in message and "File \"" not in message
