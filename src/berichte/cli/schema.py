"""``berichte schema [--ziel ORDNER]``: the JSON Schemas of projekt.yml, merkmale.yml and kennzahlen.yml."""

from __future__ import annotations

from pathlib import Path

from .console import EXIT_OK, console, escape


def add_parser(commands) -> None:
    p = commands.add_parser(
        "schema", help="JSON Schema der YAML-Dateien für den Editor schreiben",
        description="Schreibt die Beschreibungen von projekt.yml, merkmale.yml und kennzahlen.yml als JSON Schema "
                    "(Voreinstellung: in den Ordner schema/ des Projekts). Ein Editor mit YAML-Erweiterung ergänzt "
                    "und prüft die Dateien damit, wenn ihre erste Zeile auf das Schema verweist: "
                    "# yaml-language-server: $schema=../schema/projekt.schema.json")
    p.add_argument("--ziel", type=Path, metavar="ORDNER", help="Zielordner (Voreinstellung: schema/ im Projektordner)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..load.reference import write_schemas

    folder = args.ziel or Path(args.projekt) / "schema"
    out = console()
    for path in write_schemas(folder):
        out.print(f"geschrieben: {escape(str(path))}")
    out.print("Erste Zeile einer YAML-Datei in data/, damit der Editor das Schema nutzt: "
              "# yaml-language-server: $schema=../schema/projekt.schema.json (bzw. merkmale…, kennzahlen…)")
    return EXIT_OK
