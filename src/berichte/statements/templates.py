"""The statement templates: Jinja2 files a planner can edit, looked up in the project first.

Lookup order (a Jinja2 ``ChoiceLoader``):

1. ``<Projektordner>/vorlagen/texte/<name>.j2`` — the project's own wording (copy a file from the
   package's ``templates/statements/`` folder and change it);
2. the package defaults in ``berichte/templates/statements/``.

Templates are compiled once per process and project folder and reused. Rendering uses
``StrictUndefined`` (a misspelt variable is an error, never an empty gap) and HTML autoescaping; every
value is additionally protected against Markdown (``*``, ``_``, backticks, brackets), so the HTML can be
embedded in Markdown as is. The plain text is the HTML with tags removed and entities resolved. Runs of
spaces and line breaks in a template collapse to one space, so templates may be laid out freely.

A template error becomes a :class:`~berichte.problems.BerichteError` whose German message names the
template file, the line and the variable.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined,
                    TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError)
from markupsafe import Markup, escape

from ..problems import BerichteError
from .words import capitalise, dative, join

PROJECT_FOLDER = Path("vorlagen") / "texte"
PACKAGE_FOLDER = "templates/statements"
SUFFIX = ".j2"

# Markdown-active characters, pandoc's too ($ math, ^ and ~ super-/subscript, @ citations, { } attributes and
# Quarto shortcodes): as entities, a value from data is text in both engines.
_MARKDOWN = str.maketrans({"*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;",
                           "\\": "&#92;", "~": "&#126;", "|": "&#124;", "$": "&#36;", "^": "&#94;", "@": "&#64;",
                           "{": "&#123;", "}": "&#125;"})
_SPACES = re.compile(r"[ \t\r\n]+")
_TAGS = re.compile(r"<[^>]*>")


class TemplateValueError(TemplateError):
    """A template printed a value that is not text (None or an unformatted number)."""


def _finalize(value):
    """Every printed value: escaped for HTML and Markdown; None and raw floats are errors (numbers
    must reach a template already formatted)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        raise TemplateValueError("ein Wert ist leer (None)")
    if isinstance(value, float):
        raise TemplateValueError(f"die Zahl {value!r} ist nicht formatiert")
    return Markup(str(escape(value)).translate(_MARKDOWN))


@lru_cache(maxsize=16)
def environment(project_root: str | None) -> Environment:
    """The compiled templates for one project folder (None: package defaults only)."""
    loaders = []
    if project_root is not None:
        loaders.append(FileSystemLoader(str(Path(project_root) / PROJECT_FOLDER)))
    loaders.append(PackageLoader("berichte", PACKAGE_FOLDER))
    env = Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=True,
                      finalize=_finalize, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                      cache_size=-1)
    env.filters["satzanfang"] = capitalise
    env.filters["dativ"] = dative
    env.filters["liste"] = join
    return env


class TextTemplates:
    """The statement templates of one project (its own in vorlagen/texte/, else the shipped ones);
    ``render`` returns (plain text, HTML)."""

    def __init__(self, project_root: Path | str | None = None):
        self.root = None if project_root is None else Path(project_root)
        self.env = environment(None if project_root is None else str(Path(project_root).resolve()))

    def render(self, name: str, context: dict) -> tuple[str, str]:
        filename = name + SUFFIX
        template = None
        try:
            template = self.env.get_template(filename)
            raw = template.render(context)
        except TemplateSyntaxError as exc:
            raise BerichteError(f"Textvorlage {self._where(exc.filename, filename)}, Zeile {exc.lineno}: "
                                f"Syntaxfehler ({exc.message}).") from None
        except TemplateNotFound:
            raise BerichteError(f"Die Textvorlage „{filename}“ fehlt (gesucht in "
                                f"„{self._project_folder()}“ und in den mitgelieferten Vorlagen).") from None
        except UndefinedError as exc:
            raise BerichteError(self._undefined_message(exc, template, filename, context)) from None
        except TemplateValueError as exc:
            line = _template_line(exc, template)
            raise BerichteError(f"Textvorlage {self._where(template.filename, filename)}{line}: {exc}.") from None
        except TemplateError as exc:
            line = _template_line(exc, template)
            where = self._where(template.filename if template else None, filename)
            raise BerichteError(f"Textvorlage {where}{line}: {exc.message or exc}.") from None
        html = _SPACES.sub(" ", raw).strip()
        text = html_lib.unescape(_TAGS.sub("", html))
        return text, html

    def _project_folder(self) -> str:
        return str(PROJECT_FOLDER) if self.root is None else str(self.root / PROJECT_FOLDER)

    def _where(self, path: str | None, filename: str) -> str:
        if path and self.root is not None:
            try:
                return f"„{Path(path).resolve().relative_to(self.root.resolve())}“"
            except ValueError:
                pass
        if path and Path(path).resolve().parent == _package_folder():
            return f"„{filename}“ (mitgeliefert)"
        return f"„{path or filename}“"

    def _undefined_message(self, exc: UndefinedError, template, filename: str, context: dict) -> str:
        message = str(exc.message or "")
        match = re.search(r"'([^']+)' is undefined", message)
        attribute = re.search(r"has no attribute '([^']+)'", message)
        if match:
            what = f"die Variable „{match.group(1)}“ ist nicht definiert"
        elif attribute:
            what = f"„{attribute.group(1)}“ ist hier nicht definiert"
        else:
            what = f"ein Wert ist nicht definiert ({message})"
        where = self._where(template.filename if template else None, filename)
        known = ", ".join(sorted(context))
        return f"Textvorlage {where}{_template_line(exc, template)}: {what}. Verfügbar sind: {known}."


@lru_cache(maxsize=1)
def _package_folder() -> Path:
    return Path(str(resources.files("berichte").joinpath(*PACKAGE_FOLDER.split("/")))).resolve()


def _template_line(exc: BaseException, template) -> str:
    """", Zeile 12" from the traceback frame of the template's own code (Jinja maps it to the source)."""
    if template is None or not template.filename:
        return ""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template.filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f", Zeile {line}" if line else ""
