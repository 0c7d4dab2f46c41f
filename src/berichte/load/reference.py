"""The project folder described from one source: the typed models of the three YAML files.

* :func:`json_schema` — a JSON Schema per file, for editors with a YAML extension (completion, checks);
* :func:`field_docs` — every field with its German type, default, example and description, from which
  ``docs/projektordner.md`` (:func:`reference_markdown`) and the commented ``projekt.yml`` of ``berichte neu``
  are made.

Run ``python scripts/projektordner.py`` after changing a model; a test checks that the committed files match.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..formatting import count
from .catalogue import CatalogueFile
from .counts import MAX_COUNT, MAX_VALUE
from .merkmale import MerkmaleFile
from .readers import MAX_FILE_BYTES
from .settings import Settings

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILES: dict[str, type[BaseModel]] = {"projekt.yml": Settings, "merkmale.yml": MerkmaleFile,
                                     "kennzahlen.yml": CatalogueFile}
FILE_DESCRIPTIONS = {
    "projekt.yml": "Einstellungen des Projekts: Namen, Jahre, Gebietsebenen, Geheimhaltung, Signifikanz und "
                   "Sozialindex.",
    "merkmale.yml": "Merkmalsverzeichnis: jede Zählgröße (Häufigkeit) mit Bezeichnung, Einheit und liefernder "
                    "Stelle, nach ihrer ID (Kleinbuchstaben, Ziffern, _).",
    "kennzahlen.yml": "Kennzahlenkatalog: die Themen (Kapitel) und jede Kennzahl als Zähler / Nenner × Faktor "
                      "oder als Anzahl.",
}
SCHEMA_NAMES = {"projekt.yml": "projekt.schema.json", "merkmale.yml": "merkmale.schema.json",
                "kennzahlen.yml": "kennzahlen.schema.json"}
REQUIRED = object()  # the default of a required field


def json_schema(name: str) -> dict:
    """The JSON Schema of one project file (German titles and descriptions, unknown keys rejected)."""
    model = FILES[name]
    schema = model.model_json_schema(by_alias=True)
    for definition in schema.get("$defs", {}).values():
        definition.pop("description", None)  # the models' docstrings are for programmers (English)
    return {"$schema": SCHEMA_DIALECT, "title": name, "description": FILE_DESCRIPTIONS[name],
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


# --- fields ------------------------------------------------------------------------------------------------------
@dataclass
class FieldDoc:
    key: str
    type: str  # German
    description: str
    default: Any = REQUIRED  # REQUIRED, None (no value) or the default as plain data
    example: Any = None
    children: list["FieldDoc"] = field(default_factory=list)
    each: str = ""  # "list": children describe each list entry; "map": children describe each value by key

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def default_text(self) -> str:
        if self.required:
            return "Pflichtfeld"
        if self.default in (None, "", [], {}):
            return "–"
        return yaml_text(self.default)


def yaml_text(value) -> str:
    """A value as it is written in YAML (true, 0.05, [zahlen], {von: 2018, bis: 2023}); texts as they are."""
    import yaml

    if isinstance(value, str):
        return value
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000)
    return text.strip().removesuffix("...").strip()


def _plain(value):
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, mode="json", exclude_none=True)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _strip(annotation):
    """Annotated and Optional removed: (annotation, optional?)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip(args[0])[0], True
    return annotation, False


