"""What an order is made of: its record (`Order`), the action in indices it works on (`Indexed`), the error an
illegal one raises, and the pieces a preview and an odds breakdown are built from.

Each order kind has one module in this package holding all of it: which fields it names, its check (with the
reason in words), its odds and their breakdown, its effect with a named constant or function for every amount,
its preview built from the same ones, and its label and hint for the window; `order_of` gathers them into the
module's `ORDER` by those functions' names. `engine/orders/__init__.py` gathers
them into `ORDERS`; the legality, resolution and preview drivers are loops over that table.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, ActionRule


class IllegalActionError(ValueError):
    """An action that may not be taken now; the message says why. The state is left unchanged."""


class Indexed(NamedTuple):
    """An action with ids turned into indices (-1 where a field is unused). `target` is a district (move, march),
    a site (seize, defend), a link (bridges) or a faction (arrest, negotiate), by kind."""

    kind: ActionKind
    faction: int
    district: int = -1
    unit: int = -1
    target: int = -1
    amount: float = 0.0
    choice: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """One change an order makes on success, as the preview states it: `field` of `GameState` at index `at`
    (empty for a plain number) moves by `amount`. A test applies each order and finds exactly these changes."""

    field: str
    at: tuple[int, ...]
    amount: float


@dataclass(frozen=True, slots=True)
class OddsTerm:
    """One thing the odds are made of, for the window: 'unrest in Vyborg' 0.30, and whether more of it helps."""

    name: str
    value: float
    more_is_better: bool = True


@dataclass(frozen=True, slots=True)
class Odds:
    """The chance of success and what makes it: `formula` in words with the values filled in, and its terms."""

    chance: float
    formula: str
    terms: tuple[OddsTerm, ...] = ()


@dataclass(frozen=True, slots=True)
class Effects:
    """What an order would do: short texts for a tooltip, and the changes on success (`Change`)."""

    texts: tuple[str, ...]
    changes: tuple[Change, ...] = ()


Check = Callable[[GameState, Indexed], str | None]  # None when allowed, else the reason in words
Chance = Callable[[GameState, Indexed], float]
Explain = Callable[[GameState, Indexed], Odds]
CarryOut = Callable[[GameState, Indexed, ActionRule], None]
Foresee = Callable[[GameState, Indexed, ActionRule], Effects]


def allowed(state: GameState, r: Indexed) -> str | None:
    """The check of an order that is always allowed (once it is the faction's turn and it can pay)."""
    return None


def certain(state: GameState, r: Indexed) -> float:
    """The chance of an order that cannot fail: bookkeeping of one's own."""
    return 1.0


def explain_certain(state: GameState, r: Indexed) -> Odds:
    return Odds(1.0, "certain: nobody can stop it")


@dataclass(frozen=True, slots=True)
class Order:
    """Everything about one order kind. `summary` is the rule in one sentence (its module's docstring opens with
    it); `label` and `hint` are what the window shows on the order's button and under it."""

    kind: ActionKind
    label: str
    hint: str
    summary: str
    check: Check
    chance: Chance
    explain: Explain
    carry_out: CarryOut
    foresee: Foresee
    needs: tuple[str, ...] = ()  # Action fields it must name ("district", "unit", "target", "amount", "choice")
    optional: tuple[str, ...] = ()  # fields it may name besides those
    target: str | None = None  # what `target` names: "district", "faction", "link" or "site"


def summary_of(docstring: str | None) -> str:
    """The first sentence of a module's docstring: the order's rule in one sentence."""
    text = " ".join((docstring or "").split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def order_of(
    module: str,
    kind: ActionKind,
    label: str,
    hint: str,
    needs: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    target: str | None = None,
) -> Order:
    """The record of the order whose module is `module` (its `__name__`, while it loads): the summary from its
    docstring, and its functions by their names in every order module: `check`, `chance`, `explain`, `carry_out`
    and `foresee`."""
    rules = sys.modules[module]
    return Order(
        kind, label, hint, summary_of(rules.__doc__),
        rules.check, rules.chance, rules.explain, rules.carry_out, rules.foresee,
        needs, optional, target,
    )  # fmt: skip
