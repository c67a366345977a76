"""The typed, immutable scenario: what a scenario file means once it has been loaded and checked.

This module is the contract between `scenario/` (which builds these values from YAML) and `engine/` (which builds
a game from them). Field names are the YAML keys, so the file format, the JSON Schema and the modder's guide all
follow from these dataclasses. Every number a modder may want to tune lives here, never as a constant in the engine.

Values are frozen dataclasses holding tuples (not lists) so a `Scenario` can be shared between games and processes.
Conventions: shares, loyalties, influence, unrest, arms and discipline are fractions in [0, 1]; people are counts;
food is in tonnes of flour; a ration is grams of bread per person per day; dates are Julian (Old Style).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from petrograd1917.scenario.conditions import Condition


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value was written: shown in every error so a modder can jump straight to it."""

    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


# ----------------------------------------------------------------------------------------------------------
# Enumerations (the YAML spelling is the enum value)
# ----------------------------------------------------------------------------------------------------------


class DistrictCharacter(StrEnum):
    INDUSTRIAL = "industrial"  # factories and workers' housing: strikes start here
    CENTRAL = "central"  # ministries, palaces, shops: where power sits
    RESIDENTIAL = "residential"  # mixed housing
    GARRISON = "garrison"  # barracks quarter
    SUBURB = "suburb"  # outskirts
    APPROACH = "approach"  # outside the city: Kronstadt, Tsarskoe Selo, Pulkovo, Gatchina


class LinkKind(StrEnum):
    STREET = "street"  # always passable on foot
    BRIDGE = "bridge"  # can be raised; a raised bridge blocks foot traffic unless the river is frozen
    WATER = "water"  # only waterborne units (sailors, ships) cross; also over the ice when frozen
    RAIL = "rail"  # the approaches: troops arrive by train; blocked by strikes on the line (see rules)


class SiteKind(StrEnum):
    PALACE = "palace"  # seat of a government or assembly
    HEADQUARTERS = "headquarters"  # a party or military staff
    STATION = "station"  # railway station: bread and troops arrive here
    TELEPHONE = "telephone"
    TELEGRAPH = "telegraph"
    BANK = "bank"
    ARSENAL = "arsenal"  # arms for whoever holds it
    PRISON = "prison"  # holding it frees (or keeps) prisoners
    FORTRESS = "fortress"
    BARRACKS = "barracks"
    WORKS = "works"  # a great factory
    BRIDGE = "bridge"  # a bridgehead that controls a raisable link
    PRESS = "press"  # a printing works or newspaper


class UnitKind(StrEnum):
    INFANTRY = "infantry"  # reserve and training battalions of the Guards and line regiments
    COSSACKS = "cossacks"
    POLICE = "police"
    CADETS = "cadets"  # junkers: officer cadets
    SAILORS = "sailors"
    RED_GUARDS = "red_guards"  # armed workers
    ARMOURED_CARS = "armoured_cars"
    SHIP = "ship"  # the cruiser Aurora and the like; moves only on water links
    ARTILLERY = "artillery"
    WOMENS_BATTALION = "womens_battalion"
    CYCLISTS = "cyclists"
    MACHINE_GUNNERS = "machine_gunners"


class ActionKind(StrEnum):
    """Every order a faction can give. Costs and odds are in `ActionRule`, which factions may use is per faction."""

    AGITATE = "agitate"  # raise own influence in a district, or own loyalty in a unit
    STRIKE = "strike"  # call workers out: strikers and unrest up, food arrivals down
    DEMONSTRATE = "demonstrate"  # put a crowd on the street in a district, or march it to a neighbour
    MOVE = "move"  # move a unit along a link
    DISPERSE = "disperse"  # order a unit to break up a crowd without shooting
    FIRE = "fire"  # order a unit to fire on a crowd: the great gamble
    FRATERNISE = "fraternise"  # a crowd mixes with a unit: loyalty shifts towards the crowd's faction
    COMMISSAR = "commissar"  # attach a commissar to a unit: reveals and steadies its loyalty
    ARREST = "arrest"  # arrest activists or leaders in a district: influence and unrest down, risk
    RAISE_BRIDGE = "raise_bridge"
    LOWER_BRIDGE = "lower_bridge"
    SEIZE = "seize"  # take a site with units present
    DEFEND = "defend"  # fortify a held site for the coming turn
    DISTRIBUTE_BREAD = "distribute_bread"  # send flour from the city stock to a district
    REQUISITION = "requisition"  # take bread by force: stock up, unrest up, legitimacy down
    SET_RATION = "set_ration"
    PROPAGANDA = "propaganda"  # print papers: influence across the city, legitimacy
    NEGOTIATE = "negotiate"  # appeal to another faction: tension down, legitimacy up or down
    PASS = "pass"  # end this faction's part of the turn
    CHOOSE = "choose"  # answer an event card's choice (always allowed while a choice waits)


