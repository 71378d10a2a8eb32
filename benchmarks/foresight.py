"""Benchmark: limited foresight on the NL pathway — what deciding one year at a time
costs in time against the perfect-foresight run.

    python benchmarks/foresight.py [--repeat 3]

For the NL pathway (inputs/nl_pathway.xlsx, 2025–2050) it times, in this process, the
perfect-foresight run as a plain run solves it (`run.driver.solve`: build, baseline,
scenario, tie rule and the budget range) and the same pathway with a foresight of 1 to
5 years (`run.foresight.optimise_myopic`: the perfect pathway for the comparison, one
build, then 26 windows of the one compiled model; a failing window's diagnosis
included), the best of `--repeat` runs each, and prints the ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.errors import InfeasibleError  # noqa: E402
from model.io.reader import read_workbook  # noqa: E402
from model.run.driver import Options, solve  # noqa: E402
from model.run.foresight import optimise_myopic  # noqa: E402


def best(run, repeat: int) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(repeat):
        clock = time.perf_counter()
        try:
            solution = run()
            outcome = (
                f"−{100 * (1 - solution.portfolio.weighted / solution.baseline.weighted):.1f} %"
            )
        except InfeasibleError as exc:
            outcome = "infeasible: " + str(exc).splitlines()[0]
        times.append(time.perf_counter() - clock)
    return min(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = read_workbook(ROOT / "inputs" / "nl_pathway.xlsx")
    options = Options(source="benchmark")
    perfect, outcome = best(lambda: solve(data, options), args.repeat)
    print(f"NL pathway, best of {args.repeat}:")
    print(f"  perfect foresight (plain run's solve)  {perfect:6.2f} s   {outcome}")
    for years in range(1, 6):
        seconds, outcome = best(lambda y=years: optimise_myopic(data, y), args.repeat)
        print(
            f"  foresight {years} year{'s' if years > 1 else ' '}                    "
            f"{seconds:6.2f} s   {seconds / perfect:4.2f} x   {outcome}"
        )


if __name__ == "__main__":
    main()
