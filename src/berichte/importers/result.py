"""What every importer returns: areas, counts and Merkmale in berichte's data model, plus project settings.

An :class:`ImportResult` is plain data (pandas frames and dicts shaped like ``merkmale.yml``), so it can be
checked in tests and written as a project folder by :func:`berichte.importers.write.write_project`.
A :class:`ProjectPlan` holds what a project needs beyond the data: title, years, levels and Kennzahlen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..problems import Problems

AREA_COLUMNS = ["key", "name", "level", "parent"]
COUNT_COLUMNS = ["key", "year", "merkmal", "value", "note", "source"]


@dataclass
class ImportResult:
    """Imported data in berichte's model.

    * ``areas``: key, name, level, parent (parent "" for the top area); keys are text with leading zeros.
    * ``counts``: key, year, merkmal, value (float, NaN when missing), note (reason of an official symbol,
      "" for a number), source (file stem under ``data/zahlen/`` the value is written to).
    * ``merkmale``: Merkmal id → fields of ``merkmale.yml`` (bezeichnung, einheit, quelle, thema, teil_von, …).
    * ``source_note``: German text on sources, licences and what was left out; written to ``QUELLEN.md``.
    * ``problems``: warnings found while reading (errors raise :class:`~berichte.problems.DataError`).
    * ``geometries``: a GeoJSON FeatureCollection (property ``schluessel``) written to ``gebiete.geojson``
      when the shared data have polygons of the areas (None: no map).
    """

    areas: pd.DataFrame
    counts: pd.DataFrame
    merkmale: dict[str, dict]
    source_note: str
    problems: Problems = field(default_factory=Problems)
    geometries: dict | None = None
    details: object = None  # importer-specific description of what was read (e.g. the areas of a Kreis)

    def __post_init__(self) -> None:
        self.areas = self.areas[AREA_COLUMNS].astype(str).reset_index(drop=True)
        counts = self.counts.copy()
        if "source" not in counts:
            counts["source"] = "import"
        if "note" not in counts:
            counts["note"] = ""
        counts = counts[COUNT_COLUMNS]
        counts["key"] = counts["key"].astype(str)
        counts["year"] = counts["year"].astype(int)
        counts["value"] = counts["value"].astype(float)
        counts["note"] = counts["note"].fillna("").astype(str)
        self.counts = counts.reset_index(drop=True)

    def values(self, merkmal: str) -> pd.Series:
        """One Merkmal as a Series indexed by (key, year), for checks and tests."""
        part = self.counts[self.counts["merkmal"] == merkmal]
        return part.set_index(["key", "year"])["value"].sort_index()


@dataclass
class ProjectPlan:
    """Settings of the project written from an import (see ``data/projekt.yml``)."""

    area_name: str
    title: str
    levels: list[dict]  # [{id, name, mehrzahl, genus}], top level first
    first_year: int
    last_year: int
    report_year: int
    comparison_year: int
    themes: dict[str, dict]
    kennzahlen: dict[str, dict]
    publisher: str | None = None
    reference_date: str = "31.12."
    comments: list[str] = field(default_factory=list)  # German notes written at the top of projekt.yml
    sozialindex: dict | None = None
    data_date: str | None = None  # datenstand: the edition of the sources ("INKAR, Ausgabe 2024")
    breaks: list[dict] = field(default_factory=list)  # datenbrueche (see berichte.load.reporting)
    max_lag: int = 0  # hoechstens_jahre_zurueck: each Kennzahl at its latest year ≤ the report year
