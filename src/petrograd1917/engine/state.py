"""The mutable state of one game (layout: docs/engine-state.md) and the public door everybody plays through.

Arrays are indexed by position (ids -> indices live in `ScenarioIndex`), so rules are numpy operations and
`clone()` is a handful of array copies: the computer players clone states thousands of times per move.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.cache import PerIdentity
from petrograd1917.engine.calendar import at_turn
from petrograd1917.engine.index import UNIT_KIND_CODE, BoolArray, FloatArray, IntArray, ScenarioIndex
from petrograd1917.engine.seeding import in_state
from petrograd1917.scenario.model import Scenario, Unit

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.listing import Receipt
    from petrograd1917.engine.log import LogEntry
    from petrograd1917.engine.outcome import Outcome
    from petrograd1917.engine.preview import Preview

# The version of the games the engine plays: a scenario, a seed and actions give one game (one `state_hash`) under one
# RULES. Raised with every change that alters seeded games on purpose (its commit re-pins the pinned games), so that
# a save can tell a game of other rules from a damaged one. 1: the games until saves recorded their rules; 2: the
# exponentials, powers and matrix sums of engine/portable.py, the same bits on every CPU; 3: October's garrisons break
# camp as the city rises (`camp_melt`), with its compensating numbers; 4: speakers and rallies follow the side's
# standing (unrest works against the regime's own, a side of little legitimacy is heard less); 5: the following of a
# side whose legitimacy is gone ebbs to the others (`control.ebb`); 6: February's strike held nearer its historical
# size (`strike_threshold_mean` 0.47) with more of the strikers marching (`striker_march` 0.6); 7: in October, once
# Kerensky has gone for troops, the cadets walk out of the palace on the evening of the 25th (`cadets_walk_out`).
RULES = 7


@dataclass(frozen=True, slots=True)
class PendingChoice:
    """An event card waiting for its chooser's answer; only CHOOSE actions are legal meanwhile."""

    event: str  # event id
    chooser: int  # faction index


class Kept(Enum):
    """How a field is copied by `clone` and read by `state_hash`."""

    ARRAY = "array"  # a numpy array: copied; hashed by name, shape and bytes
    VALUE = "value"  # an immutable value (int, str, bool, None): shared; hashed as it is
    FLOAT = "float"  # a Python float: shared; hashed by repr (every bit counts)
    SET = "set"  # a set of strings: copied; hashed sorted
    DICT = "dict"  # a dict of str -> int: copied; hashed as sorted items
    KEYS = "keys"  # a dict replaced, never mutated (unit ids): shared; hashed as its keys in order
    CHOICE = "choice"  # the PendingChoice or None: shared; hashed as (event, chooser)
    LOG = "log"  # the log list: copied, but shared by a game that keeps no record (it never grows there, and a
    # search's world would copy hundreds of entries for nothing); hashed by length (entries follow from the rest)
    RECORD = "record"  # the series of figures per turn: the dict copied, its lists shared (each is replaced, never
    # appended to: `series.record_series`); not hashed (a record of the past)
    MODE = "mode"  # how the game is played, not what happens in it (`keeps_record`): shared; not hashed, not shown
    SHARED = "shared"  # read-only data shared by every clone (scenario, index, unit specs): not copied, not hashed


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kept: Kept


def _fields(kept: Kept, *names: str) -> tuple[Field, ...]:
    return tuple(Field(name, kept) for name in names)


