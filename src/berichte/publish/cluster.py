"""Rendering the reports of a build on a Dask cluster (``berichte build --cluster tcp://HOST:8786 | lokal``).

Design (see README.md, "Auf mehreren Rechnern rechnen (Dask)"):

* The client (the machine with the project folder) loads, validates and computes everything once, as for
  the local process pool. Before a single file is written, :class:`ClusterSession` checks that the
  scheduler is reachable, has workers and that they run the same berichte version.
* What the workers need is put into one :class:`WorkerContext` and sent to every worker once with
  ``client.scatter(..., broadcast=True)``: the computed results (without the raw delivered counts, which no
  document reads) and the few project files a document reads while it runs: ``reports/``, ``_quarto.yml``,
  the text templates in ``vorlagen/`` and the small files of ``data/`` (settings, areas, catalogue, map
  geometry) but not the counts in ``data/zahlen/``. Each worker process writes these files once into a
  private folder below its Dask scratch directory and registers the results for that folder with
  :mod:`berichte.content.session`, so the documents run exactly as in a local build. No shared file system.
* One task per report (``client.submit(..., pure=False, retries=2)``); each returns the
  :class:`~berichte.publish.worker.Outcome` with the finished files as bytes. The client takes them as they
  complete (``as_completed``), and the runner publishes them atomically and drives the progress bar. A
  worker that dies is replaced by Dask, its reports are computed again elsewhere; nothing is written by
  workers, so nothing can be half-written.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..problems import BerichteError
from .worker import Outcome, run_job

DEFAULT_PORT = 8786
CONNECT_TIMEOUT = float(os.environ.get("BERICHTE_CLUSTER_TIMEOUT", "5"))  # seconds, for the scheduler
WORKER_TIMEOUT = float(os.environ.get("BERICHTE_CLUSTER_WORKER_TIMEOUT", "30"))  # seconds, for a first worker
LOCAL = "dask-lokal"
INSTALL_HINT = 'pip install "berichte[cluster]"'
SHIPPED_FOLDERS = ("reports", "vorlagen")  # below the project folder, with every file in them
SKIPPED_PARTS = {"__pycache__", ".quarto", "_freeze", ".ipynb_checkpoints"}


class ClusterError(BerichteError):
    """The cluster cannot be used (not reachable, no workers, other versions); nothing was written."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ClusterError("Für --cluster wird Dask benötigt, es ist aber nicht installiert. Installieren Sie es "
                           f"mit: {INSTALL_HINT}") from None
    return distributed


def scheduler_address(text: str) -> str:
    """``tcp://host:8786``, ``host:8786`` or ``host`` (port 8786) → ``tcp://host:port``; other schemes: error."""
    text = text.strip()
    raw = text if "://" in text else f"tcp://{text}"
    parts = urlsplit(raw)
    if parts.scheme not in ("tcp", "tls"):
        raise ClusterError(f"Ungültige Cluster-Adresse „{text}“: erwartet wird tcp://RECHNER:PORT (z. B. "
                           "tcp://rechner1:8786) oder „lokal“.")
    try:
        host, port = parts.hostname, parts.port or DEFAULT_PORT
    except ValueError:
        host, port = None, None
    if not host or parts.path not in ("", "/") or parts.query:
        raise ClusterError(f"Ungültige Cluster-Adresse „{text}“: erwartet wird tcp://RECHNER:PORT (z. B. "
                           "tcp://rechner1:8786) oder „lokal“.")
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}:{port}"


