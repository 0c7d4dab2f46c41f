"""Parsing .qmd files and executing their cells: parameters, cell options, display, errors."""

from __future__ import annotations

import pytest

from berichte.engine import CellError, EngineError, Renderer
from berichte.engine.qmd import parse_qmd

from engine_helpers import FAILING, TOY, write_qmd


@pytest.fixture
def renderer():
    return Renderer()


def render_html(renderer, path, params=None) -> tuple[str, list[str]]:
    result = renderer.render(path, params or {})
    main = result.html.split('<main id="inhalt"', 1)[1]
    return main, result.warnings


# --- parsing -----------------------------------------------------------------------------------------

def test_parse_toy_document():
    doc = parse_qmd(TOY)
    assert doc.front_matter["title"] == "Sozialprofil"
    assert doc.front_matter["lang"] == "de"
    assert doc.parameters_cell is doc.cells[0]
    assert doc.parameter_names() == {"gebiet", "jahr", "vergleich"}
    assert doc.cells[1].label == "setup"
    first_fence = TOY.read_text(encoding="utf-8").splitlines().index("```{python}") + 1
    assert doc.cells[0].line == first_fence


def test_code_blocks_that_are_not_cells_stay_markdown(tmp_path):
    path = write_qmd(tmp_path, '''
        ````markdown
        ```{python}
        raise RuntimeError("nie ausführen")
        ```
        ````

        ```python
        print("nur gezeigt")
        ```
    ''')
    doc = parse_qmd(path)
    assert len(doc.cells) == 1  # only the parameters cell


@pytest.mark.parametrize("body, fragment", [
    ("```{r}\n1 + 1\n```", "Sprache „r“"),
    ("```{python echo=false}\n1\n```", "Zellenkopf"),
    ("```{python}\n#| fig-column: page\n1\n```", "„fig-column“ wird nicht unterstützt"),
    ("```{python}\n#| output: vielleicht\n1\n```", "„output“ muss true, false oder asis"),
    ("```{python}\n#| echo: [1, 2\n1\n```", "kein gültiges YAML"),
    ("```{python}\nx = (1,\n```", "Syntaxfehler"),
    ("```{python}\nx = 1\n", "nicht mit ``` geschlossen"),
    ("Der Wert ist `{python} x` hoch.", "Inline-Code"),
])
def test_unsupported_or_invalid_source_is_rejected_in_german(tmp_path, body, fragment):
    path = write_qmd(tmp_path, body)
    with pytest.raises(EngineError) as info:
        parse_qmd(path)
    assert fragment in info.value.message
    assert "test.qmd" in info.value.message


def test_options_meant_for_quarto_only_give_a_warning(tmp_path, renderer):
    path = write_qmd(tmp_path, "```{python}\n#| fig-width: 8\nx = 1\n```")
    _, warnings = render_html(renderer, path)
    assert any("„fig-width“ wirkt nur in Quarto" in w for w in warnings)


def test_unknown_front_matter_keys_give_a_warning(tmp_path, renderer):
    path = write_qmd(tmp_path, "Text", front_matter='title: "T"\ntheme: cosmo')
    _, warnings = render_html(renderer, path)
    assert any("theme" in w and "nicht aus" in w for w in warnings)


# --- parameters ----------------------------------------------------------------------------------------

