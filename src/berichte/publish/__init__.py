"""Publishing: every report in one command, incremental, parallel, safe (``berichte build``).

Modules: ``jobs`` (which reports exist and their file names), ``fingerprint`` (cheap check whether any
input changed), ``manifest`` (what was published, with content hashes, versions and a crash-safe journal),
``lock`` (one build at a time per output folder), ``worker`` (render one report in a worker process),
``cluster`` (the same on a Dask cluster), ``runner`` (the orchestration), ``versions`` (writing outputs,
Fassungen, archive, correction log), ``status`` (what a build would change), ``index_page`` (the offline
index.html), ``export`` (the Kennzahlen table as CSV and XLSX), ``sozialindex_table`` (the result table of
``berichte sozialindex``).
"""
