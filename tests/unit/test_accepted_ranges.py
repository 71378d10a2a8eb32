"""Every value the checks accept is one the maths handles, and what a pathway does with
a value is what the workbook says (issue 18, the input side; docs/decisions.md,
"Accepted ranges"): lifetimes the cohorts can follow, growth that stays a number,
demand history that shapes only the history, path rows outside the horizon said, and
a lower limit above its upper one in some year a located input error."""

from __future__ import annotations

import logging

import pytest

from model import schema
from model.data import lifetimes
from model.data.lifetimes import lifetime, survival
from model.data.pathway import demand, value
from model.errors import InputError
from model.io.reader import read_input, read_rows
from model.run.optimise import optimise
from tests.helpers.workbooks import tiny_rows, write_clean


def pathway_rows(first=2025, last=2030, settings=None, **group) -> dict:
    """One group g (100 t/yr, lifetime 10) of material a over first … last; `group`
    sets its columns."""
    rows = tiny_rows(first_year=first, last_year=last, **(settings or {}))
    rows["groups"][0].update({"lifetime_years": 10, **group})
    return rows


def problems(rows) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_rows(rows, source="in.xlsx")
    return [str(p) for p in caught.value.problems]


# (3) lifetimes the checks accept are lifetimes the maths handles


def test_a_very_large_shape_is_a_fixed_lifetime_not_an_overflow():
    """Shape 10,000, mean 5: at age 5.5 (x / lambda)^k = 1.1^10000 overflows a float, so
    S(x) raised OverflowError; now S is 0 there. Every product stays 5 years: s(a) = 1
    for a = 0 … 4, and all of it leaves in year 5. The pathway reads and solves."""
    variant = lifetime(5.0, 1e4)
    assert variant.stock.tolist() == [1.0] * 5 + [0.0]
    assert variant.f(5) == 1.0 and variant.outflow.sum() == 1.0
    data = read_rows(pathway_rows(lifetime_years=5, lifetime_shape=1e4), source="in.xlsx")
    assert optimise(data).portfolio is not None


def test_a_mean_the_cohorts_cannot_follow_is_a_located_error_with_the_longest_mean():
    """A mean of 10,000 years (shape 2) keeps products in use for about 35,000 years;
    a pathway follows a product for lifetimes.MAX_AGE = 1,000. The reader says so at the cell and
    proposes the longest mean of that shape, which it accepts."""
    found = problems(pathway_rows(lifetime_years=1e4))
    assert len(found) == 1
    assert found[0].startswith("in.xlsx › groups › row 2 › lifetime_years: ")
    assert "more than 1,000 years" in found[0] and "at most 292.1 yr" in found[0]
    assert lifetimes.longest_mean(2.0) == pytest.approx(292.1)
    assert lifetimes.ends_in_time(292.16, 2.0) and not lifetimes.ends_in_time(292.17, 2.0)
    read_rows(pathway_rows(lifetime_years=292), source="in.xlsx")  # accepted, and builds
    assert lifetime(292.0, 2.0).max_age <= lifetimes.MAX_AGE


def test_a_shape_below_one_half_is_refused_by_its_range():
    """Mean 15, shape 0.15 (before: "a lifetime … never ends" deep in the build): below
    0.5 a Weibull's mean is carried by products that stay for thousands of years, and the
    cut at S = 1e-4 loses most of it (shape 0.05: Σ s is 0.1 % of the mean). The range
    of the column refuses it, like any cell."""
    found = problems(pathway_rows(lifetime_years=15, lifetime_shape=0.15))
    assert found == [
        'in.xlsx › groups › row 2 › lifetime_shape: must be a number ≥ 0.5, got "0.15"'
    ]
    at_half = lifetime(15.0, 0.5)
    assert at_half.stock.sum() == pytest.approx(15.0, rel=0.01)


def test_a_repairable_design_that_outlasts_the_cohorts_is_located_at_its_extension():
    """lifetime_extension 100 on a 15-year group (shape 2): the repairable design lasts
    1,515 years on average. Refused at the measure's cell, with the other problems of
    the workbook in the same run."""
    rows = pathway_rows(lifetime_years=15)
    rows["measures"] = [
        {
            "measure": "repair",
            "group": "g",
            "type": "design_for_repair",
            "cost_eur_per_t": 10,
            "lifetime_extension": 100,
        }
    ]
    rows["groups"].append(
        {"group": "h", "demand_t": 5.0, "lifetime_years": 5e3, "lifetime_shape": 3}
    )
    found = problems(rows)
    assert [p.split(": ")[0] for p in found] == [
        "in.xlsx › groups › row 3 › lifetime_years",
        "in.xlsx › measures › row 2 › lifetime_extension",
    ]
    assert "1515 yr on average (g: 15 yr × 101)" in found[1]