class EffectKind(StrEnum):
    ADD_UNREST = "add_unrest"
    ADD_STRIKERS = "add_strikers"
    ADD_CROWD = "add_crowd"
    ADD_INFLUENCE = "add_influence"
    SHIFT_LOYALTY = "shift_loyalty"
    ADD_LEGITIMACY = "add_legitimacy"
    ADD_FOOD = "add_food"  # tonnes into (or out of) the city stock
    ADD_FEAR = "add_fear"  # fear of shortage in a district (rumours of rationing, hoarding)
    SET_RATION = "set_ration"
    SET_RAIL = "set_rail"  # multiply rail arrivals by a factor from now on
    ADD_UNIT = "add_unit"
    REMOVE_UNIT = "remove_unit"
    SET_COMMANDER = "set_commander"  # a unit goes over to a faction
    ADD_STRENGTH = "add_strength"
    SET_SITE = "set_site"  # a site changes hands
    SET_BRIDGE = "set_bridge"  # raise or lower a bridge
    SET_FLAG = "set_flag"
    CLEAR_FLAG = "clear_flag"
    ADD_ACTION_POINTS = "add_action_points"  # this turn only
    KEY_EVENT = "key_event"  # record the turn of a key event for the end screen and batch statistics
    END_GAME = "end_game"
    LOG = "log"


# ----------------------------------------------------------------------------------------------------------
# Calendar
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarPhase:
    """From `start` on, each turn lasts `turn_hours` (e.g. 24, then 6 on the night of the rising)."""

    start: datetime
    turn_hours: int
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Calendar:
    """Julian dates. The game's turns run from `start` until `end`; phases set how long each turn is."""

    start: datetime
    end: datetime
    phases: tuple[CalendarPhase, ...]
    gregorian_offset_days: int = 13  # 1917: Gregorian = Julian + 13 days
    location: Location | None = None


# ----------------------------------------------------------------------------------------------------------
# Map
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class District:
    id: str
    name: str
    polygon: tuple[tuple[float, float], ...]  # map units: x east, y south; the whole map fits 0..1000
    population: int  # everyone living there
    workers: int  # of whom factory workers (can strike)
    soldiers: int  # garrison soldiers quartered there (counted apart from units' strength)
    character: DistrictCharacter
    description: str = ""
    # Starting situation (usually set per scenario on top of the shared map):
    influence: dict[str, float] = field(default_factory=dict)  # faction id -> share; sums to at most 1
    unrest: float = 0.0  # 0 calm .. 1 insurrection
    strikers: int = 0  # workers on strike at the start
    bread_days: float = 3.0  # days of bread in the district's shops and bakeries
    fear: float = 0.0  # fear of shortage (rumours of rationing), 0 calm .. 1 panic: people buy ahead and queue
    hardship: float = 0.3  # 0..1, war weariness and poverty before hunger is counted
    controller: str | None = None  # faction that controls it at the start (None: contested)
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Link:
    id: str
    a: str  # district id
    b: str  # district id
    kind: LinkKind
    name: str = ""
    raised: bool = False  # bridges only: starts raised
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class SiteGives:
    """What holding a site is worth to its holder, each turn it is held."""

    action_points: int = 0  # extra action points per turn
    victory_points: int = 0  # counted by objectives through `held_points(faction)`
    rail_share: float = 0.0  # share of the city's rail arrivals that come through here (stations)
    arms: float = 0.0  # arms quality given to friendly crowds / red guards in the district
    legitimacy: float = 0.0  # a day (a 6-hour turn gives a quarter), to the holder
    influence: float = 0.0  # a day (a 6-hour turn gives a quarter), to the holder in the site's district


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    name: str
    district: str
    kind: SiteKind
    position: tuple[float, float]  # map units, inside the district polygon
    gives: SiteGives = SiteGives()
    defense: float = 1.0  # multiplies the holder's strength when it is attacked
    holder: str | None = None  # faction holding it at the start
    link: str | None = None  # for kind=bridge: the link this site controls
    description: str = ""
    location: Location | None = None


