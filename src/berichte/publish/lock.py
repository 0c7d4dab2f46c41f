"""One build at a time per output folder: an advisory lock file, released automatically if the process dies.

POSIX record locks (``lockf``) are used rather than ``flock``: they belong to the process and are not
inherited by forked worker processes, so a killed build never leaves the lock held by orphaned workers.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..problems import BerichteError

LOCK_NAME = ".berichte/build.lock"


class BuildLocked(BerichteError):
    exit_code = 4


class BuildLock:
    def __init__(self, output: Path):
        self.path = Path(output) / LOCK_NAME
        self._handle = None

    def __enter__(self) -> "BuildLock":
        from .. import atomic

        path = atomic.target(self.path, self.path.parent.parent)  # a regular file inside the output folder
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")
        try:
            fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            handle.seek(0)
            owner = handle.read().strip()
            handle.close()
            raise BuildLocked(f"Im Ausgabeordner {self.path.parent.parent} läuft bereits ein Build"
                              + (f" (Prozess {owner})" if owner else "")
                              + ". Bitte warten, bis er fertig ist; es wird nichts geschrieben.") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            fcntl.lockf(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
