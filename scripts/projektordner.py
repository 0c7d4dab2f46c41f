"""Write docs/projektordner.md and docs/schema/*.json from the typed descriptions of the project files.

    .venv/bin/python scripts/projektordner.py          # write
    .venv/bin/python scripts/projektordner.py --pruefen  # exit 1 if the committed files are out of date

The descriptions live in the code (berichte.load.settings, .merkmale, .catalogue, .sozialindex_config);
tests/test_reference.py fails when the committed files differ from what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from berichte.load.reference import reference_markdown, schema_texts

ROOT = Path(__file__).resolve().parents[1]


def expected() -> dict[Path, str]:
    files = {ROOT / "docs" / "projektordner.md": reference_markdown()}
    files.update({ROOT / "docs" / "schema" / name: text for name, text in schema_texts().items()})
    return files


def main(argv: list[str]) -> int:
    files = expected()
    if "--pruefen" in argv:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"veraltet: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"geschrieben: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
