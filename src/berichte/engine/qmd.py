"""Reading a Quarto document (``.qmd``): YAML front matter, Markdown text and executable Python cells.

Parsing happens once per document and file version (see :class:`berichte.engine.render.Renderer`); the
result holds the cells' compiled code, so rendering the same document for many areas compiles nothing
again. Line numbers are those of the ``.qmd`` file: the compiled code carries them, so a traceback points
at the document line.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType

import yaml

from .errors import EngineError, display_path

#: Cell options the built-in engine implements (see docs/engine.md).
SUPPORTED_CELL_OPTIONS = {"echo", "eval", "include", "output", "label", "fig-cap", "fig-alt", "warning", "error",
                          "tags"}
#: Options that only change how Quarto draws code or plots it made itself; harmless here, named in a warning.
_IGNORED_CELL_OPTIONS = {"code-fold", "code-summary", "code-overflow", "code-line-numbers", "fig-width",
                         "fig-height", "fig-dpi", "fig-format", "fig-align", "fig-responsive", "classes",
                         "panel", "column", "out-width", "out-height", "message", "cache", "freeze"}

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_CELL_INFO = re.compile(r"^\{([A-Za-z][\w+-]*)(.*)\}$")
_OPTION_LINE = re.compile(r"^#\|\s?(.*)$")
_INLINE_CODE = re.compile(r"`\{(\w+)\}\s")


@dataclass(frozen=True)
class Cell:
    """One executable Python cell. ``line`` is the line of its opening fence (1-based)."""

    number: int
    line: int
    source: str  # the code as written, including ``#|`` option lines
    code: str  # the code without option lines, as shown with ``echo: true``
    options: dict
    body: CodeType | None = field(repr=False, compare=False)
    last_expression: CodeType | None = field(repr=False, compare=False)

    @property
    def label(self) -> str | None:
        label = self.options.get("label")
        return str(label) if label else None

    @property
    def tags(self) -> list[str]:
        tags = self.options.get("tags") or []
        return [str(t) for t in tags] if isinstance(tags, list) else [str(tags)]

    def describe(self) -> str:
        """German name for messages: 'Zelle 3 „kennzahlen“ (ab Zeile 27)'."""
        name = f"Zelle {self.number}" + (f" „{self.label}“" if self.label else "")
        return f"{name} (ab Zeile {self.line})"


@dataclass(frozen=True)
class Text:
    """Markdown text between cells, as written."""

    markdown: str
    line: int


@dataclass(frozen=True)
class QmdDocument:
    path: Path
    front_matter: dict
    parts: tuple[Text | Cell, ...]
    warnings: tuple[str, ...] = ()
    name: str = ""  # the path as messages show it (relative to the working directory at parse time)

    @property
    def cells(self) -> list[Cell]:
        return [p for p in self.parts if isinstance(p, Cell)]

    @property
    def parameters_cell(self) -> Cell | None:
        """The first cell tagged ``parameters`` (Papermill convention), if any."""
        return next((c for c in self.cells if "parameters" in c.tags), None)

    def parameter_names(self) -> set[str]:
        """Names the parameters cell assigns at top level (its defaults)."""
        cell = self.parameters_cell
        if cell is None:
            return set()
        names: set[str] = set()
        for node in ast.parse(cell.code).body:
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        return names


def parse_qmd(path: Path, text: str | None = None) -> QmdDocument:
    """Parse a ``.qmd`` file. Raises :class:`EngineError` (German) for invalid or unsupported source."""
    path = Path(path)
    shown = display_path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise EngineError(f"Das Dokument {shown} wurde nicht gefunden.") from None
        except UnicodeDecodeError as exc:
            raise EngineError(f"{shown}: Die Datei ist nicht UTF-8-kodiert ({exc.reason} an Byte {exc.start}).") \
                from None
    lines = text.replace("\r\n", "\n").split("\n")
    front_matter, start = _front_matter(shown, lines)
    parts: list[Text | Cell] = []
    warnings: list[str] = []
    buffer: list[str] = []
    buffer_line = start + 1
    i = start
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if not fence:
            _check_text_line(shown, line, i + 1)
            buffer.append(line)
            i += 1
            continue
        indent, marker, info = fence.group(1), fence.group(2), fence.group(3).strip()
        end = _closing_fence(lines, i + 1, marker)
        cell_info = _CELL_INFO.match(info)
        if cell_info is None or info.startswith(("{=", "{.", "{#")):
            # An ordinary code block or a raw block: part of the Markdown, copied unchanged.
            stop = len(lines) if end is None else end + 1
            buffer.extend(lines[i:stop])
            i = stop
            continue
        language, header_options = cell_info.group(1), cell_info.group(2).strip()
        if language.lower() != "python":
            raise EngineError(f"{shown}, Zeile {i + 1}: Zellen in der Sprache „{language}“ werden nicht "
                              "unterstützt; die eingebaute Engine führt nur Python-Zellen aus.")
        if header_options:
            raise EngineError(f"{shown}, Zeile {i + 1}: Zellenoptionen im Zellenkopf („{header_options}“) werden "
                              "nicht unterstützt. Bitte als Kommentarzeilen schreiben, z. B. „#| echo: false“.")
        if end is None:
            raise EngineError(f"{shown}, Zeile {i + 1}: Die Code-Zelle wird nicht mit {marker} geschlossen.")
        if indent:
            raise EngineError(f"{shown}, Zeile {i + 1}: Code-Zellen dürfen nicht eingerückt sein.")
        if buffer:
            parts.append(Text("\n".join(buffer), buffer_line))
        number = sum(isinstance(p, Cell) for p in parts) + 1
        parts.append(_make_cell(path, number, i + 1, lines[i + 1:end], warnings))
        buffer = []
        buffer_line = end + 2
        i = end + 1
    if buffer:
        parts.append(Text("\n".join(buffer), buffer_line))
    return QmdDocument(path, front_matter, tuple(parts), tuple(warnings), shown)


def _front_matter(path: str, lines: list[str]) -> tuple[dict, int]:
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise EngineError(f"{path}, Zeile 1: Der YAML-Kopf wird nicht mit „---“ geschlossen.")
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"Zeile {mark.line + 2}" if mark is not None else "Zeile 1"
        raise EngineError(f"{path}, {where}: Der YAML-Kopf ist ungültig: "
                          f"{getattr(exc, 'problem', None) or exc}.") from None
    if not isinstance(data, dict):
        raise EngineError(f"{path}, Zeile 1: Der YAML-Kopf muss aus Einträgen „name: wert“ bestehen.")
    return data, end + 1


def _closing_fence(lines: list[str], start: int, marker: str) -> int | None:
    for j in range(start, len(lines)):
        stripped = lines[j].strip()
        if stripped and set(stripped) == {marker[0]} and len(stripped) >= len(marker) \
                and len(lines[j]) - len(lines[j].lstrip(" ")) < 4:
            return j
    return None


def _check_text_line(path: str, line: str, number: int) -> None:
    match = _INLINE_CODE.search(line)
    if match:
        raise EngineError(f"{path}, Zeile {number}: Inline-Code („`{{{match.group(1)}}} …`“) wird nicht "
                          "unterstützt. Bitte den Text in einer Zelle mit „#| output: asis“ ausgeben.")


def _make_cell(path: Path, number: int, fence_line: int, body: list[str], warnings: list[str]) -> Cell:
    option_lines: list[str] = []
    for line in body:
        match = _OPTION_LINE.match(line)
        if not match:
            break
        option_lines.append(match.group(1))
    where = f"{display_path(path)}, Zelle {number} (ab Zeile {fence_line})"
    try:
        options = yaml.safe_load("\n".join(option_lines)) if option_lines else {}
    except yaml.YAMLError as exc:
        raise EngineError(f"{where}: Die Zellenoptionen („#|“-Zeilen) sind kein gültiges YAML: "
                          f"{getattr(exc, 'problem', None) or exc}.") from None
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise EngineError(f"{where}: Die Zellenoptionen müssen die Form „#| name: wert“ haben.")
    options = {str(k): v for k, v in options.items()}
    _check_options(where, options, warnings)
    source = "\n".join(body)
    code = "\n".join(body[len(option_lines):]).strip("\n")
    compiled_body, last = _compile(path, where, source, fence_line)
    return Cell(number, fence_line, source, code, options, compiled_body, last)


def _check_options(where: str, options: dict, warnings: list[str]) -> None:
    for key, value in options.items():
        if key in SUPPORTED_CELL_OPTIONS:
            continue
        if key in _IGNORED_CELL_OPTIONS:
            warnings.append(f"{where}: Die Zellenoption „{key}“ wirkt nur in Quarto und wird hier ignoriert.")
        else:
            raise EngineError(f"{where}: Die Zellenoption „{key}“ wird nicht unterstützt. Unterstützt sind: "
                              + ", ".join(sorted(SUPPORTED_CELL_OPTIONS)) + " (siehe docs/engine.md).")
    output = options.get("output", True)
    if output not in (True, False, "asis"):
        raise EngineError(f"{where}: „output“ muss true, false oder asis sein, nicht „{output}“.")
    for key in ("echo", "eval", "include", "warning", "error"):
        if key in options and not isinstance(options[key], bool):
            raise EngineError(f"{where}: „{key}“ muss true oder false sein, nicht „{options[key]}“.")
    for key in ("label", "fig-cap", "fig-alt"):
        if key in options and not isinstance(options[key], (str, int, float)):
            raise EngineError(f"{where}: „{key}“ muss ein Text sein.")


def _compile(path: Path, where: str, source: str, fence_line: int) -> tuple[CodeType | None, CodeType | None]:
    """Compile the cell; the last expression separately so that its value can be displayed (as Jupyter)."""
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        line = (exc.lineno or 0) + fence_line
        raise EngineError(f"{where}: Syntaxfehler in Zeile {line}: {exc.msg}.") from None
    ast.increment_lineno(tree, fence_line)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not _ends_with_semicolon(source):
        last = compile(ast.Expression(tree.body.pop().value), str(path), "eval")
    body = compile(tree, str(path), "exec") if tree.body else None
    return body, last


def _ends_with_semicolon(source: str) -> bool:
    for line in reversed(source.splitlines()):
        stripped = line.split("#", 1)[0].rstrip()
        if stripped:
            return stripped.endswith(";")
    return False
