"""Narrative statements ("Textbausteine") for profiles and the Sozialbericht.

Each statement is a :class:`Statement`: kind, area key, Kennzahl, theme, plain ``text`` and escaped
``html``, the numbers it cites (``values``: name → :class:`Cited`, the computed value and its formatted
text), a salience score and the period. Kinds:

* ``stand`` — level in the report year, comparison with the parent area, rank among the siblings;
* ``entwicklung`` — change over the period ("gestiegen"/"gesunken" only when bedeutsam);
* ``auffaelligkeit`` — level or change beyond ± the spread of the siblings, or against the parent's trend;
* ``sozialindex`` — status and dynamics class in words, change since the previous index year;
* ``thema`` — introduction of a theme chapter;
* ``region`` — Sozialbericht: areas with bedeutsam changes per Kennzahl, range, Sozialindex overview.

Functions: :func:`area_statements`, :func:`kennzahl_statements`, :func:`at_a_glance`,
:func:`theme_intro`, :func:`sozialindex_statements`, :func:`region_statements`.

Wording lives in Jinja2 templates (``berichte/templates/statements/*.j2``); a project overrides one by
placing a file of the same name in ``<Projektordner>/vorlagen/texte/`` (see
:mod:`berichte.statements.templates`). What may be said — which verb, comparison word, ordinal,
singular or plural — is decided in Python (:mod:`~berichte.statements.kennzahl`,
:mod:`~berichte.statements.words`). Withheld or missing values are never cited (see
:mod:`~berichte.statements.kennzahl`). The salience formula is documented in
:mod:`berichte.statements.salience`. Output is deterministic: phrasings rotate by a hash of kind,
Kennzahl and area, not at random.
"""

from .api import area_statements, at_a_glance, kennzahl_statements, region_statements, sozialindex_statements, theme_intro
from .facts import KennzahlFacts
from .model import Cited, Statement
from .templates import PROJECT_FOLDER

__all__ = ["Statement", "Cited", "KennzahlFacts", "area_statements", "kennzahl_statements", "at_a_glance",
           "theme_intro", "sozialindex_statements", "region_statements", "PROJECT_FOLDER"]
