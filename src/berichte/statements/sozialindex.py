"""Sozialindex statements: an area's status and dynamics class in words, what changed since the previous
index year, the notes every index text needs, and an overview of all areas of a level (Sozialbericht).

Class names come from the project (``sozialindex.klassen_status`` …) and are quoted as they are; their
meaning in words follows their position (status: 1st favourable … 4th very unfavourable; dynamics: 1st
more favourable than average, 2nd about average, 3rd less favourable). The index is computed per level
over all areas of that level, so the classes are relative: the comparison group is "der 21 Kommunen" or
"der zehn Sozialräume mit Indexwert", and a class change says how an area moved against the others. The
notes (:func:`notes`) say so, name the period of the dynamics, the legal changes within it, and that the
index directs attention without establishing a need for action by itself.
"""

from __future__ import annotations

import pandas as pd

from . import salience
from .facts import Prepared
from .model import Citations, Statement, cite
from .words import ONE_NOMINATIVE, accusative, dative_plural, group_words, join, number_word, variant

STATUS_MEANING = ("günstig", "durchschnittlich", "ungünstig", "sehr ungünstig")
DYNAMICS_MEANING = ("günstiger als im Durchschnitt", "ähnlich wie im Durchschnitt", "ungünstiger als im Durchschnitt")
QUALIFIER = "mit Indexwert"


def _index(p: Prepared, level: str, year: int) -> pd.DataFrame | None:
    results = p.results
    if level not in results.sozialindex_levels() or year not in results.sozialindex_years():
        return None
    return results.sozialindex(year, level)


def _previous_year(p: Prepared, year: int) -> int | None:
    earlier = [y for y in p.results.sozialindex_years() if y < year]
    return max(earlier) if earlier else None


