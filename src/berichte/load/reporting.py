"""Settings for what reports may say (``projekt.yml``): Datenstand, breaks in the data, small areas.

.. code-block:: yaml

    datenstand: 2024-03-31          # date of the data delivery, shown on every cover
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
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problems
from .yamlfiles import check_keys, line_of

KINDS = {"rechtsaenderung": "Rechtsänderung", "datenbruch": "Datenbruch"}
DEFAULT_MIN_POPULATION = 1000


@dataclass(frozen=True)
class Break:
    """A legal change or break in the data: the Kennzahlen's values from ``year`` on are not comparable with
    earlier ones."""

    year: int
    kennzahlen: tuple[str, ...]
    reason: str  # "Wohngeld-Plus-Reform zum 1.1.2023"
    note: str = ""  # what changed, one or two sentences
    kind: str = "rechtsaenderung"  # or "datenbruch"
    line: int | None = None

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, "Datenbruch")

    def splits(self, year_from: int, year_to: int) -> bool:
        """The period from ``year_from`` to ``year_to`` spans the break."""
        return year_from < self.year <= year_to


@dataclass(frozen=True)
class Reporting:
    data_date: dt.date | None = None
    breaks: tuple[Break, ...] = ()
    min_population: int | None = None  # None: DEFAULT_MIN_POPULATION where the population is known


TOP_KEYS = {"datenstand", "datenbrueche", "profil"}


def parse_reporting(raw: dict, path: Path, problems: Problems, first_year: int | None,
                    last_year: int | None) -> Reporting | None:
    ok = True
    data_date = None
    if "datenstand" in raw:
        value = raw["datenstand"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                try:
                    value = dt.datetime.strptime(value.strip(), "%d.%m.%Y").date()
                except ValueError:
                    pass
        if isinstance(value, dt.date):
            data_date = value
        else:
            problems.error("datenstand muss ein Datum sein, z. B. datenstand: 2024-03-31.", path,
                           row=line_of(raw, "datenstand"), column="datenstand", value=raw["datenstand"])
            ok = False
    min_population = None
    profile = raw.get("profil")
    if profile is not None:
        if not isinstance(profile, dict) or not check_keys(profile, {"mindest_einwohner"}, set(), path, problems,
                                                           "profil"):
            ok = False
        elif "mindest_einwohner" in profile:
            value = profile["mindest_einwohner"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.error("profil.mindest_einwohner muss eine ganze Zahl ≥ 0 sein (0: immer ein volles Profil).",
                               path, row=line_of(profile, "mindest_einwohner"), column="profil.mindest_einwohner",
                               value=value)
                ok = False
            else:
                min_population = value
    breaks = []
    entries = raw.get("datenbrueche") or []
    if not isinstance(entries, list):
        problems.error("datenbrueche muss eine Liste sein (je Bruch jahr, grund und kennzahlen).", path,
                       row=line_of(raw, "datenbrueche"), column="datenbrueche")
        entries, ok = [], False
    for entry in entries:
        brk = _break(entry, path, problems, first_year, last_year)
        if brk is None:
            ok = False
        else:
            breaks.append(brk)
    if not ok:
        return None
    return Reporting(data_date, tuple(breaks), min_population)


def _break(entry, path: Path, problems: Problems, first_year, last_year) -> Break | None:
    where = "datenbrueche"
    if not isinstance(entry, dict):
        problems.error(f"{where}: jeder Eintrag braucht jahr, grund und kennzahlen.", path, value=entry)
        return None
    if not check_keys(entry, {"jahr", "art", "grund", "hinweis", "kennzahlen"}, {"jahr", "grund", "kennzahlen"},
                      path, problems, where):
        return None
    line = line_of(entry)
    ok = True
    year = entry["jahr"]
    if isinstance(year, bool) or not isinstance(year, int):
        problems.error(f"{where}: jahr muss eine Jahreszahl sein.", path, row=line_of(entry, "jahr"), column="jahr",
                       value=year)
        ok = False
    elif first_year is not None and last_year is not None and not first_year < year <= last_year:
        problems.error(f"{where}: das Jahr {year} liegt nicht nach dem ersten Datenjahr {first_year} und nicht "
                       f"nach {last_year}; ein Bruch davor oder danach betrifft keinen Vergleich.", path,
                       row=line_of(entry, "jahr"), column="jahr", value=year)
        ok = False
    kind = entry.get("art", "rechtsaenderung")
    if kind not in KINDS:
        problems.error(f"{where}: art muss {' oder '.join(KINDS)} sein.", path, row=line_of(entry, "art"),
                       column="art", value=kind)
        ok = False
    for key in ("grund", "hinweis"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.error(f"{where}: {key} muss ein Text sein.", path, row=line_of(entry, key), column=key,
                           value=entry[key])
            ok = False
    ids = entry["kennzahlen"]
    if isinstance(ids, str):
        ids = [ids]
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        problems.error(f"{where}: kennzahlen muss eine Liste von Kennzahl-IDs sein, z. B. [wohngeldquote].", path,
                       row=line_of(entry, "kennzahlen"), column="kennzahlen", value=entry["kennzahlen"])
        ok = False
    if not ok:
        return None
    return Break(int(year), tuple(ids), " ".join(entry["grund"].split()),
                 " ".join(str(entry.get("hinweis", "")).split()), kind, line)


def check_break_kennzahlen(breaks: tuple[Break, ...], known: set[str], path: Path, problems: Problems) -> None:
    """Every Kennzahl a break names must be in the catalogue."""
    for brk in breaks:
        for kid in brk.kennzahlen:
            if kid not in known:
                problems.error(f"datenbrueche: die Kennzahl „{kid}“ ({brk.year}, {brk.reason}) fehlt im "
                               "Kennzahlenkatalog.", path, row=brk.line, column="kennzahlen", value=kid)
