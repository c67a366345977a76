"""The mutable state of one game (layout: docs/engine-state.md) and the public door everybody plays through.

Arrays are indexed by position (ids -> indices live in `ScenarioIndex`), so rules are numpy operations and
`clone()` is a handful of array copies: the computer players clone states thousands of times per move.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from petrograd1917.engine.index import UNIT_KIND_CODE, BoolArray, FloatArray, IntArray, ScenarioIndex
from petrograd1917.scenario.model import Scenario, Unit

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.log import LogEntry
    from petrograd1917.engine.outcome import Outcome
    from petrograd1917.engine.preview import Preview


@dataclass(frozen=True, slots=True)
class PendingChoice:
    """An event card waiting for its chooser's answer; only CHOOSE actions are legal meanwhile."""

    event: str  # event id
    chooser: int  # faction index


# Every per-game numpy array, in the order `state_hash` reads them. Adding a field here is all `clone` needs.
ARRAY_FIELDS: tuple[str, ...] = (
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
)
_HASH_LABELS: tuple[tuple[str, bytes], ...] = tuple((name, name.encode()) for name in ARRAY_FIELDS)
# Seeds the throw-away state of a clone's new bit generator: a ready SeedSequence skips the entropy mixing that an
# integer seed costs (a third of building the generator).
_PLACEHOLDER_SEED = np.random.SeedSequence(0)
_SHAPE_TEXT: dict[tuple[int, ...], bytes] = {}  # array shape -> its text as hashed (few distinct shapes per game)


