"""A new user's runs of the command (issue 18, the command line and where files go):
every file a run would write is checked against the input and against each other
before any work; every option value either works or is refused by argparse; a
scheduler address where no Dask scheduler answers ends in a sentence, in seconds;
scenario names that would replace the base or share a file are located input errors;
a base without a portfolio is exit 3 even beside scenarios; an ensemble's lines say
what happened in words; and a run leaves nothing behind but its results."""

from __future__ import annotations

import contextlib
import copy
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from inputs.build_default import ROWS, SCENARIOS
from tests.helpers.runner import copy_project, run_cli
from tests.helpers.workbooks import write_clean

UNCERTAIN = [
    {"parameter": "measures.displacement", "item": "textiles_reuse", "low": 0.2, "high": 0.6},
    {"parameter": "groups.collection_rate", "item": "textiles", "low": 0.6, "high": 0.9},
]
BIN = Path(sys.executable).parent
RUN = Path(__file__).resolve().parents[2] / "run.py"


def _workbook(path: Path, scenarios=SCENARIOS, uncertainty=None, **settings) -> Path:
    rows = copy.deepcopy(ROWS)
    for row in rows["settings"]:
        if row["setting"] in settings:
            row["value"] = settings[row["setting"]]
    if scenarios:
        rows["scenarios"] = copy.deepcopy(scenarios)
    if uncertainty:
        rows["uncertainty"] = copy.deepcopy(uncertainty)
    return write_clean(path, rows)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- 1. no file a run writes is the input, nor another file of the same run ---------------
