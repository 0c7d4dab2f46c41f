"""The Datenbank page (``_output/datenbank.html``) in a real browser, and the secrecy of its embedded data.

Playwright drives Debian's Chromium (``apt-get install chromium``; the Makefile's test target installs it),
launched with ``executable_path``: browsers cannot be downloaded here. One browser per test session; the page
comes from the session's demo build (``demo_build``).
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
from browser_helpers import choose, cli_table, compare_with_cli, embedded, table_rows

from berichte.compute.results import compute
from berichte.formatting import number, rounded_array
from berichte.load.project import load_project
from berichte.publish.audit import database_leaks

# a period no report of the demo build uses (the reports compare 2023 with 2018)
YEAR, COMPARISON = 2021, 2014


@pytest.fixture(scope="session")
def built(demo_build):
    output, _ = demo_build
    root = output.parent
    return root, output, output / "datenbank.html"


@pytest.fixture()
def page(browser, built):
    """The page opened from file://, with every console error and uncaught exception collected."""
    _, _, path = built
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(path.as_uri())
    tab.wait_for_selector("body[data-ready=true]")
    yield tab
    context.close()
    assert errors == [], errors


@pytest.fixture(scope="session")
def cli_tables(built, tmp_path_factory):
    """``berichte kennzahlen --jahr 2021 --vergleich 2014 --ebene <level>`` as rows by Kennzahl, per level."""
    root, _, _ = built
    folder = tmp_path_factory.mktemp("kennzahlen-cli")
    return {level: cli_table(root, folder, level, YEAR, COMPARISON) for level in ("kommune", "sozialraum")}


def test_controls_are_labelled_and_grouped(page, built):
    for control, label in (("kennzahl", "Kennzahl"), ("ebene", "Ebene"), ("jahr", "Jahr"),
                           ("vergleich", "Vergleichsjahr")):
        assert page.inner_text(f"label[for={control}]") == label
    themes = page.eval_on_selector_all("#kennzahl optgroup", "groups => groups.map(g => g.label)")
    project = load_project(built[0])
    assert themes == [t.title for t in project.catalogue.themes.values()
                      if any(k.theme == t.id for k in project.catalogue)]
    assert page.get_attribute("#status", "aria-live") == "polite"
    assert page.eval_on_selector_all("#tabelle thead th", "ths => ths.every(th => th.scope === 'col')")
    assert page.eval_on_selector_all("#tabelle tbody th", "ths => ths.length > 0 && ths.every(th => th.scope === 'row')")
    assert "Fiktive Beispieldaten" in page.inner_text("main")
    assert project.settings.publisher in page.inner_text("header")


def test_every_kennzahl_matches_the_kennzahlen_table(page, built, tmp_path):
    """Each Kennzahl on both levels, for a period no report uses: the page's CSV equals the rows of
    ``berichte kennzahlen`` cell by cell in every column it has (value, change, bedeutsam, ranks, notes …)."""
    root = built[0]
    totals = [compare_with_cli(page, root, tmp_path, level, YEAR, COMPARISON) for level in ("kommune", "sozialraum")]
    # the comparison covers withheld values and bedeutsame changes
    assert sum(t["rows"] for t in totals) > 1000
    assert sum(t["withheld"] for t in totals) > 0 and sum(t["significant"] for t in totals) > 0, totals


def test_table_shows_the_values_and_withheld_cells(page, cli_tables, built):
    project = load_project(built[0])
    kennzahl, expected = withheld_kennzahl(cli_tables["sozialraum"])
    k = project.catalogue[kennzahl]
    choose(page, kennzahl, "sozialraum", YEAR, COMPARISON)
    rows = table_rows(page)
    assert len(rows) == len(expected)
    suffix = "\u00a0%" if k.is_percent else ""
    for cells, want in zip(rows, expected):
        assert want["Schlüssel"] in cells[0] and want["Gebiet"] in cells[0]
        shown = want[f"Wert {YEAR}"]
        if shown in (".", "x"):
            assert cells[1] == shown
        elif shown:
            assert cells[1] == number(float(shown.replace(",", ".")), k.decimals) + suffix
        comparison = want[f"Wert {COMPARISON}"]
        if comparison:
            assert cells[2] == number(float(comparison.replace(",", ".")), k.decimals) + suffix
    assert any(cells[1] == "." for cells in rows)
    status = page.inner_text("#status")
    assert f"{len(rows)} Sozialräume" in status and "gesperrt" in status


