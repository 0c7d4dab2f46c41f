"""Rendering one report in a worker process.

Each worker process uses the engine's shared :class:`~berichte.engine.Renderer` (parsed documents,
templates, styles, fonts). The computed results of the project are shared: the build computes them once in
the main process and adopts them into the report session (:mod:`berichte.content.session`) before the workers
are forked, so workers never recompute them; the documents get the project folder as parameter ``projekt``. A worker first runs the document's cells and hashes what the reader would see; only if
that differs from the published version (or a file is missing) does it lay out the HTML page and the PDF.
"""

from __future__ import annotations

import html as html_lib
import re
import time
from functools import lru_cache
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .jobs import Job


@dataclass
class Previous:
    content_hash: str
    version: int
    intact: bool


@dataclass
class Outcome:
    job: Job
    status: str  # "neu" | "korrigiert" | "erneuert" | "entwurf" | "unverändert" | "fehler"
    content_hash: str = ""
    version: int = 1
    files: dict = field(default_factory=dict)  # fmt → bytes
    texts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    pages: int | None = None


def project_renderer(root: Path, engine: str = "auto"):
    """The Renderer for the project's documents: the project's own ``_quarto.yml`` over the shipped one, the
    publisher from ``projekt.yml`` as every report's author (names come only from projekt.yml), and the engine
    (``auto``: the one ``engine`` in projekt.yml names, by default the built-in one). Shared per process
    (:func:`berichte.engine.render.shared_renderer`)."""
    from ..engine.render import shared_renderer
    from ..load.documents import report_documents
    from .fingerprint import settings_stamp

    documents = report_documents(root)
    meta, configured = _meta(str(Path(root).resolve()), settings_stamp(root))
    return shared_renderer(root, configured if engine == "auto" else engine, project_files=documents.settings_files,
                           meta=meta)


@lru_cache(maxsize=4)
def _meta(root: str, stamp: str) -> tuple[dict, str]:
    """Metadata for every report of the project and the engine projekt.yml asks for (read again when
    projekt.yml changes: ``stamp``)."""
    from ..load.settings import load_settings
    from ..problems import Problems

    settings = load_settings(Path(root), Problems())
    if settings is None:
        return {}, "builtin"
    return ({"author": settings.publisher} if settings.publisher else {}), settings.engine


def renderer(root: Path, engine: str):
    return project_renderer(root, engine)


def document_path(root: Path, job: Job) -> Path:
    from ..load.documents import report_documents

    return report_documents(root).path(job.kind)


_BLOCK = re.compile(r"<(p|li|tr|figcaption|h[1-6]|caption)\b[^>]*>(.*?)</\1>", re.S | re.I)
_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def text_blocks(html: str) -> list[str]:
    """The readable text of a report as a list of blocks (paragraphs, list items, table rows, captions)."""
    blocks = []
    for match in _BLOCK.finditer(html):
        tag, inner = match.group(1).lower(), match.group(2)
        if tag == "tr":
            cells = [_clean(c) for c in _CELL.findall(inner)]
            text = " | ".join(c for c in cells if c)
        else:
            text = _clean(inner)
        if text:
            blocks.append(text)
    return blocks


def _clean(fragment: str) -> str:
    return " ".join(html_lib.unescape(_TAG.sub(" ", fragment)).split())


DRAFT_MARK = "Entwurf"


def edition_line(version: int, date_text: str, draft: bool = False) -> str | None:
    if draft:
        return f"Entwurf vom {date_text} – nicht zur Veröffentlichung"
    return None if version <= 1 else f"Korrigierte Fassung vom {date_text} (Fassung {version})"


def run_job(job: Job, previous: Previous | None, root: Path, engine: str, formats: tuple[str, ...],
            date_text: str, force: bool = False, draft: bool = False) -> Outcome:
    """Render one report. A draft (``berichte build --entwurf``) carries the mark "Entwurf" and never a
    version: it is rendered again whenever its content changed, without becoming a correction."""
    started = time.perf_counter()
    try:
        render = renderer(root, engine)
        prepared = render.prepare(document_path(root, job), job.params_for(root))
        unchanged = previous is not None and previous.content_hash == prepared.content_hash
        if unchanged and previous.intact and not force:
            return Outcome(job, "unverändert", prepared.content_hash, previous.version,
                           seconds=time.perf_counter() - started)
        if draft:
            version, status = 1, "entwurf"
        elif previous is None:
            version, status = 1, "neu"
        elif unchanged:
            version, status = previous.version, "erneuert"
        else:
            version, status = previous.version + 1, "korrigiert"
        result = render.finish(prepared, pdf="pdf" in formats, edition=edition_line(version, date_text, draft),
                               date=date_text, mark=DRAFT_MARK if draft else None)
        files = {}
        if "html" in formats:
            files["html"] = result.html.encode("utf-8")
        if "pdf" in formats and result.pdf_bytes is not None:
            files["pdf"] = result.pdf_bytes
        body = prepared.converted.body if prepared.converted is not None else result.html
        return Outcome(job, status, prepared.content_hash, version, files, text_blocks(body), result.warnings,
                       seconds=time.perf_counter() - started, pages=result.pages)
    except Exception as exc:  # reported per report; the build goes on with the others
        from ..problems import BerichteError

        message = exc.message if isinstance(exc, BerichteError) else \
            f"Interner Fehler: {type(exc).__name__}: {exc}"
        outcome = Outcome(job, "fehler", error=message, seconds=time.perf_counter() - started)
        outcome.warnings.append(traceback.format_exc())
        return outcome
