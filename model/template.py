"""Write an input workbook (the template, or the default example) from the schema.

Header notes (meaning, unit, default, range) come from `model.schema`, so the workbook
and the reader can never disagree. Used by `python run.py --template` and by
inputs/build_default.py.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from model import schema
from model.report import safe_value, write_atomic

HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")


def header_note(col: schema.Column) -> str:
    parts = [col.meaning or col.name]
    if col.unit:
        parts.append(f"Unit: {col.unit}")
    if col.kind in ("number", "choice", "yesno"):
        parts.append(f"Allowed: {col.range_text()}")
    parts.append(
        "Required"
        if col.required
        else f"Blank = {col.default if col.default is not None else 'none'}"
    )
    return "\n".join(parts)


def write_input_workbook(
    path: Path, rows: dict[str, list[dict]], extra: dict[str, list[list]] | None = None
) -> None:
    """Every schema sheet with its headers and notes, filled with `rows` (by column name);
    `extra` adds plain sheets (e.g. sources) as lists of rows, the first the header."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in schema.SHEETS:
        ws = workbook.create_sheet(sheet.name)
        for j, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=j, value=col.name)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.comment = Comment(header_note(col), "circular-portfolio", width=320, height=140)
            ws.column_dimensions[cell.column_letter].width = max(14, len(col.name) + 4)
        for i, record in enumerate(rows.get(sheet.name, []), start=2):
            for j, col in enumerate(sheet.columns, start=1):
                ws.cell(row=i, column=j, value=safe_value(record.get(col.name)))
        ws.freeze_panes = "A2"
    for name, table in (extra or {}).items():
        ws = workbook.create_sheet(name)
        for i, record in enumerate(table, start=1):
            for j, value in enumerate(record, start=1):
                ws.cell(row=i, column=j, value=safe_value(value))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    write_atomic(workbook, path)
