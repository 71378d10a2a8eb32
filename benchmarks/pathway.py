"""Benchmark: a generated pathway of 26 years (≥ 1M nonzeros) built and solved by the
tool against the floor — the same matrix handed to highspy directly and solved with
the same three solves — in time and peak memory; and the NL pathway example end to end.

    python benchmarks/pathway.py [--groups 280] [--skip-nl] [--repeat N]

Each side runs in a fresh process (peak memory is the process's max RSS). The floor's
matrix, bounds and costs are written by a third process from our compiled LP (not
timed), so both sides solve the very same LP: the baseline (activities at min_t, no
building, no outside supply, no budget), the scenario (min_primary within the yearly
budgets) and the tie rule (the least discounted cost within the optimum, by the primal
simplex from the scenario's basis, as ours). The two objectives must agree. Each side's
wall time and CPU time (process_time: HiGHS's threads included) are given; on a machine
shared with other work the CPU ratio moves less. `--repeat N` runs ours and the floor in
turn N times and gives the median ratios.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

YEARS = (2025, 2050)


def make_pathway(groups: int, materials_per_group: int = 8, seed: int = 3):
    """A generated system (benchmarks/scale.py) as a pathway over 2025–2050: lifetimes of
    3–15 years, 1 % demand growth, half the capacities buildable with a two-year lead."""
    from scale import make_data

    from model.data.pathway import Pathway

    data = make_data(groups, materials_per_group=materials_per_group, seed=seed)
    rng = random.Random(seed)
    system = data.system
    pathway = Pathway(
        first_year=YEARS[0],
        last_year=YEARS[1],
        lifetime_years={g: float(rng.randint(3, 15)) for g in system.groups},
        lifetime_shape={g: 2.0 for g in system.groups},
        demand_growth={g: 0.01 for g in system.groups},
        past_growth={g: 0.01 for g in system.groups},
        build_cost={k: 500.0 for k in system.capacities[::2]},
        build_lead={k: 2 for k in system.capacities},
        max_build={k: None for k in system.capacities},
    )
    return data.__class__(system, data.settings, pathway)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(groups: int) -> dict:
    from model.run.optimise import optimise

    data = make_pathway(groups)
    clock, cpu = time.perf_counter(), time.process_time()
    solution = optimise(data)
    total = time.perf_counter() - clock
    return {
        "total_s": total,
        "cpu_s": time.process_time() - cpu,
        "build_s": solution.seconds["build"],
        "objective": solution.objective,
        "peak_mib": _peak_mib(),
    }


def dump(groups: int, path: str) -> dict:
    """Our compiled LP, its bounds and sides at the baseline and the scenario, and the
    two cost vectors, for the floor."""
    import numpy as np

    from model.data.time_model import time_model
    from model.formulation.model import create_model
    from model.formulation.modes import use_baseline, use_scenario
    from model.solver.lp import HighsLp

    data = make_pathway(groups)
    model = create_model(data)
    lp = HighsLp(model)
    use_baseline(model, time_model(data))
    lp.sync()
    base_cols, base_rows = lp._sent_columns, lp._sent_rows
    use_scenario(model, time_model(data))
    lp.sync()
    costs = {obj.local_name: c.costs for obj, c in lp.objectives.items()}
    starts, index = lp.pattern
    np.savez(
        path,
        starts=starts,
        index=index,
        values=lp._coefficients_sent,
        base_col_lo=base_cols[0],
        base_col_up=base_cols[1],
        base_row_lo=base_rows[0],
        base_row_up=base_rows[1],
        col_lo=lp._sent_columns[0],
        col_up=lp._sent_columns[1],
        row_lo=lp._sent_rows[0],
        row_up=lp._sent_rows[1],
        primary=costs["obj_primary"],
        cost=costs["obj_cost"],
        tie_row=np.array([lp.constraints.index(model.res_tie_primary)]),
        tie_cost_row=np.array([lp.constraints.index(model.res_tie_cost)]),
    )
    return {"nonzeros": len(index), "rows": len(lp.constraints), "columns": len(lp.variables)}


def run_floor(path: str) -> dict:
    import highspy
    import numpy as np

    arrays = np.load(path)
    inf = highspy.kHighsInf
    n, m = len(arrays["col_lo"]), len(arrays["row_lo"])
    clock, cpu = time.perf_counter(), time.process_time()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = arrays["primary"]
    lp.col_lower_, lp.col_upper_ = arrays["base_col_lo"], arrays["base_col_up"]
    lp.row_lower_, lp.row_upper_ = arrays["base_row_lo"], arrays["base_row_up"]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = arrays["starts"]
    lp.a_matrix_.index_ = arrays["index"]
    lp.a_matrix_.value_ = arrays["values"]
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    highs.run()  # the baseline
    columns = np.arange(n, dtype=np.int32)
    highs.changeColsBounds(n, columns, arrays["col_lo"], arrays["col_up"])
    rows = np.arange(m, dtype=np.int32)
    highs.changeRowsBounds(m, rows, arrays["row_lo"], arrays["row_up"])
    highs.run()  # the scenario
    first = highs.getInfo().objective_function_value
    tie = int(arrays["tie_row"][0])
    highs.changeRowBounds(tie, -inf, first * (1 + 1e-7) + 1e-6)
    highs.changeColsCost(n, columns, arrays["cost"])
    highs.setOptionValue("simplex_strategy", 4)  # the primal simplex, as ours
    highs.run()  # the tie rule
    highs.getSolution()
    return {
        "total_s": time.perf_counter() - clock,
        "cpu_s": time.process_time() - cpu,
        "objective": first,
        "peak_mib": _peak_mib(),
    }


def run_nl() -> float:
    """`python run.py --input inputs/nl_pathway.xlsx`, wall time, in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        clock = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "run.py"),
                "--input",
                str(ROOT / "inputs" / "nl_pathway.xlsx"),
                "--output",
                str(Path(folder) / "out.xlsx"),
                "--quiet",
            ],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - clock
    assert done.returncode == 0, done.stderr
    return seconds


