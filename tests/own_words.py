"""Runs of words our texts share with the source histories, found through their fingerprints.

Facts and figures carry over from the histories; sentences do not. A run of RUN_WORDS words found in both is a
copied sentence, whatever the punctuation or case.
"""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN_WORDS = 9
DIGEST_BYTES = 8
OUTPUT = Path(__file__).resolve().parent / "fixtures" / "source-runs.bin"
_WORD = re.compile(r"[a-zà-ÿ0-9']+")
_TEXT_SUFFIXES = (".yaml", ".yml", ".md", ".txt", ".json")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def digest(run: Iterable[str]) -> bytes:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=DIGEST_BYTES).digest()


def digests(text_words: list[str]) -> Iterator[bytes]:
    for start in range(len(text_words) - RUN_WORDS + 1):
        yield digest(text_words[start : start + RUN_WORDS])


def load_fingerprints() -> set[bytes]:
    data = OUTPUT.read_bytes()
    return {data[i : i + DIGEST_BYTES] for i in range(0, len(data), DIGEST_BYTES)}


def project_texts(root: Path) -> Iterator[tuple[Path, str]]:
    """Every text a player or modder reads: scenarios, docs, assets, the README and the strings in the code."""
    for folder in ("scenarios", "docs", "assets"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in _TEXT_SUFFIXES and path.is_file():
                yield path, path.read_text(encoding="utf-8", errors="replace")
    yield root / "README.md", (root / "README.md").read_text(encoding="utf-8")
    for path in sorted((root / "src").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings = (node.value for node in ast.walk(tree) if isinstance(node, ast.Constant))
        yield path, "\n".join(value for value in strings if isinstance(value, str))


def shared_runs(text: str, fingerprints: set[bytes]) -> list[str]:
    """The longest runs of the text whose every RUN_WORDS-word window is in the fingerprints."""
    text_words = words(text)
    found: list[str] = []
    start = 0
    while start <= len(text_words) - RUN_WORDS:
        if digest(text_words[start : start + RUN_WORDS]) not in fingerprints:
            start += 1
            continue
        end = start + RUN_WORDS
        while end < len(text_words) and digest(text_words[end - RUN_WORDS + 1 : end + 1]) in fingerprints:
            end += 1
        found.append(" ".join(text_words[start:end]))
        start = end
    return found
