"""``berichte sozialindex``: the Sozialindex for a table of indicator values from elsewhere.

The table has one row per area: a key column (kept as text, so leading zeros survive), status indicator
columns, dynamics indicator columns (changes in Prozentpunkte) and optionally a population column. The
method is :func:`berichte.sozialindex.compute_sozialindex`; this module only reads, checks and writes.

Output format: by default ``;``-separated with decimal comma and UTF-8 with byte order mark, because that
is what German Excel opens correctly by double-click (its list separator is ``;`` and its decimal mark
``,``; a decimal point would turn "1.5" into the date 1 May). Numbers carry all digits of Python's
shortest exact representation (``repr``), so ``pandas.read_csv(path, sep=";", decimal=",")`` or
``berichte`` itself read back exactly the same floats. ``--trennzeichen ,`` writes the international
form (``,`` and decimal point, no byte order mark) for R, Python or databases.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..problems import BerichteError
from .console import console, escape

VALUE_OPTIONS = ("--status", "--dynamik", "--gewichte")

HELP = "Sozialindex (Status-, Dynamik- und Gesamtindex) für eine Tabelle von Kennzahlwerten berechnen"

DESCRIPTION = """\
Berechnet den Sozialindex nach dem Verfahren des Berliner „Monitoring Soziale Stadtentwicklung“ für eine
Tabelle mit einer Zeile je Gebiet, z. B. veröffentlichte Werte einer anderen Stadt.

Verfahren: Bewertet werden nur Gebiete mit allen Werten und (mit --einwohner) mindestens
--mindest-einwohner Einwohnerinnen und Einwohnern; die übrigen stehen mit Begründung in der Spalte
„grund“. Jede Kennzahl wird über die bewerteten Gebiete z-standardisiert (Mittelwert, Standardabweichung
mit Divisor n). Die Summe der z-Werte (mit --gewichte gewichtet) wird erneut z-standardisiert: das ist der
Status- bzw. Dynamikindex.

Klassen (Schwellen änderbar mit --schwellen-status und --schwellen-dynamik):
  Status:  hoch < −1 ≤ mittel ≤ +1 < niedrig ≤ +1,5 < sehr niedrig
  Dynamik: positiv < −1 ≤ stabil ≤ +1 < negativ
Ein Wert genau auf einer Schwelle gehört zur mittleren Klasse hin (−1 und +1: mittel bzw. stabil;
+1,5: niedrig). Abweichungen bis 0,000000001 gelten als Rechenungenauigkeit und zählen als „auf der
Schwelle“. Gesamtindex: „hoch/positiv“ (1 +) … „sehr niedrig/negativ“ (4 -), 12 Gruppen.
Besonderer Aufmerksamkeitsbedarf: Status niedrig oder sehr niedrig, oder Dynamik negativ.

Kennzahlen: Spaltennamen durch Kommas getrennt. Ein vorangestelltes „-“ kehrt die Polarität um (ein
höherer Wert ist günstig), z. B. --status=-beschaeftigtenquote,kinderarmut oder
--status "-beschaeftigtenquote,kinderarmut". Es genügt auch nur --status oder nur --dynamik.

Eingabe: CSV mit „;“ oder „,“, Dezimalkomma oder -punkt (je Spalte erkannt, sonst --dezimal), UTF-8 oder
Windows-1252; auch Excel-Dateien. Leere Zellen und amtliche Zeichen („.“, „x“, „/“, …) bedeuten: Wert
fehlt; „-“ allein bedeutet 0 (nichts vorhanden).

Ausgabe: eine Zeile je Gebiet in der Reihenfolge der Eingabe: Schlüssel, z_<Kennzahl>, status_summe,
status_index, status_klasse, dynamik_summe, dynamik_index, dynamik_klasse, gesamt_gruppe, gesamt_kuerzel,
besonderer_aufmerksamkeitsbedarf (ja/nein), grund; mit nur --status oder nur --dynamik entfallen die
Spalten des anderen Teils und des Gesamtindex. Voreinstellung: „;“ als Trennzeichen, Dezimalkomma,
UTF-8 mit BOM – so öffnet ein deutsches Excel die Datei per Doppelklick richtig. Zahlen mit allen Stellen
(verlustfrei wieder einlesbar). Mit --trennzeichen , : Komma und Dezimalpunkt für R, Python, Datenbanken.

