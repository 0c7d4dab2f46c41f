"""Problems found in input data and configuration, collected rather than raised one by one.

Every loader and check appends :class:`Problem` objects to a :class:`Problems` list so that a single
run of ``berichte pruefen`` reports everything that is wrong, each naming file, row, column and value.
"""

from __future__ import annotations

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

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
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


@dataclass
class Problems:
    """An ordered collection of problems; files are shown relative to ``base`` when possible."""

    base: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def _rel(self, file: str | Path | None) -> str | None:
        if file is None:
            return None
        path = Path(file)
        if self.base is not None:
            try:
                return str(path.resolve().relative_to(self.base.resolve()))
            except ValueError:
                pass
        return str(path)

    def error(self, message: str, file=None, row=None, column=None, value=None) -> None:
        self.items.append(Problem(message, self._rel(file), row, column, value, ERROR))

    def warning(self, message: str, file=None, row=None, column=None, value=None) -> None:
        self.items.append(Problem(message, self._rel(file), row, column, value, WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

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
