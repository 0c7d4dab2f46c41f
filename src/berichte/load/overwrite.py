"""Commands that write a whole project (``demo``, ``neu``, ``importieren``) never replace an existing one
without being told to (``--ueberschreiben``): before writing, they name every file they would overwrite."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..problems import BerichteError
from .settings import SETTINGS_FILE


def files_to_overwrite(root: Path | str, files: Iterable[str]) -> list[str]:
    """Of ``files`` (paths relative to ``root``, as the command writes them), those that exist already; a
    project's settings ``data/projekt.yml`` always count, even if the command would not write them."""
    root = Path(root)
    found = [name for name in files if (root / name).exists() or (root / name).is_symlink()]
    settings = f"data/{SETTINGS_FILE}"
    if (root / settings).exists() and settings not in found:
        found.insert(0, settings)
    return found


def refuse_overwrite(root: Path | str, files: Iterable[str], command: str, other_folder: str) -> None:
    """Raise a German error naming what ``berichte <command>`` would overwrite in ``root``, if anything.
    ``other_folder`` says how to choose another folder (e.g. "mit --ziel einen anderen Ordner")."""
    found = files_to_overwrite(root, files)
    if not found:
        return
    shown = ", ".join(found[:6]) + (f" und {len(found) - 6} weitere Dateien" if len(found) > 6 else "")
    what = "ein Projekt" if any(name.endswith(SETTINGS_FILE) for name in found) else "Dateien eines Projekts"
    where = Path(root) if str(root) not in ("", ".") else Path(root).resolve()
    raise BerichteError(f"Im Ordner „{where}“ gibt es schon {what}: „berichte {command}“ würde {shown} "
                        f"überschreiben. Bitte {other_folder} wählen oder mit --ueberschreiben bestätigen, dass "
                        "diese Dateien ersetzt werden.")
