"""A new project's ``data/projekt.yml``: every field present or commented out, each explained in German.

The explanations are the descriptions of the typed model of ``projekt.yml`` (:mod:`berichte.load.settings`,
laid out by :mod:`berichte.load.reference`): one source with ``docs/projektordner.md`` and the JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field

import yaml

from ..load.reference import SCHEMA_NAMES, FieldDoc, field_docs, yaml_text
from ..load.settings import Settings

WIDTH = 100


@dataclass
class NewSettings:
    """The values a new project starts with (everything else keeps its default, commented out)."""

    area_name: str
    title: str
    publisher: str
    first_year: int
    last_year: int
    comparison_year: int
    levels: list[dict] = field(default_factory=list)
    sozialindex: dict | None = None
    contact: str = ""


def schema_line(file_name: str) -> str:
    """The first line that tells an editor's YAML extension where the file's JSON Schema is."""
    return f"# yaml-language-server: $schema=../schema/{SCHEMA_NAMES[file_name]}\n"


def _explanation(doc: FieldDoc, indent: str) -> list[str]:
    text = doc.description
    if doc.required:
        text += " Pflichtfeld."
    elif doc.default not in (None, "", [], {}) and not doc.children and "Voreinstellung" not in text:
        shown = yaml_text(doc.default)
        text += f" Voreinstellung: {shown}" + ("" if shown.endswith(".") else ".")
    if doc.each == "list" and doc.children:
        text += " Felder je Eintrag: " + "; ".join(
            f"{c.key} – {c.description.rstrip('.')}"
            + ("" if c.required or c.default_text() == "–" or "Voreinstellung" in c.description
               else f" (Voreinstellung: {c.default_text()})")
            for c in doc.children) + "."
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width=WIDTH - len(indent) - 2, break_on_hyphens=False)]


def _fallback(doc: FieldDoc):
    """The value a commented-out field shows: its example, else its default."""
    if doc.example is not None:
        return doc.example
    return None if doc.default in (None, "") else doc.default


def _emit(doc: FieldDoc, value, indent: str, out: list[str], active: bool) -> None:
    prefix = indent if active else indent + "# "
    out += _explanation(doc, indent)
    if doc.children and doc.each == "" and isinstance(value, dict | type(None)):
        value = value or {}
        out.append(f"{prefix}{doc.key}:")
        for child in doc.children:
            child_active = active and child.key in value
            _emit(child, value[child.key] if child.key in value else _fallback(child), indent + "  ", out,
                  child_active)
        return
    if active and isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out.append(f"{prefix}{doc.key}:")
        out += [f"{prefix}  - {yaml_text(item)}" for item in value]
        return
    out.append(f"{prefix}{doc.key}: {yaml_text(value) if value is not None else ''}".rstrip())


def commented_settings(values: NewSettings, today: dt.date | None = None) -> str:
    from babel.dates import format_date

    today = today or dt.date.today()
    given = {
        "titel": values.title, "gebiet": values.area_name, "herausgeber": values.publisher,
        "kontakt": values.contact, "jahre": {"von": values.first_year, "bis": values.last_year},
        "berichtsjahr": values.last_year, "vergleichsjahr": values.comparison_year, "ebenen": values.levels,
        "sozialindex": values.sozialindex,
    }
    out = [schema_line("projekt.yml").rstrip(),
           f"# Projekteinstellungen für „{values.area_name}“, angelegt mit „berichte neu“ am "
           f"{format_date(today, format='long', locale='de_DE')}.",
           "# Jedes Feld ist erklärt. Zeilen „# name: …“ sind auskommentiert: dort gilt die Voreinstellung (der",
           "# Wert zeigt ein Beispiel); zum Ändern das „# “ vor dem Namen löschen. Alle Felder aller Dateien",
           "# beschreibt docs/projektordner.md in der Dokumentation von berichte.", ""]
    for doc in field_docs(Settings):
        value = given.get(doc.key)
        active = value not in (None, "", [], {})
        _emit(doc, value if active else _fallback(doc), "", out, active)
        out.append("")
    text = "\n".join(out).rstrip() + "\n"
    yaml.safe_load(text)  # a bug here must not write a broken file
    return text