# ----------------------------------------------------------------------------------------------------------
# Factions
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leader:
    id: str
    name: str
    role: str  # one line: who they are
    bio: str = ""  # a few sentences in the project's own words
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Objective:
    """A faction's own way to win. `score` is a numeric expression evaluated at the last turn (and shown live);
    the faction has met its objective when score >= target. `win_if` ends the game at once in its favour. While
    `out_if` holds the faction cannot win on points (its cause has ended, or it has lost the capital); `out_text`
    says why in plain words."""

    description: str
    score: Condition | None = None
    target: float = 1.0
    win_if: Condition | None = None
    out_if: Condition | None = None
    out_text: str = ""
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class AIWeights:
    """How a computer player values things; the heuristic agent and MCTS rollouts read these."""

    influence: float = 1.0
    control: float = 1.0
    sites: float = 1.0
    loyalty: float = 1.0
    unrest: float = 0.0  # positive: wants unrest (insurgents); negative: wants calm (government)
    bread: float = 0.5
    violence: float = -0.5  # appetite for ordering fire
    caution: float = 0.5  # 0 bold .. 1 careful with risky actions


@dataclass(frozen=True, slots=True)
class Faction:
    id: str
    name: str
    short_name: str
    colour: str  # "#rrggbb"
    description: str
    briefing: str  # shown when a player picks the faction
    leaders: tuple[Leader, ...]
    action_points: int  # per turn
    actions: tuple[ActionKind, ...]  # what this faction may do
    objective: Objective
    legitimacy: float = 0.5  # 0..1: how far people accept its right to rule or speak for them
    is_regime: bool = False  # holds state power at the start (police and army obey it by default)
    ai: AIWeights = AIWeights()
    playable: bool = True
    storm_if: Condition | None = None  # while it does not hold, the faction may not seize a site a rival holds
    storm_text: str = ""  # `storm_if` in plain words, for the refusal a player reads (else the condition is shown)
    location: Location | None = None


# ----------------------------------------------------------------------------------------------------------
# Garrison
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    kind: UnitKind
    strength: int  # men (or crew)
    district: str
    arms: float  # 0..1: weapons and ammunition
    discipline: float  # 0..1: how well orders are obeyed under strain
    commander: str | None  # faction that gives it orders; None = neutral / in barracks
    loyalty: dict[str, float]  # faction id -> 0..1; sums to at most 1; the rest is "no one"
    mobile: bool = True
    barracks: str | None = None  # site id of its barracks
    description: str = ""
    location: Location | None = None


# ----------------------------------------------------------------------------------------------------------
# Food
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeatherSpell:
    """From `start`, rail arrivals are multiplied by `factor` (snowdrifts, frost that bursts locomotive boilers)."""

    start: datetime
    factor: float
    description: str = ""
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Food:
    stock_tonnes: float  # flour in the city's warehouses
    rail_tonnes_per_day: float  # arrivals by rail in a normal day, before weather, strikes and stations
    ration_grams: float  # bread per person per day being handed out
    min_ration_grams: float = 100.0
    max_ration_grams: float = 800.0
    bread_per_flour: float = 1.3  # tonnes of bread baked from a tonne of flour
    weather: tuple[WeatherSpell, ...] = ()
    location: Location | None = None


# ----------------------------------------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Effect:
    """One typed change. Which fields matter depends on `kind` (the loader checks that the needed ones are set):
    district/unit/faction/site/link/flag name what is changed, `amount` how much, `unit_spec` a new unit."""

    kind: EffectKind
    amount: float = 0.0
    district: str | None = None  # "*" = every district
    faction: str | None = None
    unit: str | None = None
    site: str | None = None
    link: str | None = None
    flag: str | None = None
    raised: bool | None = None
    unit_spec: Unit | None = None
    text: str = ""
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: str
    effects: tuple[Effect, ...]
    ai_weight: float = 1.0  # relative chance a computer player picks it (the heuristic agent may override)
    historical: bool = False  # the answer given in 1917 (historical play picks it); at most one per event
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    text: str  # what the player reads on the card
    note: str  # a short historical note in the project's own words
    start: datetime | None = None  # window in which it may fire (inclusive); None = any time
    end: datetime | None = None
    condition: Condition | None = None  # YAML key `if`
    chance: float = 1.0  # per turn, once the window is open and the condition holds
    once: bool = True
    effects: tuple[Effect, ...] = ()
    chooser: str | None = None  # faction that answers the choice
    choices: tuple[Choice, ...] = ()
    historical_date: datetime | None = None  # when it really happened, for the end screen
    key_event: str | None = None  # records this key event's turn when it fires
    location: Location | None = None


