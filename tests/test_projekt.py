"""A planner's own project: ``berichte neu``, delivery templates, shipped or own documents, names from projekt.yml,
drafts (``--entwurf``) and the same comparison year in every command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from berichte.cli import main
from conftest import MINI, edit, own_documents, project_with_reports


# --- berichte neu ------------------------------------------------------------------------------------------
def test_neu_prefills_the_gemeinden_of_a_kreis_from_vg250(shared_data, tmp_path, capsys):
    target = tmp_path / "peine"
    assert main(["neu", str(target), "--schluessel", "03157", "--quelle", str(shared_data)]) == 0
    out = capsys.readouterr().out
    assert "Landkreis Peine" in out and "7 Kommunen aus VG250-EW" in out and "LIESMICH.md" in out
    areas = (target / "data/gebiete.csv").read_text(encoding="utf-8").splitlines()
    official = [line.split(",") for line in (shared_data / "ags_niedersachsen/vg250ew_20221231_gemeinden_niedersachsen"
                                             ".csv").read_text(encoding="utf-8").splitlines()[1:]]
    expected = sorted(row[0] for row in official if row[0].startswith("03157"))
    assert areas[0] == "schluessel;name;kurzname;ebene;uebergeordnet"
    assert areas[1] == "03157;Landkreis Peine;Landkreis Peine;kreis;"
    assert sorted(line.split(";")[0] for line in areas[2:]) == expected
    assert "03157006;Peine, Stadt;Peine;kommune;03157" in areas
    settings = yaml.safe_load((target / "data/projekt.yml").read_text(encoding="utf-8"))
    assert settings["gebiet"] == "Landkreis Peine" and settings["herausgeber"] == "Landkreis Peine"
    assert [level["id"] for level in settings["ebenen"]] == ["kreis", "kommune"]
    assert (target / "data/zahlen").is_dir() and not any((target / "data/zahlen").iterdir())
    shipped = Path(__import__("berichte").__file__).parent / "standard"
    assert (target / "data/merkmale.yml").read_text(encoding="utf-8") == \
        "# yaml-language-server: $schema=../schema/merkmale.schema.json\n" + \
        (shipped / "merkmale.yml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (target / "schema").iterdir()) == \
        ["kennzahlen.schema.json", "merkmale.schema.json", "projekt.schema.json"]
    readme = (target / "LIESMICH.md").read_text(encoding="utf-8")
    assert "berichte vorlagen" in readme and "berichte build --entwurf" in readme and "berichte pruefen" in readme
    # A valid project: no errors, one warning that says what to do next.
    assert main(["--projekt", str(target), "pruefen"]) == 0
    out = capsys.readouterr().out
    assert "Keine Fehler" in out and "berichte vorlagen" in out
    # Never over an existing project.
    assert main(["neu", str(target), "--schluessel", "03157", "--quelle", str(shared_data)]) == 1
    assert "gibt es schon ein Projekt" in capsys.readouterr().err


def test_every_projekt_yml_field_is_explained_and_the_file_loads(shared_data, tmp_path):
    from berichte.load.reference import field_docs
    from berichte.load.settings import Settings, load_settings
    from berichte.problems import Problems

    target = tmp_path / "rh"
    assert main(["neu", str(target), "--schluessel", "03241", "--quelle", str(shared_data)]) == 0
    text = (target / "data/projekt.yml").read_text(encoding="utf-8")
    for doc in field_docs(Settings):
        assert f"\n{doc.key}:" in text or f"\n# {doc.key}:" in text, doc.key
    # Uncommenting every commented field gives a file that still loads (the examples are valid values).
    uncommented = "\n".join(line.replace("# ", "", 1) if _is_field(line) else line for line in text.splitlines())
    (target / "data/projekt.yml").write_text(uncommented, encoding="utf-8")
    import jsonschema

    from berichte.load.reference import json_schema

    validator = jsonschema.Draft202012Validator(json_schema("projekt.yml"))
    for version in (text, uncommented):  # what the editor checks against the schema
        assert [e.message for e in validator.iter_errors(yaml.safe_load(version))] == []
    problems = Problems()
    settings = load_settings(target, problems)
    assert settings is not None, [p.message for p in problems]
    assert settings.area_name == "Region Hannover" and settings.level_ids == ["region", "kommune"]


def _is_field(line: str) -> bool:
    """A commented-out field ("# name: value", "  # name: value"), not an explanation."""
    import re

    return re.match(r"^\s*# [a-z_]+:( |$)", line) is not None


def test_neu_says_clearly_when_it_has_nothing_for_a_key(shared_data, tmp_path, capsys):
    assert main(["neu", str(tmp_path / "a"), "--schluessel", "01001", "--quelle", str(shared_data)]) == 1
    err = capsys.readouterr().err
    assert "keine amtlichen Gebietsdaten" in err and "--name" in err
    assert not (tmp_path / "a").exists()
    assert main(["neu", str(tmp_path / "b"), "--schluessel", "01001", "--name", "Stadt Flensburg",
                 "--quelle", str(shared_data)]) == 0
    out = capsys.readouterr().out
    assert "keine amtlichen Gebietsdaten" in out
    assert (tmp_path / "b/data/gebiete.csv").read_text(encoding="utf-8").splitlines()[1] == \
        "01001;Stadt Flensburg;Stadt Flensburg;kreis;"
    assert main(["neu", str(tmp_path / "c"), "--schluessel", "3157"]) == 1
    assert "kein amtlicher Gebietsschlüssel" in capsys.readouterr().err


# --- delivery templates ---------------------------------------------------------------------------------------
def test_delivery_templates_round_trip(mini, capsys):
    """Fill the templates with the mini project's counts, read them back instead of the original files: the same
    complete count table, keys with their leading zeros."""
    from openpyxl import load_workbook

    from berichte.load.project import load_project

    original = load_project(mini)
    assert main(["--projekt", str(mini), "vorlagen", "--jahr", "2020", "--jahr", "2021", "--jahr", "2022"]) == 0
    out = capsys.readouterr().out
    files = sorted((mini / "lieferungen").glob("*.xlsx"))
    assert [f.name for f in files] == ["jobcenter-2020-2022.xlsx", "melderegister-2020-2022.xlsx"]
    assert "2 Vorlagen" in out
    values = original.counts.set_index(["key", "year", "merkmal"])["value"]
    for path in files:
        book = load_workbook(path)
        sheet = book["Daten"]
        assert book.sheetnames == ["Daten", "Erläuterungen"]
        header = [c.value for c in sheet[5]]
        years = [c.value for c in sheet[6]]
        assert header[:3] == ["schluessel", "name", "ebene"]
        for row in sheet.iter_rows(min_row=7):
            key = row[0].value
            assert isinstance(key, str) and key.startswith("0") and row[0].number_format == "@"
            merkmal = None
            for i, cell in enumerate(row[3:], start=3):
                merkmal = header[i] or merkmal
                value = values.get((key, int(years[i]), merkmal))
                if value is not None and value == value:
                    cell.value = int(value)
        notes = [r[0].value for r in book["Erläuterungen"].iter_rows(min_row=5)]
        assert set(notes) == {m.id for m in original.merkmale.delivered if m.source.startswith(path.stem.split("-")[0].title())}
        book.save(path)
    for old in (mini / "data/zahlen").iterdir():
        old.unlink()
    for path in files:
        shutil.copy(path, mini / "data/zahlen" / path.name)
    again = load_project(mini)
    assert again.table.values.equals(original.table.values)
    assert main(["--projekt", str(mini), "pruefen"]) == 0


def test_an_unfilled_template_is_read_as_not_delivered(mini, capsys):
    assert main(["--projekt", str(mini), "vorlagen", "--jahr", "2022", "--quelle", "Jobcenter"]) == 0
    shutil.copy(mini / "lieferungen/jobcenter-2022.xlsx", mini / "data/zahlen/leer.xlsx")
    assert main(["--projekt", str(mini), "pruefen"]) == 0
    assert "keine Datenzeilen" in capsys.readouterr().out


# --- names come from projekt.yml --------------------------------------------------------------------------------
def test_no_shipped_file_names_a_region():
    import berichte

    package = Path(berichte.__file__).parent
    shipped = [p for p in package.rglob("*") if p.is_file() and p.suffix in {".qmd", ".yml", ".j2", ".css", ".md"}
               and "demo" not in p.parts]
    assert any(p.name == "_quarto.yml" for p in shipped)
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".j2":  # examples in a template's comment never reach a report
            text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
        assert "Seewalden" not in text and "Stabsstelle" not in text, path
    settings = yaml.safe_load((package / "documents/_quarto.yml").read_text(encoding="utf-8"))
    assert "author" not in settings


def test_a_conflicting_author_in_the_projects_quarto_yml_is_a_warning(mini, capsys):
    (mini / "_quarto.yml").write_text('author: "Region Seewalden · Stabsstelle Sozialplanung"\n', encoding="utf-8")
    assert main(["--projekt", str(mini), "pruefen"]) == 0
    out = capsys.readouterr().out
    assert "_quarto.yml" in out and "weicht vom Herausgeber" in out and "Testkreis, Sozialplanung" in out


def test_the_region_name_comes_from_projekt_yml(mini, capsys):
    from berichte.load.project import load_project

    edit(mini / "data/projekt.yml", "gebiet: Testkreis", "gebiet: Landkreis Muster")
    project = load_project(mini)
    assert project.areas.name("01000") == "Landkreis Muster"
    assert project.areas.frame.at["01000", "short"] == "Landkreis Muster"
    assert main(["--projekt", str(mini), "pruefen"]) == 0
    assert "„Testkreis“" in capsys.readouterr().out
    assert main(["--projekt", str(mini), "build", "--format", "html", "--gebiet", "01000"]) == 0
    assert "Hinweis: 1 Warnung zu Daten und Einstellungen (anzeigen mit: berichte pruefen)." in capsys.readouterr().out


# --- building a project without reports/, own copies, drafts ---------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The mini project without reports/: one draft build, then one publication (HTML and PDF)."""
    root = project_with_reports(tmp_path_factory.mktemp("projekt"))
    edit(root / "data/projekt.yml", "herausgeber: Testkreis, Sozialplanung",
         "herausgeber: Testkreis, Sozialplanung\nkontakt: Sozialplanung, Telefon 01234 5678")
    assert main(["--projekt", str(root), "build", "--entwurf"]) == 0
    edit(root / "data/zahlen/jobcenter.csv", "01000002,2022,lb,1200", "01000002,2022,lb,1250")
    assert main(["--projekt", str(root), "build", "--entwurf"]) == 0  # a changed draft is no correction
    assert main(["--projekt", str(root), "build"]) == 0
    return root


