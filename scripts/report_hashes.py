"""Print the content hash of every published report (and the table files) from a build's manifest.

    .venv/bin/python scripts/report_hashes.py _output > hashes.txt

Two builds of the same data by different code show the same reader-visible content when the two outputs
are identical (``diff``). The content hash covers what the reader sees (text, tables, figures, styles),
not the build date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(output: Path) -> None:
    manifest = json.loads((output / ".berichte" / "manifest.json").read_text(encoding="utf-8"))
    for report in sorted(manifest["reports"], key=lambda r: r["id"]):
        print(report["id"], report["content_hash"])
    for year, digest in sorted(manifest.get("tables", {}).items()):
        print(f"tabellen {year}", digest)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "_output"))
