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
    status: str  # "neu" | "korrigiert" | "unverändert" | "fehler"
    content_hash: str = ""
    version: int = 1
    files: dict = field(default_factory=dict)  # fmt → bytes
    texts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    pages: int | None = None


def renderer(root: Path, engine: str):
    from ..engine.render import shared_renderer

    return shared_renderer(root, engine)


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


def edition_line(version: int, date_text: str) -> str | None:
    return None if version <= 1 else f"Korrigierte Fassung vom {date_text} (Fassung {version})"


def run_job(job: Job, previous: Previous | None, root: Path, engine: str, formats: tuple[str, ...],
            date_text: str, force: bool = False) -> Outcome:
    started = time.perf_counter()
    try:
        render = renderer(root, engine)
        prepared = render.prepare(root / job.document, job.params_for(root))
        unchanged = previous is not None and previous.content_hash == prepared.content_hash
        if unchanged and previous.intact and not force:
            return Outcome(job, "unverändert", prepared.content_hash, previous.version,
                           seconds=time.perf_counter() - started)
        if previous is None:
            version, status = 1, "neu"
        elif unchanged:
            version, status = previous.version, "erneuert"
        else:
            version, status = previous.version + 1, "korrigiert"
        result = render.finish(prepared, pdf="pdf" in formats, edition=edition_line(version, date_text),
                               date=date_text)
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
