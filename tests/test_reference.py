"""The reference of the project folder (docs/projektordner.md) and the JSON Schemas come from the typed
descriptions of the three YAML files, are up to date, accept real files and reject mistakes."""

from __future__ import annotations

import importlib.util
import json

import jsonschema
import pytest
import yaml

from berichte.cli import main
from berichte.load.reference import FILES, field_docs, json_schema
from conftest import ROOT, edit

STANDARD = ROOT / "src/berichte/standard"


def _script():
    spec = importlib.util.spec_from_file_location("projektordner", ROOT / "scripts/projektordner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_reference_and_schemas_are_up_to_date():
    for path, text in _script().expected().items():
        assert path.exists(), f"{path} fehlt: python scripts/projektordner.py ausführen"
        assert path.read_text(encoding="utf-8") == text, f"{path} ist veraltet: python scripts/projektordner.py"


def test_every_field_is_described_with_type_and_an_example_or_default():
    def check(docs, where):
        for doc in docs:
            assert len(doc.description) > 15, f"{where}{doc.key}: Beschreibung fehlt"
            assert doc.type and doc.type != "Wert", f"{where}{doc.key}: Typ unbekannt"
            assert doc.example is not None or doc.children or not doc.required, f"{where}{doc.key}: Beispiel fehlt"
            check(doc.children, f"{where}{doc.key}.")
    for name, model in FILES.items():
        check(field_docs(model), f"{name}: ")
    reference = (ROOT / "docs/projektordner.md").read_text(encoding="utf-8")
    for key in ("`herausgeber`", "`kontakt`", "`<id>.summierbar`", "`<id>.ganzzahlig`", "`kennzahlen.<id>.test`",
                "`kennzahlen.<id>.bezug`", "`sozialindex.mindest_einwohner`", "`ebenen[].genus`"):
        assert key in reference, key
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/projektordner.md" in readme


@pytest.mark.parametrize("name, path", [("projekt.yml", ROOT / "data/projekt.yml"),
                                        ("merkmale.yml", STANDARD / "merkmale.yml"),
                                        ("kennzahlen.yml", STANDARD / "kennzahlen.yml"),
                                        ("projekt.yml", ROOT / "tests/fixtures/mini/data/projekt.yml")])
def test_the_schemas_accept_the_shipped_and_demo_files(name, path):
    validator = jsonschema.Draft202012Validator(json_schema(name))
    # an editor validates a YAML date (datenstand: 2024-03-31) as the string it is written as
    data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_the_schemas_reject_unknown_fields_and_wrong_types():
    settings = yaml.safe_load((ROOT / "data/projekt.yml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(json_schema("projekt.yml"))
    assert list(validator.iter_errors({**settings, "herausgeberin": "x"}))
    assert list(validator.iter_errors({**settings, "jahre": {"von": "2012", "bis": 2023}}))
    assert list(validator.iter_errors({**settings, "geheimhaltung": {"mindestanzahl": -1}}))
    catalogue = yaml.safe_load((STANDARD / "kennzahlen.yml").read_text(encoding="utf-8"))
    first = next(iter(catalogue["kennzahlen"]))
    catalogue["kennzahlen"][first]["polaritaet"] = "hoch"
    assert list(jsonschema.Draft202012Validator(json_schema("kennzahlen.yml")).iter_errors(catalogue))
    schema = json_schema("projekt.yml")
    assert schema["title"] == "projekt.yml" and "Einstellungen" in schema["description"]
    assert "herausgeber" in schema["properties"] and "Herausgeber" in schema["properties"]["herausgeber"]["description"]


def test_pruefen_names_the_closest_field_for_an_unknown_one(mini, capsys):
    edit(mini / "data/projekt.yml", "herausgeber:", "herausgeberin:")
    edit(mini / "data/kennzahlen.yml", "    schwelle: 0.5\n", "    schwelle: 0.5\n    bezugg: Einwohner\n")
    assert main(["--projekt", str(mini), "pruefen"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "unbekanntes Feld „herausgeberin“. Meinten Sie „herausgeber“?" in out
    assert "unbekanntes Feld „bezugg“. Meinten Sie „bezug“?" in out
    assert "projekt.yml, Zeile 4" in out


def test_berichte_schema_writes_the_schemas_for_the_editor(tmp_path, capsys):
    assert main(["--projekt", str(tmp_path), "schema"]) == 0
    names = sorted(p.name for p in (tmp_path / "schema").iterdir())
    assert names == ["kennzahlen.schema.json", "merkmale.schema.json", "projekt.schema.json"]
    assert json.loads((tmp_path / "schema/projekt.schema.json").read_text(encoding="utf-8")) == json_schema("projekt.yml")
