"""Problems found in input data and configuration, collected rather than raised one by one.

Every loader and check appends :class:`Problem` objects to a :class:`Problems` list so that a single
run of ``berichte pruefen`` reports everything that is wrong, each naming file, row, column and value.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

ERROR = "Fehler"
WARNING = "Warnung"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. ``row`` is the line number as a spreadsheet shows it (header = 1)."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    severity: str = ERROR
    sheet: str | None = None  # the sheet of an Excel file
    cell: str | None = None  # the cell of an Excel file ("C7"); shown instead of the row


    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"Blatt „{self.sheet}“")
        if self.cell:
            parts.append(f"Zelle {self.cell}")
        elif self.row is not None:
            parts.append(f"Zeile {self.row}")
        if self.column:
            parts.append(f"Spalte „{self.column}“")
        if self.value is not None and str(self.value) != "":
            parts.append(f"Wert „{_short(self.value)}“")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{self.severity}: {where}: {self.message}" if where else f"{self.severity}: {self.message}"


def _short(value: object, limit: int = 60) -> str:
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Repeated problems are summarised, so that a file with two million bad rows gives a few lines, not two million:
# at most PER_KIND problems of one kind (same severity, file and message, or the kind a check names) are kept,
# the rest is counted in one summary line in their place; beyond MAX_ITEMS lines everything is only counted.
PER_KIND = 20
MAX_ITEMS = 2000


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class Problems:
    """An ordered collection of problems; files are shown relative to ``base`` when possible.

    Repeated problems of one kind are summarised (see PER_KIND, MAX_ITEMS): ``items`` stays short however
    many problems a check finds, and a summary line keeps the severity of what it stands for.
    """

    base: Path | None = None
    items: list[Problem] = field(default_factory=list)
    _counts: dict = field(default_factory=dict, repr=False)  # kind → problems of that kind so far
    _summaries: dict = field(default_factory=dict, repr=False)  # kind → (index of its summary line, count)

    def _rel(self, file: str | Path | None) -> str | None:
        if file is None:
            return None
        path = Path(file)
        if self.base is not None:
            try:
                return str(path.resolve().relative_to(self.base.resolve()))
            except (ValueError, OSError, RuntimeError):
                pass
        return str(path)

    def error(self, message: str, file=None, row=None, column=None, value=None, *, sheet=None, cell=None,
              kind=None) -> Problem:
        return self.add(Problem(message, self._rel(file), row, column, value, ERROR, sheet, cell), kind)

    def warning(self, message: str, file=None, row=None, column=None, value=None, *, sheet=None, cell=None,
                kind=None) -> Problem:
        return self.add(Problem(message, self._rel(file), row, column, value, WARNING, sheet, cell), kind)

    def add(self, problem: Problem, kind=None) -> Problem:
        """Keep ``problem``, or only count it once PER_KIND problems of its kind are kept. ``kind`` names
        the kind where the message differs from row to row (it holds a key or a value)."""
        key = (problem.severity, problem.file, problem.message if kind is None else kind)
        seen = self._counts.get(key, 0)
        self._counts[key] = seen + 1
        if seen < PER_KIND and len(self.items) < MAX_ITEMS:
            self.items.append(problem)
        else:
            self.more(problem, 1, kind)
        return problem

    def more(self, sample: Problem, n: int, kind=None) -> None:
        """Count ``n`` further problems like ``sample`` without listing them (a check that reports the first
        rows of a large group itself and only counts the rest)."""
        if n <= 0:
            return
        key = (sample.severity, sample.file, sample.message if kind is None else kind)
        if key not in self._summaries and len(self.items) >= MAX_ITEMS:
            key = (sample.severity, None, "*")  # beyond MAX_ITEMS: one line per severity for everything
        index, total = self._summaries.get(key, (None, 0))
        total += n
        if key[2] == "*":
            text = (f"… und {_thousands(total)} weitere Meldungen ({'Fehler' if sample.is_error else 'Warnungen'}), "
                    "nicht einzeln aufgeführt. Bitte zuerst die genannten Probleme beheben und erneut prüfen.")
            line = Problem(text, severity=sample.severity)
        else:
            what = _short(sample.message, 100)
            text = f"… und {_thousands(total)} weitere {'Meldung' if total == 1 else 'Meldungen'} dieser Art " \
                   f"(„{what}“), nicht einzeln aufgeführt."
            line = Problem(text, sample.file, severity=sample.severity, sheet=sample.sheet)
        if index is None:
            self._summaries[key] = (len(self.items), total)
            self.items.append(line)
        else:
            self._summaries[key] = (index, total)
            self.items[index] = line

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class BerichteError(Exception):
    """An error a user can fix; the CLI prints its German message without a traceback."""

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def _render_traceback_(self) -> list[str]:
        """What IPython (Jupyter, hence ``quarto render``) shows for this error in a cell: the German message
        and the problems, not a Python traceback."""
        return [self.message, *(str(p) for p in self.problems)]


class DataError(BerichteError):
    """The input data or configuration is invalid; carries every problem found."""


class OutputError(BerichteError):
    """The output could not be written (a path outside the output folder, a device or pipe as target, a full
    disk, missing permissions …): exit code 3, nothing half-written is left behind."""

    exit_code = 3


# What the operating system said, in German; one place for every command (the CLI, writers, readers).
OS_ERRORS = {
    errno.ENOSPC: "Auf dem Datenträger ist kein Speicherplatz mehr frei",
    errno.EDQUOT: "Das Speicherkontingent (Quota) ist ausgeschöpft",
    errno.EACCES: "Keine Berechtigung",
    errno.EPERM: "Vorgang nicht erlaubt (fehlende Berechtigung)",
    errno.EROFS: "Das Dateisystem ist schreibgeschützt",
    errno.ENOENT: "Datei oder Ordner nicht gefunden",
    errno.EISDIR: "Das ist ein Ordner, keine Datei",
    errno.ENOTDIR: "Ein Teil des Pfades ist kein Ordner",
    errno.EEXIST: "Die Datei gibt es bereits",
    errno.EFBIG: "Die Datei ist zu groß",
    errno.EIO: "Ein- oder Ausgabefehler des Datenträgers",
    errno.ENAMETOOLONG: "Der Dateiname ist zu lang",
    errno.EMFILE: "Zu viele offene Dateien",
    errno.ENFILE: "Zu viele offene Dateien im System",
    errno.ELOOP: "Zu viele symbolische Verknüpfungen (Kreis?)",
    errno.EBUSY: "Datei oder Gerät ist belegt",
    errno.ETXTBSY: "Die Datei wird gerade ausgeführt",
    errno.EXDEV: "Verschieben zwischen verschiedenen Dateisystemen nicht möglich",
    errno.ENXIO: "Gerät oder Adresse nicht vorhanden",
    errno.ENODEV: "Gerät nicht vorhanden",
    errno.EAGAIN: "Die Datei ist vorübergehend nicht verfügbar",
    errno.ESTALE: "Veraltete Netzwerkdatei (NFS)",
}


def os_error_reason(exc: OSError) -> str:
    """What the operating system said, in German, without a path ("Keine Berechtigung")."""
    reason = OS_ERRORS.get(exc.errno)
    if reason is None:
        name = errno.errorcode.get(exc.errno) if exc.errno is not None else None
        reason = f"Fehler des Betriebssystems ({name})" if name else f"Fehler des Betriebssystems: {exc}"
    return reason


def os_error_text(exc: OSError, path: object = None) -> str:
    """``OSError`` as a German sentence naming the path, e.g. "Auf dem Datenträger ist kein Speicherplatz mehr frei:
    /srv/bericht/_output/2023/profil.pdf"."""
    reason = os_error_reason(exc)
    where = path if path is not None else exc.filename
    if exc.filename2 is not None and path is None:
        where = f"{exc.filename} → {exc.filename2}"
    return f"{reason}: {where}" if where not in (None, "") else reason
