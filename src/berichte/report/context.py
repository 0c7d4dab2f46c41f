"""The computed results a report document works with: computed once per process, shared by all reports.

A build computes the results once and :func:`register`\\ s them before its worker processes start; a
document rendered on its own (``berichte render``, or the real Quarto CLI) finds the project folder from
the environment variable ``BERICHTE_PROJEKT`` (set by the engine) or by looking for ``data/projekt.yml``
in the working folder and above, and computes the results on first use.
"""

from __future__ import annotations

import os
from pathlib import Path

_RESULTS: dict[Path, object] = {}


def register(results) -> None:
    _RESULTS[Path(results.project.root).resolve()] = results


def project_root(start: Path | None = None) -> Path:
    env = os.environ.get("BERICHTE_PROJEKT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "projekt.yml").exists():
            return folder
    from ..problems import BerichteError

    raise BerichteError("Kein Projektordner gefunden: weder BERICHTE_PROJEKT gesetzt noch data/projekt.yml im "
                        "Arbeitsordner oder darüber.")


def results_for(root: Path | str | None = None):
    """The computed results of the project (from the registry, else loaded and computed once)."""
    root = Path(root).resolve() if root is not None else project_root()
    if root not in _RESULTS:
        from ..compute.results import compute
        from ..load.project import load_project

        _RESULTS[root] = compute(load_project(root))
    return _RESULTS[root]


def unregister(root: Path | str) -> None:
    """Forget the results registered for a project folder (a Dask worker drops a finished build's copy)."""
    _RESULTS.pop(Path(root).resolve(), None)
