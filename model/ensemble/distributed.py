"""Samples in batches on Dask distributed: a LocalCluster of worker processes on this
machine by default, or an existing cluster by its scheduler's address.

The base ModelData is scattered once; each task is a batch of samples (index and drawn
values) and sends back `SampleResult`s, never a model. Results are put in place by their
index, so a batch that Dask re-runs after a worker dies replaces, never duplicates, and
the order in which batches finish changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import CancelledError

import numpy as np

from model.data.model_data import ModelData
from model.ensemble.samples import run_batch
from model.run.outcome import SampleResult

BATCH = 20  # samples a task: enough to keep the scheduler's overhead small
RETRIES = 3  # times a batch is submitted again after Dask lost what it needed


def batches(values: np.ndarray, size: int = BATCH) -> list[list[tuple[int, list[float]]]]:
    rows = [(i, [float(v) for v in values[i]]) for i in range(len(values))]
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def run_ensemble(
    base: ModelData,
    parameters: list[tuple[str, tuple[str, ...]]],
    values: np.ndarray,
    base_activity: dict[str, float],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> list[SampleResult]:
    """Every sample's result, in sample order."""
    import logging

    from dask.distributed import Client, LocalCluster, as_completed

    for name in list(logging.root.manager.loggerDict):  # distributed sets these on import
        if name.startswith(("distributed", "bokeh", "tornado")):
            logging.getLogger(name).setLevel(logging.CRITICAL)  # errors come as exceptions
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False},
            silence_logs=50,
        )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        shared = client.scatter(base, broadcast=True)
        pending = {
            client.submit(run_batch, shared, parameters, part, base_activity, pure=False): part
            for part in batches(values, batch)
        }
        tries: dict[int, int] = {}
        results: list[SampleResult | None] = [None] * len(values)
        done = 0
        waiting = as_completed(list(pending))
        for future in waiting:
            part = pending.pop(future)
            try:
                found = future.result()
            except CancelledError:
                # A worker that died can take the scattered base data with it, and Dask
                # then forgets the batches that needed it: scatter it again and run the
                # batch once more (its samples are placed by index, never twice).
                first = part[0][0]
                tries[first] = tries.get(first, 0) + 1
                if tries[first] > RETRIES:
                    raise
                shared = client.scatter(base, broadcast=True)
                again = client.submit(
                    run_batch, shared, parameters, part, base_activity, pure=False
                )
                pending[again] = part
                waiting.add(again)
                continue
            for result in found:
                if results[result.index] is None:
                    done += 1
                results[result.index] = result
            if progress:
                progress(done, len(values))
        return [r for r in results if r is not None]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
