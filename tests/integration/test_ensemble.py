"""Uncertainty ensembles on Dask (issue 12, parts 2–3): samples drawn from the
uncertainty sheet, each re-optimised and the base portfolio held under it, on a
LocalCluster or a real `dask scheduler` with `dask worker` processes on 127.0.0.1."""

from __future__ import annotations

import copy
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from inputs.build_default import ROWS
from model.errors import InputError
from model.io.reader import read_input
from model.run.optimise import optimise
from tests.helpers.runner import run_cli
from tests.helpers.workbooks import write_clean

UNCERTAIN = [
    {"parameter": "measures.displacement", "item": "textiles_reuse", "low": 0.2, "high": 0.6},
    {
        "parameter": "groups.collection_rate",
        "item": "textiles",
        "low": 0.6,
        "high": 0.9,
        "distribution": "triangular",
    },
    {
        "parameter": "measures.cost_eur_per_t",
        "item": "batteries_hydromet_recycling",
        "low": 1500,
        "high": 3000,
    },
    {"parameter": "capacities.limit", "item": "battery_recycling", "low": 5000, "high": 20000},
]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def given(tmp_path_factory):
    rows = {**copy.deepcopy(ROWS), "uncertainty": UNCERTAIN}
    return read_input(write_clean(tmp_path_factory.mktemp("ensemble") / "in.xlsx", rows))


@pytest.fixture(scope="module")
def base(given):
    return optimise(given.data)


def _ensemble(given, base, n, **options):
    from model.ensemble.distributed import run_ensemble
    from model.ensemble.sampling import draw

    values = draw(given.uncertain, n, 7)
    parameters = [(u.parameter, u.key) for u in given.uncertain]
    return run_ensemble(given.data, parameters, values, base.portfolio.activity, **options)


def test_the_nominal_sample_equals_the_plain_run(given, base):
    """A sample that draws every base value: its re-optimised reduction and cost are the
    plain run's, the base portfolio held under it achieves the same, regret 0."""
    from model.ensemble.samples import run_sample

    parameters = [(u.parameter, u.key) for u in given.uncertain]
    nominal = run_sample(
        given.data, parameters, 0, [u.base for u in given.uncertain], base.portfolio.activity
    )
    plain = 100 * (1 - base.portfolio.weighted / base.baseline.weighted)
    assert nominal.status == "optimal"
    assert nominal.reduction_pct == pytest.approx(plain, rel=1e-12)
    assert nominal.cost_eur == base.portfolio.cost  # the same LP, solved the same way
    assert nominal.activity == {s: x for s, x in base.portfolio.activity.items() if x > 1e-6}
    assert nominal.held_feasible and nominal.held_reduction_pct == pytest.approx(plain, rel=1e-9)
    assert nominal.regret == pytest.approx(0.0, abs=1e-9)


