"""Narrative statements: numbers, German, golden texts, random inputs, template overrides, secrecy, speed.

Update the golden file deliberately (after reading the diff!) with

    BERICHTE_GOLDEN_UPDATE=1 .venv/bin/python -m pytest tests/test_statements.py -k golden
"""

from __future__ import annotations

import difflib
import math
import os
import shutil
import time
from pathlib import Path

import pytest

from berichte.compute.results import compute
from berichte.formatting import number
from berichte.problems import BerichteError
from berichte.load.project import load_project
from berichte.statements import area_statements, at_a_glance, kennzahl_statements, region_statements, sozialindex_statements, theme_intro
from berichte.statements.templates import PROJECT_FOLDER, environment
from statement_checks import check_direction, check_language, check_numbers, labels_of

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"
GOLDEN = Path(__file__).parent / "golden" / "statements.txt"

FALKENRIED, SEEWALDEN, KIRCHWALDEN, OSTERMOOR = "03999002", "03999001", "03999008", "03999012"
NORDSTADT, HAFEN, MESSEGELAENDE, REGION = "03999001002", "03999001011", "03999001012", "03999"


@pytest.fixture(scope="module")
def results():
    return compute(load_project(ROOT))


@pytest.fixture(scope="module")
def labels(results):
    project = results.project
    return labels_of(project.catalogue, project.areas, project.settings)


def every_statement(results):
    out = []
    for key in (REGION, SEEWALDEN, FALKENRIED, KIRCHWALDEN, OSTERMOOR, NORDSTADT, HAFEN, MESSEGELAENDE):
        out += area_statements(results, key)
        out += at_a_glance(results, key)
        for theme in results.project.catalogue.themes:
            intro = theme_intro(results, key, theme)
            if intro is not None:
                out.append(intro)
    out += region_statements(results)
    out += region_statements(results, level="sozialraum")
    return out


# --- numbers and language on the demo region ---------------------------------------------------------

def test_every_number_is_cited_and_formatted_as_computed(results, labels):
    statements = every_statement(results)
    assert len(statements) > 1000
    kinds = {s.kind for s in statements}
    assert kinds == {"stand", "entwicklung", "auffaelligkeit", "sozialindex", "thema", "region"}
    for statement in statements:
        check_numbers(statement, labels)


def test_every_statement_reads_as_german(results):
    for statement in every_statement(results):
        check_language(statement)


def test_any_period_can_be_described(results, labels):
    for key in (FALKENRIED, HAFEN, REGION):
        statements = area_statements(results, key, year=2016, comparison_year=2012)
        statements += at_a_glance(results, key, year=2016, comparison_year=2012)
        assert {s.year for s in statements} == {2016}
        assert {s.year_from for s in statements if s.kind != "sozialindex"} == {2012}
        for s in statements:
            check_language(s)
            check_numbers(s, labels)
    assert any("von 2012 bis 2016" in s.text for s in area_statements(results, FALKENRIED, 2016, 2012))
    with pytest.raises(BerichteError, match="Vergleichsjahr"):
        area_statements(results, FALKENRIED, year=2016, comparison_year=2016)


def test_cited_values_are_the_computed_ones(results):
    cmp = results.comparison()
    for s in kennzahl_statements(results, FALKENRIED):
        if "wert" in s.values:
            assert s.values["wert"].value == pytest.approx(cmp.value_to.at[FALKENRIED, s.kennzahl])
        if s.kind == "entwicklung" and "veraenderung_vz" in s.values:
            assert s.values["veraenderung_vz"].value == pytest.approx(cmp.change_shown.at[FALKENRIED, s.kennzahl])


def test_changes_are_named_only_when_bedeutsam_and_in_their_direction(results):
    cmp = results.comparison()
    for key in (FALKENRIED, KIRCHWALDEN, NORDSTADT, HAFEN):
        for s in kennzahl_statements(results, key):
            if s.kind == "entwicklung":
                check_direction(s, bool(cmp.bedeutsam.at[key, s.kennzahl]), cmp.change_shown.at[key, s.kennzahl])
            else:
                assert "gestiegen" not in s.text and "gesunken" not in s.text


