"""Typed descriptions of the project files: pydantic models whose errors become German problems with lines.

Each YAML file of a project (``projekt.yml``, ``merkmale.yml``, ``kennzahlen.yml``) is described once, as
pydantic models: the German key of every field (its alias), its type, range, default and a German
description. The same description checks a file (:func:`validate`), documents it (``docs/``) and gives
editors a JSON Schema. Checks that need more than one field or another file (a formula naming a Merkmal,
years inside the data's years) follow the validation in the loaders.

:func:`validate` turns every validation error into a :class:`~berichte.problems.Problem` naming the file,
the line of the offending key (from :class:`~berichte.load.yamlfiles.LineDict`), the key and the value, in
German; an unknown key gets the closest known one ("meinten Sie …?").
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, Callable, Mapping

from pydantic import BaseModel, ConfigDict, ValidationError

from ..problems import Problems
from .yamlfiles import line_of


class FileModel(BaseModel):
    """Base of every typed description: unknown keys are errors; code may use the English field names."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, arbitrary_types_allowed=True,
                              field_title_generator=lambda name, field: field.alias or name,
                              validate_default=False)


Where = Callable[[tuple], str]


def validate(model: type[BaseModel], raw: Any, path: Path, problems: Problems, where: str | Where = "",
             context: Mapping | None = None):
    """``model`` validated from ``raw`` (a parsed YAML mapping), or None after recording every problem.

    ``where`` prefixes each message: a fixed text ("Projekteinstellungen") or a function of the error's
    location (a tuple of keys) that names the entry ("Kennzahl „sgb2_quote“"). Unknown keys are errors, but
    they do not stop the checks of everything else: they are reported and left out, and the rest is
    validated again.
    """
    try:
        return model.model_validate(raw, context=dict(context or {}))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    for error in errors:
        loc = tuple(error["loc"])
        prefix = where(loc) if callable(where) else where
        message, column, value = describe(error, model, raw)
        problems.error(f"{prefix}: {message}" if prefix else message, path, row=_line(raw, loc),
                       column=column, value=value)
    if all(e["type"] == "extra_forbidden" for e in errors):
        try:
            return model.model_validate(_without(raw, [tuple(e["loc"]) for e in errors]), context=dict(context or {}))
        except ValidationError:
            return None
    return None


def _without(raw: Any, locations: list[tuple]) -> Any:
    """A copy of ``raw`` without the keys at ``locations``."""
    if not locations:
        return raw
    if isinstance(raw, Mapping):
        here = {loc[0] for loc in locations if len(loc) == 1}
        return {k: _without(v, [loc[1:] for loc in locations if len(loc) > 1 and loc[0] == k])
                for k, v in raw.items() if k not in here}
    if isinstance(raw, list):
        return [_without(v, [loc[1:] for loc in locations if len(loc) > 1 and loc[0] == i])
                for i, v in enumerate(raw)]
    return raw


def describe(error: dict, model: type[BaseModel], raw: Any) -> tuple[str, str | None, Any]:
    """(German message, column, value) for one pydantic error."""
    loc = [part for part in error["loc"] if part != "[key]"]
    keys = [str(part) for part in loc if not isinstance(part, int)]
    name = keys[-1] if keys else ""
    value = error.get("input")
    value = None if isinstance(value, (Mapping, list)) else value
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return f"Pflichtfeld „{name}“ fehlt.", name, None
    if kind == "extra_forbidden":
        known = sorted(allowed_keys(model, tuple(error["loc"][:-1])))
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" Meinten Sie „{close[0]}“?" if close else ""
        return (f"unbekanntes Feld „{name}“.{hint} Erlaubt sind: {', '.join(known)}.", name, None)
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, "), name, value
    if "[key]" in error["loc"]:
        return f"„{error['loc'][-2]}“ ist als Schlüssel ungültig: {_german_kind(kind, ctx)}", name, error["loc"][-2]
    bounds = _bounds(model, tuple(error["loc"]))
    if kind in ("greater_than_equal", "less_than_equal") and len(bounds) == 2:
        low, high = bounds
        return f"„{name}“ muss zwischen {_number(low)} und {_number(high)} liegen.", name, value
    return f"„{name}“ {_german_kind(kind, ctx)}", name, value


