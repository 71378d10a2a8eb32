"""What the run sheet records about a run: the input and its SHA-256, the scenario, the
versions of the tool, Python, Pyomo, HiGHS and the libraries, the time taken."""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import time
from importlib import metadata
from pathlib import Path


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


def run_info(
    source: Path, data, solution, time_limit: float | None, started: float
) -> dict[str, object]:
    """The run sheet's rows for `data` solved as `solution`, the run `started` at this
    `time.perf_counter()`."""
    return {
        "input_file": str(source),
        "input_sha256": _sha256(Path(source)),
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
        "time_limit_s": time_limit if time_limit is not None else "none",
        "wall_time_s": round(time.perf_counter() - started, 3),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
