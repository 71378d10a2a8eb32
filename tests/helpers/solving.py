"""Solve rows held in memory (the shape of inputs/build_default.py's ROWS) through the
real reader rules, the run and the result tables; no workbook is written."""

from __future__ import annotations

from model.io.reader import read_rows
from model.results.tables import Tables, build_tables
from model.run.driver import explained
from model.run.solution import Solution


def solve(rows: dict[str, list[dict]], **options) -> tuple[Solution, Tables]:
    """rows → ModelData → Solution (with `options` for run.driver.explained) and the
    result tables."""
    data = read_rows(rows, source="case")
    solution = explained(data, **options)
    return solution, build_tables(data, solution, {"input_file": "case"})
