"""Limited foresight (PATHWAY.md, "Foresight") on instances solved by hand. Base: the
plant of tests/math/test_pathway.py over 2025–2027: 100 t of g (material a, weight 1)
leave use every year, closed-loop recycling at €0/t needs capacity k (none to start
with, €1 a unit to build, lead time 1 year: built in t, usable from t + 1)."""

from __future__ import annotations

import pytest

from model.data.time_model import time_model
from model.errors import InfeasibleError
from model.formulation.goals import tie_level
from model.formulation.model import create_model
from model.formulation.modes import use_window
from model.io.reader import read_rows
from model.run.foresight import optimise_myopic
from model.run.optimise import optimise
from model.solver.highs import LpSolver
from tests.math.test_pathway import _plant


def _data(obligation: bool = False):
    rows = _plant(lead=1)
    rows["settings"] = [r for r in rows["settings"] if r["setting"] != "last_year"] + [
        {"setting": "last_year", "value": 2027}
    ]
    if obligation:  # half of the a put on the market in 2027 must be secondary
        rows["paths"] = [
            {"parameter": "min_secondary_share", "item": "a", "year": 2026, "value": 0},
            {"parameter": "min_secondary_share", "item": "a", "year": 2027, "value": 0.5},
        ]
    return read_rows(rows, source="foresight")


def test_a_view_of_one_year_builds_nothing_and_costs_200_weighted_tonnes():
    """Perfect foresight builds 100 units in 2025 and recycles everything from 2026:
    P = 100 + 0 + 0 = 100. With a view of 1 year, 2025 sees no gain in a plant that
    serves from 2026 (the tie rule then builds nothing), 2026 none in one serving 2027:
    P = 100 a year, 300, worse by 200. With a view of 2 years, 2025 sees 2026 and builds:
    100, as perfect. Without limited foresight (the driver's perfect run) 100."""
    data = _data()
    perfect = optimise(data)
    assert perfect.objective == pytest.approx(100.0)
    one = optimise_myopic(data, 1)
    assert one.portfolio.weighted == pytest.approx(300.0)
    assert sum(one.portfolio.built.values()) == pytest.approx(0.0, abs=1e-6)
    assert one.perfect.weighted == pytest.approx(100.0)
    assert one.foresight == 1
    two = optimise_myopic(data, 2)
    assert two.portfolio.weighted == pytest.approx(100.0)
    assert two.portfolio.built[("k", 2025)] == pytest.approx(100.0)


def test_a_view_as_long_as_the_horizon_is_perfect_foresight():
    """H = 3 (and 5) on 2025–2027: the first window is the whole pathway, so the decided
    pathway is the perfect one: objective 100 (a view of 1 year would give 300)."""
    data = _data()
    for foresight in (3, 5):
        solution = optimise_myopic(data, foresight)
        assert solution.portfolio.weighted == pytest.approx(100.0)
        assert solution.objective == pytest.approx(optimise(data).objective)


def test_a_view_of_one_year_decides_the_plant_too_late_and_fails_in_2027():
    """An obligation from 2027 (U ≥ 0.5 Gross = 50 t) needs 50 t recycled in 2027, so
    capacity built by 2026. With a view of 1 year nothing is built in 2025 or 2026 (the
    obligation is not in sight): 2027 has no feasible plan, and the message names the
    year, the obligation, and the plant a plan that saw 2027 from 2025 would have built.
    With a view of 2 years the window 2026–2027 builds in 2026: feasible. Without the
    obligation the view of 1 year is feasible (previous test)."""
    data = _data(obligation=True)
    with pytest.raises(InfeasibleError) as caught:
        optimise_myopic(data, 1)
    message = str(caught.value)
    assert "with a foresight of 1 year no plan is feasible in 2027" in message
    assert "recycled-content obligation for a" in message and "2027" in message
    assert "100 units of k in 2025 (ready from 2026: it takes 1 year to build)" in message
    two = optimise_myopic(data, 2)
    assert two.portfolio.activity[("rec", 2027)] >= 50.0 - 1e-6


