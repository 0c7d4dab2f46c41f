"""Checks every generated statement must pass (shared by the statement tests)."""

from __future__ import annotations

import re

from berichte.formatting import parse_german, rounded
from berichte.statements.model import Statement
from berichte.statements.words import kennzahl_name, rate_suffix

NBSP = "\u00a0"
SPACE = f"[ {NBSP}]"


def labels_of(catalogue, areas=None, settings=None, extra=()) -> list[str]:
    """Words from the project that may contain digits but are not numbers the statement cites."""
    found = set(extra)
    for k in catalogue:
        found |= {k.title, k.short_title, kennzahl_name(k), k.unit, k.reference, rate_suffix(k)}
    for theme in catalogue.themes.values():
        found.add(theme.title)
    if areas is not None:
        found |= set(areas.frame["name"]) | set(areas.frame["short"])
    if settings is not None:
        found |= {b.reason for b in settings.breaks}
    found |= {label[:1].upper() + label[1:] for label in found if label}  # at the start of a sentence
    return sorted((label for label in found if label and re.search(r"\d", label)), key=len, reverse=True)


def check_numbers(statement: Statement, labels: list[str]) -> None:
    """Every number in the text is a cited value, formatted exactly as berichte.formatting formats it."""
    text = statement.text
    for name, cited in statement.values.items():
        assert cited.reformat() == cited.text, (name, cited, statement.text)
        if cited.style in ("year", "integer"):
            assert parse_german(cited.text) == cited.value
        else:
            assert parse_german(cited.text) == rounded(cited.value, cited.decimals), (name, cited)
    rest = text
    for label in labels:
        rest = rest.replace(label, " ")
    for cited in sorted(statement.values.values(), key=lambda c: len(c.text), reverse=True):
        pattern = r"(?<![\d.,])" + re.escape(cited.text) + r"(?![\d]|[.,]\d)"
        rest = re.sub(pattern, " ", rest)
    assert not re.search(r"\d", rest), f"uncited number in: {text!r} (left: {rest!r})"


def check_language(statement: Statement) -> None:
    """Form: no template leftovers, no doubled spaces or punctuation, full stops, plural units."""
    text = statement.text
    assert text, statement
    assert not re.search(r"\b(None|nan|NaN|inf|Undefined)\b", text), text
    for bad in ("{{", "}}", "{%", "%}", "{#"):
        assert bad not in text, (bad, text)
    assert "  " not in text and f"{NBSP} " not in text and f" {NBSP}" not in text, text
    for bad in (",,", "..", " .", " ,", ";;", " ;", " :", ".,", ",.", "((", "))", "( ", " )", "–.", "– –"):
        assert bad not in text, (bad, text)
    assert text.endswith("."), text
    assert text[0].isupper() or text[0].isdigit(), text
    assert not re.search(r"(?<![\d,.])1" + SPACE + "Prozentpunkte", text), text
    assert not re.search(r"(?<![\d,.])1" + SPACE + "Personen", text), text
    assert "ersthöchst" not in text and "erstniedrigst" not in text, text
    # a sentence never starts in lower case after a full stop (abbreviations aside)
    plain = re.sub(r"\b(Einw|bzw|ca|z\. B|u\. a|Nr)\.", "", text)
    assert not re.search(r"\. [a-zäöü]", plain), text
    html = str(statement.html)
    assert "<" not in html.replace("&lt;", ""), html  # no markup from values
    for char in "*_`[]":
        assert char not in html, (char, html)


def check_direction(statement: Statement, state: str, change: float) -> None:
    """"bedeutsam" only for a bedeutsame change; "gestiegen"/"gesunken" only for a change at least as large as
    the threshold that is bedeutsam or cannot be tested ("veraendert"), in the direction of its sign."""
    text = statement.text
    if re.search(r"(?<!nicht )bedeutsam (gestiegen|gesunken)", text):
        assert state == "bedeutsam", text
    if "gestiegen" in text:
        assert state in ("bedeutsam", "veraendert") and change > 0, text
    if "gesunken" in text:
        assert state in ("bedeutsam", "veraendert") and change < 0, text
    if state == "bruch":
        assert "bedeutsam" not in text and "günstig" not in text and "nicht bewertet" in text, text
