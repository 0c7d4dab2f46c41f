"""Publishing build: every report in one command, incremental, parallel, safe (``berichte build``).

Modules: ``jobs`` (which reports exist and their file names), ``fingerprint`` (cheap check whether any
input changed), ``manifest`` (what was published, with content hashes, versions and a crash-safe journal),
``lock`` (one build at a time per output folder), ``worker`` (render one report in a worker process),
``runner`` (the orchestration), ``publish`` (writing outputs, archive, correction log), ``index_page``
(the offline index.html), ``cli`` (``berichte build`` and ``berichte status``).
"""
