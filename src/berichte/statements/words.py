"""German grammar for the statements: articles and cases of area levels, area names in sentences, how
running text names a Kennzahl, value and change phrases with their units, lists of names.

Everything here is about correctness (case, genus, singular/plural, units); the wording itself lives in
the templates.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from .. import formatting
from ..formatting import is_missing as missing
from ..load.catalogue import Kennzahl
from ..load.settings import Level
from .model import Citations, cite

# definite article by genus: nominative, genitive, dative
ARTICLES = {"m": ("der", "des", "dem"), "f": ("die", "der", "der"), "n": ("das", "des", "dem")}
PRONOUNS = {"m": "er", "f": "sie", "n": "es"}
ONE_DATIVE = {"m": "einem", "f": "einer", "n": "einem"}  # "in einer der 21 Kommunen", "in einem der 12 …"
NONE_DATIVE = {"m": "keinem", "f": "keiner", "n": "keinem"}
ONE_NOMINATIVE = {"m": "einer", "f": "eine", "n": "eines"}  # "eine der 21 Kommunen hat", "einer der … Sozialräume"
NONE_NOMINATIVE = {"m": "keiner", "f": "keine", "n": "keines"}
NUMBER_WORDS = ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
                "zwölf")
# abbreviations in units that running text writes out ("Einw. je km²" → "Einwohnerinnen und Einwohner je km²")
ABBREVIATIONS = {"Einw.": "Einwohnerinnen und Einwohner", "EW": "Einwohnerinnen und Einwohner",
                 "BG": "Bedarfsgemeinschaft", "HH": "Haushalt", "Pers.": "Personen"}


def number_word(n: int, one: str = "eins", citations: Citations | None = None, name: str = "anzahl") -> str:
    """Counts in running text: one to twelve as words ("acht"), larger numbers as digits (cited in
    ``citations`` under ``name`` when given); ``one`` is the form of 1 the sentence needs ("eine", "ein")."""
    n = int(n)
    if n == 1:
        return one
    if 0 <= n <= 12:
        return NUMBER_WORDS[n]
    return citations.integer(name, n) if citations is not None else formatting.count(n)


def written_out(unit: str) -> str:
    """A unit as running text writes it: abbreviations spelled out."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in unit.split(" "))


def capitalise(text: str) -> str:
    """First letter upper case ("die Kinderarmut" → "Die Kinderarmut"); the rest unchanged."""
    return text[:1].upper() + text[1:] if text else text


# plural nouns of units whose dative differs („bei 120 Einwohnerinnen und Einwohnern je km²“)
DATIVE_PLURAL = {"Einwohnerinnen und Einwohner": "Einwohnerinnen und Einwohnern", "Haushalte": "Haushalten",
                 "Privathaushalte": "Privathaushalten", "Plätze": "Plätzen", "Kinder": "Kindern", "Fälle": "Fällen",
                 "Sterbefälle": "Sterbefällen", "Schülerinnen und Schüler": "Schülerinnen und Schülern"}
_DATIVE = re.compile(r"^([−+-]?[\d.,]+ )(" + "|".join(sorted(map(re.escape, DATIVE_PLURAL), key=len, reverse=True))
                     + r")(?![\wäöüß])")


def dative(value: str) -> str:
    """A value with its unit after a preposition with the dative („bei“, „mit“): the plural noun right after the
    number in the dative („120 Einwohnerinnen und Einwohnern je km²“); „je 1.000 Einwohnerinnen und Einwohner“
    and units without such a noun stay as they are."""
    return _DATIVE.sub(lambda m: m.group(1) + DATIVE_PLURAL[m.group(2)], str(value), count=1)


def variant(*parts: object, n: int = 3) -> int:
    """A deterministic choice among ``n`` phrasings, fixed per statement (e.g. kind, Kennzahl, area)."""
    return zlib.crc32("|".join(str(p) for p in parts).encode("utf-8")) % n


