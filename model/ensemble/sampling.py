"""Latin hypercube samples of the uncertain values, seeded: the same seed gives the same
samples on any machine and with any number of workers (they are drawn before any work
is handed out)."""

from __future__ import annotations

import math

import numpy as np

from model.io.uncertainty import Uncertain


def latin_hypercube(n: int, d: int, seed: int) -> np.ndarray:
    """n points in [0, 1)^d, one in each of the n equal strata of every dimension."""
    rng = np.random.default_rng(seed)
    strata = np.argsort(rng.random((d, n)), axis=1).T  # a random permutation per column
    return (strata + rng.random((n, d))) / n


def _triangular(q: float, low: float, mode: float, high: float) -> float:
    """The q-quantile of the triangular distribution on [low, high] with `mode`."""
    if high == low:
        return low
    split = (mode - low) / (high - low)
    if q < split:
        return low + math.sqrt(q * (high - low) * (mode - low))
    return high - math.sqrt((1 - q) * (high - low) * (high - mode))


def draw(uncertain: list[Uncertain], n: int, seed: int) -> np.ndarray:
    """n × len(uncertain) values: uniform between low and high, or triangular with the
    base value as mode, by Latin hypercube quantiles."""
    quantiles = latin_hypercube(n, len(uncertain), seed)
    values = np.empty_like(quantiles)
    for j, u in enumerate(uncertain):
        if u.distribution == "triangular":
            values[:, j] = [_triangular(q, u.low, u.base, u.high) for q in quantiles[:, j]]
        else:
            values[:, j] = u.low + quantiles[:, j] * (u.high - u.low)
    return values
