"""Loading a whole project: settings, areas, Merkmale, catalogue and counts, validated together.

Loading never stops at the first problem: each step runs as far as its inputs allow, and all problems
are collected, so ``berichte pruefen`` can list everything that is wrong in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .aggregate import CountTable, build_count_table
from .areas import Areas, load_areas
from .catalogue import Catalogue, load_catalogue
from .counts import load_counts
from .merkmale import MerkmalDictionary, load_merkmale
from .reporting import check_break_kennzahlen
from ..problems import DataError, Problems
from .settings import SETTINGS_FILE, Settings, load_settings
from .sozialindex_config import SozialindexConfig, config_from_settings
from .validation import check_consistency
from .yamlfiles import line_of


@dataclass
class Project:
    settings: Settings
    areas: Areas
    merkmale: MerkmalDictionary
    catalogue: Catalogue
    counts: pd.DataFrame  # long, as delivered, with provenance
    table: CountTable  # complete counts per area and year (aggregated, derived)
    problems: Problems
    sozialindex: SozialindexConfig | None = None

    @property
    def root(self) -> Path:
        return self.settings.root


def check_project(root: Path | str) -> tuple[Project | None, Problems]:
    """Load and validate; returns the project (None if unusable) and every problem found."""
    root = Path(root)
    problems = Problems(base=root)
    settings = load_settings(root, problems)
    if settings is None:
        return None, problems
    areas = load_areas(settings, problems)
    merkmale = load_merkmale(settings, problems)
    catalogue = load_catalogue(settings, merkmale, problems)
    sozialindex = None
    if catalogue is not None:
        check_break_kennzahlen(settings, set(catalogue.items), settings.data_dir / SETTINGS_FILE, problems)
        sozialindex = config_from_settings(settings, list(catalogue.items), problems)
        if sozialindex is not None and merkmale is not None and sozialindex.population_merkmal not in merkmale:
            problems.error(f"sozialindex: das Merkmal „{sozialindex.population_merkmal}“ für die Einwohnerzahl "
                           "fehlt im Merkmalsverzeichnis (Feld „einwohner“).", settings.data_dir / SETTINGS_FILE,
                           row=line_of(settings.raw.get("sozialindex"), "einwohner") or line_of(settings.raw, "sozialindex"),
                           column="sozialindex.einwohner", value=sozialindex.population_merkmal)
    from .documents import name_conflicts

    for path, message in name_conflicts(root, settings.publisher):
        problems.warning(message, path)
    counts = load_counts(settings, areas, merkmale, problems)
    if areas is None or not areas.valid or merkmale is None or counts.empty:
        return None, problems
    table = build_count_table(counts, areas, merkmale, settings.years)
    check_consistency(settings, areas, merkmale, catalogue, counts, table, problems)
    if catalogue is None:
        return None, problems
    project = Project(settings, areas, merkmale, catalogue, counts, table, problems, sozialindex)
    return project, problems


def load_project(root: Path | str) -> Project:
    """Load a project for computing; raises DataError with every problem if anything is an error."""
    project, problems = check_project(root)
    if project is None and not problems.has_errors():
        raise DataError("Es gibt noch keine Datenlieferungen in data/zahlen/, also nichts zu berichten. Vorlagen für "
                        "die Lieferungen erzeugt „berichte vorlagen“.", problems.items)
    if project is None or problems.has_errors():
        raise DataError("Die Daten enthalten Fehler; es wird nichts erzeugt.", problems.items)
    return project