def test_statement_fields(results):
    s = next(s for s in kennzahl_statements(results, FALKENRIED) if s.kennzahl == "arbeitslosenanteil"
             and s.kind == "entwicklung")
    assert (s.key, s.theme, s.year, s.year_from, s.aspect) == (FALKENRIED, "arbeitsmarkt", 2023, 2018, "gestiegen")
    assert s.values["veraenderung"].text == "0,6\u00a0Prozentpunkte"
    assert s.to_dict()["values"]["wert"]["text"] == "6,8\u00a0%"
    assert "Falkenried" in s.text and "Falkenried, Stadt" not in s.text


def test_ranks_use_ordinal_words_and_the_level_in_the_genitive_plural(results):
    texts = [s.text for s in kennzahl_statements(results, FALKENRIED) if s.kind == "stand"]
    assert any("den dritthöchsten Wert der 21 Kommunen" in t or "der dritthöchste Wert der 21 Kommunen" in t
               or "den 21 Kommunen ist das der dritthöchste Wert" in t for t in texts)
    assert any("höchsten Wert der 21 Kommunen" in t or "der höchste Wert der 21 Kommunen" in t for t in texts)
    texts = [s.text for s in kennzahl_statements(results, NORDSTADT) if s.kind == "stand"]
    assert any("der 12 Sozialräume" in t or "den 12 Sozialräumen" in t for t in texts)
    assert all("im sozialraum nordstadt" in t.lower() or "der sozialraum nordstadt" in t.lower() for t in texts)


def test_wording_varies_between_kennzahlen_and_areas(results):
    openings = {s.text.split(" ")[0] for s in kennzahl_statements(results, FALKENRIED) if s.kind == "stand"}
    assert len(openings) >= 3
    kommunen = results.project.areas.at_level("kommune")
    first_words = {s.text.split(" ")[0] for key in kommunen
                   for s in kennzahl_statements(results, key) if s.kennzahl == "kinderarmut" and s.kind == "stand"}
    assert len(first_words) >= 3


def test_at_a_glance_picks_three_to_five_varied_salient_statements(results):
    for key in (REGION, FALKENRIED, KIRCHWALDEN, OSTERMOOR, NORDSTADT, HAFEN, MESSEGELAENDE):
        glance = at_a_glance(results, key)
        assert 3 <= len(glance) <= 5
        ids = [s.kennzahl or s.kind for s in glance]
        assert len(ids) == len(set(ids))
        assert [s.salience for s in glance] == sorted((s.salience for s in glance), reverse=True)
    for key in results.project.areas.keys:  # read in a row, neighbours do not start alike
        starts = [" ".join(s.text.split()[:2]) for s in at_a_glance(results, key)]
        assert all(a != b for a, b in zip(starts, starts[1:])), starts
    glance = at_a_glance(results, FALKENRIED)
    assert len({s.theme for s in glance}) >= 3
    assert any(s.kind == "sozialindex" for s in glance)  # besonderer Aufmerksamkeitsbedarf is news


def test_theme_intro_summarises_the_chapter(results):
    intro = theme_intro(results, FALKENRIED, "arbeitsmarkt")
    assert intro.kind == "thema" and intro.theme == "arbeitsmarkt" and intro.kennzahl is None
    assert "Region Seewalden" in intro.text and "bedeutsam verändert" in intro.text
    with pytest.raises(BerichteError, match="Unbekanntes Thema"):
        theme_intro(results, FALKENRIED, "sport")


def test_region_statements_count_areas_and_name_the_strongest(results):
    statements = region_statements(results, kennzahlen=["sgb2_quote", "wohnflaeche_je_ew"])
    texts = [s.text for s in statements]
    assert any("in 8 der 21 Kommunen bedeutsam gestiegen, am stärksten in Hasselbrück (+1,1\u00a0Prozentpunkte)"
               in t for t in texts)
    assert any("in allen 21 Kommunen bedeutsam gestiegen" in t for t in texts)
    assert any(t.startswith("Von 2018 bis 2023 ist die SGB-II-Quote in der Region Seewalden bedeutsam gestiegen")
               for t in texts)
    overview = statements[-1]
    assert overview.aspect == "sozialindex"
    assert overview.text.startswith("Im Sozialindex 2023 haben 4 der 21 Kommunen besonderen Aufmerksamkeitsbedarf: "
                                    "Falkenried, Hasselbrück, Ostermoor und Seewalden.")
    sozialraeume = region_statements(results, level="sozialraum", kennzahlen=["kinderarmut"])
    assert any("in Seewalden insgesamt" in s.text for s in sozialraeume)
    with pytest.raises(BerichteError, match="Unbekannte Ebene"):
        region_statements(results, level="bezirk")


