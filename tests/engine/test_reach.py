"""`within_reach` is the rule: after orders, ends of turn, clones and writes straight into what it reads (units
dying or moving, bridges raised, strikes shutting railways), it answers as the rule worked out unit by unit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from petrograd1917.engine.control import city_districts, within_reach
from petrograd1917.engine.game import new_game
from petrograd1917.engine.index import UNIT_KIND_CODE, BoolArray
from petrograd1917.engine.links import link_open
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import LinkKind, UnitKind


def _afresh(state: GameState) -> BoolArray:
    """The rule itself: in being, and in the city or one open link away from it."""
    city = set(city_districts(state.scenario).tolist())
    reach = np.zeros(state.n_units, dtype=np.bool_)
    for u in range(state.n_units):
        d, kind = int(state.unit_district[u]), int(state.unit_kind[u])
        reach[u] = bool(state.unit_alive[u]) and (
            d in city
            or any(other in city and link_open(state, link, kind) for link, other in state.index.neighbour_links[d])
        )
    return reach


def _disturb(state: GameState, rng: np.random.Generator) -> None:
    """A write into what the rule reads, aimed at the approaches: a unit dies or revives or goes to an approach, a
    link from an approach into the city is raised or lowered, a strike starts or ends at one of its ends."""
    index = state.index
    city = set(city_districts(state.scenario).tolist())
    approaches = [d for d in range(index.n_districts) if d not in city]
    ways_in = [link for d in approaches for link, other in index.neighbour_links[d] if other in city]
    u = int(rng.integers(state.n_units))
    match int(rng.integers(4)):
        case 0:
            state.unit_alive[u] ^= True
        case 1:
            state.unit_district[u] = approaches[int(rng.integers(len(approaches)))]
        case 2:
            state.link_raised[ways_in[int(rng.integers(len(ways_in)))]] ^= True
        case _:
            link = ways_in[int(rng.integers(len(ways_in)))]
            d = int(index.link_a[link] if rng.random() < 0.5 else index.link_b[link])
            state.strikers[d] = 0.0 if state.strikers[d] > 0 else float(index.workers[d])


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_the_answer_is_the_rule_worked_out_unit_by_unit(name: str) -> None:
    scenario = load_scenario(name)
    rng = np.random.default_rng(11)
    games = [new_game(scenario, seed) for seed in range(2)]
    checked = 0
    for _ in range(400):
        state = games[int(rng.integers(len(games)))]  # two games in turn: the kept answer is often the other's
        if state.is_over():
            continue
        assert (within_reach(state) == _afresh(state)).all()
        assert (within_reach(state) == _afresh(state)).all()  # asked again on the same state
        checked += 1
        roll = rng.random()
        if roll < 0.4:
            _disturb(state, rng)
        elif roll < 0.5:
            games.append(state.clone())
        else:
            actions = state.legal_actions()
            state.apply(actions[int(rng.integers(len(actions)))])
    assert checked > 300


def test_the_answer_follows_bridges_and_rail_strikes() -> None:
    """A road south that is a bridge: the south is in reach over it while it is down, or by rail while a strike
    does not shut both railways; each change is seen, though nothing else about the units changes."""
    october = load_scenario("october-1917")
    links = tuple(replace(link, kind=LinkKind.BRIDGE) if link.id == "moscow_south" else link for link in october.links)
    game = new_game(replace(october, links=links), 1)
    index = game.index
    u = 0
    game.unit_alive[u], game.unit_district[u] = True, index.district["south"]
    game.unit_kind[u] = UNIT_KIND_CODE[UnitKind.INFANTRY]
    bridge = index.link["moscow_south"]
    game.link_raised[bridge] = False
    assert within_reach(game)[u]
    game.link_raised[bridge] = True
    assert within_reach(game)[u]  # by rail
    for city_end in ("narva", "moscow"):
        game.strikers[index.district[city_end]] = index.workers[index.district[city_end]]
    assert not within_reach(game)[u]
    game.link_raised[bridge] = False
    assert within_reach(game)[u]
    game.link_raised[bridge] = True
    game.strikers[index.district["narva"]] = 0.0
    assert within_reach(game)[u]
    assert all((within_reach(game) == _afresh(game)).tolist() for _ in range(2))
