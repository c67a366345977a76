"""The allowed range of every bounded number in the format, in one table.

The builder checks values against it ("expected a number from 0 to 1, got 1.5"), the JSON Schema turns it into
`minimum`/`maximum`, and the modder's guide quotes it, so the three never disagree. For dict fields (influence,
loyalty) the range applies to each value.
"""

from __future__ import annotations

Range = tuple[float | None, float | None]  # (lowest, highest); None = unbounded on that side

FRACTION: Range = (0.0, 1.0)
COUNT: Range = (0.0, None)
SIGNED_FRACTION: Range = (-1.0, 1.0)

RANGES: dict[str, dict[str, Range]] = {
    "CalendarPhase": {"turn_hours": (1.0, None)},
    "District": {
        "population": COUNT,
        "workers": COUNT,
        "soldiers": COUNT,
        "influence": FRACTION,
        "unrest": FRACTION,
        "strikers": COUNT,
        "bread_days": COUNT,
        "fear": FRACTION,
        "hardship": FRACTION,
    },
    "SiteGives": {
        "action_points": COUNT,
        "victory_points": COUNT,
        "rail_share": FRACTION,
        "arms": FRACTION,
        "legitimacy": SIGNED_FRACTION,
        "influence": SIGNED_FRACTION,
    },
    "Site": {"defense": COUNT},
    "Faction": {"action_points": COUNT, "legitimacy": FRACTION},
    "AIWeights": {"caution": FRACTION},
    "Unit": {"strength": COUNT, "arms": FRACTION, "discipline": FRACTION, "loyalty": FRACTION},
    "WeatherSpell": {"factor": COUNT},
    "Food": {
        "stock_tonnes": COUNT,
        "rail_tonnes_per_day": COUNT,
        "ration_grams": COUNT,
        "min_ration_grams": COUNT,
        "max_ration_grams": COUNT,
        "bread_per_flour": COUNT,
    },
    "Event": {"chance": FRACTION},
    "Choice": {"ai_weight": COUNT},
    "ActionRule": {"cost": COUNT, "base_odds": FRACTION, "strength": COUNT},
    "Rules": {
        "crowd_threshold": FRACTION,
        "risk_aversion": COUNT,
        "arrest_risk_k": COUNT,
        "crowd_decay": FRACTION,
        "strike_threshold_mean": FRACTION,
        "strike_threshold_spread": COUNT,
        "neighbour_weight": FRACTION,
        "hunger_unrest": FRACTION,
        "queue_hardship": FRACTION,
        "strike_rail_penalty": FRACTION,
        "loyalty_drift": FRACTION,
        "hunger_loyalty": FRACTION,
        "crowd_contact": FRACTION,
        "fire_strain": FRACTION,
        "mutiny_contagion": FRACTION,
        "commissar_pull": FRACTION,
        "loyalty_noise": FRACTION,
        "melt_away": FRACTION,
        "combat_attacker_penalty": COUNT,
        "combat_casualties": FRACTION,
        "control_threshold": FRACTION,
        "control_street_share": FRACTION,
        "control_force_lead": COUNT,
        "max_turns_without_action": COUNT,
        "street_pool": FRACTION,
        "crowd_floor": FRACTION,
        "striker_march": FRACTION,
        "unrest_decay": FRACTION,
        "strike_grievance_pivot": FRACTION,
        "strike_decay": FRACTION,
        "hardship_recovery": FRACTION,
        "unheld_station_factor": FRACTION,
        "waver_loyalty": FRACTION,
        "join_loyalty": FRACTION,
        "influence_pull": FRACTION,
        "discipline_shield": FRACTION,
        "strain_decay": FRACTION,
        "clash_unrest": FRACTION,
        "street_unrest": FRACTION,
        "march_share": FRACTION,
        "commissar_obedience": FRACTION,
        "refusal_loyalty_shift": FRACTION,
        "fire_casualty_rate": FRACTION,
        "fire_unrest": FRACTION,
        "fire_hardship": FRACTION,
        "fire_legitimacy": FRACTION,
        "rail_strike_block": FRACTION,
        "crowd_noise": FRACTION,
        "crowd_spread": FRACTION,
        "mutiny_noise": FRACTION,
        "expectation_weight": FRACTION,
        "unrest_grievance": COUNT,
        "strike_grievance": COUNT,
        "queue_days": COUNT,
        "full_ration_grams": COUNT,
        "restock_rate": COUNT,
        "hoarding": COUNT,
        "fear_queue": FRACTION,
        "fear_from_queues": FRACTION,
        "fear_from_ration": FRACTION,
        "fear_decay": FRACTION,
        "stock_alarm_days": COUNT,
        "large_crowd": COUNT,
        "combat_min_ratio": COUNT,
        "defend_bonus": COUNT,
        "crowd_power": COUNT,
        "min_crowd": COUNT,
        "mutiny_rounds": (1.0, None),
        "ration_levels": (2.0, None),
    },
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