def test_sozialindex_in_words_and_change_since_the_previous_year(results):
    einordnung, vorjahr = sozialindex_statements(results, "03999005")
    assert "Statusklasse „sehr niedrig“" in einordnung.text and "besonderer Aufmerksamkeitsbedarf" in einordnung.text
    assert "Dynamikklasse von „stabil“ auf „negativ“ verschlechtert" in vorjahr.text
    (small,) = sozialindex_statements(results, MESSEGELAENDE)
    assert small.aspect == "nicht_bewertet" and "weniger als 300 Einwohnerinnen und Einwohner" in small.text


# --- secrecy ------------------------------------------------------------------------------------------

def test_withheld_values_are_never_cited(results, labels):
    indicators = results.indicators
    withheld = indicators.suppressed.xs(2023, level="year").loc[HAFEN]
    assert withheld["altersarmut"]
    secret = indicators.values.at[(HAFEN, 2023), "altersarmut"]
    statements = [s for s in area_statements(results, HAFEN) if s.kennzahl == "altersarmut"]
    assert [(s.kind, s.aspect) for s in statements] == [("stand", "nicht_veroeffentlicht")]
    assert "Geheimhaltung" in statements[0].text
    assert set(statements[0].values) <= {"jahr"}
    everything = every_statement(results)
    shown = number(secret, 1) + "\u00a0%"
    for s in everything:
        if s.kennzahl == "altersarmut":
            assert shown not in s.text, s.text
            assert "Hafen" not in s.text or s.key == HAFEN, s.text
            check_numbers(s, labels)
    # a value withheld in the comparison year only: no comparison, no number from that year
    cmp = results.comparison()
    for key in results.project.areas.keys:
        for kid in results.project.catalogue.items:
            if cmp.value_from.isna().at[key, kid] and not math.isnan(cmp.value_to.at[key, kid]):
                (development,) = [s for s in kennzahl_statements(results, key)
                                  if s.kennzahl == kid and s.kind == "entwicklung"]
                assert development.aspect == "ohne_vergleich"
                assert set(development.values) <= {"jahr", "jahr_von"}


# --- templates ----------------------------------------------------------------------------------------

@pytest.fixture
def mini(tmp_path) -> Path:
    shutil.copytree(MINI / "data", tmp_path / "data")
    return tmp_path


def test_a_project_template_overrides_the_wording(mini):
    folder = mini / PROJECT_FOLDER
    folder.mkdir(parents=True)
    (folder / "stand.j2").write_text(
        "{{ gebiet.name }} meldet für {{ jahr }} bei {{ kennzahl }} den Wert {{ wert }}.\n", encoding="utf-8")
    results = compute(load_project(mini))
    stand = [s for s in area_statements(results, "01000002") if s.kind == "stand"]
    assert "Bedorf meldet für 2022 bei die SGB-II-Quote den Wert 11,8\u00a0%." in [s.text for s in stand]
    development = [s for s in area_statements(results, "01000002") if s.kind == "entwicklung"]
    assert development and all("meldet" not in s.text for s in development)  # other kinds keep the defaults


def test_an_undefined_variable_names_the_template_file_and_the_variable(mini):
    folder = mini / PROJECT_FOLDER
    folder.mkdir(parents=True)
    (folder / "entwicklung.j2").write_text("{# Kommentar #}\n{{ kennzahl|satzanfang }} ist\n{{ veraenderug }}.\n",
                                           encoding="utf-8")
    results = compute(load_project(mini))
    with pytest.raises(BerichteError) as info:
        area_statements(results, "01000002")
    message = info.value.message
    assert "vorlagen/texte/entwicklung.j2" in message
    assert "„veraenderug“ ist nicht definiert" in message
    assert "Zeile 3" in message
    assert "veraenderung" in message  # the available variables are listed


def test_a_template_syntax_error_is_reported_in_german(mini):
    folder = mini / PROJECT_FOLDER
    folder.mkdir(parents=True)
    (folder / "stand.j2").write_text("{% if wert %}\n{{ wert }}.\n", encoding="utf-8")
    results = compute(load_project(mini))
    with pytest.raises(BerichteError, match=r"Textvorlage „vorlagen/texte/stand\.j2“, Zeile \d+: Syntaxfehler"):
        area_statements(results, "01000002")


