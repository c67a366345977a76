"""Whether a faction may storm yet: while its `storm_if` does not hold, it may seize no site another side holds (the
list of legal actions leaves those seizures off, the seize order refuses them, and neither its men nor the crowds it
leads assault one at the turn's end). Each faction's condition is compiled once per scenario, here, for all three:
the listing reads it whenever it finds a held site to seize, and the combat phase at every turn's end."""

from __future__ import annotations

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.evaluate import Compiled, compile_condition
from petrograd1917.engine.index import index_for
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


def _compiled(scenario: Scenario) -> tuple[Compiled | None, ...]:
    index = index_for(scenario)
    return tuple(
        None if f.storm_if is None else compile_condition(f.storm_if, scenario, index) for f in scenario.factions
    )


# [F] each faction's storm_if, compiled (None: it may storm from the start); per scenario (engine/cache.py).
storm_ifs: PerObject[Scenario, tuple[Compiled | None, ...]] = PerObject(_compiled)


def may_storm(state: GameState, faction: int) -> bool:
    """The faction may seize a site another side holds: it has no storm_if, or its storm_if holds now."""
    storm_if = storm_ifs(state.scenario)[faction]
    return storm_if is None or bool(storm_if(state, faction))
