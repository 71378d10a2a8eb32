"""The pathway model (PATHWAY.md) on instances solved by hand, one per new row. Base:
workbooks.tiny_rows as a pathway (one group g of product made of material a, weight 1,
collection_rate 1, reusable_share 1). Each docstring says what the test proves and what
the objective would be without the row under test."""

from __future__ import annotations

import math

import pytest

from model.io.reader import read_rows
from model.run.driver import explained
from model.run.optimise import optimise
from tests.helpers.workbooks import tiny_rows
from tests.math.test_math import dfr, recycle
from tests.math.test_math import reuse as reuse_measure


def pathway(first: int, last: int, lifetime: float, shape: float = 2.0, **settings) -> dict:
    rows = tiny_rows(first_year=first, last_year=last, **settings)
    rows["groups"][0].update(lifetime_years=lifetime, lifetime_shape=shape)
    return rows


def solve(rows):
    return optimise(read_rows(rows, source="pathway"))


def test_without_measures_every_year_buys_its_demand():
    """(P1) service: with no measure, Stock = BaseStock forces N_{g,t} = D_{g,t} = 100 in
    each of 2025–2030 (the service rows form a triangular system with s(0) > 0): weighted
    primary use 100 a year, 600 over the horizon, the baseline's too. Without (P1) N = 0
    would give 0."""
    solution = solve(pathway(2025, 2030, lifetime=8))
    assert solution.objective == pytest.approx(600.0)
    assert solution.baseline.weighted == pytest.approx(600.0)
    assert all(n == pytest.approx(100.0) for n in solution.portfolio.new.values())


def test_a_repairable_design_saves_almost_nothing_in_a_one_year_horizon():
    """(P1) service lag: one year (2025), lifetime 10 (shape 2), repair e = 1 (mean 20)
    covering at most D = 100 t, i.e. 50 t of repairable products. In the year they are
    bought, both designs are still in use at mid-year: N s_g(0) + P s_s(0) = 100 s_g(0),
    so New = N + P = 100 − 50 (s_s(0)/s_g(0) − 1) ≈ 99.93, with s(0) = exp(−(½ Γ(1.5)/mu)²).
    The one-year model (a = 1/2) would save 50 t: objective 50."""
    rows = pathway(2025, 2025, lifetime=10)
    rows["measures"] = [dfr(e=1.0)]
    solution = solve(rows)
    gamma = math.gamma(1.5)
    s_g0 = math.exp(-((0.5 * gamma / 10) ** 2))
    s_s0 = math.exp(-((0.5 * gamma / 20) ** 2))
    assert solution.objective == pytest.approx(100 - 50 * (s_s0 / s_g0 - 1), rel=1e-9)
    assert solution.objective > 99.9


def test_recycling_is_limited_by_what_was_sold_a_lifetime_ago():
    """(P3–P4) outflow with history: one year (2025); purchases were 10 t a year before
    2025 (a demand_t path: 10 in 2024, 100 in 2025), so the products leaving use in 2025
    are Hist = 10 Σ_a f(a) = 10 t (no cohort since 2025 leaves use in 2025). Closed-loop
    recycling (quality 1, yield 1) can take at most col · Out = 10 t: P = 100 − 10 = 90.
    The one-year model would recycle col · N = 100 t: objective 0."""
    rows = pathway(2025, 2025, lifetime=5)
    rows["measures"] = [recycle()]
    rows["paths"] = [
        {"parameter": "demand_t", "item": "g", "year": 2024, "value": 10},
        {"parameter": "demand_t", "item": "g", "year": 2025, "value": 100},
    ]
    solution = solve(rows)
    assert solution.objective == pytest.approx(90.0)
    assert solution.portfolio.activity[("rec", 2025)] == pytest.approx(10.0, abs=1e-4)  # tie slack


