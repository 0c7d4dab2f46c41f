"""The judgements a statement may make about one Kennzahl in one area, from its facts alone.

Shared by the statement builders (:mod:`berichte.statements.kennzahl`) and their weights
(:mod:`berichte.statements.salience`); the rules themselves are documented in
:mod:`berichte.compute.judgement`.
"""

from __future__ import annotations

from .facts import KennzahlFacts
from .words import missing, shown, sign

TOLERANCE = 1e-12


def assessment(polarity: str, direction: int) -> str:
    """"günstig"/"ungünstig" for a higher (+1) or lower (−1) value or change; "" if neutral or 0."""
    factor = {"hoch_unguenstig": -1, "hoch_guenstig": 1}.get(polarity, 0)
    return {1: "günstig", -1: "ungünstig"}.get(factor * direction, "")


def level_direction(f: KennzahlFacts) -> int:
    """+1 / −1 when the shown value lies above / below the parent's shown value; 0 otherwise."""
    k = f.kennzahl
    if f.parent is None or missing(f.value_to) or missing(f.parent_value_to) or k.is_count:
        return 0
    return sign(shown(f.value_to, k.decimals) - shown(f.parent_value_to, k.decimals))


def conspicuous_level(f: KennzahlFacts) -> str:
    """"hoch"/"niedrig" when the level stands out among the comparison areas (spread criterion), else ""."""
    if f.small or f.kennzahl.is_count or missing(f.value_to) or missing(f.level_z):
        return ""
    wanted = f.auffaellig_niveau if f.auffaellig_niveau in ("hoch", "niedrig") else ""
    if wanted and sign(f.level_z) == (1 if wanted == "hoch" else -1):
        return wanted
    return ""


def unfavourable_level(f: KennzahlFacts) -> bool:
    """The level is conspicuous in the unfavourable direction."""
    level = conspicuous_level(f)
    return bool(level) and assessment(f.kennzahl.polarity, 1 if level == "hoch" else -1) == "ungünstig"


def development_case(f: KennzahlFacts) -> str:
    """What may be said about the change: "gestiegen"/"gesunken" (bedeutsam), "hoeher"/"niedriger"
    (described, no test possible), "gleich", "gering", "ungesichert", "bruch", "ohne_vergleich",
    "ohne_relativ" (a count that was 0)."""
    if missing(f.value_from):
        return "ohne_vergleich"
    if missing(f.change):
        return "ohne_relativ"
    direction = sign(f.change)
    state = f.state or _state(f)
    if state == "bruch":
        return "bruch"
    if direction == 0:
        return "gleich"
    if state == "bedeutsam":
        return "gestiegen" if direction > 0 else "gesunken"
    if state == "veraendert":
        return "hoeher" if direction > 0 else "niedriger"
    if state == "gering":
        return "gering"
    return "ungesichert"


def _state(f: KennzahlFacts) -> str:
    """The state for facts built without one (tests): from bedeutsam, the test and the threshold."""
    if f.breaks:
        return "bruch"
    big = abs(f.change) >= f.kennzahl.threshold - TOLERANCE
    if f.bedeutsam and f.tested and big:
        return "bedeutsam"
    if not big:
        return "gering"
    return "ungesichert" if f.tested else "veraendert"


def bedeutsam(f: KennzahlFacts) -> bool:
    return development_case(f) in ("gestiegen", "gesunken")


def against_trend(f: KennzahlFacts) -> bool:
    """A bedeutsam change opposite to the parent's shown change."""
    return (f.gegen_trend and f.parent is not None and not missing(f.parent_change)
            and sign(f.change) * sign(f.parent_change) < 0)
