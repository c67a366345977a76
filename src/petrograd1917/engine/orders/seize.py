"""Seize: your armed men in a site's district take it from whoever holds it, with odds of your armed force (less the
attacker's penalty) against the holder's there (times the site's defence, more if fortified); a defended site
costs both sides `rules.combat_casualties` of their men (the winners half as much). A faction whose `storm_if`
does not hold may take only sites nobody holds: before it, its quarrel with rivals is for the garrison's loyalty."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.odds import attack_and_defence, clip01, units_of
from petrograd1917.engine.orders.base import Change, Effects, Indexed, Odds, OddsTerm, order_of
from petrograd1917.engine.orders.common import acting, has_armed_unit, succeeds
from petrograd1917.engine.state import GameState
from petrograd1917.engine.storming import may_storm
from petrograd1917.engine.words import Names, cap, side
from petrograd1917.scenario.model import ActionKind, ActionRule


def check(state: GameState, r: Indexed) -> str | None:
    s = r.target
    name = state.scenario.sites[s].name
    holder = state.site_holder.item(s)
    if holder == r.faction:
        return f"{name} is already held by {side(state, r.faction)}"
    storm_if = state.scenario.factions[r.faction].storm_if
    if holder >= 0 and storm_if is not None and not may_storm(state, r.faction):
        rival, until = side(state, holder), state.scenario.factions[r.faction].storm_text or storm_if.source
        return f"{cap(side(state, r.faction))} may not yet take {name} from {rival} by force (not until {until})"
    d = state.index.site_district_list[s]
    if not has_armed_unit(state, r.faction, d):
        return f"no armed men of {side(state, r.faction)} in {state.district_name(d)} to take {name}"
    return None


def chance(state: GameState, r: Indexed) -> float:
    return odds_of(state.index.rules[r.kind].base_odds, *attack_and_defence(state, r.faction, r.target))


def odds_of(base: float, force: float, defence: float) -> float:
    """The chance from the base odds, your force (less the attacker's penalty) and the defence (the carrying out
    has weighed both already, and weighing them is the costly part)."""
    return clip01(base * force / (force + defence)) if force > 0 else 0.0


def explain(state: GameState, r: Indexed) -> Odds:
    base = state.index.rules[r.kind].base_odds
    force, defence = attack_and_defence(state, r.faction, r.target)
    return Odds(
        chance(state, r),
        f"base {base:.2f} × your force {force:,.0f} / (your force + the defence {defence:,.0f})",
        (
            OddsTerm("base odds", base),
            OddsTerm("your armed force", force),
            OddsTerm("the holder's defence", defence, more_is_better=False),
        ),
    )


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    s, f = r.target, r.faction
    rules = state.scenario.rules
    d = state.index.site_district_list[s]
    holder = state.site_holder.item(s)
    force, defence = attack_and_defence(state, f, s)
    opposed = defence > 0
    if succeeds(state, r, odds_of(rule.base_odds, force, defence)):
        state.site_holder[s] = f
        state.site_defended[s] = -1
        if opposed:
            _lose_men(state, holder, d, 1.0 - rules.combat_casualties)
            _lose_men(state, f, d, 1.0 - rules.combat_casualties / 2)
        tell_order(state, r.faction, "seize", _taken_words, s, holder, opposed)
    else:
        if opposed:
            _lose_men(state, f, d, 1.0 - rules.combat_casualties)
        tell_order(state, r.faction, "seize", _beaten_words, s, holder)


def _lose_men(state: GameState, faction: int, district: int, kept: float) -> None:
    """The faction's units in the district keep a share `kept` of their men: one by one, in Python floats (the same
    products as numpy's on the list of them, without the cost of a fancy index for a unit or two)."""
    strength = state.unit_strength
    for u in units_of(state, faction, district):
        strength[u] = strength.item(u) * kept


def _taken_words(named: Names, f: int, s: int, holder: int, opposed: bool) -> Said:
    source = f" from {named.sides[holder]}" if holder >= 0 else ""
    fight = " after a sharp fight" if opposed else ""
    text = f"{acting(named, f)} men take {named.sites[s]}{source}{fight}."
    return text, {"ok": True, "site": named.site_ids[s], "from": named.faction_ids[holder] if holder >= 0 else None}


def _beaten_words(named: Names, f: int, s: int, holder: int) -> Said:
    text = f"An attempt by {named.sides[f]} on {named.sites[s]} is beaten back."
    return text, {"ok": False, "site": named.site_ids[s], "from": named.faction_ids[holder] if holder >= 0 else None}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    site = state.scenario.sites[r.target]
    texts = (f"take {site.name}", "casualties on both sides if it is defended")
    return Effects(texts, (Change("site_holder", (r.target,), float(r.faction - int(state.site_holder[r.target]))),))


ORDER = order_of(
    __name__,
    ActionKind.SEIZE,
    "Seize",
    "Take the site with the troops on the spot; what holding it gives becomes yours.",
    needs=("target",),
    target="site",
)
