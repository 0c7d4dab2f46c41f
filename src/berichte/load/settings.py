"""The project settings file (``data/projekt.yml``): area name, years, comparison period, levels, rules.

The file is described once by the models below (German keys as aliases, with descriptions); checks that
involve several fields (years inside the range, comparison before report year) follow in
:func:`load_settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, StrictBool, StrictInt, StrictStr

from ..problems import Problems
from .model import FileModel, validate
from .readers import DEFAULT_SYMBOLS
from .reporting import Break, DataDate, ProfileSettings, check_break_years
from .sozialindex_config import SozialindexSettings
from .yamlfiles import line_of, load_yaml

SETTINGS_FILE = "projekt.yml"
SINGLE_FILES = ("gebiete", "merkmale", "kennzahlen", "geometrien")  # the entries of dateien: besides zahlen


class Level(FileModel):
    """An area level (Ebene) such as Region, Kommune, Sozialraum; ``genus`` is m, f or n for the texts."""

    id: StrictStr = Field(description="Kurzname der Ebene, wie er in gebiete.csv in der Spalte „ebene“ steht.",
                          examples=["kommune"])
    name: StrictStr = Field(description="Bezeichnung eines Gebiets dieser Ebene im Text.", examples=["Kommune"])
    plural: StrictStr = Field(alias="mehrzahl", description="Mehrzahl der Bezeichnung.", examples=["Kommunen"])
    genus: Literal["m", "f", "n"] = Field("f", description="Grammatisches Geschlecht der Bezeichnung (m, f, n) "
                                                           "für Artikel im Text: der Sozialraum, die Kommune.")


class Years(FileModel):
    first: StrictInt = Field(alias="von", description="Erstes Jahr mit Daten.", examples=[2012])
    last: StrictInt = Field(alias="bis", description="Letztes Jahr mit Daten.", examples=[2023])


class CountFile(FileModel):
    """One entry of ``dateien.zahlen``: a folder, a file or a pattern, optionally with options."""

    datei: StrictStr = Field(description="Ordner, Datei oder Muster (z. B. zahlen/*.csv), relativ zu data/.",
                             examples=["zahlen/*.xlsx"])
    merkmal: StrictStr | None = Field(None, description="Das Merkmal einer Datei ohne Merkmalsspalte.",
                                      examples=["ew_insgesamt"])
    blatt: StrictStr | None = Field(None, description="Das Tabellenblatt einer Excel-Datei (Voreinstellung: das "
                                                      "aktive Blatt, das Excel beim Öffnen zeigt; ist es "
                                                      "ausgeblendet, das erste sichtbare).", examples=["Tabelle1"])


def _count_files(value):
    """A single entry or a list; plain texts stand for {datei: text}."""
    entries = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(entries, list):
        return entries
    return [{"datei": e} if isinstance(e, str) else e for e in entries]


class Files(FileModel):
    """Where the project's files are, relative to ``data/``."""

    gebiete: StrictStr = Field("gebiete.csv", description="Gebietsliste (CSV).")
    merkmale: StrictStr = Field("merkmale.yml", description="Merkmalsverzeichnis.")
    kennzahlen: StrictStr = Field("kennzahlen.yml", description="Kennzahlenkatalog.")
    zahlen: Annotated[list[CountFile], BeforeValidator(
        _count_files, json_schema_input_type=str | CountFile | list[str | CountFile])] = Field(
        default_factory=lambda: [CountFile(datei="zahlen")],
        description="Datenlieferungen: Ordner oder Dateien (eine Angabe oder eine Liste); jede CSV- oder "
                    "Excel-Datei darin wird gelesen.",
        examples=[["zahlen", {"datei": "landesamt.xlsx", "blatt": "Kreise"}]])
    geometrien: StrictStr = Field("gebiete.geojson", description="Gebietsgrenzen für Karten (GeoJSON, WGS84); "
                                                                 "fehlt die Datei, haben die Berichte keine Karten.")


