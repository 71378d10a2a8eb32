"""Where the cell values of a sheet come from: python-calamine (fast, Rust) when the
guard has bounded the sheets' extent, else openpyxl in read-only mode (slower, streams
with any bound we give it).

calamine builds a dense grid per sheet, so a stray value in a far cell would make it
allocate without limit and abort the process; `model.guard` measures each sheet's real
extent from its cell references first, and only extents up to DENSE_LIMIT cells go to
calamine. Both sources yield (Excel row number, cell values from column A) and give
blank cells as None or "" (which the cell parsers treat alike).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl

try:  # an optional speed-up: without it every workbook is read with openpyxl
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - exercised where calamine is not installed
    CalamineWorkbook = None

DENSE_LIMIT = 20_000_000  # cells (rows × columns) of the largest sheet for calamine

Rows = Iterator[tuple[int, tuple]]


class OpenpyxlSheets:
    """openpyxl read-only: each pass streams the XML, bounded by max_row/max_col."""

    def __init__(self, path: Path):
        self.workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        self.titles = list(self.workbook.sheetnames)

    def rows(
        self, title: str, first: int = 1, last: int | None = None, width: int | None = None
    ) -> Rows:
        ws = self.workbook[title]
        cells = ws.iter_rows(min_row=first, max_row=last, max_col=width, values_only=True)
        return enumerate(cells, start=first)

    def close(self) -> None:
        self.workbook.close()


class CalamineSheets:
    """python-calamine: the whole sheet at once, positioned by its top-left cell."""

    def __init__(self, path: Path):
        self.workbook = CalamineWorkbook.from_path(str(path))
        self.titles = list(self.workbook.sheet_names)
        self._sheets: dict[str, object] = {}

    def rows(
        self, title: str, first: int = 1, last: int | None = None, width: int | None = None
    ) -> Rows:
        sheet = self._sheets.get(title)
        if sheet is None:
            sheet = self._sheets[title] = self.workbook.get_sheet_by_name(title)
        top, left = sheet.start if sheet.height else (0, 0)
        pad = (None,) * left
        for offset, values in enumerate(sheet.iter_rows()):
            number = top + 1 + offset
            if number < first:
                continue
            if last is not None and number > last:
                return
            row = pad + tuple(values)
            yield number, row[:width] if width is not None else row

    def close(self) -> None:
        self._sheets.clear()


def open_sheets(path: Path, dense_cells: int):
    """calamine when it is installed and the guard found the sheets small enough."""
    if CalamineWorkbook is not None and dense_cells <= DENSE_LIMIT:
        return CalamineSheets(path)
    return OpenpyxlSheets(path)
