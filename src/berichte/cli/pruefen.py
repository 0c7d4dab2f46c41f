"""``berichte pruefen``: check settings, areas, Merkmale, catalogue and every data file; list every problem."""

from __future__ import annotations

from .console import EXIT_DATA, EXIT_OK, console, escape, print_problems, warnings_text


def add_parser(commands) -> None:
    p = commands.add_parser("pruefen", help="alle Daten und Einstellungen prüfen und jedes Problem melden",
                            description="Prüft Einstellungen, Gebiete, Merkmale, Kennzahlenkatalog und alle "
                                        "Datendateien und meldet jedes gefundene Problem mit Datei, Zeile, Spalte "
                                        "und Wert. Beendet sich mit Code 1, wenn Fehler gefunden wurden.")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..formatting import count
    from ..load.project import check_project

    out = console()
    project, problems = check_project(args.projekt)
    print_problems(list(problems), out)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors:
        out.print(f"[red]{errors} Fehler[/red] und {warnings_text(warnings)} gefunden. "
                  "Die Daten können so nicht veröffentlicht werden.")
        return EXIT_DATA
    summary = ""
    if project is not None:
        from ..compute.results import compute
        from ..content.omissions import omissions

        year = project.settings.report_year
        left_out = omissions(compute(project), year)
        for omission in left_out:
            out.print(f"[yellow]Warnung[/yellow]: {escape(omission.warning())}")
        warnings += len(left_out)
        summary = (f" {len(project.areas)} Gebiete, {len(project.merkmale)} Merkmale, "
                   f"{len(project.catalogue)} Kennzahlen, {count(len(project.counts))} Werte "
                   f"für {project.settings.first_year}–{project.settings.last_year}.")
    out.print(f"[green]Keine Fehler[/green], {warnings_text(warnings)}.{summary}")
    return EXIT_OK
