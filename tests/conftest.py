"""Shared fixtures. Helpers live in the package tests.helpers; the project root is on the
import path (pyproject: pytest pythonpath), so tests import `tests.helpers…` and
`inputs.build_default` like any other module."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers.solving import solve

# Tests read result workbooks with openpyxl, a reader independent of the tool's own
# (python-calamine), and say so, so pandas does not warn about its future default.
pd.set_option("io.excel.xlsx.reader", "openpyxl")


@pytest.fixture
def solve_rows():
    """rows (in memory, no workbook) → ModelData → Solution and Tables."""
    return solve
