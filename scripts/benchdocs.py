"""The one way a benchmark writes its results into docs/performance.md: between its own pair of markers.

``write_block(name, text)`` replaces what stands between ``<!-- name:start -->`` and ``<!-- name:end -->`` (or
appends the block at the end when the markers are not there yet), so the published figures are always a run's.
Imported lazily by the bench scripts (``scripts/`` is on the path when they run as scripts).
"""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def write_block(name: str, text: str, docs: Path = DOCS) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    current = docs.read_text(encoding="utf-8")
    block = f"{start}\n{text.strip(chr(10))}\n{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    docs.write_text(current, encoding="utf-8")
    print(f"written to {docs} ({start})")
