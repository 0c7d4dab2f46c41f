"""Nothing disappears silently: why a chapter or chart is left out of a report, and how to get it back.

The documents say it in one sentence where the part would be (:meth:`Omission.sentence`); ``berichte build``
and ``berichte pruefen`` print a warning that names the cause, which reports it affects and the fix
(:func:`omissions`). Both come from the same functions here, so the reader and the planner hear the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formatting import count
from ..statements.words import number_word
from .figures import AGE_GROUPS


@dataclass(frozen=True)
class Reason:
    cause: str  # German, a clause without the final period, for the planner (may name files and fields)
    fix: str  # German, one or two sentences: what the planner can do
    reader: str = ""  # the same cause for a report's reader (no file names); default: ``cause``

    @property
    def for_reader(self) -> str:
        return self.reader or self.cause


@dataclass(frozen=True)
class Omission:
    part: str  # "Das Kapitel „Sozialindex“", "Karten", …
    where: str  # "im Sozialbericht 2023", "in 12 Profilen 2023 (z. B. Adorf, Bedorf)"
    reason: Reason
    plural: bool = False  # "Die Karten fehlen"

    def warning(self) -> str:
        verb = "fehlen" if self.plural else "fehlt"
        return f"{self.part} {verb} {self.where}: {self.reason.cause}. {self.reason.fix}"


def sentence(part: str, reason: Reason, verb: str = "entfällt") -> str:
    """The sentence a report shows instead of the part: "Der Sozialindex entfällt in diesem Bericht: …"."""
    return f"{part} {verb} in diesem Bericht: {reason.for_reader}."


# --- the Sozialindex ------------------------------------------------------------------------------------------
def sozialindex_reason(results, year: int, level: str) -> Reason | None:
    """Why the index of ``level`` is missing in ``year`` (None if it is there or not configured at all)."""
    config = results.project.sozialindex
    if config is None or results.sozialindex(year, level) is not None:
        return None
    settings = results.settings
    level_plural = settings.level(level).plural
    none = {"m": "keinen", "n": "keines"}.get(settings.level(level).genus, "keine")
    if year not in results.sozialindex_years():
        start = year - config.years
        return Reason(f"die Dynamik über {config.years} Jahre braucht Werte von {start}, die Daten beginnen "
                      f"{settings.first_year}",
                      f"Ältere Daten liefern und jahre.von in data/projekt.yml auf {start} setzen oder "
                      "sozialindex.jahre_dynamik verkleinern.",
                      f"für die Entwicklung über {config.years} Jahre fehlen die Daten von {start}")
    note = results.sozialindex_note(year, level)
    population = config.population_merkmal
    if config.min_population and population:
        values = results.project.table.values[population].xs(year, level="year")
        keys = results.project.areas.at_level(level)
        if values.reindex(keys).isna().all():
            return Reason(f"das Merkmal „{population}“ (Einwohnerzahl für die Mindestgröße der bewerteten "
                          f"Gebiete) hat {year} für {none} der {level_plural} einen Wert",
                          f"Die Einwohnerzahlen {year} liefern (Merkmal „{population}“) oder in data/projekt.yml "
                          "unter sozialindex „mindest_einwohner: 0“ setzen.",
                          f"für {year} liegen keine Einwohnerzahlen der {level_plural} vor; ohne sie lässt sich "
                          "nicht prüfen, welche Gebiete groß genug für eine Bewertung sind")
    detail = note.rstrip(".") if note else f"für {year} sind nicht genug {level_plural} bewertbar"
    first = note.split(";")[0].split(". ")[0].rstrip(".") if note else detail
    return Reason(detail, "Die fehlenden Werte liefern (berichte pruefen nennt fehlende Jahre) oder den "
                          "Abschnitt sozialindex in data/projekt.yml anpassen (status, dynamik, mindest_einwohner).",
                  first[:1].lower() + first[1:])


# --- theme chapters -------------------------------------------------------------------------------------------
def _theme_merkmale(results, theme: str) -> list[str]:
    catalogue = results.project.catalogue
    found: list[str] = []
    for k in catalogue.by_theme(theme):
        for formula in (k.numerator, k.denominator):
            if formula is not None:
                found += [m for m in formula.merkmale if m not in found]
    return found


def _sources(results, merkmale: list[str]) -> str:
    dictionary = results.project.merkmale
    sources = []
    for m in merkmale:
        if m in dictionary and dictionary[m].source not in sources:
            sources.append(dictionary[m].source)
    return ", ".join(sources)


def theme_reason(results, theme: str, key: str | None = None) -> Reason | None:
    """Why a theme chapter has no Kennzahl to show: for one area (``key``) or for every area (None)."""
    catalogue = results.project.catalogue
    ids = [k.id for k in catalogue.by_theme(theme)]
    if not ids:
        return None
    values = results.indicators.values[ids]
    if key is not None:
        values = values.xs(key, level="key")
    if values.notna().any().any():
        return None
    merkmale = _theme_merkmale(results, theme)
    title = catalogue.themes[theme].title
    where = "" if key is None else f" für {results.project.areas.frame.at[key, 'short']}"
    sources = _sources(results, merkmale)
    none = (f"zur einzigen Kennzahl des Themas „{title}“ liegen{where} keine Werte vor" if len(ids) == 1 else
            f"zu keiner der {number_word(len(ids))} Kennzahlen des Themas „{title}“ liegen{where} Werte vor")
    listed = ", ".join(merkmale[:8]) + (" …" if len(merkmale) > 8 else "")
    return Reason(none,
                  (f"Das Merkmal {listed} liefern" if len(merkmale) == 1 else f"Die Merkmale {listed} liefern")
                  + (f" ({sources})" if sources else "")
                  + (" oder die Kennzahl des Themas" if len(ids) == 1 else " oder die Kennzahlen des Themas")
                  + " aus data/kennzahlen.yml löschen.",
                  f"zu den Kennzahlen dieses Themas liegen{where} keine Daten vor")


# --- charts ---------------------------------------------------------------------------------------------------
def maps_reason(results, keys: list[str]) -> Reason | None:
    """Why the maps of these areas are missing (None if every area has a shape)."""
    from ..load.geometry import load_geojson

    path = results.settings.path("geometrien")
    if not path.exists():
        return Reason(f"es sind keine Gebietsflächen hinterlegt (data/{path.name} fehlt)",
                      f"Die Flächen der Gebiete als GeoJSON mit der Eigenschaft „schluessel“ als data/{path.name} "
                      "ablegen.", "für die Gebiete sind keine Flächen hinterlegt")
    geometries = load_geojson(path)
    missing = [k for k in keys if k not in geometries]
    if not missing:
        return None
    names = ", ".join(str(results.project.areas.frame.at[k, "short"]) for k in missing[:3])
    return Reason(f"für {count(len(missing))} Gebiete fehlt die Fläche in data/{path.name} (z. B. {names})",
                  f"Die fehlenden Flächen mit ihrem „schluessel“ in data/{path.name} ergänzen.",
                  f"für {count(len(missing))} Gebiete (z. B. {names}) sind keine Flächen hinterlegt")


def age_reason(results) -> Reason | None:
    """Why the age-structure chart of the Bevölkerung chapter is missing (None if the Merkmale are there)."""
    wanted = list(AGE_GROUPS) + ["ew_insgesamt"]
    missing = [m for m in wanted if m not in results.project.merkmale]
    if not missing:
        return None
    return Reason(f"im Merkmalsverzeichnis fehlen die Altersgruppen {', '.join(missing)}",
                  "Die Altersgruppen wie im mitgelieferten merkmale.yml anlegen und liefern.",
                  "die Einwohnerzahlen nach Altersgruppen liegen nicht vor")


# --- everything left out of a build's reports, for the warnings of build and pruefen ------------------------------
def _areas_text(results, keys: list[str], year: int) -> str:
    short = results.project.areas.frame["short"]
    if len(keys) == 1:
        return f"im Profil {short[keys[0]]} {year}"
    examples = ", ".join(str(short[k]) for k in keys[:3])
    return f"in {count(len(keys))} Profilen {year} (z. B. {examples})"


def omissions(results, year: int) -> list[Omission]:
    """Every chapter or chart left out of the reports of ``year`` for lack of data, with cause and fix."""
    project = results.project
    areas, settings, catalogue = project.areas, project.settings, project.catalogue
    found: list[Omission] = []
    levels = settings.level_ids
    report = f"im Sozialbericht {year}"
    for i, level in enumerate(levels[1:]):
        reason = sozialindex_reason(results, year, level)
        if reason is not None and areas.at_level(level):
            plural = settings.level(level).plural
            part = "Das Kapitel „Sozialindex“" if i == 0 else f"Der Sozialindex der {plural}"
            found.append(Omission(part, f"im Sozialbericht und in den Profilen der {plural} {year}", reason))
    profiles = [k for level in levels[1:] for k in areas.at_level(level)]
    for theme in catalogue.themes.values():
        everywhere = theme_reason(results, theme.id)
        if everywhere is not None:
            found.append(Omission(f"Das Kapitel „{theme.title}“", f"im Sozialbericht und in allen Profilen {year}",
                                  everywhere))
            continue
        keys = [k for k in profiles if theme_reason(results, theme.id, k) is not None]
        if keys:
            reason = theme_reason(results, theme.id, keys[0])
            found.append(Omission(f"Das Kapitel „{theme.title}“", _areas_text(results, keys, year),
                                  Reason(reason.cause.replace(f" für {areas.frame.at[keys[0], 'short']}", ""),
                                         reason.fix)))
    members = areas.at_level(levels[1]) if len(levels) > 1 else []
    reason = maps_reason(results, members) if members else None
    if reason is not None:
        found.append(Omission("Die Karten", report, reason, plural=True))
    reason = age_reason(results)
    if reason is not None:
        found.append(Omission("Die Grafik zur Altersstruktur", f"in allen Profilen {year}", reason))
    return found
