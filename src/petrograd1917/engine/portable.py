"""Elementary functions with the same bits on every CPU, so that a seed gives one game on every machine.

numpy picks a kernel for `exp`, `log`, `tanh` and `power` by the CPU it runs on (AVX-512, AVX2 or plain code), the
C library picks variants of `math.exp` and `**` by whether the CPU has fused multiply-add, and the BLAS behind `@`
picks its kernels (and with them the order of its sums) by CPU. Each is accurate, but their last bits differ
between machines, and a game turns one bit into a different game. The functions here use only operations IEEE 754
rounds exactly (+, -, *, /, comparisons, rounding to an integer, scaling by a power of two) in a fixed order, and
the sums numpy's `add.reduce` does in a fixed order. `exp` and `log` take a Python float or a float64 array, one
formula serving both; the `_value` forms take one float, for Python and compiled kernels alike. `exp` and `log` are
fdlibm's (Sun, 1993): range reduction and a polynomial, within 1 ulp.
"""

from __future__ import annotations

import math
from typing import Any, overload

import numpy as np

from petrograd1917.engine.compiled import helper
from petrograd1917.engine.index import FloatArray

_LN2_HI = 6.93147180369123816490e-01  # ln 2 in 32 bits: k * _LN2_HI is exact for every k an exponent can be
_LN2_LO = 1.90821492927058770002e-10  # ln 2 - _LN2_HI
_INV_LN2 = 1.44269504088896338700e00
_EXP_OVERFLOW = 7.09782712893383973096e02  # above it e ** x is past the largest float
_EXP_MAX = 710.0  # arrays are clamped to these, so that 2 ** k stays within ldexp's reach: e ** 710 is inf, and
_EXP_MIN = -746.0  # e ** -746 is 0
_SQRT_HALF = 0.7071067811865476


@overload
def exp(x: float) -> float: ...
@overload
def exp(x: FloatArray) -> FloatArray: ...
def exp(x: Any) -> Any:
    """e ** x, within 1 ulp (fdlibm's e_exp): x = k ln 2 + r with |r| <= ln 2 / 2, e ** r from a rational
    approximation, scaled by 2 ** k."""
    if isinstance(x, float):
        return exp_value(x)
    x = np.minimum(np.maximum(x, _EXP_MIN), _EXP_MAX)
    kd = np.rint(x * _INV_LN2)
    return np.ldexp(_exp_reduced(x, kd), kd.astype(np.int64))


@helper
def exp_value(x: float) -> float:
    """`exp` of one float, for Python callers and compiled kernels alike."""
    if x > _EXP_OVERFLOW:
        return math.inf  # (math.ldexp would raise)
    if x < _EXP_MIN:
        x = _EXP_MIN
    k = round(x * _INV_LN2)
    return math.ldexp(_exp_reduced(x, k), k)


@helper
def _exp_reduced(x: Any, k: Any) -> Any:
    """e ** (x - k ln 2), for x - k ln 2 within ln 2 / 2 (floats or arrays alike: operators only)."""
    hi = x - k * _LN2_HI
    lo = k * _LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (
        1.66666666666666019037e-01
        + t
        * (
            -2.77777777770155933842e-03
            + t * (6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))
        )
    )
    return 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)


@overload
def log(x: float) -> float: ...
@overload
def log(x: FloatArray) -> FloatArray: ...
def log(x: Any) -> Any:
    """The natural logarithm of x > 0, within 1 ulp (fdlibm's e_log); -inf at 0. x = 2 ** k (1 + f) with
    1 + f in [sqrt(1/2), sqrt(2)); log(1 + f) from s = f / (2 + f) and a polynomial in s ** 2."""
    if isinstance(x, float):
        return log_value(x)
    m, e = np.frexp(np.maximum(x, 5e-324))  # 0 is handled at the end: frexp's mantissa of 0 is 0
    low = m < _SQRT_HALF
    m = np.where(low, m + m, m)
    result: FloatArray = _log_reduced(m - 1.0, e.astype(np.float64) - low)
    return np.where(x == 0.0, -np.inf, result)


@helper
def log_value(x: float) -> float:
    """`log` of one float, for Python callers and compiled kernels alike."""
    if x == 0.0:
        return -math.inf
    m, k = math.frexp(x)
    if m < _SQRT_HALF:
        m, k = m + m, k - 1
    result: float = _log_reduced(m - 1.0, float(k))
    return result


@helper
def _log_reduced(f: Any, k: Any) -> Any:
    """log(2 ** k (1 + f)) for 1 + f in [sqrt(1/2), sqrt(2)) (floats or arrays alike: operators only)."""
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01))
    t2 = z * (
        6.666666666666735130e-01
        + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01))
    )
    hfsq = 0.5 * f * f
    return k * _LN2_HI - ((hfsq - (s * (hfsq + (t1 + t2)) + k * _LN2_LO)) - f)


@helper
def power_value(base: float, exponent: float) -> float:
    """base ** exponent for base >= 0 and exponent > 0. A whole number of eighths up to 8 (in days: a turn of any
    number of 3 hours, up to 8 days) is the base's square roots and powers multiplied, each step rounded exactly,
    within 3 ulp. Other exponents go through e ** (exponent log base): within a few ulp where |exponent log base| is
    a few units (the logarithm's error grows with it). For Python callers and compiled kernels alike."""
    eighths = exponent * 8.0
    if not (0.0 < eighths <= 64.0 and eighths == round(eighths)):
        return exp_value(exponent * log_value(base))
    whole, part = divmod(round(eighths), 8)
    result = 1.0
    started = whole > 0  # the first factor is taken as it is: 1.0 * x is x, but the first product is not rounded
    for count in range(whole):
        result = base if count == 0 else result * base
    root, bit = base, 4
    while part:
        root = math.sqrt(root)
        if part & bit:
            result = result * root if started else root
            started = True
            part -= bit
        bit //= 2
    return result


def dot(a: FloatArray, b: FloatArray) -> float:
    """The dot product of two vectors: the products rounded one by one and summed pairwise, as `np.add.reduce` sums
    (numpy's `@` hands it to a BLAS kernel chosen by CPU, with its own order of sums)."""
    return float(_total(a * b))


def matvec(matrix: FloatArray, other: FloatArray) -> FloatArray:
    """matrix @ other for a vector [M] or a matrix [M, K] of columns, summed in numpy's fixed orders (a row's
    products pairwise; a column's products in turn) instead of by a BLAS kernel."""
    if other.ndim == 1:
        return _total(matrix * other, axis=1)  # type: ignore[no-any-return]
    return _total(matrix[:, :, None] * other[None, :, :], axis=1)  # type: ignore[no-any-return]


_total = np.add.reduce  # `ndarray.sum` without its Python wrapper: the same reduction, the same bits
