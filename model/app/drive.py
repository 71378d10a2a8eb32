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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from model.app.lines import PER, ensemble_lines, kept, scenario_lines, summary
from model.app.paths import Plan, check_paths, file_name, output_for, shown
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
    report: bool = True  # the HTML report beside each result workbook (--no-report)


@dataclass
class Done:
    """What a run did: the workbooks written, in order; the earlier results kept under
    dated names; the lines for the terminal (none when quiet); its exit status."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    status: int = EXIT_OK


def drive(request: Request) -> Done:
    """Refuse the paths that would lose a file, then run what `request` asks for: the
    given paths before the input is read, every file the run writes (the scenarios'
    results, the comparison, the uncertainty workbook) once it is, before any solve."""
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
    plan = _plan(request, given, chosen, samples)
    plan.check()
    if samples:
        return _ensemble(request, given, chosen, samples, plan, started)
    if request.scenario is not None or not given.scenarios:
        return _single(request, chosen, plan, started)
    return _side_by_side(request, given, plan, started)


def _plan(request: Request, given, chosen, samples: int | None) -> Plan:
    """Every file the run asked for will write, by what it is."""
    plan = Plan(request.source, diagnose=request.diagnose, keep=request.output is None)
    name = chosen.settings.scenario
    if samples:
        plan.uncertainty = output_for(request.output, name, "_uncertainty", beside=False)
    elif request.scenario is not None or not given.scenarios:
        plan.results[name] = output_for(request.output, name)
    else:
        plan.base = name
        plan.results[name] = output_for(request.output, name)
        for scenario in given.scenarios:
            plan.results[scenario] = output_for(request.output, name, f"_{file_name(scenario)}")
        plan.comparison = output_for(request.output, name, "_scenarios")
    return plan


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
    tables = build_tables(data, solution, info)  # one year's or a pathway's
    earlier = publish(build_workbook(tables), Path(output), keep=keep)
    request.wrote(Path(output))
    if request.report:  # <output>.html beside it (model.report.html)
        from model.report.html import publish_report

        publish_report(tables, Path(output), keep=keep, source=request.source)
    return tables, earlier


def _solve(request: Request, data):
    """`data` solved; if it is infeasible, the diagnosis workbook (with --diagnose) and
    the error."""
    from model.run.driver import solve

    try:
        return solve(data, _options(request))
    except InfeasibleError as exc:
        raise _diagnosed(request, exc) from None


def _diagnosed(request: Request, exc):
    """`exc` with, if it is an infeasibility and --diagnose was given, its diagnosis
    workbook written and the line that says where."""
    wanted = request.diagnose is not None
    if isinstance(exc, InfeasibleError) and wanted and exc.diagnosis is not None:
        with_notes(exc, [_write_diagnosis(request, exc)])
    return exc


def _single(request: Request, data, plan: Plan, started: float) -> Done:
    """One scenario: its result workbook and its summary on the terminal; if it is
    infeasible, the diagnosis workbook (with --diagnose) and the error."""
    solution = _solve(request, data)
    output = plan.results[data.settings.scenario]
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


def _side_by_side(request: Request, given, plan: Plan, started: float) -> Done:
    """The base and every scenario of the sheet: a result workbook each, and the
    comparison workbook <base>_scenarios.xlsx. A scenario without a portfolio is a
    column that says why. If the base has none, the run fails as the base alone would
    (exit 3 for an infeasible base, with its diagnosis), after the comparison and the
    other scenarios' workbooks are written, if any scenario has a portfolio."""
    from model.run.driver import solve_each

    base = given.data
    runs = {base.settings.scenario: base, **given.scenarios}
    results, written, earlier, failures = [], [], [], []
    for outcome in solve_each(runs.items(), _options(request)):
        if outcome.solution is None:
            failures.append(outcome.error)
            results.append((outcome.name, outcome.status, outcome.why, None))
            continue
        output = plan.results[outcome.name]
        tables, was = _write_result(request, outcome.data, outcome.solution, output, started)
        results.append((outcome.name, "optimal", "", tables))
        written.append(output)
        earlier += [was] if was else []
    base_failed = results[0][3] is None
    if len(failures) == len(runs):  # nothing to compare: fail as the base alone would
        others = [f"Scenario {name}: {status}: {why}" for name, status, why, _ in results[1:]]
        raise _diagnosed(request, with_notes(failures[0], others))
    from model.report.comparison import build_comparison_workbook
    from model.results.comparison import compare

    comparison = compare(results)
    output = plan.comparison
    was = publish(build_comparison_workbook(comparison), Path(output), keep=request.output is None)
    earlier += [was] if was else []
    request.wrote(Path(output))
    if request.report and not base_failed:  # the base's report again, with the scenarios
        from model.report.html import publish_report

        name = base.settings.scenario
        publish_report(
            results[0][3],
            plan.results[name],
            keep=False,
            source=request.source,
            comparison=comparison,
            reports=plan.results,
        )
    from model.data.time_model import time_model

    per = PER[time_model(base).name]
    if base_failed:  # the scenarios' answers, then the base's error
        lines = [] if request.quiet else [scenario_lines(comparison, written, output, per)]
        lines += [line for path in earlier for line in kept(path)]
        lines.append(
            f"The base {base.settings.scenario} has no portfolio, so "
            f"{shown(Path(plan.results[base.settings.scenario]))} was not written; the "
            "other scenarios and the comparison were."
        )
        raise _diagnosed(request, with_notes(failures[0], lines))
    done = Done([*written, output], earlier)
    if not request.quiet:
        done.lines.append(summary(base, results[0][3], None))  # the base's answer
        done.lines.append(scenario_lines(comparison, written, output, per))
        done.lines += [line for path in earlier for line in kept(path)]
    return done


