"""The ``berichte`` command line: every sub-command, German help and messages, exit codes.

Each sub-command lives in its own module with ``add_parser(commands)`` and a handler ``run(args) -> int``;
:func:`main` turns :class:`~berichte.problems.BerichteError` and other failures into German messages and
exit codes (:mod:`berichte.cli.console`), never into a traceback (except with ``--debug``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import __version__
from ..problems import BerichteError, os_error_text
from . import (build, demo, dokumente, geheimhaltung, importieren, kennzahlen, neu, pruefen, render, schema,
               sozialindex, vorlagen)
from .console import EXIT_CODES_HELP, EXIT_DATA, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_USAGE, console, escape, \
    print_problems
from .parser import Parser

COMMANDS = (neu, vorlagen, pruefen, kennzahlen, demo, sozialindex, importieren, render, build, geheimhaltung, dokumente,
            schema)


def build_parser() -> Parser:
    parser = Parser(
        prog="berichte",
        description="Sozialberichterstattung auf Knopfdruck: Daten prüfen, Kennzahlen berechnen, "
                    "Sozialindex, Texte, Grafiken und Berichte (HTML und PDF) erzeugen.",
        epilog=EXIT_CODES_HELP,
    )
    parser.add_argument("--projekt", type=Path, default=Path("."), metavar="ORDNER",
                        help="Projektordner mit dem Unterordner data/ (Voreinstellung: aktueller Ordner)")
    parser.add_argument("--debug", action="store_true", help="bei Programmfehlern die technische Fehlerspur zeigen")
    parser.add_argument("--version", action="version", version=f"berichte {__version__}",
                        help="Versionsnummer anzeigen")
    commands = parser.add_subparsers(dest="befehl", metavar="BEFEHL", title="Befehle", parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


INPUT_FOLDERS = ("data", "reports", "vorlagen")


def _reading_input(exc: OSError, project: Path) -> bool:
    """Did the operating system refuse a file of the project's input (data/, reports/, vorlagen/)? Then it
    is an input problem (exit code 1); anything else is an output problem (exit code 3)."""
    if not exc.filename:
        return False
    try:
        path = Path(exc.filename).resolve()
        return any(folder in path.parents for folder in (project.resolve() / f for f in INPUT_FOLDERS))
    except (OSError, RuntimeError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except BerichteError as exc:
        err = console(stderr=True)
        if exc.problems:
            print_problems(exc.problems, err)
            errors = sum(p.is_error for p in exc.problems)
            if errors:
                err.print(f"[red]{errors} Fehler gefunden.[/red] {escape(exc.message)}")
            else:
                err.print(f"[red]Fehler:[/red] {escape(exc.message)}")
        else:
            err.print(f"[red]Fehler:[/red] {escape(exc.message)}")
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nAbgebrochen. Bereits veröffentlichte Dateien sind unverändert.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        if args.debug:
            raise
        print(f"Fehler: {os_error_text(exc)}", file=sys.stderr)
        return EXIT_DATA if _reading_input(exc, Path(args.projekt)) else EXIT_OUTPUT
    except Exception:
        if args.debug:
            raise
        import traceback

        print("Interner Programmfehler. Bitte mit --debug erneut ausführen und die Ausgabe an das "
              "Entwicklungsteam weitergeben.", file=sys.stderr)
        print("".join(traceback.format_exc(limit=1).splitlines(True)[-1:]), file=sys.stderr)
        return EXIT_INTERNAL
