"""Each faction's standing as named terms a player can read, and the one sentence that says why a winner won.

A faction's objective score is a sum of terms (`held_points(self) + 10 * armed_share(self)`); this module splits it
back into those terms so the window can show a breakdown, and says whether the faction may still win on points
(its objective's `out_if`: a cause that has ended, a capital lost). The shape below is stable:

    standings(state) -> tuple[Standing, ...]     one per faction, in scenario order
      Standing.faction, .name                    faction id and full name
      Standing.score, .target, .ratio            score now, the score that meets the objective, score / target
      Standing.terms                             tuple[Term, ...], the score's parts, in the order written
      Standing.in_race                           False once it cannot win on points; .out_reason says why
      Standing.wins_at_once                      plain-words conditions that end the game at once in its favour
    Term.id, .label                              e.g. "armed_share", "Share of the armed force within reach"
    Term.value, .weight, .points                 raw value, its multiplier, and what it adds (weight * value)
    Term.shown                                   the raw value as the window prints it ("42%", "9")
    Term.moves                                   what moves it, in plain words
    Term.higher_is_better                        which way is good for this faction
    verdict(state) -> str                        "The Bolsheviks won: ..." once the game is over, else ""
    title(state) -> str                          "The Bolsheviks won", "A draw", or "" while the game runs
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from petrograd1917.engine.control import city_districts
from petrograd1917.engine.evaluate import Compiled, compile_for, evaluate, fields_read
from petrograd1917.engine.index import ScenarioIndex
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import and_list, number_word, points, the
from petrograd1917.scenario.conditions import Binary, Call, Expr, Name, Number, Unary
from petrograd1917.scenario.model import Faction, Scenario

LAST_TURN = "the last turn is over"  # why a game ends when its calendar runs out; the verdict says "at the last turn"


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    label: str
    value: float
    weight: float
    points: float
    shown: str
    moves: str
    higher_is_better: bool


@dataclass(frozen=True, slots=True)
class Standing:
    faction: str
    name: str
    score: float
    target: float
    ratio: float
    terms: tuple[Term, ...]
    in_race: bool
    out_reason: str
    wins_at_once: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Words:
    label: str
    moves: str
    share: bool  # shown as a percentage


_FUNCTION_WORDS: dict[str, _Words] = {
    "held_points": _Words(
        "Seats of power held (victory points of the sites)",
        "seizing and defending the palaces, ministries and nerve centres; losing them to a stronger force",
        False,
    ),
    "sites_held": _Words("Sites held", "seizing and defending sites", False),
    "districts_controlled": _Words(
        "Districts held", "holding a district's streets (influence) and its armed force", False
    ),
    "armed_share": _Words(
        "Share of the armed force in the city or within reach of it",
        "mutinies, desertions, casualties, and units moving into or out of reach of the city",
        True,
    ),
    "city_influence": _Words(
        "Following in the city (influence, weighted by population)",
        "agitation, propaganda, bread and the crowds a side leads",
        True,
    ),
    "legitimacy": _Words(
        "Legitimacy: how far the country accepts its right to rule",
        "events, held sites, propaganda and negotiation; shooting into crowds costs it",
        True,
    ),
    "mutinied_units": _Words(
        "Units that have come over to this side from their old commanders",
        "agitation and fraternisation among the troops; a unit that goes over to a rival counts for the rival",
        False,
    ),
}


def standings(state: GameState) -> tuple[Standing, ...]:
    """Every faction's standing now, in scenario order."""
    return tuple(_standing(state, f, faction) for f, faction in enumerate(state.scenario.factions))


def in_race(state: GameState, faction: int) -> bool:
    """True while the faction may still win on points (its objective's `out_if` does not hold)."""
    return objectives(state)[faction].in_race(state)


@dataclass(frozen=True, slots=True)
class Objective:
    """One faction's objective as the race reads it: its score and `out_if` compiled with `self` standing for the
    faction (`evaluate.compile_for`), and its target."""

    faction: int
    score: Compiled | None
    target: float
    out_if: Compiled | None
    reads: frozenset[str]  # the fields of a game the score and `out_if` read (`evaluate.fields_read`)

    def score_now(self, state: GameState) -> float:
        """The faction's score in `state` (0 with no score expression)."""
        if self.score is None:
            return 0.0
        value = self.score(state, self.faction)
        return 0.0 if isinstance(value, datetime) else float(value)

    def in_race(self, state: GameState) -> bool:
        """`in_race` of the faction."""
        return self.out_if is None or not self.out_if(state, self.faction)


