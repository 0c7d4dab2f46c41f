"""The demo project: fictional, seeded, internally consistent counts for a Region of Kommunen and Sozialräume.

"Region Seewalden" (fiktive Beispieldaten) has a city of about 500,000 inhabitants split into 12
Sozialräume, two of them tiny (to exercise the secrecy rules), and 20 towns of 8,000 to 60,000
inhabitants. Counts for 2012–2023 follow the trends of German municipal statistics: refugee immigration
in 2015/16 moving into SGB II in 2016/17, falling SGB II and unemployment until 2019, the rise in
unemployment in 2020, arrivals from Ukraine in 2022 moving into SGB II, the Wohngeld reforms of
2016, 2020 and 2023. Counts are consistent: age groups add up to the total, parts never exceed their
totals, the city's delivered totals equal the sum of its Sozialräume, births, deaths and migration add up
to the change in population.

The counts are written the way offices deliver them: the registry's export as Windows-1252 CSV with
``;``, wide by year; the Bundesagentur's table with ``*`` for anonymised values 1 and 2; the Jugendamt's
long table with German thousands separators; and so on. ``berichte demo --kommunen N`` builds larger
synthetic regions for benchmarks.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from .. import atomic
from .geometry import write_demo_geometry
from .region import MAX_MAPPED_KOMMUNEN, REGION_NAME, SEED, YEARS, DemoRegion, demo_region
from .simulate import SOURCES, deliveries, simulate


def _sort_key(item):
    (key, merkmal), _ = item
    return key, merkmal


def _write_registry(path: Path, region: DemoRegion, rows, names) -> None:
    """Einwohnermeldeamt: Windows-1252, ';', wide by year, with a name column."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Schlüssel", "Gebiet", "Merkmal"] + [str(y) for y in YEARS])
    for (key, merkmal), values in sorted(rows.items(), key=_sort_key):
        writer.writerow([key, names[key], merkmal] + [str(int(v)) for v in values])
    atomic.write_bytes(path, out.getvalue().encode("cp1252"))


def _write_ba(path: Path, region: DemoRegion, rows, names) -> None:
    """Bundesagentur: UTF-8, ';', one row per area and year, Merkmale as columns; 1 and 2 anonymised as '*'."""
    merkmale = SOURCES["bundesagentur"]
    keys = sorted({key for key, _ in rows})
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["schluessel", "jahr"] + merkmale)
    for key in keys:
        for j, year in enumerate(YEARS):
            cells = []
            for m in merkmale:
                v = int(rows[(key, m)][j])
                cells.append("*" if v in (1, 2) else str(v))
            writer.writerow([key, year] + cells)
    atomic.write_text(path, out.getvalue())


def _german_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _write_long(path: Path, rows, delimiter: str, german: bool) -> None:
    """Long layout: schluessel, jahr, merkmal, wert."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["schluessel", "jahr", "merkmal", "wert"])
    for (key, merkmal), values in sorted(rows.items(), key=_sort_key):
        for year, v in zip(YEARS, values):
            writer.writerow([key, year, merkmal, _german_thousands(int(v)) if german else int(v)])
    atomic.write_text(path, out.getvalue())


def _write_wide(path: Path, rows, delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["schluessel", "merkmal"] + [str(y) for y in YEARS])
    for (key, merkmal), values in sorted(rows.items(), key=_sort_key):
        writer.writerow([key, merkmal] + [int(v) for v in values])
    atomic.write_text(path, out.getvalue())


def _standard_file(name: str) -> str:
    return resources.files("berichte").joinpath("standard", name).read_text(encoding="utf-8")


PROJECT_TEMPLATE = """\
# Projekteinstellungen des Sozialmonitorings.
# Diese Datei wurde von „berichte demo“ erzeugt: fiktive Beispieldaten einer erfundenen Region.
titel: Sozialmonitoring {region}
gebiet: {region}
herausgeber: "{region}, Stabsstelle Sozialplanung"
beispieldaten: true          # Berichte tragen den Hinweis „fiktive Beispieldaten“
jahre: {{von: {first}, bis: {last}}}
berichtsjahr: {last}
vergleichsjahr: {comparison}   # voreingestellter Vergleichszeitraum {comparison}–{last}
stichtag: "31.12."
datenstand: {data_date}        # Stand der Datenlieferungen (steht auf der Titelseite)

ebenen:
  - {{id: region, name: Region, mehrzahl: Regionen, genus: f}}
  - {{id: kommune, name: Kommune, mehrzahl: Kommunen, genus: f}}
  - {{id: sozialraum, name: Sozialraum, mehrzahl: Sozialräume, genus: m}}

dateien:
  gebiete: gebiete.csv
  merkmale: merkmale.yml
  kennzahlen: kennzahlen.yml
  zahlen: [zahlen]

geheimhaltung:
  aktiv: true
  mindestanzahl: 3           # Anzahlen 1 und 2 werden nicht veröffentlicht
  zaehler_mindestens: 3      # Quoten nur ab 3 Fällen im Zähler …
  nenner_mindestens: 100     # … und mindestens 100 im Nenner
  sekundaer: true            # auch Werte sperren, aus denen sich gesperrte Werte errechnen ließen

signifikanz:
  niveau: 0.05               # Irrtumswahrscheinlichkeit für „bedeutsame“ Veränderungen
  streuung: 1.0              # „auffällig“ jenseits von ±1 Standardabweichung der Vergleichsgebiete

