"""The engine's figures for `petrograd1917 bench`: random-vs-random games on a scenario, the states they pass
through sampled, and each part of the engine's door timed on those states (clone, hash, listing, preview, apply,
the end of turn and each of its phases), and whole games, random and heuristic. Times are CPU time of this process
(the median of a few runs): the machine may be shared, and wall time would measure the neighbours. `scaling` also
plays the city tiled N times over (cost should grow no faster than districts and units).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from petrograd1917.ai.base import make_agent
from petrograd1917.ai.play import play_out, warm_up
from petrograd1917.ai.random_agent import pick_uniformly
from petrograd1917.batch.tasks import hold_for_games
from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
from petrograd1917.engine.phases import PHASES, end_of_turn
from petrograd1917.engine.series import record_series
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, Link, LinkKind, Scenario


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str
    note: str = ""
    goal: float | None = None  # the value should stay at or below this (same unit)
    floor: bool = False  # the goal is a least value instead (a rate: playouts per second)

    @property
    def verdict(self) -> str:
        """'goal ≤ 10 ms: met' / 'goal ≥ 2000 /s: MISSED' / '' without a goal."""
        if self.goal is None:
            return ""
        met = "met" if (self.value >= self.goal if self.floor else self.value <= self.goal) else "MISSED"
        return f"goal {'≥' if self.floor else '≤'} {self.goal:g} {self.unit}: {met}".replace("  ", " ")


# The engine's speed goals (same units as the figures): what the computer players and batches need.
GOALS: dict[str, float] = {
    "random game": 10.0,  # ms
    "heuristic game": 50.0,  # ms
    "legal_actions": 10.0,  # µs
    "end_of_turn": 100.0,  # µs
    "clone": 10.0,  # µs
}
PASSES = 3  # whole games are played this many times over, and the median pass is the figure (`_median_pass`)


def _median_per_call(fn: Callable[[], object], calls: int, repeat: int = 5) -> float:
    """Median-of-`repeat` seconds per call, CPU time (steadier than one run on a machine shared with other work)."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(calls):
            fn()
        runs.append((time.process_time() - start) / calls)
    return statistics.median(runs)


def _median_on_copies(states: list[GameState], step: Callable[[GameState, int], object], repeat: int = 5) -> float:
    """Median-of-`repeat` CPU seconds of `step(copy, i)` per state, each run on fresh copies of the states (copy i
    of state i) made, with their random generators, outside the timing: a step that changes its state is timed
    alone, never net of a copy's cost (a difference of two noisy timings, which could even come out below zero)."""
    runs = []
    for _ in range(repeat):
        copies = [state.clone() for state in states]
        for copy in copies:
            _ = copy.rng  # a copy builds its generator on its first draw: build it now
        start = time.process_time()
        for i, copy in enumerate(copies):
            step(copy, i)
        runs.append((time.process_time() - start) / len(copies))
    return statistics.median(runs)


def _alone(step: Callable[[GameState], object]) -> Callable[[GameState, int], object]:
    """A step that needs only the state, as `_median_on_copies` calls it."""
    return lambda copy, _: step(copy)


def _random_game(scenario: Scenario, seed: int, sample_every: int = 0) -> tuple[int, list[tuple[GameState, Action]]]:
    """One random-vs-random game, each side picking as the random agent does (`pick_uniformly`): the number of
    actions played and, if asked, (state before, action) samples."""
    game = new_game(scenario, seed)
    rng = np.random.default_rng(seed)
    samples: list[tuple[GameState, Action]] = []
    steps = 0
    while not game.is_over():
        actions = game.legal_actions()
        action = pick_uniformly(rng, actions)
        if sample_every and steps % sample_every == 0:
            samples.append((game.clone(), action))
        game.apply(action)
        steps += 1
    return steps, samples


def _mid_turn(state: GameState) -> bool:
    """No action of this faction can end the turn: someone after it still has points to spend."""
    return bool((state.action_points[state.faction_cursor + 1 :] > 0).any())