# ----------------------------------------------------------------------------------------------------------
# Victory and history
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImmediateVictory:
    id: str
    condition: Condition  # YAML key `if`
    winner: str  # faction id
    text: str
    summary: str = ""  # what the winner achieved, in a few words after "won:" (the end screen's one sentence)
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """A milestone compared with history on the end screen and in batch statistics."""

    id: str
    label: str
    historical_date: datetime | None = None
    condition: Condition | None = None  # recorded the first end of turn it holds (or by a key_event effect)
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Victory:
    immediate: tuple[ImmediateVictory, ...] = ()
    key_events: tuple[KeyEvent, ...] = ()


# ----------------------------------------------------------------------------------------------------------
# Rules: every constant of the simulation, with defaults a scenario may override
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionRule:
    """Cost, odds and size of one action kind. In a scenario file, a key left out keeps that kind's own default
    (DEFAULT_ACTION_RULES), so `fire: {cost: 2}` changes only the cost."""

    cost: int = 1  # action points
    base_odds: float = 0.7  # chance of success before modifiers
    strength: float = 0.1  # size of the effect on success


# What each action costs and does when a scenario does not say (`Rules.actions` overrides per kind).
# `strength` means a different size per kind; docs/engine-actions.md lists each.
DEFAULT_ACTION_RULES: dict[ActionKind, ActionRule] = {
    ActionKind.AGITATE: ActionRule(cost=1, base_odds=0.7, strength=0.06),
    ActionKind.STRIKE: ActionRule(cost=1, base_odds=0.6, strength=0.15),
    ActionKind.DEMONSTRATE: ActionRule(cost=1, base_odds=0.7, strength=0.05),
    ActionKind.MOVE: ActionRule(cost=1, base_odds=1.0, strength=0.0),
    ActionKind.DISPERSE: ActionRule(cost=1, base_odds=0.6, strength=0.5),
    ActionKind.FIRE: ActionRule(cost=1, base_odds=0.8, strength=0.8),
    ActionKind.FRATERNISE: ActionRule(cost=1, base_odds=0.6, strength=0.1),
    ActionKind.COMMISSAR: ActionRule(cost=1, base_odds=0.8, strength=0.05),
    ActionKind.ARREST: ActionRule(cost=1, base_odds=0.6, strength=0.1),
    ActionKind.RAISE_BRIDGE: ActionRule(cost=1, base_odds=0.9, strength=0.0),
    ActionKind.LOWER_BRIDGE: ActionRule(cost=1, base_odds=0.9, strength=0.0),
    ActionKind.SEIZE: ActionRule(cost=2, base_odds=0.9, strength=0.1),
    ActionKind.DEFEND: ActionRule(cost=1, base_odds=1.0, strength=0.0),
    ActionKind.DISTRIBUTE_BREAD: ActionRule(cost=1, base_odds=1.0, strength=2.0),  # days of the district's ration
    ActionKind.REQUISITION: ActionRule(cost=1, base_odds=0.7, strength=0.3),
    ActionKind.SET_RATION: ActionRule(cost=1, base_odds=1.0, strength=0.0),
    ActionKind.PROPAGANDA: ActionRule(cost=1, base_odds=0.7, strength=0.03),
    ActionKind.NEGOTIATE: ActionRule(cost=1, base_odds=0.5, strength=0.05),
    ActionKind.PASS: ActionRule(cost=0, base_odds=1.0, strength=0.0),
    ActionKind.CHOOSE: ActionRule(cost=0, base_odds=1.0, strength=0.0),
}