sozialindex:
  status: [arbeitslosenanteil_sgb2, sgb2_quote, kinderarmut, altersarmut, anteil_alleinerziehende]
  dynamik: [arbeitslosenanteil_sgb2, sgb2_quote, kinderarmut, altersarmut]
  jahre_dynamik: 3
  mindest_einwohner: 300

profil:
  mindest_einwohner: 1000    # kleinere Gebiete erhalten ein Kurzprofil mit Häufigkeiten, ohne Bewertungen

# Rechtsänderungen und Datenbrüche: Veränderungen über diese Jahre hinweg werden beschrieben, nicht bewertet.
datenbrueche:
  - jahr: 2016
    grund: Wohngeldreform zum 1.1.2016
    hinweis: Höhere Einkommensgrenzen und Leistungen; mehr Haushalte haben Anspruch auf Wohngeld.
    kennzahlen: [wohngeldquote]
  - jahr: 2020
    grund: Wohngeldstärkungsgesetz zum 1.1.2020
    hinweis: Höhere Leistungen und regelmäßige Anpassung; mehr Haushalte haben Anspruch auf Wohngeld.
    kennzahlen: [wohngeldquote]
  - jahr: 2022
    grund: Rechtskreiswechsel zum 1.6.2022
    hinweis: Geflüchtete aus der Ukraine erhalten Grundsicherung nach dem SGB II statt Leistungen nach dem
      Asylbewerberleistungsgesetz; die Zahl der Leistungsberechtigten im SGB II steigt dadurch.
    kennzahlen: [sgb2_quote, sgb2_leistungsberechtigte, kinderarmut, elb_quote, sgb2_quote_nichtdeutsch,
                 bedarfsgemeinschaften, personen_je_bg, alleinerziehende_sgb2, asylblg_rate, mindestsicherungsquote]
  - jahr: 2023
    grund: Wohngeld-Plus-Reform zum 1.1.2023
    hinweis: Der Kreis der Berechtigten wurde stark erweitert; die Zahl der Haushalte mit Wohngeld hat sich
      dadurch etwa verdoppelt.
    kennzahlen: [wohngeldquote]
"""


COUNT_FILES = ("einwohnermeldeamt.csv", "bundesagentur.csv", "sozialamt.csv", "jugendamt.csv",
               "schulen_gesundheit.csv", "wohnen.csv", "landesamt.csv")


def demo_files(n_kommunen: int = 21) -> list[str]:
    """The files :func:`write_demo_project` writes, relative to the target folder."""
    files = ["data/projekt.yml", "data/gebiete.csv", "data/merkmale.yml", "data/kennzahlen.yml"]
    files += [f"data/zahlen/{name}" for name in COUNT_FILES]
    if n_kommunen <= MAX_MAPPED_KOMMUNEN:
        files.append("data/gebiete.geojson")
    return files


def write_demo_project(target: Path, n_kommunen: int = 21, seed: int = SEED, overwrite: bool = False) -> dict[str, int]:
    """Write a complete demo project (data/ with settings, areas, Merkmale, catalogue, counts) to target; an
    existing project there is replaced only with ``overwrite`` (else a German error names its files)."""
    from ..load.overwrite import refuse_overwrite

    target = Path(target)
    if not overwrite:
        refuse_overwrite(target, demo_files(n_kommunen), "demo", "mit --ziel einen anderen Ordner")
    data = target / "data"
    (data / "zahlen").mkdir(parents=True, exist_ok=True)
    region = demo_region(n_kommunen, seed)
    counts = simulate(region.leaves, seed)
    rows = deliveries(region, counts, seed)
    names = {key: name for key, name, _, _ in region.areas}

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["schluessel", "name", "kurzname", "ebene", "uebergeordnet"])
    for key, name, level, parent in region.areas:
        writer.writerow([key, name, name.removesuffix(", Stadt"), level, parent])
    atomic.write_text(data / "gebiete.csv", out.getvalue())
    atomic.write_text(data / "projekt.yml", PROJECT_TEMPLATE.format(
        region=REGION_NAME, first=YEARS[0], last=YEARS[-1], comparison=YEARS[-1] - 5,
        data_date=f"{YEARS[-1] + 1}-03-31"))
    atomic.write_text(data / "merkmale.yml", _standard_file("merkmale.yml"))
    atomic.write_text(data / "kennzahlen.yml", _standard_file("kennzahlen.yml"))

    def subset(source: str):
        wanted = set(SOURCES[source])
        return {k: v for k, v in rows.items() if k[1] in wanted}

    zahlen = data / "zahlen"
    registry, ba, social, youth, schools, housing, state = (zahlen / name for name in COUNT_FILES)
    _write_registry(registry, region, subset("einwohnermeldeamt"), names)
    _write_ba(ba, region, subset("bundesagentur"), names)
    _write_long(social, subset("sozialamt"), ",", german=False)
    _write_long(youth, subset("jugendamt"), ";", german=True)
    _write_wide(schools, subset("schulen_gesundheit"), ";")
    _write_wide(housing, subset("wohnen"), ",")
    _write_long(state, subset("landesamt"), ";", german=True)
    if n_kommunen <= MAX_MAPPED_KOMMUNEN:
        write_demo_geometry(data, n_kommunen=n_kommunen, seed=seed)
    return {"gebiete": len(region.areas), "werte": sum(len(v) for v in rows.values())}
