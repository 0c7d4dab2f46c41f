"""Narrative statements: numbers, German, golden texts, random inputs, template overrides, secrecy, speed.

Update the golden file deliberately (after reading the diff!) with

    BERICHTE_GOLDEN_UPDATE=1 .venv/bin/python -m pytest tests/test_statements.py -k golden

Sentences that must never appear again (the defects of issue 17) are in tests/golden/negative.txt.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from berichte.compute.judgement import change_comparison, clear_gap, development_word, multiple
from berichte.compute.results import compute
from berichte.formatting import number
from berichte.problems import BerichteError
from berichte.load.project import load_project
from berichte.statements import (Scope, area_statements, at_a_glance, kennzahl_statements, region_overview,
                                 region_statements, region_theme_statements, small_area_note, sozialindex_notes,
                                 sozialindex_statements, theme_intro, theme_statements)
from berichte.statements.templates import PROJECT_FOLDER, environment
from statement_checks import check_direction, check_language, check_numbers, labels_of

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"
GOLDEN = Path(__file__).parent / "golden" / "statements.txt"
NEGATIVE = Path(__file__).parent / "golden" / "negative.txt"

FALKENRIED, SEEWALDEN, KIRCHWALDEN, OSTERMOOR = "03999002", "03999001", "03999008", "03999012"
NORDSTADT, HAFEN, MESSEGELAENDE, REGION = "03999001002", "03999001011", "03999001012", "03999"
ZEDERNHOF = "03999019"


@pytest.fixture(scope="module")
def results():
    return compute(load_project(ROOT))


@pytest.fixture(scope="module")
def labels(results):
    project = results.project
    return labels_of(project.catalogue, project.areas, project.settings)


def S(results, key=None, year=None, comparison_year=None) -> Scope:
    return Scope.of(results, key, year, comparison_year)


def every_statement(results):
    out = []
    for key in (REGION, SEEWALDEN, FALKENRIED, KIRCHWALDEN, OSTERMOOR, NORDSTADT, HAFEN, MESSEGELAENDE):
        scope = S(results, key)
        out += area_statements(results, scope)
        out += at_a_glance(results, scope)
        out += sozialindex_notes(results, scope)
        for theme in results.project.catalogue.themes:
            intro = theme_intro(results, scope, theme)
            if intro is not None:
                out.append(intro)
            out += theme_statements(results, scope, theme)
    out += region_statements(results, S(results))
    out += region_statements(results, S(results), level="sozialraum")
    out += region_overview(results, S(results))
    for theme in results.project.catalogue.themes:
        out += region_theme_statements(results, S(results), theme)
    out.append(small_area_note(results, S(results, MESSEGELAENDE)))
    return out


# --- numbers and language on the demo region ---------------------------------------------------------

def test_every_number_is_cited_and_formatted_as_computed(results, labels):
    statements = every_statement(results)
    assert len(statements) > 1000
    kinds = {s.kind for s in statements}
    assert kinds == {"stand", "entwicklung", "kennzahl", "sozialindex", "thema", "region"}
    for statement in statements:
        check_numbers(statement, labels)


def test_every_statement_reads_as_german(results):
    for statement in every_statement(results):
        check_language(statement)


def test_no_statement_repeats_a_defect_of_the_past(results):
    """tests/golden/negative.txt: phrasings that must never come back (wrong direction words, "bedeutsam" on
    areas, rates called "Zahl der …", evaluation tails, alarm and withdrawal, wrong grammar …)."""
    patterns = negative_patterns()
    assert len(patterns) >= 20
    for s in every_statement(results):
        for pattern, why in patterns:
            assert not pattern.search(s.text), f"{why}: {s.text}"


def negative_patterns() -> list[tuple[re.Pattern, str]]:
    out, why = [], ""
    for line in NEGATIVE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            why = line[2:].strip()
        elif line.strip() and not line.startswith("#"):
            out.append((re.compile(line.strip()), why))
    return out


def test_any_period_can_be_described(results, labels):
    for key in (FALKENRIED, HAFEN, REGION):
        scope = S(results, key, 2016, 2012)
        statements = area_statements(results, scope) + at_a_glance(results, scope)
        assert {s.year for s in statements} == {2016}
        assert {s.year_from for s in statements if s.kind != "sozialindex"} == {2012}
        for s in statements:
            check_language(s)
            check_numbers(s, labels)
    assert any("von 2012 bis 2016" in s.text for s in area_statements(results, S(results, FALKENRIED, 2016, 2012)))
    with pytest.raises(BerichteError, match="Vergleichsjahr"):
        S(results, FALKENRIED, 2016, 2016)


def test_a_scope_carries_area_and_period(results):
    scope = S(results, FALKENRIED)
    assert (scope.key, scope.year, scope.year_from, scope.period) == (FALKENRIED, 2023, 2018, (2018, 2023))
    assert scope.at(HAFEN) == Scope(HAFEN, 2023, 2018)
    assert S(results).key is None
    with pytest.raises(BerichteError, match="außerhalb"):
        S(results, FALKENRIED, 2030)


def test_cited_values_are_the_computed_ones(results):
    cmp = results.comparison()
    for s in kennzahl_statements(results, S(results, FALKENRIED)):
        if "wert" in s.values:
            assert s.values["wert"].value == pytest.approx(cmp.value_to.at[FALKENRIED, s.kennzahl])
        if s.kind == "entwicklung" and "veraenderung_vz" in s.values:
            assert s.values["veraenderung_vz"].value == pytest.approx(cmp.change_shown.at[FALKENRIED, s.kennzahl])


def test_changes_are_named_only_when_bedeutsam_and_in_their_direction(results):
    cmp = results.comparison()
    for key in (FALKENRIED, KIRCHWALDEN, NORDSTADT, HAFEN, ZEDERNHOF):
        for s in kennzahl_statements(results, S(results, key)):
            if s.kind == "entwicklung":
                check_direction(s, cmp.state.at[key, s.kennzahl], cmp.change_shown.at[key, s.kennzahl])
            else:
                assert "gestiegen" not in s.text and "gesunken" not in s.text


def test_three_states_of_a_change(results):
    """kaum verändert (below the threshold), nicht gesichert (at least the threshold, not significant),
    bedeutsam gestiegen/gesunken — in the sentence and in the table word alike."""
    cmp = results.comparison()
    seen = set()
    for key in results.project.areas.keys:
        for s in kennzahl_statements(results, S(results, key)):
            if s.kind != "entwicklung":
                continue
            state = cmp.state.at[key, s.kennzahl]
            seen.add(state)
            change = cmp.change_shown.at[key, s.kennzahl]
            if state == "gering":
                assert "kaum verändert" in s.text and development_word(state, change) == "kaum verändert"
            elif state == "ungesichert":
                assert "statistisch gesichert ist diese Veränderung nicht" in s.text
                assert development_word(state, change) == "nicht gesichert"
            elif state == "bedeutsam":
                assert re.search(r"bedeutsam (gestiegen|gesunken)", s.text)
    assert {"gering", "ungesichert", "bedeutsam", "veraendert", "bruch"} <= seen


def test_no_significance_without_people_or_cases_in_the_numerator(results):
    """Wohnfläche (m²), Einwohnerdichte (km²), Wohnungen and Plätze are described, never "bedeutsam"."""
    cmp = results.comparison()
    catalogue = results.project.catalogue
    for kid in ("wohnflaeche_je_ew", "einwohnerdichte", "wohnungen", "krippe_versorgung", "sozialwohnungen_je_1000_hh"):
        assert catalogue[kid].test == "keiner", kid
        assert not cmp.bedeutsam[kid].any() and not (cmp.assessment[kid] != "").any(), kid
    for s in kennzahl_statements(results, S(results, MESSEGELAENDE)) + kennzahl_statements(results, S(results, ZEDERNHOF)):
        if s.kennzahl in ("wohnflaeche_je_ew", "einwohnerdichte"):
            assert "bedeutsam" not in s.text, s.text
    assert catalogue["sgb2_quote"].test == "anteil" and catalogue["hze_rate"].test == "poisson"


def test_deutlich_follows_the_relative_gap_and_the_direction_words_the_signs():
    assert not clear_gap(49.6, 46.5, 0.5) and clear_gap(19.9, 15.0, 0.5)
    assert clear_gap(4.0, 5.0, 0.5) and not clear_gap(4.1, 5.0, 0.5)  # a fifth less
    assert not clear_gap(0.4, 0.3, 0.3)  # the gap is smaller than the threshold
    assert not clear_gap(-1.0, 2.0) and not clear_gap(0.0, 2.0)
    assert multiple(29.4, 13.1) == "mehr als doppelt so hoch wie" and multiple(4.5, 15.0) == \
        "nicht einmal ein Drittel so hoch wie" and multiple(19.9, 15.0) == ""
    assert change_comparison(6.9, 10.3) == "Anstieg deutlich schwächer als im Durchschnitt der Vergleichsgebiete"
    assert change_comparison(6.9, 10.3, deutlich=False) == "Anstieg schwächer als im Durchschnitt der Vergleichsgebiete"
    assert change_comparison(1.5, 1.2, deutlich=False) == "Anstieg stärker als im Durchschnitt der Vergleichsgebiete"
    assert change_comparison(-2.3, 2.6) == "Rückgang, im Durchschnitt der Vergleichsgebiete ein Anstieg"
    assert change_comparison(-2.0, -1.0) == "Rückgang deutlich stärker als im Durchschnitt der Vergleichsgebiete"
    assert change_comparison(0.0, 1.0) == ""


def test_statement_fields(results):
    s = next(s for s in kennzahl_statements(results, S(results, FALKENRIED)) if s.kennzahl == "arbeitslosenanteil"
             and s.kind == "entwicklung")
    assert (s.key, s.theme, s.year, s.year_from, s.aspect) == (FALKENRIED, "arbeitsmarkt", 2023, 2018, "gestiegen")
    assert s.values["veraenderung_vz"].text == "+0,6\u00a0Prozentpunkte"
    assert s.to_dict()["values"]["wert"]["text"] == "6,8\u00a0%"
    assert "Falkenried" in s.text and "Falkenried, Stadt" not in s.text


def test_ranks_use_ordinal_words_and_the_level_in_the_genitive_plural(results):
    texts = [s.text for s in kennzahl_statements(results, S(results, FALKENRIED)) if s.kind == "stand"]
    assert any("den dritthöchsten Wert der 21 Kommunen" in t or "der dritthöchste Wert der 21 Kommunen" in t
               or "den 21 Kommunen ist das der dritthöchste Wert" in t for t in texts)
    assert any("höchsten Wert der 21 Kommunen" in t or "der höchste Wert der 21 Kommunen" in t for t in texts)
    texts = [s.text for s in kennzahl_statements(results, S(results, NORDSTADT)) if s.kind == "stand"]
    assert any("der zwölf Sozialräume" in t or "den zwölf Sozialräumen" in t for t in texts)
    assert all("im sozialraum nordstadt" in t.lower() or "der sozialraum nordstadt" in t.lower() for t in texts)


def test_wording_varies_between_kennzahlen_and_areas(results):
    openings = {s.text.split(" ")[0] for s in kennzahl_statements(results, S(results, FALKENRIED)) if s.kind == "stand"}
    assert len(openings) >= 3
    kommunen = results.project.areas.at_level("kommune")
    first_words = {s.text.split(" ")[0] for key in kommunen
                   for s in kennzahl_statements(results, S(results, key)) if s.kennzahl == "kinderarmut"
                   and s.kind == "stand"}
    assert len(first_words) >= 3


def test_at_a_glance_shows_conspicuous_unfavourable_levels_first(results):
    glance = at_a_glance(results, S(results, NORDSTADT))
    text = " ".join(s.text for s in glance)
    for shown in ("29,4\u00a0%", "56,1\u00a0%"):  # SGB-II-Quote and Kinderarmut, the highest of the city
        assert shown in text
    kinds = [s.kind for s in glance]
    assert kinds.index("sozialindex") > 0 and all(k == "entwicklung" for k in kinds[kinds.index("sozialindex") + 1:])
    assert glance[0].kennzahl in ("sgb2_quote", "kinderarmut", "altersarmut", "arbeitslosenanteil_sgb2",
                                  "anteil_alleinerziehende")  # an index indicator leads
    hafen = " ".join(s.text for s in at_a_glance(results, S(results, HAFEN)))
    assert "Wohnfläche" not in hafen


def test_at_a_glance_picks_three_to_five_statements_one_per_kennzahl(results):
    for key in (REGION, FALKENRIED, KIRCHWALDEN, OSTERMOOR, NORDSTADT, HAFEN, ZEDERNHOF):
        glance = at_a_glance(results, S(results, key))
        assert 3 <= len(glance) <= 5, key
        ids = [s.kennzahl for s in glance if s.kennzahl]
        assert len(ids) == len(set(ids))
        context = [i for i, s in enumerate(glance) if s.kennzahl and results.project.catalogue[s.kennzahl].polarity
                   == "neutral"]
        rated = [i for i, s in enumerate(glance) if s.kennzahl and results.project.catalogue[s.kennzahl].polarity
                 != "neutral" and s.kind == "entwicklung"]
        assert not context or not rated or min(context) > max(rated), key  # context indicators rank below
    for key in results.project.areas.keys:  # read in a row, neighbours do not start alike
        starts = [" ".join(s.text.split()[:2]) for s in at_a_glance(results, S(results, key))]
        assert all(a != b for a, b in zip(starts, starts[1:])), starts
    assert any(s.kind == "sozialindex" for s in at_a_glance(results, S(results, FALKENRIED)))


def test_one_bullet_per_kennzahl_in_a_chapter(results):
    """Zedernhof: the +9,6 Prozentpunkte of the Rechtskreis SGB II at the Arbeitslosen once, not four times."""
    bullets = theme_statements(results, S(results, ZEDERNHOF), "arbeitsmarkt")
    ids = [s.kennzahl for s in bullets]
    assert len(ids) == len(set(ids))
    assert sum("+9,6" in s.text for s in bullets) <= 1
    assert not any(s.text.endswith("Entwicklung.") for s in bullets)
    pairs = theme_statements(results, S(results, NORDSTADT), "arbeitsmarkt", limit=20)
    assert "arbeitslose" not in [s.kennzahl for s in pairs]  # the rate names the count
    rate = next(s for s in pairs if s.kennzahl == "arbeitslosenanteil")
    assert "Die Zahl der Arbeitslosen veränderte sich dabei von" in rate.text


def test_changes_across_a_break_are_described_not_judged(results):
    cmp = results.comparison()
    assert [b.year for b in cmp.across_break("wohngeldquote")] == [2020, 2023]
    assert (cmp.state["wohngeldquote"].dropna() == "bruch").all() and not cmp.bedeutsam["wohngeldquote"].any()
    (s,) = [s for s in kennzahl_statements(results, S(results, KIRCHWALDEN))
            if s.kennzahl == "wohngeldquote" and s.kind == "entwicklung"]
    assert s.aspect == "bruch" and "Wohngeld-Plus-Reform zum 1.1.2023" in s.text and "nicht bewertet" in s.text
    assert "bedeutsam" not in s.text and "günstig" not in s.text
    later = results.comparison(2023, 2021)  # 2021–2023 spans only the reform of 2023
    assert [b.year for b in later.across_break("wohngeldquote")] == [2023]
    assert not results.comparison(2019, 2016).across_break("sgb2_quote")


def test_small_areas_get_no_judgements(results):
    cmp = results.comparison()
    assert bool(cmp.small[MESSEGELAENDE]) and not cmp.small[HAFEN]
    assert not (cmp.auffaellig_niveau.loc[MESSEGELAENDE] != "").any() and not cmp.gegen_trend.loc[MESSEGELAENDE].any()
    for s in kennzahl_statements(results, S(results, MESSEGELAENDE)):
        assert not re.search(r"auffällig|deutlich|Rang|höchste|niedrigste", s.text), s.text
    note = small_area_note(results, S(results, MESSEGELAENDE))
    assert "hatte 2023 nur 293 Einwohnerinnen und Einwohner" in note.text and "1.000" in note.text and "Kurzprofil" in note.text


def test_theme_intro_is_the_one_evaluation_of_the_chapter(results):
    intro = theme_intro(results, S(results, FALKENRIED), "arbeitsmarkt")
    assert intro.kind == "thema" and intro.theme == "arbeitsmarkt" and intro.kennzahl is None
    assert intro.text.startswith("Beim Thema „Arbeitsmarkt“") and "Region Seewalden" in intro.text
    assert "bedeutsam verändert" in intro.text and "zum Ungünstigen" in intro.text
    poverty = theme_intro(results, S(results, NORDSTADT), "mindestsicherung")
    assert "wegen einer Rechtsänderung oder eines Datenbruchs nicht bewertet" in poverty.text
    population = theme_intro(results, S(results, NORDSTADT), "bevoelkerung")
    assert "Einwohnerdichte" not in population.text  # no lead change by a tiny threshold
    with pytest.raises(BerichteError, match="Unbekanntes Thema"):
        theme_intro(results, S(results, FALKENRIED), "sport")


def test_region_statements_compare_the_kommunen(results):
    statements = region_statements(results, S(results), kennzahlen=["altersarmut", "sgb2_quote", "wohnflaeche_je_ew"])
    texts = {s.kennzahl: s.text for s in statements}
    assert "Unter den 21 Kommunen lag sie 2023 zwischen 2,3\u00a0% in Uhlenbusch und 7,3\u00a0% in Hasselbrück" \
        in texts["altersarmut"]
    assert "Bedeutsam gestiegen ist sie von 2018 bis 2023 in zehn der 21 Kommunen" in texts["altersarmut"]
    assert "bedeutsam" not in texts["sgb2_quote"] and "Rechtskreiswechsel" in texts["sgb2_quote"]
    assert "Höher als 2018 lag sie 2023 in 19 der 21 Kommunen" in texts["sgb2_quote"]
    assert "bedeutsam" not in texts["wohnflaeche_je_ew"]
    overview = region_overview(results, S(results))[0]
    assert overview.text.startswith("Im Sozialindex 2023 haben vier der 21 Kommunen besonderen "
                                    "Aufmerksamkeitsbedarf: Falkenried, Hasselbrück, Ostermoor und Seewalden.")
    chapter = region_theme_statements(results, S(results), "mindestsicherung")
    assert [s.kennzahl for s in chapter][:4] == ["sgb2_quote", "kinderarmut", "altersarmut", "mindestsicherungsquote"]
    sozialraeume = region_statements(results, S(results), level="sozialraum", kennzahlen=["kinderarmut"])
    assert any("Unter den" in s.text and "Sozialräumen" in s.text for s in sozialraeume)
    with pytest.raises(BerichteError, match="Unbekannte Ebene"):
        region_statements(results, S(results), level="bezirk")


def test_sozialindex_in_words_relative_with_its_period_and_caveat(results):
    einordnung, vorjahr = sozialindex_statements(results, S(results, "03999005"))
    assert "Statusklasse „sehr niedrig“" in einordnung.text and "besonderer Aufmerksamkeitsbedarf" in einordnung.text
    assert "im Vergleich zu den anderen Kommunen die Dynamikklasse von „stabil“ auf „negativ“ verschlechtert" \
        in vorjahr.text
    (notes,) = sozialindex_notes(results, S(results, "03999005"))
    assert "im Vergleich der Kommunen untereinander" in notes.text and "von 2020 bis 2023" in notes.text
    assert "Rechtskreiswechsel" in notes.text and "lenkt die Aufmerksamkeit" in notes.text
    (small,) = sozialindex_statements(results, S(results, MESSEGELAENDE))
    assert small.aspect == "nicht_bewertet" and "weniger als 300 Einwohnerinnen und Einwohner" in small.text


# --- secrecy ------------------------------------------------------------------------------------------

def test_withheld_values_are_never_cited(results, labels):
    indicators = results.indicators
    withheld = indicators.suppressed.xs(2023, level="year").loc[HAFEN]
    assert withheld["altersarmut"]
    secret = indicators.values.at[(HAFEN, 2023), "altersarmut"]
    statements = [s for s in area_statements(results, S(results, HAFEN)) if s.kennzahl == "altersarmut"]
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
                (development,) = [s for s in kennzahl_statements(results, S(results, key))
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
    stand = [s for s in area_statements(results, S(results, "01000002")) if s.kind == "stand"]
    assert "Bedorf meldet für 2022 bei die SGB-II-Quote den Wert 11,8\u00a0%." in [s.text for s in stand]
    development = [s for s in area_statements(results, S(results, "01000002")) if s.kind == "entwicklung"]
    assert development and all("meldet" not in s.text for s in development)  # other kinds keep the defaults


def test_an_undefined_variable_names_the_template_file_and_the_variable(mini):
    folder = mini / PROJECT_FOLDER
    folder.mkdir(parents=True)
    (folder / "entwicklung.j2").write_text("{# Kommentar #}\n{{ kennzahl|satzanfang }} ist\n{{ veraenderug }}.\n",
                                           encoding="utf-8")
    results = compute(load_project(mini))
    with pytest.raises(BerichteError) as info:
        area_statements(results, S(results, "01000002"))
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
        area_statements(results, S(results, "01000002"))


def test_templates_are_compiled_once_per_project():
    assert environment(None) is environment(None)
    env = environment(None)
    assert env.get_template("stand.j2") is env.get_template("stand.j2")


def test_templates_are_shipped_as_package_data():
    from importlib import resources

    folder = resources.files("berichte").joinpath("templates", "statements")
    names = {p.name for p in folder.iterdir()}
    assert {"stand.j2", "entwicklung.j2", "lage.j2", "kurzprofil.j2", "nicht_veroeffentlicht.j2", "sozialindex.j2",
            "thema.j2", "region_veraenderung.j2", "region_spanne.j2", "region_sozialindex.j2"} <= names
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates/**/*"' in pyproject


# --- golden set ---------------------------------------------------------------------------------------

def golden_statements(results) -> list[tuple[str, str]]:
    """Reviewed statements from the demo region: "Auf einen Blick" of four Kommunen and two Sozialräume,
    selected Stand/Entwicklung statements and chapter bullets, theme introductions, Sozialindex with its
    notes, region level."""
    names = results.project.areas.frame["short"]
    out = []

    def add(title: str, statements) -> None:
        for s in statements:
            out.append((f"{title} | {names[s.key]} | {s.kind}/{s.aspect or '-'} | {s.kennzahl or s.theme or '-'}",
                        s.text))

    for key in (FALKENRIED, KIRCHWALDEN, OSTERMOOR, ZEDERNHOF, NORDSTADT, HAFEN):
        add("Auf einen Blick", at_a_glance(results, S(results, key)))
    picks = [(FALKENRIED, "kinderarmut"), (FALKENRIED, "arbeitslose"), (FALKENRIED, "kita_versorgung"),
             (KIRCHWALDEN, "sgb2_quote"), (KIRCHWALDEN, "einwohner"), (OSTERMOOR, "sprachfoerderbedarf"),
             (OSTERMOOR, "natuerlicher_saldo_rate"), (NORDSTADT, "altersarmut"), (HAFEN, "altersarmut"),
             (HAFEN, "geburtenrate"), (HAFEN, "mobilitaetsziffer"), (SEEWALDEN, "anteil_haushalte_kinder")]
    for key, kid in picks:
        add("Kennzahl", [s for s in kennzahl_statements(results, S(results, key)) if s.kennzahl == kid])
    for key, kid in ((MESSEGELAENDE, "wohnflaeche_je_ew"), (SEEWALDEN, "sozialwohnungen_je_1000_hh"),
                     (KIRCHWALDEN, "wohngeldquote"), (HAFEN, "frauenanteil_beschaeftigte")):
        add("Kennzahl", [s for s in kennzahl_statements(results, S(results, key)) if s.kennzahl == kid])
    for key, theme in ((FALKENRIED, "mindestsicherung"), (KIRCHWALDEN, "bevoelkerung"), (NORDSTADT, "arbeitsmarkt")):
        add("Thema", [theme_intro(results, S(results, key), theme)])
        add("Kapitel", theme_statements(results, S(results, key), theme))
    add("Kapitel", theme_statements(results, S(results, ZEDERNHOF), "arbeitsmarkt"))
    for key in (FALKENRIED, KIRCHWALDEN, MESSEGELAENDE):
        add("Sozialindex", sozialindex_statements(results, S(results, key)))
    add("Sozialindex", sozialindex_notes(results, S(results, FALKENRIED)))
    add("Kurzprofil", [small_area_note(results, S(results, MESSEGELAENDE))])
    add("Sozialbericht", region_overview(results, S(results)))
    add("Sozialbericht", region_statements(results, S(results), kennzahlen=["kinderarmut", "sgb2_quote", "altersarmut",
                                                                            "arbeitslose", "wohnflaeche_je_ew"]))
    add("Sozialbericht Sozialräume", region_statements(results, S(results), level="sozialraum",
                                                       kennzahlen=["altersarmut"]))
    return out


def test_golden_statements_hold_no_negative_example(results):
    text = render_golden(golden_statements(results))
    for pattern, why in negative_patterns():
        assert not pattern.search(text), why


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
    assert [s.text for s in area_statements(again, S(again, FALKENRIED))] == \
        [s.text for s in area_statements(results, S(results, FALKENRIED))]


# --- speed --------------------------------------------------------------------------------------------

def test_statements_for_one_profile_are_fast(results):
    area_statements(results, S(results, SEEWALDEN))  # warm: comparison, Sozialindex, templates
    durations = []
    for key in ("03999013", "03999014", "03999015"):
        start = time.perf_counter()
        scope = S(results, key)
        area_statements(results, scope)
        at_a_glance(results, scope)
        for theme in results.project.catalogue.themes:
            theme_intro(results, scope, theme)
            theme_statements(results, scope, theme)
        durations.append(time.perf_counter() - start)
    assert min(durations) < 0.1, durations


# --- random inputs (Hypothesis) -----------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from berichte.load.catalogue import Kennzahl, Theme  # noqa: E402
from berichte.formatting import rounded  # noqa: E402
from berichte.load.formula import parse_formula  # noqa: E402
from berichte.load.reporting import Break  # noqa: E402
from berichte.load.settings import Level  # noqa: E402
from berichte.statements import kennzahl as per_kennzahl  # noqa: E402
from berichte.compute.indicators import NO_DATA, SMALL_BASE, WITHHELD, ZERO_BASE  # noqa: E402
from berichte.statements.facts import KennzahlFacts  # noqa: E402
from berichte.statements.templates import TextTemplates  # noqa: E402
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
RENDERER = TextTemplates(None)
BREAK = Break(jahr=2020, grund="Reform zum 1.1.2020", kennzahlen=["a", "b", "c", "d"])


def kennzahl_labels(k: Kennzahl) -> list[str]:
    found = {k.title, kennzahl_name(k), k.unit, k.reference, rate_suffix(k), BREAK.reason}
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
        n_siblings=n + draw(st.integers(0, 3)), spread=spread, tested=k.test != "keiner",
        breaks=draw(st.sampled_from([(), (BREAK,)])), small=draw(st.booleans()),
        peer_change=draw(st.one_of(st.just(NAN), st.floats(-30, 30).map(lambda x: rounded(x, 1)))), **ranks)


def statements_of(f: KennzahlFacts):
    out = [per_kennzahl.stand(f, RENDERER)]
    development = per_kennzahl.development(f, RENDERER)
    if development is not None:
        out.append(development)
    both = per_kennzahl.combined(f, RENDERER)
    return out + ([both] if both is not None and both.kind == "kennzahl" else [])


@settings(max_examples=400, deadline=None)
@given(kennzahl_facts())
def test_random_facts_give_correct_german(f):
    labels = kennzahl_labels(f.kennzahl)
    statements = statements_of(f)
    k = f.kennzahl
    big = not math.isnan(f.change) and abs(f.change) >= k.threshold - 1e-12
    for s in statements:
        check_language(s)
        check_numbers(s, labels)
        if re.search(r"bedeutsam (gestiegen|gesunken)", s.text):
            assert f.bedeutsam and k.test != "keiner" and not f.breaks and big, s.text
        if "gestiegen" in s.text:
            assert f.change > 0 and big and not f.breaks, s.text
        if "gesunken" in s.text:
            assert f.change < 0 and big and not f.breaks, s.text
        if f.breaks and s.kind != "stand" and not math.isnan(f.value_from) and not math.isnan(f.change):
            assert "nicht bewertet" in s.text, s.text
        assert "günstig" not in s.text, s.text  # the chapter introduction evaluates, not the single statement
        for word in ("über", "unter"):
            if f"deutlich {word} dem Wert" in s.text:
                a, b = rounded(f.value_to, k.decimals), rounded(f.parent_value_to, k.decimals)
                assert clear_gap(a, b, k.threshold) and not f.small, s.text
        if f.small:
            assert not re.search(r"auffällig|deutlich|Rang|höchste|niedrigste", s.text), s.text
        assert not re.search(r"(stärker|schwächer) (steigend|fallend)", s.text)
    if math.isnan(f.value_to):  # withheld or missing: one neutral note, no number but the year
        (only,) = statements
        assert only.aspect == "nicht_veroeffentlicht" and set(only.values) <= {"jahr"}
    if math.isnan(f.value_from):
        for s in statements:
            assert not any(name.endswith(("wert_von", "_von")) and name != "jahr_von" and not name.endswith("jahr_von")
                           for name in s.values), s.values


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_theme_intros_give_correct_german(data):
    area = area_words("x", data.draw(st.sampled_from(AREA_NAMES)), data.draw(st.sampled_from(LEVELS)), 1)
    parent = data.draw(st.one_of(st.none(), st.just(area_words("p", "Region Seewalden", LEVELS[0], 0))))
    facts = data.draw(st.lists(kennzahl_facts(area=area, parent=parent, years=(2018, 2023)), min_size=1,
                               max_size=8))
    intro = build_theme_intro(facts, Theme("t1", "Arbeit und Soziales"), RENDERER)
    if intro is None:  # nothing to summarise: no comparison with a parent, no tested change, no break
        rated = [f for f in facts if f.parent is not None and not f.kennzahl.is_count and not math.isnan(f.value_to)
                 and f.kennzahl.polarity != "neutral" and not math.isnan(f.parent_value_to)]
        assert len(rated) < 2
        assert all(math.isnan(f.value_to) or math.isnan(f.value_from) or math.isnan(f.change)
                   or (not f.tested and not f.breaks) for f in facts)
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
    assert "bedeutsam gestiegen" in development.text and "(+2,3\u00a0Prozentpunkte)" in development.text
    short = per_kennzahl.development(f, RENDERER, short=True)
    assert short.text.startswith("Seit 2018 ist sie um 2,3\u00a0Prozentpunkte bedeutsam gestiegen")


def test_singular_and_plural_units():
    k = Kennzahl(id="n", title="Arbeitslose", short_title="Arbeitslose", theme="t", numerator=parse_formula("x"),
                 denominator=None, factor=1.0, unit="Anzahl", polarity="hoch_unguenstig", decimals=0,
                 definition="", source="", threshold=5.0, test="poisson", reference="", in_text="")
    area = area_words("x", "Falkenried", LEVELS[0], 1)
    f = KennzahlFacts(kennzahl=k, name=kennzahl_name(k), count_unit="Personen", area=area, parent=None,
                      year_from=2018, year_to=2023, value_to=1.0, value_from=4.0, change=-75.0, bedeutsam=True)
    development = per_kennzahl.development(f, RENDERER)
    assert "auf 1 Person" in development.text and "Personen" not in development.text
    assert "bedeutsam gesunken" in development.text and "(−75,0\u00a0%)" in development.text
    assert "günstig" not in development.text  # the chapter introduction evaluates


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
            scope = S(results, key)
            area = area_statements(results, scope)
            for s in area:
                if s.kennzahl and s.kind == "entwicklung":
                    check_direction(s, cmp.state.at[key, s.kennzahl], cmp.change_shown.at[key, s.kennzahl])
                if s.kennzahl and withheld.at[key, s.kennzahl]:
                    assert s.aspect == "nicht_veroeffentlicht" and set(s.values) <= {"jahr"}, s.text
            statements += area + at_a_glance(results, scope)
            statements += [t for t in (theme_intro(results, scope, th) for th in project.catalogue.themes) if t]
            for th in project.catalogue.themes:
                statements += theme_statements(results, scope, th)
        statements += region_statements(results, S(results))
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


def test_values_after_bei_and_mit_take_the_dative():
    from berichte.statements.words import dative

    assert dative("120 Einwohnerinnen und Einwohner je km²") == "120 Einwohnerinnen und Einwohnern je km²"
    assert dative("20.616 Haushalte") == "20.616 Haushalten"
    # "je" governs the noun of a rate; units without such a noun stay as they are
    assert dative("31,7 je 1.000 Einwohnerinnen und Einwohner") == "31,7 je 1.000 Einwohnerinnen und Einwohner"
    assert dative("2.737 Personen") == "2.737 Personen" and dative("45,1 m² je Person") == "45,1 m² je Person"
