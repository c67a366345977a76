#!/usr/bin/env python3
"""Write the fingerprints of the source histories' word runs, so the tests can check our texts without the sources.

    python3 scripts/fingerprint_sources.py SOURCES_DIR

The game's texts must be written in the project's own words. The histories it is built from are not part of the
repository, so this keeps only an 8-byte digest of every run of RUN_WORDS words in them
(`tests/fixtures/source-runs.bin`, sorted); `tests/test_own_words.py` looks up each run of our texts there.
Run it again whenever the set of sources changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from own_words import OUTPUT, digests, words


def main(sources: Path) -> None:
    found: set[bytes] = set()
    for path in sorted(sources.glob("*.txt")):
        found.update(digests(words(path.read_text(encoding="utf-8", errors="replace"))))
    OUTPUT.write_bytes(b"".join(sorted(found)))
    print(f"wrote {len(found)} fingerprints to {OUTPUT.name}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
