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

from berichte.compute import compute
from berichte.formatting import number
from berichte.problems import BerichteError
from berichte.project import load_project
from berichte.statements import (area_statements, at_a_glance, kennzahl_statements, region_statements,
                                 sozialindex_statements, theme_intro)
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