def objectives(state: GameState) -> tuple[Objective, ...]:
    """Every faction's `Objective`, in scenario order: found once for the scenario and its index (the scores and
    the race are asked for at every position a computer player weighs), not looked up condition by condition."""
    last = _LAST_OBJECTIVES[0]
    if last is not None and last[0] is state.index and last[1] is state.scenario:
        return last[2]
    scenario, index = state.scenario, state.index
    found = tuple(
        Objective(
            faction=f,
            score=compile_for(o.score, scenario, index, f) if o.score is not None else None,
            target=o.target,
            out_if=compile_for(o.out_if, scenario, index, f) if o.out_if is not None else None,
            reads=frozenset().union(*(fields_read(c) for c in (o.score, o.out_if) if c is not None)),
        )
        for f, o in enumerate(faction.objective for faction in scenario.factions)
    )
    _LAST_OBJECTIVES[0] = (index, scenario, found)
    return found


# The objectives of the last scenario (and index) asked for: a game, or a search, asks for the same one every time.
_LAST_OBJECTIVES: list[tuple[ScenarioIndex, Scenario, tuple[Objective, ...]] | None] = [None]


def title(state: GameState) -> str:
    """'The Bolsheviks won', 'A draw', or '' while the game runs: past tense agrees with any faction name."""
    if not state.is_over():
        return ""
    if state.winner is None or state.winner < 0:
        return "A draw"
    return f"{state.faction_name(state.winner)} won"


def _victory_entry(state: GameState) -> tuple[str, str]:
    """(what decided the game, what ended it) from the log's victory entry: an immediate victory's id or
    '<faction>_objective' for a game won at once, and the occasion of a game ended on points."""
    entry = next((e for e in reversed(state.log) if e.kind == "victory"), None)
    if entry is None:
        return "", LAST_TURN
    return str(entry.data.get("victory", "")), str(entry.data.get("ended", LAST_TURN))


def won_at_once(state: GameState) -> bool:
    """True when the game ended with a side winning at once (an immediate victory, or an objective met), not on
    points: the winner's place in the points race did not matter."""
    if state.winner is None or state.winner < 0:
        return False
    source, _ = _victory_entry(state)
    faction = state.scenario.factions[state.winner]
    return source == f"{faction.id}_objective" or any(v.id == source for v in state.scenario.victory.immediate)


def verdict(state: GameState) -> str:
    """One sentence: who won and why, in the city's terms ('' while the game runs)."""
    head = title(state)
    if not head:
        return ""
    winner = state.winner if state.winner is not None else -1
    source, ended = _victory_entry(state)
    occasion = "at the last turn" if ended == LAST_TURN else f"when {ended}"  # what ended a game decided on points
    if winner < 0:
        racing = [s.name for s in standings(state) if s.in_race]
        if not racing:
            return f"A draw {occasion}: no side was left that could win on points."
        return f"A draw {occasion}: {and_list([the(n, start=False) for n in racing])} finished level on points."
    held = _holdings(state, winner)
    immediate = next((v for v in state.scenario.victory.immediate if v.id == source), None)
    if immediate is not None:
        what = immediate.summary or immediate.text.split(". ")[0].rstrip(".")
        return f"{head} at once: {what}, {held}."
    faction = state.scenario.factions[winner]
    if source == f"{faction.id}_objective":
        return f"{head} at once, its objective met ({faction.objective.description.rstrip('.')}), {held}."
    everyone = standings(state)
    mine = everyone[winner]
    return (
        f"{head} on points {occasion}, {points(mine.score, 1)} of the {mine.target:g} it needed"
        f" ({_against(mine, everyone)}), {held}."
    )


def _against(mine: Standing, everyone: tuple[Standing, ...]) -> str:
    """How far the winner got towards its target beside the next side in the race: the rule that decides a game
    on points (the side furthest towards its own target), put so that a higher score elsewhere does not puzzle."""
    rivals = [s for s in everyone if s.in_race and s.faction != mine.faction]
    share = f"{mine.ratio:.0%} of its target"
    if not rivals:
        return f"{share}, the only side left in the race"
    runner = max(rivals, key=lambda s: s.ratio)
    name = the(runner.name, start=False)
    if runner.ratio >= 1.0:  # both met their targets: the win goes to the one further past its own
        return f"{share}, further than {name}, who also met theirs, at {runner.ratio:.0%}"
    return f"{share}, ahead of {name} at {runner.ratio:.0%} of theirs"


