"""Read the sheets of an input workbook: find sheets and columns, parse every cell.

Problems go to the `Reader`'s list, each located as file › sheet › row › column.
Cross-sheet rules live in `model.io.checks`; `model.io.reader` puts the two together.
"""

from __future__ import annotations

import difflib
import logging
import stat
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from model import schema
from model.errors import Problem
from model.io import guard
from model.io.cells import (
    CellError,
    is_blank,
    parse_choice,
    parse_name,
    parse_number,
    parse_text,
    parse_yesno,
)
from model.io.rowsource import open_sheets
from model.schema import name_key

log = logging.getLogger(__name__)

MAX_ROWS = 1_000_000  # data rows read per sheet at the most
MAX_BLANK_RUN = 10_000  # a run of blank rows this long ends a sheet
MAX_HEADER_ROW = 100  # the header is the first non-blank row among these
MAX_COLUMNS = 1_000  # header cells looked at; data cells only up to the last known column


@dataclass(frozen=True)
class Row:
    """One data row: its Excel row number and its parsed values by column name."""

    number: int
    values: dict[str, object]
    raw: dict[str, object]

    def __getitem__(self, column: str) -> object:
        return self.values.get(column)


class Reader:
    """Collects problems while reading one workbook."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.file = str(path)
        self.problems: list[Problem] = []
        # Sheets that could not be read at all: names that refer to them are not
        # reported again as unknown (one problem, not a cascade).
        self.unusable: set[str] = set()

    def problem(self, message: str, sheet=None, row=None, column=None) -> None:
        self.problems.append(Problem(self.file, message, sheet, row, column))

    def parse_cell(self, col: schema.Column, raw: object) -> object:
        """Parse one cell by its column's kind and check its range; raises CellError."""
        if (
            col.kind == "number"
            and col.words
            and schema.name_key(raw) in map(schema.name_key, col.words)
        ):
            value = None  # a word the column takes for blank ("perfect" foresight)
        elif col.kind == "number":
            value = parse_number(raw)
            if value is not None:
                _check_range(col, value, raw)
        elif col.kind == "name":
            value = parse_name(raw)
        elif col.kind == "choice":
            value = parse_choice(raw, col.choices)
        elif col.kind == "yesno":
            value = parse_yesno(raw)
        else:
            value = parse_text(raw)
        return value


def _shown(raw: object) -> str:
    if isinstance(raw, float):
        return f"{raw:g}"
    return str(raw).strip()


def _check_range(col: schema.Column, value: float, raw: object) -> None:
    too_low = col.lo is not None and (value < col.lo or (col.lo_open and value == col.lo))
    too_high = col.hi is not None and (value > col.hi or (col.hi_open and value == col.hi))
    if too_low or too_high or (col.integer and not float(value).is_integer()):
        raise CellError(f'must be {col.range_text()}, got "{_shown(raw)}"')


def read_sheets(reader: Reader) -> dict[str, list[Row]] | None:
    """Rows of every schema sheet present (missing optional sheets: empty lists)."""
    try:
        mode = reader.path.stat().st_mode
    except FileNotFoundError:
        reader.problem("file not found")
        return None
    except OSError as exc:  # permission denied on the file or a folder above it, …
        reader.problem(f"cannot be read: {exc.strerror}")
        return None
    if stat.S_ISDIR(mode):
        reader.problem("is a folder, not a workbook")
        return None
    try:
        inspection = guard.inspect(reader.path)
    except guard.RefusedFileError as exc:
        reader.problem(str(exc))
        return None
    except OSError as exc:
        reader.problem(f"cannot be read: {exc.strerror}")
        return None
    try:
        workbook = open_sheets(reader.path, inspection.dense_cells)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        reader.problem(
            f"cannot be opened as an Excel workbook (.xlsx): {exc.__class__.__name__}; "
            "save it from Excel or LibreOffice as 'Excel 2007-365 (.xlsx)'"
        )
        return None
    try:
        by_name = _match_sheets(reader, workbook.titles)
        used = list(by_name.values())
        special = _special_cells(reader.path, used) if inspection.special_cells else {}
        merged = _merged_ranges(reader.path, used) if inspection.merged_cells else {}
        result: dict[str, list[Row]] = {}
        for sheet in schema.SHEETS:
            title = by_name.get(sheet.name)
            if title is None:
                if sheet.required and sheet.name not in reader.unusable:
                    found = ", ".join(workbook.titles) or "none"
                    reader.problem(
                        f"required sheet is missing (sheets found: {found})", sheet=sheet.name
                    )
                    reader.unusable.add(sheet.name)
                result[sheet.name] = []
                continue
            cells = special.get(title, SpecialCells({}, {}))
            result[sheet.name] = _read_sheet(
                reader, sheet, workbook, title, cells, merged.get(title, [])
            )
        return result
    finally:
        workbook.close()


