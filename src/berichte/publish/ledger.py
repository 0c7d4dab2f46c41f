"""The publication ledger: which counts every published version showed, for the secrecy audit of corrections.

After each build that published something, the counts as readers could see them (withheld cells and cells
without data as NaN) are kept in ``_output/.berichte/veroeffentlicht/stand-<n>.npz`` — only published
values, nothing secret. The next build audits the union of all versions: a count published earlier with
the value it still has is known to every reader, and a correction must not reveal the change of a
withheld count (:mod:`berichte.compute.secrecy`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .. import atomic
from ..compute.snapshot import Snapshot
from .manifest import STATE_DIR

FOLDER = "veroeffentlicht"


def ledger_dir(output: Path) -> Path:
    return Path(output) / STATE_DIR / FOLDER


def _files(output: Path) -> list[Path]:
    folder = ledger_dir(output)
    if not folder.is_dir():
        return []
    numbered = [p for p in folder.glob("stand-*.npz") if p.stem.split("-", 1)[1].isdigit()]  # others: ignored
    return sorted(numbered, key=lambda p: int(p.stem.split("-")[1]))


def load_snapshots(output: Path, published: pd.DataFrame, warnings: list[str] | None = None) -> list[Snapshot]:
    """Every earlier version, aligned to the cells of ``published`` (the current count table). A file that is
    not a regular file in the output folder or not of the expected shape is damaged: it is skipped, and a
    German warning is appended to ``warnings``."""
    from .manifest import regular_file_inside

    snapshots = []
    for path in _files(output):
        try:
            if not regular_file_inside(output, path):
                raise ValueError("keine gewöhnliche Datei im Ausgabeordner")
            with np.load(path, allow_pickle=False) as data:
                keys, years, columns = data["keys"].astype(str), data["years"], data["columns"].astype(str)
                values, label = data["values"], str(data["label"])
            if keys.ndim != 1 or years.ndim != 1 or columns.ndim != 1 \
                    or values.shape != (len(keys) * len(years), len(columns)) or values.dtype.kind != "f" \
                    or years.dtype.kind not in "iu":
                raise ValueError("unerwarteter Aufbau")
        except _DAMAGED as exc:
            # that version is not audited (it is rewritten at the next publication)
            if warnings is not None:
                warnings.append(f"Der Veröffentlichungsstand {path.name} in {path.parent} ist beschädigt und "
                                f"wird bei der Geheimhaltungsprüfung nicht berücksichtigt"
                                f"{' (' + str(exc) + ')' if isinstance(exc, ValueError) and str(exc) in _OWN else ''}.")
            continue
        index = pd.MultiIndex.from_arrays([np.repeat(keys, len(years)), np.tile(years, len(keys))],
                                          names=["key", "year"])
        frame = pd.DataFrame(values, index=index, columns=columns)
        aligned = frame.reindex(index=published.index, columns=published.columns)
        snapshots.append(Snapshot(label, aligned.to_numpy(dtype=float).ravel()))
    return snapshots


_DAMAGED = (OSError, KeyError, ValueError, EOFError, TypeError, zipfile.BadZipFile)  # what a damaged .npz raises
_OWN = ("keine gewöhnliche Datei im Ausgabeordner", "unerwarteter Aufbau")


def _digest(published: pd.DataFrame) -> str:
    return hashlib.sha256(np.ascontiguousarray(published.to_numpy(dtype=float)).tobytes()
                          + "|".join(map(str, published.columns)).encode()).hexdigest()


def record_snapshot(output: Path, published: pd.DataFrame, now: dt.datetime | None = None) -> Path | None:
    """Keep what this build published (if it differs from the last version kept)."""
    files = _files(output)
    digest = _digest(published)
    if files:
        try:
            with np.load(files[-1], allow_pickle=False) as data:
                if str(data["digest"]) == digest:
                    return None
        except _DAMAGED:
            pass  # a damaged last version: keep this one
    number = int(files[-1].stem.split("-")[1]) + 1 if files else 1
    now = now or dt.datetime.now()
    keys = published.index.get_level_values("key").unique()
    years = published.index.get_level_values("year").unique()
    buffer = io.BytesIO()
    np.savez_compressed(buffer, keys=np.array(keys, dtype=str), years=np.array(years, dtype=np.int64),
                        columns=np.array(published.columns, dtype=str),
                        values=published.to_numpy(dtype=float), digest=np.array(digest),
                        label=np.array(f"Veröffentlichung vom {now:%d.%m.%Y %H:%M} (Stand {number})"))
    path = ledger_dir(output) / f"stand-{number}.npz"
    atomic.write_bytes(path, buffer.getvalue(), inside=output)
    return path
