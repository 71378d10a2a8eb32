"""Native Excel charts on the result sheets (openpyxl.chart): they open in Excel and
LibreOffice and need no image library. Every chart is drawn from columns of a sheet
already written, found by their header: bars or lines of series against a category
column (`_series`), or points of one column against another (`add_pareto_chart`).

Every chart has a title with its unit, a title on each axis, a number format on its
value axis, and a legend in words: a series is named by the words given here, never
by its column's header (issue 18)."""

from __future__ import annotations

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)

from model.report.formats import TONNES

PERCENT_AXIS = "0"  # a cut in percent on an axis: 10, 20, 30
EUROS_AXIS = '"€"#,##0'
MILLIONS_AXIS = '"€"#,##0,," M"'  # €15 M, as the overview writes money
YEAR_CHART = (9, 22)  # a pathway's chart: height and width (cm)
CHART_ROWS = 20  # the rows a pathway's chart takes, with a gap

# The trade-off curve's x column → its chart title, axis title and number format: a
# budget in euro (one year) or the one factor on every year's budget (a pathway).
PARETO_X = {
    "budget_eur": (
        "What more money buys: the cut against the budget",
        "budget (€ a year)",
        MILLIONS_AXIS,
    ),
    "budget_factor": (
        "The cut over the horizon against the factor on every year's budget",
        "factor on every year's budget (×)",
        "0.00",
    ),
}


def column_of(ws, name: str) -> int:
    for cell in ws[1]:
        if cell.value == name:
            return cell.column
    raise KeyError(name)


def words(name: str) -> str:
    """A measure type's name (or a column named after one) in words: design for repair."""
    return name.removesuffix("_t").replace("_", " ")


def _bars(title: str, direction: str, *, stacked: bool = False) -> BarChart:
    """Bars: "bar" horizontal, "col" vertical; stacked, or side by side."""
    chart = BarChart()
    chart.type = direction
    chart.title = title
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    return chart


def axes(chart, categories: str, values: str, value_format: str) -> None:
    """Both axes shown, each with its title in words (the unit in brackets), and the
    value axis's number format."""
    chart.x_axis.title = categories
    chart.y_axis.title = values
    chart.y_axis.number_format = value_format
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def tilted(axis) -> None:
    """The axis's labels at 45°, so that many (20 bins, 26 years) do not run together."""
    axis.txPr = RichText(
        bodyPr=RichTextProperties(rot=-2700000, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties()), endParaRPr=None)],
    )


def _series(ws, chart, columns, labels, categories: int, rows: int, anchor: str, size) -> None:
    """`chart` with one series per column in `columns` (1-based, header in row 1, values
    in the next `rows` rows), named by `labels` (words, not the header), against the
    categories in column `categories`, placed at `anchor` with (height, width) `size`.
    One series has no legend."""
    for column, label in zip(columns, labels, strict=True):
        values = Reference(ws, min_col=column, min_row=2, max_row=rows + 1)
        series = Series(values, title=label)
        if isinstance(chart, LineChart):
            series.smooth = False  # straight from year to year, as the values are
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=categories, min_row=2, max_row=rows + 1))
    if len(chart.series) == 1:
        chart.legend = None
    else:
        chart.legend.position = "b"
    chart.height, chart.width = size
    ws.add_chart(chart, anchor)


def add_pareto_chart(ws, frame: pd.DataFrame) -> None:
    """The trade-off curve: the cut against the baseline as the budget (or the factor on
    every year's budget) grows, straight lines between the budgets solved (the curve is
    piecewise linear); a log axis where it spans more than a factor 100."""
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
    chart.y_axis.number_format = PERCENT_AXIS
    xs = frame[x_name]
    if xs.min() > 0 and xs.max() / xs.min() > 100:
        chart.x_axis.scaling.logBase = 10
    x_col, y_col = column_of(ws, x_name), column_of(ws, "reduction_pct")
    series = Series(
        Reference(ws, min_col=y_col, min_row=2, max_row=rows + 1),
        Reference(ws, min_col=x_col, min_row=2, max_row=rows + 1),
        title="cut of weighted primary use",
    )
    series.marker.symbol = "circle"
    series.smooth = False
    chart.series.append(series)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.height, chart.width = 9, 20
    ws.add_chart(chart, "B" + str(rows + 4))


