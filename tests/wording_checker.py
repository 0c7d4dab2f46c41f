"""An editor's check of built reports: does the wording match the numbers, are the right facts up front,
is the German correct? (issue 17)

Reads the HTML of every report in one year folder of a build (``_output/<jahr>/``) and the Kennzahlen CSV
of that year, and reports findings in fourteen classes:

 1  direction words against the sign ("stärker fallend" for a rise)
 2  "bedeutsam" (or a lead change) for a quantity whose numerator does not count people or cases
 3  "kaum/weitgehend unverändert" for a change at or above the Kennzahl's threshold
 4  a rate called "Zahl der …"; a change without its unit
 5  the same paragraph repeated in several chapters; a Sozialindex chapter without text
 6  "Auf einen Blick" without the conspicuous unfavourable level of a core indicator, or with context
    indicators ranked above index indicators
 7  Sozialbericht: chapters without the spread and the count of significant changes of their core
    indicators, a summary without the Sozialindex, an "Auffällige Entwicklungen" list with rows that are
    not bedeutsam and auffällig, without Ebene/Bewertung, or too long for print
 8  judgements ("auffällig", "deutlich", "bedeutsam", "günstig") in the profile of an area below the
    minimum population, or a long profile full of withheld cells
 9  "deutlich" that does not follow the relative size of the gap (rule: the larger value is at least
    1,25 times the smaller one, and the gap is at least the Kennzahl's threshold); sentences that raise an
    alarm and withdraw it
10  one fact in several bullets of a list; the same evaluation tail on several bullets; repeated notices
11  judgements of a change across a legal change or break in the data (declared in the project, or known:
    Wohngeld-Plus 2023, Rechtskreiswechsel 2022 for SGB II and AsylbLG); a report without the box
    "Hinweise zu Rechtsänderungen und Datenbrüchen" although its period spans one
12  Sozialindex texts without relativity, period or the caveat that the index directs attention; a
    methods annex that does not explain the dynamics period
13  grammar and style (dative plural, articles for regions and Sozialräume, "Im Thema", digits for one to
    twelve in running text, "einer der … Kommunen", abbreviations in running text, "Einwohner" without
    "Einwohnerinnen", table labels such as "je Haushalte", mixed tenses in one list)
14  a cover without Datenstand (a date) or without a labelled publication date

The checker knows the project (catalogue, Merkmale, settings, areas) through ``berichte.load`` and
nothing of how the statements are made: its rules are its own. Run it as a script:

    .venv/bin/python tests/wording_checker.py _output/2023 [--projekt .]
"""

from __future__ import annotations

import argparse
import csv
import html as html_lib
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

CLASSES = {
    1: "Richtungswort gegen das Vorzeichen",
    2: "„bedeutsam“ bei einer Größe ohne Personen oder Fälle im Zähler",
    3: "„kaum verändert“ bei einer Veränderung ab der Schwelle",
    4: "Rate als „Zahl der …“ / Veränderung ohne Einheit",
    5: "Absatz in mehreren Kapiteln / Sozialindex-Kapitel ohne Text",
    6: "„Auf einen Blick“ ohne auffällig ungünstigen Stand der Kernkennzahlen",
    7: "Sozialbericht ohne Vergleich der Kommunen / Liste auffälliger Entwicklungen",
    8: "Bewertungen für Gebiete unter der Mindesteinwohnerzahl",
    9: "„deutlich“ folgt nicht der Größe des Abstands / Alarm und Rücknahme",
    10: "eine Tatsache in mehreren Stichpunkten / wiederholte Bewertungen und Hinweise",
    11: "Bewertung über eine Rechtsänderung oder einen Datenbruch hinweg",
    12: "Sozialindex ohne Relativität, Zeitraum oder Vorbehalt",
    13: "Grammatik und Stil",
    14: "Titelseite ohne Datenstand oder Veröffentlichungsdatum",
}

NBSP = "\u00a0"
NUM = r"[−+-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?"
SUMMARY_SECTIONS = ("Auf einen Blick", "Zusammenfassung", "Kurzprofil")
INDEX_SECTION = "Sozialindex"
RATIO_DEUTLICH = 1.25  # "deutlich": the larger value is at least 1,25 times the smaller one
LIST_LIMIT = 40  # rows of "Auffällige Entwicklungen" that still fit on about two pages
PERSON_OR_CASE_UNITS = {"personen", "person", "kinder", "fälle", "fall", "haushalte", "bedarfsgemeinschaften",
                        "familien", "einwohner", "einwohnerinnen und einwohner", "empfänger", "verfahren",
                        "geburten", "sterbefälle", "leistungsberechtigte", "arbeitslose", "beschäftigte"}
AREA_UNITS = {"ha", "km²", "m²", "qm", "quadratmeter", "hektar", "quadratkilometer"}
MONEY_UNITS = {"eur", "euro", "€", "tsd. eur", "tausend euro"}
# Legal changes the checker knows of, whatever the project declares: (year, reason, words in the labels of
# the numerator's Merkmale)
KNOWN_BREAKS = (
    (2016, "Wohngeldreform", ("wohngeld",)),
    (2020, "Wohngeldstärkungsgesetz", ("wohngeld",)),
    (2023, "Wohngeld-Plus-Reform", ("wohngeld",)),
    (2022, "Rechtskreiswechsel (Geflüchtete aus der Ukraine vom AsylbLG ins SGB II)",
     ("leistungsberechtigte nach dem sgb ii", "bedarfsgemeinschaften nach dem sgb ii", "asylbewerberleistung")),
)
LEVEL_NOUNS = ("Region", "Kreis", "Landkreis", "Stadt", "Kommune", "Gemeinde", "Sozialraum", "Stadtteil", "Bezirk")
NUMBER_WORDS = ("eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf")


# --- parsing the HTML --------------------------------------------------------------------------------

@dataclass
class Block:
    tag: str  # p, li, tr, caption, figcaption, h1…h4
    text: str
    section: str = ""  # h2 title without its number
    subsection: str = ""
    cells: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # header of the table the row belongs to
    table: int = -1
    list_id: int = -1
    in_cover: bool = False
    classes: str = ""  # classes of the enclosing divs
    is_header_row: bool = False


