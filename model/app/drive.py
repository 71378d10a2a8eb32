"""A run of the command, driven from the request to the written workbooks: an input
template; one scenario; the base and every scenario side by side; an uncertainty
ensemble. Each solve goes through the run driver (`model.run.driver`); each workbook is
built by the report and published through `model.io.files`.

`drive` hands back what was done (`Done`: the workbooks written, the earlier results
kept, the lines for the terminal) and raises the project's exceptions (model.errors)
with their exit statuses; lines the user must read before an error's message travel
as the error's notes. Nothing here prints. Each stage is imported when a run reaches
it: the reader and the solver for a run, pandas and the report after the solver has
released its model, Dask for an ensemble only.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from model.app.lines import ensemble_lines, kept, scenario_lines, summary
from model.app.paths import check_paths, file_name, output_for, shown
from model.errors import EXIT_OK, InfeasibleError, InputError, Problem, WriteError, with_notes
from model.io.files import publish, write_atomic

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Request:
    """A run as the command line asks for it."""

    source: Path  # --input
    output: Path | None = None
    diagnose: Path | None = None
    template: Path | None = None
    force: bool = False
    scenario: str | None = None  # None: the base and every scenario, side by side
    time_limit: float | None = None
    sweep: int | None = None
    samples: int | None = None  # None: the setting samples, else no ensemble
    seed: int = 7
    workers: int | None = None
    scheduler: str | None = None
    quiet: bool = False  # no lines for the terminal
    progress: Progress | None = None  # the trade-off curve's progress
    sample_progress: Progress | None = None  # the ensemble's
    wrote: Callable[[Path], None] = lambda path: None  # each result workbook written whole


@dataclass
class Done:
    """What a run did: the workbooks written, in order; the earlier results kept under
    dated names; the lines for the terminal (none when quiet); its exit status."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    status: int = EXIT_OK


def drive(request: Request) -> Done:
    """Refuse the paths that would lose a file, then run what `request` asks for."""
    check_paths(
        request.source,
        output=request.output,
        diagnose=request.diagnose,
        template=request.template,
        force=request.force,
    )
    if request.template is not None:
        return _template(request)
    # The solving stage: the reader, the model and HiGHS, loaded only for a run.
    from model.io.reader import read_input

    started = time.perf_counter()
    request = dataclasses.replace(request, source=shown(request.source))
    given = read_input(request.source)
    chosen = given.data if request.scenario is None else _chosen(given, request.scenario)
    samples = request.samples if request.samples is not None else chosen.settings.samples
    if samples:
        return _ensemble(request, given, chosen, samples, started)
    if request.scenario is not None:
        return _single(request, chosen, started)
    if not given.scenarios:
        return _single(request, given.data, started)
    return _side_by_side(request, given, started)


def _template(request: Request) -> Done:
    """An empty input workbook with every sheet, header note and drop-down."""
    from model.io.template import template_rows, write_input_workbook  # only for this

    path = Path(request.template)
    write_input_workbook(path, template_rows(), replace=request.force)
    done = Done([path])
    if not request.quiet:
        done.lines = [
            f"Template written: {shown(path)}; fill it in and run "
            f"python run.py --input {shown(path)}"
        ]
    return done


def _chosen(given, name: str):
    """`--scenario NAME`: the base (by its own name) or one scenario of the sheet."""
    if name == given.data.settings.scenario:
        return given.data
    if name in given.scenarios:
        return given.scenarios[name]
    known = ", ".join([given.data.settings.scenario, *given.scenarios]) or "none"
    raise InputError(
        [
            Problem(
                str(given.data.settings.source),
                f"--scenario {name}: no such scenario (known: {known})",
                "scenarios",
            )
        ]
    )


def _options(request: Request):
    from model.run.driver import Options

    return Options(
        source=str(request.source),
        time_limit=request.time_limit,
        sweep=request.sweep,
        progress=request.progress,
    )


def _write_result(request: Request, data, solution, output: Path, started: float):
    """The result tables and workbook of one solved scenario, published at `output`."""
    # The reporting stage. pandas and the workbook builder are loaded only now, after
    # the solver has released its copy of the model: a large run's peak memory is then
    # the larger of the two stages, not their sum (docs/performance.md).
    from model.app.provenance import run_info
    from model.report.workbook import build_workbook
    from model.results.tables import build_tables

    if solution.large:
        log.info("Writing the result workbook %s…", output)
    info = run_info(request.source, data, solution, request.time_limit, started)
    keep = request.output is None
    if data.pathway is not None:
        from model.report.pathway import build_pathway_workbook
        from model.results.pathway import build_pathway_tables

        tables = build_pathway_tables(data, solution, info)
        earlier = publish(build_pathway_workbook(tables), Path(output), keep=keep)
    else:
        tables = build_tables(data, solution, info)
        earlier = publish(build_workbook(tables), Path(output), keep=keep)
    request.wrote(Path(output))
    return tables, earlier