@dataclass(frozen=True, slots=True)
class Rules:
    """Tunable constants of the dynamics. Defaults are a reasonable city; scenarios calibrate them."""

    # Crowds (Epstein): grievance = hardship * (1 - legitimacy of the regime)
    crowd_threshold: float = 0.1
    risk_aversion: float = 0.6
    arrest_risk_k: float = 2.3  # perceived risk = 1 - exp(-k * loyal armed force / crowd)
    crowd_decay: float = 0.5  # share of the crowd that goes home a day if nothing keeps it out
    unrest_grievance: float = 0.5  # grievance = clip(hardship + this * unrest) * (1 - legitimacy)
    crowd_spread: float = 0.1  # spread of people's net grievance around the district's (a normal curve)
    street_pool: float = 0.25  # share of a district's people who could ever be on the street at once
    crowd_floor: float = 0.01  # share of the people counted as out already when judging risk (Epstein's "+1")
    striker_march: float = 0.5  # share of strikers who also march
    crowd_noise: float = 0.1  # relative seeded noise on joiners and strikers
    unrest_decay: float = 0.1  # share of unrest that fades a day
    street_unrest: float = 0.5  # unrest added a day per share of the people on the street or on strike
    # Strikes spreading (Granovetter): thresholds ~ Normal(mean, spread) over the workforce
    strike_threshold_mean: float = 0.35
    strike_threshold_spread: float = 0.2
    neighbour_weight: float = 0.5  # how much neighbours' action counts next to one's own district's
    strike_grievance: float = 1.0  # thresholds fall by this much per unit of grievance above the pivot
    strike_grievance_pivot: float = 0.5  # grievance at which thresholds sit at strike_threshold_mean
    strike_decay: float = 0.3  # share of strikers who go back to work a day when the cascade recedes
    # Food
    hunger_unrest: float = 0.15  # unrest added a day when bread runs short (scaled by shortage)
    queue_hardship: float = 0.05  # hardship added a day by queues and a thin ration
    strike_rail_penalty: float = 0.5  # share of rail arrivals lost when rail workers strike (scaled)
    queue_days: float = 1.0  # queues form when a district's shops hold less than this many days of bread
    full_ration_grams: float = 600.0  # a ration below this is felt as hardship
    hardship_recovery: float = 0.02  # hardship eases a day without queues (never below the district's own)
    unheld_station_factor: float = 0.5  # a station nobody holds passes on this share of its trains
    restock_rate: float = 1.0  # extra days of bread a day the bakeries can bake to refill emptied shops
    hoarding: float = 0.6  # at full fear of shortage, people buy this much more bread than the ration
    fear_queue: float = 0.5  # at full fear, queues this long stand even at shops with bread
    fear_from_queues: float = 0.3  # fear added a day by queues at empty shops (scaled by the queue)
    fear_from_ration: float = 0.1  # fear a ration cut adds in every district, for each tenth of the ration cut
    fear_decay: float = 0.25  # fear that fades a day where the shops hold at least queue_days of bread
    stock_alarm_days: float = 10.0  # below this many days of flour in the warehouses, the news breeds fear
    # Loyalty (Kuran): units obey while they expect the regime to win
    loyalty_drift: float = 0.05  # a day, pull of the news (factions' legitimacy) on a unit's loyalty
    hunger_loyalty: float = 0.02  # a day, loyalty to the commander lost to queues (scaled by their length)
    crowd_contact: float = 0.04  # a day, pull of a large friendly crowd in the district
    fire_strain: float = 0.15  # added to a unit's strain each time it fires on a crowd
    mutiny_contagion: float = 0.1  # loyalty pull of a mutiny in the same or a neighbouring district
    commissar_pull: float = 0.05  # a day, pull of an attached commissar towards the faction that sent them
    loyalty_noise: float = 0.03  # spread of the estimate other factions see of a unit's loyalty
    melt_away: float = 0.1  # share of a wavering unit that deserts a day
    waver_loyalty: float = 0.35  # below this loyalty to its commander a unit wavers (and melts away)
    rout_share: float = 0.2  # below this share of the city's force a side's units melt away however loyal
    rout_remnant: float = 0.0  # below this share of the men it mustered a side's units melt away however loyal
    camp_melt: float = 0.0  # a day, share of a unit away from its quarters that goes home, times street heat and doubt
    join_loyalty: float = 0.75  # a unit with no commander declares for a faction once loyal to it this much
    influence_pull: float = 0.03  # a day, a unit's loyalty drifts this far towards its district's influence
    large_crowd: float = 10000.0  # a crowd this big exerts the full crowd_contact pull
    discipline_shield: float = 0.7  # a unit of discipline 1 feels only (1 - this) of the pulls away
    strain_decay: float = 0.3  # share of strain that fades a day
    mutiny_noise: float = 0.05  # seeded spread of a unit's resolve when it weighs going over
    expectation_weight: float = 0.3  # Kuran: a unit's resolve rises with its side's lead in armed power
    mutiny_rounds: int = 3  # how many waves of contagion can run within one end of turn
    # Combat
    combat_attacker_penalty: float = 0.8
    combat_casualties: float = 0.1
    combat_min_ratio: float = 0.5  # a faction attacks a site only with at least this share of the defence
    defend_bonus: float = 1.5  # defence multiplier for a site defended this turn
    crowd_power: float = 0.01  # fighting worth of one person in a crowd, next to a soldier's (men x arms x ...)
    clash_unrest: float = 0.7  # from this unrest on, a district fights: crowds and armed factions over sites
    # Control (engine/control.py): whoever holds a district's streets and its armed force holds the district
    control_threshold: float = 0.4  # influence that holds a district where nobody has armed force or a crowd
    control_street_share: float = 0.2  # the least influence the strongest force needs to hold the streets too
    control_force_lead: float = 1.5  # the strongest force must be this many times the next one to take a district
    # Frozen river: raised bridges do not block foot traffic
    river_frozen: bool = False
    max_turns_without_action: int = 0  # 0 = no limit
    # Orders to units and actions (engine/resolve.py; see docs/engine-actions.md)
    march_share: float = 0.6  # share of a district's crowd that a successful march moves to the neighbour
    commissar_obedience: float = 0.2  # added to a unit's obedience to its commander when his commissar is attached
    refusal_loyalty_shift: float = 0.15  # share of loyalty to the commander lost when a unit refuses an order
    fire_casualty_rate: float = 0.01  # share of the crowd killed by a volley
    fire_unrest: float = 0.15  # unrest added in the district by shooting
    fire_hardship: float = 0.05  # hardship added in the district by shooting
    fire_legitimacy: float = 0.05  # legitimacy the ordering faction loses
    fire_policy_flag: str = ""  # while this flag is set, the regime's troops fire on big crowds at each turn's end
    fire_policy_kinds: tuple[UnitKind, ...] = ()  # kinds of unit sent to fire under those orders (none: any)
    rail_strike_block: float = 0.5  # rail links are closed while strikers exceed this share of either end's workers
    ration_levels: int = 5  # set_ration offers this many levels from min to max ration
    min_crowd: float = 100.0  # fewer people than this on a district's streets is no crowd: nothing to march or disperse
    actions: dict[ActionKind, ActionRule] = field(default_factory=dict)  # left out: the kind's default


