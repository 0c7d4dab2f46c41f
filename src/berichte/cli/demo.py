"""``berichte demo``: a complete project with fictional data (Region Seewalden)."""

from __future__ import annotations

from pathlib import Path

from ..problems import BerichteError
from .console import EXIT_OK, console


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
    from ..demo import write_demo_project
    from ..formatting import count

    if args.kommunen < 2 or args.kommunen > 20000:
        raise BerichteError("--kommunen muss zwischen 2 und 20.000 liegen.")
    target = args.ziel or args.projekt
    info = write_demo_project(target, n_kommunen=args.kommunen, overwrite=args.ueberschreiben)
    console().print(f"Beispielprojekt (fiktive Beispieldaten) geschrieben nach {Path(target) / 'data'}: "
                    f"{info['gebiete']} Gebiete, {count(info['werte'])} Werte.")
    return EXIT_OK