def _check_reachable(address: str, timeout: float) -> None:
    """A plain TCP connection to the scheduler, so that an unreachable one fails fast and without noise."""
    parts = urlsplit(address)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout):
            pass
    except socket.gaierror:
        raise ClusterError(f"Der Dask-Scheduler {address} ist nicht erreichbar: der Rechnername „{parts.hostname}“ "
                           "ist unbekannt. Ist er richtig geschrieben? Es wurde nichts geschrieben.") from None
    except ConnectionRefusedError:
        reason = f"auf Port {parts.port} nimmt niemand Verbindungen an"
    except (TimeoutError, socket.timeout):
        reason = f"keine Antwort nach {timeout:g} s"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    else:
        return
    raise ClusterError(f"Der Dask-Scheduler {address} ist nicht erreichbar: {reason}. Läuft dort „dask scheduler“, "
                       "und lässt die Firewall den Port durch? Es wurde nichts geschrieben.")


def _check_scheduler(address: str, timeout: float) -> None:
    """Ask the process behind the port who it is (bounded in time: a Dask client alone would wait forever on
    a port where some other service answers)."""
    import asyncio

    from distributed.comm import connect
    from distributed.security import Security

    arguments = Security().get_connection_args("client")  # TLS certificates from the Dask configuration

    async def identity():
        comm = await connect(address, timeout=timeout, **arguments)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        info = asyncio.run(asyncio.wait_for(identity(), timeout))
    except (OSError, TimeoutError, asyncio.TimeoutError, ValueError, TypeError) as exc:
        info = {"error": str(exc) or type(exc).__name__}
    if not isinstance(info, dict) or info.get("type") != "Scheduler":
        raise ClusterError(f"Unter {address} antwortet kein Dask-Scheduler (keine passende Antwort nach "
                           f"{timeout:g} s). Stimmt der Port (Voreinstellung {DEFAULT_PORT})? Es wurde nichts "
                           "geschrieben.")


class ClusterSession:
    """A connection to a Dask scheduler, or a ``LocalCluster`` started on demand, for one build."""

    def __init__(self, executor: str, workers: int = 0, timeout: float | None = None):
        self.local = executor == LOCAL
        self.address = None if self.local else scheduler_address(executor)
        self.workers = workers or os.cpu_count() or 1
        self.timeout = CONNECT_TIMEOUT if timeout is None else timeout
        self.cluster = None
        self.warnings: list[str] = []  # for the build summary
        self._client = None

    def __enter__(self) -> "ClusterSession":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        """Check everything a build on the cluster needs, before anything is written."""
        _distributed()
        if not self.local:
            self._client = self._connect()

    def _connect(self):
        from distributed import Client

        _check_reachable(self.address, self.timeout)
        _check_scheduler(self.address, self.timeout)
        try:
            client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"Der Dask-Scheduler {self.address} antwortet nicht wie ein Dask-Scheduler "
                               f"({exc}). Es wurde nichts geschrieben.") from None
        try:
            try:
                client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
            except (TimeoutError, OSError):
                raise ClusterError(f"Am Dask-Scheduler {self.address} hat sich nach {WORKER_TIMEOUT:g} s noch kein "
                                   "Worker angemeldet. Starten Sie auf den Rechenknoten „dask worker "
                                   f"{self.address} --nthreads 1“. Es wurde nichts geschrieben.") from None
            _check_versions(client, self.address)
            threads = sorted({w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()})
            if threads and threads[-1] > 1:
                self.warnings.append(
                    f"Dask-Worker mit {threads[-1]} Threads: berichte erzeugt je Worker-Prozess nur einen Bericht "
                    "zugleich. Starten Sie die Worker mit „dask worker … --nthreads 1 --nworkers N“ (N = Zahl der "
                    "Prozessorkerne), sonst bleiben Kerne ungenutzt.")
        except BaseException:
            client.close()
            raise
        return client

    @property
    def client(self):
        if self._client is None:
            from distributed import Client, LocalCluster

            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self.cluster, set_as_default=False)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def run(self, arguments: list[tuple]) -> Iterator[Outcome]:
        """Render every report (``arguments`` as for :func:`~berichte.publish.worker.run_job`) on the cluster;
        yields the outcomes in the order they finish."""
        if not arguments:
            return
        from distributed import as_completed

        from ..content.session import SESSION

        client = self.client
        root = Path(arguments[0][2])
        context = WorkerContext.create(SESSION.results(root), root, [args[0] for args in arguments])
        shipped = client.scatter(context, broadcast=True, hash=False)
        del context
        jobs = {}
        futures = []
        for job, previous, _root, engine, formats, date_text, force, draft in arguments:
            future = client.submit(render_on_worker, shipped, job, previous, engine, formats, date_text, force, draft,
                                   key=f"bericht-{job.year}-{job.stem}-{uuid.uuid4().hex[:8]}", pure=False,
                                   retries=2)
            jobs[future.key] = job
            futures.append(future)
        completed = as_completed(futures, loop=client.loop, with_results=True, raise_errors=False)
        del futures  # only ``completed`` holds them: a delivered result is released on the workers at once
        try:
            for future, result in completed:
                job = jobs.pop(future.key)
                if future.status == "error":  # (type, exception, traceback)
                    result = result[1]
                future.release()
                yield result if isinstance(result, Outcome) else _failure(job, result)
        finally:
            try:
                if jobs:  # interrupted: stop what is still queued or running
                    client.cancel(list(completed.futures), force=True)
                completed.clear()
                shipped.release()
            except Exception:  # the client is already closed: the scheduler forgets the tasks anyway
                pass


