"""Geheimhaltung that survives an attacker (issue 18): declared relations, suppression over all linear
relations, the audit before publishing, corrections across versions.

The attacks use ``tests/secrecy_attacker.py``, written without berichte's own audit code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berichte.cli import main
from berichte.compute.results import compute
from berichte.compute.secrecy import apply_count_secrecy
from berichte.compute.snapshot import Snapshot
from berichte.load.aggregate import build_count_table
from berichte.load.areas import Areas
from berichte.load.formula import parse_formula
from berichte.load.merkmale import Merkmal, MerkmalDictionary
from berichte.load.project import check_project, load_project
from berichte.load.relations import Relation, RelationError, parse_relation
from berichte.load.settings import Secrecy
from berichte.problems import BerichteError
from berichte.publish.audit import audit, check_before_publishing, problem_lines, report_markdown

from conftest import edit, project_with_reports
from secrecy_attacker import change_range, equations, feasible_range, published_known

MESSE, HAFEN = "03999001012", "03999001011"


@pytest.fixture(scope="session")
def demo_results(demo_project):
    return compute(demo_project)


# --- 1. declared relations ------------------------------------------------------------------------------
def test_relation_syntax():
    r = parse_relation("alo_insgesamt = alo_sgb2 + alo_sgb3")
    assert r.total == "alo_insgesamt" and r.terms == ((1, "alo_sgb2"), (1, "alo_sgb3"))
    assert parse_relation("saldo = zuzuege - fortzuege").terms == ((1, "zuzuege"), (-1, "fortzuege"))
    for bad in ("a + b = c", "a = ", "a = a + b", "a == b", "a b = c"):
        with pytest.raises(RelationError):
            parse_relation(bad)


def test_standard_catalogue_and_demo_declare_relations(demo_project):
    texts = {r.text for r in demo_project.merkmale.relations}
    assert "alo_insgesamt = alo_sgb2 + alo_sgb3" in texts
    assert any(t.startswith("ew_insgesamt = ew_u3 + ") for t in texts)
    # … and the demo data satisfy them
    values = demo_project.table.values
    assert ((values["alo_sgb2"] + values["alo_sgb3"] - values["alo_insgesamt"]).abs().max()) == 0


def test_pruefen_warns_when_data_break_a_relation(demo_copy, capsys):
    edit(demo_copy / "data/zahlen/bundesagentur.csv", "03999001;2013;24866;", "03999001;2013;24867;")
    code = main(["--projekt", str(demo_copy), "pruefen"])
    out = capsys.readouterr().out.replace("\n", " ")
    assert code == 0
    assert "bundesagentur.csv, Zeile 3, Spalte „alo_insgesamt“" in out
    assert "Beziehung „alo_insgesamt = alo_sgb2 + alo_sgb3“ (merkmale.yml, Zeile" in out
    assert "Seewalden, Stadt (03999001), 2013: alo_insgesamt = 24.867, die Teile ergeben 24.866" in out


def test_unknown_merkmal_in_a_relation_is_an_error(demo_copy):
    edit(demo_copy / "data/merkmale.yml", "  - alo_insgesamt = alo_sgb2 + alo_sgb3",
         "  - alo_insgesamt = alo_sgb2 + alo_sgb4")
    _, problems = check_project(demo_copy)
    messages = [p for p in problems.errors if "alo_sgb4" in p.message]
    assert messages and messages[0].row is not None and str(messages[0].file).endswith("merkmale.yml")


# --- 2./3. Messegelände and the demo audited clean ----------------------------------------------------
def test_messegelaende_sgb3_cannot_be_worked_out(demo_project, demo_results):
    """Issue case: Arbeitslose 7, SGB II 5, SGB III withheld → 7 − 5 = 2. The audit and an independent
    attacker over all of 2022 must leave at least 0–3 possible."""
    published = demo_results.published_counts
    truth = demo_project.table.values
    # the Bundesagentur delivers it as "*" (1 or 2); 7 and 5 are delivered
    assert np.isnan(truth.at[(MESSE, 2022), "alo_sgb3"])
    assert truth.at[(MESSE, 2022), "alo_insgesamt"] == 7 and truth.at[(MESSE, 2022), "alo_sgb2"] == 5
    assert np.isnan(published.at[(MESSE, 2022), "alo_sgb3"])
    assert np.isnan(published.at[(MESSE, 2022), "alo_sgb2"]) or np.isnan(published.at[(MESSE, 2022), "alo_insgesamt"])
    rows = equations(demo_project, 2022, truth)
    known = published_known(published, 2022)
    signed = {(k, m.id) for k in demo_project.areas.keys for m in demo_project.merkmale.derived
              if not m.formula.is_sum}
    low, high = feasible_range(rows, known, (MESSE, "alo_sgb3"), signed)
    assert low <= 0 and high >= 3
    # Hafen: the complementary cell must not follow from 71 − 49 either
    for merkmal in ("alo_sgb2", "alo_sgb3"):
        if np.isnan(published.at[(HAFEN, 2022), merkmal]):
            low, high = feasible_range(rows, known, (HAFEN, merkmal), signed)
            assert high - low >= 2


def test_demo_is_audited_clean(demo_results):
    report = audit(demo_results)
    assert report.ok, report.unprotected[:3]
    assert not demo_results.secrecy.failures
    assert len(report.cells) == int(demo_results.secrecy.suppressed.to_numpy().sum())
    messe = [c for c in report.cells if c.key == MESSE and c.year == 2022 and c.merkmal == "alo_sgb3"][0]
    assert messe.small and messe.protected and messe.low <= 0 and messe.high >= 3


def test_audit_names_what_pins_a_cell(demo_project):
    """Without the secondary suppression the Messegelände cell is pinned; the message says by what."""
    from dataclasses import replace

    settings_ = demo_project.settings
    secrecy = settings_.secrecy.model_copy(update={"secondary": False})
    project = replace(demo_project, settings=settings_.model_copy(update={"secrecy": secrecy}))
    results = compute(project)
    with pytest.raises(BerichteError) as error:
        check_before_publishing(results)
    assert "Es wird nichts veröffentlicht" in error.value.message
    lines = problem_lines(audit(results, [2022]), 500)
    messe = [line for line in lines if line.startswith("Arbeitslose im Rechtskreis SGB III, Messegelände "
                                                       "(03999001012), 2022: der Wert lässt sich auf 2 bis 2")]
    assert messe, lines[:3]
    pinned = messe[0].split("Festgelegt durch: ")[1]
    assert ("Beziehung alo_insgesamt = alo_sgb2 + alo_sgb3: Arbeitslose Messegelände 2022 = 7; "
            "Arbeitslose im Rechtskreis SGB II Messegelände 2022 = 5" in pinned
            or "Summe der Teilgebiete: Arbeitslose im Rechtskreis SGB III Seewalden, Stadt 2022 = " in pinned), pinned


def test_geheimhaltung_command_writes_the_report(tmp_path, capsys):
    target = tmp_path / "bericht.md"
    code = main(["geheimhaltung", "--jahr", "2022", "--bericht", str(target)])
    out = capsys.readouterr().out
    assert code == 0 and "sind geschützt" in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Prüfbericht Geheimhaltung – Sozialmonitoring Region Seewalden")
    assert "| Messegelände | 03999001012 | Arbeitslose im Rechtskreis SGB III | 2022 | 0 |" in text
    assert "gleitendes Schutzintervall" in text
    assert "| 2021 |" not in text  # only the year asked for


# --- 4. corrections ---------------------------------------------------------------------------------
def _snapshot(results, label="Fassung 1") -> Snapshot:
    return Snapshot(label, results.published_counts.to_numpy(dtype=float).ravel())


def test_correction_of_a_withheld_count_does_not_reveal_the_change(mini):
    """Issue case: Cedorf's withheld 2 Leistungsberechtigte corrected to 1; the Kreis total 1.452 → 1.451.
    Either the build withholds more, or it holds the correction back; the change is never pinned."""
    first = compute(load_project(mini))
    assert first.project.table.values.at[("01000", 2022), "lb"] == 1452
    assert np.isnan(first.published_counts.at[("01000003", 2022), "lb"])
    path = mini / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text().replace("01000003,2022,lb,2", "01000003,2022,lb,1"))
    project = load_project(mini)
    second = compute(project, [_snapshot(first)])
    if second.secrecy.failures:
        with pytest.raises(BerichteError) as error:
            check_before_publishing(second)
        assert "Korrektur wird zurückgehalten" in error.value.message
        assert "Cedorf (01000003), 2022" in error.value.message
        return
    check_before_publishing(second)
    # the attacker: only Cedorf's lb (and the totals containing it) changed
    truth_old = first.project.table.values
    truth_new = project.table.values
    rows_old = equations(first.project, 2022, truth_old)
    rows_new = equations(project, 2022, truth_new)
    changed = {("01000003", "lb"), ("01000", "lb")}
    low, high = change_range(rows_old, rows_new, published_known(first.published_counts, 2022),
                             published_known(second.published_counts, 2022), ("01000003", "lb"), changed)
    assert high - low >= 3
    # and the Kreis total is not shown as 1.451 next to the earlier 1.452
    assert np.isnan(second.published_counts.at[("01000", 2022), "lb"])


def test_build_holds_or_hides_the_correction(tmp_path):
    """The same correction through two builds: the published union of versions never gives the change."""
    from berichte.publish.runner import BuildOptions, build

    root = project_with_reports(tmp_path / "p")
    output = tmp_path / "out"
    options = BuildOptions(root=root, output=output, formats=("html",), jobs=1)
    build(options)
    sozialbericht = output / "2022" / "sozialbericht-2022.html"
    before = sozialbericht.read_bytes()
    path = root / "data/zahlen/jobcenter.csv"
    path.write_text(path.read_text().replace("01000003,2022,lb,2", "01000003,2022,lb,1"))
    try:
        summary = build(options)
    except BerichteError as error:
        assert "Korrektur wird zurückgehalten" in error.message
        assert sozialbericht.read_bytes() == before  # nothing published
        return
    assert summary.audit is not None and summary.audit.ok
    log = "".join(p.read_text(encoding="utf-8") for p in (output / "korrekturen").glob("*.md"))
    assert "1.451" not in log
    assert (output / ".berichte" / "veroeffentlicht" / "stand-2.npz").exists()


# --- 5. property: random small tables, relations, hierarchy, two versions ----------------------------
def _merkmale() -> MerkmalDictionary:
    items = {
        "t": Merkmal("t", "Insgesamt", "Personen", "Test"),
        "a": Merkmal("a", "Teil A", "Personen", "Test", part_of=("t",)),
        "b": Merkmal("b", "Teil B", "Personen", "Test", part_of=("t",)),
        "d": Merkmal("d", "Differenz", "Personen", "Test", formula=parse_formula("t - a")),
    }
    return MerkmalDictionary(items, relations=[Relation("t", parse_formula("a + b"), "t = a + b")])


def _areas(children: list[int]) -> Areas:
    rows = [("R", "Region", "region", "", 0)]
    for i, n in enumerate(children):
        key = f"K{i}"
        rows.append((key, f"Kommune {i}", "kommune", "R", 1))
        rows += [(f"{key}S{j}", f"Sozialraum {i}.{j}", "sozialraum", key, 2) for j in range(n)]
    frame = pd.DataFrame(rows, columns=["key", "name", "level", "parent", "depth"]).set_index("key")
    frame["short"] = frame["name"]
    frame["row"] = range(len(frame))
    return Areas(frame, ["region", "kommune", "sozialraum"])


def _table(areas: Areas, merkmale, leaf_values: dict):
    rows = []
    for key, (a, b) in leaf_values.items():
        rows += [(key, 2022, "a", float(a), ""), (key, 2022, "b", float(b), ""), (key, 2022, "t", float(a + b), "")]
    counts = pd.DataFrame(rows, columns=["key", "year", "merkmal", "value", "note"])
    return build_count_table(counts, areas, merkmale, [2022])


tables = st.lists(st.integers(0, 3), min_size=2, max_size=4).flatmap(
    lambda children: st.tuples(
        st.just(children),
        st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)),
                 min_size=sum(n if n else 1 for n in children), max_size=sum(n if n else 1 for n in children)),
        st.integers(0, 100), st.sampled_from([-1, 1]), st.booleans()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_independent_attacker_never_pins_a_withheld_cell(case):
    children, values, pick, step, in_a = case
    areas = _areas(children)
    merkmale = _merkmale()
    leaves = [k for k in areas.keys if not areas.children(k)]
    leaf_values = dict(zip(leaves, values))
    rules = Secrecy()
    # version 1
    table1 = _table(areas, merkmale, leaf_values)
    secrecy1 = apply_count_secrecy(table1, areas, merkmale, rules)
    published1 = table1.values.where(~secrecy1.suppressed)
    # version 2: one leaf value corrected by ±1
    leaf = leaves[pick % len(leaves)]
    a, b = leaf_values[leaf]
    a, b = (max(0, a + step), b) if in_a else (a, max(0, b + step))
    leaf_values2 = {**leaf_values, leaf: (a, b)}
    table2 = _table(areas, merkmale, leaf_values2)
    secrecy2 = apply_count_secrecy(table2, areas, merkmale, rules,
                                   [Snapshot("Fassung 1", published1.to_numpy(dtype=float).ravel())])
    if secrecy2.failures:
        return  # the build holds the correction back: nothing of version 2 is published
    published2 = table2.values.where(~secrecy2.suppressed)

    class P:  # what the attacker knows of the project: areas, Merkmale, relations
        pass

    project = P()
    project.areas, project.merkmale = areas, merkmale
    signed = {(k, "d") for k in areas.keys}
    for table, secrecy, published in ((table1, secrecy1, published1), (table2, secrecy2, published2)):
        rows = equations(project, 2022, table.values)
        known = published_known(published, 2022)
        if table is table2:  # earlier published values that still hold are known too
            for (k, m), v in published_known(published1, 2022).items():
                if table2.values.at[(k, 2022), m] == v:
                    known[(k, m)] = v
        for (key, year), row in secrecy.suppressed.iterrows():
            for m in row.index[row.to_numpy()]:
                if (key, m) in known:
                    continue  # published in the other version with this very value: nothing to protect
                low, high = feasible_range(rows, known, (key, m), signed)
                true = table.values.at[(key, year), m]
                assert high - low >= 2, (key, m, true, low, high)
                if 0 < true < 3:
                    assert low <= 0 and high >= 3, (key, m, true, low, high)
    # the change of a withheld cell is never pinned, whichever single cell the attacker suspects
    rows_old = equations(project, 2022, table1.values)
    rows_new = equations(project, 2022, table2.values)
    known_old, known_new = published_known(published1, 2022), published_known(published2, 2022)
    for m in ("a", "b"):
        cell = (leaf, m)
        if cell in known_new or table1.values.at[(leaf, 2022), m] == table2.values.at[(leaf, 2022), m]:
            continue
        changed = {cell, (leaf, "t"), (leaf, "d")}
        up = areas.parent(leaf)
        while up:
            changed |= {(up, m), (up, "t"), (up, "d")}
            up = areas.parent(up)
        low, high = change_range(rows_old, rows_new, known_old, known_new, cell, changed)
        assert high - low >= 1, (cell, low, high)


def test_report_for_the_data_protection_officer_is_german(demo_results):
    text = report_markdown(audit(demo_results, [2023]), demo_results)
    assert "## Regel" in text and "Prüfbericht Geheimhaltung" in text
    assert "geschützt" in text and "möglich von" in text
