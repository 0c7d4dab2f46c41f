"""Theme introductions: two or three sentences that summarise a chapter (one theme) for an area.

1. The level: of the Kennzahlen with a polarity (and a published value for the area and its parent), how
   many are less favourable, more favourable or equal to the parent area (shown values).
2. The development: how many Kennzahlen changed bedeutsam, how many of those for the worse or the better.
3. The most notable change (largest shown change relative to its threshold), named with its change.
"""

from __future__ import annotations

from . import salience
from .facts import KennzahlFacts
from .kennzahl import assessment, development_case
from .model import Citations, Statement
from .templates import TextTemplates
from .words import change_text, join, missing, shown, sign, variant


def _verdict(worse: int, better: int, n: int) -> tuple[str, str]:
    """The overall comparison ("überwiegend ungünstigere") and the comparison word ("als"/"wie")."""
    if worse == 0 and better == 0:
        return "dieselben", "wie"
    if worse == n:
        return "durchweg ungünstigere", "als"
    if better == n:
        return "durchweg günstigere", "als"
    if worse * 2 > n:
        return "überwiegend ungünstigere", "als"
    if better * 2 > n:
        return "überwiegend günstigere", "als"
    return "teils günstigere, teils ungünstigere", "als"


def _relative_size(f: KennzahlFacts) -> float:
    """The shown change in thresholds (uncapped), to name the most notable change of a chapter."""
    threshold = f.kennzahl.threshold
    return abs(f.change) / threshold if threshold > 0 else salience.size(f)


def theme_intro(facts: list[KennzahlFacts], theme, renderer: TextTemplates) -> Statement | None:
    published = [f for f in facts if not missing(f.value_to)]
    if not published:
        return None
    first = published[0]
    c = Citations()
    ctx = {"thema": theme.title, "gebiet": first.area, "obergebiet": first.parent,
           "jahr": c.year("jahr", first.year_to), "jahr_von": c.year("jahr_von", first.year_from),
           "variante": variant("thema", theme.id, first.area.key), "lage": None, "entwicklung": None}

    rated = [f for f in published if f.parent is not None and not f.kennzahl.is_count
             and f.kennzahl.polarity != "neutral" and not missing(f.parent_value_to)]
    if len(rated) >= 2:
        counts = {"ungünstiger": 0, "günstiger": 0, "gleich": 0}
        for f in rated:
            direction = sign(shown(f.value_to, f.kennzahl.decimals) - shown(f.parent_value_to, f.kennzahl.decimals))
            rating = assessment(f.kennzahl.polarity, direction)
            counts[{"ungünstig": "ungünstiger", "günstig": "günstiger"}.get(rating, "gleich")] += 1
        everywhere = [word for word, n in counts.items() if n == len(rated)]
        if everywhere:
            parts = [("beide " if len(rated) == 2 else "alle ") + everywhere[0]]
        else:
            parts = [f"{c.integer('lage_' + word, n)} {word}" for word, n in counts.items() if n]
        verdict, comparison = _verdict(counts["ungünstiger"], counts["günstiger"], len(rated))
        ctx["lage"] = {"n": c.integer("lage_n", len(rated)), "teile": join(parts), "urteil": verdict,
                       "vergleichswort": comparison}

    # Only changes that may be judged (not published values without a test), over one period: where
    # Kennzahlen of a theme stand at different years, the period most of them share.
    comparable = [f for f in published if f.judged and development_case(f) not in ("ohne_vergleich", "ohne_relativ")]
    if comparable:
        periods = [(f.year_from, f.year_to) for f in comparable]
        period = max(periods, key=lambda p: (periods.count(p), p[1]))
        comparable = [f for f in comparable if (f.year_from, f.year_to) == period]
        ctx["jahr"], ctx["jahr_von"] = c.year("jahr", period[1]), c.year("jahr_von", period[0])
    changed = [f for f in comparable if development_case(f) in ("gestiegen", "gesunken")]
    if comparable:
        ratings = [assessment(f.kennzahl.polarity, sign(f.change)) for f in changed]
        worse, better = ratings.count("ungünstig"), ratings.count("günstig")
        if changed and worse == len(changed):
            parts = ["beide zum Ungünstigen" if worse == 2 else "alle zum Ungünstigen"]
        elif changed and better == len(changed):
            parts = ["beide zum Günstigen" if better == 2 else "alle zum Günstigen"]
        else:
            parts = ([f"{c.integer('ungünstig', worse)} zum Ungünstigen"] if worse else []) + \
                    ([f"{c.integer('günstig', better)} zum Günstigen"] if better else [])
        top = max(changed, key=lambda f: (_relative_size(f), -changed.index(f))) if changed else None
        ctx["entwicklung"] = {
            "n": c.integer("entwicklung_n", len(comparable)),
            "bedeutsam": c.integer("bedeutsam", len(changed)) if changed else "",
            "anzahl_bedeutsam": len(changed),
            "teile": join(parts),
            "deutlichste": top.name if top else "",
            "deutlichste_vz": change_text(top.kennzahl, top.change, c, "deutlichste_vz", signed=True) if top else "",
        }
    if ctx["lage"] is None and ctx["entwicklung"] is None:
        return None
    text, html = renderer.render("thema", ctx)
    values = c.used_in(text)
    score = len(changed) / len(comparable) if comparable else 0.0
    return Statement("thema", first.area.key, text, html, None, theme.id, values, round(score, 4),
                     first.year_to, first.year_from, "", "thema")