def test_samples_are_the_same_with_1_and_2_workers_and_across_runs(given, base):
    """12 samples, seed 7: one worker, two workers, and two workers again give equal
    results, sample by sample, to the last digit (each worker re-values its one model
    and loads HiGHS afresh for every sample, whose result is placed by its index; the
    batch sizes differ, so each sample follows different ones on its worker). The
    samples differ from one another, so equality is not trivially true."""
    one = _ensemble(given, base, 12, workers=1, batch=3)
    two = _ensemble(given, base, 12, workers=2, batch=3)
    again = _ensemble(given, base, 12, workers=2, batch=5)
    assert [r.index for r in one] == list(range(12))
    assert one == two == again
    assert len({r.reduction_pct for r in one}) > 6


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_cluster(workers: int):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "error"}
    scheduler = subprocess.Popen(
        [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    procs = [scheduler]
    for i in range(workers):
        procs.append(
            subprocess.Popen(
                [
                    BIN / "dask",
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--name",
                    f"w{i}",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        )
    from dask.distributed import Client

    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with Client(address, timeout=5) as client:
                if len(client.scheduler_info()["workers"]) == workers:
                    return address, procs
        except OSError:
            pass
        time.sleep(0.5)
    _stop(procs)
    pytest.fail("the Dask cluster did not come up within 60 s")


def _stop(procs) -> None:
    """Workers first, then the scheduler; a process that ignores SIGTERM for 10 s is
    killed, and every one is reaped."""
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_real_scheduler_and_two_worker_processes_give_the_same_numbers(given, base):
    """`dask scheduler` and two `dask worker` processes started here on 127.0.0.1, used
    through --scheduler's path: the same 12 results as a LocalCluster."""
    address, procs = _start_cluster(2)
    try:
        remote = _ensemble(given, base, 12, scheduler=address, batch=3)
    finally:
        _stop(procs)
    assert remote == _ensemble(given, base, 12, workers=1, batch=3)


def test_a_worker_killed_mid_ensemble_loses_no_sample(given, base):
    """60 samples in batches of 2 on two worker processes; after the first batch comes
    back, one worker is killed (SIGKILL, no nanny to restart it). Dask runs its batches
    on the other: every sample appears exactly once, with the numbers a LocalCluster
    gives."""
    address, procs = _start_cluster(2)
    killed = []

    def kill_one(done, total):
        if not killed and done >= 2:
            procs[1].send_signal(signal.SIGKILL)
            killed.append(done)

    try:
        results = _ensemble(given, base, 60, scheduler=address, batch=2, progress=kill_one)
    finally:
        _stop(procs)
    assert killed and killed[0] < 60, "the worker was not killed mid-ensemble"
    assert [r.index for r in results] == list(range(60))
    assert results == _ensemble(given, base, 60, workers=2, batch=10)


def test_bad_uncertainty_rows_are_located(tmp_path):
    """Unknown parameter, unknown item, low above high, a value outside the column's
    range, a triangular mode outside [low, high]: each located by row and column, all in
    one run."""
    rows = copy.deepcopy(ROWS)
    rows["uncertainty"] = [
        {"parameter": "measures.price", "item": "textiles_reuse", "low": 1, "high": 2},
        {"parameter": "measures.displacement", "item": "textile_reuse", "low": 0.1, "high": 0.2},
        {"parameter": "measures.displacement", "item": "textiles_reuse", "low": 0.5, "high": 0.2},
        {"parameter": "groups.collection_rate", "item": "textiles", "low": 0.5, "high": 1.5},
        {
            "parameter": "measures.cost_eur_per_t",
            "item": "furniture_reuse",
            "low": 200,
            "high": 400,
            "distribution": "triangular",
        },
    ]
    with pytest.raises(InputError) as caught:
        read_input(write_clean(tmp_path / "bad.xlsx", rows))
    text = str(caught.value)
    assert len(caught.value.problems) == 5, text
    assert 'uncertainty › row 2 › parameter: "measures.price" cannot be uncertain' in text
    assert 'uncertainty › row 3 › item: unknown item "textile_reuse"' in text
    assert "uncertainty › row 4 › low: low (0.5) is above high (0.2)" in text
    assert "uncertainty › row 5 › high: groups.collection_rate must be a number in [0, 1]" in text
    assert "uncertainty › row 6 › distribution: a triangular distribution takes the base" in text


def test_samples_from_the_command_line_write_the_uncertainty_workbook(tmp_path):
    """`python run.py --samples 30 --workers 2`: exit 0, the answer in a few lines, and a
    workbook with robustness (a row per measure), outcomes (a row per sample in order,
    the drawn values as columns), sensitivity (a note: 30 samples are too few for the
    delta method), and the reduction's histogram with its chart."""
    rows = {**copy.deepcopy(ROWS), "uncertainty": UNCERTAIN}
    out = tmp_path / "u.xlsx"
    done = run_cli(
        "--input",
        write_clean(tmp_path / "in.xlsx", rows),
        "--samples",
        30,
        "--workers",
        2,
        "--output",
        out,
    )
    assert done.returncode == 0, done.stderr
    assert "30 samples (seed 7)" in done.stdout and "robust core" in done.stdout
    assert "INFO" not in done.stderr, done.stderr
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["summary", "robustness", "outcomes", "sensitivity", "histogram"]
    outcomes = list(workbook["outcomes"].values)
    assert [r[0] for r in outcomes[1:]] == list(range(1, 31))
    assert "measures.displacement[textiles_reuse]" in outcomes[0]
    assert len(list(workbook["robustness"].values)) == 1 + len(ROWS["measures"])
    assert "too few samples" in str(list(workbook["sensitivity"].values)[1])
    assert len(workbook["histogram"]._charts) == 1


def _marked(marker: str) -> list[int]:
    """The processes alive now whose environment carries `marker`: a run started with it
    and every process it starts (they inherit the environment), however far down."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or a kernel thread
            continue
        if marker.encode() in environ:
            found.append(int(proc.name))
    return found


def test_ctrl_c_stops_an_ensemble_cleanly(tmp_path):
    """SIGINT while the samples run on the local cluster: exit 130, one line, no
    workbook, and no worker process left behind. The run and the processes it starts
    carry a mark in their environment, so only its own workers are looked for (other
    runs on the machine may have theirs) — and they are seen running before the
    signal, so the last check could fail."""
    rows = {**copy.deepcopy(ROWS), "uncertainty": UNCERTAIN}
    source = write_clean(tmp_path / "in.xlsx", rows)
    out = tmp_path / "u.xlsx"
    mark = f"CIRCULAR_PORTFOLIO_TEST_RUN={os.getpid()}-{time.monotonic_ns()}"
    key, value = mark.split("=")
    run = subprocess.Popen(
        [
            sys.executable,
            Path(__file__).resolve().parents[2] / "run.py",
            "--input",
            source,
            "--samples",
            "2000",
            "--workers",
            "2",
            "--output",
            out,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, key: value},
    )
    time.sleep(8)  # the cluster is up and sampling
    deadline = time.monotonic() + 60  # on a loaded machine it may take longer
    while len([p for p in _marked(mark) if p != run.pid]) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    workers = [p for p in _marked(mark) if p != run.pid]
    assert len(workers) >= 2, "the local cluster's workers were never seen running"
    run.send_signal(signal.SIGINT)
    _out, err = run.communicate(timeout=120)
    assert run.returncode == 130, err
    assert [line for line in err.splitlines() if line.strip()] == [
        "Interrupted; no result workbook was written."
    ]
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    assert _marked(mark) == [], "worker processes were left running"


def test_a_pathway_value_of_one_year_can_be_uncertain(tmp_path):
    """In a pathway workbook an uncertainty row with a year draws that year's point of
    the path (the budget of 2030, battery purchases in 2030): read with its base value
    from the path, named with its year, and set on a sample as a scenario row with a
    year would set it. A column that does not change by year is refused."""
    from inputs.build_pathway import rows as pathway_rows
    from model.data.pathway import value
    from model.data.values import with_values

    rows, _sources = pathway_rows()
    rows["uncertainty"] = [
        {"parameter": "settings.budget_eur", "year": 2030, "low": 5e7, "high": 1.2e8},
        {
            "parameter": "groups.demand_t",
            "item": "batteries",
            "year": 2030,
            "low": 7e4,
            "high": 1.3e5,
            "distribution": "triangular",
        },
    ]
    given = read_input(write_clean(tmp_path / "pathway.xlsx", rows))
    budget, batteries = given.uncertain
    assert (budget.name, batteries.name) == (
        "settings.budget_eur[2030]",
        "groups.demand_t[batteries@2030]",
    )
    assert budget.base == 70_700_000 and batteries.base == 100_000
    sample = with_values(
        given.data,
        [(u.parameter, u.key, v) for u, v in zip(given.uncertain, (9e7, 1.2e5), strict=True)],
    )
    assert value(sample, "budget_eur", "", 2030) == 9e7
    assert value(sample, "budget_eur", "", 2026) == 69_700_000  # a point of the path
    assert value(sample, "demand_t", "batteries", 2030) == 1.2e5
    assert value(given.data, "demand_t", "batteries", 2030) == 100_000
    rows["uncertainty"] = [
        {
            "parameter": "measures.displacement",
            "item": "textiles_reuse",
            "year": 2030,
            "low": 0.2,
            "high": 0.4,
        },
    ]
    with pytest.raises(InputError) as caught:
        read_input(write_clean(tmp_path / "bad.xlsx", rows))
    assert "uncertainty › row 2 › year" in str(caught.value.problems[0])
