"""The published counts as a system of linear relations: what anyone reading the tables can calculate with.

Every count of the project is a *cell* (area, year, Merkmal), numbered in the order of the count table
(``row * n_merkmale + column``, rows ordered by area and year). Between cells hold:

* the area hierarchy: a parent's count is the sum of its children's (for summable delivered Merkmale);
* the formulas of derived Merkmale (``ew_u18 = ew_u3 + ew_3_6 + ew_6_15 + ew_15_18``, ``wanderungssaldo =
  zuzuege - fortzuege``) and the relations declared in ``merkmale.yml`` (``alo_insgesamt = alo_sgb2 +
  alo_sgb3``): equations in every area and year;
* ``teil_von``: a part is never larger than its total (inequalities);
* counts are never negative (only derived differences such as a Saldo can be).

Only relations that hold in the data are used (a parent whose delivered value differs from the sum of its
children is not a sum); a relation with a value the source withheld is assumed to hold.
Kennzahlen add nothing here: a rate, a numerator that is a sum, a change between years is published only
when every count it is computed from is published (see :mod:`berichte.compute.indicators`), so it is a
function of published cells. The audit (:mod:`berichte.publish.audit`) checks that on the outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..load.aggregate import CountTable
from ..load.areas import Areas
from ..load.merkmale import MerkmalDictionary
from ..load.relations import all_relations

HIERARCHY = "Gebietshierarchie"


@dataclass
class Block:
    """Rows of the same shape: ``Σ_j coefs[j] · x[cells[i, j]]  (= 0, or ≤ 0 for inequalities)``."""

    cells: np.ndarray  # (n, k) int cell numbers
    coefs: np.ndarray  # (k,) float
    label: str  # "Gebietshierarchie", "alo_insgesamt = alo_sgb2 + alo_sgb3", "alo_sgb2 ≤ alo_insgesamt"
    equality: bool = True


@dataclass
class Structure:
    keys: list[str]
    years: list[int]
    columns: list[str]
    blocks: list[Block] = field(default_factory=list)
    lower: np.ndarray | None = None  # per cell: 0 (counts) or -inf (differences)
    integer: np.ndarray | None = None  # per cell: whole numbers only

    @property
    def n_cells(self) -> int:
        return len(self.keys) * len(self.years) * len(self.columns)

    def cell(self, key: str, year: int, merkmal: str) -> int:
        return ((self.keys.index(key) * len(self.years) + self.years.index(year)) * len(self.columns)
                + self.columns.index(merkmal))

    def describe(self, cell: int) -> tuple[str, int, str]:
        row, col = divmod(int(cell), len(self.columns))
        key, year = divmod(row, len(self.years))
        return self.keys[key], self.years[year], self.columns[col]


def build_structure(table: CountTable, areas: Areas, merkmale: MerkmalDictionary,
                    source_withheld: np.ndarray | None = None) -> Structure:
    """All relations between the cells of ``table`` that hold in its values (see the module docstring).

    ``source_withheld`` (flat, bool): cells whose value the source withheld; relations with them cannot be
    checked and are assumed to hold.
    """
    values = table.values
    keys = list(values.index.get_level_values("key").unique())
    years = list(values.index.get_level_values("year").unique())
    columns = list(values.columns)
    structure = Structure(keys, years, columns)
    flat = values.to_numpy(dtype=float).ravel()
    unverifiable = np.zeros(flat.shape, dtype=bool) if source_withheld is None else source_withheld
    n_years, n_cols = len(years), len(columns)
    key_pos = {key: i for i, key in enumerate(keys)}
    year_idx = np.arange(n_years)
    col_pos = {m: j for j, m in enumerate(columns)}

    def cells(key_index: np.ndarray, merkmal: str) -> np.ndarray:
        """Cell numbers of one Merkmal for the given areas in every year, flattened (area-major)."""
        return ((key_index[:, None] * n_years + year_idx[None, :]) * n_cols + col_pos[merkmal]).ravel()

    def add(parts: list[np.ndarray], coefs: list[float], label: str, equality: bool = True) -> None:
        matrix = np.column_stack(parts)
        coef = np.asarray(coefs, dtype=float)
        v = flat[matrix]
        checkable = ~np.isnan(v).any(axis=1)
        if equality:
            holds = np.abs(v @ coef) < 1e-6
        else:
            holds = v @ coef < 1e-6
        # a relation that fails in the data is no fact; one with an unknown value only if the source withheld it
        keep = np.where(checkable, holds, (unverifiable[matrix] | ~np.isnan(v)).all(axis=1))
        if keep.any():
            structure.blocks.append(Block(matrix[keep], coef, label, equality))

    # Area hierarchy: parent = sum of its children, for every additive Merkmal.
    additive = [m.id for m in merkmale.delivered if m.additive]
    for size, items in sorted(_families_by_size(areas, key_pos).items()):
        parents = np.array([key_pos[p] for p, _ in items])
        kids = np.array([[key_pos[c] for c in cs] for _, cs in items])
        for m in additive:
            add([cells(parents, m)] + [cells(kids[:, i], m) for i in range(size)], [1.0] + [-1.0] * size,
                HIERARCHY)
    all_keys = np.arange(len(keys))
    for relation in all_relations(merkmale):
        if relation.total not in col_pos or any(m not in col_pos for m in relation.formula.merkmale):
            continue
        add([cells(all_keys, relation.total)] + [cells(all_keys, m) for _, m in relation.terms],
            [1.0] + [-float(sign) for sign, _ in relation.terms], relation.text)
    for m in merkmale:
        for total in m.part_of:
            if m.id in col_pos and total in col_pos:
                add([cells(all_keys, m.id), cells(all_keys, total)], [1.0, -1.0], f"{m.id} ≤ {total}",
                    equality=False)

    _bounds(structure, merkmale, len(keys) * n_years)
    return structure


def _families_by_size(areas: Areas, key_pos: dict[str, int]) -> dict[int, list[tuple[str, list[str]]]]:
    """Each parent area with its children, grouped by number of children so that each group is one
    rectangular block of relations."""
    children_of: dict[str, list[str]] = {}
    for key, parent in areas.frame["parent"].items():
        if parent and parent in key_pos and key in key_pos:
            children_of.setdefault(parent, []).append(key)
    by_size: dict[int, list[tuple[str, list[str]]]] = {}
    for parent, children in children_of.items():
        by_size.setdefault(len(children), []).append((parent, children))
    return by_size


def _bounds(structure: Structure, merkmale: MerkmalDictionary, rows: int) -> None:
    """Bounds of every cell: counts are not negative (a derived Merkmal with a minus, a Saldo, can be);
    which cells hold whole numbers."""
    columns = structure.columns
    signed = {m.id for m in merkmale.derived if not m.formula.is_sum}
    lower_col = np.array([-np.inf if m in signed else 0.0 for m in columns])
    integer_col = np.array([merkmale[m].integer for m in columns])
    structure.lower = np.tile(lower_col, rows)
    structure.integer = np.tile(integer_col, rows)