def _single(request: Request, data, started: float) -> Done:
    """One scenario: its result workbook and its summary on the terminal; if it is
    infeasible, the diagnosis workbook (with --diagnose) and the error."""
    from model.run.driver import solve

    try:
        solution = solve(data, _options(request))
    except InfeasibleError as exc:
        if request.diagnose is not None and exc.diagnosis is not None:
            with_notes(exc, [_write_diagnosis(request, exc)])
        raise
    output = output_for(request.source, request.output, data.settings.scenario)
    tables, earlier = _write_result(request, data, solution, output, started)
    done = Done([output], [earlier] if earlier else [])
    if not request.quiet:
        done.lines = [summary(data, tables, Path(output)), *kept(earlier)]
    return done


def _write_diagnosis(request: Request, exc: InfeasibleError) -> str:
    """The diagnosis workbook, and the line that says where it is, or that it could not
    be written (the diagnosis itself is the error's message either way)."""
    from model.report.workbook import build_diagnosis_workbook  # the reporting stage

    diagnosis = exc.diagnosis
    workbook = build_diagnosis_workbook(str(request.source), diagnosis.message, diagnosis.rows)
    try:
        write_atomic(workbook, Path(request.diagnose))
    except WriteError as failure:
        return f"The diagnosis workbook could not be written: {failure}"
    return f"Diagnosis workbook: {shown(Path(request.diagnose))}"


def _side_by_side(request: Request, given, started: float) -> Done:
    """The base and every scenario of the sheet: a result workbook each, and the
    comparison workbook <base>_scenarios.xlsx. A scenario without a portfolio is a
    column that says why; only if none has one does the run fail, as the base would."""
    from model.run.driver import solve_each

    base = given.data
    runs = {base.settings.scenario: base, **given.scenarios}
    results, written, earlier, failures = [], [], [], []
    for outcome in solve_each(runs.items(), _options(request)):
        if outcome.solution is None:
            failures.append(outcome.error)
            results.append((outcome.name, outcome.status, outcome.why, None))
            continue
        suffix = "" if outcome.data is base else f"_{file_name(outcome.name)}"
        output = output_for(request.source, request.output, base.settings.scenario, suffix)
        tables, was = _write_result(request, outcome.data, outcome.solution, output, started)
        results.append((outcome.name, "optimal", "", tables))
        written.append(output)
        earlier += [was] if was else []
    if len(failures) == len(runs):  # nothing to compare: fail as the base alone would
        others = [f"Scenario {name}: {status}: {why}" for name, status, why, _ in results[1:]]
        raise with_notes(failures[0], others)
    from model.report.comparison import build_comparison_workbook
    from model.results.comparison import compare

    comparison = compare(results)
    output = output_for(request.source, request.output, base.settings.scenario, "_scenarios")
    was = publish(build_comparison_workbook(comparison), Path(output), keep=request.output is None)
    earlier += [was] if was else []
    request.wrote(Path(output))
    done = Done([*written, output], earlier)
    if not request.quiet:
        if results[0][3] is not None:  # the base's answer
            done.lines.append(summary(base, results[0][3], None))
        per = "over the horizon" if base.pathway is not None else "a year"
        done.lines.append(scenario_lines(comparison, written, output, per))
        done.lines += [line for path in earlier for line in kept(path)]
    return done


def _ensemble(request: Request, given, data, samples: int, started: float) -> Done:
    """The uncertainty ensemble of one scenario: its base optimum, then `samples` draws
    solved on Dask; the uncertainty workbook and the answer in a few lines."""
    if not given.uncertain:
        raise InputError(
            [
                Problem(
                    str(data.settings.source),
                    "--samples needs an uncertainty sheet (parameter, item, low, high, "
                    "distribution): python run.py --template shows its columns",
                    "uncertainty",
                )
            ]
        )
    from model.run.driver import solve
    from model.run.solution import reduction_pct

    solution = solve(data, _options(request))
    base_activity = dict(solution.portfolio.activity)
    base_reduction = reduction_pct(solution.portfolio.weighted, solution.baseline.weighted)
    from model.ensemble.distributed import run_ensemble
    from model.ensemble.sampling import draw

    values = draw(given.uncertain, samples, request.seed)
    parameters = [(u.parameter, u.key) for u in given.uncertain]
    results = run_ensemble(
        data,
        parameters,
        values,
        base_activity,
        workers=request.workers or os.cpu_count() or 1,
        scheduler=request.scheduler,
        progress=request.sample_progress,
    )
    from model.report.uncertainty import build_uncertainty_workbook
    from model.results.uncertainty import ensemble_tables

    tables = ensemble_tables(
        data, given.uncertain, values, results, base_reduction, base_activity, request.seed
    )
    scenario = data.settings.scenario
    output = output_for(request.source, request.output, scenario, "_uncertainty", beside=False)
    was = publish(build_uncertainty_workbook(tables), Path(output), keep=request.output is None)
    request.wrote(Path(output))
    done = Done([output], [was] if was else [])
    if not request.quiet:
        done.lines = [ensemble_lines(tables, data, output), *kept(was)]
    return done
