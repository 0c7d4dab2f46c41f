"""The index page of the output folder: every published report by year and area, filterable, offline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import jinja2

from .. import __version__, atomic
from .database import FILE_NAME as DATABASE_FILE
from .manifest import Manifest
from .versions import CORRECTIONS


def _date(iso: str) -> str:
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def write_index(manifest: Manifest, settings, output: Path) -> Path:
    years: dict[int, dict] = defaultdict(lambda: {"reports": [], "profiles": [], "tables": []})
    for entry in sorted(manifest.entries.values(), key=lambda e: (e.year, e.kind != "sozialbericht", e.key)):
        item = {
            "title": entry.title, "area": entry.area, "level": entry.level, "key": entry.key,
            "html": entry.files.get("html", {}).get("path"), "pdf": entry.files.get("pdf", {}).get("path"),
            "version": entry.version, "corrected": _date(entry.corrected), "published": _date(entry.published),
            "comparison": entry.comparison,
        }
        years[entry.year]["reports" if entry.kind == "sozialbericht" else "profiles"].append(item)
    for year in years:
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel")):
            path = output / str(year) / f"kennzahlen-{year}.{fmt}"
            if path.exists():
                years[year]["tables"].append({"path": f"{year}/{path.name}", "label": label})
    logs = sorted((output / CORRECTIONS).glob("korrektur-*.html"), reverse=True) \
        if (output / CORRECTIONS).is_dir() else []
    levels = sorted({p["level"] for y in years.values() for p in y["profiles"]})
    env = jinja2.Environment(loader=jinja2.PackageLoader("berichte", "templates/build"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    html = env.get_template("index.html.j2").render(
        title=settings.title, publisher=settings.publisher, demo=settings.demo,
        years=[(year, years[year]) for year in sorted(years, reverse=True)], levels=levels,
        logs=[{"path": f"{CORRECTIONS}/{p.name}", "name": p.stem.removeprefix("korrektur-")} for p in logs],
        version=__version__, draft=manifest.draft,
        database=DATABASE_FILE if (output / DATABASE_FILE).exists() else None,
    )
    path = output / "index.html"
    if not path.exists() or path.read_text(encoding="utf-8") != html:
        atomic.write_text(path, html, inside=output)
    return path
