"""Statements about one Kennzahl in one area: the level (Stand) and the change (Entwicklung).

Python decides what may be said (which verb, which comparison word, singular or plural, which ordinal,
whether a change may be called "bedeutsam"); the templates decide how it is worded.

Rules that keep the text true to the numbers (see :mod:`berichte.compute.judgement`):

* Three states of a change: "kaum verändert" (below the threshold), "nicht gesichert" (at least the
  threshold, not significant), "bedeutsam gestiegen/gesunken" (significant; only where the numerator counts
  people or cases). A Kennzahl without a test (areas, amounts, densities, published values) is described:
  "gestiegen/gesunken" from the threshold on, never "bedeutsam". A change across a declared legal change
  or break is described with its reason and not judged.
* Comparisons with the parent area use the shown (rounded) values: "über", "unter", "gleichauf mit";
  "deutlich über/unter" only by the relative-gap rule (:func:`~berichte.compute.judgement.clear_gap`);
  "auffällig" only for the spread criterion; nothing of this for areas below the minimum population.
* No evaluation tail on single statements ("– eine ungünstige Entwicklung"): the chapter introduction
  evaluates; "günstig"/"ungünstig" only for bedeutsame changes (tables, introductions).
* One statement per fact: the conspicuousness of a level belongs to its Stand sentence, that of a change
  (auffällig or against the parent's trend, only when bedeutsam) to its Entwicklung sentence; a rate names
  the count of its numerator (the count is then not said again).
* Withheld (Geheimhaltung) or missing values are never cited. A missing value in the report year gives
  one neutral Stand statement naming the reason and no Entwicklung; a missing value in the comparison year
  gives an Entwicklung statement saying that no comparison is possible.
"""

from __future__ import annotations

import math

from ..compute.judgement import change_comparison, clear_gap, multiple
from ..formatting import superlative
from . import salience
from .facts import NO_DATA, KennzahlFacts
from .rules import (against_trend, assessment, bedeutsam, conspicuous_level, development_case, level_direction,
                    unfavourable_level)
from .model import Citations, Statement, cite
from .templates import TextTemplates
from .words import (PRONOUNS, change_text, dative_plural, group_words, join, missing, name_genus,
                    number_word, shown, sign, totality, value_text, variant)

TOLERANCE = 1e-12


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

def stand_context(f: KennzahlFacts, c: Citations, fixed: int | None = None) -> dict:
    k = f.kennzahl
    ctx = base_context("stand", f, c, fixed)
    bare_count = k.is_count and bool(totality(f.name))  # "Die Zahl der Arbeitslosen lag bei 2.737."
    ctx.update(wert=value_text(k, f.value_to, f.count_unit, c, "wert", with_unit=not bare_count),
               wert_obergebiet="", vergleich="", vielfaches="", bewertung="", anteil_obergebiet="", gesamtheit="",
               rang=None, auffaellig="", begleitzahl="")
    companion = f.companion
    if companion is not None and not missing(companion.value_to):
        ctx["begleitzahl"] = value_text(companion.kennzahl, companion.value_to, companion.count_unit, c,
                                        "begleitzahl")
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
            direction = level_direction(f)
            if direction == 0:
                ctx["vergleich"] = "gleichauf mit"
            else:
                word = "über" if direction > 0 else "unter"
                a, b = shown(f.value_to, k.decimals), shown(f.parent_value_to, k.decimals)
                clear = not f.small and clear_gap(a, b, k.threshold)
                ctx["vergleich"] = f"deutlich {word}" if clear else word
                ctx["vielfaches"] = multiple(a, b) if clear else ""
                ctx["bewertung"] = assessment(k.polarity, direction)
    ctx["rang"] = None if f.small else rank_context(f, c)  # no ranking of a handful of people
    ctx["auffaellig"] = conspicuous_level(f)
    ctx["stand_hinweis"] = f"Stand {f.year_to}; neuere Daten liegen noch nicht vor." if f.lagging else ""
    ctx["vergleichsgebiete"] = f"der {f.area.level.plural}"
    return ctx


