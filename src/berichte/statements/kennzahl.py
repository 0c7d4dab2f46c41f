"""Statements about one Kennzahl in one area: Stand, Entwicklung, Auffälligkeit.

Python decides what may be said (which verb, which comparison word, singular or plural, which
ordinal, whether a change may be called "gestiegen"); the templates decide how it is worded.

Rules that keep the text true to the numbers:

* "gestiegen"/"gesunken" only for a bedeutsam change whose shown change has that sign; a shown change
  of 0 is "unverändert", a change below the threshold "weitgehend unverändert", a change at least as
  large as the threshold that the test does not confirm "nicht bedeutsam verändert" (with the numbers).
* Comparisons with the parent area use the shown (rounded) values: "über", "unter", "gleichauf mit";
  "deutlich über/unter" only when the level is auffällig in that direction and differs from the parent's
  by at least the Kennzahl's threshold.
* "günstig"/"ungünstig" only for Kennzahlen with a polarity, and for a change only when it is bedeutsam.
* Withheld (Geheimhaltung) or missing values are never cited. A missing value in the report year gives
  one neutral Stand statement naming the reason and no Entwicklung or Auffälligkeit; a missing value in
  the comparison year gives an Entwicklung statement saying that no comparison is possible.
"""

from __future__ import annotations

import math

from ..formatting import superlative
from . import salience
from .facts import NO_DATA, KennzahlFacts
from .model import Citations, Statement, cite
from .templates import TextTemplates
from .words import PRONOUNS, change_text, dative_plural, group_words, join, missing, name_genus, shown, sign, spread_words, totality, value_text, variant

TOLERANCE = 1e-12


def assessment(polarity: str, direction: int) -> str:
    """"günstig"/"ungünstig" for a higher (+1) or lower (−1) value or change; "" if neutral or 0."""
    factor = {"hoch_unguenstig": -1, "hoch_guenstig": 1}.get(polarity, 0)
    return {1: "günstig", -1: "ungünstig"}.get(factor * direction, "")


def base_context(kind: str, f: KennzahlFacts, c: Citations, fixed: int | None = None) -> dict:
    """Variables every Kennzahl template gets; ``fixed`` overrides the phrasing variant."""
    k = f.kennzahl
    return {
        "kennzahl": f.name,
        "kennzahl_titel": k.title,
        "kurztitel": k.short_title,
        "pronomen": PRONOUNS[name_genus(f.name)],
        "gebiet": f.area,
        "obergebiet": f.parent,
        "jahr": c.year("jahr", f.year_to),
        "jahr_von": c.year("jahr_von", f.year_from),
        "anzahl": k.is_count,
        "variante": variant(kind, k.id, f.area.key) if fixed is None else fixed,
    }


def make(kind: str, f: KennzahlFacts, template: str, context: dict, c: Citations, renderer: TextTemplates,
         score: float, aspect: str = "") -> Statement:
    text, html = renderer.render(template, context)
    values = c.used_in(text)
    return Statement(kind, f.area.key, text, html, f.kennzahl.id, f.kennzahl.theme, values, round(score, 4),
                     f.year_to, f.year_from, aspect, template)


# --- Stand ------------------------------------------------------------------------------------------

def stand(f: KennzahlFacts, renderer: TextTemplates, fixed: int | None = None) -> Statement:
    """The value in the report year, against the parent area and the siblings."""
    k = f.kennzahl
    c = Citations()
    ctx = base_context("stand", f, c, fixed)
    if missing(f.value_to):
        ctx["grund"] = f.reason_to or NO_DATA
        return make("stand", f, "nicht_veroeffentlicht", ctx, c, renderer, 0.0, "nicht_veroeffentlicht")
    bare_count = k.is_count and bool(totality(f.name))  # "Die Zahl der Arbeitslosen lag bei 2.737."
    ctx.update(wert=value_text(k, f.value_to, f.count_unit, c, "wert", with_unit=not bare_count),
               wert_obergebiet="", vergleich="", bewertung="", anteil_obergebiet="", gesamtheit="", rang=None)
    conspicuous = False
    if f.parent is not None and not missing(f.parent_value_to):
        if k.is_count:
            share = f.value_to / f.parent_value_to * 100 if f.parent_value_to > 0 and f.value_to >= 0 else math.nan
            if not missing(share) and 0 < shown(share, 1) < 100:
                ctx["anteil_obergebiet"] = c.add("anteil_obergebiet", cite("percent", share, 1))
                ctx["gesamtheit"] = totality(f.name)
                ctx["wert_obergebiet"] = value_text(k, f.parent_value_to, f.count_unit, c, "wert_obergebiet")
        else:
            # the unit of a rate was just given with the area's value: "(26,0)" rather than repeating it
            ctx["wert_obergebiet"] = value_text(k, f.parent_value_to, f.count_unit, c, "wert_obergebiet",
                                                with_unit=k.is_percent)
            difference = shown(f.value_to, k.decimals) - shown(f.parent_value_to, k.decimals)
            direction = sign(difference)
            if direction == 0:
                ctx["vergleich"] = "gleichauf mit"
            else:
                word = "über" if direction > 0 else "unter"
                conspicuous = f.auffaellig_niveau == ("hoch" if direction > 0 else "niedrig")
                # "deutlich" only if the level is auffällig in that direction and the gap to the parent
                # is at least the Kennzahl's threshold (the parent is not the siblings' mean)
                clear = conspicuous and f.judged and abs(difference) >= k.threshold - TOLERANCE
                ctx["vergleich"] = f"deutlich {word}" if clear else word
                ctx["bewertung"] = assessment(k.polarity, direction)
    ctx["rang"] = rank_context(f, c)
    ctx["stand_hinweis"] = f"Stand {f.year_to}; neuere Daten liegen noch nicht vor." if f.lagging else ""
    score = 0.0 if k.is_count else salience.level(f, ctx["bewertung"], conspicuous)
    return make("stand", f, "stand", ctx, c, renderer, score)