def measure(scenario: Scenario, games: int) -> list[Figure]:
    """Every figure of the benchmark for one scenario."""
    figures: list[Figure] = []
    warm_up(scenario)  # compile the kernels (or load them from disk) before anything is timed
    _random_game(scenario, 10_000)  # warm the per-scenario caches
    hold_for_games()  # as a batch's process does once it holds its scenario: no full collection walks it
    elapsed, steps = _random_games(scenario, games)
    note = f"{games} games, median of {PASSES} passes, {steps:.0f} actions"
    figures.append(Figure("random game", elapsed * 1e3, "ms", note))
    heuristic_games = max(1, games // 5)
    elapsed, steps = _heuristic_games(scenario, heuristic_games)
    note = f"{heuristic_games} games, median of {PASSES} passes, {steps:.0f} actions"
    figures.append(Figure("heuristic game", elapsed * 1e3, "ms", note))
    elapsed, steps = _heuristic_games(scenario, heuristic_games, "heuristic:plain")
    note = f"the same agent without its look-ahead: {steps:.0f} actions"
    figures.append(Figure("  no look-ahead", elapsed * 1e3, "ms", note))
    samples = [pair for seed in range(3) for pair in _random_game(scenario, 20_000 + seed, sample_every=5)[1]]

    start_state = new_game(scenario, 1)
    figures.append(Figure("new_game", _median_per_call(lambda: new_game(scenario, 1), 50) * 1e6, "µs"))
    figures.append(Figure("clone", _median_per_call(start_state.clone, 500) * 1e6, "µs"))
    sampled = [state for state, _ in samples][:200]

    def clone_each() -> None:
        for state in sampled:
            state.clone()

    mid_game = _median_per_call(clone_each, 3) / len(sampled)
    figures.append(Figure("  mid-game", mid_game * 1e6, "µs", "the sampled states, their logs and records grown"))
    figures.append(Figure("state_hash", _median_per_call(start_state.state_hash, 200) * 1e6, "µs"))

    played = [state for state, _ in _random_game(scenario, 20_000, sample_every=1)[1]]
    sizes = [len(state.legal_actions()) for state in played]
    per_state = _median_per_call(lambda: [s.legal_actions() for s in played], 3) / len(played)
    figures.append(
        Figure("legal_actions", per_state * 1e6, "µs", f"mean list {np.mean(sizes):.0f}; a game's states in turn")
    )
    states = [state for state, _ in samples][:200]
    per_state = _median_per_call(lambda: [s.legal_actions() for s in states], 3) / len(states)
    figures.append(Figure("  unrelated", per_state * 1e6, "µs", "states of three games, every fifth, in a row"))

    ordinary = [(s, a) for s, a in samples if a.kind not in (ActionKind.PASS, ActionKind.CHOOSE) and _mid_turn(s)][:200]
    previews = _median_per_call(lambda: [s.preview(a) for s, a in ordinary], 3) / len(ordinary)
    figures.append(Figure("preview", previews * 1e6, "µs"))

    applies = _median_on_copies([s for s, _ in ordinary], lambda copy, i: copy.apply(ordinary[i][1]))
    figures.append(Figure("apply", applies * 1e6, "µs", "orders, end of turn excluded"))

    turn_states = states[:: max(1, len(states) // 20)]
    eot = _median_on_copies(turn_states, _alone(end_of_turn))
    figures.append(Figure("end_of_turn", eot * 1e6, "µs", "all phases"))
    bare = _median_on_copies([_keeping_no_record(state) for state in turn_states], _alone(end_of_turn))
    figures.append(Figure("  keeping no record", bare * 1e6, "µs", "all phases, in a search's world: no log text"))
    series = _median_on_copies(turn_states, _alone(record_series))
    figures.append(Figure("  record_series", series * 1e6, "µs", "after the phases; skipped where no record is kept"))
    for name, phase in PHASES:  # each on its own, from the same states: where the end of turn's time goes
        timed = _median_on_copies(turn_states, _alone(phase))
        figures.append(Figure(f"  {name}", timed * 1e6, "µs", "phase of end_of_turn"))
    return [replace(figure, goal=GOALS.get(figure.name)) for figure in figures]


def _keeping_no_record(state: GameState) -> GameState:
    """A copy of `state` as a search plays it: a world that keeps no record (`GameState.keeps_record`)."""
    copy = state.clone()
    copy.keeps_record = False
    return copy


def _median_pass(play: Callable[[int], int], games: int) -> tuple[float, float]:
    """CPU seconds and actions per game, playing seeds 0 .. `games` - 1 with `play(seed)` (which returns the
    game's length) `PASSES` times over: the pass of median time, as the other figures take the median of a few
    runs. The games are the same each pass; the first also makes the per-scenario tables and actions those games
    reach that no game before made, which a batch makes once in its first games."""
    runs = []
    steps = 0
    for _ in range(PASSES):
        steps = 0
        start = time.process_time()
        for seed in range(games):
            steps += play(seed)
        runs.append((time.process_time() - start) / games)
    return statistics.median(runs), steps / games


def _random_games(scenario: Scenario, games: int) -> tuple[float, float]:
    """CPU seconds and actions per random game over `games` seeds (`_median_pass`)."""
    return _median_pass(lambda seed: _random_game(scenario, seed)[0], games)


def _heuristic_games(scenario: Scenario, games: int, spec: str = "heuristic") -> tuple[float, float]:
    """CPU seconds and actions per game of the heuristic agent (as `spec` sets it) on every side, over `games`
    seeds (`_median_pass`; agents' thinking included: this is what a batch of heuristic games costs)."""

    def play(seed: int) -> int:
        agents = {f.id: make_agent(spec, f.id, seed * 100 + i) for i, f in enumerate(scenario.factions)}
        return play_out(new_game(scenario, seed), agents)

    return _median_pass(play, games)


def tile_scenario(scenario: Scenario, copies: int) -> Scenario:
    """The city `copies` times over, in memory: every district, link, site and unit repeated, food stock and rail
    arrivals multiplied so the copies eat as the original does. Copy 0 keeps the original ids (the events and
    objectives name it); copy k's ids end in "~k"; a street joins each copy's first district to the next one's."""
    if copies <= 1:
        return scenario
    districts, links, sites, units = [], [], [], []
    first = scenario.districts[0].id
    for k in range(copies):

        def tag(name: str, k: int = k) -> str:
            return name if k == 0 else f"{name}~{k}"

        districts += [replace(d, id=tag(d.id)) for d in scenario.districts]
        links += [replace(x, id=tag(x.id), a=tag(x.a), b=tag(x.b)) for x in scenario.links]
        sites += [replace(s, id=tag(s.id), district=tag(s.district), link=s.link and tag(s.link))
                  for s in scenario.sites]  # fmt: skip
        units += [replace(u, id=tag(u.id), district=tag(u.district), barracks=u.barracks and tag(u.barracks))
                  for u in scenario.units]  # fmt: skip
        if k:
            links.append(Link(id=f"tile~{k}", a=tag(first, k - 1), b=tag(first), kind=LinkKind.STREET))
    food = replace(
        scenario.food,
        stock_tonnes=scenario.food.stock_tonnes * copies,
        rail_tonnes_per_day=scenario.food.rail_tonnes_per_day * copies,
    )
    return replace(
        scenario,
        id=f"{scenario.id}-x{copies}",
        districts=tuple(districts),
        links=tuple(links),
        sites=tuple(sites),
        units=tuple(units),
        food=food,
        content_hash="",
    )


def scaling(scenario: Scenario, copies: int, games: int) -> list[Figure]:
    """A random game on the city and on the city tiled `copies` times: per game and per action."""
    figures = []
    for n in (1, copies):
        tiled = tile_scenario(scenario, n)
        _random_game(tiled, 10_000)  # warm the per-scenario caches
        elapsed, steps = _random_games(tiled, games)
        size = f"{len(tiled.districts)} districts, {len(tiled.units)} units, {steps:.0f} actions"
        figures.append(Figure(f"random game x{n}", elapsed * 1e3, "ms", size))
        figures.append(Figure(f"  per action x{n}", elapsed / steps * 1e6, "µs"))
    ratio = figures[2].value / figures[0].value
    note = "per game; linear in districts and units gives the copies"
    figures.append(Figure(f"cost x{copies} / x1", ratio, "x", note, goal=float(copies)))
    return figures
