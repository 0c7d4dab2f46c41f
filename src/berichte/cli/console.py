"""The terminal side of the command line: exit codes, the Rich console, printing problems.

The ``cli`` package is the only one that prints; everything below it returns values or raises
:class:`~berichte.problems.BerichteError`.
"""

from __future__ import annotations

from ..problems import Problem

EXIT_CODES_HELP = """\
Rückgabewerte:
  0  alles in Ordnung (Warnungen möglich)
  1  Fehler in Daten, Einstellungen oder Vorlagen (die Meldungen nennen Datei, Zeile, Spalte, Wert),
     oder ein gesperrter Wert ließe sich aus dem Veröffentlichten errechnen (Geheimhaltung),
     oder eine Eingabedatei (data/, reports/, vorlagen/) ließ sich nicht lesen (Rechte, Datenträger)
  2  falscher Aufruf (unbekannte Option, fehlender Wert)
  3  Ausgabe konnte nicht geschrieben werden (Schreibrechte, Speicherplatz, schreibgeschütztes Dateisystem),
     ein Ziel ist keine gewöhnliche Datei (Gerät, Pipe, Ordner) oder läge außerhalb des Ausgabeordners
  4  ein anderer Build läuft bereits im selben Ausgabeordner
  70 interner Programmfehler (bitte mit --debug erneut ausführen und melden)
  130 abgebrochen (Strg+C)
"""
EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_OUTPUT, EXIT_LOCKED, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 70, 130


def console(stderr: bool = False):
    """The console every command prints to (no syntax highlighting, long lines wrap softly)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def escape(text: str) -> str:
    """User text such as a column "Anteil [%]" must not be read as Rich markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(str(text))


def print_problems(problems: list[Problem], out) -> None:
    for problem in problems:
        style = "red" if problem.is_error else "yellow"
        where = problem.location()
        out.print(f"[{style}]{problem.severity}[/{style}]: {escape(where or '')}"
                  + (": " if where else "") + escape(problem.message), highlight=False)


def warnings_text(n: int) -> str:
    """"1 Warnung", "3 Warnungen", "keine Warnungen"."""
    return "keine Warnungen" if n == 0 else f"{n} Warnung" if n == 1 else f"{n} Warnungen"
