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

from .config import find_project_file, format_date, load_project_file
from .errors import EngineError, display_path
from .page import PageInfo, asset_text, page_css

#: Rules for Quarto's HTML structure, added after Quarto's own CSS when printing. They hold for both kinds of
#: Quarto page: the one of the extension shipped with the documents (format berichte-html: the built-in
#: engine's markup, which print.css already knows) and Quarto's default page (Bootstrap; the title block is
#: ``header.quarto-title-block``, the cover a div in ``main``, the table of contents in the margin, which
#: :func:`prepare_for_print` moves behind the cover). The cover page has no page margins (for the coloured
#: band): its text gets its distance from the paper's edge here, on Quarto's own elements.
QUARTO_PRINT_CSS = """
#quarto-header, #quarto-sidebar, #quarto-margin-sidebar, .quarto-title-banner, #quarto-search-results,
.quarto-alternate-formats, #quarto-back-to-top, .anchorjs-link, .code-copy-button, .skip-link { display: none !important; }
html body { font-family: "Open Sans", "DejaVu Sans", sans-serif !important; }
html body #quarto-content, html body main.content, html body .page-columns { display: block !important;
  margin: 0 !important; padding: 0 !important; max-width: none !important; width: auto !important; }
html body #title-block-header { margin: 0 0 8mm; }
html body #title-block-header.has-cover { page: cover; margin: 0; }
html body #title-block-header.has-cover:not(.title-block) { padding: 30mm 24mm 0 24mm; border-top: 14mm solid #1d4f6c; }
html body main .cover { page: cover; break-after: page; margin: 16mm 24mm 0 24mm; padding-top: 8mm;
  border-top: 1.2pt solid #1d4f6c; }
html body #TOC { break-after: page; padding: 0; margin: 0; max-width: none; }
html body #TOC ul { list-style: none; margin: 0; padding: 0; border: 0; }
html body #TOC ul ul { padding-left: 8mm; }
html body #TOC > ul > li { margin-top: 2.4mm; font-weight: 600; }
html body #TOC ul ul li { font-weight: 400; margin-top: 0.8mm; }
html body #TOC .header-section-number, html body #TOC .toc-section-number { display: inline-block; min-width: 9mm;
  color: #59646e; margin: 0; }
html body .quarto-float { margin: 6mm 0; }
html body figure.quarto-float-fig { break-inside: avoid; }
html body figure.quarto-float-tbl { break-inside: auto; }
html body .quarto-float-tbl > figcaption { break-after: avoid; }
html body .quarto-float > figure { margin: 0; }
html body .quarto-float-tbl > figcaption { font-size: 9pt; font-weight: 600; color: #1d2227; margin: 0 0 2mm; }
html body .figure-row { display: flex; flex-wrap: nowrap; gap: 5mm; break-inside: avoid; }
html body .figure-row > .quarto-float { flex: 1 1 0; margin: 0; min-width: 0; }
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


#: The HTML format of the Quarto extension shipped with the documents (``_extensions/berichte``): used when
#: the settings name it, else Quarto's plain ``html``.
HOUSE_FORMAT = "berichte-html"
EXTENSIONS = "_extensions"


def quarto_command(document_name: str, params_file: str, fmt: str = "html") -> list[str]:
    return ["quarto", "render", document_name, "--to", fmt, "--execute-params", params_file,
            "--no-execute-daemon", "--embed-resources"]


def html_format(settings: dict) -> str:
    """``berichte-html`` if the settings (``_quarto.yml``) use the extension's format, else ``html``."""
    formats = settings.get("format")
    return HOUSE_FORMAT if isinstance(formats, dict) and HOUSE_FORMAT in formats else "html"