class _Parser(HTMLParser):
    BLOCKS = {"p", "li", "caption", "figcaption", "h1", "h2", "h3", "h4"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, str]] = []
        self.buffer: list[str] | None = None
        self.buffer_tag = ""
        self.section = ""
        self.subsection = ""
        self.lists = -1
        self.list_stack: list[int] = []
        self.tables = -1
        self.header: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.row_is_header = False
        self.in_thead = False
        self.skip = 0  # inside svg, style, script, nav

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("svg", "style", "script", "nav"):
            self.skip += 1
            return
        if self.skip:
            return
        self.stack.append((tag, attrs.get("class") or ""))
        if tag in ("ul", "ol"):
            self.lists += 1
            self.list_stack.append(self.lists)
        elif tag == "table":
            self.tables += 1
            self.header = []
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            self.row, self.row_is_header = [], self.in_thead
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in self.BLOCKS and self.buffer is None and self.row is None:
            self.buffer, self.buffer_tag = [], tag
        elif tag == "br" and self.buffer is not None:
            self.buffer.append(" ")

    def handle_endtag(self, tag):
        if tag in ("svg", "style", "script", "nav"):
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in ("ul", "ol") and self.list_stack:
            self.list_stack.pop()
        elif tag == "thead":
            self.in_thead = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_squash("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            cells = self.row
            self.row = None
            if self.row_is_header:
                self.header = cells
            self._add("tr", " | ".join(cells), cells=cells, is_header_row=self.row_is_header)
        elif tag == self.buffer_tag and self.buffer is not None:
            text = _squash("".join(self.buffer))
            self.buffer = None
            if tag == "h2":
                self.section, self.subsection = re.sub(r"^\d+\s+", "", text), ""
            elif tag == "h3":
                self.subsection = re.sub(r"^[\d.]+\s+", "", text)
            if text:
                self._add(tag, text)

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.buffer is not None:
            self.buffer.append(data)

    def _add(self, tag: str, text: str, **extra) -> None:
        classes = " ".join(c for t, c in self.stack if t in ("div", "header", "section") and c)
        in_cover = any(t == "header" for t, _ in self.stack) or "cover" in classes.split()
        self.blocks.append(Block(tag, text, self.section, self.subsection, header=list(self.header),
                                 table=self.tables if tag == "tr" else -1,
                                 list_id=self.list_stack[-1] if tag == "li" and self.list_stack else -1,
                                 in_cover=in_cover, classes=classes, **extra))


def _squash(text: str) -> str:
    return " ".join(html_lib.unescape(text).replace(NBSP, " ").replace("\u2060", "").split())


@dataclass
class Report:
    path: Path
    blocks: list[Block]
    key: str | None  # area key of a profile; None for the Sozialbericht
    kind: str  # "profil" / "sozialbericht"

    @property
    def name(self) -> str:
        return self.path.name

    def section(self, title: str) -> list[Block]:
        return [b for b in self.blocks if b.section == title]

    def running(self) -> list[Block]:
        """Running text: paragraphs and bullets outside the cover, the contents and the definitions."""
        return [b for b in self.blocks if b.tag in ("p", "li") and not b.in_cover
                and b.subsection not in ("Definitionen und Quellen",)]


def parse_report(path: Path) -> Report:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    match = re.match(r"profil-(\d+)-", path.name)
    return Report(path, parser.blocks, match.group(1) if match else None,
                  "profil" if match else "sozialbericht")


# --- the project as the checker sees it --------------------------------------------------------------

def parse_number(text: str) -> float:
    return float(text.replace("−", "-").replace("+", "").replace(".", "").replace(",", "."))


@dataclass
class KennzahlInfo:
    id: str
    title: str
    short: str
    unit: str
    name: str  # how running text names it
    threshold: float
    polarity: str
    core: bool
    index: bool  # a Sozialindex indicator
    is_count: bool
    is_percent: bool
    counts_people: bool  # numerator counts people or cases (and it is not a density)
    kind: str = ""  # "wert" for delivered values (issue 16), else ""
    breaks: list[tuple[int, str]] = field(default_factory=list)

    @property
    def context(self) -> bool:
        return self.polarity == "neutral"


class Project:
    def __init__(self, root: Path):
        from berichte.load.project import load_project
        from berichte.statements.words import kennzahl_name

        self.project = load_project(root)
        p = self.project
        self.settings = p.settings
        self.areas = p.areas
        index_ids = set()
        if p.sozialindex is not None:
            index_ids = {i.id for i in p.sozialindex.status} | {i.id for i in p.sozialindex.dynamics}
            self.index_years = p.sozialindex.years if p.sozialindex.dynamics else None  # status only: no period
            self.min_population_index = p.sozialindex.min_population
        else:
            self.index_years, self.min_population_index = None, None
        self.kennzahlen: dict[str, KennzahlInfo] = {}
        for k in p.catalogue:
            labels = self._labels(k.numerator.merkmale)
            units = self._units(k.numerator.merkmale)
            den_units = self._units(k.denominator.merkmale) if k.denominator is not None else set()
            people = bool(units) and all(u.lower() in PERSON_OR_CASE_UNITS for u in units) \
                and not (den_units & (AREA_UNITS | MONEY_UNITS)) and getattr(k, "kind", "") != "wert"
            info = KennzahlInfo(k.id, k.title, k.short_title, k.unit, kennzahl_name(k), float(k.threshold),
                                k.polarity, bool(k.key), k.id in index_ids, k.is_count, k.is_percent, people,
                                str(getattr(k, "kind", "") or ""))
            for year, reason, words in KNOWN_BREAKS:
                if any(w in label.lower() for label in labels for w in words):
                    info.breaks.append((year, reason))
            self.kennzahlen[k.id] = info
        for year, reason, ids in self._declared_breaks():
            for kid in ids:
                if kid in self.kennzahlen:
                    self.kennzahlen[kid].breaks.append((year, reason))
        self.min_population = self._min_population()
        self.by_name = sorted(self.kennzahlen.values(), key=lambda k: -len(k.name))

    def _expand(self, merkmale) -> list[str]:
        out = []
        for m in merkmale:
            item = self.project.merkmale[m] if m in self.project.merkmale else None
            if item is not None and item.formula is not None:
                out += self._expand(item.formula.merkmale)
            else:
                out.append(m)
        return out

    def _labels(self, merkmale) -> list[str]:
        return [self.project.merkmale[m].label for m in self._expand(merkmale) if m in self.project.merkmale]

    def _units(self, merkmale) -> set[str]:
        return {self.project.merkmale[m].unit for m in self._expand(merkmale) if m in self.project.merkmale}

    def _declared_breaks(self) -> list[tuple[int, str, list[str]]]:
        """Breaks the project declares (projekt.yml ``datenbrueche`` or the settings object), if any."""
        found = []
        for brk in getattr(self.settings, "breaks", ()) or ():
            found.append((int(brk.year), str(brk.reason), list(brk.kennzahlen)))
        return found

    def _min_population(self) -> float:
        """``profil.mindest_einwohner`` of the project, else the documented default of 1.000."""
        value = getattr(getattr(self.settings, "profile", None), "min_population", None)
        return float(value) if value is not None else 1000.0

    def find_named(self, text: str) -> list[KennzahlInfo]:
        """Kennzahlen named in a sentence (longest names first, no overlaps)."""
        lower = text.lower()
        found, taken = [], []
        for k in self.by_name:
            name = k.name.lower()
            for m in re.finditer(re.escape(name), lower):
                span = range(m.start(), m.end())
                if any(s.start < span.stop and span.start < s.stop for s in taken):
                    continue
                taken.append(span)
                found.append(k)
                break
        return found

    def by_label(self, label: str) -> KennzahlInfo | None:
        """The Kennzahl of a table label ("SGB-II-Quote (%)", "Einwohnerzahl")."""
        label = label.strip().strip("*").strip()
        for k in self.kennzahlen.values():
            for candidate in (k.short, k.title):
                if label == candidate or label.startswith(candidate + " (") or label == f"{candidate} ({k.unit})":
                    return k
        return None


@dataclass
class CsvRow:
    key: str
    area: str
    level: str
    parent: str
    kid: str
    value: float
    value_from: float
    change: float
    bedeutsam: str
    assessment: str
    auffaellig: str
    rank_fav: float
    n: float
    parent_value: float
    raw: dict


def read_csv(path: Path) -> tuple[list[CsvRow], int, int]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    columns = rows[0].keys()
    value_col = next(c for c in columns if re.fullmatch(r"Wert \d{4}", c))
    years = sorted(int(c[5:]) for c in columns if re.fullmatch(r"Wert \d{4}", c))
    year_from, year_to = years[0], years[-1]
    change_col = f"Veränderung {year_from}–{year_to}"

    def num(text: str) -> float:
        text = (text or "").strip()
        if not text or text in (".", "x"):
            return math.nan
        return float(text.replace(",", "."))

    out = []
    for r in rows:
        out.append(CsvRow(r["Schlüssel"], r["Gebiet"], r["Ebene"], r["Übergeordnetes Gebiet"], r["Kennzahl-ID"],
                          num(r[f"Wert {year_to}"]), num(r[f"Wert {year_from}"]), num(r.get(change_col, "")),
                          r.get("Bedeutsame Veränderung", ""), r.get("Bewertung der Veränderung", ""),
                          r.get("Auffällig", r.get("Auffällige Entwicklung", "")),
                          num(r.get("Rang (günstigster Wert = 1)", "")), num(r.get("Zahl der Vergleichsgebiete", "")),
                          num(r.get(f"Wert übergeordnetes Gebiet {year_to}", "")), r))
    del value_col
    return out, year_from, year_to


# --- findings ----------------------------------------------------------------------------------------

@dataclass
class Finding:
    cls: int
    report: str
    where: str
    message: str
    text: str

    def line(self) -> str:
        text = self.text if len(self.text) <= 300 else self.text[:297] + "…"
        return f"[{self.cls}] {self.report} · {self.where}: {self.message}\n      „{text}“"


class Checker:
    def __init__(self, folder: Path, root: Path):
        self.folder = Path(folder)
        self.project = Project(Path(root))
        csv_path = next(self.folder.glob("kennzahlen-*.csv"))
        self.rows, self.year_from, self.year_to = read_csv(csv_path)
        self.csv_name = csv_path.name
        self.cell = {(r.key, r.kid): r for r in self.rows}
        self.reports = [parse_report(p) for p in sorted(self.folder.glob("*.html"))]
        if not self.reports:
            raise FileNotFoundError(f"keine Berichte (HTML) in {self.folder}")
        self.findings: list[Finding] = []
        self.population = {r.key: r.value for r in self.rows if r.kid == self._population_id()}

    def _population_id(self) -> str:
        for k in self.project.kennzahlen.values():
            if k.is_count and k.id in ("einwohner", "ew_insgesamt", "bevoelkerung"):
                return k.id
        return next((k.id for k in self.project.kennzahlen.values() if k.is_count and "einwohner" in k.title.lower()),
                    "einwohner")

    def add(self, cls: int, report: str, where: str, message: str, text: str) -> None:
        self.findings.append(Finding(cls, report, where, message, text))

    def run(self) -> list[Finding]:
        self.check_csv()
        for report in self.reports:
            self.check_report(report)
        return self.findings

    # --- helpers ------------------------------------------------------------------------------------
    def spans_break(self, k: KennzahlInfo) -> list[tuple[int, str]]:
        return [(y, r) for y, r in k.breaks if self.year_from < y <= self.year_to]

    def small(self, key: str | None) -> bool:
        if key is None or self.project.min_population <= 0:
            return False
        pop = self.population.get(key, math.nan)
        return not math.isnan(pop) and pop < self.project.min_population

    # --- the CSV ------------------------------------------------------------------------------------
    def check_csv(self) -> None:
        name = self.csv_name
        for r in self.rows:
            k = self.project.kennzahlen.get(r.kid)
            if k is None:
                continue
            where = f"{r.area} | {k.short}"
            label = r.auffaellig
            if label and not math.isnan(r.change):
                self._direction_label(name, where, label, r.change)
            if r.bedeutsam == "ja" and not k.counts_people:
                self.add(2, name, where, "„Bedeutsame Veränderung: ja“ ohne Personen oder Fälle im Zähler", str(r.change))
            if (r.bedeutsam == "ja" or r.assessment) and self.spans_break(k):
                self.add(11, name, where, f"Veränderung über den Bruch {self.spans_break(k)[0][0]} bewertet",
                         f"{r.bedeutsam} {r.assessment}")
            if self.small(r.key) and ("deutlich" in label or "auffällig" in label.lower()):
                self.add(8, name, where, "Auffälligkeit für ein Gebiet unter der Mindesteinwohnerzahl", label)

    def _direction_label(self, report: str, where: str, label: str, change: float) -> None:
        lower = label.lower()
        falling = re.search(r"fallend|rückgang|gesunken|sinkend|abnahme", lower)
        rising = re.search(r"steigend|anstieg|gestiegen|zunahme", lower)
        if change > 0 and falling and not rising:
            self.add(1, report, where, f"Wert gestiegen ({change:+.1f}), Text spricht von Rückgang", label)
        elif change < 0 and rising and not falling:
            self.add(1, report, where, f"Wert gesunken ({change:+.1f}), Text spricht von Anstieg", label)
        elif change == 0 and (rising or falling):
            self.add(1, report, where, "unveränderter Wert mit Richtungswort", label)

    # --- one report ---------------------------------------------------------------------------------
    def check_report(self, report: Report) -> None:
        self.check_tables(report)
        self.check_sentences(report)
        self.check_repeats(report)
        self.check_lists(report)
        self.check_grammar(report)
        self.check_cover(report)
        self.check_index_texts(report)
        self.check_breaks_box(report)
        if report.kind == "profil":
            self.check_glance(report)
            self.check_small(report)
        else:
            self.check_sozialbericht(report)

    def check_tables(self, report: Report) -> None:
        for b in report.blocks:
            if b.tag != "tr" or b.is_header_row or not b.header:
                continue
            header = [h.lower() for h in b.header]
            k = self.project.by_label(b.cells[0]) if b.cells else None
            if "kennzahl" in header[0] and k is None and len(header) > 2 and b.header[1] != "Kennzahl":
                continue
            change_i = next((i for i, h in enumerate(header) if h.startswith("veränderung")), None)
            dev_i = next((i for i, h in enumerate(header) if h in ("entwicklung", "bewertung", "auffälligkeit")), None)
            if header[:2] == ["gebiet", "kennzahl"] or (len(header) > 2 and header[1] == "kennzahl"):
                k = self.project.by_label(b.cells[1]) if len(b.cells) > 1 else None
            if change_i is None or k is None or change_i >= len(b.cells):
                continue
            change_text = b.cells[change_i].rstrip("¹²³⁴⁵⁶⁷⁸⁹⁰*").replace("%", "").strip()
            if not re.fullmatch(NUM, change_text):
                continue
            change = parse_number(change_text)
            where = f"{b.section} | {b.cells[0]}" + (f" | {b.cells[1]}" if header[1] == "kennzahl" else "")
            for i, cell in enumerate(b.cells):
                if i in (0, change_i) or not cell or re.fullmatch(r"[\d.,%+−\s-]+|\.|x", cell):
                    continue
                if re.search(r"steigend|fallend|anstieg|rückgang|gestiegen|gesunken", cell.lower()):
                    self._direction_label(report.name, where, cell, change)
            if dev_i is None or dev_i >= len(b.cells):
                continue
            dev = b.cells[dev_i]
            footnoted = bool(re.search(r"[¹²³⁴⁵⁶⁷⁸⁹*]", b.text)) or "nicht bewertet" in dev or "Bruch" in dev
            if re.search(r"kaum verändert|weitgehend unverändert", dev):
                if abs(change) >= k.threshold - 1e-9 and k.threshold > 0:
                    self.add(3, report.name, where, f"„{dev}“ bei {change_text} (Schwelle {k.threshold:g})", b.text)
            if re.search(r"gestiegen|gesunken|bedeutsam", dev) and "nicht" not in dev:
                if not k.counts_people and re.search(r"bedeutsam|günstig", dev):
                    self.add(2, report.name, where, "bedeutsam/bewertet ohne Personen oder Fälle im Zähler", b.text)
                if self.spans_break(k) and (re.search(r"günstig|bedeutsam", dev)) and not footnoted:
                    self.add(11, report.name, where, f"Veränderung über den Bruch {self.spans_break(k)[0][0]} "
                                                     "bewertet, ohne Fußnote", b.text)
            if self.small(report.key) and re.search(r"günstig|auffällig|bedeutsam", dev):
                self.add(8, report.name, where, "Bewertung für ein Gebiet unter der Mindesteinwohnerzahl", b.text)

    def check_sentences(self, report: Report) -> None:
        for b in report.running():
            for sentence in _sentences(b.text):
                self._sentence(report, b, sentence)

    def _sentence(self, report: Report, b: Block, s: str) -> None:
        named = self.project.find_named(s)
        where = f"{b.section}" + (f" / {b.subsection}" if b.subsection else "")
        lower = s.lower()
        # 1: direction words against the numbers "von A auf B"
        m = re.search(r"\bvon (" + NUM + r")\s?%? auf (" + NUM + r")", s)
        if m and not re.search(r"\bzwischen\b", s):
            a, c = parse_number(m.group(1)), parse_number(m.group(2))
            head = s[:m.start()]
            if re.search(r"\bgestiegen\b|\bAnstieg\b|\berhöht\b", head) and not re.search(r"gesunken|Rückgang", head) and c < a:
                self.add(1, report.name, where, "„gestiegen“, aber der Wert sank", s)
            if re.search(r"\bgesunken\b|\bRückgang\b", head) and not re.search(r"gestiegen|Anstieg", head) and c > a:
                self.add(1, report.name, where, "„gesunken“, aber der Wert stieg", s)
            # 3: "weitgehend unverändert"/"kaum verändert" with a change at or above the threshold
            if re.search(r"weitgehend unverändert|kaum verändert", s) and len(named) == 1:
                k = named[0]
                size = abs(c - a) if not k.is_count else (abs(c / a - 1) * 100 if a else math.inf)
                if k.threshold > 0 and size >= k.threshold - 1e-9:
                    self.add(3, report.name, where, f"„kaum/weitgehend unverändert“ bei {size:.2f} "
                                                    f"(Schwelle {k.threshold:g})", s)
        for m in re.finditer(r"\(([^()]*?)(" + NUM + r")(\s?(?:Prozentpunkte|%)?)\)", s):
            pass
        if re.search(r"(stärker|schwächer) (steigend|fallend)|(stärker|schwächer) als", s):
            sign = re.search(r"\((?:[^()]*?)([+−-])\d", s)
            if sign:
                change = 1 if sign.group(1) == "+" else -1
                if change > 0 and re.search(r"fallend|Rückgang", s) and not re.search(r"steigend|Anstieg", s):
                    self.add(1, report.name, where, "Anstieg als „fallend“ beschrieben", s)
                if change < 0 and re.search(r"steigend|Anstieg", s) and not re.search(r"fallend|Rückgang", s):
                    self.add(1, report.name, where, "Rückgang als „steigend“ beschrieben", s)
        # 2: bedeutsam / lead change for a quantity without people or cases in the numerator
        if "bedeutsam" in lower and "nicht bedeutsam" not in lower and "keine" not in lower:
            for k in named:
                if not k.counts_people and not re.search(r"\bder \w+ Kennzahlen\b|\bKennzahlen\b", s):
                    self.add(2, report.name, where, f"„bedeutsam“ für {k.short}", s)
        if re.search(r"am deutlichsten verändert", s):
            tail = s[s.find("am deutlichsten"):]
            for k in self.project.find_named(tail):
                if not k.counts_people:
                    self.add(2, report.name, where, f"stärkste Veränderung: {k.short} (nicht vergleichbare Schwelle)", s)
        # 4: "Zahl der" with a rate; a change without unit
        for k in named:
            if k.name.lower().startswith("die zahl der") and not k.is_count:
                self.add(4, report.name, where, f"Rate {k.short} als „{k.name}“", s)
        for m in re.finditer(r"\bum (" + NUM + r")(?![\d,])(\s+)(gestiegen|gesunken|zugenommen|abgenommen|,|auf)\b", s):
            self.add(4, report.name, where, f"Veränderung „um {m.group(1)}“ ohne Einheit", s)
        # 9: "deutlich über/unter … (P)" and plain "über/unter"
        for m in re.finditer(r"(?:mit|bei) (" + NUM + r")\s?%?[^.;:]*?\b(deutlich )?(über|unter) dem Wert (?:von |der |des |im )?"
                             r"[^()]*?\((" + NUM + r")", s):
            value, parent = parse_number(m.group(1)), parse_number(m.group(4))
            k = named[0] if len(named) == 1 else None
            threshold = k.threshold if k else 0.0
            large = _large_gap(value, parent, threshold)
            if m.group(2) and not large:
                self.add(9, report.name, where, f"„deutlich“ bei {value:g} gegenüber {parent:g}", s)
            if not m.group(2) and large and k is not None and not self.small(report.key):
                self.add(9, report.name, where, f"großer Abstand ({value:g} gegenüber {parent:g}) ohne „deutlich“", s)
        if re.search(r"auffällig", lower) and re.search(r"nicht bedeutsam|allerdings nicht|nicht gesichert", lower):
            self.add(9, report.name, where, "Auffälligkeit und Rücknahme im selben Satz", s)
        # 11: judgement of a change across a break
        for k in named:
            breaks = self.spans_break(k)
            if not breaks:
                continue
            if re.search(rf"\b{self.year_from}\b", s) or "seit" in lower:
                if re.search(r"bedeutsam|ungünstige Entwicklung|günstige Entwicklung|zum (Un)?[Gg]ünstigen", s) \
                        and not re.search(r"nicht bewertet|Rechtsänderung|Datenbruch|Reform|Rechtskreiswechsel", s):
                    self.add(11, report.name, where, f"{k.short}: Veränderung über den Bruch {breaks[0][0]} "
                                                     f"({breaks[0][1]}) bewertet", s)
        # 8: judgements in a small area's profile
        if self.small(report.key) and b.section not in ("Anhang",):
            if re.search(r"\bauffällig|\bdeutlich\b|\bbedeutsam\b|\b(un)?günstig", lower) and "nicht bewertet" not in lower \
                    and "Mindest" not in s and "Sozialindex" not in s:
                self.add(8, report.name, where, "Bewertung für ein Gebiet unter der Mindesteinwohnerzahl", s)

    def check_repeats(self, report: Report) -> None:
        """5: the same paragraph in several chapters (a summary may repeat one chapter)."""
        seen: dict[str, list[str]] = defaultdict(list)
        for b in report.running():
            if len(b.text) < 60:
                continue
            seen[b.text].append(b.section)
        for text, sections in seen.items():
            chapters = [s for s in sections if s not in SUMMARY_SECTIONS]
            if len(chapters) > 1 and not all("quelle" in b.classes for b in report.blocks if b.text == text):
                self.add(5, report.name, ", ".join(sections), f"{len(sections)}-mal im Bericht", text)
        if any(b.section == INDEX_SECTION for b in report.blocks):
            texts = [b for b in report.section(INDEX_SECTION) if b.tag in ("p", "li") and len(b.text) > 40
                     and "quelle" not in b.classes]
            if not texts:
                self.add(5, report.name, INDEX_SECTION, "Kapitel Sozialindex ohne Text", "")
        # 10: repeated notices (the same note under several tables)
        # footnotes under a table belong to that table (a table stays readable on its own)
        notes = Counter(b.text for b in report.blocks if b.tag == "p" and "quelle" in b.classes.split()
                        and len(b.text) > 40 and not b.text.startswith(tuple("¹²³⁴⁵⁶⁷⁸⁹")))
        for text, n in notes.items():
            if n > 1:
                self.add(10, report.name, "Hinweise", f"derselbe Hinweis {n}-mal", text)

    def check_lists(self, report: Report) -> None:
        """10: one fact in several bullets of a list, repeated evaluation tails; 13: mixed tenses."""
        lists: dict[int, list[Block]] = defaultdict(list)
        for b in report.blocks:
            if b.tag == "li" and b.list_id >= 0 and not b.in_cover and b.subsection != "Definitionen und Quellen":
                lists[b.list_id].append(b)
        for items in lists.values():
            if len(items) < 2:
                continue
            where = items[0].section
            by_kennzahl: dict[str, list[str]] = defaultdict(list)
            for b in items:
                for k in self.project.find_named(b.text):
                    by_kennzahl[k.id].append(b.text)
            for kid, texts in by_kennzahl.items():
                if len(texts) > 1:
                    self.add(10, report.name, where, f"{len(texts)} Stichpunkte zu {self.project.kennzahlen[kid].short}",
                             " ‖ ".join(texts))
            tails = Counter(m.group(0) for b in items
                            for m in [re.search(r"– (eine|ein vergleichsweise|im Vergleich eine) [\wä]+e[rn]? "
                                                r"(Entwicklung|Wert)\.$", b.text)] if m)
            for tail, n in tails.items():
                if n > 1:
                    self.add(10, report.name, where, f"{n} Stichpunkte enden mit „{tail}“",
                             " ‖ ".join(b.text for b in items if b.text.endswith(tail)))
            present = [b.text for b in items if re.search(r"\b(liegt|beträgt|bewegt sich|reicht)\b", b.text)]
            past = [b.text for b in items if re.search(r"\b(lag|betrug|bewegte sich|reichte)\b", b.text)]
            if present and past:
                self.add(13, report.name, where, "Präsens und Präteritum für den Stand in einer Liste",
                         present[0] + " ‖ " + past[0])

    def check_grammar(self, report: Report) -> None:
        levels = self.project.settings.levels
        areas = self.project.areas.frame
        deep = set(areas.loc[areas["depth"] >= 2, "short"]) if "depth" in areas else set()
        texts = [b for b in report.blocks if b.tag in ("p", "li", "caption", "figcaption") and not b.in_cover
                 and b.subsection != "Definitionen und Quellen"]
        for b in texts:
            t = b.text
            where = b.section
            for lvl in levels:
                plural = lvl.plural
                if not plural.endswith(("n", "s")):
                    for m in re.finditer(rf"\b(den|allen|unter den|mit|in|von) ((?:\d+|\w+) )?{re.escape(plural)}\b", t):
                        if m.group(1) in ("den", "allen", "unter den") or (m.group(2) and m.group(1) in ("mit", "in", "von")):
                            self.add(13, report.name, where, f"Dativ Plural: „{m.group(0)}“ statt „…{plural}n“", t)
            for m in re.finditer(r"\b(von|zu|in|mit|aus|für|nach) (" + "|".join(LEVEL_NOUNS) + r") [A-ZÄÖÜ][\wäöüß-]+", t):
                self.add(13, report.name, where, f"Artikel fehlt: „{m.group(0)}“", t)
            for name in deep:
                for m in re.finditer(rf"\b(in|von|zu|aus) {re.escape(name)}\b", t):
                    self.add(13, report.name, where, f"Sozialraum ohne Artikel oder Ebene: „{m.group(0)}“", t)
            if re.search(r"\bIm Thema „", t):
                self.add(13, report.name, where, "„Im Thema“ (statt „Beim Thema“)", t)
            if b.tag in ("p", "li"):
                for m in re.finditer(r"(?<![\d.,:/–-])(?<!Rang )\b([1-9]|1[0-2])\b (?!%|Prozent|je\b|Jahr|Personen|Einw|m²|km²|"
                                     r"Bedarfsgemeinschaften|Wohnungen|Haushalte|Plätze)(ungünstiger|günstiger|gleich|"
                                     r"zum|der \d+|der [a-zäöü]+ |von \d+|Kommunen|Kommune|Gemeinden|Gemeinde|"
                                     r"Sozialräume|Sozialräumen|Sozialraum|Kennzahlen|Kennzahl|zur Klasse|"
                                     r"weiteren|Regionen|Kreisen|Kreise|Stadtteilen|Stadtteile)\b", t):
                    self.add(13, report.name, where, f"Zahl bis zwölf als Ziffer: „{m.group(0)}“", t)
            for m in re.finditer(r"\b(hat|ist|liegt) (einer|keiner) der (?:\d+|\w+) (Kommunen|Gemeinden|Städte|Regionen)\b", t):
                self.add(13, report.name, where, f"Nominativ: „{m.group(0)}“", t)
            for m in re.finditer(r"\b(haben|hat|ist) (eine|keine) der (?:\d+|\w+) (Sozialräume|Stadtteile|Kreise)\b", t):
                self.add(13, report.name, where, f"Genus: „{m.group(0)}“", t)
            if re.search(r"(,|\bund) ein zur\b", t):
                self.add(13, report.name, where, "„ein“ ohne Nomen (statt „einer“)", t)
            if re.search(r"\bgehören (1|eine|ein|einer)\b", t) or re.search(r"(?<![\d,.])\b1 (Gemeinde|Kommune|Sozialraum)\b", t):
                self.add(13, report.name, where, "Einzahl/Mehrzahl", t)
            if b.tag in ("p", "li") and b.section not in ("Anhang",):
                for m in re.finditer(r"\bEinw\.|\bEw\.|\bje BG\b|\bje HH\b|\bbzw\.|\bggf\.|\bz\. ?B\.|\bu\. ?a\.|\bd\. ?h\.|\bvgl\.", t):
                    self.add(13, report.name, where, f"Abkürzung im Fließtext: „{m.group(0)}“", t)
            for m in re.finditer(r"(?<!innen und )(?<!in und )\bEinwohner\b(?!innen|-)", t):
                self.add(13, report.name, where, "„Einwohner“ ohne „Einwohnerinnen“", t)
        for b in report.blocks:
            if b.tag == "tr" and b.cells:
                for cell in b.cells:
                    for m in re.finditer(r"\b(von|zu|in|mit|aus|für|nach) (" + "|".join(LEVEL_NOUNS) + r") [A-ZÄÖÜ]", cell):
                        self.add(13, report.name, b.section, f"Artikel fehlt: „{m.group(0)}“", cell)
                for cell in (b.header if b.is_header_row else b.cells[:1]):
                    if re.search(r"\bje (Haushalte|Einwohner|Personen|Wohnungen|Kinder)\b", cell) and not \
                            re.search(r"je \d", cell):
                        self.add(13, report.name, b.section, f"Tabellenbeschriftung „{cell}“", cell)
                    if re.search(r"\bje\b.*\(je ", cell):
                        self.add(13, report.name, b.section, f"doppeltes „je“: „{cell}“", cell)

    def check_cover(self, report: Report) -> None:
        cover = " ".join(b.text for b in report.blocks if b.in_cover)
        date = r"(\d{1,2}\. ?[A-ZÄÖÜ][a-zäöü]+ \d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
        stand = re.search(r"Datenstand\s*\|\s*([^|]+?)(?=\s*(\||$|Angabe|Fiktive))", cover)
        if not stand or not (re.search(date, stand.group(1)) or re.search(r"Ausgabe|Stand", stand.group(1))):
            self.add(14, report.name, "Titelseite", "kein Datenstand (Datum oder Ausgabe der Quelle)", cover[:200])
        if not re.search(r"(Veröffentlicht|Veröffentlichung|Erschienen)[^|]*?" + date, cover):
            self.add(14, report.name, "Titelseite", "kein bezeichnetes Veröffentlichungsdatum", cover[:200])

    def check_index_texts(self, report: Report) -> None:
        """12: the Sozialindex in words: relative, with its period, with the caveat."""
        blocks = [b for b in report.running() if "Sozialindex" in b.text or b.section == INDEX_SECTION]
        chapter = [b for b in report.section(INDEX_SECTION) if b.tag in ("p", "li")]
        if not blocks and not chapter:
            return
        chapter_text = " ".join(b.text for b in chapter)
        if chapter and not re.search(r"nicht bewertet", chapter_text):
            if not re.search(r"im Vergleich|relativ|gegenüber den (anderen|übrigen)", chapter_text):
                self.add(12, report.name, INDEX_SECTION, "keine Aussage, dass die Klassen relativ sind", chapter_text[:300])
            if self.project.index_years and not re.search(rf"{self.year_to - self.project.index_years}\s*(bis|–)\s*{self.year_to}",
                                                          chapter_text):
                self.add(12, report.name, INDEX_SECTION, "Zeitraum der Dynamik fehlt", chapter_text[:300])
            if not re.search(r"lenkt|Aufmerksamkeit (?:auf|zu)|begründet (?:allein )?(?:noch )?keinen|"
                             r"allein (?:noch )?keinen Handlungsbedarf|ersetzt nicht", chapter_text):
                self.add(12, report.name, INDEX_SECTION, "kein Hinweis, dass der Index die Aufmerksamkeit lenkt "
                                                         "und allein keinen Handlungsbedarf begründet", chapter_text[:300])
        for b in blocks:
            for s in _sentences(b.text):
                if re.search(r"(Statusklasse|Dynamikklasse).*(verbessert|verschlechtert)", s) and \
                        not re.search(r"im Vergleich|relativ|gegenüber den (anderen|übrigen)", s):
                    self.add(12, report.name, b.section, "Klassenwechsel ohne Hinweis auf den relativen Vergleich", s)
        method = " ".join(b.text for b in report.blocks if b.subsection == "Methodische Hinweise")
        if method and "Sozialindex" in method and self.project.index_years and not re.search(r"Dynamik[^.]*(Vergleichszeitraum|kürzer|anderen Zeitraum)|"
                                                                 r"(Vergleichszeitraum|kürzer)[^.]*Dynamik", method):
            self.add(12, report.name, "Methodische Hinweise", "nicht erklärt, warum der Zeitraum der Dynamik abweicht",
                     method[:300])

    def check_breaks_box(self, report: Report) -> None:
        """11: a report whose period spans a break has the box naming it."""
        affected = {y for k in self.project.kennzahlen.values() for y, _ in self.spans_break(k)}
        if not affected:
            return
        if report.kind == "profil" and self.small(report.key):
            return
        titles = [b.text for b in report.blocks if b.tag in ("p", "h2", "h3", "h4")]
        if not any("Hinweise zu Rechtsänderungen und Datenbrüchen" in t for t in titles):
            self.add(11, report.name, "Bericht", f"kein Kasten „Hinweise zu Rechtsänderungen und Datenbrüchen“ "
                                                 f"(Brüche {sorted(affected)} im Zeitraum)", "")

    # --- profiles -----------------------------------------------------------------------------------
    def check_glance(self, report: Report) -> None:
        key = report.key
        glance = [b for b in report.section("Auf einen Blick") if b.tag == "li"]
        if not glance or self.small(key):
            return
        text = " ".join(b.text for b in glance)
        for kid, k in self.project.kennzahlen.items():
            if not (k.core or k.index) or k.polarity == "neutral" or k.is_count:
                continue
            row = self.cell.get((key, kid))
            if row is None or math.isnan(row.value):
                continue
            z = self._z(row)
            if z is None:
                continue
            unfavourable = z > 1 if k.polarity == "hoch_unguenstig" else z < -1
            if not unfavourable:
                continue
            shown = _german(row.value, k)
            if shown not in text:
                self.add(6, report.name, "Auf einen Blick", f"auffällig ungünstiger Stand fehlt: {k.short} {shown} "
                                                            f"(z = {z:+.1f})", text)
        # context indicators below index and core indicators
        seen_context = None
        for b in glance:
            named = self.project.find_named(b.text)
            if not named:
                continue
            if all(k.context for k in named):
                seen_context = seen_context or b.text
            elif seen_context and any(k.core or k.index for k in named):
                self.add(6, report.name, "Auf einen Blick", "Kontextkennzahl vor einer Index- oder Kernkennzahl",
                         seen_context + " ‖ " + b.text)
                break

    def _z(self, row: CsvRow) -> float | None:
        peers = [r.value for r in self.rows if r.kid == row.kid and r.parent == row.parent and r.level == row.level
                 and not math.isnan(r.value) and not self.small(r.key)]
        if len(peers) < 3:
            return None
        mean = sum(peers) / len(peers)
        sd = math.sqrt(sum((v - mean) ** 2 for v in peers) / len(peers))
        return None if sd == 0 else (row.value - mean) / sd

    def check_small(self, report: Report) -> None:
        if not self.small(report.key):
            return
        dots = sum(1 for b in report.blocks if b.tag == "tr" for c in b.cells[1:] if c == ".")
        if dots > 40:
            self.add(8, report.name, "Bericht", f"Profil eines Gebiets mit {self.population[report.key]:.0f} "
                                                f"Einwohnerinnen und Einwohnern: {dots} gesperrte Zellen", "")
        if not any("Einwohnerinnen und Einwohner" in b.text and re.search(r"Kurzprofil|weniger als|unter \d", b.text)
                   for b in report.blocks if b.tag in ("p", "li")):
            self.add(8, report.name, "Bericht", "kein Satz, warum das Profil kurz ist", "")

    # --- the Sozialbericht --------------------------------------------------------------------------
    def check_sozialbericht(self, report: Report) -> None:
        summary = " ".join(b.text for b in report.section("Zusammenfassung"))
        if "Sozialindex" not in summary and self.project.project.sozialindex is not None:
            self.add(7, report.name, "Zusammenfassung", "Ergebnis des Sozialindex fehlt", summary[:300])
        catalogue = self.project.project.catalogue
        for theme in catalogue.themes.values():
            blocks = [b for b in report.section(theme.title) if b.tag in ("p", "li")]
            if not blocks:
                continue
            text = " ".join(b.text for b in blocks)
            for k in catalogue.by_theme(theme.id):
                info = self.project.kennzahlen[k.id]
                if not (info.core or info.index) or info.is_count:
                    continue
                bullets = [b.text for b in blocks if info.name.lower() in b.text.lower() or info.short in b.text]
                joined = " ".join(bullets)
                if not re.search(r"zwischen .* und ", joined):
                    self.add(7, report.name, theme.title, f"keine Spannweite der Kommunen für {info.short}", text[:200])
                if not re.search(r"\bin (\w+|\d+) der (\w+|\d+) |in (allen|keiner|keinem)\b|nicht (mit \d{4} )?vergleichen|"
                             r"Veränderung nicht bewertet",
                                 joined):
                    self.add(7, report.name, theme.title, f"keine Zahl der Kommunen mit bedeutsamer Veränderung für "
                                                          f"{info.short}", text[:200])
        rows = [b for b in report.section("Auffällige Entwicklungen") if b.tag == "tr" and not b.is_header_row]
        header = next((b.header for b in report.section("Auffällige Entwicklungen") if b.tag == "tr"), [])
        if rows:
            for column in ("Ebene", "Bewertung"):
                if not any(column in h for h in header):
                    self.add(7, report.name, "Auffällige Entwicklungen", f"Spalte „{column}“ fehlt", " | ".join(header))
            if len(rows) > LIST_LIMIT:
                self.add(7, report.name, "Auffällige Entwicklungen", f"{len(rows)} Zeilen (für den Druck zu lang)", "")
            names = {r.area: r.key for r in self.rows}
            bad_level = bad_sig = 0
            example_level = example_sig = ""
            for b in rows:
                area = b.cells[0]
                kid = self.project.by_label(b.cells[1]) if len(b.cells) > 1 else None
                if re.search(r"Wert (deutlich )?(über|unter) dem Durchschnitt", b.text) and not re.search(
                        r"Veränderung|Anstieg|Rückgang|Trend", b.text):
                    bad_level += 1
                    example_level = example_level or b.text
                key = names.get(area)
                row = self.cell.get((key, kid.id)) if key and kid else None
                if row is not None and row.bedeutsam != "ja":
                    bad_sig += 1
                    example_sig = example_sig or b.text
            if bad_level:
                self.add(7, report.name, "Auffällige Entwicklungen", f"{bad_level} Zeilen nur mit auffälligem Wert",
                         example_level)
            if bad_sig:
                self.add(7, report.name, "Auffällige Entwicklungen", f"{bad_sig} Zeilen ohne bedeutsame Veränderung",
                         example_sig)


# --- small helpers -----------------------------------------------------------------------------------

def _sentences(text: str) -> list[str]:
    protected = re.sub(r"\b(z|u|d|bzw|ggf|vgl|Nr|Einw|ca)\.", lambda m: m.group(0).replace(".", "§"), text)
    protected = re.sub(r"(\d)\.(\d)", r"\1§\2", protected)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„(])", protected)
    return [p.replace("§", ".") for p in parts if p.strip()]