KNOWN_EXTRA = ("sources", "about")  # sheets of the shipped workbooks the model does not read


def _match_sheets(reader: Reader, titles: list[str]) -> dict[str, str]:
    """Schema sheet name → the workbook's title for it, matched ignoring case, spaces,
    underscores and hyphens. Two titles for one sheet are a problem naming both; an
    unknown title close to a known name is a warning with a "did you mean"."""
    known = {name_key(sheet.name): sheet.name for sheet in schema.SHEETS}
    titles_of: dict[str, list[str]] = defaultdict(list)
    for title in titles:
        titles_of[name_key(title)].append(title)
    by_name: dict[str, str] = {}
    for key, found in titles_of.items():
        name = known.get(key)
        if name is None:
            if key not in KNOWN_EXTRA:
                _unknown_sheet(reader, found[0], known)
        elif len(found) > 1:
            both = " and ".join(f'"{title}"' for title in found)
            reader.problem(
                f"the sheets {both} both read as {name} (sheet names are matched ignoring "
                "case, spaces, underscores and hyphens); rename or remove one",
                sheet=name,
            )
            reader.unusable.add(name)
        else:
            by_name[name] = found[0]
    return by_name


def _unknown_sheet(reader: Reader, title: str, known: dict[str, str]) -> None:
    close = difflib.get_close_matches(name_key(title), list(known), n=1, cutoff=0.75)
    if close:
        log.warning(
            '%s › %s: sheet not used by the model, ignored; did you mean "%s"?',
            reader.file,
            title,
            known[close[0]],
        )
    else:
        log.info("%s › %s: sheet not used by the model, ignored", reader.file, title)


@dataclass
class SpecialCells:
    """Formula cells (with their text) and error cells of one sheet, by (row, column)."""

    formulas: dict[tuple[int, int], str]
    errors: dict[tuple[int, int], str]  # the error code, e.g. "#DIV/0!"

    def problem(self, row: int, col: int, raw: object) -> str | None:
        """What is wrong with cell (row, col), whose read value is `raw`, if anything:
        an error code, or a formula without a saved value."""
        if (row, col) in self.errors:
            return (
                f"the cell holds the spreadsheet error {self.errors[(row, col)]}; "
                "correct the formula or type a value"
            )
        if is_blank(raw) and (row, col) in self.formulas:
            return (
                f"the formula {self.formulas[(row, col)][:40]} has no saved value (the "
                "file was written by a program that does not calculate); open it in "
                "Excel or LibreOffice and save it, or type the value"
            )
        return None


def _special_cells(path: Path, titles: list[str]) -> dict[str, SpecialCells]:
    """Formulas (with their text) and error values, by sheet. Two passes: the formulas'
    text, then the values saved with them, so that a formula whose saved value is an
    error (=1/0 saved as #DIV/0!) is reported as that error."""
    out = {title: SpecialCells({}, {}) for title in titles}
    for saved_values in (False, True):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=saved_values)
        try:
            for title in titles:
                found = out[title]
                for r, row in enumerate(workbook[title].iter_rows(), start=1):
                    for c, cell in enumerate(row):
                        kind = getattr(cell, "data_type", None)
                        if kind == "f" and not saved_values:
                            found.formulas[(r, c)] = str(cell.value)
                        elif kind == "e":
                            found.errors[(r, c)] = str(cell.value)
        finally:
            workbook.close()
    return out


def _merged_ranges(path: Path, titles: list[str]) -> dict[str, list]:
    """Merged cell ranges by sheet (openpyxl's full reader: only for workbooks the
    guard saw merging cells)."""
    workbook = openpyxl.load_workbook(path, data_only=True)
    try:
        return {title: list(workbook[title].merged_cells.ranges) for title in titles}
    finally:
        workbook.close()