def test_templates_are_compiled_once_per_project():
    assert environment(None) is environment(None)
    env = environment(None)
    assert env.get_template("stand.j2") is env.get_template("stand.j2")


def test_templates_are_shipped_as_package_data():
    from importlib import resources

    folder = resources.files("berichte").joinpath("templates", "statements")
    names = {p.name for p in folder.iterdir()}
    assert {"stand.j2", "entwicklung.j2", "auffaelligkeit.j2", "nicht_veroeffentlicht.j2", "sozialindex.j2",
            "thema.j2", "region_veraenderung.j2", "region_spanne.j2", "region_sozialindex.j2"} <= names
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates/**/*"' in pyproject


# --- golden set ---------------------------------------------------------------------------------------

def golden_statements(results) -> list[tuple[str, str]]:
    """Reviewed statements from the demo region: "Auf einen Blick" of three Kommunen and one Sozialraum,
    selected Stand/Entwicklung/Auffälligkeit statements, theme introductions, Sozialindex, region level."""
    names = results.project.areas.frame["short"]
    out = []

    def add(title: str, statements) -> None:
        for s in statements:
            out.append((f"{title} | {names[s.key]} | {s.kind}/{s.aspect or '-'} | {s.kennzahl or s.theme or '-'}",
                        s.text))

    for key in (FALKENRIED, KIRCHWALDEN, OSTERMOOR, NORDSTADT):
        add("Auf einen Blick", at_a_glance(results, key))
    picks = [(FALKENRIED, "kinderarmut"), (FALKENRIED, "arbeitslose"), (FALKENRIED, "kita_versorgung"),
             (KIRCHWALDEN, "sgb2_quote"), (KIRCHWALDEN, "einwohner"), (OSTERMOOR, "sprachfoerderbedarf"),
             (OSTERMOOR, "natuerlicher_saldo_rate"), (NORDSTADT, "altersarmut"), (HAFEN, "altersarmut"),
             (HAFEN, "geburtenrate"), (HAFEN, "mobilitaetsziffer"), (SEEWALDEN, "anteil_haushalte_kinder")]
    for key, kid in picks:
        add("Kennzahl", [s for s in kennzahl_statements(results, key) if s.kennzahl == kid])
    for key, theme in ((FALKENRIED, "mindestsicherung"), (KIRCHWALDEN, "bevoelkerung"), (NORDSTADT, "arbeitsmarkt")):
        add("Thema", [theme_intro(results, key, theme)])
    for key in (FALKENRIED, KIRCHWALDEN, MESSEGELAENDE):
        add("Sozialindex", sozialindex_statements(results, key))
    add("Sozialbericht", region_statements(results, kennzahlen=["kinderarmut", "sgb2_quote", "arbeitslose",
                                                                "wohnflaeche_je_ew"]))
    add("Sozialbericht Sozialräume", region_statements(results, level="sozialraum", kennzahlen=["altersarmut"]))
    return out


def render_golden(entries: list[tuple[str, str]]) -> str:
    return "".join(f"## {title}\n{text}\n\n" for title, text in entries)


def test_golden_statements(results):
    entries = golden_statements(results)
    assert len(entries) >= 30
    text = render_golden(entries)
    if os.environ.get("BERICHTE_GOLDEN_UPDATE") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            "tests/golden/statements.txt", "erzeugt"))
        pytest.fail("Die Texte weichen vom geprüften Stand ab. Nach dem Lesen des Diffs bewusst übernehmen mit\n"
                    "BERICHTE_GOLDEN_UPDATE=1 .venv/bin/python -m pytest tests/test_statements.py -k golden\n\n"
                    + diff)


def test_statements_are_deterministic(results):
    again = compute(load_project(ROOT))
    assert [s.text for s in area_statements(again, FALKENRIED)] == [s.text for s in area_statements(results, FALKENRIED)]


# --- speed --------------------------------------------------------------------------------------------

def test_statements_for_one_profile_are_fast(results):
    area_statements(results, SEEWALDEN)  # warm: comparison, Sozialindex, templates
    durations = []
    for key in ("03999013", "03999014", "03999015"):
        start = time.perf_counter()
        area_statements(results, key)
        at_a_glance(results, key)
        for theme in results.project.catalogue.themes:
            theme_intro(results, key, theme)
        durations.append(time.perf_counter() - start)
    assert min(durations) < 0.1, durations


