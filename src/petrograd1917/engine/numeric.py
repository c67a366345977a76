"""Small vectorised helpers the dynamics share: a normal CDF (numpy has no erf) and shifts that keep shares valid."""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.index import FloatArray

# Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, plenty for thresholds drawn from a spread of people.
_P = 0.3275911
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def normal_cdf(x: FloatArray) -> FloatArray:
    """Share of a standard normal population below `x`, elementwise."""
    z = np.abs(x) * (1.0 / np.sqrt(2.0))
    t = 1.0 / (1.0 + _P * z)
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    erf = 1.0 - poly * np.exp(-z * z)
    result: FloatArray = 0.5 * (1.0 + np.sign(x) * erf)
    return result


def add_share(rows: FloatArray, row: int, column: int, amount: float) -> None:
    """Add `amount` to one share of a row of shares (influence, loyalty), keeping it in [0, 1] and the row's sum
    at most 1 by scaling the other shares down proportionally: a gain for one faction is a loss for the others."""
    values = rows[row]
    new = min(1.0, max(0.0, float(values[column]) + amount))
    values[column] = 0.0
    others = float(values.sum())
    if others > 1.0 - new and others > 0.0:
        values *= (1.0 - new) / others
    values[column] = new


def mix_rows(rows: FloatArray, weight: FloatArray, target: FloatArray) -> None:
    """In place: each row moves a share `weight` (per row, in [0, 1]) of the way to `target` (a row, or one row
    each). A convex mix of two rows whose sums are at most 1 keeps that sum at most 1."""
    w = weight[:, None]
    rows *= 1.0 - w
    rows += w * target