def _read_sheet(
    reader: Reader, sheet: schema.Sheet, source, title: str, special: SpecialCells, merged=()
) -> list[Row]:
    header, header_row = None, 0
    for number, cells in source.rows(title, last=MAX_HEADER_ROW, width=MAX_COLUMNS):
        if any(not is_blank(c) for c in cells):
            header, header_row = cells, number
            break
    if header is None:
        log.warning("%s › %s: the sheet is empty; read as no rows", reader.file, title)
        return []
    spans = [r for r in merged if r.min_row <= header_row <= r.max_row and r.max_col > r.min_col]
    if spans:
        cells = ", ".join(r.coord for r in spans)
        reader.problem(
            f"the header cells {cells} are merged; unmerge them so that every column has its "
            "own header (the sheet was not read)",
            sheet=title,
            row=header_row,
        )
        reader.unusable.add(sheet.name)
        return []
    index: dict[str, int] = {}
    for pos, cell in enumerate(header):
        if not name_key(cell):
            continue
        try:
            key = sheet.column(cell).name
        except KeyError:
            log.info(
                "%s › %s › column %r: not used by the model, ignored",
                reader.file,
                title,
                str(cell).strip(),
            )
            continue
        if key in index:
            reader.problem(
                "the column appears twice in the header", sheet=title, row=header_row, column=key
            )
            continue
        index[key] = pos
    missing = [c.name for c in sheet.columns if c.required and c.name not in index]
    for name in missing:
        reader.problem(
            "required column is missing from the header", sheet=title, row=header_row, column=name
        )
    if missing:
        reader.unusable.add(sheet.name)
        return []
    width = max(index.values()) + 1  # columns past the last known one are never read
    out: list[Row] = []
    blank_run = 0
    for number, cells in source.rows(title, first=header_row + 1, width=width):
        if all(is_blank(c) for c in cells):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                log.warning(
                    "%s › %s: stopped reading after %d blank rows (row %d)",
                    reader.file,
                    title,
                    MAX_BLANK_RUN,
                    number,
                )
                break
            continue
        blank_run = 0
        if len(out) >= MAX_ROWS:
            reader.problem(
                f"more than {MAX_ROWS:,} rows; split the data or remove stray cells",
                sheet=title,
                row=number,
            )
            break
        raw_values: dict[str, object] = {}
        problems: dict[str, str] = {}
        for col in sheet.columns:
            pos = index.get(col.name)
            raw = cells[pos] if pos is not None and pos < min(width, len(cells)) else None
            raw_values[col.name] = raw
            message = special.problem(number, pos, raw) if pos is not None else None
            if message:
                problems[col.name] = message
        out.append(parse_row(reader, sheet, title, number, raw_values, problems))
    return out


def parse_row(
    reader: Reader,
    sheet: schema.Sheet,
    title: str,
    number: int,
    raw_values: dict[str, object],
    problems: dict[str, str] | None = None,
) -> Row:
    """Parse one row's raw cells (by column name) against the schema; every problem goes
    to the reader, located by `title`, row `number` and column. `problems` are cell
    problems found before parsing (an error cell, a formula without a value)."""
    values: dict[str, object] = {}
    for col in sheet.columns:
        raw = raw_values.get(col.name)
        message = (problems or {}).get(col.name)
        if message:
            reader.problem(message, sheet=title, row=number, column=col.name)
            values[col.name] = _INVALID
            continue
        try:
            value = reader.parse_cell(col, raw)
        except CellError as exc:
            reader.problem(str(exc), sheet=title, row=number, column=col.name)
            values[col.name] = _INVALID
            continue
        if value is None and col.required:
            reader.problem(
                "required, but the cell is blank", sheet=title, row=number, column=col.name
            )
            values[col.name] = _INVALID
            continue
        values[col.name] = value
    return Row(number, values, {name: raw_values.get(name) for name in raw_values})


class _Invalid:
    """Marks a cell that already has a problem, so later rules do not repeat it."""

    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def is_invalid(value: object) -> bool:
    return value is _INVALID