class Secrecy(FileModel):
    """Geheimhaltung: counts below ``min_count`` (except 0) and rates on small counts are not published."""

    active: StrictBool = Field(True, alias="aktiv", description="Geheimhaltung anwenden.")
    min_count: StrictInt = Field(3, alias="mindestanzahl", ge=0, le=1000,
                                 description="Anzahlen unter diesem Wert (außer 0) werden nicht veröffentlicht.")
    min_numerator: StrictInt = Field(3, alias="zaehler_mindestens", ge=0, le=10**6,
                                     description="Quoten und Anteile nur ab so vielen Fällen im Zähler.")
    min_denominator: StrictInt = Field(100, alias="nenner_mindestens", ge=0, le=10**9,
                                       description="Quoten und Anteile nur ab dieser Größe des Nenners.")
    secondary: StrictBool = Field(True, alias="sekundaer",
                                  description="Auch Werte sperren, aus denen sich gesperrte Werte errechnen ließen "
                                              "(sekundäre Geheimhaltung).")
    protection_percent: Annotated[float, Field(strict=True)] = Field(
        0.0, alias="schutzintervall", ge=0, le=100,
        description="Schutzintervall in Prozent für größere gesperrte Werte (Ergänzungssperrungen): die aus allem "
                    "Veröffentlichten möglichen Werte müssen mindestens max(mindestanzahl, p % des Werts) "
                    "umfassen; 0 (Voreinstellung): festes Intervall der Breite mindestanzahl. Anzahlen unter der "
                    "Mindestanzahl: immer 0 bis Mindestanzahl.")


class Significance(FileModel):
    level: Annotated[float, Field(strict=True)] = Field(
        0.05, alias="niveau", ge=0.0001, le=0.5,
        description="Irrtumswahrscheinlichkeit des Tests für „bedeutsame“ Veränderungen.")
    spread: Annotated[float, Field(strict=True)] = Field(
        1.0, alias="streuung", ge=0.1, le=5,
        description="„Auffällig“ ist, was mehr als so viele Standardabweichungen vom Durchschnitt der "
                    "Vergleichsgebiete abweicht.")


def _symbol_meaning(value):
    if value is None or value == "fehlt":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"„{value}“: ein Zeichen muss auf „fehlt“ oder eine Zahl abgebildet werden, "
                     "z. B. symbole: {\"-\": fehlt}.")


