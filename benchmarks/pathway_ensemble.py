"""Benchmark: the NL pathway's ensemble (issue 22) — seconds of worker time per sample
and where they go, the share spent rebuilding cohort rows first.

    python benchmarks/pathway_ensemble.py [--samples 60] [--seed 7]

The shipped inputs/nl_pathway.xlsx and its uncertainty sheet (lifetimes, demand,
build costs, outside cobalt). The samples run one after another in this process, on
the worker's path (`run_sample`: the base model compiled once, each sample re-valued or,
where its cohort rows differ, built on its own; re-optimised; the base plan held). The
clock is split by wrapping the stages: the cohort rows worked out for a re-valuation
(`revalue._rows`: the time model and every family's rows), a fresh build where
`revalue` refuses (`Compiled`/`create_model` + compile, inside `optimise`), the
infeasibility diagnosis, and the rest (solves, results, the held plan). CPU time
(process_time), so other load on the machine counts little.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import model.run.hold as hold_module  # noqa: E402
import model.run.optimise as optimise_module  # noqa: E402
import model.run.revalue as revalue  # noqa: E402
from model.ensemble import samples as samples_module  # noqa: E402
from model.ensemble.sampling import draw  # noqa: E402
from model.io.reader import read_input  # noqa: E402
from model.run import diagnose  # noqa: E402
from model.run.optimise import optimise  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)
_depth: list[str] = []


def _timed(name: str, function):
    """`function`, its CPU time added to SPENT[name] (not counted again by an outer
    stage: the outer one's share excludes it)."""

    def wrapper(*args, **kwargs):
        clock = time.process_time()
        _depth.append(name)
        try:
            return function(*args, **kwargs)
        finally:
            _depth.pop()
            spent = time.process_time() - clock
            SPENT[name] += spent
            if _depth:
                SPENT[_depth[-1]] -= spent

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    given = read_input(ROOT / "inputs" / "nl_pathway.xlsx")
    data, uncertain = given.data, given.uncertain
    values = draw(uncertain, args.samples, args.seed)
    parameters = [(u.parameter, u.key) for u in uncertain]
    base = optimise(data).portfolio.activity
    clock = time.process_time()
    samples_module.compiled_for(data)
    first_build = time.process_time() - clock
    revalue._rows = _timed("cohort rows for a re-valuation", revalue._rows)
    revalued = {"yes": 0, "no": 0}
    real_revalue = revalue.Compiled.revalue

    def counted(self, other):
        ok = real_revalue(self, other)
        revalued["yes" if ok else "no"] += 1
        return ok

    revalue.Compiled.revalue = counted
    optimise_module.create_model = _timed(
        "a fresh build (refused re-valuation)", optimise_module.create_model
    )
    hold_module.create_model = _timed(
        "a fresh build (refused re-valuation)", hold_module.create_model
    )
    diagnose.explain = _timed("the infeasibility diagnosis", diagnose.explain)
    statuses: dict[str, int] = defaultdict(int)
    clock = time.process_time()
    for i, row in enumerate(values):
        result = samples_module.run_sample(data, parameters, i, list(row), base)
        statuses[result.status] += 1
    total = time.process_time() - clock
    n = args.samples
    print(f"NL pathway, {n} samples (seed {args.seed}), one process")
    print(f"  base model built and compiled once: {first_build:.2f} s")
    print(f"  worker time per sample: {total / n:.3f} s  ({dict(statuses)})")
    print(f"  re-valued {revalued['yes']}, built on their own {revalued['no']}")
    rest = total - sum(SPENT.values())
    for name, spent in [*sorted(SPENT.items(), key=lambda kv: -kv[1]), ("the rest", rest)]:
        print(f"  {name}: {spent / n:.3f} s a sample, {100 * spent / total:.0f} %")


if __name__ == "__main__":
    main()
