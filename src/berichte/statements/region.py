"""Region-level statements for the Sozialbericht: all areas of one level side by side.

Per Kennzahl one statement of up to three parts: the level and the development of the enclosing area
itself; the range of the values across the areas ("Unter den 21 Kommunen lag sie 2023 zwischen 4,4 % in
Neuwerder und 15,9 % in Hasselbrück."); how many areas changed bedeutsam in which direction and where most
("Bedeutsam gestiegen ist sie in acht der 21 Kommunen, am stärksten in Hasselbrück (+1,1 Prozentpunkte).").
Where the change cannot be judged (a declared break, no test possible) the areas are counted by the
direction of their shown change, without "bedeutsam". Only published values are counted or named; counts
get no range (their level reflects the size of an area).

A chapter of the Sozialbericht shows the core indicators of its theme (Kernkennzahlen and Sozialindex
indicators) and then the Kennzahlen in which most areas changed bedeutsam (:func:`theme_bullets`).
"""

from __future__ import annotations

from ..problems import BerichteError
from . import kennzahl as per_kennzahl
from . import sozialindex
from .facts import KennzahlFacts, Prepared
from .model import Citations, Statement
from .rules import development_case
from .words import (PRONOUNS, change_text, dative_plural, group_words, join, missing, name_genus, number_word, shown,
                    sign, value_text, variant)

LIST_ALL = 3  # up to this many areas are all named; more: only the strongest
SIGNIFICANT = ("gestiegen", "gesunken")
DESCRIBED = ("hoeher", "niedriger", "bruch")


def _areas(p: Prepared, level: str | None, within: str | None) -> tuple[str, list[str], str]:
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
    if keys and within is None:  # the areas' common parent (the Stadt for its Sozialräume), else the region
        parents = {areas.parent(k) for k in keys}
        within = parents.pop() if len(parents) == 1 and None not in parents else areas.root
    return level, keys, within or areas.root


def region_statements(p: Prepared, level: str | None, within: str | None,
                      kennzahlen: list[str] | None) -> list[Statement]:
    level, keys, within = _areas(p, level, within)
    if not keys:
        return []
    ids = kennzahlen if kennzahlen is not None else p.ids
    unknown = [k for k in ids if k not in p.catalogue]
    if unknown:
        raise BerichteError(f"Unbekannte Kennzahl „{unknown[0]}“.")
    columns = {kid: j for j, kid in enumerate(p.ids)}
    per_area = {key: p.facts(key) for key in keys}
    own = p.facts(within)
    out = []
    for kid in ids:
        j = columns[kid]
        statement = kennzahl_statement(p, own[j], [per_area[key][j] for key in keys])
        if statement is not None:
            out.append(statement)
    return out


def sozialindex_overview(p: Prepared, level: str | None, within: str | None) -> list[Statement]:
    level, keys, within = _areas(p, level, within)
    return sozialindex.overview(p, level, keys, within) if keys else []


def theme_bullets(p: Prepared, level: str | None, within: str | None, theme: str, limit: int = 6) -> list[Statement]:
    """A Sozialbericht chapter: the core indicators of the theme, then the Kennzahlen in which the largest
    share of areas changed bedeutsam (counts whose rate speaks for them left out)."""
    ids = [k.id for k in p.catalogue.by_theme(theme)]
    statements = {s.kennzahl: s for s in region_statements(p, level, within, ids)}
    covered = set(p.companions.values())
    core = [k for k in ids if k in statements and (p.catalogue[k].key or k in p.index_ids)
            and not p.catalogue[k].is_count]
    rest = sorted((k for k in ids if k in statements and k not in core and k not in covered),
                  key=lambda k: (p.catalogue[k].polarity == "neutral", -statements[k].salience))
    chosen = core + [k for k in rest if statements[k].salience >= 0.5][:max(0, limit - len(core))]
    if not chosen:
        chosen = rest[:2]
    return [statements[k] for k in chosen]


def kennzahl_statement(p: Prepared, own: KennzahlFacts, facts: list[KennzahlFacts]) -> Statement | None:
    """The enclosing area's level and change, the range and the changes across the areas."""
    parts = []
    head = per_kennzahl.combined(own, p.renderer) if not missing(own.value_to) else None
    if head is not None:
        parts.append(head)
    spread = value_range(p, facts, own)
    if spread is not None:
        parts.append(spread)
    counted = changes(p, facts, own, kurz=bool(parts))
    if counted is not None:
        parts.append(counted)
    if not parts:
        return None
    text = " ".join(s.text for s in parts)
    html = " ".join(str(s.html) for s in parts)
    values = {f"{i}_{n}": v for i, s in enumerate(parts) for n, v in s.values.items()}
    significant = [f for f in facts if development_case(f) in SIGNIFICANT]
    comparable = [f for f in facts if not missing(f.change)]
    k = own.kennzahl
    score = (len(significant) / len(comparable) if comparable else 0.0) + 0.4 * (k.key or k.id in p.index_ids) \
        + (0.5 if development_case(own) in SIGNIFICANT else 0.0)
    if k.polarity == "neutral":  # context indicators after those with a polarity
        score /= 2
    return Statement("region", own.area.key, text, html, k.id, k.theme, values, round(score, 4), own.year_to,
                     own.year_from, "kennzahl", "region")