# --- random inputs (Hypothesis) -----------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from berichte.load.catalogue import Kennzahl, Theme  # noqa: E402
from berichte.formatting import rounded  # noqa: E402
from berichte.load.formula import parse_formula  # noqa: E402
from berichte.load.settings import Level  # noqa: E402
from berichte.statements import kennzahl as per_kennzahl  # noqa: E402
from berichte.statements.facts import NO_DATA, SMALL_BASE, WITHHELD, ZERO_BASE, KennzahlFacts  # noqa: E402
from berichte.statements.templates import Renderer  # noqa: E402
from berichte.statements.theme import theme_intro as build_theme_intro  # noqa: E402
from berichte.statements.words import area_words, kennzahl_name, rate_suffix  # noqa: E402

NAN = math.nan
UNITS = [("%", ""), ("je 1.000", "Einwohnerinnen und Einwohner"), ("je 100", "Privathaushalte"), ("Anzahl", ""),
         ("Personen je Haushalt", ""), ("m² je Person", "")]
TITLES = ["Kinderarmut", "Altenquotient", "Pflegequote", "Durchschnittliche Haushaltsgröße", "Anteil der Kinder",
          "Wanderungssaldo", "Einwohnerinnen und Einwohner"]
IN_TEXT = ["", "die Kinderarmut", "der natürliche Saldo", "das Ausgabenvolumen", "die Zahl der Arbeitslosen"]
LEVELS = [Level(id="kommune", name="Kommune", plural="Kommunen", genus="f"), Level(id="sozialraum", name="Sozialraum", plural="Sozialräume", genus="m"),
          Level(id="quartier", name="Quartier", plural="Quartiere", genus="n"), Level(id="kreis", name="Kreis", plural="Kreise", genus="m")]
AREA_NAMES = ["Falkenried", "Nord*stadt", "Region Seewalden", "Kreis Peine", "Au_en [West]", "Ober- & Unterdorf",
              "Sozialraum Mitte"]
SIBLINGS = [f"Ort {chr(65 + i)}" for i in range(26)] + ["Ort Ä", "Ort Ö", "Ort Ü", "Ort Z"]
RENDERER = Renderer(None)


def kennzahl_labels(k: Kennzahl) -> list[str]:
    found = {k.title, kennzahl_name(k), k.unit, k.reference, rate_suffix(k)}
    found |= {x[:1].upper() + x[1:] for x in found if x}
    return sorted((x for x in found if x and any(ch.isdigit() for ch in x)), key=len, reverse=True)


def values(is_count: bool):
    if is_count:
        return st.one_of(st.just(NAN), st.sampled_from([0.0, 1.0, 2.0, 3.0]), st.integers(0, 2_000_000).map(float))
    return st.one_of(st.just(NAN), st.just(0.0), st.floats(-60, 1500, allow_nan=False, allow_subnormal=False))