def _failure(job, error: BaseException) -> Outcome:
    from distributed import KilledWorker

    if isinstance(error, KilledWorker):
        message = ("Die Dask-Worker sind beim Erzeugen dieses Berichts wiederholt abgebrochen (Speicher? Absturz?).")
    else:
        message = f"Fehler auf dem Dask-Cluster: {type(error).__name__}: {error}"
    return Outcome(job, "fehler", error=message)


def _check_versions(client, address: str) -> None:
    from .. import __version__

    versions = client.get_versions(packages=["berichte"])
    others = {}
    for worker, info in (versions.get("workers") or {}).items():
        version = (info.get("packages") or {}).get("berichte")
        if version != __version__:
            others[worker] = version
    if others:
        worker, version = sorted(others.items())[0]
        found = f"Version {version}" if version else "kein berichte"
        raise ClusterError(f"Auf {len(others)} Dask-Worker(n) am Scheduler {address} ist {found} installiert "
                           f"(z. B. {worker}), hier Version {__version__}. Alle Rechenknoten brauchen dieselbe "
                           f"Version ({INSTALL_HINT}). Es wurde nichts geschrieben.")


def run_on_cluster(arguments: list[tuple], cluster: "str | ClusterSession") -> Iterator[Outcome]:
    """Outcomes of all reports rendered on a Dask cluster: ``cluster`` is an open session, a scheduler
    address (``tcp://host:8786``) or ``"dask-lokal"`` for a ``LocalCluster`` on this machine."""
    if isinstance(cluster, ClusterSession):
        yield from cluster.run(arguments)
        return
    with ClusterSession(cluster) as session:
        yield from session.run(arguments)


# --- what the workers get ----------------------------------------------------------------------------------
@dataclasses.dataclass
class WorkerContext:
    """Everything a worker needs to render the reports of one build, sent to every worker once."""

    token: str
    version: str
    results: object  # berichte.compute.results.Results, without the raw counts
    files: dict[str, bytes]  # project-relative POSIX path → content

    @classmethod
    def create(cls, results, root: Path, jobs) -> "WorkerContext":
        from .. import __version__

        _prepare(results, jobs)
        return cls(uuid.uuid4().hex, __version__, light_results(results), project_files(results, root))


def _prepare(results, jobs) -> None:
    """Compute on the client what every report of these jobs asks for, so workers need not do it again."""
    for year, comparison in sorted({(job.year, job.comparison) for job in jobs}):
        results.comparison(year, comparison)
    results.published_counts  # noqa: B018 (computed once, kept with the results)
    for year in sorted({job.year for job in jobs}):
        for level in results.sozialindex_levels():
            results.sozialindex(year, level)