def test_survival_is_a_number_for_any_positive_mean_and_shape():
    """No OverflowError, no ZeroDivisionError, a share in [0, 1] everywhere."""
    for mean in (1e-300, 1e-3, 1.0, 15.0, 1e4, 1e300):
        for shape in (1e-3, 0.5, 1.0, 4.0, 1e4, 1e300):
            for x in (0.5, 1.5, 999.5, 1e6):
                assert 0.0 <= survival(x, mean, shape) <= 1.0


def test_growth_that_compounds_past_a_millionfold_is_located():
    """demand_growth 0.2 over 2025–2125 makes 2125's purchases 83 million times
    demand_t; past_growth −0.5 over the 51 years of history a 15-year lifetime needs
    makes 1974's 2.3e15 times. Each refused at its cell (before: accepted, and HiGHS
    handed numbers 17 orders of magnitude apart), with the growth that would do; the
    proposals are accepted."""
    rows = pathway_rows(last=2125, lifetime_years=15, demand_growth=0.2, past_growth=-0.5)
    found = problems(rows)
    assert [p.split(": ")[0] for p in found] == [
        "in.xlsx › groups › row 2 › demand_growth",
        "in.xlsx › groups › row 2 › past_growth",
    ]
    assert "from 100 t in 2025 to 8.28e+09 t in 2125" in found[0]
    assert "give a demand_growth between -0.129 and 0.1481" in found[0]
    assert "from 100 t in 2025 to 2.25e+17 t in 1974" in found[1]
    assert "give a past_growth between -0.2373 and 0.3111" in found[1]
    accepted = pathway_rows(last=2125, lifetime_years=15, demand_growth=0.1481, past_growth=-0.2373)
    data = read_rows(accepted, source="in.xlsx")
    assert demand(data, "g", 2125) == pytest.approx(100 * 1.1481**100)
    assert demand(data, "g", 1974) == pytest.approx(100 * 0.7627**-51)


def test_growth_that_overflows_a_float_is_told_not_raised():
    """demand_growth 1e6 for 100 years is 10^600 × demand_t, beyond a float (and 10^-306
    in the history: no past_growth, the same growth backwards). Before: OverflowError."""
    found = problems(pathway_rows(last=2125, lifetime_years=15, demand_growth=1e6))
    assert len(found) == 1 and "to about 1e+602 t in 2125" in found[0]
    assert found[0].startswith("in.xlsx › groups › row 2 › demand_growth: ")


def test_history_rows_far_below_the_future_are_located_at_the_rows():
    """demand_t rows 2000: 1e-6 t and 2020: 50 t before a 100 t first year: the history
    spans 1e8; located at the paths rows."""
    rows = pathway_rows(lifetime_years=15)
    rows["paths"] = [
        {"parameter": "demand_t", "item": "g", "year": 2000, "value": 1e-6},
        {"parameter": "demand_t", "item": "g", "year": 2020, "value": 50},
    ]
    found = problems(rows)
    assert len(found) == 1
    assert found[0].startswith("in.xlsx › paths › rows 2, 3 › value: the purchases of g")


# (7) demand history and rows outside the horizon


def test_history_rows_shape_only_the_history_and_growth_gives_the_future():
    """demand_growth 1 %/yr and demand_t rows for 2015 (50 t) and 2020 (80 t) only:
    before, the 2020 value held from 2021 on (flat, the growth ignored). Now the future
    grows from groups.demand_t (100 t in 2025, 100 · 1.01^5 in 2030), and the history
    runs through the rows to the base value in 2025: 2022 is 80 + (100 − 80) · 2/5."""
    rows = pathway_rows(demand_growth=0.01)
    rows["paths"] = [
        {"parameter": "demand_t", "item": "g", "year": 2015, "value": 50},
        {"parameter": "demand_t", "item": "g", "year": 2020, "value": 80},
    ]
    data = read_rows(rows, source="in.xlsx")
    future = [demand(data, "g", t) for t in (2025, 2026, 2030)]
    assert future == pytest.approx([100.0, 101.0, 100 * 1.01**5])
    history = [demand(data, "g", t) for t in (2010, 2015, 2020, 2022, 2024)]
    assert history == pytest.approx([50.0, 50.0, 80.0, 88.0, 96.0])


