"""The HTML page around a converted document: one Jinja2 template, embedded CSS, embedded images.

The page is self-contained: the stylesheet is inlined and every image is embedded as a ``data:`` URI in
an ``<img>`` (WeasyPrint draws SVG referenced from ``<img>`` several times faster than inline SVG). Nothing
is loaded from the network; external resources are rejected.
"""

from __future__ import annotations

import base64
import html as html_lib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2
from markupsafe import Markup

from .. import __version__
from .config import DocumentConfig, authors, format_date
from .errors import EngineError
from .convert import Converted, MarkdownConverter, TocEntry

_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".webp": "image/webp"}
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.I)
_EXTERNAL = re.compile(r'<(script|link|img|iframe|source|video|audio|embed|object|track)\b[^>]*?'
                       r'\b(?:src|href|data|srcset)\s*=\s*["\']?\s*(?:https?:)?//', re.I)
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=None)
def asset_text(name: str) -> str:
    """A stylesheet shipped with the package (read once per process)."""
    return resources.files("berichte").joinpath("assets", "engine", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def template_source() -> str:
    """The page template's text (part of every report's content hash)."""
    return resources.files("berichte").joinpath("templates", "engine", "page.html.j2").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.PackageLoader("berichte", "templates/engine"), autoescape=True,
                             trim_blocks=False, lstrip_blocks=False, undefined=jinja2.StrictUndefined)
    return env.get_template("page.html.j2")


@dataclass(frozen=True)
class PageInfo:
    """What the page shows about the document; also the source of the PDF metadata and running header."""

    title: str
    subtitle: str
    authors: tuple[str, ...]
    date: str
    lang: str
    description: str

    @property
    def head_title(self) -> str:
        return f"{self.title} – {self.subtitle}" if self.subtitle else self.title


def page_info(config: DocumentConfig, dynamic_meta: dict, converter: MarkdownConverter) -> PageInfo:
    meta = {**config.meta, **dynamic_meta}
    title = _plain(converter, meta.get("title") or "Bericht")
    subtitle = _plain(converter, meta.get("subtitle") or "")
    description = str(meta.get("description") or meta.get("abstract") or "").strip()
    return PageInfo(title, subtitle, tuple(authors(meta)), format_date(meta.get("date")), config.lang,
                    description or (f"{title}: {subtitle}" if subtitle else title))


def _inline_html(converter: MarkdownConverter, text) -> str:
    return converter.md.renderInline(str(text)).strip() if text else ""


def _plain(converter: MarkdownConverter, text) -> str:
    return _unescape(_TAGS.sub("", _inline_html(converter, text)))


def _unescape(text: str) -> str:
    return html_lib.unescape(text)


def css_string(text: str) -> str:
    """A Python string as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def page_css(info: PageInfo, mark: str | None = None) -> str:
    """The per-document part of the print style: running header and footer texts (a mark such as
    "Entwurf" goes in front of the footer text)."""
    left, right = css_string(info.title), css_string(info.subtitle)
    footer = " · ".join(info.authors)
    if mark:
        footer = f"{mark.upper()} · {footer}" if footer else mark.upper()
    return (f"@page {{ @top-left {{ content: {left}; }} @top-right {{ content: {right}; }} "
            f"@bottom-left {{ content: {css_string(footer)}; }} }}")


def mark_html(mark: str) -> str:
    """The mark as a banner at the top of the page and a watermark across every page (fixed position:
    repeated on every printed page); the watermark is decoration, the banner says it in words."""
    text = html_lib.escape(mark)
    return (f'<div class="mark-banner" role="note">{text}</div>\n'
            f'<div class="mark-watermark" aria-hidden="true">{text}</div>\n')


MARK_CSS = """
.mark-banner { background: #8a3b12; color: #fff; text-align: center; font-weight: 700; letter-spacing: .12em;
  text-transform: uppercase; padding: .35rem 1rem; position: sticky; top: 0; z-index: 10; }
.mark-watermark { position: fixed; top: 42%; left: 0; right: 0; text-align: center; font-size: 7rem; font-weight: 700;
  text-transform: uppercase; letter-spacing: .1em; color: rgba(138, 59, 18, .09); transform: rotate(-30deg);
  pointer-events: none; z-index: 5; }