class GameState:
    """One game in progress. Play it only through `legal_actions` / `apply`; read anything."""

    __slots__ = (
        *ARRAY_FIELDS,
        "city_stock",
        "faction_cursor",
        "fired_events",
        "flags",
        "idle_turns",
        "index",
        "key_events",
        "log",
        "over_reason",
        "pending_choice",
        "rail_factor",
        "ration",
        "_rng",
        "_rng_state",
        "scenario",
        "series",
        "turn",
        "turn_acted",
        "unit_ids",
        "unit_specs",
        "winner",
    )

    scenario: Scenario
    index: ScenarioIndex
    _rng: np.random.Generator | None
    _rng_state: Mapping[str, Any] | None
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
            bit_generator = np.random.PCG64(_PLACEHOLDER_SEED)  # its state is overwritten at once
            bit_generator.state = self._rng_state  # type: ignore[assignment]
            self._rng = np.random.Generator(bit_generator)
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
        if self.pending_choice is not None:
            return self.pending_choice.chooser
        return min(self.faction_cursor, len(self.index.faction_ids) - 1)

    @property
    def current_faction(self) -> str:
        return self.index.faction_ids[self.current_faction_index]

    @property
    def date(self) -> datetime:
        dates = self.index.turn_dates
        return dates[min(self.turn, len(dates) - 1)]

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
        from petrograd1917.engine.listing import legal_actions

        return legal_actions(self, faction)

    def apply(self, action: Action, *, hold_turn: bool = False) -> list[LogEntry]:
        """Check and apply one action; returns the log entries it produced (end of turn included). `hold_turn`:
        see `resolve.apply_action`."""
        from petrograd1917.engine.resolve import apply_action

        return apply_action(self, action, hold_turn=hold_turn)

    def preview(self, action: Action) -> Preview:
        """Cost, odds and expected effects of `action`, computed without touching the game's randomness."""
        from petrograd1917.engine.preview import preview

        return preview(self, action)

    def odds(self, action: Action) -> float:
        """The chance of success `preview` shows, without building its texts (cheap enough for search)."""
        from petrograd1917.engine.preview import action_odds

        return action_odds(self, action)

    def outcome(self) -> Outcome:
        from petrograd1917.engine.outcome import outcome

        return outcome(self)

    def scores(self) -> dict[str, float]:
        from petrograd1917.engine.outcome import scores

        return scores(self)

    def visible_loyalty(self, unit_id: str, viewer_faction: str) -> dict[str, float]:
        from petrograd1917.engine.visibility import visible_loyalty

        return visible_loyalty(self, self.unit_ids[unit_id], self.index.faction[viewer_faction])

    def visible_loyalties(self, viewer_faction: str) -> FloatArray:
        """[units, factions] loyalty as the viewer sees it, all units at once (same values as `visible_loyalty`)."""
        from petrograd1917.engine.visibility import visible_loyalties

        return visible_loyalties(self, self.index.faction[viewer_faction])

    # ------------------------------------------------------------------ copying and hashing

    def clone(self) -> GameState:
        """An independent copy: arrays and the random generator copied, scenario and index shared."""
        new = GameState.__new__(GameState)
        for name in ARRAY_FIELDS:
            setattr(new, name, getattr(self, name).copy())
        new._rng = None
        new._rng_state = self._random_state()  # read-only: it only ever seeds a generator
        new.scenario = self.scenario
        new.index = self.index
        new.turn = self.turn
        new.faction_cursor = self.faction_cursor
        new.unit_specs = self.unit_specs  # replaced, never mutated, when a unit is added
        new.unit_ids = self.unit_ids  # likewise
        new.city_stock = self.city_stock
        new.ration = self.ration
        new.rail_factor = self.rail_factor
        new.flags = set(self.flags)
        new.fired_events = set(self.fired_events)
        new.key_events = dict(self.key_events)
        new.pending_choice = self.pending_choice
        new.log = list(self.log)
        new.series = {key: list(values) for key, values in self.series.items()}
        new.winner = self.winner
        new.over_reason = self.over_reason
        new.idle_turns = self.idle_turns
        new.turn_acted = self.turn_acted
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
        pending = (self.pending_choice.event, self.pending_choice.chooser) if self.pending_choice else None
        random_state = self._random_state()
        scalars = (
            self.turn,
            self.faction_cursor,
            tuple(self.unit_ids),
            repr(self.city_stock),
            repr(self.ration),
            repr(self.rail_factor),
            sorted(self.flags),
            sorted(self.fired_events),
            sorted(self.key_events.items()),
            pending,
            self.winner,
            self.over_reason,
            self.idle_turns,
            self.turn_acted,
            len(self.log),
            sorted(random_state["state"].items()),
            random_state["has_uint32"],
            random_state["uinteger"],
        )
        parts.append(repr(scalars).encode())
        return hashlib.sha256(b"".join(parts)).hexdigest()  # one update: the same digest as one update per part


def add_unit(state: GameState, spec: Unit) -> int:
    """Append a unit (an event's reinforcement) to every per-unit array; returns its index.

    `unit_specs` and `unit_ids` are replaced, not mutated, so clones made earlier keep their own."""
    index = state.index
    u = len(state.unit_specs)
    loyalty = np.zeros((1, index.n_factions))
    for faction_id, share in spec.loyalty.items():
        loyalty[0, index.faction[faction_id]] = share
    commander = index.faction[spec.commander] if spec.commander else -1
    appended: dict[str, Any] = {
        "unit_alive": True,
        "unit_strength": float(spec.strength),
        "unit_district": index.district[spec.district],
        "unit_arms": spec.arms,
        "unit_discipline": spec.discipline,
        "unit_commander": commander,
        "unit_strain": 0.0,
        "unit_commissar": -1,
        "unit_moved": False,
        "unit_kind": UNIT_KIND_CODE[spec.kind],
    }
    for name, value in appended.items():
        array = getattr(state, name)
        setattr(state, name, np.append(array, np.array([value], dtype=array.dtype)))
    state.unit_loyalty = np.vstack([state.unit_loyalty, loyalty])
    state.unit_specs = (*state.unit_specs, spec)
    state.unit_ids = {**state.unit_ids, spec.id: u}
    return u
