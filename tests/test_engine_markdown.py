"""Markdown → HTML for the pandoc/Quarto features the reports use."""

from __future__ import annotations

import textwrap

import pytest

from berichte.engine import EngineError
from berichte.engine.convert import MarkdownConverter


@pytest.fixture(scope="module")
def converter():
    return MarkdownConverter()


def convert(converter, text, **options):
    return converter.convert(textwrap.dedent(text).strip() + "\n", source="t.qmd", **options)


def test_headings_with_ids_classes_sections_and_numbers(converter):
    result = convert(converter, """
        ## Einleitung {#sec-einleitung}

        ### Daten und Methoden

        ## Übersicht für Ämter

        ## Anhang {.unnumbered .unlisted}
    """, number_sections=True)
    html = result.body
    assert '<section id="sec-einleitung" class="level2">' in html
    assert '<h2><span class="header-section-number">1</span> Einleitung</h2>' in html
    assert '<section id="daten-und-methoden" class="level3">' in html
    assert '<span class="header-section-number">1.1</span> Daten und Methoden' in html
    assert '<section id="übersicht-für-ämter" class="level2">' in html
    assert '<h2 class="unnumbered unlisted">Anhang</h2>' in html
    assert [e.id for e in result.toc] == ["sec-einleitung", "übersicht-für-ämter"]
    assert result.toc[0].children[0].number == "1.1"
    assert result.toc[0].html == "Einleitung"


def test_duplicate_heading_ids_get_a_suffix(converter):
    html = convert(converter, "## Daten\n\n## Daten\n").body
    assert 'id="daten"' in html and 'id="daten-1"' in html


def test_pipe_table_with_caption_scopes_and_numeric_columns(converter):
    html = convert(converter, """
        | Gebiet | Einwohner | Quote |
        |:-------|----------:|------:|
        | Nord   | 1.234     | 12,3 % |

        : Kennzahlen nach Gebiet {#tbl-gebiete}

        Siehe @tbl-gebiete.
    """).body
    assert '<table id="tbl-gebiete">' in html
    assert '<caption id="tbl-gebiete-caption"><span class="table-number">Tabelle 1:</span> Kennzahlen nach Gebiet' in html
    assert '<th scope="col" class="right num">Einwohner</th>' in html
    assert '<th scope="row">Nord</th>' in html
    assert '<td class="right num">1.234</td>' in html
    assert '<a href="#tbl-gebiete" class="xref">Tabelle 1</a>' in html
    assert 'role="region"' in html and 'aria-labelledby="tbl-gebiete-caption"' in html


def test_caption_before_the_table_and_tables_without_numbers(converter):
    html = convert(converter, """
        : Ohne Nummer

        | A | B |
        |---|---|
        | x | y |
    """).body
    assert "<caption" in html and "Ohne Nummer" in html and "Tabelle 1" not in html
    assert '<td>x</td>' in html  # no numeric column, so no row headers


def test_figure_with_alt_text_caption_number_and_size(converter):
    html = convert(converter, """
        ![Bevölkerung nach *Alter*](grafik.svg){#fig-alter fig-alt="Balkendiagramm der Altersgruppen" width=80%}

        Wie @fig-alter zeigt …
    """).body
    assert '<figure id="fig-alter" class="figure">' in html
    assert '<img src="grafik.svg" alt="Balkendiagramm der Altersgruppen" style="width:80%">' in html
    assert "<figcaption><span class=\"figure-number\">Abbildung 1:</span> Bevölkerung nach <em>Alter</em>" in html
    assert '<a href="#fig-alter" class="xref">Abbildung 1</a>' in html


def test_image_without_fig_alt_uses_caption_as_alt_like_pandoc(converter):
    html = convert(converter, "![Karte der Sozialräume](karte.png)").body
    assert 'alt="Karte der Sozialräume"' in html and "<figure" in html


@pytest.mark.parametrize("kind, title", [("note", "Hinweis"), ("tip", "Tipp"), ("warning", "Warnung"),
                                         ("important", "Wichtig"), ("caution", "Vorsicht")])
def test_callouts_have_german_default_titles(converter, kind, title):
    html = convert(converter, f"::: {{.callout-{kind}}}\nInhalt\n:::").body
    assert f'<div class="callout callout-{kind}" role="note">' in html
    assert f'<p class="callout-title">{title}</p>' in html


def test_callout_titles_from_attribute_or_first_heading(converter):
    html = convert(converter, """
        ::: {.callout-tip title="Lesehilfe"}
        Text
        :::

        ::: {.callout-warning}
        ## Kleine Fallzahlen
        Text
        :::
    """).body
    assert '<p class="callout-title">Lesehilfe</p>' in html
    assert '<p class="callout-title">Kleine Fallzahlen</p>' in html
    assert "<h2" not in html


