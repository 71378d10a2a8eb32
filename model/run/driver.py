"""The run driver: how the model is solved for each kind of run, with the options a user
gives. It solves and hands back plain values (a `Solution`, an `Outcome` per scenario);
it reads and writes no file, and an error is the project's exception (model.errors).
Writing the workbooks is the layer above the report (`model.app.drive`), which calls
this module for every solve.

The modes:
- one scenario: `solve`, which is `explained`: `run.optimise`'s session (baseline,
  scenario, tie rule), then on the same model the budget range and the trade-off curve,
  and where the scenario has no portfolio, the diagnosis (`run.diagnose`) of why;
- scenarios side by side: `solve_each`, each scenario solved in turn and handed back as
  soon as it is solved (so its workbook is written, and the solver's memory released,
  before the next one is built); one without a portfolio is an `Outcome` saying why;
- an ensemble: `solve` for the base, then its samples on Dask (model.ensemble, which
  re-optimises each sample with `explained` on a worker's compiled model);
- limited foresight (the setting `foresight`): `solve` hands the pathway to
  `model.run.foresight.optimise_myopic`, which solves windows of the one model over the
  years in turn (Temoa's myopic sequencer is the example) and returns one `Solution`
  over the horizon, read by the results and the report as any other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from model.data.model_data import ModelData
from model.data.scaling import scaling_warning
from model.errors import InfeasibleError, InputError, PortfolioError, SolverError
from model.run import diagnose
from model.run.budget import measured_next_million
from model.run.optimise import NoPortfolioError, Session
from model.run.outcome import Outcome
from model.run.revalue import Compiled
from model.run.solution import Solution

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    """What the user sets for every solve of a run."""

    source: str  # the input workbook as the warnings name it
    time_limit: float | None = None  # seconds; None: no limit
    sweep: int | None = None  # trade-off curve points; None: the setting sweep_points
    progress: Callable[[int, int], None] | None = None  # the curve's progress, if shown


def solve(data: ModelData, options: Options) -> Solution:
    """One scenario: the scaling warning, then optimise with the budget range (and the
    trade-off curve)."""
    warning = scaling_warning(data)
    if warning:
        log.warning("%s: %s", options.source, warning)
    if data.settings.foresight is not None:  # a pathway's (the reader drops it in one year)
        from model.run.foresight import optimise_myopic

        return optimise_myopic(data, data.settings.foresight, time_limit=options.time_limit)
    points = options.sweep if options.sweep is not None else (data.settings.sweep_points or 0)
    return explained(
        data,
        time_limit=options.time_limit,
        budget=True,
        sweep_points=points,
        progress=options.progress,
        rates=True,
    )


def explained(
    data: ModelData,
    *,
    time_limit: float | None = None,
    compiled: Compiled | None = None,
    budget: bool = False,
    sweep_points: int = 0,
    progress: Callable[[int, int], None] | None = None,
    rates: bool = False,
) -> Solution:
    """The scenario optimised (`run.optimise.Session`); with `budget`, also what the next
    €1 M saves (one more solve) and the least feasible and saturation budgets (three
    more, which an ensemble skips), and with `sweep_points` ≥ 2 the budget trade-off
    curve, on the same model; with `rates`,
    the reduced costs a degenerate optimum leaves open, measured (`run.rates`). Where there
    is no portfolio: an `InfeasibleError` whose message names the limits that must move
    (the solver's memory is given back before the diagnosis builds its own models)."""
    try:
        with Session(data, time_limit=time_limit, compiled=compiled) as session:
            solution = session.optimise(data)
            if budget or sweep_points >= 2:
                solution.span = session.budget_range()
            if sweep_points >= 2:
                solution.sweep = session.sweep(data, sweep_points, solution.span, progress)
            if rates:
                solution.reduced_costs.update(session.entry_rates(data, solution))
            if budget:  # last: the solves above start from the bases they always had
                solution.next_meur = measured_next_million(
                    session.model, session.solver, data, solution.objective
                )
            return solution
    except NoPortfolioError as failed:
        raise diagnosed(data, failed) from None


def diagnosed(data: ModelData, failed: NoPortfolioError) -> PortfolioError:
    """Why the scenario has no portfolio, as the error to raise: the limits that must
    move; where HiGHS stopped undecided and the (always feasible) elastic diagnosis
    names no limit either, the solver's own error."""
    diagnosis = diagnose.explain(data, failed.baseline_by_year)
    if failed.undecided is not None and not diagnosis.rows:
        return failed.undecided
    return InfeasibleError(diagnosis.message, diagnosis)


def solve_each(runs: Iterable[tuple[str, ModelData]], options: Options) -> Iterator[Outcome]:
    """Each (name, data) solved in turn, in order, yielded as soon as it is solved. A
    scenario that is infeasible, whose current practice is impossible or whose solver
    failed is an outcome that says why, not the end of the run."""
    for name, data in runs:
        try:
            solution = solve(data, options)
        except (InfeasibleError, InputError, SolverError) as exc:
            yield Outcome.failed(name, data, exc)
            continue
        yield Outcome(name, data, solution)
