"""Pathway result tables → the pathway result workbook: the overview in words, every
table, and the four charts of WORKBOOK.md (reduction against the target line by year,
activity by measure type per year, critical materials primary against secondary per
year, capacity built)."""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font

from model.report.workbook import format_by_unit, write_frame
from model.results.pathway import PathwayTables


def _overview(ws, tables: PathwayTables) -> None:
    rows = [(q, line) for q, answer in tables.overview for line in answer]
    frame = pd.DataFrame(rows, columns=["question", "answer"])
    write_frame(ws, frame)
    ws.auto_filter.ref = None
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 110
    previous = None
    for row, (question, answer) in enumerate(rows, start=2):
        cell = ws.cell(row=row, column=1)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
        if question == previous:
            cell.value = None  # the question once, its answers below it
        previous = question
        ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(answer) / 110))


def _by_year_sheet(workbook, name: str, frame: pd.DataFrame):
    ws = workbook.create_sheet(name)
    write_frame(ws, frame)
    return ws


def _line_chart(ws, title, rows, columns: list[int], anchor, y_title) -> None:
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = "year"
    for column in columns:
        chart.add_data(
            Reference(ws, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, anchor)


def _column_chart(ws, title, rows, first: int, last: int, anchor, y_title, stacked=True) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.y_axis.title = y_title
    chart.add_data(
        Reference(ws, min_col=first, max_col=last, min_row=1, max_row=rows + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, anchor)


def _charts(workbook, tables: PathwayTables) -> None:
    """A `charts` sheet: the year-by-year series the charts draw, and the charts."""
    pathway = tables.pathway
    years = pathway["year"].tolist()
    portfolio = tables.portfolio
    by_type = portfolio.pivot_table(
        index="year", columns="type", values="activity_t", aggfunc="sum"
    ).reindex(years)
    materials = tables.materials[tables.materials["critical"] == "yes"]
    critical = materials.groupby("year")[["primary_t", "secondary_t"]].sum().reindex(years)
    built = tables.builds.pivot_table(
        index="year", columns="capacity", values="built", aggfunc="sum"
    ).reindex(years)
    built = built.loc[:, built.sum() > 0] if len(built.columns) else built
    frame = pd.DataFrame({"year": years})
    frame["reduction_pct"] = pathway["reduction_pct"].values
    frame["reduction_target_pct"] = pathway["reduction_target_pct"].values
    first_type = len(frame.columns) + 1
    for kind in by_type.columns:
        frame[f"{kind}_t"] = by_type[kind].values
    last_type = len(frame.columns)
    first_critical = len(frame.columns) + 1
    frame["critical_primary_t"] = critical["primary_t"].values
    frame["critical_secondary_t"] = critical["secondary_t"].values
    first_built = len(frame.columns) + 1
    for k in built.columns:
        frame[f"built_{k}"] = built[k].values
    last_built = len(frame.columns)
    ws = workbook.create_sheet("charts")
    write_frame(ws, frame)
    rows = len(frame)
    right = openpyxl.utils.get_column_letter(len(frame.columns) + 2)
    _line_chart(
        ws,
        "Cut of weighted primary use by year, against the target (%)",
        rows,
        [2, 3],
        f"{right}2",
        "%",
    )
    _column_chart(
        ws,
        "Activity by measure type per year (t)",
        rows,
        first_type,
        last_type,
        f"{right}19",
        "t/yr",
    )
    _column_chart(
        ws,
        "Critical materials: primary and secondary use per year (t)",
        rows,
        first_critical,
        first_critical + 1,
        f"{right}36",
        "t/yr",
        stacked=False,
    )
    if last_built >= first_built:
        _column_chart(
            ws, "Capacity built per year", rows, first_built, last_built, f"{right}53", "units"
        )


def build_pathway_workbook(tables: PathwayTables) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.active.title = "overview"
    _overview(workbook.active, tables)
    for name, frame in tables.sheets().items():
        _by_year_sheet(workbook, name, frame)
    format_by_unit(workbook["summary"], tables.summary, ("value",))
    _charts(workbook, tables)
    if tables.pareto is not None and len(tables.pareto):
        ws = workbook["pareto"]
        column = list(tables.pareto.columns).index("reduction_pct") + 1
        _line_chart(
            ws,
            "Cut over the horizon against the factor on every year's budget (%)",
            len(tables.pareto),
            [column],
            f"A{len(tables.pareto) + 4}",
            "%",
        )
    return workbook
