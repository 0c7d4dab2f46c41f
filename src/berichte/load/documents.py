"""Which report documents a project uses: its own copies in ``reports/`` or the ones shipped with berichte.

berichte ships the two documents (``profil.qmd``, ``sozialbericht.qmd``) and their settings file
``_quarto.yml`` as package data (``berichte/documents/``). A project needs no copy of them. A project that
keeps its own ``reports/profil.qmd`` or ``reports/sozialbericht.qmd`` uses that copy instead (each document
on its own). The document settings are layered: the shipped ``_quarto.yml`` first, then the project's own
``reports/_quarto.yml`` or ``_quarto.yml`` if there is one (later wins, key by key), so that a project file
that changes one option keeps all others.

Names (title of the series, region, publisher, contact) never come from these files but from
``data/projekt.yml``: the build hands the publisher to the engine as the document's ``author``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

KINDS = {"profil": "profil.qmd", "sozialbericht": "sozialbericht.qmd"}
LABELS = {"profil": "Sozialstruktur-Profil", "sozialbericht": "Sozialbericht"}
OWN_FOLDER = "reports"
SETTINGS_NAME = "_quarto.yml"


def shipped_folder() -> Path:
    """The folder with the shipped documents inside the installed package."""
    return Path(str(resources.files("berichte").joinpath("documents")))


@dataclass(frozen=True)
class ReportDocuments:
    root: Path
    paths: dict[str, Path]  # kind → document
    own: dict[str, bool]  # kind → the project's own copy?
    settings_files: tuple[Path, ...]  # _quarto.yml files, merged in this order
    own_settings: Path | None  # the project's own _quarto.yml, if any

    def path(self, kind: str) -> Path:
        return self.paths[kind]

    def describe(self) -> list[str]:
        """German lines for ``berichte status`` and the build summary: which documents are used."""
        lines = []
        for kind in KINDS:
            if self.own[kind]:
                lines.append(f"{LABELS[kind]}: eigenes Dokument {_shown(self.paths[kind], self.root)}")
            else:
                lines.append(f"{LABELS[kind]}: mitgeliefertes Dokument von berichte")
        if self.own_settings is not None:
            lines.append(f"Dokumenteinstellungen: mitgelieferte, ergänzt um {_shown(self.own_settings, self.root)}")
        return lines

    def summary(self) -> str:
        """One line for the build summary: the shipped documents or which own copies are used."""
        own = [kind for kind in KINDS if self.own[kind]]
        if not own and self.own_settings is None:
            return "Dokumente: die mitgelieferten (Sozialstruktur-Profil, Sozialbericht)"
        parts = [f"{LABELS[k]} aus {_shown(self.paths[k], self.root)}" for k in own]
        parts += [f"{LABELS[k]} mitgeliefert" for k in KINDS if not self.own[k]]
        if self.own_settings is not None:
            parts.append(f"Einstellungen ergänzt um {_shown(self.own_settings, self.root)}")
        return "Dokumente: " + ", ".join(parts)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _own(candidate: Path, shipped: Path) -> bool:
    """A file of the project that is not the shipped one itself (the source checkout links its ``reports/`` and
    ``_quarto.yml`` to the package's documents: they are the shipped ones, not copies)."""
    return candidate.is_file() and candidate.resolve() != shipped.resolve()


def own_settings_file(root: Path) -> Path | None:
    """The project's own ``_quarto.yml`` (``reports/_quarto.yml`` first, then the one in the project folder)."""
    shipped = shipped_folder() / SETTINGS_NAME
    for candidate in (root / OWN_FOLDER / SETTINGS_NAME, root / SETTINGS_NAME):
        if _own(candidate, shipped):
            return candidate
    return None


def report_documents(root: Path | str) -> ReportDocuments:
    root = Path(root).resolve()
    shipped = shipped_folder()
    paths, own = {}, {}
    for kind, name in KINDS.items():
        candidate = root / OWN_FOLDER / name
        own[kind] = _own(candidate, shipped / name)
        paths[kind] = candidate if own[kind] else shipped / name
    own_settings = own_settings_file(root)
    files = (shipped / SETTINGS_NAME,) + ((own_settings,) if own_settings is not None else ())
    return ReportDocuments(root, paths, own, files, own_settings)


def _front_matter(path: Path) -> dict:
    """The YAML front matter of a ``.qmd`` (empty if it has none or it cannot be read)."""
    import yaml

    from .yamlfiles import safe_load

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            try:
                data = safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def _yaml_file(path: Path) -> dict:
    import yaml

    from .yamlfiles import safe_load

    try:
        data = safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _author_text(value) -> str:
    """The ``author`` of a document or settings file as one text, read as the engine reads it."""
    from ..engine.config import authors

    return " · ".join(name.strip() for name in authors({"author": value}))


def name_conflicts(root: Path | str, publisher: str) -> list[tuple[Path, str]]:
    """Names in the project's own document files that differ from ``herausgeber`` in projekt.yml:
    (file, German message). The reports always show the publisher from projekt.yml."""
    documents = report_documents(root)
    candidates = []
    if documents.own_settings is not None:
        candidates.append((documents.own_settings, _yaml_file(documents.own_settings)))
    for kind in KINDS:
        if documents.own[kind]:
            candidates.append((documents.paths[kind], _front_matter(documents.paths[kind])))
    conflicts = []
    for path, data in candidates:
        if "author" not in data:
            continue
        author = _author_text(data.get("author"))
        if author != (publisher or "").strip():
            conflicts.append((path, f"„author: {author}“ weicht vom Herausgeber in data/projekt.yml ab "
                                    f"(„{publisher}“). Die Berichte nennen den Herausgeber aus projekt.yml; "
                                    "bitte „author“ hier löschen und den Namen nur in projekt.yml pflegen "
                                    "(Feld „herausgeber“)."))
    return conflicts


EXTENSION = "_extensions/berichte"  # the Quarto extension with the house style (used by _quarto.yml)


def extension_files() -> list[str]:
    """The files of the shipped Quarto extension, relative to the documents folder."""
    folder = shipped_folder() / EXTENSION
    return sorted(p.relative_to(shipped_folder()).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def copy_shipped(root: Path | str) -> list[Path]:
    """Copy the shipped documents, their ``_quarto.yml`` and the Quarto extension ``_extensions/berichte/``
    into the project's ``reports/`` for adapting them (and for ``quarto render`` there); files that are already
    there are kept. Returns the files written."""
    from .. import atomic

    root = Path(root)
    target = root / OWN_FOLDER
    written = []
    for name in (*KINDS.values(), SETTINGS_NAME, *extension_files()):
        path = target / name
        if path.exists():
            continue
        atomic.write_bytes(path, (shipped_folder() / name).read_bytes())
        written.append(path)
    return written
