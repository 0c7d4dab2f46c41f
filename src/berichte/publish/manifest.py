"""The manifest: what has been published, from which content, in which version.

``_output/.berichte/manifest.json`` holds one entry per report (content hash, version, dates, files with
their SHA-256), the fingerprint of the inputs of the last complete build, and the data files' hashes.
While a build runs, every finished report is appended to ``journal.jsonl`` (flushed to disk) before the
next one starts; the manifest itself is rewritten atomically at the end. A build that is killed leaves a
journal that the next build replays first, so the manifest always matches the files on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import atomic

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

    @classmethod
    def from_dict(cls, data: dict) -> "Entry":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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

    @classmethod
    def load(cls, output: Path) -> "Manifest":
        manifest = cls(output)
        if manifest.path.exists():
            try:
                data = json.loads(manifest.path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                data = {}  # a damaged manifest: rebuild everything, files are compared by content
            if data.get("format") == FORMAT:
                manifest.inputs = data.get("inputs", "")
                manifest.data_files = data.get("data_files", {})
                manifest.tables = data.get("tables", {})
                manifest.draft = bool(data.get("entwurf", False))
                manifest.entries = {e["id"]: Entry.from_dict(e) for e in data.get("reports", [])}
        manifest._replay()
        return manifest

    def _replay(self) -> None:
        """Apply the journal of an interrupted build; the inputs fingerprint is not trusted then."""
        if not self.journal.exists():
            return
        for line in self.journal.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line of a killed build may be cut off
            kind = record.get("type")
            if kind == "pending":
                self.pending[record["entry"]["id"]] = Entry.from_dict(record["entry"])
            elif kind == "report":
                entry = Entry.from_dict(record["entry"])
                self.entries[entry.id] = entry
                self.pending.pop(entry.id, None)
            elif kind == "table":
                self.tables[record["year"]] = record["hash"]
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
                if path.exists():
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
        self.state.mkdir(parents=True, exist_ok=True)
        with open(self.journal, "a", encoding="utf-8") as handle:
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
        atomic.write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        if self.journal.exists():
            self.journal.unlink()

    def intact(self, entry: Entry) -> bool:
        """Are the entry's published files there, unchanged since they were written?"""
        for info in entry.files.values():
            path = self.output / info["path"]
            if not path.exists() or path.stat().st_size != info.get("size", -1):
                return False
        return bool(entry.files)

    def verify(self, entry: Entry) -> bool:
        """Like :meth:`intact`, but compares the files' SHA-256 (slower, exact)."""
        return self.intact(entry) and all(file_hash(self.output / i["path"]) == i["sha256"]
                                          for i in entry.files.values())
