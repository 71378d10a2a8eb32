"""Benchmark: the uncertainty ensemble — cost per sample against highspy alone, and
throughput with 1 and 2 Dask workers.

    python benchmarks/ensemble.py [--samples 1000] [--large N]

1. Per sample, in this process, on the same drawn values: the floor (the same LP
   assembled as arrays from the data and solved by highspy directly, baseline, first and
   tie solves warm-started; a fourth with the base plan held: benchmarks/floor.py); a
   model built for each sample (`optimise`, as a plain run does); and the worker's path,
   one model compiled once and re-valued for each sample, the re-optimisation alone and
   the whole sample (`run_sample`: plus the base plan held).
2. Throughput: the samples on a LocalCluster of 1 and of 2 worker processes, each started
   and warmed before the clock runs, the best of three runs; peak memory (max RSS) of
   each worker.
3. With --large N: N samples of a generated 100k-nonzero instance (uncertain costs and
   displacements), the whole sample on the worker's path against the four-solve floor
   (the issue asks N = 100; about 15 s a sample here).
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from floor import solve_floor  # noqa: E402

from model.data.values import with_values  # noqa: E402
from model.ensemble.samples import compiled_for, run_sample  # noqa: E402
from model.ensemble.sampling import draw  # noqa: E402
from model.errors import InfeasibleError, PortfolioError  # noqa: E402
from model.io.reader import read_input  # noqa: E402
from model.io.uncertainty import Uncertain  # noqa: E402
from model.run.optimise import optimise  # noqa: E402


def per_sample(data, uncertain, n: int, *, full: bool = True) -> dict[str, float]:
    """Seconds per sample: the floor (three solves; four with the base plan held), a
    model built for each sample (`optimise` as a plain run does it), and the worker's
    path (`run_sample`: the base model compiled once, re-valued for each sample).
    `full=False`: only the whole sample against the four-solve floor."""
    values = draw(uncertain, n, 7)
    parameters = [(u.parameter, u.key) for u in uncertain]
    base = optimise(data).portfolio.activity
    samples = [
        with_values(data, [(p, k, float(v)) for (p, k), v in zip(parameters, row, strict=True)])
        for row in values
    ]
    clock = time.perf_counter()
    for sample in samples:
        solve_floor(sample, hold=base)
    floor_held = (time.perf_counter() - clock) / n
    _same_as_ours(samples[:SAME])
    compiled_for(data)  # a worker's first sample builds it; not counted per sample
    clock = time.perf_counter()
    for i, row in enumerate(values):
        run_sample(data, parameters, i, list(row), base)
    whole = (time.perf_counter() - clock) / n
    if not full:
        return {"floor_held_s": floor_held, "sample_s": whole}
    clock = time.perf_counter()
    for sample in samples:
        solve_floor(sample)
    floor = (time.perf_counter() - clock) / n
    clock = time.perf_counter()
    for sample in samples:
        # an infeasible sample costs its diagnosis; counted as it is
        with contextlib.suppress(PortfolioError):
            optimise(sample)
    fresh = (time.perf_counter() - clock) / n
    clock = time.perf_counter()
    compiled_for(data).revalue(data)
    for sample in samples:
        compiled = compiled_for(data)
        with contextlib.suppress(PortfolioError):
            optimise(sample, compiled=compiled if compiled.revalue(sample) else None)
    revalued = (time.perf_counter() - clock) / n
    return {
        "floor_s": floor,
        "floor_held_s": floor_held,
        "fresh_s": fresh,
        "optimise_s": revalued,
        "sample_s": whole,
    }


REPEAT = 3
SAME = 50  # samples whose floor is checked against ours, status and objectives


def _same_as_ours(samples) -> None:
    """The floor solves our LP: the same status and the same baseline and optimum."""
    for i, sample in enumerate(samples):
        floor = solve_floor(sample)
        try:
            ours = optimise(sample)
        except InfeasibleError:
            assert floor["status"] == "infeasible", (i, floor["status"])
            continue
        assert floor["status"] == "optimal", (i, floor["status"])
        assert abs(floor["baseline"] - ours.baseline.weighted) <= 1e-6 * max(
            1.0, abs(ours.baseline.weighted)
        ), (i, floor["baseline"], ours.baseline.weighted)
        assert abs(floor["objective"] - ours.objective) <= 1e-6 * max(1.0, abs(ours.objective)), (
            i,
            floor["objective"],
            ours.objective,
        )


def throughput(data, uncertain, n: int, workers: int) -> tuple[float, list[float]]:
    from dask.distributed import Client, LocalCluster

    from model.ensemble.distributed import run_ensemble

    values = draw(uncertain, n, 7)
    parameters = [(u.parameter, u.key) for u in uncertain]
    base = optimise(data).portfolio.activity
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=50,
    ) as cluster:
        address = cluster.scheduler_address
        run_ensemble(data, parameters, values[: 4 * workers], base, scheduler=address, batch=2)
        times = []
        for _ in range(REPEAT):  # the best of three: this machine is shared and noisy
            clock = time.perf_counter()
            run_ensemble(data, parameters, values, base, scheduler=address)
            times.append(time.perf_counter() - clock)
        seconds = min(times)
        with Client(address) as client:
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return seconds, [kb / 1024 for kb in peaks.values()]


def large(n: int) -> dict[str, float]:
    from scale import make_data

    data = make_data(3000, materials_per_group=10)
    system = data.system
    uncertain = []
    for s in system.measures[:30]:
        c = system.cost_eur_per_t[s]
        uncertain.append(Uncertain("measures.cost_eur_per_t", (s,), c / 2, 2 * c, "uniform", c, 0))
    for s in list(system.displacement)[:10]:
        d = system.displacement[s]
        uncertain.append(
            Uncertain("measures.displacement", (s,), 0.5 * d, min(1.0, 1.5 * d), "uniform", d, 0)
        )
    return per_sample(data, uncertain, n, full=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument(
        "--large",
        type=int,
        default=0,
        metavar="N",
        help="also N samples of a generated 100k-nonzero instance (the issue asks 100)",
    )
    args = parser.parse_args()
    given = read_input(ROOT / "inputs" / "portfolio.xlsx")
    data, uncertain = given.data, given.uncertain
    cost = per_sample(data, uncertain, min(args.samples, 200))
    print(f"default example, {len(uncertain)} uncertain values, per sample (this process):")
    _report(cost)
    one, peak_one = throughput(data, uncertain, args.samples, 1)
    two, peak_two = throughput(data, uncertain, args.samples, 2)
    print(f"{args.samples} samples on Dask (clusters started and warmed beforehand):")
    print(f"  1 worker   {one:7.1f} s   {args.samples / one:7.1f} samples/s")
    print(f"  2 workers  {two:7.1f} s   {args.samples / two:7.1f} samples/s   {one / two:4.2f} x")
    print(f"  peak memory per worker: {', '.join(f'{m:.0f} MiB' for m in peak_one + peak_two)}")
    if args.large:
        print(f"generated instance, 100k nonzeros, 40 uncertain values, {args.large} samples:")
        _report(large(args.large))


def _report(cost: dict[str, float]) -> None:
    held = cost["floor_held_s"]
    print(f"  floor: highspy alone, 4 (+ base plan held)   {1000 * held:9.1f} ms")
    print(
        f"  worker: a whole sample (+ base plan held)    {1000 * cost['sample_s']:9.1f} ms"
        f"   {cost['sample_s'] / held:5.2f} x the 4-solve floor"
    )
    if "floor_s" not in cost:
        return
    floor = cost["floor_s"]
    print(f"  floor: highspy alone, 3 warm solves          {1000 * floor:9.1f} ms")
    print(
        f"  a model built per sample (optimise)          {1000 * cost['fresh_s']:9.1f} ms"
        f"   {cost['fresh_s'] / floor:5.2f} x the 3-solve floor"
    )
    print(
        f"  worker: compiled once, re-valued (optimise)  {1000 * cost['optimise_s']:9.1f} ms"
        f"   {cost['optimise_s'] / floor:5.2f} x the 3-solve floor"
    )


if __name__ == "__main__":
    main()
