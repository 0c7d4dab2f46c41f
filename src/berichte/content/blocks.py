"""Small builders for the Markdown the report cells print (the engine contract is in docs/engine.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Markdown-active punctuation, pandoc's too: $ (math), ^ and ~ (super-/subscript), @ (citation), {} (attributes
# and Quarto shortcodes), | (table cells)
_SPECIAL = re.compile(r"([\\`*_{}\[\]|~$^@])")


def text(value: object) -> str:
    """Plain text from data (area names, labels) made safe for Markdown: nothing in it becomes markup.

    Markdown punctuation is backslash-escaped and ``&``, ``<``, ``>`` become HTML entities, so a name such
    as ``<script>`` or ``Einwohner*innen`` shows literally in HTML and PDF.
    """
    s = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    s = re.sub(r"^(\s*\d+)\.(\s)", r"\1\\.\2", s)  # "1. Januar" at a line start is no list
    s = re.sub(r"^(\s*)([-=+#])", r"\1\\\2", s)
    return s.replace("\n", " ")


def attribute(value: object) -> str:
    """A value inside a double-quoted Markdown attribute (fig-alt="…"): straight double quotes become
    single ones (an entity would be escaped a second time by the engine), and curly braces round ones:
    a brace would end the attribute block, and ``{{< … >}}`` would be a Quarto shortcode there."""
    return (str(value).replace("\\", "\\\\").replace('"', "'").replace("\n", " ")
            .replace("{", "(").replace("}", ")"))


def metadata(**fields: str) -> str:
    """A YAML metadata block (e.g. the subtitle a cell sets); values must be Markdown-safe (see text())."""
    lines = [f"{key}: '" + str(value).replace("'", "''") + "'" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool], caption: str = "",
          label: str = "", classes: str = "") -> str:
    """A pipe table; numeric columns are right-aligned (the engine sets tabular figures for them).

    ``header`` and ``rows`` must already be Markdown-safe (see :func:`text`)."""
    align = ["---:" if n else ":---" for n in numeric]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).replace("\n", " ") for c in cells) + " |"

    parts = [line(header), line(align)] + [line(r) for r in rows]
    if caption or label or classes:
        attributes = " ".join(x for x in (f"#{label}" if label else "", classes) if x)
        parts += ["", f": {caption}" + (f" {{{attributes}}}" if attributes else "")]
    return "\n".join(parts) + "\n"


def figure(path: str, caption: str, alt: str, label: str = "", width: str = "") -> str:
    attributes = [f"#{label}"] if label else []
    attributes.append(f'fig-alt="{attribute(alt)}"')
    if width:
        attributes.append(f"width={width}")
    return f"![{caption}]({path}){{{' '.join(attributes)}}}\n"


def heading(level: int, title: str, ident: str = "", classes: str = "") -> str:
    attributes = " ".join(x for x in (f"#{ident}" if ident else "", classes) if x)
    return "#" * level + " " + title + (f" {{{attributes}}}" if attributes else "") + "\n"


def callout(kind: str, body: str, title: str = "") -> str:
    head = f'::: {{.callout-{kind}' + (f' title="{attribute(title)}"' if title else "") + "}"
    return f"{head}\n{body.strip()}\n:::\n"


def div(classes: str, body: str) -> str:
    return f"::: {{{classes}}}\n{body.strip()}\n:::\n"


def bullets(items: Sequence[str]) -> str:
    return "".join(f"- {item}\n" for item in items)


PAGEBREAK = "\n{{< pagebreak >}}\n"


def join(*blocks: str) -> str:
    """Blocks separated by blank lines (empty blocks are dropped)."""
    return "\n".join(b.rstrip("\n") + "\n" for b in blocks if b and b.strip())
