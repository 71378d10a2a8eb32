"""What money can do: the least feasible budget, the saturation budget, and the budget
trade-off curve, each solved on one persistent model where only the budget changes.

All of it runs on the scenario's own model and persistent solver (warm starts), after the
scenario's portfolio has been copied out.

- least feasible budget: min Σ c_s x_s subject to every limit but the budget (and the
  target): what the minimum activities and the recycled-content obligations cost.
- saturation budget: the cheapest portfolio that reaches the optimum with no budget
  limit (the tie rule applied to that optimum); beyond it more money saves nothing.
- sweep: `points` budgets evenly spaced from the first to the second, each solved with
  the min_primary objective and the tie rule, re-using the solver's warm start.
- the next million: what €1 M more than the budget saves, solved (the budget row's
  shadow price is the rate of its first euro, which may fall within the million).
"""

from __future__ import annotations

from collections.abc import Callable

import pyomo.core as pyo

from model.data.time_model import time_model
from model.errors import SolverError
from model.formulation.goals import tie_level
from model.formulation.modes import (
    clear_tie,
    set_budget,
    set_objective,
    set_tie,
    sweep_first,
    sweep_tie,
    use_budget_factor,
    use_budget_range,
    use_scenario,
    use_sweep,
)
from model.formulation.spending import BUDGET
from model.run.solution import BudgetRange, SweepPoint, take
from model.schema.units import TOL
from model.solver.highs import LpSolver


def budget_range(model: pyo.ConcreteModel, solver: LpSolver) -> BudgetRange:
    """The least feasible and saturation budgets (MODEL.md), or in a pathway the least
    and saturation factors on every year's budget (PATHWAY.md): three solves on the
    scenario's own model."""
    if model.component("BudgetFactor") is not None:
        return _factor_range(model, solver)
    return _budget_range(model, solver)


def _budget_range(model: pyo.ConcreteModel, solver: LpSolver) -> BudgetRange:
    """One year: the budget row and the target off. In this order (least, best,
    saturation) each solve starts from a basis close to its optimum: 12–37 % faster at
    100k nonzeros than best, saturation, least (docs/performance.md)."""
    use_budget_range(model)
    set_objective(model, "min_cost")
    least = solver.solve(model)
    if not least.optimal:
        return BudgetRange(None, None, None)
    set_objective(model, "min_primary")
    best = solver.solve(model)
    set_tie(model, float(best.objective))
    saturation = solver.solve(model, feasible_start=True)
    return BudgetRange(
        float(least.objective),
        float(saturation.objective) if saturation.optimal else None,
        float(best.objective) if best.optimal else None,
    )


def _factor_range(model: pyo.ConcreteModel, solver: LpSolver) -> BudgetRange:
    """A pathway: one factor theta on every year's budget: the least theta that allows
    a pathway, the best weighted primary use with any money, and the least theta that
    reaches it (the saturation). Without budgets theta is a flat yearly budget in €."""
    use_budget_factor(model, "factor")
    least = solver.solve(model)
    if not least.optimal:
        return BudgetRange(None, None, None)
    use_budget_factor(model, "min_primary")
    best = solver.solve(model)
    if not best.optimal:
        return BudgetRange(float(least.objective), None, None)
    model.tie_level.set_value(tie_level(float(best.objective)))
    use_budget_factor(model, "saturation")
    saturation = solver.solve(model, feasible_start=True)
    return BudgetRange(
        float(least.objective),
        float(saturation.objective) if saturation.optimal else None,
        float(best.objective),
    )


def sweep_budgets(least: float, saturation: float, points: int) -> list[float]:
    """`points` budgets from least to saturation, evenly spaced on a log scale (the curve
    bends most at small budgets); from 0 the second point is saturation / 10⁴."""
    low = least * (1 + 1e-9) + TOL  # a hair above, so round-off cannot make it infeasible
    high = max(saturation, low)
    if points < 2 or high <= low * (1 + 1e-9):
        return [low] * max(points, 1)
    start = low if low > high * 1e-4 else high * 1e-4
    steps = points - 1 if start == low else points - 2
    grid = [start * (high / start) ** (i / steps) for i in range(steps + 1)]
    return ([low] if start != low else []) + grid[:-1] + [high]