def test_parameters_are_injected_after_the_parameters_cell_and_keep_leading_zeros(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| output: asis
        print(f"gebiet={gebiet} typ={type(gebiet).__name__} jahr={jahr} typ={type(jahr).__name__}")
        ```
    ''')
    html, warnings = render_html(renderer, path, {"gebiet": "03999001", "jahr": 2023})
    assert "gebiet=03999001 typ=str jahr=2023 typ=int" in html
    assert warnings == []


def test_defaults_apply_without_parameters(tmp_path, renderer):
    path = write_qmd(tmp_path, '```{python}\n#| output: asis\nprint(f"Gebiet {gebiet}")\n```')
    html, _ = render_html(renderer, path)
    assert "Gebiet 03999000" in html


def test_parameters_without_parameters_cell_are_an_error(tmp_path, renderer):
    path = write_qmd(tmp_path, "Text", parameters=False)
    with pytest.raises(EngineError) as info:
        renderer.render(path, {"gebiet": "03999001"})
    assert "parameters" in info.value.message and "gebiet" in info.value.message


def test_unknown_parameter_gives_a_warning(tmp_path, renderer):
    path = write_qmd(tmp_path, "Text")
    result = renderer.render(path, {"gebiet": "03999001", "ebene": "kommune"})
    assert any("„ebene“" in w for w in result.warnings)


@pytest.mark.parametrize("params", [{"1gebiet": "x"}, {"gebiet": object()}])
def test_invalid_parameters_are_rejected(tmp_path, renderer, params):
    path = write_qmd(tmp_path, "Text")
    with pytest.raises(EngineError):
        renderer.render(path, params)


# --- cell options ----------------------------------------------------------------------------------------

def test_echo_shows_the_code_without_option_lines(tmp_path, renderer):
    path = write_qmd(tmp_path, "```{python}\n#| echo: true\nsumme = 20 + 22\n```")
    html, _ = render_html(renderer, path)
    assert "summe = 20 + 22" in html and "#|" not in html
    assert 'class="language-python"' in html


def test_echo_default_comes_from_quarto_yml_and_front_matter_overrides(tmp_path, renderer):
    (tmp_path / "_quarto.yml").write_text("execute:\n  echo: false\n", encoding="utf-8")
    path = write_qmd(tmp_path, "```{python}\nsumme = 20 + 22\n```")
    assert "summe = 20 + 22" not in render_html(renderer, path)[0]
    path = write_qmd(tmp_path, "```{python}\nsumme = 20 + 22\n```", name="b.qmd",
                     front_matter='title: "T"\nexecute:\n  echo: true')
    assert "summe = 20 + 22" in render_html(renderer, path)[0]


def test_eval_false_does_not_run_the_cell(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| eval: false
        gelaufen = True
        ```

        ```{python}
        #| output: asis
        print("gelaufen" in globals())
        ```
    ''', front_matter='title: "T"\nexecute:\n  echo: false')
    assert "<p>False</p>" in render_html(renderer, path)[0]


def test_include_false_runs_but_shows_nothing(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| include: false
        #| echo: true
        wert = 41
        print("unsichtbar")
        ```

        ```{python}
        #| output: asis
        #| echo: false
        print(f"Wert {wert + 1}")
        ```
    ''')
    html, _ = render_html(renderer, path)
    assert "Wert 42" in html and "unsichtbar" not in html and "wert = 41" not in html


def test_output_false_hides_output_but_not_code(tmp_path, renderer):
    path = write_qmd(tmp_path, '```{python}\n#| output: false\n#| echo: true\nprint("geheim")\n```')
    html, _ = render_html(renderer, path)
    assert "print(" in html and "<pre class=\"cell-output" not in html


def test_output_asis_is_markdown_and_plain_output_is_preformatted(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| output: asis
        #| echo: false
        print("**fett**")
        ```

        ```{python}
        #| echo: false
        print("**nicht fett**")
        ```
    ''')
    html, _ = render_html(renderer, path)
    assert "<strong>fett</strong>" in html
    assert '<pre class="cell-output cell-output-stdout"><code>**nicht fett**' in html


def test_last_expression_is_displayed_like_jupyter(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| echo: false
        class Hinweis:
            def _repr_markdown_(self):
                return "Ein *Hinweis* aus dem Paket"
        Hinweis()
        ```

        ```{python}
        #| echo: false
        class Roh:
            def _repr_html_(self):
                return '<p class="roh">roh</p>'
        Roh()
        ```

        ```{python}
        #| echo: false
        21 * 2
        ```

        ```{python}
        #| echo: false
        21 * 3;
        ```
    ''')
    html, _ = render_html(renderer, path)
    assert "<p>Ein <em>Hinweis</em> aus dem Paket</p>" in html
    assert '<p class="roh">roh</p>' in html
    assert "<code>42" in html
    assert "63" not in html


def test_display_keeps_order_with_prints(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| echo: false
        #| output: asis
        class Md:
            def __init__(self, text):
                self.text = text
            def _repr_markdown_(self):
                return self.text
        print("erstens\\n")
        display(Md("zweitens"))
        print("\\ndrittens")
        ```
    ''')
    html, _ = render_html(renderer, path)
    assert html.index("erstens") < html.index("zweitens") < html.index("drittens")


def test_displayed_svg_becomes_a_numbered_figure_with_caption_and_alt(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| label: fig-balken
        #| fig-cap: "Balken nach Jahren"
        #| fig-alt: "Zwei Balken, der zweite ist höher."
        #| echo: false
        class Grafik:
            def _repr_svg_(self):
                return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="9"/></svg>'
        Grafik()
        ```

        Siehe @fig-balken.
    ''')
    html, _ = render_html(renderer, path)
    assert '<figure id="fig-balken" class="figure">' in html
    assert 'alt="Zwei Balken, der zweite ist höher."' in html
    assert "Abbildung 1:</span> Balken nach Jahren" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert '<a href="#fig-balken" class="xref">Abbildung 1</a>' in html


def test_warnings_are_shown_unless_warning_false(tmp_path, renderer):
    body = '''
        ```{python}
        #| echo: false
        import warnings
        warnings.warn("Achtung, kleine Zahl")
        ```
    '''
    html, warnings = render_html(renderer, write_qmd(tmp_path, body))
    assert "Achtung, kleine Zahl" in html and any("Achtung, kleine Zahl" in w for w in warnings)
    quiet = body.replace("#| echo: false", "#| echo: false\n        #| warning: false")
    html, warnings = render_html(renderer, write_qmd(tmp_path, quiet, name="b.qmd"))
    assert "Achtung" not in html and warnings == []


def test_error_true_shows_the_error_and_continues(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| error: true
        #| echo: false
        1 / 0
        ```

        Danach geht es weiter.
    ''')
    html, _ = render_html(renderer, path)
    assert "ZeroDivisionError: division by zero" in html and "Danach geht es weiter." in html


def test_failing_cell_names_file_cell_label_and_lines():
    with pytest.raises(CellError) as info:
        Renderer().render(FAILING, {"gebiet": "03999001", "jahr": 2023})
    message = info.value.message
    assert "fehler.qmd" in message
    assert "Zelle 2 „kennzahlen“ (ab Zeile 13)" in message
    assert "in Zeile 18" in message
    assert "KeyError: 'SGB-II-Quote'" in message
    assert "Traceback" not in message
    assert "fehler.qmd\", line 18" in info.value.traceback_text


def test_failing_cell_without_label_is_named_by_number(tmp_path, renderer):
    path = write_qmd(tmp_path, "Text\n\n```{python}\nraise ValueError('kaputt')\n```")
    with pytest.raises(CellError) as info:
        renderer.render(path)
    assert "Zelle 2 (ab Zeile 13): Die Zelle ist in Zeile 14" in info.value.message and "ValueError: kaputt" in info.value.message


def test_cells_share_one_namespace_and_run_in_a_scratch_folder(tmp_path, renderer):
    path = write_qmd(tmp_path, '''
        ```{python}
        #| echo: false
        import os
        ordner = os.getcwd()
        open("notiz.txt", "w").write("x")
        ```

        ```{python}
        #| echo: false
        #| output: asis
        print(f"gleich: {ordner == os.getcwd()}")
        ```
    ''')
    html, _ = render_html(renderer, path)
    assert "gleich: True" in html
    assert not (tmp_path / "notiz.txt").exists()


def test_deprecation_warnings_of_libraries_stay_out_of_the_report(tmp_path, renderer):
    helper = tmp_path / "bibliothek.py"
    helper.write_text("import warnings\n\ndef alt():\n    warnings.warn('veraltet', DeprecationWarning)\n",
                      encoding="utf-8")
    path = write_qmd(tmp_path, '''
        ```{python}
        #| echo: false
        import bibliothek
        bibliothek.alt()
        import warnings
        warnings.warn("eigene Warnung", DeprecationWarning)
        ```
    ''')
    html, warnings = render_html(renderer, path)
    assert "veraltet" not in html and "eigene Warnung" in html
