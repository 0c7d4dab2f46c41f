"""Linear formulas over Merkmale, such as ``ew_u3 + ew_3_6 - fortzuege``: parsed, never evaluated as code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema

_TOKEN = re.compile(r"\s*([+-])?\s*([A-Za-z_][A-Za-z0-9_]*)\s*")


@dataclass(frozen=True)
class Formula:
    """A signed sum of Merkmale. ``terms`` holds (sign, merkmal id) with sign +1 or -1."""

    terms: tuple[tuple[int, str], ...]
    text: str

    @property
    def merkmale(self) -> list[str]:
        return [m for _, m in self.terms]

    @property
    def is_single(self) -> bool:
        return len(self.terms) == 1 and self.terms[0][0] == 1

    @property
    def is_sum(self) -> bool:
        return all(sign == 1 for sign, _ in self.terms)


class FormulaError(ValueError):
    pass


def parse_formula(text: object) -> Formula:
    """Parse ``a + b - c``; raises FormulaError with a German message when malformed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("Die Formel ist leer.")
    terms = []
    pos = 0
    source = text.strip()
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match or match.end() == pos:
            raise FormulaError(
                f"Die Formel „{source}“ ist ungültig: erlaubt sind Merkmal-IDs, verbunden mit + und -."
            )
        sign_text, name = match.groups()
        if terms and sign_text is None:
            raise FormulaError(f"Die Formel „{source}“ ist ungültig: zwischen zwei Merkmalen fehlt + oder -.")
        terms.append((-1 if sign_text == "-" else 1, name))
        pos = match.end()
    return Formula(tuple(terms), source)


def _formula(value) -> Formula:
    if isinstance(value, Formula):
        return value
    try:
        return parse_formula(value)
    except FormulaError as exc:
        raise ValueError(str(exc)) from None


# A formula field in a typed description: written as text in YAML, a Formula in the program.
FormulaText = Annotated[Formula, BeforeValidator(_formula), WithJsonSchema(
    {"type": "string", "pattern": r"^\s*[+-]?\s*[a-z][a-z0-9_]*(\s*[+-]\s*[a-z][a-z0-9_]*)*\s*$",
     "description": "Merkmal-IDs, verbunden mit + und -"})]
