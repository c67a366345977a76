"""What several orders share: drawing success, naming a unit, the presence tests (your men, your armed men, a unit
of yours that has not acted yet), whether a unit could ever join you, the way a legal move or march takes, and the
odds that only the base odds decide or the base odds, the district's mood and the side's legitimacy. (An order's log
entry: `log.tell_order`.)"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from petrograd1917.engine.links import open_link_to
from petrograd1917.engine.loyalty import joinable
from petrograd1917.engine.numeric import add_share
from petrograd1917.engine.odds import clip01, units_of
from petrograd1917.engine.orders.base import Change, Indexed, Odds, OddsTerm
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, agree, and_list, cap, is_plural, possessive, side, the


def succeeds(state: GameState, r: Indexed, chance: float) -> bool:
    """One draw from the game's generator against the order's chance."""
    return state.rng.random() < chance  # a Python float against a float: already a bool


def acting(named: Names, f: int) -> str:
    """The acting side's possessive at the start of a sentence: 'The Bolsheviks'', 'The Government's'."""
    return cap(possessive(named.sides[f]))


def unit_says(state: GameState, u: int, singular: str, plural: str) -> str:
    """'Volynsky reserve battalion has', 'City militia have'."""
    name = state.unit_name(u)
    return f"{name} {agree(name, singular, plural)}"


def gone(state: GameState, u: int) -> str | None:
    """Why no order can name the unit: it no longer exists (or None while it does)."""
    return None if state.unit_alive.item(u) else unit_says(state, u, "no longer exists", "no longer exist")


def rival_unit(state: GameState, r: Indexed) -> str | None:
    """The unit lives and takes someone else's orders (one to win over); else why not."""
    u = r.unit
    if not state.unit_alive.item(u):
        return gone(state, u)
    if state.unit_commander.item(u) == r.faction:
        return f"{unit_says(state, u, 'already takes', 'already take')} orders from {side(state, r.faction)}"
    return None


def could_join(state: GameState, r: Indexed) -> str | None:
    """The unit could ever side with the faction (its loyalty in the scenario names it); else why not: loyalty won
    for a side the men would never take would be lost at once. A unit the faction commands always may."""
    u, f = r.unit, r.faction
    if state.unit_commander.item(u) == f or joinable(state).item(f, u):
        return None
    name = state.unit_name(u)
    sides = [side(state, g) for g in np.flatnonzero(joinable(state)[:, u]).tolist()]
    them = "them" if is_plural(name) else "it"
    only = f"only {and_list(sides)} could win {them} over" if sides else f"no side could win {them} over"
    return f"{the(name)} would never follow {side(state, f)}: {only}"


def following(state: GameState, r: Indexed, d: int) -> str | None:
    """The faction has a following in district `d`; else why not."""
    if state.influence.item(d, r.faction) <= 0:
        return f"no one in {state.district_name(d)} follows {side(state, r.faction)}"
    return None


def own_ready_unit(state: GameState, r: Indexed) -> str | None:
    """The unit lives, takes the faction's orders and has not acted this turn; else why not."""
    u = r.unit
    if not state.unit_alive.item(u):
        return gone(state, u)
    if state.unit_commander.item(u) != r.faction:
        return f"{unit_says(state, u, 'does', 'do')} not take orders from {side(state, r.faction)}"
    if state.unit_moved.item(u):
        return f"{unit_says(state, u, 'has', 'have')} already acted this turn"
    return None


def way_taken(state: GameState, origin: int, destination: int, unit_kind: int) -> str:
    """The name of the link a legal move or march takes (its check found one open): the only link between the two
    districts, without asking again whether it is open, else the first open one."""
    links = state.index.links_between[(origin, destination)]
    link = links[0] if len(links) == 1 else open_link_to(state, origin, destination, unit_kind)
    return state.scenario.links[link].name


def has_armed_unit(state: GameState, faction: int, district: int) -> bool:
    """Armed presence: a living, armed unit the faction commands in the district."""
    arms, strength = state.unit_arms, state.unit_strength
    return any(arms.item(u) > 0 and strength.item(u) > 0 for u in units_of(state, faction, district))


def has_unit(state: GameState, faction: int, district: int) -> bool:
    return bool(units_of(state, faction, district))


def raised(value: float, amount: float) -> float:
    """A 0..1 figure (unrest, legitimacy) after a change of `amount`, kept in [0, 1]."""
    return clip01(value + amount)