# ----------------------------------------------------------------------------------------------------------
# Who's who and the scenario itself
# ----------------------------------------------------------------------------------------------------------


class GlossaryKind(StrEnum):
    PERSON = "person"
    PARTY = "party"
    UNIT = "unit"
    PLACE = "place"
    TERM = "term"


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One line of the who's-who: every name the game shows explains itself in a hover or a click."""

    id: str
    name: str
    kind: GlossaryKind
    text: str  # one or two sentences in the project's own words
    aliases: tuple[str, ...] = ()
    location: Location | None = None


@dataclass(frozen=True, slots=True, weakref_slot=True)  # the engine's caches hold scenarios weakly
class Scenario:
    id: str
    title: str
    summary: str  # one line for the scenario list
    briefing: str  # a few paragraphs shown before play
    calendar: Calendar
    districts: tuple[District, ...]
    links: tuple[Link, ...]
    sites: tuple[Site, ...]
    factions: tuple[Faction, ...]  # in turn order
    units: tuple[Unit, ...]
    food: Food
    events: tuple[Event, ...] = ()
    victory: Victory = Victory()
    rules: Rules = Rules()
    glossary: tuple[GlossaryEntry, ...] = ()
    source_file: str = ""  # where it was loaded from (for messages)
    content_hash: str = ""  # sha256 of the resolved content: replays refuse a different scenario

    def faction(self, faction_id: str) -> Faction:
        return next(f for f in self.factions if f.id == faction_id)
