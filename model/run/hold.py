"""A fixed portfolio under other values: is it still feasible, and what does it achieve?
(The uncertainty ensemble holds the base optimum's activities and asks this of every
sample.)"""

from __future__ import annotations

from dataclasses import dataclass

from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.formulation.model import create_model
from model.formulation.modes import hold_activity, set_target, use_baseline, use_scenario
from model.run.revalue import Compiled
from model.run.solution import take
from model.solver.highs import LpSolver


@dataclass(frozen=True)
class Held:
    feasible: bool
    baseline_weighted: float | None  # current practice under these values
    weighted: float | None  # weighted primary use with the portfolio held
    cost: float | None  # its cost under these values


def hold(
    data: ModelData,
    activity: dict[str, float],
    baseline=None,
    compiled: Compiled | None = None,
) -> Held:
    """`activity` fixed, every limit of `data` in force (budget, obligations, target),
    new purchases and secondary use free: the least weighted primary use it allows.
    `baseline`: current practice under `data` (Values),
    where the caller has solved it already. `compiled`: a model already built and
    re-valued for `data`, solved in place (warm from its last solve) and kept open."""
    model = create_model(data) if compiled is None else compiled.model
    solver = LpSolver() if compiled is None else compiled.solver
    flows = time_model(data)
    try:
        if baseline is None:
            use_baseline(model, flows)
            if not solver.solve(model).optimal:
                return Held(False, None, None, None)
            baseline = take(model, flows)
        use_scenario(model, flows)
        set_target(model, flows, baseline.weighted_by_year)
        hold_activity(model, activity)
        if not solver.solve(model).optimal:
            return Held(False, baseline.weighted, None, None)
        held = take(model, flows)
        return Held(True, baseline.weighted, held.weighted, held.cost)
    finally:
        if compiled is None:
            solver.close()
