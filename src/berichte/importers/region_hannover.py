"""Region Hannover (Kreis 03241) with its 21 Kommunen: the INKAR Kreis import for the key 03241.

``berichte importieren inkar-region-hannover`` is kept as a name for ``berichte importieren inkar --gebiet
03241`` (see :mod:`berichte.importers.inkar_kreis`): Arbeitslose and Einwohner 15 bis unter 65 per Kommune,
the SGB-II indicators of the Kommunen and of the Region, indicators of the Region, Einkommensteuer and GISD
per Kommune, Einwohner and Fläche 2022 (VG250-EW) and the polygons of the Kommunen. Each Kommune is its own
Gemeindeverband, so there is no level of Samtgemeinden.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problems
from .inkar_kreis import import_kreis, kreis_plan
from .result import ImportResult, ProjectPlan

REGION_KEY = "03241"
REGION_NAME = "Region Hannover"


def import_region_hannover(data_root: Path | str, problems: Problems | None = None) -> ImportResult:
    """Read the official files under ``data_root`` (the shared data folder); raises DataError on errors."""
    return import_kreis(data_root, REGION_KEY, problems).result


def region_hannover_plan(result: ImportResult) -> ProjectPlan:
    return kreis_plan(result)


def build(data_root: Path | str, problems: Problems | None = None, **_options) -> tuple[ImportResult, ProjectPlan]:
    imported = import_kreis(data_root, REGION_KEY, problems)
    return imported.result, kreis_plan(imported)
