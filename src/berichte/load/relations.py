"""Declared additive relations between Merkmale (``beziehungen:`` in ``merkmale.yml``).

A relation says that one Merkmal equals a signed sum of others in every area and year, e.g.::

    beziehungen:
      - alo_insgesamt = alo_sgb2 + alo_sgb3
      - ew_insgesamt = ew_u3 + ew_3_6 + ew_6_15 + ew_15_18 + ew_18_25 + ew_25_45 + ew_45_65 + ew_65_80 + ew_80plus

Unlike ``formel`` (a derived Merkmal, computed and never delivered), both sides are delivered: the relation
is a fact about the data that ``berichte pruefen`` checks and that the secondary suppression and the
secrecy audit use (an attacker knows it too). Derived Merkmale are relations of the same kind
(``natuerlicher_saldo = geburten - sterbefaelle``); :func:`all_relations` lists both.

Kept apart from the Merkmal loader so that it can move into the typed description of ``merkmale.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formula import Formula, FormulaError, parse_formula

RELATIONS_KEY = "beziehungen"


@dataclass(frozen=True)
class Relation:
    """``total = Σ sign · term`` for every area and year."""

    total: str
    formula: Formula
    text: str
    line: int | None = None
    declared: bool = True  # False: the formula of a derived Merkmal

    @property
    def terms(self) -> tuple[tuple[int, str], ...]:
        return self.formula.terms

    @property
    def merkmale(self) -> list[str]:
        return [self.total] + self.formula.merkmale


class RelationError(ValueError):
    pass


def parse_relation(text: object, line: int | None = None) -> Relation:
    """Parse ``a = b + c - d``; raises RelationError with a German message when malformed."""
    if not isinstance(text, str) or text.count("=") != 1:
        raise RelationError(f"Die Beziehung „{text}“ ist ungültig: erwartet wird „merkmal = merkmal + merkmal …“ "
                            "mit genau einem Gleichheitszeichen.")
    left, right = (part.strip() for part in text.split("="))
    try:
        total = parse_formula(left)
        formula = parse_formula(right)
    except FormulaError as exc:
        raise RelationError(f"Die Beziehung „{text.strip()}“ ist ungültig: {exc}") from None
    if not total.is_single:
        raise RelationError(f"Die Beziehung „{text.strip()}“ ist ungültig: links vom Gleichheitszeichen steht genau "
                            "ein Merkmal (die Summe), rechts seine Teile.")
    name = total.terms[0][1]
    if name in formula.merkmale:
        raise RelationError(f"Die Beziehung „{text.strip()}“ ist ungültig: „{name}“ steht auf beiden Seiten.")
    return Relation(name, formula, f"{name} = {formula.text}", line)


def parse_relations(raw: object, lines: list[int | None]) -> tuple[list[Relation], list[tuple[str, int | None, object]]]:
    """All relations of a ``beziehungen:`` list; returns the relations and (message, line, value) errors."""
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [("„beziehungen“ muss eine Liste von Gleichungen sein, z. B. "
                     "„- alo_insgesamt = alo_sgb2 + alo_sgb3“.", lines[0] if lines else None, raw)]
    relations, errors = [], []
    for i, item in enumerate(raw):
        line = lines[i] if i < len(lines) else None
        try:
            relations.append(parse_relation(item, line))
        except RelationError as exc:
            errors.append((str(exc), line, item))
    return relations, errors


def derived_relations(merkmale) -> list[Relation]:
    """The formula of every derived Merkmal as a relation (``derived = Σ terms``)."""
    return [Relation(m.id, m.formula, f"{m.id} = {m.formula.text}", m.line, declared=False)
            for m in merkmale.derived]


def all_relations(merkmale) -> list[Relation]:
    """Declared relations and the formulas of derived Merkmale: every additive identity between Merkmale."""
    return list(getattr(merkmale, "relations", [])) + derived_relations(merkmale)


def item_lines(path, start: int | None, count: int) -> list[int | None]:
    """Lines of the first ``count`` list items (``- …``) after line ``start`` of a YAML file."""
    if start is None:
        return [None] * count
    try:
        text = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return [None] * count
    found = [n for n, line in enumerate(text[start:], start=start + 1) if line.lstrip().startswith("- ")]
    return (found[:count] + [None] * count)[:count]
