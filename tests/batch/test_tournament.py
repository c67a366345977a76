"""The tournament: seats rotate as documented, results do not depend on the workers or on a resume, and the
ratings are right on result sets whose answer is known."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from batch_helpers import STOP_AFTER, TINY, comparable, stopping_probe
from hypothesis import given, settings
from hypothesis import strategies as st

from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.ratings import ELO, bradley_terry, curvature_sd, fit
from petrograd1917.batch.records import read_records
from petrograd1917.batch.runner import BatchConfig, run_batch
from petrograd1917.batch.seating import rotation
from petrograd1917.batch.tasks import game_seed
from petrograd1917.batch.tournament import game_results, head_to_head, standings, upper_tail
from petrograd1917.batch.tournament_command import split_agents
from petrograd1917.cli import main

AGENTS = ("random", "heuristic:plain")
TINY_FACTIONS = ["government", "reds", "liberals"]


def test_fewer_agents_than_seats_shift_one_seat_a_game() -> None:
    assert rotation(["a", "b"], 4) == [("a", "b", "a", "b"), ("b", "a", "b", "a")]
    assert rotation(["a", "b", "c"], 4) == [("a", "b", "c", "a"), ("b", "c", "a", "b"), ("c", "a", "b", "c")]


@given(agents=st.integers(2, 6), seats=st.integers(2, 4))
@settings(max_examples=40, deadline=None)
def test_every_agent_sits_in_every_seat_equally_often_over_a_cycle(agents: int, seats: int) -> None:
    names = [f"agent{i}" for i in range(agents)]
    cycle = rotation(names, seats)
    per_seat = [Counter(seating[s] for seating in cycle) for s in range(seats)]
    assert all(set(c) == set(names) and len(set(c.values())) == 1 for c in per_seat)
    if agents >= seats:
        assert len(cycle) == math.perm(agents, seats) == len(set(cycle))  # every ordered choice once
        for start in range(0, len(cycle), seats):  # each block of `seats` games is balanced already
            block = cycle[start : start + seats]
            assert all(len({seating[s] for seating in block}) == seats for s in range(seats))
    else:
        assert len(cycle) == agents and all(set(seating) == set(names) for seating in cycle)


def tournament(out: Path | None, games: int = 6, **kw: Any) -> BatchConfig:
    fields: dict[str, Any] = {"seed": 3, "jobs": 1, "rotation": AGENTS, "progress": False}
    fields.update(kw)
    return BatchConfig(TINY, games, out=out, **fields)


@pytest.fixture(scope="module")
def reference() -> list[dict[str, Any]]:
    return comparable(run_batch(tournament(None)).records)


def test_games_follow_the_rotation_with_batch_seeds(reference: list[dict[str, Any]]) -> None:
    cycle = rotation(AGENTS, 3)
    for record in reference:
        assert record["agents"] == dict(zip(TINY_FACTIONS, cycle[record["index"] % len(cycle)], strict=True))
        assert record["seed"] == game_seed(3, record["index"])


def test_results_do_not_depend_on_the_number_of_workers(reference: list[dict[str, Any]]) -> None:
    assert comparable(run_batch(tournament(None, jobs=2)).records) == reference


def test_a_stopped_tournament_resumes_to_exactly_the_uninterrupted_one(tmp_path: Path) -> None:
    whole = run_batch(tournament(None))
    STOP_AFTER["games"] = 2
    first = run_batch(tournament(tmp_path, measure=stopping_probe))
    assert first.interrupted and first.games == 2
    STOP_AFTER["games"] = 100
    resumed = run_batch(tournament(tmp_path, measure=stopping_probe, resume=True))
    strip = [{k: v for k, v in r.items() if k != "extra"} for r in comparable(read_records(tmp_path / "games.jsonl"))]
    assert strip == comparable(whole.records)
    assert standings(resumed.records, AGENTS, TINY_FACTIONS) == standings(whole.records, AGENTS, TINY_FACTIONS)


def test_resuming_with_other_agents_is_refused(tmp_path: Path) -> None:
    run_batch(tournament(tmp_path, games=2))
    with pytest.raises(BatchError, match="another rotation"):
        run_batch(tournament(tmp_path, games=4, rotation=("heuristic:plain", "random"), resume=True))


def test_two_agents_75_to_25_rate_as_the_logit_says() -> None:
    """P(a beats b) = 0.75 gives a gap of 400·log10(3) = 190.8 Elo points; the binomial's standard error of the
    log-odds, sqrt(1 / (n p (1 - p))), gives the curvature's interval."""
    wins = np.array([[0.0, 75.0], [25.0, 0.0]])
    assert fit(wins, prior_sd=None) == pytest.approx([200 * math.log10(3), -200 * math.log10(3)])
    half_gap_sd = 0.5 * ELO / math.sqrt(100 * 0.75 * 0.25)
    assert curvature_sd(wins, fit(wins, None), prior_sd=1e9) == pytest.approx([half_gap_sd] * 2, rel=1e-6)
    per_game = np.array([[[0, 1], [0, 0]]] * 75 + [[[0, 0], [1, 0]]] * 25, dtype=float)
    a, b = bradley_terry(["a", "b"], per_game)
    assert a.rating == pytest.approx(95.4, abs=1.0) and b.rating == pytest.approx(-a.rating)  # the prior's pull
    assert a.low < a.rating - 1.9 * half_gap_sd and a.high > a.rating + 1.9 * half_gap_sd
    assert a.high - a.low < 2.5 * 1.96 * half_gap_sd


