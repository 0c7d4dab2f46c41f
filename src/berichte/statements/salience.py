"""How much a statement matters (its salience), and the choice of "Auf einen Blick".

Components, each between 0 and 1, for one Kennzahl in one area:

* ``B`` — the change is bedeutsam (1) or not (0);
* ``S`` — size of the shown change against the Kennzahl's threshold: ``min(|Δ| / Schwelle, 3) / 3``
  (with threshold 0: ``min(|z_Δ|, 3) / 3``), so a change of three thresholds or more counts fully;
* ``U`` — polarity of what the statement reports: 1 for an unfavourable development or level, 0.5 for a
  favourable one, 0 for neutral Kennzahlen (unfavourable news comes first);
* ``L`` — how far the level stands out among the sibling areas: ``min(|z|, 3) / 3`` (0 for counts,
  whose level mostly reflects the size of the area);
* ``Z`` — the same for the change: ``min(|z_Δ|, 3) / 3``;
* ``A`` — the statement's conspicuousness flag is set (auffällig or against the regional trend);
* ``K`` — the Kennzahl is a Kernkennzahl (``kern: true``).

Salience by kind:

=================  =====================================================================
Entwicklung        bedeutsam: ``1 + 0.6·S + 0.5·U + 0.3·A + 0.3·K``; otherwise ``0.1·S + 0.1·K``
Stand              ``0.6·L + 0.4·A + 0.3·U + 0.3·K``; counts and withheld or missing values: 0
Auffälligkeit      level: ``0.5 + 0.5·L + 0.3·U + 0.3·K``; change: ``0.5 + 0.5·Z + 0.3·U + 0.3·K``,
                   halved if the change is not bedeutsam (noise in small areas); against the trend:
                   ``0.6 + 0.4·B + 0.3·K``
Sozialindex        class: ``0.5 + 2·Aufmerksamkeitsbedarf``; change since the previous index year:
                   ``0.3``, ``0.8`` if a class changed, ``+ 1`` if the Aufmerksamkeitsbedarf began or ended
=================  =====================================================================

"Auf einen Blick" takes the statements of one area in order of salience (ties: catalogue order), at most
one per Kennzahl: first only statements with salience ≥ 1 from themes not yet chosen (variety), then any
statement with salience ≥ 1, up to 5; if fewer than 3 are chosen, the next most salient fill up to 3.
"""

from __future__ import annotations

import math

from .facts import KennzahlFacts
from .model import Statement

STRONG = 1.0  # a statement worth a place in "Auf einen Blick" on its own
GLANCE_MIN = 3
GLANCE_MAX = 5


def _capped(x: float, cap: float = 3.0) -> float:
    return 0.0 if x is None or math.isnan(x) else min(abs(x), cap) / cap


def polarity_weight(assessment: str) -> float:
    return {"ungünstig": 1.0, "günstig": 0.5}.get(assessment, 0.0)


def size(f: KennzahlFacts) -> float:
    threshold = f.kennzahl.threshold
    if math.isnan(f.change):
        return 0.0
    if threshold > 0:
        return min(abs(f.change) / threshold, 3.0) / 3.0
    return _capped(f.change_z)


def level_weight(f: KennzahlFacts) -> float:
    return 0.0 if f.kennzahl.is_count else _capped(f.level_z)


def development(f: KennzahlFacts, bedeutsam: bool, assessment: str, conspicuous: bool) -> float:
    key = 1.0 if f.kennzahl.key else 0.0
    if not bedeutsam:
        return 0.1 * size(f) + 0.1 * key
    return 1.0 + 0.6 * size(f) + 0.5 * polarity_weight(assessment) + 0.3 * conspicuous + 0.3 * key


def level(f: KennzahlFacts, assessment: str, conspicuous: bool) -> float:
    return 0.6 * level_weight(f) + 0.4 * conspicuous + 0.3 * polarity_weight(assessment) + 0.3 * f.kennzahl.key


def conspicuous_level(f: KennzahlFacts, assessment: str) -> float:
    return 0.5 + 0.5 * level_weight(f) + 0.3 * polarity_weight(assessment) + 0.3 * f.kennzahl.key


def conspicuous_change(f: KennzahlFacts, assessment: str, bedeutsam: bool) -> float:
    score = 0.5 + 0.5 * _capped(f.change_z) + 0.3 * polarity_weight(assessment) + 0.3 * f.kennzahl.key
    return score if bedeutsam else score / 2


def against_trend(f: KennzahlFacts, bedeutsam: bool) -> float:
    return 0.6 + 0.4 * bedeutsam + 0.3 * f.kennzahl.key


def sozialindex(attention: bool) -> float:
    return 0.5 + 2.0 * attention


def sozialindex_change(changed: bool, attention_began_or_ended: bool) -> float:
    return 0.3 + 0.5 * changed + 1.0 * attention_began_or_ended


def choose_at_a_glance(statements: list[Statement], minimum: int = GLANCE_MIN,
                       maximum: int = GLANCE_MAX) -> list[Statement]:
    """The 3 to 5 most salient statements, at most one per Kennzahl, preferring different themes."""
    order = sorted(range(len(statements)), key=lambda i: (-statements[i].salience, i))
    candidates = [statements[i] for i in order if statements[i].salience > 0]
    chosen: list[Statement] = []
    used_kennzahlen: set = set()
    used_themes: set = set()

    def identity(s: Statement):
        return s.kennzahl if s.kennzahl is not None else s.kind  # one Sozialindex statement at most

    def take(s: Statement) -> None:
        chosen.append(s)
        used_kennzahlen.add(identity(s))
        used_themes.add(s.theme if s.theme is not None else s.kind)

    for s in candidates:
        if len(chosen) >= maximum:
            break
        theme = s.theme if s.theme is not None else s.kind
        if s.salience >= STRONG and identity(s) not in used_kennzahlen and theme not in used_themes:
            take(s)
    for s in candidates:
        if len(chosen) >= maximum:
            break
        if identity(s) not in used_kennzahlen and (s.salience >= STRONG or len(chosen) < minimum):
            take(s)
    return sorted(chosen, key=lambda s: -s.salience)
