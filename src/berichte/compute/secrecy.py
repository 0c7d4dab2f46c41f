"""Geheimhaltung (statistical secrecy) of counts.

Rules (configurable in ``geheimhaltung:`` of projekt.yml):

* Primary: a count of 1 or 2 (more generally: above 0 and below ``mindestanzahl``) is not published.
  Values the source already withheld (``*``, ``.``, ``•``) stay withheld.
* Secondary: a withheld count must not be recoverable by subtraction. Wherever counts are linked by a sum —
  a parent area and its children (for summable Merkmale), or a derived Merkmal and its parts (e.g.
  ``ew_u18 = ew_u3 + ew_3_6 + ew_6_15 + ew_15_18``) — and exactly one cell of the sum is withheld, a second
  cell is withheld too: the smallest published positive part, or the total if there is none. This is
  repeated until no sum has exactly one withheld cell.

Rates (Kennzahlen) are withheld separately in :mod:`berichte.compute.indicators`: when a count they are computed
from is withheld, when the numerator is above 0 and below ``zaehler_mindestens``, or when the denominator
is below ``nenner_mindestens``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..load.aggregate import CountTable
from ..load.areas import Areas
from ..load.merkmale import MerkmalDictionary
from ..load.readers import SECRET_REASONS
from ..load.settings import Secrecy
from .disclosure import Interval, Rows, change_interval, component_labels, is_protected, upward, protection_interval, rows_from_blocks, solve_intervals
from .linear import Structure, build_structure
from .snapshot import Snapshot

REASON_SMALL = "Anzahl unter {n} (Geheimhaltung)"
REASON_SECONDARY = "gesperrt, weil sonst ein geheimer Wert errechnet werden könnte (sekundäre Geheimhaltung)"
REASON_SOURCE = "von der Datenquelle gesperrt ({note})"


@dataclass
class CountSecrecy:
    suppressed: pd.DataFrame  # same shape as CountTable.values; True = not published
    reasons: pd.DataFrame  # "" or the footnote text
    small: np.ndarray | None = None  # flat: below the minimum count or withheld by the source
    frozen: np.ndarray | None = None  # flat: published before with the same value (known to every reader)
    structure: Structure | None = None  # the linear relations between the cells
    failures: list = field(default_factory=list)  # Unprotected cells the suppression could not protect


def apply_count_secrecy(table: CountTable, areas: Areas, merkmale: MerkmalDictionary, rules: Secrecy,
                        earlier: list[Snapshot] | None = None, uses: dict[str, int] | None = None) -> CountSecrecy:
    """Primary and secondary suppression of the count table.

    ``earlier``: what earlier versions published (see :mod:`berichte.publish.ledger`); a cell published
    before with the same value is known to every reader and cannot hide anything. ``uses``: how many published
    Kennzahlen each Merkmal feeds (withholding a count withholds them too: a cost of the complement).
    """
    values = table.values
    columns = list(values.columns)
    flat_values = values.to_numpy(dtype=float).ravel()
    notes = table.notes.to_numpy(dtype=object).ravel()
    suppressed = np.zeros(flat_values.shape, dtype=bool)
    reasons = np.full(flat_values.shape, "", dtype=object)

    # Withheld at the source: a missing value whose note is a secrecy symbol's reason.
    source_secret = np.isin(notes, list(SECRET_REASONS)) & np.isnan(flat_values)
    suppressed |= source_secret
    reasons[source_secret] = [REASON_SOURCE.format(note=n) for n in notes[source_secret]]
    small = np.zeros(flat_values.shape, dtype=bool)
    structure = None
    failures: list[Unprotected] = []
    frozen = _frozen(flat_values, earlier or [])
    if rules.active and rules.min_count > 1:
        integer_cols = np.array([merkmale[m].integer for m in columns])
        integer_mask = np.tile(integer_cols, len(values))
        with np.errstate(invalid="ignore"):
            small = (flat_values > 0) & (flat_values < rules.min_count) & integer_mask
        suppressed |= small
        reasons[small] = REASON_SMALL.format(n=rules.min_count)
        if rules.secondary:
            structure = build_structure(table, areas, merkmale, source_secret)
            loss = np.tile(np.array([(uses or {}).get(m, 0) for m in columns], dtype=float), len(values))
            _singletons(flat_values, suppressed, reasons, frozen, structure.blocks, loss)
            failures = _repair(structure, flat_values, suppressed, reasons, small | source_secret, frozen, rules,
                               earlier or [], loss)
    shape = values.shape
    return CountSecrecy(
        pd.DataFrame(suppressed.reshape(shape), index=values.index, columns=columns),
        pd.DataFrame(reasons.reshape(shape), index=values.index, columns=columns),
        small=small | source_secret, frozen=frozen, structure=structure, failures=failures,
    )


def _frozen(values: np.ndarray, earlier: list[Snapshot]) -> np.ndarray:
    """Cells an earlier version published with the value they still have: known to every reader."""
    frozen = np.zeros(values.shape, dtype=bool)
    for snapshot in earlier:
        old = snapshot.values
        with np.errstate(invalid="ignore"):
            frozen |= ~np.isnan(old) & (np.abs(old - values) < 1e-9)
    return frozen


def _singletons(values: np.ndarray, suppressed: np.ndarray, reasons: np.ndarray, frozen: np.ndarray,
                blocks, loss: np.ndarray | None = None) -> None:
    """Withhold further cells until no equation has exactly one withheld cell (in place).

    The quick first pass of the secondary suppression; the audit-driven repair (:func:`_repair`) handles
    what it cannot see (several relations together, earlier versions). The complement is the published
    part that takes the fewest Kennzahlen with it, then the smallest; the total only if no part is left.
    """
    groups = [b.cells for b in blocks if b.equality]
    for _ in range(100):
        changed = False
        for group in groups:
            flags = suppressed[group] & ~frozen[group]
            # Sums with a missing published cell cannot be used to recover anything.
            known = ~np.isnan(values[group]) | suppressed[group]
            lone = (flags.sum(axis=1) == 1) & known.all(axis=1)
            if not lone.any():
                continue
            rows = group[lone]
            vals = np.abs(values[rows])
            free = ~suppressed[rows] & ~frozen[rows] & (vals > 0)
            cost = vals if loss is None else loss[rows] * 1e12 + vals  # fewest Kennzahlen lost, then smallest
            candidates = np.where(free, cost, np.inf)
            candidates[:, 0] = np.inf  # prefer a part over the total
            best = np.argmin(candidates, axis=1)
            no_part = np.isinf(candidates[np.arange(len(rows)), best])
            best[no_part] = 0  # no positive published part left: withhold the total
            target = rows[np.arange(len(rows)), best]
            fresh = ~suppressed[target] & ~frozen[target]
            if fresh.any():
                suppressed[target[fresh]] = True
                reasons[target[fresh]] = REASON_SECONDARY
                changed = True
        if not changed:
            return


@dataclass
class Unprotected:
    """A withheld cell whose feasibility interval is narrower than its protection interval."""

    cell: int
    interval: Interval
    need: tuple[float, float, float]  # low end, high end, width (see disclosure.protection_interval)
    value: float
    change: str = ""  # for a change between versions: the label of the earlier version


MAX_ROUNDS = 60


def audit_cells(structure: Structure, values: np.ndarray, suppressed: np.ndarray, small: np.ndarray,
                frozen: np.ndarray, rules: Secrecy, rows: Rows | None = None, only: np.ndarray | None = None):
    """Feasibility and protection intervals of the withheld cells (not frozen) given the published cells.

    ``only``: audit just these cells (all withheld cells by default). Returns targets, intervals and the
    protection interval (low and high ends) of each target.
    """
    rows = rows if rows is not None else rows_from_blocks(structure.blocks)
    hidden = suppressed & ~frozen
    targets = np.flatnonzero(hidden) if only is None else np.asarray(only, dtype=np.int64)
    known = np.where(hidden, np.nan, values)
    needs = np.array([protection_interval(values[c], bool(small[c]), rules.min_count, rules.protection_percent)
                      for c in targets]).reshape(-1, 3)
    intervals = solve_intervals(rows, known, structure.lower, structure.integer, targets, needs[:, 0], needs[:, 1])
    return targets, intervals, needs


def _repair(structure: Structure, values: np.ndarray, suppressed: np.ndarray, reasons: np.ndarray,
            small: np.ndarray, frozen: np.ndarray, rules: Secrecy, earlier: list[Snapshot],
            loss: np.ndarray | None = None) -> list[Unprotected]:
    """Add complementary cells until every withheld cell is protected (in place); returns what is not.

    Each round audits the withheld cells whose component changed; for a cell that is not protected, one
    published cell of the relations that pin it (non-zero dual value of the LP) is withheld: the one with
    the smallest absolute value (least information lost), ties by table order — deterministic.
    When all values are protected, the changes against earlier versions are audited the same way
    (:func:`change_failures`); a change that would be revealed gets its changed totals withheld.
    """
    rows = rows_from_blocks(structure.blocks)
    state: dict[int, tuple[Interval, tuple[float, float, float]]] = {}
    dirty = None  # None: audit every withheld cell
    failures: list[Unprotected] = []
    for _ in range(MAX_ROUNDS):
        targets, intervals, needs = audit_cells(structure, values, suppressed, small, frozen, rules, rows,
                                                only=dirty)
        for t, interval in enumerate(intervals):
            state[int(targets[t])] = (interval, tuple(needs[t]))
        failures = []
        chosen: set[int] = set()
        cascade = _cascade(rows, suppressed & ~frozen)
        if loss is not None:
            cascade = np.stack([cascade, loss])
        for cell in sorted(state):
            interval, need = state[cell]
            if is_protected(interval, *need):
                continue
            failures.append(Unprotected(cell, interval, need, float(values[cell])))
            if interval.high < need[1] - 1e-6:
                binding = interval.binding_high
            elif interval.low > need[0] + 1e-6:
                binding = interval.binding_low
            else:
                binding = sorted(set(interval.binding_low) | set(interval.binding_high))
            # one more unknown in every relation that pins the cell
            picks = [_complement(rows, [r], values, suppressed, frozen, chosen, cascade) for r in binding]
            picks = [c for c in picks if c is not None]
            if not picks:
                pick = _complement(rows, _rows_with(rows, cell), values, suppressed, frozen, chosen, cascade)
                picks = [] if pick is None else [pick]
            chosen.update(picks)
        if not failures and earlier:
            for failure, options in change_failures(structure, rows, values, suppressed, frozen, rules, earlier):
                failures.append(failure)
                pick = _complement_cells(options, values, suppressed, frozen, chosen)
                if pick is not None:
                    chosen.add(pick)
        if not chosen:
            break
        for cell in chosen:
            suppressed[cell] = True
            reasons[cell] = REASON_SECONDARY
        hidden = suppressed & ~frozen
        labels = component_labels(rows, hidden | np.isnan(values))
        touched = np.isin(labels, labels[list(chosen)])
        dirty = np.flatnonzero(hidden & touched)
    return failures


def change_failures(structure: Structure, rows: Rows, values: np.ndarray, suppressed: np.ndarray,
                    frozen: np.ndarray, rules: Secrecy, earlier: list[Snapshot]):
    """Withheld cells whose change against an earlier version could be worked out (see
    :func:`~berichte.compute.disclosure.change_interval`); yields (Unprotected, cells that could hide it)."""
    hidden = suppressed & ~frozen
    known_now = np.where(hidden, np.nan, values)
    for snapshot in earlier:
        old = snapshot.values
        with np.errstate(invalid="ignore"):
            changed = ~np.isnan(old) & ~(np.abs(old - values) < 1e-9)
        if not changed.any():
            continue
        for cell in _reachable(rows, changed, hidden):
            interval = change_interval(structure.blocks, rows, structure.lower, structure.integer, known_now, old,
                                       int(cell))
            if _change_protected(interval, rules):
                continue
            totals = upward(structure.blocks, np.array([cell]), len(values)) & changed & ~hidden
            yield (Unprotected(int(cell), interval, (np.inf, -np.inf, float(rules.min_count)), float(values[cell]),
                               change=snapshot.label), np.flatnonzero(totals))


def _change_protected(interval: Interval, rules: Secrecy) -> bool:
    """A change is protected if the hypothesis is impossible, forces no change at all ([0, 0]: the cell
    cannot have changed alone), or leaves a range of at least ``mindestanzahl``."""
    if interval.contradictory or interval.high - interval.low >= rules.min_count - 1e-6:
        return True
    return abs(interval.low) < 1e-6 and abs(interval.high) < 1e-6


def _reachable(rows: Rows, start: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Withheld cells linked to the ``start`` cells through relations (via other withheld cells)."""
    seen = np.zeros(hidden.shape, dtype=bool)
    frontier = start.copy()
    for _ in range(50):
        in_rows = np.isin(rows.row, np.unique(rows.row[frontier[rows.var]]))
        nxt = np.zeros(hidden.shape, dtype=bool)
        nxt[rows.var[in_rows]] = True
        nxt &= hidden & ~seen
        if not nxt.any():
            break
        seen |= nxt
        frontier = nxt
    return np.flatnonzero(seen)


