"""The run driver: how the model is solved for each kind of run, with the options a user
gives. It solves and hands back plain values (a `Solution`, an `Outcome` per scenario);
it reads and writes no file, and an error is the project's exception (model.errors).
Writing the workbooks is the layer above the report (`model.app.drive`), which calls
this module for every solve.

The modes:
- one scenario: `solve`;
- scenarios side by side: `solve_each`, each scenario solved in turn and handed back as
  soon as it is solved (so its workbook is written, and the solver's memory released,
  before the next one is built); one without a portfolio is an `Outcome` saying why;
- an ensemble: `solve` for the base, then its samples on Dask (model.ensemble, which
  re-optimises each sample with `run.optimise` on a worker);
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
from model.errors import InfeasibleError, InputError, SolverError
from model.run.optimise import optimise
from model.run.outcome import Outcome
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
    if data.settings.foresight is not None and data.pathway is not None:
        from model.run.foresight import optimise_myopic

        return optimise_myopic(data, data.settings.foresight, time_limit=options.time_limit)
    points = options.sweep if options.sweep is not None else (data.settings.sweep_points or 0)
    return optimise(
        data,
        time_limit=options.time_limit,
        explain_budget=True,
        sweep_points=points,
        progress=options.progress,
    )


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
