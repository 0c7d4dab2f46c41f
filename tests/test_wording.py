"""An editor's reading of the whole demo build (issue 17): the wording checker (tests/wording_checker.py)
runs over every report and the Kennzahlen CSV of one HTML build of the demo region."""

from __future__ import annotations

from wording_checker import CLASSES, check, summary

# The checker found 4.316 findings in the 14 classes in the demo build before issue 17 (see the issue note);
# none may come back.


def test_the_demo_build_reads_as_an_editor_would_sign_it(demo_build, demo_root):
    output, year = demo_build
    findings = check(output / str(year), demo_root)
    assert set(CLASSES) == set(range(1, 15))
    assert not findings, summary(findings, examples=8)
