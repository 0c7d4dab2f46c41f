"""Which reports a build makes, and their stable file names.

* ``<jahr>/profil-<schlüssel>-<name>.html|pdf`` — one Sozialstruktur-Profil per area below the top level
  (Kommunen and Sozialräume), e.g. ``2023/profil-03999002-falkenried-stadt.pdf``;
* ``<jahr>/sozialbericht-<jahr>.html|pdf`` — the Sozialbericht for the whole area.

A job names its document by kind ("profil", "sozialbericht"); which file that is (the project's own copy
or the shipped one) is decided where the report is rendered (:mod:`berichte.load.documents`), so that a
Dask worker uses its own installed copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..formatting import slug


@dataclass(frozen=True)
class Job:
    kind: str  # "profil" | "sozialbericht"
    key: str
    year: int
    comparison: int
    stem: str
    title: str  # for the index page and messages, e.g. "Sozialstruktur-Profil Falkenried 2023"
    area: str  # area name
    level: str  # level name (Kommune, Sozialraum, Region …)

    @property
    def id(self) -> str:
        return f"{self.year}/{self.stem}"

    @property
    def params(self) -> dict:
        return {"gebiet": self.key, "jahr": self.year, "vergleich": self.comparison}

    def params_for(self, root: Path) -> dict:
        """The document's parameters when the project lies in ``root``."""
        return {**self.params, "projekt": str(Path(root).resolve())}

    def path(self, fmt: str) -> str:
        return f"{self.year}/{self.stem}.{fmt}"


def plan_jobs(results, years: list[int], key: str | None = None) -> list[Job]:
    """All reports for the given years (the Sozialbericht first), or the single report of ``key``."""
    project = results.project
    areas, settings = project.areas, project.settings
    root = areas.root
    jobs = []
    for year in years:
        comparison, _ = results.period(year)
        if key in (None, root):
            jobs.append(Job("sozialbericht", root, year, comparison, f"sozialbericht-{year}",
                            f"Sozialbericht {year}", areas.name(root), settings.level(areas.level(root)).name))
        for level in settings.level_ids[1:]:
            for area in areas.at_level(level):
                if key is not None and area != key:
                    continue
                name = areas.name(area)
                jobs.append(Job("profil", area, year, comparison, f"profil-{area}-{slug(name)}", f"Sozialstruktur-Profil {name} {year}", name,
                                settings.level(level).name))
    return jobs