def withheld_kennzahl(by_kennzahl: dict[str, list[dict]]) -> tuple[str, list[dict]]:
    """A Kennzahl with withheld values and bedeutsame changes in the period."""
    for kennzahl, rows in by_kennzahl.items():
        if any(r[f"Wert {YEAR}"] == "." for r in rows) and any(r["Bedeutsame Veränderung"] == "ja" for r in rows):
            return kennzahl, rows
    raise AssertionError("keine Kennzahl mit gesperrten Werten und bedeutsamen Veränderungen")


def test_sorting_by_columns(page, cli_tables):
    kennzahl, _ = withheld_kennzahl(cli_tables["sozialraum"])
    choose(page, kennzahl, "sozialraum", YEAR, COMPARISON)

    def values() -> list[float | None]:
        return [None if c[1] in (".", "x", "") else float(c[1].split("\u00a0")[0].replace(".", "").replace(",", ".")
                                                             .replace("\u2212", "-")) for c in table_rows(page)]

    page.click("button[data-sort=to]")
    assert page.get_attribute("#tabelle thead th:nth-child(2)", "aria-sort") == "descending"
    first = values()
    numbers = [v for v in first if v is not None]
    assert numbers == sorted(numbers, reverse=True) and first[len(numbers):] == [None] * (len(first) - len(numbers))
    page.click("button[data-sort=to]")
    assert page.get_attribute("#tabelle thead th:nth-child(2)", "aria-sort") == "ascending"
    second = [v for v in values() if v is not None]
    assert second == sorted(second)
    assert page.eval_on_selector_all("#tabelle thead th[aria-sort]", "ths => ths.length") == 1
    page.click("button[data-sort=name]")
    assert page.get_attribute("#tabelle thead th:nth-child(1)", "aria-sort") == "ascending"
    assert page.evaluate("""() => {
        const names = Array.from(document.querySelectorAll('#tabelle tbody th')).map(th => th.firstChild.textContent);
        return names.length > 3 && names.every((n, i) => i === 0 || names[i - 1].localeCompare(n, 'de') <= 0);
    }""")


def test_map_and_time_series(page, cli_tables, built):
    kennzahl, expected = withheld_kennzahl(cli_tables["sozialraum"])
    choose(page, kennzahl, "sozialraum", YEAR, COMPARISON)
    page.click("#zeige-karte")
    assert page.get_attribute("#zeige-karte", "aria-pressed") == "true"
    assert page.is_visible("#karte svg") and not page.is_visible("#tabelle")
    paths = page.eval_on_selector_all("#karte svg path", "ps => ps.map(p => [p.dataset.key, p.getAttribute('fill')])")
    assert sorted(k for k, _ in paths) == sorted(r["Schlüssel"] for r in expected)
    hatched = {k for k, fill in paths if fill == "url(#schraffur)"}
    assert hatched == {r["Schlüssel"] for r in expected if r[f"Wert {YEAR}"] == "."}
    legend = page.inner_text("#karte .legend")
    assert "„.“ Zahlenwert unbekannt oder geheim zu halten" in legend and "und mehr" in legend
    # time series: the first area and its parent (dashed)
    assert page.eval_on_selector_all("#zeitreihe svg path", "ps => ps.length") >= 2
    assert "(übergeordnetes Gebiet)" in page.inner_text("#zeitreihe .legend")
    page.click("#zeige-tabelle")
    boxes = page.query_selector_all("#tabelle tbody input[type=checkbox]")
    boxes[1].check()
    assert page.eval_on_selector_all("#zeitreihe .legend li", "lis => lis.length") >= 3


def test_profile_links_and_index_page(page, built):
    _, output, _ = built
    links = page.eval_on_selector_all("#tabelle tbody th a", "as => as.map(a => a.getAttribute('href'))")
    assert links and all((output / link).is_file() for link in links)
    index = (output / "index.html").read_text(encoding="utf-8")
    assert 'href="datenbank.html"' in index


