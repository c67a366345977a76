"""Monte Carlo tree search over `clone()` / `apply()`, for a game of chance, hidden loyalties and several players.

- Hidden information: single-observer information-set MCTS. Each playout starts from a fresh determinization of
  the root (hidden loyalties resampled around what the searching faction sees, new dice from the agent's own
  generator, see `belief.py`), and one tree of action sequences is shared by all of them. Chance is handled
  "open loop": a node is the sequence of actions that led there, whatever the dice did.
- Several players: every node keeps the reward of every faction, and each faction picks, at its own nodes, what
  is best for itself (max^n). Selection is UCB1 with availability counts (an action that was legal in few worlds
  is not penalised for being rarely tried), over means rescaled to [0, 1] among the siblings (`select`).
- Branching: a turn offers a couple of hundred orders, most of them pointless. Each node ranks them once by the
  heuristic agent's priors and keeps the top `width` (PASS always among them), then widens progressively: a node
  visited n times may have 1 + widening * sqrt(n) children, tried best prior first. A small budget thus looks
  deeper along the best few orders, a large one also weighs the rest.
- Playouts are short: the tree (at most `depth` actions; a node other than the root grows children only once
  visited `expand_after` times, so ranking is paid where the search returns), then `steps` rollout actions (none
  by default; never past the end of `turns` turns); a random order after the tree only added noise and cost a
  listing of the legal orders per playout.
- The turn's end before the leaf (`finish`): the factions still to act pass and the end of turn runs, so what
  decides games is in the position scored. Most of what orders lead to happens there: the event cards they
  trigger (a rising before its time, the ministers arrested in a palace held at the right hour), mutinies,
  control, and the sudden wins checked last. A leaf scored mid-turn saw a station taken as points gained and never
  the price. By default ("late") this is done for every faction but the one that opens the turn: its leaf would
  have all its rivals sit out their whole turn, so its orders would show their price (the cards a government
  striking first sets off) and never what they prevent, and it learnt to do nothing while the palace fell
  (October, government seat: with the turn's end it won 0 of 7 seeded games, without it 4 of 9). A playout that
  runs to the turn's end costs two to three times one scored mid-turn.
- The leaf is scored with `value.leaf_values`: the engine's standing in the race on points plus the faction's own
  weights (`value.values`, what the heuristic compares positions by), mixed with each faction's nearness to a
  sudden win (`immediate.py`), so a line that hands a rival its sudden win (legitimacy traded away before a vote
  that compares it) looks as bad as it is.
- Legality below the root: the dice of the moves above decide what is legal, so a node's ranked actions may not
  all be legal in every world. The action chosen is simply applied; the engine refuses an illegal one before
  changing anything, and the next candidate takes its place (cheaper than checking each candidate first).
- Reuse: when the same faction moves again within the same turn, the subtree below the move it chose becomes the
  new root (open loop: its statistics hold whatever the dice did), and it is only topped up to the budget: the
  playouts that went through it already count. A turn's orders are thus searched as one plan, the first order
  with the whole budget and each later one with what its line of play has not had yet.
- The agent reads the game only through its side's observation (`belief.py`).

Budgets are counted in playouts so batches stay reproducible; `time=` adds a wall-clock cap (then moves depend on
the machine's speed).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.ai.base import AgentSpecError, Options, register_agent
from petrograd1917.ai.belief import determinize, view_of
from petrograd1917.ai.priors import ranked_actions
from petrograd1917.ai.random_agent import pick_uniformly
from petrograd1917.ai.value import IMMEDIATE_WEIGHT, leaf_values
from petrograd1917.engine.actions import Action
from petrograd1917.engine.legality import IllegalActionError
from petrograd1917.engine.portable import log
from petrograd1917.scenario.model import ActionKind

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


@dataclass(frozen=True, slots=True)
class Settings:
    playouts: int
    width: int  # actions considered per node, at most
    depth: int  # actions a playout may take in the tree
    turns: int  # a playout also stops once this many turn ends have run
    rollout: str  # "random" or "heuristic"
    steps: int = 0  # rollout actions after the tree, before the leaf is scored
    expand_after: int = 2  # visits before a node (other than the root) ranks its actions and grows children
    exploration: float = 0.7
    time: float = 0.0  # seconds per move; 0 = no time cap
    widening: float = 1.0  # children allowed at a node visited n times: 1 + widening * sqrt(n)
    reuse: bool = True  # keep the subtree of the chosen move for the same faction's next move this turn
    sudden: float = IMMEDIATE_WEIGHT  # how far nearness to a sudden win counts at the leaves (value.leaf_values)
    finish: str = "late"  # play the turn out before scoring: "yes", "no", or "late" (not when opening the turn)


# Budgets sized for tournaments: a game with two seats searched costs about 8 s of one core at normal and 15 s at
# hard, so 200 games a pairing fit in a few core-hours; a human waits well under a second a move at any level.
LEVELS = {
    "easy": Settings(playouts=24, width=6, depth=6, turns=1, rollout="random"),
    "normal": Settings(playouts=70, width=10, depth=10, turns=1, rollout="random"),
    "hard": Settings(playouts=160, width=12, depth=10, turns=1, rollout="random"),
}
ROLLOUTS = ("random", "heuristic")
FINISHES = ("late", "yes", "no")
TIMED_PLAYOUT_CAP = 1_000_000
_COUNTS = 4096
_KIND = attrgetter("kind")
_LOG_COUNTS: list[float] = log(np.arange(1, _COUNTS + 1, dtype=np.float64)).tolist()  # UCB1's log of a count


def _log_count(n: int) -> float:
    """log(n) for a visit or availability count n >= 1, the same bits on every CPU (`engine/portable.py`: the C
    library's log differs between machines), looked up for the counts a search reaches."""
    return _LOG_COUNTS[n - 1] if n <= _COUNTS else log(float(n))


class Node:
    __slots__ = ("avail", "by_id", "candidates", "children", "total", "visits")

    def __init__(self, n_factions: int) -> None:
        self.children: dict[Action, Node] = {}
        self.by_id: dict[int, Node] = {}  # the same children by id(action): hashing an action is dear
        self.candidates: list[Action] | None = None  # this node's ranked actions, from its first visit
        self.visits = 0
        self.avail = 1
        self.total = [0.0] * n_factions  # summed rewards per faction: a list, as nodes add and read single entries


class MctsAgent:
    def __init__(self, faction: str, rng: np.random.Generator, settings: Settings) -> None:
        self.faction = faction
        self.spec = "mcts"
        self.rng = rng
        self.settings = settings
        self.playouts_run = 0  # over the agent's life: benchmarks divide it by the time spent
        self._kept: tuple[int, str, Node] | None = None  # (turn, faction, subtree of the move chosen last)
        self.reused_roots = 0  # moves that started from a kept subtree
        self.last_root: Node | None = None  # the last search's tree, for inspection

    def choose_action(self, state: GameState) -> Action:
        view = view_of(state, self.rng)
        legal = view.world.legal_actions()
        if len(legal) == 1:
            self._kept = None
            return legal[0]
        me = view.viewer
        root = self.last_root = self._root(view.world, legal)
        deadline = time.perf_counter() + self.settings.time if self.settings.time > 0 else math.inf
        for _ in range(self.settings.playouts - root.visits):  # a kept subtree is topped up to the budget
            self._playout(determinize(view, self.rng), root)
            self.playouts_run += 1
            if time.perf_counter() > deadline:
                break
        legal_set = set(legal)
        tried = [(child.visits, child.total[me] / child.visits, a) for a, child in root.children.items()
                 if a in legal_set and child.visits]  # fmt: skip
        if not tried:
            self._kept = None
            return ranked_actions(view.world, legal, 1)[0]
        chosen = max(tried, key=lambda t: (t[0], t[1]))[2]
        kept = root.children[chosen]
        self._kept = (view.world.turn, view.world.current_faction, kept) if self.settings.reuse else None
        return chosen

    def _root(self, world: GameState, legal: list[Action]) -> Node:
        """The subtree kept from this faction's last move when it moves again in the same turn, else a new node.
        A kept subtree's ranked actions are cut down to those legal now, once: what is legal at the root is the
        same in every world searched (legality reads neither loyalties nor dice), so playouts need not ask."""
        kept, self._kept = self._kept, None
        if kept is not None and kept[0] == world.turn and kept[1] == world.current_faction:
            self.reused_roots += 1
            root = kept[2]
            if root.candidates is not None:
                root.candidates = _present(root.candidates, legal) or None  # none left: rank again
            return root
        return Node(world.index.n_factions)

    def _playout(self, world: GameState, root: Node) -> None:
        s = self.settings
        last_turn = world.turn + s.turns
        finish = s.finish == "yes" or (s.finish == "late" and world.faction_cursor > 0)
        node, path, depth = root, [root], 0
        while depth < s.depth and not world.is_over() and world.turn < last_turn:
            if node is not root and node.visits < s.expand_after:
                break  # a young node is a leaf: ranking its actions costs more than a few playouts through it
            if node.candidates is None:
                node.candidates = _top(world, world.legal_actions(), s.width)
            allowed = 1 + int(s.widening * math.sqrt(node.visits))
            step = self._descend(world, node, node.candidates, allowed)
            if step is None:  # none of the node's actions is legal in this world: go on from the best of those
                step = self._descend(world, node, _top(world, world.legal_actions(), s.width), allowed)
            if step is None:
                break
            child, fresh = step
            depth += 1
            node = child
            path.append(node)
            if fresh:
                break
        for _ in range(s.steps):
            if world.is_over() or world.turn >= last_turn:
                break
            world.apply(self._rollout_action(world))
        if finish and not world.is_over() and world.turn < last_turn:
            _finish_turn(world)
        reward = leaf_values(world, s.sudden).tolist()
        factions = range(len(reward))
        for visited in path:
            visited.visits += 1
            total = visited.total
            for f in factions:
                total[f] += reward[f]

    def _descend(
        self, world: GameState, node: Node, candidates: list[Action], allowed: int
    ) -> tuple[Node, bool] | None:
        """Take one of the first `allowed` candidates in `world`: the first never tried, else the best by `select`;
        returns the child and whether it is new, or None when none is legal. Below the root the dice of the moves
        above decide what is legal. Rather than checking every candidate first, the one chosen is applied (the
        engine refuses an illegal order before it changes anything) and, if refused, it is set aside for this
        playout and the next candidate takes its place."""
        pool, following = candidates[:allowed], allowed
        mover = world.current_faction_index
        while pool:
            kids, fresh = _kids(node, pool)
            chosen = fresh if fresh >= 0 else select(kids, mover, self.settings.exploration)
            action = pool[chosen]
            try:
                world.apply(action)
            except IllegalActionError:
                del pool[chosen]
                if following < len(candidates):
                    pool.append(candidates[following])
                    following += 1
                continue
            if fresh >= 0:
                child = node.children[action] = node.by_id[id(action)] = Node(len(node.total))
                return child, True
            for kid in kids:
                kid.avail += 1
            return kids[chosen], False
        return None

    def _rollout_action(self, world: GameState) -> Action:
        legal = world.legal_actions()
        if self.settings.rollout == "heuristic":
            return ranked_actions(world, legal, 1)[0]
        return pick_uniformly(self.rng, legal)


def _finish_turn(world: GameState) -> None:
    """Every faction still to act this turn passes (an event card waiting for an answer gets its first), so the
    turn's end runs before the leaf is scored: the events, mutinies, control and sudden wins the orders led to
    are in the position, not only the orders themselves."""
    turn = world.turn
    while world.turn == turn and not world.is_over():
        if world.pending_choice is None:
            world.apply(_pass(world.current_faction))
        else:
            world.apply(world.legal_actions()[0])


@cache
def _pass(faction: str) -> Action:
    """A faction's PASS, made once: the turn's end is played out in every playout but the opener's."""
    return Action(ActionKind.PASS, faction)


def _present(candidates: list[Action], legal: list[Action]) -> list[Action]:
    """The candidates that are in `legal`, in their order. The engine hands out the same Action objects for the
    same orders, so identity answers most lookups; only the candidates it misses are compared by value (hashing an
    action is dear), among their kinds."""
    ids = set(map(id, legal))
    missed = [a for a in candidates if id(a) not in ids]
    if not missed:
        return candidates
    kinds = {a.kind for a in missed}
    found = {a for a in legal if a.kind in kinds}.intersection(missed)
    return [a for a in candidates if id(a) in ids or a in found]


def _top(world: GameState, legal: list[Action], width: int) -> list[Action]:
    """The `width` best by prior, and a PASS (the first one left out; passes tie at zero, so the engine's order
    decides) when none of them is one."""
    top = ranked_actions(world, legal, width)
    chosen = set(map(id, top))
    kinds = list(map(_KIND, legal))  # found by the list's own search: a loop over a few hundred actions costs more
    at = -1
    for _ in range(kinds.count(ActionKind.PASS)):
        at = kinds.index(ActionKind.PASS, at + 1)
        if id(legal[at]) not in chosen:
            return [*top, legal[at]]
    return top


def _kids(node: Node, pool: list[Action]) -> tuple[list[Node], int]:
    """The children of `pool`'s actions up to the first never tried, and that one's place (-1 if all were tried).
    By identity first: the node keeps the actions its children were made for, so their ids are their own; an
    equal action under another object is found by value."""
    kids: list[Node] = []
    by_id, children = node.by_id, node.children
    for i, action in enumerate(pool):
        kid = by_id.get(id(action)) or children.get(action)
        if kid is None:
            return kids, i
        kids.append(kid)
    return kids, -1


def select(children: list[Node], mover: int, exploration: float) -> int:
    """The child to go down: UCB1 with availability counts over the mover's mean values, the means rescaled to
    [0, 1] by the lowest and highest among the children. Positions one order apart differ in value by about a
    thousandth, so against an unscaled exploration term the means would not count and the visits spread evenly
    over the candidates whatever the search found."""
    means = [child.total[mover] / child.visits for child in children]
    low, high = min(means), max(means)
    scale = 1.0 / (high - low) if high > low else 0.0
    sqrt = math.sqrt
    best, best_score = 0, -math.inf
    for i, child in enumerate(children):
        score = (means[i] - low) * scale + exploration * sqrt(_log_count(child.avail) / child.visits)
        if score > best_score:  # the first of equals, as max() would
            best, best_score = i, score
    return best


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
        steps=opts.int("steps", settings.steps),
        expand_after=opts.int("expand", settings.expand_after),
        exploration=opts.float("c", settings.exploration),
        time=opts.float("time", settings.time),
        widening=opts.float("widening", settings.widening),
        reuse=opts.choice("reuse", "yes" if settings.reuse else "no", ("yes", "no")) == "yes",
        finish=opts.choice("finish", settings.finish, FINISHES),
        sudden=opts.float("sudden", settings.sudden),
    )
    opts.done()
    if min(settings.playouts, settings.width, settings.depth, settings.turns, settings.expand_after) < 1:
        raise AgentSpecError("mcts: playouts, width, depth, turns and expand must be at least 1")
    if settings.steps < 0 or settings.widening < 0:
        raise AgentSpecError("mcts: steps and widening must not be negative")
    return MctsAgent(faction, rng, settings)


register_agent("mcts", _build)
