"""The research door passes its libraries' own checks, its encodings say what the engine says, the examples in
docs/ai-research.md run, and an agent of one's own plays in a batch by its `module:Class` spec."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from pettingzoo.test import api_test, seed_test

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import AgentSpecError, make_agent
from petrograd1917.ai.play import play_out
from petrograd1917.ai.value import standing
from petrograd1917.batch.runner import BatchConfig, run_batch
from petrograd1917.engine.observation import observe
from petrograd1917.env import env, gym_env
from petrograd1917.env.encoding import action_encoding, observation_encoding

DOC = Path(__file__).resolve().parents[2] / "docs" / "ai-research.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
_plugged: dict[str, Any] = {}
exec(EXAMPLES[0], _plugged)  # the agent class the document shows, importable here as test_env:MyAgent
MyAgent = _plugged["MyAgent"]


@pytest.mark.parametrize("scenario", ["october-1917", "february-1917"])
def test_the_aec_environment_passes_pettingzoos_api_test(scenario: str) -> None:
    api_test(env(scenario), num_cycles=300)


def test_the_aec_environment_passes_pettingzoos_seed_test() -> None:
    seed_test(lambda: env("october-1917"), num_cycles=200)


def test_the_gym_environment_passes_gymnasiums_check() -> None:
    check_env(gym_env("october-1917", faction="bolsheviks", opponents="heuristic:plain"), skip_render_check=True)


def test_every_legal_action_has_its_number_and_comes_back_unchanged() -> None:
    scenario = load_scenario("october-1917")
    encoding = action_encoding(scenario)
    game = new_game(scenario, 4)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(scenario.factions)}
    seen = 0
    while not game.is_over() and seen < 400:
        legal = game.legal_actions()
        mask = encoding.mask(legal)
        assert mask.sum() == len(legal)  # no two legal actions share a number
        for action in legal:
            assert encoding.decode(encoding.encode(action), game.current_faction) == action
        game.apply(agents[game.current_faction].choose_action(game))
        seen += 1


def test_the_observation_vector_reads_the_view_not_the_truth() -> None:
    scenario = load_scenario("october-1917")
    vectors = observation_encoding(scenario)
    game = new_game(scenario, 6)
    twin = game.clone()
    hidden = ~observe(game, "bolsheviks").loyalty_known
    twin.unit_loyalty[hidden] *= 0.999  # inside the reports' rounding for almost every share
    a, b = (vectors.encode(observe(g, "bolsheviks")) for g in (game, twin))
    assert a.shape == (vectors.size,) and a.dtype == np.float32
    assert observe(game, "bolsheviks").same_view(observe(twin, "bolsheviks")) == np.array_equal(a, b)


def test_gym_rewards_add_up_to_the_change_in_standing_and_the_win() -> None:
    environment = gym_env("october-1917", faction="government", opponents="heuristic:plain")
    _, info = environment.reset(seed=3)
    start = float(standing(new_game(environment.scenario, info["seed"]))[0])
    total, done = info["opening_reward"], False
    while not done:
        _, reward, done, _, info = environment.step(int(np.flatnonzero(environment.action_masks())[-1]))
        total += float(reward)
    assert environment.game is not None
    winner = info["winner"]
    bonus = 1.0 if winner == "government" else -1.0 if winner else 0.0
    assert total == pytest.approx(float(standing(environment.game)[0]) - start + bonus)


def test_an_illegal_action_is_a_pass_and_said_so() -> None:
    environment = gym_env("october-1917", faction="bolsheviks", opponents="random")
    environment.reset(seed=1)
    illegal = int(np.flatnonzero(environment.action_masks() == 0)[0])
    _, _, _, _, info = environment.step(illegal)
    assert info["illegal"] is True


@pytest.mark.parametrize("example", EXAMPLES[1:])
def test_the_documents_examples_run(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(example, {})
    assert "winner" in capsys.readouterr().out


def test_an_agent_of_ones_own_plays_by_its_spec() -> None:
    scenario = load_scenario("october-1917")
    agents = {f.id: make_agent("heuristic:plain", f.id, i) for i, f in enumerate(scenario.factions)}
    agents["bolsheviks"] = make_agent("test_env:MyAgent,temperature=0.5", "bolsheviks", 3)
    assert isinstance(agents["bolsheviks"], MyAgent) and agents["bolsheviks"].temperature == 0.5
    game = new_game(scenario, 2)
    assert play_out(game, agents) > 0 and game.is_over()
    config = BatchConfig("october-1917", games=1, jobs=1, agents={"bolsheviks": "test_env:MyAgent"}, progress=False)
    assert run_batch(config).completed == 1


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_such.module_here:Agent", "cannot import"),
        ("mctss:hard", "did you mean 'mcts'"),
        ("petrograd1917.env:Nothing", "no agent class"),
        ("petrograd1917.env", "name the agent class"),
    ],
)  # fmt: skip
def test_a_bad_plugged_spec_says_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(AgentSpecError, match=message):
        make_agent(spec, "bolsheviks", 0)
