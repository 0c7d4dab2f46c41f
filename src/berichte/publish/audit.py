"""The secrecy audit before publishing: can anyone work out a withheld count from what is published?

The audit starts from what the outputs show — the published counts (``Results.published_counts``, the source of
every table, chart, text and the CSV/XLSX) and the published Kennzahlen — plus what earlier versions in the
output folder published (:mod:`berichte.publish.ledger`). For every withheld count it computes the smallest
and the largest value consistent with all of it (:mod:`berichte.compute.disclosure`) and compares that
interval with the protection interval. For corrections it also asks whether the change of a withheld count
between versions can be worked out. Any Kennzahl published although a count it is computed from is withheld
(its numerator, a sum or a change would then reveal the count) is reported too.

``berichte build`` runs the audit before it publishes anything and stops if a cell is not protected;
``berichte geheimhaltung`` runs it alone and can write the report for the data-protection officer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from ..compute.disclosure import Interval, is_protected, protection_interval, rows_from_blocks, solve_intervals
from ..compute.linear import HIERARCHY, build_structure
from ..compute.results import Results
from ..compute.secrecy import change_failures
from ..formatting import number
from ..problems import BerichteError


@dataclass
class CellAudit:
    key: str
    area: str
    merkmal: str
    label: str
    year: int
    small: bool  # below the minimum count or withheld by the source
    low: float
    high: float
    margin: str  # the protection interval in words
    protected: bool
    pinned_by: list[str] = field(default_factory=list)  # published cells and relations that fix the bounds
    change: str = ""  # for a change between versions: the earlier version


@dataclass
class AuditReport:
    cells: list[CellAudit]
    changes: list[CellAudit]
    kennzahlen: list[str]  # published Kennzahlen that rest on a withheld count
    versions: list[str]
    years: list[int] | None
    rule: str

    @property
    def unprotected(self) -> list[CellAudit]:
        return [c for c in self.cells + self.changes if not c.protected]

    @property
    def ok(self) -> bool:
        return not self.unprotected and not self.kennzahlen


def _rule_text(results: Results) -> str:
    rules = results.settings.secrecy
    wide = (f"mindestens {rules.min_count} umfassen" if not rules.protection_percent else
            f"mindestens max({rules.min_count}; {number(rules.protection_percent, 0)} % von x) umfassen")
    return (f"Ein gesperrter Wert gilt als geschützt, wenn aus allem Veröffentlichten für Anzahlen unter "
            f"{rules.min_count} (und von der Quelle gesperrte Werte) mindestens die Werte 0 bis {rules.min_count} "
            f"möglich bleiben und für größere gesperrte Anzahlen x (Ergänzungssperrungen) die möglichen Werte eine "
            f"Spanne von {wide} (gleitendes Schutzintervall). Bei Korrekturen darf sich die Veränderung eines "
            f"gesperrten Werts zwischen zwei Fassungen nicht auf eine Spanne unter {rules.min_count} eingrenzen "
            "lassen.")


def audit(results: Results, years: list[int] | None = None) -> AuditReport:
    """Audit every withheld count (of the given years) against everything published."""
    project = results.project
    rules = project.settings.secrecy
    secrecy = results.secrecy
    published = results.published_counts  # what every output shows
    values = project.table.values.to_numpy(dtype=float).ravel()
    shown = published.to_numpy(dtype=float).ravel()
    suppressed = secrecy.suppressed.to_numpy(dtype=bool).ravel()
    structure = secrecy.structure or build_structure(project.table, project.areas, project.merkmale, suppressed
                                                     & np.isnan(values))
    frozen = secrecy.frozen if secrecy.frozen is not None else np.zeros(values.shape, dtype=bool)
    small = secrecy.small if secrecy.small is not None else np.zeros(values.shape, dtype=bool)
    hidden = suppressed & np.isnan(shown) & ~frozen
    known = np.where(hidden, np.nan, values)
    known[np.isnan(shown) & ~hidden & ~frozen] = np.nan  # not published and no data
    for snapshot in results.earlier:  # a value an earlier version showed and the cell still has
        with np.errstate(invalid="ignore"):
            same = ~np.isnan(snapshot.values) & (np.abs(snapshot.values - values) < 1e-9)
        known[same] = values[same]
    targets = np.flatnonzero(hidden)
    if years is not None:
        year_of = np.array([structure.years[(c // len(structure.columns)) % len(structure.years)] for c in targets])
        targets = targets[np.isin(year_of, years)] if len(targets) else targets
    needs = np.array([protection_interval(values[c], bool(small[c]), rules.min_count, rules.protection_percent)
                      for c in targets]).reshape(-1, 3)
    rows = rows_from_blocks(structure.blocks)
    intervals = solve_intervals(rows, known, structure.lower, structure.integer, targets, needs[:, 0], needs[:, 1])
    describe = _Describer(results, structure, rows, known)
    cells = []
    for t, interval in enumerate(intervals):
        ok = is_protected(interval, *needs[t])
        cells.append(describe.cell(int(targets[t]), interval, bool(small[targets[t]]), ok, rules, values))
    changes = []
    if results.earlier and rules.active:
        for failure, _ in change_failures(structure, rows, values, suppressed, frozen, rules, results.earlier):
            audit_cell = describe.cell(failure.cell, failure.interval, True, True, rules, values)
            audit_cell.protected = False
            audit_cell.pinned_by = ["die veröffentlichten Summen beider Fassungen, wenn sich nur dieser Wert "
                                    "(und die Summen, die ihn enthalten) geändert hat"]
            audit_cell.change = failure.change
            audit_cell.margin = f"Spanne der Veränderung mindestens {rules.min_count}"
            changes.append(audit_cell)
    return AuditReport(cells, changes, _kennzahl_leaks(results), [s.label for s in results.earlier], years,
                       _rule_text(results))


def _kennzahl_leaks(results: Results) -> list[str]:
    """Published Kennzahl values computed from a withheld count."""
    project = results.project
    indicators = results.indicators
    suppressed = results.secrecy.suppressed
    shown = indicators.published().notna()
    leaks = []
    for k in project.catalogue:
        rests_on = suppressed[list(dict.fromkeys(k.merkmale))].any(axis=1)
        bad = shown[k.id] & rests_on
        for key, year in bad[bad].index[:20]:
            leaks.append(f"Kennzahl „{k.title}“, {project.areas.name(key)} ({key}), {year}: veröffentlicht, "
                         "obwohl sie auf einer gesperrten Anzahl beruht")
    return leaks


class _Describer:
    def __init__(self, results: Results, structure, rows, known):
        self.results = results
        self.structure = structure
        self.rows = rows
        self.known = known
        self.merkmale = results.project.merkmale
        self.areas = results.project.areas

    def where(self, cell: int) -> tuple[str, int, str]:
        return self.structure.describe(cell)

    def name(self, cell: int) -> str:
        key, year, merkmal = self.where(cell)
        return f"{self.merkmale[merkmal].label} {self.areas.name(key)} {year}"

    def cell(self, cell: int, interval: Interval, small: bool, ok: bool, rules, values) -> CellAudit:
        key, year, merkmal = self.where(cell)
        # in words without the true value: the report may be passed on
        margin = (f"0 bis {rules.min_count} möglich" if small else
                  f"Spanne mindestens {rules.min_count}" if not rules.protection_percent else
                  f"Spanne mindestens {number(rules.protection_percent, 0)} % des Werts (mindestens {rules.min_count})")
        pinned = [] if ok else self.pinning(interval, cell)
        return CellAudit(key, self.areas.name(key), merkmal, self.merkmale[merkmal].label, year, small,
                         interval.low, interval.high, margin, ok, pinned)

    def pinning(self, interval: Interval, cell: int) -> list[str]:
        texts = []
        for r in sorted(set(interval.binding_low) | set(interval.binding_high)):
            cells, _ = self.rows.entries_of(r)
            label = self.rows.labels[self.rows.label[r]]
            label = "Summe der Teilgebiete" if label == HIERARCHY else f"Beziehung {label}"
            parts = []
            for c in cells:
                c = int(c)
                if c >= len(self.known):
                    continue
                if c == cell:
                    continue
                value = self.known[c]
                parts.append(f"{self.name(c)} = {number(value, 0) if value == value else '.'}")
            texts.append(f"{label}: " + "; ".join(parts))
        return texts


def _fmt(value: float) -> str:
    if not np.isfinite(value):
        return "unbegrenzt" if value > 0 else "−unbegrenzt"
    return number(value, 0)


def summary_line(report: AuditReport) -> str:
    n = len(report.cells)
    bad = report.unprotected
    if report.ok and n == 0:
        return "Geheimhaltung geprüft: kein Wert ist gesperrt."
    if report.ok:
        which = "der gesperrte Wert ist" if n == 1 else f"alle {number(n, 0)} gesperrten Werte sind"
        return (f"Geheimhaltung geprüft: {which} geschützt"
                + (f" (auch gegenüber {_earlier(len(report.versions))})" if report.versions else "")
                + ".")
    return (f"Geheimhaltung verletzt: {len(bad)} von {number(n + len(report.changes), 0)} geprüften gesperrten "
            f"Werten ließen sich eingrenzen" + (f", {len(report.kennzahlen)} Kennzahlen beruhen auf gesperrten "
                                               "Anzahlen" if report.kennzahlen else "") + ".")


def problem_lines(report: AuditReport, limit: int = 20) -> list[str]:
    lines = []
    for c in report.unprotected[:limit]:
        what = (f"die Veränderung gegenüber der {c.change}" if c.change else "der Wert")
        lines.append(f"{c.label}, {c.area} ({c.key}), {c.year}: {what} lässt sich auf {_fmt(c.low)} bis "
                     f"{_fmt(c.high)} eingrenzen (nötig: {c.margin}). Festgelegt durch: "
                     + (" | ".join(c.pinned_by) or "die veröffentlichten Summen"))
    lines += report.kennzahlen[:limit]
    rest = len(report.unprotected) + len(report.kennzahlen) - len(lines)
    if rest > 0:
        lines.append(f"… und {rest} weitere.")
    return lines


def check_before_publishing(results: Results) -> AuditReport:
    """The build's gate: raises if a withheld count is not protected (nothing is published then)."""
    report = audit(results)
    if not report.ok:
        correction = any(c.change for c in report.unprotected)
        text = summary_line(report) + " Es wird nichts veröffentlicht. " + " ".join(
            f"({i}) {line}" for i, line in enumerate(problem_lines(report, 10), start=1))
        if correction:
            text += (" Die Korrektur wird zurückgehalten: die bisherige Fassung bleibt veröffentlicht, bis sich "
                     "die Veränderung der gesperrten Werte nicht mehr errechnen lässt (etwa zusammen mit "
                     "weiteren Korrekturen oder dem nächsten Berichtsjahr).")
        raise BerichteError(text)
    return report


