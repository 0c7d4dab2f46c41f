"""Executing a parsed ``.qmd``: all cells in one namespace, parameters injected Papermill-style, output captured.

The result is the document's Markdown as Quarto would hand it to pandoc: the text between the cells plus
each cell's code (with ``echo``) and output. Output of ``output: asis`` cells and Markdown display data
go in unchanged; plain output becomes a preformatted block; images a cell displays are written to the
working folder and referenced from there.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import io
import os
import sys
import traceback
import warnings as warnings_module
from dataclasses import dataclass, field
from pathlib import Path

from .config import DocumentConfig
from .errors import CellError, EngineError
from .qmd import Cell, QmdDocument, Text

_PARAM_TYPES = (str, int, float, bool, type(None))


@dataclass
class Executed:
    markdown: str
    warnings: list[str] = field(default_factory=list)


def check_parameters(doc: QmdDocument, params: dict) -> list[str]:
    """Validate parameters against the document; return German warnings (unknown names)."""
    for key, value in params.items():
        if not isinstance(key, str) or not key.isidentifier():
            raise EngineError(f"Der Parametername „{key}“ ist kein gültiger Python-Name.")
        if not _plain(value):
            raise EngineError(f"Der Parameter „{key}“ hat einen Wert vom Typ {type(value).__name__}; erlaubt "
                              "sind Text, Zahl, Wahrheitswert sowie Listen und Zuordnungen davon.")
    if not params:
        return []
    if doc.parameters_cell is None:
        raise EngineError(f"{doc.name}: Das Dokument hat keine Zelle mit „#| tags: [parameters]“; die Parameter "
                          f"{', '.join(params)} könnten nicht übergeben werden (Quarto würde sie stillschweigend "
                          "ignorieren).")
    known = doc.parameter_names()
    return [f"{doc.name}: Der Parameter „{key}“ wird übergeben, aber in der Parameter-Zelle "
            f"({doc.parameters_cell.describe()}) nicht voreingestellt." for key in params if key not in known]


def _plain(value) -> bool:
    if isinstance(value, _PARAM_TYPES):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def execute(doc: QmdDocument, config: DocumentConfig, params: dict, workdir: Path) -> Executed:
    """Run every cell of ``doc`` with ``params`` injected; files the cells write land in ``workdir``."""
    result = Executed("", check_parameters(doc, params))
    namespace: dict = {"__name__": "__main__", "__builtins__": builtins}
    display = _Display()
    namespace["display"] = display
    pieces: list[str] = []
    with _environment(workdir, doc.path.parent):
        for part in doc.parts:
            if isinstance(part, Text):
                pieces.append(part.markdown)
                continue
            options = {**config.execute, **part.options}
            pieces.append(_run_cell(doc, part, options, namespace, display, workdir, result.warnings))
            if part is doc.parameters_cell and params:
                namespace.update(params)
    result.markdown = "\n\n".join(p for p in pieces if p is not None)
    return result


@contextlib.contextmanager
def _environment(workdir: Path, document_dir: Path):
    """Run in ``workdir`` with the document's folder importable; restore afterwards."""
    old_cwd = os.getcwd()
    old_path = list(sys.path)
    os.chdir(workdir)
    sys.path.insert(0, str(document_dir.resolve()))
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path


class _Display:
    """``display(obj)`` as in Jupyter: records rich output of the running cell in order with its prints."""

    def __init__(self):
        self.outputs: list[tuple[str, object]] = []
        self.stdout = io.StringIO()

    def start(self) -> None:
        self.outputs = []
        self.stdout = io.StringIO()

    def flush(self) -> None:
        text = self.stdout.getvalue()
        if text:
            if self.outputs and self.outputs[-1][0] == "stdout":
                self.outputs[-1] = ("stdout", self.outputs[-1][1] + text)
            else:
                self.outputs.append(("stdout", text))
        self.stdout.seek(0)
        self.stdout.truncate()

    def __call__(self, *objects) -> None:
        self.flush()
        for obj in objects:
            bundle = mime_bundle(obj)
            if bundle:
                self.outputs.append(("display", bundle))


def mime_bundle(obj) -> dict:
    """The richest representation of ``obj`` for an HTML document, as Quarto chooses it from Jupyter output."""
    if obj is None:
        return {}
    for method, mime in (("_repr_markdown_", "text/markdown"), ("_repr_html_", "text/html"),
                         ("_repr_svg_", "image/svg+xml"), ("_repr_png_", "image/png")):
        func = getattr(obj, method, None)
        if callable(func) and not isinstance(obj, type):
            data = func()
            if isinstance(data, tuple):  # IPython allows (data, metadata)
                data = data[0]
            if data is not None:
                return {mime: data}
    return {"text/plain": repr(obj)}


def _run_cell(doc: QmdDocument, cell: Cell, options: dict, namespace: dict, display: _Display, workdir: Path,
              warnings: list[str]) -> str | None:
    pieces: list[str] = []
    if options["echo"] and cell.code.strip():
        pieces.append(_fenced(cell.code, "{.python .cell-code}"))
    if options["eval"]:
        pieces.extend(_evaluate(doc, cell, options, namespace, display, workdir, warnings))
    if not options["include"]:
        return None
    return "\n\n".join(pieces) if pieces else None


