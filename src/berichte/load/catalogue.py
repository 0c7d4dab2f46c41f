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

Kennzahlen of kind "Wert" (``art: wert``) are published rates, shares, scores, indices or amounts taken as
they are from one Merkmal (``merkmal:``, not summable), with a free-text unit ("je 1.000 Einwohnerinnen und
Einwohner", "EUR je Einwohnerin und Einwohner", "Indexwert"). They have no numerator and denominator, so no
significance test: a change is described ("höher/niedriger als"), never judged "bedeutsam". A parent
area has a value only when one is delivered. ``mit_obergebiet_vergleichbar: false`` says that the value of
the parent area is on another scale (e.g. a deprivation score normed per level): then there is no
comparison with the parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal
import re

from pydantic import Field, StrictBool, StrictStr

from ..problems import Problems
from .formula import Formula, FormulaText, parse_formula
from .merkmale import MerkmalDictionary
from .model import FileModel, validate
from .settings import Settings
from .yamlfiles import line_of, load_yaml

POLARITIES = {"hoch_unguenstig": "ungünstig", "hoch_guenstig": "günstig", "neutral": "neutral"}
UNIT_FACTORS = {"%": 100, "je 100": 100, "je 1.000": 1000, "je 10.000": 10000, "je 100.000": 100000}
COUNT_UNIT = "Anzahl"
# Units of Merkmale that count people or cases (case-insensitive); "Anzahl" is a count of unspecified things.
PERSON_OR_CASE_UNITS = {
    "personen", "person", "menschen", "einwohnerinnen und einwohner", "einwohner", "kinder", "jugendliche",
    "fälle", "fall", "haushalte", "bedarfsgemeinschaften", "familien", "verfahren", "hilfen", "geburten",
    "sterbefälle", "empfängerinnen und empfänger", "leistungsberechtigte", "arbeitslose", "beschäftigte",
    "schülerinnen und schüler", "zuzüge", "fortzüge", "anzahl",
}
AREA_UNITS = {"m²", "qm", "quadratmeter", "ha", "hektar", "km²", "quadratkilometer"}
MONEY_UNITS = {"eur", "euro", "€", "tsd. eur", "tsd. euro", "tausend euro", "mio. eur"}
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]  # .nan and .inf are refused with the line
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class ThemeEntry(FileModel):
    titel: StrictStr = Field(min_length=1, description="Überschrift des Kapitels.", examples=["Arbeitsmarkt"])
    beschreibung: StrictStr = Field("", description="Ein Satz, was das Thema umfasst (Einleitung des Kapitels).",
                                    examples=["Arbeitslosigkeit und Beschäftigung der Bevölkerung im erwerbsfähigen "
                                              "Alter."])


DIMENSIONLESS_UNITS = ("Index", "Indexwert", "Score", "Skalenwert")  # first word of the unit of a score


