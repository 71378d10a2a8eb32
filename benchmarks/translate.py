"""Benchmark: three ways to hand the Pyomo model to HiGHS, on the same instance.

    python benchmarks/translate.py [--sizes 300 3000] [--materials-per-group 10]

(a) Pyomo's persistent interface (`pyomo.contrib.solver.solvers.highs.Highs`,
`set_instance`): walks every constraint, passes the rows to HiGHS, and keeps the maps
that let later solves send only what changed;
(b) Pyomo's standard-form compiler (`LinearStandardFormCompiler`, mixed form) to scipy
sparse arrays, then `highspy.Highs.passModel` with the bounds and row sides read off
(no maps: a change means compiling again);
(c) ours, model/lp.py (`HighsLp` and its first `sync`): every row, active or not, with
maps for later changes, as the pipeline uses it.

Each runs in a fresh process on the model of benchmarks/scale.py as `create_model`
builds it; the script prints the seconds from the built model to an LP inside HiGHS and
the memory that adds, with each as a ratio to ours, and checks that all three LPs have
the same optimum.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def persistent(model) -> tuple[object, Callable[[], float]]:
    from pyomo.contrib.solver.solvers.highs import Highs

    solver = Highs()
    solver.set_instance(model)
    return solver, lambda: solver.solve(model).incumbent_objective


def ours(model) -> tuple[object, Callable[[], float]]:
    from model.solver.lp import HighsLp

    lp = HighsLp(model)
    lp.sync()

    def solve() -> float:
        lp.highs.run()
        return lp.highs.getInfo().objective_function_value

    return lp, solve


def standard_form(model) -> tuple[object, Callable[[], float]]:
    import highspy
    import numpy as np
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    form = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=None)
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(form.columns), len(form.rows)
    lp.col_cost_ = form.c.toarray().ravel()
    lp.col_lower_ = np.array([-inf if v.lb is None else v.lb for v in form.columns])
    lp.col_upper_ = np.array([inf if v.ub is None else v.ub for v in form.columns])
    sense = np.array([s for _, s in form.rows])
    rhs = np.asarray(form.rhs, dtype=float)
    # mixed form: sense -1 is a row ≥ rhs, +1 a row ≤ rhs, 0 an equality
    lp.row_lower_ = np.where(sense <= 0, rhs, -inf)
    lp.row_upper_ = np.where(sense >= 0, rhs, inf)
    matrix = form.A.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.offset_ = float(form.c_offset[0])
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)

    def solve() -> float:
        highs.run()
        return highs.getInfo().objective_function_value

    return highs, solve


def child(kind: str, groups: int, per_group: int) -> dict:
    # Every library is imported before the clock starts, here as in the other benchmarks.
    import pyomo.contrib.solver.solvers.highs
    import pyomo.repn.plugins.standard_form  # noqa: F401
    import scipy.sparse  # noqa: F401
    from scale import make_data

    from model.formulation.model import create_model

    model = create_model(make_data(groups, materials_per_group=per_group))
    before = _rss_mib()
    start = time.perf_counter()
    _, solve = {"persistent": persistent, "standard": standard_form, "ours": ours}[kind](model)
    seconds = time.perf_counter() - start
    added = _peak_mib() - before
    return {"seconds": seconds, "added_mib": added, "objective": solve()}


def run_child(kind: str, groups: int, per_group: int) -> dict:
    from fresh import in_fresh_process

    args = ["--child", kind, "--sizes", str(groups), "--materials-per-group", str(per_group)]
    return in_fresh_process(__file__, *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--materials-per-group", type=int, default=10)
    parser.add_argument(
        "--child", choices=["persistent", "standard", "ours"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.sizes[0], args.materials_per_group)))
        return
    from scale import make_data, nonzeros

    kinds = {"persistent": "(a) persistent", "standard": "(b) standard form", "ours": "(c) ours"}
    print(
        f"{'groups':>7} {'nonzeros':>9} | {'way':<18} {'seconds':>8} {'÷ ours':>7} | "
        f"{'MiB added':>9} {'÷ ours':>7}"
    )
    for groups in args.sizes:
        nnz = nonzeros(make_data(groups, materials_per_group=args.materials_per_group))
        runs = {kind: run_child(kind, groups, args.materials_per_group) for kind in kinds}
        base = runs["ours"]
        for kind, label in kinds.items():
            run = runs[kind]
            assert abs(run["objective"] - base["objective"]) <= 1e-6 * max(
                1, abs(base["objective"])
            ), (kind, run["objective"], base["objective"])
            print(
                f"{groups:>7} {nnz:>9,} | {label:<18} {run['seconds']:>8.2f} "
                f"{run['seconds'] / base['seconds']:>7.2f} | {run['added_mib']:>9.0f} "
                f"{run['added_mib'] / max(base['added_mib'], 1):>7.2f}"
            )


if __name__ == "__main__":
    main()