def test_each_year_decided_is_optimal_for_its_window():
    """Independent re-solve: for each year t of a run with a view of 2 years, the window
    t … t + 1 solved again with the years before t fixed at the reported decisions has
    the same optimum whether year t is free or fixed at its reported decision (year t's
    decision is optimal for the window it was decided in, up to the tie rule's
    tolerance). A decision that was not (say
    2025 building nothing) would make the fixed optimum 100 weighted t worse."""
    data = _data()
    reported = optimise_myopic(data, 2).portfolio.by_variable()
    for t in (2025, 2026, 2027):
        last = min(t + 1, 2027)
        optima = []
        for fixed_until in (t - 1, t):
            decided = {
                name: {key: v for key, v in values.items() if key[1] <= fixed_until}
                for name, values in reported.items()
                if name in ("Activity", "NewPurchases", "SecondaryUse", "OutsideSecondary", "Build")
            }
            model = create_model(data)
            use_window(model, time_model(data), fixed_until + 1, last, decided)
            solver = LpSolver()
            try:
                result = solver.solve(model)
                assert result.optimal
                optima.append(float(result.objective))
            finally:
                solver.close()
        # equal within the tie rule's tolerance, z* (1 + 1e-7) + 1e-6
        assert optima[0] - 1e-9 <= optima[1] <= tie_level(optima[0]) + 1e-9, t


def _answers(overview) -> dict[str, str]:
    """The overview's (question, line) pairs as question → its lines joined."""
    out, question = {}, ""
    for asked, line in overview:
        question = asked or question
        out[question] = f"{out[question]} | {line}" if question in out else line
    return out


def test_the_result_says_what_not_planning_ahead_costs():
    """The result of a view of 1 year (the first test: −0 % against −66.7 %, since the
    baseline is 300 and perfect foresight reaches 100): `foresight` 1 on the summary, the
    perfect-foresight cut beside it, the budget range not computed, and the overview's
    comparison naming both cuts, the plants under both and the first year they part
    (2025: perfect foresight builds then)."""
    from model.results.tables import build_tables

    data = _data()
    tables = build_tables(data, optimise_myopic(data, 1), {})
    summary = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    assert summary["foresight"] == 1
    assert summary["perfect_foresight_reduction_pct"] == pytest.approx(100 * 2 / 3)
    assert summary["reduction_pct"] == pytest.approx(0.0, abs=1e-6)
    answers = _answers(tables.overview)
    text = answers["What does not planning ahead cost?"]
    assert "with a view of 1 year: 0.0 % over the horizon, against −66.7 %" in text  # no "−0.0"
    assert "plants built with perfect foresight: 100 units of k in 2025" in text  # unit blank
    assert "the decided pathway first differs from the perfect-foresight one in 2025" in text
    assert "not computed under limited foresight" in answers["How far can money go?"]


def test_a_pathway_in_min_cost_words_an_obligations_price_in_euro():
    """Issue 18 (10): min_cost over 2025–2026, 100 t leave use a year, closed-loop
    recycling at €1/t, a 50 % recycled-content obligation and a 10 % target. The
    obligation binds (50 t a year at €1/t); one tonne less saves €1 a year (discounted
    at 0 %): the overview says "€1", never weighted tonnes (the unit of min_primary)."""
    from model.results.tables import build_tables
    from tests.math.test_pathway import _recycling_only

    rows = _recycling_only(objective="min_cost", reduction_target=0.1)
    rows["materials"][0]["min_secondary_share"] = 0.5
    data = read_rows(rows, source="min_cost")
    tables = build_tables(data, optimise(data), {})
    text = _answers(tables.overview)["When do the recycled-content obligations bind?"]
    assert "binds in 2025–2026" in text
    assert "would save €1" in text and "weighted t" not in text
