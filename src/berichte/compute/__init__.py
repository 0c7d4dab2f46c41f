"""Everything computed from a loaded project, once per build: :class:`~berichte.compute.results.Results`.

Secrecy of the counts (:mod:`.secrecy`), every Kennzahl for every area and year with the state of each value
(:mod:`.indicators`), changes over any period with significance, conspicuousness and ranks
(:mod:`.comparison`, :mod:`.significance`, :mod:`.siblings`) and the Sozialindex (:mod:`.sozialindex`).
"""
