"""YAML configuration files with line numbers, so that problems can point to the line to fix.

Project files are data, not code (SECURITY.md): they are read with PyYAML's safe loader, and within limits
that keep a hostile file from exhausting memory or time:

- a file larger than :data:`MAX_YAML_BYTES` is not parsed; only regular files are read;
- aliases (``*name``) are allowed for small repetitions, but at most :data:`MAX_ALIASES` of them, expanding
  to at most :data:`MAX_ALIAS_NODES` entries in all ("billion laughs": nine levels of nine aliases would be
  10⁹ entries); the expansion is counted while the file is composed, before anything is built from it;
- an alias inside the entry it names (a loop) and nesting deeper than Python's recursion allows are refused.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..problems import Problems, os_error_reason

MAX_YAML_BYTES = 5_000_000  # the shipped catalogue has 37 KB; a project with 2.000 Merkmale about 1 MB
MAX_ALIASES = 1_000
MAX_ALIAS_NODES = 20_000


class YamlLimitError(yaml.YAMLError):
    """A file beyond the limits above; ``problem`` is the German reason, ``problem_mark`` where it is."""

    def __init__(self, problem: str, mark=None):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class LineDict(dict):
    """A mapping that remembers the line (1-based) where it starts in its YAML file."""

    line: int | None = None
    key_lines: dict


class BoundedSafeLoader(yaml.SafeLoader):
    """The safe loader with the alias limits of this module: every alias adds the size (number of nodes) of
    the entry it names to a budget, so expanding the document can never cost more than the limits."""

    def compose_document(self):
        self._sizes: dict[int, int] = {}
        self._aliases = 0
        self._alias_nodes = 0
        return super().compose_document()

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:
                raise YamlLimitError(f"der Verweis *{event.anchor} steht in dem Eintrag, auf den er verweist "
                                     "(eine Schleife)", event.start_mark)
            self._aliases += 1
            self._alias_nodes += size
            if self._aliases > MAX_ALIASES or self._alias_nodes > MAX_ALIAS_NODES:
                raise YamlLimitError(
                    f"die Verweise (*{event.anchor} …) ergäben ausgeschrieben mehr als "
                    f"{MAX_ALIAS_NODES:,} Einträge oder es sind mehr als {MAX_ALIASES:,} Verweise; eine solche "
                    "Datei („Billion Laughs“) wird nicht gelesen – bitte die Einträge ausschreiben".replace(",", "."),
                    event.start_mark)
            return node
        node = super().compose_node(parent, index)
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = ()
        self._sizes[id(node)] = 1 + sum(self._sizes.get(id(child), 1) for child in children)
        return node


def safe_load(text: str, loader: type[BoundedSafeLoader] = BoundedSafeLoader):
    """``yaml.safe_load`` within the limits of this module; raises :class:`yaml.YAMLError` (also for nesting
    too deep to parse)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise YamlLimitError(f"der Text ist größer als {MAX_YAML_BYTES // 1_000_000} MB")
    instance = loader(text)
    try:
        return instance.get_single_data()
    except RecursionError:
        raise YamlLimitError("die Einträge sind zu tief ineinander verschachtelt") from None
    finally:
        instance.dispose()


class _LineLoader(BoundedSafeLoader):
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
    """Parse a project's YAML file; every reason it cannot be used (missing, not a regular file, too large, not
    UTF-8, empty, a syntax error, beyond the alias limits) becomes one problem naming the file and, where
    there is one, the line. Returns None then."""
    path = Path(path)
    if not path.exists():
        problems.error("Die Datei fehlt.", path)
        return None
    if not path.is_file():
        problems.error("Das ist keine gewöhnliche Datei (sondern ein Ordner, ein Gerät oder eine Pipe); gelesen "
                       "werden nur Dateien.", path)
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        problems.error(f"Die Datei kann nicht gelesen werden ({os_error_reason(exc)}).", path)
        return None
    if len(data) > MAX_YAML_BYTES:
        problems.error(f"Die YAML-Datei ist größer als {MAX_YAML_BYTES // 1_000_000} MB und wird nicht gelesen; "
                       "ein Merkmalsverzeichnis oder Kennzahlenkatalog ist weit kleiner.", path)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.error("Die YAML-Datei ist nicht UTF-8 kodiert.", path)
        return None
    try:
        result = safe_load(text, _LineLoader)
    except YamlLimitError as exc:
        mark = exc.problem_mark
        problems.error(f"Die YAML-Datei wird nicht gelesen: {exc.problem}.", path,
                       row=mark.line + 1 if mark is not None else None,
                       column=f"Zeichen {mark.column + 1}" if mark is not None else None)
        return None
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
    if result is None:
        problems.error("Die Datei ist leer (keine Einträge, höchstens Kommentare).", path)
    return result


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
