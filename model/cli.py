"""The command line: arguments, logging, signals, exit statuses, and the lines a run
hands back (the run itself is driven by model.app.drive). `python run.py --help`."""

from __future__ import annotations

import _thread
import argparse
import contextlib
import dataclasses
import logging
import math
import re
import signal
import sys
import threading
from pathlib import Path

from model.app.drive import Request, drive
from model.app.paths import ROOT, shown
from model.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_WRITE,
    InputError,
    PortfolioError,
    RefusedPathError,
)

DEFAULT_INPUT = ROOT / "inputs" / "portfolio.xlsx"
MAX_ROWS = 1_048_575  # samples or trade-off points: a sheet's rows, less its header
MAX_SEED = 2**32 - 1  # the seeds every random generator takes
SCHEDULER_TIMEOUT = 10  # seconds; model.ensemble.distributed.SCHEDULER_TIMEOUT (tested)
EXIT_INTERNAL = 1
EXIT_TERMINATED = 143  # SIGTERM, as a shell reports it
INTERRUPTED = (EXIT_INTERRUPTED, EXIT_TERMINATED)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python run.py",
        description="Find the portfolio of circular-economy measures (design for repair, "
        "reuse, recycling, other designs) that cuts weighted primary raw material use the "
        "most within a budget (min_primary), or meets a reduction target at least cost "
        "(min_cost), with scarce primary supply where the workbook caps it.",
        epilog="Exit status: 0 solved, 2 bad input (or an option value that cannot be "
        "used: no Dask scheduler answering at --scheduler's address within "
        f"{SCHEDULER_TIMEOUT:g} s, or one without workers), 3 infeasible (with scenarios: "
        "the base; the others and the comparison are written all the same), 4 solver "
        "failure or time limit, 5 the result could not be written (or a path is refused "
        "before any work: a workbook the run would write is the input workbook, is not a "
        "regular file, or is written twice by the run; an existing template), 130 "
        "interrupted (Ctrl-C; 143 for SIGTERM).",
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
        type=_points,
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
        help="if the scenario is infeasible (with scenarios side by side, or an "
        "ensemble: the base), write a diagnosis workbook here; default: none",
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
        type=_points,
        default=None,
        metavar="N",
        help="uncertainty ensemble: draw N samples from the uncertainty sheet (Latin "
        "hypercube), re-optimise each and hold the base portfolio under each; writes "
        "outputs/<scenario>_uncertainty.xlsx; default: the setting samples, else none",
    )
    p.add_argument(
        "--seed",
        type=_seed,
        default=7,
        metavar="S",
        help=f"seed of the samples, a whole number from 0 to {MAX_SEED}; default: 7",
    )
    p.add_argument(
        "--workers",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="worker processes of the local Dask cluster, at most one per core (asking "
        "for more gives a warning and one per core) and one per 20 samples; default: one "
        "per core",
    )
    p.add_argument(
        "--scheduler",
        type=_scheduler,
        default=None,
        metavar="ADDRESS",
        help="run the samples on an existing Dask cluster: its scheduler's address "
        "tcp://HOST:PORT (or HOST:PORT), e.g. tcp://127.0.0.1:8786. It must answer as a "
        f"Dask scheduler within {SCHEDULER_TIMEOUT:g} s and have a worker within "
        f"{SCHEDULER_TIMEOUT:g} s more, else the run stops with exit status 2; default: "
        "a local cluster",
    )
    p.add_argument(
        "--no-report",
        action="store_true",
        help="write no HTML report (by default <result>.html beside each result workbook: "
        "the answer, the material flows, the charts)",
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


def _at_least_one(text: str) -> int:
    return _whole(text, 1)


def _points(text: str) -> int:
    """--samples and --sweep: one row each on the outcomes or pareto sheet."""
    value = _whole(text, 2)
    if value > MAX_ROWS:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_ROWS:,} (one row each on a result sheet, and a sheet "
            f"holds {MAX_ROWS + 1:,} rows), got {text!r}"
        )
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 0 to {MAX_SEED}, got {text!r}"
        )
    return value


# tcp://HOST:PORT or HOST:PORT; HOST a name, an IPv4 address or [an IPv6 address]
_ADDRESS = re.compile(
    r"(?:tcp://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r":(?P<port>[0-9]{1,5})"
)


def _scheduler(text: str) -> str:
    """A Dask scheduler's address, as tcp://HOST:PORT (its form only: whether a
    scheduler answers there is tried before the samples are run)."""
    found = _ADDRESS.fullmatch(text.strip())
    if found is None or not 1 <= int(found["port"]) <= 65535:
        raise argparse.ArgumentTypeError(
            "must be a Dask scheduler's address tcp://HOST:PORT with a port from 1 to "
            f"65535, e.g. tcp://127.0.0.1:8786, got {text!r}"
        )
    return f"tcp://{found['host']}:{int(found['port'])}"


def run(args: argparse.Namespace) -> int:
    """The run the arguments ask for (model.app.drive), and its lines on the terminal."""
    # the options a Request takes under their own names (--output, --seed, --quiet, …)
    same = {field.name for field in dataclasses.fields(Request)} & vars(args).keys()
    done = drive(
        Request(
            source=args.input,
            **{name: getattr(args, name) for name in same},
            progress=None if args.quiet else _progress,
            sample_progress=None if args.quiet else _sample_progress,
            wrote=lambda path: _wrote(args, path),
            report=not args.no_report,
        )
    )
    for line in done.lines:
        print(line)
    return done.status


def _sample_progress(done: int, total: int) -> None:
    _progress(done, total, "Samples")


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
        line = f"Interrupted; the result workbook {shown(written)} had been written whole."
    else:
        line = "Interrupted; no result workbook was written."
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
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
    """The message and exit status of a run that stopped on an error; the lines it
    carries as notes (where the diagnosis went, the other scenarios that failed) first.
    What the run had written before it stopped (the scenarios beside an infeasible
    base, say) is named last."""
    if isinstance(exc, PortfolioError):
        for note in getattr(exc, "__notes__", ()):
            print(note, file=sys.stderr)
    written = ", ".join(str(shown(path)) for path in _written)
    if isinstance(exc, InputError):
        count = len(exc.problems)
        print(
            f"The input has {count} problem{'s' if count != 1 else ''}"
            f"{'' if written else '; nothing was written'}:",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        if written:
            print(f"Written all the same: {written}", file=sys.stderr)
        return exc.exit_status
    if isinstance(exc, RefusedPathError):
        these = "these paths" if "\n" in str(exc) else "this path"
        print(f"Nothing was written; the tool refuses {these}:\n  {exc}", file=sys.stderr)
        return exc.exit_status
    if isinstance(exc, PortfolioError):
        kind = {3: "Infeasible", 4: "Solver failure", 5: "Cannot write the result"}
        print(f"{kind.get(exc.exit_status, 'Error')}: {exc}", file=sys.stderr)
        if written:
            print(f"Written all the same: {written}", file=sys.stderr)
        elif exc.exit_status == 3:
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
