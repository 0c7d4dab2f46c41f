"""The command ``berichte importieren QUELLE --ziel ORDNER [--quelle PFAD]``.

QUELLE names a ready-made import of official data into a new project folder; ``--quelle`` is the folder
with the official files (the shared data folder with the subfolders ``rki_gisd_inkar/``,
``ags_niedersachsen/``, ``flensburg_sozialatlas/``, ``lsn_integrationsmonitoring_ni/``). The new project
is checked right away, as ``berichte pruefen`` would.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..importers.sources import ENV_VAR, SOURCES, build_source, find_data_root
from ..problems import BerichteError, Problems
from .console import EXIT_DATA, EXIT_OK, console, print_problems, warnings_text

def add_parser(commands) -> None:
    lines = "\n".join(f"  {name:<24}{text}" for name, (_, text) in SOURCES.items())
    p = commands.add_parser(
        "importieren", help="amtliche Daten (INKAR, LSN, Sozialatlas Flensburg) als neues Projekt übernehmen",
        description="Liest amtliche Dateien und schreibt daraus ein vollständiges Projekt (data/ mit "
                    "Einstellungen, Gebieten, Merkmalen, Kennzahlen, Zähldaten, QUELLEN.md und, wo die amtlichen "
                    "Geometrien die Gebiete abdecken, gebiete.geojson für die Karten). Anzahlen werden übernommen, "
                    "Anteile und Quoten daraus berechnet; veröffentlichte Quoten, Beträge und Indexwerte, zu denen "
                    "die Anzahlen fehlen, werden als Kennzahlen der Art „Wert“ übernommen. Danach wird das neue "
                    "Projekt geprüft.\n\nQuellen:\n" + lines,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", choices=list(SOURCES), metavar="QUELLE", help="eine der oben genannten Quellen")
    p.add_argument("--ziel", type=Path, required=True, metavar="ORDNER",
                   help="Projektordner, in den data/ geschrieben wird")
    p.add_argument("--quelle", dest="data_root", type=Path, metavar="PFAD",
                   help=f"Ordner mit den amtlichen Dateien (Voreinstellung: Umgebungsvariable {ENV_VAR} oder der "
                        "nächste Ordner shared/data oberhalb des aktuellen Ordners)")
    p.add_argument("--gebiet", metavar="SCHLÜSSEL",
                   help="für inkar: der Kreis (fünfstelliger Schlüssel, z. B. 03157 für den Landkreis Peine); "
                        "für lsn: Schlüsselanfang des obersten Gebiets, z. B. 03241 für die Region Hannover mit "
                        "Landeshauptstadt und Umland")
    p.add_argument("--ueberschreiben", action="store_true",
                   help="ein vorhandenes Projekt im Zielordner ersetzen")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..formatting import count
    from ..load.project import check_project
    from ..importers.write import write_project

    if not args.ueberschreiben:  # before the (slow) reading of the sources; write_project checks every file
        from ..load.overwrite import refuse_overwrite

        refuse_overwrite(args.ziel, [f"data/{name}" for name in ("projekt.yml", "gebiete.csv", "merkmale.yml",
                                                                   "kennzahlen.yml", "QUELLEN.md")],
                         f"importieren {args.source}", "mit --ziel einen anderen Ordner")
    root = args.data_root or find_data_root()
    if root is None:
        raise BerichteError("Der Ordner mit den amtlichen Daten wurde nicht gefunden. Bitte mit --quelle PFAD "
                            f"angeben oder die Umgebungsvariable {ENV_VAR} setzen.")
    if not Path(root).is_dir():
        raise BerichteError(f"Der Ordner mit den amtlichen Daten „{root}“ existiert nicht.")
    options = {}
    if args.gebiet is not None:
        if args.source not in ("lsn", "inkar"):
            raise BerichteError("--gebiet gibt es nur für die Quellen inkar und lsn.")
        if not args.gebiet.isdigit():
            raise BerichteError(f"--gebiet muss ein Schlüssel aus Ziffern sein, z. B. 03157 (angegeben: "
                                f"„{args.gebiet}“).")
        options["gebiet" if args.source == "inkar" else "prefix"] = args.gebiet
    elif args.source == "inkar":
        raise BerichteError("Für die Quelle inkar bitte den Kreis angeben: --gebiet KREISSCHLÜSSEL, z. B. "
                            "--gebiet 03157 für den Landkreis Peine.")
    problems = Problems(base=Path(root))
    result, plan = build_source(args.source, Path(root), problems, **options)
    written = write_project(result, plan, args.ziel, args.source, overwrite=args.ueberschreiben)
    out = console()
    if len(problems):
        out.print("Hinweise beim Einlesen der Quelldateien:")
        print_problems(list(problems), out)
    out.print(f"Projekt „{plan.title}“ geschrieben nach {written.root / 'data'}: {written.areas} Gebiete, "
                  f"{written.merkmale} Merkmale, {written.kennzahlen} Kennzahlen, {count(written.values)} Werte "
                  f"für {plan.first_year}–{plan.last_year}. Quellen und Hinweise: data/QUELLEN.md.")
    for path in written.other_count_files:
        out.print(f"[yellow]Warnung[/yellow]: {path} stammt nicht aus diesem Import und wird mitgelesen.")
    _, checked = check_project(written.root)
    errors, warnings = len(checked.errors), len(checked.warnings)
    if errors:
        print_problems(checked.errors, out)
        out.print(f"[red]Prüfung des neuen Projekts: {errors} Fehler[/red], {warnings_text(warnings)}.")
        return EXIT_DATA
    out.print(f"Prüfung des neuen Projekts: [green]keine Fehler[/green], {warnings_text(warnings)}"
                  + (f" (anzeigen mit: berichte --projekt {written.root} pruefen)." if warnings else "."))
    return EXIT_OK
