"""Obedience and armed force (and an arrest's pressure from it), worked out in plain floats unit by unit, are the
numbers the vector formula (numpy over all the units at once, as the odds were first written) gives, bit for bit."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from petrograd1917.engine.game import new_game
from petrograd1917.engine.index import FloatArray, IntArray
from petrograd1917.engine.odds import armed_pressure, attack_and_defence, obedience, risk
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


def obedience_of(state: GameState, units: IntArray, faction: int) -> FloatArray:
    """The vector formula: loyalty to the faction, half the drill, less half the strongest rival pull, plus a
    commissar's weight, less strain, clipped to [0, 1]."""
    loyalty = state.unit_loyalty[units]
    own = loyalty[:, faction]
    others = loyalty.copy()
    others[:, faction] = 0.0
    rival = others.max(axis=1)
    commissar = np.where(state.unit_commissar[units] == faction, state.scenario.rules.commissar_obedience, 0.0)
    value = 0.5 * state.unit_discipline[units] + own - 0.5 * rival + commissar - state.unit_strain[units]
    result: FloatArray = np.clip(value, 0.0, 1.0)
    return result


def vector_armed_force(state: GameState, faction: int, district: int) -> float:
    mask = state.unit_alive & (state.unit_commander == faction) & (state.unit_district == district)
    units = mask.nonzero()[0]
    if units.size == 0:
        return 0.0
    return float((state.unit_strength[units] * state.unit_arms[units] * obedience_of(state, units, faction)).sum())


Stir = Callable[[GameState, np.random.Generator], None]


def stirred_games(scenario: Scenario, seeds: int, steps: int, stir: Stir) -> Iterator[GameState]:
    """Each position of random games (`seeds` of them, at most `steps` orders each), `stir`red every tenth step
    (fields written straight into the game, beyond what its first turns reach)."""
    for seed in range(seeds):
        game = new_game(scenario, seed)
        rng = np.random.default_rng(seed)
        for step in range(steps):
            if game.is_over():
                break
            if step % 10 == 0:
                stir(game, rng)
            yield game
            actions = game.legal_actions()
            game.apply(actions[int(rng.integers(len(actions)))])


def _strain_and_commissars(game: GameState, rng: np.random.Generator) -> None:
    """Strain and commissars too, not just drill."""
    game.unit_strain[:] = rng.random(game.n_units) * 0.3
    game.unit_commissar[:] = rng.integers(-1, game.index.n_factions, game.n_units)


def _holders(game: GameState, rng: np.random.Generator) -> None:
    """Sites held and fortified at random."""
    game.site_holder[:] = rng.integers(-1, game.index.n_factions, len(game.site_holder))
    game.site_defended[:] = np.where(rng.random(len(game.site_holder)) < 0.5, game.site_holder, -1)
    game.receipt = None  # written straight into the state: no list made before holds


def test_plain_obedience_and_arrest_pressure_equal_the_vector_form(small_scenario: Scenario) -> None:
    compared = 0
    k = small_scenario.rules.arrest_risk_k
    for game in stirred_games(small_scenario, 6, 120, _strain_and_commissars):
        for f in range(game.index.n_factions):
            vector = obedience_of(game, np.arange(game.n_units), f)
            for u in range(game.n_units):
                assert np.float64(obedience(game, u, f)).tobytes() == vector[u].tobytes()
                compared += 1
            for d in range(game.index.n_districts):
                pressure = risk(k, vector_armed_force(game, f, d), float(game.crowd[d]))
                assert armed_pressure(game, f, d).hex() == pressure.hex()
    assert compared > 1000


def test_a_seizures_attack_and_defence_are_both_sides_armed_forces(small_scenario: Scenario) -> None:
    """Weighed in one pass over the units, each side's force is the one the vector form gives it alone: the
    attacker's times the penalty, the holder's times the site's defence (and the bonus if fortified), none when no
    one holds the site."""
    rules = small_scenario.rules
    held = 0
    for game in stirred_games(small_scenario, 4, 80, _holders):
        for s, site in enumerate(small_scenario.sites):
            d, holder = game.index.site_district_list[s], int(game.site_holder[s])
            for f in range(game.index.n_factions):
                attack, defence = attack_and_defence(game, f, s)
                assert attack.hex() == (vector_armed_force(game, f, d) * rules.combat_attacker_penalty).hex()
                if holder < 0:
                    assert defence == 0.0
                    continue
                held += 1
                bonus = rules.defend_bonus if game.site_defended[s] == holder else 1.0
                assert defence.hex() == (vector_armed_force(game, holder, d) * site.defense * bonus).hex()
    assert held > 100
