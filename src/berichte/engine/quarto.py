"""The real Quarto CLI as engine: ``quarto render`` in an isolated folder per job, parameters as YAML file.

Quarto renders the document to one self-contained HTML file (``--embed-resources``); the PDF is then made
from that HTML by the same WeasyPrint step as for the built-in engine, with the print stylesheet and a few
rules for Quarto's page structure injected into the page.

Why a YAML file: ``-P gebiet:03999001`` is read as YAML and becomes the number 3999001. Plain
``yaml.safe_dump`` does not help either: it writes ``gebiet: 03999001`` unquoted (in YAML 1.1 that is no
number), which Quarto's YAML 1.2 reader turns into 3999001. So every string is written quoted.
Why a folder per job: renders of one ``.qmd`` in the same folder overwrite each other's figures and
``*_files`` folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .config import find_project_file, format_date
from .errors import EngineError, display_path
from .page import PageInfo, asset_text, page_css

#: Rules for Quarto's HTML structure, added after Quarto's own CSS when printing.
QUARTO_PRINT_CSS = """
#quarto-header, #quarto-sidebar, #quarto-margin-sidebar, .quarto-title-banner, #quarto-search-results,
.quarto-alternate-formats, #quarto-back-to-top, .anchorjs-link, .code-copy-button, .skip-link { display: none !important; }
html body { font-family: "Open Sans", "DejaVu Sans", sans-serif !important; }
html body #quarto-content, html body main.content, html body .page-columns { display: block !important;
  margin: 0 !important; padding: 0 !important; max-width: none !important; width: auto !important; }
html body #title-block-header { margin: 0 0 8mm; }
html body #title-block-header.has-cover, html body .cover { page: cover; }
html body .cover { break-after: page; margin-top: 16mm; }
html body #TOC { break-after: page; }
html body .callout { break-inside: avoid; }
html body table { font-variant-numeric: tabular-nums; }
"""

PARAMS_FILE = "berichte-parameter.yml"


class _QuotingDumper(yaml.SafeDumper):
    """Quotes every string. PyYAML leaves 03999001 unquoted (not an int in YAML 1.1, since 9 is no octal
    digit), but Quarto reads YAML 1.2, where it is the integer 3999001."""


_QuotingDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'"))


def params_yaml(params: dict) -> str:
    """The parameters as YAML with every string quoted, so area keys such as '03999001' stay strings."""
    return yaml.dump(params, Dumper=_QuotingDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False)


def quarto_command(document_name: str, params_file: str) -> list[str]:
    return ["quarto", "render", document_name, "--to", "html", "--execute-params", params_file,
            "--no-execute-daemon", "--embed-resources"]


def _copy_sources(document: Path, target: Path, project_root: Path | None, settings: dict | None = None) -> Path:
    """Copy the document's folder (without outputs) into ``target``; the nearest ``_quarto.yml`` goes
    into the copy at the same place relative to the document — or, if ``settings`` is given, a
    ``_quarto.yml`` with these settings next to the document. Returns the copied document's path."""
    ignore = shutil.ignore_patterns("_output", "_site", "_freeze", ".quarto", "*_files", "*.html", "*.pdf",
                                    "__pycache__", ".*", "_quarto.yml")
    folder = document.parent
    if settings is not None:
        destination = target / "src"
        shutil.copytree(folder, destination, ignore=ignore, dirs_exist_ok=True)
        (destination / "_quarto.yml").write_text(
            yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return destination / document.name
    project_file = find_project_file(document, project_root)
    base = project_file.parent if project_file is not None else folder
    relative = folder.relative_to(base)
    destination = target / "src" / relative
    shutil.copytree(folder, destination, ignore=ignore, dirs_exist_ok=True)
    if project_file is not None:
        shutil.copy2(project_file, target / "src" / "_quarto.yml")
    return destination / document.name


def render_html(document: Path, params: dict, workdir: Path, project_root: Path | None,
                timeout: float, settings: dict | None = None) -> tuple[str, Path]:
    """Run Quarto on a copy of ``document`` in ``workdir``; return the HTML text and its path. ``settings``:
    the ``_quarto.yml`` to use (default: a copy of the nearest one)."""
    shown = display_path(document)
    copy = _copy_sources(document, workdir, project_root, settings)
    params_file = copy.parent / PARAMS_FILE
    params_file.write_text(params_yaml(params), encoding="utf-8")
    env = dict(os.environ)
    env.setdefault("QUARTO_PYTHON", sys.executable)
    command = quarto_command(copy.name, PARAMS_FILE)
    try:
        completed = subprocess.run(command, cwd=copy.parent, env=env, capture_output=True, text=True,
                                   timeout=timeout, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise EngineError("Das Programm quarto wurde nicht gefunden.") from None
    except subprocess.TimeoutExpired:
        raise EngineError(f"{shown}: Quarto hat nach {timeout:.0f} Sekunden nicht fertig gerendert und wurde "
                          "abgebrochen.") from None
    if completed.returncode != 0:
        raise EngineError(f"{shown}: Quarto ist mit Code {completed.returncode} abgebrochen. Meldung von Quarto:\n"
                          + _tail(completed.stderr or completed.stdout))
    html_path = copy.with_suffix(".html")
    if not html_path.is_file():
        found = sorted(workdir.rglob(copy.stem + ".html"))
        if not found:
            raise EngineError(f"{shown}: Quarto meldet Erfolg, hat aber keine HTML-Datei {html_path.name} "
                              "geschrieben (setzt _quarto.yml ein anderes Ausgabeformat oder output-dir?).")
        html_path = found[0]
    return html_path.read_text(encoding="utf-8"), html_path


def _tail(text: str, lines: int = 40) -> str:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:]) or "(keine Meldung)"


