"""Each action's effect, with the odds forced to certainty (or to failure) so the rule itself is what is tested."""

from __future__ import annotations

import pytest
from core_helpers import act, loyal_to, with_odds

from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
from petrograd1917.engine.legality import IllegalActionError
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind


@pytest.fixture(scope="module")
def certain(small_scenario: Scenario) -> Scenario:
    return with_odds(small_scenario, 1.0)


@pytest.fixture
def g(certain: Scenario) -> GameState:
    return new_game(certain, seed=2)


def as_faction(state: GameState, faction: str) -> GameState:
    state.faction_cursor = state.index.faction[faction]
    state.action_points[state.faction_cursor] = 6
    return state


def d(state: GameState, district: str) -> int:
    return state.index.district[district]


def f(state: GameState, faction: str) -> int:
    return state.index.faction[faction]


def test_agitate_district_raises_influence_at_others_expense(g: GameState) -> None:
    rule = g.index.rules[K.AGITATE]
    v, gov, bol = d(g, "vyborg"), f(g, "government"), f(g, "bolsheviks")
    before = g.influence[v].copy()
    entries = g.apply(act(g, K.AGITATE, district="vyborg"))
    assert g.influence[v, gov] == pytest.approx(before[gov] + rule.strength)
    assert g.influence[v].sum() <= 1.0 + 1e-12 and g.influence[v, bol] <= before[bol]
    assert g.action_points[gov] == 3
    assert entries[0].kind == "agitate" and entries[0].faction == "government" and "Vyborg Side" in entries[0].text


def test_agitate_unit_raises_its_loyalty(g: GameState) -> None:
    as_faction(g, "bolsheviks")
    before = loyal_to(g, "volynsky", "bolsheviks")
    g.apply(act(g, K.AGITATE, unit="volynsky"))
    assert loyal_to(g, "volynsky", "bolsheviks") == pytest.approx(before + g.index.rules[K.AGITATE].strength)


def test_strike_calls_workers_out(g: GameState) -> None:
    as_faction(g, "bolsheviks")
    v = d(g, "vyborg")
    strikers, unrest = g.strikers[v], g.unrest[v]
    entries = g.apply(act(g, K.STRIKE, district="vyborg"))
    assert g.strikers[v] > strikers and g.unrest[v] > unrest
    assert g.strikers[v] <= g.index.workers[v]
    assert "down tools" in entries[0].text


def test_demonstrate_fills_the_streets_and_marches_over_an_open_bridge(g: GameState) -> None:
    as_faction(g, "bolsheviks")
    v, lit = d(g, "vyborg"), d(g, "liteiny")
    g.apply(act(g, K.DEMONSTRATE, district="vyborg"))
    crowd = g.crowd[v]
    assert crowd > 0
    entries = g.apply(act(g, K.DEMONSTRATE, district="vyborg", target="liteiny"))
    moved = crowd * g.scenario.rules.march_share
    assert g.crowd[lit] == pytest.approx(moved) and g.crowd[v] == pytest.approx(crowd - moved)
    assert "Liteiny Bridge" in entries[0].text


def test_a_raised_bridge_stops_a_march_unless_the_river_is_frozen(g: GameState, frozen_scenario: Scenario) -> None:
    for state, allowed in ((g, False), (new_game(with_odds(frozen_scenario, 1.0), 2), True)):
        as_faction(state, "soviet")
        state.crowd[d(state, "petrograd_side")] = 5000
        march = act(state, K.DEMONSTRATE, district="petrograd_side", target="admiralty")
        assert (march in state.legal_actions()) is allowed


def test_move_along_links_once_per_turn(g: GameState) -> None:
    u = g.unit_ids["volynsky"]
    entries = g.apply(act(g, K.MOVE, unit="volynsky", target="vyborg"))
    assert g.unit_district[u] == d(g, "vyborg") and g.unit_moved[u]
    assert "Liteiny Bridge" in entries[0].text
    with pytest.raises(IllegalActionError, match="already acted"):
        g.apply(act(g, K.MOVE, unit="volynsky", target="liteiny"))


