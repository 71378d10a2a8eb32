"""Values that change over the years (PATHWAY.md, "Years and values that change over
time"): the rule that turns the rows of the `paths` sheet into a value for every year.

Where a (parameter, item) has rows, they define it entirely: linear interpolation
between the two nearest given years, and the nearest given value before the first and
after the last given year (a step is two adjacent years: 2030 → 0, 2031 → 0.16). Where
it has none, the base value of its sheet holds in every year. Plain numbers.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping


def at_year(points: Mapping[int, float], year: int) -> float:
    """The value in `year` of a path given at `points` (year → value; at least one)."""
    years = sorted(points)
    if year <= years[0]:
        return points[years[0]]
    if year >= years[-1]:
        return points[years[-1]]
    right = bisect_left(years, year)
    if years[right] == year:
        return points[year]
    y0, y1 = years[right - 1], years[right]
    v0, v1 = points[y0], points[y1]
    return v0 + (v1 - v0) * (year - y0) / (y1 - y0)


def series(points: Mapping[int, float] | None, years, base: float | None) -> list:
    """The value in each of `years`: the path where there is one, else `base`."""
    if not points:
        return [base for _ in years]
    return [at_year(points, year) for year in years]
