"""How far can a withheld count be narrowed down? Feasibility intervals by linear programming.

An attacker knows every published number and every relation between counts (area hierarchy, formulas,
declared relations, parts ≤ totals, counts ≥ 0). For a withheld cell the smallest and the largest value
consistent with all of that are the optimum of two linear programs (``scipy.optimize.linprog``, HiGHS).
Published cells are constants; the programs run per connected component of the unknown cells, which keeps
them small (a withheld cell is linked only to the other unknowns of its relations).

Counts are whole numbers: the LP bounds are rounded inwards, and where the verdict depends on it
(the LP interval just reaches the protection interval) the bound is computed exactly as an integer program.

The rule for "protected" (:func:`protection_interval`) follows the protection levels of τ-ARGUS
(Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, ch. 4; τ-ARGUS manual: the attacker's
feasibility interval must contain ``[x − LPL, x + UPL]``):

* a count below the minimum count (1 or 2 with ``mindestanzahl: 3``, and values the source withheld): at least
  the values 0 to ``mindestanzahl`` must stay possible — the reader cannot tell 0, 1, 2 or 3 apart;
* any other withheld count ``x`` (complementary cells): a *sliding* protection range — the interval must be at
  least ``max(mindestanzahl, ⌈p % · x⌉)`` wide, wherever it lies (Hundepool et al., section 4.3: protection
  levels that need not be centred on the true value). p = ``schutzintervall``, default 0: a fixed interval as
  wide as the one for small counts. A complementary cell is not sensitive itself (τ-ARGUS sets protection
  levels only for unsafe cells); it must only not become known, or it would give away the cell it protects —
  and a known complement pins the cell it protects, which the first rule already catches. ``schutzintervall:
  10`` asks for the p % rule (10 % is τ-ARGUS' default interval for manually unsafe cells, ``MAN(10)``); it
  withholds noticeably more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

TOLERANCE = 1e-6


@dataclass
class Rows:
    """Linear rows over variables ``x``: ``Σ coef · x[var] = rhs`` (equality) or ``≤ rhs``. COO layout."""

    row: np.ndarray  # (nnz,) row number of each entry
    var: np.ndarray  # (nnz,) variable number
    coef: np.ndarray  # (nnz,)
    rhs: np.ndarray  # (n_rows,)
    equality: np.ndarray  # (n_rows,) bool
    label: np.ndarray  # (n_rows,) int index into ``labels``
    labels: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rhs)

    @classmethod
    def empty(cls) -> "Rows":
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool), z, [])

    def extend(self, other: "Rows") -> "Rows":
        offset = len(self.labels)
        labels = self.labels + other.labels
        return Rows(np.concatenate([self.row, other.row + self.n_rows]), np.concatenate([self.var, other.var]),
                    np.concatenate([self.coef, other.coef]), np.concatenate([self.rhs, other.rhs]),
                    np.concatenate([self.equality, other.equality]),
                    np.concatenate([self.label, other.label + offset]), labels)

    def entries_of(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        mask = self.row == row
        return self.var[mask], self.coef[mask]


def rows_from_blocks(blocks, var_map=None) -> Rows:
    """Rows of a :class:`~berichte.compute.linear.Structure`'s blocks; ``var_map`` renumbers cells."""
    parts = []
    n = 0
    labels: list[str] = []
    label_index: dict[str, int] = {}
    for block in blocks:
        count, width = block.cells.shape
        if count == 0:
            continue
        cells = block.cells if var_map is None else var_map[block.cells]
        row = np.repeat(np.arange(n, n + count), width)
        li = label_index.setdefault(block.label, len(labels))
        if li == len(labels):
            labels.append(block.label)
        parts.append((row, cells.ravel(), np.tile(block.coefs, count), np.zeros(count),
                      np.full(count, block.equality), np.full(count, li)))
        n += count
    if not parts:
        return Rows.empty()
    return Rows(*(np.concatenate([p[i] for p in parts]) for i in range(6)), labels)


@dataclass
class Interval:
    var: int
    low: float  # smallest possible value (-inf: unbounded)
    high: float  # largest possible value (inf: unbounded)
    binding_low: list[int] = field(default_factory=list)  # rows that fix the minimum
    binding_high: list[int] = field(default_factory=list)  # rows that fix the maximum
    contradictory: bool = False  # the published facts contradict each other (no attacker model applies)


