"""Shared test fixtures.

Real public data is read from ``../shared/data`` (next to the project checkout) or from the folder named by
the environment variable BERICHTE_SHARED_DATA; tests that need it skip with a clear reason when it is absent.
It is never copied into the project.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path | None:
    candidates = [os.environ.get("BERICHTE_SHARED_DATA"), ROOT.parent / "shared" / "data", Path("/work/shared/data")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("Die amtlichen Daten unter ../shared/data fehlen auf dieser Maschine.")
    return path


@pytest.fixture(scope="session")
def demo_root() -> Path:
    """The committed demo project (the repository root, whose data/ holds the demo region)."""
    return ROOT


@pytest.fixture(scope="session")
def demo_project(demo_root):
    from berichte.load.project import load_project

    return load_project(demo_root)


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A writable copy of the demo project's data/ folder, for tests that break or change data."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path) -> Path:
    """A writable copy of the small hand-computable project in tests/fixtures/mini."""
    shutil.copytree(MINI / "data", tmp_path / "data")
    return tmp_path


def edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    """Replace the first occurrence of ``old`` in a file (the text must be there)."""
    text = path.read_text(encoding=encoding)
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding=encoding)


def project_with_reports(target: Path, data: Path | None = None) -> Path:
    """A project folder at ``target`` with the given data/ (default: the mini project's). It has no reports/:
    like a planner's project, it uses the report documents shipped with berichte."""
    if data is not None or not (target / "data").exists():
        shutil.copytree(data or MINI / "data", target / "data")
    return target


def shipped_document(name: str) -> Path:
    """A report document shipped with berichte (``profil.qmd``, ``sozialbericht.qmd``)."""
    from berichte.load.documents import shipped_folder

    return shipped_folder() / name


def own_documents(target: Path) -> Path:
    """Copy the shipped documents and _quarto.yml into the project's reports/ (a project's own copies)."""
    from berichte.load.documents import shipped_folder

    shutil.copytree(shipped_folder(), target / "reports", ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """One HTML build of the whole demo project per test session (all reports and the Kennzahlen tables),
    shared by the tests that read built reports: (output folder, report year)."""
    from berichte.publish.runner import BuildOptions, build

    root = project_with_reports(tmp_path_factory.mktemp("demo-build"), ROOT / "data")
    summary = build(BuildOptions(root=root, output=root / "_output", formats=("html",)))
    assert not summary.failed, [o.error for o in summary.failed]
    from berichte.load.project import load_project

    return root / "_output", load_project(root).settings.report_year


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test session (Debian's, launched by path: browsers cannot be downloaded here),
    driven by Playwright; see tests/browser_helpers.py."""
    from playwright.sync_api import sync_playwright

    from browser_helpers import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
