"""The who's-who behind every name on the map: a scenario's glossary looked up by id, name or alias.

A newcomer to 1917 meets dozens of regiments, parties and places; each name the window shows is passed through
`Glossary.explain` so its hover or panel can say in a sentence who or what it is.
"""

from __future__ import annotations

from petrograd1917.scenario.model import GlossaryEntry, Scenario


class Glossary:
    def __init__(self, scenario: Scenario) -> None:
        self.entries = scenario.glossary
        self._by_key: dict[str, GlossaryEntry] = {}
        for entry in self.entries:
            for key in (entry.id, entry.name, *entry.aliases):
                self._by_key.setdefault(key.casefold(), entry)

    def entry(self, *keys: str) -> GlossaryEntry | None:
        """The first entry matching any key exactly (id, name or alias), else one whose name or alias appears as
        whole words in a key ("reserve battalion" explains "Volynsky reserve battalion"), longest match first."""
        for key in keys:
            hit = self._by_key.get(key.casefold())
            if hit is not None:
                return hit
        padded = [f" {k.casefold()} " for k in keys]
        best: tuple[int, GlossaryEntry] | None = None
        for name, entry in self._by_key.items():
            if len(name) >= 4 and any(f" {name} " in k for k in padded) and (best is None or len(name) > best[0]):
                best = (len(name), entry)
        return best[1] if best else None

    def mentioned(self, text: str, skip: GlossaryEntry | None = None, limit: int = 6) -> list[GlossaryEntry]:
        """Entries whose name or alias appears in `text` as whole words, in order of first appearance: the
        who's-who lines shown under an event card or a description."""
        folded = f" {_words(text)} "
        found: dict[str, tuple[int, GlossaryEntry]] = {}
        for name, entry in self._by_key.items():
            key = _words(name)
            at = folded.find(f" {key} ") if len(key) >= 4 else -1
            if at >= 0 and entry is not skip and (entry.id not in found or at < found[entry.id][0]):
                found[entry.id] = (at, entry)
        return [e for _, e in sorted(found.values(), key=lambda pe: pe[0])][:limit]

    def explain(self, *keys: str) -> str:
        entry = self.entry(*keys)
        return entry.text if entry else ""


def _words(text: str) -> str:
    """Lower case, punctuation as spaces: "Kamenev's" and "Order No. 1" compare word by word."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())