class KennzahlEntry(FileModel):
    """One Kennzahl in ``kennzahlen.yml``: ``zaehler / nenner × faktor`` (or a count)."""

    titel: StrictStr = Field(min_length=1, description="Vollständige Bezeichnung.",
                             examples=["Anteil der Kinder unter 6 Jahren"])
    kurztitel: StrictStr | None = Field(None, min_length=1, description="Kurze Bezeichnung für Tabellen und "
                                                                        "Grafiken. Voreinstellung: titel.",
                                        examples=["Kinder unter 6 Jahren"])
    thema: StrictStr = Field(description="ID des Themas (Kapitel) aus „themen“: in diesem Kapitel erscheint die "
                                         "Kennzahl.", examples=["bevoelkerung"])
    art: Literal["quote", "anzahl", "wert"] | None = Field(None, description=(
        "Art der Kennzahl: „wert“ für einen veröffentlichten Wert (Quote, Betrag, Score, Index) aus einem Merkmal "
        "(Feld merkmal) ohne Zähler und Nenner: ohne Zufallsprüfung, Veränderungen werden beschrieben, nicht "
        "beurteilt. Sonst ergibt sich die Art aus einheit und nenner."), examples=["wert"])
    merkmal: Id | None = Field(None, description=(
        "Nur bei art: wert: das Merkmal mit dem veröffentlichten Wert (summierbar: false)."),
        examples=["w_gisd"])
    mit_obergebiet_vergleichbar: StrictBool = Field(True, description=(
        "Nur bei art: wert: false, wenn der Wert des übergeordneten Gebiets eigens ermittelt wird und nicht "
        "vergleichbar ist (z. B. ein je Ebene normierter Index): dann kein Vergleich mit dem übergeordneten "
        "Gebiet."), examples=[False])
    zaehler: FormulaText | None = Field(None, description="Zähler: ein Merkmal oder eine Summe/Differenz von "
                                                          "Merkmalen (fehlt bei art: wert).",
                                        examples=["ew_u3 + ew_3_6"])
    nenner: FormulaText | None = Field(None, description="Nenner (fehlt bei einheit „Anzahl“).",
                                       examples=["ew_insgesamt"])
    faktor: Number | None = Field(None, gt=0, description="Faktor; Voreinstellung aus der Einheit (100 bei %, "
                                                          "1.000 bei „je 1.000“ …, sonst 1).", examples=[1000])
    einheit: StrictStr = Field(min_length=1, description=(
        "„%“ (Anteil; Veränderung in Prozentpunkten), „je 100“, „je 1.000“, „je 10.000“, „je 100.000“ (Rate), "
        "„Anzahl“ (ohne Nenner; Veränderung in %) oder ein eigener Text (z. B. „m² je Einwohner“). Steht in "
        "Tabellen und Texten hinter dem Wert; Einheiten von Indizes („Index…“, „Indexwert…“, „Score“, "
        "„Skalenwert“) nennen nur die Tabellen, Texte geben Veränderungen in Punkten an."), examples=["%"])
    polaritaet: Literal["hoch_unguenstig", "hoch_guenstig", "neutral"] = Field(
        description="Ist ein höherer Wert ungünstig, günstig oder keines von beiden? Nur mit Polarität heißt eine "
                    "Entwicklung in Texten „günstig“ oder „ungünstig“ und erscheint in den auffälligen "
                    "Entwicklungen.", examples=["hoch_unguenstig"])
    nachkommastellen: Annotated[int, Field(strict=True, ge=0, le=3)] = Field(
        description="Nachkommastellen in Tabellen und Texten (0 bis 3).", examples=[1])
    definition: StrictStr = Field(min_length=1, description="Definition in ganzen Sätzen (Anhang der Berichte).",
                                  examples=["Anteil der Einwohnerinnen und Einwohner unter 6 Jahren an allen "
                                            "Einwohnerinnen und Einwohnern in Prozent."])
    quelle: StrictStr = Field(min_length=1, description="Datenquelle(n), mit „;“ getrennt (Anhang, "
                                                        "Grafikunterschriften).", examples=["Einwohnermeldeamt"])
    schwelle: Number | None = Field(None, ge=0, description=(
        "Mindestgröße einer bedeutsamen Veränderung: in Prozentpunkten bei „%“, in der Einheit bei Raten, in % "
        "des Ausgangswerts bei Anzahlen (nicht bei art: wert). Kleinere Veränderungen heißen im Text „weitgehend "
        "unverändert“."),
        examples=[0.5])
    test: Literal["anteil", "poisson", "keiner"] | None = Field(None, description=(
        "Zufallsprüfung der Veränderung: anteil (Test zweier Anteile), poisson (Zählgrößen und Raten), keiner "
        "(nur beschreiben). Voreinstellung: anteil bei %, poisson bei Raten und Anzahlen – aber nur, wenn der "
        "Zähler Personen oder Fälle zählt (Einheit der Merkmale); sonst keiner. Nur getestete Veränderungen "
        "heißen „bedeutsam“; Flächen, Beträge und Dichten lassen keinen Test zu."), examples=["poisson"])
    bezug: StrictStr | None = Field(None, description=(
        "Worauf sich eine Rate bezieht, im Text nach der Einheit, z. B. „Einwohnerinnen und Einwohner unter 18 "
        "Jahren“. Voreinstellung: die Bezeichnung des Nenner-Merkmals."),
        examples=["Einwohnerinnen und Einwohner unter 18 Jahren"])
    kern: StrictBool = Field(False, description="Kernkennzahl: in Übersichten, „Auf einen Blick“ und der "
                                                "Grafik-Übersicht.", examples=[True])
    im_text: Annotated[str, Field(strict=True, pattern=r"^(der|die|das) \S")] | None = Field(
        None, description="Bezeichnung im Fließtext mit Artikel im Nominativ Singular, z. B. „die Zahl der "
                          "Arbeitslosen“. Voreinstellung: aus dem Titel gebildet.",
        examples=["der Anteil der Kinder unter 6 Jahren"])


