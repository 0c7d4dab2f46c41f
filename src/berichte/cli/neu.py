"""``berichte neu ORDNER [--name NAME] [--schluessel SCHLÜSSEL]``: a new project for a planner's own region."""

from __future__ import annotations

from pathlib import Path

from .console import EXIT_OK, console, escape


def add_parser(commands) -> None:
    p = commands.add_parser(
        "neu", help="ein neues Projekt für das eigene Gebiet anlegen",
        description="Legt einen Projektordner an: data/projekt.yml (jedes Feld erklärt), data/gebiete.csv (mit "
                    "--schluessel aus amtlichen Daten vorbefüllt, soweit berichte sie hat: die Gemeinden eines "
                    "Kreises in Niedersachsen), die Standard-Merkmale und -Kennzahlen, einen leeren Ordner "
                    "data/zahlen/ für die Datenlieferungen und LIESMICH.md mit den nächsten Schritten. Ein "
                    "vorhandenes Projekt wird nur mit --ueberschreiben ersetzt.")
    p.add_argument("ordner", type=Path, metavar="ORDNER", help="der neue Projektordner (wird angelegt)")
    p.add_argument("--name", metavar="NAME", help="Name des ganzen Gebiets, z. B. \"Landkreis Peine\"")
    p.add_argument("--schluessel", metavar="SCHLÜSSEL",
                   help="amtlicher Gebietsschlüssel, z. B. 03157 (Landkreis Peine) oder 03157006 (Stadt Peine)")
    p.add_argument("--quelle", dest="data_root", type=Path, metavar="PFAD",
                   help="Ordner mit den amtlichen Daten (Voreinstellung: Umgebungsvariable BERICHTE_SHARED_DATA "
                        "oder der nächste Ordner shared/data oberhalb des aktuellen Ordners)")
    p.add_argument("--ueberschreiben", action="store_true",
                   help="ein vorhandenes Projekt in ORDNER ersetzen (Einstellungen, Gebiete, Merkmale, Kennzahlen; "
                        "Datenlieferungen in data/zahlen/ bleiben)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..importers.new_project import plan_new_project, write_new_project
    from ..importers.sources import find_data_root

    data_root = args.data_root or find_data_root()
    plan = plan_new_project(args.name, args.schluessel, data_root)
    written = write_new_project(args.ordner, plan, overwrite=args.ueberschreiben)
    out = console()
    out.print(f"Neues Projekt „{escape(plan.name)}“ angelegt in {escape(str(written.root))}:")
    width = max(len(path) for path, _ in written.files)
    for path, text in written.files:
        out.print(f"  {escape(path.ljust(width))}  {escape(text)}")
    for note in plan.notes:
        out.print(f"[yellow]Hinweis:[/yellow] {escape(note)}")
    folder = escape(str(args.ordner))
    out.print("Nächste Schritte (siehe LIESMICH.md):\n"
              f"  1. data/projekt.yml und data/gebiete.csv prüfen:  berichte --projekt {folder} pruefen\n"
              f"  2. Lieferungsvorlagen erzeugen und verschicken:  berichte --projekt {folder} vorlagen\n"
              f"  3. Entwürfe ansehen, dann veröffentlichen:      berichte --projekt {folder} build --entwurf, "
              f"danach berichte --projekt {folder} build")
    return EXIT_OK
