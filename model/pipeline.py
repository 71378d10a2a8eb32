"""Create → solve → tie-break, for the baseline and the scenario.

`optimise(data)` returns an `Outcome` holding both solved models, the first solve's
objective, duals and reduced costs, and timings. Infeasibility becomes an error whose
message names the conflicting limits (`model.diagnose`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyomo.environ as pyo

from model import diagnose
from model.budget import BudgetRange, SweepPoint, budget_range, sweep
from model.data import ModelData
from model.errors import InfeasibleError, InputError, SolverError
from model.formulation import create_model, set_target, set_tie
from model.solve import LpSolver, Solve


@dataclass
class Baseline:
    """The baseline solved: every activity at min_t, no budget, no obligation."""

    model: pyo.ConcreteModel
    weighted_primary_use: float


@dataclass
class Outcome:
    """Everything the result tables need."""

    data: ModelData
    baseline: Baseline
    model: pyo.ConcreteModel  # primal values of the reported (tie-broken) portfolio
    first: Solve  # objective, duals and reduced costs of the first solve
    tie: Solve
    solver_version: str
    seconds: dict[str, float] = field(default_factory=dict)
    span: BudgetRange | None = None  # least feasible and saturation budgets
    sweep: list[SweepPoint] = field(default_factory=list)  # the trade-off curve

    @property
    def objective(self) -> float:
        return float(self.first.objective)


def solve_baseline(data: ModelData, solver: LpSolver) -> Baseline:
    model = create_model(data, baseline=True)
    result = solver.solve(model)
    if not result.optimal:
        raise InputError(diagnose.baseline_problems(data))
    return Baseline(model, float(pyo.value(model.WeightedPrimaryUse)))


def optimise(
    data: ModelData,
    *,
    time_limit: float | None = None,
    explain_budget: bool = False,
    sweep_points: int = 0,
    progress=None,
) -> Outcome:
    """Solve the baseline, then the scenario with its objective and the tie rule; with
    `explain_budget`, also the least feasible and saturation budgets, and with
    `sweep_points` ≥ 2 the budget trade-off curve."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    solver = LpSolver(time_limit)
    baseline = solve_baseline(data, solver)
    seconds["baseline"] = time.perf_counter() - clock

    clock = time.perf_counter()
    model = create_model(data)
    if data.objective == "min_cost":
        set_target(model, data, baseline.weighted_primary_use)
    seconds["build"] = time.perf_counter() - clock

    clock = time.perf_counter()
    solver = LpSolver(time_limit)  # one persistent instance for both solves
    first = solver.solve(model, duals=True)
    if not first.optimal:
        diagnosis = diagnose.explain(data, baseline.weighted_primary_use)
        raise InfeasibleError(diagnosis.message, diagnosis)
    set_tie(model, float(first.objective))
    tie = solver.solve(model)
    if not tie.optimal:
        raise SolverError("the tie-breaking second solve failed; report this as a bug")
    seconds["solve"] = time.perf_counter() - clock
    outcome = Outcome(data, baseline, model, first, tie, solver.version, seconds)
    if explain_budget or sweep_points >= 2:
        clock = time.perf_counter()
        outcome.span = budget_range(data, time_limit)
        seconds["budget_range"] = time.perf_counter() - clock
    if sweep_points >= 2:
        clock = time.perf_counter()
        outcome.sweep = sweep(data, sweep_points, outcome.span, progress, time_limit)
        seconds["sweep"] = time.perf_counter() - clock
    return outcome
