"""Optimal circular-strategy portfolio: `python run.py --help`."""

import os
import signal
import sys


def _terminate(signum, frame):
    raise KeyboardInterrupt("SIGTERM")  # before the command line catches signals itself


def _status(exc: KeyboardInterrupt) -> int:
    """143 for SIGTERM, 130 for Ctrl-C: the command line's own interrupt carries its
    status; this file's handler, in force until the command line has set up its own,
    says SIGTERM in its words."""
    return getattr(exc, "status", 143 if exc.args == ("SIGTERM",) else 130)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    # An interrupted run ends with os._exit (below): the semaphores of an ensemble's local
    # cluster are then cleaned up by multiprocessing's resource tracker, which would say
    # so in a warning the user can do nothing about ("leaked semaphore objects"). The
    # tracker, started later, takes its warning options from these.
    sys.warnoptions.append("ignore:resource_tracker:UserWarning")
    try:
        from model.cli import INTERRUPTED, interrupted, last_written, main
    except KeyboardInterrupt as exc:  # during the first imports: one line, no traceback
        print("Interrupted; no result workbook was written.", file=sys.stderr)
        sys.exit(_status(exc))
    try:
        status = main()
        # Done: a late Ctrl-C must not turn a finished run into a traceback at exit.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except KeyboardInterrupt as exc:  # before main catches signals, or after it returned
        status = interrupted(_status(exc), last_written())
    if status in INTERRUPTED:
        # Half-built objects of the interrupted stage (a zip writer whose file is
        # closed) must not be finalised at exit: they would print tracebacks.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
