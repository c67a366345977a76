"""How much bread an order moves: shared by the checks, the list, the resolution and the preview."""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.cache import PerObjectAnd
from petrograd1917.engine.index import FloatArray, index_for
from petrograd1917.engine.numeric import at_most
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionRule, Scenario

MIN_TONNES = 1.0  # a cartload: bread moved in smaller amounts is not worth an order
RELIEF_INFLUENCE = 0.05  # influence won by bread that ends a district's queues outright
TOP_UP_INFLUENCE = 0.01  # influence won by bread for shops that were not queuing: thanks, but little more


def bread_tonnes(state: GameState, rule: ActionRule, district: int) -> float:
    """Flour one distribution sends to the district: `strength` days of the current ration for its people, or the
    whole city stock when that holds less (so a big district needs a big cartload). One district, in floats (the
    order's check and its carrying out ask for one); `at_most` keeps numpy's minimum as the listing weighs it."""
    return at_most(rule.strength * daily_tonnes(state).item(district), max(state.city_stock, 0.0))


def set_ration(state: GameState, grams: float) -> None:
    """A new ration (an order or an event). A cut is news of rationing: every district fears a shortage more, by
    `fear_from_ration` for each tenth of the ration cut."""
    old = state.ration
    state.ration = grams
    if old > 0 and grams < old:
        cut = (old - grams) / old
        state.fear = np.minimum(state.fear + state.scenario.rules.fear_from_ration * cut * 10.0, 1.0)


def relief_influence(state: GameState, district: int, days: float) -> float:
    """Influence won by `days` of bread for a district: gratitude follows need, so it grows with the part of the
    queues (shops below `queue_days`) the bread clears, from `TOP_UP_INFLUENCE` to `RELIEF_INFLUENCE`."""
    queue_days = state.scenario.rules.queue_days
    held = max(state.bread_days.item(district), 0.0)
    relieved = (min(held + days, queue_days) - min(held, queue_days)) / queue_days if queue_days > 0 else 0.0
    return TOP_UP_INFLUENCE + (RELIEF_INFLUENCE - TOP_UP_INFLUENCE) * relieved


def daily_tonnes(state: GameState) -> FloatArray:
    """[D] tonnes of flour each district eats in a day at the current ration (read-only)."""
    return daily_tonnes_at(state.scenario, state.ration)


def _daily(scenario: Scenario, ration: float) -> FloatArray:
    result: FloatArray = index_for(scenario).population * max(ration, 1.0) / (scenario.food.bread_per_flour * 1e6)
    result.flags.writeable = False
    return result


# Per scenario and ration (engine/cache.py): the list of legal actions asks at every step and the ration seldom
# changes.
daily_tonnes_at: PerObjectAnd[Scenario, float, FloatArray] = PerObjectAnd(_daily)


def days_per_tonne(state: GameState, district: int) -> float:
    """How many days of the current ration a tonne of flour gives a district."""
    daily = float(daily_tonnes(state)[district])
    return 1.0 / daily if daily > 0 else 0.0


def requisition_days(state: GameState, district: int, rule: ActionRule) -> float:
    """Days of bread taken back from a district's shops: a share `strength` of what they hold."""
    return rule.strength * max(state.bread_days.item(district), 0.0)


def requisition_tonnes(state: GameState, rule: ActionRule) -> FloatArray:
    """[D] tonnes of flour a requisition would bring back from each district."""
    result: FloatArray = rule.strength * np.maximum(state.bread_days, 0.0) * daily_tonnes(state)
    return result
