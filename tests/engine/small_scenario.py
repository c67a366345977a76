"""A small but complete scenario built in Python from the model dataclasses, shared by every engine test (the
fixtures in conftest.py and the random-game tests import it from here, by a module name
no other test folder uses).

Five districts (a raisable bridge, a water link to the naval base), three factions (one of them the regime),
six units of several kinds, sites (two stations, an arsenal, a palace, a bridgehead, a headquarters), food with a
cold spell, two events (one with a choice), an immediate victory and an objective per faction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from petrograd1917.scenario.conditions import Binary, Call, Condition, Name, Number
from petrograd1917.scenario.model import (
    ActionKind,
    ActionRule,
    Calendar,
    CalendarPhase,
    Choice,
    District,
    DistrictCharacter,
    Effect,
    EffectKind,
    Event,
    Faction,
    Food,
    ImmediateVictory,
    KeyEvent,
    Leader,
    Link,
    LinkKind,
    Objective,
    Rules,
    Scenario,
    Site,
    SiteGives,
    SiteKind,
    Unit,
    UnitKind,
    Victory,
    WeatherSpell,
)

ALL_ACTIONS = tuple(kind for kind in ActionKind if kind is not ActionKind.CHOOSE)
SQUARE = ((0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0))


def turn_at_least(n: int) -> Condition:
    return Condition(f"turn >= {n}", Binary(">=", Name("turn", 1), Number(float(n), 9), 6))


def controls(faction: str, site: str) -> Condition:
    source = f"controls({faction}, {site})"
    return Condition(source, Call("controls", (Name(faction, 10), Name(site, 12 + len(faction))), 1))


def held_points_of_self() -> Condition:
    return Condition("held_points(self)", Call("held_points", (Name("self", 13),), 1))


def district(
    did: str, name: str, character: DistrictCharacter, population: int, workers: int, soldiers: int = 0, **kw: Any
) -> District:
    return District(did, name, SQUARE, population, workers, soldiers, character, **kw)


def build_small_scenario(*, river_frozen: bool = False) -> Scenario:
    districts = (
        district("vyborg", "Vyborg Side", DistrictCharacter.INDUSTRIAL, 120_000, 60_000,
                 influence={"government": 0.1, "soviet": 0.3, "bolsheviks": 0.3}, unrest=0.4, strikers=5_000,
                 bread_days=2.0, hardship=0.5, controller="soviet"),
        district("liteiny", "Liteiny", DistrictCharacter.GARRISON, 90_000, 20_000, soldiers=8_000,
                 influence={"government": 0.4, "soviet": 0.2, "bolsheviks": 0.1}, unrest=0.2, bread_days=3.0,
                 controller="government"),
        district("admiralty", "Admiralty", DistrictCharacter.CENTRAL, 60_000, 10_000,
                 influence={"government": 0.6, "soviet": 0.1, "bolsheviks": 0.05}, unrest=0.1, bread_days=4.0,
                 controller="government"),
        district("petrograd_side", "Petrograd Side", DistrictCharacter.RESIDENTIAL, 100_000, 30_000,
                 influence={"government": 0.3, "soviet": 0.3, "bolsheviks": 0.2}, unrest=0.3, strikers=1_000),
        district("kronstadt", "Kronstadt", DistrictCharacter.APPROACH, 50_000, 5_000,
                 influence={"government": 0.1, "soviet": 0.2, "bolsheviks": 0.5}, unrest=0.5,
                 controller="bolsheviks"),
    )  # fmt: skip
    links = (
        Link("liteiny_bridge", "vyborg", "liteiny", LinkKind.BRIDGE, name="Liteiny Bridge"),
        Link("liteiny_admiralty", "liteiny", "admiralty", LinkKind.STREET, name="Nevsky Prospekt"),
        Link("palace_bridge", "admiralty", "petrograd_side", LinkKind.BRIDGE, name="Palace Bridge", raised=True),
        Link("sampsonievsky", "petrograd_side", "vyborg", LinkKind.STREET, name="Sampsonievsky"),
        Link("gulf", "kronstadt", "admiralty", LinkKind.WATER, name="Gulf of Finland"),
    )
    sites = (
        Site("winter_palace", "Winter Palace", "admiralty", SiteKind.PALACE, (50.0, 50.0),
             SiteGives(action_points=1, victory_points=3, legitimacy=0.02), defense=1.5, holder="government"),
        Site("finland_station", "Finland Station", "vyborg", SiteKind.STATION, (40.0, 40.0),
             SiteGives(rail_share=0.4, victory_points=1), holder="soviet"),
        Site("nikolaevsky_station", "Nikolaevsky Station", "liteiny", SiteKind.STATION, (60.0, 60.0),
             SiteGives(rail_share=0.6, victory_points=1), holder="government"),
        Site("arsenal", "Arsenal", "liteiny", SiteKind.ARSENAL, (30.0, 70.0),
             SiteGives(arms=0.5, victory_points=1), holder="government"),
        Site("liteiny_bridgehead", "Liteiny bridgehead", "liteiny", SiteKind.BRIDGE, (20.0, 20.0),
             link="liteiny_bridge"),
        Site("smolny", "Smolny", "liteiny", SiteKind.HEADQUARTERS, (80.0, 30.0),
             SiteGives(action_points=1, victory_points=1, influence=0.01), holder="bolsheviks"),
    )  # fmt: skip
    factions = (
        Faction(
            "government", "Imperial Government", "Government", "#2040a0", "The old order.", "Hold the capital.",
            (Leader("protopopov", "A. D. Protopopov", "Minister of the Interior"),), 3,
            ALL_ACTIONS, Objective("Keep the palace and calm the city.", score=held_points_of_self(), target=5.0),
            legitimacy=0.5, is_regime=True,
        ),
        Faction(
            "soviet", "Petrograd Soviet", "Soviet", "#c08020", "Moderate socialists.", "Speak for the street.",
            (Leader("chkheidze", "N. S. Chkheidze", "Chairman"),), 2,
            tuple(k for k in ALL_ACTIONS if k not in (ActionKind.FIRE, ActionKind.REQUISITION, ActionKind.SET_RATION)),
            Objective("Hold the stations.", score=held_points_of_self(), target=3.0), legitimacy=0.4,
        ),
        Faction(
            "bolsheviks", "Bolsheviks", "Bolsheviks", "#b01010", "The radical left.", "Take power.",
            (Leader("shlyapnikov", "A. G. Shlyapnikov", "Bureau member"),), 3,
            tuple(k for k in ALL_ACTIONS if k not in (ActionKind.SET_RATION, ActionKind.DISTRIBUTE_BREAD)),
            Objective("Take the palace.", score=held_points_of_self(), target=4.0), legitimacy=0.3,
        ),
    )  # fmt: skip
    loyal = {"government": 0.6, "soviet": 0.2, "bolsheviks": 0.1}
    units = (
        Unit("volynsky", "Volynsky reserve battalion", UnitKind.INFANTRY, 1_500, "liteiny", 0.7, 0.5,
             "government", {"government": 0.5, "soviet": 0.3, "bolsheviks": 0.1}, barracks=None),
        Unit("don_cossacks", "1st Don Cossack regiment", UnitKind.COSSACKS, 600, "admiralty", 0.8, 0.6,
             "government", loyal),
        Unit("city_police", "City police", UnitKind.POLICE, 800, "admiralty", 0.6, 0.8,
             "government", {"government": 0.9, "soviet": 0.05, "bolsheviks": 0.0}),
        Unit("baltic_sailors", "Baltic Fleet sailors", UnitKind.SAILORS, 2_000, "kronstadt", 0.8, 0.4,
             "bolsheviks", {"government": 0.05, "soviet": 0.25, "bolsheviks": 0.7}),
        Unit("vyborg_guards", "Vyborg Red Guards", UnitKind.RED_GUARDS, 700, "vyborg", 0.4, 0.3,
             "bolsheviks", {"government": 0.0, "soviet": 0.3, "bolsheviks": 0.7}),
        Unit("cadets", "Vladimir military school cadets", UnitKind.CADETS, 400, "admiralty", 0.7, 0.9,
             None, {"government": 0.7, "soviet": 0.1, "bolsheviks": 0.0}),
    )  # fmt: skip
    food = Food(
        stock_tonnes=800.0, rail_tonnes_per_day=120.0, ration_grams=400.0, min_ration_grams=200.0,
        max_ration_grams=600.0, weather=(WeatherSpell(datetime(1917, 2, 25), 0.5, "A hard frost"),),
    )  # fmt: skip
    events = (
        Event(
            "bread_rumour", "Rumours of rationing", "Queues grow at the bakeries.", "Rumour ran ahead of the ration.",
            condition=turn_at_least(1), chance=1.0,
            effects=(Effect(EffectKind.ADD_UNREST, amount=0.1, district="*"),), key_event="queues",
        ),
        Event(
            "prorogue", "Prorogue the Duma?", "The ministers ask for a decree.", "The decree was signed.",
            condition=turn_at_least(2), chance=1.0, chooser="government",
            choices=(
                Choice("sign", "Sign the decree", (Effect(EffectKind.ADD_LEGITIMACY, amount=-0.1,
                                                          faction="government"),
                                                   Effect(EffectKind.SET_FLAG, flag="duma_prorogued"))),
                Choice("wait", "Wait", (Effect(EffectKind.ADD_UNREST, amount=0.05, district="admiralty"),)),
            ),
        ),
    )  # fmt: skip
    victory = Victory(
        immediate=(ImmediateVictory("palace_falls", controls("bolsheviks", "winter_palace"), "bolsheviks",
                                    "The Winter Palace has fallen."),),
        key_events=(KeyEvent("queues", "Bread queues"), KeyEvent("palace", "The palace falls",
                                                                   condition=controls("bolsheviks", "winter_palace"))),
    )  # fmt: skip
    rules = Rules(
        river_frozen=river_frozen,
        actions={ActionKind.FIRE: ActionRule(cost=1, base_odds=0.6, strength=0.5),
                 ActionKind.SEIZE: ActionRule(cost=2, base_odds=0.7, strength=0.1)},
    )  # fmt: skip
    calendar = Calendar(
        start=datetime(1917, 2, 23),
        end=datetime(1917, 3, 1),
        phases=(CalendarPhase(datetime(1917, 2, 23), 24), CalendarPhase(datetime(1917, 2, 27), 12)),
    )
    return Scenario(
        id="test-small", title="A small test city", summary="Five districts for the engine's tests.",
        briefing="A test.", calendar=calendar, districts=districts, links=links, sites=sites, factions=factions,
        units=units, food=food, events=events, victory=victory, rules=rules, content_hash="test-small",
    )  # fmt: skip
