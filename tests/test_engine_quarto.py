"""The Quarto engine: parameters file, command line, isolation per job, errors, and a real render if Quarto
is installed.

Most tests put a stand-in ``quarto`` program on PATH that records how it was called and writes a small
HTML page, so the plumbing is tested on every machine; the real CLI is only used when it is installed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from berichte.engine import EngineError, Renderer
from berichte.engine.quarto import params_yaml, quarto_command

from engine_helpers import FIXTURES, TOY

FAKE_QUARTO = textwrap.dedent('''\
    #!{python}
    """Stand-in for the Quarto CLI: logs its call, fails on request, else writes <doc>.html."""
    import json, os, sys
    from pathlib import Path
    import yaml
    args = sys.argv[1:]
    params_file = args[args.index("--execute-params") + 1]
    params = yaml.safe_load(Path(params_file).read_text(encoding="utf-8"))
    with open(os.environ["FAKE_QUARTO_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps({{"args": args, "cwd": os.getcwd(), "params_text": Path(params_file).read_text(),
                              "params": params, "files": sorted(os.listdir("."))}}) + "\\n")
    if os.environ.get("FAKE_QUARTO_FAIL"):
        print("ERROR: Jupyter kernel died: NameError: name 'gebiett' is not defined", file=sys.stderr)
        sys.exit(1)
    doc = Path(args[1])
    doc.with_suffix(".html").write_text(
        '<!DOCTYPE html><html lang="de"><head><title>Sozialprofil</title>'
        '<meta name="author" content="Stabsstelle Sozialplanung"></head><body>'
        '<header id="title-block-header" class="quarto-title-block"><h1 class="title">Sozialprofil</h1>'
        '<p class="subtitle lead">Musterstadt · 2023</p></header>'
        '<main class="content"><section id="sec-a" class="level2"><h2>Abschnitt</h2>'
        f'<p>Gebiet {{params["gebiet"]}}</p></section></main></body></html>', encoding="utf-8")
''')


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "quarto"
    program.write_text(FAKE_QUARTO.format(python=sys.executable), encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "quarto-log.jsonl"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return lambda: [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_parameters_yaml_keeps_area_keys_as_quoted_strings():
    text = params_yaml({"gebiet": "03999001", "jahr": 2023, "name": "Groß-Umstadt"})
    assert "'gebiet': '03999001'" in text
    assert "'jahr': 2023" in text and "Groß-Umstadt" in text
    assert yaml.safe_load(text) == {"gebiet": "03999001", "jahr": 2023, "name": "Groß-Umstadt"}


def test_quarto_command_uses_a_parameters_file_never_dash_p():
    command = quarto_command("profil.qmd", "params.yml")
    assert command[:5] == ["quarto", "render", "profil.qmd", "--to", "html"]
    assert command[command.index("--execute-params") + 1] == "params.yml"
    assert "--no-execute-daemon" in command and "--embed-resources" in command
    assert "-P" not in command


def test_quarto_engine_renders_a_copy_in_its_own_folder_and_makes_the_pdf(fake_quarto, tmp_path):
    before = sorted(p.name for p in FIXTURES.iterdir())
    result = Renderer(project_root=FIXTURES).render(TOY, {"gebiet": "03999001", "jahr": 2023}, pdf=True,
                                                    engine="quarto")
    calls = fake_quarto()
    assert len(calls) == 1
    call = calls[0]
    assert Path(call["cwd"]).resolve() != FIXTURES.resolve()
    assert "toy.qmd" in call["files"] and "_quarto.yml" in call["files"]
    assert "'gebiet': '03999001'" in call["params_text"] and call["params"]["gebiet"] == "03999001"
    assert result.engine == "quarto" and "Gebiet 03999001" in result.html
    reader = PdfReader(io.BytesIO(result.pdf_bytes))
    assert reader.trailer["/Root"]["/Lang"] == "de"
    first_page = reader.pages[0].extract_text()
    assert "Seite 1 von 1" in first_page and first_page.count("Musterstadt · 2023") == 1  # no running header
    assert sorted(p.name for p in FIXTURES.iterdir()) == before  # nothing written next to the document


def test_parallel_jobs_use_separate_folders(fake_quarto):
    renderer = Renderer(project_root=FIXTURES)
    renderer.render(TOY, {"gebiet": "03999001", "jahr": 2023}, engine="quarto")
    renderer.render(TOY, {"gebiet": "03999002", "jahr": 2023}, engine="quarto")
    first, second = fake_quarto()
    assert first["cwd"] != second["cwd"]


def test_quarto_failure_is_reported_in_german_with_quartos_message(fake_quarto, monkeypatch, tmp_path):
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    out = tmp_path / "out.html"
    with pytest.raises(EngineError) as info:
        Renderer(project_root=FIXTURES).render(TOY, {"gebiet": "03999001", "jahr": 2023}, out_html=out,
                                               engine="quarto")
    message = info.value.message
    assert "Quarto ist mit Code 1 abgebrochen" in message and "name 'gebiett' is not defined" in message
    assert not out.exists()


def test_quarto_engine_checks_the_parameters_cell_first(fake_quarto, tmp_path):
    path = tmp_path / "ohne.qmd"
    path.write_text("---\ntitle: T\n---\n\nText\n", encoding="utf-8")
    with pytest.raises(EngineError) as info:
        Renderer().render(path, {"gebiet": "03999001"}, engine="quarto")
    assert "parameters" in info.value.message


def test_choosing_quarto_without_quarto_is_a_german_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EngineError) as info:
        Renderer().render(TOY, {}, engine="quarto")
    assert "nicht installiert" in info.value.message


@pytest.mark.skipif(shutil.which("quarto") is None,
                    reason="Die Quarto-CLI ist auf dieser Maschine nicht installiert (quarto nicht im PATH); "
                           "der Test mit echtem Quarto läuft nur, wo es installiert ist.")
def test_real_quarto_renders_the_toy_report(tmp_path):
    result = Renderer(project_root=FIXTURES).render(TOY, {"gebiet": "03999001", "jahr": 2023, "vergleich": 2018},
                                                    out_html=tmp_path / "toy.html", out_pdf=tmp_path / "toy.pdf",
                                                    engine="quarto")
    assert "Musterstadt" in result.html and 'lang="de"' in result.html
    assert result.pdf_bytes.startswith(b"%PDF")


# --- the Quarto extension shipped with the documents, the print adjustments, the engine choice ---------------

DOCUMENTS = Path(__file__).resolve().parents[1] / "src" / "berichte" / "documents"


def test_quarto_engine_uses_the_extension_format_and_copies_the_extension(fake_quarto):
    renderer = Renderer(project_root=FIXTURES, project_files=[DOCUMENTS / "_quarto.yml"])
    renderer.render(TOY, {"gebiet": "03999001", "jahr": 2023}, engine="quarto")
    call = fake_quarto()[0]
    assert call["args"][call["args"].index("--to") + 1] == "berichte-html"
    assert "_extensions" in call["files"] and "_quarto.yml" in call["files"]
    copied = Path(call["cwd"]) / "_extensions" / "berichte" / "_extension.yml"
    assert not copied.exists()  # the job folder is gone afterwards


def test_extension_ships_the_built_in_stylesheet_unchanged():
    from berichte.engine.page import asset_text

    shipped = (DOCUMENTS / "_extensions" / "berichte" / "report.css").read_text(encoding="utf-8")
    assert shipped == asset_text("report.css")


def test_checkout_links_the_extension_and_ignores_what_quarto_requires():
    root = DOCUMENTS.parents[2]
    assert (root / "_extensions" / "berichte" / "_extension.yml").is_file()
    lines = [line.strip() for line in (root / ".gitignore").read_text(encoding="utf-8").splitlines()]
    # Quarto's ensureGitignore appends exactly these lines to .gitignore whenever one of them is missing
    assert "/.quarto/" in lines and "**/*.quarto_ipynb" in lines


def test_built_in_engine_reads_the_options_of_the_extension_format(tmp_path):
    from berichte.engine.config import document_config, load_project_file

    config = document_config({}, load_project_file(DOCUMENTS / "_quarto.yml"), "profil.qmd")
    assert config.toc is True and config.lang == "de"
    assert config.warnings == []  # Quarto-only settings (filters, template-partials, date-format) are accepted


QUARTO_DEFAULT_PAGE = """<!DOCTYPE html><html lang="de"><head><title>T – A · Berichtsjahr 2023</title></head><body>
<div id="quarto-content" class="page-columns">
<div id="quarto-margin-sidebar" class="sidebar margin-sidebar"><nav id="TOC" role="doc-toc" class="toc-active">
<h2 id="toc-title">Inhaltsverzeichnis</h2><ul><li><a href="#sec-a" class="nav-link">
<span class="header-section-number">1</span> Kapitel</a></li></ul></nav></div>
<main class="content" id="quarto-document-content">
<header id="title-block-header" class="quarto-title-block default"><div class="quarto-title">
<h1 class="title">T</h1><p class="subtitle lead">A · Berichtsjahr 2023</p></div></header>
<div class="cover"><table><tr><td>Gebietsschlüssel</td><td>03999001</td></tr></table></div>
<section id="sec-a" class="level2"><h2>Kapitel</h2><p>Text</p></section>
</main></div></body></html>"""


def test_print_puts_quartos_table_of_contents_behind_the_cover_and_gives_the_cover_margins():
    import pdfplumber

    from berichte.engine.pdf import PdfWriter
    from berichte.engine.quarto import page_info_from_html, prepare_for_print

    info = page_info_from_html(QUARTO_DEFAULT_PAGE)
    html = prepare_for_print(QUARTO_DEFAULT_PAGE, info)
    assert 'id="title-block-header" class="has-cover quarto-title-block' in html
    cover_end = html.index("</table></div>")
    assert cover_end < html.index('<nav id="TOC" role="doc-toc" class="toc toc-active">') < html.index('id="sec-a"')
    assert "quarto-margin-sidebar" in html and html.count('id="TOC"') == 1
    pdf, pages = PdfWriter(stylesheets=()).write(html)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = document.pages[0]
        words = first.extract_words()
        texts = [page.extract_text() for page in document.pages]
    assert pages == 3 and "Gebietsschlüssel" in texts[0] and "Inhaltsverzeichnis" in texts[1]
    mm = 72 / 25.4
    assert min(w["x0"] for w in words) >= 20 * mm and min(w["top"] for w in words) >= 20 * mm


def test_auto_is_the_built_in_engine_unless_the_project_asks_for_quarto(fake_quarto, demo_copy):
    from berichte.engine.render import choose_engine
    from berichte.publish.worker import project_renderer

    assert choose_engine("auto") == "builtin"  # even with quarto on PATH (the stand-in here)
    assert project_renderer(demo_copy, "auto").engine == "builtin"
    settings = demo_copy / "data" / "projekt.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "engine: quarto\n", encoding="utf-8")
    assert project_renderer(demo_copy, "auto").engine == "quarto"
    assert project_renderer(demo_copy, "builtin").engine == "builtin"