def _withholdable(cells: np.ndarray, values, suppressed, frozen) -> tuple[np.ndarray, np.ndarray]:
    """The cells that may still be withheld (published, not frozen, a value above 0) and their absolute values."""
    vals = np.abs(values[cells])
    ok = ~suppressed[cells] & ~frozen[cells] & np.isfinite(vals) & (vals > 0)
    return cells[ok], vals[ok]


def _complement_cells(cells: np.ndarray, values, suppressed, frozen, chosen) -> int | None:
    if len(cells) == 0 or np.isin(cells, list(chosen)).any():
        return None
    cells, vals = _withholdable(cells, values, suppressed, frozen)
    if not len(cells):
        return None
    return int(cells[np.lexsort((cells, vals))[0]])


def _rows_with(rows: Rows, var: int) -> list[int]:
    return [int(r) for r in np.unique(rows.row[rows.var == var])]


def _cascade(rows: Rows, hidden: np.ndarray) -> np.ndarray:
    """Per cell: how many of its equations have no unknown cell yet (withholding it there starts a new chain)."""
    hidden_per_row = np.bincount(rows.row, weights=hidden[rows.var].astype(float), minlength=rows.n_rows)
    fresh = rows.equality & (hidden_per_row == 0)
    return np.bincount(rows.var[fresh[rows.row]], minlength=len(hidden))


def _complement(rows: Rows, binding: list[int], values, suppressed, frozen, chosen=(), cascade=None) -> int | None:
    """The published cell of the given rows to withhold next: the one that starts the fewest new chains of
    suppression (its other relations already have an unknown, closing a "rectangle" as the hypercube method
    does), then the one that takes the fewest Kennzahlen with it, then the smallest absolute value (least
    information lost), then table order; none if a cell of these rows was already chosen in this round."""
    if not binding:
        return None
    mask = np.isin(rows.row, binding)
    cells = np.unique(rows.var[mask])
    if chosen and np.isin(cells, list(chosen)).any():
        return None
    cells, vals = _withholdable(cells, values, suppressed, frozen)
    if not len(cells):
        return None
    if cascade is None:
        order = np.lexsort((cells, vals))
    elif cascade.ndim == 2:  # chains started, then Kennzahlen lost, then value
        order = np.lexsort((cells, vals, cascade[0][cells], cascade[1][cells]))
    else:
        order = np.lexsort((cells, vals, cascade[cells]))
    return int(cells[order[0]])