def _holdings(state: GameState, faction: int) -> str:
    """'holding the Winter Palace and nine of the city's 12 districts, plus Kronstadt beyond it' for the verdict:
    every district the score counts."""
    city = city_districts(state.scenario)
    districts = int(np.count_nonzero(state.district_controller[city] == faction))
    points = state.index.site_victory_points
    seats = [
        state.scenario.sites[s].name
        for s in np.argsort(-points, kind="stable").tolist()
        if points[s] > 0 and state.site_holder[s] == faction
    ][:3]
    n_city = int(city.shape[0])
    place = f"{number_word(districts) if districts else 'none'} of the city's {n_city} districts"
    inside = set(city.tolist())
    outside = [  # held beyond the city (Kronstadt): they count in the score, so the sentence names them
        d.name
        for i, d in enumerate(state.scenario.districts)
        if state.district_controller[i] == faction and i not in inside
    ]
    if len(outside) == 1:
        place += f", plus {outside[0]} beyond it"
    elif outside:
        place += f", plus {number_word(len(outside))} districts beyond it ({'; '.join(outside)})"
    return f"holding {and_list([the(name, start=False) for name in seats] + [place])}"


def _standing(state: GameState, f: int, faction: Faction) -> Standing:
    objective = faction.objective
    expression = objective.score
    terms = tuple(_term(state, f, part, sign) for part, sign in _parts(expression.tree)) if expression else ()
    whole = evaluate(expression, state, f) if expression else 0.0  # the very number the last turn is judged by
    score = 0.0 if isinstance(whole, datetime) else float(whole)
    target = objective.target
    racing = in_race(state, f)
    reason = "" if racing else (objective.out_text or f"It cannot win on points while {objective.out_if.source}.")  # type: ignore[union-attr]
    winning = [v.summary or v.text for v in state.scenario.victory.immediate if v.winner == faction.id]
    if objective.win_if is not None:
        winning.append(objective.description)
    return Standing(
        faction=faction.id,
        name=faction.name,
        score=score,
        target=target,
        ratio=score / target if target else score,
        terms=terms,
        in_race=racing,
        out_reason=reason,
        wins_at_once=tuple(winning),
    )


def _parts(expr: Expr) -> list[tuple[Expr, float]]:
    """The additive parts of a score expression with their signs: `a + 2 * b - c` -> [(a, 1), (2 * b, 1), (c, -1)]."""
    if isinstance(expr, Binary) and expr.op in ("+", "-"):
        right = _parts(expr.right)
        if expr.op == "-":
            right = [(part, -sign) for part, sign in right]
        return _parts(expr.left) + right
    if isinstance(expr, Unary) and expr.op == "-":
        return [(part, -sign) for part, sign in _parts(expr.operand)]
    return [(expr, 1.0)]


def _term(state: GameState, f: int, part: Expr, sign: float) -> Term:
    weight, core = _weighted(part)
    weight *= sign
    raw = evaluate(core, state, f)
    value = 0.0 if isinstance(raw, datetime) else float(raw)
    words = _FUNCTION_WORDS.get(core.function) if isinstance(core, Call) else None
    label = words.label if words else _text(core)
    shown = (
        f"{value:.0%}" if words is not None and words.share else f"{value:g}" if value == int(value) else f"{value:.2f}"
    )
    return Term(
        id=core.function if isinstance(core, Call) else "expression",
        label=label,
        value=value,
        weight=weight,
        points=weight * value,
        shown=shown,
        moves=words.moves if words else "the things the expression names",
        higher_is_better=weight >= 0.0,
    )


def _weighted(part: Expr) -> tuple[float, Expr]:
    """(weight, core) for `w * x`, `x * w` and `x / w` with a number w; (1, part) otherwise."""
    if isinstance(part, Binary):
        if part.op == "*" and isinstance(part.left, Number):
            inner, core = _weighted(part.right)
            return part.left.value * inner, core
        if part.op == "*" and isinstance(part.right, Number):
            inner, core = _weighted(part.left)
            return part.right.value * inner, core
        if part.op == "/" and isinstance(part.right, Number) and part.right.value:
            inner, core = _weighted(part.left)
            return inner / part.right.value, core
    return 1.0, part


def _text(expr: Expr) -> str:
    """An expression written back as text, for a term the table above has no words for."""
    match expr:
        case Number():
            return f"{expr.value:g}"
        case Name():
            return expr.name
        case Call():
            return f"{expr.function}({', '.join(_text(a) for a in expr.args)})"
        case Unary():
            return f"{expr.op} {_text(expr.operand)}" if expr.op == "not" else f"-{_text(expr.operand)}"
        case Binary():
            return f"({_text(expr.left)} {expr.op} {_text(expr.right)})"
        case _:
            return str(getattr(expr, "value", ""))