class Settings(FileModel):
    """``data/projekt.yml``: what a project is about and the rules its reports follow."""

    model_config = FileModel.model_config | {"title": "projekt.yml"}

    title_given: StrictStr | None = Field(None, alias="titel", description="Titel der Berichtsreihe: steht auf der Titelseite jedes "
                                                                           "Berichts, in der Versionszeile und auf der "
                                                                           "Übersichtsseite. Voreinstellung: "
                                                                           "„Sozialmonitoring <gebiet>“.",
                                            examples=["Sozialmonitoring Landkreis Peine"])
    area_name: StrictStr = Field(alias="gebiet", description="Name des ganzen Berichtsgebiets: auf Titelseite, in "
                                                             "Kopfzeile und Texten; er gilt auch, wenn gebiete.csv "
                                                             "das oberste Gebiet anders nennt (dann mit Warnung).",
                                 examples=["Landkreis Peine"])
    publisher_given: StrictStr | None = Field(None, alias="herausgeber",
                                              description="Herausgeber: über dem Titel, in der Fußzeile jeder "
                                                          "PDF-Seite, als Autor im PDF und in der Versionszeile. "
                                                          "Namen stehen nur hier, nicht in _quarto.yml. "
                                                          "Voreinstellung: gebiet.",
                                              examples=["Landkreis Peine, Fachdienst Soziales"])
    contact: StrictStr = Field("", alias="kontakt",
                               description="Ansprechstelle für Fragen zu den Berichten (Stelle, Telefon, E-Mail): "
                                           "steht auf der Titelseite und in der Versionszeile; ohne Angabe entfällt "
                                           "sie.", examples=["Sozialplanung, Telefon 05171 401-0, "
                                                             "sozialplanung@landkreis-peine.de"])
    demo: StrictBool = Field(False, alias="beispieldaten",
                             description="true, wenn die Daten erfunden sind: jeder Bericht trägt dann den Hinweis "
                                         "„Fiktive Beispieldaten“.")
    span: Years = Field(alias="jahre", description="Die Jahre mit Daten: Zeitreihen, Tabellen und "
                                                             "Vergleiche reichen so weit; Werte anderer Jahre werden "
                                                             "mit einer Warnung übergangen.",
                        examples=[{"von": 2018, "bis": 2023}])
    report_year_given: StrictInt | None = Field(None, alias="berichtsjahr",
                                                description="Berichtsjahr, für das build, render und kennzahlen "
                                                            "Berichte erzeugen, wenn kein Jahr angegeben ist. "
                                                            "Voreinstellung: das letzte Jahr.", examples=[2023])
    comparison_year_given: StrictInt | None = Field(None, alias="vergleichsjahr",
                                                    description="Anfang des Vergleichszeitraums aller Veränderungen, "
                                                                "in jedem Befehl (build, render, kennzahlen) gleich, "
                                                                "solange kein anderes Jahr angegeben ist; muss vor dem "
                                                                "Berichtsjahr liegen. Voreinstellung: fünf Jahre vor "
                                                                "dem letzten Jahr.", examples=[2018])
    reference_date: StrictStr = Field("31.12.", alias="stichtag", description="Stichtag der Bestandszahlen im Jahr, wie ihn Titelseite "
                                                                "und Tabellen nennen („Stichtag 31.12.2023“).")
    levels: list[Level] = Field(alias="ebenen", min_length=1,
                                description="Die Gebietsebenen, die oberste zuerst (z. B. Landkreis, Kommune, "
                                            "Sozialraum). Für jede Ebene unter der obersten entstehen Profile; "
                                            "Vergleiche und Ränge gelten innerhalb einer Ebene.",
                                examples=[[{"id": "kreis", "name": "Landkreis", "mehrzahl": "Landkreise", "genus": "m"},
                                           {"id": "kommune", "name": "Kommune", "mehrzahl": "Kommunen"}]])
    files: Files = Field(default_factory=Files, alias="dateien", description="Abweichende Dateinamen, relativ zu data/.")
    secrecy: Secrecy = Field(default_factory=Secrecy, alias="geheimhaltung",
                             description="Regeln der Geheimhaltung: gesperrte Werte erscheinen als „.“ mit "
                                         "Fußnote und werden nie in Texten genannt.")
    significance: Significance = Field(default_factory=Significance, alias="signifikanz",
                                       description="Regeln für „bedeutsam“ und „auffällig“ in Texten und "
                                                   "Tabellen.")
    symbols_given: dict[str, Annotated[float | None, BeforeValidator(
        _symbol_meaning, json_schema_input_type=Literal["fehlt"] | float | None)]] = Field(
        default_factory=dict, alias="symbole",
        description="Bedeutung von Zeichen der amtlichen Statistik in den Datenlieferungen, z. B. "
                    "{\"-\": fehlt}; Voreinstellung: „-“ = 0 (nichts vorhanden), „.“, „x“, „*“ … = fehlt.",
        examples=[{"-": "fehlt"}])
    sozialindex: SozialindexSettings | None = Field(None, description="Der Sozialindex (Status und Dynamik) im Profil und "
                                                                            "im Sozialbericht; ohne diesen Abschnitt "
                                                                            "entfällt er.",
                                              examples=[{"status": ["sgb2_quote", "kinderarmut"],
                                                         "dynamik": ["sgb2_quote"]}])
    max_lag: StrictInt = Field(0, alias="hoechstens_jahre_zurueck", ge=0, le=20, description=(
        "Ein Bericht für das Jahr J zeigt jede Kennzahl mit ihrem neuesten Jahr bis J, das höchstens so viele "
        "Jahre zurückliegt (Vermerk „Stand 2021“; der Vergleichszeitraum verschiebt sich mit). 0: nur das "
        "Berichtsjahr selbst; fehlen dort Daten, steht „keine Daten“."), examples=[2])
    # what reports may say (berichte.load.reporting)
    data_date: DataDate | None = Field(None, alias="datenstand", description=(
        "Stand der Datenlieferungen (Datum oder die Ausgabe einer Quelle), steht auf der Titelseite jedes "
        "Berichts, z. B. 2024-03-31 oder „INKAR, Ausgabe 2024“."))
    profile: ProfileSettings = Field(default_factory=ProfileSettings, alias="profil",
                                     description="Einstellungen der Sozialstruktur-Profile.")
    breaks: list[Break] = Field(default_factory=list, alias="datenbrueche", description=(
        "Rechtsänderungen und Datenbrüche: ab dem Jahr sind die Werte der genannten Kennzahlen nicht mit früheren "
        "vergleichbar; Veränderungen darüber hinweg werden beschrieben, nicht bewertet."))
    engine: Literal["builtin", "quarto"] = Field("builtin", alias="engine", description=(
        "Womit build und render die Berichte setzen, solange beim Aufruf nichts anderes steht (--engine auto, die "
        "Voreinstellung): builtin, die eingebaute Engine (ohne weitere Programme), oder quarto, die Quarto-CLI "
        "(muss installiert sein, samt papermill und ipykernel im Python von berichte; braucht etwa zwei- bis "
        "dreimal so lange). --engine builtin oder --engine quarto beim Aufruf gilt vorrangig."))

    _root: Path = PrivateAttr(default=Path("."))
    _raw: dict = PrivateAttr(default_factory=dict)

    # --- values with their defaults -----------------------------------------------------------------------
    @property
    def root(self) -> Path:
        """The project folder (holds data/)."""
        return self._root

    @property
    def raw(self) -> dict:
        """The file as parsed, with line numbers (for messages that point to a line)."""
        return self._raw

    @property
    def data_dir(self) -> Path:
        return self._root / "data"

    @property
    def file(self) -> Path:
        return self.data_dir / SETTINGS_FILE

    @property
    def title(self) -> str:
        return self.title_given or f"Sozialmonitoring {self.area_name}"

    @property
    def publisher(self) -> str:
        return self.publisher_given or self.area_name

    @property
    def first_year(self) -> int:
        return self.span.first

    @property
    def last_year(self) -> int:
        return self.span.last

    @property
    def report_year(self) -> int:
        return self.last_year if self.report_year_given is None else self.report_year_given

    @property
    def comparison_year(self) -> int:
        if self.comparison_year_given is not None:
            return self.comparison_year_given
        return max(self.first_year, self.last_year - 5)

    def default_comparison(self, year: int) -> int:
        """The comparison year for report ``year`` when none is given: ``vergleichsjahr`` from projekt.yml; for a
        report year not after it, the same distance back (not before the first year)."""
        comparison = self.comparison_year
        if comparison >= year:  # a report year earlier than the configured comparison year
            comparison = max(self.first_year, year - (self.report_year - self.comparison_year))
        return comparison

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def symbols(self) -> dict[str, tuple[float | None, str]]:
        """Official symbols → (value or None for missing, reason); the defaults with the project's changes."""
        symbols = dict(DEFAULT_SYMBOLS)
        for symbol, meaning in self.symbols_given.items():
            symbols[symbol] = (meaning, symbols.get(symbol, (None, f"Zeichen „{symbol}“"))[1])
        return symbols

    def level(self, level_id: str) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    @property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    def moved(self, root: Path) -> "Settings":
        """The same settings for a copy of the project in another folder."""
        moved = self.model_copy()
        moved._root = Path(root)
        return moved

    def path(self, name: str) -> Path:
        """The path of one of the single files: gebiete, merkmale, kennzahlen, geometrien."""
        return self.data_dir / getattr(self.files, name)


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
    settings = validate(Settings, raw, path, problems, where=_where)
    if settings is None or not _consistent(settings, raw, path, problems):
        return None
    settings._root, settings._raw = root, raw
    return settings


