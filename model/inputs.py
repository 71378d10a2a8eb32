"""Read and validate the input workbook: `read_workbook(path) -> ModelData`.

Every problem found is reported at once, each one line located as
file › sheet › row › column, in an `InputError`.
"""

from __future__ import annotations

from pathlib import Path

from model.data import ModelData
from model.errors import InputError
from model.sheets import Reader, read_sheets
from model.validate import build_model_data


def read_workbook(path: str | Path) -> ModelData:
    """Read, parse and validate the workbook; raise InputError listing every problem."""
    reader = Reader(path)
    sheets = read_sheets(reader)
    data = build_model_data(reader, sheets) if sheets is not None else None
    if reader.problems or data is None:
        raise InputError(reader.problems)
    return data