def report_markdown(report: AuditReport, results: Results, now: dt.datetime | None = None) -> str:
    """The audit report for the data-protection officer (German, Markdown)."""
    from babel.dates import format_datetime

    settings = results.settings
    now = now or dt.datetime.now()
    lines = [f"# Prüfbericht Geheimhaltung – {settings.title}", "",
             f"Erstellt am {format_datetime(now, 'd. MMMM y, HH:mm', locale='de_DE')} Uhr.", "",
             "## Ergebnis", "", summary_line(report), "",
             "## Regel", "", report.rule, "",
             "Geprüft wird, was ein Leser aus allen veröffentlichten Zahlen errechnen kann: die Anzahlen aller "
             "Berichte und Tabellen (HTML, PDF, CSV, XLSX), die Summen über die Gebietshierarchie, die Formeln "
             "abgeleiteter Merkmale, die Beziehungen aus merkmale.yml, „Teil ≤ Ganzes“ und dass Anzahlen nicht "
             "negativ sind. Für jeden gesperrten Wert werden der kleinste und der größte damit verträgliche Wert "
             "als lineares Programm berechnet (ganzzahlig, wo es auf die Grenze ankommt).", ""]
    if report.versions:
        lines += ["Frühere Veröffentlichungen im Ausgabeordner, die mitgeprüft wurden: "
                  + "; ".join(report.versions) + ".", ""]
    if report.years:
        lines += [f"Geprüft wurden die gesperrten Werte der Jahre {', '.join(map(str, report.years))}.", ""]
    if report.unprotected or report.kennzahlen:
        lines += ["## Nicht geschützte Werte", ""]
        lines += [f"- {line}" for line in problem_lines(report, 200)]
        lines.append("")
    lines += ["## Alle gesperrten Werte", "",
              "| Gebiet | Schlüssel | Merkmal | Jahr | möglich von | bis | nötig | geschützt |",
              "| --- | --- | --- | --- | ---: | ---: | --- | --- |"]
    for c in sorted(report.cells, key=lambda c: (c.year, c.key, c.merkmal)):
        lines.append(f"| {c.area} | {c.key} | {c.label} | {c.year} | {_fmt(c.low)} | {_fmt(c.high)} | {c.margin} | "
                     f"{'ja' if c.protected else '**nein**'} |")
    lines.append("")
    return "\n".join(lines)