@st.composite
def kennzahl_facts(draw, area=None, parent="draw", years=None) -> KennzahlFacts:
    unit, reference = draw(st.sampled_from(UNITS))
    is_count = unit == "Anzahl"
    decimals = 0 if is_count else draw(st.integers(0, 3))
    title = draw(st.sampled_from(TITLES))
    k = Kennzahl(id=draw(st.sampled_from(["a", "b", "c", "d"])), title=title, short_title=title,
                 theme=draw(st.sampled_from(["t1", "t2"])), numerator=parse_formula("x"),
                 denominator=None if is_count else parse_formula("y"), factor=1.0, unit=unit,
                 polarity=draw(st.sampled_from(["hoch_unguenstig", "hoch_guenstig", "neutral"])),
                 decimals=decimals, definition="Test.", source="Test",
                 threshold=draw(st.sampled_from([0.0, 0.1, 0.5, 1.0, 5.0])),
                 test=draw(st.sampled_from(["anteil", "poisson", "keiner"])), reference=reference,
                 key=draw(st.booleans()), in_text=draw(st.sampled_from(IN_TEXT)))
    if area is None:
        area = area_words("x", draw(st.sampled_from(AREA_NAMES)), draw(st.sampled_from(LEVELS)),
                          draw(st.integers(1, 2)))
    if parent == "draw":
        parent = draw(st.one_of(st.none(), st.builds(
            area_words, st.just("p"), st.sampled_from(AREA_NAMES), st.sampled_from(LEVELS), st.integers(0, 1))))
    year_from, year_to = years or sorted(draw(st.lists(st.integers(2000, 2030), min_size=2, max_size=2,
                                                       unique=True)))
    value_to, value_from = draw(values(is_count)), draw(values(is_count))
    if math.isnan(value_to) or math.isnan(value_from):
        change = NAN
    elif is_count:
        change = rounded((value_to / value_from - 1) * 100, 1) if value_from > 0 else NAN
    else:
        change = rounded(rounded(value_to, decimals) - rounded(value_from, decimals), decimals)
    level_z = draw(st.one_of(st.just(NAN), st.floats(-4, 4)))
    change_z = draw(st.one_of(st.just(NAN), st.floats(-4, 4))) if not math.isnan(change) else NAN
    spread = draw(st.sampled_from([1.0, 0.5, 1.5, 2.0, 1.25]))
    n = draw(st.integers(0, 30)) if not math.isnan(value_to) else 0
    ranks = {"rank_high": NAN, "rank_low": NAN, "n_ranked": 0, "tied_with": ()}
    if n:
        shown_values = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
        i = draw(st.integers(0, n - 1))
        mine = shown_values[i]
        ranks = {"rank_high": float(1 + sum(v > mine for v in shown_values)),
                 "rank_low": float(1 + sum(v < mine for v in shown_values)), "n_ranked": n,
                 "tied_with": tuple(SIBLINGS[j] for j, v in enumerate(shown_values) if v == mine and j != i)}
    return KennzahlFacts(
        kennzahl=k, name=kennzahl_name(k), count_unit=draw(st.sampled_from(["Personen", "Haushalte", "", "Fälle"]))
        if is_count else "", area=area, parent=parent, year_from=year_from, year_to=year_to,
        value_to=value_to, value_from=value_from,
        reason_to=draw(st.sampled_from([WITHHELD, SMALL_BASE, ZERO_BASE, NO_DATA])) if math.isnan(value_to) else "",
        reason_from=draw(st.sampled_from([WITHHELD, NO_DATA])) if math.isnan(value_from) else "",
        change=change, bedeutsam=draw(st.booleans()) and not math.isnan(change),
        p_value=draw(st.one_of(st.just(NAN), st.floats(0, 1))), level_z=level_z, change_z=change_z,
        auffaellig_niveau="hoch" if level_z > spread else ("niedrig" if level_z < -spread else ""),
        auffaellig_veraenderung="stärker steigend" if change_z > spread else (
            "stärker fallend" if change_z < -spread else ""),
        gegen_trend=draw(st.booleans()), parent_value_to=draw(values(is_count)) if parent else NAN,
        parent_change=draw(st.one_of(st.just(NAN), st.just(0.0), st.floats(-30, 30).map(
            lambda x: rounded(x, 1)))) if parent else NAN,
        n_siblings=n + draw(st.integers(0, 3)), spread=spread, **ranks)


def statements_of(f: KennzahlFacts):
    out = [per_kennzahl.stand(f, RENDERER)]
    development = per_kennzahl.development(f, RENDERER)
    if development is not None:
        out.append(development)
    return out + per_kennzahl.conspicuous(f, RENDERER)


@settings(max_examples=400, deadline=None)
@given(kennzahl_facts())
def test_random_facts_give_correct_german(f):
    labels = kennzahl_labels(f.kennzahl)
    statements = statements_of(f)
    for s in statements:
        check_language(s)
        check_numbers(s, labels)
        if s.kind == "entwicklung":
            check_direction(s, f.bedeutsam, f.change)
        else:
            assert "gestiegen" not in s.text and "gesunken" not in s.text
        if f.kennzahl.polarity == "neutral":
            assert "günstig" not in s.text, s.text
        if "deutlich über" in s.text:
            assert f.auffaellig_niveau == "hoch"
        if "deutlich unter" in s.text:
            assert f.auffaellig_niveau == "niedrig"
    if math.isnan(f.value_to):  # withheld or missing: one neutral note, no number but the year
        (only,) = statements
        assert only.aspect == "nicht_veroeffentlicht" and set(only.values) <= {"jahr"}
    if math.isnan(f.value_from):
        for s in statements:
            assert "wert_von" not in s.values and "von" not in s.values


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_theme_intros_give_correct_german(data):
    area = area_words("x", data.draw(st.sampled_from(AREA_NAMES)), data.draw(st.sampled_from(LEVELS)), 1)
    parent = data.draw(st.one_of(st.none(), st.just(area_words("p", "Region Seewalden", LEVELS[0], 0))))
    facts = data.draw(st.lists(kennzahl_facts(area=area, parent=parent, years=(2018, 2023)), min_size=1,
                               max_size=8))
    intro = build_theme_intro(facts, Theme("t1", "Arbeit und Soziales"), RENDERER)
    if intro is None:  # nothing to summarise: no comparison with a parent and no change to count
        assert all(math.isnan(f.change) or math.isnan(f.value_to) for f in facts)
        return
    check_language(intro)
    labels = sorted({x for f in facts for x in kennzahl_labels(f.kennzahl)}, key=len, reverse=True)
    check_numbers(intro, labels)


