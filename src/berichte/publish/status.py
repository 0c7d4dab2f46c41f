"""``berichte status``: which published reports the current data would change, and how. Writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .fingerprint import data_file_hashes
from .jobs import plan_jobs
from .manifest import Manifest
from .versions import diff_texts, previous_texts
from .worker import document_path, renderer, text_blocks


@dataclass
class StaleReport:
    title: str
    reason: str
    changes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Status:
    total: int
    stale: list[StaleReport]
    changed_files: list[str]
    documents: list[str] = field(default_factory=list)  # which report documents are used (own or shipped)
    warnings: list[str] = field(default_factory=list)  # damaged manifest, journal or ledger


def stale_reports(root: Path, output: Path, years: list[int] | None = None, engine: str = "auto") -> Status:
    from ..compute.results import compute
    from ..load.project import load_project
    from ..content.session import SESSION

    manifest = Manifest.load(output)
    now = data_file_hashes(root)
    changed = sorted(p for p in set(now) | set(manifest.data_files) if now.get(p) != manifest.data_files.get(p)) \
        if manifest.data_files else []
    from .ledger import load_snapshots

    project = load_project(root)
    warnings = list(manifest.warnings)
    results = compute(project, load_snapshots(output, project.table.values, warnings))  # as the build would
    SESSION.adopt(results)
    jobs = plan_jobs(results, years or [results.settings.report_year])
    render = renderer(Path(root).resolve(), engine)
    stale = []
    for job in jobs:
        entry = manifest.entries.get(job.id)
        if entry is None:
            stale.append(StaleReport(job.title, "noch nicht veröffentlicht"))
            continue
        if not manifest.intact(entry):
            stale.append(StaleReport(job.title, "veröffentlichte Datei fehlt oder wurde verändert"))
            continue
        prepared = render.prepare(document_path(Path(root).resolve(), job), job.params_for(root))
        if prepared.content_hash != entry.content_hash:
            changes = diff_texts(previous_texts(output, job), text_blocks(prepared.converted.body))
            reason = (f"{len(changes)} geänderte Aussagen oder Tabellenzeilen" if changes
                      else "geänderte Grafiken oder Gestaltung")
            stale.append(StaleReport(job.title, reason, changes))
    from ..load.documents import report_documents

    return Status(len(jobs), stale, changed, report_documents(root).describe(), warnings)
