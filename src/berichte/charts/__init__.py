"""Charts and maps in the house style (plotnine → deterministic SVG with German alt texts)."""

from .age import AgeProfile, age_structure
from .base import AreaValue, Chart, Imprint, Measure, Series, area_values
from .timeseries import time_series

__all__ = ["AgeProfile", "AreaValue", "Chart", "Imprint", "Measure", "Series", "age_structure", "area_values",
           "time_series"]