Beispiel:
  berichte sozialindex werte.csv --schluessel Planungsraum --status alo,transfer,kinderarmut \\
      --dynamik d_alo,d_transfer,d_kinderarmut --einwohner EW --ausgabe sozialindex.csv
"""


class UsageError(BerichteError):
    exit_code = 2


def add_parser(commands) -> argparse.ArgumentParser:
    p = commands.add_parser("sozialindex", help=HELP, description=DESCRIPTION)
    p.add_argument("eingabe", type=Path, metavar="EINGABE", help="Tabelle mit einer Zeile je Gebiet (CSV oder Excel)")
    p.add_argument("--schluessel", required=True, metavar="SPALTE", help="Spalte mit dem Gebietsschlüssel")
    p.add_argument("--status", metavar="A,B,-C", help="Spalten der Status-Kennzahlen (Anteile; höher = ungünstiger)")
    p.add_argument("--dynamik", metavar="D,E,-F",
                   help="Spalten der Dynamik-Kennzahlen (Veränderung in Prozentpunkten)")
    p.add_argument("--einwohner", metavar="SPALTE", help="Spalte mit der Einwohnerzahl (für die Mindestgröße)")
    p.add_argument("--mindest-einwohner", type=_non_negative_int, metavar="N",
                   help="kleinere Gebiete werden nicht bewertet (Voreinstellung mit --einwohner: 300)")
    p.add_argument("--gewichte", metavar="A=2,D=0.5",
                   help="Gewichte einzelner Kennzahlen (Voreinstellung 1); mit Dezimalkomma: \"A=2;D=0,5\"")
    p.add_argument("--schwellen-status", nargs=3, type=_number, metavar=("T1", "T2", "T3"),
                   help="Klassengrenzen des Statusindex (Voreinstellung: -1 1 1.5)")
    p.add_argument("--schwellen-dynamik", nargs=2, type=_number, metavar=("D1", "D2"),
                   help="Klassengrenzen des Dynamikindex (Voreinstellung: -1 1)")
    p.add_argument("--dezimal", choices=["komma", "punkt"],
                   help="Dezimalzeichen der Eingabe (Voreinstellung: je Spalte erkannt)")
    p.add_argument("--trennzeichen", type=_separator, default=";", metavar="{;|,}",
                   help="Trennzeichen der Ausgabe: „;“ mit Dezimalkomma (Excel, Voreinstellung) oder „,“ mit "
                        "Dezimalpunkt; auch „semikolon“ oder „komma“")
    p.add_argument("--ausgabe", type=Path, required=True, metavar="DATEI", help="Ergebnisdatei (CSV)")
    p.set_defaults(handler=run)
    p.parse_known_args = _join_leading_minus(p.parse_known_args, p)
    return p


def _join_leading_minus(parse_known_args, parser):
    """Let ``--status -a,b`` mean ``--status=-a,b``: argparse would take "-a,b" for an option."""

    def wrapper(args=None, namespace=None):
        args = list(args) if args is not None else None
        if args:
            known = set(parser._option_string_actions)
            joined, i = [], 0
            while i < len(args):
                current = args[i]
                nxt = args[i + 1] if i + 1 < len(args) else None
                if (current in VALUE_OPTIONS and nxt is not None and nxt.startswith("-")
                        and not nxt.startswith("--") and nxt not in known):
                    joined.append(f"{current}={nxt}")
                    i += 2
                else:
                    joined.append(current)
                    i += 1
            args = joined
        return parse_known_args(args, namespace)

    return wrapper


def _separator(text: str) -> str:
    separator = {";": ";", ",": ",", "semikolon": ";", "komma": ","}.get(text.strip().lower())
    if separator is None:
        raise argparse.ArgumentTypeError(f"„{text}“: erlaubt sind „;“ (semikolon) und „,“ (komma)")
    return separator


def _non_negative_int(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine ganze Zahl ab 0")
    return int(text)


def _number(text: str) -> float:
    try:
        return float(text.strip().replace("−", "-").replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Zahl") from None


def split_names(text: str | None) -> list[str]:
    """"-a, b" → ["-a", "b"]: names separated by commas; a leading "-" (or "−") stays for the polarity."""
    if not text:
        return []
    names = [n.strip().replace("−", "-", 1) for n in text.split(",")]
    if any(not n.lstrip("-").strip() for n in names):
        raise UsageError(f"„{text}“: ein Kennzahlname ist leer (zwei Kommas hintereinander?).")
    return [("-" + n[1:].strip()) if n.startswith("-") else n for n in names]


def parse_weights(text: str | None) -> dict[str, float]:
    """"a=2,b=0.5" or "a=2;b=0,5" → {"a": 2.0, "b": 0.5}."""
    if not text:
        return {}
    items = text.split(";") if ";" in text else text.split(",")
    weights = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            weights[name.strip()] = float(value.strip().replace(",", "."))
        except ValueError:
            raise UsageError(f"--gewichte: „{item.strip()}“ ist nicht in der Form NAME=ZAHL, "
                             "z. B. kinderarmut=2.") from None
    return weights


def run(args) -> int:
    from ..atomic import write_text
    from ..formatting import count
    from ..compute.sozialindex import compute_sozialindex
    from ..load.sozialindex_config import (DEFAULT_MIN_POPULATION, DYNAMICS_THRESHOLDS, STATUS_THRESHOLDS,
                                           SozialindexConfig, indicators_from_names)
    from ..load.indicator_table import read_indicator_table
    from ..publish.sozialindex_table import result_table, to_csv_text

    status_names, dynamics_names = split_names(args.status), split_names(args.dynamik)
    if not status_names and not dynamics_names:
        raise UsageError("Bitte --status und/oder --dynamik mit den Spalten der Kennzahlen angeben.")
    if args.mindest_einwohner is not None and not args.einwohner:
        raise UsageError("--mindest-einwohner braucht --einwohner (die Spalte mit der Einwohnerzahl).")
    if args.ausgabe.resolve() == args.eingabe.resolve():
        raise UsageError("Die Ausgabedatei darf nicht die Eingabedatei sein.")
    weights = parse_weights(args.gewichte)
    plain = [n.lstrip("-") for n in status_names + dynamics_names]
    unknown = [w for w in weights if w not in plain]
    if unknown:
        raise UsageError(f"--gewichte nennt {', '.join(f'„{u}“' for u in unknown)}, das weder unter --status "
                         "noch unter --dynamik steht.")

    table = read_indicator_table(args.eingabe, args.schluessel, [n.lstrip("-") for n in status_names],
                                 [n.lstrip("-") for n in dynamics_names], args.einwohner,
                                 {"komma": ",", "punkt": "."}.get(args.dezimal))
    config = SozialindexConfig(
        status=indicators_from_names(status_names, weights),
        dynamics=indicators_from_names(dynamics_names, weights),
        min_population=(args.mindest_einwohner if args.mindest_einwohner is not None else DEFAULT_MIN_POPULATION)
        if args.einwohner else None,
        status_thresholds=tuple(args.schwellen_status or STATUS_THRESHOLDS),
        dynamics_thresholds=tuple(args.schwellen_dynamik or DYNAMICS_THRESHOLDS),
    )
    result = compute_sozialindex(table.values, config, population=table.population)
    out = result_table(result, config, table.key_column)
    separator = args.trennzeichen
    text = to_csv_text(out, separator)
    write_text(args.ausgabe, text, encoding="utf-8-sig" if separator == ";" else "utf-8")

    out = console()
    for note in result.attrs.get("hinweise", []):
        out.print(f"[yellow]Hinweis[/yellow]: {escape(note)}")
    scored = int(result["bewertet"].sum())
    out.print(f"Sozialindex für {count(scored)} von {count(len(result))} Gebieten berechnet"
                  + (f" ({count(len(result) - scored)} nicht bewertet, Begründung in der Spalte „grund“)."
                     if scored < len(result) else "."))
    for column, what in (("status_klasse", "Status"), ("dynamik_klasse", "Dynamik")):
        if result[column].notna().any():
            counts = result[column].value_counts(sort=False)
            out.print(escape(f"{what}: " + ", ".join(f"{label} {count(n)}" for label, n in counts.items()) + "."))
    attention = int(result["besonderer_aufmerksamkeitsbedarf"].fillna(False).sum())
    out.print(f"Gebiete mit besonderem Aufmerksamkeitsbedarf: {count(attention)}.")
    form = ("Trennzeichen „;“, Dezimalkomma, UTF-8 mit BOM" if separator == ";"
            else "Trennzeichen „,“, Dezimalpunkt, UTF-8")
    out.print(escape(f"Geschrieben: {args.ausgabe} ({form})."))
    return 0
