"""One game of a batch as a task: the single function every executor (in-process, process pool, Dask) runs.

Seeds come from the batch seed and the game's index alone (`SeedSequence(batch_seed, spawn_key=(index,))`), so a
game plays the same whatever the number of workers, the executor or the order in which games finish. The game's
own seed and each agent's generator are separate children of that sequence: agents never share the game's rng.
"""

from __future__ import annotations

import gc
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from petrograd1917.ai.base import make_agent
from petrograd1917.ai.play import play_out
from petrograd1917.engine.state import RULES

if TYPE_CHECKING:
    from petrograd1917.ai.base import Agent
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario

Measure = Callable[["GameState"], dict[str, Any]]
"""An optional per-game probe, called on the finished game; what it returns (JSON values) is stored in the
record's `extra`. It must be a module-level function: executors send it to workers by reference."""


@dataclass(frozen=True, slots=True)
class GameTask:
    index: int
    batch_seed: int
    scenario: str  # a built-in name or a path: each worker loads (and caches) it
    scenario_hash: str  # the content hash the batch was started with: a worker holding another file refuses
    agents: tuple[tuple[str, str], ...]  # (faction id, agent spec) in turn order
    measure: Measure | None = None
    max_actions: int = 100_000
    rules: int = RULES  # the engine's rules the batch started under: a worker whose engine plays others refuses


MAX_BATCH_SEED = 2**63 - 1  # what a batch's seed may be (and so its folder's batch.json)


def game_seed(batch_seed: int, index: int) -> int:
    """The seed `new_game` receives for game `index` of a batch (recorded, and the key `--resume` checks)."""
    return int(np.random.SeedSequence(batch_seed, spawn_key=(index,)).generate_state(1, np.uint64)[0] >> 1)


def agent_seeds(batch_seed: int, index: int, count: int) -> list[np.random.SeedSequence]:
    return np.random.SeedSequence(batch_seed, spawn_key=(index,)).spawn(count)


_SCENARIOS: dict[str, Scenario] = {}


def cache_scenario(ref: str, scenario: Scenario) -> None:
    """Let this process (and the pool workers it forks) reuse an already loaded scenario."""
    _SCENARIOS[ref] = scenario
    hold_for_games()


GAME_GENERATION = 20_000  # allocations between collections of the youngest generation, in a process playing games


def hold_for_games() -> None:
    """Take what this process holds by now (its modules, the scenario, the compiled kernels) out of the garbage
    collector's sight (`gc.freeze`): it lives as long as the process, which plays game after game. Otherwise every
    full collection walks those ~120,000 objects again, ~35 ms a few times a hundred games; and pool workers
    forked after this share more of their parent's memory, as no collection writes to those objects. What is
    garbage now is collected first, so nothing that would have gone is kept for good.

    The youngest generation is then collected every `GAME_GENERATION` allocations rather than every 700: a game
    makes tens of thousands of short-lived containers (its lists of actions, its log's entries) and almost no
    cycles, so most of those collections found nothing (1.5-3% of a random game's time, measured)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GAME_GENERATION, *gc.get_threshold()[1:])


def _scenario(ref: str, expected_hash: str) -> Scenario:
    if ref not in _SCENARIOS:
        from petrograd1917 import load_scenario

        cache_scenario(ref, load_scenario(ref))
    scenario = _SCENARIOS[ref]
    if expected_hash and scenario.content_hash and scenario.content_hash != expected_hash:
        raise RuntimeError(
            f"scenario '{ref}' on this worker differs from the one the batch started with "
            f"({scenario.content_hash[:12]} != {expected_hash[:12]})"
        )
    return scenario


def _record(task: GameTask) -> dict[str, Any]:
    return {"index": task.index, "seed": game_seed(task.batch_seed, task.index), "agents": dict(task.agents)}


def failed_record(task: GameTask, error: str, trace: str = "", duration_s: float = 0.0) -> dict[str, Any]:
    """The record of a game that could not be played to its end: which game, and why."""
    return {**_record(task), "error": error, "traceback": trace, "duration_s": round(duration_s, 6)}


def play_task(task: GameTask) -> dict[str, Any]:
    """Play one game and return its record; an exception becomes a record with the error and its traceback."""
    from petrograd1917 import new_game

    record = _record(task)
    started = time.perf_counter()
    try:
        scenario = _scenario(task.scenario, task.scenario_hash)
        if task.rules != RULES:
            raise RuntimeError(
                f"this worker's petrograd1917 plays the engine's rules {RULES}, the batch started under rules"
                f" {task.rules}: its seeded games would differ (install the same version on every worker)"
            )
        seeds = agent_seeds(task.batch_seed, task.index, len(task.agents))
        agents = {f: make_agent(spec, f, s) for (f, spec), s in zip(task.agents, seeds, strict=True)}
        state = new_game(scenario, record["seed"])
        moves: list[dict[str, Any]] = []
        actions = play_out(state, {f: _Recorded(agent, moves) for f, agent in agents.items()}, task.max_actions)
        outcome = state.outcome()
        record.update(
            winner=outcome.winner,
            scores={f: round(float(v), 6) for f, v in outcome.scores.items()},
            turns=int(outcome.turns),
            key_events={k: int(v) for k, v in outcome.key_events.items()},
            reason=outcome.reason,
            actions=actions,
            moves=moves,  # every action in order, as saves write them: the game can be watched again
        )
        if task.measure is not None:
            record["extra"] = task.measure(state)
    except Exception as exc:  # a failing game is data for the batch, not the end of it
        error, trace = f"{type(exc).__name__}: {exc}", traceback.format_exc()
        return failed_record(task, error, trace, time.perf_counter() - started)
    record.update(error=None, duration_s=round(time.perf_counter() - started, 6))
    return record


class _Recorded:
    """An agent whose every choice is also written down (as JSON) in `moves`, shared by a game's agents."""

    def __init__(self, agent: Agent, moves: list[dict[str, Any]]) -> None:
        self.agent = agent
        self.faction = agent.faction
        self.spec = agent.spec
        self.moves = moves

    def choose_action(self, state: GameState) -> Action:
        action = self.agent.choose_action(state)
        self.moves.append(action.to_json())
        return action
