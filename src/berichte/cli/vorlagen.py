"""``berichte vorlagen``: one Excel template per data supplier, to send out for the yearly delivery."""

from __future__ import annotations

from pathlib import Path

from .console import EXIT_OK, console, escape
from .parser import year


def add_parser(commands) -> None:
    p = commands.add_parser(
        "vorlagen", help="Excel-Vorlagen für die Datenlieferungen erzeugen (eine je Datenquelle)",
        description="Schreibt für jede Datenquelle aus merkmale.yml (Feld „quelle“: Einwohnermeldeamt, "
                    "Bundesagentur für Arbeit, Jugendamt, …) eine Excel-Datei: die Gebiete des Projekts als Zeilen, "
                    "die erwarteten Merkmale und Jahre als Spalten, Schlüssel als Text, dazu ein Blatt, das jedes "
                    "Merkmal erklärt. Ausgefüllt zurück in data/zahlen/ gelegt, lesen berichte pruefen und "
                    "berichte build sie unverändert.")
    p.add_argument("--jahr", type=year, action="append", metavar="JAHR",
                   help="Jahr der Lieferung (mehrfach möglich; Voreinstellung: die Jahre aus projekt.yml, für die von "
                        "der Quelle noch nichts geliefert wurde)")
    p.add_argument("--quelle", action="append", metavar="QUELLE",
                   help="nur für diese Datenquelle (wie in merkmale.yml, mehrfach möglich)")
    p.add_argument("--ziel", type=Path, metavar="ORDNER",
                   help="Ordner für die Vorlagen (Voreinstellung: lieferungen/ im Projektordner)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..formatting import count
    from ..importers.delivery import write_templates

    written = write_templates(args.projekt, args.ziel, args.jahr, args.quelle)
    out = console()
    out.print(f"{count(len(written))} Vorlagen für die Datenlieferungen geschrieben:")
    for template in written:
        span = f"{template.years[0]}–{template.years[-1]}" if len(template.years) > 1 else str(template.years[0])
        out.print(f"  {escape(str(template.path))}: {escape(template.source)}, {len(template.merkmale)} Merkmal{'e' if len(template.merkmale) != 1 else ''}, "
                  f"{span}, {count(template.areas)} Gebiete")
    out.print("Ausgefüllt zurück in data/zahlen/ legen (Dateiname beliebig), dann: berichte pruefen.")
    return EXIT_OK