def _ensemble(request: Request, given, data, samples: int, plan: Plan, started: float) -> Done:
    """The uncertainty ensemble of one scenario: its base optimum, then `samples` draws
    solved on Dask; the uncertainty workbook and the answer in a few lines. A scheduler
    given by its address is tried first, before any work."""
    if not given.uncertain:
        raise InputError(
            [
                Problem(
                    str(data.settings.source),
                    "no uncertain inputs given: --samples draws values from the rows of "
                    "the uncertainty sheet, and this workbook has none (no sheet, or only "
                    "its header); add a row per uncertain value (parameter, item, low, "
                    "high, distribution): python run.py --template shows its columns",
                    "uncertainty",
                )
            ]
        )
    from model.ensemble.distributed import check_scheduler, run_ensemble
    from model.ensemble.sampling import draw

    if request.scheduler is not None:
        check_scheduler(request.scheduler)
    workers = _workers(request, samples)
    from model.run.solution import reduction_pct

    solution = _solve(request, data)
    base_activity = dict(solution.portfolio.activity)
    base_reduction = reduction_pct(solution.portfolio.weighted, solution.baseline.weighted)

    values = draw(given.uncertain, samples, request.seed)
    parameters = [(u.parameter, u.key) for u in given.uncertain]
    results = run_ensemble(
        data,
        parameters,
        values,
        base_activity,
        workers=workers,
        scheduler=request.scheduler,
        progress=request.sample_progress,
    )
    from model.report.uncertainty import build_uncertainty_workbook
    from model.results.uncertainty import ensemble_tables

    tables = ensemble_tables(
        data, given.uncertain, values, results, base_reduction, base_activity, request.seed
    )
    output = plan.uncertainty
    was = publish(build_uncertainty_workbook(tables), Path(output), keep=request.output is None)
    request.wrote(Path(output))
    done = Done([output], [was] if was else [])
    if not request.quiet:
        done.lines = [ensemble_lines(tables, data, output), *kept(was)]
    return done


def _workers(request: Request, samples: int) -> int | None:
    """The local cluster's worker processes: --workers, at most one per core (and per
    batch of samples), said when fewer than asked for; None with --scheduler."""
    from model.ensemble.distributed import cores, local_workers

    if request.scheduler is not None:
        if request.workers is not None:
            log.warning(
                "--workers %d is ignored with --scheduler: the cluster's own workers run "
                "the samples",
                request.workers,
            )
        return None
    n = local_workers(request.workers, samples)
    have = cores()
    if request.workers is not None and request.workers > have:
        log.warning(
            "--workers %d: this machine has %d core%s; the local cluster starts %d worker%s "
            "(a worker keeps one core busy: more than one per core only slows the run down)",
            request.workers,
            have,
            "" if have == 1 else "s",
            n,
            "" if n == 1 else "s",
        )
    return n
