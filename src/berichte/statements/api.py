"""The public functions: statements for an area, "Auf einen Blick", theme introductions, region level.

Every function takes the computed results and a :class:`~berichte.statements.scope.Scope` (area and
period; ``Scope.of(results, key, year, comparison_year)`` fills in the project's defaults).
"""

from __future__ import annotations

from ..problems import BerichteError
from . import glance as glance_module
from . import kennzahl as per_kennzahl
from . import region as region_module
from . import sozialindex as index_module
from . import theme as theme_module
from .facts import Prepared, prepared
from .model import Statement
from .salience import GLANCE_MAX, GLANCE_MIN
from .scope import Scope


def _prepared(results, scope: Scope) -> Prepared:
    return prepared(results, scope.year, scope.year_from)


def kennzahl_statements(results, scope: Scope) -> list[Statement]:
    """Stand and Entwicklung statements for every Kennzahl of an area, in catalogue order."""
    p = _prepared(results, scope)
    cache_key = ("kennzahl_statements", scope.key)
    if cache_key not in p.cache:
        out: list[Statement] = []
        for f in p.facts(scope.key):
            out.append(per_kennzahl.stand(f, p.renderer))
            development = per_kennzahl.development(f, p.renderer)
            if development is not None:
                out.append(development)
        p.cache[cache_key] = out
    return list(p.cache[cache_key])


def area_statements(results, scope: Scope, kinds: tuple[str, ...] | None = None) -> list[Statement]:
    """Every statement about one area: per Kennzahl (Stand, Entwicklung, catalogue order), then the
    Sozialindex. ``kinds`` filters ("stand", "entwicklung", "sozialindex")."""
    statements = kennzahl_statements(results, scope) + sozialindex_statements(results, scope)
    if kinds is not None:
        statements = [s for s in statements if s.kind in kinds]
    return statements


def theme_statements(results, scope: Scope, theme: str, limit: int = 4) -> list[Statement]:
    """The bullets of a theme chapter: at most one statement per Kennzahl (its level and its change in one),
    the most salient first; a count whose rate speaks for it is not said again."""
    p = _prepared(results, scope)
    _check_theme(p, theme)
    return glance_module.chapter_bullets([f for f in p.facts(scope.key) if f.kennzahl.theme == theme],
                                         p.renderer, limit)


def at_a_glance(results, scope: Scope, minimum: int = GLANCE_MIN, maximum: int = GLANCE_MAX) -> list[Statement]:
    """"Auf einen Blick": conspicuous unfavourable levels of core indicators first, then the Sozialindex, then
    the weightiest changes (see :mod:`berichte.statements.glance`)."""
    p = _prepared(results, scope)
    index = sozialindex_statements(results, scope)
    return glance_module.at_a_glance(p.facts(scope.key), index, p.renderer, minimum, maximum)


def theme_intro(results, scope: Scope, theme: str) -> Statement | None:
    """A short summary of one theme (chapter) for an area; None if the theme has no published values."""
    p = _prepared(results, scope)
    _check_theme(p, theme)
    facts = [f for f in p.facts(scope.key) if f.kennzahl.theme == theme]
    return theme_module.theme_intro(facts, p.catalogue.themes[theme], p.renderer)


def sozialindex_statements(results, scope: Scope) -> list[Statement]:
    """The area's Sozialindex class in words and what changed since the previous index year."""
    return index_module.area_statements(_prepared(results, scope), scope.key)


def sozialindex_notes(results, scope: Scope, level: str | None = None) -> list[Statement]:
    """What every Sozialindex text needs besides the classes: that they are relative, the period of the
    dynamics, breaks within it, and that the index directs attention (for the area's level, or ``level``)."""
    return index_module.notes(_prepared(results, scope), scope.key, level)


def region_statements(results, scope: Scope, level: str | None = None, kennzahlen: list[str] | None = None,
                      ) -> list[Statement]:
    """Statements for the Sozialbericht about all areas of one level (default: the level below the top)
    within one area (``scope.key``; default: their common parent if they have one, such as the Stadt of all
    Sozialräume, else the whole region): per Kennzahl one statement with the development of that area
    itself, the range of the values and how many areas changed bedeutsam in which direction."""
    return region_module.region_statements(_prepared(results, scope), level, scope.key, kennzahlen)


def region_theme_statements(results, scope: Scope, theme: str, level: str | None = None, limit: int = 6,
                            ) -> list[Statement]:
    """The bullets of a Sozialbericht chapter: its core indicators compared across the areas, then the
    Kennzahlen in which most areas changed bedeutsam."""
    p = _prepared(results, scope)
    _check_theme(p, theme)
    return region_module.theme_bullets(p, level, scope.key, theme, limit)


def small_area_note(results, scope: Scope) -> Statement:
    """Why an area below the minimum population gets a Kurzprofil (counts only, no judgements)."""
    return glance_module.small_area_note(_prepared(results, scope), scope.key)


def region_overview(results, scope: Scope, level: str | None = None) -> list[Statement]:
    """The Sozialindex of all areas of one level in words (Sozialbericht: summary and index chapter)."""
    return region_module.sozialindex_overview(_prepared(results, scope), level, scope.key)


def _check_theme(p: Prepared, theme: str) -> None:
    if theme not in p.catalogue.themes:
        raise BerichteError(f"Unbekanntes Thema „{theme}“; bekannt sind: {', '.join(p.catalogue.themes)}.")
