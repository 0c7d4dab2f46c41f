"""What an earlier version published: the counts of every cell as readers saw them (NaN: not published)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Snapshot:
    label: str  # e.g. "Veröffentlichung vom 3. Mai 2024"
    values: np.ndarray  # flat, aligned to the current count table's cells; NaN = withheld or not published
