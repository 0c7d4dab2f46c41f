"""The ``berichte`` command: German help and messages, no tracebacks for user errors.

Rückgabewerte:
  0  alles in Ordnung (Warnungen möglich)
  1  Fehler in Daten, Einstellungen oder Vorlagen (die Meldungen nennen Datei, Zeile, Spalte, Wert)
  2  falscher Aufruf (unbekannte Option, fehlender Wert)
  3  Ausgabe konnte nicht geschrieben werden (Schreibrechte, Speicherplatz)
  4  ein anderer Build läuft bereits im selben Ausgabeordner
  70 interner Programmfehler (bitte mit --debug erneut ausführen und melden)
  130 abgebrochen (Strg+C)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .problems import BerichteError, Problem

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_OUTPUT, EXIT_LOCKED, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 70, 130

_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "the following arguments are required: %s": "folgende Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Auswahl: %(value)r (möglich: %(choices)s)",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "expected one argument": "hier fehlt ein Wert",
    "expected at least one argument": "hier fehlt mindestens ein Wert",
    "expected at most one argument": "hier ist höchstens ein Wert erlaubt",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option: %(option)s passt zu %(matches)s",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "not allowed with argument %s": "nicht zusammen mit %s erlaubt",
    "one of the arguments %s is required": "eine der Angaben %s ist nötig",
    "expected %s argument": "erwartet %s Wert",
    "expected %s arguments": "erwartet %s Werte",
    "can't open '%(filename)s': %(error)s": "kann „%(filename)s“ nicht öffnen: %(error)s",
}


def _german(text: str) -> str:
    return _GERMAN.get(text, text)


def _german_n(singular: str, plural: str, n: int) -> str:
    return _german(singular if n == 1 else plural)


argparse._ = _german  # argparse looks its messages up through this module-level name
argparse.ngettext = _german_n


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--hilfe", "--help", action="help", default=argparse.SUPPRESS,
                          help="diese Hilfe anzeigen und beenden")

    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: Fehler: {message}\n")


def _years(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Jahreszahl")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="berichte",
        description="Sozialberichterstattung auf Knopfdruck: Daten prüfen, Kennzahlen berechnen, "
                    "Sozialindex, Texte, Grafiken und Berichte (HTML und PDF) erzeugen.",
        epilog=__doc__.split("\n", 2)[2],
    )
    parser.add_argument("--projekt", type=Path, default=Path("."), metavar="ORDNER",
                        help="Projektordner mit dem Unterordner data/ (Voreinstellung: aktueller Ordner)")
    parser.add_argument("--debug", action="store_true", help="bei Programmfehlern die technische Fehlerspur zeigen")
    parser.add_argument("--version", action="version", version=f"berichte {__version__}",
                        help="Versionsnummer anzeigen")
    commands = parser.add_subparsers(dest="befehl", metavar="BEFEHL", title="Befehle", parser_class=_Parser)

    p = commands.add_parser("pruefen", help="alle Daten und Einstellungen prüfen und jedes Problem melden",
                            description="Prüft Einstellungen, Gebiete, Merkmale, Kennzahlenkatalog und alle "
                                        "Datendateien und meldet jedes gefundene Problem mit Datei, Zeile, Spalte "
                                        "und Wert. Beendet sich mit Code 1, wenn Fehler gefunden wurden.")
    p.set_defaults(handler=_cmd_pruefen)

    p = commands.add_parser("kennzahlen", help="Kennzahlentabelle für ein Jahr schreiben (CSV oder Excel)",
                            description="Schreibt die Tabelle aller Kennzahlen für alle Gebiete einer Ebene: Wert, "
                                        "Wert des übergeordneten Gebiets, Veränderung, Bewertung, Rang und "
                                        "Geheimhaltungsvermerke.")
    p.add_argument("--jahr", type=_years, help="Berichtsjahr (Voreinstellung: berichtsjahr aus projekt.yml)")
    p.add_argument("--vergleich", type=_years, metavar="JAHR",
                   help="Vergleichsjahr (Voreinstellung: vergleichsjahr aus projekt.yml)")
    p.add_argument("--ebene", help="Gebietsebene, z. B. kommune oder sozialraum (Voreinstellung: alle)")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="Dateiformat (Voreinstellung: csv)")
    p.add_argument("--ausgabe", type=Path, metavar="DATEI",
                   help="Zieldatei (Voreinstellung: _output/<jahr>/kennzahlen-<jahr>.<format>)")
    p.set_defaults(handler=_cmd_kennzahlen)

    p = commands.add_parser("demo", help="fiktive Beispielregion erzeugen",
                            description="Erzeugt ein vollständiges Projekt mit fiktiven Beispieldaten "
                                        "(Region Seewalden): Einstellungen, Gebiete, Merkmale, Kennzahlen und "
                                        "Zähldaten 2012–2023.")
    p.add_argument("--ziel", type=Path, default=None, metavar="ORDNER",
                   help="Zielordner (Voreinstellung: der Projektordner)")
    p.add_argument("--kommunen", type=int, default=21, metavar="N",
                   help="Zahl der Kommunen (Voreinstellung: 21; größere Zahlen für Lasttests)")
    p.set_defaults(handler=_cmd_demo)

    from .sozialindex_cli import add_sozialindex_parser
    add_sozialindex_parser(commands)
    from .importers.command import add_parser as add_import_parser
    add_import_parser(commands)
    from .engine.cli import add_render_command
    add_render_command(commands, _years)
    from .build.cli import add_build_commands
    add_build_commands(commands, _years)
    return parser


def _print_problems(problems: list[Problem], console) -> None:
    from rich.markup import escape

    for problem in problems:
        style = "red" if problem.is_error else "yellow"
        console.print(f"[{style}]{problem.severity}[/{style}]: {escape(problem.location() or '')}"
                      + (": " if problem.location() else "") + escape(problem.message), highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)  # user text such as a column "Anteil [%]" must not be read as markup


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _cmd_pruefen(args) -> int:
    from .formatting import count
    from .project import check_project

    console = _console()
    project, problems = check_project(args.projekt)
    _print_problems(list(problems), console)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors:
        console.print(f"[red]{errors} Fehler[/red] und {warnings} Warnungen gefunden. "
                      "Die Daten können so nicht veröffentlicht werden.")
        return EXIT_DATA
    summary = ""
    if project is not None:
        summary = (f" {len(project.areas)} Gebiete, {len(project.merkmale)} Merkmale, "
                   f"{len(project.catalogue)} Kennzahlen, {count(len(project.counts))} Werte "
                   f"für {project.settings.first_year}–{project.settings.last_year}.")
    console.print(f"[green]Keine Fehler[/green], {warnings} Warnungen.{summary}")
    return EXIT_OK


def _cmd_kennzahlen(args) -> int:
    from .project import load_project
    from .tables import write_kennzahlen_table

    project = load_project(args.projekt)
    path = write_kennzahlen_table(project, year=args.jahr, comparison=args.vergleich, level=args.ebene,
                                  fmt=args.format, path=args.ausgabe)
    _console().print(f"Kennzahlentabelle geschrieben: {path}")
    return EXIT_OK


def _cmd_demo(args) -> int:
    from .demo import write_demo_project
    from .formatting import count

    if args.kommunen < 2 or args.kommunen > 20000:
        raise BerichteError("--kommunen muss zwischen 2 und 20.000 liegen.")
    target = args.ziel or args.projekt
    info = write_demo_project(target, n_kommunen=args.kommunen)
    _console().print(f"Beispielprojekt (fiktive Beispieldaten) geschrieben nach {Path(target) / 'data'}: "
                     f"{info['gebiete']} Gebiete, {count(info['werte'])} Werte.")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except BerichteError as exc:
        console = _console(stderr=True)
        if exc.problems:
            _print_problems(exc.problems, console)
            errors = sum(p.is_error for p in exc.problems)
            console.print(f"[red]{errors} Fehler gefunden.[/red] {_escape(exc.message)}")
        else:
            console.print(f"[red]Fehler:[/red] {_escape(exc.message)}")
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nAbgebrochen. Bereits veröffentlichte Dateien sind unverändert.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        if args.debug:
            raise
        print(f"Fehler beim Lesen oder Schreiben: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        return EXIT_OUTPUT
    except Exception:
        if args.debug:
            raise
        import traceback

        print("Interner Programmfehler. Bitte mit --debug erneut ausführen und die Ausgabe an das "
              "Entwicklungsteam weitergeben.", file=sys.stderr)
        print("".join(traceback.format_exc(limit=1).splitlines(True)[-1:]), file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