class CatalogueFile(FileModel):
    """``data/kennzahlen.yml``: the themes (chapters) and every Kennzahl, declaratively."""

    model_config = FileModel.model_config | {"title": "kennzahlen.yml"}

    themen: dict[Id, ThemeEntry] = Field(min_length=1, description="Die Themen nach ID: je Thema ein Kapitel in "
                                                                   "Profil und Sozialbericht, in dieser Reihenfolge.")
    kennzahlen: dict[Id, KennzahlEntry] = Field(min_length=1, description="Die Kennzahlen nach ID (Kleinbuchstaben, "
                                                                         "Ziffern, _), in der Reihenfolge der "
                                                                         "Tabellen.")


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
    # "quote" (zaehler / nenner × faktor), "anzahl" (a count) or "wert" (a published value of one Merkmal)
    kind: str = ""
    comparable_with_parent: bool = True  # False: the parent's value is on another scale (no comparison)

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", "anzahl" if self.denominator is None else "quote")

    @property
    def is_count(self) -> bool:
        return self.kind == "anzahl"

    @property
    def is_value(self) -> bool:
        """A published value (rate, score, amount) taken as delivered: no test, no summing."""
        return self.kind == "wert"

    @property
    def tested(self) -> bool:
        """Whether a change is tested for significance (only then may it be called "bedeutsam")."""
        return self.test != "keiner"

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def dimensionless(self) -> bool:
        """A score or index (unit „Indexwert …“, „Score“ …): its value stands alone in running text, its change is
        counted in Punkte."""
        return self.unit.split(" ")[0] in DIMENSIONLESS_UNITS

    @property
    def tested(self) -> bool:
        """Whether a change is tested for significance (only then may it be called "bedeutsam")."""
        return self.test != "keiner"

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
    if not isinstance(raw, dict):
        problems.error("Der Kennzahlenkatalog braucht die Felder „themen:“ und „kennzahlen:“.", path)
        return None
    file = validate(CatalogueFile, raw, path, problems, where=_where)
    if file is None:
        return None
    catalogue = Catalogue(path=path)
    for theme_id, theme in file.themen.items():
        catalogue.themes[theme_id] = Theme(theme_id, theme.titel, theme.beschreibung)
    ok = True
    for kid, entry in file.kennzahlen.items():
        kennzahl = _kennzahl(kid, entry, raw["kennzahlen"][kid], catalogue, merkmale, path, problems)
        if kennzahl is None:
            ok = False
        else:
            catalogue.items[kid] = kennzahl
    return catalogue if ok else None


def _where(loc: tuple) -> str:
    if len(loc) >= 2 and loc[0] == "kennzahlen":
        return f"Kennzahl „{loc[1]}“"
    if len(loc) >= 2 and loc[0] == "themen":
        return f"Thema „{loc[1]}“"
    return "Kennzahlenkatalog"