def protection_interval(value: float, small: bool, min_count: int, percent: float) -> tuple[float, float, float]:
    """What must stay possible for a withheld cell: (low end, high end, width) of the attacker's interval.

    A count below the minimum count: the interval must reach down to 0 and up to ``min_count``. Any other
    withheld count x: a sliding protection range — the interval must be at least ``max(min_count, p % of x)``
    wide, wherever it lies (p = 0: a fixed interval of ``min_count``).
    """
    if small or not np.isfinite(value):
        return 0.0, float(min_count), 0.0
    return np.inf, -np.inf, float(max(min_count, math.ceil(percent / 100.0 * abs(value) - 1e-9)))


def is_protected(interval: Interval, need_low: float, need_high: float, need_width: float = 0.0) -> bool:
    if interval.contradictory:
        return True
    return (interval.low <= need_low + TOLERANCE and interval.high >= need_high - TOLERANCE
            and interval.high - interval.low >= need_width - TOLERANCE)


def solve_intervals(rows: Rows, known: np.ndarray, lower: np.ndarray, integer: np.ndarray, targets: np.ndarray,
                    need_low: np.ndarray | None = None, need_high: np.ndarray | None = None) -> list[Interval]:
    """Feasibility intervals of the target variables given the known values (NaN = unknown).

    ``need_low``/``need_high`` (per target, optional): the protection interval; an integer target whose LP
    interval only just reaches it is solved exactly as an integer program.
    """
    targets = np.asarray(targets, dtype=np.int64)
    if len(targets) == 0:
        return []
    n_vars = len(known)
    unknown = np.isnan(known)
    entry_unknown = unknown[rows.var]
    known_part = np.where(entry_unknown, 0.0, rows.coef * np.nan_to_num(known[rows.var]))
    rhs = rows.rhs - np.bincount(rows.row, weights=known_part, minlength=rows.n_rows)
    active_entries = entry_unknown
    row_active = np.bincount(rows.row[active_entries], minlength=rows.n_rows) > 0
    keep = active_entries & row_active[rows.row]
    e_row, e_var, e_coef = rows.row[keep], rows.var[keep], rows.coef[keep]

    var_comp = _components(e_row, e_var, n_vars, rows.n_rows)

    results: dict[int, Interval] = {}
    order = np.argsort(var_comp[targets], kind="stable")
    need_low = np.full(len(targets), -np.inf) if need_low is None else np.asarray(need_low, dtype=float)
    need_high = np.full(len(targets), np.inf) if need_high is None else np.asarray(need_high, dtype=float)
    entry_comp = var_comp[e_var]
    sort_entries = np.argsort(entry_comp, kind="stable")
    comp_sorted = entry_comp[sort_entries]
    i = 0
    while i < len(order):
        comp = var_comp[targets[order[i]]]
        j = i
        while j < len(order) and var_comp[targets[order[j]]] == comp:
            j += 1
        group = order[i:j]
        i = j
        lo_e, hi_e = np.searchsorted(comp_sorted, [comp, comp + 1])
        sel = sort_entries[lo_e:hi_e]
        if len(sel) == 0:  # in no relation: only the variable's own bounds
            for t in group:
                v = int(targets[t])
                results[t] = Interval(v, lower[v], np.inf)
            continue
        _solve_component(e_row[sel], e_var[sel], e_coef[sel], rhs, rows, lower, integer, targets, group,
                         need_low, need_high, results)
    return [results[t] for t in range(len(targets))]


def _components(e_row, e_var, n_vars: int, n_rows: int) -> np.ndarray:
    """Connected components of the unknown variables, linked through rows (a bipartite graph)."""
    graph = sparse.coo_matrix((np.ones(len(e_row)), (e_var, n_vars + e_row)), shape=(n_vars + n_rows,) * 2)
    _, labels = connected_components(graph, directed=False)
    return labels[:n_vars]


def component_labels(rows: Rows, unknown: np.ndarray) -> np.ndarray:
    """Component number of every variable when the variables in ``unknown`` are not known."""
    entry_unknown = unknown[rows.var]
    row_active = np.bincount(rows.row[entry_unknown], minlength=rows.n_rows) > 0
    keep = entry_unknown & row_active[rows.row]
    return _components(rows.row[keep], rows.var[keep], len(unknown), rows.n_rows)


_BANNER_SILENCED = False


def _highs():
    """A silent HiGHS instance (the library prints a banner on its first use in a process; not to the CLI)."""
    global _BANNER_SILENCED
    import highspy

    if not _BANNER_SILENCED:
        import os
        import sys

        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                solver = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_SILENCED = True
    else:
        solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("presolve", "off")  # tiny programs: presolve costs more than it saves
    solver.setOptionValue("solver", "simplex")
    return solver


