"""Solve a Pyomo model with HiGHS through Pyomo's contrib solver interface.

`LpSolver.solve(model)` branches on the termination condition (no exception-driven
control flow): optimal → a `Solve` with the objective, duals and reduced costs read at
once; infeasible → `Infeasible`; anything else → `SolverError` (exit status 4).
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field

import pyomo.core as pyo
from pyomo.common.collections import ComponentMap
from pyomo.contrib.solver.common.results import TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from model.errors import SolverError

log = logging.getLogger(__name__)

_INFEASIBLE = (
    TerminationCondition.provenInfeasible,
    TerminationCondition.locallyInfeasible,
    # The objectives are bounded below by 0, so "infeasible or unbounded" is infeasible.
    TerminationCondition.infeasibleOrUnbounded,
)


# What the persistent interface must look at when only parameter values and the choice
# of objective changed since the last solve.
VALUES_ONLY = {
    "check_for_new_or_removed_constraints": False,
    "check_for_new_or_removed_vars": False,
    "check_for_new_or_removed_params": False,
    "update_constraints": False,
    "update_vars": False,
    "update_named_expressions": False,
    "check_for_new_objective": True,
    "update_objective": True,
    "update_parameters": True,
}


@dataclass
class Solve:
    """One solve: status, objective, and (if asked) duals and reduced costs."""

    status: str
    objective: float | None = None
    duals: ComponentMap = field(default_factory=ComponentMap)  # constraint -> d obj / d rhs
    reduced_costs: ComponentMap = field(default_factory=ComponentMap)  # var -> reduced cost

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


class LpSolver:
    """A persistent HiGHS instance: re-solves after small changes reuse its warm start."""

    def __init__(self, time_limit: float | None = None):
        self.solver = Highs()
        if not self.solver.available():
            raise SolverError("the HiGHS solver (Python package highspy) is not installed")
        self.time_limit = time_limit

    def close(self) -> None:
        """Free HiGHS's copy of the model and the interface's maps of it. They hold
        reference cycles, so collect them now: a run's next stage (the result tables and
        the workbook) then reuses that memory instead of adding to the peak."""
        self.solver = None
        gc.collect()

    @property
    def version(self) -> str:
        return ".".join(str(v) for v in self.solver.version())

    def solve(
        self, model: pyo.ConcreteModel, *, duals: bool = False, values_only: bool = False
    ) -> Solve:
        """Solve `model`; on optimality load the primal values into it. `values_only`:
        since the last solve only mutable parameters and the active objective changed
        (no row or bound switched), so the interface may skip its structural checks."""
        results = self.solver.solve(
            model,
            load_solutions=False,
            raise_exception_on_nonoptimal_result=False,
            time_limit=self.time_limit,
            auto_updates=VALUES_ONLY if values_only else {},
        )
        condition = results.termination_condition
        if condition == TerminationCondition.convergenceCriteriaSatisfied:
            loader = results.solution_loader
            loader.load_vars()
            out = Solve("optimal", results.incumbent_objective)
            if duals:
                out.duals = ComponentMap(loader.get_duals())
                out.reduced_costs = ComponentMap(loader.get_reduced_costs())
            return out
        if condition in _INFEASIBLE:
            return Solve("infeasible")
        if condition == TerminationCondition.maxTimeLimit:
            raise SolverError(
                f"the solver stopped at the time limit ({self.time_limit:g} s) before it "
                "proved an optimum; raise --time-limit or make the workbook smaller"
            )
        raise SolverError(
            f"the solver stopped without an optimum ({condition.name}); "
            "check the input for extreme numbers (very large or very small coefficients)"
        )
