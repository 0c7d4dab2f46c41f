"""The Merkmal dictionary (``data/merkmale.yml``): every raw count with label, unit and source.

A Merkmal is either delivered in the count files or derived by a formula from other Merkmale
(e.g. ``ew_u18: formel: ew_u3 + ew_3_6 + ew_6_15 + ew_15_18``). ``teil_von`` names the totals a
Merkmal is part of, which the validation uses to find parts larger than their total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, RootModel, StrictBool, StrictStr

from ..problems import Problems
from .formula import Formula, FormulaText
from .model import FileModel, validate
from .relations import RELATIONS_KEY, Relation, item_lines, parse_relations
from .settings import Settings
from .yamlfiles import LineDict, line_of, load_yaml

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


def _one_or_many(value):
    return [value] if isinstance(value, str) else value


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


class MerkmalEntry(FileModel):
    """One Merkmal in ``merkmale.yml``: a count (Häufigkeit) per area and year, delivered or derived."""

    bezeichnung: StrictStr = Field(min_length=1, description="Bezeichnung in Tabellen und Texten.",
                                   examples=["Einwohnerinnen und Einwohner unter 18 Jahren"])
    einheit: StrictStr = Field(min_length=1, examples=["Personen"],
                               description="Einheit der Zählgröße, z. B. Personen, Haushalte, "
                                                         "Wohnungen, m².")
    quelle: StrictStr = Field(min_length=1, description="Liefernde Stelle (Datenquelle), z. B. "
                                                        "Einwohnermeldeamt, Bundesagentur für Arbeit, Jugendamt. "
                                                        "„berichte vorlagen“ schreibt je Stelle (der Text vor einer "
                                                        "Klammer oder einem Komma) eine Lieferungsvorlage.",
                       examples=["Jugendamt (Kinder- und Jugendhilfestatistik)"])
    thema: StrictStr | None = Field(None, description="Thema (für die Übersicht der Häufigkeiten im Profil).",
                                    examples=["bevoelkerung"])
    teil_von: Annotated[list[Id], BeforeValidator(_one_or_many, json_schema_input_type=Id | list[Id])] = Field(
        default_factory=list, description="Merkmale, von denen dieses ein Teil ist; die Prüfung meldet Teile, die "
                                          "größer sind als das Ganze.", examples=[["ew_insgesamt"]])
    formel: FormulaText | None = Field(None, description="Abgeleitetes Merkmal: aus anderen berechnet (nur + und "
                                                         "-); es wird nicht geliefert.",
                                       examples=["ew_u3 + ew_3_6 + ew_6_15 + ew_15_18"])
    summierbar: StrictBool = Field(True, description="false für Größen, die sich nicht über Teilgebiete "
                                                     "aufsummieren lassen (z. B. Einkommen je Einwohner): "
                                                     "sie müssen für jedes Gebiet geliefert werden.")
    ganzzahlig: StrictBool = Field(True, description="false für Größen mit Nachkommastellen; sonst meldet die "
                                                     "Prüfung Werte mit Nachkommastellen als Fehler.",
                                   examples=[False])
    stichtag: StrictStr | None = Field(None, description="Abweichender Stichtag (Erläuterungsblatt der "
                                                         "Lieferungsvorlage). Voreinstellung: stichtag aus projekt.yml.",
                                       examples=["Jahresdurchschnitt"])
    beschreibung: StrictStr | None = Field(None, description="Definition in ganzen Sätzen (Erläuterungsblatt der "
                                                             "Lieferungsvorlage).",
                                           examples=["Zuzüge über die Grenze des jeweiligen Gebiets."])


RELATIONS_FIELD = {
    "type": "array", "items": {"type": "string"},
    "description": "Gleichungen zwischen gelieferten Merkmalen („summe = teil + teil …“, auch mit −), die in jedem "
                   "Gebiet und Jahr gelten. Die Prüfung meldet Lieferungen, die ihnen widersprechen; die "
                   "Geheimhaltung rechnet mit ihnen wie ein Leser, damit sich kein gesperrter Wert aus den "
                   "veröffentlichten ausrechnen lässt.",
    "examples": [["alo_insgesamt = alo_sgb2 + alo_sgb3"]],
}


class MerkmaleFile(RootModel[dict[Id, MerkmalEntry]]):
    """``data/merkmale.yml``: every count (Merkmal) with its label, unit and source, by its ID; the optional
    ``beziehungen:`` list is read by :func:`_load_relations` and described in the schema by RELATIONS_FIELD."""

    model_config = {"title": "merkmale.yml", "json_schema_extra": lambda schema: _with_relations(schema)}


def _with_relations(schema: dict) -> None:
    """The schema's entries by ID leave out the key ``beziehungen``, which has its own property."""
    schema["patternProperties"] = {f"^(?!{RELATIONS_KEY}$){pattern.lstrip('^')}": entry
                                   for pattern, entry in schema.get("patternProperties", {}).items()}
    schema["properties"] = {RELATIONS_KEY: RELATIONS_FIELD}


def load_merkmale(settings: Settings, problems: Problems) -> MerkmalDictionary | None:
    path = settings.path("merkmale")
    raw = load_yaml(path, problems)
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        problems.error("Das Merkmalsverzeichnis muss je Merkmal einen Eintrag „id: {bezeichnung: …}“ enthalten.", path)
        return None
    relations_ok, relations = _load_relations(raw, path, problems)
    merkmale = LineDict((k, v) for k, v in raw.items() if k != RELATIONS_KEY)  # keeps the lines for problems
    merkmale.line, merkmale.key_lines = raw.line, raw.key_lines
    entries = validate(MerkmaleFile, merkmale, path, problems, where=lambda loc: f"Merkmal „{loc[0]}“")
    if entries is None or not relations_ok:
        return None
    result = MerkmalDictionary(path=path, relations=relations)
    for merkmal_id, e in entries.root.items():
        result.items[merkmal_id] = Merkmal(
            id=merkmal_id, label=e.bezeichnung, unit=e.einheit, source=e.quelle, theme=e.thema,
            part_of=tuple(e.teil_von), formula=e.formel, additive=e.summierbar, integer=e.ganzzahlig,
            reference_date=e.stichtag, description=e.beschreibung, line=line_of(raw, merkmal_id))
    return result if _references_ok(result, path, problems) else None


def _references_ok(result: MerkmalDictionary, path: Path, problems: Problems) -> bool:
    """References point to known Merkmale and formulas do not loop."""
    ok = True
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
    return ok


def _load_relations(raw: dict, path: Path, problems: Problems) -> tuple[bool, list[Relation]]:
    """The ``beziehungen:`` list (declared additive relations, :mod:`berichte.load.relations`)."""
    if RELATIONS_KEY not in raw:
        return True, []
    entries = raw[RELATIONS_KEY]
    start = line_of(raw, RELATIONS_KEY)
    lines = item_lines(path, start, len(entries) if isinstance(entries, list) else 1)
    relations, errors = parse_relations(entries, lines or [start])
    for message, line, value in errors:
        problems.error(message, path, row=line or start, column=RELATIONS_KEY, value=value)
    return not errors, relations
