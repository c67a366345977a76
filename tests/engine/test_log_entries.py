"""A log entry keeps what happened and is worded when read: its words are those of the moment it was written
whenever they are read, it cannot change, it pickles (batches cross processes) and saves as JSON, and a side's view
shares the game's entries rather than copies of them."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from petrograd1917.engine import food
from petrograd1917.engine.game import new_game
from petrograd1917.engine.log import LogEntry, as_written
from petrograd1917.engine.observation import observe
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario


def _played(name: str, seed: int, read_as_written: bool) -> tuple[GameState, list[tuple[object, ...]]]:
    """A seeded random game; with `read_as_written`, each new entry's words are read just after the move that
    wrote it (before the next move changes the state), else none is read until the end."""
    game = new_game(load_scenario(name), seed)
    rng = np.random.default_rng(seed)
    read: list[tuple[object, ...]] = []
    while not game.is_over():
        actions = game.legal_actions()
        for entry in game.apply(actions[int(rng.integers(len(actions)))]):
            if read_as_written:
                read.append((entry.turn, entry.faction, entry.kind, entry.text, json.dumps(entry.data)))
    return game, read


@pytest.mark.parametrize(("name", "seed"), [("february-1917", 7), ("october-1917", 8)])
def test_words_read_later_are_the_words_of_the_moment_they_were_written(name: str, seed: int) -> None:
    at_once = _played(name, seed, read_as_written=True)[1]
    game = _played(name, seed, read_as_written=False)[0]
    later = [(e.turn, e.faction, e.kind, e.text, json.dumps(e.data)) for e in game.log]
    kinds = {kind for _, _, kind, _, _ in later}
    assert {"food", "hunger", "control", "strike", "crowd", "combat", "mutiny", "melt"} <= kinds  # the worded kinds
    assert later == at_once[len(at_once) - len(later) :]  # the start's entries are written before any move


def test_the_same_game_writes_equal_entries() -> None:
    """Facts compare as values: the figures a phase keeps as bytes (`log.figures`) are the same bytes in the same
    game, scratch space included."""
    first, again = (_played("october-1917", 5, read_as_written=False)[0] for _ in range(2))
    assert first.log == again.log
    assert any(isinstance(fact, bytes) for e in first.log for fact in e.facts)


def test_an_entry_keeps_copies_not_the_state_it_was_written_from(game: GameState) -> None:
    game.city_stock, game.rail_factor = 0.0, 0.0  # no flour: the shops empty and the city goes hungry
    while not any(e.kind == "hunger" for e in game.log):
        food.run(game)
    hunger = [e for e in game.log if e.kind == "hunger"]
    fed = [e for e in game.log if e.kind == "food"][-1]
    left = {game.index.district_ids[d]: round(days, 3) for d, days in enumerate(game.bread_days.tolist())}
    game.bread_days[:] = 9.0  # the next phase changes the arrays the entries were written from
    game.city_stock, game.ration = 5000.0, 123.0
    assert all(e.text.startswith("Hunger in ") for e in hunger)
    assert all(days == left[district] for e in hunger for district, days in e.data["districts"].items())
    assert "warehouses are empty" in fed.text and fed.data["stock"] == 0.0 and "123 g" not in fed.text


def test_an_entry_cannot_change(game: GameState) -> None:
    game.apply(game.legal_actions()[0])
    entry = game.log[-1]
    for name in ("turn", "text", "data", "words", "said", "anything"):
        with pytest.raises(AttributeError):
            setattr(entry, name, None)


def test_entries_pickle_and_save_as_json() -> None:
    game = _played("october-1917", 3, read_as_written=False)[0]
    half = len(game.log) // 2
    for entry in game.log[:half]:
        _ = entry.text  # half of them worded before pickling, half not
    loaded: list[LogEntry] = pickle.loads(pickle.dumps(game.log))
    assert loaded == game.log
    assert [e.to_json() for e in loaded] == [e.to_json() for e in game.log]
    saved = json.loads(json.dumps([e.to_json() for e in game.log]))
    assert saved == [e.to_json() for e in game.log]
    assert all(set(row) == {"turn", "faction", "kind", "text", "data"} for row in saved)


def test_entries_are_worded_by_module_level_functions_from_plain_values() -> None:
    """What pickles by name: no closures or lambdas in an entry; and no arrays, lists or state among the facts of
    an entry worded later (one written out in full keeps its record, a dict)."""
    game = _played("october-1917", 4, read_as_written=False)[0]
    for entry in game.log:
        assert "<" not in entry.words.__qualname__, entry.words  # '<lambda>', '<locals>'
        if entry.words is not as_written:
            assert not any(isinstance(fact, (np.ndarray, list, dict, GameState)) for fact in entry.facts), entry


def test_a_side_s_view_shares_the_game_s_entries(game: GameState) -> None:
    while game.turn < 2:
        game.apply(game.legal_actions()[0])
    view = observe(game, game.scenario.factions[0].id)
    assert len(view.log) == len(game.log) > 0
    assert all(seen is entry for seen, entry in zip(view.log, game.log, strict=True))
    assert game.clone().log[0] is game.log[0]  # a clone copies the list, not the entries
