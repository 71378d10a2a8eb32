"""Solve a Pyomo model with HiGHS (highspy), re-solving from the last basis.

`LpSolver.solve(model)` compiles the model into HiGHS on its first call
(model/solver/lp.py) and afterwards sends only what changed. It branches on HiGHS's
model status (no exception-driven control flow): optimal → a `Solve` with the
objective, the primal values loaded into the model, and (if asked) duals and reduced
costs as plain dicts keyed by (component name, index); infeasible → a `Solve` with
status "infeasible"; anything else → `SolverError` (exit status 4).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import highspy
import numpy as np
import pyomo.core as pyo
from pyomo.common.gc_manager import PauseGC

from model.errors import SolverError, UndecidedError
from model.solver.lp import HighsLp, component_key, new_highs

log = logging.getLogger(__name__)

_STATUS = highspy.HighsModelStatus
_INFEASIBLE = (
    _STATUS.kInfeasible,
    # The objectives are bounded below by 0, so "infeasible or unbounded" is infeasible.
    _STATUS.kUnboundedOrInfeasible,
)


_DECIDED = (_STATUS.kOptimal, *_INFEASIBLE, _STATUS.kTimeLimit)
DUAL, PRIMAL = 1, 4  # HiGHS's simplex_strategy: the dual (its default) or the primal simplex


def _again(highs: highspy.Highs):
    """HiGHS stopped undecided (status Unknown: numerical trouble, seen on pathways whose
    warm start came from another solve): solve again from scratch, then, if need be, with
    the interior-point method. Both steps are deterministic."""
    log.debug("HiGHS stopped undecided; solving again from scratch")
    highs.clearSolver()
    highs.run()
    status = highs.getModelStatus()
    if status in _DECIDED:
        return status
    highs.setOptionValue("solver", "ipm")
    try:
        highs.clearSolver()
        highs.run()
        return highs.getModelStatus()
    finally:
        highs.setOptionValue("solver", "choose")


@dataclass
class Solve:
    """One solve: status, objective, and (if asked) duals and reduced costs."""

    status: str
    objective: float | None = None
    # (constraint name, index) -> d objective / d right-hand side, for the rows switched on
    duals: dict[tuple[str, object], float] = field(default_factory=dict)
    # (variable name, index) -> reduced cost
    reduced_costs: dict[tuple[str, object], float] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


class LpSolver:
    """One HiGHS instance per model: re-solves after small changes reuse its warm start."""

    def __init__(self, time_limit: float | None = None):
        self.time_limit = time_limit
        self._lp: HighsLp | None = None

    def compile(self, model: pyo.ConcreteModel) -> HighsLp:
        """Compile `model` into HiGHS now (else the first `solve` does)."""
        self._lp = HighsLp(model)
        return self._lp

    def close(self) -> None:
        """Free HiGHS's copy of the model and the maps to it (nothing refers back to
        them, so they go at once): a run's next stage, the result tables and the
        workbook, then reuses that memory instead of adding to the peak."""
        self._lp = None

    @property
    def version(self) -> str:
        return (self._lp.highs if self._lp else new_highs()).version()

    def solve(
        self,
        model: pyo.ConcreteModel,
        *,
        duals: bool = False,
        values_only: bool = False,
        feasible_start: bool = False,
    ) -> Solve:
        """Solve `model`; on optimality load the primal values into it. `values_only`:
        since the last solve only mutable parameters and the active objective changed
        (no bound or row switched), so the scans for those are skipped.
        `feasible_start`: the last solve's optimum is still feasible (the objective
        changed, limits only loosened or a tie row was put above the optimum), so the
        primal simplex goes on from its basis; the dual simplex, HiGHS's default, would
        start over from a basis that is no longer dual feasible (a tie rule's solve at
        227k nonzeros: 2 primal iterations against 100 s of dual ones, docs/performance.md).

        Python's garbage collector is paused meanwhile: the values and duals read back
        are tens of thousands of new objects, and a collection started among them would
        walk every object of the model (none of them garbage)."""
        with PauseGC():
            return self._solve(
                model, duals=duals, values_only=values_only, feasible_start=feasible_start
            )

    def _solve(
        self, model: pyo.ConcreteModel, *, duals: bool, values_only: bool, feasible_start: bool
    ) -> Solve:
        if self._lp is None or self._lp.model is not model:
            self.compile(model)
            values_only = False
        lp = self._lp
        lp.sync(structure=not values_only)
        highs = lp.highs
        if self.time_limit is not None:
            highs.setOptionValue("time_limit", float(self.time_limit))
        if feasible_start:
            highs.setOptionValue("simplex_strategy", PRIMAL)
        try:
            highs.run()
            status = highs.getModelStatus()
            if status not in _DECIDED:
                status = _again(highs)
        finally:
            if feasible_start:
                highs.setOptionValue("simplex_strategy", DUAL)
        if status == _STATUS.kOptimal:
            solution = highs.getSolution()
            lp.load_primals(solution.col_value)
            out = Solve("optimal", highs.getInfo().objective_function_value)
            if duals:
                row_dual = solution.row_dual
                rows, columns = lp.keys(component_key)
                out.duals = {rows[i]: row_dual[i] for i in np.flatnonzero(lp.active).tolist()}
                out.reduced_costs = dict(zip(columns, solution.col_dual, strict=True))
            return out
        if status in _INFEASIBLE:
            return Solve("infeasible")
        if status == _STATUS.kTimeLimit:
            raise SolverError(
                f"the solver stopped at the time limit ({self.time_limit:g} s) before it "
                "proved an optimum; raise --time-limit or make the workbook smaller"
            )
        raise UndecidedError(
            f"the solver stopped without an optimum ({highs.modelStatusToString(status)}); "
            "check the input for extreme numbers (very large or very small coefficients)"
        )
