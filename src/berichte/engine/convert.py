"""Markdown → HTML as pandoc/Quarto produce it for the features the reports use (see docs/engine.md).

After markdown-it-py has parsed the text (with the extensions in :mod:`berichte.engine.syntax`), one pass
over the tokens adds what needs the whole document: heading ids, section numbers and ``<section>``
wrappers, the table of contents, numbers of figures and tables, cross-references, callouts, table header
scopes and numeric columns, and the cover. Rendering then turns the tokens into HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from .errors import EngineError
from .html_rules import CALLOUT_TITLES, RENDER_RULES, class_list as _classes
from .syntax import build_markdown_it

@dataclass
class TocEntry:
    level: int
    id: str
    number: str
    html: str = ""
    children: list["TocEntry"] = field(default_factory=list)
    inline: Token | None = field(default=None, repr=False, compare=False)


@dataclass
class Converted:
    body: str
    cover: str | None
    toc: list[TocEntry]
    meta: dict
    warnings: list[str]
    base_level: int = 2  # level of the document's top headings (1 for "#", 2 for "##")


@dataclass
class _Options:
    number_sections: bool = False
    number_depth: int = 6
    toc_depth: int = 3


#: Tables with more body rows may break across pages (the header row repeats); shorter ones are kept whole.
LONG_TABLE_ROWS = 12


class MarkdownConverter:
    """Holds one configured markdown-it parser; reuse it for many documents."""

    def __init__(self):
        self.md = build_markdown_it()
        for name, rule in RENDER_RULES.items():
            self.md.add_render_rule(name, rule)

    def convert(self, text: str, *, number_sections: bool = False, number_depth: int = 6, toc_depth: int = 3,
                source: str = "") -> Converted:
        env: dict = {"warnings": [], "xrefs": {}, "missing_xrefs": set(), "source": source, "md": self.md}
        try:
            tokens = self.md.parse(text, env)
        except EngineError as exc:
            raise EngineError(f"{source}: {exc.message}") from None
        options = _Options(number_sections, number_depth, toc_depth)
        meta = _take_meta_blocks(tokens)
        cover_tokens = _take_cover(tokens, source)
        structure = _Structure(env, options)
        structure.assign_ids(cover_tokens + tokens)
        toc = structure.number_headings(tokens)
        tokens = structure.wrap_sections(tokens)
        for stream in (cover_tokens, tokens):
            structure.figures_and_tables(stream)
            structure.callouts(stream)
        renderer = self.md.renderer
        body = renderer.render(tokens, self.md.options, env)
        cover = renderer.render(cover_tokens, self.md.options, env) if cover_tokens else None
        self._render_toc(toc, env)
        return Converted(body, cover, toc, meta, env["warnings"], env.get("base_level", 2))

    def _render_toc(self, entries: list[TocEntry], env: dict) -> None:
        for entry in entries:
            children = [c for c in entry.inline.children or []
                        if c.type != "footnote_ref" and not c.meta.get("section_number")]
            entry.html = self.md.renderer.renderInline(children, self.md.options, env)
            self._render_toc(entry.children, env)


# --- the structure pass ----------------------------------------------------------------------------------

def _take_meta_blocks(tokens: list[Token]) -> dict:
    meta: dict = {}
    for token in [t for t in tokens if t.type == "meta_block"]:
        meta.update(token.meta["data"])
        tokens.remove(token)
    return meta


def _matching_close(tokens: list[Token], start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting if tokens[j].type in ("div_open", "div_close") else 0
        if depth == 0:
            return j
    return len(tokens) - 1


def _take_cover(tokens: list[Token], source: str) -> list[Token]:
    """Remove the top-level ``::: {.cover}`` div from the stream and return its content."""
    covers = [i for i, t in enumerate(tokens) if t.type == "div_open" and t.level == 0
              and "cover" in _classes(t.meta.get("attrs", {}))]
    if not covers:
        return []
    if len(covers) > 1:
        raise EngineError(f"{source}: Das Dokument enthält {len(covers)} Titelseiten-Blöcke „::: {{.cover}}“; "
                          "erlaubt ist einer.")
    start = covers[0]
    end = _matching_close(tokens, start)
    content = tokens[start + 1:end]
    del tokens[start:end + 1]
    for token in content:
        token.level = max(0, token.level - 1)
        token.meta["in_cover"] = True
    return content


def _plain(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts).strip()


def _auto_id(text: str) -> str:
    """pandoc's auto_identifiers: letters, digits, _ - . kept; spaces to hyphens; lower case; leading
    non-letters removed; "section" if nothing is left."""
    text = re.sub(r"[^\w\s.-]", "", text).strip().lower()
    text = re.sub(r"\s+", "-", text)
    text = re.sub(r"^[^a-zäöüß]+", "", text) if not text[:1].isalpha() else text
    return text or "section"


class _Structure:
    def __init__(self, env: dict, options: _Options):
        self.env = env
        self.options = options
        self.used_ids: set[str] = set()
        self.xrefs: dict[str, str] = env["xrefs"]

    def _unique(self, base: str) -> str:
        candidate, n = base, 0
        while candidate in self.used_ids:
            n += 1
            candidate = f"{base}-{n}"
        self.used_ids.add(candidate)
        return candidate

    def assign_ids(self, tokens: list[Token]) -> None:
        for token in tokens:
            attrs = token.meta.get("attrs") or {}
            if token.type in ("heading_open", "div_open", "table_open") and attrs.get("id"):
                self.used_ids.add(str(attrs["id"]))
            for child in token.children or []:
                if child.attrs.get("id"):
                    self.used_ids.add(str(child.attrs["id"]))
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                attrs = token.meta.setdefault("attrs", {})
                if not attrs.get("id"):
                    attrs["id"] = self._unique(_auto_id(_plain(tokens[i + 1])))

    def number_headings(self, tokens: list[Token]) -> list[TocEntry]:
        top = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0]
        levels = [int(tokens[i].tag[1]) for i in top]
        base = min(levels) if levels else 2
        self.env["base_level"] = base
        counters = [0] * 7
        toc: list[TocEntry] = []
        stack: list[TocEntry] = []
        for i in top:
            token, inline = tokens[i], tokens[i + 1]
            level = int(token.tag[1])
            attrs = token.meta["attrs"]
            classes = _classes(attrs)
            number = ""
            depth = level - base
            if self.options.number_sections and "unnumbered" not in classes and depth < self.options.number_depth:
                counters[depth] += 1
                counters[depth + 1:] = [0] * (len(counters) - depth - 1)
                number = ".".join(str(c) for c in counters[:depth + 1])
                span = Token("html_inline", "", 0)
                span.content = f'<span class="header-section-number">{number}</span> '
                span.meta["section_number"] = True
                inline.children = [span, *(inline.children or [])]
            title = _plain(inline)
            if number:
                title = title[len(number):].strip() if title.startswith(number) else title
            heading_id = str(attrs["id"])
            if heading_id.startswith("sec-"):
                self.xrefs[heading_id] = f"Abschnitt {number}" if number else f"Abschnitt „{title}“"
            token.meta["number"] = number
            if "unlisted" in classes or level > self.options.toc_depth:
                continue
            entry = TocEntry(level, heading_id, number, inline=inline)
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else toc).append(entry)
            stack.append(entry)
        return toc

    def wrap_sections(self, tokens: list[Token]) -> list[Token]:
        result: list[Token] = []
        open_levels: list[int] = []

        def close(until: int) -> None:
            while open_levels and open_levels[-1] >= until:
                open_levels.pop()
                result.append(Token("section_close", "section", -1))

        for token in tokens:
            if token.type == "heading_open" and token.level == 0:
                level = int(token.tag[1])
                close(level)
                section = Token("section_open", "section", 1)
                attrs = token.meta["attrs"]
                section.attrs = {"id": str(attrs["id"]),
                                 "class": " ".join([f"level{level}", *_classes(attrs)])}
                token.meta["section_id"] = True
                result.append(section)
                open_levels.append(level)
            elif token.type == "footnote_block_open":
                close(0)
            result.append(token)
        close(0)
        return result

    def figures_and_tables(self, tokens: list[Token]) -> None:
        for i, token in enumerate(tokens):
            if token.type == "figure":
                image = token.children[0]
                image_id = str(image.attrs.get("id", ""))
                if image_id.startswith("fig-"):
                    figure_no = self.env.setdefault("figure_count", 0) + 1
                    self.env["figure_count"] = figure_no
                    token.meta["number"] = figure_no
                    self.xrefs[image_id] = f"Abbildung {figure_no}"
            elif token.type == "table_open":
                attrs = token.meta.get("attrs") or {}
                table_id = str(attrs.get("id", ""))
                if table_id.startswith("tbl-"):
                    table_no = self.env.setdefault("table_count", 0) + 1
                    self.env["table_count"] = table_no
                    token.meta["number"] = table_no
                    self.xrefs[table_id] = f"Tabelle {table_no}"
                if token.meta.get("caption"):
                    token.meta["caption_tokens"] = self.env["md"].parseInline(token.meta["caption"], self.env)
                _table_cells(tokens, i)

    def callouts(self, tokens: list[Token]) -> None:
        i = 0
        stack: list[Token] = []
        while i < len(tokens):
            token = tokens[i]
            if token.type == "div_open":
                attrs = token.meta.get("attrs") or {}
                kinds = [c[len("callout-"):] for c in _classes(attrs) if c.startswith("callout-")]
                if kinds:
                    kind = kinds[0]
                    if kind not in CALLOUT_TITLES:
                        self.env["warnings"].append(
                            f"{self.env['source']}: Unbekannte Callout-Art „callout-{kind}“; möglich sind "
                            + ", ".join(f"callout-{k}" for k in CALLOUT_TITLES) + ".")
                    token.meta["callout"] = kind
                    if not attrs.get("title") and i + 3 < len(tokens) and tokens[i + 1].type == "heading_open":
                        token.meta["title_inline"] = tokens[i + 2]
                        del tokens[i + 1:i + 4]
                stack.append(token)
            elif token.type == "div_close" and stack:
                token.meta["callout"] = stack.pop().meta.get("callout")
            i += 1


def _table_cells(tokens: list[Token], start: int) -> None:
    """Header cells get scope="col"; right-aligned columns are numeric (class num); a left-aligned first
    column of a table with numeric columns holds row headers (``<th scope="row">``)."""
    alignments: list[str] = []
    end = start
    while tokens[end].type != "table_close":
        end += 1
    for token in tokens[start:end]:
        if token.type == "th_open" and token.level == tokens[start].level + 3:
            alignments.append(_alignment(token))
    numeric = [a == "right" for a in alignments]
    body_rows = sum(1 for t in tokens[start:end] if t.type == "tr_open") - 1
    tokens[start].meta["long"] = body_rows > LONG_TABLE_ROWS
    row_headers = len(alignments) > 1 and any(numeric) and not numeric[0]
    if row_headers:
        tokens[start].meta["row_headers"] = True
    in_body, column = False, 0
    for token in tokens[start:end]:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open":
            column = 0
        elif token.type in ("th_open", "td_open"):
            align = _alignment(token)
            token.attrs.pop("style", None)
            classes = []
            if align in ("right", "center"):
                classes.append(align)
            if column < len(numeric) and numeric[column]:
                classes.append("num")
            if token.type == "th_open":
                token.attrs["scope"] = "col"
            elif in_body and column == 0 and row_headers:
                token.tag = "th"
                token.attrs["scope"] = "row"
                token.meta["row_header"] = True
            if classes:
                token.attrs["class"] = " ".join(classes)
            column += 1
        elif token.type == "td_close" and in_body and column == 1 and row_headers:
            token.tag = "th"


def _alignment(token: Token) -> str:
    style = str(token.attrs.get("style", ""))
    match = re.search(r"text-align:\s*(\w+)", style)
    return match.group(1) if match else ""