def _evaluate(doc: QmdDocument, cell: Cell, options: dict, namespace: dict, display: _Display, workdir: Path,
              warnings: list[str]) -> list[str]:
    display.start()
    stderr = io.StringIO()
    error_text = None
    with warnings_module.catch_warnings(record=True) as caught, \
            contextlib.redirect_stdout(display.stdout), contextlib.redirect_stderr(stderr):
        _jupyter_warning_filters()
        try:
            if cell.body is not None:
                exec(cell.body, namespace)
            if cell.last_expression is not None:
                value = eval(cell.last_expression, namespace)
                display(value) if value is not None else None
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - every failure of user code is reported
            if not options["error"]:
                raise _cell_error(doc, cell, exc) from exc
            error_text = f"{type(exc).__name__}: {exc}"
    display.flush()
    output = options["output"]
    pieces: list[str] = []
    if output is not False:
        for number, (kind, data) in enumerate(display.outputs, start=1):
            if kind == "stdout":
                pieces.append(data if output == "asis" else _fenced(data, "{.cell-output .cell-output-stdout}"))
            else:
                pieces.append(_display_markdown(doc, cell, options, data, number, workdir, warnings))
        if stderr.getvalue():
            pieces.append(_fenced(stderr.getvalue(), "{.cell-output .cell-output-stderr}"))
    shown = _unique_warnings(caught)
    if options["warning"] and shown:
        for text in shown:
            warnings.append(f"{doc.name}, {cell.describe()}: Warnung: {text}")
        if output is not False:
            pieces.append(_fenced("\n".join(f"Warnung: {t}" for t in shown), "{.cell-output .cell-output-stderr}"))
    if error_text is not None and output is not False:
        pieces.append(_fenced(error_text, "{.cell-output .cell-output-error}"))
    if (options.get("fig-cap") or options.get("fig-alt")) and not any(
            k == "display" and _is_image(d) for k, d in display.outputs):
        warnings.append(f"{doc.name}, {cell.describe()}: fig-cap/fig-alt gelten nur für Grafiken, die die Zelle "
                        "anzeigt; sie hat keine angezeigt. Grafiken im ausgegebenen Markdown bekommen Beschriftung "
                        "und Alternativtext im Bild-Markdown selbst.")
    return [p for p in pieces if p.strip()]


def _jupyter_warning_filters() -> None:
    """Every warning every time (so each report shows the same), but deprecation warnings only when the
    cell's own code triggers them, as in Jupyter: library internals stay out of the report."""
    warnings_module.simplefilter("always")
    for category in (DeprecationWarning, PendingDeprecationWarning):
        warnings_module.filterwarnings("ignore", category=category)
        warnings_module.filterwarnings("always", category=category, module="__main__")


def _unique_warnings(caught) -> list[str]:
    seen: dict[tuple, str] = {}
    for w in caught:
        key = (str(w.message), w.category, w.filename, w.lineno)
        seen.setdefault(key, f"{w.category.__name__}: {w.message}")
    return list(seen.values())


def _is_image(bundle: dict) -> bool:
    return "image/svg+xml" in bundle or "image/png" in bundle


def _display_markdown(doc: QmdDocument, cell: Cell, options: dict, bundle: dict, number: int, workdir: Path,
                      warnings: list[str]) -> str:
    if "text/markdown" in bundle:
        return str(bundle["text/markdown"])
    if "text/html" in bundle:
        return _fenced(str(bundle["text/html"]), "{=html}")
    if _is_image(bundle):
        return _image_markdown(doc, cell, options, bundle, number, workdir, warnings)
    text = str(bundle.get("text/plain", ""))
    return text if options["output"] == "asis" else _fenced(text, "{.cell-output .cell-output-display}")


def _image_markdown(doc: QmdDocument, cell: Cell, options: dict, bundle: dict, number: int, workdir: Path,
                    warnings: list[str]) -> str:
    if "image/svg+xml" in bundle:
        data = bundle["image/svg+xml"]
        content, suffix = (data.encode("utf-8") if isinstance(data, str) else data), ".svg"
    else:
        data = bundle["image/png"]
        content, suffix = (base64.b64decode(data) if isinstance(data, str) else data), ".png"
    name = f"zelle-{cell.number}-{number}{suffix}"
    (workdir / name).write_bytes(content)
    caption = _attr_text(options.get("fig-cap", ""))
    alt = _attr_text(options.get("fig-alt", ""))
    attrs = []
    label = cell.label
    if label and label.startswith("fig-") and number == 1:
        attrs.append(f"#{label}")
    if alt:
        attrs.append(f'fig-alt="{alt}"')
    elif not caption:
        raise EngineError(f"{doc.name}, {cell.describe()}: Die angezeigte Grafik hat weder fig-cap noch fig-alt; "
                          "ohne Alternativtext ist sie für Screenreader unsichtbar. Bitte „#| fig-alt: …“ angeben.")
    return f"![{caption}]({name})" + ("{" + " ".join(attrs) + "}" if attrs else "")


def _attr_text(value) -> str:
    return str(value or "").replace('"', "'").replace("\n", " ").strip()


def _fenced(text: str, info: str) -> str:
    text = text.rstrip("\n")
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{info}\n{text}\n{fence}"


def _cell_error(doc: QmdDocument, cell: Cell, exc: Exception) -> CellError:
    frames = traceback.extract_tb(exc.__traceback__)
    in_document = [f for f in frames if f.filename == str(doc.path)]
    where = f" in Zeile {in_document[-1].lineno}" if in_document else ""
    message = str(exc) or "(keine Meldung)"
    text = (f"{doc.name}, {cell.describe()}: Die Zelle ist{where} mit einem Fehler abgebrochen: "
            f"{type(exc).__name__}: {message}")
    return CellError(text, "".join(traceback.format_exception(exc)))
