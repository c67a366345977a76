"""Playing a few random legal moves through the public door, and tampering with the save, for the save tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from petrograd1917 import saves
from petrograd1917.engine.actions import Action
from petrograd1917.engine.state import GameState


@dataclass
class Played:
    state: GameState
    actions: list[Action]
    seed: int


def play(state: GameState, actions: list[Action], steps: int, chooser: np.random.Generator) -> None:
    """Apply up to `steps` random legal actions (chosen by `chooser`, not by the game's own generator)."""
    for _ in range(steps):
        if state.is_over():
            return
        legal = state.legal_actions()
        action = legal[int(chooser.integers(len(legal)))]
        state.apply(action)
        actions.append(action)


def forge(path: Path, change: Callable[[Any], object], *, checksum: bool = True, keep_signature: bool = False) -> None:
    """Edit a save's JSON in place, as someone careful would: recompute its checksum (unless `checksum=False`, a
    clumsy edit) and drop the signature, so it passes for a save from another installation; with
    `keep_signature`, for one this installation wrote."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    if checksum:
        if not keep_signature:
            document.pop("signer", None)
            document.pop("signature", None)
        document["checksum"] = saves._checksum(document)
    path.write_text(json.dumps(document), encoding="utf-8")
