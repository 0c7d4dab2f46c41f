"""What the report documents (``reports/*.qmd``) ask for: text, tables and figures as Markdown.

The ``.qmd`` cells only call this package; no computation happens in the documents. Everything is built
from the computed results of the project (:mod:`berichte.compute`), which are computed once per process
and shared by all reports (see :mod:`berichte.content.session`).
"""