def _earlier(n: int) -> str:
    """„einer früheren Veröffentlichung“, „drei früheren Veröffentlichungen“ (dative after „gegenüber“)."""
    from ..statements.words import number_word

    return f"{number_word(n, one='einer')} früheren Veröffentlichung" + ("" if n == 1 else "en")


DATABASE_KEYS = {"title", "publisher", "demo", "region", "referenceDate", "years", "reportYear", "comparisonYears",
                 "significanceLevel", "symbolsNote", "version", "levels", "themes", "areas", "profiles", "style",
                 "breaks", "k", "v", "notes", "noteTexts", "sig", "map", "single"}


def database_leaks(results: Results, data: dict) -> list[str]:
    """What the Datenbank page (``datenbank.html``) would embed beyond the published values, in words.

    The page may hold only what the Kennzahlen tables of some pair of years show: every embedded number must
    be a published Kennzahl value rounded as shown (a withheld or missing one only as its symbol), a
    "bedeutsam" flag only where both values of the pair are published, and nothing else (no counts, no
    numerators or denominators, no unrounded values: only the known parts of the data are allowed)."""
    from ..compute.comparison import kennzahl_years
    from ..formatting import rounded_array
    from .bitset import decode_bits

    problems = [f"Datenbank-Seite: unbekannter Datenteil „{key}“" for key in data if key not in DATABASE_KEYS]
    if data.get("single"):
        return problems
    project = results.project
    catalogue = project.catalogue
    keys = list(data["areas"]["key"])
    years = list(data["years"])
    published = results.indicators.published()
    for i, entry in enumerate(data["k"]):
        k = catalogue[entry["id"]]
        for j, year in enumerate(years):
            shown = rounded_array(published[k.id].xs(year, level="year").reindex(keys).to_numpy(dtype=float),
                                  k.decimals)
            embedded = np.array([c if isinstance(c, (int, float)) else np.nan for c in data["v"][i][j]], dtype=float)
            numbers = ~np.isnan(embedded)
            with np.errstate(invalid="ignore"):
                bad = numbers & (np.isnan(shown) | (np.abs(embedded / 10 ** k.decimals - shown) > 1e-9))
            for a in np.flatnonzero(bad)[:20]:
                problems.append(f"Datenbank-Seite: {k.title}, {keys[a]}, {year}: Wert ist nicht veröffentlicht "
                                "oder anders gerundet als in den Berichten")
    settings = results.settings
    # the years each report year shows, from the data (a wrong "shownYear" in the page shows up here too)
    expected = {y: kennzahl_years(results.indicators, y, settings.max_lag, settings.first_year) for y in years}
    kids = [entry["id"] for entry in data["k"]]
    present = {y: published.xs(y, level="year").reindex(index=keys, columns=kids).notna().to_numpy()
               for y in published.index.get_level_values("year").unique()}
    absent = np.zeros((len(keys), len(kids)), dtype=bool)
    for pair, flags in data["sig"].items():
        year_from, year_to = (int(y) for y in pair.split("-"))
        for column, bits in enumerate(flags["b"]):
            chosen = decode_bits(bits, len(keys))
            if not chosen.any():
                continue
            kid = kids[column]
            shown_to = int(expected[year_to][kid])
            shown_from = shown_to - (year_to - year_from)
            both = present.get(shown_to, absent)[:, column] & present.get(shown_from, absent)[:, column]
            wrong_year = int(data["k"][column]["shownYear"][years.index(year_to)]) != shown_to
            for a in np.flatnonzero(chosen & (~both | wrong_year))[:20]:
                problems.append(f"Datenbank-Seite: {catalogue[kid].title}, {keys[a]}, {year_from}–{year_to}: "
                                "„bedeutsam“ ohne veröffentlichte Werte")
    return problems
