"""The project settings file (``data/projekt.yml``): area name, years, comparison period, levels, rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problems
from .readers import DEFAULT_SYMBOLS
from .reporting import TOP_KEYS as REPORTING_KEYS
from .reporting import Reporting, parse_reporting
from .yamlfiles import LineDict, check_keys, line_of, load_yaml

SETTINGS_FILE = "projekt.yml"


@dataclass(frozen=True)
class Level:
    """An area level (Ebene) such as Region, Kommune, Sozialraum; ``genus`` is m, f or n for the texts."""

    id: str
    name: str
    plural: str
    genus: str = "f"


@dataclass(frozen=True)
class Secrecy:
    """Geheimhaltung: counts below ``min_count`` (except 0) and rates on small counts are not published."""

    active: bool = True
    min_count: int = 3
    min_numerator: int = 3
    min_denominator: int = 100
    secondary: bool = True


@dataclass(frozen=True)
class Significance:
    level: float = 0.05  # test level for "bedeutsam"
    spread: float = 1.0  # "auffällig" beyond ± this many standard deviations of the sibling areas


@dataclass
class Settings:
    root: Path  # the project folder (holds data/)
    data_dir: Path
    title: str
    area_name: str
    publisher: str
    demo: bool
    first_year: int
    last_year: int
    report_year: int
    comparison_year: int
    reference_date: str
    levels: list[Level]
    files: dict
    secrecy: Secrecy = field(default_factory=Secrecy)
    significance: Significance = field(default_factory=Significance)
    symbols: dict = field(default_factory=lambda: dict(DEFAULT_SYMBOLS))
    sozialindex: dict = field(default_factory=dict)
    # datenstand, datenbrueche, profil.mindest_einwohner (see berichte.load.reporting)
    reporting: Reporting = field(default_factory=Reporting)

    @property
    def breaks(self):
        return self.reporting.breaks

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def level(self, level_id: str) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    @property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    def path(self, name: str) -> Path:
        return self.data_dir / self.files[name]


DEFAULT_FILES = {
    "gebiete": "gebiete.csv",
    "merkmale": "merkmale.yml",
    "kennzahlen": "kennzahlen.yml",
    "zahlen": ["zahlen"],
    "geometrien": "gebiete.geojson",
}

TOP_KEYS = {
    "titel", "gebiet", "herausgeber", "beispieldaten", "jahre", "berichtsjahr", "vergleichsjahr",
    "stichtag", "ebenen", "dateien", "geheimhaltung", "signifikanz", "symbole", "sozialindex",
} | REPORTING_KEYS  # datenstand, datenbrueche, profil (see berichte.load.reporting)
REQUIRED_TOP = {"gebiet", "jahre", "ebenen"}


def _int(value, path, problems, where, line, column) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.error(f"{where} muss eine ganze Zahl sein.", path, row=line, column=column, value=value)
        return None
    return value


def load_settings(root: Path, problems: Problems) -> Settings | None:
    """Read ``<root>/data/projekt.yml``; every problem is recorded, None if unusable."""
    root = Path(root)
    data_dir = root / "data"
    path = data_dir / SETTINGS_FILE
    if not data_dir.is_dir():
        problems.error(f"Der Datenordner „{data_dir}“ fehlt. Ist das der richtige Projektordner?")
        return None
    raw = load_yaml(path, problems)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.error("Die Projekteinstellungen müssen aus Feldern wie „gebiet:“ und „jahre:“ bestehen.", path)
        return None
    if not check_keys(raw, TOP_KEYS, REQUIRED_TOP, path, problems, "Projekteinstellungen"):
        return None
    ok = True

    years = raw["jahre"]
    first = last = None
    if isinstance(years, dict) and {"von", "bis"} <= set(years):
        first = _int(years["von"], path, problems, "jahre.von", line_of(years, "von"), "jahre.von")
        last = _int(years["bis"], path, problems, "jahre.bis", line_of(years, "bis"), "jahre.bis")
        if first is not None and last is not None and first > last:
            problems.error("jahre: „von“ liegt nach „bis“.", path, row=line_of(raw, "jahre"), column="jahre")
            first = None
    else:
        problems.error("jahre muss „von:“ und „bis:“ enthalten, z. B. jahre: {von: 2012, bis: 2023}.",
                       path, row=line_of(raw, "jahre"), column="jahre", value=years)
    if first is None or last is None:
        ok = False

    def year_setting(key: str, default: int | None) -> int | None:
        if key not in raw:
            return default
        value = _int(raw[key], path, problems, key, line_of(raw, key), key)
        if value is not None and first is not None and last is not None and not first <= value <= last:
            problems.error(f"{key} {value} liegt außerhalb der Jahre {first}–{last}.",
                           path, row=line_of(raw, key), column=key, value=value)
            return None
        return value

    report_year = year_setting("berichtsjahr", last)
    comparison_year = year_setting("vergleichsjahr", None if first is None else max(first, (last or first) - 5))
    if report_year is None or comparison_year is None:
        ok = False
    elif comparison_year >= report_year:
        problems.error("vergleichsjahr muss vor dem berichtsjahr liegen.", path,
                       row=line_of(raw, "vergleichsjahr"), column="vergleichsjahr", value=comparison_year)
        ok = False

    levels = _levels(raw["ebenen"], path, problems)
    if levels is None:
        ok = False

    files = dict(DEFAULT_FILES)
    if "dateien" in raw:
        given = raw["dateien"]
        if isinstance(given, dict) and check_keys(given, set(DEFAULT_FILES), set(), path, problems, "dateien"):
            files.update(given)
        else:
            ok = False
    if isinstance(files["zahlen"], str):
        files["zahlen"] = [files["zahlen"]]

    secrecy = _secrecy(raw.get("geheimhaltung"), path, problems)
    significance = _significance(raw.get("signifikanz"), path, problems)
    symbols = _symbols(raw.get("symbole"), path, problems)
    if secrecy is None or significance is None or symbols is None:
        ok = False

    demo = raw.get("beispieldaten", False)
    if not isinstance(demo, bool):
        problems.error("beispieldaten muss true oder false sein.", path,
                       row=line_of(raw, "beispieldaten"), column="beispieldaten", value=demo)
        ok = False
    for key in ("gebiet", "titel", "herausgeber", "stichtag"):
        if key in raw and not isinstance(raw[key], str):
            problems.error(f"{key} muss ein Text sein.", path, row=line_of(raw, key), column=key, value=raw[key])
            ok = False
    sozialindex = raw.get("sozialindex") or {}
    if not isinstance(sozialindex, dict):
        problems.error("sozialindex muss aus Feldern bestehen.", path, row=line_of(raw, "sozialindex"))
        ok = False
    reporting = parse_reporting(raw, path, problems, first, last)
    if reporting is None:
        ok = False
    if not ok:
        return None
    area_name = raw["gebiet"]
    return Settings(
        root=root,
        data_dir=data_dir,
        title=raw.get("titel", f"Sozialmonitoring {area_name}"),
        area_name=area_name,
        publisher=raw.get("herausgeber", area_name),
        demo=demo,
        first_year=first,
        last_year=last,
        report_year=report_year,
        comparison_year=comparison_year,
        reference_date=raw.get("stichtag", "31.12."),
        levels=levels,
        files=files,
        secrecy=secrecy,
        significance=significance,
        symbols=symbols,
        sozialindex=sozialindex,
        reporting=reporting,
    )


def _levels(raw, path: Path, problems: Problems) -> list[Level] | None:
    if not isinstance(raw, list) or not raw:
        problems.error("ebenen muss eine Liste der Gebietsebenen sein, die oberste zuerst.", path)
        return None
    levels = []
    seen = set()
    for entry in raw:
        if not isinstance(entry, dict):
            problems.error("Jede Ebene braucht die Felder id, name und mehrzahl.", path, value=entry)
            return None
        if not check_keys(entry, {"id", "name", "mehrzahl", "genus"}, {"id", "name", "mehrzahl"},
                          path, problems, "Ebene"):
            return None
        if entry["id"] in seen:
            problems.error(f"Die Ebene „{entry['id']}“ ist doppelt angegeben.", path, row=line_of(entry))
            return None
        genus = entry.get("genus", "f")
        if genus not in ("m", "f", "n"):
            problems.error("genus muss m, f oder n sein.", path, row=line_of(entry, "genus"), value=genus)
            return None
        seen.add(entry["id"])
        levels.append(Level(str(entry["id"]), str(entry["name"]), str(entry["mehrzahl"]), genus))
    return levels


def _number(mapping, key, default, path, problems, kind=float, low=None, high=None):
    if key not in mapping:
        return default
    value = mapping[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not float(value).is_integer()):
        problems.error(f"{key} muss eine {'ganze ' if kind is int else ''}Zahl sein.", path,
                       row=line_of(mapping, key), column=key, value=value)
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        problems.error(f"{key} muss zwischen {low} und {high} liegen.", path,
                       row=line_of(mapping, key), column=key, value=value)
        return None
    return kind(value)


def _secrecy(raw, path, problems) -> Secrecy | None:
    if raw is None:
        return Secrecy()
    if not isinstance(raw, dict) or not check_keys(
        raw, {"aktiv", "mindestanzahl", "zaehler_mindestens", "nenner_mindestens", "sekundaer"}, set(),
        path, problems, "geheimhaltung",
    ):
        return None
    values = {
        "active": raw.get("aktiv", True),
        "min_count": _number(raw, "mindestanzahl", 3, path, problems, int, 0, 1000),
        "min_numerator": _number(raw, "zaehler_mindestens", 3, path, problems, int, 0, 10**6),
        "min_denominator": _number(raw, "nenner_mindestens", 100, path, problems, int, 0, 10**9),
        "secondary": raw.get("sekundaer", True),
    }
    if any(v is None for v in values.values()):
        return None
    for key in ("aktiv", "sekundaer"):
        if key in raw and not isinstance(raw[key], bool):
            problems.error(f"{key} muss true oder false sein.", path, row=line_of(raw, key), value=raw[key])
            return None
    return Secrecy(**values)


def _significance(raw, path, problems) -> Significance | None:
    if raw is None:
        return Significance()
    if not isinstance(raw, dict) or not check_keys(raw, {"niveau", "streuung"}, set(), path, problems, "signifikanz"):
        return None
    level = _number(raw, "niveau", 0.05, path, problems, float, 0.0001, 0.5)
    spread = _number(raw, "streuung", 1.0, path, problems, float, 0.1, 5)
    if level is None or spread is None:
        return None
    return Significance(level, spread)


def _symbols(raw, path, problems) -> dict | None:
    symbols = dict(DEFAULT_SYMBOLS)
    if raw is None:
        return symbols
    if not isinstance(raw, dict):
        problems.error("symbole muss Zeichen auf „fehlt“ oder eine Zahl abbilden, z. B. symbole: {\"-\": fehlt}.", path)
        return None
    for symbol, meaning in raw.items():
        reason = symbols.get(str(symbol), (None, f"Zeichen „{symbol}“"))[1]
        if meaning == "fehlt" or meaning is None:
            symbols[str(symbol)] = (None, reason)
        elif isinstance(meaning, (int, float)) and not isinstance(meaning, bool):
            symbols[str(symbol)] = (float(meaning), reason)
        else:
            problems.error(f"symbole: „{symbol}“ muss auf „fehlt“ oder eine Zahl abgebildet werden.", path,
                           row=line_of(raw, symbol) if isinstance(raw, LineDict) else None, value=meaning)
            return None
    return symbols
