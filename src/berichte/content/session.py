"""The per-process state of the report documents, in one documented object: :data:`SESSION`.

A report document (``reports/*.qmd``) gets the project folder explicitly, as its parameter ``projekt`` (set
by whoever renders it: ``berichte build``, ``berichte render``, a test; Quarto passes it with
``--execute-params``). Its cells call :func:`~berichte.content.profile.profile` or
:func:`~berichte.content.sozialbericht.sozialbericht` with that folder, and these ask the session for the
computed results. The session owns:

* **results** — the computed :class:`~berichte.compute.results.Results` per project folder. A build computes
  them once and :meth:`Session.adopt`\\ s them before its worker processes start (forked workers inherit
  them); a document rendered on its own computes them on first use. At most :data:`MAX_PROJECTS` are kept,
  the least recently used is dropped.
* **charts** — drawn charts by the digest of their inputs, so reports that show the same chart (the ranking of
  all Kommunen) draw it once; at most :data:`MAX_CHARTS`, least recently used dropped.

Without ``projekt`` (a document rendered by hand with ``quarto render``), the project is the folder above the
working folder that holds ``data/projekt.yml``.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from ..problems import BerichteError

MAX_PROJECTS = 2
MAX_CHARTS = 400


class Session:
    def __init__(self, max_projects: int = MAX_PROJECTS, max_charts: int = MAX_CHARTS):
        self.max_projects = max_projects
        self.max_charts = max_charts
        self._results: OrderedDict[Path, object] = OrderedDict()
        self._charts: OrderedDict[str, object] = OrderedDict()

    # --- computed results ---------------------------------------------------------------------------------
    def adopt(self, results) -> None:
        """Use these computed results for documents of their project folder."""
        self._keep(self._results, Path(results.project.root).resolve(), results, self.max_projects)

    def results(self, project: Path | str | None = None):
        """The computed results of the project in ``project`` (computed on first use)."""
        root = Path(project).resolve() if project is not None else find_project()
        if root in self._results:
            self._results.move_to_end(root)
            return self._results[root]
        from ..compute.results import compute
        from ..load.project import load_project

        results = compute(load_project(root))
        self._keep(self._results, root, results, self.max_projects)
        return results

    def forget(self, project: Path | str) -> None:
        """Drop the results of a project folder (a Dask worker leaves a finished build behind)."""
        self._results.pop(Path(project).resolve(), None)

    # --- charts -------------------------------------------------------------------------------------------
    def chart(self, digest: str, make):
        """The chart drawn for these inputs (``digest``), drawn by ``make()`` the first time."""
        chart = self._charts.get(digest)
        if chart is None:
            chart = make()
            self._keep(self._charts, digest, chart, self.max_charts)
        else:
            self._charts.move_to_end(digest)
        return chart

    @staticmethod
    def _keep(store: OrderedDict, key, value, limit: int) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > limit:
            store.popitem(last=False)


def find_project(start: Path | None = None) -> Path:
    """The project folder: the working folder or the nearest folder above it with ``data/projekt.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "projekt.yml").exists():
            return folder
    raise BerichteError("Kein Projektordner gefunden: Das Dokument hat keinen Parameter „projekt“, und weder der "
                        "Arbeitsordner noch ein Ordner darüber enthält data/projekt.yml.")


SESSION = Session()
