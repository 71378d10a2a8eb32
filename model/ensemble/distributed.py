"""Samples in batches on Dask distributed: a LocalCluster of worker processes on this
machine by default, or an existing cluster by its scheduler's address.

The base ModelData is scattered once; each task is a batch of samples (index and drawn
values) and sends back `SampleResult`s, never a model. Results are put in place by their
index, so a batch that Dask re-runs after a worker dies replaces, never duplicates, and
the order in which batches finish changes nothing.

A scheduler's address is tried before any work (`check_scheduler`): it must answer as a
Dask scheduler within SCHEDULER_TIMEOUT seconds, and have a worker within as many
again, or the run stops with a sentence (exit status 2: the address given cannot be
used), never a hang or a traceback. A local cluster gets at most one worker per core
and per batch (`local_workers`), and its scratch folder is a temporary folder of its
own, removed when the cluster closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError

import numpy as np

from model.data.model_data import ModelData
from model.ensemble.samples import run_batch
from model.errors import InputError, Problem
from model.run.outcome import SampleResult

BATCH = 20  # samples a task: enough to keep the scheduler's overhead small
RETRIES = 3  # times a batch is submitted again after Dask lost what it needed
SCHEDULER_TIMEOUT = 10.0  # seconds a scheduler has to answer, and then to have a worker


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def local_workers(wanted: int | None, samples: int, batch: int = BATCH) -> int:
    """Worker processes of the local cluster: `wanted` (default one per core), but no
    more than the cores (a worker is one solver, busy all the time: two on one core
    take twice as long each, and each compiles the model first) nor than the batches."""
    return max(1, min(wanted or cores(), cores(), math.ceil(samples / batch)))


def _scheduler_problem(address: str, why: str) -> InputError:
    return InputError([Problem(f"--scheduler {address}", why)])


def check_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Raise InputError unless a Dask scheduler answers at `address` (tcp://HOST:PORT)
    within `timeout` seconds. Dask's own connect retries a refused port for 30 s, reads
    another program's greeting as a frame length (a MemoryError of exabytes) and waits
    for ever on a program that says nothing; this probe does none of that."""
    why = asyncio.run(_probe(address, timeout))
    if why:
        raise _scheduler_problem(address, why)


async def _probe(address: str, timeout: float) -> str | None:
    """Why `address` is not a Dask scheduler, or None."""
    from distributed.comm import connect
    from distributed.core import send_recv

    host, _, port = address.removeprefix("tcp://").rpartition(":")
    host = host.strip("[]")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout)
    except ConnectionRefusedError:
        return (
            "nothing listens there (connection refused); start the scheduler (dask "
            "scheduler), or leave out --scheduler to run the samples on this machine"
        )
    except asyncio.TimeoutError:
        return f"no answer within {timeout:g} s; is the host reachable from here?"
    except OSError as exc:  # an unknown host, an unreachable network
        return f"cannot connect: {exc.strerror or exc}"
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    comm = None
    try:
        left = max(0.1, deadline - loop.time())
        comm = await asyncio.wait_for(connect(address, timeout=left), left)
        left = max(0.1, deadline - loop.time())
        identity = await asyncio.wait_for(send_recv(comm, op="identity"), left)
    except asyncio.TimeoutError:
        return (
            f"something accepts connections there but gave no answer within {timeout:g} s, "
            "as a Dask scheduler does at once; is it the scheduler's address and port "
            "(8786 unless set otherwise)?"
        )
    except Exception:  # another program's bytes, read as Dask's frames
        return (
            "something answers there, but not as a Dask scheduler; is it the scheduler's "
            "address and port (8786 unless set otherwise)?"
        )
    finally:
        if comm is not None:
            comm.abort()
    kind = identity.get("type") if isinstance(identity, dict) else None
    if kind != "Scheduler":
        return (
            f"a Dask {str(kind or 'program').lower()} answers there, not a scheduler; give "
            "the scheduler's address"
        )
    return None


@contextlib.contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator:
    """A Client of a new local cluster (scratch space in a folder of its own, removed
    afterwards) or of the scheduler at `scheduler`, which must have a worker."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except Exception as exc:
            raise _scheduler_problem(scheduler, f"cannot connect: {exc}") from None
        try:
            try:
                client.wait_for_workers(1, timeout=SCHEDULER_TIMEOUT)
            except (TimeoutError, asyncio.TimeoutError):
                raise _scheduler_problem(
                    scheduler,
                    f"the Dask scheduler there has no workers (none joined within "
                    f"{SCHEDULER_TIMEOUT:g} s); start one with: dask worker {scheduler}",
                ) from None
            yield client
        finally:
            client.close()
        return
    scratch = tempfile.mkdtemp(prefix="portfolio-dask-")
    try:
        with dask.config.set({"temporary-directory": scratch}):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_kwargs={"dashboard": False},
                silence_logs=50,
                local_directory=scratch,
            )
            try:
                client = Client(cluster)
                try:
                    yield client
                finally:
                    client.close()
            finally:
                cluster.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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
    """Every sample's result, in sample order, on a local cluster of `workers` worker
    processes or on the cluster of the scheduler at `scheduler`."""
    import logging

    from dask.distributed import as_completed

    for name in list(logging.root.manager.loggerDict):  # distributed sets these on import
        if name.startswith(("distributed", "bokeh", "tornado")):
            logging.getLogger(name).setLevel(logging.CRITICAL)  # errors come as exceptions
    with _client(workers or 1, scheduler) as client:
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
