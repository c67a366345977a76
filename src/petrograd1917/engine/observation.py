"""What one side can see of a game: the single view the window, the tooltips and every computer player read.

`observe(state, faction)` returns an `Observation`, an immutable value (a frozen dataclass whose arrays are
read-only copies). Everything on the map is public in this game — districts, crowds, bread, sites, bridges, where
every unit stands, how strong it is and who commands it, the food stock, the log — except two things:

- the units' loyalties, seen exactly only for the viewer's own units and those its commissars sit with, and as
  estimates elsewhere (`visibility.py`: fixed errors per game and viewer, lifted by informants and contact);
- the dice: the game's random generator is not part of the view.

The shape (kept stable; the arrays are named and laid out as in `GameState`, docs/engine-state.md):

| field | shape | meaning |
|---|---|---|
| `scenario` | | the scenario (map, rules, factions, cards: public) |
| `faction`, `viewer` | | the side looking (id and index) |
| `turn`, `date`, `faction_cursor`, `current_faction`, `pending_choice` | | whose move it is, and any card waiting |
| `action_points`, `legitimacy` | [F] | per faction |
| `influence` | [D, F] | each faction's following per district |
| `unrest`, `hardship`, `strikers`, `crowd`, `bread_days`, `fear`, `district_controller` | [D] | per district |
| `unit_ids`, `unit_specs` | [U] | ids and scenario records of every unit (reinforcements included) |
| `unit_alive`, `unit_strength`, `unit_district`, `unit_arms`, `unit_discipline` | [U] | per unit |
| `unit_commander`, `unit_strain`, `unit_commissar`, `unit_moved`, `unit_kind` | [U] | per unit |
| `unit_loyalty` | [U, F] | loyalty as seen: exact where `loyalty_known`, estimates elsewhere |
| `loyalty_known` | [U] | the viewer sees this unit's true loyalty |
| `site_holder`, `site_defended` | [S] | per site |
| `link_raised` | [L] | per link (bridges up) |
| `city_stock`, `ration`, `rail_factor` | | food: tonnes in the warehouses, grams a day, rail deliveries' factor |
| `flags`, `fired_events`, `key_events` | | the story so far (set by cards and phases) |
| `log`, `series` | | the log and the day-by-day figures, as everybody read them |
| `winner`, `over_reason`, `idle_turns`, `turn_acted` | | the end of the game, when it came |

A search that needs a game to play on builds one with `believed_state(observation, rng)`: the view as a state,
with the estimates as loyalties and dice of the searcher's own — never the hidden truth.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from petrograd1917.engine.index import BoolArray, FloatArray, IntArray, index_for
from petrograd1917.engine.seeding import generator, seeded_state
from petrograd1917.engine.state import FIELDS, GameState, Kept, PendingChoice, state_from
from petrograd1917.engine.visibility import seen_and_known

if TYPE_CHECKING:
    from petrograd1917.engine.log import LogEntry
    from petrograd1917.scenario.model import Scenario, Unit


@dataclass(frozen=True, slots=True, eq=False)
class Observation:
    """One side's view of a game at one moment (see the module docstring for every field)."""

    scenario: Scenario
    faction: str
    viewer: int
    turn: int
    date: datetime
    faction_cursor: int
    current_faction: str
    pending_choice: PendingChoice | None
    action_points: IntArray
    legitimacy: FloatArray
    influence: FloatArray
    unrest: FloatArray
    hardship: FloatArray
    strikers: FloatArray
    crowd: FloatArray
    bread_days: FloatArray
    fear: FloatArray
    district_controller: IntArray
    unit_ids: tuple[str, ...]
    unit_specs: tuple[Unit, ...]
    unit_alive: BoolArray
    unit_strength: FloatArray
    unit_district: IntArray
    unit_arms: FloatArray
    unit_discipline: FloatArray
    unit_commander: IntArray
    unit_loyalty: FloatArray
    loyalty_known: BoolArray
    unit_strain: FloatArray
    unit_commissar: IntArray
    unit_moved: BoolArray
    unit_kind: IntArray
    site_holder: IntArray
    site_defended: IntArray
    link_raised: BoolArray
    city_stock: float
    ration: float
    rail_factor: float
    flags: frozenset[str]
    fired_events: frozenset[str]
    key_events: Mapping[str, int]
    log: tuple[LogEntry, ...]
    series: Mapping[str, tuple[Any, ...]]
    winner: int | None
    over_reason: str
    idle_turns: int
    turn_acted: bool

    def same_view(self, other: Observation) -> bool:
        """True when both show exactly the same thing (arrays compared by value)."""
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, np.ndarray):
                if not np.array_equal(a, b):
                    return False
            elif a != b:
                return False
        return True

    def loyalty_of(self, unit_id: str) -> dict[str, float]:
        """One unit's loyalty over factions as this side sees it."""
        row = self.unit_loyalty[self.unit_ids.index(unit_id)]
        return {f.id: float(row[j]) for j, f in enumerate(self.scenario.factions)}


def _frozen(array: np.ndarray[Any, Any]) -> Any:
    copy = array.copy()
    copy.flags.writeable = False
    return copy


def _same(value: Any) -> Any:
    return value


def _shown_record(series: Mapping[str, list[Any]]) -> dict[str, Any]:
    """The record as a side reads it: each series a tuple (which a believed game keeps as it is: a game's record
    replaces its series, never appends to them)."""
    return {key: tuple(values) for key, values in series.items()}