def _model(annotation) -> type[BaseModel] | None:
    annotation, _ = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def type_text(annotation) -> str:
    """German name of a field's type."""
    annotation, _ = _strip(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is str:
        return "Text"
    if annotation is bool:
        return "true/false"
    if annotation is int:
        return "ganze Zahl"
    if annotation is float:
        return "Zahl"
    if origin is typing.Literal:
        return " | ".join(str(a) for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if getattr(annotation, "__pydantic_root_model__", False):
            return type_text(annotation.model_fields["root"].annotation)
        if annotation.__name__ == "Formula":
            return "Formel (Merkmal-IDs mit + und −)"
        return "Abschnitt"
    if origin in (list, tuple):
        if origin is tuple and args and args[-1] is not Ellipsis:
            return f"Liste aus {len(args)} Werten ({type_text(args[0])})"
        inner = _model(args[0]) if args else None
        return "Liste von Abschnitten" if inner else f"Liste ({type_text(args[0]) if args else 'Werte'})"
    if origin is dict:
        inner = _model(args[1]) if len(args) == 2 else None
        return "Einträge nach ID" if inner else f"Zuordnung ({type_text(args[1]) if len(args) == 2 else 'Werte'})"
    if origin in (typing.Union, types.UnionType):
        return " oder ".join(type_text(a) for a in args if a is not type(None))
    name = getattr(annotation, "__name__", "")
    return "Formel (Merkmal-IDs mit + und −)" if name == "Formula" else "Wert"


def _field_type(field_info) -> str:
    for meta in field_info.metadata:  # BeforeValidator(json_schema_input_type=…) names what the file may hold
        input_type = getattr(meta, "json_schema_input_type", None)
        if input_type is not None and input_type is not Any and type(input_type).__name__ != "PydanticUndefinedType":
            return type_text(input_type)
    return type_text(field_info.annotation)


def field_docs(model: type[BaseModel]) -> list[FieldDoc]:
    """Every field of ``model`` (recursively) as a :class:`FieldDoc`, in file order."""
    if getattr(model, "__pydantic_root_model__", False):
        root = model.model_fields["root"].annotation
        inner = _model(typing.get_args(_strip(root)[0])[1])
        return field_docs(inner) if inner else []
    docs = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if info.is_required():
            default = REQUIRED
        else:
            default = _plain(info.get_default(call_default_factory=True))
        annotation, _ = _strip(info.annotation)
        children, each = [], ""
        inner = _model(annotation)
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if inner is not None and not getattr(inner, "__pydantic_root_model__", False) \
                and inner.__name__ != "Formula":
            children = field_docs(inner)
        elif origin in (list,) and args and _model(args[0]) is not None:
            children, each = field_docs(_model(args[0])), "list"
        elif origin is dict and len(args) == 2 and _model(args[1]) is not None:
            children, each = field_docs(_model(args[1])), "map"
        example = info.examples[0] if info.examples else None
        if example is None and default not in (REQUIRED, None, "", [], {}) and not children:
            example = default
        docs.append(FieldDoc(key, _field_type(info), info.description or "", default, _plain(example), children,
                             each))
    return docs


# --- the reference page -----------------------------------------------------------------------------------------
def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rows(docs: list[FieldDoc], prefix: str = "") -> list[str]:
    rows = []
    for doc in docs:
        key = f"{prefix}{doc.key}"
        example = "" if doc.example is None else f"`{_cell(yaml_text(doc.example))}`"
        default = doc.default_text()
        default = default if default in ("Pflichtfeld", "–") else f"`{_cell(default)}`"
        rows.append(f"| `{key}` | {_cell(doc.type)} | {default} | {example} | {_cell(doc.description)} |")
        if doc.children:
            inner = f"{key}[]." if doc.each == "list" else f"{key}.<id>." if doc.each == "map" else f"{key}."
            rows += _rows(doc.children, inner)
    return rows


def _extra_rows(model: type[BaseModel]) -> list[str]:
    """Keys a root model's schema names besides its entries (``beziehungen`` in merkmale.yml)."""
    properties = model.model_json_schema().get("properties", {}) if getattr(model, "__pydantic_root_model__", False) \
        else {}
    rows = []
    for key, spec in properties.items():
        kind = "Liste (Text)" if spec.get("type") == "array" else "Text"
        example = f"`{_cell(yaml_text(spec['examples'][0]))}`" if spec.get("examples") else ""
        rows.append(f"| `{key}` | {kind} | – | {example} | {_cell(spec['description'])} |")
    return rows


TABLE_HEAD = ["| Feld | Typ | Voreinstellung | Beispiel | Bedeutung und Wirkung in den Berichten |",
              "| --- | --- | --- | --- | --- |"]


def reference_markdown() -> str:
    """``docs/projektordner.md``: every file and field of a project folder (German)."""
    from .areas import COLUMNS
    from .counts import KEY_ALIASES, MERKMAL_ALIASES, VALUE_ALIASES, YEAR_ALIASES

    def aliases(names) -> str:
        return ", ".join(f"`{n}`" for n in sorted(names))

    lines = [
        "# Der Projektordner",
        "",
        "<!-- Erzeugt von scripts/projektordner.py aus den Beschreibungen der Dateien im Code "
        "(berichte.load.reference); nicht von Hand ändern. -->",
        "",
        "Ein Projekt von `berichte` ist ein Ordner. `berichte neu ORDNER` legt ihn an; alle Befehle arbeiten im "
        "aktuellen Ordner oder in dem, den `--projekt ORDNER` nennt.",
        "",
        "```",
        "data/",
        "  projekt.yml        Einstellungen (Namen, Jahre, Ebenen, Geheimhaltung, Sozialindex)",
        "  gebiete.csv        die Gebiete mit Schlüssel, Name, Ebene und übergeordnetem Gebiet",
        "  merkmale.yml       das Merkmalsverzeichnis (die gelieferten Zählgrößen)",
        "  kennzahlen.yml     der Kennzahlenkatalog (Themen und Kennzahlen)",
        "  gebiete.geojson    Gebietsflächen für Karten (optional)",
        "  zahlen/            die Datenlieferungen (CSV oder Excel, beliebig viele Dateien)",
        "schema/              JSON Schema der drei YAML-Dateien für den Editor (von berichte neu)",
        "reports/             eigene Fassungen der Berichtsdokumente (optional, berichte dokumente --kopieren)",
        "vorlagen/texte/      eigene Formulierungen der Texte (optional)",
        "lieferungen/         Excel-Vorlagen für die Datenlieferungen (berichte vorlagen)",
        "_entwurf/            Entwürfe (berichte build --entwurf)",
        "_output/             die veröffentlichten Berichte",
        "LIESMICH.md          die nächsten Schritte (von berichte neu)",
        "```",
        "",
        "**Im Editor.** Die drei YAML-Dateien sind durch ein JSON Schema beschrieben (`docs/schema/` im "
        "Quellcode; `berichte schema` schreibt sie in ein Projekt, `berichte neu` tut das von selbst). Ein Editor "
        "mit YAML-Erweiterung (z. B. Visual Studio Code mit „YAML“ von Red Hat) ergänzt und prüft damit jedes "
        "Feld; die erste Zeile einer Datei verweist auf ihr Schema: "
        "`# yaml-language-server: $schema=../schema/projekt.schema.json`.",
        "",
        "**Unbekannte Felder.** `berichte pruefen` meldet jedes Feld, das es nicht kennt, mit Datei und Zeile und "
        "dem ähnlichsten bekannten Namen („Meinten Sie …?“).",
        "",
    ]
    for name, model in FILES.items():
        lines += [f"## data/{name}", "", FILE_DESCRIPTIONS[name], ""]
        if name == "merkmale.yml":
            lines += ["Jeder Eintrag hat als Schlüssel die ID des Merkmals (`<id>`), wie sie in den "
                      "Datenlieferungen und in den Formeln der Kennzahlen steht.", ""]
        docs = field_docs(model)
        prefix = "<id>." if name == "merkmale.yml" else ""
        lines += TABLE_HEAD + _rows(docs, prefix) + _extra_rows(model) + [""]
    lines += [
        "## data/gebiete.csv",
        "",
        "Eine Zeile je Gebiet (CSV mit `;`, `,` oder Tabulator, oder Excel). Schlüssel sind Text: führende Nullen "
        "bleiben erhalten. Die Namen der Spalten dürfen abweichen; erkannt werden:",
        "",
        "| Spalte | erkannte Namen | Bedeutung |",
        "| --- | --- | --- |",
        f"| Schlüssel | {aliases(COLUMNS['key'])} | amtlicher oder eigener Gebietsschlüssel; Dateinamen der Profile |",
        f"| Name | {aliases(COLUMNS['name'])} | Name auf Titelseite und in Tabellen (z. B. „Peine, Stadt“) |",
        f"| Kurzname | {aliases(COLUMNS['short'])} | Name in Texten und Grafiken (optional; Voreinstellung: Name) |",
        f"| Ebene | {aliases(COLUMNS['level'])} | eine `id` aus `ebenen` in projekt.yml |",
        f"| übergeordnetes Gebiet | {aliases(COLUMNS['parent'])} | Schlüssel des Gebiets eine Ebene höher (leer beim "
        "obersten) |",
        "",
        "Den Namen des obersten Gebiets nehmen die Berichte aus `gebiet` in projekt.yml; weicht er hier ab, meldet "
        "`berichte pruefen` das.",
        "",
        "## data/zahlen/",
        "",
        "Jede CSV- oder Excel-Datei wird gelesen, gleich welchen Namens. Erkannt werden diese Aufbauten:",
        "",
        "| Aufbau | Kopfzeile |",
        "| --- | --- |",
        f"| lang | Schlüssel ({aliases(KEY_ALIASES)}), Jahr ({aliases(YEAR_ALIASES)}), Merkmal "
        f"({aliases(MERKMAL_ALIASES)}), Wert ({aliases(VALUE_ALIASES)}) |",
        "| breit nach Jahren | Schlüssel, Merkmal, 2012, 2013, … |",
        "| breit nach Merkmalen | Schlüssel, Jahr, dann je Merkmal-ID eine Spalte |",
        "| Merkmale × Jahre (die Vorlagen von `berichte vorlagen`) | Schlüssel, dann je Merkmal-ID eine über ihre "
        "Jahresspalten verbundene Zelle und darunter eine Zeile mit den Jahren; leere Zellen gelten als nicht "
        "geliefert |",
        "",
        "Weitere Spalten (etwa ein Gebietsname) werden übergangen. Zeichen der amtlichen Statistik (`.`, `*`, `x`, "
        "`-`, …) sind erlaubt; ihre Bedeutung ändert `symbole` in projekt.yml.",
        "",
        "Von einer Excel-Datei wird das aktive Blatt gelesen (das Excel beim Öffnen zeigt; ist es ausgeblendet oder "
        "ohne Kopfzeile, das nächste sichtbare), oder das unter `dateien.zahlen` mit `blatt` genannte. Ist das "
        "nicht einfach das erste Blatt, oder hat die Datei ausgeblendete Blätter, nennt eine Warnung das gelesene "
        "Blatt. Als Fehler mit Blatt und Zelle gemeldet werden Fehlerwerte (`#DIV/0!`, `#NV`, `#WERT!` …), Formeln "
        "ohne gespeichertes Ergebnis und verbundene Zellen im Datenbereich, statt sie als leer zu lesen.",
        "",
        f"Gelesen werden nur gewöhnliche Dateien (auch über einen Verweis) bis {MAX_FILE_BYTES // 2**20} MB je Datei; "
        "ein Ordner, eine Pipe oder ein Gerät unter `data/zahlen/` ist ein Fehler. Texte wie `NaN` oder `inf` sind "
        f"keine Werte, sondern Fehler; `-0` gilt als 0. Eine Anzahl über {count(MAX_COUNT)} ist nicht plausibel und "
        f"ein Fehler, ebenso jede Zahl ab {count(MAX_VALUE)} (mehr Stellen, als genau gerechnet werden). "
        "Gleichartige Probleme vieler Zeilen werden zusammengefasst („und 1.999.998 weitere gleiche Zeilen“).",
        "",
        "## data/gebiete.geojson",
        "",
        "Gebietsflächen (GeoJSON, WGS84) mit der Eigenschaft `schluessel` je Fläche. Ohne die Datei haben die "
        "Berichte keine Karten; der Sozialbericht sagt das in einem Satz, `berichte build` und `berichte pruefen` "
        "warnen. Der Dateiname lässt sich mit `dateien.geometrien` ändern.",
        "",
        "## reports/ und _quarto.yml",
        "",
        "Ohne diese Dateien gelten die mit berichte gelieferten Dokumente `profil.qmd` und `sozialbericht.qmd` "
        "und ihre Einstellungen `_quarto.yml`. Eigene Fassungen in `reports/` gelten statt der mitgelieferten "
        "(jedes Dokument für sich); eine eigene `_quarto.yml` (in `reports/` oder im Projektordner) ergänzt die "
        "mitgelieferten Einstellungen. Namen gehören nicht hinein: Ein `author`, der vom `herausgeber` abweicht, "
        "wird gemeldet; die Berichte nennen immer den Herausgeber aus projekt.yml. Was die Dokumente nutzen "
        "dürfen, steht in `docs/engine.md`.",
        "",
        "## vorlagen/texte/",
        "",
        "Eigene Fassungen der Satzvorlagen (`*.j2`) für die Texte; sie gelten statt der mitgelieferten (siehe "
        "README, Abschnitt „Texte“).",
        "",
    ]
    return "\n".join(lines)


def schema_texts() -> dict[str, str]:
    """File name → JSON text of the three schemas (stable formatting, for files that are compared)."""
    import json

    return {SCHEMA_NAMES[name]: json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n" for name in FILES}


def write_schemas(folder) -> list:
    """Write the three JSON Schemas into ``folder``; returns the paths."""
    from pathlib import Path

    from .. import atomic

    written = []
    for name, text in schema_texts().items():
        path = Path(folder) / name
        atomic.write_text(path, text)
        written.append(path)
    return written
