"""Writing a finished report into the output folder: archive the previous version, write atomically, record.

A corrected report replaces the published one only after the previous version has been copied to
``archiv/<jahr>/<stamm>-fassung<N>.<format>`` (idempotent: an interrupted build that is repeated does not
archive twice). The readable text of every published report is kept in ``.berichte/texte/`` so that the
correction log can name the sentences and table rows whose wording or numbers changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic
from ..formatting import number
from .jobs import Job
from .manifest import STATE_DIR, Entry, Manifest
from .worker import Outcome

ARCHIVE = "archiv"
CORRECTIONS = "korrekturen"


def texts_path(output: Path, job: Job) -> Path:
    return output / STATE_DIR / "texte" / str(job.year) / f"{job.stem}.json"


def previous_texts(output: Path, job: Job) -> list[str]:
    """The readable text of the published version (empty if missing or not a list of texts)."""
    from .manifest import regular_file_inside

    path = texts_path(output, job)
    if not regular_file_inside(output, path):
        return []
    try:
        texts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return []
    return texts if isinstance(texts, list) and all(isinstance(t, str) for t in texts) else []


@dataclass
class Correction:
    job: Job
    version: int
    changes: list[tuple[str, str]] = field(default_factory=list)  # (old, new); "" for added/removed


def publish(outcome: Outcome, manifest: Manifest, today: dt.date) -> Correction | None:
    """Write the outcome's files and record them; returns the correction if it replaced a published version."""
    job, output = outcome.job, manifest.output
    old = manifest.entries.get(job.id)
    correction = None
    if outcome.status == "korrigiert" and old is not None:
        for fmt, info in old.files.items():
            source = output / info["path"]  # checked by the manifest's schema: "<jahr>/<stamm>.<format>"
            target = output / ARCHIVE / str(job.year) / f"{job.stem}-fassung{old.version}.{fmt}"
            if source.exists() and not target.exists():
                atomic.copy(source, target, inside=output)  # never from or to outside the output folder
        correction = Correction(job, outcome.version, diff_texts(previous_texts(output, job), outcome.texts))
    files = {fmt: {"path": job.path(fmt), "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
             for fmt, data in outcome.files.items()}
    if manifest.draft:  # drafts are never published: no dates, no versions
        published, corrected = "", ""
    else:
        published = old.published if old is not None and old.published else today.isoformat()
        corrected = today.isoformat() if outcome.status == "korrigiert" else (old.corrected if old else "")
    entry = Entry(job.id, job.kind, job.key, job.year, job.comparison, job.title, job.area, job.level,
                  outcome.content_hash, outcome.version, published, corrected, files)
    manifest.begin(entry)  # write-ahead: an interruption from here on is resolved from the files on disk
    for fmt, data in outcome.files.items():
        atomic.write_bytes(output / files[fmt]["path"], data, inside=output)
    atomic.write_text(texts_path(output, job), json.dumps(outcome.texts, ensure_ascii=False), inside=output)
    manifest.record(entry)
    return correction


def retire(manifest: Manifest, current: set[str], years: list[int]) -> list[Entry]:
    """Reports of ``years`` that this build no longer makes (an area renamed or removed: its file name
    changed) stop being current: their files move to the archive (``archiv/<jahr>/<stamm>-fassung<N>``; a
    draft's are just removed) and their entries leave the manifest, so the index page lists only what is
    current. Returns the retired entries."""
    import os

    output = manifest.output
    retired = []
    for entry in sorted(manifest.entries.values(), key=lambda e: e.id):
        if entry.year not in years or entry.id in current:
            continue
        stem = entry.id.split("/", 1)[1]
        for fmt, info in entry.files.items():
            source = output / info["path"]  # checked by the manifest's schema: "<jahr>/<stamm>.<format>"
            target = output / ARCHIVE / str(entry.year) / f"{stem}-fassung{entry.version}.{fmt}"
            if not manifest.draft and source.is_file() and not target.exists():
                atomic.copy(source, target, inside=output)
        for info in entry.files.values():
            path = output / info["path"]
            if path.is_file() and atomic.contains(output, path):
                os.unlink(path)
        texts = output / STATE_DIR / "texte" / f"{entry.id}.json"
        if texts.is_file() and atomic.contains(output, texts):
            os.unlink(texts)
        del manifest.entries[entry.id]
        retired.append(entry)
    return retired


def diff_texts(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Changed text blocks as (old, new) pairs; an added block has old "", a removed one new ""."""
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        for k in range(max(len(before), len(after))):
            changes.append((before[k] if k < len(before) else "", after[k] if k < len(after) else ""))
    return changes


def write_correction_log(output: Path, corrections: list[Correction], now: dt.datetime,
                         retired: list[Entry] = ()) -> Path | None:
    """A readable log of this build's corrections (Markdown and HTML) in ``korrekturen/``, with the reports
    that are no longer current (``retired``: area renamed or removed)."""
    if not corrections and not retired:
        return None
    from babel.dates import format_datetime

    stamp = now.strftime("%Y-%m-%d-%H%M%S")
    when = format_datetime(now, "d. MMMM y, HH:mm 'Uhr'", locale="de_DE")
    lines = [f"# Korrekturprotokoll vom {when}", ""]
    if corrections:
        lines += [_changed_sentence(len(corrections)), ""]
    for c in sorted(corrections, key=lambda c: c.job.id):
        lines += [f"## {c.job.title} (jetzt Fassung {c.version})", "",
                  f"Datei: `{c.job.path('pdf')}`, vorherige Fassung: "
                  f"`{ARCHIVE}/{c.job.year}/{c.job.stem}-fassung{c.version - 1}.pdf`", ""]
        if not c.changes:
            lines += ["Geändert haben sich nur Grafiken oder die Gestaltung, kein Text und keine Tabellenzeile.", ""]
        for old, new in c.changes:
            if old and new:
                lines += [f"- bisher: {old}", f"  neu: {new}"]
            elif new:
                lines += [f"- neu hinzugekommen: {new}"]
            else:
                lines += [f"- entfallen: {old}"]
        lines.append("")
    if retired:
        lines += ["## Nicht mehr aktuell", "", "Diese Berichte werden nicht mehr erzeugt, weil das Gebiet umbenannt "
                  "oder aus der Gebietsliste entfernt wurde. Die letzte Fassung liegt im Ordner „archiv“.", ""]
        lines += [f"- {e.title}: `{_retired_path(e, 'pdf' if 'pdf' in e.files else 'html')}`" for e in retired]
        lines.append("")
    text = "\n".join(lines)
    path = output / CORRECTIONS / f"korrektur-{stamp}.md"
    atomic.write_text(path, text, inside=output)
    atomic.write_text(path.with_suffix(".html"), _log_html(corrections, when, retired), inside=output)
    return path


def _changed_sentence(count: int) -> str:
    if count == 1:
        return ("Ein veröffentlichter Bericht hat sich durch die Datenkorrektur geändert. "
                "Die vorherige Fassung liegt im Ordner „archiv“.")
    return (f"{number(count)} veröffentlichte Berichte haben sich durch die Datenkorrektur geändert. "
            "Die vorherigen Fassungen liegen im Ordner „archiv“.")


def _retired_path(entry: Entry, fmt: str) -> str:
    return f"{ARCHIVE}/{entry.year}/{entry.id.split('/', 1)[1]}-fassung{entry.version}.{fmt}"


def _log_html(corrections: list[Correction], when: str, retired: list[Entry] = ()) -> str:
    from html import escape

    parts = [f"<h1>Korrekturprotokoll vom {escape(when)}</h1>"]
    if corrections:
        parts.append(f"<p>{escape(_changed_sentence(len(corrections)))}</p>")
    for c in sorted(corrections, key=lambda c: c.job.id):
        parts.append(f"<h2>{escape(c.job.title)} (jetzt Fassung {c.version})</h2>")
        parts.append(f'<p><a href="../{escape(c.job.path("pdf"))}">aktuelle Fassung (PDF)</a> · '
                     f'<a href="../{ARCHIVE}/{c.job.year}/{escape(c.job.stem)}-fassung{c.version - 1}.pdf">'
                     f"vorherige Fassung (PDF)</a></p>")
        if not c.changes:
            parts.append("<p>Geändert haben sich nur Grafiken oder die Gestaltung, kein Text und keine "
                         "Tabellenzeile.</p>")
            continue
        parts.append("<table><thead><tr><th scope='col'>bisher</th><th scope='col'>neu</th></tr></thead><tbody>")
        for old, new in c.changes:
            parts.append(f"<tr><td>{escape(old) or '–'}</td><td>{escape(new) or '–'}</td></tr>")
        parts.append("</tbody></table>")
    if retired:
        parts.append("<h2>Nicht mehr aktuell</h2><p>Diese Berichte werden nicht mehr erzeugt, weil das Gebiet "
                     "umbenannt oder aus der Gebietsliste entfernt wurde. Die letzte Fassung liegt im Ordner "
                     "„archiv“.</p><ul>")
        for e in retired:
            fmt = "pdf" if "pdf" in e.files else "html"
            parts.append(f'<li>{escape(e.title)}: <a href="../{escape(_retired_path(e, fmt))}">letzte Fassung '
                         f"({fmt.upper()})</a></li>")
        parts.append("</ul>")
    style = ("body{font-family:'Open Sans',system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
             "color:#1d2227;line-height:1.45}h1{color:#1d4f6c}table{border-collapse:collapse;width:100%}"
             "td,th{border-bottom:1px solid #ccd5dc;padding:.35rem .5rem;vertical-align:top;text-align:left}"
             "th{background:#eef2f5}")
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Korrekturprotokoll</title><style>{style}</style>'
            f"</head><body><main>{''.join(parts)}</main></body></html>")
