"""The interpolation rule of the paths sheet (PATHWAY.md), on values worked out by hand."""

from __future__ import annotations

import pytest

from model.data.paths import at_year, series

BATTERIES = {2010: 500, 2015: 5000, 2020: 30000, 2023: 43000, 2025: 55000, 2030: 100000}
COBALT = {2030: 0.0, 2031: 0.16, 2035: 0.16, 2036: 0.26}


def test_linear_between_the_two_nearest_given_years():
    """2012 lies 2/5 of the way from 2010 (500 t) to 2015 (5,000 t): 2,300 t; 2024 lies
    halfway from 2023 (43,000) to 2025 (55,000): 49,000 t; a given year is itself."""
    assert at_year(BATTERIES, 2012) == pytest.approx(2300.0)
    assert at_year(BATTERIES, 2024) == pytest.approx(49000.0)
    assert at_year(BATTERIES, 2020) == 30000


def test_the_nearest_given_value_beyond_the_ends():
    """Before 2010 the 2010 value, after 2030 the 2030 value (flat, not extrapolated)."""
    assert at_year(BATTERIES, 1990) == 500
    assert at_year(BATTERIES, 2050) == 100000


def test_a_step_is_two_adjacent_years():
    """The cobalt obligation: 0 up to 2030, 16 % from 2031 to 2035, 26 % from 2036."""
    years = range(2028, 2039)
    expected = [0, 0, 0, 0.16, 0.16, 0.16, 0.16, 0.16, 0.26, 0.26, 0.26]
    assert series(COBALT, years, base=0.5) == pytest.approx(expected)


def test_without_rows_the_base_value_holds_every_year():
    assert series(None, range(2025, 2028), base=0.3) == [0.3, 0.3, 0.3]
    assert series({}, range(2025, 2027), base=None) == [None, None]
