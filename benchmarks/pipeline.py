"""Benchmark: our whole pipeline against the direct-highspy floor, on the same instance.

    python benchmarks/pipeline.py [--sizes 300 3000 10000] [--materials-per-group 10]
                                  [--repeat N] [--write]

For each size, two fresh processes build the same generated instance (benchmarks/scale.py):
one runs our pipeline (baseline, build, solve with the tie rule, result tables; the
workbook write is timed apart), the other the floor (benchmarks/floor.py: the same LP as
sparse arrays straight into highspy, same three solves, duals read back). Each prints its
stage times and peak resident memory; this script prints them and the ratios. The
machines are shared, so only the ratios within one run mean much: `--repeat N` runs the
two in turn N times for each size and prints the median of the N ratios, time and peak
memory, as well. The workbook writer (openpyxl) is imported only with `--write`: ours
is the run and its result tables, as the floor is the solves alone.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(groups: int, per_group: int, write: bool) -> dict:
    from scale import make_data, nonzeros

    from model.run.optimise import optimise

    data = make_data(groups, materials_per_group=per_group)
    before = _peak_mib()
    start = time.perf_counter()
    outcome = optimise(data)
    solved = time.perf_counter()
    # As in model/app/drive.py: the reporting stage (pandas) loads after the solver is released.
    # Its import time is left out, as every import is, here and in the floor; the workbook
    # writer's (openpyxl) is loaded only when the write is timed (its memory is then in
    # "peak with it").
    from model.results.tables import build_tables

    imported = time.perf_counter()
    tables = build_tables(data, outcome, {})
    extracted = time.perf_counter()
    out = {
        "nonzeros": nonzeros(data),
        "objective": outcome.objective,
        "baseline_s": outcome.seconds["baseline"],
        "build_s": outcome.seconds["build"],
        "solve_s": outcome.seconds["solve"],
        "extract_s": extracted - imported,
        "total_s": (solved - start) + (extracted - imported),
        "peak_mib": _peak_mib(),
        "data_mib": before,
    }
    if write:
        from model.report.workbook import build_workbook

        clock = time.perf_counter()
        build_workbook(tables).save("/tmp/benchmark_result.xlsx")
        out["write_s"] = time.perf_counter() - clock
        out["peak_with_write_mib"] = _peak_mib()
    return out


def run_floor(groups: int, per_group: int) -> dict:
    from floor import solve_floor
    from scale import make_data

    data = make_data(groups, materials_per_group=per_group)
    before = _peak_mib()
    start = time.perf_counter()
    result = solve_floor(data)
    return {
        "objective": result["objective"],
        "total_s": time.perf_counter() - start,
        "peak_mib": _peak_mib(),
        "data_mib": before,
    }


def child(kind: str, groups: int, per_group: int, write: bool) -> dict:
    from fresh import in_fresh_process

    args = ["--child", kind, "--sizes", str(groups), "--materials-per-group", str(per_group)]
    return in_fresh_process(__file__, *args, *(["--write"] if write else []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 12000])
    parser.add_argument("--materials-per-group", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="also time the workbook write")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run ours and the floor in turn N times per size"
    )
    parser.add_argument("--child", choices=["ours", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        groups = args.sizes[0]
        result = (
            run_ours(groups, args.materials_per_group, args.write)
            if args.child == "ours"
            else run_floor(groups, args.materials_per_group)
        )
        print(json.dumps(result))
        return
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"python {platform.python_version()}"
    )
    header = (
        f"{'groups':>7} {'nonzeros':>9} | {'ours s':>7} {'floor s':>7} {'ratio':>6} | "
        f"{'baseline':>8} {'build':>6} {'solve':>6} {'extract':>7} | "
        f"{'ours MiB':>8} {'floor MiB':>9} {'ratio':>6}"
    )
    print(header)
    for groups in args.sizes:
        times, memories = [], []
        for _ in range(args.repeat):
            ours = child("ours", groups, args.materials_per_group, args.write)
            floor = child("floor", groups, args.materials_per_group, False)
            assert abs(ours["objective"] - floor["objective"]) <= 1e-6 * max(
                1.0, abs(floor["objective"])
            ), (ours["objective"], floor["objective"])
            times.append(ours["total_s"] / floor["total_s"])
            memories.append(ours["peak_mib"] / floor["peak_mib"])
            print(_line(groups, ours, floor), flush=True)
        if args.repeat > 1:
            print(
                f"{groups:>7} median of {args.repeat}: time ratio {statistics.median(times):.2f}, "
                f"memory ratio {statistics.median(memories):.2f}"
            )


def _line(groups: int, ours: dict, floor: dict) -> str:
    """One pair's figures, as the header names them."""
    return (
        f"{groups:>7} {ours['nonzeros']:>9,} | {ours['total_s']:>7.2f} "
        f"{floor['total_s']:>7.2f} {ours['total_s'] / floor['total_s']:>6.2f} | "
        f"{ours['baseline_s']:>8.2f} {ours['build_s']:>6.2f} {ours['solve_s']:>6.2f} "
        f"{ours['extract_s']:>7.2f} | {ours['peak_mib']:>8.0f} "
        f"{floor['peak_mib']:>9.0f} {ours['peak_mib'] / floor['peak_mib']:>6.2f}"
        + (
            f" | write {ours['write_s']:.2f} s, peak with it {ours['peak_with_write_mib']:.0f} MiB"
            if "write_s" in ours
            else ""
        )
    )


if __name__ == "__main__":
    main()
