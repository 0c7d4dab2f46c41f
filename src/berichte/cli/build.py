"""``berichte build`` and ``berichte status``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..formatting import count, number
from .console import EXIT_INTERRUPTED, console, escape
from .parser import jobs_count, year
from .render import parse_formats


def add_parser(commands) -> None:
    p = commands.add_parser(
        "build", help="alle Berichte erzeugen (HTML und PDF), nur Geändertes neu",
        description="Erzeugt den Sozialbericht und die Sozialstruktur-Profile aller Kommunen und Sozialräume als "
                    "HTML und PDF, dazu die Kennzahlentabellen und eine Übersichtsseite (index.html). Neu erzeugt "
                    "wird nur, was sich inhaltlich geändert hat; ein geänderter, schon veröffentlichter Bericht "
                    "wird als korrigierte Fassung mit neuer Fassungsnummer veröffentlicht, die vorherige Fassung "
                    "archiviert und ein Korrekturprotokoll geschrieben. Ein abgebrochener oder fehlgeschlagener "
                    "Build lässt alle veröffentlichten Dateien unverändert.")
    p.add_argument("--jahr", type=year, action="append", metavar="JAHR",
                   help="Berichtsjahr (mehrfach möglich; Voreinstellung: berichtsjahr aus projekt.yml)")
    p.add_argument("--gebiet", metavar="SCHLÜSSEL",
                   help="nur den Bericht dieses Gebiets neu erzeugen (mit dem Schlüssel der Region: den Sozialbericht)")
    p.add_argument("--jobs", type=jobs_count, default=0, metavar="N",
                   help="Zahl paralleler Prozesse (Voreinstellung: alle Prozessorkerne)")
    p.add_argument("--format", type=parse_formats, default=("html", "pdf"), metavar="FORMATE",
                   help="html, pdf oder html,pdf (Voreinstellung: html,pdf)")
    p.add_argument("--engine", choices=["auto", "builtin", "quarto"], default="auto",
                   help="auto (Voreinstellung: die eingebaute Engine, außer projekt.yml verlangt „engine: quarto“), "
                        "builtin oder quarto")
    p.add_argument("--ausgabe", type=Path, metavar="ORDNER",
                   help="Ausgabeordner (Voreinstellung: _output, mit --entwurf: _entwurf)")
    p.add_argument("--neu", action="store_true",
                   help="alle Berichte neu setzen, auch unveränderte (die Fassungsnummer bleibt dann gleich)")
    p.add_argument("--entwurf", action="store_true",
                   help="Entwürfe zur Durchsicht: Berichte mit dem Vermerk „Entwurf“ in einem eigenen Ordner "
                        "(Voreinstellung: _entwurf), ohne Fassungen, Archiv und Korrekturprotokoll; veröffentlicht "
                        "wird nichts")
    p.add_argument("--cluster", metavar="ADRESSE",
                   help="auf einem Dask-Cluster rechnen: tcp://HOST:8786 oder „lokal“ für einen lokalen Cluster")
    p.set_defaults(handler=run_build)

    p = commands.add_parser("status", help="zeigen, welche Berichte veraltet sind und warum",
                            description="Vergleicht die veröffentlichten Berichte mit dem, was die aktuellen Daten "
                                        "ergeben würden, und nennt veraltete Berichte mit den geänderten Aussagen "
                                        "und Datendateien. Schreibt nichts.")
    p.add_argument("--jahr", type=year, action="append", metavar="JAHR")
    p.add_argument("--ausgabe", type=Path, metavar="ORDNER")
    p.set_defaults(handler=run_status)


class _RichProgress:
    def __init__(self, console):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
            TimeRemainingColumn

        self.progress = Progress(TextColumn("[bold]Berichte"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("·"), TimeElapsedColumn(), TextColumn("· noch"), TimeRemainingColumn(),
                                 TextColumn("{task.fields[last]}"), console=console, transient=False)
        self.task = None

    def start(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("build", total=total, last="")

    def advance(self, outcome) -> None:
        self.progress.update(self.task, advance=1, last=f"{outcome.job.area[:28]} ({outcome.status})")

    def stop(self) -> None:
        self.progress.stop()


def run_build(args) -> int:
    from ..publish.runner import DRAFT_FOLDER, BuildOptions, build

    out = console()
    root = Path(args.projekt)
    executor = "lokal"
    if args.cluster:
        executor = "dask-lokal" if args.cluster.strip().lower() == "lokal" else args.cluster.strip()
    default_output = root / (DRAFT_FOLDER if args.entwurf else "_output")
    options = BuildOptions(root=root, output=args.ausgabe or default_output, years=args.jahr, key=args.gebiet,
                           jobs=args.jobs, formats=args.format, engine=args.engine, force=args.neu,
                           executor=executor, draft=args.entwurf)
    progress = _RichProgress(out) if sys.stdout.isatty() or os.environ.get("BERICHTE_FORTSCHRITT") else None
    try:
        summary = build(options, progress)
    except KeyboardInterrupt:
        out.print("[red]Abgebrochen.[/red] Fertige Berichte sind veröffentlicht; alle anderen sind "
                      "unverändert. Der nächste Build macht weiter.")
        return EXIT_INTERRUPTED
    if summary.up_to_date:
        out.print(f"[green]Alles aktuell[/green]: {count(summary.total)} Berichte, keine Eingabe geändert "
                      f"({number(summary.seconds, 1)} s). {escape(summary.documents)}.")
        return 0
    for warning in summary.warnings:
        out.print(f"[yellow]Hinweis:[/yellow] {escape(warning)}")
    for outcome in summary.failed:
        out.print(f"[red]Fehler[/red] in {escape(outcome.job.title)}: {escape(outcome.error)}")
        if args.debug and outcome.warnings:
            out.print(escape(outcome.warnings[-1]))
    if summary.audit is not None:
        from ..publish.audit import summary_line

        out.print(escape(summary_line(summary.audit)))
    corrected = [o for o in summary.built if o.status == "korrigiert"]
    if options.draft:
        out.print(
            f"{count(len(summary.built))} Entwürfe erzeugt, {count(len(summary.unchanged))} unverändert, "
            f"{count(len(summary.failed))} fehlgeschlagen – {number(summary.seconds, 1)} s. Ausgabe: "
            f"{escape(str(options.output))} (Entwürfe, nicht veröffentlicht; veröffentlichen mit: berichte build)")
    else:
        out.print(
            f"{count(len(summary.built))} erzeugt (davon {count(len(corrected))} korrigiert), "
            f"{count(len(summary.unchanged))} unverändert, {count(len(summary.failed))} fehlgeschlagen "
            f"– {number(summary.seconds, 1)} s. Ausgabe: {escape(str(options.output))}")
    out.print(f"{escape(summary.documents)}.")
    for entry in summary.retired:
        out.print(f"Nicht mehr aktuell (Gebiet umbenannt oder entfernt, ins Archiv verschoben): "
                  f"{escape(entry.title)}")
    if summary.correction_log is not None:
        out.print(f"Korrekturprotokoll: {escape(str(summary.correction_log))}")
    return 1 if summary.failed else 0


def run_status(args) -> int:
    from ..publish.status import stale_reports

    out = console()
    root = Path(args.projekt)
    report = stale_reports(root, args.ausgabe or root / "_output", args.jahr)
    for warning in report.warnings:
        out.print(f"[yellow]Hinweis:[/yellow] {escape(warning)}")
    out.print("Dokumente:")
    for line in report.documents:
        out.print(f"  {escape(line)}")
    if report.changed_files:
        out.print("Geänderte Datendateien seit dem letzten vollständigen Build:")
        for path in report.changed_files:
            out.print(f"  {escape(path)}")
    if not report.stale:
        out.print(f"[green]Alle {count(report.total)} Berichte sind aktuell.[/green]")
        return 0
    out.print(f"[yellow]{count(len(report.stale))} von {count(report.total)} Berichten sind veraltet:[/yellow]")
    for item in report.stale:
        out.print(f"- {escape(item.title)}: {escape(item.reason)}")
        for old, new in item.changes[:5]:
            out.print(f"    bisher: {escape(old or '–')}")
            out.print(f"    neu:    {escape(new or '–')}")
        if len(item.changes) > 5:
            out.print(f"    … und {len(item.changes) - 5} weitere Änderungen")
    return 0
