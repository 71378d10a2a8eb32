"""Benchmark: the trade-off curve on one persistent model against N separate runs.

    python benchmarks/sweep.py [--points N] [--input PATH]

Prints the wall time of each and their ratio, measured in one run (the machines are
shared, so only the ratio is meaningful).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.io.reader import read_workbook  # noqa: E402
from model.run.budget import sweep_budgets  # noqa: E402
from model.run.driver import explained  # noqa: E402
from model.run.optimise import optimise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--input", type=Path, default=ROOT / "inputs" / "portfolio.xlsx")
    args = parser.parse_args()
    data = read_workbook(args.input)
    span = explained(data, budget=True).span

    start = time.perf_counter()
    explained(data, budget=True)
    one_run = time.perf_counter() - start
    start = time.perf_counter()
    points = explained(data, sweep_points=args.points).sweep
    swept = time.perf_counter() - start - one_run  # the curve alone, one run taken off

    start = time.perf_counter()
    singles = [
        optimise(data.with_settings(budget_eur=b)).objective
        for b in sweep_budgets(span.least_eur, span.saturation_eur, args.points)
    ]
    separate = time.perf_counter() - start

    worst = max(
        abs(p.weighted_primary_use - s) / max(1.0, abs(s))
        for p, s in zip(points, singles, strict=True)
    )
    print(f"input            {args.input.name}")
    print(f"points           {args.points}")
    print(f"one run          {one_run:8.3f} s  (baseline, scenario, tie, budget range)")
    print(f"trade-off curve  {swept:8.3f} s  ({swept / args.points * 1e3:.1f} ms a point)")
    print(f"separate runs    {separate:8.3f} s  ({separate / args.points * 1e3:.1f} ms a run)")
    print(f"ratio            {swept / separate:8.3f}  (curve / separate runs)")
    print(f"largest relative difference of the optima: {worst:.2e}")


if __name__ == "__main__":
    main()