def _kennzahl(kid: str, e: KennzahlEntry, raw: dict, catalogue: Catalogue, merkmale: MerkmalDictionary | None,
              path: Path, problems: Problems) -> Kennzahl | None:
    """The Kennzahl of one validated entry, after the checks that involve other fields and files."""
    before = len(problems.errors)

    def bad(message: str, key: str, value=None) -> None:
        problems.error(f"Kennzahl „{kid}“: {message}", path, row=line_of(raw, key), column=key,
                       value=raw.get(key) if value is None else value)

    if e.art == "wert":
        return _value_kennzahl(kid, e, raw, catalogue, merkmale, bad, before, path, problems)
    for key in ("merkmal", "mit_obergebiet_vergleichbar"):
        if key in raw:
            bad(f"{key} gibt es nur bei Kennzahlen mit art: wert.", key)
    for key in ("zaehler", "schwelle"):
        if key not in raw:
            problems.error(f"Kennzahl „{kid}“: das Feld „{key}“ fehlt.", path, row=line_of(raw), column=key)
    if e.zaehler is None or e.schwelle is None:
        return None
    if merkmale is not None:
        for key, formula in (("zaehler", e.zaehler), ("nenner", e.nenner)):
            for ref in formula.merkmale if formula is not None else ():
                if ref not in merkmale:
                    bad(f"{key} nennt das unbekannte Merkmal „{ref}“.", key, ref)
    if e.thema not in catalogue.themes:
        bad(f"unbekanntes Thema; bekannt sind: {', '.join(catalogue.themes)}.", "thema")
    unit = e.einheit
    is_count = unit == COUNT_UNIT
    factor = _factor(e, bad)
    if e.nenner is not None and _net_terms(e.zaehler, merkmale) == _net_terms(e.nenner, merkmale):
        # An error, not a warning: the value would be the same in every area and year (zaehler / nenner = 1),
        # a number without information that would be published as if it were one; almost always a slip.
        same = "dasselbe Merkmal" if e.zaehler.text == e.nenner.text else "dieselbe Summe von Merkmalen"
        bad(f"zaehler („{e.zaehler.text}“) und nenner („{e.nenner.text}“) sind {same}; die Kennzahl hätte in jedem "
            "Gebiet und Jahr denselben Wert. Vermutlich ist im zaehler oder nenner ein anderes Merkmal gemeint.",
            "nenner", e.nenner.text)
    test, people = _test(e, unit, is_count, merkmale, bad)
    if len(problems.errors) > before:
        return None
    if e.test not in (None, "keiner") and people is False:
        problems.warning(f"Kennzahl „{kid}“: test „{test}“ bei einem Zähler, der keine Personen oder Fälle zählt "
                         f"(Einheit {', '.join(sorted(_units(e.zaehler, merkmale)))}); „bedeutsam“ heißt dann nur, "
                         "dass sich der Wert mehr verändert hat, als der Zufall erwarten ließe.", path,
                         row=line_of(raw, "test"), column="test", value=test)
    if e.im_text and re.match(r"^die (Zahl|Anzahl) der ", e.im_text.strip()) and not is_count:
        problems.warning(f"Kennzahl „{kid}“: im_text „{e.im_text.strip()}“ nennt eine Rate „Zahl der …“; im Text "
                         "liest sich eine Veränderung dann wie die einer Anzahl. Besser z. B. „die Quote der …“.",
                         path, row=line_of(raw, "im_text"), column="im_text", value=e.im_text)
    reference = e.bezug
    if reference is None and e.nenner is not None and merkmale is not None and e.nenner.is_single:
        reference = merkmale[e.nenner.merkmale[0]].label
    return Kennzahl(
        id=kid, title=e.titel.strip(), short_title=(e.kurztitel or e.titel).strip(), theme=e.thema,
        numerator=e.zaehler, denominator=e.nenner, factor=float(factor), unit=unit, polarity=e.polaritaet,
        decimals=e.nachkommastellen, definition=" ".join(e.definition.split()), source=e.quelle.strip(),
        threshold=float(e.schwelle), test=test, reference=reference or "", key=e.kern, line=line_of(raw),
        in_text=" ".join((e.im_text or "").split()))


def _net_terms(formula: Formula, merkmale: MerkmalDictionary | None) -> dict[str, int]:
    """The formula as delivered Merkmale with their net signs (derived Merkmale expanded, terms that cancel
    dropped): two formulas with the same net terms always have the same value."""
    net: dict[str, int] = {}
    pending = [(sign, name, 0) for sign, name in formula.terms]
    while pending:
        sign, name, depth = pending.pop()
        merkmal = merkmale.items.get(name) if merkmale is not None else None
        if merkmal is not None and merkmal.formula is not None and depth < 50:
            pending += [(sign * s, n, depth + 1) for s, n in merkmal.formula.terms]
        else:
            net[name] = net.get(name, 0) + sign
    return {name: sign for name, sign in net.items() if sign}


def _factor(e: KennzahlEntry, bad) -> float:
    """The factor of a computed Kennzahl (given, or from its unit); unit, factor, denominator and kind (art)
    must fit together, else reported via ``bad``."""
    unit = e.einheit
    is_count = unit == COUNT_UNIT
    factor = e.faktor if e.faktor is not None else UNIT_FACTORS.get(unit, 1)
    if unit in UNIT_FACTORS and factor != UNIT_FACTORS[unit]:
        bad(f"faktor passt nicht zur einheit „{unit}“ (erwartet {UNIT_FACTORS[unit]}).", "faktor")
    if is_count and e.nenner is not None:
        bad("eine Kennzahl mit der einheit „Anzahl“ hat keinen nenner.", "nenner")
    if not is_count and e.nenner is None:
        bad(f"einheit „{unit}“ braucht einen nenner (oder einheit: Anzahl, oder art: wert für einen "
            "veröffentlichten Wert).", "einheit")
    if e.art == "anzahl" and not is_count:
        bad("art „anzahl“ braucht einheit: Anzahl.", "art")
    elif e.art == "quote" and e.nenner is None:
        bad("art „quote“ braucht einen nenner.", "art")
    return factor


