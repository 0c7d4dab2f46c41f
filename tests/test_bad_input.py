"""Catalogue of bad inputs: each case breaks a copy of a small valid project in one way and names the German
error or warning that must come out of ``berichte pruefen`` — file, row, column, value and message.

Every case also runs through the command line: exit code 1 for errors (0 if only warnings), no traceback,
and nothing is written to the output folder.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from berichte.cli import main
from berichte.load.project import check_project

from conftest import MINI  # noqa: E402


def replace(relative: str, old: str, new: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / "data" / relative
        text = path.read_text(encoding=encoding)
        assert old in text, (old, relative)
        path.write_text(text.replace(old, new, 1), encoding=encoding)
    return mutate


def append(relative: str, text: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / "data" / relative
        path.write_text(path.read_text() + text)
    return mutate


def write(relative: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / "data" / relative
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return mutate


def both(*mutations) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)
    return mutate


def excel_with_numeric_keys(root: Path) -> None:
    (root / "data/zahlen/melderegister.csv").unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["schluessel", "merkmal", 2020, 2021, 2022])
    sheet.append([100000101, "ew", 1000, 1010, 1020])
    book.save(root / "data/zahlen/melderegister.xlsx")


def semicolon_header_comma_rows(root: Path) -> None:
    path = root / "data/zahlen/jobcenter.csv"
    lines = path.read_text().splitlines()
    path.write_text(lines[0].replace(",", ";") + "\n" + "\n".join(lines[1:]) + "\n")


def utf16_without_bom(root: Path) -> None:
    path = root / "data/zahlen/jobcenter.csv"
    path.write_bytes(path.read_text().encode("utf-16-le"))


def undecodable(root: Path) -> None:
    path = root / "data/zahlen/jobcenter.csv"
    path.write_bytes(path.read_bytes().replace(b"lb_u18", b"lb_\x81u18", 1))


def remove_data_files(root: Path) -> None:
    shutil.rmtree(root / "data/zahlen")
    (root / "data/zahlen").mkdir()


def delete(relative: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / "data" / relative).unlink()
    return mutate


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = "Fehler"


GEB, MEL, JOB, KAT, MER, PRO = ("gebiete.csv", "zahlen/melderegister.csv", "zahlen/jobcenter.csv",
                                "kennzahlen.yml", "merkmale.yml", "projekt.yml")

CASES = [
    # --- count files: format ------------------------------------------------------------------
    Case("falsches Trennzeichen", semicolon_header_comma_rows, "falsches Trennzeichen", JOB, 1,
         value="schluessel;jahr;merkmal;wert"),
    Case("UTF-16 ohne Kennung", utf16_without_bom, "Nullbytes", JOB),
    Case("weder UTF-8 noch Windows-1252", undecodable, "weder UTF-8 noch Windows-1252", JOB),
    Case("leere Datei", write("zahlen/leer.csv", ""), "Die Datei ist leer", "zahlen/leer.csv"),
    Case("nur Kopfzeile", write("zahlen/kopf.csv", "schluessel;jahr;merkmal;wert\n"), "keine Datenzeilen",
         "zahlen/kopf.csv", severity="Warnung"),
    Case("keine Kopfzeile", write("zahlen/ohne.csv", "01000002;2021;lb;5\n"), "Keine Kopfzeile gefunden",
         "zahlen/ohne.csv"),
    Case("Layout nicht erkennbar", write("zahlen/extra.csv", "schluessel;irgendwas\n01000002;5\n"),
         "Tabellenlayout ist nicht erkennbar", "zahlen/extra.csv"),
    Case("kaputte Excel-Datei", write("zahlen/kaputt.xlsx", b"PK\x03\x04 kein Excel"), "Excel-Datei kann nicht gelesen",
         "zahlen/kaputt.xlsx"),
    Case("Excel-Schlüssel als Zahl", excel_with_numeric_keys, "führende Null", "zahlen/melderegister.xlsx", 2,
         "schluessel", "100000101"),
    Case("fehlende Datei in den Einstellungen", replace(PRO, "ebenen:", "dateien: {zahlen: [fehlt.csv]}\nebenen:"),
         "Die Datei fehlt", "fehlt.csv"),
    Case("leerer Datenordner", remove_data_files, "noch keine Datenlieferungen", PRO, severity="Warnung"),
    Case("Datendatei in den Einstellungen fehlt", replace(PRO, "ebenen:", "dateien: {zahlen: [leer/*.csv]}\nebenen:"),
         "Keine Datendateien gefunden", PRO),
    # --- count files: values ------------------------------------------------------------------
    Case("Text statt Zahl", replace(MEL, "01000003;ew;250;240;230", "01000003;ew;250;ca. 240;230"), "Keine Zahl",
         MEL, 5, "2021", "ca. 240"),
    Case("Buchstabe O statt Null", replace(JOB, "01000002,2021,lb,1100", "01000002,2021,lb,11O0"), "Keine Zahl",
         JOB, 9, "wert", "11O0"),
    Case("negative Anzahl", replace(MEL, "01000003;ew;250;240;230", "01000003;ew;250;-240;230"), "nicht negativ",
         MEL, 5, "2021", "-240"),
    Case("gebrochene Anzahl", replace(MEL, "01000003;ew;250;240;230", "01000003;ew;250;240,5;230"), "ganzzahlig",
         MEL, 5, "2021", "240,5"),
    Case("Jahr keine Jahreszahl", replace(JOB, "01000002,2021,lb,1100", "01000002,20x1,lb,1100"), "vierstellige Zahl",
         JOB, 9, "jahr", "20x1"),
    Case("Jahr außerhalb des Zeitraums", append(JOB, "01000002,2019,lb,900\n"), "außerhalb des Berichtszeitraums",
         JOB, 26, "jahr", "2019", severity="Warnung"),
    Case("unbekanntes Gebiet", replace(JOB, "01000002,2021,lb,1100", "01000009,2021,lb,1100"),
         "Unbekannter Gebietsschlüssel", JOB, 9, "schluessel", "01000009"),
    Case("Schlüssel ohne führende Null", replace(JOB, "01000002,2021,lb,1100", "1000002,2021,lb,1100"),
         "führende Null", JOB, 9, "schluessel", "1000002"),
    Case("Gebietsschlüssel fehlt", replace(JOB, "01000002,2021,lb,1100", ",2021,lb,1100"), "Gebietsschlüssel fehlt",
         JOB, 9, "schluessel"),
    Case("unbekanntes Merkmal", replace(JOB, "01000002,2021,lb,1100", "01000002,2021,lbb,1100"), "Unbekanntes Merkmal",
         JOB, 9, "merkmal", "lbb"),
    Case("berechnetes Merkmal geliefert", append(JOB, "01000002,2021,ew_ab18,8000\n"), "per Formel berechnet",
         JOB, 26, "merkmal", "ew_ab18"),
    Case("widersprüchliche Doppelangabe", append(JOB, "01000002,2021,lb,1150\n"), "Widersprüchliche Doppelangabe",
         JOB, 26, "wert", "1150"),
    Case("gleiche Doppelangabe", append(JOB, "01000002,2021,lb,1100\n"), "Doppelte Zeile", JOB, 26, "wert", "1100",
         severity="Warnung"),
    Case("Teil größer als das Ganze", replace(JOB, "01000003,2020,lb_u18,4", "01000003,2020,lb_u18,45"),
         "Teil größer als das Ganze", JOB, 23, "wert", "45"),
    Case("Teilgebiete passen nicht zur Summe", append(MEL, "01000001;ew;4.000;4.000;4.100\n"), "Summe der Teilgebiete",
         MEL, 10, "2022", "4.100", severity="Warnung"),
    Case("Nenner ist 0", both(replace(MEL, "01000003;ew;250;240;230", "01000003;ew;250;240;0"),
                              replace(JOB, "01000003,2022,lb,2", "01000003,2022,lb,0"),
                              replace(MEL, "01000003;ew_u18;40;38;36", "01000003;ew_u18;40;38;0"),
                              replace(JOB, "01000003,2022,lb_u18,*", "01000003,2022,lb_u18,0")),
         "Nenner ist 0", KAT, column="nenner", severity="Warnung"),
    Case("Anteil über 100 %", replace(MEL, "01000003;ew_u18;40;38;36", "01000003;ew_u18;3;38;36"),
         "Zähler ist größer als der Nenner", KAT, column="zaehler"),
    Case("Jahr fehlt ganz", replace(PRO, "jahre: {von: 2020, bis: 2022}", "jahre: {von: 2019, bis: 2022}"),
         "keine Daten", PRO, column="jahre"),
    Case("Merkmal fehlt für ein Jahr", write(JOB, "".join(
        line for line in (MINI / "data" / JOB).read_text().splitlines(True) if ",2021,lb_u18," not in line)),
         "fehlen die Jahre 2021", MER, value="lb_u18", severity="Warnung"),
    # --- areas --------------------------------------------------------------------------------
    Case("doppeltes Gebiet", replace(GEB, "0100000102;Adorf-Süd", "0100000101;Adorf-Süd"), "doppelt", GEB, 7,
         "schluessel", "0100000101"),
    Case("unbekannte Ebene", replace(GEB, "01000002;Bedorf;kommune", "01000002;Bedorf;gemeinde"), "Unbekannte Ebene",
         GEB, 4, "ebene", "gemeinde"),
    Case("unbekanntes übergeordnetes Gebiet", replace(GEB, "01000003;Cedorf;kommune;01000", "01000003;Cedorf;kommune;01009"),
         "übergeordnete Gebiet ist unbekannt", GEB, 5, "uebergeordnet", "01009"),
    Case("übergeordnetes Gebiet auf falscher Ebene", replace(GEB, "0100000102;Adorf-Süd;sozialraum;01000001",
                                                            "0100000102;Adorf-Süd;sozialraum;01000"),
         "erwartet wird „kommune“", GEB, 7, "uebergeordnet", "01000"),
    Case("Kreis in der Hierarchie", both(replace(GEB, "01000002;Bedorf;kommune;01000", "01000002;Bedorf;kommune;01000003"),
                                        replace(GEB, "01000003;Cedorf;kommune;01000", "01000003;Cedorf;kommune;01000002")),
         "Kreis", GEB, column="uebergeordnet"),
    Case("übergeordnetes Gebiet fehlt", replace(GEB, "01000003;Cedorf;kommune;01000", "01000003;Cedorf;kommune;"),
         "übergeordnete Gebiet fehlt", GEB, 5, "uebergeordnet"),
    Case("Spalte fehlt in der Gebietsliste", replace(GEB, "schluessel;name;ebene;uebergeordnet", "schluessel;name;ebene"),
         "Es fehlen die Spalten", GEB),
    Case("zwei oberste Gebiete", append(GEB, "02000;Zweitkreis;region;\n"), "genau ein Gebiet der obersten Ebene", GEB),
    # --- Merkmale and catalogue ---------------------------------------------------------------
    Case("YAML-Syntaxfehler", replace(MER, "  teil_von: [ew]\nlb_u18", "  teil_von: [ew\nlb_u18"),
         "syntaktisch fehlerhaft", MER),
    Case("Tabulator in YAML", replace(MER, "  quelle: Jobcenter\n  teil_von: [ew]", "  quelle: Jobcenter\n\tteil_von: [ew]"),
         "syntaktisch fehlerhaft", MER),
    Case("doppelter YAML-Schlüssel", append(MER, "ew:\n  bezeichnung: doppelt\n  einheit: x\n  quelle: y\n"),
         "kommt doppelt vor", MER),
    Case("Formel fehlerhaft", replace(MER, "formel: ew - ew_u18", "formel: ew -- ew_u18"), "Formel", MER, column="formel"),
    Case("Formel mit unbekanntem Merkmal", replace(MER, "formel: ew - ew_u18", "formel: ew - ew_u17"),
         "unbekannte Merkmal", MER, column="formel"),
    Case("teil_von unbekannt", replace(MER, "teil_von: [lb, ew_u18]", "teil_von: [lb, ew_u19]"), "unbekannte Merkmal",
         MER, column="teil_von", value="ew_u19"),
    Case("Merkmal-ID ungültig", append(MER, "Ew-Gesamt:\n  bezeichnung: x\n  einheit: y\n  quelle: z\n"),
         "Kleinbuchstaben", MER, value="Ew-Gesamt"),
    Case("Kennzahl mit unbekanntem Merkmal", replace(KAT, "zaehler: lb_u18", "zaehler: lb_unter18"),
         "unbekannte Merkmal", KAT, column="zaehler", value="lb_unter18"),
    Case("Kennzahl mit unbekanntem Feld", replace(KAT, "    quelle: Melderegister\n", "    quele: Melderegister\n"),
         "unbekanntes Feld", KAT, column="quele"),
    Case("Kennzahl ohne Pflichtfeld", replace(KAT, "    quelle: Melderegister\n", "\n"), "Pflichtfeld", KAT,
         column="quelle"),
    Case("Polarität unbekannt", replace(KAT, "polaritaet: neutral", "polaritaet: egal"), "polaritaet", KAT,
         column="polaritaet", value="egal"),
    Case("Nachkommastellen ungültig", replace(KAT, "nachkommastellen: 1\n    schwelle: 0.5", "nachkommastellen: 7\n    schwelle: 0.5"),
         "nachkommastellen", KAT, column="nachkommastellen", value="7"),
    Case("Schwelle negativ", replace(KAT, "schwelle: 0.5", "schwelle: -1"), "schwelle", KAT, column="schwelle", value="-1"),
    Case("Anzahl mit Nenner", replace(KAT, "    zaehler: ew\n    einheit: Anzahl", "    zaehler: ew\n    nenner: ew\n    einheit: Anzahl"),
         "keinen nenner", KAT, column="nenner"),
    Case("Faktor passt nicht zur Einheit", replace(KAT, "    nenner: ew\n    einheit: \"%\"", "    nenner: ew\n    faktor: 1000\n    einheit: \"%\""),
         "faktor passt nicht", KAT, column="faktor"),
    Case("unbekanntes Thema", replace(KAT, "thema: bevoelkerung\n    zaehler", "thema: wohnen\n    zaehler"),
         "unbekanntes Thema", KAT, column="thema", value="wohnen"),
    # --- settings -----------------------------------------------------------------------------
    Case("Einstellungsdatei fehlt", delete(PRO), "Die Datei fehlt", PRO),
    Case("unbekanntes Feld in den Einstellungen", append(PRO, "farbe: blau\n"), "unbekanntes Feld", PRO, column="farbe"),
    Case("Vergleichsjahr außerhalb", replace(PRO, "vergleichsjahr: 2020", "vergleichsjahr: 2024"), "außerhalb", PRO,
         column="vergleichsjahr", value="2024"),
    Case("Vergleichsjahr nach Berichtsjahr", replace(PRO, "vergleichsjahr: 2020", "vergleichsjahr: 2022"),
         "vor dem berichtsjahr", PRO, column="vergleichsjahr"),
    Case("Jahre vertauscht", replace(PRO, "jahre: {von: 2020, bis: 2022}", "jahre: {von: 2022, bis: 2020}"),
         "„von“ liegt nach „bis“", PRO, column="jahre"),
    Case("Geheimhaltung falsch", append(PRO, "geheimhaltung: {mindestanzahl: drei}\n"), "ganze Zahl", PRO,
         column="mindestanzahl", value="drei"),
    Case("Sozialindex mit unbekannter Kennzahl", append(PRO, "sozialindex: {status: [quote, gibtsnicht]}\n"),
         "gibtsnicht", PRO),
]


def test_catalogue_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported(case: Case, mini: Path, capsys):
    project = mini
    case.mutate(project)
    _, problems = check_project(project)
    hits = [p for p in problems
            if case.message in p.message
            and (case.file is None or (p.file or "").endswith(case.file))
            and (case.row is None or p.row == case.row)
            and (case.column is None or p.column == case.column)
            and (case.value is None or str(p.value) == case.value)
            and p.severity == case.severity]
    assert hits, f"{case.name}: erwartet {case}, gemeldet:\n" + "\n".join(map(str, problems))
    # Through the command line: no traceback, the right exit code, nothing written.
    code = main(["--projekt", str(project), "pruefen"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert case.message in captured.out
    assert code == (1 if case.severity == "Fehler" else 0)
    if case.severity == "Fehler":
        assert main(["--projekt", str(project), "kennzahlen"]) == 1
        assert not (project / "_output").exists()
        assert "Traceback" not in capsys.readouterr().err
