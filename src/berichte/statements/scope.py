"""What a statement is about: one area (or the whole region) and one comparison period.

A :class:`Scope` travels through the statement builders instead of three loose parameters (key, year,
comparison year); :meth:`Scope.of` fills in the project's defaults and checks the years against the data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scope:
    """An area (``key``; None: the region as a whole) and the period from ``year_from`` to ``year``."""

    key: str | None
    year: int
    year_from: int

    @classmethod
    def of(cls, results, key: str | None = None, year: int | None = None,
           comparison_year: int | None = None) -> "Scope":
        """The scope with the project's report year and comparison year where not given (checked)."""
        year_from, year_to = results.period(year, comparison_year)
        return cls(None if key is None else str(key), year_to, year_from)

    @property
    def period(self) -> tuple[int, int]:
        return self.year_from, self.year

    def at(self, key: str | None) -> "Scope":
        """The same period for another area."""
        return replace(self, key=None if key is None else str(key))