def _plant(lead: int, most: float | None = None) -> dict:
    """2025–2028, steady demand 100 (history too) so 100 t leave use each year; closed-loop
    recycling at €0 needs capacity k (limit 0, €1 a unit to build)."""
    rows = pathway(2025, 2028, lifetime=3)
    rows["measures"] = [recycle(cost=0.0)]
    rows["capacities"] = [
        {
            "capacity": "k",
            "limit": 0,
            "build_cost_eur_per_unit": 1,
            "build_lead_years": lead,
            "max_build_per_year": most,
        }
    ]
    rows["capacity_use"] = [{"measure": "rec", "capacity": "k", "use_per_t": 1}]
    return rows


def test_a_plant_built_with_lead_time_2_serves_two_years_later():
    """(P9) capacity building: with lead time 2, 100 units built in 2025 serve from 2027:
    P = 100 + 100 + 0 + 0 = 200, and the tie rule builds nothing more (2026 would serve
    2028 only, already served). With lead 0 everything is recycled from 2025: 0. With at
    most 60 a year: 60 in 2025 and 40 in 2026 → P = 100 + 100 + 40 + 0 = 240."""
    solution = solve(_plant(lead=2))
    assert solution.objective == pytest.approx(200.0)
    assert solution.portfolio.built[("k", 2025)] == pytest.approx(100.0)
    assert solution.portfolio.built[("k", 2026)] == pytest.approx(0.0, abs=1e-6)
    assert solution.portfolio.activity[("rec", 2026)] == pytest.approx(0.0, abs=1e-6)
    assert solution.portfolio.activity[("rec", 2027)] == pytest.approx(100.0)
    assert solve(_plant(lead=0)).objective == pytest.approx(0.0, abs=1e-6)
    limited = solve(_plant(lead=2, most=60))
    assert limited.objective == pytest.approx(240.0)
    assert limited.portfolio.built[("k", 2025)] == pytest.approx(60.0)


def _steady(**settings) -> dict:
    rows = tiny_rows(budget_eur=60, **settings)
    rows["groups"][0].update(
        collection_rate=0.8, reusable_share=0.3, lifetime_years=10, lifetime_shape=2
    )
    rows["measures"] = [dfr(e=1.0), reuse_measure(delta=0.6), recycle(q=0.3)]
    return rows


def test_a_steady_pathway_reproduces_the_one_year_model_in_its_middle_years():
    """Constant demand (100 t) and values, a steady history, €60 a year, 2000–2100: repair
    (e = 1), reuse (displacement 0.6, reusable_share 0.3) and recycling (quality 0.3)
    compete. The one-year model gives 67.123 weighted t (repair 31.23 t, reuse 28.77 t).
    The pathway starts from the no-measure history and converges to it: 0.6 % above in
    2040, 0.01 % in 2080 (the midpoint rule's error on these lifetimes is smaller still);
    its last 25 years differ again, as a repairable design bought late serves past 2100.
    Proves the cohort rows, the outflow with history and row 2b agree with MODEL.md."""
    one = solve(_steady())
    path = solve(_steady(first_year=2000, last_year=2100))
    assert path.portfolio.weighted_by_year[2080] == pytest.approx(one.objective, rel=2e-4)
    for measure in ("repair", "reuse", "rec"):
        assert path.portfolio.activity[(measure, 2080)] == pytest.approx(
            one.portfolio.activity[measure], abs=0.05
        )
    assert abs(path.portfolio.weighted_by_year[2040] / one.objective - 1) > 1e-3  # transient


def _recycling_only(**settings) -> dict:
    """Steady demand and history of 100 t, so 100 t leave use every year; closed-loop
    recycling at €1/t."""
    rows = pathway(2025, 2026, lifetime=3, **settings)
    rows["measures"] = [recycle()]
    return rows


def test_min_cost_discounts_later_years():
    """min_cost with a 20 % target in both years: each year needs U_t ≥ 20, i.e. 20 t of
    recycling, at €1/t in 2025 and €2/t in 2026 (a cost_eur_per_t path). With
    discount_rate 0.1 the objective is 20 + 40 / 1.1 = 56.36; undiscounted it would be
    60, and without the path 20 + 20 / 1.1 = 38.18."""
    rows = _recycling_only(objective="min_cost", reduction_target=0.2, discount_rate=0.1)
    rows["paths"] = [
        {"parameter": "cost_eur_per_t", "item": "rec", "year": 2025, "value": 1},
        {"parameter": "cost_eur_per_t", "item": "rec", "year": 2026, "value": 2},
    ]
    solution = solve(rows)
    assert solution.objective == pytest.approx(20 + 40 / 1.1)
    assert solution.portfolio.activity[("rec", 2025)] == pytest.approx(20.0)
    assert solution.portfolio.activity[("rec", 2026)] == pytest.approx(20.0)
    assert solution.portfolio.cost == pytest.approx(60.0)  # reported undiscounted