def _where(loc: tuple) -> str:
    keys = [str(part) for part in loc[:-1] if not isinstance(part, int)]
    return ".".join(keys) if keys else "Projekteinstellungen"


def _consistent(settings: Settings, raw: dict, path: Path, problems: Problems) -> bool:
    """Checks across fields: the years, the report and comparison year, unique level ids."""
    before = len(problems.errors)
    first, last = settings.first_year, settings.last_year
    if first > last:
        problems.error("jahre: „von“ liegt nach „bis“.", path, row=line_of(raw, "jahre"), column="jahre")
        return False
    for key, value in (("berichtsjahr", settings.report_year_given),
                       ("vergleichsjahr", settings.comparison_year_given)):
        if value is not None and not first <= value <= last:
            problems.error(f"{key} {value} liegt außerhalb der Jahre {first}–{last}.", path,
                           row=line_of(raw, key), column=key, value=value)
    if len(problems.errors) == before and settings.comparison_year >= settings.report_year:
        problems.error("vergleichsjahr muss vor dem berichtsjahr liegen.", path, row=line_of(raw, "vergleichsjahr"),
                       column="vergleichsjahr", value=settings.comparison_year)
    check_break_years(settings.breaks, raw, first, last, path, problems)
    seen = set()
    for level, entry in zip(settings.levels, raw.get("ebenen", [])):
        if level.id in seen:
            problems.error(f"Die Ebene „{level.id}“ ist doppelt angegeben.", path, row=line_of(entry))
        seen.add(level.id)
    return len(problems.errors) == before
