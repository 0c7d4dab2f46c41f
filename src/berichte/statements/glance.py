"""Which statements a reader sees first: "Auf einen Blick" and the bullets of a theme chapter.

**Auf einen Blick** (3 to 5 bullets, in this order):

1. the level of core indicators (Kernkennzahlen and Sozialindex indicators with a polarity) where it is
   conspicuous and unfavourable — the most conspicuous as a full sentence (with its change when that is
   bedeutsam), all others in one sentence ("Im Vergleich der zwölf Sozialräume sind außerdem … auffällig
   ungünstig."), so that none is left out;
2. the area's Sozialindex class; then up to two core levels that are clearly ("deutlich") less favourable
   than the parent area's without being auffällig;
3. bedeutsame changes, the weightiest first (:mod:`berichte.statements.salience`): core indicators before
   the others, context indicators (no polarity) last;
4. conspicuous favourable levels of core indicators (the most conspicuous before the changes when nothing
   is unfavourable); then, if fewer than three bullets, the levels of core indicators; bedeutsame changes of
   context indicators only after all of these.

Each Kennzahl appears once. Areas below the minimum population get their core values without judgements.

**Chapter bullets**: one statement per Kennzahl — its level and its change in one bullet where both are
worth saying — the most salient first; a count whose rate names it is not said again.
"""

from __future__ import annotations

from . import kennzahl as per_kennzahl
from .facts import KennzahlFacts, Prepared
from .model import Citations, Statement
from ..compute.judgement import clear_gap
from .rules import assessment, bedeutsam, conspicuous_level, development_case, level_direction, unfavourable_level
from .salience import GLANCE_MAX, GLANCE_MIN, development, level
from .templates import TextTemplates
from .model import cite
from .words import group_words, missing, shown, variant

CHAPTER_MIN = 2
NOTABLE = 0.25
CLEAR_LEVELS = 2  # core levels clearly ("deutlich") less favourable than the parent's, when not auffällig


def clearly_unfavourable(f: KennzahlFacts) -> bool:
    """The level is "deutlich" less favourable than the parent's (relative-gap rule), though not auffällig."""
    if f.small or f.parent is None or missing(f.parent_value_to) or f.kennzahl.is_count:
        return False
    direction = level_direction(f)
    k = f.kennzahl
    return (assessment(k.polarity, direction) == "ungünstig"
            and clear_gap(shown(f.value_to, k.decimals), shown(f.parent_value_to, k.decimals), k.threshold))


def _gap(f: KennzahlFacts) -> float:
    low, high = sorted((abs(f.value_to), abs(f.parent_value_to)))
    return high / low if low else 0.0


def _published(facts: list[KennzahlFacts]) -> list[KennzahlFacts]:
    return [f for f in facts if not missing(f.value_to) and not f.covered]


def _level_notable(f: KennzahlFacts) -> bool:
    return bool(conspicuous_level(f)) or level(f) >= 0.5


def _change_notable(f: KennzahlFacts) -> bool:
    return development_case(f) in ("gestiegen", "gesunken", "hoeher", "niedriger", "bruch")


def _weight(f: KennzahlFacts) -> float:
    a, b = level(f), development(f, development_case(f))
    return max(a, b) + 0.5 * min(a, b)


def chapter_bullets(facts: list[KennzahlFacts], renderer: TextTemplates, limit: int = 4) -> list[Statement]:
    candidates = sorted(_published(facts), key=lambda f: (f.small or f.context, -_weight(f)))
    chosen = [f for f in candidates if _weight(f) >= NOTABLE][:limit]
    for f in candidates:
        if len(chosen) >= min(CHAPTER_MIN, limit):
            break
        if f not in chosen:
            chosen.append(f)
    out = []
    for f in chosen:
        level, change = _level_notable(f), _change_notable(f)
        statement = per_kennzahl.combined(f, renderer, with_level=level or not change,
                                          with_change=change or not level)
        if statement is not None:
            out.append(statement)
    return sorted(out, key=lambda s: -s.salience)