def _copy_sources(document: Path, target: Path, project_root: Path | None, settings: dict | None = None,
                  extension_folders: tuple[Path, ...] = ()) -> tuple[Path, dict]:
    """Copy the document's folder (without outputs) into ``target``; the nearest ``_quarto.yml`` goes
    into the copy at the same place relative to the document — or, if ``settings`` is given, a
    ``_quarto.yml`` with these settings next to the document. Quarto extensions (``_extensions/``) next to the
    settings file, or in ``extension_folders`` (later ones win), go next to the copied settings. Returns the
    copied document's path and the settings."""
    ignore = shutil.ignore_patterns("_output", "_site", "_freeze", ".quarto", "*_files", "*.html", "*.pdf",
                                    "__pycache__", ".*", "_quarto.yml", EXTENSIONS)
    folder = document.parent
    if settings is not None:
        destination = target / "src"
        shutil.copytree(folder, destination, ignore=ignore, dirs_exist_ok=True)
        (destination / "_quarto.yml").write_text(
            yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        _copy_extensions(extension_folders, destination)
        return destination / document.name, settings
    project_file = find_project_file(document, project_root)
    base = project_file.parent if project_file is not None else folder
    relative = folder.relative_to(base)
    destination = target / "src" / relative
    shutil.copytree(folder, destination, ignore=ignore, dirs_exist_ok=True)
    if project_file is None:
        return destination / document.name, {}
    shutil.copy2(project_file, target / "src" / "_quarto.yml")
    _copy_extensions((project_file.parent,), target / "src")
    return destination / document.name, load_project_file(project_file)


def _copy_extensions(folders, destination: Path) -> None:
    for folder in folders:
        extensions = Path(folder) / EXTENSIONS
        if extensions.is_dir():
            shutil.copytree(extensions, destination / EXTENSIONS, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))


def render_html(document: Path, params: dict, workdir: Path, project_root: Path | None,
                timeout: float, settings: dict | None = None,
                extension_folders: tuple[Path, ...] = ()) -> tuple[str, Path]:
    """Run Quarto on a copy of ``document`` in ``workdir``; return the HTML text and its path. ``settings``:
    the ``_quarto.yml`` to use (default: a copy of the nearest one); ``extension_folders``: folders whose
    ``_extensions/`` go with it."""
    shown = display_path(document)
    copy, used = _copy_sources(document, workdir, project_root, settings, extension_folders)
    params_file = copy.parent / PARAMS_FILE
    params_file.write_text(params_yaml(params), encoding="utf-8")
    env = dict(os.environ)
    env.setdefault("QUARTO_PYTHON", sys.executable)
    command = quarto_command(copy.name, PARAMS_FILE, html_format(used))
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


class _Spans(HTMLParser):
    """Where the title block, the cover div and the table of contents start and end in a page (offsets)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.spans: dict[str, list[int]] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, name of the span it starts)
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        name = None
        if tag == "header" and attrs.get("id") == "title-block-header":
            name = "header"
        elif tag == "nav" and attrs.get("id") == "TOC":
            name = "toc"
        elif tag == "div" and "cover" in (attrs.get("class") or "").split():
            name = "cover"
        if name is not None and name not in self.spans:
            self.spans[name] = [self._offset(), -1]
        else:
            name = None
        self._open.append((tag, name))

    def handle_endtag(self, tag):
        while self._open:
            opened, name = self._open.pop()
            if name is not None:
                self.spans[name][1] = self._offset() + len(f"</{tag}>")
            if opened == tag:
                break


def _toc_after_cover(html: str) -> str:
    """The table of contents right after the cover: Quarto's default page puts it in the margin column, which
    print hides; the extension's page has it there already."""
    spans = _Spans(html).spans
    toc = spans.get("toc")
    if toc is None or toc[1] < 0:
        return html
    nav = html[toc[0]:toc[1]]
    if 'class="' in nav.split(">", 1)[0]:
        nav = nav.replace('class="', 'class="toc ', 1)
    else:
        nav = nav.replace("<nav ", '<nav class="toc" ', 1)
    header, cover = spans.get("header"), spans.get("cover")
    if cover is not None and cover[1] > 0 and not (header is not None and header[0] < cover[0] < header[1]):
        target = cover[1]
    elif header is not None and header[1] > 0:
        target = header[1]
    else:
        return html
    if target <= toc[0]:
        return html[:target] + "\n" + nav + html[target:toc[0]] + html[toc[1]:]
    return html[:toc[0]] + html[toc[1]:target] + "\n" + nav + html[target:]


def prepare_for_print(html: str, info: PageInfo, mark: str | None = None) -> str:
    """Quarto's HTML plus the print stylesheet, the Quarto adjustments and the running header texts."""
    if 'class="cover' in html and 'class="title-block has-cover' not in html:
        html = html.replace('<header id="title-block-header" class="', '<header id="title-block-header" class="has-cover ', 1)
    html = _toc_after_cover(html)
    style = f"<style>\n{asset_text('print.css')}\n{QUARTO_PRINT_CSS}\n{page_css(info, mark)}\n</style>\n"
    index = html.lower().rfind("</head>")
    return html[:index] + style + html[index:] if index >= 0 else style + html