def sweep(
    model: pyo.ConcreteModel,
    solver: LpSolver,
    data,
    points: int,
    span: BudgetRange,
    progress: Callable[[int, int], None] | None = None,
) -> list[SweepPoint]:
    """The trade-off curve: `points` budgets (in a pathway: factors theta on every
    year's budget) from the least to the saturation one, each solved with min_primary
    and the tie rule. One year: only the budget level changes between points, so each
    re-solve sends parameter values only, and a point's saving per €1 M is the budget
    row's shadow price. A point's activity is summed over the horizon."""
    if span.least_eur is None or span.saturation_eur is None:
        return []
    factor = model.component("BudgetFactor")
    if factor is None:
        use_sweep(model)  # the tie row stays on; its level alone moves
    flows = time_model(data)
    out: list[SweepPoint] = []
    for i, level in enumerate(sweep_budgets(span.least_eur, span.saturation_eur, points)):
        if factor is None:
            sweep_first(model, level)
            first = solver.solve(model, duals=True, values_only=i > 0)
        else:
            use_budget_factor(model, "min_primary")
            factor.setlb(level)
            factor.setub(level)
            first = solver.solve(model)
        if not first.optimal:
            out.append(SweepPoint(level, first.status))
        else:
            if factor is None:
                saving = -first.duals.get((BUDGET.name, None), 0.0) * 1e6
                sweep_tie(model, float(first.objective))
                solver.solve(model, values_only=True, feasible_start=True)
            else:
                saving = None
                set_tie(model, float(first.objective))
                solver.solve(model, feasible_start=True)
            portfolio = take(model, flows)
            activity: dict[str, float] = {}
            for key, x in portfolio.activity.items():
                s = flows.split(key)[0]
                activity[s] = activity.get(s, 0.0) + x
            out.append(
                SweepPoint(
                    level, "optimal", float(first.objective), portfolio.cost, saving, activity
                )
            )
        if progress:
            progress(i + 1, points)
    return out


MILLION = 1e6  # € the summary's "next €1 M" adds to the budget


def measured_next_million(model: pyo.ConcreteModel, solver: LpSolver, data, optimum: float):
    """`next_million` where the summary asks it: min_primary under one budget row (one
    year's; a pathway's budgets are one a year, each with its shadow price on the
    pathway sheet); else None. The scenario is set up again first."""
    level = model.budget_eur
    if data.settings.objective != "min_primary" or level.is_indexed():
        return None
    if data.settings.budget_eur is None:
        return None
    use_scenario(model, time_model(data))  # after the budget range, the curve, the rates
    set_objective(model, "min_primary")
    return next_million(model, solver, data.settings.budget_eur, optimum)


def next_million(
    model: pyo.ConcreteModel, solver: LpSolver, budget: float, optimum: float, step=MILLION
) -> float | None:
    """One year, min_primary, after `optimise` (the scenario set up, `optimum` its first
    objective): the weighted tonnes of primary use that `step` € more than `budget`
    saves, the first objective solved again with the budget row at budget + step (the
    tie row off); None if that solve is not optimal or undecided. The budget is put back. The budget
    row's shadow price × step says the same only while the saving per euro holds over
    the whole step: the default example's budget saves 986 weighted t per €1 M at the
    margin, but the next €1 M saves 942."""
    clear_tie(model)
    set_budget(model, budget + step)
    try:
        found = solver.solve(model)
    except SolverError:
        return None  # the shadow price stands alone
    finally:
        set_budget(model, budget)
    if not found.optimal:
        return None
    return max(0.0, optimum - float(found.objective))