def join(names: list[str] | tuple[str, ...], conjunction: str = "und") -> str:
    """["A"] → "A"; ["A", "B", "C"] → "A, B und C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def genitive_noun(noun: str, genus: str) -> str:
    """Genitive singular of a level noun: "Sozialraum" (m) → "Sozialraums", "Kreis" → "Kreises"."""
    if genus == "f":
        return noun
    return noun + ("es" if noun[-1:] in ("s", "ß", "x", "z") else "s")


def dative_plural(plural: str) -> str:
    """"Sozialräume" → "Sozialräumen"; "Kommunen", "Quartiers" stay."""
    return plural if plural.endswith(("n", "s")) else plural + "n"


# --- areas ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaWords:
    """An area in sentences. ``name`` "Falkenried"; ``nom`` the subject ("Falkenried", "der Sozialraum
    Altstadt", "die Region Seewalden"); ``im`` where ("in Falkenried", "im Sozialraum Altstadt", "in der
    Region Seewalden"); ``gen`` whose ("von Falkenried", "des Sozialraums Altstadt", "der Region
    Seewalden"); ``dat`` the dative after "mit", "zu" ("Falkenried", "dem Sozialraum Altstadt", "der Region
    Seewalden"); ``zu`` "zu Falkenried", "zum Sozialraum Altstadt", "zur Region Seewalden"; ``ebene`` the
    level noun with article ("die Kommune", "der Sozialraum")."""

    key: str
    name: str
    nom: str
    im: str
    gen: str
    ebene: str
    level: Level
    dat: str = ""
    zu: str = ""


def area_words(key: str, name: str, level: Level, depth: int) -> AreaWords:
    """Names keep their own words; areas below the second level get their level noun ("im Sozialraum
    Altstadt"), as does any name that already starts with it ("Region Seewalden" → "in der Region …")."""
    noun, genus = level.name, level.genus
    nom_art, gen_art, dat_art = ARTICLES.get(genus, ARTICLES["f"])
    ebene = f"{nom_art} {noun}"
    if name.startswith(noun + " ") or name == noun:
        full, rest = name, name[len(noun):]
    elif depth >= 2:
        full, rest = f"{noun} {name}", f" {name}"
    else:
        return AreaWords(key, name, name, f"in {name}", f"von {name}", ebene, level, name, f"zu {name}")
    im = f"in der {full}" if dat_art == "der" else f"im {full}"
    gen = f"{gen_art} {genitive_noun(noun, genus)}{rest}"
    zu = f"zur {full}" if dat_art == "der" else f"zum {full}"
    return AreaWords(key, name, f"{nom_art} {full}", im, gen, ebene, level, f"{dat_art} {full}", zu)


def group_words(level: Level, n: int, total: int, citations: Citations, name: str = "n",
                qualifier: str = "mit veröffentlichbarem Wert") -> dict:
    """The sibling group as "der 21 Kommunen" (genitive), "den 21 Kommunen" and "allen 21 Kommunen"
    (dative); when only ``n`` of ``total`` areas count, with a qualifier ("der 18 Kommunen mit
    veröffentlichbarem Wert")."""
    text = number_word(n) if n <= 12 else citations.integer(name, n)
    tail = f" {qualifier}" if n < total and qualifier else ""
    return {
        "gen": f"der {text} {level.plural}{tail}",
        "dat": f"den {text} {dative_plural(level.plural)}{tail}",
        "alle_dat": f"allen {text} {dative_plural(level.plural)}{tail}",
        "plural": level.plural,
        "plural_dat": dative_plural(level.plural),
        "einzahl": level.name,
        "n": text,
        "einer": ONE_DATIVE.get(level.genus, "einer"),
        "keiner": NONE_DATIVE.get(level.genus, "keiner"),
        "eine": ONE_NOMINATIVE.get(level.genus, "eine"),
        "keine": NONE_NOMINATIVE.get(level.genus, "keine"),
    }


# --- Kennzahlen -------------------------------------------------------------------------------------

_MASCULINE_HEADS = ("anteil", "quotient", "saldo", "bestand", "index", "wert", "betrag", "durchschnitt")
_FEMININE_HEADS = ("quote", "rate", "ziffer", "dichte", "größe", "fläche", "armut", "zahl", "dauer", "lage")
_NEUTER_HEADS = ("volumen", "niveau", "einkommen", "alter", "verhältnis")


def kennzahl_name(k: Kennzahl) -> str:
    """How running text names the Kennzahl: its ``im_text`` or, without one, a phrase built from the
    title ("Pflegequote" → "die Pflegequote", "Anteil der …" → "der Anteil der …"; a count of people
    "Arbeitslose" → "die Zahl der Arbeitslosen"), else "die Kennzahl „Titel“"."""
    if k.in_text:
        return k.in_text
    title = k.title.strip()
    head = title.split()[0] if title else ""
    if head[:1].isupper():
        lower = head.lower()
        for article, heads in (("der", _MASCULINE_HEADS), ("die", _FEMININE_HEADS), ("das", _NEUTER_HEADS)):
            if lower.endswith(heads):
                return f"{article} {title}"
        if k.is_count and _PLURAL_PEOPLE.search(head):
            # genitive plural: adjectival nouns take -n ("der Arbeitslosen"), the others stay ("der Einwohnerinnen")
            adjectival = re.search(r"(ige|ose|te|ene|lose)$", head)
            return f"die Zahl der {head + 'n' if adjectival else head}{title[len(head):]}"
    return f"die Kennzahl „{title}“"


# plural nouns for people that may follow "die Zahl der" (titles of counts)
_PLURAL_PEOPLE = re.compile(r"^(Einwohnerinnen|Einwohner|Kinder|Jugendliche|Personen|Haushalte|Bedarfsgemeinschaften|"
                            r"Familien|Arbeitslose|Beschäftigte|Leistungsberechtigte|Pflegebedürftige|"
                            r"Empfängerinnen|Schülerinnen|Geflüchtete|Betreute)$")


def name_genus(name: str) -> str:
    return {"der": "m", "die": "f", "das": "n"}.get(name.split(" ", 1)[0].lower(), "f")


def accusative(name: str) -> str:
    """A Kennzahl's name after "für": "der Arbeitslosenanteil" → "den Arbeitslosenanteil" (only masculine
    names change)."""
    return "den " + name[4:] if name.startswith("der ") else name


def totality(name: str) -> str:
    """"die Zahl der Arbeitslosen" → "aller Arbeitslosen" (for "6,5 % aller Arbeitslosen"); "" if the
    name is not of that form."""
    match = re.match(r"^die Zahl der (.+)$", name)
    return f"aller {match.group(1)}" if match else ""


def rate_suffix(k: Kennzahl) -> str:
    """What follows the number of a rate or a free unit: "je 1.000 Einwohnerinnen und Einwohner",
    "Einwohnerinnen und Einwohner je km²" (abbreviations written out); "" for shares (%) and counts."""
    if k.is_percent or k.is_count or k.dimensionless:
        return ""
    if k.unit.startswith("je ") and k.reference:
        return f"{k.unit} {k.reference}"
    return written_out(k.unit)


def value_text(k: Kennzahl, value: float, count_unit: str, citations: Citations, name: str,
               with_unit: bool = True) -> str:
    """A value as shown: "25,9 %", "2.737 Personen", "4,1 je 1.000 Einwohnerinnen und Einwohner".
    ``with_unit`` False gives the bare number for rates and counts (for "von 2,4 auf 4,1 je 1.000 …");
    shares keep their "%"."""
    if k.is_percent:
        return citations.add(name, cite("percent", value, k.decimals))
    if k.is_count:
        return citations.add(name, cite("count", value, 0, unit=count_unit if with_unit else ""))
    number = citations.add(name, cite("number", value, k.decimals))
    suffix = formatting.unit_for(value, rate_suffix(k), k.decimals)
    return f"{number} {suffix}" if with_unit and suffix else number


def change_text(k: Kennzahl, change: float, citations: Citations, name: str, signed: bool,
                with_unit: bool = True) -> str:
    """A shown change: "0,5 Prozentpunkte" / "+0,5 Prozentpunkte" for shares, "3,4 %" / "+3,4 %" for
    counts (relative), "1,7 je 1.000 Einwohnerinnen und Einwohner" for rates (unit left out with
    ``with_unit`` False, when the values that follow carry it)."""
    value = change if signed else abs(change)
    if k.is_percent:
        return citations.add(name, cite("points", value, k.decimals, sign=signed))
    if k.is_count:
        return citations.add(name, cite("percent", value, 1, sign=signed))
    number = citations.add(name, cite("number", value, k.decimals, sign=signed))
    suffix = formatting.unit_for(value, "Punkte" if k.dimensionless else rate_suffix(k), k.decimals)
    return f"{number} {suffix}" if with_unit and suffix else number






def shown(value: float, decimals: int) -> float:
    """The value as a reader sees it (rounded commercially); NaN stays NaN."""
    return value if missing(value) else formatting.rounded(value, decimals)


def sign(x: float) -> int:
    """+1, −1 or 0 (also for a missing value)."""
    return 0 if missing(x) or x == 0 else (1 if x > 0 else -1)


def spread_words(spread: float, citations: Citations) -> str:
    """"eine Standardabweichung" for 1, else "1,5 Standardabweichungen" (cited)."""
    if spread == 1:
        return "eine Standardabweichung"
    decimals = 0 if float(spread).is_integer() else (1 if round(spread, 1) == spread else 2)
    return citations.add("streuung", cite("number", spread, decimals)) + " Standardabweichungen"
