"""``berichte geheimhaltung``: the secrecy audit alone, with a report for the data-protection officer."""

from __future__ import annotations

from pathlib import Path

from .console import EXIT_DATA, EXIT_OK, console, escape
from .parser import year


def add_parser(commands) -> None:
    p = commands.add_parser(
        "geheimhaltung", help="prüfen, ob sich gesperrte Werte aus dem Veröffentlichten errechnen lassen",
        description="Prüft für jeden gesperrten Wert, wie genau er sich aus allem Veröffentlichten (alle "
                    "Berichte, CSV/XLSX, frühere Fassungen im Ausgabeordner) eingrenzen lässt, und ob er damit "
                    "geschützt ist. Beendet sich mit Code 1, wenn ein Wert nicht geschützt ist. Schreibt nichts "
                    "außer dem Prüfbericht (--bericht).")
    p.add_argument("--jahr", type=year, action="append", metavar="JAHR",
                   help="nur die gesperrten Werte dieses Jahres prüfen (mehrfach möglich)")
    p.add_argument("--ausgabe", type=Path, metavar="ORDNER",
                   help="Ausgabeordner mit den bisherigen Veröffentlichungen (Voreinstellung: _output)")
    p.add_argument("--bericht", type=Path, metavar="DATEI",
                   help="Prüfbericht für die Datenschutzbeauftragte oder den Datenschutzbeauftragten "
                        "(Markdown, .md) schreiben")
    p.set_defaults(handler=run)


def run(args) -> int:
    from .. import atomic
    from ..compute.results import compute
    from ..load.project import load_project
    from ..publish.audit import audit, problem_lines, report_markdown, summary_line
    from ..publish.ledger import load_snapshots

    out = console()
    root = Path(args.projekt)
    project = load_project(root)
    output = args.ausgabe or root / "_output"
    results = compute(project, load_snapshots(output, project.table.values))
    report = audit(results, args.jahr)
    style = "green" if report.ok else "red"
    out.print(f"[{style}]{escape(summary_line(report))}[/{style}]")
    for line in problem_lines(report):
        out.print(f"- {escape(line)}")
    if results.secrecy.failures:
        out.print(f"[red]{len(results.secrecy.failures)} gesperrte Werte lassen sich auch mit weiteren Sperrungen "
                  "nicht schützen.[/red]")
    if args.bericht:
        atomic.write_text(args.bericht, report_markdown(report, results))
        out.print(f"Prüfbericht: {escape(str(args.bericht))}")
    return EXIT_OK if report.ok and not results.secrecy.failures else EXIT_DATA
