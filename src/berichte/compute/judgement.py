"""What the numbers allow a report to say: the state of a change, "deutlich", direction words.

Every document (statements, tables, the Kennzahlen CSV) takes its judgements from here, so that a table
cell and a sentence about the same number always agree.

**State of a change** (``Comparison.state``) over the period, one of:

=================  ===========================================================================  ==================
state              when                                                                         table word
=================  ===========================================================================  ==================
``ohne_vergleich`` a value of either year is missing or withheld                               (empty)
``gleich``         the shown change is 0                                                        unverändert
``gering``         the shown change is smaller than the Kennzahl's threshold                    kaum verändert
``ungesichert``    at least the threshold, tested, but not significant                          nicht gesichert
``bedeutsam``      at least the threshold and significant (only where the numerator counts     gestiegen/gesunken
                   people or cases)
``veraendert``     at least the threshold, no test possible (areas, amounts, densities,         höher/niedriger   
                   published values): described, never "bedeutsam"
``bruch``          the period spans a declared legal change or break in the data                nicht bewertet
=================  ===========================================================================  ==================

"günstig"/"ungünstig" only for ``bedeutsam`` changes of Kennzahlen with a polarity.

**"deutlich"** follows the relative size of a gap, not the spread of the areas (:func:`clear_gap`): two
positive values differ "deutlich" when the larger is at least 1,25 times the smaller (a quarter more, or a
fifth less) and the gap is at least the Kennzahl's threshold. 49,6 % against 46,5 % is "über", 19,9 %
against 15,0 % "deutlich über". "Auffällig" is kept for the spread criterion (more than
``signifikanz.streuung`` standard deviations from the mean of the comparison areas).

**Direction words** are computed from the signs (:func:`change_comparison`): a rise that is smaller than the
comparison areas' mean rise is "Anstieg schwächer als im Durchschnitt", never "stärker fallend".
"""

from __future__ import annotations

import math

from ..formatting import is_missing, number, percent

STATES = ("ohne_vergleich", "gleich", "gering", "ungesichert", "bedeutsam", "veraendert", "bruch")
DEUTLICH_RATIO = 1.25
TOLERANCE = 1e-9


def clear_gap(value: float, other: float, threshold: float = 0.0) -> bool:
    """The documented rule for "deutlich": both values positive, the larger at least 1,25 times the smaller,
    and the gap at least ``threshold``."""
    if value is None or other is None or math.isnan(value) or math.isnan(other) or value <= 0 or other <= 0:
        return False
    ratio = max(value, other) / min(value, other)
    return ratio >= DEUTLICH_RATIO - TOLERANCE and abs(value - other) >= threshold - TOLERANCE


def multiple(value: float, other: float) -> str:
    """"mehr als doppelt so hoch" / "nicht einmal halb so hoch" for large ratios of positive values; ""."""
    if not clear_gap(value, other) or min(value, other) <= 0:
        return ""
    ratio = value / other
    if ratio >= 3:
        return "mehr als dreimal so hoch wie"
    if ratio >= 2:
        return "mehr als doppelt so hoch wie"
    if ratio <= 1 / 3:
        return "nicht einmal ein Drittel so hoch wie"
    if ratio <= 0.5:
        return "nicht einmal halb so hoch wie"
    return ""


def development_word(state: str, change: float) -> str:
    """The table word for a state and the shown change (see the module docstring)."""
    if state in ("ohne_vergleich", "") or change is None or (isinstance(change, float) and math.isnan(change)):
        return ""
    if state == "gleich":
        return "unverändert"
    if state == "gering":
        return "kaum verändert"
    if state == "ungesichert":
        return "nicht gesichert"
    if state == "bruch":
        return "nicht bewertet"
    if state == "veraendert":
        return "höher" if change > 0 else "niedriger"
    return "gestiegen" if change > 0 else "gesunken"


