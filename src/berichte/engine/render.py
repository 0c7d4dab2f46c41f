"""Rendering a ``.qmd`` to HTML and PDF: the public API of the document engine.

    from berichte.engine import Renderer, render_document

    result = render_document("reports/profil.qmd", {"gebiet": "03999001", "jahr": 2023},
                             out_html=Path("_output/profil.html"), out_pdf=Path("_output/profil.pdf"))

For many documents use one :class:`Renderer`: it parses each ``.qmd`` once (again only when the file
changes), keeps one markdown-it parser, the compiled template and stylesheets, WeasyPrint's font
configuration and an image cache. A Renderer changes the working directory while cells run: use one per
process (processes, not threads, for parallel builds).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, atomic
from .config import DYNAMIC_META, DocumentConfig, document_config, find_project_file, load_project_file, merge
from .errors import EngineError
from .execute import check_parameters, execute
from .convert import MarkdownConverter
from .page import PageInfo, add_mark, asset_text, build_page, embed_images, page_css, page_info, template_source
from .pdf import DEFAULT_VARIANT, PdfWriter
from .qmd import QmdDocument, parse_qmd

ENGINES = ("auto", "builtin", "quarto")


@dataclass
class RenderResult:
    html: str
    pdf_bytes: bytes | None
    timings: dict[str, float]
    warnings: list[str] = field(default_factory=list)
    engine: str = "builtin"
    pages: int | None = None
    info: PageInfo | None = None


@dataclass
class Prepared:
    """A document whose cells have run, converted to HTML but not yet laid out as a page or a PDF.

    ``content_hash`` covers exactly what the reader sees — body, cover, table of contents, title, subtitle,
    authors, embedded images — plus the page template, the stylesheets and the package version, but not
    the date or the edition line, which :meth:`Renderer.finish` adds. A build compares it with the hash of
    the published report to decide whether anything must be rendered again.
    """

    engine: str
    source: str
    info: PageInfo
    warnings: list[str]
    timings: dict[str, float]
    content_hash: str
    converted: object = None  # builtin: markdown.Converted
    config: DocumentConfig | None = None
    html: str | None = None  # quarto: the page as Quarto wrote it
    html_path: Path | None = None


def quarto_available() -> bool:
    return shutil.which("quarto") is not None


def choose_engine(engine: str) -> str:
    """``auto`` is the built-in engine: Quarto only when asked for (``engine: quarto`` in a project's
    projekt.yml is resolved before it gets here), because it takes two to three times as long."""
    if engine not in ENGINES:
        raise EngineError(f"Unbekannte Engine „{engine}“; möglich sind: {', '.join(ENGINES)}.")
    if engine == "auto":
        return "builtin"
    if engine == "quarto" and not quarto_available():
        raise EngineError("Die Engine „quarto“ wurde gewählt, aber das Programm quarto ist nicht installiert "
                          "(nicht im Suchpfad PATH). Ohne Quarto bitte --engine builtin verwenden.")
    return engine


class Renderer:
    def __init__(self, project_root: Path | str | None = None, engine: str = "auto",
                 pdf_variant: str | None = DEFAULT_VARIANT, quarto_timeout: float = 900, *,
                 project_files: list[Path] | tuple[Path, ...] | None = None, meta: dict | None = None):
        """``project_files``: the ``_quarto.yml`` files for every document, merged in order (later wins),
        instead of the nearest one in the document's folder or above. ``meta``: metadata that wins over
        ``_quarto.yml`` and the front matter (e.g. ``author``), like Quarto's ``--metadata``."""
        self.project_root = Path(project_root).resolve() if project_root is not None else None
        self.project_files = tuple(Path(p) for p in project_files) if project_files is not None else None
        self.meta = dict(meta or {})
        self.engine = engine
        self.pdf_variant = pdf_variant
        self.quarto_timeout = quarto_timeout
        self._documents: dict[Path, tuple[tuple, QmdDocument]] = {}
        self._project_files: dict[Path, tuple[tuple, dict]] = {}
        self._converter: MarkdownConverter | None = None
        self._pdf: PdfWriter | None = None
        self._quarto_pdf: PdfWriter | None = None

    # --- shared, lazily built objects -------------------------------------------------------------------
    @property
    def converter(self) -> MarkdownConverter:
        if self._converter is None:
            self._converter = MarkdownConverter()
        return self._converter

    @property
    def pdf_writer(self) -> PdfWriter:
        if self._pdf is None:
            self._pdf = PdfWriter(self.pdf_variant)
        return self._pdf

    def parse(self, path: Path | str) -> QmdDocument:
        """The parsed document, from the cache unless the file changed."""
        path = Path(path).resolve()
        key = _file_key(path)
        cached = self._documents.get(path)
        if cached is None or cached[0] != key:
            if key is None:
                raise EngineError(f"Das Dokument {path} wurde nicht gefunden.")
            self._documents[path] = (key, parse_qmd(path))
        return self._documents[path][1]

    def project_config(self, doc: QmdDocument) -> dict:
        """The merged ``_quarto.yml`` settings for ``doc`` (each file read again only when it changes)."""
        if self.project_files is not None:
            files = self.project_files
        else:
            found = find_project_file(doc.path, self.project_root)
            files = (found,) if found is not None else ()
        project: dict = {}
        for project_file in files:
            key = _file_key(project_file)
            if key is None:
                raise EngineError(f"Die Einstellungsdatei {project_file} wurde nicht gefunden.")
            cached = self._project_files.get(project_file)
            if cached is None or cached[0] != key:
                self._project_files[project_file] = (key, load_project_file(project_file))
            project = merge(project, self._project_files[project_file][1])
        return project

    def config(self, doc: QmdDocument) -> DocumentConfig:
        return document_config(doc.front_matter, self.project_config(doc), doc.name, self.meta)

    # --- rendering ----------------------------------------------------------------------------------------
    def render(self, qmd_path: Path | str, params: dict | None = None, out_html: Path | str | None = None,
               out_pdf: Path | str | None = None, *, pdf: bool | None = None,
               engine: str | None = None, edition: str | None = None, mark: str | None = None) -> RenderResult:
        """Render one document. The PDF is made when ``out_pdf`` is given or ``pdf`` is true. Files are
        written only after everything succeeded, each atomically."""
        started = time.perf_counter()
        prepared = self.prepare(qmd_path, params, engine=engine)
        result = self.finish(prepared, out_html, out_pdf, pdf=pdf, edition=edition, mark=mark)
        result.timings["total"] = time.perf_counter() - started
        return result

    def prepare(self, qmd_path: Path | str, params: dict | None = None, *, engine: str | None = None) -> Prepared:
        """Run the cells and convert the document (the part that decides what the report shows)."""
        params = dict(params or {})
        chosen = choose_engine(engine or self.engine)
        if chosen == "quarto":
            return self._prepare_quarto(Path(qmd_path), params)
        return self._prepare_builtin(Path(qmd_path), params)

    def finish(self, prepared: Prepared, out_html: Path | str | None = None, out_pdf: Path | str | None = None,
               *, pdf: bool | None = None, edition: str | None = None, date: str | None = None,
               mark: str | None = None) -> RenderResult:
        """Lay out the page (and the PDF); ``edition`` is a line such as "Korrigierte Fassung vom …"; ``mark``
        a word such as "Entwurf" shown across every page (watermark), on the cover and in the footer."""
        timings = dict(prepared.timings)
        clock = _Clock(timings)
        want_pdf = bool(pdf) if pdf is not None else out_pdf is not None
        info = prepared.info
        if date is not None:
            info = dataclasses.replace(info, date=date)
        pdf_bytes, pages = None, None
        if prepared.engine == "builtin":
            html = build_page(prepared.converted, prepared.config, info, self.converter, edition=edition, mark=mark)
            clock.lap("page")
            if want_pdf:
                print_html = build_page(prepared.converted, prepared.config, info, self.converter, embed_css=False,
                                        edition=edition, mark=mark)
                pdf_bytes, pages = self.pdf_writer.write(print_html, base_url=None, source=prepared.source,
                                                         document_css=page_css(info, mark))
                clock.lap("pdf")
        else:
            from .quarto import prepare_for_print

            html = prepared.html if not mark else add_mark(prepared.html, mark)
            if want_pdf:
                if self._quarto_pdf is None:
                    self._quarto_pdf = PdfWriter(self.pdf_variant, stylesheets=())
                pdf_bytes, pages = self._quarto_pdf.write(prepare_for_print(html, info, mark), base_url=None,
                                                          source=prepared.source)
                clock.lap("pdf")
        if out_html is not None:
            atomic.write_text(out_html, html)
        if out_pdf is not None and pdf_bytes is not None:
            atomic.write_bytes(out_pdf, pdf_bytes)
        return RenderResult(html, pdf_bytes, timings, list(prepared.warnings), prepared.engine, pages, info)

    def _prepare_builtin(self, qmd_path: Path, params: dict) -> Prepared:
        timings: dict[str, float] = {}
        clock = _Clock(timings)
        doc = self.parse(qmd_path)
        config = self.config(doc)
        warnings = [*doc.warnings, *config.warnings]
        clock.lap("parse")
        with tempfile.TemporaryDirectory(prefix="berichte-") as tmp:
            workdir = Path(tmp)
            executed = execute(doc, config, params, workdir)
            warnings += executed.warnings
            clock.lap("execute")
            converted = self.converter.convert(executed.markdown, number_sections=config.number_sections,
                                               number_depth=config.number_depth, toc_depth=config.toc_depth,
                                               source=doc.name)
            warnings += converted.warnings
            _check_dynamic_meta(doc, converted.meta)
            clock.lap("markdown")
            search = [workdir, doc.path.parent]
            converted.body = embed_images(converted.body, search, doc.name)
            if converted.cover:
                converted.cover = embed_images(converted.cover, search, doc.name)
            info = page_info(config, converted.meta, self.converter)
        content = [converted.body, converted.cover or "", _toc_text(converted.toc), info.title, info.subtitle,
                   *info.authors, info.lang, info.description, str(config.toc), config.toc_title,
                   config.published_title]
        return Prepared("builtin", doc.name, info, warnings, timings, _content_hash(content), converted, config)

    def _prepare_quarto(self, qmd_path: Path, params: dict) -> Prepared:
        from .quarto import page_info_from_html, render_html

        timings: dict[str, float] = {}
        clock = _Clock(timings)
        doc = self.parse(qmd_path)
        warnings = list(check_parameters(doc, params))
        clock.lap("parse")
        with tempfile.TemporaryDirectory(prefix="berichte-quarto-") as tmp:
            settings = merge(self.project_config(doc), self.meta) if (self.project_files is not None or self.meta) \
                else None
            folders = tuple(Path(f).parent for f in self.project_files or ())
            html, html_path = render_html(doc.path, params, Path(tmp), self.project_root, self.quarto_timeout,
                                          settings, folders)
            html = embed_images(html, [html_path.parent], doc.name)
        clock.lap("quarto")
        info = page_info_from_html(html)
        return Prepared("quarto", doc.name, info, warnings, timings, _content_hash([html]), html=html)


