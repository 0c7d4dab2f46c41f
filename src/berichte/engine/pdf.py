"""HTML → PDF with WeasyPrint: A4, cover, running header, "Seite X von Y", TOC page numbers, bookmarks,
tagged PDF (PDF/UA-1) with language and metadata.

One :class:`PdfWriter` holds what can be shared between documents: the compiled stylesheets, the font
configuration and an image cache. WeasyPrint is imported on first use only, so commands that make no PDF
do not pay for it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from .errors import EngineError
from .page import asset_text

#: PDF/UA-1 implies tagging (structure tree, /MarkInfo, /Lang, alternative texts) in WeasyPrint ≥ 59.
DEFAULT_VARIANT = "pdf/ua-1"


class _ImageCache(dict):
    """WeasyPrint's image cache, shared between documents and trimmed between them."""

    limit = 256

    def trim(self) -> None:
        while len(self) > self.limit:
            del self[next(iter(self))]


class PdfWriter:
    def __init__(self, variant: str | None = DEFAULT_VARIANT, stylesheets: tuple[str, ...] = ("report.css", "print.css")):
        """``stylesheets``: names of the package's stylesheets to apply, compiled once here."""
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.variant = variant
        self.font_config = FontConfiguration()
        self.stylesheets = [CSS(string=asset_text(name), font_config=self.font_config) for name in stylesheets]
        self.cache = _ImageCache()

    def write(self, html: str, base_url: str | None = None, source: str = "", document_css: str = "") \
            -> tuple[bytes, int]:
        """Render ``html`` to PDF bytes; returns (pdf, page count). ``document_css`` (the running header
        texts) is applied after the shared stylesheets, with the same (user) precedence."""
        from weasyprint import CSS, HTML

        stylesheets = self.stylesheets
        if document_css:
            stylesheets = [*stylesheets, CSS(string=document_css, font_config=self.font_config)]
        with _collect_weasyprint_errors() as errors:
            document = HTML(string=html, base_url=base_url).render(
                stylesheets=stylesheets, font_config=self.font_config, cache=self.cache,
                pdf_variant=self.variant, pdf_tags=self.variant is not None)
            pdf = document.write_pdf(pdf_variant=self.variant, pdf_tags=self.variant is not None)
        self.cache.trim()
        if errors:
            raise EngineError(f"{source}: Die PDF-Datei konnte nicht fehlerfrei erzeugt werden: " + "; ".join(errors))
        return pdf, len(document.pages)


class _ErrorHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(_german(record.getMessage()))


def _german(message: str) -> str:
    if "has no required alt" in message:
        return "ein Bild hat keinen Alternativtext (" + message.split('"')[1][:60] + ")"
    if message.startswith("Failed to load image"):
        return "ein Bild konnte nicht geladen werden (" + message[:200] + ")"
    return message


@contextmanager
def _collect_weasyprint_errors():
    """WeasyPrint logs problems (an image it cannot read, a missing alt text) instead of raising them."""
    logger = logging.getLogger("weasyprint")
    handler = _ErrorHandler()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
