"""Rendering the toy report to HTML and PDF, and the ``berichte render`` command."""

from __future__ import annotations

import io
import os
import re
import time

import pdfplumber
import pytest
from pypdf import PdfReader

from berichte.cli import main
from berichte.engine import Renderer, render_document

from engine_helpers import FAILING, FIXTURES, TOY, Elements, write_qmd

PARAMS = {"gebiet": "03999001", "jahr": 2023, "vergleich": 2018}


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    out = tmp_path_factory.mktemp("toy")
    renderer = Renderer(project_root=FIXTURES)
    result = renderer.render(TOY, PARAMS, out_html=out / "toy.html", out_pdf=out / "toy.pdf")
    return result, out, renderer


# --- HTML ----------------------------------------------------------------------------------------------

def test_html_is_written_and_equals_the_result(toy):
    result, out, _ = toy
    assert (out / "toy.html").read_text(encoding="utf-8") == result.html
    assert (out / "toy.pdf").read_bytes() == result.pdf_bytes


def test_html_head_language_title_and_metadata(toy):
    html = toy[0].html
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"de\">")
    assert "<title>Sozialprofil – Musterstadt · Berichtsjahr 2023</title>" in html
    elements = Elements(html)
    metas = {m.get("name"): m.get("content") for m in elements.all("meta")}
    assert metas["author"] == "Region Seewalden · Stabsstelle Sozialplanung"
    assert metas["description"]
    assert metas["viewport"].startswith("width=device-width")


def test_headings_are_in_order_without_skipped_levels(toy):
    headings = Elements(toy[0].html).headings
    assert headings[0] == (1, "Sozialprofil")
    levels = [level for level, _ in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), headings
    assert (1, "1 Einleitung") in headings and (2, "2.1 Kennzahlen im Überblick") in headings


def test_images_are_embedded_and_have_alt_text(toy):
    images = Elements(toy[0].html).all("img")
    assert images
    for image in images:
        assert image["src"].startswith("data:image/svg+xml;base64,")
        assert image.get("alt", "").strip()


def test_tables_have_header_cells_with_scope(toy):
    elements = Elements(toy[0].html)
    assert len(elements.all("table")) == 3
    headers = elements.all("th")
    assert headers and all(th.get("scope") in ("col", "row") for th in headers)


def test_no_resource_is_loaded_from_the_network(toy):
    html = toy[0].html
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html)
    assert "@import" not in html and "<script" not in html


def test_page_structure_skip_link_toc_cover_and_content(toy):
    html = toy[0].html
    assert '<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>' in html
    assert '<main id="inhalt"' in html
    assert '<nav id="TOC" class="toc" aria-labelledby="toc-title">' in html
    assert '<a href="#sec-bevoelkerung"><span class="toc-number">2</span> <span class="toc-text">Bevölkerung</span></a>' in html
    assert 'class="title-block has-cover"' in html and "Auf einen Blick" in html
    assert "Einwohner*innen" in html and "<em>innen" not in html
    assert '<a href="#fig-alter" class="xref">Abbildung 1</a>' in html
    assert "@media" in html  # the stylesheet is embedded (responsive rules)


# --- PDF -----------------------------------------------------------------------------------------------

def test_pdf_metadata_language_tags_and_bookmarks(toy):
    reader = PdfReader(io.BytesIO(toy[0].pdf_bytes))
    assert len(reader.pages) == toy[0].pages >= 4
    assert reader.metadata.title == "Sozialprofil – Musterstadt · Berichtsjahr 2023"
    assert reader.metadata.author == "Region Seewalden · Stabsstelle Sozialplanung"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    titles = [item.title for item in _flatten(reader.outline)]
    assert "1 Einleitung" in titles and "2.1 Kennzahlen im Überblick" in titles


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_pdf_cover_has_no_running_header_and_later_pages_do(toy):
    with pdfplumber.open(io.BytesIO(toy[0].pdf_bytes)) as pdf:
        total = len(pdf.pages)
        cover = pdf.pages[0].extract_text()
        assert "Sozialprofil" in cover and "Musterstadt" in cover and "Seite" not in cover
        page2 = pdf.pages[1]
        header = page2.crop((0, 0, page2.width, 80)).extract_text()
        footer = page2.crop((0, page2.height - 70, page2.width, page2.height)).extract_text()
        assert "Sozialprofil" in header and "Musterstadt · Berichtsjahr 2023" in header
        assert f"Seite 2 von {total}" in footer
        assert "Inhaltsverzeichnis" in page2.extract_text()


def test_pdf_table_of_contents_has_page_numbers(toy):
    with pdfplumber.open(io.BytesIO(toy[0].pdf_bytes)) as pdf:
        toc = pdf.pages[1].extract_text()
        starts = {title: page for page, p in enumerate(pdf.pages, start=1)
                  for title in ("3 Sozialräume",) if title in (p.extract_text() or "") and page > 2}
    line = next(line for line in toc.splitlines() if "Sozialräume" in line)
    assert line.rstrip().endswith(str(starts["3 Sozialräume"]))