def bounded_change(state: GameState, field: str, at: int, amount: float) -> Change:
    """The change `raised` makes to one 0..1 figure, as the preview states it."""
    before = float(getattr(state, field)[at])
    return Change(field, (at,), raised(before, amount) - before)


def share_change(state: GameState, field: str, row: int, column: int, amount: float) -> Change:
    """The change `add_share` makes to one share (influence, loyalty), as the preview states it."""
    rows = getattr(state, field)[row : row + 1].copy()
    add_share(rows, 0, column, amount)
    return Change(field, (row, column), float(rows[0, column]) - float(getattr(state, field)[row, column]))


def base_chance(state: GameState, r: Indexed) -> float:
    """The chance of an order that only its base odds decide."""
    return clip01(state.index.rules[r.kind].base_odds)


def base_odds_explained(what_can_go_wrong: str) -> Callable[[GameState, Indexed], Odds]:
    """The odds breakdown of an order that only its base odds decide, with what can go wrong in words."""

    def explain(state: GameState, r: Indexed) -> Odds:
        base = state.index.rules[r.kind].base_odds
        return Odds(base_chance(state, r), f"base {base:.2f}: {what_can_go_wrong}", (OddsTerm("base odds", base),))

    return explain


# The street's mood (docs/dynamics.md, "Speakers and the street"). Unrest carries the speakers and rallies of those
# against the regime, base × (0.5 + unrest), as it always has; it works against the regime's own, base × 1.5 ×
# (1 − unrest): a quiet district hears the government's speakers as well as a district in uproar hears its rivals',
# and a district wholly up hears them not at all.
RIVAL_MOOD = 0.5
REGIME_MOOD = 1.5
# A side is heard in full while at least this much of the city accepts its right to speak (legitimacy); below it,
# in proportion. Every side of both cities starts at or above it but the October right (0.2, after Kornilov); a
# government that has lost its legitimacy (the tsar's after the abdication, 0.05) wins a fifth of the listeners.
HEARD_LEGITIMACY = 0.25


def unrest_chance(state: GameState, r: Indexed) -> float:
    """The chance of an order the district's mood carries (speakers in a district, a rally): base × the mood for
    the side (0.5 + unrest against the regime, 1.5 × (1 − unrest) for it) × its standing (the share of listeners
    its legitimacy lets it reach: 1 from `HEARD_LEGITIMACY` up, less below). In one function: two orders in five
    ask it, and a call apiece for the mood and the standing cost more than their arithmetic (as builtin `min` and
    `max` do: in the orders' amounts `numeric.at_most` and `at_least` stand for them, the same floats)."""
    f = r.faction
    unrest = state.unrest.item(r.district)
    mood = REGIME_MOOD * (1.0 - unrest) if state.index.faction_is_regime.item(f) else RIVAL_MOOD + unrest
    odds = state.index.rules[r.kind].base_odds * mood
    legitimacy = state.legitimacy.item(f)
    if legitimacy < HEARD_LEGITIMACY:  # (from there up the standing is 1, and the odds times 1 are the odds)
        odds *= legitimacy / HEARD_LEGITIMACY
    return clip01(odds)


def unrest_odds_explained(state: GameState, r: Indexed) -> Odds:
    """The breakdown of `unrest_chance`: the base, the district's unrest (good for the regime's rivals, bad for the
    regime) and the side's legitimacy."""
    base = state.index.rules[r.kind].base_odds
    unrest = state.unrest.item(r.district)
    legitimacy = state.legitimacy.item(r.faction)
    place = state.district_name(r.district)
    regime = bool(state.index.faction_is_regime.item(r.faction))
    line = (
        f"{REGIME_MOOD} × (1 − unrest in {place} {unrest:.2f})"
        if regime
        else f"({RIVAL_MOOD} + unrest in {place} {unrest:.2f})"
    )
    reach = "" if legitimacy >= HEARD_LEGITIMACY else f" × your legitimacy {legitimacy:.2f} / {HEARD_LEGITIMACY}"
    return Odds(
        unrest_chance(state, r),
        f"base {base:.2f} × {line}{reach}",
        (
            OddsTerm("base odds", base),
            OddsTerm(f"unrest in {place}", unrest, more_is_better=not regime),
            OddsTerm("your legitimacy", legitimacy),
        ),
    )
