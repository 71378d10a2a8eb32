"""Write an input workbook (the empty template, or the default example) from the schema.

Header notes (meaning, unit, default, range), drop-downs and numeric checks all come from
`model.schema`, so the workbook and the reader never disagree. Used by
`python run.py --template PATH` and by inputs/build_default.py.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from model import schema
from model.io.files import write_atomic, write_new
from model.io.xlsx import safe_value

HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")
VALIDATED_ROWS = 2000  # drop-downs and checks reach this far down each sheet

ABOUT = [
    "How to fill in this workbook",
    "",
    "1. settings: the scenario name, the objective (min_primary = least weighted primary "
    "raw material use within budget_eur; min_cost = cheapest portfolio that reaches "
    "reduction_target), budget_eur (blank = no limit), reduction_target, sweep_points.",
    "2. groups: one row per product group with the tonnes bought per year (demand_t), the "
    "share of discarded products that can be collected, and the share fit for reuse.",
    "3. materials: one row per material; weight > 1 for critical or high-impact materials; "
    "recycled-content obligations in min_secondary_share; secondary material from outside "
    "the groups (scrap, imports) in outside_secondary_t and its cost to the programme; "
    "kind abiotic or biotic (the national −50 % counts primary abiotic use); a scarce "
    "primary supply in max_primary_t (blank = no limit).",
    "4. composition: the mass fraction of each material in each group (at most 1 a group).",
    "5. measures: one row per measure, its group and type (drop-down), its cost per tonne, "
    "the activity already happening (min_t) and the most possible (max_t), and the "
    "parameter of its type: lifetime_extension, displacement, or quality and yield. A "
    "substitute puts another design on the market (a lighter product, a bio-based "
    "material, another battery chemistry), counted in tonnes of the standard product it "
    "replaces.",
    "6. substitutes (with substitute measures): the materials of each substitute's design, "
    "in tonnes per tonne of the standard product it replaces (below 1 in all: lighter). "
    "recycling_yields (optional): a yield per material that overrides a recycle "
    "measure's yield.",
    "7. capacities and capacity_use (optional): shared limits such as sorting plants, and "
    "how much of each a tonne of activity uses.",
    "8. requirements (optional): obligations on a product group, such as an extended "
    "producer responsibility: a share of its new purchases reused, recycled, or either, "
    "or a share of its recycling that is high-grade (kind drop-down, min_share).",
    "9. paths (optional, pathways): with first_year and last_year in settings the "
    "workbook plans year by year; a row per (parameter, item, year) gives a value that "
    "changes over time (demand_t with its history, budget_eur, min_secondary_share, "
    "min_share, …), interpolated between the years given. groups need lifetime_years.",
    "10. scenarios (optional): variants of this workbook, one row per change (scenario, "
    "parameter as sheet.column, item, year for pathways, value); python run.py runs them "
    "side by side.",
    "11. uncertainty (optional): ranges of uncertain values (parameter, item, low, high, "
    "distribution); python run.py --samples 500 runs an ensemble.",
    "",
    "Every header has a note with its meaning, unit, default and allowed range. Names in "
    "grey-headed reference columns must match a name on their own sheet; the drop-downs "
    "offer them. Numbers may be typed with a decimal comma or as a percentage.",
    "Run: python run.py --input THIS_FILE.xlsx",
]


def header_note(col: schema.Column) -> str:
    parts = [col.meaning or col.name]
    if col.unit:
        parts.append(f"Unit: {col.unit}")
    if col.kind in ("number", "choice", "yesno"):
        parts.append(f"Allowed: {col.range_text()}")
    if col.refers_to:
        parts.append(f"Must be a name from the {col.refers_to} sheet")
    default = col.default if col.default is not None else "none"
    parts.append("Required" if col.required else f"Blank = {default}")
    return "\n".join(parts)


def _validation(col: schema.Column) -> DataValidation | None:
    """A drop-down or numeric check for a column, or None."""
    if col.kind == "choice":
        return DataValidation(
            type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True
        )
    if col.kind == "yesno":
        return DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    if col.refers_to:
        target = schema.SHEETS_BY_NAME[col.refers_to]
        letter = get_column_letter(target.columns.index(target.column(target.key[0])) + 1)
        return DataValidation(
            type="list",
            allow_blank=True,
            formula1=f"{col.refers_to}!${letter}$2:${letter}${VALIDATED_ROWS}",
        )
    if col.kind == "number" and col.lo is not None:
        if col.integer:
            return DataValidation(
                type="whole",
                operator="greaterThanOrEqual",
                formula1=str(int(col.lo)),
                allow_blank=True,
            )
        if col.hi is not None:
            return DataValidation(
                type="decimal",
                operator="between",
                formula1=str(col.lo),
                formula2=str(col.hi),
                allow_blank=True,
            )
        return DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1=str(col.lo), allow_blank=True
        )
    return None


def _add_validation(ws, col: schema.Column, letter: str) -> None:
    rule = _validation(col)
    if rule is None:
        return
    rule.error = f"{col.name} must be {col.range_text()}"
    rule.errorTitle = col.name
    rule.errorStyle = "warning"  # a warning, not a block: the reader has the last word
    rule.prompt = (col.meaning or col.name)[:250]
    rule.showInputMessage = True
    rule.showErrorMessage = True
    rule.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    ws.add_data_validation(rule)


def _setting_validation(ws, rows: list[dict]) -> None:
    """The settings sheet's value cells: a check fitting each setting's own kind."""
    by_name = {c.name: c for c in schema.SETTING_ROWS}
    for i, record in enumerate(rows, start=2):
        col = by_name.get(str(record.get("setting", "")).strip().lower())
        if col is None or col.name == "scenario":
            continue
        rule = _validation(col)
        if rule is None:
            continue
        rule.error = f"{col.name} must be {col.range_text()}"
        rule.errorStyle = "warning"
        rule.showErrorMessage = True
        rule.add(f"B{i}")
        ws.add_data_validation(rule)


def write_input_workbook(
    path: Path,
    rows: dict[str, list[dict]],
    extra: dict[str, list[list]] | None = None,
    *,
    replace: bool = True,
) -> None:
    """Every schema sheet with its headers, notes and checks, filled with `rows` (by
    column name); `extra` adds plain sheets (e.g. sources), first row the header. With
    `replace=False` an existing file at `path` is refused (WriteError), even one that
    appears while the workbook is being built."""
    workbook = openpyxl.Workbook()
    about = workbook.active
    about.title = "about"
    for i, line in enumerate(ABOUT, start=1):
        about.cell(row=i, column=1, value=line).alignment = Alignment(wrap_text=True)
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 120
    for sheet in schema.SHEETS:
        ws = workbook.create_sheet(sheet.name)
        records = rows.get(sheet.name, [])
        for j, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=j, value=col.name)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.comment = Comment(header_note(col), "circular-portfolio", width=320, height=160)
            widest = max([len(col.name)] + [len(str(r.get(col.name) or "")) for r in records])
            ws.column_dimensions[cell.column_letter].width = min(max(12, widest + 3), 60)
            if sheet.name != "settings":
                _add_validation(ws, col, cell.column_letter)
        for i, record in enumerate(records, start=2):
            for j, col in enumerate(sheet.columns, start=1):
                ws.cell(row=i, column=j, value=safe_value(record.get(col.name)))
        if sheet.name == "settings":
            _setting_validation(ws, records)
        ws.freeze_panes = "A2"
    for name, table in (extra or {}).items():
        ws = workbook.create_sheet(name)
        for i, record in enumerate(table, start=1):
            for j, value in enumerate(record, start=1):
                ws.cell(row=i, column=j, value=safe_value(value))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        ws.freeze_panes = "A2"
        for j in range(1, len(table[0]) + 1 if table else 1):
            ws.column_dimensions[get_column_letter(j)].width = 18 if j < 6 else 90
    workbook.active = 1  # open on settings
    if replace:
        write_atomic(workbook, path)
    else:
        write_new(workbook, path)


def template_rows() -> dict[str, list[dict]]:
    """An empty input: only the settings sheet lists its settings, with their meaning."""
    return {
        "settings": [
            {"setting": c.name, "value": None, "note": c.meaning} for c in schema.SETTING_ROWS
        ]
    }
