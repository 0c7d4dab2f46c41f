"""Which reports a build makes, and their stable file names.

* ``<jahr>/profil-<schlüssel>-<name>.html|pdf`` — one Sozialstruktur-Profil per area below the top level
  (Kommunen and Sozialräume), e.g. ``2023/profil-03999002-falkenried-stadt.pdf``;
* ``<jahr>/sozialbericht-<jahr>.html|pdf`` — the Sozialbericht for the whole area.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

PROFILE_DOCUMENT = Path("reports/profil.qmd")
REPORT_DOCUMENT = Path("reports/sozialbericht.qmd")


def slug(name: str, limit: int = 60) -> str:
    """"Südstadt" → "suedstadt", "Seewalden, Stadt" → "seewalden-stadt" (ASCII, for file names)."""
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-") or "gebiet"


@dataclass(frozen=True)
class Job:
    kind: str  # "profil" | "sozialbericht"
    key: str
    year: int
    comparison: int
    document: Path  # relative to the project folder
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
            jobs.append(Job("sozialbericht", root, year, comparison, REPORT_DOCUMENT, f"sozialbericht-{year}",
                            f"Sozialbericht {year}", areas.name(root), settings.level(areas.level(root)).name))
        for level in settings.level_ids[1:]:
            for area in areas.at_level(level):
                if key is not None and area != key:
                    continue
                name = areas.name(area)
                jobs.append(Job("profil", area, year, comparison, PROFILE_DOCUMENT,
                                f"profil-{area}-{slug(name)}", f"Sozialstruktur-Profil {name} {year}", name,
                                settings.level(level).name))
    return jobs
