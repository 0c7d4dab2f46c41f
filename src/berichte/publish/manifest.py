"""The manifest: what has been published, from which content, in which version.

``_output/.berichte/manifest.json`` holds one entry per report (content hash, version, dates, files with
their SHA-256), the fingerprint of the inputs of the last complete build, and the data files' hashes.
While a build runs, every finished report is appended to ``journal.jsonl`` (flushed to disk) before the
next one starts; the manifest itself is rewritten atomically at the end. A build that is killed leaves a
journal that the next build replays first, so the manifest always matches the files on disk.

Both files lie in a folder anyone with write access to the output can change, so they are read through a
schema (:class:`ManifestRecord`, :class:`JournalRecord`): a file of the wrong shape, an entry missing fields,
a path that is not exactly ``<jahr>/<stamm>.<format>`` of its own report (``../data/…``, absolute paths) make
the file *damaged*: it is not followed, a German warning says so, and every report is checked and rendered
again. Published files are compared by their SHA-256, so a single changed byte is noticed and repaired.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, \
    field_validator, model_validator

from .. import atomic
from ..load.areas import valid_key
from ..problems import os_error_text

STATE_DIR = ".berichte"
FORMAT = 1


@dataclass
class Entry:
    id: str  # "<jahr>/<stem>"
    kind: str  # profil | sozialbericht
    key: str
    year: int
    comparison: int
    title: str
    area: str
    level: str
    content_hash: str
    version: int = 1
    published: str = ""  # date of the first version (ISO)
    corrected: str = ""  # date of the current version if it is a correction
    files: dict = field(default_factory=dict)  # format → {"path": relative path, "sha256": …}



def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- the schema of what is read back ---------------------------------------------------------------------
_HEX64 = r"^[0-9a-f]{64}$"
_REPORT_ID = re.compile(r"[0-9]{4}/[0-9A-Za-z][0-9A-Za-z_-]*")


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class FileRecord(_Record):
    path: StrictStr
    sha256: Annotated[str, Field(pattern=_HEX64)]
    size: Annotated[StrictInt, Field(ge=0)] | None = None


class EntryRecord(_Record):
    """One published report; its file paths must be exactly ``<id>.<format>`` (nothing else is followed)."""

    id: StrictStr
    kind: Literal["profil", "sozialbericht"]
    key: StrictStr
    year: Annotated[StrictInt, Field(ge=1000, le=9999)]
    comparison: StrictInt
    title: StrictStr
    area: StrictStr
    level: StrictStr
    content_hash: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")]
    version: Annotated[StrictInt, Field(ge=1)] = 1
    published: StrictStr = ""
    corrected: StrictStr = ""
    files: dict[Literal["html", "pdf"], FileRecord] = Field(default_factory=dict)

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not valid_key(value):
            raise ValueError("ungültiger Gebietsschlüssel")
        return value

    @field_validator("published", "corrected")
    @classmethod
    def _date(cls, value: str) -> str:
        if value:
            dt.date.fromisoformat(value)  # ValueError: not a date
        return value

    @model_validator(mode="after")
    def _paths(self) -> "EntryRecord":
        if not _REPORT_ID.fullmatch(self.id) or not self.id.startswith(f"{self.year}/"):
            raise ValueError(f"unerwartete Kennung „{self.id}“")
        for fmt, info in self.files.items():
            if info.path != f"{self.id}.{fmt}":
                raise ValueError(f"unerwarteter Pfad „{info.path}“")
        return self

    def entry(self) -> "Entry":
        data = self.model_dump()
        data["files"] = {fmt: {k: v for k, v in info.items() if v is not None} for fmt, info in data["files"].items()}
        return Entry(**data)


class ManifestRecord(_Record):
    format: Literal[1]
    inputs: StrictStr = ""
    data_files: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    tables: dict[Annotated[str, Field(pattern=r"^[0-9]{4}$")], Annotated[str, Field(pattern=_HEX64)]] = \
        Field(default_factory=dict)
    entwurf: StrictBool = False
    reports: list[EntryRecord] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> "ManifestRecord":
        ids = [r.id for r in self.reports]
        if len(ids) != len(set(ids)):
            raise ValueError("ein Bericht ist doppelt eingetragen")
        return self


class _EntryLine(_Record):
    type: Literal["pending", "report"]
    entry: EntryRecord


class _TableLine(_Record):
    type: Literal["table"]
    year: Annotated[str, Field(pattern=r"^[0-9]{4}$")]
    hash: Annotated[str, Field(pattern=_HEX64)]


class JournalRecord(BaseModel):
    line: Annotated[Union[_EntryLine, _TableLine], Field(discriminator="type")]


def _reason(exc: BaseException) -> str:
    """Why a file counts as damaged, in German and short (for the warning)."""
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"] if part != "line")
        if error["type"] == "value_error":
            what = str(error.get("ctx", {}).get("error", "unerwarteter Wert"))
        elif error["type"] == "missing":
            what = "Angabe fehlt"
        elif error["type"].endswith("_type") or error["type"].startswith("union_tag"):
            what = "falscher Aufbau"
        else:
            what = "unerwarteter Wert"
        return f"{where}: {what}" if where else what
    if isinstance(exc, json.JSONDecodeError):
        return f"kein gültiges JSON, Zeile {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "keine UTF-8-Kodierung"
    if isinstance(exc, RecursionError):
        return "zu tief verschachtelt"
    if isinstance(exc, OSError):
        return os_error_text(exc)
    return str(exc)


def regular_file_inside(output: Path, path: Path) -> bool:
    """Is ``path`` a regular file that (resolved) lies inside ``output``? Nothing else is read or copied."""
    try:
        return atomic.contains(output, path) and stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


STATE_LIMIT = 256 * 1024 * 1024  # bytes; a real manifest of 10.000 reports is a few megabytes


def _read_state(output: Path, path: Path) -> str:
    """The text of a file in ``.berichte/``: a regular file inside the output folder, of a sane size, UTF-8."""
    if not regular_file_inside(output, path):
        raise ValueError("keine gewöhnliche Datei im Ausgabeordner")
    if path.stat().st_size > STATE_LIMIT:
        raise ValueError("unplausibel groß")
    return path.read_text(encoding="utf-8")


class Manifest:
    def __init__(self, output: Path):
        self.output = Path(output)
        self.state = self.output / STATE_DIR
        self.path = self.state / "manifest.json"
        self.journal = self.state / "journal.jsonl"
        self.entries: dict[str, Entry] = {}
        self.inputs: str = ""
        self.data_files: dict[str, str] = {}
        self.tables: dict[str, str] = {}
        self.pending: dict[str, Entry] = {}  # reports being written (journal "pending", not yet "report")
        self.draft: bool = False  # a folder of drafts (berichte build --entwurf): never versions or archive
        self.warnings: list[str] = []  # damaged manifest or journal (German, for the build's summary)

    @classmethod
    def load(cls, output: Path) -> "Manifest":
        manifest = cls(output)
        if manifest.path.exists() or manifest.path.is_symlink():
            try:
                record = ManifestRecord.model_validate(json.loads(_read_state(manifest.output, manifest.path)))
            except (OSError, ValueError, RecursionError) as exc:  # JSON, UTF-8, schema, nesting
                manifest.warnings.append(
                    f"Die Verwaltungsdatei {manifest.path} ist beschädigt ({_reason(exc)}); sie wird nicht "
                    "verwendet. Alle Berichte werden geprüft und neu erzeugt, die bisherigen Fassungsnummern "
                    "gehen dabei verloren.")
            else:
                manifest.inputs = record.inputs
                manifest.data_files = dict(record.data_files)
                manifest.tables = dict(record.tables)
                manifest.draft = record.entwurf
                manifest.entries = {r.id: r.entry() for r in record.reports}
        manifest._replay()
        return manifest

    def _replay(self) -> None:
        """Apply the journal of an interrupted build; the inputs fingerprint is not trusted then. A last line
        cut off by a killed build is expected; any other line that does not fit the schema is skipped with a
        warning (the next build then checks and renders everything)."""
        if not (self.journal.exists() or self.journal.is_symlink()):
            return
        try:
            lines = _read_state(self.output, self.journal).splitlines()
        except (OSError, ValueError) as exc:
            self.warnings.append(f"Das Build-Protokoll {self.journal} ist beschädigt ({_reason(exc)}); es wird "
                                 "nicht verwendet. Alle Berichte werden geprüft und neu erzeugt.")
            lines = []
        damaged = []
        for number, line in enumerate(lines, start=1):
            try:
                record = JournalRecord.model_validate({"line": json.loads(line)}).line
            except json.JSONDecodeError:
                if number < len(lines):
                    damaged.append(number)
                continue  # the last line of a killed build may be cut off
            except (ValueError, RecursionError):
                damaged.append(number)
                continue
            if isinstance(record, _TableLine):
                self.tables[record.year] = record.hash
                continue
            entry = record.entry.entry()
            if record.type == "pending":
                self.pending[entry.id] = entry
            else:
                self.entries[entry.id] = entry
                self.pending.pop(entry.id, None)
        if damaged:
            shown = ", ".join(map(str, damaged[:5])) + (" …" if len(damaged) > 5 else "")
            self.warnings.append(f"Das Build-Protokoll {self.journal} enthält {len(damaged)} beschädigte "
                                 f"Zeile{'n' if len(damaged) != 1 else ''} ({shown}); sie werden übergangen. "
                                 "Alle Berichte werden geprüft und neu erzeugt.")
        self.settle()
        self.inputs = ""

    def settle(self) -> None:
        """Resolve reports whose writing was interrupted: the files on disk may be old or new (each file is
        written atomically). The entry then records what is on disk, and an empty content hash makes the next
        build render the report again."""
        for entry in self.pending.values():
            files = {}
            for fmt, info in entry.files.items():
                path = self.output / info["path"]
                if regular_file_inside(self.output, path):
                    files[fmt] = {"path": info["path"], "sha256": file_hash(path), "size": path.stat().st_size}
            old = self.entries.get(entry.id)
            settled = Entry(**{**asdict(old or entry), "files": files, "content_hash": ""})
            self.entries[entry.id] = settled
        self.pending = {}

    def begin(self, entry: Entry) -> None:
        """Note in the journal that a report's files are about to be replaced (write-ahead)."""
        self.pending[entry.id] = entry
        self._append({"type": "pending", "entry": asdict(entry)})

    def record(self, entry: Entry) -> None:
        """Note a finished report in the journal (durable before the next report is written)."""
        self.entries[entry.id] = entry
        self.pending.pop(entry.id, None)
        self._append({"type": "report", "entry": asdict(entry)})

    def record_table(self, year: str, digest: str) -> None:
        self.tables[year] = digest
        self._append({"type": "table", "year": year, "hash": digest})

    def _append(self, record: dict) -> None:
        journal = atomic.target(self.journal, self.output)  # never a device, pipe or link out of the folder
        journal.parent.mkdir(parents=True, exist_ok=True)
        with open(journal, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def save(self) -> None:
        self.settle()
        data = {
            "format": FORMAT,
            "inputs": self.inputs,
            "data_files": self.data_files,
            "tables": self.tables,
            "entwurf": self.draft,
            "reports": [asdict(e) for e in sorted(self.entries.values(), key=lambda e: e.id)],
        }
        atomic.write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1), inside=self.output)
        if self.journal.exists() or self.journal.is_symlink():
            self.journal.unlink()

    def intact(self, entry: Entry) -> bool:
        """Are the entry's published files there, regular files in the output folder, unchanged (SHA-256)
        since they were written?"""
        for info in entry.files.values():
            path = self.output / info["path"]
            if not regular_file_inside(self.output, path) or file_hash(path) != info.get("sha256"):
                return False
        return bool(entry.files)