def _toc_text(entries) -> str:
    return json.dumps([[e.id, e.number, e.html, _toc_text(e.children)] for e in entries], ensure_ascii=False)


def _content_hash(parts: list[str]) -> str:
    digest = hashlib.sha256()
    for part in [__version__, template_source(), asset_text("report.css"), asset_text("print.css"), *parts]:
        data = str(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _check_dynamic_meta(doc: QmdDocument, meta: dict) -> None:
    unsupported = sorted(k for k in meta if k not in DYNAMIC_META)
    if unsupported:
        raise EngineError(f"{doc.name}: Ein YAML-Block im Text setzt {', '.join(unsupported)}. Im Text (etwa aus "
                          f"einer Zelle) dürfen nur {', '.join(sorted(DYNAMIC_META))} gesetzt werden – Quarto "
                          "übernähme anderes nicht. Feste Angaben gehören in den YAML-Kopf.")


def _file_key(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class _Clock:
    def __init__(self, timings: dict[str, float]):
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now


_RENDERERS: dict[tuple, Renderer] = {}  # the process's renderers: the newest two (project folder, engine)


def shared_renderer(project_root: Path | str | None = None, engine: str = "auto", *,
                    project_files: list[Path] | tuple[Path, ...] | None = None, meta: dict | None = None) -> Renderer:
    """The process-wide :class:`Renderer` for a project folder and engine (and the settings files and metadata
    of :class:`Renderer`), so that repeated renders share its parsed documents, templates and fonts (a build's
    worker process renders many reports with it)."""
    files = tuple(str(f) for f in project_files) if project_files is not None else None
    key = (str(Path(project_root).resolve()) if project_root is not None else None, engine, files,
           tuple(sorted((meta or {}).items())))
    renderer = _RENDERERS.pop(key, None) or Renderer(project_root, engine=engine, project_files=project_files,
                                                     meta=meta)
    _RENDERERS[key] = renderer  # newest last
    while len(_RENDERERS) > 2:
        del _RENDERERS[next(iter(_RENDERERS))]
    return renderer


def render_document(qmd_path: Path | str, params: dict | None = None, out_html: Path | str | None = None,
                    out_pdf: Path | str | None = None, engine: str = "auto", *, pdf: bool | None = None,
                    project_root: Path | str | None = None) -> RenderResult:
    """Render one document with the process-wide :func:`shared_renderer`."""
    return shared_renderer(project_root).render(qmd_path, params, out_html, out_pdf, pdf=pdf, engine=engine)
