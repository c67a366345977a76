"""The allowed range of every number in the format, in one table.

The builder checks values against it ("expected a number from 0 to 1, got 1.5"), the JSON Schema turns it into
`minimum`/`maximum`, and the modder's guide lists it, so the three never disagree. For dict fields (influence,
loyalty) and lists (polygons, positions) the range applies to each value. Every number has both ends bounded: a
scenario file is untrusted, and a huge but finite value (1e308) would overflow the engine's sums as surely as an
infinite one. The ends are far beyond anything a real city needs.
"""

from __future__ import annotations

Range = tuple[float | None, float | None]  # (lowest, highest); None = unbounded on that side

FRACTION: Range = (0.0, 1.0)
SIGNED_FRACTION: Range = (-1.0, 1.0)
PEOPLE_MAX = 10_000_000.0  # a count of people: ten million is several times any city of the time
PEOPLE: Range = (0.0, PEOPLE_MAX)
MAP: Range = (0.0, 1000.0)  # map units: the whole map fits 0..1000
GRAMS: Range = (0.0, 5000.0)  # bread per person per day
FACTOR: Range = (0.0, 100.0)  # multipliers and weights
WEIGHT: Range = (-100.0, 100.0)  # how much a computer player values something (negative: avoids it)
DAYS: Range = (0.0, 365.0)
COUNT: Range = (0.0, 1_000_000.0)  # any other amount that cannot be negative, where no narrower range fits

MAX_ACTION_POINTS = 20  # a faction's own action points a turn, and the most one effect adds or takes
MAX_TURN_ACTION_POINTS = 50  # the most a faction could ever have in one turn, from every source together

