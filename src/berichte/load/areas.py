"""Areas (Gebiete) and their hierarchy: Region → Kommunen → Sozialräume, keyed by text keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..problems import Problems
from .readers import locate_header, normalise_name, read_raw, unique_columns
from .settings import Settings

# A Gebietsschlüssel becomes part of file names (``profil-<schlüssel>-<name>.pdf``): only ASCII letters, digits,
# "_" and "-", starting with a letter or digit, at most 64 characters. Official keys (AGS, ARS) are digits.
KEY_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
KEY_RULE = ("Ein Gebietsschlüssel besteht nur aus Ziffern, Buchstaben ohne Umlaute, „_“ und „-“, beginnt mit "
            "einer Ziffer oder einem Buchstaben und ist höchstens 64 Zeichen lang.")


def valid_key(key: str) -> bool:
    """Is ``key`` a valid Gebietsschlüssel (:data:`KEY_PATTERN`)? Keys become parts of file names."""
    return isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None


COLUMNS = {
    "key": {"schluessel", "ags", "gebietsschluessel", "kennziffer", "id"},
    "name": {"name", "gebiet", "gebietsname", "bezeichnung"},
    "level": {"ebene"},
    "parent": {"uebergeordnet", "uebergeordnetesgebiet", "eltern", "parent"},
    "short": {"kurzname"},
}


@dataclass
class Areas:
    """All areas, indexed by key, in file order. Columns: name, short, level, parent, depth, row."""

    frame: pd.DataFrame
    level_ids: list[str]
    valid: bool = True  # False: the hierarchy has errors; keys are usable for checks, not for computing

    def __contains__(self, key: str) -> bool:
        return key in self.frame.index

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def keys(self) -> list[str]:
        return list(self.frame.index)

    def name(self, key: str) -> str:
        return self.frame.at[key, "name"]

    def level(self, key: str) -> str:
        return self.frame.at[key, "level"]

    def parent(self, key: str) -> str | None:
        parent = self.frame.at[key, "parent"]
        return parent or None

    def children(self, key: str) -> list[str]:
        return list(self.frame.index[self.frame["parent"] == key])

    def siblings(self, key: str) -> list[str]:
        """Areas with the same parent and level, the area itself included."""
        parent = self.parent(key)
        frame = self.frame
        mask = (frame["level"] == self.level(key)) & (frame["parent"] == (parent or ""))
        return list(frame.index[mask])

    def at_level(self, level_id: str) -> list[str]:
        return list(self.frame.index[self.frame["level"] == level_id])

    def ancestors(self, key: str) -> list[str]:
        result = []
        parent = self.parent(key)
        while parent:
            result.append(parent)
            parent = self.parent(parent)
        return result

    @property
    def root(self) -> str:
        return self.at_level(self.level_ids[0])[0]


def load_areas(settings: Settings, problems: Problems) -> Areas | None:
    """Read ``data/gebiete.csv``: every area with key, name, level and parent; every problem recorded."""
    path = settings.path("gebiete")
    read = _read_table(path, problems)
    if read is None:
        return None
    frame, columns = read
    level_ids = settings.level_ids
    ok = _check_rows(frame, columns, level_ids, path, problems)
    # astype(bool): on a list with only the header the mask is empty and of dtype object, which pandas would
    # take for a selection of columns
    frame = frame[(frame["key"].map(valid_key).astype(bool) & ~frame["key"].duplicated(keep="first")
                   & frame["level"].isin(level_ids))]
    frame = frame.set_index("key", drop=True)
    frame["depth"] = frame["level"].map({lvl: i for i, lvl in enumerate(level_ids)})
    ok &= _check_parents(frame, columns, level_ids, path, problems)
    ok &= _check_cycles(frame, columns, path, problems)
    roots = frame.index[frame["depth"] == 0]
    if frame.empty:
        problems.error(f"Die Gebietsliste enthält noch keine Gebiete. Tragen Sie unter der Kopfzeile das Gebiet der "
                       f"obersten Ebene „{level_ids[0]}“ (ohne übergeordnetes Gebiet) und die Gebiete darunter ein.",
                       path)
        ok = False
    elif len(roots) != 1:
        problems.error(
            f"Es muss genau ein Gebiet der obersten Ebene „{level_ids[0]}“ geben, gefunden: {len(roots)}.", path)
        ok = False
    else:
        _name_from_settings(frame, roots[0], settings, path, problems, columns["name"])
    areas = Areas(frame, level_ids)
    areas.valid = ok
    return areas


def _read_table(path: Path, problems: Problems) -> tuple[pd.DataFrame, dict[str, str]] | None:
    """The area table with columns key, name, level, parent, short, row; and the file's column names."""
    raw = read_raw(path, problems)
    if raw is None:
        return None
    table = locate_header(raw, COLUMNS["key"], problems, "„schluessel“")
    if table is None:
        return None
    known = set().union(*COLUMNS.values())
    if not unique_columns(table, lambda name: normalise_name(name) in known, problems):
        return None
    mapping = {}
    for column in table.frame.columns:
        norm = normalise_name(column)
        for field, aliases in COLUMNS.items():
            if norm in aliases and field not in mapping:
                mapping[field] = column
    missing = [f for f in ("key", "name", "level", "parent") if f not in mapping]
    labels = {"key": "schluessel", "name": "name", "level": "ebene", "parent": "uebergeordnet"}
    if missing:
        problems.error(
            "Es fehlen die Spalten " + ", ".join(f"„{labels[m]}“" for m in missing) + ".",
            path, row=int(table.rows[0]) - 1 if len(table.rows) else None,
        )
        return None
    frame = pd.DataFrame(
        {
            "key": table.frame[mapping["key"]].astype(str).str.strip(),
            "name": table.frame[mapping["name"]].astype(str).str.strip(),
            "level": table.frame[mapping["level"]].astype(str).str.strip().str.lower(),
            "parent": table.frame[mapping["parent"]].astype(str).str.strip(),
            "short": table.frame[mapping["short"]].astype(str).str.strip() if "short" in mapping else "",
            "row": table.rows,
        }
    )
    frame["short"] = frame["short"].where(frame["short"] != "", frame["name"])
    return frame, mapping


