"""``berichte dokumente [--kopieren]``: which report documents a project uses; copies to adapt them."""

from __future__ import annotations

from .console import EXIT_OK, console, escape


def add_parser(commands) -> None:
    p = commands.add_parser(
        "dokumente", help="zeigen, welche Berichtsdokumente gelten; mit --kopieren eigene Fassungen anlegen",
        description="Ohne eigenen Ordner reports/ verwendet ein Projekt die mit berichte gelieferten Dokumente "
                    "(profil.qmd, sozialbericht.qmd und ihre Einstellungen _quarto.yml). Mit --kopieren werden sie "
                    "nach reports/ kopiert (vorhandene Dateien bleiben unverändert); die Kopien gelten dann statt "
                    "der mitgelieferten und lassen sich anpassen (Kapitel umstellen, eigene Texte). Namen wie "
                    "Herausgeber und Gebiet gehören nicht in die Dokumente, sondern in data/projekt.yml.")
    p.add_argument("--kopieren", action="store_true", help="die mitgelieferten Dokumente nach reports/ kopieren")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..load.documents import copy_shipped, report_documents

    out = console()
    if args.kopieren:
        written = copy_shipped(args.projekt)
        for path in written:
            out.print(f"kopiert: {escape(str(path))}")
        if not written:
            out.print("reports/ enthält schon alle Dokumente; nichts kopiert.")
    out.print("Dokumente:")
    for line in report_documents(args.projekt).describe():
        out.print(f"  {escape(line)}")
    return EXIT_OK