def at_a_glance(facts: list[KennzahlFacts], index: list[Statement], renderer: TextTemplates,
                minimum: int = GLANCE_MIN, maximum: int = GLANCE_MAX) -> list[Statement]:
    published = _published(facts)
    out: list[Statement] = []
    used: set[str] = set()
    position = 0

    def take(statement, *kennzahlen: str) -> None:
        """Add a statement, or the first phrasing of ``statement(variant)`` whose opening differs from the
        previous bullet's (read one after the other, neighbours do not start alike)."""
        nonlocal position
        if len(out) >= maximum:
            return
        if callable(statement):
            options = [statement((position + i) % 3) for i in range(3)]
            previous = _opening(out[-1]) if out else None
            statement = next((o for o in options if o is not None and _opening(o) != previous), options[0])
        if statement is not None:
            out.append(statement)
            used.update(kennzahlen)
            position += 1

    if published and published[0].small:
        for f in [f for f in published if f.core and not f.kennzahl.is_count][:minimum]:
            take(lambda v, f=f: per_kennzahl.stand(f, renderer, v), f.id)
        return out
    unfavourable = sorted((f for f in published if f.core and not f.context and unfavourable_level(f)),
                          key=lambda f: (not f.index, -abs(f.level_z)))
    if unfavourable:
        first = unfavourable[0]
        take(lambda v: per_kennzahl.combined(first, renderer, v, with_change=bedeutsam(first)), first.id)
        if len(unfavourable) > 1:
            take(conspicuous_list(unfavourable[1:], renderer), *(f.id for f in unfavourable[1:]))
    einordnung = [s for s in index if s.aspect == "einordnung"]
    if einordnung:
        take(einordnung[0])
    clearly = sorted((f for f in published if f.core and not f.context and f.id not in used and clearly_unfavourable(f)),
                     key=lambda f: (not f.index, -_gap(f)))
    for f in clearly[:CLEAR_LEVELS]:
        take(lambda v, f=f: per_kennzahl.stand(f, renderer, v), f.id)
    favourable = sorted((f for f in published if f.core and conspicuous_level(f) and not unfavourable_level(f)
                         and f.id not in used and not f.context), key=lambda f: (not f.index, -abs(f.level_z)))
    if favourable and not unfavourable:  # what stands out in a favourable area comes before its changes
        take(lambda v: per_kennzahl.stand(favourable[0], renderer, v), favourable[0].id)
    changes = sorted((f for f in published if bedeutsam(f) and f.id not in used),
                     key=lambda f: (f.context, not f.core, -_weight(f)))
    for f in [f for f in changes if not f.context]:
        if len(out) >= maximum:
            break
        take(lambda v, f=f: per_kennzahl.development(f, renderer, v), f.id)
    for f in [f for f in favourable if f.id not in used]:
        if len(out) >= maximum:
            break
        take(lambda v, f=f: per_kennzahl.stand(f, renderer, v), f.id)
    rest = sorted((f for f in published if f.core and f.id not in used and not f.kennzahl.is_count),
                  key=lambda f: (f.context, -level(f)))
    for f in rest:
        if len(out) >= minimum:
            break
        take(lambda v, f=f: per_kennzahl.stand(f, renderer, v), f.id)
    for f in [f for f in changes if f.context and f.id not in used]:  # context indicators last
        if len(out) >= maximum:
            break
        take(lambda v, f=f: per_kennzahl.development(f, renderer, v), f.id)
    return out


def _opening(statement: Statement) -> str:
    return " ".join(statement.text.split()[:2])


def conspicuous_list(facts: list[KennzahlFacts], renderer: TextTemplates) -> Statement:
    """One sentence for several conspicuous unfavourable levels: "Im Vergleich der zwölf Sozialräume sind
    im Sozialraum Nordstadt außerdem die Kinderarmut (56,1 %; höchster Wert) und … auffällig ungünstig."""
    first = facts[0]
    c = Citations()
    n = max(first.n_siblings, first.n_ranked)
    group = group_words(first.area.level, n, n, c, "gruppe")
    ctx = {"gebiet": first.area, "gruppe": group["gen"], "anzahl": len(facts),
           "eintraege": [per_kennzahl.level_mention(f, c, f"k{i}") for i, f in enumerate(facts)],
           "jahr": c.year("jahr", first.year_to), "variante": variant("lage", first.area.key)}
    text, html = renderer.render("lage", ctx)
    score = max(level(f) for f in facts)
    return Statement("stand", first.area.key, text, html, None, None, c.used_in(text), round(score, 4),
                     first.year_to, first.year_from, "auffaellig_liste", "lage")


def small_area_note(p: Prepared, key: str) -> Statement:
    """The one sentence a Kurzprofil needs: how many live there, the minimum, why no Kennzahlen are judged."""
    c = Citations()
    population = p.results.population(p.year_to).get(key)
    ctx = {"gebiet": p.words(key), "jahr": c.year("jahr", p.year_to),
           "einwohner": "" if missing(population) else c.add("einwohner", cite("count", population)),
           "mindest_einwohner": c.add("mindest_einwohner", cite("count", p.results.min_population))}
    text, html = p.renderer.render("kurzprofil", ctx)
    return Statement("stand", key, text, html, None, None, c.used_in(text), 0.0, p.year_to, p.year_from,
                     "kurzprofil", "kurzprofil")
