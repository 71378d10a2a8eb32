"""Create → solve → tie-break, for the baseline and the scenario, on one model.

A `Session` builds the model once and keeps it on one persistent HiGHS instance (each
solve warm-starts from the last). `Session.optimise` solves the baseline, the scenario
(first solve, with duals and reduced costs) and the tie rule's second solve; on the same
model the driver may then ask for the budget range and the trade-off curve. Each result
is copied out as plain `Values` when it is solved, and the run returns a `Solution` that
holds no Pyomo object.

A scenario without a portfolio raises `NoPortfolioError`, which carries what the diagnosis needs
(the baseline's weighted primary use by year); saying why is the driver's job
(`model.run.driver.explained`), so a caller that only needs to know (limited foresight's
look at a plan, an ensemble's plain re-solve) does not pay for it.
`optimise(data)` is a session opened, optimised and closed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from pyomo.common.gc_manager import PauseGC

from model.data.model_data import ModelData
from model.data.time_model import time_model
from model.errors import InfeasibleError, InputError, SolverError, UndecidedError
from model.formulation.model import create_model
from model.formulation.modes import (
    mutable_levels,
    set_target,
    set_tie,
    use_baseline,
    use_scenario,
)
from model.run.baseline import baseline_problems
from model.run.budget import budget_range, sweep
from model.run.rates import entry_rates, open_keys
from model.run.revalue import Compiled
from model.run.solution import BudgetRange, Solution, SweepPoint, take
from model.solver.highs import LpSolver

log = logging.getLogger(__name__)

# From this many constraint rows on, a run takes long enough (about ten seconds and up)
# that each stage is announced on the log as it starts, with the last one's time.
LARGE_ROWS = 10_000


class NoPortfolioError(InfeasibleError):
    """The scenario has no portfolio: no limit set is feasible, or HiGHS stopped
    undecided (`undecided`). Not yet said why: `model.run.driver.explained` diagnoses."""

    def __init__(self, baseline_by_year: dict, undecided: UndecidedError | None = None):
        super().__init__("no portfolio meets every limit (not diagnosed)")
        self.baseline_by_year = baseline_by_year
        self.undecided = undecided


class Session:
    """One scenario's model on one persistent HiGHS instance, solved in turn. `compiled`:
    a model already built and re-valued for `data` (an ensemble's worker), solved in
    place and left open when the session closes. Each solve is given the `data` the
    model was built for, as the model's switches (`model.formulation.modes`) are."""

    def __init__(
        self, data: ModelData, *, time_limit: float | None = None, compiled: Compiled | None = None
    ):
        self.seconds: dict[str, float] = {}
        clock = time.perf_counter()
        if compiled is None:
            with PauseGC():  # hundreds of thousands of Pyomo objects, none garbage yet
                self.model = create_model(data, set_up=False)  # `optimise` sets it up
            self.solver = LpSolver(time_limit)
            rows = self.model.nconstraints()
        else:
            self.model, self.solver = compiled.model, compiled.solver
            rows = len(compiled.lp.constraints)
        self.seconds["build"] = time.perf_counter() - clock
        self._owned = compiled is None
        self.large = rows >= LARGE_ROWS
        self.say = log.info if self.large else log.debug
        if self._owned:
            self.say(
                "Model built in %.1f s: %s rows, %s columns. Solving current practice (the "
                "baseline)…",
                self.seconds["build"],
                f"{rows:,}",
                f"{self.model.nvariables():,}",
            )

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """The solver's memory back (before the result tables are built), unless the
        model is an ensemble worker's compiled one."""
        if self._owned:
            self.solver.close()

    def optimise(self, data: ModelData) -> Solution:
        """The baseline, then the scenario with its objective and the tie rule.

        Python's garbage collector is paused meanwhile, as during the build and each
        solve: the switches, the values taken and the duals are new objects by the
        ten thousand, none of them garbage, and a collection among them would walk every
        object of the model."""
        with PauseGC():
            model, solver, seconds = self.model, self.solver, self.seconds
            flows = time_model(data)
            clock = time.perf_counter()
            use_baseline(model, flows)
            if not solver.solve(model).optimal:
                raise InputError(baseline_problems(data))
            baseline = take(model, flows)
            seconds["baseline"] = time.perf_counter() - clock
            self.say(
                "Baseline solved in %.1f s. Solving the scenario (%s) and its tie rule…",
                seconds["baseline"],
                data.settings.objective,
            )

            clock = time.perf_counter()
            use_scenario(model, flows)
            set_target(model, flows, baseline.weighted_by_year)
            levels = mutable_levels(model)
            try:
                first = solver.solve(model, duals=True)
            except UndecidedError as exc:  # a long horizon's numbers: neither solved nor refuted
                raise NoPortfolioError(baseline.weighted_by_year, undecided=exc) from None
            if not first.optimal:
                raise NoPortfolioError(baseline.weighted_by_year)
            set_tie(model, float(first.objective))
            if not solver.solve(model, feasible_start=True).optimal:
                raise SolverError("the tie-breaking second solve failed; report this as a bug")
            portfolio = take(model, flows)
            seconds["solve"] = time.perf_counter() - clock
            return Solution(
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
                large=self.large,
            )

    def budget_range(self) -> BudgetRange:
        """The least feasible and saturation budgets (three more solves), after
        `optimise`."""
        self.say(
            "Scenario solved in %.1f s. Finding the least feasible and the saturation budgets…",
            self.seconds["solve"],
        )
        clock = time.perf_counter()
        span = budget_range(self.model, self.solver)
        self.seconds["budget_range"] = time.perf_counter() - clock
        self.say("Budgets found in %.1f s.", self.seconds["budget_range"])
        return span

    def sweep(
        self,
        data: ModelData,
        points: int,
        span: BudgetRange,
        progress: Callable[[int, int], None] | None,
    ) -> list[SweepPoint]:
        """The budget trade-off curve at `points` budgets (or budget factors) between the
        least feasible and the saturation one of `span`."""
        factors = (
            "budget factors" if self.model.component("BudgetFactor") is not None else "budgets"
        )
        self.say("Tracing the trade-off curve over %d %s…", points, factors)
        clock = time.perf_counter()
        curve = sweep(self.model, self.solver, data, points, span, progress)
        self.seconds["sweep"] = time.perf_counter() - clock
        self.say("Trade-off curve traced in %.1f s.", self.seconds["sweep"])
        return curve

    def entry_rates(self, data: ModelData, solution: Solution) -> dict:
        """The reduced cost of each measure at its lower bound that reads 0 at a
        degenerate optimum, measured (`model.run.rates`): the scenario set up again, its
        first objective alone, one warm re-solve a measure. Last, after any other solve."""
        flows = time_model(data)
        use_scenario(self.model, flows)
        set_target(self.model, flows, solution.baseline.weighted_by_year)
        keys = open_keys(self.model, solution.portfolio.activity, solution.reduced_costs)
        if not keys:
            return {}
        clock = time.perf_counter()
        rates = entry_rates(self.model, self.solver, flows, solution.objective, keys)
        self.seconds["rates"] = time.perf_counter() - clock
        self.say("Reduced costs at a degenerate optimum measured in %.1f s.", self.seconds["rates"])
        return rates


def optimise(
    data: ModelData, *, time_limit: float | None = None, compiled: Compiled | None = None
) -> Solution:
    """The baseline, the scenario and its tie rule on a model built for `data` (or the
    ensemble worker's `compiled` one); `NoPortfolioError` where the scenario has no portfolio."""
    with Session(data, time_limit=time_limit, compiled=compiled) as session:
        return session.optimise(data)
