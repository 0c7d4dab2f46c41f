"""The public functions: statements for an area, "Auf einen Blick", theme introductions, region level."""

from __future__ import annotations

from ..problems import BerichteError
from . import kennzahl as per_kennzahl
from . import region as region_module
from . import sozialindex as index_module
from . import theme as theme_module
from .facts import prepared
from .model import Statement
from .salience import GLANCE_MAX, GLANCE_MIN, choose_at_a_glance


def kennzahl_statements(results, key: str, year: int | None = None, comparison_year: int | None = None,
                        ) -> list[Statement]:
    """Stand, Entwicklung and Auffälligkeit statements for every Kennzahl of an area, in catalogue order."""
    p = prepared(results, year, comparison_year)
    cache_key = ("kennzahl_statements", key)
    if cache_key not in p.cache:
        out: list[Statement] = []
        for f in p.facts(key):
            out.append(per_kennzahl.stand(f, p.renderer))
            development = per_kennzahl.development(f, p.renderer)
            if development is not None:
                out.append(development)
            out.extend(per_kennzahl.conspicuous(f, p.renderer))
        p.cache[cache_key] = out
    return list(p.cache[cache_key])


def area_statements(results, key: str, year: int | None = None, comparison_year: int | None = None,
                    kinds: tuple[str, ...] | None = None) -> list[Statement]:
    """Every statement about one area: per Kennzahl (Stand, Entwicklung, Auffälligkeit, catalogue order),
    then the Sozialindex. ``kinds`` filters ("stand", "entwicklung", "auffaelligkeit", "sozialindex")."""
    statements = kennzahl_statements(results, key, year, comparison_year)
    statements += sozialindex_statements(results, key, year, comparison_year)
    if kinds is not None:
        statements = [s for s in statements if s.kind in kinds]
    return statements


def at_a_glance(results, key: str, year: int | None = None, comparison_year: int | None = None,
                minimum: int = GLANCE_MIN, maximum: int = GLANCE_MAX) -> list[Statement]:
    """"Auf einen Blick": the 3 to 5 most salient statements of an area (see
    :mod:`berichte.statements.salience`), most salient first. Read one after the other, they take the
    phrasings in turn, so that no two neighbours start alike."""
    chosen = choose_at_a_glance(area_statements(results, key, year, comparison_year), minimum, maximum)
    p = prepared(results, year, comparison_year)
    facts = {f.id: f for f in p.facts(key)}
    out, position = [], 0
    for s in chosen:
        if s.kennzahl is None:
            out.append(s)
            continue
        f, fixed = facts[s.kennzahl], position % 3
        position += 1
        if s.kind == "stand":
            again = per_kennzahl.stand(f, p.renderer, fixed)
        elif s.kind == "entwicklung":
            again = per_kennzahl.development(f, p.renderer, fixed)
        else:
            again = next(x for x in per_kennzahl.conspicuous(f, p.renderer, fixed) if x.aspect == s.aspect)
        out.append(again)
    return out


def theme_intro(results, key: str, theme: str, year: int | None = None,
                comparison_year: int | None = None) -> Statement | None:
    """A short summary of one theme (chapter) for an area; None if the theme has no published values."""
    p = prepared(results, year, comparison_year)
    if theme not in p.catalogue.themes:
        raise BerichteError(f"Unbekanntes Thema „{theme}“; bekannt sind: {', '.join(p.catalogue.themes)}.")
    facts = [f for f in p.facts(key) if f.kennzahl.theme == theme]
    return theme_module.theme_intro(facts, p.catalogue.themes[theme], p.renderer)


def sozialindex_statements(results, key: str, year: int | None = None,
                           comparison_year: int | None = None) -> list[Statement]:
    """The area's Sozialindex class in words and what changed since the previous index year."""
    p = prepared(results, year, comparison_year)
    return index_module.area_statements(p, key)


def region_statements(results, year: int | None = None, comparison_year: int | None = None,
                      level: str | None = None, within: str | None = None,
                      kennzahlen: list[str] | None = None) -> list[Statement]:
    """Statements for the Sozialbericht about all areas of one level (default: the level below the top)
    within one area (default: their common parent if they have one, such as the Stadt of all
    Sozialräume, else the whole region): per Kennzahl the development of that area itself, the areas with
    a bedeutsam rise or fall, the range of the values; then a Sozialindex overview."""
    p = prepared(results, year, comparison_year)
    return region_module.region_statements(p, level, within, kennzahlen)