def _solve_component(row, var, coef, rhs, rows: Rows, lower, integer, targets, group, need_low, need_high,
                     results) -> None:
    import highspy

    local_vars, var_local = np.unique(var, return_inverse=True)
    local_rows, row_local = np.unique(row, return_inverse=True)
    n, m = len(local_vars), len(local_rows)
    matrix = sparse.csc_matrix((coef, (row_local, var_local)), shape=(m, n))
    inf = highspy.kHighsInf
    equality = rows.equality[local_rows]
    b = rhs[local_rows]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = np.zeros(n)
    col_lower = lower[local_vars]
    lp.col_lower_ = np.where(np.isfinite(col_lower), col_lower, -inf)
    lp.col_upper_ = np.full(n, inf)
    lp.row_lower_ = np.where(equality, b, -inf)
    lp.row_upper_ = b.astype(float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(float)
    solver = _highs()
    solver.passModel(lp)
    position = {int(v): k for k, v in enumerate(local_vars)}
    integer_local = integer[local_vars]
    problem = (solver, local_rows, integer_local, lp)
    for t in group:
        v = int(targets[t])
        k = position[v]
        low, bind_low, low_x, bad = _optimum(problem, k, 1.0)
        if bad:
            solver.changeColCost(k, 0.0)
            results[t] = Interval(v, -np.inf, np.inf, contradictory=True)
            continue
        high, bind_high, high_x, _ = _optimum(problem, k, -1.0)
        solver.changeColCost(k, 0.0)
        if integer[v]:
            # exact integer bounds where the verdict hinges on them and the LP optimum is fractional
            if np.isfinite(high):
                high = math.floor(high + TOLERANCE)
                if need_high[t] - TOLERANCE <= high < need_high[t] + 1 and _fractional(high_x, integer_local):
                    high = _integer_optimum(problem, k, -1.0, high)
            if np.isfinite(low):
                low = math.ceil(low - TOLERANCE)
                if need_low[t] - 1 < low <= need_low[t] + TOLERANCE and _fractional(low_x, integer_local):
                    low = _integer_optimum(problem, k, 1.0, low)
        results[t] = Interval(v, float(low), float(high), bind_low, bind_high)


def _optimum(problem, k: int, sense: float):
    """Minimum (sense 1) or maximum (sense -1) of variable k: value, binding rows, solution, infeasible?"""
    import highspy

    solver, local_rows, _, _ = problem
    solver.changeColCost(k, sense)
    solver.run()
    status = solver.getModelStatus()
    if status not in _SETTLED:  # a warm start that did not settle: solve again from scratch
        solver.clearSolver()
        solver.run()
        status = solver.getModelStatus()
    if status not in _SETTLED:
        return _scipy_optimum(problem, k, sense)
    if status == highspy.HighsModelStatus.kInfeasible:
        return np.nan, [], None, True
    if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return (-np.inf if sense > 0 else np.inf), [], None, False
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS: {solver.modelStatusToString(status)}")
    solution = solver.getSolution()
    duals = np.asarray(solution.row_dual)
    binding = [int(r) for r in local_rows[np.abs(duals) > 1e-9]]
    value = sense * solver.getInfo().objective_function_value
    return value, binding, np.asarray(solution.col_value), False



def _settled():
    import highspy

    status = highspy.HighsModelStatus
    return {status.kOptimal, status.kInfeasible, status.kUnbounded, status.kUnboundedOrInfeasible}


class _Settled:
    def __contains__(self, status) -> bool:
        return status in _settled()


_SETTLED = _Settled()


def _scipy_optimum(problem, k: int, sense: float):
    """The same program through ``scipy.optimize.linprog`` (fallback when HiGHS' warm start gives up)."""
    _, local_rows, _, lp = problem
    c = np.zeros(lp.num_col_)
    c[k] = sense
    kwargs = _linprog_arguments(lp)
    result = linprog(c, **kwargs)
    if result.status == 2:
        return np.nan, [], None, True
    if result.status == 3:
        return (-np.inf if sense > 0 else np.inf), [], None, False
    if result.status != 0:
        raise RuntimeError(f"linprog: {result.message}")
    eq = np.asarray(lp.row_lower_) > -1e300
    binding = []
    if eq.any():
        binding += [int(r) for r in local_rows[eq][np.abs(result.eqlin.marginals) > 1e-9]]
    if (~eq).any():
        binding += [int(r) for r in local_rows[~eq][np.abs(result.ineqlin.marginals) > 1e-9]]
    return sense * float(result.fun), binding, np.asarray(result.x), False


def _linprog_arguments(lp) -> dict:
    lower = np.asarray(lp.col_lower_)
    bounds = [(None if lb < -1e300 else lb, None) for lb in lower]
    a = sparse.csc_matrix((np.asarray(lp.a_matrix_.value_), np.asarray(lp.a_matrix_.index_),
                           np.asarray(lp.a_matrix_.start_)), shape=(lp.num_row_, lp.num_col_))
    row_lower, row_upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    eq = row_lower > -1e300
    kwargs = {"bounds": bounds, "method": "highs"}
    if eq.any():
        kwargs.update(A_eq=a[eq], b_eq=row_upper[eq])
    if (~eq).any():
        kwargs.update(A_ub=a[~eq], b_ub=row_upper[~eq])
    return kwargs


def _fractional(x, integer_local) -> bool:
    if x is None:
        return False
    xi = x[integer_local]
    return bool((np.abs(xi - np.round(xi)) > 1e-6).any())


def _integer_optimum(problem, k: int, sense: float, fallback: float) -> float:
    """The exact integer bound (a mixed-integer program with scipy/HiGHS); only for borderline cells."""
    _, _, integer_local, lp = problem
    c = np.zeros(lp.num_col_)
    c[k] = sense
    result = linprog(c, integrality=integer_local.astype(int), **_linprog_arguments(lp))
    if result.status != 0:
        return fallback
    return float(sense * round(result.fun))


def upward(blocks, start: np.ndarray, n_cells: int) -> np.ndarray:
    """The cells ``start`` and every total that contains one of them (transitively): what changes with them."""
    mask = np.zeros(n_cells, dtype=bool)
    mask[start] = True
    equalities = [b for b in blocks if b.equality]
    for _ in range(50):
        before = mask.sum()
        for block in equalities:
            hit = mask[block.cells[:, 1:]].any(axis=1)
            mask[block.cells[hit, 0]] = True
        if mask.sum() == before:
            break
    return mask


def change_interval(blocks, rows: Rows, lower: np.ndarray, integer: np.ndarray, known_now: np.ndarray,
                    known_old: np.ndarray, cell: int) -> Interval:
    """How far the change of ``cell`` between an earlier version and now can be narrowed down.

    The attacker's hypothesis: the correction changed only this cell, the cells whose published value visibly
    changed, and the totals containing them; every other cell kept its value, so what either version published
    about it holds for both. Variables: the
    cells now (0…n−1), the old values of the changed cells (n…2n−1) and the change d (2n).
    Returns the interval of d = now − before (contradictory: the hypothesis is impossible).
    """
    n = len(known_now)
    # cells published in both versions with different values changed visibly: they are known in each version
    with np.errstate(invalid="ignore"):
        visible = ~np.isnan(known_now) & ~np.isnan(known_old) & (np.abs(known_now - known_old) > 1e-9)
    changed = upward(blocks, np.concatenate([[cell], np.flatnonzero(visible)]).astype(np.int64), n)
    old_var = np.arange(n)
    old_var[changed] = n + np.flatnonzero(changed)
    old_rows = rows_from_blocks(blocks, var_map=old_var)
    # rows of the old version that contain a changed cell; the others are the same rows as now
    touched = np.bincount(old_rows.row, weights=(old_rows.var >= n).astype(float), minlength=old_rows.n_rows) > 0
    keep = touched[old_rows.row]
    renumber = np.cumsum(touched) - 1
    old_part = Rows(renumber[old_rows.row[keep]], old_rows.var[keep], old_rows.coef[keep], old_rows.rhs[touched],
                    old_rows.equality[touched], old_rows.label[touched], old_rows.labels)
    d = 2 * n
    link = Rows(np.zeros(3, dtype=np.int64), np.array([d, cell, n + cell]), np.array([1.0, -1.0, 1.0]),
                np.zeros(1), np.ones(1, dtype=bool), np.zeros(1, dtype=np.int64), ["Veränderung"])
    joint = rows.extend(old_part).extend(link)
    known = np.full(2 * n + 1, np.nan)
    known[:n] = known_now
    # what the old version published about an unchanged cell holds now too
    same = ~changed & np.isnan(known_now) & ~np.isnan(known_old)
    known[:n][same] = known_old[same]
    known[n:2 * n][changed] = known_old[changed]
    low_bounds = np.concatenate([lower, lower, [-np.inf]])
    integer_all = np.concatenate([integer, integer, [bool(integer[cell])]])
    return solve_intervals(joint, known, low_bounds, integer_all, np.array([d]))[0]
