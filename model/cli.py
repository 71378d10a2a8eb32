"""The command line: arguments, logging, exit statuses. `python run.py --help`."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import logging
import platform
import re
import sys
import time
from importlib import metadata
from pathlib import Path

from model.errors import EXIT_OK, InfeasibleError, InputError, PortfolioError
from model.io.files import keep_earlier, write_atomic

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT / "inputs" / "portfolio.xlsx"
DEFAULT_OUTPUT_DIR = ROOT / "outputs"
EXIT_INTERNAL = 1

log = logging.getLogger("portfolio")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python run.py",
        description="Find the portfolio of circular-economy measures (design for repair, "
        "reuse, recycling) that cuts weighted primary raw material use the most within a "
        "budget (min_primary), or meets a reduction target at least cost (min_cost).",
        epilog="Exit status: 0 solved, 2 bad input, 3 infeasible, 4 solver failure or time "
        "limit, 5 the result could not be written.",
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
        "result there is kept under a dated name; PATH is replaced)",
    )
    p.add_argument(
        "--time-limit",
        type=float,
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
        help="write an empty input workbook with every sheet, header note and drop-down, and stop",
    )
    p.add_argument("--quiet", action="store_true", help="print problems only")
    p.add_argument("--debug", action="store_true", help="show a traceback on an internal error")
    return p


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
    if args.template is not None:
        from model.io.template import template_rows, write_input_workbook  # only for this

        write_input_workbook(Path(args.template), template_rows())
        if not args.quiet:
            print(
                f"Template written: {_shown(Path(args.template))}; fill it in and run "
                f"python run.py --input {_shown(Path(args.template))}"
            )
        return EXIT_OK
    # The solving stage: the reader, the model and HiGHS, loaded only for a run.
    from model.data.scaling import scaling_warning
    from model.io.reader import read_workbook
    from model.run.optimise import optimise

    started = time.perf_counter()
    args.input = _shown(args.input)
    data = read_workbook(args.input)
    settings = data.settings
    warning = scaling_warning(data)
    if warning:
        log.warning("%s: %s", args.input, warning)
    points = args.sweep if args.sweep is not None else (settings.sweep_points or 0)
    try:
        solution = optimise(
            data,
            time_limit=args.time_limit,
            explain_budget=True,
            sweep_points=points,
            progress=None if args.quiet else _progress,
        )
    except InfeasibleError as exc:
        if args.diagnose is not None and exc.diagnosis is not None:
            from model.report.workbook import build_diagnosis_workbook  # the reporting stage

            write_atomic(
                build_diagnosis_workbook(
                    str(args.input), exc.diagnosis.message, exc.diagnosis.rows
                ),
                Path(args.diagnose),
            )
            print(f"Diagnosis workbook: {_shown(Path(args.diagnose))}", file=sys.stderr)
        raise
    output = _shown(args.output or DEFAULT_OUTPUT_DIR / f"{_file_name(settings.scenario)}.xlsx")
    run_info = {
        "input_file": str(args.input),
        "input_sha256": _sha256(Path(args.input)),
        "scenario": settings.scenario,
        "objective": settings.objective,
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
    # The reporting stage. pandas and the workbook builder are loaded only now, after
    # the solver has released its copy of the model: a large run's peak memory is then
    # the larger of the two stages, not their sum (docs/performance.md).
    from model.report.workbook import build_workbook
    from model.results.overview import terminal_summary
    from model.results.tables import build_tables

    if solution.large:
        log.info("Writing the result workbook %s…", output)
    tables = build_tables(data, solution, run_info)
    workbook = build_workbook(tables)
    kept = None if args.output else keep_earlier(Path(output))
    write_atomic(workbook, Path(output))
    if not args.quiet:
        print(terminal_summary(tables, Path(output)))
        if kept:
            print(f"The earlier result was kept as {_shown(kept)}")
    return EXIT_OK


def _progress(done: int, total: int) -> None:
    """A progress bar for the trade-off curve, on the terminal only."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = round(width * done / total)
    end = "\n" if done == total else ""
    print(
        f"\rTrade-off curve [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.sweep is not None and args.sweep < 2:
        parser().error("--sweep needs at least 2 points")
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("pyomo").setLevel(logging.ERROR)
    try:
        return run(args)
    except InputError as exc:
        count = len(exc.problems)
        print(
            f"The input has {count} problem{'s' if count != 1 else ''}; nothing was written:",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return exc.exit_status
    except PortfolioError as exc:
        kind = {3: "Infeasible", 4: "Solver failure", 5: "Cannot write the result"}
        print(f"{kind.get(exc.exit_status, 'Error')}: {exc}", file=sys.stderr)
        if exc.exit_status == 3:
            print("No result workbook was written.", file=sys.stderr)
        return exc.exit_status
    except BrokenPipeError:  # the terminal summary was piped into e.g. `head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("Interrupted; no result workbook was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # last line of defence: no traceback for users
        if args.debug:
            raise
        print(
            f"Internal error ({exc.__class__.__name__}: {exc}); nothing was written. "
            "Run again with --debug and report the traceback.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
