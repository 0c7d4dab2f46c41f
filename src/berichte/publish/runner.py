"""``berichte build``: all reports of the configured year(s), in parallel, incremental and safe.

1. Load and validate the data (``check.check_data``, the check ``berichte pruefen`` runs; any error: stop
   before the output folder is created or touched).
2. Lock the output folder (a second build is refused).
3. If no input changed since the last complete build and all published files are there: done. Otherwise
   compute everything once, with the secondary suppression over everything published so far, and audit the
   secrecy (``check.check_publication``, as ``pruefen`` does; a withheld count that could be worked out: stop,
   nothing is written, a new output folder is removed again).
4. Render every report in worker processes (forked after step 3, so they share the computed results), or on
   a Dask cluster (``cluster.py``: connected before step 1, the results are sent to every worker once).
   A report is laid out again only if what it shows changed; a changed report becomes a new version
   ("Korrigierte Fassung"), the previous version goes to the archive.
5. Publish each finished report atomically and note it in the journal; a failing report keeps its
   previous version and is listed at the end. Ctrl-C or a crash leaves every published file intact.
6. Kennzahlen tables (CSV, XLSX) per year, the Datenbank page (``datenbank.html``: any Kennzahl, level and
   pair of years, offline; its embedded data checked against the published values), the index page, the
   correction log, the manifest.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .fingerprint import data_file_hashes, input_fingerprint
from .jobs import Job, plan_jobs
from .lock import BuildLock
from .manifest import Manifest
from .versions import Correction, publish, retire, write_correction_log
from .worker import Outcome, Previous, run_job


@dataclass
class BuildOptions:
    root: Path
    output: Path
    years: list[int] | None = None  # None: the report year from the settings
    key: str | None = None  # a single area: only its report
    jobs: int = 0  # worker processes; 0 = all cores
    formats: tuple[str, ...] = ("html", "pdf")
    engine: str = "auto"
    force: bool = False  # lay out every report again (same versions if unchanged)
    executor: str = "lokal"  # "lokal" (process pool) or a Dask scheduler address / "dask-lokal"
    draft: bool = False  # "--entwurf": reports marked "Entwurf" in a folder of their own; nothing is published

    def fingerprint_options(self) -> dict:
        return {"years": tuple(self.years or ()), "formats": self.formats, "engine": self.engine,
                "draft": self.draft}


@dataclass
class Summary:
    built: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    correction_log: Path | None = None
    retired: list = field(default_factory=list)  # manifest entries of reports no longer made (area renamed)
    seconds: float = 0.0
    up_to_date: bool = False
    interrupted: bool = False
    total: int = 0
    warnings: list[str] = field(default_factory=list)
    audit: object = None  # the secrecy audit (publish.audit.AuditReport) of this build
    documents: str = ""  # which report documents were used (the project's own or the shipped ones)


class Progress:
    """Callbacks for a progress display (the CLI shows a Rich progress bar); silent by default."""

    def start(self, total: int) -> None: ...

    def advance(self, outcome: Outcome) -> None: ...

    def stop(self) -> None: ...


def build(options: BuildOptions, progress: Progress | None = None) -> Summary:
    started = time.perf_counter()
    # A Dask cluster is checked (reachable, workers, versions) before anything is read or written.
    with _executor(options) as cluster:
        summary = _build(options, progress or Progress(), cluster, started)
        summary.warnings += getattr(cluster, "warnings", [])
        return summary


def _executor(options: BuildOptions):
    if options.executor == "lokal":
        from contextlib import nullcontext

        return nullcontext()
    from .cluster import ClusterSession

    return ClusterSession(options.executor, workers=options.jobs)


def _build(options: BuildOptions, progress: Progress, cluster, started: float) -> Summary:
    """Check the data, then under the lock: skip if up to date, else compute and audit → plan → render and
    publish → tables, index page and manifest."""
    from ..load.documents import report_documents
    from .check import check_data

    summary = Summary()
    summary.documents = report_documents(options.root).summary()
    output = options.output
    # The data are checked before the output folder is created or touched: a refused build leaves no trace.
    project = check_data(options.root)  # DataError: every problem with file and line, nothing is written
    created = not output.exists()
    try:
        return _build_locked(project, options, progress, cluster, started, summary)
    except BaseException:
        if created:
            _remove_empty_output(output)
        raise


def _build_locked(project, options: BuildOptions, progress: Progress, cluster, started: float,
                  summary: Summary) -> Summary:
    from .database import FILE_NAME as DATABASE_FILE

    output = options.output
    with BuildLock(output):
        manifest = Manifest.load(output)
        summary.warnings += manifest.warnings  # a damaged manifest or journal: everything is checked again
        _check_folder_kind(manifest, options)
        manifest.draft = options.draft
        fingerprint = input_fingerprint(options.root, options.fingerprint_options())
        if (options.key is None and not options.force and manifest.inputs == fingerprint and manifest.entries
                and all(manifest.intact(e) for e in manifest.entries.values())
                and (output / DATABASE_FILE).exists()):
            summary.up_to_date = True
            summary.total = len(manifest.entries)
            summary.seconds = time.perf_counter() - started
            return summary
        results = _compute_and_audit(project, options, summary)
        years = options.years or [results.project.settings.report_year]
        jobs = _plan(results, years, options, summary)
        check_targets(jobs, years, options)  # any path outside the output folder: stop before writing anything
        page = None
        if options.key is None:  # checked before anything is published, like the secrecy audit
            from .database import checked_data

            page = checked_data(results)
        _render_and_publish(jobs, manifest, options, cluster, progress, summary)
        if options.key is None:  # an area renamed or removed: its old report is no longer current
            summary.retired = retire(manifest, {job.id for job in jobs}, years)
        summary.correction_log = write_correction_log(output, summary.corrections, dt.datetime.now(),
                                                      [] if options.draft else summary.retired)
        if not options.draft and (summary.built or options.key is None):
            from .ledger import record_snapshot

            record_snapshot(output, results.published_counts)
        if options.key is None:
            _publish_tables(results, years, manifest, output)
            from .database import write_database

            write_database(page, manifest, output, draft=options.draft)
        from .index_page import write_index

        write_index(manifest, results.project.settings, output)
        complete = options.key is None and not summary.failed
        manifest.inputs = fingerprint if complete else ""
        manifest.data_files = data_file_hashes(options.root) if complete else manifest.data_files
        manifest.save()
    summary.seconds = time.perf_counter() - started
    return summary


def _remove_empty_output(output: Path) -> None:
    """After a refused build into a new output folder: remove the folder again if it holds nothing but the
    (released, unheld) lock file, so that a failed first build leaves no empty ``_output/`` behind."""
    import fcntl

    from .lock import LOCK_NAME

    lock = output / LOCK_NAME
    try:
        if {p.relative_to(output) for p in output.rglob("*")} - {Path(LOCK_NAME), lock.parent.relative_to(output)}:
            return
        if lock.exists():
            with open(lock, "a+") as handle:  # another build may have started in the meantime: keep its lock
                fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                lock.unlink()
        lock.parent.rmdir()
        output.rmdir()
    except OSError:
        pass


def _compute_and_audit(project, options: BuildOptions, summary: Summary):
    """Compute everything once with the secondary suppression over all versions published so far, and audit
    the secrecy before publishing (:func:`berichte.publish.check.check_publication`, as ``pruefen`` does)."""
    from ..content.session import SESSION
    from ..load.documents import name_conflicts
    from .check import check_publication

    summary.warnings += [f"{path.name}: {message}" for path, message in
                         name_conflicts(project.root, project.settings.publisher)]
    data_warnings = len(project.problems.warnings)
    if data_warnings:
        summary.warnings.append(f"{data_warnings} Warnung{'en' if data_warnings != 1 else ''} zu Daten und "
                                "Einstellungen (anzeigen mit: berichte pruefen).")
    # Secrecy: suppression over all versions published so far, then the audit; if a withheld count
    # could be worked out from what would be published, nothing is published (BerichteError). A draft
    # follows the versions published in the default output folder, so it shows what publishing would.
    published = Path(options.root) / "_output" if options.draft else options.output
    ledger_warnings: list[str] = []
    results, summary.audit = check_publication(project, published, ledger_warnings)
    summary.warnings += ledger_warnings
    SESSION.adopt(results)  # before the worker processes start: they inherit it
    return results


def _plan(results, years: list[int], options: BuildOptions, summary: Summary) -> list[Job]:
    """The reports to build (all, or the one area of ``--gebiet``), with a warning for each omission."""
    from ..content.omissions import omissions

    summary.warnings += [o.warning() for year in years for o in omissions(results, year)]
    jobs = plan_jobs(results, years, options.key)
    if options.key is not None and not jobs:
        from ..problems import BerichteError

        raise BerichteError(f"Für das Gebiet „{options.key}“ gibt es keinen Bericht: unbekannter Schlüssel.")
    summary.total = len(jobs)
    return jobs


def _render_and_publish(jobs: list[Job], manifest: Manifest, options: BuildOptions, cluster, progress: Progress,
                        summary: Summary) -> None:
    """Render the reports and publish each as it finishes; on Ctrl-C or a crash what finished stays
    published and recorded (the manifest forgets the inputs, so the next build checks everything)."""
    from ..engine.config import format_date

    today = dt.date.today()
    date_text = format_date(today)
    progress.start(len(jobs))
    try:
        for outcome in _run(jobs, manifest, options, date_text, cluster):
            _collect(outcome, manifest, summary, today)
            progress.advance(outcome)
    except KeyboardInterrupt:
        summary.interrupted = True
    except BaseException:
        manifest.inputs = ""
        manifest.save()  # what was published stays recorded, an interrupted report is settled from disk
        raise
    finally:
        progress.stop()
        if summary.interrupted:
            manifest.inputs = ""
            manifest.save()  # what finished is published; the journal is folded in
    if summary.interrupted:
        raise KeyboardInterrupt


DRAFT_FOLDER = "_entwurf"


def check_targets(jobs: list[Job], years: list[int], options: BuildOptions) -> None:
    """Every file this build may write, resolved, must lie inside the output folder and must not be a device,
    pipe or folder (:func:`berichte.atomic.target`); otherwise the build stops before it writes anything."""
    from .. import atomic
    from .ledger import ledger_dir
    from .manifest import Manifest
    from .versions import ARCHIVE, CORRECTIONS, texts_path

    output = options.output
    from .database import FILE_NAME as DATABASE_FILE

    paths = [output / "index.html", output / DATABASE_FILE, output / CORRECTIONS / "korrektur.md",
             ledger_dir(output) / "stand.npz"]
    state = Manifest(output)
    paths += [state.path, state.journal]
    for job in jobs:
        paths.append(texts_path(output, job))
        for fmt in options.formats:
            paths += [output / job.path(fmt), output / ARCHIVE / str(job.year) / f"{job.stem}-fassung1.{fmt}"]
    for year in years:
        paths += [output / str(year) / f"kennzahlen-{year}.{fmt}" for fmt in ("csv", "xlsx")]
    atomic.check(paths, inside=output)


def _check_folder_kind(manifest: Manifest, options: BuildOptions) -> None:
    """Drafts and publications never share a folder: a draft must not replace a published report, and a
    publication must not start its versions from drafts."""
    from ..problems import BerichteError

    if not manifest.entries or manifest.draft == options.draft:
        return
    if options.draft:
        raise BerichteError(f"Der Ordner „{options.output}“ enthält veröffentlichte Berichte. Entwürfe werden in "
                            f"einen eigenen Ordner geschrieben (Voreinstellung: {DRAFT_FOLDER}); bitte --ausgabe "
                            "weglassen oder einen anderen Ordner wählen.")
    raise BerichteError(f"Der Ordner „{options.output}“ enthält Entwürfe (berichte build --entwurf). "
                        "Veröffentlicht wird in einen eigenen Ordner (Voreinstellung: _output); bitte einen "
                        "anderen Ordner wählen.")


def _collect(outcome: Outcome, manifest: Manifest, summary: Summary, today: dt.date) -> None:
    if outcome.status == "fehler":
        summary.failed.append(outcome)
        return
    if outcome.status == "unverändert":
        summary.unchanged.append(outcome)
        return
    correction = publish(outcome, manifest, today)
    if correction is not None:
        summary.corrections.append(correction)
    summary.built.append(outcome)


def _previous(manifest: Manifest, job: Job, formats) -> Previous | None:
    entry = manifest.entries.get(job.id)
    if entry is None:
        return None
    intact = manifest.intact(entry) and set(formats) <= set(entry.files)
    return Previous(entry.content_hash, entry.version, intact)


def _run(jobs: list[Job], manifest: Manifest, options: BuildOptions, date_text: str, cluster=None):
    """Yield outcomes as reports finish: in this process for one worker, else in a process pool, or on the
    Dask cluster of the open session ``cluster``."""
    root = Path(options.root).resolve()
    workers = options.jobs or os.cpu_count() or 1
    workers = max(1, min(workers, len(jobs)))
    force = options.force or options.key is not None  # "--gebiet": regenerate that report in any case
    arguments = [(job, _previous(manifest, job, options.formats), root, options.engine, options.formats,
                  date_text, force, options.draft) for job in jobs]
    if options.executor != "lokal":
        from .cluster import run_on_cluster

        yield from run_on_cluster(arguments, cluster if cluster is not None else options.executor)
        return
    if workers == 1:
        for args in arguments:
            yield run_job(*args)
        return
    yield from _run_in_pool(arguments, workers)


def _run_in_pool(arguments: list[tuple], workers: int):
    """Yield outcomes from a local process pool; the reports of a worker that died are retried in a fresh
    pool, twice at most."""
    context = multiprocessing.get_context("fork")  # workers inherit the computed results
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pending: dict = {}
    queue = list(arguments)
    crashes: dict[str, int] = {}
    try:
        while queue or pending:
            lost = None
            try:
                while queue and len(pending) < workers * 2:
                    args = queue.pop(0)
                    try:
                        pending[pool.submit(run_job, *args)] = args
                    except BrokenProcessPool:
                        queue.insert(0, args)
                        raise
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    args = pending.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        pending[future] = args
                        raise
                    yield outcome
            except BrokenProcessPool:
                lost = list(pending.values())
                pending = {}
            if lost is not None:
                # A worker died (killed, out of memory): retry its reports in a fresh pool, twice at most.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
                retry = []
                for args in lost:
                    job = args[0]
                    crashes[job.id] = crashes.get(job.id, 0) + 1
                    if crashes[job.id] > 2:
                        yield Outcome(job, "fehler", error="Der Arbeitsprozess ist beim Erzeugen dieses Berichts "
                                                           "wiederholt abgebrochen (Speicher? Absturz?).")
                    else:
                        retry.append(args)
                queue = retry + queue
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _publish_tables(results, years: list[int], manifest: Manifest, output: Path) -> None:
    """The Kennzahlen tables per year (CSV and XLSX), rewritten only when their content changed."""
    import hashlib

    from .. import atomic
    from .export import kennzahlen_frame, to_csv_bytes, to_xlsx_bytes

    for year in years:
        table, meta = kennzahlen_frame(results, year)
        csv_bytes = to_csv_bytes(table, meta)
        digest = hashlib.sha256(csv_bytes).hexdigest()
        base = output / str(year) / f"kennzahlen-{year}"
        if manifest.tables.get(str(year)) == digest and base.with_suffix(".csv").exists() \
                and base.with_suffix(".xlsx").exists():
            continue
        atomic.write_bytes(base.with_suffix(".csv"), csv_bytes, inside=output)
        atomic.write_bytes(base.with_suffix(".xlsx"), to_xlsx_bytes(results, table, meta), inside=output)
        manifest.record_table(str(year), digest)