def rank_context(f: KennzahlFacts, c: Citations) -> dict | None:
    """Rank among the siblings: ordinals for the top and bottom places (up to the third, and within the
    top or bottom third of the group), otherwise the place counted from the highest value."""
    if f.n_ranked < 3 or missing(f.rank_high) or missing(f.rank_low) or len(f.tied_with) + 1 >= f.n_ranked:
        return None
    n, high, low = f.n_ranked, int(f.rank_high), int(f.rank_low)
    ordinal_places = max(1, min(3, n // 3))
    level = f.area.level
    group = group_words(level, n, max(f.n_siblings, n), c)
    context = {"gruppe": group["gen"], "gruppe_dat": group["dat"], "lage": "mitte", "wort": "", "wort_nom": "",
               "platz": "", "gleichauf": ""}
    if high <= ordinal_places:
        context.update(lage="oben", wort=superlative(high, "höchst"), wort_nom=superlative(high, "höchst", "e"))
    elif low <= ordinal_places:
        context.update(lage="unten", wort=superlative(low, "niedrigst"), wort_nom=superlative(low, "niedrigst", "e"))
    else:
        context["platz"] = c.integer("rang", high)
    tied = list(f.tied_with)
    if len(tied) > 3:
        context["gleichauf"] = f"{c.integer('gleichauf', len(tied))} weiteren {dative_plural(level.plural)}"
    elif tied:
        context["gleichauf"] = join(tied)
    return context


# --- Entwicklung ------------------------------------------------------------------------------------

def development_case(f: KennzahlFacts) -> str:
    """What may be said about the change (see the module docstring)."""
    if missing(f.value_from):
        return "ohne_vergleich"
    if missing(f.change):
        return "ohne_relativ"
    direction = sign(f.change)
    if direction == 0:
        return "gleich"
    if not f.judged:  # a published value without a test: described, not judged
        return "hoeher" if direction > 0 else "niedriger"
    if f.bedeutsam:
        return "gestiegen" if direction > 0 else "gesunken"
    if abs(f.change) < f.kennzahl.threshold - TOLERANCE:
        return "gering"
    return "ungesichert"


def development(f: KennzahlFacts, renderer: TextTemplates, fixed: int | None = None) -> Statement | None:
    """The change over the period; None if the value of the report year is not published."""
    if missing(f.value_to):
        return None
    k = f.kennzahl
    c = Citations()
    ctx = base_context("entwicklung", f, c, fixed)
    case = development_case(f)
    bedeutsam = case in ("gestiegen", "gesunken")
    direction = sign(f.change)
    rating = assessment(k.polarity, direction) if bedeutsam else ""
    ctx.update(fall=case, bewertung=rating, wert=value_text(k, f.value_to, f.count_unit, c, "wert"),
               auf=value_text(k, f.value_to, f.count_unit, c, "wert"), grund_von=f.reason_from or NO_DATA,
               getestet=not missing(f.p_value), veraenderung_obergebiet="")
    if case == "ohne_vergleich":
        return make("entwicklung", f, "entwicklung", ctx, c, renderer, 0.0, case)
    ctx["wert_von"] = value_text(k, f.value_from, f.count_unit, c, "wert_von")
    ctx["von"] = ctx["wert_von"] if k.is_percent else value_text(k, f.value_from, f.count_unit, c, "von", False)
    if case != "ohne_relativ":
        ctx["veraenderung"] = change_text(k, f.change, c, "veraenderung", signed=False, with_unit=False)
        ctx["veraenderung_einheit"] = change_text(k, f.change, c, "veraenderung", signed=False)
        ctx["veraenderung_vz"] = change_text(k, f.change, c, "veraenderung_vz", signed=True)
        ctx["veraenderung_vz_kurz"] = change_text(k, f.change, c, "veraenderung_vz", signed=True, with_unit=False)
        ctx["veraenderung_obergebiet"] = parent_change(f, c)
    conspicuous = bool(f.auffaellig_veraenderung) or f.gegen_trend
    score = salience.development(f, bedeutsam, rating, conspicuous) if case not in ("ohne_relativ",) else 0.0
    return make("entwicklung", f, "entwicklung", ctx, c, renderer, score, case)


def parent_change(f: KennzahlFacts, c: Citations) -> str:
    """The parent's shown change for a parenthesis: "+0,7 Prozentpunkte", "+1,1" (rates: the unit is in
    the sentence), "unverändert" for 0; "" without a parent or value."""
    if f.parent is None or missing(f.parent_change):
        return ""
    if sign(f.parent_change) == 0:
        return "unverändert"
    return change_text(f.kennzahl, f.parent_change, c, "veraenderung_obergebiet", signed=True, with_unit=False)


# --- Auffälligkeit ----------------------------------------------------------------------------------

def conspicuous(f: KennzahlFacts, renderer: TextTemplates, fixed: int | None = None) -> list[Statement]:
    """Level or change beyond ± the spread among the siblings, or a change against the parent's trend."""
    if missing(f.value_to):
        return []
    k = f.kennzahl
    result = []
    level = f.area.level
    if not k.is_count and f.auffaellig_niveau in ("hoch", "niedrig") and not missing(f.level_z):
        direction = 1 if f.auffaellig_niveau == "hoch" else -1
        if sign(f.level_z) == direction:
            c = Citations()
            ctx = base_context("auffaellig_niveau", f, c, fixed)
            rating = assessment(k.polarity, direction)
            ctx.update(wert=value_text(k, f.value_to, f.count_unit, c, "wert"), richtung=f.auffaellig_niveau,
                       richtung_adj="hohen" if direction > 0 else "niedrigen", lage="über" if direction > 0 else "unter",
                       streuung=spread_words(f.spread, c), vergleichsgebiete=f"der {level.plural}",
                       bewertung=rating)
            result.append(make("auffaelligkeit", f, "auffaelligkeit", ctx | {"aspekt": "niveau"}, c, renderer,
                               salience.conspicuous_level(f, rating), "niveau"))
    has_change = not missing(f.change) and not missing(f.value_from)
    if has_change and f.auffaellig_veraenderung and not missing(f.change_z):
        direction = 1 if f.change_z > 0 else -1
        c = Citations()
        ctx = base_context("auffaellig_veraenderung", f, c, fixed)
        rating = assessment(k.polarity, direction)
        bedeutsam = f.bedeutsam and sign(f.change) != 0
        ctx.update(veraenderung_vz=change_text(k, f.change, c, "veraenderung_vz", signed=True),
                   lage="über" if direction > 0 else "unter", streuung=spread_words(f.spread, c),
                   vergleichsgebiete=f"der {level.plural}", bewertung=rating, bedeutsam=bedeutsam)
        result.append(make("auffaelligkeit", f, "auffaelligkeit", ctx | {"aspekt": "veraenderung"}, c, renderer,
                           salience.conspicuous_change(f, rating, bedeutsam), "veraenderung"))
    if (has_change and f.gegen_trend and f.parent is not None and not missing(f.parent_change)
            and sign(f.change) * sign(f.parent_change) < 0):
        c = Citations()
        ctx = base_context("gegen_trend", f, c, fixed)
        bedeutsam = f.bedeutsam and sign(f.change) != 0
        ctx.update(veraenderung_vz_kurz=change_text(k, f.change, c, "veraenderung_vz", signed=True,
                                                    with_unit=False),
                   veraenderung_obergebiet=change_text(k, f.parent_change, c, "veraenderung_obergebiet",
                                                       signed=True),
                   bedeutsam=bedeutsam)
        result.append(make("auffaelligkeit", f, "auffaelligkeit", ctx | {"aspekt": "gegen_trend"}, c, renderer,
                           salience.against_trend(f, bedeutsam), "gegen_trend"))
    return result
