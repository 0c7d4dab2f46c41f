"""Helpers shared by the engine tests: small documents written on the fly, HTML inspection."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "qmd"
TOY = FIXTURES / "toy.qmd"
FAILING = FIXTURES / "fehler.qmd"

PARAMETERS_CELL = '''```{python}
#| tags: [parameters]
gebiet = "03999000"
jahr = 2022
```
'''


def write_qmd(folder: Path, body: str, front_matter: str = 'title: "Test"', name: str = "test.qmd",
              parameters: bool = True) -> Path:
    """A .qmd with the given front matter and body (dedented); a parameters cell first unless told not to."""
    text = f"---\n{front_matter}\n---\n\n" + (PARAMETERS_CELL + "\n" if parameters else "") \
        + textwrap.dedent(body).strip() + "\n"
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class Elements(HTMLParser):
    """Collects tags with attributes and text, enough for structural checks."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list[str] | None = None
        self._level = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]
