"""A pathway ensemble says its by-year spread in words (issue 22): 2030, 2050 and the
year of the lowest median, each with the input that moves it most, and the years in
which samples have no plan."""

from __future__ import annotations

import pandas as pd

from model.app.lines import by_year_lines


def _by_year() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2030, 2036, 2050],
            "samples_with_a_plan": [10, 8, 10],
            "reduction_p5_pct": [24.7, 15.0, 17.6],
            "reduction_p50_pct": [26.6, 17.1, 21.4],
            "reduction_p95_pct": [28.0, 19.0, 24.9],
            "moves_it_most": ["groups.lifetime_years batteries", None, "demand"],
            "rank_correlation": [-0.86, None, -0.98],
            "samples_failing_here": [0, 2, 0],
            "limit_failing_most": [None, "lithium in 2036", None],
        }
    )


def test_the_by_year_spread_in_words():
    lines = by_year_lines(_by_year())
    assert lines[0] == (
        "By year, the cut's median: 2030 −26.6 % (90 % between −24.7 % and −28.0 %; moved "
        "most by groups.lifetime_years batteries); 2036 −17.1 % (90 % between −15.0 % and "
        "−19.0 %), the lowest median; 2050 −21.4 % (90 % between −17.6 % and −24.9 %; "
        "moved most by demand)"
    )
    assert lines[1] == "Years in which samples have no plan: 2036 (2)"


def test_one_year_ensembles_have_no_by_year_words():
    assert by_year_lines(pd.DataFrame()) == []
    assert by_year_lines(None) == []
