"""markdown-it-py extensions for the pandoc/Quarto syntax the reports use.

- fenced divs ``::: {.callout-note #id key="v"}`` … ``:::`` (nested with equal colons, as pandoc allows)
- YAML metadata blocks anywhere in the text (``---`` … ``---``), later blocks win as in pandoc
- the shortcode ``{{< pagebreak >}}`` on a line of its own; every other shortcode written in the document
  source is rejected; Quarto's escape ``{{{< … >}}}`` shows a shortcode literally. Text that only looks
  like a shortcode once its escapes are read (a backslash before each brace and ``&lt;``, as the report
  cells write names from data) is text, never a shortcode: the check reads the source, not the decoded text
- heading attributes ``## Titel {#sec-x .unnumbered}``
- table captions ``: Beschriftung {#tbl-x}`` in a paragraph right before or after a pipe table
- a paragraph holding one image only becomes a figure (as in pandoc)
- the gender star ``Einwohner*innen`` stays a literal star instead of starting emphasis
"""

from __future__ import annotations

import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError, parse as parse_attrs_text
from mdit_py_plugins.footnote import footnote_plugin

from .errors import EngineError

_DIV_OPEN = re.compile(r"^(:{3,})\s*(.*?)\s*:*\s*$")
_DIV_CLOSE = re.compile(r"^:{3,}\s*$")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_PAGEBREAK = re.compile(r"^\{\{<\s*pagebreak\s*>\}\}\s*$")
_SHORTCODE = re.compile(r"\{\{<\s*([\w-]*)[^>]*>\}\}")
_TRAILING_ATTRS = re.compile(r"\s*(\{[^{}]*\})\s*$")
_CAPTION = re.compile(r"^(?:Table)?:\s+(.*)$", re.S)
_GENDER_SUFFIX = re.compile(r"\*(innen|in|r|e|n)\b")
_ATTR_BLOCK = re.compile(r"\{[^{}\n]*\}")
_BARE_PERCENT = re.compile(r"(?<=[\s{])([A-Za-z][\w-]*)=(\d+(?:\.\d+)?%)")


def build_markdown_it() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False, "typographer": True, "quotes": "„“‚‘"})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    footnote_plugin(md)
    attrs_plugin(md, spans=True)
    md.block.ruler.before("fence", "fenced_div", _fenced_div, {"alt": ["paragraph", "blockquote", "list"]})
    md.block.ruler.before("hr", "yaml_block", _yaml_block, {"alt": ["paragraph"]})
    md.block.ruler.before("paragraph", "pagebreak", _pagebreak, {"alt": ["paragraph"]})
    md.inline.ruler.before("emphasis", "gender_star", _gender_star)
    md.inline.ruler.before("text", "shortcode", _shortcode)
    md.core.ruler.before("inline", "quote_percentages", _quote_percentages)
    md.core.ruler.before("inline", "heading_attrs", _heading_attrs)
    md.core.ruler.before("inline", "table_caption", _table_caption)
    md.core.ruler.push("figure", _figure)
    md.core.ruler.push("unsupported", _warn_unsupported)
    return md


def parse_attrs(text: str) -> dict:
    """``{#id .a .b key="v"}`` → {"id": "id", "class": "a b", "key": "v"}; shorthand ``name`` → class."""
    text = _quote_bare_percent(text.strip())
    if not text:
        return {}
    if not text.startswith("{"):
        return {"class": text.split()[0]}
    try:
        end, attrs = parse_attrs_text(text)
    except ParseError as exc:
        raise EngineError(f"Ungültige Attribute „{text}“: {exc}") from None
    return dict(attrs)


def split_trailing_attrs(content: str) -> tuple[str, dict]:
    match = _TRAILING_ATTRS.search(content)
    if not match:
        return content, {}
    try:
        attrs = parse_attrs(match.group(1))
    except EngineError:
        return content, {}
    return content[:match.start()], attrs


# --- block rules -----------------------------------------------------------------------------------------