def light_results(results):
    """A shallow copy of the results without what no document reads: the counts as delivered (with their
    provenance; the aggregated count table stays). What was computed for the jobs (comparisons, Sozialindex,
    published counts) goes along; the statement facts (with template environments) are built on the worker."""
    light = results.without_memo(keep=lambda key: key[0] != "statement_facts")
    light.project = dataclasses.replace(results.project, counts=results.project.counts.iloc[:0])
    return light


def project_files(results, root: Path) -> dict[str, bytes]:
    """The project files a document may read while it runs (not the counts: they are in the results)."""
    settings = results.project.settings
    root = Path(root).resolve()
    paths = [p for p in root.glob("_quarto.y*ml") if p.is_file()]
    for folder in SHIPPED_FOLDERS:
        base = root / folder
        if base.is_dir():
            paths += [p for p in sorted(base.rglob("*")) if p.is_file()
                      and not SKIPPED_PARTS & set(p.relative_to(base).parts)]
    data_dir = Path(settings.data_dir).resolve()
    from ..load.settings import SETTINGS_FILE, SINGLE_FILES

    small = [data_dir / SETTINGS_FILE] + [settings.path(name) for name in SINGLE_FILES]
    paths += [p.resolve() for p in small if p.is_file()]
    files = {}
    for path in paths:
        try:
            relative = path.resolve().relative_to(root).as_posix()
        except ValueError:  # outside the project folder: not reachable under the same name on a worker
            continue
        files[relative] = path.read_bytes()
    return files


_CONTEXTS: OrderedDict[str, Path] = OrderedDict()  # token → project folder on this worker
_KEEP = 2  # contexts (builds) kept per worker process
_LOCK = threading.Lock()  # one report at a time per process: cells change the working folder


def render_on_worker(context: WorkerContext, job, previous, engine, formats, date_text, force,
                     draft: bool = False) -> Outcome:
    """The task: one report, rendered in the worker process's local copy of the project."""
    with _LOCK:
        from .. import __version__

        if context.version != __version__:
            return Outcome(job, "fehler", error=f"Auf dem Dask-Worker ist berichte {__version__} installiert, auf "
                                                f"dem Rechner mit dem Projekt {context.version}.")
        root = _materialise(context)
        return run_job(job, previous, root, engine, formats, date_text, force, draft)


def _materialise(context: WorkerContext) -> Path:
    """This worker's project folder for the context: files written and results registered, once."""
    if context.token in _CONTEXTS:
        _CONTEXTS.move_to_end(context.token)
        return _CONTEXTS[context.token]
    import shutil
    import tempfile

    from ..content.session import SESSION

    try:
        from distributed import get_worker

        base = Path(get_worker().local_directory)
    except (ImportError, ValueError):
        base = Path(tempfile.gettempdir())
    root = Path(tempfile.mkdtemp(prefix=f"berichte-{context.token[:12]}-", dir=base)).resolve()
    for relative, data in context.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "data").mkdir(exist_ok=True)
    SESSION.adopt(rebased(context.results, root))
    _CONTEXTS[context.token] = root
    while len(_CONTEXTS) > _KEEP:
        _, old = _CONTEXTS.popitem(last=False)
        SESSION.forget(old)
        shutil.rmtree(old, ignore_errors=True)
    return root


def rebased(results, root: Path):
    """The results as if the project lay in ``root`` (a shallow copy: the computed tables are shared). The copy
    has its own memo: what the worker computes while rendering (statement facts with template environments,
    which cannot be pickled) must not go into the shipped context, which Dask copies to a replacement worker."""
    local = results.without_memo(keep=lambda key: True)
    local.project = dataclasses.replace(results.project, settings=results.project.settings.moved(root))
    return local
