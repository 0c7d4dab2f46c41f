"""Errors of the document engine: German messages that name the document, the cell and the line."""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import BerichteError


def display_path(path: Path | str) -> str:
    """A path as a user should read it in a message: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(os.getcwd()).resolve()))
    except ValueError:
        return str(path)


class EngineError(BerichteError):
    """A document cannot be rendered: invalid or unsupported Quarto source, missing image, Quarto failed."""


class CellError(EngineError):
    """A code cell raised an exception. ``traceback_text`` holds the Python traceback for ``--debug``."""

    def __init__(self, message: str, traceback_text: str = ""):
        super().__init__(message)
        self.traceback_text = traceback_text