def test_phone_width_has_no_horizontal_scroll(browser, built):
    """At 390 px nothing is wider than the screen, for every Kennzahl (titles, units and the options of the
    sorting list differ), in the table and in the map view."""
    data = embedded(built[2])
    context = browser.new_context(viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.goto(built[2].as_uri() + f"#ebene=sozialraum&jahr={YEAR}&vergleich={COMPARISON}")
    tab.wait_for_selector("body[data-ready=true]")
    assert tab.is_visible("#sortierung")
    too_wide = []
    for i, k in enumerate(data["k"]):
        tab.select_option("#kennzahl", value=str(i))
        if tab.evaluate("document.documentElement.scrollWidth") > 390:
            too_wide.append(k["id"])
    tab.click("#zeige-karte")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    assert too_wide == []


# --- secrecy of the embedded data (no browser) ------------------------------------------------------------

@pytest.fixture(scope="session")
def page_data(built):
    root, _, path = built
    return compute(load_project(root)), embedded(path)


def test_embedded_data_hold_only_published_values(page_data):
    results, data = page_data
    assert database_leaks(results, data) == []
    published = results.indicators.published()
    suppressed = results.indicators.suppressed
    keys = data["areas"]["key"]
    for i, entry in enumerate(data["k"]):
        k = results.project.catalogue[entry["id"]]
        for j, year in enumerate(data["years"]):
            values = published[k.id].xs(year, level="year").reindex(keys).to_numpy(dtype=float)
            secret = suppressed[k.id].xs(year, level="year").reindex(keys).fillna(False).to_numpy(dtype=bool)
            cells = data["v"][i][j]
            for a, cell in enumerate(cells):
                if secret[a]:
                    assert cell == ".", (k.id, year, keys[a], cell)
                elif isinstance(cell, (int, float)):
                    assert cell == round(rounded_array(values[a], k.decimals) * 10 ** k.decimals)
    assert set(data) <= {"title", "publisher", "demo", "region", "referenceDate", "years", "reportYear",
                         "comparisonYears", "significanceLevel", "symbolsNote", "version", "levels", "themes", "areas",
                         "profiles", "style", "breaks", "k", "v", "notes", "noteTexts", "sig", "map"}


def test_withheld_counts_cannot_be_worked_out_by_differencing(page_data):
    """For the count Kennzahlen: no parent whose value is shown has exactly one withheld child while all
    other children are shown (parent minus the others would give the withheld count)."""
    results, data = page_data
    parents = data["areas"]["parent"]
    children: dict[int, list[int]] = {}
    for a, p in enumerate(parents):
        if p >= 0:
            children.setdefault(p, []).append(a)
    for i, entry in enumerate(data["k"]):
        if not entry["count"]:
            continue
        for j, _ in enumerate(data["years"]):
            cells = data["v"][i][j]
            for parent, kids in children.items():
                by_level: dict[int, list[int]] = {}
                for kid in kids:
                    by_level.setdefault(data["areas"]["level"][kid], []).append(kid)
                for group in by_level.values():
                    hidden = [c for c in group if not isinstance(cells[c], (int, float))]
                    assert not (isinstance(cells[parent], (int, float)) and len(hidden) == 1
                                and cells[hidden[0]] == "."), (entry["id"], data["years"][j], data["areas"]["key"][parent])


def test_the_audit_finds_a_withheld_value_put_into_the_page(page_data):
    """The audit can fail: a withheld value (unrounded or rounded) or a "bedeutsam" flag without published values
    is reported."""
    results, data = page_data
    suppressed = results.indicators.suppressed
    values = results.indicators.values
    cells = suppressed.stack()
    key, year, kid = next((key, year, kid) for (key, year, kid), flag in cells.items()
                          if flag and not np.isnan(values.at[(key, year), kid]))
    i = [k["id"] for k in data["k"]].index(kid)
    a = data["areas"]["key"].index(key)
    j = data["years"].index(year)
    tampered = copy.deepcopy(data)
    decimals = results.project.catalogue[kid].decimals
    tampered["v"][i][j][a] = int(round(rounded_array(values.at[(key, year), kid], decimals) * 10 ** decimals))
    assert any("nicht veröffentlicht" in p for p in database_leaks(results, tampered))
    tampered = copy.deepcopy(data)
    tampered["numerators"] = [1, 2]
    assert database_leaks(results, tampered)