def test_move_respects_raised_bridges_water_and_the_ice(g: GameState, frozen_scenario: Scenario) -> None:
    legal = g.legal_actions()
    assert act(g, K.MOVE, unit="don_cossacks", target="liteiny") in legal
    assert act(g, K.MOVE, unit="don_cossacks", target="petrograd_side") not in legal  # Palace Bridge raised
    assert act(g, K.MOVE, unit="city_police", target="kronstadt") not in legal  # water: police cannot swim
    frozen = new_game(frozen_scenario, 2)
    legal = frozen.legal_actions()
    assert act(frozen, K.MOVE, unit="don_cossacks", target="petrograd_side") in legal
    assert act(frozen, K.MOVE, unit="city_police", target="kronstadt") in legal  # over the ice
    as_faction(g, "bolsheviks")
    assert act(g, K.MOVE, unit="baltic_sailors", target="admiralty") in g.legal_actions()  # sailors by water


def test_fire_obeyed_clears_the_crowd_at_a_price(g: GameState) -> None:
    rules = g.scenario.rules
    adm, gov = d(g, "admiralty"), f(g, "government")
    u = g.unit_ids["city_police"]
    g.crowd[adm] = 10_000
    unrest, legitimacy = g.unrest[adm], g.legitimacy[gov]
    entries = g.apply(act(g, K.FIRE, unit="city_police"))
    killed = 10_000 * rules.fire_casualty_rate * g.unit_arms[u]
    assert g.crowd[adm] == pytest.approx((10_000 - killed) * (1 - g.index.rules[K.FIRE].strength))
    assert g.unit_strain[u] == pytest.approx(rules.fire_strain)
    assert g.unrest[adm] == pytest.approx(unrest + rules.fire_unrest)
    assert g.legitimacy[gov] == pytest.approx(legitimacy - rules.fire_legitimacy)
    assert entries[0].data["outcome"] == "scattered" and "killed" in entries[0].text
    assert entries[0].text.startswith("The City police fire on the crowd in Admiralty")


def test_fire_refused_turns_loyalty_towards_the_crowd(g: GameState) -> None:
    lit, gov, sov = d(g, "liteiny"), f(g, "government"), f(g, "soviet")
    u = g.unit_ids["volynsky"]
    g.crowd[lit] = 20_000
    g.unit_loyalty[u] = [0.1, 0.6, 0.1]  # wavering: obedience clips to 0
    g.unit_discipline[u] = 0.0
    entries = g.apply(act(g, K.FIRE, unit="volynsky"))
    assert entries[0].data["outcome"] == "refused" and "refuses" in entries[0].text
    assert g.crowd[lit] == 20_000
    assert g.unit_loyalty[u, gov] < 0.1 and g.unit_loyalty[u, sov] > 0.6
    assert g.unit_strain[u] == pytest.approx(g.scenario.rules.fire_strain)


def test_disperse_needs_a_crowd_and_thins_it(g: GameState) -> None:
    adm = d(g, "admiralty")
    assert act(g, K.DISPERSE, unit="city_police") not in g.legal_actions()
    g.crowd[adm] = 3000
    g.apply(act(g, K.DISPERSE, unit="city_police"))
    assert g.crowd[adm] == pytest.approx(3000 * (1 - g.index.rules[K.DISPERSE].strength))
    assert g.unit_strain[g.unit_ids["city_police"]] == 0.0


def test_fraternise_pulls_in_proportion_to_the_crowd(g: GameState) -> None:
    as_faction(g, "bolsheviks")
    u = g.unit_ids["volynsky"]
    g.crowd[d(g, "liteiny")] = 750.0  # half the battalion's strength
    before = loyal_to(g, "volynsky", "bolsheviks")
    g.apply(act(g, K.FRATERNISE, unit="volynsky"))
    expected = g.index.rules[K.FRATERNISE].strength * 750.0 / g.unit_strength[u]
    assert loyal_to(g, "volynsky", "bolsheviks") == pytest.approx(before + expected)


def test_commissar_attaches_and_reveals(g: GameState) -> None:
    as_faction(g, "bolsheviks")
    u = g.unit_ids["volynsky"]
    entries = g.apply(act(g, K.COMMISSAR, unit="volynsky"))
    assert g.unit_commissar[u] == f(g, "bolsheviks")
    seen = g.visible_loyalty("volynsky", "bolsheviks")
    assert seen["bolsheviks"] == pytest.approx(loyal_to(g, "volynsky", "bolsheviks"))
    assert "%" in entries[0].text
    assert act(g, K.COMMISSAR, unit="volynsky") not in g.legal_actions()