def change_comparison(change: float, mean: float, deutlich: bool = True) -> str:
    """How a change compares with the comparison areas' mean change, in words from the signs:
    "Anstieg stärker als im Durchschnitt der Vergleichsgebiete", "Anstieg deutlich schwächer als …",
    "Anstieg, im Durchschnitt der Vergleichsgebiete ein Rückgang", "Rückgang stärker als …" …"""
    if change is None or mean is None or math.isnan(change) or math.isnan(mean) or change == 0:
        return ""
    noun = "Anstieg" if change > 0 else "Rückgang"
    if mean == 0 or (mean > 0) != (change > 0):
        other = "keine Veränderung" if mean == 0 else ("ein Rückgang" if mean < 0 else "ein Anstieg")
        return f"{noun}, im Durchschnitt der Vergleichsgebiete {other}"
    stronger = abs(change) > abs(mean)
    word = "stärker" if stronger else "schwächer"
    if deutlich and clear_gap(abs(change), abs(mean)):
        word = "deutlich " + word
    return f"{noun} {word} als im Durchschnitt der Vergleichsgebiete"


def conspicuous_developments(results, comparison, index_ids: set[str], genitive=None) -> list[dict]:
    """The rows of the Sozialbericht's list "Auffällige Entwicklungen" and of the Kennzahlen table's column
    "Auffällige Entwicklung": bedeutsame changes that stand out among the comparison areas or run against the
    parent's trend, of Kennzahlen with a polarity, in areas above the minimum population (a change across a
    break is never bedeutsam); by weight: unfavourable before favourable, core and index indicators first,
    then the distance from the comparison areas' mean change. ``genitive`` names a parent area after "gegen
    den Trend" ("der Region Seewalden"; default "von <Name>")."""
    project = results.project
    catalogue, areas, settings = project.catalogue, project.areas, project.settings
    c = comparison
    out = []
    for key in areas.keys:
        if key == areas.root or bool(c.small.get(key, False)):
            continue
        level = settings.level(areas.level(key)).name
        for k in catalogue:
            if k.polarity == "neutral" or not c.bedeutsam.at[key, k.id]:
                continue
            against = bool(c.gegen_trend.at[key, k.id])
            stands_out = bool(c.auffaellig_veraenderung.at[key, k.id])
            if not (against or stands_out):
                continue
            change = c.change_shown.at[key, k.id]
            parent = areas.parent(key)
            reasons = []
            if stands_out:
                reasons.append("auffällig: " + change_comparison(change, c.peer_change.at[key, k.id], deutlich=False)
                               .replace("im Durchschnitt der Vergleichsgebiete", "im Durchschnitt der "
                                        f"{settings.level(areas.level(key)).plural}"))
            if against and parent:
                where = genitive(parent) if genitive else f"von {areas.frame.at[parent, 'short']}"
                reasons.append(f"gegen den Trend {where}")
            value = c.value_to.at[key, k.id]
            text_value = "" if is_missing(value) else (percent(value, k.decimals) if k.is_percent
                                                      else number(value, k.decimals))
            text_change = percent(change, 1, sign=True) if k.is_count else number(change, k.decimals, sign=True)
            rating = c.assessment.at[key, k.id]
            z = c.change_z.at[key, k.id]
            weight = ((1.0 if rating == "ungünstig" else 0.5) + 0.4 * (k.key or k.id in index_ids)
                      + 0.3 * against + (0.0 if is_missing(z) else min(abs(z), 3) / 3))
            out.append({"key": key, "kennzahl_id": k.id, "ebene": level, "gebiet": areas.frame.at[key, "short"],
                        "kennzahl": k.short_title, "wert": text_value, "veraenderung": text_change,
                        "auffaelligkeit": "; ".join(reasons), "bewertung": rating, "gewicht": weight})
    return sorted(out, key=lambda r: (-r["gewicht"], r["gebiet"], r["kennzahl"]))
