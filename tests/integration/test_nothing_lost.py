"""Results are never lost: earlier results kept, temporary files cleaned, a killed write
leaves the earlier file whole; solver limits and badly scaled numbers are reported."""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inputs.build_default import ROWS
from model.data.scaling import scaling_warning
from model.io.files import STALE_SECONDS
from model.io.reader import read_workbook
from tests.helpers.runner import copy_project
from tests.helpers.runner import run_cli as run
from tests.helpers.workbooks import write_clean

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def test_default_output_keeps_the_earlier_result(project):
    first = run(cwd=project)
    assert first.returncode == 0, first.stderr
    result = project / "outputs" / "nl_2026.xlsx"
    result.write_bytes(b"an earlier result the analyst annotated")
    second = run(cwd=project)
    assert second.returncode == 0, second.stderr
    kept = [p for p in (project / "outputs").glob("nl_2026.*.xlsx")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"an earlier result the analyst annotated"
    assert f"kept as outputs/{kept[0].name}" in second.stdout
    assert result.read_bytes().startswith(b"PK")


def test_an_asked_for_output_path_is_replaced(tmp_path):
    source = write_clean(tmp_path.parent / f"{tmp_path.name}_in.xlsx", ROWS)  # no scenarios
    out = tmp_path / "mine.xlsx"
    out.write_bytes(b"old")
    assert run("--input", source, "--output", out).returncode == 0
    assert out.read_bytes().startswith(b"PK")
    assert sorted(tmp_path.iterdir()) == [out.with_suffix(".html"), out]  # and its report


def test_result_file_permissions_are_ordinary(tmp_path):
    out = tmp_path / "mine.xlsx"
    assert run("--output", out).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_stale_temporary_files_are_cleaned(tmp_path):
    out = tmp_path / "mine.xlsx"
    stale = tmp_path / ".mine.xlsx.abc123.tmp"
    fresh = tmp_path / ".mine.xlsx.def456.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"another run, still writing")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    assert run("--output", out).returncode == 0
    assert not stale.exists() and fresh.exists()


KILLED_WRITER = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import openpyxl
from model.io.files import write_atomic

class Slow(openpyxl.Workbook):
    def save(self, stream):
        stream.write(b"PK half of a workbook")
        stream.flush()
        print("writing", flush=True)
        time.sleep(60)

write_atomic(Slow(), Path(sys.argv[2]))
"""


def test_a_kill_in_the_middle_of_writing_leaves_the_earlier_result(tmp_path):
    out = tmp_path / "result.xlsx"
    out.write_bytes(b"the earlier result")
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(ROOT), str(out)],
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout.readline().strip() == "writing"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert out.read_bytes() == b"the earlier result"
    leftovers = list(tmp_path.glob(".result.xlsx.*.tmp"))
    assert len(leftovers) == 1  # cleaned by a later run once it is stale


def test_time_limit_exits_4_with_a_message(tmp_path):
    done = run("--time-limit", "0.0000001", "--output", tmp_path / "r.xlsx")
    assert done.returncode == 4
    assert "time limit" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_scaling_warning_names_both_ends(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows["composition"][0]["mass_fraction"] = 1e-7  # wood in furniture
    rows["measures"][3]["cost_eur_per_t"] = 5e3 * 1e3  # textile repair at €5 M/t
    data = read_workbook(write_clean(tmp_path / "scaled.xlsx", rows))
    text = scaling_warning(data)
    assert text and "coefficients span" in text
    assert "mass_fraction)" in text and "(measures › cost_eur_per_t)" in text
    assert scaling_warning(read_workbook(ROOT / "inputs" / "portfolio.xlsx")) is None
    done = run("--input", tmp_path / "scaled.xlsx", "--output", tmp_path / "r.xlsx")
    assert "more than nine orders of magnitude" in done.stderr
