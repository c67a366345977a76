"""Monte Carlo tree search over `clone()` / `apply()`, for a game of chance, hidden loyalties and several players.

- Hidden information: single-observer information-set MCTS. Each playout starts from a fresh determinization of
  the root (hidden loyalties resampled around what the searching faction sees, new dice from the agent's own
  generator, see `belief.py`), and one tree of action sequences is shared by all of them. Chance is handled
  "open loop": a node is the sequence of actions that led there, whatever the dice did.
- Several players: every node keeps the reward of every faction, and each faction picks, at its own nodes, what
  is best for itself (max^n). Selection is UCB1 with availability counts (an action that was legal in few worlds
  is not penalised for being rarely tried).
- Branching: a turn offers dozens of orders, most of them pointless; each node only considers the heuristic
  agent's top `width` actions (PASS always among them).
- Playouts stop after `depth` actions or at the end of `turns` turns and are scored with `value.values`.

Budgets are counted in playouts so batches stay reproducible; `time=` adds a wall-clock cap (then moves depend on
the machine's speed).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.ai.base import AgentSpecError, Options, register_agent
from petrograd1917.ai.belief import determinize, view_of
from petrograd1917.ai.heuristic import ranked_actions
from petrograd1917.ai.value import values
from petrograd1917.engine.actions import Action
from petrograd1917.scenario.model import ActionKind

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


@dataclass(frozen=True, slots=True)
class Settings:
    playouts: int
    width: int  # actions considered per node
    depth: int  # actions per playout (tree and rollout together)
    turns: int  # a playout also stops once this many turn ends have run
    rollout: str  # "random" or "heuristic"
    exploration: float = 0.7
    time: float = 0.0  # seconds per move; 0 = no time cap


LEVELS = {
    "easy": Settings(playouts=30, width=5, depth=8, turns=1, rollout="random"),
    "normal": Settings(playouts=100, width=8, depth=14, turns=1, rollout="random"),
    "hard": Settings(playouts=300, width=10, depth=20, turns=1, rollout="random"),
}
ROLLOUTS = ("random", "heuristic")
TIMED_PLAYOUT_CAP = 1_000_000


class Node:
    __slots__ = ("avail", "candidates", "children", "total", "visits")

    def __init__(self, n_factions: int) -> None:
        self.children: dict[Action, Node] = {}
        self.candidates: list[Action] | None = None  # this node's ranked actions, from its first visit
        self.visits = 0
        self.avail = 1
        self.total = np.zeros(n_factions)


class MctsAgent:
    def __init__(self, faction: str, rng: np.random.Generator, settings: Settings) -> None:
        self.faction = faction
        self.spec = "mcts"
        self.rng = rng
        self.settings = settings
        self.playouts_run = 0  # over the agent's life: benchmarks divide it by the time spent

    def choose_action(self, state: GameState) -> Action:
        view = view_of(state, self.rng)
        legal = view.world.legal_actions()
        if len(legal) == 1:
            return legal[0]
        me = view.observation.viewer
        root = Node(state.index.n_factions)
        deadline = time.perf_counter() + self.settings.time if self.settings.time > 0 else math.inf
        for _ in range(self.settings.playouts):
            self._playout(determinize(view, self.rng), root)
            self.playouts_run += 1
            if time.perf_counter() > deadline:
                break
        legal_set = set(legal)
        tried = [(child.visits, child.total[me] / child.visits, a) for a, child in root.children.items()
                 if a in legal_set and child.visits]  # fmt: skip
        if not tried:
            return ranked_actions(view.world, legal, 1)[0]
        return max(tried, key=lambda t: (t[0], t[1]))[2]

    def _candidates(self, world: GameState, node: Node) -> list[Action]:
        legal = world.legal_actions()
        if node.candidates is None:
            node.candidates = _top(world, legal, self.settings.width)
            return node.candidates
        kinds = tuple({a.kind: None for a in node.candidates})
        legal_set = {a for a in legal if a.kind in kinds}  # hashing an action is dear: only the kinds in question
        present = [a for a in node.candidates if a in legal_set]
        return present or _top(world, legal, self.settings.width)

    def _playout(self, world: GameState, root: Node) -> None:
        s = self.settings
        last_turn = world.turn + s.turns
        node, path, steps = root, [root], 0
        expanded = False
        while not expanded and steps < s.depth and not world.is_over() and world.turn < last_turn:
            mover = world.current_faction_index
            candidates = self._candidates(world, node)
            untried = [a for a in candidates if a not in node.children]
            if untried:
                action = untried[0]
                child = node.children[action] = Node(len(node.total))
                expanded = True
            else:
                log_avail = {a: math.log(node.children[a].avail) for a in candidates}
                action = max(candidates, key=lambda a: _ucb(node.children[a], mover, log_avail[a], s.exploration))
                child = node.children[action]
                for a in candidates:
                    node.children[a].avail += 1
            world.apply(action)
            steps += 1
            node = child
            path.append(node)
        while steps < s.depth and not world.is_over() and world.turn < last_turn:
            world.apply(self._rollout_action(world))
            steps += 1
        reward = values(world)
        for visited in path:
            visited.visits += 1
            visited.total += reward

    def _rollout_action(self, world: GameState) -> Action:
        legal = world.legal_actions()
        if self.settings.rollout == "heuristic":
            return ranked_actions(world, legal, 1)[0]
        return legal[int(self.rng.integers(len(legal)))]


def _top(world: GameState, legal: list[Action], width: int) -> list[Action]:
    """The `width` best by prior, and a PASS (the first one left out; passes tie at zero, so the engine's order
    decides) when none of them is one."""
    top = ranked_actions(world, legal, width)
    chosen = {id(a) for a in top}
    passes = (a for a in legal if a.kind is ActionKind.PASS and id(a) not in chosen)
    return top + [a for a in passes][:1]


def _ucb(child: Node, mover: int, log_avail: float, exploration: float) -> float:
    return float(child.total[mover]) / child.visits + exploration * math.sqrt(log_avail / child.visits)


def _build(faction: str, rng: np.random.Generator, options: dict[str, str]) -> MctsAgent:
    opts = Options("mcts", options)
    settings = LEVELS[opts.choice("level", "normal", tuple(LEVELS))]
    timed = "time" in options and "playouts" not in options  # a time budget alone: as many playouts as fit
    settings = replace(
        settings,
        playouts=opts.int("playouts", TIMED_PLAYOUT_CAP if timed else settings.playouts),
        width=opts.int("width", settings.width),
        depth=opts.int("depth", settings.depth),
        turns=opts.int("turns", settings.turns),
        rollout=opts.choice("rollout", settings.rollout, ROLLOUTS),
        exploration=opts.float("c", settings.exploration),
        time=opts.float("time", settings.time),
    )
    opts.done()
    if settings.playouts < 1 or settings.width < 1 or settings.depth < 1 or settings.turns < 1:
        raise AgentSpecError("mcts: playouts, width, depth and turns must be at least 1")
    return MctsAgent(faction, rng, settings)


register_agent("mcts", _build)
