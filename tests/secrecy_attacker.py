"""An attacker written independently of berichte's audit: plain dictionaries of equations and
``scipy.optimize.linprog``, no code from ``berichte.compute.linear`` or ``berichte.compute.disclosure``.

The attacker knows the area hierarchy (parent = sum of children for summable delivered Merkmale), the formulas of
derived Merkmale, the declared relations, that counts are not negative, and every published value. For
two versions it assumes the worst: only one withheld cell (and the totals containing it) changed.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


def equations(project, year: int, truth) -> list[dict]:
    """Linear equations {(key, merkmal): coefficient} that hold in the true counts of one year."""
    areas, merkmale = project.areas, project.merkmale
    rows = []
    for parent in areas.keys:
        children = areas.children(parent)
        if not children:
            continue
        for m in merkmale:
            if m.derived or not m.additive:
                continue
            row = {(parent, m.id): 1.0}
            for child in children:
                row[(child, m.id)] = row.get((child, m.id), 0.0) - 1.0
            rows.append(row)
    identities = [(m.id, m.formula.terms) for m in merkmale.derived]
    identities += [(r.total, r.formula.terms) for r in merkmale.relations]
    for key in areas.keys:
        for total, terms in identities:
            row = {(key, total): 1.0}
            for sign, ref in terms:
                row[(key, ref)] = row.get((key, ref), 0.0) - sign
            rows.append(row)
    holding = []
    for row in rows:
        vals = [truth.at[(k, year), m] for k, m in row]
        if any(v != v for v in vals):  # a value the source withheld: the relation is assumed to hold
            holding.append(row)
            continue
        if abs(sum(c * truth.at[(k, year), m] for (k, m), c in row.items())) < 1e-6:
            holding.append(row)
    return holding


def feasible_range(rows: list[dict], known: dict, target, signed=frozenset()) -> tuple[float, float]:
    """Min and max of ``target`` (a variable, or a dict of coefficients) over all solutions."""
    names = sorted({v for row in rows for v in row} | (set(target) if isinstance(target, dict) else {target}),
                   key=str)
    index = {v: i for i, v in enumerate(names)}
    a = np.zeros((len(rows), len(names)))
    for i, row in enumerate(rows):
        for v, c in row.items():
            a[i, index[v]] += c
    bounds = []
    for v in names:
        if v in known:
            bounds.append((known[v], known[v]))
        else:
            bounds.append((None if v in signed else 0, None))
    c = np.zeros(len(names))
    for v, coef in (target.items() if isinstance(target, dict) else [(target, 1.0)]):
        c[index[v]] = coef
    low = linprog(c, A_eq=a, b_eq=np.zeros(len(rows)), bounds=bounds, method="highs")
    high = linprog(-c, A_eq=a, b_eq=np.zeros(len(rows)), bounds=bounds, method="highs")
    if low.status == 2 or high.status == 2:  # the published facts rule this hypothesis out
        return -np.inf, np.inf
    assert low.status in (0, 3) and high.status in (0, 3), (low.message, high.message)
    return (low.fun if low.status == 0 else -np.inf), (-high.fun if high.status == 0 else np.inf)


def published_known(published, year: int) -> dict:
    frame = published.xs(year, level="year")
    return {(k, m): float(frame.at[k, m]) for k in frame.index for m in frame.columns if frame.at[k, m] == frame.at[k, m]}


def change_range(rows_old, rows_new, known_old: dict, known_new: dict, cell, changed: set) -> tuple[float, float]:
    """Range of new − old of ``cell`` when only the cells in ``changed`` differ between the versions."""
    def old(v):
        return ("alt",) + v if v in changed else v

    rows = [{old(v): c for v, c in row.items()} for row in rows_old] + [dict(row) for row in rows_new]
    known = {old(v): x for v, x in known_old.items()}
    for v, x in known_new.items():
        if v in known and known[v] != x:  # an unchanged cell published differently: hypothesis impossible
            return -np.inf, np.inf
        known[v] = x
    return feasible_range(rows, known, {cell: 1.0, old(cell): -1.0})
