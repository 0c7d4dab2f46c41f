"""Checks across files: parts vs totals, children vs parent totals, missing years, zero denominators."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aggregate import CountTable, child_sums
from .areas import Areas
from .catalogue import Catalogue
from ..formatting import number
from .merkmale import MerkmalDictionary
from ..problems import Problems
from .settings import Settings

MAX_PER_CHECK = 200  # a broken column should not print 10,000 lines; the rest is counted


def _fmt(value: float) -> str:
    return number(value, 0 if float(value).is_integer() else 2)


class _Provenance:
    """Where a delivered value came from, to name file, row and column in a problem."""

    def __init__(self, counts: pd.DataFrame):
        self._index = counts.set_index(["key", "year", "merkmal"])[["file", "row", "column"]]
        self._index = self._index[~self._index.index.duplicated()]

    def of(self, key: str, year: int, merkmal: str) -> dict:
        try:
            file, row, column = self._index.loc[(key, year, merkmal)]
            return {"file": file, "row": int(row), "column": column}
        except KeyError:
            return {}


def check_consistency(settings: Settings, areas: Areas, merkmale: MerkmalDictionary, catalogue: Catalogue | None,
                      counts: pd.DataFrame, table: CountTable, problems: Problems) -> None:
    provenance = _Provenance(counts)
    _check_years(settings, merkmale, counts, problems)
    _check_parts(areas, merkmale, table, provenance, problems)
    _check_children(areas, merkmale, table, provenance, problems)
    _check_relations(areas, merkmale, table, provenance, problems)
    _check_areas_without_data(settings, areas, table, problems)
    _check_undelivered_parents(areas, merkmale, table, problems)
    if catalogue is not None:
        _check_denominators(settings, areas, catalogue, table, problems)


def _check_undelivered_parents(areas: Areas, merkmale: MerkmalDictionary, table: CountTable,
                               problems: Problems) -> None:
    """A Merkmal that is not summable (a published rate, amount or score) has a value for a parent area only
    when one is delivered: warn where the children have values and the parent stays empty."""
    frame = areas.frame
    parents = sorted(set(frame["parent"]) - {""}, key=lambda k: frame.at[k, "depth"])
    for m in merkmale.delivered:
        if m.additive:
            continue
        delivered = table.delivered[m.id].notna().groupby(level="key").any()
        empty = [p for p in parents if not delivered.get(p, False)
                 and any(delivered.get(c, False) for c in frame.index[frame["parent"] == p])]
        if empty:
            names = ", ".join(f"{areas.name(p)} ({p})" for p in empty[:5]) + (
                f" und {len(empty) - 5} weitere" if len(empty) > 5 else "")
            problems.warning(f"Das Merkmal „{m.id}“ ({m.label}) ist nicht summierbar und für {names} nicht "
                             "geliefert: dort bleibt der Wert leer, denn er wird nie aus den Teilgebieten "
                             "errechnet. Die Berichte vermerken das in den Tabellen.", merkmale.path, row=m.line,
                             value=m.id)


def _years_text(years: list[int]) -> str:
    """2012, 2013, 2014, 2016 → "2012–2014, 2016"."""
    years = sorted(years)
    runs = []
    start = prev = years[0]
    for year in years[1:] + [None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(runs)


def _check_years(settings: Settings, merkmale: MerkmalDictionary, counts: pd.DataFrame, problems: Problems) -> None:
    present = set(counts["year"].unique())
    missing = [y for y in settings.years if y not in present]
    data_dir = settings.data_dir
    if missing:
        problems.error(f"Für die Jahre {_years_text(missing)} liegen keine Daten vor "
                       f"(Berichtszeitraum laut projekt.yml: {settings.first_year}–{settings.last_year}).",
                       data_dir / "projekt.yml", column="jahre")
    by_merkmal = counts.groupby("merkmal")["year"].unique()
    for m in merkmale.delivered:
        if m.id not in by_merkmal.index:
            problems.warning(f"Für das Merkmal „{m.id}“ ({m.label}) liegen keine Daten vor.", merkmale.path,
                             row=m.line, value=m.id)
            continue
        gaps = [y for y in settings.years if y not in set(by_merkmal[m.id]) and y in present]
        if gaps:
            key_years = {settings.report_year, settings.comparison_year} & set(gaps)
            text = (f"Für das Merkmal „{m.id}“ ({m.label}) fehlen die Jahre {_years_text(gaps)}.")
            have = set(by_merkmal[m.id])
            latest = max((y for y in have if settings.report_year - settings.max_lag <= y <= settings.report_year),
                         default=None)
            if settings.report_year in gaps and latest is not None:
                problems.warning(text + f" Die Berichte für {settings.report_year} zeigen die Kennzahlen daraus mit "
                                 f"„Stand {latest}“ (hoechstens_jahre_zurueck: {settings.max_lag}).",
                                 merkmale.path, row=m.line, value=m.id)
            elif key_years:
                problems.warning(text + f" Betroffen ist der Vergleichszeitraum {settings.comparison_year}–"
                                 f"{settings.report_year}.", merkmale.path, row=m.line, value=m.id)
            else:
                problems.warning(text, merkmale.path, row=m.line, value=m.id)


def _report_capped(items, limit, problems, file, what):
    if items > limit:
        problems.warning(f"… und {items - limit} weitere Fälle von „{what}“ (nicht einzeln aufgeführt).", file)


def _check_parts(areas, merkmale, table: CountTable, provenance: _Provenance, problems: Problems) -> None:
    values = table.values
    for m in merkmale:
        for total in m.part_of:
            bad = values[m.id] > values[total] + 1e-9
            if not bad.any():
                continue
            hits = values.loc[bad, [m.id, total]]
            for n, ((key, year), row) in enumerate(hits.iterrows()):
                if n >= MAX_PER_CHECK:
                    break
                where = provenance.of(key, year, m.id) or provenance.of(key, year, total)
                problems.error(
                    f"Teil größer als das Ganze: „{m.id}“ ({_fmt(row[m.id])}) ist größer als „{total}“ "
                    f"({_fmt(row[total])}) für {areas.name(key)} ({key}), {year}.",
                    where.get("file"), row=where.get("row"), column=where.get("column"), value=_fmt(row[m.id]))
            _report_capped(len(hits), MAX_PER_CHECK, problems, None, f"{m.id} > {total}")


def _check_children(areas, merkmale, table: CountTable, provenance: _Provenance, problems: Problems) -> None:
    diffs = child_sums(table, areas, merkmale)
    for n, row in enumerate(diffs.itertuples()):
        if n >= MAX_PER_CHECK:
            _report_capped(len(diffs), MAX_PER_CHECK, problems, None, "Summe der Teilgebiete weicht ab")
            break
        where = provenance.of(row.key, row.year, row.merkmal)
        problems.warning(
            f"Die Summe der Teilgebiete ({_fmt(row.children_sum)}) weicht vom angegebenen Wert für "
            f"{areas.name(row.key)} ({_fmt(row.own)}) ab, Merkmal „{row.merkmal}“, {row.year}. "
            "Verwendet wird der angegebene Wert.",
            where.get("file"), row=where.get("row"), column=where.get("column"), value=_fmt(row.own))


def _check_relations(areas, merkmale, table: CountTable, provenance: _Provenance, problems: Problems) -> None:
    """Declared relations (``beziehungen`` in merkmale.yml) must hold wherever all their values are there."""
    values = table.values
    for relation in merkmale.relations:
        total = values[relation.total]
        parts = sum(sign * values[m] for sign, m in relation.terms)
        with np.errstate(invalid="ignore"):
            bad = total.notna() & parts.notna() & ((total - parts).abs() > 1e-6)
        hits = values.loc[bad, relation.merkmale]
        for n, ((key, year), row) in enumerate(hits.iterrows()):
            if n >= MAX_PER_CHECK:
                break
            where = provenance.of(key, year, relation.total)
            terms = " ".join(("+ " if sign > 0 else "− ") + _fmt(row[m]) for sign, m in relation.terms)
            problems.warning(
                f"Die Beziehung „{relation.text}“ (merkmale.yml, Zeile {relation.line}) gilt nicht für "
                f"{areas.name(key)} ({key}), {year}: {relation.total} = {_fmt(row[relation.total])}, "
                f"die Teile ergeben {_fmt(parts[(key, year)])} ({terms.removeprefix('+ ')}). "
                "Bitte die gelieferten Werte prüfen; für die Geheimhaltung gilt die Beziehung dort nicht.",
                where.get("file"), row=where.get("row"), column=where.get("column"), value=_fmt(row[relation.total]))
        _report_capped(len(hits), MAX_PER_CHECK, problems, None, relation.text)


def _check_areas_without_data(settings, areas: Areas, table: CountTable, problems: Problems) -> None:
    has_data = table.values.notna().groupby(level="key").any().any(axis=1)
    for key in areas.keys:
        if not has_data.get(key, False):
            problems.warning(f"Für das Gebiet {areas.name(key)} ({key}) liegen keine Zähldaten vor.",
                             settings.path("gebiete"), row=int(areas.frame.at[key, "row"]), value=key)


def _check_denominators(settings, areas: Areas, catalogue: Catalogue, table: CountTable, problems: Problems) -> None:
    values = table.values
    for k in catalogue:
        if k.denominator is None:
            continue
        denominator = sum(sign * values[m] for sign, m in k.denominator.terms)
        numerator = sum(sign * values[m] for sign, m in k.numerator.terms)
        zero = (denominator == 0) & numerator.notna()
        if zero.any():
            cases = ", ".join(f"{areas.name(key)} {year}" for key, year in list(zero[zero].index)[:5])
            more = f" und {int(zero.sum()) - 5} weitere" if zero.sum() > 5 else ""
            problems.warning(f"Kennzahl „{k.id}“: der Nenner ist 0 bei {cases}{more}; "
                             "dort wird kein Wert ausgewiesen.", catalogue.path, row=k.line, column="nenner")
        if k.test == "anteil":
            over = numerator > denominator + 1e-9
            if over.any():
                cases = ", ".join(f"{areas.name(key)} {year}" for key, year in list(over[over].index)[:5])
                more = f" und {int(over.sum()) - 5} weitere" if over.sum() > 5 else ""
                problems.error(f"Kennzahl „{k.id}“ ist ein Anteil, aber der Zähler ist größer als der Nenner bei "
                               f"{cases}{more}. Zähler/Nenner prüfen oder test: poisson setzen.",
                               catalogue.path, row=k.line, column="zaehler")
