"""Importers for official data formats, and ready-made projects built from them.

Readers (each returns plain frames; problems name file, row, column and value):

* :func:`read_inkar` – INKAR raw exports of the BBSR (``.xls``/``.xlsx``, sheets Daten/Metadaten/Quellangabe)
* :func:`read_vg250_gemeinden` – BKG VG250-EW attribute table (population and area per Gemeinde)
* :func:`read_lsn` – LSN Integrationsmonitoring CSVs (Open-SDG layout)
* :func:`read_district_table`, :func:`read_districts` – Flensburg Sozialatlas tables

Projects (``import_*`` returns an :class:`ImportResult`; ``*_plan`` the project settings;
:func:`write_project` writes ``data/``): Region Hannover (INKAR + VG250), Flensburg (Sozialatlas), LSN.
On the command line: ``berichte importieren QUELLE --ziel ORDNER [--quelle PFAD]``.
"""

from __future__ import annotations

import importlib

# Public names → submodule. Imported on first use, so that ``berichte --help`` does not load pandas.
_EXPORTS = {
    "ImportResult": "result", "ProjectPlan": "result", "write_project": "write",
    "read_inkar": "inkar", "inkar_merkmale": "inkar", "read_vg250_gemeinden": "vg250", "read_lsn": "lsn",
    "read_districts": "flensburg", "read_district_table": "flensburg",
    "import_kreis": "inkar_kreis", "kreis_plan": "inkar_kreis",
    "import_region_hannover": "region_hannover", "region_hannover_plan": "region_hannover",
    "import_flensburg": "flensburg_project", "flensburg_plan": "flensburg_project",
    "import_lsn": "lsn_project", "lsn_plan": "lsn_project",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