def _label(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _change(labels: tuple[str, ...], before: str, after: str) -> str:
    """"verbessert" / "verschlechtert" / "" between two class labels (earlier position = better)."""
    if not before or not after or before == after:
        return ""
    return "verbessert" if labels.index(after) < labels.index(before) else "verschlechtert"


def _statement(p: Prepared, key: str, template: str, ctx: dict, c: Citations, score: float, aspect: str,
               kind: str = "sozialindex") -> Statement:
    text, html = p.renderer.render(template, ctx)
    values = c.used_in(text)
    return Statement(kind, key, text, html, None, None, values, round(score, 4), p.year_to, None, aspect,
                     template)


def area_statements(p: Prepared, key: str) -> list[Statement]:
    """Statements about one area's classes (empty if no index is computed for its level and year)."""
    year = p.year_to
    level_id = p.areas.level(key)
    frame = _index(p, level_id, year)
    if frame is None or key not in frame.index:
        return []
    config = p.results.project.sozialindex
    row = frame.loc[key]
    level = p.settings.level(level_id)
    scored = frame["bewertet"].astype(bool)
    c = Citations()
    ctx = {"gebiet": p.words(key), "jahr": c.year("jahr", year), "variante": variant("sozialindex", key),
           "andere": f"den anderen {dative_plural(level.plural)}"}
    if not bool(row["bewertet"]):
        few = "weniger als" in str(row["grund"]) and config.min_population is not None
        ctx.update(grund="einwohner" if few else "werte",
                   mindest_einwohner=c.add("mindest_einwohner", cite("count", config.min_population)) if few else "")
        return [_statement(p, key, "sozialindex", ctx | {"aspekt": "nicht_bewertet"}, c, 0.0, "nicht_bewertet")]
    status, dynamics = _label(row.get("status_klasse")), _label(row.get("dynamik_klasse"))
    attention = bool(row["besonderer_aufmerksamkeitsbedarf"])
    group = group_words(level, int(scored.sum()), len(frame), c, qualifier=QUALIFIER)
    ctx.update(status=status, dynamik=dynamics, gruppe=group["gen"], aufmerksamkeit=attention,
               status_lage=STATUS_MEANING[config.status_labels.index(status)] if status else "",
               dynamik_lage=DYNAMICS_MEANING[config.dynamics_labels.index(dynamics)] if dynamics else "",
               dynamik_von=c.year("dynamik_von", year - config.years))
    out = [_statement(p, key, "sozialindex", ctx | {"aspekt": "einordnung"}, c,
                      salience.sozialindex(attention), "einordnung")]
    previous = _previous_year(p, year)
    before = _index(p, level_id, previous) if previous is not None else None
    if before is not None and key in before.index:
        c2 = Citations()
        old = before.loc[key]
        was_scored = bool(old["bewertet"])
        old_status = _label(old.get("status_klasse")) if was_scored else ""
        old_dynamics = _label(old.get("dynamik_klasse")) if was_scored else ""
        old_attention = bool(old["besonderer_aufmerksamkeitsbedarf"]) if was_scored else None
        changes = {
            "status_aenderung": _change(config.status_labels, old_status, status),
            "dynamik_aenderung": _change(config.dynamics_labels, old_dynamics, dynamics),
        }
        changed = any(changes.values()) or not was_scored
        vorher = {"gebiet": ctx["gebiet"], "jahr": c2.year("jahr", year), "vorjahr": c2.year("vorjahr", previous),
                  "variante": ctx["variante"], "aspekt": "vorjahr", "status": status, "dynamik": dynamics,
                  "status_vorher": old_status, "dynamik_vorher": old_dynamics, "vorher_bewertet": was_scored,
                  "aufmerksamkeit": attention, "andere": ctx["andere"],
                  "aufmerksamkeit_neu": was_scored and attention and not old_attention,
                  "aufmerksamkeit_entfallen": was_scored and old_attention and not attention, **changes}
        began_or_ended = vorher["aufmerksamkeit_neu"] or vorher["aufmerksamkeit_entfallen"]
        out.append(_statement(p, key, "sozialindex", vorher, c2, salience.sozialindex_change(changed, began_or_ended),
                              "vorjahr"))
    return out


def notes(p: Prepared, key: str | None, level_id: str | None = None) -> list[Statement]:
    """What a Sozialindex text must add: the classes are relative, the dynamics covers its own period (and
    which legal changes fall into it), and the index directs attention without establishing a need for
    action by itself. Empty without an index for the level and year."""
    year = p.year_to
    key = key or p.areas.root
    level_id = level_id or (p.areas.level(key) if key != p.areas.root else _first_level(p))
    if level_id is None or _index(p, level_id, year) is None:
        return []
    config = p.results.project.sozialindex
    level = p.settings.level(level_id)
    c = Citations()
    window_from = year - config.years
    affected = []
    for indicator in config.dynamics:
        for brk in p.settings.breaks:
            if indicator.id in brk.kennzahlen and brk.splits(window_from, year):
                affected.append((brk, p.names[indicator.id]))
    breaks = {}
    for brk, name in affected:
        breaks.setdefault((brk.year, brk.reason), []).append(name)
    ctx = {"aspekt": "hinweis", "gebiet": p.words(key), "jahr": c.year("jahr", year),
           "variante": 0, "plural": level.plural, "plural_dat": dative_plural(level.plural),
           "dynamik": bool(config.dynamics), "dynamik_von": c.year("dynamik_von", window_from),
           "jahre_dynamik": number_word(config.years, "ein"),
           "vergleich_von": c.year("vergleich_von", p.year_from), "zeitraum_gleich": window_from == p.year_from,
           "brueche": [{"jahr": c.year(f"bruch_{i}", y), "grund": reason, "kennzahlen": join([accusative(n) for n in names])}
                       for i, ((y, reason), names) in enumerate(sorted(breaks.items()))]}
    return [_statement(p, key, "sozialindex", ctx, c, 0.0, "hinweis")]


def _first_level(p: Prepared) -> str | None:
    levels = p.results.sozialindex_levels()
    return levels[0] if levels else None


def overview(p: Prepared, level_id: str, keys: list[str], within: str) -> list[Statement]:
    """Region-level overview for the areas ``keys`` of one level: who has besonderer
    Aufmerksamkeitsbedarf, the distribution over the classes, changes since the previous index year."""
    year = p.year_to
    frame = _index(p, level_id, year)
    if frame is None:
        return []
    frame = frame.reindex([k for k in keys if k in frame.index])
    scored = frame[frame["bewertet"].astype(bool)]
    if scored.empty:
        return []
    config = p.results.project.sozialindex
    level = p.settings.level(level_id)
    c = Citations()
    attention = [k for k in scored.index if bool(scored.at[k, "besonderer_aufmerksamkeitsbedarf"])]
    group = group_words(level, len(scored), len(frame), c, qualifier=QUALIFIER)
    names = [p.words(k).name for k in sorted(attention, key=lambda k: p.words(k).name)]
    ctx = {"jahr": c.year("jahr", year), "gruppe": group, "aspekt": "ueberblick",
           "anzahl": number_word(len(attention), "eine") if len(attention) <= 12 else
           c.integer("aufmerksamkeit", len(attention)),
           "anzahl_zahl": len(attention), "namen": join(names),
           "dynamik_von": c.year("dynamik_von", year - config.years),
           "status": _distribution(scored["status_klasse"], config.status_labels, level, c, "status"),
           "dynamik": _distribution(scored["dynamik_klasse"], config.dynamics_labels, level, c, "dynamik")}
    previous = _previous_year(p, year)
    before = _index(p, level_id, previous) if previous is not None else None
    ctx.update(vorjahr="", neu="", entfallen="")
    if before is not None:
        old = before.reindex(scored.index)
        was = old["bewertet"].fillna(False).astype(bool)
        old_attention = {k for k in scored.index if was[k] and bool(old.at[k, "besonderer_aufmerksamkeitsbedarf"])}
        new = [p.words(k).name for k in attention if was[k] and k not in old_attention]
        gone = [p.words(k).name for k in scored.index if k in old_attention and k not in attention]
        ctx.update(vorjahr=c.year("vorjahr", previous), neu=join(sorted(new)), entfallen=join(sorted(gone)))
    score = 1.0 + len(attention) / len(scored)
    return [_statement(p, within, "region_sozialindex", ctx, c, score, "sozialindex", kind="region")]


def _distribution(classes: pd.Series, labels: tuple[str, ...], level, c: Citations, prefix: str) -> dict:
    """"fünf Kommunen zur Klasse „hoch“, zwölf zur Klasse „mittel“ …" with the verb agreeing with the first."""
    counts = classes.astype(object).value_counts()
    parts = []
    first = None
    for i, label in enumerate(labels):
        n = int(counts.get(label, 0))
        if not n:
            continue
        noun = (level.name if n == 1 else level.plural) if not parts else ""
        # "ein Stadtteil", but standing alone "einer" ("…, einer zur Klasse „niedrig“")
        one = ("eine" if level.genus == "f" else "ein") if noun else ONE_NOMINATIVE.get(level.genus, "eine")
        number = number_word(n, one) if n <= 12 else c.integer(f"{prefix}_{i + 1}", n)
        parts.append(f"{number} {noun + ' ' if noun else ''}zur Klasse „{label}“")
        first = n if first is None else first
    return {"teile": join(parts), "verb": "gehört" if first == 1 else "gehören"}
