"""The document engine: Quarto documents (``reports/*.qmd``) to self-contained HTML and PDF.

Public API: :func:`render_document`, :class:`Renderer`, :class:`RenderResult`, :class:`EngineError`,
:class:`CellError`. The contract between documents and engine is described in docs/engine.md.
"""

from .errors import CellError, EngineError
from .render import ENGINES, Renderer, RenderResult, quarto_available, render_document

__all__ = ["CellError", "ENGINES", "EngineError", "RenderResult", "Renderer", "quarto_available",
           "render_document"]
