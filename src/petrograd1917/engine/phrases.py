"""How the end-of-turn log names a faction: by its short name with an article ('the MRC', 'The Government'), as
the actions' log does, with the verb agreeing ('the Bolsheviks storm', 'the Government holds')."""

from __future__ import annotations

from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import agree, cap, the


def side(state: GameState, faction: int, start: bool = False) -> str:
    """'the MRC' inside a sentence, 'The MRC' at its start; 'no one' for -1."""
    if faction < 0:
        return "No one" if start else "no one"
    name = the(state.scenario.factions[faction].short_name, start=False)
    return cap(name) if start else name


def verb(state: GameState, faction: int, singular: str, plural: str) -> str:
    """The verb form that agrees with the faction's short name."""
    return agree(state.scenario.factions[faction].short_name, singular, plural) if faction >= 0 else singular
