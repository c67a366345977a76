"""Actions: the small frozen values that the window, the computer players, replays and tests submit.

One generic dataclass rather than a class per order keeps replays and saves trivial to write and read: an action
is its kind plus the ids it names. Which fields an action uses depends on its kind (see `docs/engine-state.md`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from petrograd1917.scenario.model import ActionKind


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    faction: str  # who acts
    district: str | None = None  # where (agitate, strike, demonstrate, arrest, distribute_bread, ...)
    unit: str | None = None  # which unit (move, disperse, fire, fraternise, commissar, seize, defend, agitate)
    target: str | None = None  # destination district, site, link or faction, by kind
    amount: float | None = None  # ration grams, tonnes of bread, ...
    choice: str | None = None  # for CHOOSE: the event choice id

    def to_json(self) -> dict[str, Any]:
        return {k: (v.value if isinstance(v, ActionKind) else v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Action:
        fields = dict(data)
        fields["kind"] = ActionKind(fields["kind"])
        return cls(**fields)
