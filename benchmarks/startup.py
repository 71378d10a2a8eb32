"""Benchmark: `python run.py` on the default example, wall time and where it goes.
"whole run" is the base scenario alone (`--scenario nl_2026`), as before the shipped
workbook had a scenarios sheet; "+3 scenarios" is the plain `python run.py`, which also
solves and writes the three shipped scenarios and the comparison workbook.

    python benchmarks/startup.py [--repeat N]

Each command runs N times in a fresh interpreter, interleaved so that the machine's
load falls on all of them alike; the script prints the median and the fastest of each,
and each one's share of the whole run. The target is a whole run under 2 s on a
2-core machine (issue 6).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands(output: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "python run.py (whole run)": [
            python,
            "run.py",
            "--quiet",
            "--scenario",
            "nl_2026",
            "--output",
            str(output),
        ],
        "python run.py (+3 scenarios)": [python, "run.py", "--quiet", "--output", str(output)],
        "import model.cli (the command line)": [python, "-c", "import model.cli"],
        "import every stage of a run": [
            python,
            "-c",
            "import model.cli, model.run.optimise, model.report.workbook, model.io.reader",
        ],
        "import pandas": [python, "-c", "import pandas"],
        "import openpyxl": [python, "-c", "import openpyxl"],
        "import pyomo.core + highspy": [python, "-c", "import pyomo.core, highspy"],
        "import pyomo.environ (not used)": [python, "-c", "import pyomo.environ"],
        "empty interpreter": [python, "-c", "pass"],
    }


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        commands = _commands(Path(folder) / "result.xlsx")
        for command in commands.values():  # warm the file cache and the bytecode
            _wall(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(_wall(command))
    whole = statistics.median(times["python run.py (whole run)"])
    print(f"{'command':40} {'median (s)':>11} {'fastest (s)':>12} {'of the run':>11}")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"{name:40} {median:11.2f} {min(seconds):12.2f} {median / whole:11.2f}")
    verdict = "under" if whole < 2 else "OVER"
    print(f"\nwhole run: median {whole:.2f} s, {verdict} the 2 s target")


if __name__ == "__main__":
    main()
