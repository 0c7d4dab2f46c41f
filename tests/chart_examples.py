"""Chart inputs computed straight from a loaded project's count table, for the gallery, tests and benchmark.

This is a small stand-in for the indicator engine (ratio of sums, primary secrecy rule only: numerator
≥ 3 and denominator ≥ 100); reports take their values from the engine. The chart functions themselves
never see project objects, only what these helpers (or the engine) hand them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from berichte.charts.age import AgeProfile
from berichte.charts.base import AreaValue, Imprint, Measure, Series
from berichte.content.figures import AGE_GROUPS



def _sum(values: pd.DataFrame, formula) -> pd.Series:
    total = pd.Series(0.0, index=values.index)
    for sign, merkmal in formula.terms:
        total = total + sign * values[merkmal]
    return total


def kennzahl_frame(project, kennzahl_id: str) -> pd.DataFrame:
    """Columns value and suppressed, indexed by (key, year)."""
    kennzahl = project.catalogue[kennzahl_id]
    values = project.table.values
    numerator = _sum(values, kennzahl.numerator)
    if kennzahl.denominator is None:
        value = numerator
        suppressed = numerator.between(1, 2)
    else:
        denominator = _sum(values, kennzahl.denominator)
        value = numerator / denominator.where(denominator > 0) * kennzahl.factor
        small = (numerator < 3) if kennzahl.numerator.is_sum else pd.Series(False, index=numerator.index)
        suppressed = small | (denominator < 100)
    suppressed = suppressed & value.notna()
    return pd.DataFrame({"value": value.where(~suppressed), "suppressed": suppressed})


def measure(project, kennzahl_id: str) -> Measure:
    return Measure.from_kennzahl(project.catalogue[kennzahl_id])


def imprint(project) -> Imprint:
    return Imprint(project.settings.reference_date, project.settings.demo)


def series(project, kennzahl_id: str, key: str, frame: pd.DataFrame | None = None) -> Series:
    frame = kennzahl_frame(project, kennzahl_id) if frame is None else frame
    part = frame.loc[key]
    values = {int(y): (None if np.isnan(v) else float(v)) for y, v in part["value"].items()}
    secret = frozenset(int(y) for y, s in part["suppressed"].items() if s)
    return Series(project.areas.name(key), values, secret, key)


def values(project, kennzahl_id: str, keys: list[str], year: int,
           frame: pd.DataFrame | None = None) -> list[AreaValue]:
    frame = kennzahl_frame(project, kennzahl_id) if frame is None else frame
    result = []
    for key in keys:
        value = frame.at[(key, year), "value"]
        result.append(AreaValue(key, project.areas.name(key), None if np.isnan(value) else float(value),
                                bool(frame.at[(key, year), "suppressed"])))
    return result


def age_profile(project, key: str, year: int) -> AgeProfile:
    row = project.table.values.loc[(key, year)]
    return AgeProfile(project.areas.name(key), {label: float(row[m]) for m, label in AGE_GROUPS.items()})


def sozialindex_points(project, keys: list[str], year: int):
    """A simple Sozialindex for the examples: mean of z-values of the status indicators, standardised again
    (higher = more disadvantage); dynamics the same over the change in ``jahre_dynamik`` years."""
    from berichte.charts.scatter import IndexPoint

    config = project.settings.sozialindex
    span = config.jahre_dynamik
    minimum = float(config.mindest_einwohner)
    population = project.table.values["ew_insgesamt"]
    usable = [k for k in keys if population.get((k, year), 0) >= minimum]

    def zscores(frame: pd.DataFrame) -> pd.Series:
        z = (frame - frame.mean()) / frame.std(ddof=0)
        for column in frame.columns:  # favourable-high indicators count the other way round
            if project.catalogue[column].polarity == "hoch_guenstig":
                z[column] = -z[column]
        combined = z.mean(axis=1)
        return (combined - combined.mean()) / combined.std(ddof=0)

    status = pd.DataFrame({k: [kennzahl_frame(project, k).at[(a, year), "value"] for a in usable]
                           for k in config.status}, index=usable)
    change = pd.DataFrame({k: [kennzahl_frame(project, k).at[(a, year), "value"]
                               - kennzahl_frame(project, k).at[(a, year - span), "value"] for a in usable]
                           for k in config.dynamik}, index=usable)
    zs, zd = zscores(status), zscores(change)
    return [IndexPoint(k, project.areas.name(k), float(zs[k]) if k in zs.index and not np.isnan(zs[k]) else None,
                       float(zd[k]) if k in zd.index and not np.isnan(zd[k]) else None) for k in keys]