def stand(f: KennzahlFacts, renderer: TextTemplates, fixed: int | None = None) -> Statement:
    """The value in the report year, against the parent area and the siblings."""
    c = Citations()
    if missing(f.value_to):
        ctx = base_context("stand", f, c, fixed)
        ctx["grund"] = f.reason_to or NO_DATA
        return make("stand", f, "nicht_veroeffentlicht", ctx, c, renderer, 0.0, "nicht_veroeffentlicht")
    ctx = stand_context(f, c, fixed)
    return make("stand", f, "stand", ctx, c, renderer, salience.level(f), "auffaellig" if ctx["auffaellig"] else "")


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
        context["gleichauf"] = f"{number_word(len(tied)) if len(tied) <= 12 else c.integer('gleichauf', len(tied))} " \
                               f"weiteren {dative_plural(level.plural)}"
    elif tied:
        context["gleichauf"] = join(tied)
    return context


# --- Entwicklung ------------------------------------------------------------------------------------

def break_words(f: KennzahlFacts, c: Citations | None = None) -> str:
    """"einer Rechtsänderung im Jahr 2023 (Wohngeld-Plus-Reform zum 1.1.2023)", for "wegen …"."""
    breaks = sorted(f.breaks, key=lambda b: b.year)
    if not breaks:
        return ""
    kinds = {b.kind for b in breaks}
    noun = "Rechtsänderung" if kinds == {"rechtsaenderung"} else (
        "Datenbruch" if kinds == {"datenbruch"} else "Rechtsänderung oder Datenbruch")
    reasons = "; ".join(b.reason for b in breaks)
    c = c or Citations()
    years = [c.year(f"bruch_{i}", b.year) for i, b in enumerate(breaks)]
    if len(breaks) == 1:
        article = "eines" if noun == "Datenbruch" else "einer"
        noun = noun + "s" if noun == "Datenbruch" else noun
        return f"{article} {noun} im Jahr {years[0]} ({reasons})"
    plural = {"Rechtsänderung": "Rechtsänderungen", "Datenbruch": "Datenbrüchen"}.get(noun, "Rechtsänderungen und Datenbrüchen")
    return f"{plural} in den Jahren {join(years)} ({reasons})"


def development(f: KennzahlFacts, renderer: TextTemplates, fixed: int | None = None, short: bool = False
                ) -> Statement | None:
    """The change over the period; None if the value of the report year is not published. ``short``: the
    form that follows a Stand sentence about the same Kennzahl (pronoun, no area)."""
    if missing(f.value_to):
        return None
    k = f.kennzahl
    c = Citations()
    ctx = base_context("entwicklung", f, c, fixed)
    case = development_case(f)
    direction = sign(f.change)
    is_significant = case in ("gestiegen", "gesunken")
    ctx.update(fall=case, bedeutsam=is_significant, kurz=short,
               bewertung=assessment(k.polarity, direction) if is_significant else "",
               wert=value_text(k, f.value_to, f.count_unit, c, "wert"),
               auf=value_text(k, f.value_to, f.count_unit, c, "wert"), grund_von=f.reason_from or NO_DATA,
               getestet=f.tested, veraenderung_obergebiet="", veraenderung_klammer="", durchschnitt=None,
               gegen_trend=False, begleitzahl=None, bruch=break_words(f, c))
    if case == "ohne_vergleich":
        return make("entwicklung", f, "entwicklung", ctx, c, renderer, 0.0, case)
    ctx["wert_von"] = value_text(k, f.value_from, f.count_unit, c, "wert_von")
    ctx["von"] = ctx["wert_von"] if k.is_percent else value_text(k, f.value_from, f.count_unit, c, "von", False)
    if case != "ohne_relativ":
        ctx["veraenderung"] = change_text(k, f.change, c, "veraenderung", signed=False, with_unit=False)
        ctx["veraenderung_einheit"] = change_text(k, f.change, c, "veraenderung", signed=False)
        ctx["veraenderung_vz"] = change_text(k, f.change, c, "veraenderung_vz", signed=True)
        # in parentheses after "von … auf … <unit>": shares, counts and scores (in Punkte) with their unit, rates
        # without (their unit was just given with the values)
        ctx["veraenderung_klammer"] = change_text(k, f.change, c, "veraenderung_vz", signed=True,
                                                  with_unit=k.is_percent or k.is_count or k.dimensionless)
        ctx["veraenderung_vz_kurz"] = ctx["veraenderung_klammer"]
        ctx["veraenderung_obergebiet"] = parent_change(f, c)
    if is_significant and not f.small:
        ctx["gegen_trend"] = against_trend(f)
        ctx["durchschnitt"] = None if ctx["gegen_trend"] else peer_context(f, c)
    companion = f.companion
    if (companion is not None and case not in ("ohne_relativ",) and not missing(companion.value_to)
            and not missing(companion.value_from)):
        ctx["begleitzahl"] = {
            "name": companion.name,
            "von": value_text(companion.kennzahl, companion.value_from, companion.count_unit, c, "begleit_von", False),
            "auf": value_text(companion.kennzahl, companion.value_to, companion.count_unit, c, "begleit_auf"),
            "veraenderung": "" if missing(companion.change) else change_text(
                companion.kennzahl, companion.change, c, "begleit_veraenderung", signed=True),
        }
    score = 0.0 if case == "ohne_relativ" else salience.development(f, case)
    return make("entwicklung", f, "entwicklung", ctx, c, renderer, score, case)


