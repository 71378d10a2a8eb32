"""Native Excel charts on the result sheets (openpyxl.chart): they open in Excel and
LibreOffice and need no image library."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, ScatterChart, Series


def column_of(ws, name: str) -> int:
    for cell in ws[1]:
        if cell.value == name:
            return cell.column
    raise KeyError(name)


def add_pareto_chart(ws, rows: int, log_axis: bool) -> None:
    """Reduction against the baseline as the budget grows (the trade-off curve)."""
    x_col, y_col = column_of(ws, "budget_eur"), column_of(ws, "reduction_pct")
    chart = ScatterChart()
    chart.title = "What more money buys"
    chart.style = 13
    chart.x_axis.title = "budget (€/yr)"
    chart.y_axis.title = "cut of weighted primary use (%)"
    chart.x_axis.number_format = '#,##0,,"M"'
    if log_axis:
        chart.x_axis.scaling.logBase = 10
    xs = Reference(ws, min_col=x_col, min_row=2, max_row=rows + 1)
    ys = Reference(ws, min_col=y_col, min_row=1, max_row=rows + 1)
    series = Series(ys, xs, title_from_data=True)
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
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Cost per tonne of primary material saved"
    chart.x_axis.title = "measure"
    chart.y_axis.title = "€ per t saved"
    data = Reference(ws, min_col=column_of(ws, "cost_per_t_saved_eur"), min_row=1, max_row=rows + 1)
    labels = Reference(ws, min_col=column_of(ws, "measure"), min_row=2, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, "H2")


def add_stacked_bar_chart(
    ws, title: str, first_col: int, rows: int, series: int, anchor: str
) -> None:
    """Stacked bars: categories in `first_col` below the header row 1, one series in
    each of the next `series` columns."""
    if rows == 0:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    data = Reference(
        ws, min_col=first_col + 1, max_col=first_col + series, min_row=1, max_row=1 + rows
    )
    labels = Reference(ws, min_col=first_col, min_row=2, max_row=1 + rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.y_axis.number_format = "#,##0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, anchor)


def add_comparison_chart(
    ws, title: str, category: str, series: tuple[str, ...], rows: int, anchor: str
) -> None:
    """Horizontal bars, one group of bars per category row (the first `rows` data rows),
    one bar per column in `series` (e.g. baseline beside optimum)."""
    if rows == 0:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    for name in series:
        col = column_of(ws, name)
        chart.add_data(
            Reference(ws, min_col=col, min_row=1, max_row=rows + 1), titles_from_data=True
        )
    labels = Reference(ws, min_col=column_of(ws, category), min_row=2, max_row=rows + 1)
    chart.set_categories(labels)
    chart.y_axis.number_format = "#,##0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = max(8, 0.5 * rows + 3), 18
    ws.add_chart(chart, anchor)
