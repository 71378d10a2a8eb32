"""Benchmark: what the HTML report (issue 21) adds to a run, in time and size.

    python benchmarks/report.py [--repeat N]

Each run (the default example's base alone, the plain `python run.py` with its four
scenarios, the NL pathway's base) runs N times with the report and N times with
`--no-report`, in fresh interpreters, interleaved so that the machine's load falls on
both alike; the script prints the median and the fastest of each, the difference, and
the size of the pages written. Then, in one process, what a report costs by stage:
reading plotly.js (once per process), building the page, publishing it.
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
RUNS = {
    "default, base alone": ["--scenario", "nl_2026"],
    "default, + 4 scenarios": [],
    "NL pathway, base alone": ["--input", "inputs/nl_pathway.xlsx", "--scenario", "nl_pathway"],
}


def _wall(arguments: list[str], folder: Path) -> float:
    start = time.perf_counter()
    command = [sys.executable, "run.py", "--quiet", "--output", str(folder / "r.xlsx")]
    subprocess.run([*command, *arguments], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def _stages() -> None:
    from model.io.reader import read_input
    from model.report import html
    from model.results.tables import build_tables
    from model.run.optimise import optimise

    start = time.perf_counter()
    html.plotly_js()
    print(f"\nreading plotly.js (once per process): {time.perf_counter() - start:.3f} s")
    for name in ("portfolio.xlsx", "nl_pathway.xlsx"):
        data = read_input(ROOT / "inputs" / name).data
        tables = build_tables(data, optimise(data), {})
        build, publish = [], []
        with tempfile.TemporaryDirectory() as folder:
            for _ in range(5):
                start = time.perf_counter()
                page = html.build_report(tables, workbook="r.xlsx")
                middle = time.perf_counter()
                html.publish(html._Page(page), Path(folder) / "r.html", keep=False)
                build.append(middle - start)
                publish.append(time.perf_counter() - middle)
        print(
            f"{name}: build {min(build):.3f} s, publish {min(publish):.3f} s (fastest of 5), "
            f"{len(page.encode()) / 1e6:.2f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times: dict[tuple[str, bool], list[float]] = {}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        runs = 0
        for i in range(args.repeat + 1):  # the first round warms the caches
            for name, arguments in RUNS.items():
                for report in (True, False):
                    runs += 1
                    folder = Path(scratch) / str(runs)  # a folder of its own: its pages
                    seconds = _wall(arguments + ([] if report else ["--no-report"]), folder)
                    if i:
                        times.setdefault((name, report), []).append(seconds)
                    if report:
                        sizes[name] = sum(p.stat().st_size for p in folder.glob("*.html"))
    print(f"{'run':28} {'report':>7} {'median (s)':>11} {'fastest (s)':>12}")
    for name in RUNS:
        medians = {}
        for report in (True, False):
            seconds = times[(name, report)]
            medians[report] = statistics.median(seconds)
            shown = "with" if report else "without"
            print(f"{name:28} {shown:>7} {medians[report]:11.2f} {min(seconds):12.2f}")
        print(
            f"{'':28} {'added':>7} {medians[True] - medians[False]:11.2f}   "
            f"pages {sizes[name] / 1e6:.1f} MB"
        )
    _stages()


if __name__ == "__main__":
    main()
