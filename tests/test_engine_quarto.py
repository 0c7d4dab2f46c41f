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