def _child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=280)
    parser.add_argument("--skip-nl", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run ours and the floor this many times in turn; print each pair and the medians",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "ours":
            result = run_ours(int(rest[0]))
        elif kind == "dump":
            result = dump(int(rest[0]), rest[1])
        else:
            result = run_floor(rest[0])
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "lp.npz")
        size = _child("dump", str(args.groups), path)
        pairs = []
        for _ in range(max(args.repeat, 1)):
            ours = _child("ours", str(args.groups))
            floor = _child("floor", path)
            assert abs(ours["objective"] - floor["objective"]) <= 1e-6 * max(
                1, abs(floor["objective"])
            )
            pairs.append((ours, floor))
    print(
        f"generated pathway 2025–2050, {args.groups} groups: {size['nonzeros']:,} nonzeros, "
        f"{size['rows']:,} rows, {size['columns']:,} columns"
    )
    for ours, floor in pairs:
        print(
            f"  time:   ours {ours['total_s']:.2f} s (build {ours['build_s']:.2f} s), floor "
            f"{floor['total_s']:.2f} s, ratio {ours['total_s'] / floor['total_s']:.2f}; "
            f"CPU ours {ours['cpu_s']:.2f} s, floor {floor['cpu_s']:.2f} s, ratio "
            f"{ours['cpu_s'] / floor['cpu_s']:.2f}"
        )
        print(
            f"  memory: ours {ours['peak_mib']:.0f} MiB, floor {floor['peak_mib']:.0f} MiB, "
            f"ratio {ours['peak_mib'] / floor['peak_mib']:.2f}"
        )
    if len(pairs) > 1:
        wall = statistics.median(o["total_s"] / f["total_s"] for o, f in pairs)
        cpu = statistics.median(o["cpu_s"] / f["cpu_s"] for o, f in pairs)
        memory = max(o["peak_mib"] / f["peak_mib"] for o, f in pairs)
        print(
            f"  median over {len(pairs)}: time ratio {wall:.2f}, CPU ratio {cpu:.2f}; "
            f"memory ratio at most {memory:.2f}"
        )
    if not args.skip_nl:
        print(f"NL pathway example, python run.py end to end: {run_nl():.2f} s")


if __name__ == "__main__":
    main()
