"""``berichte demo``: a complete project with fictional data (Region Seewalden)."""

from __future__ import annotations

from pathlib import Path

from ..problems import BerichteError
from .console import EXIT_OK, console, escape


def add_parser(commands) -> None:
    p = commands.add_parser("demo", help="fiktive Beispielregion erzeugen",
                            description="Erzeugt ein vollständiges Projekt mit fiktiven Beispieldaten "
                                        "(Region Seewalden): Einstellungen, Gebiete, Merkmale, Kennzahlen und "
                                        "Zähldaten 2012–2023. Ein vorhandenes Projekt im Zielordner wird nur mit "
                                        "--ueberschreiben ersetzt.")
    p.add_argument("--ziel", type=Path, default=None, metavar="ORDNER",
                   help="Zielordner (Voreinstellung: der Projektordner)")
    p.add_argument("--ueberschreiben", action="store_true",
                   help="ein vorhandenes Projekt im Zielordner ersetzen (ohne diese Option wird es nie "
                        "überschrieben)")
    p.add_argument("--kommunen", type=int, default=21, metavar="N",
                   help="Zahl der Kommunen (Voreinstellung: 21; größere Zahlen für Lasttests)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..demo.files import COUNT_FILES, write_demo_project
    from ..formatting import count

    if args.kommunen < 2 or args.kommunen > 20000:
        raise BerichteError("--kommunen muss zwischen 2 und 20.000 liegen.")
    target = args.ziel or args.projekt
    info = write_demo_project(target, n_kommunen=args.kommunen, overwrite=args.ueberschreiben)
    out = console()
    out.print(f"Beispielprojekt (fiktive Beispieldaten) geschrieben nach {escape(str(Path(target) / 'data'))}: "
              f"{info['gebiete']} Gebiete, {count(info['werte'])} Werte.")
    zahlen = Path(target) / "data" / "zahlen"
    for path in sorted(p for p in zahlen.iterdir() if p.name not in COUNT_FILES and not p.name.startswith(".")):
        out.print(f"[yellow]Warnung[/yellow]: data/zahlen/{escape(path.name)} stammt nicht aus dem Beispielprojekt "
                  "und wird mitgelesen; bitte entfernen, wenn es eine Lieferung des ersetzten Projekts ist.")
    return EXIT_OK
