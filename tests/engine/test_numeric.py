"""The plain-Python helpers the phases use in place of numpy calls give numpy's exact bits."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917.engine.numeric import array_sum


@pytest.mark.parametrize("n", [0, 1, 2, 7, 8, 9, 14, 15, 16, 17, 38, 127, 128, 129, 140, 257, 380, 1031])
def test_array_sum_has_numpys_bits(n: int) -> None:
    rng = np.random.default_rng(n)
    for trial in range(40):
        values = rng.normal(0.0, 1e4, n) * rng.uniform(0.0, 1.0, n) ** 6  # wide magnitudes: the order shows
        if trial % 4 == 0:
            values[rng.random(n) < 0.5] = -0.0
        assert array_sum(values.tolist()).hex() == float(np.add.reduce(values)).hex()


def test_array_sum_of_negative_zeros_is_zero() -> None:
    assert str(array_sum([-0.0, -0.0])) == "0.0" == str(float(np.add.reduce(np.array([-0.0, -0.0]))))
