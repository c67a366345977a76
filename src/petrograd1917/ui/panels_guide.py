"""The guided first turn (short hints pointing at each part of the screen) and the F1 help text."""

from __future__ import annotations

from petrograd1917.scenario.model import Scenario
from petrograd1917.ui.widgets import esc

# (part of the screen the hint points at, what it says)
TOUR: tuple[tuple[str, str], ...] = (
    (
        "map",
        "This is Petrograd. A district takes the colour of the faction that controls it; dark hatching and a"
        " pulsing border mean unrest. Counters are army units, small shapes are key sites. Hover over anything"
        " to learn what it is.",
    ),
    (
        "status",
        "Your faction, the orders (action points) left this turn, your score against its target, the city's flour"
        " and the date — hover each one for more.",
    ),
    ("details", "Click a district or a unit counter on the map: what you selected is described here."),
    (
        "actions",
        "The orders you can give to the selection, each with its cost and its chance of success. Orders that need"
        " a destination ask you to click a highlighted district on the map.",
    ),
    ("end_turn", "When your orders are spent, end the turn (Space). The computer factions then make their moves."),
    ("log", "Everything that happens is written here, newest first. Good luck, citizen."),
)

KEYS = (
    ("Space / Enter", "end your turn"),
    ("Tab", "select your next unit"),
    ("Esc", "cancel a choice of target, or leave to the menu"),
    ("Ctrl+Z", "take back your last order this turn (not a gamble whose dice have been rolled)"),
    ("Ctrl+S", "save the game · F9: load the last save"),
    ("F", "fast-forward the computer players' turns"),
    ("Mouse wheel / right-drag", "zoom and pan the map · Home: whole city"),
    ("F1", "this help"),
)


def help_html(scenario: Scenario) -> str:
    keys = "<br>".join(f"<b>{esc(k)}</b>: {esc(v)}" for k, v in KEYS)
    people = "<br>".join(
        f"<b>{esc(e.name)}</b> <i>({e.kind.value})</i>: {esc(e.text)}"
        for e in sorted(scenario.glossary, key=lambda e: e.name)
    )
    return f"{keys}<br><br><font color='#d9b45f'><b>Who's who</b></font><br>{people or 'No entries.'}"