def test_markdown_and_html_characters_are_escaped():
    area = area_words("x", "Nord*stadt <Süd> & [West]_Ost", LEVELS[1], 2)
    k = Kennzahl(id="q", title="Quote", short_title="Quote", theme="t", numerator=parse_formula("x"),
                 denominator=parse_formula("y"), factor=100.0, unit="%", polarity="neutral", decimals=1,
                 definition="", source="", threshold=0.5, test="anteil", reference="", in_text="die Quote")
    f = KennzahlFacts(kennzahl=k, name="die Quote", count_unit="", area=area, parent=None, year_from=2018,
                      year_to=2023, value_to=12.34, value_from=10.0, change=2.3, bedeutsam=True)
    stand = per_kennzahl.stand(f, RENDERER)
    assert "Sozialraum Nord*stadt <Süd> & [West]_Ost lag die Quote 2023" in stand.text
    assert "Nord&#42;stadt &lt;Süd&gt; &amp; &#91;West&#93;&#95;Ost" in stand.html
    development = per_kennzahl.development(f, RENDERER)
    assert "gestiegen" in development.text and "um 2,3\u00a0Prozentpunkte" in development.text


def test_singular_and_plural_units():
    k = Kennzahl(id="n", title="Arbeitslose", short_title="Arbeitslose", theme="t", numerator=parse_formula("x"),
                 denominator=None, factor=1.0, unit="Anzahl", polarity="hoch_unguenstig", decimals=0,
                 definition="", source="", threshold=5.0, test="poisson", reference="", in_text="")
    area = area_words("x", "Falkenried", LEVELS[0], 1)
    f = KennzahlFacts(kennzahl=k, name=kennzahl_name(k), count_unit="Personen", area=area, parent=None,
                      year_from=2018, year_to=2023, value_to=1.0, value_from=4.0, change=-75.0, bedeutsam=True)
    development = per_kennzahl.development(f, RENDERER)
    assert "auf 1 Person" in development.text and "Personen" not in development.text
    assert "gesunken" in development.text and "um 75,0\u00a0%" in development.text
    assert "eine günstige Entwicklung" in development.text


# --- random projects ----------------------------------------------------------------------------------

TINY_CATALOGUE = """themen: {armut: {titel: Armut}, bevoelkerung: {titel: Bevölkerung}}
kennzahlen:
  quote: {titel: SGB-II-Quote, im_text: die SGB-II-Quote, thema: armut, zaehler: lb, nenner: ew, einheit: '%',
          polaritaet: hoch_unguenstig, nachkommastellen: 1, schwelle: 0.5, kern: true, definition: Test., quelle: Test}
  anzahl: {titel: Leistungsberechtigte, im_text: die Zahl der Leistungsberechtigten, thema: armut, zaehler: lb,
           einheit: Anzahl, polaritaet: hoch_unguenstig, nachkommastellen: 0, schwelle: 5, definition: Test.,
           quelle: Test}
  einwohner: {titel: Einwohnerinnen und Einwohner, thema: bevoelkerung, zaehler: ew, einheit: Anzahl,
              polaritaet: neutral, nachkommastellen: 0, schwelle: 1, definition: Test., quelle: Test}
  rate: {titel: Leistungsberechtigte je 1.000 Einwohner, im_text: die Zahl der Leistungsberechtigten,
         thema: armut, zaehler: lb, nenner: ew, einheit: je 1.000, bezug: Einwohnerinnen und Einwohner,
         polaritaet: neutral, nachkommastellen: 1, schwelle: 2, definition: Test., quelle: Test}
"""
TINY_NAMES = ["Adorf", "Bedorf", "Cé-Dorf", "Dorf*Stern", "Eschen_au", "Fuchsbau"]


