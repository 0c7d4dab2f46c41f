"""A cheap fingerprint of everything a build reads, to make a no-op build fast.

It hashes the path, size and modification time of every file in ``data/``, ``reports/``, ``vorlagen/`` and
``_quarto.yml`` of the project, of the installed ``berichte`` package (code, templates, styles), and the
build options. If nothing changed since the last complete build and every published file is still there,
the build stops before loading any data. Content hashes of the reports (see the manifest) decide what is
re-rendered when something did change; this fingerprint only decides whether to look at all.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import berichte

PROJECT_PARTS = ("data", "reports", "vorlagen", "_quarto.yml")


def _walk(path: Path):
    if path.is_file():
        yield path
    elif path.is_dir():
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__pycache__")))
            for name in sorted(files):
                if not name.startswith((".", "~$")) and not name.endswith((".pyc", ".tmp")):
                    yield Path(folder) / name


def _stat_lines(base: Path, parts) -> list[str]:
    lines = []
    for part in parts:
        for path in _walk(base / part):
            try:
                stat = path.stat()
            except OSError:  # e.g. a dangling link: the data check names it; here it only changes the fingerprint
                lines.append(f"{path.relative_to(base)}\0-")
                continue
            lines.append(f"{path.relative_to(base)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return lines


def input_fingerprint(root: Path, options: dict) -> str:
    digest = hashlib.sha256()
    package = Path(berichte.__file__).parent
    for line in [berichte.__version__, repr(sorted(options.items()))] + _stat_lines(Path(root), PROJECT_PARTS) \
            + _stat_lines(package, ["."]):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def data_file_hashes(root: Path) -> dict[str, str]:
    """Content hashes of the data files, to say which files changed (``berichte status``). Only regular files
    are read, in blocks (a named pipe would block, a link to ``/dev/zero`` never ends)."""
    import stat as stat_module

    result = {}
    for path in _walk(Path(root) / "data"):
        try:
            if not stat_module.S_ISREG(os.stat(path).st_mode):
                continue
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            continue  # unreadable: the data check names it
        result[str(path.relative_to(root))] = digest.hexdigest()
    return result


def settings_stamp(root: Path) -> str:
    """Size and modification time of the files a Renderer is made from (projekt.yml, own _quarto.yml,
    own documents), so that a long-lived worker notices a change."""
    from ..load.documents import OWN_FOLDER, SETTINGS_NAME

    return "\n".join(_stat_lines(Path(root), ("data/projekt.yml", SETTINGS_NAME, f"{OWN_FOLDER}/{SETTINGS_NAME}")))
