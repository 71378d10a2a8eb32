"""The comparison workbook: scenarios side by side, differences against the base
highlighted, and a chart of the reduction each scenario reaches."""

from __future__ import annotations

import math

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from model.report.charts import PERCENT_AXIS, axes
from model.report.formats import EUROS, SIGNIFICANT, TONNES
from model.report.workbook import format_by_unit, format_columns, write_frame
from model.results.comparison import Comparison

DIFFERENT = PatternFill("solid", fgColor="FFE699")  # differs from the base column
RELATIVE = 1e-6
# What a scenario's column holds on each sheet (the indicators: by each row's unit).
SCENARIO_FORMATS = {"activity": TONNES, "cost": EUROS, "binding": SIGNIFICANT}


def _differs(value: object, base: object) -> bool:
    if isinstance(value, (int, float)) and isinstance(base, (int, float)):
        if math.isnan(value) and math.isnan(base):
            return False
        return abs(value - base) > RELATIVE * max(1.0, abs(base))
    return (value or None) != (base or None)


def _highlight(ws, frame, first: int) -> None:
    """Fill every scenario cell that differs from the base (column `first`, 1-based)."""
    columns = list(frame.columns)
    base = columns[first - 1]
    for i, record in enumerate(frame.itertuples(index=False), start=2):
        values = dict(zip(columns, record, strict=True))
        for j, name in enumerate(columns[first:], start=first + 1):
            if _differs(values[name], values[base]):
                ws.cell(row=i, column=j).fill = DIFFERENT


def build_comparison_workbook(comparison: Comparison) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    firsts = {"indicators": 3, "activity": 4, "cost": 4, "binding": 3}
    for name, frame in comparison.sheets().items():
        ws = workbook.create_sheet(name)
        write_frame(ws, frame)
        if name in SCENARIO_FORMATS:
            format_columns(ws, frame, frame.columns[firsts[name] - 1 :], SCENARIO_FORMATS[name])
        if len(frame.columns) > firsts[name]:
            _highlight(ws, frame, firsts[name])
    indicators = comparison.indicators
    format_by_unit(workbook["indicators"], indicators, tuple(indicators.columns[2:]))
    _reduction_chart(workbook["indicators"], indicators)
    return workbook


def _reduction_chart(ws, frame) -> None:
    """Bars: the cut of weighted primary use each scenario reaches (blank: infeasible)."""
    rows = list(frame["indicator"])
    if "reduction_pct" not in rows or len(frame.columns) < 3:
        return
    row = rows.index("reduction_pct") + 2
    chart = BarChart()
    chart.type = "bar"  # horizontal: scenario names are long
    chart.title = "Cut of weighted primary raw material use by scenario (%)"
    data = Reference(ws, min_col=3, max_col=len(frame.columns), min_row=row, max_row=row)
    chart.add_data(data, from_rows=True, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=3, max_col=len(frame.columns), min_row=1))
    axes(chart, "scenario", "cut against current practice (%)", PERCENT_AXIS)
    chart.x_axis.scaling.orientation = "maxMin"  # the scenarios top down, as in the table
    chart.legend = None
    chart.height, chart.width = max(7, 1.5 * (len(frame.columns) - 2) + 3), 18
    ws.add_chart(chart, f"{get_column_letter(len(frame.columns) + 2)}2")
