"""berichte: automated social-monitoring reports (Sozialberichterstattung) for German municipalities.

The public API follows the pipeline (``docs/entwicklung.md`` walks one area through it)::

    import berichte

    project, problems = berichte.check_project("mein-projekt")    # load and check data/ (every problem)
    project = berichte.load_project("mein-projekt")               # … or raise DataError on any error
    results = berichte.compute(project)                           # Kennzahlen, changes, secrecy, Sozialindex
    scope = berichte.Scope.of(results, "03157005")                # one area, the project's period
    for s in berichte.area_statements(results, scope):            # German statements about the area
        print(s.text)
    berichte.render_document("reports/profil.qmd", {"gebiet": "03157005", "jahr": 2022,
                             "projekt": "mein-projekt"}, out_pdf="profil.pdf", project_root="mein-projekt")
    berichte.build(berichte.BuildOptions(root=Path("mein-projekt"), output=Path("mein-projekt/_output")))

Names are imported on first use, so ``berichte --hilfe`` stays fast.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "check_project": "load.project", "load_project": "load.project", "Project": "load.project",
    "compute": "compute.results", "Results": "compute.results",
    "area_statements": "statements", "at_a_glance": "statements", "theme_intro": "statements",
    "region_statements": "statements", "Statement": "statements", "Scope": "statements",
    "render_document": "engine", "Renderer": "engine",
    "build": "publish.runner", "BuildOptions": "publish.runner",
    "write_kennzahlen_table": "publish.export",
    "BerichteError": "problems", "DataError": "problems", "Problems": "problems",
}
__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
