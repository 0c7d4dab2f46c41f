"""Theme introductions: the one evaluation of a chapter (one theme) for an area, in two to four sentences.

1. The level: of the Kennzahlen with a polarity (and a published value for the area and its parent), how
   many are less favourable, more favourable or equal to the parent area (shown values).
2. The development: of the Kennzahlen whose change is tested and comparable over the period, how many
   changed bedeutsam, how many of those for the worse or the better.
3. The most notable bedeutsame change on a comparable scale (relative to the earlier value; context
   indicators only when nothing else changed), named with its change.
4. The Kennzahlen whose change is not judged because of a legal change or break in the data.
"""

from __future__ import annotations

from .facts import KennzahlFacts
from .model import Citations, Statement
from .rules import assessment, development_case
from .salience import relative_size
from .templates import TextTemplates
from .words import accusative, change_text, join, missing, number_word, shown, sign, variant

COMPARABLE = ("gestiegen", "gesunken", "gering", "ungesichert", "gleich")
LIST_BREAKS = 3  # up to this many Kennzahlen across a break are named


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


def _count(n: int, c: Citations, name: str) -> str:
    """A number of Kennzahlen in running text ("eine", "sechs", "14")."""
    return number_word(n, "eine", c, name)


def theme_intro(facts: list[KennzahlFacts], theme, renderer: TextTemplates) -> Statement | None:
    """The opening statement of a theme: position against the parent area, development over the period,
    Kennzahlen not judged across a break."""
    published = [f for f in facts if not missing(f.value_to)]
    if not published:
        return None
    first = published[0]
    c = Citations()
    ctx = {"thema": theme.title, "gebiet": first.area, "obergebiet": first.parent,
           "jahr": c.year("jahr", first.year_to), "jahr_von": c.year("jahr_von", first.year_from),
           "variante": variant("thema", theme.id, first.area.key), "lage": None, "entwicklung": None,
           "nicht_bewertet": None}
    ctx["lage"] = _position(published, c)
    comparable, changed = _development(published, c, ctx)
    broken = [f for f in published if development_case(f) == "bruch"]
    if broken:
        ctx["nicht_bewertet"] = {"namen": join([accusative(f.name) for f in broken]) if len(broken) <= LIST_BREAKS else "",
                                 "n": _count(len(broken), c, "nicht_bewertet"), "anzahl": len(broken)}
    if ctx["lage"] is None and ctx["entwicklung"] is None and ctx["nicht_bewertet"] is None:
        return None
    text, html = renderer.render("thema", ctx)
    values = c.used_in(text)
    score = len(changed) / len(comparable) if comparable else 0.0
    return Statement("thema", first.area.key, text, html, None, theme.id, values, round(score, 4),
                     first.year_to, first.year_from, "", "thema")


def _position(published: list[KennzahlFacts], c: Citations) -> dict | None:
    """How the rated Kennzahlen stand against the parent area (at least two): "alle ungünstiger", "zwei
    günstiger, eine ungünstiger" … with a verdict; None with fewer than two."""
    rated = [f for f in published if f.parent is not None and not f.kennzahl.is_count
             and f.kennzahl.polarity != "neutral" and not missing(f.parent_value_to)]
    if len(rated) < 2:
        return None
    counts = {"ungünstiger": 0, "günstiger": 0, "gleich": 0}
    for f in rated:
        direction = sign(shown(f.value_to, f.kennzahl.decimals) - shown(f.parent_value_to, f.kennzahl.decimals))
        rating = assessment(f.kennzahl.polarity, direction)
        counts[{"ungünstig": "ungünstiger", "günstig": "günstiger"}.get(rating, "gleich")] += 1
    everywhere = [word for word, n in counts.items() if n == len(rated)]
    if everywhere:
        parts = [("beide " if len(rated) == 2 else "alle ") + everywhere[0]]
    else:
        parts = [f"{_count(n, c, 'lage_' + word)} {word}" for word, n in counts.items() if n]
    verdict, comparison = _verdict(counts["ungünstiger"], counts["günstiger"], len(rated))
    return {"n": _count(len(rated), c, "lage_n"), "teile": join(parts), "urteil": verdict,
            "vergleichswort": comparison}


def _development(published: list[KennzahlFacts], c: Citations,
                 ctx: dict) -> tuple[list[KennzahlFacts], list[KennzahlFacts]]:
    """The development of the tested Kennzahlen over one period (the one most of them share): sets
    ``ctx["entwicklung"]`` and the period's years; returns the comparable and the changed Kennzahlen."""
    comparable = [f for f in published if f.tested and development_case(f) in COMPARABLE]
    # over one period: where Kennzahlen of a theme stand at different years, the period most of them share
    if comparable:
        periods = [(f.year_from, f.year_to) for f in comparable]
        period = max(periods, key=lambda p: (periods.count(p), p[1]))
        comparable = [f for f in comparable if (f.year_from, f.year_to) == period]
        ctx["jahr"], ctx["jahr_von"] = c.year("jahr", period[1]), c.year("jahr_von", period[0])
    changed = [f for f in comparable if development_case(f) in ("gestiegen", "gesunken")]
    if not comparable:
        return comparable, changed
    ratings = [assessment(f.kennzahl.polarity, sign(f.change)) for f in changed]
    worse, better = ratings.count("ungünstig"), ratings.count("günstig")
    if changed and worse == len(changed):
        parts = ["beide zum Ungünstigen" if worse == 2 else "alle zum Ungünstigen"]
    elif changed and better == len(changed):
        parts = ["beide zum Günstigen" if better == 2 else "alle zum Günstigen"]
    else:
        parts = ([f"{_count(worse, c, 'ungünstig')} zum Ungünstigen"] if worse else []) + \
                ([f"{_count(better, c, 'günstig')} zum Günstigen"] if better else [])
    top = None
    if changed:  # on a comparable scale: relative to the earlier value; context indicators last
        top = max(changed, key=lambda f: (not f.context, _relative(f), -changed.index(f)))
    ctx["entwicklung"] = {
        "n": _count(len(comparable), c, "entwicklung_n"), "anzahl": len(comparable),
        "bedeutsam": _count(len(changed), c, "bedeutsam") if changed else "",
        "anzahl_bedeutsam": len(changed),
        "teile": join(parts) if len(changed) > 1 or (worse + better) else "",
        "deutlichste": top.name if top else "",
        "deutlichste_vz": change_text(top.kennzahl, top.change, c, "deutlichste_vz", signed=True) if top else "",
    }
    return comparable, changed


def _relative(f: KennzahlFacts) -> float:
    size = relative_size(f)
    return 0.0 if size != size else size
