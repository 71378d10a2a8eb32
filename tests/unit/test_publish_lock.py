"""Two runs keeping the same result at once (model.io.files.publish, keep=True): the lock
makes each keep-and-replace whole, so no result is lost. The race is made certain, not
left to chance: keeping the earlier file aside is slowed down (0.5 s between choosing
its dated name and moving it), so both runs are inside that step together unless the
lock holds one back. The second test runs the same race without the lock and sees a
result lost, which proves the first can fail."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import openpyxl

from model.errors import WriteError
from model.io import files


def _workbook(label: str) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = label
    return workbook


def _race(folder: Path, monkeypatch) -> tuple[dict[str, str], list[str]]:
    """An earlier result, then runs A and B publishing theirs at once: label → file of
    the results there afterwards, and the runs that failed (with their error)."""
    path = folder / "result.xlsx"
    _workbook("earlier").save(path)
    choose = files._aside_name

    def slow_aside_name(target: Path) -> Path:
        name = choose(target)
        time.sleep(0.5)  # the other run reaches this step meanwhile, unless locked out
        return name

    monkeypatch.setattr(files, "_aside_name", slow_aside_name)
    failed = []

    def publish(label: str) -> None:
        try:
            files.publish(_workbook(label), path, keep=True)
        except WriteError as exc:  # the command would exit 5 with its result lost
            failed.append(f"{label}: {exc}")

    runs = [threading.Thread(target=publish, args=(label,)) for label in ("A", "B")]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=30)
    found = {}
    for result in sorted(folder.iterdir()):
        label = openpyxl.load_workbook(result, read_only=True).active["A1"].value
        found[label] = result.name
    return found, failed


def test_two_runs_keeping_the_same_result_lose_nothing(tmp_path, monkeypatch):
    """With the lock: the earlier result and both runs' results are there (one at the
    path, two under dated names), and no temporary or lock file is left."""
    found, failed = _race(tmp_path, monkeypatch)
    assert not failed, failed
    assert set(found) == {"earlier", "A", "B"}, found
    assert "result.xlsx" in found.values()
    assert len(list(tmp_path.iterdir())) == 3


def test_without_the_lock_the_same_race_loses_a_result(tmp_path, monkeypatch):
    """The same race with the lock taken out: both runs choose the same dated name for
    the earlier file, so the second run's move either overwrites what the first put
    there or finds the path empty between the first run's two moves (and fails, its
    result not written): either way one of the three results is gone. This is the
    failure the first test guards against."""
    monkeypatch.setattr(files, "_locked", lambda path: contextlib.nullcontext())
    found, failed = _race(tmp_path, monkeypatch)
    assert len(found) == 2, (found, failed)