def _check_rows(frame: pd.DataFrame, columns: dict[str, str], level_ids: list[str], path: Path,
                problems: Problems) -> bool:
    """Each row on its own: a key, a name, a unique key, a known level."""
    before = len(problems.errors)
    for row in frame[frame["key"] == ""].itertuples():
        problems.error("Der Gebietsschlüssel fehlt.", path, row=row.row, column=columns["key"])
    for row in frame[(frame["key"] != "") & ~frame["key"].map(valid_key).astype(bool)].itertuples():
        problems.error(f"Ungültiger Gebietsschlüssel. {KEY_RULE}", path, row=row.row, column=columns["key"],
                       value=row.key)
    for row in frame[frame["name"] == ""].itertuples():
        problems.error("Der Gebietsname fehlt.", path, row=row.row, column=columns["name"], value=row.key)
    duplicated = frame[frame["key"].duplicated(keep="first") & (frame["key"] != "")]
    for row in duplicated.itertuples():
        first = frame.loc[frame["key"] == row.key, "row"].iloc[0]
        problems.error(f"Der Gebietsschlüssel ist doppelt (zuerst in Zeile {first}).",
                       path, row=row.row, column=columns["key"], value=row.key)
    for row in frame[~frame["level"].isin(level_ids)].itertuples():
        problems.error(f"Unbekannte Ebene; erlaubt sind: {', '.join(level_ids)} (siehe projekt.yml).",
                       path, row=row.row, column=columns["level"], value=row.level)
    return len(problems.errors) == before


def _check_parents(frame: pd.DataFrame, columns: dict[str, str], level_ids: list[str], path: Path,
                   problems: Problems) -> bool:
    """Every area below the top has a known parent one level up; the top has none."""
    before = len(problems.errors)
    column = columns["parent"]
    for key, row in frame.iterrows():
        parent = row["parent"]
        if row["depth"] == 0:
            if parent:
                problems.error(f"Ein Gebiet der obersten Ebene „{level_ids[0]}“ hat kein übergeordnetes Gebiet.",
                               path, row=row["row"], column=column, value=parent)
            continue
        if not parent:
            problems.error("Das übergeordnete Gebiet fehlt.", path, row=row["row"], column=column, value=key)
        elif parent not in frame.index:
            hint = _leading_zero_hint(parent, frame.index)
            problems.error("Das übergeordnete Gebiet ist unbekannt." + hint, path, row=row["row"], column=column,
                           value=parent)
        elif frame.at[parent, "depth"] != row["depth"] - 1:
            problems.error(
                f"Das übergeordnete Gebiet liegt auf der Ebene „{frame.at[parent, 'level']}“, erwartet wird "
                f"„{level_ids[row['depth'] - 1]}“.", path, row=row["row"], column=column, value=parent)
    return len(problems.errors) == before


def _check_cycles(frame: pd.DataFrame, columns: dict[str, str], path: Path, problems: Problems) -> bool:
    """No area above itself (A above B above A); each cycle reported once, naming its members."""
    reported: set[str] = set()
    for key in frame.index:
        chain = [key]
        parent = frame.at[key, "parent"]
        while parent and parent in frame.index and parent not in chain:
            chain.append(parent)
            parent = frame.at[parent, "parent"]
        if parent and parent in chain:
            cycle = chain[chain.index(parent):]
            if not reported & set(cycle):
                reported |= set(cycle)
                problems.error("Die Gebietshierarchie enthält einen Kreis: " + " → ".join(cycle + [parent]) + ".",
                               path, row=int(frame.at[parent, "row"]), column=columns["parent"],
                               value=frame.at[parent, "parent"])
    return not reported


def _name_from_settings(frame: pd.DataFrame, root: str, settings: Settings, path, problems: Problems,
                        column: str) -> None:
    """The whole area's name comes from projekt.yml (``gebiet``); a different name in the area list is
    reported and replaced, so that covers, headers and texts never show two names for one area."""
    wanted = (settings.area_name or "").strip()
    if not wanted or wanted in (frame.at[root, "name"], frame.at[root, "short"]):
        return
    problems.warning(f"Das oberste Gebiet heißt hier „{frame.at[root, 'name']}“, in data/projekt.yml (Feld "
                     f"„gebiet“) aber „{wanted}“. Die Berichte verwenden „{wanted}“ aus projekt.yml; bitte den "
                     "Namen hier angleichen.", path, row=int(frame.at[root, "row"]), column=column, value=root)
    frame.at[root, "name"] = wanted
    frame.at[root, "short"] = wanted


def _leading_zero_hint(key: str, known) -> str:
    """A hint when a key matches a known key except for lost leading zeros (typical after Excel)."""
    stripped = key.lstrip("0")
    for candidate in known:
        if candidate != key and candidate.lstrip("0") == stripped and len(candidate) > len(key):
            return f" Die führende Null fehlt vermutlich (gemeint ist „{candidate}“?)."
    return ""


def key_hint(key: str, known_keys) -> str:
    return _leading_zero_hint(key, known_keys)