class _InfoParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = "de"
        self.title = ""
        self.head_title = ""
        self.subtitle = ""
        self.authors: list[str] = []
        self.date = ""
        self.description = ""
        self._capture: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "html" and attrs.get("lang"):
            self.lang = attrs["lang"]
        elif tag == "meta":
            name, content = attrs.get("name"), attrs.get("content") or ""
            if name == "author" and content:
                self.authors.append(content)
            elif name == "dcterms.date":
                self.date = content
            elif name == "description":
                self.description = content
        elif tag == "title":
            self._start("head_title")
        elif tag == "h1" and "title" in classes and not self.title:
            self._start("title")
        elif tag == "p" and "subtitle" in classes and not self.subtitle:
            self._start("subtitle")

    def _start(self, name: str) -> None:
        self._capture, self._text = name, []

    def handle_endtag(self, tag):
        if self._capture and tag in ("title", "h1", "p"):
            setattr(self, self._capture, " ".join("".join(self._text).split()))
            self._capture = None

    def handle_data(self, data):
        if self._capture:
            self._text.append(data)


def page_info_from_html(html: str) -> PageInfo:
    parser = _InfoParser()
    parser.feed(html)
    title = parser.title or parser.head_title or "Bericht"
    return PageInfo(title, parser.subtitle, tuple(parser.authors), format_date(parser.date), parser.lang,
                    parser.description or (f"{title}: {parser.subtitle}" if parser.subtitle else title))


def prepare_for_print(html: str, info: PageInfo, mark: str | None = None) -> str:
    """Quarto's HTML plus the print stylesheet, the Quarto adjustments and the running header texts."""
    if 'class="cover' in html:
        html = html.replace('<header id="title-block-header" class="', '<header id="title-block-header" class="has-cover ', 1)
    style = f"<style>\n{asset_text('print.css')}\n{QUARTO_PRINT_CSS}\n{page_css(info, mark)}\n</style>\n"
    index = html.lower().rfind("</head>")
    return html[:index] + style + html[index:] if index >= 0 else style + html
