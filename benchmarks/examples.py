"""Benchmark: the shipped examples end to end in this process — read, baseline, solve with
the tie rule, budget range, result tables — and, with --base, the same against an
earlier version of the tool on its own examples and on today's tree with the earlier
examples (what the new data costs, and what the new code costs on the old data).

    python benchmarks/examples.py [--base REV] [--repeat 3]

Each (tree, workbook) runs in a fresh process, `--repeat` times; the median wall-clock
seconds are printed, with ratios to the first row of each example. Issue 19 asked the
one-year default example to run in about a second and the NL pathway in under 3 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("portfolio.xlsx", "nl_pathway.xlsx")

CHILD = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from model.io.reader import read_workbook
from model.results.tables import build_tables
try:  # the run with its budget range: run.driver.explained since a59160b
    from model.run.driver import explained
except ImportError:
    from model.run.optimise import optimise
    def explained(data, budget):
        return optimise(data, explain_budget=budget)
runs = []
for _ in range(int(sys.argv[3])):
    clock = time.perf_counter()
    data = read_workbook(sys.argv[2])
    solution = explained(data, budget=True)
    build_tables(data, solution, {})
    runs.append(time.perf_counter() - clock)
print(json.dumps(statistics.median(runs)))
"""


def seconds(tree: Path, workbook: Path, repeat: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(workbook), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="an earlier git revision to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cases = []
        if args.base:
            old = Path(scratch) / "base"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(old), args.base],
                check=True,
            )
        try:
            for name in EXAMPLES:
                rows = []
                if args.base:
                    rows.append((f"{args.base[:7]} code, its {name}", old, old / "inputs" / name))
                    rows.append(
                        (f"this code, {args.base[:7]}'s {name}", ROOT, old / "inputs" / name)
                    )
                rows.append((f"this code, this {name}", ROOT, ROOT / "inputs" / name))
                first = None
                for label, tree, workbook in rows:
                    took = seconds(tree, workbook, args.repeat)
                    first = first or took
                    cases.append((label, took, took / first))
        finally:
            if args.base:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=True
                )
    width = max(len(label) for label, _s, _r in cases)
    print(f"median of {args.repeat} runs, read + solve + budget range + tables, fresh process")
    for label, took, ratio in cases:
        print(f"  {label:<{width}}  {took:6.2f} s  ×{ratio:.2f}")


if __name__ == "__main__":
    main()
