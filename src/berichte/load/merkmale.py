"""The Merkmal dictionary (``data/merkmale.yml``): every raw count with label, unit and source.

A Merkmal is either delivered in the count files or derived by a formula from other Merkmale
(e.g. ``ew_u18: formel: ew_u3 + ew_3_6 + ew_6_15 + ew_15_18``). ``teil_von`` names the totals a
Merkmal is part of, which the validation uses to find parts larger than their total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .formula import Formula, FormulaError, parse_formula
from .relations import RELATIONS_KEY, Relation, item_lines, parse_relations
from ..problems import Problems
from .settings import Settings
from .yamlfiles import check_keys, line_of, load_yaml

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
FIELDS = {"bezeichnung", "einheit", "quelle", "thema", "teil_von", "formel", "summierbar", "stichtag",
          "beschreibung", "ganzzahlig"}
REQUIRED = {"bezeichnung", "einheit", "quelle"}


@dataclass(frozen=True)
class Merkmal:
    id: str
    label: str
    unit: str
    source: str
    theme: str | None = None
    part_of: tuple[str, ...] = ()
    formula: Formula | None = None
    additive: bool = True  # children sum to the parent (true for counts)
    integer: bool = True  # whole numbers only (counts)
    reference_date: str | None = None
    description: str | None = None
    line: int | None = None

    @property
    def derived(self) -> bool:
        return self.formula is not None


@dataclass
class MerkmalDictionary:
    items: dict[str, Merkmal] = field(default_factory=dict)
    path: Path | None = None
    relations: list[Relation] = field(default_factory=list)  # declared additive relations (``beziehungen``)

    def __contains__(self, merkmal_id: str) -> bool:
        return merkmal_id in self.items

    def __getitem__(self, merkmal_id: str) -> Merkmal:
        return self.items[merkmal_id]

    def __iter__(self):
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    @property
    def delivered(self) -> list[Merkmal]:
        return [m for m in self.items.values() if not m.derived]

    @property
    def derived(self) -> list[Merkmal]:
        """Derived Merkmale in an order where each formula only uses Merkmale computed before it."""
        done = {m.id for m in self.delivered}
        pending = [m for m in self.items.values() if m.derived]
        ordered = []
        while pending:
            ready = [m for m in pending if all(t in done for t in m.formula.merkmale)]
            if not ready:
                break
            for m in ready:
                ordered.append(m)
                done.add(m.id)
            pending = [m for m in pending if m.id not in done]
        return ordered


def load_merkmale(settings: Settings, problems: Problems) -> MerkmalDictionary | None:
    path = settings.path("merkmale")
    raw = load_yaml(path, problems)
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        problems.error("Das Merkmalsverzeichnis muss je Merkmal einen Eintrag „id: {bezeichnung: …}“ enthalten.", path)
        return None
    result = MerkmalDictionary(path=path)
    ok = _load_relations(raw, path, result, problems)
    for merkmal_id, entry in raw.items():
        if merkmal_id == RELATIONS_KEY:
            continue
        where = f"Merkmal „{merkmal_id}“"
        line = line_of(raw, merkmal_id)
        if not isinstance(merkmal_id, str) or not ID_RE.match(merkmal_id):
            problems.error(f"{where}: die ID darf nur Kleinbuchstaben, Ziffern und _ enthalten.",
                           path, row=line, value=merkmal_id)
            ok = False
            continue
        if not isinstance(entry, dict):
            problems.error(f"{where}: erwartet werden Felder wie bezeichnung, einheit, quelle.", path, row=line)
            ok = False
            continue
        if not check_keys(entry, FIELDS, REQUIRED, path, problems, where):
            ok = False
            continue
        formula = None
        if "formel" in entry:
            try:
                formula = parse_formula(entry["formel"])
            except FormulaError as exc:
                problems.error(f"{where}: {exc}", path, row=line_of(entry, "formel"), column="formel",
                               value=entry["formel"])
                ok = False
                continue
        part_of = entry.get("teil_von", [])
        if isinstance(part_of, str):
            part_of = [part_of]
        if not isinstance(part_of, list) or not all(isinstance(p, str) for p in part_of):
            problems.error(f"{where}: teil_von muss eine Liste von Merkmal-IDs sein.", path,
                           row=line_of(entry, "teil_von"), column="teil_von", value=entry.get("teil_von"))
            ok = False
            continue
        flags = {}
        for key, default in (("summierbar", True), ("ganzzahlig", True)):
            value = entry.get(key, default)
            if not isinstance(value, bool):
                problems.error(f"{where}: {key} muss true oder false sein.", path, row=line_of(entry, key),
                               column=key, value=value)
                ok = False
            flags[key] = bool(value)
        result.items[merkmal_id] = Merkmal(
            id=merkmal_id,
            label=str(entry["bezeichnung"]),
            unit=str(entry["einheit"]),
            source=str(entry["quelle"]),
            theme=entry.get("thema"),
            part_of=tuple(part_of),
            formula=formula,
            additive=flags["summierbar"],
            integer=flags["ganzzahlig"],
            reference_date=entry.get("stichtag"),
            description=entry.get("beschreibung"),
            line=line,
        )
    # References must point to known Merkmale; formulas must not loop.
    for m in result.items.values():
        for ref in m.part_of:
            if ref not in result.items:
                problems.error(f"Merkmal „{m.id}“: teil_von nennt das unbekannte Merkmal „{ref}“.", path,
                               row=m.line, column="teil_von", value=ref)
                ok = False
        if m.formula:
            for ref in m.formula.merkmale:
                if ref not in result.items:
                    problems.error(f"Merkmal „{m.id}“: die Formel nennt das unbekannte Merkmal „{ref}“.", path,
                                   row=m.line, column="formel", value=m.formula.text)
                    ok = False
    for relation in result.relations:
        for ref in relation.merkmale:
            if ref not in result.items:
                problems.error(f"Beziehung „{relation.text}“: unbekanntes Merkmal „{ref}“.", path,
                               row=relation.line, column=RELATIONS_KEY, value=ref)
                ok = False
            elif result.items[ref].derived:
                problems.error(f"Beziehung „{relation.text}“: „{ref}“ ist ein abgeleitetes Merkmal (formel); "
                               "Beziehungen verbinden gelieferte Merkmale, die Formel ist bereits eine.", path,
                               row=relation.line, column=RELATIONS_KEY, value=ref)
                ok = False
    if ok:
        derived = {m.id for m in result.derived}
        for m in result.items.values():
            if m.derived and m.id not in derived:
                problems.error(f"Merkmal „{m.id}“: die Formel verweist im Kreis auf sich selbst.", path,
                               row=m.line, column="formel", value=m.formula.text)
                ok = False
    return result if ok else None


def _load_relations(raw: dict, path: Path, result: MerkmalDictionary, problems: Problems) -> bool:
    """The ``beziehungen:`` list (declared additive relations), see :mod:`berichte.load.relations`."""
    if RELATIONS_KEY not in raw:
        return True
    entries = raw[RELATIONS_KEY]
    start = line_of(raw, RELATIONS_KEY)
    lines = item_lines(path, start, len(entries) if isinstance(entries, list) else 1)
    relations, errors = parse_relations(entries, lines or [start])
    for message, line, value in errors:
        problems.error(message, path, row=line or start, column=RELATIONS_KEY, value=value)
    result.relations = relations
    return not errors
