"""Loading and checking a project folder: settings, areas, Merkmale, the Kennzahlen catalogue and the counts.

:func:`~berichte.load.project.check_project` reads ``data/`` and collects every problem (file, row, column,
value, in German); :func:`~berichte.load.project.load_project` raises them as one
:class:`~berichte.problems.DataError`. The YAML files are described by typed models (:mod:`.model`); the
count files are read by :mod:`.readers` in any of the layouts offices deliver, aggregated over the area
hierarchy by :mod:`.aggregate` and checked for consistency by :mod:`.validation`.
"""