def _test(e: KennzahlEntry, unit: str, is_count: bool, merkmale: MerkmalDictionary | None,
          bad) -> tuple[str, bool | None]:
    """The significance test of a computed Kennzahl: the one given, else the default for its unit ("keiner"
    where the numerator does not count people or cases); a test that does not fit is reported via ``bad``.
    Also returns whether the numerator counts people or cases (None: unknown)."""
    default_test = "anteil" if unit == "%" else ("poisson" if is_count or unit in UNIT_FACTORS else "keiner")
    people = counts_people(e.zaehler, e.nenner, unit, merkmale)
    if people is False:
        default_test = "keiner"
    test = e.test or default_test
    why = untestable(e.zaehler, e.nenner, unit, merkmale)
    if e.test not in (None, "keiner") and why:
        bad(f"test „{test}“ prüft Zählwerte von Personen oder Fällen auf Zufall; Flächen, Beträge und Dichten "
            f"sind keine solchen Zählwerte ({why}). Lassen Sie test weg oder setzen Sie test: keiner.", "test")
    elif test == "anteil" and unit != "%":
        bad("test „anteil“ gilt nur für Anteile in %.", "test")
    elif test == "poisson" and not (is_count or unit in UNIT_FACTORS):
        bad("test „poisson“ braucht eine Zählgröße oder eine Rate (%, je 100, je 1.000 …).", "test")
    return test, people


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
    """Why no significance test applies: an area or an amount in the numerator, or a density (an area in the
    denominator or the unit); "" if none of these."""
    words = set(re.split(r"[\s/]+", unit.lower()))
    numerator_units = {u.lower() for u in _units(numerator, merkmale)}
    if numerator_units & AREA_UNITS:
        return "Fläche im Zähler"
    if numerator_units & MONEY_UNITS or words & MONEY_UNITS:
        return "Betrag"
    if {u.lower() for u in _units(denominator, merkmale)} & AREA_UNITS or words & AREA_UNITS:
        return "Dichte oder Fläche"
    return ""


def _value_kennzahl(kid: str, e: KennzahlEntry, raw: dict, catalogue: Catalogue, merkmale, bad, before: int,
                    path: Path, problems: Problems) -> Kennzahl | None:
    """A Kennzahl of kind "Wert": the published value of one Merkmal with its own unit (no nenner, no test)."""
    for key in ("zaehler", "nenner", "faktor", "test"):
        if key in raw:
            bad(f"eine Kennzahl mit art: wert hat kein Feld „{key}“; der Wert steht im Merkmal (Feld merkmal).",
                key)
    if e.merkmal is None:
        problems.error(f"Kennzahl „{kid}“: art: wert braucht das Feld „merkmal“ mit dem veröffentlichten Wert.",
                       path, row=line_of(raw), column="merkmal")
    elif merkmale is not None:
        if e.merkmal not in merkmale:
            bad(f"merkmal nennt das unbekannte Merkmal „{e.merkmal}“.", "merkmal")
        elif merkmale[e.merkmal].additive:
            bad(f"das Merkmal „{e.merkmal}“ muss summierbar: false haben: ein veröffentlichter Wert (Quote, Score, "
                "Betrag je Einwohner) lässt sich nicht über Teilgebiete summieren.", "merkmal")
    if e.thema not in catalogue.themes:
        bad(f"unbekanntes Thema; bekannt sind: {', '.join(catalogue.themes)}.", "thema")
    if e.einheit.strip() == COUNT_UNIT:
        bad("ein veröffentlichter Wert ist keine Anzahl: einheit z. B. „%“, „je 1.000 Einwohnerinnen und "
            "Einwohner“, „EUR je Einwohnerin und Einwohner“ oder „Indexwert“.", "einheit")
    if len(problems.errors) > before:
        return None
    return Kennzahl(
        id=kid, title=e.titel.strip(), short_title=(e.kurztitel or e.titel).strip(), theme=e.thema,
        numerator=parse_formula(e.merkmal), denominator=None, factor=1.0, unit=e.einheit.strip(),
        polarity=e.polaritaet, decimals=e.nachkommastellen, definition=" ".join(e.definition.split()),
        source=e.quelle.strip(), threshold=float(e.schwelle or 0.0), test="keiner", reference=e.bezug or "",
        key=e.kern, line=line_of(raw), in_text=" ".join((e.im_text or "").split()), kind="wert",
        comparable_with_parent=e.mit_obergebiet_vergleichbar)
