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
    from ..publish.check import check

    out = console()
    found = check(args.projekt)  # the same check as ``berichte build`` (publish/check.py)
    problems, project = found.problems, found.project
    print_problems(list(problems), out)
    for refusal in found.refusals:
        out.print(f"[red]Fehler[/red]: {escape(refusal)}")
    for warning in found.warnings:
        out.print(f"[yellow]Warnung[/yellow]: {escape(warning)}")
    errors, warnings = len(problems.errors) + len(found.refusals), len(problems.warnings) + len(found.warnings)
    if errors:
        out.print(f"[red]{errors} Fehler[/red] und {warnings_text(warnings)} gefunden. "
                  "Die Daten können so nicht veröffentlicht werden.")
        return EXIT_DATA
    summary = ""
    if project is not None and found.results is not None:
        from ..content.omissions import omissions

        year = project.settings.report_year
        left_out = omissions(found.results, year)
        for omission in left_out:
            out.print(f"[yellow]Warnung[/yellow]: {escape(omission.warning())}")
        warnings += len(left_out)
        summary = (f" {len(project.areas)} Gebiete, {len(project.merkmale)} Merkmale, "
                   f"{len(project.catalogue)} Kennzahlen, {count(len(project.counts))} Werte "
                   f"für {project.settings.first_year}–{project.settings.last_year}.")
    out.print(f"[green]Keine Fehler[/green], {warnings_text(warnings)}.{summary}")
    return EXIT_OK
