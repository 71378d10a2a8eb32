"""Benchmark: two ways to hand the Pyomo model to HiGHS, on the same instance.

    python benchmarks/translate.py [--sizes 300 3000] [--materials-per-group 10]

(a) the persistent interface (`pyomo.contrib.solver.solvers.highs.Highs.set_instance`,
what model/solve.py uses): walks every constraint once, passes the rows to HiGHS, and
keeps the maps that let later solves change only what changed;
(b) Pyomo's standard-form compiler (`LinearStandardFormCompiler`, mixed form) to scipy
sparse arrays, then `highspy.Highs.passModel` with the bounds and row sides read off.

Each runs in a fresh process on the model of benchmarks/scale.py as `create_model`
builds it; the script prints the seconds from the built model to an LP inside HiGHS, the
memory that adds, and both as ratios (b)/(a), then checks that both LPs have the
same optimum.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
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


def persistent(model) -> tuple[object, float]:
    from model.solve import LpSolver

    solver = LpSolver()
    solver.solver.set_instance(model)
    return solver, lambda: solver.solve(model).objective


def standard_form(model) -> tuple[object, float]:
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

    from model.formulation import create_model

    model = create_model(make_data(groups, materials_per_group=per_group))
    before = _rss_mib()
    start = time.perf_counter()
    _, solve = (persistent if kind == "persistent" else standard_form)(model)
    seconds = time.perf_counter() - start
    added = _peak_mib() - before
    return {"seconds": seconds, "added_mib": added, "objective": solve()}


def run_child(kind: str, groups: int, per_group: int) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            *("--child", kind, "--sizes", str(groups)),
            *("--materials-per-group", str(per_group)),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--materials-per-group", type=int, default=10)
    parser.add_argument("--child", choices=["persistent", "standard"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.sizes[0], args.materials_per_group)))
        return
    from scale import make_data, nonzeros

    print(
        f"{'groups':>7} {'nonzeros':>9} | {'persistent s':>12} {'std form s':>10} "
        f"{'ratio':>6} | {'persistent MiB':>14} {'std form MiB':>12} {'ratio':>6}"
    )
    for groups in args.sizes:
        nnz = nonzeros(make_data(groups, materials_per_group=args.materials_per_group))
        a = run_child("persistent", groups, args.materials_per_group)
        b = run_child("standard", groups, args.materials_per_group)
        assert abs(a["objective"] - b["objective"]) <= 1e-6 * max(1, abs(a["objective"]))
        print(
            f"{groups:>7} {nnz:>9,} | {a['seconds']:>12.2f} {b['seconds']:>10.2f} "
            f"{b['seconds'] / a['seconds']:>6.2f} | {a['added_mib']:>14.0f} "
            f"{b['added_mib']:>12.0f} {b['added_mib'] / max(a['added_mib'], 1):>6.2f}"
        )


if __name__ == "__main__":
    main()
