"""Cells that stay what they are: text is never read as a formula or an error code,
NaN becomes blank, numpy scalars become Python numbers. Used by every workbook the tool
writes (results, diagnosis, templates); openpyxl only.
"""

from __future__ import annotations

import math
import re

from openpyxl.cell import Cell

_FORMULA_START = ("=", "+", "-", "@")
_ERROR_LIKE = re.compile(r"^#[A-Z0-9/]+[!?]?$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_value(value: object) -> object:
    """A cell value that stays what it is: text never becomes a formula; NaN → blank."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar → Python
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def _is_text_to_keep(value: object) -> bool:
    """Text that a spreadsheet would read as a formula or an error code."""
    return isinstance(value, str) and (
        value.startswith(_FORMULA_START) or bool(_ERROR_LIKE.match(value))
    )


def put(ws, row: int, col: int, value: object) -> None:
    value = safe_value(value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if _is_text_to_keep(value):
        cell.data_type = "s"  # keep it text: no formula, no error code


def row_cells(ws, record: tuple) -> list[object]:
    """One table row for `ws.append`: plain values, and a text cell for any value that
    would otherwise become a formula or an error code."""
    out: list[object] = []
    for value in record:
        value = safe_value(value)
        if _is_text_to_keep(value):
            cell = Cell(ws)
            cell.value = value
            cell.data_type = "s"
            value = cell
        out.append(value)
    return out
