"""What a Quarto user passes to the shipped documents: an area key that lost its leading zeros gets a German
message naming the fix (no traceback in Jupyter); ``berichte dokumente --kopieren`` brings the extension."""

from __future__ import annotations

import pytest

from berichte.content.profile import area_key
from berichte.load.documents import copy_shipped, extension_files
from berichte.problems import BerichteError


class _Areas:
    keys = ["03999", "03999001", "03999002"]

    def __contains__(self, key):
        return key in self.keys


@pytest.mark.parametrize("value", [3999002, 3999002.0, "3999002"])
def test_a_key_without_leading_zeros_names_the_fix(value):
    with pytest.raises(BerichteError) as info:
        area_key(value, _Areas())
    message = info.value.message
    assert "ohne führende Nullen – gemeint ist wohl „03999002“" in message
    assert "--execute-params" in message and "gebiet: '03999002'" in message
    assert "-P gebiet:\"'03999002'\"" in message
    assert ("die Zahl 3999002" in message) == (not isinstance(value, str))


def test_known_keys_pass_and_unknown_ones_are_named():
    assert area_key("03999002", _Areas()) == "03999002"
    assert area_key(" 03999001 ", _Areas()) == "03999001"
    with pytest.raises(BerichteError) as info:
        area_key("04000001", _Areas())
    assert info.value.message == "Unbekanntes Gebiet „04000001“: es fehlt in der Gebietsliste."


def test_jupyter_shows_the_german_message_instead_of_a_traceback():
    error = BerichteError("Der Gebietsschlüssel kam als die Zahl 3999002 an.")
    assert error._render_traceback_() == ["Der Gebietsschlüssel kam als die Zahl 3999002 an."]


def test_copying_the_documents_brings_the_quarto_extension(tmp_path):
    written = {p.relative_to(tmp_path / "reports").as_posix() for p in copy_shipped(tmp_path)}
    assert {"profil.qmd", "sozialbericht.qmd", "_quarto.yml"} <= written
    assert "_extensions/berichte/_extension.yml" in written and "_extensions/berichte/report.css" in written
    assert set(extension_files()) <= written
    assert copy_shipped(tmp_path) == []  # nothing is overwritten