# Every field of a game, in the order `state_hash` reads them: the one list `__slots__`, `clone`, `state_hash` and
# `new_game` follow (a test checks each slot is here and each is set, copied and hashed as its kind says). The
# random generator is the one field outside it (it is built lazily; see `GameState.rng`).
FIELDS: tuple[Field, ...] = (
    *_fields(
        Kept.ARRAY,
        "action_points",
        "influence",
        "unrest",
        "hardship",
        "strikers",
        "crowd",
        "bread_days",
        "fear",
        "legitimacy",
        "unit_alive",
        "unit_strength",
        "unit_district",
        "unit_arms",
        "unit_discipline",
        "unit_commander",
        "unit_loyalty",
        "unit_strain",
        "unit_commissar",
        "unit_moved",
        "unit_kind",
        "site_holder",
        "site_defended",
        "link_raised",
        "district_controller",
    ),
    *_fields(Kept.VALUE, "turn", "faction_cursor"),
    Field("unit_ids", Kept.KEYS),
    *_fields(Kept.FLOAT, "city_stock", "ration", "rail_factor"),
    *_fields(Kept.SET, "flags", "fired_events"),
    Field("key_events", Kept.DICT),
    Field("pending_choice", Kept.CHOICE),
    *_fields(Kept.VALUE, "winner", "over_reason", "idle_turns", "turn_acted"),
    Field("log", Kept.LOG),
    Field("series", Kept.RECORD),
    Field("keeps_record", Kept.MODE),
    *_fields(Kept.SHARED, "scenario", "index", "unit_specs", "seed"),
)
RANDOM_FIELDS = ("_rng", "_rng_state")
# Outside the game too: the receipt of the last list of legal actions made of this very state (engine/listing.py),
# by which `apply` knows an action from that list is legal without checking it again. Nothing of the game: it is
# neither hashed nor shown, and every change through the door drops it. A copy (`clone`) is the same position, so it
# carries the receipt of its original (each drops its own when it changes); a game rebuilt from values starts without.
RECEIPT_FIELDS = ("receipt",)


def _named(*kinds: Kept) -> tuple[str, ...]:
    return tuple(f.name for f in FIELDS if f.kept in kinds)


ARRAY_FIELDS = _named(Kept.ARRAY)
# Per-unit arrays (row u is unit u): `unit_columns` builds them, `add_units` appends to them.
UNIT_FIELDS = tuple(name for name in ARRAY_FIELDS if name.startswith("unit_"))
_HASH_LABELS: tuple[tuple[str, bytes], ...] = tuple((name, name.encode()) for name in ARRAY_FIELDS)


_SHAPE_TEXT: dict[tuple[int, ...], bytes] = {}  # array shape -> its text as hashed (few distinct shapes per game)


def _pending_form(choice: PendingChoice | None) -> tuple[str, int] | None:
    return (choice.event, choice.chooser) if choice is not None else None


# What `state_hash` reads of each non-array kind of field (arrays are hashed by their bytes; RECORD, MODE and SHARED
# fields are not hashed).
_HASH_FORM: dict[Kept, Callable[[Any], Any]] = {
    Kept.VALUE: lambda value: value,
    Kept.FLOAT: repr,
    Kept.SET: sorted,
    Kept.DICT: lambda value: sorted(value.items()),
    Kept.KEYS: tuple,
    Kept.CHOICE: _pending_form,
    Kept.LOG: len,
}

# How `clone` copies each kind of field. Immutable and shared fields are bound in one step; the rest are copied.
_COPY: dict[Kept, Callable[[Any], Any]] = {
    Kept.ARRAY: np.ndarray.copy,
    Kept.SET: set,
    Kept.DICT: dict,
    Kept.RECORD: dict,
}
_BOUND = tuple(f.name for f in FIELDS if f.kept not in _COPY and f.kept is not Kept.LOG)
_COPIED = tuple((f.name, _COPY[f.kept]) for f in FIELDS if f.kept in _COPY)
(_LOG,) = (f.name for f in FIELDS if f.kept is Kept.LOG)
_HASHED = tuple((f.name, _HASH_FORM[f.kept]) for f in FIELDS if f.kept in _HASH_FORM)


def _copy_fields(old: Any, new: GameState, record: bool = True) -> GameState:
    """Set every field of `new` from the same-named attribute of `old`: immutable and shared values bound, the rest
    copied; with `record` False, a game that keeps no record (`keeps_record`), sharing the log."""
    for name in _BOUND:
        setattr(new, name, getattr(old, name))
    if not record:
        new.keeps_record = False
    for name, copy in _COPIED:
        setattr(new, name, copy(getattr(old, name)))
    log = getattr(old, _LOG)
    setattr(new, _LOG, list(log) if new.keeps_record else log)  # see `Kept.LOG`
    new.receipt = None  # nothing listed of it yet (`clone` gives a copy its original's)
    return new


