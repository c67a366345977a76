"""Bradley–Terry ratings from who beat whom, on the Elo scale, with 95% bootstrap intervals.

The model: agent i beats agent j with probability 1 / (1 + 10^((r_j - r_i) / 400)), r in Elo points (400 points
apart: 10 to 1 odds). The ratings maximise the likelihood of the results times a weak normal prior on each rating
(mean 0, standard deviation PRIOR_SD points): the prior puts the scale's zero at the agents' mean and keeps the
rating of an agent that never lost finite; with a few dozen games its pull is a point or two.

Each 95% interval is the wider of two: the curvature of the fit at its peak (which knows that a few games say
little, even when one agent won them all), and the spread of the fit over resamples of whole games (which knows
that the several results a four-faction game yields came together, not as independent games).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from petrograd1917.batch.stats import Z95

ELO = 400 / math.log(10)  # Elo points per unit of log-odds
PRIOR_SD = 400.0
RESAMPLES = 1000
BOOTSTRAP_SEED = 1917  # fixed: the same results always print the same intervals


@dataclass(frozen=True, slots=True)
class Rating:
    agent: str
    rating: float  # Elo points; the agents' mean is 0
    low: float  # 95% interval
    high: float


def fit(wins: np.ndarray, prior_sd: float | None = PRIOR_SD, iterations: int = 100) -> np.ndarray:
    """Ratings in Elo points from `wins[i, j]`, how often agent i beat agent j (draws count half to each).

    Newton's method on the log posterior (concave: it converges from zero). Without a prior the ratings are the
    plain maximum-likelihood ones, shifted to mean 0; they exist only when every agent both won and lost."""
    theta = np.zeros(wins.shape[0])
    precision = 0.0 if prior_sd is None else (ELO / prior_sd) ** 2
    for _ in range(iterations):
        chances, information = _information(wins, theta, precision)
        gradient = (wins - (wins + wins.T) * chances).sum(axis=1) - precision * theta
        step = np.linalg.lstsq(information, gradient, rcond=None)[0]
        theta = theta + step
        theta -= theta.mean()
        if np.abs(step).max() < 1e-12:
            break
    return theta * ELO


def _information(wins: np.ndarray, theta: np.ndarray, precision: float) -> tuple[np.ndarray, np.ndarray]:
    """(P(i beats j), minus the log posterior's Hessian) at log-strengths `theta`."""
    chances = 1.0 / (1.0 + np.exp(theta[None, :] - theta[:, None]))
    weights = (wins + wins.T) * chances * chances.T
    return chances, np.diag(weights.sum(axis=1) + precision) - weights


def bradley_terry(
    agents: Sequence[str],
    per_game: np.ndarray,
    prior_sd: float = PRIOR_SD,
    resamples: int = RESAMPLES,
) -> list[Rating]:
    """Ratings with 95% intervals; `per_game[g]` is game g's wins matrix (one row and column per agent)."""
    wins = per_game.sum(axis=0)
    ratings = fit(wins, prior_sd)
    half = Z95 * curvature_sd(wins, ratings, prior_sd)
    low, high = ratings - half, ratings + half
    count = per_game.shape[0]
    if count:
        rng = np.random.default_rng(BOOTSTRAP_SEED)
        weights = rng.multinomial(count, np.full(count, 1 / count), size=resamples)
        spread = np.array([fit(np.tensordot(w, per_game, 1), prior_sd) for w in weights])
        low = np.minimum(low, np.percentile(spread, 2.5, axis=0))
        high = np.maximum(high, np.percentile(spread, 97.5, axis=0))
    return [Rating(a, float(r), float(lo), float(hi)) for a, r, lo, hi in zip(agents, ratings, low, high, strict=True)]


def curvature_sd(wins: np.ndarray, ratings: np.ndarray, prior_sd: float) -> np.ndarray:
    """Standard errors (Elo points) of the ratings from the log posterior's curvature at `ratings`, given that
    they sum to zero (the prior alone decides their mean, so that share of its spread is taken out)."""
    precision = (ELO / prior_sd) ** 2
    count = len(ratings)
    mean_part = precision * np.full((count, count), 1.0 / count)  # the prior's hold on the mean, not on the gaps
    covariance = np.linalg.pinv(_information(wins, ratings / ELO, precision)[1] - mean_part)
    spread: np.ndarray = np.sqrt(np.clip(np.diag(covariance), 0.0, None)) * ELO
    return spread
