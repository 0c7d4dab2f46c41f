"""HTML rendering rules for the token stream prepared by :mod:`berichte.engine.markdown`.

German labels (callout titles, "Abbildung", "Tabelle", "Fußnoten"), cross-reference links, figures with
captions, tables with captions in a scrollable region, callouts, footnotes as endnotes, raw HTML blocks
and page breaks.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from .errors import EngineError
from .syntax import parse_attrs

CALLOUT_TITLES = {"note": "Hinweis", "tip": "Tipp", "warning": "Warnung", "important": "Wichtig",
                  "caution": "Vorsicht"}
FOOTNOTES_TITLE = "Fußnoten"

_XREF = re.compile(r"(?<![\w@.])@([Ff]ig|[Tt]bl|[Ss]ec)-([\w-]*\w)")
_UNIT_SPACE = re.compile(r"(?<=\d) (?=(?:%|‰|€|Prozentpunkte?\b))")  # "12,3 %" never breaks before "%"
_HTML_ATTRS = {"id", "class", "style", "title", "lang", "dir", "role", "width", "height"}


def class_list(attrs: dict) -> list[str]:
    return str(attrs.get("class", "")).split()


def _attrs_html(attrs: dict, extra_classes: list[str] | None = None) -> str:
    attrs = dict(attrs)
    classes = [*(extra_classes or []), *class_list(attrs)]
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
    label = env.get("xrefs", {}).get(target)
    if label is None:
        if target not in env.setdefault("missing_xrefs", set()):
            env["missing_xrefs"].add(target)
            env.setdefault("warnings", []).append(f"{env['source']}: Querverweis @{target} zeigt auf nichts (keine Abbildung, "
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
        raise EngineError(f"{env.get('source', '')}: Das Bild {shown} hat keinen Alternativtext. Bitte "
                          '![Beschriftung](datei.svg){fig-alt="Was die Grafik zeigt"} angeben.')


def _render_figure(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    image = token.children[0]
    caption_html = self.renderInline(image.children or [], options, env)
    caption_text = self.renderInlineAsText(image.children or [], options, env)
    src, attrs = _image_attrs(image, caption_text)
    _require_alt(src, attrs, env)
    figure_attrs = {"id": attrs.pop("id", "")} if attrs.get("id") else {}
    classes = class_list(attrs)
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
    classes = class_list(attrs)
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


RENDER_RULES = {
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