def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _fenced_div(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    match = _DIV_OPEN.match(_line(state, start_line))
    if not match or not match.group(2):
        return False
    if silent:
        return True
    attrs = parse_attrs(match.group(2))
    depth, line, in_code, code_fence = 0, start_line + 1, False, ""
    closed = False
    while line < end_line:
        text = _line(state, line)
        if state.sCount[line] < state.blkIndent and text:
            break
        fence = _CODE_FENCE.match(text)
        if in_code:
            if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(code_fence) \
                    and not text.strip().strip(code_fence[0]):
                in_code = False
        elif fence:
            in_code, code_fence = True, fence.group(1)
        elif _DIV_CLOSE.match(text):
            if depth == 0:
                closed = True
                break
            depth -= 1
        elif _DIV_OPEN.match(text) and _DIV_OPEN.match(text).group(2):
            depth += 1
        line += 1
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "fenced_div"
    state.lineMax = line
    token = state.push("div_open", "div", 1)
    token.block = True
    token.map = [start_line, line]
    token.meta = {"attrs": attrs}
    state.md.block.tokenize(state, start_line + 1, line)
    token = state.push("div_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_max
    state.line = line + 1 if closed else line
    return True


def _yaml_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] != state.blkIndent or _line(state, start_line).rstrip() != "---":
        return False
    if start_line > 0 and not state.isEmpty(start_line - 1):
        return False
    if start_line + 1 >= end_line or state.isEmpty(start_line + 1):
        return False
    line = start_line + 1
    while line < end_line and _line(state, line).rstrip() not in ("---", "..."):
        line += 1
    if line >= end_line:
        return False
    body = state.src[state.bMarks[start_line + 1]:state.eMarks[line - 1]]
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError:
        return False
    if not isinstance(data, dict):
        return False
    if silent:
        return True
    token = state.push("meta_block", "", 0)
    token.block = True
    token.meta = {"data": data}
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


def _pagebreak(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4 or not _PAGEBREAK.match(_line(state, start_line)):
        return False
    if not silent:
        token = state.push("pagebreak", "div", 0)
        token.block = True
        token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


# --- inline rules ----------------------------------------------------------------------------------------

def _gender_star(state: StateInline, silent: bool) -> bool:
    """``Einwohner*innen``: a star between a letter and a gender suffix is text, not emphasis."""
    pos = state.pos
    if state.src[pos] != "*" or pos == 0 or not state.src[pos - 1].isalpha():
        return False
    if not _GENDER_SUFFIX.match(state.src, pos):
        return False
    if not silent:
        state.pending += "*"
    state.pos += 1
    return True


def _shortcode(state: StateInline, silent: bool) -> bool:
    """``{{{< name … >}}}`` (Quarto's escape) is the literal text ``{{< name … >}}``; an unescaped ``{{<`` in
    the source is an unsupported shortcode (a pagebreak line is a block of its own). Backslash escapes and
    entities are consumed by their own rules first, so escaped text from data never reaches this rule."""
    src, pos = state.src, state.pos
    if not src.startswith("{{", pos):
        return False
    if src.startswith("{{{<", pos):
        end = src.find(">}}}", pos + 4)
        if end == -1:
            return False
        if not silent:
            token = state.push("text", "", 0)
            token.content = "{{<" + src[pos + 4:end] + ">}}"
        state.pos = end + 4
        return True
    if src.startswith("{{<", pos):
        match = _SHORTCODE.match(src, pos)
        name = match.group(1) if match else src[pos + 3:pos + 23].strip()
        raise EngineError(f"Der Shortcode „{{{{< {name} … >}}}}“ wird nicht unterstützt; unterstützt ist nur "
                          "„{{< pagebreak >}}“ auf einer eigenen Zeile (siehe docs/engine.md).")
    return False


# --- core rules ------------------------------------------------------------------------------------------

def _quote_bare_percent(text: str) -> str:
    """pandoc allows ``width=80%``; for the attribute parser ``%`` starts a comment, so quote the value."""
    return _BARE_PERCENT.sub(r'\1="\2"', text)


def _quote_percentages(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and "%" in token.content and "{" in token.content:
            token.content = _ATTR_BLOCK.sub(lambda m: _quote_bare_percent(m.group(0)), token.content)


def _heading_attrs(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
            content, attrs = split_trailing_attrs(tokens[i + 1].content)
            if attrs:
                tokens[i + 1].content = content
                token.meta["attrs"] = attrs


def _table_caption(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "paragraph_open" and i + 2 < len(tokens) and tokens[i + 1].type == "inline":
            match = _CAPTION.match(tokens[i + 1].content)
            table = None
            if match and i + 3 < len(tokens) and tokens[i + 3].type == "table_open":
                table = tokens[i + 3]
            elif match and i > 0 and tokens[i - 1].type == "table_close":
                table = _table_open_for(tokens, i - 1)
            if table is not None and table.level == token.level:
                caption, attrs = split_trailing_attrs(match.group(1).strip())
                table.meta["caption"] = caption
                table.meta["attrs"] = attrs
                del tokens[i:i + 3]
                continue
        i += 1


def _table_open_for(tokens: list[Token], close_index: int) -> Token | None:
    depth = 0
    for j in range(close_index, -1, -1):
        if tokens[j].type == "table_close":
            depth += 1
        elif tokens[j].type == "table_open":
            depth -= 1
            if depth == 0:
                return tokens[j]
    return None


_UNSUPPORTED = [
    (re.compile(r"(?m)^\S.*\n: \S"), "Definitionslisten („Begriff“ + Zeile mit „: Erklärung“)"),
    (re.compile(r"\[-?@[\w:.-]+"), "Literaturverweise ([@schluessel])"),
    # only $$: "\(" and "\[" are escaped brackets in pandoc's Markdown (as in names from data), not formulas
    (re.compile(r"\$\$"), "Formeln ($$ … $$)"),
    (re.compile(r"(?<![\w^])\^[^\s^]+\^(?!\w)"), "Hochstellung (^text^)"),
]


def _warn_unsupported(state: StateCore) -> None:
    """pandoc syntax markdown-it reads as plain text: warn instead of silently printing the raw syntax."""
    warnings = state.env.setdefault("warnings", [])
    for token in state.tokens:
        if token.type != "inline":
            continue
        for pattern, what in _UNSUPPORTED:
            if pattern.search(token.content):
                message = (f"{state.env.get('source', '')}: {what} werden nicht unterstützt und erscheinen als "
                           f"Text: „{token.content[:60]}“")
                if message not in warnings:
                    warnings.append(message)


def _figure(state: StateCore) -> None:
    """A paragraph holding exactly one image (with a caption) becomes a ``figure`` token, as in pandoc."""
    tokens = state.tokens
    i = 0
    while i + 2 < len(tokens):
        if tokens[i].type == "paragraph_open" and tokens[i + 1].type == "inline" \
                and tokens[i + 2].type == "paragraph_close":
            children = [c for c in tokens[i + 1].children or [] if not (c.type == "text" and not c.content.strip())
                        and c.type != "softbreak"]
            if len(children) == 1 and children[0].type == "image" and children[0].children:
                figure = Token("figure", "figure", 0)
                figure.block = True
                figure.level = tokens[i].level
                figure.map = tokens[i].map
                figure.children = [children[0]]
                tokens[i:i + 3] = [figure]
        i += 1
