"""The result table of ``berichte sozialindex``: one row per area with z-values, indices, classes and reason.

Written as CSV with every digit of Python's shortest exact float representation, so that reading it back
gives the same floats; ``;`` goes with the decimal comma (German Excel), ``,`` with the decimal point. A text
cell a spreadsheet would take for a formula (``=…``, ``+…``, ``-…``, ``@…``) gets a leading ``'``.
"""

from __future__ import annotations

import csv
import io
import math
import numbers

import pandas as pd

from ..formatting import csv_text


def result_table(result: pd.DataFrame, config, key_column: str) -> pd.DataFrame:
    """The published table: key, z_<name> per indicator, sums, indices, classes, group, flag, reason.

    Blocks that were not requested (status-only or dynamics-only) are left out, and so is the Gesamtindex
    then.
    """
    out = pd.DataFrame({key_column: result.index.to_numpy(dtype=object)})
    blocks = [("status", config.status), ("dynamik", config.dynamics)]
    for prefix, indicators in blocks:
        if not indicators:
            continue
        for ind in indicators:
            out[f"z_{ind.id}"] = result[f"z_{prefix}_{ind.id}"].to_numpy()
        for suffix in ("summe", "index", "klasse"):
            out[f"{prefix}_{suffix}"] = result[f"{prefix}_{suffix}"].to_numpy()
    if config.status and config.dynamics:
        out["gesamt_gruppe"] = result["gesamt_gruppe"].to_numpy()
        out["gesamt_kuerzel"] = result["gesamt_kuerzel"].to_numpy()
    flag = result["besonderer_aufmerksamkeitsbedarf"]
    text = flag.map({True: "ja", False: "nein"}).astype(object).where(flag.notna(), "")
    out["besonderer_aufmerksamkeitsbedarf"] = text.to_numpy()
    out["grund"] = result["grund"].to_numpy()
    return out


def _cell(value, decimal_comma: bool) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        text = repr(value + 0.0)  # shortest exact digits; + 0.0 turns -0.0 into 0.0
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)  # a number stays a number, "-3" included
    return csv_text(str(value))


def to_csv_text(table: pd.DataFrame, separator: str = ";") -> str:
    """CSV text; ``;`` → decimal comma (German Excel), ``,`` → decimal point. Floats with repr digits."""
    decimal_comma = separator == ";"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([csv_text(str(c)) for c in table.columns])
    columns = [table[c].astype(object).to_numpy() for c in table.columns]
    for row in zip(*columns):
        writer.writerow([_cell(v, decimal_comma) for v in row])
    return buffer.getvalue()
