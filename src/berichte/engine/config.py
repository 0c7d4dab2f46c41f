"""Document options: ``_quarto.yml`` of the project merged with the document's front matter, as Quarto does.

Precedence (later wins): built-in defaults, ``_quarto.yml`` (nearest one in the document's folder or above),
its ``format: html:`` options, the front matter, the front matter's ``format: html:`` options. Mappings
are merged key by key, everything else is replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import EngineError

EXECUTE_DEFAULTS = {"echo": True, "eval": True, "include": True, "output": True, "warning": True, "error": False}

#: Metadata the engine uses (docs/engine.md lists what each does).
SUPPORTED_META = {"title", "subtitle", "author", "date", "lang", "description", "keywords", "toc", "toc-depth",
                  "toc-title", "number-sections", "number-depth", "execute", "format", "published-title"}
#: Metadata meant for Quarto or Jupyter that changes nothing in the output; accepted without a warning.
_NEUTRAL_META = {"jupyter", "engine", "embed-resources", "self-contained", "editor", "keep-ipynb", "keep-md",
                 "output-file", "params", "project", "pdf-engine", "execute-dir", "filters",
                 "date-format", "template-partials", "papersize"}
#: Metadata that cells may set at run time by printing a YAML block (works identically with Quarto).
DYNAMIC_META = {"subtitle", "date"}

_PROJECT_ONLY = {"project", "website", "book", "manuscript"}


@dataclass
class DocumentConfig:
    meta: dict
    execute: dict
    warnings: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return str(self.meta.get("lang") or "de")

    @property
    def toc(self) -> bool:
        return bool(self.meta.get("toc", False))

    @property
    def toc_depth(self) -> int:
        return _int(self.meta.get("toc-depth"), 3)

    @property
    def toc_title(self) -> str:
        return str(self.meta.get("toc-title") or "Inhaltsverzeichnis")

    @property
    def published_title(self) -> str:
        """The label before the date on the title page (Quarto's ``published-title``)."""
        return str(self.meta.get("published-title") or "Veröffentlicht am")

    @property
    def number_sections(self) -> bool:
        return bool(self.meta.get("number-sections", False))

    @property
    def number_depth(self) -> int:
        return _int(self.meta.get("number-depth"), 6)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def merged_project_files(paths) -> dict:
    """Several ``_quarto.yml`` files merged in order (later wins, mappings key by key)."""
    merged: dict = {}
    for path in paths:
        merged = merge(merged, load_project_file(Path(path)))
    return merged


def find_project_file(document: Path, stop: Path | None = None) -> Path | None:
    """The nearest ``_quarto.yml`` in the document's folder or above (not above ``stop``)."""
    folder = document.resolve().parent
    stop = stop.resolve() if stop is not None else None
    for candidate in (folder, *folder.parents):
        path = candidate / "_quarto.yml"
        if path.is_file():
            return path
        if stop is not None and candidate == stop:
            break
    return None


def load_project_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise EngineError(f"{path}: ungültiges YAML: {getattr(exc, 'problem', None) or exc}.") from None
    if not isinstance(data, dict):
        raise EngineError(f"{path}: Die Datei muss aus Einträgen „name: wert“ bestehen.")
    return data


def merge(base: dict, override: dict) -> dict:
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


#: The HTML formats whose options the built-in engine reads (``berichte-html``: the format of the extension
#: shipped with the documents, ``_extensions/berichte``).
HTML_FORMATS = ("html", "berichte-html")


def _html_options(data: dict) -> dict:
    fmt = data.get("format")
    options: dict = {}
    if isinstance(fmt, dict):
        for name in HTML_FORMATS:
            if isinstance(fmt.get(name), dict):
                options = merge(options, fmt[name])
    return options


def document_config(front_matter: dict, project: dict | None, source: str = "",
                    overrides: dict | None = None) -> DocumentConfig:
    """``overrides`` (metadata the caller sets, like Quarto's ``--metadata``) win over everything else."""
    project = {k: v for k, v in (project or {}).items() if k not in _PROJECT_ONLY}
    meta: dict = {}
    for layer in (project, _html_options(project), front_matter, _html_options(front_matter), overrides or {}):
        meta = merge(meta, layer)
    execute = dict(EXECUTE_DEFAULTS)
    if isinstance(meta.get("execute"), dict):
        execute.update({k: v for k, v in meta["execute"].items() if k in EXECUTE_DEFAULTS})
    warnings = []
    unknown = sorted(k for k in meta if k not in SUPPORTED_META and k not in _NEUTRAL_META)
    if unknown:
        warnings.append(f"{source}: Diese Angaben im YAML-Kopf bzw. in _quarto.yml wertet die eingebaute Engine "
                        f"nicht aus: {', '.join(unknown)} (siehe docs/engine.md).")
    if isinstance(meta.get("execute"), dict):
        ignored = sorted(k for k in meta["execute"] if k not in EXECUTE_DEFAULTS)
        if ignored:
            warnings.append(f"{source}: Diese execute-Optionen wertet die eingebaute Engine nicht aus: "
                            f"{', '.join(ignored)}.")
    return DocumentConfig(meta, execute, warnings)


def authors(meta: dict) -> list[str]:
    """Author names from ``author`` as a string, a list of strings or a list of ``{name: …}``."""
    value = meta.get("author")
    items = value if isinstance(value, list) else ([value] if value else [])
    names = []
    for item in items:
        if isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, dict):
                name = name.get("literal") or " ".join(str(v) for v in name.values())
            if name:
                names.append(str(name))
        elif item:
            names.append(str(item))
    return names


def format_date(value) -> str:
    """``2024-03-01`` → ``1. März 2024`` (Quarto shows ISO dates in the document language); ``today`` too."""
    from babel.dates import format_date as babel_format_date

    if value in (None, ""):
        return ""
    if isinstance(value, str) and value.strip() in ("today", "now", "last-modified"):
        value = dt.date.today()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return babel_format_date(value, format="long", locale="de_DE")
    return str(value)
