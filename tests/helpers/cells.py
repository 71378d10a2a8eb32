"""Every cell of every sheet of a workbook, for comparing two workbooks value by value."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def all_cells(path: Path) -> dict[str, list[tuple]]:
    """Sheet name → its rows of values, in sheet order."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()