def add_cost_curve_chart(ws, rows: int) -> None:
    """Funded measures ranked by euro per tonne saved, like a cost curve."""
    if rows == 0:
        return
    chart = _bars("Cost per tonne of primary material saved, funded measures (€/t)", "bar")
    axes(chart, "measure", "€ per t of primary material saved", EUROS_AXIS)
    columns = [column_of(ws, "cost_per_t_saved_eur")]
    labels = ["€ per t saved"]
    _series(ws, chart, columns, labels, column_of(ws, "measure"), rows, "H2", (8, 18))


def add_stacked_bar_chart(
    ws, title: str, first_col: int, rows: int, labels: list[str], axis_titles, anchor: str
) -> None:
    """Stacked bars: categories in `first_col` below the header row 1, one series in
    each of the next len(`labels`) columns, named by `labels`; `axis_titles`: (the
    categories', the values') in words."""
    if rows == 0:
        return
    chart = _bars(title, "bar", stacked=True)
    axes(chart, *axis_titles, TONNES)
    columns = range(first_col + 1, first_col + len(labels) + 1)
    _series(ws, chart, columns, labels, first_col, rows, anchor, (8, 16))


def add_comparison_chart(
    ws,
    title: str,
    category: str,
    series: dict[str, str],
    rows: int,
    anchor: str,
    axis_titles: tuple[str, str],
) -> None:
    """Horizontal bars, one group of bars per category row (the first `rows` data rows),
    one bar per column of `series` (column → its name in the legend, e.g. baseline
    beside optimum); `axis_titles`: (the categories', the values') in words."""
    if rows == 0:
        return
    chart = _bars(title, "bar")
    axes(chart, *axis_titles, TONNES)
    columns = [column_of(ws, name) for name in series]
    size = (max(8, 0.5 * rows + 3), 18)
    _series(ws, chart, columns, list(series.values()), column_of(ws, category), rows, anchor, size)


def add_year_charts(ws, frame: pd.DataFrame) -> None:
    """The four charts of a pathway under its series by year (`frame`, written on `ws`
    from A1, years in column A), one under the other so that each prints as wide as
    the table: the cut (against the target line where a year has a target), activity
    by measure type, critical materials primary against secondary, and capacity built
    (if any)."""
    rows, names = len(frame), list(frame.columns)

    def at(*wanted: str) -> list[int]:
        return [names.index(name) + 1 for name in wanted]

    types = [n for n in names if n.endswith("_t") and not n.startswith("critical_")]
    built = [n for n in names if n.startswith("built_")]
    below = rows + 3  # the first chart's row; each chart takes CHART_ROWS
    line = LineChart()
    cut = {"reduction_pct": "cut reached"}
    if frame["reduction_target_pct"].notna().any():
        line.title = "Cut of weighted primary use by year, against the target (%)"
        cut["reduction_target_pct"] = "target"
    else:
        line.title = "Cut of weighted primary use by year (%)"
    axes(line, "year", "cut against current practice (%)", PERCENT_AXIS)
    _series(ws, line, at(*cut), list(cut.values()), 1, rows, f"A{below}", YEAR_CHART)
    charts = [  # title, columns, their names in the legend, stacked, value axis, place
        (
            "Activity by measure type per year (t/yr)",
            types,
            [words(n) for n in types],
            True,
            "t/yr",
            1,
        ),
        (
            "Critical materials: primary and secondary use per year (t/yr)",
            ["critical_primary_t", "critical_secondary_t"],
            ["primary", "secondary"],
            False,
            "t/yr",
            2,
        ),
        (
            "Capacity built per year (each capacity in its own unit)",
            built,
            [n.removeprefix("built_") for n in built],
            True,
            "built (the capacity's own unit)",
            3,
        ),
    ]
    for title, columns, labels, stacked, unit, place in charts:
        if columns:
            chart = _bars(title, "col", stacked=stacked)
            axes(chart, "year", unit, TONNES)
            anchor = f"A{below + place * CHART_ROWS}"
            _series(ws, chart, at(*columns), labels, 1, rows, anchor, YEAR_CHART)