def state_from(values: Mapping[str, Any], rng: np.random.Generator) -> GameState:
    """A game made of one value per field of `FIELDS` (any sets, dicts, lists and arrays among them copied, as
    `clone` copies them, so the game owns its own), playing with `rng`. For a new game (from the start values
    `game.new_game` keeps) and a game rebuilt from a side's view."""
    state = _copy_fields(SimpleNamespace(**values), GameState.__new__(GameState))
    state.rng = rng
    return state


def _hashed_values(state: GameState) -> list[Any]:
    return [form(getattr(state, name)) for name, form in _HASHED]


class GameState:
    """One game in progress. Play it only through `legal_actions` / `apply`; read anything (an action taken from
    the list of legal actions is not checked again when applied to the state it was listed for: change that state
    only through the door)."""

    __slots__ = (*(f.name for f in FIELDS), *RANDOM_FIELDS, *RECEIPT_FIELDS)

    scenario: Scenario
    index: ScenarioIndex
    seed: int  # the game's seed: replays start from it, and each side's fixed estimate errors derive from it
    _rng: np.random.Generator | None
    _rng_state: Mapping[str, Any] | None
    receipt: Receipt | None  # the listing's (RECEIPT_FIELDS): what it listed last, while the state is as it was
    turn: int
    faction_cursor: int
    action_points: IntArray
    influence: FloatArray
    unrest: FloatArray
    hardship: FloatArray
    strikers: FloatArray
    crowd: FloatArray
    bread_days: FloatArray
    fear: FloatArray  # [D] fear of shortage, 0..1 (food.py)
    legitimacy: FloatArray
    unit_alive: BoolArray
    unit_strength: FloatArray
    unit_district: IntArray
    unit_arms: FloatArray
    unit_discipline: FloatArray
    unit_commander: IntArray
    unit_loyalty: FloatArray
    unit_strain: FloatArray
    unit_commissar: IntArray
    unit_moved: BoolArray
    unit_kind: IntArray
    unit_specs: tuple[Unit, ...]
    unit_ids: dict[str, int]
    site_holder: IntArray
    site_defended: IntArray
    link_raised: BoolArray
    district_controller: IntArray
    city_stock: float
    ration: float
    rail_factor: float
    flags: set[str]
    fired_events: set[str]
    key_events: dict[str, int]
    pending_choice: PendingChoice | None
    log: list[LogEntry]
    series: dict[str, list[Any]]
    # True in every real game: the engine writes the log and the series. False in a search's imagined world, which
    # is played once and thrown away: no rule reads either (the window, replays and batches do), so the engine
    # skips their texts and figures there and the game plays the same, to the bit, without them.
    keeps_record: bool
    winner: int | None
    over_reason: str
    idle_turns: int
    turn_acted: bool

    # ------------------------------------------------------------------ randomness

    @property
    def rng(self) -> np.random.Generator:
        """The game's only source of randomness. A clone copies the generator's state and builds its own generator
        on first use: building one costs more than the rest of a clone, and many clones never draw."""
        if self._rng is None:
            self._rng = in_state(self._rng_state)  # type: ignore[arg-type]  # set whenever _rng is None
            self._rng_state = None
        return self._rng

    @rng.setter
    def rng(self, generator: np.random.Generator) -> None:
        self._rng = generator
        self._rng_state = None

    def _random_state(self) -> Mapping[str, Any]:
        if self._rng is None:
            assert self._rng_state is not None
            return self._rng_state
        return self._rng.bit_generator.state

    # ------------------------------------------------------------------ reading

    @property
    def current_faction_index(self) -> int:
        """Who acts now (the chooser while a card waits). Once a game has ended after its last faction, the last
        faction still answers, so readers never see an index past the end."""
        choice = self.pending_choice
        if choice is not None:
            return choice.chooser
        cursor, last = self.faction_cursor, self.index.n_factions - 1
        return cursor if cursor < last else last

    @property
    def current_faction(self) -> str:
        return self.index.faction_ids[self.current_faction_index]

    @property
    def date(self) -> datetime:
        return at_turn(self.index.turn_dates, self.turn)

    @property
    def n_units(self) -> int:
        return len(self.unit_specs)

    def is_over(self) -> bool:
        return self.winner is not None

    def unit_name(self, unit: int) -> str:
        return self.unit_specs[unit].name

    def district_name(self, district: int) -> str:
        return self.scenario.districts[district].name

    def faction_name(self, faction: int) -> str:
        return self.scenario.factions[faction].name if faction >= 0 else "no one"

    # ------------------------------------------------------------------ the door

    def legal_actions(self, faction: str | None = None) -> list[Action]:
        """Every legal action for `faction` (default: the one to act); empty when it is not that faction's turn."""
        return _DOOR.legal_actions(self, faction)

    def apply(self, action: Action, *, hold_turn: bool = False) -> list[LogEntry]:
        """Check and apply one action; returns the log entries it produced (end of turn included). `hold_turn`:
        see `resolve.apply_action`."""
        return _DOOR.apply(self, action, hold_turn=hold_turn)

    def preview(self, action: Action) -> Preview:
        """Cost, odds and expected effects of `action`, computed without touching the game's randomness."""
        return _DOOR.preview(self, action)

    def odds(self, action: Action) -> float:
        """The chance of success `preview` shows, without building its texts (cheap enough for search)."""
        return _DOOR.odds(self, action)

    def outcome(self) -> Outcome:
        return _DOOR.outcome(self)

    def scores(self) -> dict[str, float]:
        return _DOOR.scores(self)

    def visible_loyalty(self, unit_id: str, viewer_faction: str) -> dict[str, float]:
        return _DOOR.visible_loyalty(self, self.unit_ids[unit_id], self.index.faction[viewer_faction])

    def visible_loyalties(self, viewer_faction: str) -> FloatArray:
        """[units, factions] loyalty as the viewer sees it, all units at once (same values as `visible_loyalty`)."""
        return _DOOR.visible_loyalties(self, self.index.faction[viewer_faction])

    # ------------------------------------------------------------------ copying and hashing

    def clone(self, dice: Mapping[str, Any] | None = None, *, record: bool = True) -> GameState:
        """An independent copy: arrays, sets, dicts and lists copied (as `FIELDS` says), scenario and index shared,
        the random generator's state copied, or else the state `dice` given (a bit generator's `.state`, as
        `seeding.seeded_state` makes one): a searcher's world plays with dice of its own, which are built only if
        it rolls them. The list last made of this state holds for the copy too (its receipt): a search that lists a
        position once and tries its orders on copies checks none of them again. `record` False: a copy that keeps
        no record (`keeps_record`), played once and thrown away, which shares the log rather than copying it."""
        new = _copy_fields(self, GameState.__new__(GameState), record)
        new.receipt = self.receipt
        new._rng = None
        new._rng_state = self._random_state() if dice is None else dice  # read-only: it only ever seeds a generator
        return new

    def state_hash(self) -> str:
        """sha256 over every piece of mutable state (arrays, scalars, sets, random state); the log by length."""
        parts: list[bytes] = []
        for name, label in _HASH_LABELS:
            array = getattr(self, name)
            shape = _SHAPE_TEXT.get(array.shape)
            if shape is None:
                shape = _SHAPE_TEXT[array.shape] = str(array.shape).encode()
            parts += (label, shape, array.tobytes())  # tobytes is C order, like a contiguous copy
        random_state = self._random_state()
        scalars = (
            *_hashed_values(self),
            sorted(random_state["state"].items()),
            random_state["has_uint32"],
            random_state["uinteger"],
        )
        parts.append(repr(scalars).encode())
        return hashlib.sha256(b"".join(parts)).hexdigest()  # one update: the same digest as one update per part


