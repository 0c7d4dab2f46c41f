"""``datenbank.html``: one offline page where readers choose any Kennzahl, area level and pair of years.

The page is a single self-contained HTML file (data, script and styles inlined; no network, no CDN), so it
works from ``file://``, an intranet share or any static web host. It shows for the chosen view what
``berichte kennzahlen --jahr J --vergleich V --ebene E`` writes for that Kennzahl — value, comparison value,
change, "bedeutsam", assessment, ranks, the parent's value and the notes ("." withheld, "x" not computable) —
plus a choropleth map, a time series and a CSV download of the view.

What is embedded (and why nothing withheld can leak):

* per Kennzahl and year the **published values rounded as every report shows them**, as integers scaled by
  10^Nachkommastellen (withheld or missing: the symbol "." or "x" or nothing). These are exactly the values
  of the Kennzahlen tables (``berichte kennzahlen --jahr <year>``); no count, numerator or denominator and no
  unrounded value is embedded. Changes and ranks are derived from them in the page by the same arithmetic
  as :mod:`berichte.compute.comparison` and :mod:`berichte.compute.siblings` (both work on the rounded
  values; the relative change of a count from whole counts, which are exact).
* per pair of years the areas whose change is **bedeutsam**, with their assessment (computed here with
  :func:`berichte.compute.comparison.significance`, the function ``berichte kennzahlen`` uses): a flag that
  every Kennzahlen table of that pair shows, only ever set where both values are published.
* the footnotes of withheld or missing values, the declared breaks, the areas (key, name, level, parent),
  the catalogue's titles, units, definitions and sources, the file names of the built profiles and the map
  shapes (simplified, projected SVG paths).

:func:`berichte.publish.audit.database_leaks` checks the embedded data against the published values before
the page is written; the build stops if any embedded number is not published.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd

from .. import __version__, atomic
from .bitset import encode_bits
from ..compute.comparison import kennzahl_years, significance
from ..compute.indicators import SYMBOLS, SYMBOLS_NOTE
from ..compute.results import Results
from ..formatting import rounded_array

FILE_NAME = "datenbank.html"
POLARITY = {"hoch_unguenstig": -1, "hoch_guenstig": 1}
MAP_WIDTH = 640.0  # SVG user units; the page scales the map to its width


def database_data(results: Results, profiles: dict[str, dict[int, str]] | None = None,
                  geometries=None) -> dict:
    """Everything the page shows, as plain JSON-ready data (see the module docstring)."""
    from ..charts.maps import BORDER
    from ..charts.style import HIGHLIGHT, NA_FILL, PARENT, SEQUENTIAL

    project = results.project
    settings, areas, catalogue = project.settings, project.areas, project.catalogue
    years = list(settings.years)
    kids = list(catalogue.items)
    keys = list(areas.keys)
    position = {key: i for i, key in enumerate(keys)}
    frame = areas.frame
    levels = [lvl for lvl in settings.level_ids if areas.at_level(lvl)]
    indicators = results.indicators
    published = indicators.published()
    data = {
        "title": settings.title, "publisher": settings.publisher, "demo": bool(settings.demo),
        "region": areas.name(areas.root), "referenceDate": settings.reference_date,
        "years": years, "reportYear": settings.report_year,
        "comparisonYears": {str(y): results.period(y)[0] for y in years if y > settings.first_year},
        "significanceLevel": settings.significance.level, "symbolsNote": SYMBOLS_NOTE,
        "version": __version__,
        "levels": [{"id": lvl, "name": settings.level(lvl).name, "plural": settings.level(lvl).plural}
                   for lvl in levels],
        "themes": [{"title": theme.title, "k": [i for i, k in enumerate(kids) if catalogue[k].theme == tid]}
                   for tid, theme in catalogue.themes.items()],
        "areas": {
            "key": keys, "name": [areas.name(k) for k in keys], "short": [frame.at[k, "short"] for k in keys],
            "level": [levels.index(frame.at[k, "level"]) for k in keys],
            "parent": [position.get(frame.at[k, "parent"], -1) for k in keys],
        },
        "profiles": {},
        "style": {"sequential": {str(n): list(colours) for n, colours in SEQUENTIAL.items()}, "na": NA_FILL,
                  "border": BORDER, "parent": PARENT, "lines": [HIGHLIGHT, "#b35900", "#6a3d9a", "#1b7837", "#c2410c",
                                                                 "#0e7c86", "#8c510a", "#4d4d4d"]},
        "breaks": [{"year": b.year, "label": b.kind_label, "reason": b.reason,
                    "k": [kids.index(k) for k in b.kennzahlen if k in kids]} for b in settings.breaks],
    }
    shown_years = {y: kennzahl_years(indicators, y, settings.max_lag, settings.first_year) for y in years}
    data["k"] = [_kennzahl_entry(results, catalogue[k], years, shown_years) for k in kids]
    data["v"], data["notes"], data["noteTexts"] = _values(indicators, published, keys, kids, catalogue, years)
    # A count's change is computed in the page from the shown values: exact only for whole counts. For a
    # count Kennzahl with fractional values the changes of every pair are embedded as the table shows them.
    inexact = [i for i, k in enumerate(kids) if catalogue[k].is_count and not _whole(published[k], catalogue[k])]
    for i in inexact:
        data["k"][i]["changes"] = True
    data["sig"] = _significance(results, keys, kids, years, inexact)
    data["profiles"] = _profile_links(data, profiles or {})
    if geometries is not None:
        data["map"] = _map(geometries, areas, levels, position)
    return data


def _kennzahl_entry(results: Results, k, years: list[int], shown_years: dict[int, pd.Series]) -> dict:
    settings = results.settings
    # the year each report year J shows this Kennzahl in (latest with data ≤ J, hoechstens_jahre_zurueck)
    shown = [int(shown_years[y][k.id]) for y in years]
    return {
        "id": k.id, "title": k.title, "unit": k.unit, "dec": int(k.decimals), "count": bool(k.is_count),
        "percent": bool(k.is_percent), "polarity": POLARITY.get(k.polarity, 0), "tested": bool(k.tested),
        "threshold": float(k.threshold),
        "comparable": bool(k.comparable_with_parent), "definition": k.definition,
        "source": k.source + (" (fiktive Beispieldaten)" if settings.demo else ""),
        "changeUnit": "Anzahl" if k.is_count else ("Prozentpunkte" if k.is_percent else k.unit),
        "shownYear": shown,
    }


def _values(indicators, published: pd.DataFrame, keys: list[str], kids: list[str], catalogue,
            years: list[int]) -> tuple[list, list, list]:
    """Per Kennzahl and year: the rounded published values as scaled integers ("."/"x"/None where not
    shown) and the footnotes (sparse: area index → text index)."""
    texts: dict[str, int] = {}
    values: list[list] = [[] for _ in kids]
    notes: list[list] = [[] for _ in kids]
    decimals = [int(catalogue[k].decimals) for k in kids]
    for y in years:
        def at(frame: pd.DataFrame, fill) -> np.ndarray:
            return frame.xs(y, level="year").reindex(index=keys, columns=kids).fillna(fill).to_numpy(dtype=object)

        shown = published.xs(y, level="year").reindex(index=keys, columns=kids).to_numpy(dtype=float)
        states, footnotes = at(indicators.states, ""), at(indicators.notes, "")
        for c, d in enumerate(decimals):
            scaled = np.rint(rounded_array(shown[:, c], d) * 10.0 ** d)
            values[c].append([SYMBOLS.get(st) or None if np.isnan(value) else int(value)
                              for value, st in zip(scaled, states[:, c])])
            notes[c].append({str(i): texts.setdefault(str(text), len(texts))
                             for i, text in enumerate(footnotes[:, c]) if text})
    return values, notes, list(texts)


def _whole(values: pd.Series, k) -> bool:
    """The published values equal their shown (rounded) values, so changes computed from these are exact."""
    finite = values.dropna().to_numpy(dtype=float)
    return bool(np.array_equal(finite, rounded_array(finite, int(k.decimals))))


def _significance(results: Results, keys: list[str], kids: list[str], years: list[int],
                  inexact: list[int] = ()) -> dict:
    """Per pair of years "V-J": per Kennzahl the bedeutsam areas as a bit set (base64, bit i = area i; ""
    if none); under "c<index>" the changes of the ``inexact`` count Kennzahlen as the Kennzahlen table writes
    them (absolute, in %). The assessment (günstig/ungünstig) follows in the page from the shown change's
    sign and the polarity, as in :func:`berichte.compute.comparison.significance`."""
    settings = results.settings
    out = {}
    for j in years:
        for v in years:
            if v >= j:
                continue
            sig = significance(results.indicators, results.project.catalogue, settings, v, j, settings.max_lag)
            flags = sig.bedeutsam.reindex(index=keys, columns=kids).fillna(False).to_numpy(dtype=bool)
            pair = {"b": [encode_bits(flags[:, col]) for col in range(len(kids))]}
            for col in inexact:
                k = results.project.catalogue[kids[col]]
                change = sig.change[kids[col]].reindex(keys).to_numpy(dtype=float)
                relative = rounded_array(sig.change_rel[kids[col]].reindex(keys).to_numpy(dtype=float), 1)
                pair[f"c{col}"] = [[_csv_number(a, k.decimals), _csv_number(b, 1)] for a, b in zip(change, relative)]
            out[f"{v}-{j}"] = pair
    return out


def _csv_number(value: float, decimals: int) -> str:
    """As the Kennzahlen CSV writes a number (``publish.export``): decimal comma, ASCII minus, "" if missing."""
    return "" if np.isnan(value) else f"{value:.{int(decimals)}f}".replace(".", ",")


def _map(geometries, areas, levels: list[str], position: dict[str, int]) -> dict:
    """Per level with shapes: the projected, simplified SVG path of each area (y pointing down)."""
    from ..charts.maps import map_shapes

    out = {}
    for i, level in enumerate(levels):
        keys = [k for k in areas.at_level(level) if k in geometries]
        if not keys:
            continue
        shapes = map_shapes(geometries, keys, MAP_WIDTH, heights=(200.0, MAP_WIDTH * 1.2))
        paths = {}
        for key in keys:
            parts = []
            for ring in shapes.fills[key]:
                points = [(round(float(x), 1), round(float(shapes.height - y), 1)) for x, y in ring]
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in _dedupe(points)) + "Z")
            paths[str(position[key])] = "".join(parts)
        spots = {str(position[key]): [round(float(x), 1), round(float(shapes.height - y), 1)]
                 for key, (x, y, _) in shapes.spots.items()}
        out[str(i)] = {"width": round(shapes.width, 1), "height": round(shapes.height, 1), "paths": paths,
                       "spots": spots,
                       "missing": len(areas.at_level(level)) - len(keys)}
    return out


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop consecutive points that coincide after rounding."""
    out = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    return out