def test_a_requirement_follows_its_path_year_by_year():
    """(P11) with the interpolation rule: a reuse requirement whose min_share path is 0 in
    2025 and 0.2 in 2027 asks 10 % in 2026. Reuse that replaces nothing (displacement 0,
    €1/t) is done only as required: 0, 10 and 20 t of the 100 t bought each year.
    Without the requirement: 0 t every year."""
    rows = pathway(2025, 2027, lifetime=3)
    rows["measures"] = [reuse_measure(delta=0.0)]
    rows["requirements"] = [{"requirement": "epr", "group": "g", "kind": "reuse", "min_share": 0.5}]
    rows["paths"] = [
        {"parameter": "min_share", "item": "epr", "year": 2025, "value": 0},
        {"parameter": "min_share", "item": "epr", "year": 2027, "value": 0.2},
    ]
    solution = solve(rows)
    reused = [solution.portfolio.activity[("reuse", t)] for t in (2025, 2026, 2027)]
    assert reused == pytest.approx([0, 10, 20], abs=1e-6)
    assert solution.objective == pytest.approx(300.0)


def test_the_budget_range_is_one_factor_on_every_years_budget():
    """(P8) with theta: 100 t leave use each year, closed-loop recycling at €1/t, budgets
    €40 (2025) and €50 (2026), a 20 % recycled-content obligation. The least factor pays
    the obligation's 20 t a year: 20 ≤ 40 theta and 20 ≤ 50 theta, theta = 0.5. With any
    money all 100 t are recycled each year (P = 0); the least factor that allows it:
    100 ≤ 40 theta, theta = 2.5 (2026 would need only 2). Were theta not on every year's
    budget alike, 2026's own ratios (0.4, 2) would show."""
    rows = _recycling_only(budget_eur=40)
    rows["materials"][0]["min_secondary_share"] = 0.2
    rows["paths"] = [
        {"parameter": "budget_eur", "year": 2025, "value": 40},
        {"parameter": "budget_eur", "year": 2026, "value": 50},
    ]
    solution = explained(read_rows(rows, source="pathway"), budget=True)
    assert solution.span.least_eur == pytest.approx(0.5)
    assert solution.span.saturation_eur == pytest.approx(2.5, rel=1e-6)
    assert solution.span.best_weighted == pytest.approx(0.0, abs=1e-6)


def test_the_trade_off_curve_moves_every_years_budget_by_one_factor():
    """The curve over theta (the instance of the budget range test): 3 factors from 0.5
    to 2.5, log-spaced (0.5, √5/2 ≈ 1.118, 2.5). Each year recycles min(100, theta B_t)
    with B = (40, 50): at 0.5, 20 + 25 t of the 200 t: −22.5 %; at 1.118, 44.7 + 55.9 t:
    −50.3 %; at 2.5, everything: −100 %."""
    rows = _recycling_only(budget_eur=40)
    rows["materials"][0]["min_secondary_share"] = 0.2
    rows["paths"] = [
        {"parameter": "budget_eur", "year": 2025, "value": 40},
        {"parameter": "budget_eur", "year": 2026, "value": 50},
    ]
    solution = explained(read_rows(rows, source="pathway"), sweep_points=3)
    factors = [point.budget_eur for point in solution.sweep]
    assert factors == pytest.approx([0.5, math.sqrt(5) / 2, 2.5], abs=1e-5)  # a hair above
    cuts = [100 * (1 - p.weighted_primary_use / 200) for p in solution.sweep]
    theta = math.sqrt(5) / 2
    assert cuts == pytest.approx([22.5, 100 * (40 + 50) * theta / 200, 100.0], abs=1e-4)