class Door(Protocol):
    """The rules behind `GameState`'s public methods, installed by the game facade (engine/game.py), which sits
    above the rules: this module holds data and imports none of them."""

    def legal_actions(self, state: GameState, faction: str | None) -> list[Action]: ...
    def apply(self, state: GameState, action: Action, *, hold_turn: bool) -> list[LogEntry]: ...
    def preview(self, state: GameState, action: Action) -> Preview: ...
    def odds(self, state: GameState, action: Action) -> float: ...
    def outcome(self, state: GameState) -> Outcome: ...
    def scores(self, state: GameState) -> dict[str, float]: ...
    def visible_loyalty(self, state: GameState, unit: int, viewer: int) -> dict[str, float]: ...
    def visible_loyalties(self, state: GameState, viewer: int) -> FloatArray: ...


class _Closed:
    """The door until the rules install theirs: whatever is asked of it says how to load them."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("the game's rules are not loaded: make games with petrograd1917.engine.game.new_game")


_DOOR: Door = _Closed()


def install_door(door: Door) -> None:
    """Called once, by engine/game.py as it loads (and every game is made there, so a game always has its door).
    The two methods every step of every playout calls, `legal_actions` and `apply`, become the rules' functions
    themselves, taking the state as their first argument: one call each, not a method passing the call on."""
    global _DOOR
    _DOOR = door
    GameState.legal_actions = door.legal_actions  # type: ignore[method-assign, assignment]
    GameState.apply = door.apply  # type: ignore[method-assign, assignment]


def unit_columns(index: ScenarioIndex, units: Sequence[Unit]) -> dict[str, npt.NDArray[Any]]:
    """Every per-unit array (`UNIT_FIELDS`) for `units` as they start: the one place a unit becomes a row."""
    loyalty = np.zeros((len(units), index.n_factions))
    for u, unit in enumerate(units):
        for faction_id, share in unit.loyalty.items():
            loyalty[u, index.faction[faction_id]] = share
    n = len(units)
    return {
        "unit_alive": np.ones(n, dtype=np.bool_),
        "unit_strength": np.array([u.strength for u in units], dtype=np.float64),
        "unit_district": np.array([index.district[u.district] for u in units], dtype=np.int64),
        "unit_arms": np.array([u.arms for u in units], dtype=np.float64),
        "unit_discipline": np.array([u.discipline for u in units], dtype=np.float64),
        "unit_commander": np.array([index.faction[u.commander] if u.commander else -1 for u in units], dtype=np.int64),
        "unit_loyalty": loyalty,
        "unit_strain": np.zeros(n),
        "unit_commissar": np.full(n, -1, dtype=np.int64),
        "unit_moved": np.zeros(n, dtype=np.bool_),
        "unit_kind": np.array([UNIT_KIND_CODE[u.kind] for u in units], dtype=np.int64),
    }


def add_units(state: GameState, specs: Sequence[Unit]) -> None:
    """Append units (an event's reinforcements) to every per-unit array, in order, at new indices from
    `n_units` on: one concatenation an array for all of them (each copies the array), not one a unit.

    `unit_specs` and `unit_ids` are replaced, not mutated, so clones made earlier keep their own."""
    first = len(state.unit_specs)
    grown = _grown(state.unit_specs, specs, state.index)
    for name, column in grown.columns.items():
        setattr(state, name, np.concatenate([getattr(state, name), column]))
    state.unit_specs = grown.specs
    state.unit_ids = {**state.unit_ids, **{spec.id: first + i for i, spec in enumerate(specs)}}


@dataclass(frozen=True, slots=True, eq=False)
class _Grown:
    """A unit set grown by some units: the grown set, and the added units' rows (`unit_columns`, as `index`
    numbers districts and factions; read-only, since every game that adds them concatenates the same rows)."""

    specs: tuple[Unit, ...]
    index: ScenarioIndex
    columns: dict[str, npt.NDArray[Any]]


# Each unit set grown by the same units, by their identities, as one tuple (engine/cache.py): every game whose events
# bring the same units in to the same set plays with the same tuple, so what is kept per unit set by its identity
# (the loyalty phase's roster, the listing's tables) is built once, not in every such game; and the added units'
# rows are built once too, not at every firing.
_GROWN: PerIdentity[tuple[Unit, ...], dict[tuple[int, ...], _Grown]] = PerIdentity(lambda specs: {})
_GROWN_KEPT = 64  # sets grown from one set: as many as the orders in which a scenario's events can bring units in


def _grown(specs: tuple[Unit, ...], added: Sequence[Unit], index: ScenarioIndex) -> _Grown:
    """`specs` then `added`, and the rows of `added`: the same whenever the same units are added to the same set
    under the same index (the tuple holds the units whose ids make its key, so an equal key names the same units)."""
    grown = _GROWN(specs)
    key = tuple(map(id, added))
    found = grown.get(key)
    if found is None or found.index is not index:
        if len(grown) >= _GROWN_KEPT:
            grown.clear()
        columns = unit_columns(index, added)
        for column in columns.values():
            column.flags.writeable = False
        found = grown[key] = _Grown((*specs, *added) if found is None else found.specs, index, columns)
    return found