# How the view shows each kind of field of `FIELDS` (immutable forms of the state's sets, dicts, lists and arrays).
# The two fields a side cannot see, the scenario's index aside, are not shown: the seed (the dice, and the errors
# of every side's estimates, follow from it) and the true loyalties (replaced by the viewer's estimates). Nor is
# the game's mode (`Kept.MODE`): how the game is played is nothing on the map.
_SHOWN: dict[Kept, Callable[[Any], Any]] = {
    Kept.ARRAY: _frozen,
    Kept.VALUE: _same,
    Kept.FLOAT: _same,
    Kept.SET: frozenset,
    Kept.DICT: lambda value: MappingProxyType(dict(value)),
    Kept.KEYS: tuple,
    Kept.CHOICE: _same,
    Kept.LOG: tuple,
    Kept.RECORD: lambda series: MappingProxyType(_shown_record(series)),
    Kept.SHARED: _same,
}
_NOT_SHOWN = frozenset({"index", "seed", "unit_loyalty"})
_SHOWN_FIELDS = tuple((f.name, _SHOWN[f.kept]) for f in FIELDS if f.name not in _NOT_SHOWN and f.kept is not Kept.MODE)


def observe(state: GameState, faction: str) -> Observation:
    """What `faction` sees of `state` now. Looking never changes the game (no draw from its generator)."""
    viewer = state.index.faction[faction]
    loyalty, known = seen_and_known(state, viewer)
    loyalty.flags.writeable = False
    return Observation(
        faction=faction,
        viewer=viewer,
        date=state.date,
        current_faction=state.current_faction,
        unit_loyalty=loyalty,
        loyalty_known=_frozen(known),
        **{name: show(getattr(state, name)) for name, show in _SHOWN_FIELDS},
    )


def believed_state(observation: Observation, rng: np.random.Generator) -> GameState:
    """A game built from the view alone, to search on: loyalties are the estimates (exact where known), the dice
    come from `rng` (the searcher's own), and nothing hidden is read because nothing hidden is there."""
    values = {name: getattr(observation, name) for name, _ in _SHOWN_FIELDS}
    values["unit_loyalty"] = observation.unit_loyalty
    values["unit_ids"] = {unit_id: u for u, unit_id in enumerate(observation.unit_ids)}
    return _believed(values, observation.scenario, rng)


def believed_world(state: GameState, loyalty: FloatArray, seed: int, dice: int) -> GameState:
    """`believed_state(observe(state, side), rng)` without the view in between, given the loyalties the side sees
    (`seen_and_known`) and the two numbers `believed_state` draws from `rng` (the seed, then its dice's): a copy
    of the game (`clone`, which copies what the believed game copies and shares what it shares) given what the
    view changes: the estimates for the loyalties (`loyalty` itself, not a copy), a seed and dice of the
    searcher's own, the record in the view's form, and a record kept. The draws are made apart (`belief.view_of`),
    so that a player that may not need the game (the heuristic decides most orders on its priors) draws the same
    numbers and builds it only when it does."""
    world = state.clone(dice=seeded_state(dice))  # (no search rolls them: built only if one does)
    world.unit_loyalty = loyalty
    world.series = _shown_record(state.series)  # as the view shows it, kept as a game keeps its record
    if not world.keeps_record:  # the copy shares the log of a game that keeps none: the believed game keeps its own
        world.keeps_record = True
        world.log = list(state.log)
    world.seed = seed
    return world


def played_world(state: GameState, loyalty: FloatArray, seed: int) -> GameState:
    """`believed_world` for a search that plays it once, gives it its own dice before it rolls any, and keeps no
    record: the same game to the rules (the loyalties `loyalty` itself, the seed), without what only a believed
    game kept for its own sake needs (dice of its own, the record in the view's form), which such a search
    would build and throw away unread."""
    world = state.clone(dice=_NO_DICE, record=False)  # no copy of a log it would never write to
    world.unit_loyalty = loyalty
    world.seed = seed
    return world


# A PCG64 state a played world starts with until its searcher gives it dice (never rolled: it is replaced first).
_NO_DICE = MappingProxyType({"bit_generator": "PCG64", "state": {"state": 0, "inc": 1}, "has_uint32": 0, "uinteger": 0})


def looked_at(state: GameState, loyalty: FloatArray) -> GameState:
    """The game with `loyalty` (the side's estimates) in place of the true loyalties, every other field the game's
    own, shared, nothing copied: what a side's odds are asked of while it has no need of its believed game
    (`believed_world`, a copy with a seed, dice and record of its own, none of which the rules' odds read: they
    read the loyalties it sees and what is public, draw nothing, change nothing). Only to be read, and only
    while `state` is as it was."""
    game = GameState.__new__(GameState)
    for name in _SLOTS:
        setattr(game, name, getattr(state, name))
    game.unit_loyalty = loyalty
    return game


_SLOTS = GameState.__slots__


def _believed(values: dict[str, Any], scenario: Scenario, rng: np.random.Generator) -> GameState:
    """The believed game from the shown fields (`values`, each in a form the game copies or shares as it keeps
    it, the unit ids as a dict) and the searcher's generator."""
    values["index"] = index_for(scenario)
    values["seed"] = drawn_seed(rng)  # not the game's: a searcher's world has errors of its own
    values["keeps_record"] = True  # as every game does: a search that throws its worlds away says otherwise
    return state_from(values, generator(drawn_seed(rng)))  # Generator(PCG64(seed)), made faster


def drawn_seed(rng: np.random.Generator) -> int:
    """`int(rng.integers(2**63))`: the same number, `rng` left in the same state. For a PCG64 generator numpy draws
    it (Lemire's way, the range a power of two, so nothing is ever rejected) as one 64-bit word shifted right by
    one: read so, the draw costs a fifth of numpy's general path (a searcher draws seeds at every decision)."""
    bits = rng.bit_generator
    if type(bits) is np.random.PCG64:
        return int(bits.random_raw()) >> 1
    return int(rng.integers(2**63))