def manifest(folder: Path) -> dict:
    return json.loads((folder / ".berichte/manifest.json").read_text(encoding="utf-8"))


def test_drafts_are_marked_and_never_versioned(built):
    draft = built / "_entwurf"
    data = manifest(draft)
    assert data["entwurf"] is True and {e["version"] for e in data["reports"]} == {1}
    assert all(e["published"] == "" for e in data["reports"])
    assert not (draft / "archiv").exists() and not (draft / "korrekturen").exists()
    html = (draft / "2022/profil-01000002-bedorf.html").read_text(encoding="utf-8")
    assert 'class="cover-mark">Entwurf<' in html and 'class="mark-watermark"' in html and "mark-banner" in html
    assert "nicht zur Veröffentlichung" in html
    assert "ENTWURF" in (draft / "index.html").read_text(encoding="utf-8")
    from pypdf import PdfReader

    reader = PdfReader(draft / "2022/profil-01000002-bedorf.pdf")
    first, later = reader.pages[0].extract_text(), reader.pages[2].extract_text()
    assert "Entwurf" in first and "ENTWURF" in later  # cover stamp; footer (and watermark) on every page


def test_the_first_publication_is_fassung_1_whatever_drafts_came_before(built):
    data = manifest(built / "_output")
    assert data["entwurf"] is False and {e["version"] for e in data["reports"]} == {1}
    assert not (built / "_output/archiv").exists() and not (built / "_output/korrekturen").exists()
    html = (built / "_output/2022/profil-01000002-bedorf.html").read_text(encoding="utf-8")
    assert 'class="cover-mark"' not in html and '<div class="mark-watermark"' not in html
    assert "nicht zur Veröffentlichung" not in html