def _statement(p: Prepared, within: str, f: KennzahlFacts, template: str, ctx: dict, c: Citations,
               score: float, aspect: str) -> Statement:
    text, html = p.renderer.render(template, ctx)
    values = c.used_in(text)
    return Statement("region", within, text, html, f.kennzahl.id, f.kennzahl.theme, values, round(score, 4),
                     f.year_to, f.year_from, aspect, template)


def _places(facts: list[KennzahlFacts]) -> str:
    """"in Neuwerder", "in Neuwerder und Uhlenbusch", "im Sozialraum Hafen", "in den Sozialräumen A und B"."""
    if len(facts) == 1:
        return facts[0].area.im
    area = facts[0].area
    names = join([f.area.name for f in facts])
    if area.nom != area.name:  # areas named with their level ("der Sozialraum Hafen")
        return f"in den {dative_plural(area.level.plural)} {names}"
    return f"in {names}"


def _where(facts: list[KennzahlFacts], c: Citations, prefix: str) -> dict:
    """The areas of one direction with their change, prepositions included: all named if few ("in Grünhagen
    (+5,1) und Seewalden (+2,2)", "im Sozialraum Hafen (+1,2)"), else the strongest change (ties together)."""
    ordered = sorted(facts, key=lambda f: -abs(f.change))
    k = ordered[0].kennzahl
    unit = k.is_percent or k.is_count  # rates: the unit stands with the values of the sentence before
    named_level = ordered[0].area.nom != ordered[0].area.name  # Sozialräume: "im Sozialraum …"

    def place(f: KennzahlFacts, first: bool) -> str:
        return f.area.im if named_level else (f"in {f.area.name}" if first else f.area.name)

    if len(ordered) <= LIST_ALL:
        named = [f"{place(f, i == 0)} ({change_text(k, f.change, c, f'{prefix}_{i}', signed=True, with_unit=unit)})"
                 for i, f in enumerate(ordered)]
        return {"orte": join(named), "alle": True}
    top = [f for f in ordered if abs(f.change) == abs(ordered[0].change)]
    change = change_text(k, ordered[0].change, c, f"{prefix}_staerkste", signed=True, with_unit=unit)
    if len(top) == 1:
        return {"orte": f"{place(top[0], True)} ({change})", "alle": False}
    return {"orte": f"{_places(top)} (je {change})", "alle": False}


def changes(p: Prepared, facts: list[KennzahlFacts], own: KennzahlFacts, kurz: bool = True) -> Statement | None:
    cases = {id(f): development_case(f) for f in facts}
    comparable = [f for f in facts if cases[id(f)] not in ("ohne_vergleich", "ohne_relativ")]
    if len(comparable) < 2:
        return None
    first = comparable[0]
    k = first.kennzahl
    c = Citations()
    level = first.area.level
    judged = any(cases[id(f)] in SIGNIFICANT + ("gering", "ungesichert") for f in comparable) and \
        not any(cases[id(f)] in DESCRIBED for f in comparable)
    if judged:
        up = [f for f in comparable if cases[id(f)] == "gestiegen"]
        down = [f for f in comparable if cases[id(f)] == "gesunken"]
    else:  # described only: the direction of the shown change
        up = [f for f in comparable if sign(f.change) > 0]
        down = [f for f in comparable if sign(f.change) < 0]
    group = group_words(level, len(comparable), len(facts), c, qualifier="mit Werten in beiden Jahren")
    directions = []
    for word, members in (("gesunken", down), ("gestiegen", up)):
        n = len(members)
        entry = {"wort": word, "zahl": n, "alle_gebiete": n == len(comparable),
                 "anzahl": (number_word(n) if n <= 12 else c.integer(f"anzahl_{word}", n)) if n else ""}
        if members:
            entry |= _where(members, c, word)
        directions.append(entry)
    directions.sort(key=lambda d: -d["zahl"])  # the more frequent direction first (stable: "gesunken")
    ctx = {"kennzahl": first.name, "pronomen": PRONOUNS[name_genus(first.name)],
           "jahr": c.year("jahr", first.year_to), "jahr_von": c.year("jahr_von", first.year_from),
           "gruppe": group, "ebene_einzahl": level.name, "erste": directions[0], "zweite": directions[1],
           "bewertet": judged, "bruch": any(cases[id(f)] == "bruch" for f in comparable)
           and development_case(own) != "bruch",  # the sentence about the region said so already
           "variante": variant("region", k.id, own.area.key), "kurz": kurz}
    score = (len(up) + len(down)) / len(comparable) + 0.3 * k.key
    return _statement(p, own.area.key, first, "region_veraenderung", ctx, c, score, "veraenderung")


def value_range(p: Prepared, facts: list[KennzahlFacts], own: KennzahlFacts) -> Statement | None:
    published = [f for f in facts if not missing(f.value_to)]
    if len(published) < 2 or published[0].kennzahl.is_count:
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
        "orte_min": _places(lowest), "orte_max": _places(highest),
        "namen_min": join([f.area.name for f in lowest]), "namen_max": join([f.area.name for f in highest]),
        "gebiet": own.area, "kurz": not missing(own.value_to), "mehrere": len(lowest) > 1 or len(highest) > 1,
        "variante": variant("spanne", k.id, own.area.key),
    }
    score = 0.3 + 0.3 * k.key
    return _statement(p, own.area.key, published[0], "region_spanne", ctx, c, score, "spanne")
