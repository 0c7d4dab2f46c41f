"""The statement record every document uses, and the numbers it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import formatting

KINDS = ("stand", "entwicklung", "kennzahl", "sozialindex", "thema", "region")


@dataclass(frozen=True)
class Cited:
    """One number as computed (``value``) and exactly as the statement shows it (``text``).

    ``style`` names the formatter from :mod:`berichte.formatting` that produced ``text``: "percent",
    "points", "number", "count" (with the plural-aware ``unit``), "year" or "integer".
    """

    value: float
    text: str
    style: str
    decimals: int = 0
    sign: bool = False
    unit: str = ""

    def reformat(self) -> str:
        """The text the formatter gives for ``value`` (equals ``text``; used by checks and tests)."""
        return format_cited(self.style, self.value, self.decimals, self.sign, self.unit)


def format_cited(style: str, value: float, decimals: int = 0, sign: bool = False, unit: str = "") -> str:
    if style == "percent":
        return formatting.percent(value, decimals, sign)
    if style == "points":
        return formatting.points(value, decimals, sign)
    if style == "number":
        return formatting.number(value, decimals, sign)
    if style == "count":
        return formatting.with_unit(value, unit) if unit else formatting.count(value)
    if style in ("year", "integer"):
        return str(int(value)) if style == "year" else formatting.count(value)
    raise ValueError(f"unknown style {style!r}")


def cite(style: str, value: float, decimals: int = 0, sign: bool = False, unit: str = "") -> Cited:
    return Cited(float(value), format_cited(style, value, decimals, sign, unit), style, decimals, sign, unit)


class Citations:
    """Collects the numbers a statement cites while its phrases are built."""

    def __init__(self) -> None:
        self.values: dict[str, Cited] = {}

    def add(self, name: str, cited: Cited) -> str:
        self.values[name] = cited
        return cited.text

    def year(self, name: str, year: int) -> str:
        return self.add(name, cite("year", year))

    def integer(self, name: str, n: int) -> str:
        return self.add(name, cite("integer", n))

    def used_in(self, text: str) -> dict[str, Cited]:
        """The collected numbers that the finished text actually shows (as whole numbers, not as part of
        a longer one: "2" is not cited by "2023")."""
        return {name: cited for name, cited in self.values.items()
                if re.search(r"(?<![\d.,])" + re.escape(cited.text) + r"(?![\d]|[.,]\d)", text)}


@dataclass(frozen=True)
class Statement:
    """One generated statement.

    ``text`` is plain text (alt texts, CSV); ``html`` is the same sentence escaped for HTML and Markdown
    (safe to embed as is). ``values`` maps a name to every number the text cites. ``salience`` orders
    statements for "Auf einen Blick" (see :mod:`berichte.statements.salience`). ``aspect`` refines the
    kind (e.g. "niveau", "veraenderung", "gegen_trend" for Auffälligkeiten; "nicht_veroeffentlicht" for
    a Stand statement about a withheld or missing value).
    """

    kind: str
    key: str
    text: str
    html: str
    kennzahl: str | None = None
    theme: str | None = None
    values: dict[str, Cited] = field(default_factory=dict)
    salience: float = 0.0
    year: int | None = None
    year_from: int | None = None
    aspect: str = ""
    template: str = ""

    def to_dict(self) -> dict:
        """Plain data (for JSON or CSV): cited values as {name: {"wert": …, "text": …}}."""
        return {
            "kind": self.kind, "key": self.key, "kennzahl": self.kennzahl, "theme": self.theme,
            "aspect": self.aspect, "year": self.year, "year_from": self.year_from, "salience": self.salience,
            "text": self.text, "html": str(self.html),
            "values": {name: {"wert": c.value, "text": c.text} for name, c in self.values.items()},
        }
