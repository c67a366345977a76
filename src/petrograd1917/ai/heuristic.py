"""The heuristic agent: a priority flowchart, the way good board-game bots play, driven by the scenario's AI weights.

Each legal action gets a quick *prior* (`priors.py`): the odds the rules give it times the value of what it should
bring, per action point, from the faction's AI weights and objective. The agent reads the game only through its
side's observation (`belief.py`) and its list of legal actions. Where the best few are close enough for it to
change the choice, they are checked by a one-step lookahead on a determinized world: the position after each,
scored by `value.values`. Event choices are decided by lookahead alone. PASS wins only when nothing else is worth
its points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.ai.base import Options, register_agent
from petrograd1917.ai.belief import View, determinize, view_of
from petrograd1917.ai.priors import TIE_NOISE, Situation, best_priors
from petrograd1917.ai.value import values
from petrograd1917.engine.actions import Action
from petrograd1917.engine.listing import listed_places
from petrograd1917.engine.observation import drawn_seed
from petrograd1917.engine.seeding import generator, seeded_state
from petrograd1917.scenario.model import ActionKind

if TYPE_CHECKING:
    from petrograd1917.ai.priors import FloatArray
    from petrograd1917.engine.state import GameState

# Orders whose worth shows only when the turn ends, where control, unrest and combat are settled (where men and
# marching crowds stand, the sites they guard, the bridges up): the position right after one is worth what it was
# before, so the look-ahead, which scores that position, has nothing to tell them apart by. They gain 0 there
# without being played. A march is a demonstration naming a district to march to (`shows_at_turns_end`).
SHOWS_AT_TURNS_END = frozenset({ActionKind.MOVE, ActionKind.DEFEND, ActionKind.RAISE_BRIDGE, ActionKind.LOWER_BRIDGE})
MARGIN = 0.02  # how far (in priors) below the best an order of another kind may stand and still be looked at
SAME_KIND = 0.25  # the share of the margin for an order of the best's own kind


# ------------------------------------------------------------------------------------------------ the agent


class HeuristicAgent:
    def __init__(self, faction: str, rng: np.random.Generator, lookahead: int, samples: int, margin: float) -> None:
        self.faction = faction
        self.spec = "heuristic"
        self.rng = rng
        self.lookahead = lookahead  # how many of the best priors are checked on a clone
        self.samples = samples  # clones per checked action (common dice across actions)
        self.margin = margin  # how far below the best prior an order of another kind may be and still be looked at
        self.dice = generator(0)  # the look-ahead's dice: put back to each world's drawn start for every action

    def choose_action(self, state: GameState) -> Action:
        """Reads `state` only through the side's observation (`belief.view_of`), and the list of what it may order
        (public, and read of the game itself, as any player's menu is: no rule of what may be ordered reads a
        hidden loyalty). The list leaves its receipt on the game, so the order chosen from it is not checked again
        there; the believed world, a copy, carries it too, and is not listed again. The priors read the game for
        what is public and for the side's own units' loyalties, which it sees as they are: the estimates of the
        others, and the believed world, are worked out only when the look-ahead or an order's odds need them."""
        actions = state.legal_actions()
        view = view_of(state, self.rng)
        if len(actions) == 1:
            return actions[0]
        if state.pending_choice is not None:
            return actions[_first_best(self._look(view, actions))]
        places = listed_places(state)  # where the list's actions sit in the listing's table
        s = Situation.seen(view)
        noise = self.rng.random(len(actions))  # x TIE_NOISE (in the priors): exact ties broken, not by list order
        k = max(self.lookahead, 1)
        priors, order = best_priors(s, actions, k, noise, places, self.margin)  # exact where the look-ahead weighs
        best = order[0]
        if self.lookahead > 0 and priors.item(best) > 0:  # `item`: a Python float, the same number, read faster
            top = [best]
            for i in order[1:]:
                if priors.item(best) - priors.item(i) > self.margin:  # (and every one after it, further below)
                    break
                if self._may_overtake(actions, priors, best, i):
                    top.append(i)
            if len(top) > 1:
                worth = self._look(view, [actions[i] for i in top])
                score = [0.5 * priors.item(i) + 0.5 * w * s.norm for i, w in zip(top, worth, strict=True)]
                best = top[_first_best(score)]
        if priors.item(best) <= 0 and actions[0].kind is ActionKind.PASS:
            return actions[0]
        return actions[best]

    def _may_overtake(self, actions: list[Action], priors: FloatArray, best: int, i: int) -> bool:
        """Whether the look-ahead could put order `i` before the best, so is worth running for it (most decisions it
        would not change: docs/ai-research.md). Not when its prior is not above 0 or further than `margin` below
        the best (most orders: asked first), nor when both show nothing until the turn's end; an order of another
        kind within `margin`; one of the same kind, which the priors already weigh place against place, only within
        a quarter of that, and not when they tie (the same order at places the priors cannot tell apart, which the
        look-ahead next to never can either)."""
        prior = priors.item(i)
        gap = priors.item(best) - prior
        if prior <= 0 or gap > self.margin:
            return False
        if shows_at_turns_end(actions[i]) and shows_at_turns_end(actions[best]):
            return False
        return actions[i].kind is not actions[best].kind or TIE_NOISE < gap <= SAME_KIND * self.margin

    def _look(self, view: View, actions: list[Action]) -> list[float]:
        """Mean value to this faction of the position right after each action, on determinized worlds with common
        dice (compared with each other only: the value before, the same for all, is left out). An order that
        spends the last points is looked at before the turn ends (`hold_turn`): every candidate is judged by what
        it does itself, and the end-of-turn phases, the dearest part of the rules, are not run for each one. An
        order that shows nothing until then (`shows_at_turns_end`) leaves the value as it was: it is not played."""
        me = view.viewer
        played = [i for i, action in enumerate(actions) if not shows_at_turns_end(action)]
        still = len(played) < len(actions)
        totals = [0.0] * len(actions)
        dice = self.dice
        for sample in range(self.samples):
            start = seeded_state(drawn_seed(self.rng))  # Generator(PCG64(seed))'s, seeded without SeedSequence
            world = determinize(view, self.rng, last=sample == self.samples - 1)  # the view is not read after
            before = float(values(world)[me]) if still else 0.0
            worth = [before] * len(actions)
            last = played[-1] if played else -1
            for i in played:
                # the last one may use up the world itself; a clone is given the dice's state rather than reading
                # the world's generator for one it would never roll
                clone = world.clone(dice=start) if i < last else world
                dice.bit_generator.state = start  # each action is played with the same dice: one generator, rewound
                clone.rng = dice
                clone.apply(actions[i], hold_turn=True)
                worth[i] = float(values(clone)[me])
            totals = [t + w for t, w in zip(totals, worth, strict=True)]
        return [t / self.samples for t in totals]


def shows_at_turns_end(action: Action) -> bool:
    """Whether the order's worth shows only when the turn ends (`SHOWS_AT_TURNS_END`, and marches)."""
    return action.kind in SHOWS_AT_TURNS_END or (action.kind is ActionKind.DEMONSTRATE and action.target is not None)


def _first_best(values: list[float]) -> int:
    """`np.argmax(values)` (the first of the highest; no value here is NaN) without making an array of a few floats
    (a third of the cost)."""
    return max(range(len(values)), key=values.__getitem__)


def _build(faction: str, rng: np.random.Generator, options: dict[str, str]) -> HeuristicAgent:
    opts = Options("heuristic", options)
    level = opts.choice("level", "normal", ("normal", "plain"))
    lookahead = opts.int("lookahead", 0 if level == "plain" else 3)
    samples = opts.int("samples", 1)
    margin = opts.float("margin", MARGIN)
    opts.done()
    return HeuristicAgent(faction, rng, max(0, lookahead), max(1, samples), margin)


register_agent("heuristic", _build)
