"""Settings for what reports may say (``projekt.yml``): Datenstand, breaks in the data, small areas.

.. code-block:: yaml

    datenstand: 2024-03-31          # date of the data delivery (or a release: "INKAR, Ausgabe 2024"), on every cover
    profil:
      mindest_einwohner: 1000       # smaller areas get a Kurzprofil (counts only, no judgements)
    datenbrueche:                   # legal changes and breaks in the data: changes across them are not judged
      - jahr: 2023
        art: rechtsaenderung        # or: datenbruch
        grund: Wohngeld-Plus-Reform zum 1.1.2023
        hinweis: Seit 2023 haben deutlich mehr Haushalte Anspruch auf Wohngeld.
        kennzahlen: [wohngeldquote]

A break in year J means: values from J on are not comparable with values before J. A change from a year
before J to J or later is described, but not judged (no "bedeutsam", no "günstig"/"ungünstig", no
"auffällig"), the table row gets a footnote and the report a box "Hinweise zu Rechtsänderungen und
Datenbrüchen".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StrictInt, StrictStr

from ..problems import Problems
from .model import FileModel
from .yamlfiles import line_of

KINDS = {"rechtsaenderung": "Rechtsänderung", "datenbruch": "Datenbruch"}
DEFAULT_MIN_POPULATION = 1000


def _one_or_more(value):
    return [value] if isinstance(value, str) else value


def _text(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def _date(value):
    """An ISO date (2024-03-31, also as YAML date), a German one (31.03.2024), or a release named in words
    ("INKAR, Ausgabe 2024")."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = " ".join(value.split())
        for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d.%m.%Y").date()):
            try:
                return parse(text)
            except ValueError:
                continue
        if not text:
            raise ValueError("datenstand ist leer; z. B. datenstand: 2024-03-31 oder „INKAR, Ausgabe 2024“.")
        return text
    return value


DataDate = Annotated[dt.date | StrictStr, BeforeValidator(_date)]
Text = Annotated[StrictStr, BeforeValidator(_text), Field(min_length=1)]


class Break(FileModel):
    """A legal change or break in the data: the Kennzahlen's values from ``year`` on are not comparable with
    earlier ones."""

    year: StrictInt = Field(alias="jahr", description="Erstes Jahr mit den neuen Regeln oder Daten.",
                            examples=[2023])
    kind: Literal["rechtsaenderung", "datenbruch"] = Field(
        "rechtsaenderung", alias="art", description="rechtsaenderung (geänderte Rechtslage) oder datenbruch "
                                                    "(geänderte Erhebung, z. B. Zensus).")
    reason: Text = Field(alias="grund", description="Kurz, was sich geändert hat, mit Datum.",
                         examples=["Wohngeld-Plus-Reform zum 1.1.2023"])
    note: Annotated[StrictStr, BeforeValidator(_text)] = Field(
        "", alias="hinweis", description="Ein oder zwei Sätze, wie sich die Änderung auf die Zahlen auswirkt.")
    kennzahlen: Annotated[tuple[StrictStr, ...], BeforeValidator(_one_or_more)] = Field(
        min_length=1, description="IDs der betroffenen Kennzahlen.", examples=[["wohngeldquote"]])

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, "Datenbruch")

    def splits(self, year_from: int, year_to: int) -> bool:
        """The period from ``year_from`` to ``year_to`` spans the break."""
        return year_from < self.year <= year_to


class ProfileSettings(FileModel):
    min_population: Annotated[int, Field(strict=True, ge=0)] | None = Field(
        None, alias="mindest_einwohner",
        description=f"Gebiete mit weniger Einwohnerinnen und Einwohnern erhalten ein Kurzprofil mit den "
                    f"Häufigkeiten, ohne Bewertungen (0: immer ein volles Profil). Voreinstellung: "
                    f"{DEFAULT_MIN_POPULATION}.")


def check_break_years(breaks, raw: dict, first: int, last: int, path: Path, problems: Problems) -> None:
    """A break must lie after the first and not after the last year with data."""
    entries = raw.get("datenbrueche") or []
    for i, brk in enumerate(breaks):
        if not first < brk.year <= last:
            entry = entries[i] if i < len(entries) else None
            problems.error(f"datenbrueche: das Jahr {brk.year} liegt nicht im Bereich {first + 1}–{last}; ein Bruch "
                           "davor oder danach betrifft keinen Vergleich.", path,
                           row=line_of(entry, "jahr") if isinstance(entry, dict) else line_of(raw, "datenbrueche"),
                           column="jahr", value=brk.year)


def check_break_kennzahlen(settings, known: set[str], path: Path, problems: Problems) -> None:
    """Every Kennzahl a break names must be in the catalogue."""
    entries = settings.raw.get("datenbrueche") or []
    for i, brk in enumerate(settings.breaks):
        entry = entries[i] if i < len(entries) and isinstance(entries[i], dict) else None
        for kid in brk.kennzahlen:
            if kid not in known:
                problems.error(f"datenbrueche: die Kennzahl „{kid}“ ({brk.year}, {brk.reason}) fehlt im "
                               "Kennzahlenkatalog.", path, row=line_of(entry, "kennzahlen") if entry else None,
                               column="kennzahlen", value=kid)