def test_rows_that_reach_the_horizon_still_define_demand_entirely():
    """With a row in first_year or later the rows define every year, history included
    (PATHWAY.md's rule, unchanged): 2020: 50, 2030: 150 give 100 in 2025, 150 in 2040."""
    rows = pathway_rows(demand_growth=0.5)
    rows["paths"] = [
        {"parameter": "demand_t", "item": "g", "year": 2020, "value": 50},
        {"parameter": "demand_t", "item": "g", "year": 2030, "value": 150},
    ]
    data = read_rows(rows, source="in.xlsx")
    assert [demand(data, "g", t) for t in (2015, 2025, 2040)] == pytest.approx([50, 100, 150])


def test_a_path_row_after_last_year_is_kept_and_said_with_the_years_it_changes(caplog):
    """budget_eur 2025: 100, 2070: 300 on 2025–2050: the years 2026–2050 are interpolated
    towards the 2070 point (100 + 200 · 25/45 in 2050), as they would be on a longer
    horizon; a warning located at the row says so. A point beyond it changes nothing,
    and says that; demand_t history rows before first_year are not warned about."""
    rows = pathway_rows(last=2050, settings={"budget_eur": 100})
    rows["paths"] = [
        {"parameter": "budget_eur", "year": 2025, "value": 100},
        {"parameter": "budget_eur", "year": 2070, "value": 300},
        {"parameter": "budget_eur", "year": 2080, "value": 400},
        {"parameter": "demand_t", "item": "g", "year": 2010, "value": 50},
        {"parameter": "demand_t", "item": "g", "year": 2025, "value": 100},
    ]
    with caplog.at_level(logging.WARNING):
        data = read_rows(rows, source="in.xlsx")
    assert value(data, "budget_eur", "", 2050) == pytest.approx(100 + 200 * 25 / 45)
    warned = [r.getMessage() for r in caplog.records if "paths › row" in r.getMessage()]
    assert len(warned) == 2
    assert warned[0].startswith("in.xlsx › paths › row 3 › year: budget_eur: 2070 is after ")
    assert "the years 2026–2050 are interpolated towards it (211.111 in 2050)" in warned[0]
    assert "give a row for 2050" in warned[0]
    assert warned[1].startswith("in.xlsx › paths › row 4 › year: budget_eur: 2080 is after")
    assert "changes no year of 2025–2050" in warned[1]


def test_a_path_row_before_first_year_is_said_where_it_changes_the_horizon(caplog):
    """collection_rate 2020: 0.5, 2030: 1 on 2025–2030: 2025 is 0.75, between the rows
    (kept); said at the 2020 row."""
    rows = pathway_rows()
    rows["paths"] = [
        {"parameter": "collection_rate", "item": "g", "year": 2020, "value": 0.5},
        {"parameter": "collection_rate", "item": "g", "year": 2030, "value": 1.0},
    ]
    with caplog.at_level(logging.WARNING):
        data = read_rows(rows, source="in.xlsx")
    assert value(data, "collection_rate", "g", 2025) == pytest.approx(0.75)
    assert (
        "in.xlsx › paths › row 2 › year: collection_rate of g: 2020 is before first_year "
        "2025: the years 2025–2029 are interpolated towards it (0.75 in 2025)"
    ) in caplog.text


def test_a_scenario_row_after_last_year_is_said_at_its_own_row(tmp_path, caplog):
    """A scenario's budget_eur row for 2070 on 2025–2050: warned at the scenarios row
    (not as a paths row), once, and the base's own row for 2060 is warned once, at the
    paths sheet, not again when the scenario is rebuilt."""
    rows = pathway_rows(last=2050, settings={"budget_eur": 100})
    rows["paths"] = [
        {"parameter": "budget_eur", "year": 2025, "value": 100},
        {"parameter": "collection_rate", "item": "g", "year": 2060, "value": 0.5},
    ]
    rows["scenarios"] = [
        {"scenario": "more", "parameter": "settings.budget_eur", "year": 2070, "value": 300}
    ]
    path = write_clean(tmp_path / "in.xlsx", rows)
    with caplog.at_level(logging.WARNING):
        found = read_input(path)
    assert value(found.scenarios["more"], "budget_eur", "", 2050) == pytest.approx(
        100 + 200 * 25 / 45
    )
    warned = [r.getMessage() for r in caplog.records if "2070" in r.getMessage()]
    assert len(warned) == 1
    assert warned[0].startswith(f"{path} › scenarios › row 2 › year: scenario more: budget_eur")
    base_row = [r.getMessage() for r in caplog.records if "2060" in r.getMessage()]
    assert len(base_row) == 1, base_row
    assert base_row[0].startswith(f"{path} › paths › row 3 › year: collection_rate of g: 2060")


