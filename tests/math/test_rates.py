"""The reduced cost of a measure at its lower bound, measured where a degenerate optimum
leaves HiGHS's reading open (model.run.rates): the objective's rise per tonne forced in."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.data.time_model import time_model
from model.io.reader import read_rows, read_workbook
from model.results.tables import build_tables
from model.run.driver import Options, solve
from model.run.optimise import Session
from model.run.rates import entry_rates
from tests.helpers.workbooks import tiny_rows
from tests.math.test_math import dfr

PORTFOLIO = Path(__file__).resolve().parents[2] / "inputs" / "portfolio.xlsx"


def test_the_rate_equals_the_reduced_cost_where_the_optimum_is_not_degenerate():
    """Repair A at €2/t and B at €4/t, each saving 0.5 weighted t per t, budget €60: A
    takes it all (x_A = 30, objective 85). Forcing δ of B in takes 4δ € from A (2δ t
    less), so the objective rises by 0.5 · 2δ − 0.5 · δ = 0.5 δ: rate 0.5, HiGHS's
    reduced cost −0.5 + 4 · 0.25. The probe's bound is put back (the re-solve gives 85)."""
    rows = tiny_rows(budget_eur=60)
    rows["measures"] = [dfr("A", cost=2.0), dfr("B", cost=4.0)]
    data = read_rows(rows, source="case")
    with Session(data) as session:
        solution = session.optimise(data)
        assert solution.reduced_costs["B"] == pytest.approx(0.5)
        rates = entry_rates(
            session.model, session.solver, time_model(data), solution.objective, ["B"]
        )
        assert rates["B"] == pytest.approx(0.5, rel=1e-6)
        assert session.model.Activity["B"].lb == 0.0
        assert session.solver.solve(session.model).objective == pytest.approx(85.0)


@pytest.mark.parametrize("below, funded", [(-1.0, True), (1.0, False)])
def test_lyocell_is_funded_just_below_its_cost_gap_and_not_just_above(below, funded):
    """The default example: lyocell (€160/t) is not funded, and at this degenerate optimum
    HiGHS's reduced cost reads 0 (which read as a cost gap of €0/t). Measured, its cost
    gap is about €73.8/t: 0.085 weighted t saved a tonne against the €160 × 0.000986
    weighted t the budget's last euro buys elsewhere. The test proves the gap is the
    threshold: €1/t under 160 − gap lyocell is funded, €1/t over it is not. With HiGHS's
    reading the gap would be 0 and lyocell not funded at €159/t."""
    data = read_workbook(PORTFOLIO)
    tables = build_tables(data, solve(data, Options(source="case")), {})
    row = tables.portfolio.set_index("measure").loc["textiles_lyocell"]
    assert row["activity_t"] == 0.0
    gap = row["cost_gap_eur_per_t"]
    assert gap == pytest.approx(73.8, abs=0.1)
    costs = dict(data.system.cost_eur_per_t, textiles_lyocell=160.0 - gap + below)
    priced = data.with_system(cost_eur_per_t=costs)
    activity = solve(priced, Options(source="case")).portfolio.activity["textiles_lyocell"]
    assert (activity > 1.0) == funded