def _large_gap(value: float, other: float, threshold: float) -> bool:
    """The documented rule for "deutlich": both values positive, the larger at least 1,25 times the smaller,
    and the gap at least the Kennzahl's threshold."""
    if value <= 0 or other <= 0:
        return False
    ratio = max(value, other) / min(value, other)
    return ratio >= RATIO_DEUTLICH - 1e-9 and abs(value - other) >= threshold - 1e-9


def _german(value: float, k: KennzahlInfo) -> str:
    decimals = 1
    text = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if value < 0:
        text = "−" + text
    return text + (" %" if k.is_percent else "")


def summary(findings: list[Finding], examples: int = 3) -> str:
    by_class: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        by_class[f.cls].append(f)
    lines = [f"Befunde insgesamt: {len(findings)}"]
    for cls in sorted(CLASSES):
        items = by_class.get(cls, [])
        lines.append(f"\nKlasse {cls} – {CLASSES[cls]}: {len(items)}")
        for f in items[:examples]:
            lines.append("  " + f.line())
    return "\n".join(lines)


def check(folder: Path, root: Path) -> list[Finding]:
    return Checker(folder, root).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ordner", type=Path, help="Jahresordner eines Builds, z. B. _output/2023")
    parser.add_argument("--projekt", type=Path, default=Path("."))
    parser.add_argument("--beispiele", type=int, default=3)
    args = parser.parse_args(argv)
    findings = check(args.ordner, args.projekt)
    print(summary(findings, args.beispiele))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
