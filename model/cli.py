"""The command line: arguments, logging, exit statuses. `python run.py --help`."""

from __future__ import annotations

import _thread
import argparse
import contextlib
import datetime as dt
import hashlib
import logging
import math
import os
import platform
import re
import signal
import stat
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

from model.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_WRITE,
    InfeasibleError,
    InputError,
    PortfolioError,
    Problem,
    RefusedPathError,
    SolverError,
    WriteError,
)
from model.io.files import publish, write_atomic

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT / "inputs" / "portfolio.xlsx"
DEFAULT_OUTPUT_DIR = ROOT / "outputs"
EXIT_INTERNAL = 1
EXIT_TERMINATED = 143  # SIGTERM, as a shell reports it
INTERRUPTED = (EXIT_INTERRUPTED, EXIT_TERMINATED)

log = logging.getLogger("portfolio")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python run.py",
        description="Find the portfolio of circular-economy measures (design for repair, "
        "reuse, recycling) that cuts weighted primary raw material use the most within a "
        "budget (min_primary), or meets a reduction target at least cost (min_cost).",
        epilog="Exit status: 0 solved, 2 bad input, 3 infeasible, 4 solver failure or time "
        "limit, 5 the result could not be written (or the path is refused: the input "
        "workbook, not a regular file, an existing template), 130 interrupted (Ctrl-C; "
        "143 for SIGTERM).",
    )
    p.add_argument(
        "--input",
        type=Path,
        default=DEFAULT_INPUT,
        metavar="PATH",
        help="input workbook (.xlsx); default: inputs/portfolio.xlsx, the Dutch example",
    )
    p.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="PATH",
        help="result workbook; default: outputs/<scenario>.xlsx (an earlier "
        "result there is kept under a dated name; PATH is replaced, unless it is the input "
        "workbook or not a regular file, which are refused)",
    )
    p.add_argument(
        "--time-limit",
        type=_positive_seconds,
        default=None,
        metavar="SECONDS",
        help="stop the solver after this many seconds (exit status 4); default: no limit",
    )
    p.add_argument(
        "--sweep",
        type=int,
        default=None,
        metavar="N",
        help="also solve N budgets from the least feasible to the saturation "
        "budget: the trade-off curve (sheet pareto); default: the setting "
        "sweep_points, else none",
    )
    p.add_argument(
        "--diagnose",
        type=Path,
        default=None,
        metavar="PATH",
        help="if the scenario is infeasible, write a diagnosis workbook here; default: none",
    )
    p.add_argument(
        "--template",
        type=Path,
        default=None,
        metavar="PATH",
        help="write an empty input workbook with every sheet, header note and drop-down, and "
        "stop; an existing file is never replaced unless --force is given",
    )
    p.add_argument("--force", action="store_true", help="with --template: replace an existing file")
    p.add_argument(
        "--scenario",
        default=None,
        metavar="NAME",
        help="run one scenario of the scenarios sheet (or the base, by its name); default: "
        "the base and every scenario, side by side",
    )
    p.add_argument(
        "--samples",
        type=_at_least_two,
        default=None,
        metavar="N",
        help="uncertainty ensemble: draw N samples from the uncertainty sheet (Latin "
        "hypercube), re-optimise each and hold the base portfolio under each; writes "
        "outputs/<scenario>_uncertainty.xlsx; default: the setting samples, else none",
    )
    p.add_argument(
        "--seed", type=int, default=7, metavar="S", help="seed of the samples; default: 7"
    )
    p.add_argument(
        "--workers",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="worker processes of the local Dask cluster; default: one per core",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the samples on an existing Dask cluster, e.g. tcp://host:8786; "
        "default: a local cluster",
    )
    p.add_argument("--quiet", action="store_true", help="print problems only")
    p.add_argument("--debug", action="store_true", help="show a traceback on an internal error")
    return p


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def _whole(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        raise argparse.ArgumentTypeError(f"must be a whole number ≥ {least}, got {text!r}")
    return value


def _at_least_two(text: str) -> int:
    return _whole(text, 2)


def _at_least_one(text: str) -> int:
    return _whole(text, 1)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _refused(path: Path, option: str, inputs: list[Path]) -> str | None:
    """Why writing `path` (given as `option`) would lose something, or None."""
    for source in inputs:
        if _same_file(path, source):
            return (
                f"{option} names the input workbook; the tool never overwrites its input. "
                "Choose another path"
            )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{option} cannot be used: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return (
            f"{option} is a folder, not a file: cannot write a workbook there; add a file "
            "name such as result.xlsx"
        )
    if not stat.S_ISREG(mode):
        return (
            f"{option} is not a regular file (a device, a pipe or a socket): cannot write "
            "a workbook there; the tool writes to files only. Choose another path"
        )
    return None


def check_paths(args: argparse.Namespace) -> None:
    """Refuse, before any work, every path whose writing would lose a user's file: the
    input named as --output or --diagnose, a path that is not a regular file, an
    existing --template without --force."""
    problems = []
    inputs = [Path(args.input)]
    if args.template is not None:
        template = Path(args.template)
        why = _refused(template, "--template", [])
        if why is None and template.exists() and not args.force:
            why = (
                "--template names a file that exists; the tool does not replace it. "
                "Choose a new name, or add --force to replace it"
            )
        if why:
            problems.append(Problem(str(template), why))
        return _raise(problems)
    for option, value in (("--output", args.output), ("--diagnose", args.diagnose)):
        if value is not None:
            why = _refused(Path(value), option, inputs)
            if why:
                problems.append(Problem(str(value), why))
    both = args.output is not None and args.diagnose is not None
    if both and Path(args.output).resolve() == Path(args.diagnose).resolve():
        problems.append(Problem(str(args.diagnose), "--diagnose and --output name one file"))
    return _raise(problems)


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise RefusedPathError("\n  ".join(str(problem) for problem in problems))


def _file_name(scenario: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", scenario).strip("._") or "result"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _shown(path: Path) -> Path:
    """A path as the user reads it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def run(args: argparse.Namespace) -> int:
    check_paths(args)
    if args.template is not None:
        from model.io.template import template_rows, write_input_workbook  # only for this

        write_input_workbook(Path(args.template), template_rows(), replace=args.force)
        if not args.quiet:
            print(
                f"Template written: {_shown(Path(args.template))}; fill it in and run "
                f"python run.py --input {_shown(Path(args.template))}"
            )
        return EXIT_OK
    # The solving stage: the reader, the model and HiGHS, loaded only for a run.
    from model.io.reader import read_input

    started = time.perf_counter()
    args.input = _shown(args.input)
    given = read_input(args.input)
    chosen = given.data if args.scenario is None else _chosen(given, args.scenario)
    samples = args.samples if args.samples is not None else chosen.settings.samples
    if samples:
        return _ensemble(args, given, chosen, samples, started)
    if args.scenario is not None:
        return _single(args, chosen, started)
    if not given.scenarios:
        return _single(args, given.data, started)
    return _side_by_side(args, given, started)


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


def _output_for(args, data, suffix: str = "", *, beside_output: bool = True) -> Path:
    """Where a workbook goes: --output (with `suffix` before .xlsx when it is written
    `beside_output`, else --output itself), or outputs/<scenario><suffix>.xlsx; the
    default path is checked as a given one is."""
    if args.output is not None:
        given = Path(args.output)
        if suffix and beside_output:
            given = given.with_name(f"{given.stem}{suffix}{given.suffix}")
        return _shown(given)
    output = _shown(DEFAULT_OUTPUT_DIR / f"{_file_name(data.settings.scenario)}{suffix}.xlsx")
    why = _refused(Path(output), "the result path", [Path(args.input)])
    if why:
        raise RefusedPathError(str(Problem(str(output), why)))
    return output


def _solve(args, data):
    """The scaling warning, then optimise with the budget range (and the curve)."""
    from model.data.scaling import scaling_warning
    from model.run.optimise import optimise

    warning = scaling_warning(data)
    if warning:
        log.warning("%s: %s", args.input, warning)
    points = args.sweep if args.sweep is not None else (data.settings.sweep_points or 0)
    return optimise(
        data,
        time_limit=args.time_limit,
        explain_budget=True,
        sweep_points=points,
        progress=None if args.quiet else _progress,
    )


def _run_info(args, data, solution, started: float) -> dict[str, object]:
    return {
        "input_file": str(args.input),
        "input_sha256": _sha256(Path(args.input)),
        "scenario": data.settings.scenario,
        "objective": data.settings.objective,
        "tool_version": _version("circular-portfolio"),
        "python": platform.python_version(),
        "pyomo": _version("pyomo"),
        "highspy": _version("highspy"),
        "pandas": _version("pandas"),
        "openpyxl": _version("openpyxl"),
        "solver": f"HiGHS {solution.solver_version} through highspy",
        "solver_status": "optimal",
        "time_limit_s": args.time_limit if args.time_limit is not None else "none",
        "wall_time_s": round(time.perf_counter() - started, 3),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def _write_result(args, data, solution, output: Path, started: float):
    """The result tables and workbook of one solved scenario, published at `output`."""
    # The reporting stage. pandas and the workbook builder are loaded only now, after
    # the solver has released its copy of the model: a large run's peak memory is then
    # the larger of the two stages, not their sum (docs/performance.md).
    from model.report.workbook import build_workbook
    from model.results.tables import build_tables

    if solution.large:
        log.info("Writing the result workbook %s…", output)
    info = _run_info(args, data, solution, started)
    if data.pathway is not None:
        from model.report.pathway import build_pathway_workbook
        from model.results.pathway import build_pathway_tables

        tables = build_pathway_tables(data, solution, info)
        kept = publish(build_pathway_workbook(tables), Path(output), keep=args.output is None)
        _wrote(args, Path(output))
        return tables, kept
    tables = build_tables(data, solution, info)
    kept = publish(build_workbook(tables), Path(output), keep=args.output is None)
    _wrote(args, Path(output))
    return tables, kept


def _say_kept(kept: Path | None) -> None:
    if kept:
        print(f"The earlier result was kept as {_shown(kept)}")


def _single(args: argparse.Namespace, data, started: float) -> int:
    """One scenario: its result workbook and its summary on the terminal."""
    try:
        solution = _solve(args, data)
    except InfeasibleError as exc:
        if args.diagnose is not None and exc.diagnosis is not None:
            _write_diagnosis(args, exc)
        raise
    output = _output_for(args, data)
    tables, kept = _write_result(args, data, solution, output, started)
    if not args.quiet:
        if data.pathway is not None:
            from model.results.pathway import terminal_lines

            print(terminal_lines(data, tables, Path(output)))
        else:
            from model.results.overview import terminal_summary

            print(terminal_summary(tables, Path(output)))
        _say_kept(kept)
    return EXIT_OK


def _side_by_side(args: argparse.Namespace, given, started: float) -> int:
    """The base and every scenario of the sheet: a result workbook each, and the
    comparison workbook <base>_scenarios.xlsx. A scenario without a portfolio is a
    column that says why; only if none has one does the run fail, as the base would."""
    base = given.data
    names = {base.settings.scenario: base, **given.scenarios}
    results, written, kept, failures = [], [], [], []
    for name, data in names.items():
        try:
            solution = _solve(args, data)
        except (InfeasibleError, InputError, SolverError) as exc:
            failures.append(exc)
            results.append((name, _status(exc), _why(exc), None))
            continue
        suffix = "" if data is base else f"_{_file_name(name)}"
        output = _output_for(args, base, suffix)
        tables, earlier = _write_result(args, data, solution, output, started)
        results.append((name, "optimal", "", tables))
        written.append(output)
        kept += [earlier] if earlier else []
    if len(failures) == len(names):  # nothing to compare: fail as the base alone would
        for name, status, why, _tables in results[1:]:
            print(f"Scenario {name}: {status}: {why}", file=sys.stderr)
        raise failures[0]
    from model.report.comparison import build_comparison_workbook
    from model.results.comparison import compare

    comparison = compare(results)
    output = _output_for(args, base, "_scenarios")
    keep = args.output is None
    earlier = publish(build_comparison_workbook(comparison), Path(output), keep=keep)
    kept += [earlier] if earlier else []
    _wrote(args, Path(output))
    if not args.quiet:
        base_tables = results[0][3]
        if base_tables is not None and base.pathway is not None:
            from model.results.pathway import terminal_lines

            print(terminal_lines(base, base_tables, None))
        elif base_tables is not None:
            from model.results.overview import terminal_summary

            print(terminal_summary(base_tables, None))
        per = "over the horizon" if base.pathway is not None else "a year"
        print(_scenario_lines(comparison, written, output, per))
        for path in kept:
            _say_kept(path)
    return EXIT_OK


def _ensemble(args: argparse.Namespace, given, data, samples: int, started: float) -> int:
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
    from model.run.solution import reduction_pct

    solution = _solve(args, data)
    base_activity = dict(solution.portfolio.activity)
    base_reduction = reduction_pct(solution.portfolio.weighted, solution.baseline.weighted)
    from model.ensemble.distributed import run_ensemble
    from model.ensemble.sampling import draw

    values = draw(given.uncertain, samples, args.seed)
    parameters = [(u.parameter, u.key) for u in given.uncertain]
    results = run_ensemble(
        data,
        parameters,
        values,
        base_activity,
        workers=args.workers or os.cpu_count() or 1,
        scheduler=args.scheduler,
        progress=None if args.quiet else _sample_progress,
    )
    from model.report.uncertainty import build_uncertainty_workbook
    from model.results.uncertainty import ensemble_tables

    tables = ensemble_tables(
        data, given.uncertain, values, results, base_reduction, base_activity, args.seed
    )
    output = _output_for(args, data, "_uncertainty", beside_output=False)
    kept = publish(build_uncertainty_workbook(tables), Path(output), keep=args.output is None)
    _wrote(args, Path(output))
    if not args.quiet:
        print(_ensemble_lines(tables, data, output))
        _say_kept(kept)
    return EXIT_OK


def _ensemble_lines(tables, data, output: Path) -> str:
    from model.schema.units import cut

    s = dict(zip(tables.summary["indicator"], tables.summary["value"], strict=True))
    robust = tables.robustness[tables.robustness["funded_share"] >= 0.9]["measure"]
    lines = [
        f"Scenario {data.settings.scenario} · {s['samples']} samples (seed {s['seed']})",
        "Funded in at least 90 % of the samples (the robust core): "
        + (", ".join(robust) if len(robust) else "none"),
    ]
    if s.get("reduction_p50_pct") is not None:
        lines.append(
            f"Cut of weighted primary use: median {cut(s['reduction_p50_pct'])}, 90 % of "
            f"samples between {cut(s['reduction_p5_pct'])} and {cut(s['reduction_p95_pct'])} "
            f"(base {cut(s['base_reduction_pct'] or 0.0)})"
        )
    lines.append(
        f"No feasible portfolio in {s['infeasible_share_pct']:.1f} % of the samples"
        + (f"; most often because of {s['most_common_cause']}" if s["most_common_cause"] else "")
    )
    top = tables.sensitivity.dropna(subset=["delta"]).head(3)
    if len(top):
        lines.append("Moves the result most: " + ", ".join(top["input"]))
    lines.append(f"Uncertainty workbook: {output}")
    return "\n".join(lines)


def _sample_progress(done: int, total: int) -> None:
    _progress(done, total, "Samples")


def _status(exc: PortfolioError) -> str:
    return {3: "infeasible", 2: "bad baseline", 4: "solver failure"}[exc.exit_status]


def _why(exc: PortfolioError) -> str:
    if isinstance(exc, InputError):
        return "; ".join(problem.message for problem in exc.problems)
    return str(exc)


def _scenario_lines(comparison, written: list[Path], output: Path, per: str = "a year") -> str:
    """The scenarios as a few terminal lines: status, reduction and cost each."""
    from model.schema.units import cut, eur

    frame = comparison.indicators.set_index("indicator")
    lines = [f"Scenarios side by side ({len(frame.columns) - 1}):"]
    for name in frame.columns[1:]:
        column = frame[name]
        if column["status"] != "optimal":
            lines.append(f"  {name}: {column['status']}: {column['why']}")
            continue
        lines.append(
            f"  {name}: {cut(column['reduction_pct'])} weighted primary use for "
            f"{eur(column['total_cost_eur'])} {per}"
        )
    lines += [f"Result workbook: {path}" for path in written]
    lines.append(f"Comparison workbook: {output}")
    return "\n".join(lines)


def _write_diagnosis(args: argparse.Namespace, exc: InfeasibleError) -> None:
    """The diagnosis workbook; if it cannot be written, say so; the diagnosis itself is
    printed on the terminal either way (main prints the message)."""
    from model.report.workbook import build_diagnosis_workbook  # the reporting stage

    workbook = build_diagnosis_workbook(str(args.input), exc.diagnosis.message, exc.diagnosis.rows)
    try:
        write_atomic(workbook, Path(args.diagnose))
    except WriteError as failure:
        print(f"The diagnosis workbook could not be written: {failure}", file=sys.stderr)
        return
    print(f"Diagnosis workbook: {_shown(Path(args.diagnose))}", file=sys.stderr)


def _progress(done: int, total: int, label: str = "Trade-off curve") -> None:
    """A progress bar (the trade-off curve, the samples), on the terminal only."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = round(width * done / total)
    end = "\n" if done == total else ""
    print(
        f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: clean up, one line, its own exit status."""

    status = EXIT_TERMINATED


_received: list[int] = []  # the signals that asked this run to stop
_written: list[Path] = []  # result workbooks this run has written whole


def _wrote(args: argparse.Namespace, path: Path) -> None:
    args.written = path
    _written.append(path)


def last_written() -> Path | None:
    """The last result workbook this run wrote whole (for a late interrupt's message)."""
    return _written[-1] if _written else None


_deferring: list[bool] = []  # set while an interrupt that was swallowed is sent again


def on_signal(signum, frame) -> None:
    """SIGINT and SIGTERM: remember the signal, then raise as Python does for Ctrl-C.
    Remembering matters: an extension module being imported turns the exception into
    "ImportError: initialization failed", which must still read as an interrupt."""
    if _deferring:  # inside `on_swallowed`: deliver it once that hook has returned
        _send_again(signum)
        return
    _received.append(signum)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def _send_again(signum: int) -> None:
    """Mark `signum` as arrived again 10 ms from now, from another thread: sent from
    here, Python would call `on_signal` at once, still inside the frame that swallows.
    Should it land in such a frame again, it is swallowed and sent again."""
    timer = threading.Timer(0.01, _thread.interrupt_main, args=(signum,))
    timer.daemon = True
    timer.start()


def on_swallowed(unraisable) -> None:
    """`sys.unraisablehook`. Python swallows an exception raised where nothing can catch
    it (a weak-reference callback such as importlib's module-lock clean-up, a finaliser)
    and prints "Exception ignored in ...". An interrupt landing there would be printed
    as a traceback and then lost, the run going on: send it again instead, to be raised
    as soon as this hook has returned. Anything else is reported as Python does."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and _received:
        _deferring.append(True)
        try:
            _send_again(_received[-1])
        finally:
            _deferring.clear()
        return
    sys.__unraisablehook__(unraisable)


def catch_interrupts() -> None:
    """SIGINT and SIGTERM raise (`on_signal`), also where Python would swallow them."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, on_signal)
    sys.unraisablehook = on_swallowed


def interrupted(status: int, written: Path | None) -> int:
    """One line for an interrupt, whenever it came; later signals are ignored so that
    nothing can interrupt the message. Temporary files were removed on the way out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if written is not None:
        line = f"Interrupted; the result workbook {_shown(written)} had been written whole."
    else:
        line = "Interrupted; no result workbook was written."
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.sweep is not None and args.sweep < 2:
        parser().error("--sweep needs at least 2 points")
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    # Pyomo logs an ERROR beside every exception it re-raises (an interrupt while a
    # component is built, too); the exception itself is what this command reports.
    logging.getLogger("pyomo").setLevel(logging.CRITICAL)
    # A cluster's own chatter. Its errors reach us as exceptions of the futures; what it
    # logs besides (an event-loop callback cut short by Ctrl-C, say) would only add
    # tracebacks to the one line an interrupt ends with.
    for name in ("distributed", "dask", "bokeh", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    catch_interrupts()
    args.written = None
    try:
        return run(args)
    except KeyboardInterrupt as exc:
        return interrupted(getattr(exc, "status", EXIT_INTERRUPTED), args.written)
    except Exception as exc:
        if _received:  # an interrupt that surfaced as another exception
            status = EXIT_TERMINATED if _received[0] == signal.SIGTERM else EXIT_INTERRUPTED
            return interrupted(status, args.written)
        return _failed(exc, args)


def _failed(exc: Exception, args: argparse.Namespace) -> int:
    """The message and exit status of a run that stopped on an error."""
    if isinstance(exc, InputError):
        count = len(exc.problems)
        print(
            f"The input has {count} problem{'s' if count != 1 else ''}; nothing was written:",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return exc.exit_status
    if isinstance(exc, RefusedPathError):
        print(f"Nothing was written; the tool refuses this path:\n  {exc}", file=sys.stderr)
        return exc.exit_status
    if isinstance(exc, PortfolioError):
        kind = {3: "Infeasible", 4: "Solver failure", 5: "Cannot write the result"}
        print(f"{kind.get(exc.exit_status, 'Error')}: {exc}", file=sys.stderr)
        if exc.exit_status == 3:
            print("No result workbook was written.", file=sys.stderr)
        return exc.exit_status
    if isinstance(exc, BrokenPipeError):  # the summary was piped into e.g. `head`
        sys.stderr.close()
        return EXIT_OK
    if isinstance(exc, OSError):  # a file-system condition no stage above expected
        where = f" {exc.filename}" if exc.filename else ""
        print(f"Cannot read or write{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_WRITE
    if args.debug:
        raise exc
    print(
        f"Internal error ({exc.__class__.__name__}: {exc}); nothing was written. "
        "Run again with --debug and report the traceback.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL
