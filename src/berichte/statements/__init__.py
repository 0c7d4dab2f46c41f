"""Narrative statements ("Textbausteine") for profiles and the Sozialbericht.

Each statement is a :class:`Statement`: kind, area key, Kennzahl, theme, plain ``text`` and escaped
``html``, the numbers it cites (``values``: name → :class:`Cited`, the computed value and its formatted
text), a salience score and the period. Kinds:

* ``stand`` — level in the report year, comparison with the parent area, rank among the siblings, whether
  it stands out (auffällig);
* ``entwicklung`` — change over the period in one of three states (kaum verändert / nicht gesichert /
  bedeutsam gestiegen oder gesunken), described where no test applies or a break lies in between;
* ``kennzahl`` — Stand and Entwicklung of one Kennzahl in one bullet;
* ``sozialindex`` — status and dynamics class in words, change since the previous index year, the notes
  every index text needs;
* ``thema`` — introduction (the one evaluation) of a theme chapter;
* ``region`` — Sozialbericht: per Kennzahl the region's value and change, the range over the areas and the
  count of bedeutsame changes; the Sozialindex overview.

Every function takes the computed results and a :class:`Scope` (area and period): :func:`area_statements`,
:func:`kennzahl_statements`, :func:`at_a_glance`, :func:`theme_statements`, :func:`theme_intro`,
:func:`sozialindex_statements`, :func:`sozialindex_notes`, :func:`region_statements`,
:func:`region_overview`.

Wording lives in Jinja2 templates (``berichte/templates/statements/*.j2``); a project overrides one by
placing a file of the same name in ``<Projektordner>/vorlagen/texte/`` (see
:mod:`berichte.statements.templates`). What may be said — which verb, comparison word, ordinal,
singular or plural, whether "bedeutsam", "deutlich" or "auffällig" — is decided in Python
(:mod:`~berichte.statements.rules`, :mod:`~berichte.statements.kennzahl`, :mod:`~berichte.compute.judgement`,
:mod:`~berichte.statements.words`). Withheld or missing values are never cited. The order of bullets is
documented in :mod:`berichte.statements.glance` and :mod:`berichte.statements.salience`. Output is
deterministic: phrasings rotate by a hash of kind, Kennzahl and area, not at random.
"""

from .api import (area_statements, at_a_glance, kennzahl_statements, region_overview, region_statements,
                  region_theme_statements, small_area_note, sozialindex_notes, sozialindex_statements, theme_intro,
                  theme_statements)
from .facts import KennzahlFacts
from .model import Cited, Statement
from .scope import Scope
from .templates import PROJECT_FOLDER

__all__ = ["Statement", "Cited", "KennzahlFacts", "Scope", "area_statements", "kennzahl_statements",
           "at_a_glance", "theme_statements", "theme_intro", "sozialindex_statements", "sozialindex_notes",
           "region_statements", "region_theme_statements", "region_overview", "small_area_note", "PROJECT_FOLDER"]