def test_head_to_head_counts_each_pair_and_tests_the_lead_exactly() -> None:
    """Games as wins matrices of three agents: a beats b 10 times and loses 6, b and c draw twice."""
    a_beats_b = [[0, 1, 0], [0, 0, 0], [0, 0, 0]]
    b_beats_a = [[0, 0, 0], [1, 0, 0], [0, 0, 0]]
    b_draws_c = [[0, 0, 0], [0, 0, 0.5], [0, 0.5, 0]]
    per_game = np.array([a_beats_b] * 10 + [b_beats_a] * 6 + [b_draws_c] * 2, dtype=float)
    ab, ac, bc = head_to_head(per_game, ["a", "b", "c"])
    tail = sum(math.comb(16, k) for k in range(10, 17)) / 2**16  # 14893 / 65536
    assert (ab.agent, ab.other, ab.won, ab.lost, ab.drawn) == ("a", "b", 10, 6, 0) and ab.p == pytest.approx(tail)
    assert (ac.won, ac.lost, ac.drawn, ac.p) == (0, 0, 0, 1.0)
    assert (bc.won, bc.lost, bc.drawn, bc.p) == (0, 0, 2, 1.0)
    flipped = head_to_head(per_game[:, ::-1, ::-1], ["c", "b", "a"])[2]  # (b, a): the leader is named first
    assert (flipped.agent, flipped.other, flipped.won, flipped.lost) == ("a", "b", 10, 6)
    assert upper_tail(3, 3) == pytest.approx(1 / 8) and upper_tail(0, 5) == 1.0
    assert upper_tail(12, 12) == pytest.approx(2.0**-12) and upper_tail(600_000, 1_000_000) < 1e-300


def test_three_agents_of_known_strength_are_recovered() -> None:
    strengths = np.array([1.0, 0.0, -1.0])  # log-odds
    chances = 1 / (1 + np.exp(strengths[None, :] - strengths[:, None]))
    wins = 120 * chances
    np.fill_diagonal(wins, 0.0)
    assert fit(wins, prior_sd=None) == pytest.approx(strengths * ELO)


def test_an_unbeaten_agent_gets_a_finite_rating_and_a_wide_interval() -> None:
    per_game = np.array([[[0, 1], [0, 0]]] * 12, dtype=float)
    best, worst = sorted(bradley_terry(["a", "b"], per_game), key=lambda r: -r.rating)
    assert best.agent == "a" and 0 < best.rating < 1000 and best.rating == pytest.approx(-worst.rating)
    assert best.low < best.rating - 100 and best.high > best.rating + 100


def test_a_four_faction_game_counts_as_the_winner_beating_each_other_agent() -> None:
    agents = ["a", "b", "c"]
    won = {"agents": {"w": "a", "x": "b", "y": "a", "z": "c"}, "winner": "y"}
    assert game_results(won, agents).tolist() == [[0, 1, 1], [0, 0, 0], [0, 0, 0]]
    drawn = {"agents": {"w": "a", "x": "b", "y": "a", "z": "b"}, "winner": None}
    assert game_results(drawn, agents).tolist() == [[0, 0.5, 0], [0.5, 0, 0], [0, 0, 0]]


def test_standings_count_wins_per_agent_and_seat() -> None:
    records = [
        {"index": 0, "agents": {"g": "a", "r": "b"}, "winner": "g", "error": None},
        {"index": 1, "agents": {"g": "b", "r": "a"}, "winner": "g", "error": None},
        {"index": 2, "agents": {"g": "a", "r": "b"}, "winner": None, "error": None},
        {"index": 3, "agents": {"g": "b", "r": "a"}, "error": "WorkerDied: twice"},
    ]
    table = standings(records, ["a", "b"], ["g", "r"], "test")
    assert (table.completed, table.failed, table.draws.count, table.cycle) == (3, 1, 1, 2)
    assert (table.wins["a"].count, table.wins["a"].games) == (1, 3)
    assert (table.seats["a"]["g"].count, table.seats["a"]["g"].games) == (1, 2)
    assert (table.seats["b"]["g"].count, table.seats["b"]["g"].games) == (1, 1)
    assert (table.seats["a"]["r"].count, table.seats["a"]["r"].games) == (0, 1)


def test_agent_lists_keep_each_agents_options() -> None:
    assert split_agents("random, mcts:playouts=400,width=8,heuristic") == [
        "random",
        "mcts:playouts=400,width=8",
        "heuristic",
    ]
    assert split_agents("random,,mcts:easy") == ["random", "mcts:easy"]


def test_the_command_prints_the_tables_and_resumes_from_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t"
    args = ["tournament", TINY, "--games", "4", "--jobs", "1", "--out", str(out), "--quiet"]
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--agents", "random,heuristic:plain", "--seed", "9"])
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    assert "rating [95% interval]" in printed and "win rate by seat" in printed and "heuristic:plain" in printed
    with pytest.raises(SystemExit) as exit_info:
        main([*args[:3], "6", *args[4:], "--resume"])  # agents and seed from the folder
    assert exit_info.value.code == 0
    records = read_records(out / "games.jsonl")
    assert sorted(r["index"] for r in records) == list(range(6)) and records[0]["seed"] == game_seed(9, 0)
    saved = json.loads((out / "standings.json").read_text())
    assert saved["completed"] == 6 and {r["agent"] for r in saved["ratings"]} == {"random", "heuristic:plain"}


@pytest.mark.parametrize(
    ("agents", "says"),
    [
        ("random", "from 2 to 8 different agents"),
        ("random,random", "different agents"),
        ("random,heurstic", "heurstic"),
    ],
)
def test_bad_agent_lists_are_refused(agents: str, says: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["tournament", TINY, "--agents", agents, "--games", "2", "--jobs", "1", "--quiet"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("tournament: ") and says in err