def test_pdf_uses_open_sans_only(toy):
    with pdfplumber.open(io.BytesIO(toy[0].pdf_bytes)) as pdf:
        fonts = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
    assert fonts and all(font.startswith("Open-Sans") for font in fonts), fonts


def test_long_table_repeats_its_header_row_on_the_next_page(toy):
    with pdfplumber.open(io.BytesIO(toy[0].pdf_bytes)) as pdf:
        pages = [p.extract_text() for p in pdf.pages]
    with_rows = [text for text in pages if "Sozialraum 0" in text or "Sozialraum 3" in text]
    assert len(with_rows) >= 2
    assert all("Sozialraum Einwohner*innen SGB-II-Quote" in text for text in with_rows)


# --- caching and the API ----------------------------------------------------------------------------------

def test_renderer_parses_each_document_once_until_it_changes(tmp_path):
    path = write_qmd(tmp_path, "Erste Fassung")
    renderer = Renderer()
    first = renderer.parse(path)
    assert renderer.parse(path) is first
    assert "Erste Fassung" in renderer.render(path).html
    time.sleep(0.01)
    path.write_text(path.read_text(encoding="utf-8").replace("Erste", "Zweite"), encoding="utf-8")
    os.utime(path, None)
    assert renderer.parse(path) is not first
    assert "Zweite Fassung" in renderer.render(path).html


def test_render_document_returns_html_and_pdf_without_writing(tmp_path):
    path = write_qmd(tmp_path, "## Abschnitt\n\nText")
    result = render_document(path, {"gebiet": "03999001"}, pdf=True)
    assert result.pdf_bytes.startswith(b"%PDF") and result.html.startswith("<!DOCTYPE html>")
    assert set(result.timings) >= {"parse", "execute", "markdown", "page", "pdf", "total"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test.qmd"]


def test_metadata_other_than_subtitle_and_date_cannot_be_set_from_cells(tmp_path):
    from berichte.engine import EngineError

    path = write_qmd(tmp_path, '```{python}\n#| output: asis\nprint("---\\ntitle: Neu\\n---")\n```')
    with pytest.raises(EngineError) as info:
        Renderer().render(path)
    assert "title" in info.value.message


def test_missing_image_is_an_error(tmp_path):
    from berichte.engine import EngineError

    path = write_qmd(tmp_path, "![Karte](fehlt.svg){fig-alt=\"Karte\"}")
    with pytest.raises(EngineError) as info:
        Renderer().render(path)
    assert "fehlt.svg" in info.value.message and "nicht gefunden" in info.value.message


def test_images_from_the_network_are_rejected(tmp_path):
    from berichte.engine import EngineError

    path = write_qmd(tmp_path, "![Karte](https://example.org/karte.png)")
    with pytest.raises(EngineError) as info:
        Renderer().render(path)
    assert "Netz" in info.value.message


# --- CLI -------------------------------------------------------------------------------------------------

def test_cli_render_writes_html_and_pdf(tmp_path, capsys):
    code = main(["--projekt", str(FIXTURES), "render", "--gebiet", "03999001", "--jahr", "2023",
                 "--dokument", str(TOY), "--ausgabe", str(tmp_path)])
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "2023").iterdir())
    assert written == ["toy-03999001-2023.html", "toy-03999001-2023.pdf"]
    out = capsys.readouterr().out
    assert "HTML geschrieben" in out and "PDF geschrieben" in out and "Seiten" in out


def test_cli_failing_cell_exits_1_and_writes_nothing(tmp_path, capsys):
    code = main(["render", "--gebiet", "03999001", "--jahr", "2023", "--dokument", str(FAILING),
                 "--ausgabe", str(tmp_path / "out")])
    assert code == 1
    err = capsys.readouterr().err
    assert "fehler.qmd" in err and "Zelle 2" in err and "Zeile 13" in err and "KeyError" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_missing_document_and_bad_format(tmp_path, capsys):
    assert main(["--projekt", str(tmp_path), "render", "--gebiet", "1", "--jahr", "2023"]) == 1
    err = capsys.readouterr().err
    assert "Datenordner" in err and "berichte neu" in err and "Traceback" not in err
    assert main(["--projekt", str(tmp_path), "render", "--gebiet", "1", "--jahr", "2023", "--dokument", "fehlt.qmd"]) == 1
    assert "nicht gefunden" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["render", "--gebiet", "1", "--jahr", "2023", "--format", "docx"])
    assert info.value.code == 2


def test_cli_html_only(tmp_path):
    assert main(["render", "--gebiet", "03999002", "--jahr", "2022", "--format", "html",
                 "--dokument", str(TOY), "--ausgabe", str(tmp_path), "--engine", "builtin"]) == 0
    assert [p.name for p in (tmp_path / "2022").iterdir()] == ["toy-03999002-2022.html"]
    assert "Kleinhausen" in (tmp_path / "2022" / "toy-03999002-2022.html").read_text(encoding="utf-8")


def test_same_input_gives_identical_files(toy):
    result, _, _ = toy
    again = Renderer(project_root=FIXTURES).render(TOY, PARAMS, pdf=True)
    assert again.html == result.html and again.pdf_bytes == result.pdf_bytes