@pytest.mark.parametrize(
    "name, options, words",
    [
        ("X_tight_budget.xlsx", ["--output", "X.xlsx"], "the result of scenario tight_budget"),
        ("X_scenarios.xlsx", ["--output", "X.xlsx"], "the comparison workbook"),
        ("X_tight_budget.xlsx", ["--output", "X.xlsx", "--scenario", "nl_2026"], None),
    ],
)
def test_no_derived_output_is_the_input(tmp_path, name, options, words):
    """`--input X_tight_budget.xlsx --output X.xlsx` on a workbook with a tight_budget
    scenario would write that scenario's result over the input (and X_scenarios.xlsx the
    comparison): refused before any work, exit 5 as every refused path, nothing written,
    the input unchanged. With --scenario only X.xlsx is written: the run goes ahead."""
    source = _workbook(tmp_path / name)
    before = source.read_bytes()
    done = subprocess.run(
        [sys.executable, str(RUN), "--input", name, *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if words is None:
        assert done.returncode == 0, done.stderr
        assert _names(tmp_path) == sorted([name, "X.html", "X.xlsx"])  # the page beside it
        return
    assert done.returncode == 5, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{name}: {words} would be written over the input workbook" in done.stderr, done.stderr
    assert "nothing was written" in done.stderr.lower()
    assert _names(tmp_path) == [name]
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    "name, options",
    [
        ("nl_2026_tight_budget.xlsx", []),
        ("nl_2026_scenarios.xlsx", []),
        ("nl_2026_uncertainty.xlsx", ["--samples", "4", "--workers", "1"]),
    ],
)
def test_no_default_output_is_the_input(tmp_path, name, options):
    """The input kept in outputs/ under a name a run writes by default (a scenario's
    result, the comparison, the uncertainty workbook): refused before any work, even
    though the base's own result would come first; nothing written."""
    project = copy_project(tmp_path / "project")
    (project / "outputs").mkdir()
    source = _workbook(project / "outputs" / name, uncertainty=UNCERTAIN)
    before = source.read_bytes()
    done = run_cli("--input", source, *options, cwd=project)
    assert done.returncode == 5, done.stderr
    assert "over the input workbook" in done.stderr and "Traceback" not in done.stderr
    assert _names(project / "outputs") == [name]
    assert source.read_bytes() == before


def test_two_files_of_one_run_on_one_path_are_refused(tmp_path):
    """A scenario named `scenarios` would write its result where the comparison goes;
    --diagnose naming a scenario's result would overwrite it: both refused, each
    named, before any work."""
    scenarios = [{**SCENARIOS[0], "scenario": "scenarios"}]
    source = _workbook(tmp_path / "in.xlsx", scenarios=scenarios)
    done = run_cli(
        "--input",
        source,
        "--output",
        tmp_path / "r.xlsx",
        "--diagnose",
        tmp_path / "r_scenarios.xlsx",
    )
    assert done.returncode == 5, done.stderr
    assert (
        "r_scenarios.xlsx: the result of scenario scenarios, the comparison workbook and "
        "the diagnosis workbook (--diagnose) would all be written to this one file"
    ) in done.stderr, done.stderr
    assert _names(tmp_path) == ["in.xlsx"]


# --- 4. every option value works or gets argparse's exit 2 ----------------------------------
@pytest.mark.parametrize(
    "option, value",
    [
        ("--scheduler", "nonsense"),
        ("--scheduler", "tcp://127.0.0.1:99999"),
        ("--scheduler", "tcp://127.0.0.1"),
        ("--scheduler", "udp://127.0.0.1:8786"),
        ("--scheduler", ""),
        ("--seed", "-1"),
        ("--seed", "1.5"),
        ("--seed", str(2**32)),
        ("--samples", "1"),
        ("--samples", "2000000"),
        ("--workers", "0"),
        ("--sweep", "1"),
        ("--sweep", "x"),
        ("--time-limit", "nan"),
    ],
)
def test_an_option_value_that_cannot_work_is_refused_by_argparse(option, value):
    """Each value is refused at once by argparse: exit 2, its usage line and one
    sentence naming the option, no traceback."""
    done = run_cli(option, value, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("usage:"), done.stderr
    assert f"argument {option}: " in done.stderr and "Traceback" not in done.stderr


@contextlib.contextmanager
def _other_server(speaks: bytes | None, life: float = 90.0):
    """A TCP server on 127.0.0.1 that is not a Dask scheduler: it sends `speaks` to every
    connection (None: nothing at all) and holds it open; it stops after `life` seconds
    or when the block ends."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()
    held = []

    def serve():
        end = time.monotonic() + life
        while not stop.is_set() and time.monotonic() < end:
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)
            if speaks:
                with contextlib.suppress(OSError):
                    conn.sendall(speaks)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def _refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _scheduler_run(tmp_path: Path, address: str):
    source = _workbook(tmp_path / "in.xlsx", scenarios=None, uncertainty=UNCERTAIN)
    started = time.monotonic()
    done = run_cli(
        "--input",
        source,
        "--samples",
        4,
        "--scheduler",
        address,
        "--output",
        tmp_path / "u.xlsx",
        timeout=120,
    )
    return done, time.monotonic() - started


@pytest.mark.parametrize(
    "speaks, words",
    [
        (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "not as a Dask scheduler"),
        (b"SSH-2.0-OpenSSH_9.2\r\n", "not as a Dask scheduler"),
        (None, "no answer within 10 s"),
    ],
)
def test_an_address_where_something_else_answers_is_exit_2_in_seconds(tmp_path, speaks, words):
    """An HTTP server, an SSH server or a silent one at --scheduler's address: before
    this, a MemoryError (3 EiB, the greeting read as a frame length) or a hang of
    minutes. Now: exit 2 and a sentence naming the address, within the documented 10 s
    (plus start-up), nothing written."""
    with _other_server(speaks) as address:
        done, took = _scheduler_run(tmp_path, address)
    assert done.returncode == 2, done.stderr
    assert f"--scheduler {address}: " in done.stderr and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Internal error" not in done.stderr
    assert took < 40, took
    assert _names(tmp_path) == ["in.xlsx"]


def test_a_refused_port_is_exit_2_at_once(tmp_path):
    """Nothing listens at --scheduler's address: exit 2 and why, at once (it was exit 5,
    "could not be written", after 30 s of retries)."""
    address = f"tcp://127.0.0.1:{_refused_port()}"
    done, took = _scheduler_run(tmp_path, address)
    assert done.returncode == 2, done.stderr
    assert f"--scheduler {address}: nothing listens there" in done.stderr, done.stderr
    assert took < 20, took
    assert _names(tmp_path) == ["in.xlsx"]


def test_a_scheduler_without_workers_is_exit_2_not_a_hang(tmp_path):
    """A real `dask scheduler` with no worker: the samples would wait for ever. Exit 2,
    and the sentence says to start a worker."""
    port = _refused_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        done, took = _scheduler_run(tmp_path, address)
    finally:
        scheduler.terminate()
        try:
            scheduler.wait(timeout=10)
        except subprocess.TimeoutExpired:
            scheduler.kill()
            scheduler.wait()
    assert done.returncode == 2, done.stderr
    assert "has no workers" in done.stderr and "dask worker" in done.stderr, done.stderr
    assert took < 60, took


# --- 5. scenario names --------------------------------------------------------------------
@pytest.mark.parametrize(
    "names, words",
    [
        (["nl_2026"], "scenario name nl_2026 is the base scenario's name"),
        (["NL_2026"], "scenario name NL_2026 is the base scenario's name"),
        (["tight", "Tight"], "scenario name Tight differs from tight (row 2) only in case"),
        (["a b", "a_b"], "scenario name a_b gives the same file name as a b (row 2)"),
    ],
)
def test_scenario_names_that_would_replace_the_base_or_share_a_file(tmp_path, names, words):
    """A scenario named like the base replaced the base in the comparison, and --output
    was never written; names differing only in case were two files on Linux and one on
    Windows and macOS. Each is a located input error: exit 2, nothing written."""
    scenarios = [
        {"scenario": name, "parameter": "settings.budget_eur", "value": 50e6 + i}
        for i, name in enumerate(names)
    ]
    source = _workbook(tmp_path / "in.xlsx", scenarios=scenarios)
    done = run_cli("--input", source, "--output", tmp_path / "r.xlsx")
    assert done.returncode == 2, done.stderr
    row = len(names) + 1
    assert f"in.xlsx › scenarios › row {row} › scenario: {words}" in done.stderr, done.stderr
    assert _names(tmp_path) == ["in.xlsx"]


# --- 6. a base without a portfolio beside its scenarios ----------------------------------
def test_an_infeasible_base_beside_scenarios_is_exit_3_with_the_comparison(tmp_path):
    """The base's budget is below what the battery obligations cost, a scenario restores
    it: the run used to exit 0 with no --output. Now exit 3 with the base's reason; the
    scenario's result, the comparison and the diagnosis are written and named; --output
    is not (the base has no portfolio), and the message says so."""
    scenarios = [{"scenario": "funded", "parameter": "settings.budget_eur", "value": 69.7e6}]
    source = _workbook(tmp_path / "in.xlsx", scenarios=scenarios, budget_eur=1e6)
    done = run_cli(
        "--input",
        source,
        "--output",
        tmp_path / "r.xlsx",
        "--diagnose",
        tmp_path / "why.xlsx",
    )
    assert done.returncode == 3, done.stderr
    assert "Infeasible: " in done.stderr and "budget_eur is €1.0 M" in done.stderr
    assert "Diagnosis workbook: why.xlsx" in done.stderr or "why.xlsx" in done.stderr
    assert "r_funded.xlsx" in done.stderr and "r_scenarios.xlsx" in done.stderr
    assert "No result workbook was written" not in done.stderr
    assert _names(tmp_path) == [
        "in.xlsx",
        "r_funded.html",  # the report beside the result (the base has none)
        "r_funded.xlsx",
        "r_scenarios.xlsx",
        "why.xlsx",
    ]
    ws = openpyxl.load_workbook(tmp_path / "r_scenarios.xlsx")["indicators"]
    table = {row[0]: row[2:] for row in ws.iter_rows(values_only=True)}
    assert table["status"] == ("infeasible", "optimal")


# --- 13. an ensemble's lines in words -----------------------------------------------------
def test_an_ensembles_lines_count_in_whole_numbers_and_name_invalid_samples(tmp_path):
    """20 samples in which none is infeasible and some break an input rule (a min_t
    drawn above max_t): "20 samples (seed 7)", never "20.0" or "nan"; the invalid
    samples counted, numbered and why."""
    uncertainty = [
        *UNCERTAIN,
        {"parameter": "measures.min_t", "item": "textiles_fibre_to_fibre", "low": 0, "high": 30000},
    ]
    source = _workbook(tmp_path / "in.xlsx", scenarios=None, uncertainty=uncertainty)
    done = run_cli(
        "--input", source, "--samples", 20, "--workers", 1, "--output", tmp_path / "u.xlsx"
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "20 samples (seed 7)" in out, out
    assert "nan" not in out and ".0 samples" not in out and "seed 7.0" not in out
    assert "break an input rule" in out and "min_t" in out, out
    outcomes = list(openpyxl.load_workbook(tmp_path / "u.xlsx")["outcomes"].values)
    invalid = [row[0] for row in outcomes[1:] if "invalid" in row]
    assert invalid and f"{len(invalid)} of the samples (" in out, out
    assert ", ".join(map(str, invalid[:5])) in out, out


def test_more_workers_than_cores_are_capped_and_said(tmp_path):
    """--workers 64 on a machine with fewer cores: a warning that names both numbers,
    and the local cluster starts no more workers than there are cores."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if cores >= 64:
        pytest.skip("this machine has 64 cores or more")
    source = _workbook(tmp_path / "in.xlsx", scenarios=None, uncertainty=UNCERTAIN)
    done = run_cli(
        "--input", source, "--samples", 60, "--workers", 64, "--output", tmp_path / "u.xlsx"
    )
    assert done.returncode == 0, done.stderr
    assert f"--workers 64: this machine has {cores} core" in done.stderr, done.stderr
    assert f"starts {min(cores, 3)} worker" in done.stderr, done.stderr


# --- nothing left behind --------------------------------------------------------------------
def test_a_run_leaves_nothing_but_its_results(tmp_path):
    """The default run (the base and its scenarios, written to outputs/ with earlier
    results kept) twice, and an ensemble on a local cluster: the working folder, the
    output folder and the temporary folder hold nothing afterwards but the results (no
    .lock file, no dask-scratch-space, no temporary file)."""
    project = copy_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    before = set(_names(project))
    inputs = sorted((project / "inputs").rglob("*"))
    for args in ([], [], ["--samples", "20", "--workers", "2"]):
        done = subprocess.run(
            [sys.executable, "run.py", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    assert set(_names(project)) == before | {"outputs"}
    assert sorted((project / "inputs").rglob("*")) == inputs
    left = [n for n in _names(project / "outputs") if n != ".gitkeep"]
    assert all(n.endswith((".xlsx", ".html")) and not n.startswith(".") for n in left), left
    # eight workbooks (the base, its six scenarios, their comparison; v2 had four
    # scenarios) and seven reports a run, the first run's kept, and the ensemble's
    assert "nl_2026_uncertainty.xlsx" in left and len(left) == 2 * (8 + 7) + 1, left
    assert _names(temporary) == []


def test_the_lock_file_is_removed_and_still_excludes(tmp_path):
    """Six processes take the lock of one result path 25 times each and, inside it,
    read a counter, wait a little and write it back one higher: with the lock file
    removed by each holder before it lets go, no increment is lost (a run that waited
    on a removed file locks the new one), and no lock file is left."""
    script = (
        "import sys, time; from pathlib import Path; from model.io.files import _locked\n"
        "path, counter = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "for _ in range(25):\n"
        "    with _locked(path):\n"
        "        n = int(counter.read_text()); time.sleep(0.001); counter.write_text(str(n + 1))\n"
    )
    counter = tmp_path / "counter"
    counter.write_text("0")
    root = RUN.parent
    runs = [
        subprocess.Popen([sys.executable, "-c", script, tmp_path / "r.xlsx", counter], cwd=root)
        for _ in range(6)
    ]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    assert counter.read_text() == "150"
    assert _names(tmp_path) == ["counter"]


def test_the_documented_scheduler_timeout_is_the_one_used():
    """--help states the scheduler's timeout the ensemble uses."""
    from model import cli
    from model.ensemble import distributed

    assert cli.SCHEDULER_TIMEOUT == distributed.SCHEDULER_TIMEOUT
    text = " ".join(cli.parser().format_help().split())
    assert f"within {distributed.SCHEDULER_TIMEOUT:g} s" in text