def test_arrest_needs_armed_men_and_cuts_influence(g: GameState) -> None:
    adm, bol = d(g, "admiralty"), f(g, "bolsheviks")
    before = g.influence[adm, bol]
    g.apply(act(g, K.ARREST, district="admiralty", target="bolsheviks"))
    assert g.influence[adm, bol] == pytest.approx(max(0.0, before - g.index.rules[K.ARREST].strength))
    assert act(g, K.ARREST, district="vyborg", target="bolsheviks") not in g.legal_actions()


def test_bridges_need_men_at_an_end_or_the_bridgehead(g: GameState) -> None:
    link = g.index.link["palace_bridge"]
    g.apply(act(g, K.LOWER_BRIDGE, target="palace_bridge"))
    assert not g.link_raised[link]
    as_faction(g, "soviet")
    raise_liteiny = act(g, K.RAISE_BRIDGE, target="liteiny_bridge")
    assert raise_liteiny not in g.legal_actions()
    g.site_holder[g.index.site["liteiny_bridgehead"]] = f(g, "soviet")
    assert raise_liteiny in g.legal_actions()
    g.apply(raise_liteiny)
    assert g.link_raised[g.index.link["liteiny_bridge"]]


def test_seize_takes_a_site(g: GameState) -> None:
    as_faction(g, "bolsheviks")
    s = g.index.site["finland_station"]
    points = g.action_points[f(g, "bolsheviks")]
    entries = g.apply(act(g, K.SEIZE, target="finland_station"))
    assert g.site_holder[s] == f(g, "bolsheviks")
    assert g.action_points[f(g, "bolsheviks")] == points - 2  # the fixture makes seizing cost 2
    assert "Finland Station" in entries[0].text
    assert act(g, K.SEIZE, target="winter_palace") not in g.legal_actions()  # no armed men in Admiralty


def test_seize_against_defenders_costs_blood(g: GameState) -> None:
    as_faction(g, "bolsheviks")
    u = g.unit_ids["baltic_sailors"]
    g.unit_district[u] = d(g, "admiralty")
    g.unit_loyalty[u] = [0.0, 0.0, 1.0]
    g.unit_strength[u] = 100_000  # overwhelming: the odds approach certainty
    police = g.unit_ids["city_police"]
    strength = g.unit_strength[police]
    g.apply(act(g, K.SEIZE, target="winter_palace"))
    assert g.site_holder[g.index.site["winter_palace"]] == f(g, "bolsheviks")
    assert g.unit_strength[police] < strength and g.unit_strength[u] < 100_000


def test_defend_once_per_turn(g: GameState) -> None:
    s = g.index.site["winter_palace"]
    g.apply(act(g, K.DEFEND, target="winter_palace"))
    assert g.site_defended[s] == f(g, "government")
    assert act(g, K.DEFEND, target="winter_palace") not in g.legal_actions()


def ration_tonnes(g: GameState, district: int, days: float) -> float:
    """Flour that bakes `days` of the current ration for a district's people."""
    return days * float(g.index.population[district]) * g.ration / (g.scenario.food.bread_per_flour * 1e6)


def test_distribute_and_requisition_move_bread(g: GameState) -> None:
    v, lit = d(g, "vyborg"), d(g, "liteiny")
    stock, bread = g.city_stock, g.bread_days[v]
    days = g.index.rules[K.DISTRIBUTE_BREAD].strength
    entry = g.apply(act(g, K.DISTRIBUTE_BREAD, district="vyborg"))[0]
    tonnes = ration_tonnes(g, v, days)
    assert tonnes < stock and g.city_stock == pytest.approx(stock - tonnes)
    assert g.bread_days[v] == pytest.approx(bread + days)
    assert entry.data["tonnes"] == pytest.approx(tonnes, abs=0.05) and entry.data["days"] == pytest.approx(days)
    stock, bread = g.city_stock, g.bread_days[lit]
    g.apply(act(g, K.REQUISITION, district="liteiny"))
    assert g.bread_days[lit] == pytest.approx(bread * (1 - g.index.rules[K.REQUISITION].strength))
    assert g.city_stock > stock
    assert act(g, K.REQUISITION, district="vyborg") not in g.legal_actions()  # no armed government men there


def test_set_ration_offers_levels(g: GameState) -> None:
    levels = [a.amount for a in g.legal_actions() if a.kind is K.SET_RATION]
    assert levels == [200.0, 300.0, 500.0, 600.0]  # 400 is the ration already
    g.apply(act(g, K.SET_RATION, amount=300.0))
    assert g.ration == 300.0
    with pytest.raises(IllegalActionError, match="not on offer"):
        g.apply(act(g, K.SET_RATION, amount=333.0))


