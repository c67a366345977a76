"""Events phase: the scenario's event cards fire when their window is open, their condition holds and the dice
agree (`chance`, drawn from the game's generator); `once` cards fire a single time.

A card with choices waits for its chooser: it sets `state.pending_choice`, and the game lets only CHOOSE actions
through until `apply_choice` has applied the chosen answer's effects. Only one card can wait at a time; another
card with choices stays in the deck until a later turn.
"""

from __future__ import annotations

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.calendar import at_turn
from petrograd1917.engine.effects import apply_effects
from petrograd1917.engine.evaluate import Compiled, compile_condition
from petrograd1917.engine.index import index_for
from petrograd1917.engine.log import Said, tell, write
from petrograd1917.engine.state import GameState, PendingChoice
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import cap, possessive, sentence, side
from petrograd1917.scenario.model import Event, Scenario


class ChoiceError(ValueError):
    """A CHOOSE that does not answer the card waiting (or no card is waiting)."""


def run(state: GameState) -> None:
    # Only the cards whose window is open this turn, in the scenario's order (so the draws come in the same order).
    # Only a card's effects can end the game, so it is asked before the first card and after each that fires.
    if state.is_over():
        return
    for event, condition in at_turn(_DECKS(state.scenario), state.turn):
        if event.once and event.id in state.fired_events:
            continue
        if event.choices and state.pending_choice is not None:
            continue
        if condition is not None and not condition(state, None):
            continue
        if event.chance < 1.0 and not state.rng.random() < event.chance:
            continue
        fire(state, event)
        if state.is_over():
            return


_Cards = tuple[tuple[Event, Compiled | None], ...]  # cards open at a turn, each with its compiled condition (or None)


def _decks(scenario: Scenario) -> tuple[_Cards, ...]:
    """[T] the cards open at each turn (`DynamicsTables.open_events`, the last turn's for any later one), each with
    its condition compiled (None: it has none), once: a game tests the conditions of the open cards every turn."""
    index = index_for(scenario)
    tests = {e.id: compile_condition(e.condition, scenario, index) for e in scenario.events if e.condition is not None}
    return tuple(tuple((e, tests.get(e.id)) for e in opened) for opened in tables_for(scenario).open_events)


_DECKS: PerObject[Scenario, tuple[_Cards, ...]] = PerObject(_decks)  # per scenario (engine/cache.py)


def fire(state: GameState, event: Event) -> None:
    """Show the card, apply its effects, record its key event, and hand a choice to its chooser."""
    state.fired_events.add(event.id)
    tell(state, "event", _card_words, (event.title, event.text, event.id))
    if event.key_event:
        state.key_events.setdefault(event.key_event, state.turn)
    apply_effects(state, event.effects, event.id)
    if event.choices and not state.is_over():
        chooser = state.index.faction[event.chooser] if event.chooser else 0
        state.pending_choice = PendingChoice(event.id, chooser)


def _card_words(title: str, text: str, event: str) -> Said:
    """'Bread rumours: ...', the card's title and text."""
    return f"{title}: {text.strip()}", {"event": event}


def choice_ids(state: GameState) -> tuple[str, ...]:
    """The answers the waiting card offers (empty when nothing waits)."""
    pending = state.pending_choice
    if pending is None:
        return ()
    event = next(e for e in state.scenario.events if e.id == pending.event)
    return tuple(c.id for c in event.choices)


def apply_choice(state: GameState, choice_id: str) -> None:
    """Answer the waiting card: apply the chosen choice's effects and clear `pending_choice`."""
    pending = state.pending_choice
    if pending is None:
        raise ChoiceError("no event is waiting for a choice")
    event = next(e for e in state.scenario.events if e.id == pending.event)
    choice = next((c for c in event.choices if c.id == choice_id), None)
    if choice is None:
        offered = ", ".join(c.id for c in event.choices)
        raise ChoiceError(f"'{choice_id}' is not a choice of '{event.id}' (choose one of: {offered})")
    state.pending_choice = None
    write(
        state,
        "choice",
        f"{cap(possessive(side(state, pending.chooser)))} choice: {sentence(choice.label)}",
        state.index.faction_ids[pending.chooser],
        event=event.id,
        choice=choice.id,
    )
    apply_effects(state, choice.effects, event.id)
