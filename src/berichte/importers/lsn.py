"""CSV files of LSN's "Integrationsmonitoring Niedersachsen" (Open-SDG layout).

Layout: ``Year, Gebietseinheit, [disaggregation columns …], [Units], GeoCode, Value`` (UTF-8 with BOM).
GeoCode is "K" + the official key: ``K030`` Niedersachsen, ``K031``–``K034`` the Statistische Regionen,
``K03241`` a Kreis, and for Region Hannover ``K03241001`` (Landeshauptstadt) and ``K03241999`` (Umland).
Keys are the GeoCode without the "K", as text with leading zeros.

Disaggregations (e.g. Nationalität, Geschlecht) are chosen with ``select``; a column not named there is
filtered to its total row "Insgesamt" (an error if there is none). ``Units`` defaults to "Anzahl" (an
error if the file holds only shares or rates, so that a percentage is never taken for a count).
Titles come from ``meta/global_indicators_de.yml`` and sources from ``meta/<indicator>.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..problems import Problems
from ..load.readers import locate_header, normalise_name, parse_numbers, read_raw
from ..load.yamlfiles import safe_load

TOTAL = "Insgesamt"
COUNT_UNIT = "Anzahl"
FIXED = {"year", "gebietseinheit", "geocode", "value", "units"}


@dataclass
class LsnIndicator:
    path: Path
    id: str  # "1-1-1"
    title: str
    data_source: str
    unit: str | None  # the chosen Units value; None when the file has no Units column
    selection: dict[str, str | None]
    data: pd.DataFrame  # key, name, year, value, note, row (+ columns kept with select={col: None})
    available: dict[str, list[str]] = field(default_factory=dict)  # disaggregation column → values
    left_out: pd.DataFrame | None = None  # rows without a usable GeoCode: name, year, value, row

    @property
    def number(self) -> str:
        return self.id.replace("-", ".")


def indicator_id(path: Path) -> str:
    match = re.search(r"indicator_(\d+(?:-\d+)+)", Path(path).stem)
    return match.group(1) if match else Path(path).stem


def _metadata(path: Path, ind_id: str) -> tuple[str, str]:
    """Title (global_indicators_de.yml) and data source (front matter of meta/<id>.md), if present."""
    meta = path.parent.parent / "meta"
    title = source = ""
    try:
        titles = safe_load((meta / "global_indicators_de.yml").read_text(encoding="utf-8-sig")) or {}
        title = str(titles.get(f"{ind_id}-title", "")).strip()
    except (OSError, yaml.YAMLError):
        pass
    try:
        text = (meta / f"{ind_id}.md").read_text(encoding="utf-8-sig")
        front = text.split("---")[1] if text.lstrip().startswith("---") else ""
        source = " ".join(str((safe_load(front) or {}).get("data_source", "")).split())
    except (OSError, IndexError, yaml.YAMLError, AttributeError):
        pass
    return title, source


def _choices(values) -> str:
    return ", ".join(f"„{v}“" for v in values)


def read_lsn(path: Path | str, problems: Problems, select: dict[str, str | None] | None = None,
             unit: str | None = None) -> LsnIndicator | None:
    """Read one indicator file; every problem names file, row, column and value. None if unusable."""
    path = Path(path)
    select = dict(select or {})
    n_errors = len(problems.errors)
    raw = read_raw(path, problems)
    if raw is None:
        return None
    table = locate_header(raw, {"geocode"}, problems, "„GeoCode“")
    if table is None:
        return None
    frame, header_row = table.frame, int(raw.rows[0])
    columns = {normalise_name(c): c for c in frame.columns if str(c).strip()}
    for needed in ("Year", "GeoCode", "Value"):
        if normalise_name(needed) not in columns:
            problems.error(f"Die Spalte „{needed}“ fehlt.", path, row=header_row)
    if len(problems.errors) > n_errors:
        return None
    col = {name: columns.get(name) for name in FIXED}
    disaggregations = [c for c in frame.columns if str(c).strip() and normalise_name(c) not in FIXED]
    available = {c: sorted(frame[c].str.strip().unique()) for c in disaggregations}
    mask, kept, chosen_unit = _selection(frame, col, available, select, unit, path, header_row, problems)
    if len(problems.errors) > n_errors:
        return None
    part = frame[mask]
    rows = pd.Series(table.rows, index=frame.index)[mask]
    names = part[col["gebietseinheit"]].str.strip() if col["gebietseinheit"] else pd.Series("", index=part.index)
    year = part[col["year"]].str.strip()
    code = _repair_codes(part[col["geocode"]].str.strip(), names, year, rows, path, problems)
    dropped = code.isna()
    left_out = pd.DataFrame({"name": names[dropped], "year": year[dropped],
                             "value": part.loc[dropped, col["value"]], "row": rows[dropped]})
    part, rows, names, year, code = part[~dropped], rows[~dropped], names[~dropped], year[~dropped], code[~dropped]
    parsed = parse_numbers(part[col["value"]], ".")
    bad_code = ~code.str.fullmatch(r"K\d+")
    bad_year = ~year.str.fullmatch(r"\d{4}")
    for bad, column, message in ((bad_code, col["geocode"], "Der GeoCode muss „K“ und Ziffern sein, z. B. „K03241“."),
                                 (bad_year, col["year"], "Das Jahr muss eine vierstellige Zahl sein."),
                                 (parsed.invalid, col["value"],
                                  "Keine Zahl und kein bekanntes Zeichen der amtlichen Statistik.")):
        for index in bad[bad].index:
            problems.error(message, path, row=int(rows[index]), column=column, value=part.at[index, column])
    if len(problems.errors) > n_errors:
        return None
    data = pd.DataFrame({
        "key": code.str[1:], "name": names,
        "year": year.astype(int), "value": parsed.values, "note": parsed.notes, "row": rows,
    })
    for column in kept:
        data[column] = part[column].str.strip()
    data = _drop_duplicates(data, ["key", "year", *kept], path, problems)
    if data is None:
        return None
    ind_id = indicator_id(path)
    title, source = _metadata(path, ind_id)
    return LsnIndicator(path, ind_id, title, source, chosen_unit, select, data.reset_index(drop=True), available,
                        left_out.reset_index(drop=True))


def _selection(frame: pd.DataFrame, col: dict, available: dict[str, list[str]], select: dict[str, str | None],
               unit: str | None, path: Path, header_row: int, problems: Problems):
    """The rows to take: in each disaggregation the chosen value ("Insgesamt" unless ``select`` says
    otherwise; None keeps the column), in the chosen unit (Anzahl unless ``unit``). Completes ``select``;
    returns the row mask, the kept columns and the unit."""
    disaggregations = list(available)
    for name in set(select) - set(disaggregations):
        problems.error(f"Die Spalte „{name}“ gibt es in dieser Datei nicht; Aufgliederungen: "
                       f"{_choices(disaggregations) or 'keine'}.", path, row=header_row)
    mask = pd.Series(True, index=frame.index)
    kept = []
    for column in disaggregations:
        wanted = select.get(column, TOTAL)
        if column in select and wanted is None:
            kept.append(column)
            continue
        if wanted not in available[column]:
            reason = "hat keinen Wert „Insgesamt“" if column not in select else f"hat keinen Wert „{wanted}“"
            problems.error(f"Die Spalte „{column}“ {reason}; bitte einen Wert wählen: "
                           f"{_choices(available[column])}.", path, row=header_row, column=column)
            continue
        select[column] = wanted
        mask &= frame[column].str.strip() == wanted
    chosen_unit = unit
    if col["units"] is not None:
        units = sorted(frame[col["units"]].str.strip().unique())
        chosen_unit = unit or (COUNT_UNIT if COUNT_UNIT in units else None)
        if chosen_unit not in units:
            problems.error(f"Die Datei enthält keine Werte der Einheit „{unit or COUNT_UNIT}“; vorhanden: "
                           f"{_choices(units)}. Anteile und Quoten werden nicht als Anzahl übernommen.",
                           path, row=header_row, column=col["units"])
        mask &= frame[col["units"]].str.strip() == chosen_unit
    return mask, kept, chosen_unit


def _repair_codes(codes: pd.Series, names: pd.Series, years: pd.Series, rows: pd.Series, path: Path,
                  problems: Problems) -> pd.Series:
    """Empty GeoCodes and Excel error values (e.g. "#NV"): the row gets the code its Gebietseinheit has
    elsewhere in the file, or is left out when there is none (an area without a key, such as a former
    Kreis); both are reported as warnings. Other malformed codes stay and are reported as errors later."""
    excel_error = codes.str.startswith("#") | (codes == "")
    if not excel_error.any():
        return codes
    valid = codes.str.fullmatch(r"K\d+")
    known = pd.DataFrame({"name": names[valid], "code": codes[valid]}).drop_duplicates()
    known = known[~known["name"].duplicated(keep=False)].set_index("name")["code"]
    codes = codes.copy()
    resolvable = excel_error & names.isin(known.index)
    if resolvable.any():
        codes[resolvable] = names[resolvable].map(known)
        pairs = sorted(set(zip(names[resolvable], codes[resolvable])))
        problems.warning(f"{int(resolvable.sum())} Zeilen haben keinen GeoCode (leer oder Excel-Fehlerwert wie "
                         "„#NV“) und wurden über die Gebietseinheit zugeordnet: "
                         + ", ".join(f"„{n}“ → {c}" for n, c in pairs) + ".",
                         path, row=int(rows[resolvable].iloc[0]), column="GeoCode")
    unresolved = excel_error & ~resolvable
    for name, group in rows[unresolved].groupby(names[unresolved], sort=False):
        problems.warning(f"„{name}“ hat keinen GeoCode (leer oder Excel-Fehlerwert) und kommt sonst in der Datei "
                         "nicht mit GeoCode vor; "
                         f"{len(group)} Zeilen (Jahre {', '.join(sorted(set(years[group.index])))}) werden nicht "
                         "übernommen.", path, row=int(group.iloc[0]), column="GeoCode", value=codes[group.index[0]])
    return codes.where(~unresolved, None)


def _drop_duplicates(data: pd.DataFrame, keys: list[str], path: Path, problems: Problems) -> pd.DataFrame | None:
    """Identical repeated rows are kept once (with a warning); contradicting ones are errors."""
    dup = data.duplicated(keys, keep=False)
    if not dup.any():
        return data
    ok = True
    repeated = 0
    for _, group in data[dup].groupby(keys, sort=False):
        first = group.iloc[0]
        same = group["value"].fillna(-1.0).nunique() == 1 and group["note"].nunique() == 1
        for row in group.iloc[1:].itertuples():
            if same:
                repeated += 1
            else:
                ok = False
                problems.error(f"Widersprüchliche Doppelangabe für {first['name'] or first['key']}, Jahr "
                               f"{first['year']}: schon in Zeile {int(first['row'])} mit anderem Wert.",
                               path, row=int(row.row), column="Value", value=row.value)
    if repeated:
        first_row = int(data[dup & data.duplicated(keys)]["row"].iloc[0])
        problems.warning(f"{repeated} Zeilen wiederholen frühere Zeilen mit gleichem Wert und werden nur einmal "
                         "übernommen.", path, row=first_row)
    return data.drop_duplicates(keys, keep="first") if ok else None
