"""YAML configuration files with line numbers, so that problems can point to the line to fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..problems import Problems


class LineDict(dict):
    """A mapping that remembers the line (1-based) where it starts in its YAML file."""

    line: int | None = None
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"Schlüssel „{key}“ kommt doppelt vor", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, problems: Problems):
    """Parse a YAML file; syntax errors become one problem with line and column. Returns None then."""
    path = Path(path)
    if not path.exists():
        problems.error("Die Datei fehlt.", path)
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.error("Die YAML-Datei ist nicht UTF-8 kodiert.", path)
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        column = f"Zeichen {mark.column + 1}" if mark is not None else None
        problems.error(
            f"Die YAML-Datei ist syntaktisch fehlerhaft: {_german_yaml_problem(what)}.",
            path,
            row=mark.line + 1 if mark is not None else None,
            column=column,
        )
        return None


_YAML_PHRASES = {
    "mapping values are not allowed here": "an dieser Stelle ist kein Doppelpunkt erlaubt",
    "could not find expected ':'": "ein Doppelpunkt fehlt",
    "found character '\\t' that cannot start any token": "Tabulatorzeichen sind in YAML nicht erlaubt",
    "expected <block end>, but found '-'": "die Einrückung stimmt nicht",
    "found undefined alias": "ein Verweis (*) zeigt auf nichts",
    "found unexpected end of stream": "die Datei endet mitten in einem Eintrag",
    "did not find expected key": "die Einrückung stimmt nicht oder ein Schlüssel fehlt",
    "expected ',' or ']', but got": "eine eckige Klammer ist nicht geschlossen",
    "expected ',' or '}', but got": "eine geschweifte Klammer ist nicht geschlossen",
    "found unknown escape character": "unbekanntes Escape-Zeichen in Anführungszeichen",
}


def _german_yaml_problem(text: str) -> str:
    for english, german in _YAML_PHRASES.items():
        if text.startswith(english):
            return german
    return text


def line_of(mapping, key: str | None = None) -> int | None:
    if isinstance(mapping, LineDict):
        if key is not None and key in getattr(mapping, "key_lines", {}):
            return mapping.key_lines[key]
        return mapping.line
    return None