def render_page(data: dict, draft: bool = False) -> str:
    """The self-contained page: template with the data, the script and the styles inlined."""
    folder = resources.files("berichte") / "templates" / "build"
    script = (folder / "datenbank.js").read_text(encoding="utf-8")
    styles = (folder / "datenbank.css").read_text(encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.PackageLoader("berichte", "templates/build"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # inside <script type="application/json">: "</" must not end the element
    payload = payload.replace("</", "<\\/").replace("<!--", "<\\!--")
    return env.get_template("datenbank.html.j2").render(
        data=data, payload=jinja2.utils.markupsafe.Markup(payload), script=jinja2.utils.markupsafe.Markup(script),
        styles=jinja2.utils.markupsafe.Markup(styles), draft=draft)


def built_profiles(manifest) -> dict[str, dict[int, str]]:
    """The HTML files of the published profiles by area key and year (paths relative to the output)."""
    out: dict[str, dict[int, str]] = {}
    for entry in manifest.entries.values():
        path = entry.files.get("html", {}).get("path")
        if entry.kind == "profil" and path:
            out.setdefault(entry.key, {})[int(entry.year)] = path
    return out


def project_geometries(settings):
    """The project's map shapes, or None without a geometry file."""
    from ..load.geometry import load_geojson

    path = settings.path("geometrien")
    return load_geojson(path) if path.exists() else None


def checked_data(results: Results) -> dict:
    """The page's data after the secrecy check (before anything is published): raises BerichteError if any
    embedded value is not published (see :func:`berichte.publish.audit.database_leaks`). A project with a
    single year gets a page that says there is nothing to compare."""
    from ..problems import BerichteError
    from .audit import database_leaks

    if len(results.settings.years) < 2:
        return _single_year_data(results)
    data = database_data(results, None, project_geometries(results.settings))
    leaks = database_leaks(results, data)
    if leaks:
        raise BerichteError("Geheimhaltung: die Datenbank-Seite enthielte nicht veröffentlichte Werte; es wird "
                            "nichts veröffentlicht. " + " ".join(leaks[:10]))
    return data


def _single_year_data(results: Results) -> dict:
    """A project with one year has nothing to compare: the page says so (and links to the tables)."""
    settings = results.settings
    return {"title": settings.title, "publisher": settings.publisher, "demo": bool(settings.demo),
            "years": list(settings.years), "version": __version__, "single": True}


def write_database(data: dict, manifest, output: Path, draft: bool = False) -> Path:
    """Write ``datenbank.html`` with links to the profiles in the manifest (only if its content changed)."""
    if not data.get("single"):
        data = {**data, "profiles": _profile_links(data, built_profiles(manifest))}
    html = render_page(data, draft)
    path = Path(output) / FILE_NAME
    if not path.exists() or path.read_text(encoding="utf-8") != html:
        atomic.write_text(path, html, inside=output)
    return path


def _profile_links(data: dict, profiles: dict[str, dict[int, str]]) -> dict:
    position = {key: i for i, key in enumerate(data["areas"]["key"])}
    return {str(position[key]): {str(y): path for y, path in sorted(paths.items())}
            for key, paths in profiles.items() if key in position}