def write_tiny_project(root: Path, counts: dict, n: int) -> None:
    data = root / "data"
    (data / "zahlen").mkdir(parents=True)
    (data / "projekt.yml").write_text(
        "gebiet: Testkreis\njahre: {von: 2020, bis: 2022}\nvergleichsjahr: 2020\n"
        "ebenen:\n  - {id: region, name: Kreis, mehrzahl: Kreise, genus: m}\n"
        "  - {id: kommune, name: Gemeinde, mehrzahl: Gemeinden, genus: f}\n"
        "sozialindex: {status: [quote], dynamik: [quote], jahre_dynamik: 1, mindest_einwohner: 50, einwohner: ew}\n",
        encoding="utf-8")
    rows = ["schluessel;name;ebene;uebergeordnet", "01;Kreis Testland;region;"]
    rows += [f"01{i:02d};{TINY_NAMES[i]};kommune;01" for i in range(n)]
    (data / "gebiete.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (data / "merkmale.yml").write_text(
        "ew: {bezeichnung: Einwohner, einheit: Personen, quelle: Test}\n"
        "lb: {bezeichnung: Leistungsberechtigte, einheit: Personen, quelle: Test, teil_von: [ew]}\n",
        encoding="utf-8")
    (data / "kennzahlen.yml").write_text(TINY_CATALOGUE, encoding="utf-8")
    lines = ["schluessel;jahr;merkmal;wert"] + [f"01{i:02d};{y};{m};{v}" for (i, y, m), v in counts.items()]
    (data / "zahlen" / "daten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@st.composite
def tiny_counts(draw):
    n = draw(st.integers(3, 6))
    counts = {}
    for i in range(n):
        for year in (2020, 2021, 2022):
            ew = draw(st.sampled_from([0, 40, 99, 100, 250, 1000, 5000]) | st.integers(0, 20000))
            lb = draw(st.integers(0, ew // 3)) if ew else 0
            counts[(i, year, "ew")], counts[(i, year, "lb")] = ew, lb
    return n, counts


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_counts())
def test_random_projects_give_correct_statements(case):
    import tempfile

    n, counts = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_tiny_project(root, counts, n)
        results = compute(load_project(root))
        project = results.project
        labels = labels_of(project.catalogue, project.areas, project.settings)
        cmp = results.comparison()
        withheld = results.indicators.suppressed.xs(2022, level="year")
        statements = []
        for key in project.areas.keys:
            area = area_statements(results, key)
            for s in area:
                if s.kennzahl and s.kind == "entwicklung":
                    check_direction(s, bool(cmp.bedeutsam.at[key, s.kennzahl]), cmp.change_shown.at[key, s.kennzahl])
                if s.kennzahl and withheld.at[key, s.kennzahl]:
                    assert s.aspect == "nicht_veroeffentlicht" and set(s.values) <= {"jahr"}, s.text
            statements += area + at_a_glance(results, key)
            statements += [t for t in (theme_intro(results, key, th) for th in project.catalogue.themes) if t]
        statements += region_statements(results)
        for s in statements:
            check_language(s)
            check_numbers(s, labels)


# --- formatting helpers used by the statements --------------------------------------------------------

@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.floats(-1e9, 1e9, allow_nan=False), st.integers(-10**7, 10**7).map(float),
                 st.decimals(-10000, 10000, places=3).map(float)), st.integers(0, 3))
def test_fast_number_format_equals_babel(value, decimals):
    from babel.numbers import format_decimal

    from berichte import formatting

    quantised = formatting.round_half_up(value, decimals)
    if quantised == 0:
        quantised = abs(quantised)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(quantised, format=pattern, locale="de_DE", decimal_quantization=True)
    assert formatting.number(value, decimals) == expected.replace("-", formatting.MINUS)


def test_ordinal_superlatives_and_units():
    from berichte.formatting import superlative, unit_for

    assert [superlative(r) for r in (1, 2, 3, 10)] == ["höchsten", "zweithöchsten", "dritthöchsten", "zehnthöchsten"]
    assert superlative(2, "niedrigst", "e") == "zweitniedrigste"
    with pytest.raises(ValueError):
        superlative(21)
    assert unit_for(1, "Personen je Haushalt") == "Person je Haushalt"
    assert unit_for(1.0, "Personen je Haushalt", 1) == "Personen je Haushalt"
    assert unit_for(2, "Personen je Haushalt") == "Personen je Haushalt"
    assert unit_for(-1, "Einw. je km²") == "Einw. je km²"
