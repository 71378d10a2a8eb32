"""Native Excel charts on the result sheets (openpyxl.chart): they open in Excel and
LibreOffice and need no image library. Every chart is drawn from columns of a sheet
already written, found by their header: bars or lines of series against a category
column (`_series`), or points of one column against another (`add_pareto_chart`)."""

from __future__ import annotations

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter

# The trade-off curve's x column → its axis title and number format: a budget in euro
# (one year) or the one factor on every year's budget (a pathway).
PARETO_X = {
    "budget_eur": ("What more money buys", "budget (€/yr)", '#,##0,,"M"'),
    "budget_factor": (
        "Cut over the horizon against the factor on every year's budget (%)",
        "× every year's budget",
        "0.00",
    ),
}


def column_of(ws, name: str) -> int:
    for cell in ws[1]:
        if cell.value == name:
            return cell.column
    raise KeyError(name)


def _bars(title: str, direction: str, *, stacked: bool = False) -> BarChart:
    """Bars: "bar" horizontal, "col" vertical; stacked, or side by side."""
    chart = BarChart()
    chart.type = direction
    chart.title = title
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    return chart


def _series(ws, chart, columns, categories: int, rows: int, anchor: str, size) -> None:
    """`chart` with one series per column in `columns` (1-based, header in row 1, values
    in the next `rows` rows) against the categories in column `categories`, placed at
    `anchor` with (height, width) `size`."""
    for column in columns:
        chart.add_data(
            Reference(ws, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=categories, min_row=2, max_row=rows + 1))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = size
    ws.add_chart(chart, anchor)


def add_pareto_chart(ws, frame: pd.DataFrame) -> None:
    """The trade-off curve: the cut against the baseline as the budget (or the factor on
    every year's budget) grows; a log axis where it spans more than a factor 100."""
    rows = len(frame)
    if rows == 0:
        return
    x_name = frame.columns[0]
    title, x_title, x_format = PARETO_X[x_name]
    chart = ScatterChart()
    chart.title = title
    chart.style = 13
    chart.x_axis.title = x_title
    chart.y_axis.title = "cut of weighted primary use (%)"
    chart.x_axis.number_format = x_format
    xs = frame[x_name]
    if xs.min() > 0 and xs.max() / xs.min() > 100:
        chart.x_axis.scaling.logBase = 10
    x_col, y_col = column_of(ws, x_name), column_of(ws, "reduction_pct")
    series = Series(
        Reference(ws, min_col=y_col, min_row=1, max_row=rows + 1),
        Reference(ws, min_col=x_col, min_row=2, max_row=rows + 1),
        title_from_data=True,
    )
    series.marker.symbol = "circle"
    chart.series.append(series)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.height, chart.width = 9, 18
    ws.add_chart(chart, "B" + str(rows + 4))


def add_cost_curve_chart(ws, rows: int) -> None:
    """Funded measures ranked by euro per tonne saved, like a cost curve."""
    if rows == 0:
        return
    chart = _bars("Cost per tonne of primary material saved", "bar")
    chart.x_axis.title = "measure"
    chart.y_axis.title = "€ per t saved"
    chart.legend = None
    columns = [column_of(ws, "cost_per_t_saved_eur")]
    _series(ws, chart, columns, column_of(ws, "measure"), rows, "H2", (8, 18))


def add_stacked_bar_chart(
    ws, title: str, first_col: int, rows: int, series: int, anchor: str
) -> None:
    """Stacked bars: categories in `first_col` below the header row 1, one series in
    each of the next `series` columns."""
    if rows == 0:
        return
    chart = _bars(title, "bar", stacked=True)
    chart.y_axis.number_format = "#,##0"
    columns = range(first_col + 1, first_col + series + 1)
    _series(ws, chart, columns, first_col, rows, anchor, (8, 16))


def add_comparison_chart(
    ws, title: str, category: str, series: tuple[str, ...], rows: int, anchor: str
) -> None:
    """Horizontal bars, one group of bars per category row (the first `rows` data rows),
    one bar per column in `series` (e.g. baseline beside optimum)."""
    if rows == 0:
        return
    chart = _bars(title, "bar")
    chart.y_axis.number_format = "#,##0"
    columns = [column_of(ws, name) for name in series]
    _series(ws, chart, columns, column_of(ws, category), rows, anchor, (max(8, 0.5 * rows + 3), 18))


def add_year_charts(ws, frame: pd.DataFrame) -> None:
    """The four charts of a pathway beside its series by year (`frame`, written on `ws`
    from A1, years in column A): the cut against the target line, activity by measure
    type, critical materials primary against secondary, and capacity built (if any)."""
    rows, names = len(frame), list(frame.columns)

    def at(*wanted: str) -> list[int]:
        return [names.index(name) + 1 for name in wanted]

    types = [n for n in names if n.endswith("_t") and not n.startswith("critical_")]
    built = [n for n in names if n.startswith("built_")]
    right = get_column_letter(len(names) + 2)
    line = LineChart()
    line.title = "Cut of weighted primary use by year, against the target (%)"
    line.y_axis.title = "%"
    line.x_axis.title = "year"
    _series(ws, line, at("reduction_pct", "reduction_target_pct"), 1, rows, f"{right}2", (8, 18))
    charts = [
        ("Activity by measure type per year (t)", types, True, "t/yr", 19),
        (
            "Critical materials: primary and secondary use per year (t)",
            ["critical_primary_t", "critical_secondary_t"],
            False,
            "t/yr",
            36,
        ),
        ("Capacity built per year", built, True, "units", 53),
    ]
    for title, columns, stacked, unit, row in charts:
        if columns:
            chart = _bars(title, "col", stacked=stacked)
            chart.y_axis.title = unit
            _series(ws, chart, at(*columns), 1, rows, f"{right}{row}", (8, 18))