RANGES: dict[str, dict[str, Range]] = {
    "CalendarPhase": {"turn_hours": (1.0, 744.0)},  # an hour to a month
    "Calendar": {"gregorian_offset_days": (0.0, 30.0)},
    "District": {
        "polygon": MAP,
        "population": PEOPLE,
        "workers": PEOPLE,
        "soldiers": PEOPLE,
        "influence": FRACTION,
        "unrest": FRACTION,
        "strikers": PEOPLE,
        "bread_days": DAYS,
        "fear": FRACTION,
        "hardship": FRACTION,
    },
    "SiteGives": {
        "action_points": (0.0, 5.0),
        "victory_points": (0.0, 100.0),
        "rail_share": FRACTION,
        "arms": FRACTION,
        "legitimacy": SIGNED_FRACTION,
        "influence": SIGNED_FRACTION,
    },
    "Site": {"position": MAP, "defense": FACTOR},
    "Faction": {"action_points": (0.0, float(MAX_ACTION_POINTS)), "legitimacy": FRACTION},
    "Objective": {"target": (-1_000_000.0, 1_000_000.0)},
    "AIWeights": {
        "influence": WEIGHT,
        "control": WEIGHT,
        "sites": WEIGHT,
        "loyalty": WEIGHT,
        "unrest": WEIGHT,
        "bread": WEIGHT,
        "violence": WEIGHT,
        "caution": FRACTION,
    },
    "Unit": {"strength": COUNT, "arms": FRACTION, "discipline": FRACTION, "loyalty": FRACTION},
    "WeatherSpell": {"factor": (0.0, 10.0)},
    "Food": {
        "stock_tonnes": (0.0, 10_000_000.0),
        "rail_tonnes_per_day": (0.0, 1_000_000.0),
        "ration_grams": GRAMS,
        "min_ration_grams": GRAMS,
        "max_ration_grams": GRAMS,
        "bread_per_flour": (0.0, 5.0),
    },
    "Effect": {"amount": (-10_000_000.0, 10_000_000.0)},  # and each kind's own range, EFFECT_AMOUNTS
    "Event": {"chance": FRACTION},
    "Choice": {"ai_weight": (0.0, 1000.0)},
    "ActionRule": {"cost": (0.0, float(MAX_ACTION_POINTS)), "base_odds": FRACTION, "strength": FACTOR},
    "Rules": {
        "crowd_threshold": FRACTION,
        "risk_aversion": FACTOR,
        "arrest_risk_k": FACTOR,
        "crowd_decay": FRACTION,
        "unrest_grievance": FACTOR,
        "crowd_spread": FRACTION,
        "street_pool": FRACTION,
        "crowd_floor": FRACTION,
        "striker_march": FRACTION,
        "crowd_noise": FRACTION,
        "unrest_decay": FRACTION,
        "street_unrest": FRACTION,
        "strike_threshold_mean": FRACTION,
        "strike_threshold_spread": (0.0, 10.0),
        "neighbour_weight": FRACTION,
        "strike_grievance": FACTOR,
        "strike_grievance_pivot": FRACTION,
        "strike_decay": FRACTION,
        "hunger_unrest": FRACTION,
        "queue_hardship": FRACTION,
        "strike_rail_penalty": FRACTION,
        "queue_days": DAYS,
        "full_ration_grams": GRAMS,
        "hardship_recovery": FRACTION,
        "unheld_station_factor": FRACTION,
        "restock_rate": FACTOR,
        "loyalty_drift": FRACTION,
        "hunger_loyalty": FRACTION,
        "crowd_contact": FRACTION,
        "fire_strain": FRACTION,
        "mutiny_contagion": FRACTION,
        "commissar_pull": FRACTION,
        "loyalty_noise": FRACTION,
        "melt_away": FRACTION,
        "rout_share": FRACTION,
        "rout_remnant": FRACTION,
        "camp_melt": FRACTION,
        "waver_loyalty": FRACTION,
        "join_loyalty": FRACTION,
        "influence_pull": FRACTION,
        "large_crowd": PEOPLE,
        "discipline_shield": FRACTION,
        "strain_decay": FRACTION,
        "mutiny_noise": FRACTION,
        "expectation_weight": FRACTION,
        "mutiny_rounds": (1.0, 10.0),
        "combat_attacker_penalty": FACTOR,
        "combat_casualties": FRACTION,
        "combat_min_ratio": FACTOR,
        "defend_bonus": FACTOR,
        "crowd_power": FACTOR,
        "clash_unrest": FRACTION,
        "control_threshold": FRACTION,
        "control_street_share": FRACTION,
        "control_force_lead": FACTOR,
        "max_turns_without_action": (0.0, 1000.0),
        "march_share": FRACTION,
        "commissar_obedience": FRACTION,
        "refusal_loyalty_shift": FRACTION,
        "fire_casualty_rate": FRACTION,
        "fire_unrest": FRACTION,
        "fire_hardship": FRACTION,
        "fire_legitimacy": FRACTION,
        "rail_strike_block": FRACTION,
        "hoarding": FACTOR,
        "fear_queue": FRACTION,
        "fear_from_queues": FRACTION,
        "fear_from_ration": FRACTION,
        "fear_decay": FRACTION,
        "stock_alarm_days": DAYS,
        "ration_levels": (2.0, 20.0),  # set_ration lists one order per level, every time it is offered
        "min_crowd": PEOPLE,
    },
}

# What `amount` means differs per effect kind, and so does its range (kinds that do not use `amount` are absent).
EFFECT_AMOUNTS: dict[str, Range] = {
    "add_unrest": SIGNED_FRACTION,
    "add_strikers": (-PEOPLE_MAX, PEOPLE_MAX),
    "add_crowd": (-PEOPLE_MAX, PEOPLE_MAX),
    "add_influence": SIGNED_FRACTION,
    "shift_loyalty": SIGNED_FRACTION,
    "add_legitimacy": SIGNED_FRACTION,
    "add_food": (-10_000_000.0, 10_000_000.0),
    "set_ration": GRAMS,
    "set_rail": (0.0, 10.0),
    "add_strength": (-1_000_000.0, 1_000_000.0),
    "add_action_points": (-float(MAX_ACTION_POINTS), float(MAX_ACTION_POINTS)),
}


def range_of(class_name: str, field_name: str) -> Range | None:
    return RANGES.get(class_name, {}).get(field_name)


def describe_range(bounds: Range) -> str:
    """' from 0 to 1', ' of at least 0', ...: appended to 'a number' in messages and docs."""
    low, high = bounds
    if low is not None and high is not None:
        return f" from {_num(low)} to {_num(high)}"
    if low is not None:
        return f" of at least {_num(low)}"
    if high is not None:
        return f" of at most {_num(high)}"
    return ""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
