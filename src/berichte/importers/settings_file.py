"""A new project's ``data/projekt.yml``: every field present or commented out, each explained in German.

The explanations are the field descriptions of the project settings (one source with the reference page
``docs/projektordner.md`` and the JSON Schema); this module only lays them out as YAML comments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import yaml

from ..load.settings_reference import SETTINGS_FIELDS, FieldDoc


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


def _scalar(value) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _fallback(doc: FieldDoc):
    """The value a commented-out field shows: its default, or an example where there is none."""
    return doc.example if doc.default in (None, "", [], {}) else doc.default


def _comment_block(doc: FieldDoc, indent: str) -> list[str]:
    return [f"{indent}# {line}" if line else f"{indent}#" for line in doc.comment_lines()]


def _emit(doc: FieldDoc, value, indent: str, out: list[str], active: bool) -> None:
    """One field: its explanation, then ``name: value`` (commented out with "# " if not ``active``)."""
    prefix = indent if active else indent + "# "
    out += _comment_block(doc, indent)
    if doc.children and isinstance(value, dict):
        out.append(f"{prefix}{doc.name}:")
        for child in doc.children:
            child_active = active and child.name in value
            child_value = value[child.name] if child.name in value else _fallback(child)
            _emit(child, child_value, indent + "  ", out, child_active)
        return
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out.append(f"{prefix}{doc.name}:")
        for item in value:
            out.append(f"{prefix}  - {_scalar(item)}")
        return
    out.append(f"{prefix}{doc.name}: {_scalar(value)}")


def commented_settings(values: NewSettings, today: dt.date | None = None) -> str:
    from babel.dates import format_date

    today = today or dt.date.today()
    given = {
        "titel": values.title,
        "gebiet": values.area_name,
        "herausgeber": values.publisher,
        "kontakt": values.contact,
        "jahre": {"von": values.first_year, "bis": values.last_year},
        "berichtsjahr": values.last_year,
        "vergleichsjahr": values.comparison_year,
        "ebenen": values.levels,
    }
    if values.sozialindex:
        given["sozialindex"] = values.sozialindex
    out = [f"# Projekteinstellungen für „{values.area_name}“, angelegt mit „berichte neu“ am "
           f"{format_date(today, format='long', locale='de_DE')}.",
           "# Jedes Feld ist erklärt. Zeilen mit „# name:“ sind auskommentiert: dort gilt die genannte",
           "# Voreinstellung; zum Ändern das „# “ vor dem Namen löschen. Alle Felder mit Beispielen stehen in",
           "# der Dokumentation von berichte: docs/projektordner.md.", ""]
    for doc in SETTINGS_FIELDS:
        active = doc.name in given and given[doc.name] not in ("", None)
        value = given[doc.name] if active else _fallback(doc)
        _emit(doc, value, "", out, active)
        out.append("")
    text = "\n".join(out).rstrip() + "\n"
    yaml.safe_load(text)  # a bug here must not write a broken file
    return text
