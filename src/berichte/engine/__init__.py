"""The document engine: Quarto documents (``reports/*.qmd``) to self-contained HTML and PDF.

Public API: :func:`render_document`, :class:`Renderer`, :class:`RenderResult`, :class:`EngineError`,
:class:`CellError`. The contract between documents and engine is described in docs/engine.md.
Names are imported lazily, so ``berichte --help`` does not load markdown-it, Jinja2 or WeasyPrint.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "CellError": "errors", "EngineError": "errors",
    "ENGINES": "render", "Renderer": "render", "RenderResult": "render", "quarto_available": "render",
    "render_document": "render",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