@media print { .mark-banner { position: static; } }
"""


def add_mark(html: str, mark: str) -> str:
    """Put the mark into a finished page (e.g. one that Quarto wrote)."""
    style = f"<style>{MARK_CSS}</style>"
    head = html.lower().rfind("</head>")
    html = html[:head] + style + html[head:] if head >= 0 else style + html
    match = re.search(r"<body\b[^>]*>", html, re.I)
    if match is None:
        return mark_html(mark) + html
    return html[:match.end()] + "\n" + mark_html(mark) + html[match.end():]


def build_page(converted: Converted, config: DocumentConfig, info: PageInfo, converter: MarkdownConverter, *,
               embed_css: bool = True, edition: str | None = None, mark: str | None = None) -> str:
    meta = {**config.meta, **converted.meta}
    toc = _toc_items(converted.toc) if config.toc and converted.toc else []
    context = {
        "lang": info.lang,
        "head_title": info.head_title,
        "authors": list(info.authors),
        "description": info.description,
        "keywords": ", ".join(str(k) for k in meta.get("keywords") or []) if isinstance(meta.get("keywords"), list)
        else str(meta.get("keywords") or ""),
        "generator": f"berichte {__version__}",
        "css": Markup(asset_text("report.css")) if embed_css else "",
        "title_html": Markup(_inline_html(converter, meta.get("title") or info.title)),
        "subtitle_html": Markup(_inline_html(converter, meta.get("subtitle") or "")),
        "date": info.date,
        "edition": edition or "",
        "mark": Markup(mark_html(mark)) if mark else "",
        "mark_text": mark or "",
        "mark_css": Markup(MARK_CSS) if mark else "",
        "cover": Markup(converted.cover) if converted.cover else "",
        "toc": toc,
        "toc_title": config.toc_title,
        "published_title": config.published_title,
        "body": Markup(converted.body),
        "base_level": converted.base_level,
    }
    return _template().render(context)


def _toc_items(entries: list[TocEntry]) -> list[dict]:
    return [{"id": e.id, "number": e.number, "text": Markup(e.html), "children": _toc_items(e.children)}
            for e in entries]


def embed_images(html: str, search_dirs: list[Path], source: str = "") -> str:
    """Replace every local ``<img src>`` by a ``data:`` URI; reject images from the network."""
    cache: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        src = _unescape(match.group(2))
        if src.startswith("data:"):
            return match.group(0)
        if src not in cache:
            cache[src] = _data_uri(src, search_dirs, source)
        return match.group(1) + cache[src] + match.group(3)

    html = _IMG_SRC.sub(replace, html)
    external = _EXTERNAL.search(html)
    if external:
        snippet = external.group(0)[:120]
        raise EngineError(f"{source}: Das Dokument lädt eine Ressource aus dem Netz („{snippet}…“). Berichte müssen "
                          "ohne Netzzugriff lesbar sein: Bilder, Stile und Skripte bitte als lokale Dateien.")
    return html


def _data_uri(src: str, search_dirs: list[Path], source: str) -> str:
    parsed = urlparse(src)
    if parsed.scheme in ("http", "https") or src.startswith("//"):
        raise EngineError(f"{source}: Das Bild {src} liegt im Netz; Berichte dürfen nichts aus dem Netz laden. "
                          "Bitte die Datei lokal speichern und mit ihrem Pfad einbinden.")
    path_text = unquote(parsed.path) if parsed.scheme in ("", "file") else src
    path = Path(path_text)
    candidates = [path] if path.is_absolute() else [d / path for d in search_dirs]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        where = ", ".join(str(d) for d in search_dirs)
        raise EngineError(f"{source}: Die Bilddatei „{src}“ wurde nicht gefunden (gesucht in: {where}).")
    mime = _MIME.get(found.suffix.lower())
    if mime is None:
        raise EngineError(f"{source}: Das Bildformat von „{src}“ wird nicht unterstützt "
                          f"(möglich: {', '.join(sorted(_MIME))}).")
    data = base64.b64encode(found.read_bytes()).decode("ascii")
    return f"data:{mime};base64,{data}"

