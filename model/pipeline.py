"""Create → solve → tie-break, for the baseline and the scenario, on one model.

`optimise(data)` builds the model once and solves, on one persistent HiGHS instance (each
solve warm-starts from the last): the baseline, the scenario (first solve, with duals and
reduced costs), the tie rule's second solve, and on request the budget range and the
trade-off curve. Each result is copied out as a `Snapshot` when it is solved.
Infeasibility becomes an error whose message names the conflicting limits.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import pyomo.core as pyo
from pyomo.common.gc_manager import PauseGC

from model import diagnose
from model.budget import BudgetRange, SweepPoint, budget_range, sweep
from model.data import ModelData
from model.errors import InfeasibleError, InputError, SolverError
from model.formulation import create_model, set_target, set_tie, use_baseline, use_scenario
from model.snapshot import Snapshot, take
from model.solve import LpSolver, Solve

log = logging.getLogger(__name__)

# From this many constraint rows on, a run takes long enough (about ten seconds and up)
# that each stage is announced on the log as it starts, with the last one's time.
LARGE_ROWS = 10_000


@dataclass
class Outcome:
    """Everything the result tables need."""

    data: ModelData
    model: pyo.ConcreteModel  # its components key the duals; its values move on
    baseline: Snapshot  # current practice
    portfolio: Snapshot  # the reported (tie-broken) portfolio
    first: Solve  # objective, duals and reduced costs of the first solve
    solver_version: str
    seconds: dict[str, float] = field(default_factory=dict)
    span: BudgetRange | None = None  # least feasible and saturation budgets
    sweep: list[SweepPoint] = field(default_factory=list)  # the trade-off curve
    large: bool = False  # LARGE_ROWS rows or more: stages are announced on the log

    @property
    def objective(self) -> float:
        return float(self.first.objective)


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
    with PauseGC():  # hundreds of thousands of Pyomo objects, none of them garbage yet
        model = create_model(data)
    seconds["build"] = time.perf_counter() - clock
    rows = model.nconstraints()
    large = rows >= LARGE_ROWS
    say = log.info if large else log.debug
    say(
        "Model built in %.1f s: %s rows, %s columns. Solving current practice (the baseline)…",
        seconds["build"],
        f"{rows:,}",
        f"{model.nvariables():,}",
    )

    clock = time.perf_counter()
    solver = LpSolver(time_limit)
    try:
        use_baseline(model, data)
        if not solver.solve(model).optimal:
            raise InputError(diagnose.baseline_problems(data))
        baseline = take(model, data)
        seconds["baseline"] = time.perf_counter() - clock
        say(
            "Baseline solved in %.1f s. Solving the scenario (%s) and its tie rule…",
            seconds["baseline"],
            data.objective,
        )

        clock = time.perf_counter()
        use_scenario(model, data)
        if data.objective == "min_cost":
            set_target(model, data, baseline.weighted)
        first = solver.solve(model, duals=True)
        if not first.optimal:
            diagnosis = diagnose.explain(data, baseline.weighted)
            raise InfeasibleError(diagnosis.message, diagnosis)
        set_tie(model, float(first.objective))
        if not solver.solve(model).optimal:
            raise SolverError("the tie-breaking second solve failed; report this as a bug")
        portfolio = take(model, data)
        seconds["solve"] = time.perf_counter() - clock

        outcome = Outcome(data, model, baseline, portfolio, first, solver.version, seconds)
        outcome.large = large
        if explain_budget or sweep_points >= 2:
            say(
                "Scenario solved in %.1f s. Finding the least feasible and the saturation budgets…",
                seconds["solve"],
            )
            clock = time.perf_counter()
            outcome.span = budget_range(model, solver, data)
            seconds["budget_range"] = time.perf_counter() - clock
            say("Budgets found in %.1f s.", seconds["budget_range"])
        if sweep_points >= 2:
            say("Tracing the trade-off curve over %d budgets…", sweep_points)
            clock = time.perf_counter()
            outcome.sweep = sweep(model, solver, data, sweep_points, outcome.span, progress)
            seconds["sweep"] = time.perf_counter() - clock
            say("Trade-off curve traced in %.1f s.", seconds["sweep"])
        return outcome
    finally:
        solver.close()  # its memory goes back before the result tables are built
