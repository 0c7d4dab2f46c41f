"""Charts and maps in the house style: plotnine → deterministic, small SVG with German alt texts.

Every function takes plain data (the dataclasses below) and returns a :class:`Chart` (``svg``, ``alt``,
``title``, ``caption``, ``save(path)``):

* :func:`time_series` — a Kennzahl over the years, area against parent, comparison period marked
* :func:`ranking` — all sibling areas sorted by value, the area highlighted, the parent as a line
* :func:`age_structure` — age groups' shares, area against parent
* :func:`small_multiples` — one small line chart per key Kennzahl
* :func:`sozialindex_scatter` — status against dynamics with the class boundaries
* :func:`choropleth`, :func:`class_map`, :func:`sozialindex_map` — maps from area geometries; what they show
  is the data, how (outlined area, names written, width) a :class:`MapView`

Each chart is made in three steps: measure (a ``*_layout`` function measures the texts with the font's
metrics and returns a frozen layout: size, plot frame, scales), place (labels put where they neither overlap
nor hide a point: ``end_labels``, ``place_labels``, ``place_names``), draw (marks and texts onto a
:class:`~.canvas.Canvas`, which renders them as SVG).
"""

from .age import AgeProfile, age_structure
from .base import AreaValue, Chart, Imprint, Measure, Series, area_values
from .maps import AreaClass, ClassLegend, MapView, choropleth, class_map, sozialindex_map
from .multiples import Panel, small_multiples
from .ranking import ranking
from .scatter import IndexPoint, IndexScheme, dynamics_class, sozialindex_scatter, status_class
from .timeseries import time_series

__all__ = [
    "AgeProfile", "AreaClass", "AreaValue", "Chart", "ClassLegend", "Imprint", "IndexPoint", "IndexScheme", "MapView",
    "Measure", "Panel", "Series",
    "age_structure", "area_values", "choropleth", "class_map", "dynamics_class", "ranking", "small_multiples",
    "sozialindex_map", "sozialindex_scatter", "status_class", "time_series",
]
