"""The report documents (reports/profil.qmd, reports/sozialbericht.qmd) rendered for the demo region and for
real data: numbers in the PDF equal the computed values, the HTML is accessible and self-contained."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from berichte.compute.results import compute
from berichte.publish.worker import project_renderer
from berichte.formatting import number, percent
from berichte.content.session import SESSION
from conftest import ROOT, project_with_reports, shipped_document

KOMMUNE, SOZIALRAUM, REGION = "03999002", "03999001004", "03999"


@pytest.fixture(scope="module")
def renderer(demo_project):
    SESSION.adopt(compute(demo_project))
    return project_renderer(ROOT)


@pytest.fixture(scope="module")
def rendered(renderer):
    """Each document once: Profil of a Kommune and of a Sozialraum (HTML and PDF), the Sozialbericht."""
    out = {}
    for name, document, key in (("kommune", "profil.qmd", KOMMUNE), ("sozialraum", "profil.qmd", SOZIALRAUM),
                                ("region", "sozialbericht.qmd", REGION)):
        result = renderer.render(shipped_document(document), {"gebiet": key, "jahr": 2023, "vergleich": 2018,
                                                              "projekt": str(ROOT)}, pdf=True)
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(result.pdf_bytes)).pages)
        out[name] = (result, text)
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def test_profile_pdf_shows_the_computed_numbers(rendered, demo_project):
    result, text = rendered["kommune"]
    results = compute(demo_project)
    values = results.indicators.published()
    cmp = results.comparison(2023, 2018)
    plain = flat(text)
    # the row of the SGB-II-Quote in the overview table: value, Region value, shown change
    row = (f"SGB-II-Quote (%) {number(values.at[(KOMMUNE, 2023), 'sgb2_quote'], 1)} "
           f"{number(values.at[(REGION, 2023), 'sgb2_quote'], 1)} "
           f"{number(cmp.change_shown.at[KOMMUNE, 'sgb2_quote'], 1, sign=True)}")
    assert row in plain
    population = results.published_counts.at[(KOMMUNE, 2023), "ew_insgesamt"]
    assert number(population) in plain
    for k in ("kinderarmut", "altersarmut", "arbeitslosenanteil"):
        assert number(values.at[(KOMMUNE, 2023), k], 1) in plain, k
    assert "Falkenried" in plain and "Berichtsjahr 2023" in plain
    assert "Fiktive Beispieldaten" in plain
    assert result.pages >= 10


def test_pdf_layout_features(rendered):
    result, text = rendered["kommune"]
    reader = PdfReader(io.BytesIO(result.pdf_bytes))
    page2 = flat(reader.pages[1].extract_text())
    assert f"Seite 2 von {result.pages}" in page2
    assert "Inhaltsverzeichnis" in page2
    assert reader.metadata.title.startswith("Sozialstruktur-Profil")
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF (PDF/UA)
    def titles(outline):
        for item in outline:
            yield from (titles(item) if isinstance(item, list) else [item["/Title"]])

    bookmarks = list(titles(reader.outline))
    assert any("Auf einen Blick" in t for t in bookmarks) and any("Anhang" in t for t in bookmarks)
    assert len(bookmarks) >= 8  # bookmarks for the chapters


def test_sozialraum_profile(rendered, demo_project):
    result, text = rendered["sozialraum"]
    plain = flat(text)
    assert "Oststadt" in plain and "Seewalden" in plain
    assert re.search(r"\d+ von 12", plain)  # ranks among the 12 Sozialräume


def test_sozialbericht(rendered, demo_project):
    result, text = rendered["region"]
    plain = flat(text)
    assert "Sozialbericht" in plain and "Region Seewalden" in plain
    assert "Auffällige Entwicklungen" in plain and "Sozialindex" in plain
    index = compute(demo_project).sozialindex(2023, "kommune")
    attention = index[index["besonderer_aufmerksamkeitsbedarf"] == True].index  # noqa: E712
    assert len(attention) >= 1
    assert all(demo_project.areas.frame.at[k, "short"] in plain for k in attention)


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.images, self.tables, self.th, self.lang, self.urls = [], [], 0, 0, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.images.append(attrs.get("alt", ""))
            self.urls.append(attrs.get("src", ""))
        if tag == "table":
            self.tables += 1
        if tag == "th":
            self.th += 1
        for name in ("href", "src"):
            value = attrs.get(name) or ""
            if value.startswith(("http:", "https:", "//")):
                self.urls.append(value)


@pytest.mark.parametrize("name", ["kommune", "sozialraum", "region"])
def test_html_is_accessible_and_self_contained(rendered, name):
    result, _ = rendered[name]
    parser = _Html()
    parser.feed(result.html)
    assert parser.lang == "de"
    levels = parser.headings
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # no skipped heading level
    assert parser.images and all(alt.strip() for alt in parser.images)
    assert all(src.startswith("data:image/svg+xml;base64,") for src in parser.urls)
    assert parser.tables >= 3 and parser.th >= parser.tables * 2
    assert 'name="viewport"' in result.html


def test_demo_alt_texts_carry_the_numbers(rendered, demo_project):
    result, _ = rendered["kommune"]
    values = compute(demo_project).indicators.published()
    alt = " ".join(re.findall(r'alt="([^"]*)"', result.html))
    assert "Liniendiagramm" in alt and "Balkendiagramm" in alt
    assert percent(values.at[(KOMMUNE, 2023), "sgb2_quote"], 1).replace("\u00a0", " ") in alt.replace("&nbsp;", " ") \
        .replace("\u00a0", " ") or number(values.at[(KOMMUNE, 2023), "sgb2_quote"], 1) in alt


def test_real_data_profile_flensburg(shared_data, tmp_path):
    """A Stadtteil profile from Stadt Flensburg's Sozialatlas (imported from ../shared/data)."""
    from berichte.cli import main

    target = tmp_path / "flensburg"
    assert main(["importieren", "flensburg", "--quelle", str(shared_data), "--ziel", str(target)]) == 0
    project_with_reports(target)
    renderer = project_renderer(target)
    result = renderer.render(shipped_document("profil.qmd"), {"gebiet": "0100100001", "jahr": 2022, "vergleich": 2017,
                                                              "projekt": str(target)},
                             pdf=True)
    text = flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(result.pdf_bytes)).pages))
    assert "Altstadt" in text and "Flensburg" in text
    residents = __import__("pandas").read_csv(shared_data / "flensburg_sozialatlas/fl_residents_by_district.csv")
    altstadt_2022 = int(residents[(residents["district_id"] == 1) & (residents["year"] == 2022)]["residents"].iloc[0])
    assert number(altstadt_2022) in text
    assert "Fiktive Beispieldaten" not in text
