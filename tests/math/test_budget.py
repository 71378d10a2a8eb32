"""The budget range and the trade-off curve (issue: explain the optimum), and the
infeasibility messages for each kind of conflict, on the default example."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from inputs.build_default import ROWS
from model.errors import InfeasibleError, InputError
from model.io.reader import read_rows, read_workbook
from model.run.budget import next_million, sweep_budgets
from model.run.driver import explained
from model.run.optimise import Session, optimise
from tests.helpers.runner import run_cli
from tests.helpers.workbooks import tiny_rows, two_repairs_rows, write_clean

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data():
    return read_workbook(ROOT / "inputs" / "portfolio.xlsx")


@pytest.fixture(scope="module")
def curve(data):
    return explained(data, sweep_points=24)


def test_budget_range_of_the_default_example(data):
    """The least budget is what the 16 % cobalt obligation costs: v3 €11.95 M, 5,432 t of
    battery recycling at €2,200/t (v2 €15.93 M): the free LFP cells (up to 10,750 t)
    lower the cobalt the batteries need. The saturation budget stays at DEFAULTS.md's
    ≈ €4.95 B."""
    solution = explained(data, budget=True)
    span = solution.span
    assert span.least_eur == pytest.approx(11.95e6, rel=1e-3)
    assert span.saturation_eur == pytest.approx(4.946e9, rel=1e-3)  # DEFAULTS.md: ≈ €4.95 B
    # The budget's last euro saves at 985.7 weighted t per €1 M; the whole next €1 M,
    # solved, 941.8 (a measure reaches its limit within it): the summary says both.
    assert -solution.duals[("res_budget", None)] * 1e6 == pytest.approx(985.714, rel=1e-5)
    assert solution.next_meur == pytest.approx(941.83, rel=1e-4)


def test_budget_range_by_hand():
    """Repair at €2/t with a = 1/2 (no other limit): nothing is required, so the least
    budget is 0; all 100 t of cover cost €200, after which nothing more can be saved."""
    rows = tiny_rows()
    rows["measures"] = [
        {
            "measure": "r",
            "group": "g",
            "type": "design_for_repair",
            "cost_eur_per_t": 2,
            "lifetime_extension": 1,
        }
    ]
    span = explained(_read(rows), budget=True).span
    assert span.least_eur == pytest.approx(0.0, abs=1e-9)
    assert span.saturation_eur == pytest.approx(200.0)


def _read(rows):
    return read_rows(rows, source="case")


def test_sweep_starts_at_least_feasible_ends_at_saturation_and_is_monotone(curve):
    points = curve.sweep
    assert len(points) == 24 and all(p.status == "optimal" for p in points)
    assert points[0].budget_eur == pytest.approx(curve.span.least_eur, rel=1e-6)
    assert points[-1].budget_eur == pytest.approx(curve.span.saturation_eur, rel=1e-9)
    budgets = [p.budget_eur for p in points]
    values = [p.weighted_primary_use for p in points]
    assert budgets == sorted(budgets)
    assert all(b <= a + 1e-6 for a, b in itertools.pairwise(values))
    # The saturation budget pays for the tie-broken optimum, which the tie rule lets lie
    # up to 1e-7 · z* + 1e-6 above z* itself.
    assert values[-1] == pytest.approx(curve.span.best_weighted, rel=1.1e-7, abs=1e-6)
    savings = [p.saving_per_meur for p in points]
    assert all(b <= a + 1e-6 for a, b in itertools.pairwise(savings)), (
        "the curve is concave: each extra M€ saves no more than the one before"
    )


@pytest.mark.parametrize("index", [0, 5, 12, 23])
def test_sweep_points_agree_with_single_runs(data, curve, index):
    point = curve.sweep[index]
    single = optimise(data.with_settings(budget_eur=point.budget_eur))
    assert single.objective == pytest.approx(point.weighted_primary_use, rel=1e-6)


def test_sweep_budgets_are_log_spaced_from_zero_too():
    grid = sweep_budgets(0.0, 1e6, 6)
    assert grid[0] == pytest.approx(1e-6) and grid[1] == pytest.approx(100.0)
    assert grid[-1] == 1e6 and grid == sorted(grid)


def test_sweep_setting_and_the_pareto_sheet_with_its_chart(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows["settings"].append({"setting": "sweep_points", "value": 20})
    path = write_clean(tmp_path / "sweep.xlsx", rows)
    out = tmp_path / "result.xlsx"
    done = run_cli("--input", path, "--output", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Scenario nl_2026"), done.stdout[:300]  # no solver chatter
    pareto = pd.read_excel(out, sheet_name="pareto")
    assert len(pareto) == 20
    # v3: the two free substitutes (LFP cells, bio-based foam) are funded from the least
    # budget on, beside the recycling the cobalt obligation needs
    assert pareto["measures_entering"].iloc[0] == (
        "batteries_hydromet_recycling, batteries_lfp, furniture_bio_foam"
    )
    workbook = openpyxl.load_workbook(out)
    assert len(workbook["pareto"]._charts) == 1
    assert len(workbook["cost_curve"]._charts) == 1
    summary = pd.read_excel(out, sheet_name="summary").set_index("indicator")["value"]
    assert float(summary["least_feasible_budget_eur"]) == pytest.approx(11.95e6, rel=1e-3)


def test_sweep_points_must_be_a_whole_number(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows["settings"].append({"setting": "sweep_points", "value": 2.5})
    with pytest.raises(InputError, match="sweep_points must be a whole number ≥ 2"):
        read_workbook(write_clean(tmp_path / "bad.xlsx", rows))


def _infeasible(data) -> str:
    with pytest.raises(InfeasibleError) as caught:
        explained(data)
    return str(caught.value)


def test_minimum_activities_cost_more_than_the_budget(data):
    """min_t of textile repair (5,000 t at €18,000/t = €90 M) exceeds €69.7 M."""
    min_t = dict(data.system.min_t, textiles_repair=5000.0)
    text = _infeasible(data.with_system(min_t=min_t))
    assert "budget_eur is €69.7 M" in text
    assert "min_t of measure textiles_repair (5,000 t)" in text
    # €90 M of repair + €11.95 M of obligations (v3; v2 €15.9 M, so €105.9 M)
    assert "at least €102.0 M" in text  # €101.95 M rounded up


def test_obligation_beyond_capacity_at_any_budget(data):
    """Battery recycling capacity of 1,000 t cannot supply 16 % secondary cobalt,
    whatever the budget: the elastic diagnosis names the capacity or the obligation."""
    text = _infeasible(
        data.with_system(capacity_limit=dict(data.system.capacity_limit, battery_recycling=1000.0))
    )
    assert "smallest change" in text
    assert "battery_recycling" in text or "obligation for cobalt" in text


def test_capacity_below_minimum_activities_is_an_input_error(data):
    """The baseline (current practice) itself breaks the capacity: exit 2, named."""
    min_t = dict(
        data.system.min_t, textiles_reuse=200_000.0, textiles_mechanical_recycling=50_000.0
    )
    with pytest.raises(InputError) as caught:
        optimise(data.with_system(min_t=min_t))
    text = str(caught.value)
    assert "textiles_reuse, textiles_mechanical_recycling" in text
    assert "capacity textile_sorting" in text and "234,000" in text


def test_repair_minimum_above_demand_is_an_input_error(data):
    min_t = dict(data.system.min_t, textiles_repair=400_000.0)
    with pytest.raises(InputError, match="more than its demand_t"):
        optimise(data.with_system(min_t=min_t))


def test_diagnose_writes_a_diagnosis_workbook(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows["settings"][2]["value"] = 10_000_000
    path = write_clean(tmp_path / "small.xlsx", rows)
    diagnosis = tmp_path / "why.xlsx"
    done = run_cli("--input", path, "--output", tmp_path / "r.xlsx", "--diagnose", diagnosis)
    assert done.returncode == 3
    limits = pd.read_excel(diagnosis, sheet_name="limits")
    first = limits.iloc[0]
    assert first["limit"] == "budget_eur" and first["role"] == "too small"
    assert first["needed"] == pytest.approx(11.95e6, rel=1e-3)  # v3; v2 €15.93 M
    assert not (tmp_path / "r.xlsx").exists()


def test_the_next_million_is_solved_not_read_off_the_shadow_price():
    """Repair r1 at €2/t (max 50 t) and r2 at €4/t, each with a = 1/2 (half a tonne of
    new purchases avoided per tonne): 0.25 and 0.125 weighted t per €. A budget of €80
    buys 40 t of r1: 100 → 80 weighted t, and the budget row's shadow price is 0.25 t
    per € (250,000 t per €1 M, more than the 100 t there are). The next €100 buys the
    last 10 t of r1 (5 t saved) and 20 t of r2 (10 t): 15 t, not 0.25 × 100 = 25. The
    next €1 M buys all that is left: 50 + 50 t of repair save 50 t in all, 30 more.
    Read off the shadow price, as before, the next €1 M would read 250,000 t."""
    data = _read(two_repairs_rows(budget_eur=80))
    with Session(data) as session:
        solution = session.optimise(data)
        assert solution.objective == pytest.approx(80.0)
        assert -solution.duals[("res_budget", None)] == pytest.approx(0.25)
        model, solver = session.model, session.solver
        assert next_million(model, solver, 80, solution.objective, step=100) == pytest.approx(15)
        assert next_million(model, solver, 80, solution.objective) == pytest.approx(30)
        assert session.optimise(data).objective == pytest.approx(80.0)  # the budget put back
    assert explained(data, budget=True).next_meur == pytest.approx(30)  # as a run gives it
