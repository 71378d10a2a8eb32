"""How long products stay in use (PATHWAY.md, "Lifetimes"): Weibull survival on the
mid-year convention, as the shares the cohort sums of a pathway multiply.

A tonne enters use, on average, at the start of its year; at age a (years after the
year it entered use) the share still in use at mid-year is s(a) = S(a + 1/2), cut at
a_max, the first whole a ≥ 1 with S(a + 1/2) ≤ 1e-4. What leaves use between the
middles of years t − 1 and t counts in year t: f(1) = 1 − s(1), f(a) = s(a − 1) − s(a)
for a ≥ 2, f(0) = 0, so that Σ f = 1 and Σ s ≈ the mean lifetime (the midpoint rule).

A product is followed for at most MAX_AGE years: a lifetime whose survival is still
above the cut at that age (`ends_in_time` is False: a mean of 10,000 years, or a small
shape's long tail) is refused by the reader, located at the cell that makes it
(docs/decisions.md, "Accepted ranges"). Any positive shape and mean give S a number,
never an overflow. Plain numbers: no Pyomo, no files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

CUT = 1e-4  # S(a + 1/2) at or below this is read as nothing left in use
MAX_AGE = 1_000  # years: a mean and shape that reach further are refused by the reader
_LOG_CUT = math.log(-math.log(CUT))  # log of (x / lambda)^shape where S(x) = CUT


def survival(x: float, mean: float, shape: float, scale: float | None = None) -> float:
    """S(x): the share of a tonne still in use x years after it entered use, Weibull with
    the given mean and shape (lambda = mean / Γ(1 + 1/shape), or `scale` where the caller
    worked it out: `weibull_scale`); for mean 0, S(x) = 0 at every x > 0. Where
    (x / lambda)^shape is too large for a float (a shape of 10,000, a mean of 1e-300), S
    is 0, not an OverflowError; where lambda is (a shape below 0.006), it is worked out in
    logarithms."""
    if x <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    try:
        if scale is None:
            scale = mean / math.gamma(1.0 + 1.0 / shape)
        power = (x / scale) ** shape
    except (OverflowError, ZeroDivisionError):
        log_power = shape * (math.log(x) - _log_scale(mean, shape))
        if log_power > 700.0:  # (x / lambda)^shape > e^700: S < e^−1e304
            return 0.0
        power = math.exp(log_power)
    return math.exp(-power)


def weibull_scale(mean: float, shape: float) -> float | None:
    """lambda = mean / Γ(1 + 1/shape) for `survival`, worked out once for many ages; None
    where it is not a plain float (survival then works it out in logarithms)."""
    if mean <= 0:
        return None
    try:
        return mean / math.gamma(1.0 + 1.0 / shape)
    except (OverflowError, ZeroDivisionError):
        return None


def _log_scale(mean: float, shape: float) -> float:
    """ln lambda = ln mean − ln Γ(1 + 1/shape)."""
    return math.log(mean) - math.lgamma(1.0 + 1.0 / shape)


def ends_in_time(mean: float, shape: float) -> bool:
    """True when S(a + 1/2) falls to the cut by a = MAX_AGE: the lifetime can be followed
    (`lifetime` gives its shares)."""
    return survival(MAX_AGE + 0.5, mean, shape) <= CUT


def longest_mean(shape: float) -> float:
    """The largest mean lifetime of this shape whose survival falls to the cut within
    MAX_AGE years (S(MAX_AGE + 1/2) = CUT at lambda = (MAX_AGE + 1/2) / (−ln CUT)^(1/k)),
    rounded down to four significant digits: what a message proposes, and accepted."""
    log_mean = math.log(MAX_AGE + 0.5) - _LOG_CUT / shape + math.lgamma(1.0 + 1.0 / shape)
    step = 10.0 ** (math.floor(log_mean / math.log(10)) - 3)
    return math.floor(math.exp(log_mean) / step) * step


class Run:
    """The cohorts c of a sum over cohorts in year t (Σ_c share(t − c) · variable_c),
    oldest first: the ages a with a nonzero share, from the oldest down, and their
    shares; `start(d)` is where the ages a ≤ d begin (d = t − t0: no cohort before t0).
    The same run serves every year: the cohorts of year t are t − ages[start(t − t0):].
    Where no age in between has a zero share (the usual case) the ages are not stored
    and the shares are a view of the lifetime's own."""

    __slots__ = ("_ages", "_numbers", "_oldest", "_starts", "shares", "size")

    def __init__(self, shares: np.ndarray, oldest: int, ages: np.ndarray | None = None):
        """`shares` (float64) at the ages `ages` (int64, descending), or, without
        `ages`, at the ages oldest, oldest − 1, … (as many as there are shares)."""
        self.shares = shares
        self.size = len(shares)
        self._numbers: tuple[list[int], list[float]] | None = None
        self._oldest = oldest
        self._ages = ages
        if ages is None:
            self._starts = None  # start(d) = oldest − d, within 0 … size
        else:  # start(d) for d = 0 … oldest: the number of ages above d
            above = len(ages) - np.searchsorted(ages[::-1], np.arange(oldest + 1), side="right")
            self._starts = above.tolist()

    @property
    def ages(self) -> np.ndarray:
        """The ages, int64, descending."""
        if self._ages is not None:
            return self._ages
        return np.arange(self._oldest, self._oldest - self.size, -1, dtype=np.int64)

    @property
    def numbers(self) -> tuple[list[int], list[float]]:
        """The ages and shares as Python numbers (worked out where terms are read)."""
        if self._numbers is None:
            self._numbers = (self.ages.tolist(), self.shares.tolist())
        return self._numbers

    @classmethod
    def of(cls, shares: np.ndarray, first_age: int) -> Run:
        """The run of shares[k], the share at age first_age + k."""
        nonzero = np.flatnonzero(shares)
        if not len(nonzero):
            return cls(np.zeros(0), -1)
        first, last = int(nonzero[0]), int(nonzero[-1])
        if last - first + 1 == len(nonzero):  # none missing: a view, oldest first
            view = shares[last : None if first == 0 else first - 1 : -1]
            return cls(view.astype(np.float64, copy=False), last + first_age)
        ages = nonzero[::-1]
        return cls(shares[ages].astype(np.float64), last + first_age, ages + first_age)

    def __len__(self) -> int:
        return self.size

    def start(self, d: int) -> int:
        starts = self._starts
        if starts is None:
            return max(min(self.size, self._oldest - d), 0)
        return starts[d] if d < len(starts) else 0


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

    @cached_property
    def stock_run(self) -> Run:
        """The cohorts of a stock sum: ages a = a_max − 1 … 0 with s(a) ≠ 0."""
        return Run.of(self.stock[:-1], first_age=0)

    @cached_property
    def outflow_run(self) -> Run:
        """The cohorts of an outflow sum: ages a = a_max … 1 with f(a) ≠ 0."""
        return Run.of(self.outflow[1:], first_age=1)

    def s(self, age: int) -> float:
        stock = self._shares[0]
        return stock[age] if 0 <= age < len(stock) else 0.0

    def f(self, age: int) -> float:
        outflow = self._shares[1]
        return outflow[age] if 0 <= age < len(outflow) else 0.0


def lifetime(mean: float, shape: float) -> Lifetime:
    """The shares of a variant with this mean lifetime (years) and Weibull shape."""
    scale = weibull_scale(mean, shape)
    stock = [survival(0.5, mean, shape, scale)]
    age = 1
    while True:
        share = survival(age + 0.5, mean, shape, scale)
        if share <= CUT:
            stock.append(0.0)
            break
        if age >= MAX_AGE:  # the reader refuses these (`ends_in_time`)
            raise ValueError(
                f"a lifetime of mean {mean:g} and shape {shape:g} lasts beyond {MAX_AGE} years"
            )
        stock.append(share)
        age += 1
    s = np.array(stock)
    f = np.zeros_like(s)
    f[1] = 1.0 - s[1]
    f[2:] = s[1:-1] - s[2:]
    return Lifetime(s, f)
