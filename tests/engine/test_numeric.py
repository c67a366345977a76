"""The plain-Python helpers the phases use in place of numpy calls give numpy's exact bits."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.numeric import add_share, add_share_rows, array_sum, at_least, at_most


@pytest.mark.parametrize("n", [0, 1, 2, 7, 8, 9, 14, 15, 16, 17, 38, 127, 128, 129, 140, 257, 380, 1031])
def test_array_sum_has_numpys_bits(n: int) -> None:
    rng = np.random.default_rng(n)
    for trial in range(40):
        values = rng.normal(0.0, 1e4, n) * rng.uniform(0.0, 1.0, n) ** 6  # wide magnitudes: the order shows
        if trial % 4 == 0:
            values[rng.random(n) < 0.5] = -0.0
        assert array_sum(values.tolist()).hex() == float(np.add.reduce(values)).hex()


@kernel
def _sum_in_a_kernel(values: FloatArray) -> float:
    return array_sum(values)


@pytest.mark.parametrize("n", [0, 3, 8, 129, 380, 1031])
def test_array_sum_in_a_kernel_has_numpys_bits(n: int) -> None:
    values = np.random.default_rng(n).normal(0.0, 1e4, n) * np.random.default_rng(n + 1).uniform(0.0, 1.0, n) ** 6
    assert _sum_in_a_kernel(values).hex() == float(np.add.reduce(values)).hex()


_EDGES = [-0.0, 0.0, 1.0, -1.0, 1e-12, 0.5]


@pytest.mark.parametrize("a", _EDGES)
@pytest.mark.parametrize("b", _EDGES)
def test_at_least_and_at_most_are_numpys_maximum_and_minimum(a: float, b: float) -> None:
    assert at_least(a, b).hex() == float(np.maximum(a, b)).hex()  # a tie gives the second: -0.0 against 0.0
    assert at_most(a, b).hex() == float(np.minimum(a, b)).hex()


def test_array_sum_of_negative_zeros_is_zero() -> None:
    assert str(array_sum([-0.0, -0.0])) == "0.0" == str(float(np.add.reduce(np.array([-0.0, -0.0]))))


def _add_share_numpy(rows: FloatArray, row: int, column: int, amount: float) -> None:
    """The numpy form `add_share` replaced: the reference for its bits."""
    values = rows[row]
    new = min(1.0, max(0.0, float(values[column]) + amount))
    values[column] = 0.0
    others = float(values.sum())
    if others > 1.0 - new and others > 0.0:
        values *= (1.0 - new) / others
    values[column] = new


@pytest.mark.parametrize("n_f", [1, 2, 4, 9])
def test_add_share_gives_the_numpy_forms_bits(n_f: int) -> None:
    rng = np.random.default_rng(n_f)
    for _ in range(500):
        rows = rng.dirichlet(np.ones(n_f + 1), 3)[:, :n_f] * rng.uniform(0.5, 1.2)
        rows[rng.random(rows.shape) < 0.2] = 0.0
        row, column, amount = int(rng.integers(3)), int(rng.integers(n_f)), float(rng.normal(0.0, 0.4))
        expected, found = rows.copy(), rows.copy()
        _add_share_numpy(expected, row, column, amount)
        add_share(found, row, column, amount)
        assert expected.tobytes() == found.tobytes()


@pytest.mark.parametrize("n_f", [1, 4])
def test_add_share_rows_adds_to_each_row_of_its_range_as_add_share_does(n_f: int) -> None:
    rng = np.random.default_rng(10 + n_f)
    for _ in range(200):
        rows = rng.dirichlet(np.ones(n_f + 1), 6)[:, :n_f] * rng.uniform(0.5, 1.2)
        rows[rng.random(rows.shape) < 0.2] = 0.0
        first, end = sorted(int(x) for x in rng.integers(0, 7, 2))
        column, amount = int(rng.integers(n_f)), float(rng.normal(0.0, 0.4))
        expected, found = rows.copy(), rows.copy()
        for row in range(first, end):
            _add_share_numpy(expected, row, column, amount)
        add_share_rows(found, first, end, column, amount)
        assert expected.tobytes() == found.tobytes()
