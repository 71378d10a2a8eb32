"""Read and validate an input: `read_workbook(path)` from an .xlsx file, `read_rows(rows)`
from rows held in memory (a dict of sheet → list of {column: value}, the shape of
inputs/build_default.py's ROWS). Both give `ModelData`.

Every problem found is reported at once, each one line located as
file › sheet › row › column, in an `InputError`. Rows in memory go through the same
cell parsing and cross-sheet rules as a workbook's; row numbers are counted as if each
list were a sheet under a header row (the first record is row 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from model import schema
from model.data.model_data import ModelData
from model.errors import InputError
from model.io.checks import build_model_data
from model.io.scenarios import read_scenarios
from model.io.sheets import Reader, Row, parse_row, read_sheets
from model.io.uncertainty import Uncertain, read_uncertainty


def read_workbook(path: str | Path) -> ModelData:
    """Read, parse and validate the workbook; raise InputError listing every problem."""
    return read_input(path).data


@dataclass(frozen=True)
class Input:
    """A workbook's base scenario and the scenarios of its `scenarios` sheet."""

    data: ModelData
    scenarios: dict[str, ModelData] = field(default_factory=dict)  # by name, sheet order
    uncertain: list[Uncertain] = field(default_factory=list)  # the uncertainty sheet


def read_input(path: str | Path) -> Input:
    """The base and every scenario, validated; InputError lists every problem of both."""
    reader = Reader(path)
    sheets = read_sheets(reader)
    data = build_model_data(reader, sheets) if sheets is not None else None
    if reader.problems or data is None:
        raise InputError(reader.problems)
    scenarios = read_scenarios(reader, sheets, data) if sheets.get("scenarios") else {}
    uncertain = read_uncertainty(reader, sheets, data) if sheets.get("uncertainty") else []
    if reader.problems:
        raise InputError(reader.problems)
    return Input(data, scenarios, uncertain)


def read_rows(rows: dict[str, list[dict]], source: str = "rows") -> ModelData:
    """Parse and validate rows held in memory, as a workbook's would be; `source` names
    them in messages and is the scenario's name when the settings give none."""
    reader = Reader(source)
    sheets: dict[str, list[Row]] = {}
    for sheet in schema.SHEETS:
        records = rows.get(sheet.name)
        if records is None and sheet.required:
            reader.problem("required sheet is missing", sheet=sheet.name)
        sheets[sheet.name] = [
            parse_row(reader, sheet, sheet.name, number, dict(record))
            for number, record in enumerate(records or [], start=2)
        ]
    data = build_model_data(reader, sheets)
    if reader.problems or data is None:
        raise InputError(reader.problems)
    return data
