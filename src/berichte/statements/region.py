"""Region-level statements for the Sozialbericht: all areas of one level side by side.

Per Kennzahl: the development of the region itself (an Entwicklung statement about the enclosing area),
how many areas changed bedeutsam in which direction and where most ("In 6 der 21 Kommunen ist die
Kinderarmut bedeutsam gesunken, am stärksten in Falkenried (−2,1 Prozentpunkte)."), and the range of
the values. Then an overview of the Sozialindex. Only published values are counted or named.
"""

from __future__ import annotations

from ..problems import BerichteError
from . import kennzahl as per_kennzahl
from . import sozialindex
from .facts import KennzahlFacts, Prepared
from .model import Citations, Statement
from .words import PRONOUNS, change_text, group_words, join, missing, name_genus, shown, value_text, variant

LIST_ALL = 3  # up to this many areas are all named; more: only the strongest


def region_statements(p: Prepared, level: str | None, within: str | None,
                      kennzahlen: list[str] | None) -> list[Statement]:
    areas = p.areas
    if within is not None and within not in areas:
        raise BerichteError(f"Unbekanntes Gebiet „{within}“.")
    if level is None:
        depth = int(areas.frame.at[within or areas.root, "depth"])
        if depth + 1 >= len(p.settings.levels):
            raise BerichteError(f"Unter „{areas.name(within or areas.root)}“ gibt es keine weitere Ebene.")
        level = p.settings.levels[depth + 1].id
    if level not in p.settings.level_ids:
        raise BerichteError(f"Unbekannte Ebene „{level}“; möglich sind: {', '.join(p.settings.level_ids)}.")
    keys = [k for k in areas.at_level(level) if within is None or within in areas.ancestors(k)]
    if not keys:
        return []
    if within is None:  # the areas' common parent (the Stadt for its Sozialräume), else the whole region
        parents = {areas.parent(k) for k in keys}
        within = parents.pop() if len(parents) == 1 and None not in parents else areas.root
    ids = kennzahlen if kennzahlen is not None else p.ids
    unknown = [k for k in ids if k not in p.catalogue]
    if unknown:
        raise BerichteError(f"Unbekannte Kennzahl „{unknown[0]}“.")
    columns = {kid: j for j, kid in enumerate(p.ids)}
    per_area = {key: p.facts(key) for key in keys}
    own = p.facts(within)
    out: list[Statement] = []
    for kid in ids:
        j = columns[kid]
        facts = [per_area[key][j] for key in keys]
        development = per_kennzahl.development(own[j], p.renderer)
        if development is not None:
            out.append(development)
        statement = changes(p, facts, within)
        if statement is not None:
            out.append(statement)
        statement = value_range(p, facts, own[j])
        if statement is not None:
            out.append(statement)
    out.extend(sozialindex.overview(p, level, keys, within))
    return out


def _statement(p: Prepared, within: str, f: KennzahlFacts, template: str, ctx: dict, c: Citations,
               score: float, aspect: str) -> Statement:
    text, html = p.renderer.render(template, ctx)
    values = c.used_in(text)
    return Statement("region", within, text, html, f.kennzahl.id, f.kennzahl.theme, values, round(score, 4),
                     f.year_to, f.year_from, aspect, template)


def _where(facts: list[KennzahlFacts], c: Citations, prefix: str) -> dict:
    """The areas of one direction: all named if few, else the strongest change (ties named together)."""
    ordered = sorted(facts, key=lambda f: -abs(f.change))
    k = ordered[0].kennzahl
    if len(ordered) <= LIST_ALL:
        named = [f"{f.area.name} ({change_text(k, f.change, c, f'{prefix}_{i}', signed=True)})"
                 for i, f in enumerate(ordered)]
        return {"orte": join(named), "alle": True}
    top = [f for f in ordered if abs(f.change) == abs(ordered[0].change)]
    change = change_text(k, ordered[0].change, c, f"{prefix}_staerkste", signed=True)
    if len(top) == 1:
        return {"orte": f"{top[0].area.name} ({change})", "alle": False}
    return {"orte": f"{join([f.area.name for f in top])} (je {change})", "alle": False}


def changes(p: Prepared, facts: list[KennzahlFacts], within: str) -> Statement | None:
    comparable = [f for f in facts if per_kennzahl.development_case(f) not in ("ohne_vergleich", "ohne_relativ")]
    if len(comparable) < 2:
        return None
    first = comparable[0]
    k = first.kennzahl
    c = Citations()
    level = first.area.level
    up = [f for f in comparable if per_kennzahl.development_case(f) == "gestiegen"]
    down = [f for f in comparable if per_kennzahl.development_case(f) == "gesunken"]
    group = group_words(level, len(comparable), len(facts), c, qualifier="mit Werten in beiden Jahren")
    directions = []
    for word, members in (("gesunken", down), ("gestiegen", up)):
        entry = {"wort": word, "zahl": len(members), "anzahl": c.integer(f"anzahl_{word}", len(members))
                 if members else "", "alle_gebiete": len(members) == len(comparable)}
        if members:
            entry |= _where(members, c, word)
        directions.append(entry)
    directions.sort(key=lambda d: -d["zahl"])  # the more frequent direction first (stable: "gesunken")
    ctx = {"kennzahl": first.name, "pronomen": PRONOUNS[name_genus(first.name)],
           "jahr": c.year("jahr", first.year_to), "jahr_von": c.year("jahr_von", first.year_from),
           "gruppe": group, "ebene_einzahl": level.name, "erste": directions[0], "zweite": directions[1],
           "variante": variant("region", k.id, within)}
    score = (len(up) + len(down)) / len(comparable) + 0.3 * k.key
    return _statement(p, within, first, "region_veraenderung", ctx, c, score, "veraenderung")


def value_range(p: Prepared, facts: list[KennzahlFacts], own: KennzahlFacts) -> Statement | None:
    published = [f for f in facts if not missing(f.value_to)]
    if len(published) < 2:
        return None
    k = published[0].kennzahl
    values = [shown(f.value_to, k.decimals) for f in published]
    low, high = min(values), max(values)
    if low == high:
        return None
    c = Citations()
    lowest = [f for f, v in zip(published, values) if v == low]
    highest = [f for f, v in zip(published, values) if v == high]
    level = published[0].area.level
    group = group_words(level, len(published), len(facts), c)
    ctx = {
        "kennzahl": published[0].name, "pronomen": PRONOUNS[name_genus(published[0].name)],
        "jahr": c.year("jahr", own.year_to), "gruppe": group,
        "min": value_text(k, lowest[0].value_to, published[0].count_unit, c, "min", with_unit=k.is_percent),
        "max": value_text(k, highest[0].value_to, published[0].count_unit, c, "max"),
        "orte_min": join([f.area.name for f in lowest]), "orte_max": join([f.area.name for f in highest]),
        "gebiet": own.area,
        "wert_gebiet": "" if missing(own.value_to) else value_text(k, own.value_to, own.count_unit, c, "wert_gebiet"),
        "variante": variant("spanne", k.id, own.area.key),
    }
    score = 0.3 + 0.3 * k.key
    return _statement(p, own.area.key, published[0], "region_spanne", ctx, c, score, "spanne")
