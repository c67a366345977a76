"""Small helpers that turn names and numbers into the sentences of the game log.

A faction is named by its short name with an article ('the MRC', 'The Government'). Sentences are built so that
no verb has a faction for its subject ('Control of Vyborg passes to the Bolsheviks', 'The MRC's men hold ...'):
a short name does not say whether it is singular or plural."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.index import index_for
from petrograd1917.scenario.model import Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


def the(name: str, start: bool = True) -> str:
    """'The Volynsky reserve battalion' at the start of a sentence, 'the …' inside one (no doubled article)."""
    article = "The" if start else "the"
    if name[:4].lower() == "the ":
        return article + name[3:]
    return f"{article} {name}"


def possessive(name: str) -> str:
    """'Bolsheviks'' and 'Government's'."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def count(people: float) -> str:
    """A head count as a reader wants it: '4,200', never '4199.87'."""
    n = round(float(people))  # a Python float: round() on a numpy one costs ten times as much, same result
    if n >= 1000:
        n = round(n, -2)
    return f"{n:,}"


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """'three' for a small count in running text, digits from 11 on."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def rough(people: float) -> str:
    """An estimate: 'about 220', 'about 3,300' (tens below a thousand, hundreds above)."""
    n = round(float(people))
    return f"about {round(n, -2) if n >= 1000 else round(n, -1) if n >= 100 else n:,}"


_PLURAL_WORDS = frozenset({"police", "militia", "people", "cavalry", "crew"})


def is_plural(name: str) -> bool:
    """'Baltic Fleet sailors' and 'City police' take a plural verb; 'Volynsky reserve battalion' a singular one."""
    last = name.split()[-1].lower() if name.split() else ""
    return last in _PLURAL_WORDS or (last.endswith("s") and not last.endswith("ss"))


def agree(name: str, singular: str, plural: str) -> str:
    """The verb form that agrees with `name`."""
    return plural if is_plural(name) else singular


def sentence(text: str) -> str:
    """The text as a sentence: capitalised and ending in exactly one stop ('Wait' -> 'Wait.', 'Go home.' stays)."""
    text = cap(text.strip())
    return text if text.endswith((".", "!", "?")) else text + "."


def cap(text: str) -> str:
    """Capitalise the first letter only ('the Soviet' -> 'The Soviet')."""
    return text[:1].upper() + text[1:]


def points(score: float, decimals: int) -> str:
    """A score cut (not rounded) to `decimals`: 14.999 of a target of 15 reads '14.99', never a '15.00' that
    looks met when it is not."""
    scale = 10**decimals
    return f"{math.floor(score * scale + 1e-9) / scale:.{decimals}f}"  # the 1e-9: 0.29 * 100 is 28.999...


def weight(tonnes: float) -> str:
    """'1 tonne', '380 tonnes'."""
    n = round(float(tonnes))
    return f"{n:,} tonne" + ("" if n == 1 else "s")


def duration(days: float) -> str:
    """'1.5 days', '12 days' or, for less than a day, '5 hours'."""
    if days >= 10.0:
        return f"{days:,.0f} days"
    if days >= 1.0:
        return "1 day" if round(days, 1) == 1.0 else f"{days:.1f} days"
    hours = max(1, round(days * 24))
    return f"{hours} hour" + ("" if hours == 1 else "s")


def and_list(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'; with a serial comma when a part has an 'and' of its own ('Narva, Kazan and
    Spassky, and Okhta'; 'Narva as well as Kazan and Spassky')."""
    if len(parts) == 1:
        return parts[0]
    compound = any(" and " in part for part in parts)
    if compound and len(parts) == 2:
        return " as well as ".join(parts)
    return ", ".join(parts[:-1]) + (", and " if compound else " and ") + parts[-1]


def side(state: GameState, faction: int, start: bool = False) -> str:
    """'the MRC' inside a sentence, 'The MRC' at its start; 'no one' for -1."""
    if faction < 0:
        return "No one" if start else "no one"
    name = the(state.scenario.factions[faction].short_name, start=False)
    return cap(name) if start else name


@dataclass(frozen=True, slots=True)
class Names:
    """A scenario's names as the log words them, and their ids as its records give them, made once per scenario
    (`names`): an entry keeps this shared, immutable record and the indices it names, and is worded when read."""

    sides: tuple[str, ...]  # [F] 'the MRC', inside a sentence
    faction_ids: tuple[str, ...]  # [F]
    regimes: tuple[bool, ...]  # [F] True for a faction holding state power (turning on it is a mutiny)
    districts: tuple[str, ...]  # [D] 'Vyborg'
    district_ids: tuple[str, ...]  # [D]
    sites: tuple[str, ...]  # [S] 'the Winter Palace'
    site_ids: tuple[str, ...]  # [S]

    def side(self, faction: int) -> str:
        """'the MRC' inside a sentence, 'no one' for -1 (as `side`)."""
        return self.sides[faction] if faction >= 0 else "no one"


def _names_of(scenario: Scenario) -> Names:
    index = index_for(scenario)
    return Names(
        sides=tuple(the(f.short_name, start=False) for f in scenario.factions),
        faction_ids=index.faction_ids,
        regimes=tuple(index.faction_is_regime.tolist()),
        districts=tuple(district.name for district in scenario.districts),
        district_ids=index.district_ids,
        sites=tuple(site.name for site in scenario.sites),
        site_ids=index.site_ids,
    )


# Per scenario (engine/cache.py). `names` is the cache's own method, bound once: the log asks at every order, and a
# call of the cache object itself goes through its type's call slot, at twice the cost of the bound method's.
names: Callable[[Scenario], Names] = PerObject(_names_of).__call__
