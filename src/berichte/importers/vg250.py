"""The attribute table of BKG's VG250-EW (Verwaltungsgebiete with population) at Gemeinde level.

Columns used: AGS (8 digits), GEN (name), EWZ (population at the reference date of the edition, e.g.
31.12.2022) and KFL (area in km²). Population is the official update (Bevölkerungsfortschreibung) on
the basis the edition states; VG250-EW 31.12.2022 is still based on Zensus 2011.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..problems import Problems
from ..load.readers import locate_header, normalise_name, parse_numbers, read_raw

COLUMNS = {"ags": "key", "gen": "name", "ewz": "ewz", "kfl": "kfl"}


def read_vg250_gemeinden(path: Path | str, problems: Problems, prefix: str | None = None) -> pd.DataFrame | None:
    """Rows key, name, ewz, kfl (floats), row; ``prefix`` keeps only AGS starting with it."""
    path = Path(path)
    raw = read_raw(path, problems)
    if raw is None:
        return None
    table = locate_header(raw, {"ags"}, problems, "„AGS“")
    if table is None:
        return None
    found = {normalise_name(c): c for c in table.frame.columns}
    missing = [c.upper() for c in COLUMNS if c not in found]
    if missing:
        problems.error("Es fehlen die Spalten " + ", ".join(f"„{m}“" for m in missing) + ".", path, row=1)
        return None
    frame = pd.DataFrame({target: table.frame[found[source]].astype(str).str.strip()
                          for source, target in COLUMNS.items()})
    frame["row"] = table.rows
    if prefix:
        frame = frame[frame["key"].str.startswith(prefix)]
    for column in ("ewz", "kfl"):
        parsed = parse_numbers(frame[column], ".")
        for row in frame[parsed.invalid | parsed.values.isna()].itertuples():
            problems.error("Hier wird eine Zahl erwartet.", path, row=int(row.row), column=column.upper(),
                           value=getattr(row, column))
        frame[column] = parsed.values
    return frame.reset_index(drop=True)
