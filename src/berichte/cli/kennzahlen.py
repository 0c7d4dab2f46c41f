"""``berichte kennzahlen``: the Kennzahlen table of one year as CSV or Excel."""

from __future__ import annotations

from pathlib import Path

from .console import EXIT_OK, console
from .parser import year


def add_parser(commands) -> None:
    p = commands.add_parser("kennzahlen", help="Kennzahlentabelle für ein Jahr schreiben (CSV oder Excel)",
                            description="Schreibt die Tabelle aller Kennzahlen für alle Gebiete einer Ebene: Wert, "
                                        "Wert des übergeordneten Gebiets, Veränderung, Bewertung, Rang und "
                                        "Geheimhaltungsvermerke.")
    p.add_argument("--jahr", type=year, help="Berichtsjahr (Voreinstellung: berichtsjahr aus projekt.yml)")
    p.add_argument("--vergleich", type=year, metavar="JAHR",
                   help="Vergleichsjahr (Voreinstellung: vergleichsjahr aus projekt.yml)")
    p.add_argument("--ebene", help="Gebietsebene, z. B. kommune oder sozialraum (Voreinstellung: alle)")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="Dateiformat (Voreinstellung: csv)")
    p.add_argument("--ausgabe", type=Path, metavar="DATEI",
                   help="Zieldatei (Voreinstellung: _output/<jahr>/kennzahlen-<jahr>.<format>)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..load.project import load_project
    from ..publish.export import write_kennzahlen_table

    project = load_project(args.projekt)
    path = write_kennzahlen_table(project, year=args.jahr, comparison=args.vergleich, level=args.ebene,
                                  fmt=args.format, path=args.ausgabe)
    console().print(f"Kennzahlentabelle geschrieben: {path}")
    return EXIT_OK
