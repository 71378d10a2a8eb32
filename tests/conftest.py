"""Shared fixtures: solve rows through the real reader, pipeline and result tables."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workbooks import write_clean  # noqa: E402

from model.inputs import read_workbook  # noqa: E402
from model.pipeline import optimise  # noqa: E402
from model.results import build_tables  # noqa: E402


@pytest.fixture
def solve_rows(tmp_path):
    """rows → workbook → ModelData → Outcome and Tables."""

    def run(rows):
        path = write_clean(tmp_path / "case.xlsx", rows)
        outcome = optimise(read_workbook(path))
        return outcome, build_tables(outcome, {"input_file": str(path)})

    return run
