"""A Solution is plain data: pickled in one process, it makes the same result workbook in
another that has never loaded Pyomo (what a Dask worker sends back to its client)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from inputs.build_default import ROWS
from model.io.reader import read_rows
from model.report.workbook import build_workbook
from model.results.tables import build_tables
from model.run.driver import explained
from tests.helpers.cells import all_cells

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import pickle, sys
from pathlib import Path
data, solution, run_info = pickle.loads(Path(sys.argv[1]).read_bytes())
from model.report.workbook import build_workbook
from model.results.tables import build_tables
build_workbook(build_tables(data, solution, run_info)).save(sys.argv[2])
print(sorted({name.split(".")[0] for name in sys.modules} & {"pyomo", "highspy"}))
"""


def test_a_pickled_solution_writes_the_same_workbook_in_a_fresh_process(tmp_path):
    """The default example with its budget range and a 6-point trade-off curve: every
    sheet (overview, tables, pareto) is cell for cell the same when the workbook is
    written from the unpickled ModelData and Solution in a new interpreter, and that
    interpreter loads neither Pyomo nor HiGHS. Fails if any result needs the live model
    (a Pyomo object in the Solution would also load Pyomo when unpickled)."""
    data = read_rows(ROWS, source="default")
    solution = explained(data, budget=True, sweep_points=6)
    run_info = {"input_file": "default"}
    here = tmp_path / "here.xlsx"
    build_workbook(build_tables(data, solution, run_info)).save(here)
    blob = tmp_path / "solution.pickle"
    blob.write_bytes(pickle.dumps((data, solution, run_info)))
    there = tmp_path / "there.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(blob), str(there)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stdout
    mine, theirs = all_cells(here), all_cells(there)
    assert list(mine) == list(theirs)
    assert "pareto" in mine and len(mine["pareto"]) == 7
    for sheet in mine:
        assert mine[sheet] == theirs[sheet], sheet
