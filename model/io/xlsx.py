"""Cells that stay what they are: text is never read as a formula or an error code,
NaN becomes blank, numpy scalars become Python numbers. Used by every workbook the tool
writes (results, diagnosis, templates); openpyxl only.
"""

from __future__ import annotations

import logging
import math
import re

from openpyxl.cell import Cell

log = logging.getLogger(__name__)

# Excel's limits (and LibreOffice's): rows and columns of a sheet, characters of a cell.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_TEXT = 32_767

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


def fitted(ws, value: object, row: int) -> object:
    """`value` as a cell can hold it: text past Excel's 32,767 characters is cut, and
    the cell and the log say so (sheet and row)."""
    if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
        rest = len(value)
        note = f" … [cut here: {rest:,} characters in all, more than a cell holds]"
        value = value[: MAX_CELL_TEXT - len(note)] + note
        log.warning(
            "%s › row %d: a text of %s characters was cut to the %s a spreadsheet cell holds",
            ws.title,
            row,
            f"{rest:,}",
            f"{MAX_CELL_TEXT:,}",
        )
    return value


def put(ws, row: int, col: int, value: object) -> None:
    value = fitted(ws, safe_value(value), row)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if _is_text_to_keep(value):
        cell.data_type = "s"  # keep it text: no formula, no error code


def row_cells(ws, record: tuple) -> list[object]:
    """One table row for `ws.append`: plain values, and a text cell for any value that
    would otherwise become a formula or an error code."""
    out: list[object] = []
    row = getattr(ws, "_current_row", 0) + 1  # the row `ws.append` writes next
    for value in record:
        value = fitted(ws, safe_value(value), row)
        if _is_text_to_keep(value):
            cell = Cell(ws)
            cell.value = value
            cell.data_type = "s"
            value = cell
        out.append(value)
    return out
