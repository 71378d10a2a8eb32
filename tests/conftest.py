"""Shared fixtures: solve rows through the real reader, pipeline and result tables."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

# tests/ for the helper modules, inputs/ for build_default (the default example's rows)
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "inputs"))

from workbooks import write_clean

from model.inputs import read_workbook
from model.pipeline import optimise
from model.results import build_tables

# Tests read result workbooks with openpyxl, a reader independent of the tool's own
# (python-calamine), and say so, so pandas does not warn about its future default.
pd.set_option("io.excel.xlsx.reader", "openpyxl")


@pytest.fixture
def solve_rows(tmp_path):
    """rows → workbook → ModelData → Outcome and Tables."""

    def run(rows):
        path = write_clean(tmp_path / "case.xlsx", rows)
        outcome = optimise(read_workbook(path))
        return outcome, build_tables(outcome, {"input_file": str(path)})

    return run