def peer_context(f: KennzahlFacts, c: Citations) -> dict | None:
    """A change that stands out among the comparison areas (spread criterion), in words from the signs."""
    if not f.auffaellig_veraenderung or missing(f.peer_change) or missing(f.change_z):
        return None
    k = f.kennzahl
    mean = f.peer_change
    label = change_comparison(f.change, mean, deutlich=False)
    if not label:
        return None
    opposite = "im Durchschnitt" in label.split(",")[-1] and "," in label
    return {
        "nomen": "Anstieg" if f.change > 0 else "Rückgang",
        "wort": "" if opposite else ("stärker" if abs(f.change) > abs(mean) else "schwächer"),
        "gegenlaeufig": opposite,
        "gegen_nomen": "Anstieg" if mean > 0 else ("Rückgang" if mean < 0 else ""),
        "wert": change_text(k, mean, c, "durchschnitt", signed=True, with_unit=k.is_percent or k.is_count),
        "gruppe": f"der {f.area.level.plural}",
    }


def parent_change(f: KennzahlFacts, c: Citations) -> str:
    """The parent's shown change for a parenthesis: "+0,7 Prozentpunkte", "+1,1" (rates: the unit is in
    the sentence), "unverändert" for 0; "" without a parent or value."""
    if f.parent is None or missing(f.parent_change):
        return ""
    if sign(f.parent_change) == 0:
        return "unverändert"
    k = f.kennzahl
    return change_text(k, f.parent_change, c, "veraenderung_obergebiet", signed=True,
                       with_unit=k.is_percent or k.is_count)


# --- one statement per Kennzahl ---------------------------------------------------------------------

def combined(f: KennzahlFacts, renderer: TextTemplates, fixed: int | None = None, with_level: bool = True,
             with_change: bool = True) -> Statement | None:
    """Stand and Entwicklung of one Kennzahl in one statement (two sentences, the second with a pronoun):
    what a bullet says about a Kennzahl. None without a published value."""
    if missing(f.value_to):
        return stand(f, renderer, fixed) if with_level else None
    level = stand(f, renderer, fixed) if with_level else None
    change = development(f, renderer, fixed, short=with_level) if with_change else None
    parts = [s for s in (level, change) if s is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    text = f"{level.text} {change.text}"
    html = f"{level.html} {change.html}"
    values = {f"stand_{n}": v for n, v in level.values.items()} | {f"entwicklung_{n}": v for n, v in change.values.items()}
    score = max(level.salience, change.salience) + 0.5 * min(level.salience, change.salience)
    return Statement("kennzahl", f.area.key, text, html, f.kennzahl.id, f.kennzahl.theme, values, round(score, 4),
                     f.year_to, f.year_from, f"stand+{change.aspect}", "stand+entwicklung")


def level_mention(f: KennzahlFacts, c: Citations, prefix: str) -> str:
    """"die Kinderarmut (56,1 %; höchster Wert)" for a list of conspicuous levels."""
    k = f.kennzahl
    value = value_text(k, f.value_to, f.count_unit, c, f"{prefix}_wert")
    rank = rank_context(f, c)
    where = ""
    if rank is not None and rank["lage"] in ("oben", "unten"):
        where = f"; {rank['wort_nom']}r Wert"
    return f"{f.name} ({value}{where})"
