"""How the log names a faction: by its short name with an article ('the MRC', 'The Government'). Sentences are
built so that no verb has a faction for its subject ('Control of Vyborg passes to the Bolsheviks', 'The MRC's men
hold ...'): a short name does not say whether it is singular or plural."""

from __future__ import annotations

from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import cap, the


def side(state: GameState, faction: int, start: bool = False) -> str:
    """'the MRC' inside a sentence, 'The MRC' at its start; 'no one' for -1."""
    if faction < 0:
        return "No one" if start else "no one"
    name = the(state.scenario.factions[faction].short_name, start=False)
    return cap(name) if start else name