def test_nested_fenced_divs_with_equal_colons(converter):
    html = convert(converter, """
        ::: {.aussen #box data-x=1}
        ::: innen
        innen
        :::
        noch außen
        :::

        danach
    """).body
    assert '<div id="box" class="aussen" data-x="1">\n<div class="innen">\n<p>innen</p>\n</div>\n<p>noch außen</p>\n</div>' in html
    assert html.rstrip().endswith("<p>danach</p>")


def test_cover_div_is_taken_out_of_the_body(converter):
    result = convert(converter, "::: {.cover}\n## Auf einen Blick\n:::\n\n## Text\n")
    assert "Auf einen Blick" in result.cover and "Auf einen Blick" not in result.body
    with pytest.raises(EngineError):
        convert(converter, "::: cover\na\n:::\n\n::: cover\nb\n:::\n")


def test_spans_footnotes_raw_html_and_pagebreak(converter):
    html = convert(converter, """
        Ein [markierter]{.mark} Begriff.[^1]

        ```{=html}
        <p class="roh">roh</p>
        ```

        ```{=latex}
        \\newpage
        ```

        {{< pagebreak >}}

        [^1]: Die Quelle.
    """).body
    assert '<span class="mark">markierter</span>' in html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1" role="doc-noteref"' in html
    assert '<section id="footnotes" class="footnotes" role="doc-endnotes"' in html and "Fußnoten" in html
    assert '<p class="roh">roh</p>' in html and "newpage" not in html
    assert '<div class="pagebreak" aria-hidden="true"></div>' in html


def test_other_shortcodes_are_rejected(converter):
    with pytest.raises(EngineError) as info:
        convert(converter, "Text {{< include anhang.qmd >}}")
    assert "include" in info.value.message and "pagebreak" in info.value.message


def test_gender_star_is_not_emphasis_but_emphasis_still_works(converter):
    html = convert(converter, "Alle Einwohner*innen und Bürger*innen sind *betont* und **fett**; jede*r zählt.").body
    assert "Einwohner*innen und Bürger*innen" in html
    assert "<em>betont</em>" in html and "<strong>fett</strong>" in html and "jede*r" in html


def test_cross_references_in_german_and_missing_targets_warn(converter):
    result = convert(converter, """
        ## Methodik {#sec-methodik}

        Vgl. @sec-methodik und @Fig-fehlt; mail@sec-x.de bleibt.
    """, number_sections=True)
    assert '<a href="#sec-methodik" class="xref">Abschnitt 1</a>' in result.body
    assert "?@fig-fehlt" in result.body and any("fig-fehlt" in w for w in result.warnings)
    assert "mail@sec-x.de" in result.body


def test_section_reference_without_numbers_names_the_section(converter):
    html = convert(converter, "## Methodik {#sec-methodik}\n\nSiehe @sec-methodik.").body
    assert 'class="xref">Abschnitt „Methodik“</a>' in html


def test_yaml_block_in_the_text_sets_metadata(converter):
    result = convert(converter, """
        Text davor.

        ---
        subtitle: "Musterstadt · 2023"
        ---

        Text danach.

        ---

        Nach einer Linie.
    """)
    assert result.meta == {"subtitle": "Musterstadt · 2023"}
    assert "<hr>" in result.body and "subtitle" not in result.body


def test_german_typography(converter):
    html = convert(converter, 'Ein "Zitat" -- und 12,3 % sowie 5 €.').body
    assert "„Zitat“" in html and "–" in html
    assert "12,3\u00a0%" in html and "5\u00a0€" in html


@pytest.mark.parametrize("text, what", [
    ("Begriff\n: Erklärung", "Definitionslisten"),
    ("Wie [@meier2020] zeigt", "Literaturverweise"),
    ("$$x^2$$", "Formeln"),
])
def test_pandoc_syntax_markdown_it_cannot_read_gives_a_warning(converter, text, what):
    assert any(what in w for w in convert(converter, text).warnings)


def test_table_caption_is_no_definition_list(converter):
    result = convert(converter, "| A | B |\n|---|--:|\n| x | 1 |\n\n: Beschriftung {#tbl-a}\n")
    assert result.warnings == []


def test_images_without_text_alternative_are_an_error(converter):
    with pytest.raises(EngineError) as info:
        convert(converter, "Logo: ![](logo.svg)")
    assert "Alternativtext" in info.value.message and "logo.svg" in info.value.message
