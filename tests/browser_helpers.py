"""Driving the Datenbank page (``datenbank.html``) in Chromium with Playwright: the browser fixture lives in
conftest.py (one browser per session); these helpers choose a view, download its CSV and read the table."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or CHROMIUM
    assert Path(path).exists(), "Chromium fehlt: apt-get install chromium (make test installiert es als root)."
    return path


def read_csv(raw: bytes) -> list[dict]:
    """Rows of a CSV in the Kennzahlen table's format (UTF-8 with BOM, ";")."""
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def cli_table(root: Path, folder: Path, level: str, year: int, comparison: int) -> dict[str, list[dict]]:
    """``berichte kennzahlen --jahr <year> --vergleich <comparison> --ebene <level>`` as rows by Kennzahl."""
    from berichte.cli import main

    target = folder / f"kennzahlen-{level}-{comparison}-{year}.csv"
    assert main(["--projekt", str(root), "kennzahlen", "--jahr", str(year), "--vergleich", str(comparison),
                 "--ebene", level, "--ausgabe", str(target)]) == 0
    by_kennzahl: dict[str, list[dict]] = {}
    for row in read_csv(target.read_bytes()):
        by_kennzahl.setdefault(row["Kennzahl-ID"], []).append(row)
    return by_kennzahl


def compare_with_cli(page, root: Path, folder: Path, level: str, year: int, comparison: int) -> dict:
    """Every Kennzahl of ``level`` for the period: the page's CSV against ``berichte kennzahlen`` cell by cell in
    every column the page writes; returns counts of rows, withheld values and bedeutsame changes compared."""
    by_kennzahl = cli_table(root, folder, level, year, comparison)
    counts = {"rows": 0, "withheld": 0, "significant": 0}
    for kennzahl, expected in by_kennzahl.items():
        choose(page, kennzahl, level, year, comparison)
        name, rows, raw = download_csv(page)
        assert name == f"kennzahl-{kennzahl}-{level}-{comparison}-{year}.csv"
        assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
        assert [r["Schlüssel"] for r in rows] == [r["Schlüssel"] for r in expected]
        for got, want in zip(rows, expected):
            for column, value in got.items():
                assert value == want[column], (kennzahl, level, got["Schlüssel"], column, value, want[column])
            counts["rows"] += 1
            counts["withheld"] += want[f"Wert {year}"] == "."
            counts["significant"] += want["Bedeutsame Veränderung"] == "ja"
    return counts


def embedded(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="daten">(.*?)</script>', html, re.S)
    assert match, "keine eingebetteten Daten"
    return json.loads(match.group(1))


def choose(page, kennzahl: str, level: str, year: int, comparison: int) -> None:
    page.select_option("#kennzahl", label=None, value=str(kennzahl_index(page, kennzahl)))
    page.select_option("#ebene", value=str(level_index(page, level)))
    page.select_option("#jahr", value=str(year))
    page.select_option("#vergleich", value=str(comparison))


def kennzahl_index(page, kennzahl: str) -> int:
    return page.evaluate("id => JSON.parse(document.getElementById('daten').textContent).k"
                         ".findIndex(k => k.id === id)", kennzahl)


def level_index(page, level: str) -> int:
    return page.evaluate("id => JSON.parse(document.getElementById('daten').textContent).levels"
                         ".findIndex(l => l.id === id)", level)


def download_csv(page) -> tuple[str, list[dict], bytes]:
    with page.expect_download() as info:
        page.click("#csv")
    download = info.value
    raw = Path(download.path()).read_bytes()
    return download.suggested_filename, read_csv(raw), raw


def table_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all("#tabelle tbody tr", "rows => rows.map(r => Array.from(r.children)"
                                                          ".map(c => c.innerText.trim()))")


