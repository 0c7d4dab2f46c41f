"""Markdown → HTML as pandoc/Quarto produce it for the features the reports use (see docs/engine.md).

After markdown-it-py has parsed the text (with the extensions in :mod:`berichte.engine.syntax`), one pass
over the tokens adds what needs the whole document: heading ids, section numbers and ``<section>``
wrappers, the table of contents, numbers of figures and tables, cross-references, callouts, table header
scopes and numeric columns, and the cover. Rendering then turns the tokens into HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from .errors import EngineError
from .syntax import build_markdown_it, parse_attrs

CALLOUT_TITLES = {"note": "Hinweis", "tip": "Tipp", "warning": "Warnung", "important": "Wichtig",
                  "caution": "Vorsicht"}
XREF_NAMES = {"fig": "Abbildung", "tbl": "Tabelle", "sec": "Abschnitt"}
FOOTNOTES_TITLE = "Fußnoten"

#: Tables with more body rows may break across pages (the header row repeats); shorter ones are kept whole.
LONG_TABLE_ROWS = 12

_XREF = re.compile(r"(?<![\w@.])@([Ff]ig|[Tt]bl|[Ss]ec)-([\w-]*\w)")
_UNIT_SPACE = re.compile(r"(?<=\d) (?=(?:%|‰|€|Prozentpunkte?\b))")  # "12,3 %" never breaks before "%"
_HTML_ATTRS = {"id", "class", "style", "title", "lang", "dir", "role", "width", "height"}


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


class MarkdownConverter:
    """Holds one configured markdown-it parser; reuse it for many documents."""

    def __init__(self):
        self.md = build_markdown_it()
        for name, rule in _RENDER_RULES.items():
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


def _classes(attrs: dict) -> list[str]:
    return str(attrs.get("class", "")).split()


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


# --- rendering -------------------------------------------------------------------------------------------

def _attrs_html(attrs: dict, extra_classes: list[str] | None = None) -> str:
    attrs = dict(attrs)
    classes = [*(extra_classes or []), *_classes(attrs)]
    attrs.pop("class", None)
    out = []
    if attrs.get("id"):
        out.append(f' id="{escapeHtml(str(attrs.pop("id")))}"')
    if classes:
        out.append(f' class="{escapeHtml(" ".join(dict.fromkeys(classes)))}"')
    for key, value in attrs.items():
        name = key if key in _HTML_ATTRS or key.startswith(("aria-", "data-")) else f"data-{key}"
        out.append(f' {escapeHtml(name)}="{escapeHtml(str(value))}"')
    return "".join(out)


def _render_text(self, tokens, idx, options, env) -> str:
    text = escapeHtml(_UNIT_SPACE.sub("\u00a0", tokens[idx].content))
    if "@" not in text:
        return text
    return _XREF.sub(lambda m: _xref_link(m, env), text)


def _xref_link(match: re.Match, env: dict) -> str:
    kind, name = match.group(1).lower(), match.group(2)
    target = f"{kind}-{name}"
    label = env["xrefs"].get(target)
    if label is None:
        if target not in env["missing_xrefs"]:
            env["missing_xrefs"].add(target)
            env["warnings"].append(f"{env['source']}: Querverweis @{target} zeigt auf nichts (keine Abbildung, "
                                   f"Tabelle oder Überschrift mit der Kennung „{target}“).")
        return f'<strong class="xref-missing">?@{target}</strong>'
    return f'<a href="#{target}" class="xref">{escapeHtml(label)}</a>'


def _render_heading_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    attrs = dict(token.meta.get("attrs") or {})
    if token.meta.get("section_id"):
        attrs.pop("id", None)
    return f"<{token.tag}{_attrs_html(attrs)}>"


def _render_section_open(self, tokens, idx, options, env) -> str:
    return f"<section{_attrs_html(tokens[idx].attrs)}>\n"


def _render_section_close(self, tokens, idx, options, env) -> str:
    return "</section>\n"


def _render_div_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    attrs = dict(token.meta.get("attrs") or {})
    kind = token.meta.get("callout")
    if kind is None:
        return f"<div{_attrs_html(attrs)}>\n"
    title_inline = token.meta.get("title_inline")
    if title_inline is not None:
        title = self.renderInline(title_inline.children or [], options, env)
    else:
        title = escapeHtml(str(attrs.pop("title", "") or CALLOUT_TITLES.get(kind, kind.capitalize())))
    attrs.pop("title", None)
    for ignored in ("collapse", "appearance", "icon"):
        attrs.pop(ignored, None)
    attrs.setdefault("role", "note")
    return (f'<div{_attrs_html(attrs, ["callout"])}>\n<p class="callout-title">{title}</p>\n'
            f'<div class="callout-body">\n')


def _render_div_close(self, tokens, idx, options, env) -> str:
    return "</div>\n</div>\n" if tokens[idx].meta.get("callout") else "</div>\n"


def _image_attrs(image: Token, caption_text: str) -> tuple[str, dict]:
    attrs = dict(image.attrs)
    src = str(attrs.pop("src", ""))
    alt = str(attrs.pop("fig-alt", "") or caption_text)
    attrs.pop("alt", None)
    style = []
    for key in ("width", "height"):
        if key in attrs:
            value = str(attrs.pop(key))
            style.append(f"{key}:{value}" + ("px" if value.isdigit() else ""))
    attrs.pop("fig-align", None)
    if style:
        attrs["style"] = ";".join(style)
    return src, {"alt": alt, **attrs}


def _img_tag(src: str, attrs: dict) -> str:
    alt = attrs.pop("alt")
    return f'<img src="{escapeHtml(src)}" alt="{escapeHtml(alt)}"{_attrs_html(attrs)}>'


def _render_image(self, tokens, idx, options, env) -> str:
    image = tokens[idx]
    caption_text = self.renderInlineAsText(image.children or [], options, env)
    src, attrs = _image_attrs(image, caption_text)
    _require_alt(src, attrs, env)
    return _img_tag(src, attrs)


def _require_alt(src: str, attrs: dict, env: dict) -> None:
    """Every image needs a text alternative (screen readers, PDF/UA)."""
    if not attrs["alt"].strip():
        shown = src if not src.startswith("data:") else "(eingebettetes Bild)"
        raise EngineError(f"{env['source']}: Das Bild {shown} hat keinen Alternativtext. Bitte "
                          '![Beschriftung](datei.svg){fig-alt="Was die Grafik zeigt"} angeben.')


def _render_figure(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    image = token.children[0]
    caption_html = self.renderInline(image.children or [], options, env)
    caption_text = self.renderInlineAsText(image.children or [], options, env)
    src, attrs = _image_attrs(image, caption_text)
    _require_alt(src, attrs, env)
    figure_attrs = {"id": attrs.pop("id", "")} if attrs.get("id") else {}
    classes = _classes(attrs)
    attrs.pop("class", None)
    number = token.meta.get("number")
    label = f'<span class="figure-number">Abbildung {number}:</span> ' if number else ""
    return (f'<figure{_attrs_html(figure_attrs, ["figure", *classes])}>\n{_img_tag(src, attrs)}\n'
            f"<figcaption>{label}{caption_html}</figcaption>\n</figure>\n")


def _render_table_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    attrs = dict(token.meta.get("attrs") or {})
    caption = token.meta.get("caption")
    table_id = str(attrs.pop("id", "") or "")
    number = token.meta.get("number")
    region = ' role="region" tabindex="0"'
    caption_html = ""
    if caption:
        caption_id = f"{table_id}-caption" if table_id else f"caption-{idx}"
        region += f' aria-labelledby="{escapeHtml(caption_id)}"'
        label = f'<span class="table-number">Tabelle {number}:</span> ' if number else ""
        inline = token.meta["caption_tokens"][0].children or []
        caption_html = (f'<caption id="{escapeHtml(caption_id)}">{label}'
                        f'{self.renderInline(inline, options, env)}</caption>\n')
    else:
        region += ' aria-label="Tabelle"'
    table_attrs = {"id": table_id} if table_id else {}
    table_attrs.update(attrs)
    wrap_class = "table-wrap long" if token.meta.get("long") else "table-wrap"
    return f'<div class="{wrap_class}"{region}>\n<table{_attrs_html(table_attrs)}>\n{caption_html}'


def _render_table_close(self, tokens, idx, options, env) -> str:
    return "</table>\n</div>\n"


def _render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = token.info.strip()
    content = token.content
    if info.startswith("{=") and info.endswith("}"):
        return content if info[2:-1].strip().lower() in ("html", "html5") else ""
    attrs = parse_attrs(info) if info.startswith("{") else ({"class": info.split()[0]} if info else {})
    classes = _classes(attrs)
    language = next((c for c in classes if not c.startswith("cell-")), "")
    pre_classes = [c for c in classes if c.startswith("cell-")]
    code_class = f' class="language-{escapeHtml(language)}"' if language else ""
    pre = f' class="{" ".join(pre_classes)}"' if pre_classes else ""
    return f"<pre{pre}><code{code_class}>{escapeHtml(content)}</code></pre>\n"


def _render_pagebreak(self, tokens, idx, options, env) -> str:
    return '<div class="pagebreak" aria-hidden="true"></div>\n'


def _render_footnote_ref(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    n = str(token.meta["id"] + 1)
    ref_id = f"fnref{n}" + (f":{token.meta['subId']}" if token.meta.get("subId", -1) > 0 else "")
    return (f'<sup class="footnote-ref"><a href="#fn{n}" id="{ref_id}" role="doc-noteref" '
            f'aria-label="Fußnote {n}">{n}</a></sup>')


def _render_footnote_block_open(self, tokens, idx, options, env) -> str:
    level = env.get("base_level", 2)
    return (f'<section id="footnotes" class="footnotes" role="doc-endnotes" aria-labelledby="footnotes-title">\n'
            f'<h{level} id="footnotes-title" class="unnumbered">{FOOTNOTES_TITLE}</h{level}>\n<ol>\n')


def _render_footnote_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</section>\n"


def _render_footnote_open(self, tokens, idx, options, env) -> str:
    return f'<li id="fn{tokens[idx].meta["id"] + 1}">'


def _render_footnote_anchor(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    n = str(token.meta["id"] + 1)
    ref_id = f"fnref{n}" + (f":{token.meta['subId']}" if token.meta.get("subId", -1) > 0 else "")
    return f' <a href="#{ref_id}" class="footnote-back" role="doc-backlink" aria-label="Zurück zum Text">↩︎</a>'


_RENDER_RULES = {
    "text": _render_text,
    "heading_open": _render_heading_open,
    "section_open": _render_section_open,
    "section_close": _render_section_close,
    "div_open": _render_div_open,
    "div_close": _render_div_close,
    "image": _render_image,
    "figure": _render_figure,
    "table_open": _render_table_open,
    "table_close": _render_table_close,
    "fence": _render_fence,
    "pagebreak": _render_pagebreak,
    "footnote_ref": _render_footnote_ref,
    "footnote_block_open": _render_footnote_block_open,
    "footnote_block_close": _render_footnote_block_close,
    "footnote_open": _render_footnote_open,
    "footnote_anchor": _render_footnote_anchor,
}
