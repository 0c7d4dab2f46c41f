"""Statistical tests for "bedeutsame Veränderungen": is a change unlikely to be random fluctuation?

* ``anteil`` — shares (numerator is part of the denominator): two-proportion z-test with pooled variance,
  two-sided. Example: 100 of 1,000 → 120 of 1,000 gives z = 1.43, p = 0.15 (not significant);
  1,000 of 10,000 → 1,200 of 10,000 gives z = 4.52, p < 0.001 (significant).
* ``poisson`` — rates per 100/1,000 and counts: the exact conditional test for two Poisson rates
  (given n1 + n2 events, n2 is binomial with p = d2 / (d1 + d2) if the rates are equal); two-sided
  p-value = min(1, 2 · min(P(X ≤ n2), P(X ≥ n2))). For counts d1 = d2 = 1. When the numerator is a
  difference (e.g. births − deaths), its Poisson variance is the sum of the terms, and a normal
  approximation with that variance is used.
"""

from __future__ import annotations

import numpy as np
from scipy import special  # lighter to import than scipy.stats (the build starts faster)


def two_proportion_p(n1, d1, n2, d2) -> np.ndarray:
    n1, d1, n2, d2 = (np.asarray(a, dtype=float) for a in (n1, d1, n2, d2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = n1 / d1, n2 / d2
        pooled = (n1 + n2) / (d1 + d2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / d1 + 1 / d2))
        z = (p2 - p1) / se
        p = 2 * special.ndtr(-np.abs(z))
    # No variance (both shares 0 % or 100 %): identical shares are no change; otherwise undefined.
    p = np.where((se == 0) & (p1 == p2), 1.0, p)
    return p


def poisson_p(n1, d1, n2, d2, var1=None, var2=None) -> np.ndarray:
    n1, d1, n2, d2 = (np.asarray(a, dtype=float) for a in (n1, d1, n2, d2))
    var1 = np.abs(n1) if var1 is None else np.asarray(var1, dtype=float)
    var2 = np.abs(n2) if var2 is None else np.asarray(var2, dtype=float)
    exact = (n1 >= 0) & (n2 >= 0) & np.isclose(var1, n1) & np.isclose(var2, n2)
    result = np.full(n1.shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        total = n1 + n2
        share = d2 / (d1 + d2)
        ok = exact & np.isfinite(total) & np.isfinite(share) & (total > 0)
        if ok.any():
            k, n, q = np.rint(n2[ok]).astype(np.int64), np.rint(total[ok]).astype(np.int64), share[ok]
            low = special.bdtr(k, n, q)  # P(X ≤ k)
            high = np.where(k >= 1, special.bdtrc(np.maximum(k - 1, 0), n, q), 1.0)  # P(X ≥ k)
            result[ok] = np.minimum(1.0, 2 * np.minimum(low, high))
        result[exact & (total == 0)] = 1.0
        approx = ~exact & np.isfinite(n1) & np.isfinite(n2)
        if approx.any():
            r1, r2 = n1[approx] / d1[approx], n2[approx] / d2[approx]
            se = np.sqrt(var1[approx] / d1[approx] ** 2 + var2[approx] / d2[approx] ** 2)
            z = (r2 - r1) / se
            result[approx] = np.where(se > 0, 2 * special.ndtr(-np.abs(z)), np.where(r1 == r2, 1.0, np.nan))
    return result
