"""The one check before publishing, shared by ``berichte pruefen`` and ``berichte build``.

Two stages, each a function both commands call, so that ``pruefen`` reports everything ``build`` refuses:

1. :func:`check_data` — settings, areas, Merkmale, catalogue and every data file
   (:func:`berichte.load.project.check_project`); any error refuses the build with every problem named by file
   and line. ``build`` runs it before it creates or touches the output folder.
2. :func:`check_publication` — compute everything once (with the secondary suppression over every version
   already published in the output folder) and audit the secrecy; a withheld count that could be worked out
   refuses the build. ``build`` runs it under the output folder's lock, because it reads the published
   versions.

:func:`check` runs both for ``pruefen`` and returns what it found instead of raising.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import BerichteError, DataError, Problems


def check_data(root: Path | str):
    """The loaded project; raises :class:`DataError` with every problem if anything is an error."""
    from ..load.project import load_project

    return load_project(Path(root).resolve())  # absolute: cells run in a temporary working folder


def check_publication(project, published: Path, warnings: list[str] | None = None):
    """(results, audit report) for ``project``, with the suppression over the versions published in
    ``published`` (a damaged version file is skipped with a German warning appended to ``warnings``); raises
    :class:`BerichteError` if the audit finds an unprotected count."""
    from ..compute.results import compute
    from .audit import check_before_publishing
    from .ledger import load_snapshots

    results = compute(project, load_snapshots(published, project.table.values, warnings))
    return results, check_before_publishing(results)


@dataclass
class Check:
    """What :func:`check` found: the problems of the data (errors and warnings), and, if the data are usable,
    the computed results and the secrecy audit, or the reason the audit refuses to publish."""

    problems: Problems
    project: object = None
    results: object = None
    audit: object = None
    refusals: list[str] = field(default_factory=list)  # further reasons ``build`` would refuse (German)
    warnings: list[str] = field(default_factory=list)  # what ``build`` would warn about beyond the data

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors() and not self.refusals


def check(root: Path | str, published: Path | None = None) -> Check:
    """Both stages as ``build`` runs them, collecting instead of raising (``berichte pruefen``).
    ``published``: the output folder whose versions the suppression follows (default: ``<root>/_output``)."""
    root = Path(root)
    try:
        project = check_data(root)
    except DataError as exc:
        problems = Problems(base=root)
        problems.extend(exc.problems)
        # Without errors the project has no deliveries yet: a warning says so (``pruefen`` checks a new
        # project's settings before the first delivery), and ``build`` refuses with the same words.
        return Check(problems)
    result = Check(project.problems, project)
    try:
        result.results, result.audit = check_publication(project, published or root / "_output",
                                                         result.warnings)
    except BerichteError as exc:
        result.refusals.append(exc.message)
    return result
