"""How much a statement matters (its salience): the order of bullets in chapters and "Auf einen Blick".

Components, each between 0 and 1, for one Kennzahl in one area:

* ``R`` — size of the shown change on a scale that is comparable across Kennzahlen: the change relative
  to the earlier value, ``min(|Δ| / |Wert vorher|, 0,5) / 0,5`` (a change by half or more counts fully;
  for counts the shown change in % is already relative). Thresholds are not comparable (a density's
  threshold is tiny), so they only decide whether a change counts at all.
* ``U`` — 1 for an unfavourable development or level, 0.5 for a favourable one, 0 for neutral Kennzahlen;
* ``L`` — how far the level stands out among the sibling areas: ``min(|z|, 3) / 3`` (0 for counts);
* ``A`` — the level or change is auffällig (spread criterion) or a bedeutsame change runs against the
  parent's trend;
* ``K`` — a Kernkennzahl (``kern: true``) or an indicator of the Sozialindex;
* context indicators (no polarity: Wohnfläche, Dichte, Frauenanteil …) count half.

=================  ==========================================================================
Entwicklung        bedeutsam: ``1 + 0.6·R + 0.5·U + 0.3·A + 0.4·K``; described without a test
                   (veraendert): ``0.2 + 0.2·R``; across a break: ``0.15``; otherwise ``0.05·K``
Stand              ``0.6·L + 0.5·A + 0.3·U + 0.4·K`` (counts, withheld or missing values: 0)
Sozialindex        class: ``0.5 + 2·Aufmerksamkeitsbedarf``; change since the previous index year:
                   ``0.3``, ``0.8`` if a class changed, ``+ 1`` if the Aufmerksamkeitsbedarf began or ended
=================  ==========================================================================

Areas below the minimum population get 0 for everything but the plain values.
"""

from __future__ import annotations

import math

from .facts import KennzahlFacts
from .rules import against_trend, assessment, conspicuous_level, level_direction

GLANCE_MIN = 3
GLANCE_MAX = 5
RELATIVE_FULL = 0.5  # a change by half of the earlier value counts fully


def _capped(x: float, cap: float = 3.0) -> float:
    return 0.0 if x is None or math.isnan(x) else min(abs(x), cap) / cap


def polarity_weight(assessment: str) -> float:
    return {"ungünstig": 1.0, "günstig": 0.5}.get(assessment, 0.0)


def relative_size(f: KennzahlFacts) -> float:
    """|Δ| relative to the earlier value (counts: the shown change in % / 100); NaN where undefined."""
    if math.isnan(f.change) or math.isnan(f.value_from):
        return math.nan
    if any(sign < 0 for sign, _ in f.kennzahl.numerator.terms):  # a balance (Saldo) crosses zero: no ratio
        return math.nan
    if f.kennzahl.is_count:
        return abs(f.change) / 100
    if f.value_from == 0:
        return math.nan
    return abs(f.change) / abs(f.value_from)


def size(f: KennzahlFacts) -> float:
    """``R``: the comparable size of the change between 0 and 1."""
    relative = relative_size(f)
    return 0.0 if math.isnan(relative) else min(relative, RELATIVE_FULL) / RELATIVE_FULL


def level_weight(f: KennzahlFacts) -> float:
    return 0.0 if f.kennzahl.is_count else _capped(f.level_z)


def _context(f: KennzahlFacts, score: float) -> float:
    return 0.0 if f.small else (score / 2 if f.context else score)


def development(f: KennzahlFacts, case: str) -> float:
    core = 1.0 if f.core else 0.0
    if case in ("gestiegen", "gesunken"):
        rating = assessment(f.kennzahl.polarity, 1 if f.change > 0 else -1)
        conspicuous = bool(f.auffaellig_veraenderung) or against_trend(f)
        score = 1.0 + 0.6 * size(f) + 0.5 * polarity_weight(rating) + 0.3 * conspicuous + 0.4 * core
    elif case in ("hoeher", "niedriger"):
        score = 0.2 + 0.2 * size(f)
    elif case == "bruch":
        score = 0.15
    else:
        score = 0.05 * core
    return _context(f, score)


def level(f: KennzahlFacts) -> float:
    if f.kennzahl.is_count or math.isnan(f.value_to):
        return 0.0
    conspicuous = conspicuous_level(f)
    rating = assessment(f.kennzahl.polarity, level_direction(f)) if conspicuous else ""
    score = 0.6 * level_weight(f) + 0.5 * bool(conspicuous) + 0.3 * polarity_weight(rating) + 0.4 * f.core
    return _context(f, score)


def sozialindex(attention: bool) -> float:
    return 0.5 + 2.0 * attention


def sozialindex_change(changed: bool, attention_began_or_ended: bool) -> float:
    return 0.3 + 0.5 * changed + 1.0 * attention_began_or_ended
