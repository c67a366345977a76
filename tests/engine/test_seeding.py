"""`seeding.generator(seed)` is numpy's `Generator(PCG64(seed))`: the same state and the same draws, for seeds of
one 32-bit word and of two (zero and the edges included), compiled and as plain Python alike."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917.engine.seeding import generator, seeded_state


def test_a_generator_is_the_one_numpy_seeds_from_the_same_number() -> None:
    rng = np.random.default_rng(11)
    edges = [0, 1, 2**32 - 1, 2**32, 2**32 + 1, 2**63 - 1]
    for seed in edges + rng.integers(2**63, size=1500).tolist() + rng.integers(2**32, size=300).tolist():
        mine, numpys = generator(seed), np.random.Generator(np.random.PCG64(seed))
        assert mine.bit_generator.state == numpys.bit_generator.state == seeded_state(seed), seed
        assert mine.integers(2**63, size=3).tolist() == numpys.integers(2**63, size=3).tolist(), seed


@pytest.mark.parametrize("seed", [-1, 2**63])
def test_a_seed_out_of_range_is_refused(seed: int) -> None:
    with pytest.raises(ValueError, match="2\\*\\*63"):
        generator(seed)
