"""The uncertainty workbook: the ensemble's tables with a tornado chart of the
sensitivity indices and a histogram of the reduction."""

from __future__ import annotations

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import DataBarRule

from model.report.charts import axes, column_of, tilted
from model.report.formats import PERCENT, SIGNIFICANT
from model.report.workbook import format_by_unit, format_columns, write_frame
from model.results.uncertainty import EnsembleTables


def build_uncertainty_workbook(tables: EnsembleTables) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, frame in tables.sheets().items():
        write_frame(workbook.create_sheet(name), frame)
    format_by_unit(workbook["summary"], tables.summary, ("value",))
    outcomes = tables.outcomes
    columns = list(outcomes.columns)
    drawn = columns[columns.index("sample") + 1 : columns.index("status")]
    format_columns(workbook["outcomes"], outcomes, drawn, SIGNIFICANT)  # inputs of any unit
    robustness = workbook["robustness"]
    n = len(tables.robustness)
    if n:
        share = column_of(robustness, "funded_share")
        column = robustness.cell(row=1, column=share).column_letter
        robustness.conditional_formatting.add(
            f"{column}2:{column}{n + 1}",
            DataBarRule(
                start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"
            ),
        )
    sensitivity = tables.sensitivity
    if len(sensitivity) and sensitivity["delta"].notna().any():
        _bars(
            workbook["sensitivity"],
            "Which uncertain inputs move the cut most (Borgonovo's δ, 0 to 1)",
            ("uncertain input", "δ (0 to 1): how much the input moves the cut", "0.00"),
            "delta",
            len(sensitivity),
            "J2",
            labels="input",
        )
    if len(tables.histogram):
        _bars(
            workbook["histogram"],
            "Cut of weighted primary use over the samples: samples per bin",
            ("cut of weighted primary use, from (%)", "samples (count)", "0"),
            "samples",
            len(tables.histogram),
            "E2",
            horizontal=False,
            category="reduction_from_pct",
        )
    return workbook


def _bars(ws, title, titles, value, rows, anchor, *, labels=None, horizontal=True, category=None):
    """One series of bars: `value` against the categories in `labels` (or `category`);
    `titles`: the categories' axis title, the values' and their number format."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.add_data(
        Reference(ws, min_col=column_of(ws, value), min_row=2, max_row=rows + 1),
        titles_from_data=False,
    )
    name = labels if labels is not None else category
    chart.set_categories(Reference(ws, min_col=column_of(ws, name), min_row=2, max_row=rows + 1))
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # the largest at the top: a tornado
    else:
        chart.x_axis.number_format = PERCENT  # the bins' lower edges: 18.3, not 18.30149…
        tilted(chart.x_axis)
    axes(chart, *titles)
    chart.legend = None
    chart.height, chart.width = max(7, 0.6 * rows + 3), 24 if horizontal else 18
    ws.add_chart(chart, anchor)
