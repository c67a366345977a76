"""The portable exponential, logarithm and power are as accurate as numpy's over the ranges the engine uses, the
exponential and logarithm give the same bits for a Python float as for an array, and all handle the ends of their
ranges; the portable sums are the products summed in numpy's fixed orders."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.numeric import normal_cdf, per_turn_value
from petrograd1917.engine.portable import dot, exp, log, matvec, power_value


def _ulps(found: FloatArray, expected: FloatArray) -> FloatArray:
    """How many units in the last place of `expected` the two differ by."""
    return np.abs(found - expected) / np.spacing(np.abs(expected))


def _same_bits_as_floats(function: object, values: FloatArray, *args: float) -> None:
    """The Python-float path gives exactly the array path's bits."""
    array = function(values, *args)  # type: ignore[operator]
    one_by_one = np.array([function(float(v), *args) for v in values[:2000]])  # type: ignore[operator]
    assert one_by_one.tobytes() == array[:2000].tobytes()


# The engine's exponents: Epstein's risk (-k x force / crowd, from 0 down to a few hundred), the normal curve's
# logistic (-|2c (x + 0.044715 x^3)|, anything below 0), and room either side.
@pytest.mark.parametrize(("low", "high"), [(-745.0, -700.0), (-60.0, 0.0), (-1.0, 0.0), (-5.0, 5.0), (0.0, 709.7)])
def test_exp_is_within_one_ulp_of_numpys(low: float, high: float) -> None:
    x = np.random.default_rng(int(high - low)).uniform(low, high, 200_000)
    found, expected = exp(x), np.exp(x)
    assert _ulps(found, expected).max() <= 1.0
    assert np.mean(found == expected) > 0.8  # numpy is within 1 ulp of e ** x too: mostly they agree exactly
    _same_bits_as_floats(exp, x)


def test_exp_at_the_ends() -> None:
    assert exp(0.0) == 1.0 and exp(-math.inf) == 0.0 and exp(math.inf) == math.inf
    assert abs(exp(1.0) - math.e) <= math.ulp(math.e)
    assert exp(709.78) == np.exp(709.78) and exp(709.79) == math.inf and exp(-745.2) == 0.0 < exp(-745.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow, as np.exp warns of it
        ends = exp(np.array([0.0, -np.inf, np.inf, 1000.0, -1000.0, -745.0]))
    assert ends.tolist() == [1.0, 0.0, np.inf, np.inf, 0.0, 5e-324]


@pytest.mark.parametrize(("low", "high"), [(1e-300, 1e-8), (1e-6, 1.0), (0.5, 2.0), (1.0, 1e6)])
def test_log_is_within_one_ulp_of_numpys(low: float, high: float) -> None:
    x = np.exp(np.random.default_rng(7).uniform(math.log(low), math.log(high), 200_000))
    assert _ulps(log(x), np.log(x)).max() <= 1.0
    _same_bits_as_floats(log, x)


def test_log_at_the_ends() -> None:
    assert log(1.0) == 0.0 and log(0.0) == -math.inf and log(2.0) == math.log(2.0)
    assert log(np.array([0.0, 1.0, 5e-324])).tolist() == [-np.inf, 0.0, math.log(5e-324)]


def _power(base: FloatArray, days: float) -> FloatArray:
    return np.array([power_value(b, days) for b in base.tolist()])


# The engine's powers: (1 - a daily rate) ** (a turn's days). Turns of 3, 6, 9, 12, 18 hours and two days take
# square roots; 8 hours and 0.3 of a day the exponential of the logarithm.
@pytest.mark.parametrize("days", [0.125, 0.25, 0.375, 0.5, 0.75, 2.0, 1 / 3, 0.3])
def test_power_is_within_a_few_ulp_of_numpys(days: float) -> None:
    base = np.random.default_rng(3).uniform(0.0, 1.0, 20_000)
    found, expected = _power(base, days), np.power(base, days)
    # The logarithm's error is carried by the exponent: it grows with |days x log(base)|.
    assert (_ulps(found, expected) <= 3.0 + 1.5 * np.abs(days * np.log(base))).all()
    usual = base > 0.3  # the rates the rules give (below 0.7)
    assert _ulps(found[usual], expected[usual]).max() <= 3.0


def test_power_at_the_ends() -> None:
    assert power_value(0.0, 0.5) == 0.0 and power_value(1.0, 0.25) == 1.0 and power_value(0.0, 1 / 3) == 0.0
    assert power_value(0.25, 0.5) == 0.5
    base = np.random.default_rng(5).uniform(0.0, 1.0, 1000)
    assert _power(base, 0.5).tobytes() == np.sqrt(base).tobytes()  # a half day: the square root, rounded once
    assert _power(base, 2.0).tobytes() == (base * base).tobytes()


def test_per_turn_compounds_as_before() -> None:
    rates = np.array([0.0, 0.1, 0.3, 0.5, 0.99, 1.0])
    for days in (0.25, 0.5, 2.0):
        turned = np.array([per_turn_value(r, days) for r in rates.tolist()])
        assert turned == pytest.approx(1.0 - (1.0 - rates) ** days, rel=1e-15, abs=1e-16)
    assert per_turn_value(0.3, 1.0) == 0.3  # a day's turn: the rate itself
    two_halves = 1.0 - (1.0 - per_turn_value(0.3, 0.5)) ** 2
    assert two_halves == pytest.approx(0.3, rel=1e-15)


def test_normal_cdf_is_pages_curve_and_never_overflows() -> None:
    x = np.linspace(-40.0, 40.0, 8001)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow at either end
        found = np.array([normal_cdf(v) for v in x.tolist()])
    truth = np.array([0.5 * math.erfc(-v / math.sqrt(2.0)) for v in x])
    assert np.abs(found - truth).max() < 2e-4  # Page's approximation
    assert (np.diff(found) >= 0.0).all() and found[0] == 0.0 and found[-1] == 1.0
    assert normal_cdf(0.0) == 0.5


def test_dot_and_matvec_sum_the_products_in_numpys_fixed_orders() -> None:
    rng = np.random.default_rng(11)
    matrix = np.where(rng.random((14, 14)) < 0.3, 1.0, 0.0)
    vector, columns = rng.uniform(0.0, 5e4, 14), rng.uniform(0.0, 1.0, (14, 4))
    assert matvec(matrix, vector).tobytes() == np.add.reduce(matrix * vector, axis=1).tobytes()
    assert matvec(matrix, vector) == pytest.approx(matrix @ vector, rel=1e-14)
    by_column = np.zeros((14, 4))
    for j in range(14):  # a column's products added in turn, from 0
        by_column += matrix[:, j : j + 1] * columns[j]
    assert matvec(matrix, columns).tobytes() == by_column.tobytes()
    share, people = rng.random(40), rng.uniform(1e3, 1e5, 40)
    assert dot(share, people) == float(np.add.reduce(share * people)) == pytest.approx(share @ people, rel=1e-14)
