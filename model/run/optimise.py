"""Create → solve → tie-break, for the baseline and the scenario, on one model.

`optimise(data)` builds the model once and solves, on one persistent HiGHS instance (each
solve warm-starts from the last): the baseline, the scenario (first solve, with duals and
reduced costs), the tie rule's second solve, and on request the budget range and the
trade-off curve. Each result is copied out as plain `Values` when it is solved, and the
run returns a `Solution` that holds no Pyomo object. Infeasibility becomes an error
whose message names the conflicting limits.
"""

from __future__ import annotations

import logging
import time

from pyomo.common.gc_manager import PauseGC

from model.data.model_data import ModelData
from model.errors import InfeasibleError, InputError, SolverError, UndecidedError
from model.formulation.model import create_model
from model.formulation.modes import set_target, set_tie, use_baseline, use_scenario
from model.run import diagnose
from model.run.baseline import baseline_problems
from model.run.budget import budget_range, sweep
from model.run.revalue import Compiled
from model.run.solution import Solution, take
from model.solver.highs import LpSolver

log = logging.getLogger(__name__)

# From this many constraint rows on, a run takes long enough (about ten seconds and up)
# that each stage is announced on the log as it starts, with the last one's time.
LARGE_ROWS = 10_000


def mutable_levels(model) -> dict:
    """The mutable levels at the first solve: by name, or by (name, year) in a pathway."""
    out = {}
    for name in ("budget_eur", "target_level"):
        level = model.component(name)
        if level.is_indexed():
            out.update({(name, t): p.value for t, p in level.items()})
        else:
            out[name] = level.value
    return out


def optimise(
    data: ModelData,
    *,
    time_limit: float | None = None,
    explain_budget: bool = False,
    sweep_points: int = 0,
    progress=None,
    compiled: Compiled | None = None,
) -> Solution:
    """Solve the baseline, then the scenario with its objective and the tie rule; with
    `explain_budget`, also the least feasible and saturation budgets (three more
    solves, which an ensemble may skip), and with `sweep_points` ≥ 2 the budget
    trade-off curve. `compiled`: a model already built and re-valued for `data` (an
    ensemble's worker), solved in place and kept open."""
    settings = data.settings
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    if compiled is None:
        with PauseGC():  # hundreds of thousands of Pyomo objects, none of them garbage yet
            model = create_model(data)
    else:
        model = compiled.model
    seconds["build"] = time.perf_counter() - clock
    rows = model.nconstraints() if compiled is None else len(compiled.lp.constraints)
    large = rows >= LARGE_ROWS
    say = log.info if large else log.debug
    if compiled is None:
        say(
            "Model built in %.1f s: %s rows, %s columns. Solving current practice (the baseline)…",
            seconds["build"],
            f"{rows:,}",
            f"{model.nvariables():,}",
        )

    clock = time.perf_counter()
    solver = LpSolver(time_limit) if compiled is None else compiled.solver
    try:
        use_baseline(model, data)
        if not solver.solve(model).optimal:
            raise InputError(baseline_problems(data))
        baseline = take(model, data)
        seconds["baseline"] = time.perf_counter() - clock
        say(
            "Baseline solved in %.1f s. Solving the scenario (%s) and its tie rule…",
            seconds["baseline"],
            settings.objective,
        )

        clock = time.perf_counter()
        use_scenario(model, data)
        if settings.objective == "min_cost":
            set_target(model, data, baseline.weighted_by_year)
        levels = mutable_levels(model)
        try:
            first = solver.solve(model, duals=True)
        except UndecidedError:
            # HiGHS could neither solve nor refute it (a long horizon's numbers); the
            # elastic diagnosis, always feasible, decides whether a limit must move.
            diagnosis = diagnose.explain(data, baseline.weighted_by_year)
            if not diagnosis.rows:  # it names no limit that must move
                raise
            raise InfeasibleError(diagnosis.message, diagnosis) from None
        if not first.optimal:
            diagnosis = diagnose.explain(data, baseline.weighted_by_year)
            raise InfeasibleError(diagnosis.message, diagnosis)
        set_tie(model, float(first.objective))
        if not solver.solve(model, feasible_start=True).optimal:
            raise SolverError("the tie-breaking second solve failed; report this as a bug")
        portfolio = take(model, data)
        seconds["solve"] = time.perf_counter() - clock

        solution = Solution(
            baseline=baseline,
            portfolio=portfolio,
            objective=float(first.objective),
            duals=first.duals,
            reduced_costs={
                s: rc for (var, s), rc in first.reduced_costs.items() if var == "Activity"
            },
            levels=levels,
            solver_version=solver.version,
            seconds=seconds,
            large=large,
        )
        if explain_budget or sweep_points >= 2:
            say(
                "Scenario solved in %.1f s. Finding the least feasible and the saturation budgets…",
                seconds["solve"],
            )
            clock = time.perf_counter()
            solution.span = budget_range(model, solver)
            seconds["budget_range"] = time.perf_counter() - clock
            say("Budgets found in %.1f s.", seconds["budget_range"])
        if sweep_points >= 2:
            factors = "budget factors" if model.component("BudgetFactor") is not None else "budgets"
            say("Tracing the trade-off curve over %d %s…", sweep_points, factors)
            clock = time.perf_counter()
            solution.sweep = sweep(model, solver, data, sweep_points, solution.span, progress)
            seconds["sweep"] = time.perf_counter() - clock
            say("Trade-off curve traced in %.1f s.", seconds["sweep"])
        return solution
    finally:
        if compiled is None:
            solver.close()  # its memory goes back before the result tables are built