def test_the_uncertainty_sheet_is_held_to_the_same_ranges(tmp_path, caplog):
    """An uncertain lifetime_extension is checked at its high end (a repairable design
    of 15 × 101 years cannot be followed: located at high), and an uncertain budget for
    2070 on 2025–2050 is said at its row, like a paths row."""
    rows = pathway_rows(last=2050, lifetime_years=15, settings={"budget_eur": 100})
    rows["measures"] = [
        {
            "measure": "repair",
            "group": "g",
            "type": "design_for_repair",
            "cost_eur_per_t": 10,
            "lifetime_extension": 0.5,
        }
    ]
    rows["uncertainty"] = [
        {"parameter": "measures.lifetime_extension", "item": "repair", "low": 0.1, "high": 100},
        {"parameter": "settings.budget_eur", "year": 2070, "low": 50, "high": 150},
    ]
    path = write_clean(tmp_path / "in.xlsx", rows)
    with caplog.at_level(logging.WARNING), pytest.raises(InputError) as caught:
        read_input(path)
    found = [str(p) for p in caught.value.problems]
    assert len(found) == 1
    assert found[0].startswith(f"{path} › uncertainty › row 2 › high: at lifetime_extension 100")
    assert f"{path} › uncertainty › row 3 › year: budget_eur: 2070 is after" in caplog.text


# (8) a lower limit above its upper one in some year, through paths


def _recycling(max_t=50.0) -> dict:
    rows = pathway_rows()
    rows["measures"] = [
        {
            "measure": "rec",
            "group": "g",
            "type": "recycle",
            "cost_eur_per_t": 1,
            "max_t": max_t,
            "quality": 1,
            "yield": 1,
        }
    ]
    return rows


def test_min_t_above_max_t_in_some_years_through_paths_is_a_located_input_error():
    """max_t 50 on the measures sheet, min_t rising from 0 (2025) to 100 (2030) on paths:
    above 50 from 2028 (60, 80, 100). Before: accepted, then told as an infeasibility.
    Now one input error, located at the min_t rows and naming the measures row."""
    rows = _recycling()
    rows["paths"] = [
        {"parameter": "min_t", "item": "rec", "year": 2025, "value": 0},
        {"parameter": "min_t", "item": "rec", "year": 2030, "value": 100},
    ]
    assert problems(rows) == [
        "in.xlsx › paths › rows 2, 3 › value: min_t of rec exceeds its max_t in 2028–2030 "
        "(in 2028: 60 against 50; max_t 50 on measures › row 2): min_t must not exceed "
        "max_t in any year"
    ]


def test_both_limits_on_paths_and_the_materials_shares_are_checked_the_same_way():
    """min_t and max_t both on paths (crossing in 2029–2030), and min_secondary_share
    0.3 in 2030 against a max_secondary_share of 0.2: two problems, one run."""
    rows = _recycling()
    rows["materials"][0]["max_secondary_share"] = 0.2
    rows["paths"] = [
        {"parameter": "min_t", "item": "rec", "year": 2025, "value": 10},
        {"parameter": "min_t", "item": "rec", "year": 2030, "value": 40},
        {"parameter": "max_t", "item": "rec", "year": 2025, "value": 60},
        {"parameter": "max_t", "item": "rec", "year": 2030, "value": 20},
        {"parameter": "min_secondary_share", "item": "a", "year": 2030, "value": 0.3},
    ]
    found = problems(rows)
    assert [p.split(": ")[0] for p in found] == [
        "in.xlsx › paths › rows 2, 3, 4, 5 › value",
        "in.xlsx › paths › row 6 › value",
    ]
    assert "min_t of rec exceeds its max_t in 2029–2030" in found[0]
    assert "min_secondary_share of a exceeds its max_secondary_share in 2025–2030" in found[1]
    assert "max_secondary_share 0.2 on materials › row 2" in found[1]


def test_limits_that_meet_but_do_not_cross_are_accepted():
    """min_t rising to max_t exactly (50 in 2030): accepted."""
    rows = _recycling()
    rows["paths"] = [{"parameter": "min_t", "item": "rec", "year": 2030, "value": 50}]
    assert read_rows(rows, source="in.xlsx").pathway is not None


# (12) what in_use_t counts, said where the lifetime is given


def test_the_lifetime_column_says_what_in_use_t_counts_and_the_cut():
    meaning = schema.GROUPS.column("lifetime_years").meaning
    assert "in_use_t" in meaning and "bought from first_year on" in meaning
    assert "1,000 years" in meaning
    assert lifetimes.longest_mean(0.5) == pytest.approx(23.58)
