"""A faction may storm a site another side holds only once its `storm_if` holds; one without may from the start."""

from __future__ import annotations

from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.game import new_game
from petrograd1917.engine.storming import may_storm, storm_ifs
from petrograd1917.scenario.loader import load_scenario


def test_a_faction_may_storm_once_its_condition_holds() -> None:
    scenario = load_scenario("october-1917")
    game = new_game(scenario, 1)
    f = game.index.faction["bolsheviks"]
    storm_if = scenario.factions[f].storm_if
    assert storm_if is not None and storm_ifs(scenario) is storm_ifs(scenario)
    assert not may_storm(game, f) and not evaluate(storm_if, game, f)
    game.flags.add("insurrection_agreed")
    assert may_storm(game, f) and evaluate(storm_if, game, f)
    free = [g for g, faction in enumerate(scenario.factions) if faction.storm_if is None]
    assert free and all(may_storm(game, g) and storm_ifs(scenario)[g] is None for g in free)
