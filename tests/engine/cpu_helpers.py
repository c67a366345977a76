"""What the same-game-on-every-CPU test runs twice, here and in a process whose numpy, BLAS and C library are told
to use other kernels (or whose engine runs its compiled kernels as plain Python): seeded games of both scenarios,
probes of the kernels the engine gave up, and probes of what it relies on.

Run as a script, it prints both as JSON.
"""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.value import features, leaf_values
from petrograd1917.engine.compiled import COMPILED
from petrograd1917.engine.portable import exp, log, matvec, power_value

GAMES = [(scenario, seed) for scenario in ("february-1917", "october-1917") for seed in range(4)]
AGENT_GAMES = [("february-1917", 0, "mcts:easy"), ("october-1917", 1, "mcts:easy")]  # first seat searched


def seeded_games() -> list[str]:
    """The final state hash of each of GAMES, played to the end by uniformly random legal orders."""
    hashes = []
    for name, seed in GAMES:
        game = new_game(load_scenario(name), seed)
        chooser = np.random.default_rng(seed + 1000)
        while not game.is_over():
            actions = game.legal_actions()
            game.apply(actions[int(chooser.integers(len(actions)))])
        hashes.append(game.state_hash())
    return hashes


def agent_games() -> list[str]:
    """The final state hash of each of AGENT_GAMES, its first faction played by the agent named and the others by
    the heuristic: the computer players' own arithmetic (their values, priors and search) must not depend on the
    CPU either."""
    hashes = []
    for name, seed, spec in AGENT_GAMES:
        scenario = load_scenario(name)
        game = new_game(scenario, seed)
        agents = {
            f.id: make_agent(spec if i == 0 else "heuristic", f.id, seed + i) for i, f in enumerate(scenario.factions)
        }
        while not game.is_over():
            game.apply(agents[game.current_faction].choose_action(game))
        hashes.append(game.state_hash())
    return hashes


def _powers(values: np.ndarray, exponent: float) -> np.ndarray:
    return np.array([power_value(v, exponent) for v in values.tolist()])


def ai_probes() -> str:
    """The bits of the computer players' position values (the features and the leaf values the search scores by)
    after every order of seeded random games: a game can go another way on the last bit of one of them."""
    chunks = []
    for name, seed in GAMES[::2]:
        game = new_game(load_scenario(name), seed)
        chooser = np.random.default_rng(seed + 2000)
        while not game.is_over():
            actions = game.legal_actions()
            game.apply(actions[int(chooser.integers(len(actions)))])
            chunks += [features(game).tobytes(), leaf_values(game).tobytes()]
    return hashlib.sha256(b"".join(chunks)).hexdigest()[:16]


def kernel_probes() -> dict[str, str]:
    """The bits of the CPU-dependent functions the engine no longer uses, over many arguments: they tell whether the
    other process really ran other kernels."""
    x = np.linspace(-40.0, 0.0, 100_001)
    share = np.linspace(0.0, 1.0, 100_001)
    matrix = np.random.default_rng(1).random((40, 40))
    vector = np.random.default_rng(2).random(40)
    results = {
        "np.exp": np.exp(x),
        "np.tanh": np.tanh(x / 6.0),
        "np.power": np.power(share, 1.0 / 3.0),
        "np.log": np.log(share[1:]),
        "blas": np.concatenate([matrix @ vector, [matrix[:, 0] @ vector]]),
        "math.exp": np.array([math.exp(v) for v in x[::10]]),
    }
    return {name: hashlib.sha256(values.tobytes()).hexdigest()[:16] for name, values in results.items()}


def exact_probes() -> dict[str, str]:
    """The bits of what the engine relies on being the same everywhere: numpy's sums (pairwise, along either axis,
    weighted counts), elementwise arithmetic and square roots, and the portable functions, over many lengths."""
    rng = np.random.default_rng(3)
    parts: dict[str, list[bytes]] = {"sums": [], "arithmetic": [], "portable": []}
    for n in (1, 7, 8, 9, 15, 16, 17, 100, 127, 128, 129, 257, 1000, 4097, 100_000):
        u = rng.uniform(0.0, 1.0, n)
        values = rng.normal(0.0, 1e4, n) * (u * u * u * u * u * u)  # wide magnitudes, so the order of a sum shows
        grid = rng.normal(0.0, 1.0, (n % 50 + 3, n % 37 + 5))
        weights = np.bincount(rng.integers(0, 5, n), weights=values, minlength=5)
        parts["sums"] += [np.add.reduce(values).tobytes(), grid.sum(axis=0).tobytes(), grid.sum(axis=1).tobytes()]
        parts["sums"].append(weights.tobytes())
        parts["arithmetic"] += [(values * u + u / (values + 3.0)).tobytes(), np.sqrt(np.abs(values)).tobytes()]
        parts["portable"] += [exp(-50.0 * u).tobytes(), log(u).tobytes(), _powers(u, 1 / 3).tobytes()]
        parts["portable"].append(matvec(grid, rng.random(grid.shape[1])).tobytes())
    return {name: hashlib.sha256(b"".join(chunks)).hexdigest()[:16] for name, chunks in parts.items()}


if __name__ == "__main__":
    print(
        json.dumps(
            {
                "games": seeded_games(),
                "agents": agent_games(),
                "ai": ai_probes(),
                "probes": kernel_probes(),
                "exact": exact_probes(),
                "compiled": COMPILED,
            }
        )
    )
