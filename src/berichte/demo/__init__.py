"""The demo project "Region Seewalden" (fiktive Beispieldaten): areas, simulated counts, files, map.

``berichte demo`` writes it with :func:`write_demo_project`; the same seed always gives the same bytes.
"""

from .files import write_demo_project
from .region import REGION_KEY, REGION_NAME, SEED, YEARS, demo_region

__all__ = ["write_demo_project", "demo_region", "REGION_KEY", "REGION_NAME", "SEED", "YEARS"]
