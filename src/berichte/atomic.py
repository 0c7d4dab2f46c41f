"""Atomic file writes, and the one guard every write of the program passes.

A reader sees either the old file or the complete new one, never a half-written file: the data goes to a
temporary file in the same folder, is flushed to disk and then renamed over the target.

Before anything is written, :func:`target` decides which file a write really changes and refuses:

* a target that is not a regular file — a device node such as ``/dev/full``, a named pipe, a socket, a
  folder: it is never replaced by a file;
* a path outside the output folder ``inside`` that every writer of an output passes (build, render,
  kennzahlen, the tables, index page, manifest, journal, archive): the path is resolved (``..``, symbolic
  links of the file and of every folder above it) and must lie inside the resolved output folder;
* a symbolic link whose target lies outside the allowed folder (``inside``, else the link's own folder).
  A link whose target lies inside is written *through*: the link stays, the file it points to is replaced
  atomically.

Refusals and failures of the operating system (full disk, no permission, read-only file system) raise
:class:`~berichte.problems.OutputError` (exit code 3) with a German message naming the path.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from .problems import OutputError, os_error_text


def contains(folder: Path | str, path: Path | str) -> bool:
    """Does ``path`` (resolved) lie inside ``folder`` (resolved)?"""
    real, root = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return real == root or root in real.parents


_KINDS = ((stat.S_ISDIR, "ein Ordner"), (stat.S_ISCHR, "eine Gerätedatei"), (stat.S_ISBLK, "eine Gerätedatei"),
          (stat.S_ISFIFO, "eine benannte Pipe (FIFO)"), (stat.S_ISSOCK, "ein Socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "keine gewöhnliche Datei")


def target(path: Path | str, inside: Path | str | None = None) -> Path:
    """The file a write to ``path`` really changes, after the checks above; it must lie in the folder
    ``inside`` if given. Raises :class:`OutputError`."""
    real = Path(os.path.realpath(path))  # the operating system's reading: links first, then ".."
    path = Path(os.path.abspath(path))
    root = Path(os.path.realpath(inside)) if inside is not None else None
    if path.is_symlink():
        allowed = root if root is not None else Path(os.path.realpath(path.parent))
        if not (real == allowed or allowed in real.parents):
            raise OutputError(f"„{path}“ ist eine symbolische Verknüpfung auf „{real}“ außerhalb von „{allowed}“. "
                              "berichte schreibt nicht durch sie hindurch und ersetzt sie nicht; bitte die "
                              "Verknüpfung entfernen oder ein anderes Ziel wählen.")
    if root is not None and not (real == root or root in real.parents):
        raise OutputError(f"„{path}“ liegt außerhalb des Ausgabeordners „{root}“ (aufgelöst: „{real}“). "
                          "Es wurde nichts geschrieben.")
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise OutputError(os_error_text(exc, path)) from None
    if not stat.S_ISREG(mode):
        raise OutputError(f"„{path}“ ist {_kind(mode)}, keine gewöhnliche Datei. berichte schreibt nur "
                          "gewöhnliche Dateien und ersetzt dieses Ziel nicht. Bitte eine andere Zieldatei wählen "
                          "(oder das Ziel entfernen, falls es versehentlich dort liegt).")
    return real


def check(paths: Iterable[Path | str], inside: Path | str) -> None:
    """Check every path before the first is written (a build stops before it writes anything)."""
    for path in paths:
        target(path, inside)


def write_bytes(path: Path | str, data: bytes, inside: Path | str | None = None) -> None:
    """Write ``data`` atomically to ``path`` (which must lie in the folder ``inside`` if given)."""
    real = target(path, inside)
    tmp = None
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, real)
        tmp = None
    except OSError as exc:
        raise OutputError(os_error_text(exc, path)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_text(path: Path | str, text: str, encoding: str = "utf-8", inside: Path | str | None = None) -> None:
    write_bytes(path, text.encode(encoding), inside)


def copy(source: Path | str, destination: Path | str, inside: Path | str) -> None:
    """Copy a regular file atomically; source and destination must both lie in the folder ``inside``."""
    source = Path(source)
    if not contains(inside, source):
        raise OutputError(f"„{source}“ liegt außerhalb des Ausgabeordners „{inside}“ und wird nicht kopiert.")
    try:
        mode = os.stat(source).st_mode
        if not stat.S_ISREG(mode):
            raise OutputError(f"„{source}“ ist {_kind(mode)}, keine gewöhnliche Datei, und wird nicht kopiert.")
        data = Path(source).read_bytes()
    except OSError as exc:
        raise OutputError(os_error_text(exc, source)) from None
    write_bytes(destination, data, inside)
    try:
        os.utime(target(destination, inside), ns=(os.stat(source).st_atime_ns, os.stat(source).st_mtime_ns))
    except OSError:
        pass