def test_drafts_and_publications_never_share_a_folder(built, capsys):
    assert main(["--projekt", str(built), "build", "--entwurf", "--ausgabe", str(built / "_output")]) == 1
    assert "enthält veröffentlichte Berichte" in capsys.readouterr().err
    assert main(["--projekt", str(built), "build", "--ausgabe", str(built / "_entwurf")]) == 1
    assert "enthält Entwürfe" in capsys.readouterr().err


def test_publisher_and_contact_come_from_projekt_yml(built):
    from pypdf import PdfReader

    html = (built / "_output/2022/profil-01000002-bedorf.html").read_text(encoding="utf-8")
    assert '<meta name="author" content="Testkreis, Sozialplanung">' in html
    assert "Sozialplanung, Telefon 01234 5678" in html and "Sozialmonitoring Testkreis" in html
    reader = PdfReader(built / "_output/2022/profil-01000002-bedorf.pdf")
    assert reader.metadata.author == "Testkreis, Sozialplanung"
    assert "Testkreis, Sozialplanung" in reader.pages[2].extract_text()  # footer


def test_build_and_status_say_which_documents_are_used(built, capsys):
    assert main(["--projekt", str(built), "status"]) == 0
    out = capsys.readouterr().out
    assert "Sozialstruktur-Profil: mitgeliefertes Dokument" in out
    own_documents(built)
    edit(built / "reports/profil.qmd", 'title: "Sozialstruktur-Profil"', 'title: "Kleinräumiges Profil"')
    assert main(["--projekt", str(built), "build", "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert "Sozialstruktur-Profil aus reports/profil.qmd" in out and "Sozialbericht aus reports/sozialbericht.qmd" in out
    assert "Hinweis: Die Karten fehlen im Sozialbericht 2022: es sind keine Gebietsflächen hinterlegt" in out
    assert "Kleinräumiges Profil" in (built / "_output/2022/profil-01000002-bedorf.html").read_text(encoding="utf-8")
    assert main(["--projekt", str(built), "status"]) == 0
    assert "eigenes Dokument reports/profil.qmd" in capsys.readouterr().out


# --- one default comparison year -------------------------------------------------------------------------------
def test_render_uses_the_comparison_year_of_projekt_yml(tmp_path, capsys):
    root = project_with_reports(tmp_path / "p", data=MINI / "data")
    edit(root / "data/projekt.yml", "vergleichsjahr: 2020", "vergleichsjahr: 2021")
    assert main(["--projekt", str(root), "render", "--gebiet", "01000002", "--format", "html"]) == 0
    html = (root / "_output/2022/profil-01000002-2022.html").read_text(encoding="utf-8")
    assert "<td>Vergleichszeitraum</td>\n<td>2021–2022</td>" in html
    assert "Veränderung 2021\u2060–\u20602022" in html and "Veränderung 2020" not in html


# --- nothing disappears silently ---------------------------------------------------------------------------------
def test_a_chapter_left_out_for_lack_of_data_says_why_in_the_report_and_in_pruefen(mini, capsys):
    """The Sozialindex needs its population Merkmal in the report year (here it exists for 2021 only), and a
    theme whose Merkmale were never delivered: both chapters say why, pruefen and build name cause and fix."""
    with open(mini / "data/merkmale.yml", "a", encoding="utf-8") as handle:
        handle.write("ew_stand:\n  bezeichnung: Einwohner laut Stichtagszählung\n  einheit: Personen\n"
                     "  quelle: Melderegister\n"
                     "wohnungen:\n  bezeichnung: Wohnungen\n  einheit: Wohnungen\n  quelle: Katasteramt\n")
    with open(mini / "data/zahlen/melderegister.csv", "a", encoding="utf-8") as handle:
        for key in ("0100000101", "0100000102", "01000002", "01000003"):
            handle.write(f"{key};ew_stand;;5.000;\n")
    edit(mini / "data/kennzahlen.yml", "  bevoelkerung: {titel: Bevölkerung}",
         "  bevoelkerung: {titel: Bevölkerung}\n  wohnen: {titel: Wohnen}")
    with open(mini / "data/kennzahlen.yml", "a", encoding="utf-8") as handle:
        handle.write("  wohnungsdichte:\n    titel: Wohnungen je Einwohner\n    thema: wohnen\n    zaehler: wohnungen\n"
                     "    nenner: ew\n    einheit: je 1.000\n    polaritaet: neutral\n    nachkommastellen: 0\n"
                     "    schwelle: 1\n    definition: Wohnungen je 1.000 Einwohner.\n    quelle: Katasteramt\n")
    with open(mini / "data/projekt.yml", "a", encoding="utf-8") as handle:
        handle.write("sozialindex:\n  status: [quote]\n  mindest_einwohner: 100\n  einwohner: ew_stand\n")
    assert main(["--projekt", str(mini), "pruefen"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Das Kapitel „Sozialindex“ fehlt im Sozialbericht und in den Profilen der Gemeinden 2022: das Merkmal " \
           "„ew_stand“" in out
    assert "mindest_einwohner: 0" in out
    assert "Das Kapitel „Wohnen“ fehlt im Sozialbericht und in allen Profilen 2022" in out
    assert "Die Merkmale wohnungen, ew liefern (Katasteramt, Melderegister)" in out
    assert main(["--projekt", str(mini), "render", "--gebiet", "01000", "--format", "html"]) == 0
    html = " ".join((mini / "_output/2022/sozialbericht-01000-2022.html").read_text(encoding="utf-8").split())
    assert "Der Sozialindex entfällt in diesem Bericht: für 2022 liegen keine Einwohnerzahlen der Gemeinden vor" in html
    assert "Das Kapitel „Wohnen“ entfällt in diesem Bericht: zu den Kennzahlen dieses Themas liegen keine Daten vor" \
        in html
    assert "Statusindex" not in html  # the annex does not describe a method the report does not show
    assert "Die Karten entfallen in diesem Bericht: für die Gebiete sind keine Flächen hinterlegt" in html
    # For 2021 the population is there: the chapter and the method are back.
    assert main(["--projekt", str(mini), "render", "--gebiet", "01000", "--jahr", "2021", "--vergleich", "2020",
                 "--format", "html"]) == 0
    html = (mini / "_output/2021/sozialbericht-01000-2021.html").read_text(encoding="utf-8")
    assert "Statusindex" in html and "Der Sozialindex entfällt" not in html
