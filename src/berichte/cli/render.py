"""The ``berichte render`` command: one document for one area and year, as HTML and/or PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .console import console, escape
from .parser import year

FORMATS = ("html", "pdf")
_ENGINE_NAMES = {"builtin": "eingebaute Engine", "quarto": "Quarto"}


def parse_formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(f"„{text}“: möglich sind html, pdf oder html,pdf")
    return chosen


def add_parser(commands) -> None:
    p = commands.add_parser(
        "render", help="einen Bericht (.qmd) für ein Gebiet und Jahr als HTML und PDF erzeugen",
        description="Führt ein Quarto-Dokument mit den Parametern gebiet, jahr und vergleich aus und schreibt "
                    "eine eigenständige HTML-Datei und ein barrierearmes PDF (A4), mit der eingebauten Engine "
                    "oder mit Quarto (--engine quarto oder „engine: quarto“ in projekt.yml). Bei einem Fehler "
                    "wird nichts geschrieben.")
    p.add_argument("--gebiet", required=True, metavar="SCHLÜSSEL",
                   help="Gebietsschlüssel, z. B. 03241001 (führende Nullen bleiben erhalten)")
    p.add_argument("--jahr", type=year, help="Berichtsjahr (Voreinstellung: berichtsjahr aus projekt.yml)")
    p.add_argument("--vergleich", type=year, metavar="JAHR",
                   help="Vergleichsjahr (Voreinstellung: vergleichsjahr aus projekt.yml, wie bei build)")
    p.add_argument("--format", type=parse_formats, default=FORMATS, metavar="FORMATE",
                   help="html, pdf oder html,pdf (Voreinstellung: html,pdf)")
    p.add_argument("--engine", choices=["auto", "builtin", "quarto"], default="auto",
                   help="auto (Voreinstellung: die eingebaute Engine, außer projekt.yml verlangt „engine: quarto“), "
                        "builtin oder quarto")
    p.add_argument("--dokument", type=Path, default=None, metavar="DATEI",
                   help="das Quarto-Dokument, relativ zum Projektordner (Voreinstellung: das Profil, für das "
                        "Gebiet der obersten Ebene der Sozialbericht – die eigene Fassung in reports/, sonst die "
                        "mitgelieferte)")
    p.add_argument("--ausgabe", type=Path, default=None, metavar="ORDNER",
                   help="Ausgabeordner (Voreinstellung: _output im Projektordner); die Dateien landen in "
                        "<ORDNER>/<jahr>/<dokument>-<gebiet>-<jahr>.html bzw. .pdf")
    p.set_defaults(handler=run_render)


def output_paths(folder: Path, document: Path, area: str, year: int) -> tuple[Path, Path]:
    stem = f"{document.stem}-{area}-{year}"
    base = folder / str(year)
    return base / f"{stem}.html", base / f"{stem}.pdf"


def _is_top_area(settings, area: str) -> bool:
    """Is ``area`` the project's top-level area (the Region)? Then the default document is the Sozialbericht."""
    from ..problems import Problems

    if settings is None:
        return False
    from ..load.areas import load_areas

    areas = load_areas(settings, Problems())
    return areas is not None and area in areas and areas.level(area) == settings.level_ids[0]


def _comparison_year(settings, report_year: int) -> int | None:
    """The comparison year a build uses for ``report_year`` (projekt.yml), None without settings."""
    if settings is None:
        return None
    return settings.default_comparison(report_year)


def run_render(args) -> int:
    from ..formatting import number
    from ..engine.errors import CellError, EngineError
    from ..load.documents import report_documents
    from ..load.settings import load_settings
    from ..problems import Problems
    from ..publish.worker import project_renderer

    from .. import atomic
    from ..load.areas import KEY_RULE, valid_key

    project = Path(args.projekt)
    area = str(args.gebiet).strip()
    if not area:
        raise EngineError("--gebiet darf nicht leer sein.")
    if not valid_key(area):
        raise EngineError(f"--gebiet „{area}“ ist kein gültiger Gebietsschlüssel. {KEY_RULE}")
    problems = Problems(base=project)
    settings = load_settings(project, problems)
    if settings is None and args.dokument is None:
        from ..problems import DataError

        raise DataError("Ohne gültige Projekteinstellungen kann kein Bericht erzeugt werden (ein neues Projekt legt "
                        "„berichte neu ORDNER“ an).", problems.items)
    if args.dokument is not None:
        document = args.dokument if args.dokument.is_absolute() else project / args.dokument
    else:
        document = report_documents(project).path("sozialbericht" if _is_top_area(settings, area) else "profil")
    report_year = args.jahr or (settings.report_year if settings is not None else None)
    if report_year is None:
        raise EngineError("Bitte --jahr angeben: data/projekt.yml fehlt oder ist fehlerhaft (berichte pruefen "
                          "nennt die Ursache).")
    params = {"gebiet": area, "jahr": report_year, "projekt": str(project.resolve())}
    comparison = args.vergleich if args.vergleich is not None else _comparison_year(settings, report_year)
    if comparison is not None:  # as build does: never the default written in the .qmd
        params["vergleich"] = comparison
    folder = args.ausgabe or project / "_output"
    html_path, pdf_path = output_paths(folder, document, area, report_year)
    atomic.check([html_path, pdf_path], inside=folder)  # before anything is computed or written
    renderer = project_renderer(project, args.engine)
    try:
        result = renderer.render(document, params, out_html=html_path if "html" in args.format else None,
                                 out_pdf=pdf_path if "pdf" in args.format else None)
    except CellError as exc:
        if args.debug and exc.traceback_text:
            print(exc.traceback_text, file=sys.stderr)
        raise
    out = console()
    for warning in result.warnings:
        out.print(f"[yellow]Warnung[/yellow]: {escape(warning)}")
    if "html" in args.format:
        out.print(f"HTML geschrieben: {escape(str(html_path))}")
    if "pdf" in args.format:
        pages = f" ({result.pages} Seiten)" if result.pages else ""
        out.print(f"PDF geschrieben: {escape(str(pdf_path))}{pages}")
    out.print(f"Fertig in {number(result.timings['total'], 1)} s "
                  f"({_ENGINE_NAMES.get(result.engine, result.engine)}).")
    return 0