def test_propaganda_and_negotiate_move_legitimacy(g: GameState) -> None:
    gov = f(g, "government")
    legitimacy, influence = g.legitimacy[gov], g.influence[:, gov].copy()
    g.apply(act(g, K.PROPAGANDA))
    assert g.legitimacy[gov] > legitimacy and (g.influence[:, gov] >= influence).all()
    unrest = g.unrest.copy()
    g.apply(act(g, K.NEGOTIATE, target="soviet"))
    assert (g.unrest <= unrest).all() and g.unrest.sum() < unrest.sum()


def test_failure_changes_only_points_log_and_dice(small_scenario: Scenario) -> None:
    g = new_game(with_odds(small_scenario, 0.0), 2)
    influence = g.influence.copy()
    entries = g.apply(act(g, K.AGITATE, district="vyborg"))
    assert (g.influence == influence).all() and entries[0].data["ok"] is False
    assert "few listeners" in entries[0].text


def test_pass_hands_over_and_forfeits_points(g: GameState) -> None:
    g.apply(act(g, K.PASS))
    assert g.current_faction == "soviet" and g.action_points[f(g, "government")] == 0


def test_spending_all_points_hands_over(g: GameState) -> None:
    for _ in range(4):
        assert g.current_faction == "government"
        g.apply(act(g, K.AGITATE, district="admiralty"))
    assert g.current_faction == "soviet"


def test_actions_are_json_round_trips(g: GameState) -> None:
    for action in g.legal_actions():
        assert Action.from_json(action.to_json()) == action


def test_bread_is_days_for_the_district_not_a_share_of_the_stock(g: GameState) -> None:
    days = g.index.rules[K.DISTRIBUTE_BREAD].strength
    for district in ("vyborg", "admiralty"):
        i, stock, bread = d(g, district), g.city_stock, g.bread_days[d(g, district)]
        g.apply(act(g, K.DISTRIBUTE_BREAD, district=district))
        assert stock - g.city_stock == pytest.approx(ration_tonnes(g, i, days))
        assert g.bread_days[i] - bread == pytest.approx(days)  # the same days, big district or small


def test_bread_never_more_than_the_stock(g: GameState) -> None:
    v = d(g, "vyborg")
    g.city_stock = ration_tonnes(g, v, 0.5)  # half a day's bread left in the whole city
    bread = g.bread_days[v]
    preview = g.preview(act(g, K.DISTRIBUTE_BREAD, district="vyborg"))
    g.apply(act(g, K.DISTRIBUTE_BREAD, district="vyborg"))
    assert g.city_stock == 0.0 and g.bread_days[v] == pytest.approx(bread + 0.5)
    assert any("bread for 12 hours in" in text for text in preview.effects)


def test_hungry_districts_are_more_grateful(g: GameState) -> None:
    gov, v, lit = f(g, "government"), d(g, "vyborg"), d(g, "liteiny")
    g.bread_days[v], g.bread_days[lit] = 0.0, 3.0  # empty shops and long queues; full shops
    before = g.influence[:, gov].copy()
    hungry = g.apply(act(g, K.DISTRIBUTE_BREAD, district="vyborg"))[0]
    g.apply(act(g, K.DISTRIBUTE_BREAD, district="liteiny"))
    gain = g.influence[:, gov] - before
    assert gain[v] > 2 * gain[lit] > 0
    assert "queues there shorten" in hungry.text


def test_no_cartloads_of_nothing(g: GameState) -> None:
    g.city_stock = 0.5  # half a tonne: not worth a cart
    assert not any(a.kind is K.DISTRIBUTE_BREAD for a in g.legal_actions())
    with pytest.raises(IllegalActionError, match="all but empty"):
        g.apply(act(g, K.DISTRIBUTE_BREAD, district="vyborg"))
    g.bread_days[d(g, "liteiny")] = 0.01
    assert act(g, K.REQUISITION, district="liteiny") not in g.legal_actions()


def test_small_amounts_read_naturally(g: GameState) -> None:
    g.city_stock = 2.0  # the last cartload in the city
    entry = g.apply(act(g, K.DISTRIBUTE_BREAD, district="vyborg"))[0]
    assert "2 tonnes of flour" in entry.text and "bread for 1 hour." in entry.text
