"""The Kennzahlen catalogue (``data/kennzahlen.yml``): declarative definitions of every indicator.

Each Kennzahl is ``zaehler / nenner × faktor`` (or just ``zaehler`` for a count), where numerator and
denominator are Merkmale or signed sums of Merkmale. The unit decides how a change is expressed:

==========  ==================  ==========================  ===========================
einheit     faktor              change (absolute)           default significance test
==========  ==================  ==========================  ===========================
``%``       100                 Prozentpunkte               ``anteil`` (two proportions)
``je 100``  100                 in the unit                 ``poisson``
``je 1.000``  1000              in the unit                 ``poisson``
``Anzahl``  (no denominator)    in %, relative              ``poisson``
other text  any                 in the unit                 ``keiner`` (threshold only)
==========  ==================  ==========================  ===========================

``schwelle`` (significance threshold) is in the unit of the absolute change — Prozentpunkte for ``%``,
the unit for rates — and in % of the earlier value for counts.

A significance test (and with it the word "bedeutsam") only applies where the numerator counts people or
cases: the units of the numerator's Merkmale decide (:func:`counts_people`). Without such a numerator the
default test is ``keiner``, and ``berichte pruefen`` rejects a test on areas (m², ha, km²), amounts (EUR)
or densities (a denominator that is an area); a change of such a Kennzahl is described, never "bedeutsam".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .formula import Formula, FormulaError, parse_formula
from .merkmale import MerkmalDictionary
from ..problems import Problems
from .settings import Settings
from .yamlfiles import check_keys, line_of, load_yaml

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
IN_TEXT_RE = re.compile(r"^(der|die|das) \S")
POLARITIES = {"hoch_unguenstig": "ungünstig", "hoch_guenstig": "günstig", "neutral": "neutral"}
TESTS = {"anteil", "poisson", "keiner"}
FIELDS = {
    "titel", "kurztitel", "thema", "zaehler", "nenner", "faktor", "einheit", "polaritaet", "nachkommastellen",
    "definition", "quelle", "schwelle", "test", "bezug", "kern", "im_text",
}
REQUIRED = {"titel", "thema", "zaehler", "einheit", "polaritaet", "nachkommastellen", "definition", "quelle",
            "schwelle"}
# Units of Merkmale that count people or cases (case-insensitive); "Anzahl" is a count of unspecified things.
PERSON_OR_CASE_UNITS = {
    "personen", "person", "menschen", "einwohnerinnen und einwohner", "einwohner", "kinder", "jugendliche",
    "fälle", "fall", "haushalte", "bedarfsgemeinschaften", "familien", "verfahren", "hilfen", "geburten",
    "sterbefälle", "empfängerinnen und empfänger", "leistungsberechtigte", "arbeitslose", "beschäftigte",
    "schülerinnen und schüler", "zuzüge", "fortzüge", "anzahl",
}
AREA_UNITS = {"m²", "qm", "quadratmeter", "ha", "hektar", "km²", "quadratkilometer"}
MONEY_UNITS = {"eur", "euro", "€", "tsd. eur", "tsd. euro", "tausend euro", "mio. eur"}
UNIT_FACTORS = {"%": 100, "je 100": 100, "je 1.000": 1000, "je 10.000": 10000, "je 100.000": 100000}
COUNT_UNIT = "Anzahl"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Kennzahl:
    id: str
    title: str
    short_title: str
    theme: str
    numerator: Formula
    denominator: Formula | None
    factor: float
    unit: str
    polarity: str  # hoch_unguenstig | hoch_guenstig | neutral
    decimals: int
    definition: str
    source: str
    threshold: float
    test: str  # anteil | poisson | keiner
    reference: str  # what the rate refers to, e.g. "Einwohnerinnen und Einwohner unter 18 Jahren"
    key: bool = False  # a key indicator (Kernkennzahl): shown in overviews and small multiples
    line: int | None = None
    # How running text names the Kennzahl: a singular noun phrase in the nominative with its definite
    # article, e.g. "die Zahl der Arbeitslosen", "der natürliche Saldo" ("" = derived from the title).
    in_text: str = ""

    @property
    def is_count(self) -> bool:
        return self.denominator is None

    @property
    def tested(self) -> bool:
        """Whether a change is tested for significance (only then may it be called "bedeutsam")."""
        return self.test != "keiner"

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def change_unit(self) -> str:
        """The unit of the absolute change: Prozentpunkte for shares, % (relative) for counts."""
        if self.is_percent:
            return "Prozentpunkte"
        if self.is_count:
            return "%"
        return self.unit

    @property
    def merkmale(self) -> list[str]:
        result = list(self.numerator.merkmale)
        if self.denominator is not None:
            result += [m for m in self.denominator.merkmale if m not in result]
        return result


@dataclass
class Catalogue:
    themes: dict[str, Theme] = field(default_factory=dict)
    items: dict[str, Kennzahl] = field(default_factory=dict)
    path: Path | None = None

    def __iter__(self):
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, kennzahl_id: str) -> Kennzahl:
        return self.items[kennzahl_id]

    def __contains__(self, kennzahl_id: str) -> bool:
        return kennzahl_id in self.items

    def by_theme(self, theme_id: str) -> list[Kennzahl]:
        return [k for k in self.items.values() if k.theme == theme_id]


def load_catalogue(settings: Settings, merkmale: MerkmalDictionary | None, problems: Problems) -> Catalogue | None:
    path = settings.path("kennzahlen")
    raw = load_yaml(path, problems)
    if raw is None:
        return None
    if not isinstance(raw, dict) or not check_keys(raw, {"themen", "kennzahlen"}, {"themen", "kennzahlen"},
                                                   path, problems, "Kennzahlenkatalog"):
        return None
    catalogue = Catalogue(path=path)
    ok = True
    themes = raw["themen"]
    if not isinstance(themes, dict) or not themes:
        problems.error("themen muss je Thema einen Eintrag „id: {titel: …}“ enthalten.", path,
                       row=line_of(raw, "themen"))
        return None
    for theme_id, entry in themes.items():
        if not isinstance(entry, dict) or not check_keys(entry, {"titel", "beschreibung"}, {"titel"}, path,
                                                         problems, f"Thema „{theme_id}“"):
            ok = False
            continue
        catalogue.themes[str(theme_id)] = Theme(str(theme_id), str(entry["titel"]), str(entry.get("beschreibung", "")))
    entries = raw["kennzahlen"]
    if not isinstance(entries, dict) or not entries:
        problems.error("kennzahlen muss je Kennzahl einen Eintrag „id: {titel: …}“ enthalten.", path,
                       row=line_of(raw, "kennzahlen"))
        return None
    for kid, entry in entries.items():
        kennzahl = _kennzahl(kid, entry, catalogue, merkmale, path, problems)
        if kennzahl is None:
            ok = False
        else:
            catalogue.items[kid] = kennzahl
    return catalogue if ok else None


def _kennzahl(kid, entry, catalogue: Catalogue, merkmale, path: Path, problems: Problems) -> Kennzahl | None:
    where = f"Kennzahl „{kid}“"
    line = None
    if not isinstance(kid, str) or not ID_RE.match(kid):
        problems.error(f"{where}: die ID darf nur Kleinbuchstaben, Ziffern und _ enthalten.", path, value=kid)
        return None
    if not isinstance(entry, dict):
        problems.error(f"{where}: erwartet werden Felder wie titel, thema, zaehler.", path)
        return None
    line = line_of(entry)
    if not check_keys(entry, FIELDS, REQUIRED, path, problems, where):
        return None
    ok = True

    def bad(message: str, key: str) -> None:
        nonlocal ok
        problems.error(f"{where}: {message}", path, row=line_of(entry, key), column=key, value=entry.get(key))
        ok = False

    formulas = {}
    for key in ("zaehler", "nenner"):
        if key not in entry:
            continue
        try:
            formulas[key] = parse_formula(entry[key])
        except FormulaError as exc:
            bad(str(exc), key)
            continue
        if merkmale is not None:
            for ref in formulas[key].merkmale:
                if ref not in merkmale:
                    problems.error(f"{where}: {key} nennt das unbekannte Merkmal „{ref}“.", path,
                                   row=line_of(entry, key), column=key, value=ref)
                    ok = False
    theme = entry["thema"]
    if theme not in catalogue.themes:
        bad(f"unbekanntes Thema; bekannt sind: {', '.join(catalogue.themes)}.", "thema")
    polarity = entry["polaritaet"]
    if polarity not in POLARITIES:
        bad(f"polaritaet muss {', '.join(POLARITIES)} sein.", "polaritaet")
    decimals = entry["nachkommastellen"]
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 3:
        bad("nachkommastellen muss 0, 1, 2 oder 3 sein.", "nachkommastellen")
    threshold = entry["schwelle"]
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0:
        bad("schwelle muss eine Zahl ≥ 0 sein.", "schwelle")
    unit = entry["einheit"]
    if not isinstance(unit, str) or not unit.strip():
        bad("einheit muss ein Text sein, z. B. „%“, „je 1.000“ oder „Anzahl“.", "einheit")
        unit = ""
    is_count = unit == COUNT_UNIT
    factor = entry.get("faktor", UNIT_FACTORS.get(unit, 1))
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 0:
        bad("faktor muss eine Zahl > 0 sein.", "faktor")
    elif unit in UNIT_FACTORS and factor != UNIT_FACTORS[unit]:
        bad(f"faktor passt nicht zur einheit „{unit}“ (erwartet {UNIT_FACTORS[unit]}).", "faktor")
    if is_count and "nenner" in entry:
        bad("eine Kennzahl mit der einheit „Anzahl“ hat keinen nenner.", "nenner")
    if not is_count and "nenner" not in entry and unit:
        bad(f"einheit „{unit}“ braucht einen nenner (oder einheit: Anzahl).", "einheit")
    default_test = "anteil" if unit == "%" else ("poisson" if is_count or unit in UNIT_FACTORS else "keiner")
    people = counts_people(formulas.get("zaehler"), formulas.get("nenner"), unit, merkmale)
    if people is False:
        default_test = "keiner"
    test = entry.get("test", default_test)
    if test not in TESTS:
        bad(f"test muss {', '.join(sorted(TESTS))} sein.", "test")
    elif test != "keiner" and "test" in entry and untestable(formulas.get("zaehler"), formulas.get("nenner"), unit,
                                                             merkmale):
        bad(f"test „{test}“ prüft Zählwerte von Personen oder Fällen auf Zufall; Flächen, Beträge und Dichten "
            f"sind keine solchen Zählwerte ({untestable(formulas.get('zaehler'), formulas.get('nenner'), unit, merkmale)}"
            "). Lassen Sie test weg oder setzen Sie test: keiner.", "test")
    elif test == "anteil" and unit != "%":
        bad("test „anteil“ gilt nur für Anteile in %.", "test")
    elif test == "poisson" and not (is_count or unit in UNIT_FACTORS):
        bad("test „poisson“ braucht eine Zählgröße oder eine Rate (%, je 100, je 1.000 …).", "test")
    for key in ("titel", "definition", "quelle"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            bad(f"{key} muss ein nicht leerer Text sein.", key)
    key_flag = entry.get("kern", False)
    if not isinstance(key_flag, bool):
        bad("kern muss true oder false sein.", "kern")
    in_text = entry.get("im_text", "")
    if not isinstance(in_text, str) or (in_text and not IN_TEXT_RE.match(in_text.strip())):
        bad("im_text muss mit „der“, „die“ oder „das“ beginnen, z. B. „die Zahl der Arbeitslosen“.", "im_text")
    if not ok:
        return None
    if test != "keiner" and "test" in entry and people is False:
        problems.warning(f"{where}: test „{test}“ bei einem Zähler, der keine Personen oder Fälle zählt (Einheit "
                         f"{', '.join(sorted(_units(formulas['zaehler'], merkmale)))}); „bedeutsam“ heißt dann nur, "
                         "dass sich der Wert mehr verändert hat, als der Zufall erwarten ließe.", path,
                         row=line_of(entry, "test"), column="test", value=test)
    if isinstance(in_text, str) and re.match(r"^die (Zahl|Anzahl) der ", in_text.strip()) and not is_count:
        problems.warning(f"{where}: im_text „{in_text.strip()}“ nennt eine Rate „Zahl der …“; im Text liest sich "
                         "eine Veränderung dann wie die einer Anzahl. Besser z. B. „die Quote der …“.", path,
                         row=line_of(entry, "im_text"), column="im_text", value=in_text)
    denominator = formulas.get("nenner")
    reference = entry.get("bezug")
    if reference is None and denominator is not None and merkmale is not None and denominator.is_single:
        reference = merkmale[denominator.merkmale[0]].label
    return Kennzahl(
        id=kid,
        title=entry["titel"].strip(),
        short_title=str(entry.get("kurztitel", entry["titel"])).strip(),
        theme=theme,
        numerator=formulas["zaehler"],
        denominator=denominator,
        factor=float(factor),
        unit=unit,
        polarity=polarity,
        decimals=decimals,
        definition=" ".join(entry["definition"].split()),
        source=entry["quelle"].strip(),
        threshold=float(threshold),
        test=test,
        reference=reference or "",
        key=key_flag,
        line=line,
        in_text=" ".join(in_text.split()) if isinstance(in_text, str) else "",
    )


def _units(formula: Formula | None, merkmale) -> set[str]:
    if formula is None or merkmale is None:
        return set()
    return {merkmale[m].unit.strip() for m in formula.merkmale if m in merkmale}


def counts_people(numerator: Formula | None, denominator: Formula | None, unit: str, merkmale) -> bool | None:
    """Whether the numerator counts people or cases (and the Kennzahl is not a density): only then is a
    change tested for significance. None when the Merkmale are not known."""
    if numerator is None or merkmale is None or any(m not in merkmale for m in numerator.merkmale):
        return None
    if untestable(numerator, denominator, unit, merkmale):
        return False
    return all(u.lower() in PERSON_OR_CASE_UNITS for u in _units(numerator, merkmale))


def untestable(numerator: Formula | None, denominator: Formula | None, unit: str, merkmale) -> str:
    """Why no significance test applies: "Fläche", "Betrag" or "Dichte" ("" if none of these)."""
    words = set(re.split(r"[\s/]+", unit.lower()))
    if _units(numerator, merkmale) & {u for u in AREA_UNITS} or {u.lower() for u in _units(numerator, merkmale)} \
            & AREA_UNITS:
        return "Fläche im Zähler"
    if {u.lower() for u in _units(numerator, merkmale)} & MONEY_UNITS or words & MONEY_UNITS:
        return "Betrag"
    if {u.lower() for u in _units(denominator, merkmale)} & AREA_UNITS or words & AREA_UNITS:
        return "Dichte oder Fläche"
    return ""
