"""INKAR raw exports of the BBSR (``.xls``/``.xlsx`` with the sheets Daten, Metadaten, Quellangabe).

Sheet *Daten* is wide: a first header row names the indicator over each of its year columns
(``Kennziffer | Raumeinheit | Aggregat | Arbeitslose | Arbeitslose | …``), a second row holds the years.
An export may hold several indicators side by side. Keys are the official keys of the spatial level in
column *Aggregat*: Gemeinden 8 digits (AGS ``03241001``), Gemeindeverbände 9, Kreise 5, Länder 2.
Excel may store a key as a number and so lose its leading zeros; they are restored from the level.

Sheet *Metadaten* describes each indicator (Langname, Quelle, Berechnungsgrundlage, Anmerkungen), sheet
*Quellangabe* holds the citation. Only indicators whose Langname says "Zahl der …" are counts; shares,
rates and amounts per inhabitant are read too, but :func:`inkar_merkmale` refuses to make them Merkmale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..problems import Problems
from ..load.readers import is_year, locate_header, normalise_name, parse_numbers, read_raw

KEY_DIGITS = {"gemeindeverbaende": 9, "gemeinden": 8, "kreise": 5, "bundeslaender": 2, "laender": 2}


@dataclass(frozen=True)
class InkarIndicator:
    name: str  # as in the Daten header, e.g. "Arbeitslose"
    long_name: str  # Langname, e.g. "Zahl der Arbeitslosen insgesamt"
    source: str  # Quelle
    formula: str  # Berechnungsgrundlage
    notes: str  # Anmerkungen

    @property
    def is_count(self) -> bool:
        return self.long_name.lower().startswith("zahl der")


@dataclass
class InkarExport:
    path: Path
    citation: str
    indicators: dict[str, InkarIndicator]
    data: pd.DataFrame  # key, name, aggregat, indicator, year, value, note, row, column

    @property
    def edition(self) -> str:
        """"INKAR, Ausgabe 2024" from the citation (or just "INKAR")."""
        match = re.search(r"INKAR\.?\s*Ausgabe\s*(\d{4})", self.citation)
        return f"INKAR, Ausgabe {match.group(1)}" if match else "INKAR"


def key_digits(aggregat: str) -> int | None:
    norm = normalise_name(aggregat)
    for prefix, digits in KEY_DIGITS.items():
        if norm.startswith(prefix):
            return digits
    return None


def restore_keys(keys: pd.Series, aggregat: pd.Series) -> pd.Series:
    """Pad numeric keys to the length of their level (Excel drops leading zeros of numeric cells)."""
    keys = keys.astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    digits = aggregat.map(key_digits)
    numeric = keys.str.fullmatch(r"\d+") & digits.notna()
    padded = [k.zfill(int(d)) for k, d in zip(keys[numeric], digits[numeric])]
    keys = keys.copy()
    keys[numeric] = padded
    return keys


def _header_row(frame: pd.DataFrame) -> int | None:
    for i in range(min(len(frame), 20)):
        if normalise_name(frame.iat[i, 0]) == "kennziffer":
            return i
    return None


def _read_data(path: Path, problems: Problems, prefix: str | None) -> pd.DataFrame | None:
    raw = read_raw(path, problems, sheet="Daten")
    if raw is None:
        return None
    frame = raw.frame
    top = _header_row(frame)
    if top is None or top + 1 >= len(frame):
        problems.error("Keine Kopfzeile mit „Kennziffer“ in der ersten Spalte gefunden (Blatt „Daten“).", path)
        return None
    names = [normalise_name(c) for c in frame.iloc[top]]
    required = {"kennziffer": 0, "raumeinheit": None, "aggregat": None}
    for column in ("raumeinheit", "aggregat"):
        if column not in names:
            problems.error(f"Die Spalte „{column.capitalize()}“ fehlt (Blatt „Daten“).", path, row=int(raw.rows[top]))
            return None
        required[column] = names.index(column)
    indicators = frame.iloc[top].replace("", np.nan).ffill()
    years = frame.iloc[top + 1]
    value_cols = [c for c in frame.columns if c not in required.values() and is_year(years[c])]
    if not value_cols:
        problems.error("In der zweiten Kopfzeile stehen keine Jahreszahlen (Blatt „Daten“).", path,
                       row=int(raw.rows[top + 1]))
        return None
    body = frame.iloc[top + 2:]
    rows = pd.Series(raw.rows[top + 2:], index=body.index)
    keys = restore_keys(body[required["kennziffer"]], body[required["aggregat"]])
    keep = keys != ""
    if prefix:
        keep &= keys.str.startswith(prefix)
    body, keys, rows = body[keep], keys[keep], rows[keep]
    pieces = []
    for col in value_cols:
        pieces.append(pd.DataFrame({
            "key": keys, "name": body[required["raumeinheit"]].str.strip(),
            "aggregat": body[required["aggregat"]].str.strip(), "indicator": str(indicators[col]).strip(),
            "year": int(str(years[col]).strip()[:4]), "cell": body[col], "row": rows,
            "column": f"{str(indicators[col]).strip()} {str(years[col]).strip()[:4]}",
        }))
    long = pd.concat(pieces, ignore_index=True)
    parsed = parse_numbers(long["cell"], ".")
    for row in long[parsed.invalid].itertuples():
        problems.error("Keine Zahl und kein bekanntes Zeichen der amtlichen Statistik.", path, row=int(row.row),
                       column=row.column, value=row.cell)
    long["value"], long["note"] = parsed.values, parsed.notes
    return long[~parsed.invalid].drop(columns="cell").reset_index(drop=True)


def _read_metadata(path: Path, problems: Problems) -> dict[str, InkarIndicator]:
    quiet = Problems()
    raw = read_raw(path, quiet, sheet="Metadaten")
    table = locate_header(raw, {"indikator"}, quiet, "„Indikator“") if raw is not None else None
    if table is None:
        problems.warning("Das Blatt „Metadaten“ fehlt oder ist unlesbar; Bezeichnungen und Quellen "
                         "der Indikatoren bleiben leer.", path)
        return {}
    columns = {normalise_name(c): c for c in table.frame.columns}

    def column(name: str) -> pd.Series:
        return table.frame[columns[name]].astype(str).str.strip() if name in columns else pd.Series(
            "", index=table.frame.index)

    result = {}
    for name, long_name, source, formula, notes in zip(column("indikator"), column("langname"),
                                                       column("quelle"), column("berechnungsgrundlage"),
                                                       column("anmerkungen")):
        if name:
            result[name] = InkarIndicator(name, long_name, source, formula, notes)
    return result


def _read_citation(path: Path) -> str:
    raw = read_raw(path, Problems(), sheet="Quellangabe")
    if raw is None:
        return ""
    cells = [str(c).strip() for c in raw.frame.to_numpy().ravel() if str(c).strip()]
    text = " ".join(cells).replace("\r\n", " ").replace("\n", " ")
    return re.sub(r"^Quelle \(Zitierhinweis\):\s*", "", text)


def read_inkar(path: Path | str, problems: Problems, prefix: str | None = None) -> InkarExport | None:
    """Read one INKAR export; ``prefix`` keeps only keys starting with it (e.g. ``"03241"``)."""
    path = Path(path)
    data = _read_data(path, problems, prefix)
    if data is None:
        return None
    indicators = _read_metadata(path, problems)
    for name in sorted(set(data["indicator"]) - set(indicators)):
        problems.warning(f"Der Indikator „{name}“ fehlt im Blatt „Metadaten“.", path)
        indicators[name] = InkarIndicator(name, "", "", "", "")
    return InkarExport(path, _read_citation(path), indicators, data)


def inkar_merkmale(export: InkarExport, ids: dict[str, str], problems: Problems,
                   units: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, dict]]:
    """Counts and Merkmal definitions for the chosen indicators (indicator name → Merkmal id).

    Indicators that are not counts (shares, rates, euros per inhabitant) are reported and left out.
    Returns the long counts (key, year, merkmal, value, note) and the Merkmal entries.
    """
    units = units or {}
    merkmale = {}
    chosen = []
    for name, merkmal_id in ids.items():
        indicator = export.indicators.get(name)
        if indicator is None or name not in set(export.data["indicator"]):
            problems.error(f"Der Indikator „{name}“ ist nicht in der Datei; vorhanden: "
                           + ", ".join(sorted(set(export.data["indicator"]))) + ".", export.path)
            continue
        if not indicator.is_count:
            problems.warning(f"Der Indikator „{name}“ ist keine Anzahl ({indicator.long_name}) und wird nicht "
                             "als Merkmal übernommen.", export.path)
            continue
        description = " ".join(p for p in (indicator.long_name + ".", indicator.notes) if p.strip(". "))
        entry = {
            "bezeichnung": name,
            "einheit": units.get(merkmal_id, "Anzahl"),
            "quelle": f"{export.edition} (BBSR Bonn); Grundlage: {indicator.source}".rstrip("; "),
        }
        if description:
            entry["beschreibung"] = description
        merkmale[merkmal_id] = entry
        chosen.append(name)
    data = export.data[export.data["indicator"].isin(chosen)]
    counts = pd.DataFrame({"key": data["key"], "year": data["year"], "merkmal": data["indicator"].map(ids),
                           "value": data["value"], "note": data["note"]})
    return counts.reset_index(drop=True), merkmale
