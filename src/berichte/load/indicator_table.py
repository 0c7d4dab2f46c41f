"""Reading an indicator table for ``berichte sozialindex`` (one row per area, indicator columns).

Reading checks everything a user can get wrong and reports it in German with file, row, column and
value: a missing key column or indicator column (listing the columns that exist), empty or duplicate
keys, and cells that are neither numbers, nor empty, nor official symbols.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..problems import DataError, Problems
from .readers import detect_decimal, locate_header, normalise_name, parse_numbers, read_raw

MAX_REPORTED = 20  # invalid cells reported per column; the rest are counted


@dataclass
class IndicatorTable:
    key_column: str  # header of the key column as in the file
    values: pd.DataFrame  # index: area key (text); one float column per requested indicator name
    population: pd.Series | None
    path: Path


def read_indicator_table(
    path: Path, key: str, status: list[str], dynamics: list[str], population: str | None,
    decimal: str | None = None,
) -> IndicatorTable:
    """Read the table; raises DataError with every problem found. ``decimal``: None = detect per column."""
    path = Path(path)
    problems = Problems()
    raw = read_raw(path, problems)
    if raw is None:
        raise DataError("Die Eingabedatei kann nicht gelesen werden.", problems.items)
    table = locate_header(raw, {normalise_name(key)}, Problems(), f"„{key}“")
    if table is None:
        first = next((row for _, row in raw.frame.iterrows() if any(str(c).strip() for c in row)), [])
        columns = ", ".join(f"„{str(c).strip()}“" for c in first if str(c).strip())
        problems.error(f"Die Schlüsselspalte „{key}“ fehlt; vorhanden sind: {columns}.", path, column=key)
        raise DataError("Die Eingabedatei passt nicht zu den Angaben.", problems.items)

    header = [str(c) for c in table.frame.columns]
    resolved = _resolve_columns(header, key, status, dynamics, population, path, problems)
    frame, rows = table.frame, table.rows
    keys = frame.iloc[:, header.index(resolved[key])].astype(str).str.strip()
    for i in keys.index[keys == ""]:
        problems.error("Der Gebietsschlüssel fehlt.", path, row=int(rows[i]), column=resolved[key])
    duplicated = keys[(keys != "") & keys.duplicated(keep=False)]
    for i, value in duplicated.items():
        problems.error("Der Gebietsschlüssel kommt mehrfach vor.", path, row=int(rows[i]), column=resolved[key],
                       value=value)

    numbers = {}
    for name in status + dynamics + ([population] if population else []):
        column = resolved[name]
        cells = frame.iloc[:, header.index(column)]
        mark = decimal or detect_decimal(cells, table.delimiter)
        parsed = parse_numbers(cells, mark)
        bad = parsed.invalid.index[parsed.invalid]
        for i in bad[:MAX_REPORTED]:
            problems.error("Das ist keine Zahl.", path, row=int(rows[i]), column=column, value=cells[i])
        if len(bad) > MAX_REPORTED:
            problems.error(f"… und {len(bad) - MAX_REPORTED} weitere Zellen, die keine Zahlen sind.", path,
                           column=column)
        numbers[name] = parsed.values
    if problems.has_errors():
        raise DataError("Die Eingabedatei enthält Fehler; es wurde nichts geschrieben.", problems.items)

    index = pd.Index(keys.to_numpy(dtype=object), name=resolved[key], dtype=object)
    values = pd.DataFrame({name: numbers[name].to_numpy() for name in status + dynamics}, index=index)
    pop = pd.Series(numbers[population].to_numpy(), index=index) if population else None
    return IndicatorTable(resolved[key], values, pop, path)


def _resolve_columns(header: list[str], key: str, status: list[str], dynamics: list[str], population: str | None,
                     path: Path, problems: Problems) -> dict[str, str]:
    """The column of each name given on the command line; raises DataError if one is missing, ambiguous, or
    under both --status and --dynamik."""
    wanted = {"--schluessel": [key], "--status": status, "--dynamik": dynamics,
              "--einwohner": [population] if population else []}
    resolved: dict[str, str] = {}
    for option, names in wanted.items():
        for name in names:
            column = _resolve(header, name)
            if column is None:
                problems.error(f"{option}: die Spalte „{name}“ fehlt oder ist nicht eindeutig; vorhanden sind: "
                               f"{', '.join(f'„{h}“' for h in header if h.strip())}.", path, column=name)
            else:
                resolved[name] = column
    if problems.has_errors():
        raise DataError("Die Eingabedatei passt nicht zu den Angaben.", problems.items)
    dynamics_columns = {resolved[d] for d in dynamics}
    for name in status:
        if resolved[name] in dynamics_columns:
            problems.error(f"Die Spalte „{resolved[name]}“ steht sowohl unter --status als auch unter --dynamik.",
                           path, column=resolved[name])
    if problems.has_errors():
        raise DataError("Eine Spalte kann nicht zugleich Stand und Veränderung sein.", problems.items)
    return resolved


def _resolve(header: list[str], name: str) -> str | None:
    """The header cell meaning ``name``: exact match, else the single match ignoring case and umlauts."""
    exact = [h for h in header if h.strip() == name.strip()]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    loose = [h for h in header if normalise_name(h) == normalise_name(name) and normalise_name(h)]
    return loose[0] if len(loose) == 1 else None
