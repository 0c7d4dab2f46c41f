"""The ready-made imports of ``berichte importieren`` and where the official files are found."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from ..problems import Problems

# name → (module with build(data_root, problems, …), German description)
SOURCES = {
    "inkar": ("inkar_kreis", "ein Kreis mit seinen Kommunen (--gebiet KREISSCHLÜSSEL, z. B. 03157): Arbeitslose, "
                             "Einwohner 15–65, SGB-II-Kennzahlen, Einkommensteuer und Kreiskennzahlen aus INKAR "
                             "(BBSR), GISD (RKI), in Niedersachsen Einwohner, Fläche und Karte (BKG)"),
    "inkar-region-hannover": ("region_hannover", "Region Hannover mit ihren 21 Kommunen (wie inkar --gebiet "
                                                 "03241)"),
    "flensburg": ("flensburg_project", "Stadt Flensburg mit 13 Stadtteilen aus dem Sozialatlas 2022"),
    "lsn": ("lsn_project", "Niedersachsen mit Statistischen Regionen, Kreisen, Landeshauptstadt Hannover und "
                           "Umland aus dem Integrationsmonitoring des LSN"),
}
ENV_VAR = "BERICHTE_SHARED_DATA"


def find_data_root(start: Path | None = None) -> Path | None:
    """The folder with the official data: $BERICHTE_SHARED_DATA, else the nearest ``shared/data`` above."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


def build_source(source: str, data_root: Path, problems: Problems, **options):
    """Read the official files of ``source``; returns (ImportResult, ProjectPlan)."""
    module = importlib.import_module(f".{SOURCES[source][0]}", __package__)
    return module.build(Path(data_root), problems, **options)
