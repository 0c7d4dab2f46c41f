"""Property-based tests (Hypothesis) for the loaders and the indicator engine."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berichte.compute.results import compute
from berichte.load.project import check_project, load_project
from berichte.load.readers import parse_numbers
from berichte.formatting import number, parse_german

YEARS = [2020, 2021]
MERKMALE = "ew: {bezeichnung: Einwohner, einheit: Personen, quelle: T}\n" \
           "lb: {bezeichnung: Leistungsberechtigte, einheit: Personen, quelle: T, teil_von: [ew]}\n" \
           "lb_u18: {bezeichnung: LB unter 18, einheit: Personen, quelle: T, teil_von: [lb]}\n" \
           "lb_ue18: {bezeichnung: LB ab 18, einheit: Personen, quelle: T, formel: lb - lb_u18}\n"
CATALOGUE = ("themen: {a: {titel: A}}\nkennzahlen:\n"
             "  quote: {titel: Quote, thema: a, zaehler: lb, nenner: ew, einheit: '%', polaritaet: hoch_unguenstig,"
             " nachkommastellen: 1, schwelle: 0.5, definition: T., quelle: T}\n"
             "  anzahl: {titel: Anzahl, thema: a, zaehler: lb_u18, einheit: Anzahl, polaritaet: neutral,"
             " nachkommastellen: 0, schwelle: 5, definition: T., quelle: T}\n")


@st.composite
def regions(draw):
    """A Region with 3–6 Kommunen; some Kommunen have 2–4 Sozialräume. Counts are consistent."""
    n_kommunen = draw(st.integers(3, 6))
    areas = [("01", "Region", "region", "")]
    leaves = []
    for i in range(1, n_kommunen + 1):
        key = f"01{i:03d}"
        areas.append((key, f"Kommune {i}", "kommune", "01"))
        n_sr = draw(st.sampled_from([0, 0, 2, 3, 4]))
        if n_sr:
            for j in range(1, n_sr + 1):
                areas.append((f"{key}{j:02d}", f"Sozialraum {i}.{j}", "sozialraum", key))
                leaves.append(f"{key}{j:02d}")
        else:
            leaves.append(key)
    counts = {}
    for leaf in leaves:
        for year in YEARS:
            ew = draw(st.integers(0, 5000))
            lb = draw(st.integers(0, ew))
            lb_u18 = draw(st.integers(0, min(lb, 12)))  # small numbers: many 1s and 2s
            counts[(leaf, year)] = (ew, lb, lb_u18)
    return areas, counts


def write_region(root: Path, areas, counts, fmt: dict) -> None:
    data = root / "data"
    (data / "zahlen").mkdir(parents=True)
    (data / "projekt.yml").write_text(
        "gebiet: Region\njahre: {von: 2020, bis: 2021}\nvergleichsjahr: 2020\nebenen:\n"
        "  - {id: region, name: Region, mehrzahl: Regionen}\n  - {id: kommune, name: Kommune, mehrzahl: Kommunen}\n"
        "  - {id: sozialraum, name: Sozialraum, mehrzahl: Sozialräume, genus: m}\n")
    (data / "gebiete.csv").write_text("schluessel;name;ebene;uebergeordnet\n"
                                      + "".join(f"{k};{n};{lvl};{p}\n" for k, n, lvl, p in areas))
    (data / "merkmale.yml").write_text(MERKMALE)
    (data / "kennzahlen.yml").write_text(CATALOGUE)
    sep, decimal, encoding, layout = fmt["sep"], fmt["decimal"], fmt["encoding"], fmt["layout"]

    def cell(v: int) -> str:
        if decimal == "," and v >= 1000 and fmt["thousands"]:
            return f"{v:,}".replace(",", ".")
        return str(v)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    names = ["ew", "lb", "lb_u18"]
    if layout == "long":
        writer.writerow(["schluessel", "jahr", "merkmal", "wert"])
        for (key, year), values in counts.items():
            for name, v in zip(names, values):
                writer.writerow([key, year, name, cell(v)])
    elif layout == "wide_years":
        writer.writerow(["Schlüssel", "Merkmal"] + [str(y) for y in YEARS])
        for key in sorted({k for k, _ in counts}):
            for i, name in enumerate(names):
                writer.writerow([key, name] + [cell(counts[(key, y)][i]) for y in YEARS])
    else:
        writer.writerow(["schluessel", "jahr"] + names)
        for (key, year), values in counts.items():
            writer.writerow([key, year] + [cell(v) for v in values])
    (data / "zahlen" / "daten.csv").write_bytes(out.getvalue().encode(encoding))


formats = st.fixed_dictionaries({
    "sep": st.sampled_from([";", ",", "\t"]),
    "decimal": st.sampled_from([",", "."]),
    "thousands": st.booleans(),
    "encoding": st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    "layout": st.sampled_from(["long", "wide_years", "wide_merkmale"]),
}).filter(lambda f: not (f["sep"] == "," and f["decimal"] == ","))

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(regions(), formats)
def test_loading_any_format_gives_the_same_counts_and_sums_add_up(region, fmt):
    areas, counts = region
    with tempfile.TemporaryDirectory() as tmp:
        write_region(Path(tmp), areas, counts, fmt)
        project, problems = check_project(tmp)
        assert not problems.has_errors(), [str(p) for p in problems]
        values = project.table.values
        for (key, year), (ew, lb, lb_u18) in counts.items():
            assert values.at[(key, year), "ew"] == ew
            assert values.at[(key, year), "lb_u18"] == lb_u18
            assert values.at[(key, year), "lb_ue18"] == lb - lb_u18
        # aggregation: every parent equals the sum of its children; rates are ratios of sums
        results = compute(project)
        for key in project.areas.keys:
            children = project.areas.children(key)
            if not children:
                continue
            for year in YEARS:
                assert values.at[(key, year), "ew"] == sum(values.at[(c, year), "ew"] for c in children)
                ew, lb = values.at[(key, year), "ew"], values.at[(key, year), "lb"]
                quote = results.indicators.values.at[(key, year), "quote"]
                if ew > 0:
                    assert abs(quote - lb / ew * 100) < 1e-9
                else:
                    assert np.isnan(quote)


@SETTINGS
@given(regions())
def test_secrecy_never_leaks_a_small_count(region):
    areas, counts = region
    with tempfile.TemporaryDirectory() as tmp:
        write_region(Path(tmp), areas, counts, {"sep": ";", "decimal": ",", "thousands": False,
                                                "encoding": "utf-8", "layout": "long"})
        results = compute(load_project(tmp))
        published = results.published_counts
        assert not published.isin([1, 2]).any().any()
        counts_published = results.indicators.published()["anzahl"]
        assert not counts_published.isin([1, 2]).any()
        # no sum (parent = children, lb = lb_u18 + lb_ue18) has exactly one withheld cell left
        suppressed = results.secrecy.suppressed
        values = results.project.table.values
        for key in results.project.areas.keys:
            for year in YEARS:
                cells = [suppressed.at[(key, year), m] for m in ("lb", "lb_u18", "lb_ue18")]
                assert sum(cells) != 1, (key, year)
                children = results.project.areas.children(key)
                if children and not values.loc[[(c, year) for c in children], "lb_u18"].isna().any():
                    group = [suppressed.at[(key, year), "lb_u18"]] + [suppressed.at[(c, year), "lb_u18"] for c in children]
                    assert sum(group) != 1, (key, year, group)


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), st.integers(0, 3))
def test_german_number_format_round_trips(value, decimals):
    text = number(value, decimals)
    assert "  " not in text and "nan" not in text.lower()
    assert abs(parse_german(text) - value) <= 0.5 * 10 ** -decimals + 1e-9 * max(1, abs(value))
    # what is shown parses back through the input reader as well (decimal comma, thousands dot)
    parsed = parse_numbers(pd.Series([text.replace("\u2212", "-")]), ",").values.iloc[0]
    assert parsed == parse_german(text)