_KINDS = {
    "int_type": "muss eine ganze Zahl sein.",
    "int_parsing": "muss eine ganze Zahl sein.",
    "int_from_float": "muss eine ganze Zahl sein.",
    "float_type": "muss eine Zahl sein.",
    "float_parsing": "muss eine Zahl sein.",
    "finite_number": "muss eine endliche Zahl sein.",
    "bool_type": "muss true oder false sein.",
    "bool_parsing": "muss true oder false sein.",
    "string_type": "muss ein Text sein.",
    "list_type": "muss eine Liste sein, z. B. [a, b].",
    "tuple_type": "muss eine Liste sein, z. B. [a, b].",
    "dict_type": "muss aus Feldern bestehen (Schlüssel: Wert).",
    "model_type": "muss aus Feldern bestehen (Schlüssel: Wert).",
    "model_attributes_type": "muss aus Feldern bestehen (Schlüssel: Wert).",
}


def _german_kind(kind: str, ctx: dict) -> str:
    if kind in _KINDS:
        return _KINDS[kind]
    if kind == "literal_error":
        options = str(ctx.get("expected", "")).replace("'", "").replace(" or ", " oder ")
        return f"muss {options} sein."
    if kind == "enum":
        return f"muss {str(ctx.get('expected', '')).replace(chr(39), '').replace(' or ', ' oder ')} sein."
    bounds = {"greater_than_equal": ("mindestens", "ge"), "greater_than": ("größer als", "gt"),
              "less_than_equal": ("höchstens", "le"), "less_than": ("kleiner als", "lt")}
    if kind in bounds:
        word, key = bounds[kind]
        return f"muss {word} {_number(ctx.get(key))} sein."
    if kind in ("too_short", "too_long"):
        word = "mindestens" if kind == "too_short" else "höchstens"
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return f"braucht {word} {limit} Einträge."
    if kind == "string_pattern_mismatch":
        return "darf nur Kleinbuchstaben, Ziffern und _ enthalten und muss mit einem Buchstaben beginnen."
    if kind == "string_too_short":
        return "darf nicht leer sein."
    return "hat einen ungültigen Wert."


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", ".")
    return str(value).replace(".", ",")


def _bounds(model: type[BaseModel], loc: tuple) -> tuple:
    """(lower, upper) of the field at ``loc`` when it has both (ge and le), else ()."""
    parent = model
    for part in loc[:-1]:
        parent = _inner(parent, part)
        if parent is None:
            return ()
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return ()
    for name, field in parent.model_fields.items():
        if loc[-1] in (field.alias, name):
            low = next((m.ge for m in field.metadata if getattr(m, "ge", None) is not None), None)
            high = next((m.le for m in field.metadata if getattr(m, "le", None) is not None), None)
            return (low, high) if low is not None and high is not None else ()
    return ()


def _line(raw: Any, loc: tuple) -> int | None:
    """The line of the deepest mapping key along ``loc`` (list positions keep the line of their key)."""
    line = line_of(raw)
    node = raw
    for part in loc:
        if part == "[key]":
            break
        if isinstance(node, Mapping) and part in node:
            line = line_of(node, part) or line
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            line = line_of(node) or line
        else:
            break
    return line


def allowed_keys(model: type[BaseModel], loc: tuple) -> set[str]:
    """The keys (aliases) allowed in the mapping at ``loc`` below ``model``."""
    current: Any = model
    for part in loc:
        current = _inner(current, part)
        if current is None:
            return set()
    if isinstance(current, type) and issubclass(current, BaseModel):
        return {f.alias or n for n, f in current.model_fields.items()}
    return set()


def _inner(annotation: Any, part) -> Any:
    """One step down a type: a model's field, a list's items, a mapping's values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation.__pydantic_root_model__:
            return _inner(annotation.model_fields["root"].annotation, part)
        for name, field in annotation.model_fields.items():
            if part in (field.alias, name):
                return _unwrap(field.annotation)
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return _unwrap(args[0])
    if origin is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional wrappers; of a union of a model and plain values, keep the model."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            arg = _unwrap(arg)
            if isinstance(arg, type) and issubclass(arg, BaseModel) or typing.get_origin(arg) in (list, dict):
                return arg
    return annotation
