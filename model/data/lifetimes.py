"""How long products stay in use (PATHWAY.md, "Lifetimes"): Weibull survival on the
mid-year convention, as the shares the cohort sums of a pathway multiply.

A tonne enters use, on average, at the start of its year; at age a (years after the
year it entered use) the share still in use at mid-year is s(a) = S(a + 1/2), cut at
a_max, the first whole a ≥ 1 with S(a + 1/2) ≤ 1e-4. What leaves use between the
middles of years t − 1 and t counts in year t: f(1) = 1 − s(1), f(a) = s(a − 1) − s(a)
for a ≥ 2, f(0) = 0, so that Σ f = 1 and Σ s ≈ the mean lifetime (the midpoint rule).
Plain numbers: no Pyomo, no files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

CUT = 1e-4  # S(a + 1/2) at or below this is read as nothing left in use
MAX_AGE = 10_000  # years: a mean and shape that reach further are refused by the reader


def survival(x: float, mean: float, shape: float) -> float:
    """S(x): the share of a tonne still in use x years after it entered use, Weibull with
    the given mean and shape (lambda = mean / Γ(1 + 1/shape)); for mean 0, S(x) = 0 at
    every x > 0."""
    if x <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    scale = mean / math.gamma(1.0 + 1.0 / shape)
    return math.exp(-((x / scale) ** shape))


@dataclass(frozen=True)
class Lifetime:
    """Stock and outflow shares of one lifetime variant, by age 0 … a_max."""

    stock: np.ndarray  # s(a), a = 0 … a_max (s(a_max) = 0)
    outflow: np.ndarray  # f(a), a = 0 … a_max (f(0) = 0)

    @property
    def max_age(self) -> int:
        """a_max: from this age on nothing is in use, and nothing more leaves it."""
        return len(self.stock) - 1

    @cached_property
    def _shares(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """s and f as plain floats: the cohort sums read them once per term."""
        return tuple(map(float, self.stock)), tuple(map(float, self.outflow))

    def s(self, age: int) -> float:
        stock = self._shares[0]
        return stock[age] if 0 <= age < len(stock) else 0.0

    def f(self, age: int) -> float:
        outflow = self._shares[1]
        return outflow[age] if 0 <= age < len(outflow) else 0.0


def lifetime(mean: float, shape: float) -> Lifetime:
    """The shares of a variant with this mean lifetime (years) and Weibull shape."""
    stock = [survival(0.5, mean, shape)]
    age = 1
    while True:
        share = survival(age + 0.5, mean, shape)
        if share <= CUT:
            stock.append(0.0)
            break
        if age >= MAX_AGE:
            raise ValueError(f"a lifetime of mean {mean:g} and shape {shape:g} never ends")
        stock.append(share)
        age += 1
    s = np.array(stock)
    f = np.zeros_like(s)
    f[1] = 1.0 - s[1]
    f[2:] = s[1:-1] - s[2:]
    return Lifetime(s, f)
