"""Kennzahlen for imported projects, taken from the standard catalogue where its definitions fit.

The standard catalogue (``berichte/standard/kennzahlen.yml``) names local offices as sources; an import
replaces the source with the real one and may change title, denominator or definition where the
official data differ (e.g. a Stichtag of 30.06. instead of 31.12.).
"""

from __future__ import annotations

import copy
from functools import lru_cache
from importlib import resources

import yaml

from ..load.formula import parse_formula


@lru_cache(maxsize=1)
def _standard() -> dict:
    text = resources.files("berichte").joinpath("standard", "kennzahlen.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def standard_kennzahl(kennzahl_id: str, quelle: str, **changes) -> dict:
    """A copy of a standard Kennzahl with the real source and the given fields changed."""
    entry = copy.deepcopy(_standard()["kennzahlen"][kennzahl_id])
    entry["quelle"] = quelle
    entry.update(changes)
    return entry


def standard_themes(theme_ids) -> dict[str, dict]:
    themes = _standard()["themen"]
    return {t: dict(themes[t]) for t in theme_ids}


def used_merkmale(kennzahl: dict) -> list[str]:
    if kennzahl.get("art") == "wert":
        return [kennzahl["merkmal"]]
    names = list(parse_formula(kennzahl["zaehler"]).merkmale)
    if "nenner" in kennzahl:
        names += parse_formula(kennzahl["nenner"]).merkmale
    return names


def check_kennzahlen(kennzahlen: dict[str, dict], merkmale: dict[str, dict]) -> None:
    """Programming check of a preset: every Kennzahl uses only imported Merkmale."""
    for kid, entry in kennzahlen.items():
        missing = [m for m in used_merkmale(entry) if m not in merkmale]
        if missing:
            raise ValueError(f"Kennzahl {kid} uses Merkmale that are not imported: {missing}")


# Legal changes that break the comparability of Kennzahlen (datenbrueche in projekt.yml), for the importers:
# changes across them are described, not judged.
LEGAL_CHANGES = {
    "wohngeld_2020": {"jahr": 2020, "grund": "Wohngeldstärkungsgesetz zum 1.1.2020",
                      "hinweis": "Höhere Leistungen und Einkommensgrenzen; mehr Haushalte haben Anspruch auf Wohngeld."},
    "rechtskreiswechsel_2022": {"jahr": 2022, "grund": "Rechtskreiswechsel zum 1.6.2022",
                                "hinweis": "Geflüchtete aus der Ukraine erhalten Grundsicherung nach dem SGB II statt "
                                           "Leistungen nach dem Asylbewerberleistungsgesetz."},
}


def legal_changes(affected: dict[str, list[str]], kennzahlen) -> list[dict]:
    """The ``datenbrueche`` entries for the Kennzahlen a project has: ``affected`` maps a LEGAL_CHANGES key to
    the Kennzahlen it concerns; changes that concern none of ``kennzahlen`` are left out."""
    out = []
    for change, ids in affected.items():
        present = [k for k in ids if k in kennzahlen]
        if present:
            out.append({**LEGAL_CHANGES[change], "kennzahlen": present})
    return out
